#include "ui/remote/RemoteTransfer.h"

#include "ui/remote/RemoteMessage.h"

#include <QElapsedTimer>

#include <algorithm>

namespace depot::ui::remote {

namespace {

constexpr qint64 ProgressEveryMs = 100;

// What a pass shares whichever way it moves messages: the counts, the
// choice of messages and targets, progress, and what it holds unacked.
struct Pass
{
    const TransferJob &job;
    const RemoteTransfer::Progress &progress;
    TransferSummary summary;
    QHash<QString, int> wanted;
    quint64 total = 0;
    quint64 lastHeld = 0; // the newest delivery tag left unacked for the final requeue
    QElapsedTimer sinceProgress;

    Pass(const TransferJob &j, const RemoteTransfer::Progress &p)
        : job(j)
        , progress(p)
        , wanted(j.selection)
    {
        sinceProgress.start();
    }

    void report(bool force)
    {
        if (progress && (force || sinceProgress.elapsed() >= ProgressEveryMs)) {
            progress(summary.examined, summary.done, total);
            sinceProgress.restart();
        }
    }

    void hold(quint64 tag, quint64 &counter)
    {
        ++counter;
        lastHeld = std::max(lastHeld, tag);
    }

    // Whether the pass has nothing more to look at before its next get.
    bool ended(quint64 inFlight) const
    {
        return (total > 0 && summary.examined >= total) || (job.limit > 0 && summary.done + inFlight >= job.limit)
            || (!job.selection.isEmpty() && wanted.isEmpty());
    }

    // Looks at one message (counting it): its exchange and routing key, or
    // nullopt when it stays (held, counted as skipped or without an origin).
    std::optional<std::pair<QString, QString>> target(const AmqpMessage &message)
    {
        if (total == 0)
            total = message.messageCount + 1;
        ++summary.examined;
        const RemoteMessage shown = messageFromAmqp(message, summary.examined - 1);
        if (!job.selection.isEmpty()) {
            const auto it = wanted.find(shown.key);
            if (it == wanted.end()) {
                hold(message.deliveryTag, summary.skipped);
                return std::nullopt;
            }
            if (--it.value() == 0)
                wanted.erase(it);
        } else if (!matchesFilter(shown.content(), job.filter)) {
            hold(message.deliveryTag, summary.skipped);
            return std::nullopt;
        }
        if (job.kind == TransferJob::Kind::Replay && job.toOrigin) {
            const QString origin = shown.originQueue();
            if (origin.isEmpty()) {
                hold(message.deliveryTag, summary.noOrigin);
                return std::nullopt;
            }
            return std::pair{QString(), origin};
        }
        return std::pair{job.exchange, job.routingKey};
    }

    // The end of a pass: what it held (and `fetched`, got but not looked at)
    // goes back to the source.
    void finish(AmqpSession &session, const QList<AmqpMessage> &fetched)
    {
        for (const AmqpMessage &m : fetched)
            lastHeld = std::max(lastHeld, m.deliveryTag);
        if (lastHeld > 0 && session.isOpen()) {
            bool ok = session.requeue(lastHeld, true);
            // In a transaction a nack takes effect at the commit (RabbitMQ
            // made rejects transactional); were it lost, the channel's end
            // requeues them all the same.
            if (ok && summary.transactions)
                ok = session.commit(nullptr);
            if (!ok && summary.error.isEmpty())
                summary.error = session.error();
        }
        session.close();
        report(true);
    }
};

void runConfirms(AmqpSession &session, Pass &pass, const std::atomic<bool> &cancel)
{
    TransferSummary &summary = pass.summary;
    // Published, waiting for their confirms; acked (or held) once answered.
    struct Pending
    {
        quint64 tag;
        quint64 seq;
        QString key;
    };
    QList<Pending> pending;
    const int window = std::max(1, pass.job.window);
    const bool copy = pass.job.kind == TransferJob::Kind::Copy;
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
        if (allConfirmed && pass.lastHeld == 0 && !copy) {
            summary.done += quint64(pending.size());
            if (!session.ack(pending.last().tag, true)) {
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
                pass.hold(p.tag, summary.unroutable);
            } else if (outcomes.value(p.seq, AmqpSession::Confirm::Nacked) != AmqpSession::Confirm::Confirmed) {
                pass.hold(p.tag, summary.refused);
            } else if (copy) {
                ++summary.done;
                pass.lastHeld = std::max(pass.lastHeld, p.tag);
            } else {
                ++summary.done;
                if (!session.ack(p.tag)) {
                    // Confirmed on the target, still on the source.
                    ++summary.possibleDuplicates;
                    summary.error = session.error();
                }
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
        if (pass.ended(quint64(pending.size())))
            break;
        if (fetched.isEmpty()) {
            // Confirms must not arrive between gets' answers: settle first.
            if (!settle() || drained)
                break;
            if (window == 1 || pass.total == 0) {
                // One at a time, and always for the first: it tells how
                // many the queue holds.
                if (std::optional<AmqpMessage> one = session.get(pass.job.source))
                    fetched.append(std::move(*one));
                else
                    drained = true;
            } else {
                const quint64 left = pass.total - summary.examined;
                fetched = session.getBatch(pass.job.source, int(std::min<quint64>(quint64(window), left)), &drained);
                std::reverse(fetched.begin(), fetched.end()); // taken from the back
            }
            if (!session.error().isEmpty()) {
                summary.error = session.error();
                break;
            }
            if (fetched.isEmpty())
                break;
        }
        const AmqpMessage message = fetched.takeLast();
        const auto target = pass.target(message);
        if (!target) {
            pass.report(false);
            continue;
        }
        const quint64 seq = session.publish(message, target->first, target->second);
        if (seq == 0) {
            summary.error = session.error();
            break;
        }
        pending.append({message.deliveryTag, seq, keyOf(target->second, message.content.body)});
        if ((pending.size() >= window || fetched.isEmpty()) && !settle())
            break;
        pass.report(false);
    }
    if (summary.error.isEmpty())
        settle();
    pass.finish(session, fetched);
}

void runTransactions(AmqpSession &session, Pass &pass, const std::atomic<bool> &cancel)
{
    TransferSummary &summary = pass.summary;
    const bool copy = pass.job.kind == TransferJob::Kind::Copy;
    const int batch = std::max(1, pass.job.batch);
    bool drained = false;
    QList<AmqpMessage> fetched;
    while (!drained && !pass.ended(0)) {
        if (cancel.load(std::memory_order_relaxed)) {
            summary.cancelled = true;
            break;
        }
        quint64 want = quint64(batch);
        if (pass.total > 0)
            want = std::min(want, pass.total - summary.examined);
        if (pass.job.limit > 0)
            want = std::min(want, pass.job.limit - summary.done);
        fetched = session.getBatch(pass.job.source, int(want), &drained);
        if (!session.error().isEmpty()) {
            summary.error = session.error();
            break;
        }
        if (fetched.isEmpty())
            break;
        // Each target queue is checked once a batch, before anything is
        // published to it: a publish RabbitMQ cannot route is returned only
        // at the commit, when the source's ack is already committed.
        QHash<QString, bool> exists;
        quint64 published = 0;
        QList<quint64> toAck;
        for (const AmqpMessage &message : std::as_const(fetched)) {
            const auto target = pass.target(message);
            if (!target)
                continue;
            const QString &queue = target->second;
            auto known = exists.find(queue);
            if (known == exists.end()) {
                const std::optional<bool> found = session.queueExists(queue);
                if (!found) {
                    summary.error = session.error();
                    break;
                }
                known = exists.insert(queue, *found);
            }
            if (!*known) {
                pass.hold(message.deliveryTag, summary.unroutable);
            } else if (session.publish(message, target->first, queue) == 0) {
                summary.error = session.error();
                break;
            } else {
                ++published;
                if (copy)
                    pass.lastHeld = std::max(pass.lastHeld, message.deliveryTag);
                else
                    toAck.append(message.deliveryTag);
            }
        }
        if (summary.error.isEmpty() && !toAck.isEmpty()) {
            // Nothing held so far: every unacked tag is in this batch, one
            // basic.ack multiple covers them.
            const bool acked = pass.lastHeld == 0 ? session.ack(toAck.last(), true)
                                                  : std::all_of(toAck.cbegin(), toAck.cend(), [&](quint64 tag) {
                                                        return session.ack(tag);
                                                    });
            if (!acked)
                summary.error = session.error();
        }
        if (!summary.error.isEmpty())
            break; // uncommitted: RabbitMQ discards it with the channel
        fetched.clear();
        if (published == 0) {
            pass.report(false);
            continue;
        }
        QList<AmqpMessage> returned;
        if (!session.commit(&returned)) {
            // The commit either happened as a whole or not at all; which,
            // Depot cannot see. Either way nothing is lost or doubled.
            summary.error = session.error();
            break;
        }
        summary.done += published - quint64(returned.size());
        if (!returned.isEmpty()) {
            // Its target queue went away during the batch, after its ack was
            // committed: back onto the source it goes, in the next commit.
            for (const AmqpMessage &m : std::as_const(returned)) {
                if (session.publish(m, QString(), pass.job.source) == 0)
                    break;
            }
            QList<AmqpMessage> again;
            if (session.isOpen() && session.commit(&again) && again.isEmpty()) {
                summary.unroutable += quint64(returned.size());
            } else {
                summary.error = QStringLiteral("%1 message(s) RabbitMQ could not route were not put back on %2: %3")
                                    .arg(returned.size())
                                    .arg(pass.job.source, session.error());
                break;
            }
        }
        pass.report(false);
    }
    pass.finish(session, summary.error.isEmpty() ? QList<AmqpMessage>() : fetched);
}

} // namespace

TransferSummary RemoteTransfer::run(
    const AmqpSession::Options &options, const TransferJob &job, const std::atomic<bool> &cancel, const Progress &progress)
{
    Pass pass(job, progress);
    // An exchange's routing (bindings, a headers exchange's match) cannot be
    // checked before a commit, so such a target is moved with confirms.
    const bool queueTargets = (job.kind == TransferJob::Kind::Replay && job.toOrigin) || job.exchange.isEmpty();
    if (job.method == TransferJob::Method::Transactions && !queueTargets) {
        pass.summary.error = QStringLiteral("a transaction cannot check where exchange %1 routes: "
                                            "move to an exchange with confirms").arg(job.exchange);
        return pass.summary;
    }
    AmqpSession session;
    if (job.method != TransferJob::Method::Confirms && queueTargets) {
        if (session.open(options, AmqpSession::Publishing::Transactions)) {
            pass.summary.transactions = true;
            runTransactions(session, pass, cancel);
            return pass.summary;
        }
        // A broker that refuses tx.select is moved with confirms; any other
        // failure to connect is the answer.
        if (!session.error().contains(u"tx.select") || job.method == TransferJob::Method::Transactions) {
            pass.summary.error = session.error();
            return pass.summary;
        }
    }
    if (!session.open(options, AmqpSession::Publishing::Confirms)) {
        pass.summary.error = session.error();
        return pass.summary;
    }
    runConfirms(session, pass, cancel);
    return pass.summary;
}

} // namespace depot::ui::remote
