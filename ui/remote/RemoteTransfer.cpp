#include "ui/remote/RemoteTransfer.h"

#include "ui/remote/RemoteMessage.h"

#include <QElapsedTimer>

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
    const auto hold = [&](const AmqpMessage &m, quint64 &counter) {
        ++counter;
        lastHeld = m.deliveryTag;
    };
    for (;;) {
        if (cancel.load(std::memory_order_relaxed)) {
            summary.cancelled = true;
            break;
        }
        if (total > 0 && summary.examined >= total)
            break;
        if (job.limit > 0 && summary.done >= job.limit)
            break;
        if (!job.selection.isEmpty() && wanted.isEmpty())
            break;
        std::optional<AmqpMessage> message = session.get(job.source);
        if (!message) {
            if (!session.error().isEmpty())
                summary.error = session.error();
            break;
        }
        if (total == 0)
            total = message->messageCount + 1;
        ++summary.examined;
        const RemoteMessage shown = messageFromAmqp(*message, summary.examined - 1);
        if (!job.selection.isEmpty()) {
            const auto it = wanted.find(shown.key);
            if (it == wanted.end()) {
                hold(*message, summary.skipped);
                report(false);
                continue;
            }
            if (--it.value() == 0)
                wanted.erase(it);
        } else if (!matchesFilter(shown.content(), job.filter)) {
            hold(*message, summary.skipped);
            report(false);
            continue;
        }
        QString exchange = job.exchange;
        QString routingKey = job.routingKey;
        if (job.kind == TransferJob::Kind::Replay && job.toOrigin) {
            exchange.clear();
            routingKey = shown.originQueue();
            if (routingKey.isEmpty()) {
                hold(*message, summary.noOrigin);
                report(false);
                continue;
            }
        }
        switch (session.publishConfirmed(*message, exchange, routingKey)) {
        case AmqpSession::Confirm::Confirmed:
            if (job.kind == TransferJob::Kind::Copy) {
                ++summary.done;
                lastHeld = message->deliveryTag;
            } else if (session.ack(message->deliveryTag)) {
                ++summary.done;
            } else {
                ++summary.done;
                ++summary.possibleDuplicates;
                summary.error = session.error();
            }
            break;
        case AmqpSession::Confirm::Returned:
            hold(*message, summary.unroutable);
            break;
        case AmqpSession::Confirm::Nacked:
            hold(*message, summary.refused);
            break;
        case AmqpSession::Confirm::Failed:
            // Whether the broker took it is unknown: it stays unacked, so
            // the broker requeues it when the connection goes.
            summary.error = session.error();
            break;
        }
        if (!summary.error.isEmpty())
            break;
        report(false);
    }
    if (lastHeld > 0 && session.isOpen() && !session.requeue(lastHeld, true) && summary.error.isEmpty())
        summary.error = session.error();
    session.close();
    report(true);
    return summary;
}

} // namespace depot::ui::remote
