#pragma once

// RemoteTransfer: replays, moves or copies the messages of one queue of a
// remote RabbitMQ over AMQP, so that nothing is lost whatever stops it (a
// cancel, a dropped connection, a kill -9 of Depot, a closed laptop lid).
//
// For each message: basic.get without auto-ack, publish to the target with
// the mandatory flag and publisher confirms, wait for the confirm, and only
// then basic.ack on the source. If Depot dies between the confirm and the
// ack, the broker requeues the message on the source although its copy
// reached the target: at worst one duplicate, never a loss. Messages the job
// does not take (not selected, not matching the filter, unroutable, refused,
// without a dead-letter origin, or all of them for a copy) stay unacked until
// the pass ends and are then requeued with one basic.nack: holding them lets
// basic.get reach the messages behind them, and a crash requeues them too.
// A pass looks at most at the messages the queue held when it began (plus
// none that arrive meanwhile), so it always ends. With a window above one,
// that many publishes are in flight before their confirms are awaited; the
// acks still follow the confirms, so the bound on duplicates becomes the
// window.
//
// Blocking: it runs on a worker thread (RemoteMessageJobs) or in a tool
// process, never on the GUI thread.

#include "ui/remote/AmqpSession.h"

#include <QHash>
#include <QString>

#include <atomic>
#include <functional>

namespace depot::ui::remote {

struct TransferJob
{
    enum class Kind { Replay, Move, Copy };
    Kind kind = Kind::Replay;
    QString source;
    // The target: for a replay without one, each message goes back to the
    // queue its x-death names (default exchange, routing key = that queue).
    // Otherwise `exchange` ("" = the default exchange) with `routingKey`.
    bool toOrigin = true;
    QString exchange;
    QString routingKey;
    // Which messages: keys (RemoteMessage::keyOf) with how many of each;
    // empty: every message (that matches `filter`, when set).
    QHash<QString, int> selection;
    QString filter;
    quint64 limit = 0; // at most this many moved (0: no limit)
    // Publishes in flight before their confirms are awaited. 1 (the
    // window's default): one message at a time, at most one duplicate after
    // a crash. More: as many messages per confirm round trip (RabbitMQ
    // confirms a persistent message after its fsync, so this is what makes a
    // replay fast), and at most this many duplicates after a crash.
    int window = 1;
};

struct TransferSummary
{
    quint64 examined = 0;   // messages looked at
    quint64 done = 0;       // confirmed on the target (and acked on the source unless copied)
    quint64 skipped = 0;    // not selected or not matching: left where they were
    quint64 unroutable = 0; // the target did not route them (basic.return): left
    quint64 refused = 0;    // the broker nacked the publish: left
    quint64 noOrigin = 0;   // no x-death names where they came from: left
    // Confirmed on the target but the ack on the source was not sent or not
    // seen: the source may still hold it (a duplicate, at most one).
    quint64 possibleDuplicates = 0;
    bool cancelled = false;
    QString error;          // what stopped the pass, empty when it ran to its end
};

class RemoteTransfer final
{
public:
    // Progress: (examined, done, total at the start of the pass).
    using Progress = std::function<void(quint64 examined, quint64 done, quint64 total)>;

    static TransferSummary run(const AmqpSession::Options &options, const TransferJob &job,
        const std::atomic<bool> &cancel, const Progress &progress = {});
};

} // namespace depot::ui::remote
