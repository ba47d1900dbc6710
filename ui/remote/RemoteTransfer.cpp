#include "ui/remote/RemoteTransfer.h"

#include "ui/remote/RemoteMessage.h"

#include <QElapsedTimer>

#include <algorithm>

namespace depot::ui::remote {

namespace {

constexpr qint64 ProgressEveryMs = 100;

} // namespace

TransferSummary RemoteTransfer::run(
    const AmqpSession::Options &options, const TransferJob &job, const std::atomic<bool> &cancel, const Progress &progress)
{
    TransferSummary summary;
    AmqpSession session;
    if (!session.open(options, true)) {
        summary.error = session.error();
        return summary;
    }
    QHash<QString, int> wanted = job.selection;
    quint64 total = 0;
    quint64 lastHeld = 0; // the newest delivery tag left unacked for the final requeue
    QElapsedTimer sinceProgress;
    sinceProgress.start();
    const auto report = [&](bool force) {
        if (progress && (force || sinceProgress.elapsed() >= ProgressEveryMs)) {
            progress(summary.examined, summary.done, total);
            sinceProgress.restart();
        }
    };
    const auto hold = [&](quint64 tag, quint64 &counter) {
        ++counter;
        lastHeld = std::max(lastHeld, tag);
    };

    // Published, waiting for their confirms; acked (or held) once answered.
    struct Pending
    {
        quint64 tag;
        quint64 seq;
        QString key;
    };
    QList<Pending> pending;
    const int window = std::max(1, job.window);
    QList<AmqpMessage> fetched; // got, not looked at yet (newest first)
    bool drained = false;       // the queue answered get-empty
    const auto settle = [&]() -> bool {
        if (pending.isEmpty())
            return true;
        QHash<quint64, AmqpSession::Confirm> outcomes;
        QStringList returned;
        if (!session.waitConfirms(pending.last().seq, outcomes, returned)) {
            // Whether the broker took them is unknown: they stay unacked,
            // so the broker requeues them when the connection goes.
            summary.error = session.error();
            pending.clear();
            return false;
        }
        // Nothing held below them and every one confirmed: one ack for all.
        const bool allConfirmed = returned.isEmpty() && std::all_of(pending.cbegin(), pending.cend(), [&](const Pending &p) {
            return outcomes.value(p.seq, AmqpSession::Confirm::Nacked) == AmqpSession::Confirm::Confirmed;
        });
        if (allConfirmed && lastHeld == 0 && job.kind != TransferJob::Kind::Copy) {
            if (session.ack(pending.last().tag, true)) {
                summary.done += quint64(pending.size());
            } else {
                summary.done += quint64(pending.size());
                summary.possibleDuplicates += quint64(pending.size());
                summary.error = session.error();
            }
            pending.clear();
            return summary.error.isEmpty();
        }
        for (const Pending &p : std::as_const(pending)) {
            const qsizetype r = returned.indexOf(p.key);
            if (r >= 0) {
                returned.removeAt(r);
                hold(p.tag, summary.unroutable);
            } else if (outcomes.value(p.seq, AmqpSession::Confirm::Nacked) != AmqpSession::Confirm::Confirmed) {
                hold(p.tag, summary.refused);
            } else if (job.kind == TransferJob::Kind::Copy) {
                ++summary.done;
                lastHeld = std::max(lastHeld, p.tag);
            } else if (session.ack(p.tag)) {
                ++summary.done;
            } else {
                // Confirmed on the target, still on the source.
                ++summary.done;
                ++summary.possibleDuplicates;
                summary.error = session.error();
            }
        }
        pending.clear();
        return summary.error.isEmpty();
    };

    for (;;) {
        if (cancel.load(std::memory_order_relaxed)) {
            summary.cancelled = true;
            break;
        }
        if (total > 0 && summary.examined >= total)
            break;
        if (job.limit > 0 && summary.done + quint64(pending.size()) >= job.limit)
            break;
        if (!job.selection.isEmpty() && wanted.isEmpty())
            break;
        if (fetched.isEmpty()) {
            // Confirms must not arrive between gets' answers: settle first.
            if (!settle() || drained)
                break;
            if (window == 1 || total == 0) {
                // One at a time, and always for the first: it tells how
                // many the queue holds.
                if (std::optional<AmqpMessage> one = session.get(job.source))
                    fetched.append(std::move(*one));
                else
                    drained = true;
            } else {
                const quint64 left = total - summary.examined;
                fetched = session.getBatch(job.source, int(std::min<quint64>(quint64(window), left)), &drained);
                std::reverse(fetched.begin(), fetched.end()); // taken from the back
            }
            if (!session.error().isEmpty()) {
                summary.error = session.error();
                break;
            }
            if (fetched.isEmpty())
                break;
        }
        std::optional<AmqpMessage> message = fetched.takeLast();
        if (total == 0)
            total = message->messageCount + 1;
        ++summary.examined;
        const RemoteMessage shown = messageFromAmqp(*message, summary.examined - 1);
        if (!job.selection.isEmpty()) {
            const auto it = wanted.find(shown.key);
            if (it == wanted.end()) {
                hold(message->deliveryTag, summary.skipped);
                report(false);
                continue;
            }
            if (--it.value() == 0)
                wanted.erase(it);
        } else if (!matchesFilter(shown.content(), job.filter)) {
            hold(message->deliveryTag, summary.skipped);
            report(false);
            continue;
        }
        QString exchange = job.exchange;
        QString routingKey = job.routingKey;
        if (job.kind == TransferJob::Kind::Replay && job.toOrigin) {
            exchange.clear();
            routingKey = shown.originQueue();
            if (routingKey.isEmpty()) {
                hold(message->deliveryTag, summary.noOrigin);
                report(false);
                continue;
            }
        }
        const quint64 seq = session.publish(*message, exchange, routingKey);
        if (seq == 0) {
            summary.error = session.error();
            break;
        }
        pending.append({message->deliveryTag, seq, keyOf(routingKey, message->content.body)});
        if ((pending.size() >= window || fetched.isEmpty()) && !settle())
            break;
        report(false);
    }
    if (summary.error.isEmpty())
        settle();
    // Got but not looked at (a cancel, an error): back with the rest.
    for (const AmqpMessage &m : std::as_const(fetched))
        lastHeld = std::max(lastHeld, m.deliveryTag);
    if (lastHeld > 0 && session.isOpen() && !session.requeue(lastHeld, true) && summary.error.isEmpty())
        summary.error = session.error();
    session.close();
    report(true);
    return summary;
}

} // namespace depot::ui::remote
