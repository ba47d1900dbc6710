#pragma once

// RemoteTransfer: replays, moves or copies the messages of one queue of a
// remote RabbitMQ over AMQP, so that nothing is lost whatever stops it (a
// cancel, a dropped connection, a kill -9 of Depot, a closed laptop lid).
//
// Transactions (the default wherever the target is a queue): the messages
// move in batches inside an AMQP transaction on one channel: basic.get of
// up to `batch` messages without auto-ack, a publish of each to its target
// queue (default exchange, mandatory), a basic.ack of each source, then
// tx.commit. RabbitMQ applies a channel's commit as one step (the publishes,
// then the acks) and discards uncommitted publishes and acks when the channel
// goes, requeueing what was unacked: if Depot dies before the commit, nothing
// of the batch happened; once it is committed, all of it did. So a crash
// neither loses nor duplicates a message, and one commit (one fsync on
// RabbitMQ's side) per batch gives the speed. Gets are not transactional,
// and RabbitMQ sends basic.return for an unroutable publish only at the
// commit (its "Semantics of tx"), after the source's ack was committed with
// it: so each target queue is checked (queue.declare passive on a second
// channel) before a batch publishes to it, a message for a missing queue is
// left on the source, and a message returned all the same (its queue deleted
// during the batch) is published back onto the source queue in the next
// commit (counted as unroutable). Two connections ("lanes") take batches in
// turn: one batch is read and published while RabbitMQ commits the other's,
// each still its own transaction, so the guarantee holds per batch.
//
// A queue that refuses a publish (x-overflow reject-publish when full)
// breaks RabbitMQ's transaction: the commit settles the acks, then fails
// with 406 "partial tx completion", so the sources are gone and only some
// publishes took. The batch, still in memory, is put back on the source with
// confirms (each may then also be on its target: counted as a possible
// duplicate), and the rest of the pass moves with confirms, which see each
// refusal. Only a kill -9 in the moment between that failed commit and the
// put-back's confirms could lose what the full queue refused.
//
// Confirms (a target named by an exchange and routing key, whose routing
// cannot be checked before a commit; or a broker that refuses tx.select):
// basic.get, publish with the mandatory flag and publisher confirms, wait
// for the confirm, and only then basic.ack on the source. If Depot dies
// between the confirm and the ack, the broker requeues the message on the
// source although its copy reached the target: at worst `window` duplicates
// (one by default), never a loss.
//
// Both: messages the job does not take (not selected, not matching the
// filter, unroutable, refused, without a dead-letter origin, or all of them
// for a copy) stay unacked until the pass ends and are then requeued with
// one basic.nack: holding them lets basic.get reach the messages behind
// them, and a crash requeues them too. A pass looks at most at the messages
// the queue held when it began (plus none that arrive meanwhile), so it
// always ends.
//
// Blocking: it runs on a worker thread (RemoteMessageJobs) or in a tool
// process, never on the GUI thread.

#include "ui/remote/AmqpSession.h"

#include <QHash>
#include <QString>
#include <QStringList>

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
    enum class Method {
        Auto,         // transactions when every target is a queue, else confirms
        Transactions, // as Auto, but an exchange target is refused
        Confirms,
    };
    Method method = Method::Auto;
    // Auto only: why to use confirms from the start (a possible target
    // queue refuses publishes when full, so a commit could be applied in
    // part); empty: transactions where they can be used. Said in the
    // summary's note.
    QString confirmsBecause;
    // Messages per transaction. 256 measured best on RabbitMQ 3.10 (see
    // docs/performance.md): fewer pay a commit's fsync more often, more
    // hold more messages unacked per round.
    int batch = DefaultBatch;
    // Confirms: publishes in flight before their confirms are awaited. 1
    // (the default): one message at a time, at most one duplicate after a
    // crash. More: faster, and at most this many duplicates after a crash.
    int window = 1;
    // Transactions: connections that take batches in turn, so that the
    // next batch is read and published while RabbitMQ commits the one
    // before (each batch is still its own transaction on its own channel).
    // 1: one batch at a time. Figures in docs/performance.md.
    int lanes = DefaultLanes;
    // Progress is reported at most this often (the window's 100 ms; 0:
    // after every step, for tests that act at a given point).
    int progressEveryMs = 100;
    static constexpr int DefaultBatch = 256;
    static constexpr int DefaultLanes = 2;
};

struct TransferSummary
{
    quint64 examined = 0;   // messages looked at
    quint64 done = 0;       // confirmed on the target (and acked on the source unless copied)
    quint64 skipped = 0;    // not selected or not matching: left where they were
    quint64 unroutable = 0; // the target did not route them (basic.return): left
    quint64 refused = 0;    // the broker nacked the publish: left
    quint64 noOrigin = 0;   // no x-death names where they came from: left
    // Confirms: confirmed on the target but the ack on the source was not
    // sent or not seen: the source may still hold it (a duplicate).
    quint64 possibleDuplicates = 0;
    bool transactions = false; // moved in transactions (else with confirms)
    // Target queues that did not exist, or went away during the pass: what
    // was bound for them is left (counted unroutable).
    QStringList missingQueues;
    // Why the pass used confirms where it would have used transactions
    // (a broker that refuses tx.select; a target that refused part of a
    // commit), empty otherwise.
    QString note;
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
