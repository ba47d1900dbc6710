#include "ui/remote/RemoteTransfer.h"

#include "ui/remote/RemoteMessage.h"

#include <QElapsedTimer>

#include <algorithm>
#include <memory>
#include <vector>

namespace depot::ui::remote {

namespace {


// What a pass shares whichever way it moves messages: the counts, the
// choice of messages and targets, progress, and what it holds unacked.
struct Pass
{
    const TransferJob &job;
    const RemoteTransfer::Progress &progress;
    TransferSummary summary;
    QHash<QString, int> wanted;
    quint64 total = 0;
    // The newest delivery tag left unacked for the final requeue, of the
    // session being worked (delivery tags count per channel).
    quint64 *lastHeld = &ownHeld;
    quint64 ownHeld = 0;
    QElapsedTimer sinceProgress;

    Pass(const TransferJob &j, const RemoteTransfer::Progress &p)
        : job(j)
        , progress(p)
        , wanted(j.selection)
    {
        sinceProgress.start();
    }

    void noteMissing(const QString &queue)
    {
        if (!summary.missingQueues.contains(queue))
            summary.missingQueues.append(queue);
    }

    void report(bool force)
    {
        if (progress && (force || sinceProgress.elapsed() >= job.progressEveryMs)) {
            progress(summary.examined, summary.done, total);
            sinceProgress.restart();
        }
    }

    void hold(quint64 tag, quint64 &counter)
    {
        ++counter;
        *lastHeld = std::max(*lastHeld, tag);
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
            *lastHeld = std::max(*lastHeld, m.deliveryTag);
        if (*lastHeld > 0 && session.isOpen()) {
            bool ok = session.requeue(*lastHeld, true);
            // In a transaction a nack takes effect at the commit (RabbitMQ
            // made rejects transactional); were it lost, the channel's end
            // requeues them all the same.
            if (ok && session.transactional())
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
        if (allConfirmed && *pass.lastHeld == 0 && !copy) {
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
                *pass.lastHeld = std::max(*pass.lastHeld, p.tag);
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

// One connection of the transaction path: batches alternate between the
// lanes, so that one lane's batch is read and published while RabbitMQ
// commits the other's.
struct Lane
{
    AmqpSession session;
    quint64 lastHeld = 0;
    bool committing = false;
    // The batch in the commit awaited: the messages whose sources it acks
    // (for a copy: none), with their selection keys, and how many it publishes.
    QList<AmqpMessage> acked;
    QStringList ackedKeys;
    quint64 published = 0;
};

enum class Fill {
    Committing, // a batch was published and its commit sent
    Nothing,    // a batch was read but nothing of it published: read on
    Drained,    // nothing more to read
    Failed,     // summary.error is set; the batch is not committed (RabbitMQ discards it)
};

quint64 inFlight(const std::vector<std::unique_ptr<Lane>> &lanes)
{
    quint64 n = 0;
    for (const auto &lane : lanes)
        n += lane->committing ? lane->published : 0;
    return n;
}

// Reads the lane's next batch, publishes what it takes, acks their sources
// and sends the commit without waiting for it.
Fill fill(Lane &lane, Pass &pass, quint64 others)
{
    TransferSummary &summary = pass.summary;
    AmqpSession &session = lane.session;
    const bool copy = pass.job.kind == TransferJob::Kind::Copy;
    pass.lastHeld = &lane.lastHeld;
    quint64 want = quint64(std::max(1, pass.job.batch));
    if (pass.total > 0)
        want = std::min(want, pass.total - std::min(pass.total, summary.examined));
    if (pass.job.limit > 0)
        want = std::min(want, pass.job.limit - std::min(pass.job.limit, summary.done + others));
    if (want == 0)
        return Fill::Drained;
    bool drained = false;
    const QList<AmqpMessage> fetched = session.getBatch(pass.job.source, int(want), &drained);
    if (!session.error().isEmpty()) {
        summary.error = session.error();
        return Fill::Failed;
    }
    if (fetched.isEmpty())
        return Fill::Drained;
    // Each target queue is checked once a batch, before anything is
    // published to it: a publish RabbitMQ cannot route is returned only at
    // the commit, when the source's ack is already committed.
    QHash<QString, bool> exists;
    lane.acked.clear();
    lane.ackedKeys.clear();
    lane.published = 0;
    for (const AmqpMessage &message : fetched) {
        const auto target = pass.target(message);
        if (!target)
            continue;
        const QString &queue = target->second;
        auto known = exists.find(queue);
        if (known == exists.end()) {
            const std::optional<bool> found = session.queueExists(queue);
            if (!found) {
                summary.error = session.error();
                return Fill::Failed;
            }
            known = exists.insert(queue, *found);
        }
        if (!*known) {
            pass.hold(message.deliveryTag, summary.unroutable);
            pass.noteMissing(queue);
        } else if (session.publish(message, target->first, queue) == 0) {
            summary.error = session.error();
            return Fill::Failed;
        } else {
            ++lane.published;
            if (copy) {
                lane.lastHeld = std::max(lane.lastHeld, message.deliveryTag);
            } else {
                lane.acked.append(message);
                lane.ackedKeys.append(keyOf(message.content.routingKey, message.content.body));
            }
        }
    }
    if (!lane.acked.isEmpty()) {
        // Nothing held so far: every unacked tag is in this batch, one
        // basic.ack multiple covers them.
        const bool ok = lane.lastHeld == 0 ? session.ack(lane.acked.last().deliveryTag, true)
                                           : std::all_of(lane.acked.cbegin(), lane.acked.cend(), [&](const AmqpMessage &m) {
                                                 return session.ack(m.deliveryTag);
                                             });
        if (!ok) {
            summary.error = session.error();
            return Fill::Failed;
        }
    }
    if (lane.published == 0)
        return drained ? Fill::Drained : Fill::Nothing;
    if (!session.sendCommit()) {
        summary.error = session.error();
        return Fill::Failed;
    }
    lane.committing = true;
    return drained ? Fill::Drained : Fill::Committing;
}

enum class Settled { Ok, Failed, Refused };

// Waits for the lane's commit and counts it.
Settled settle(Lane &lane, Pass &pass)
{
    TransferSummary &summary = pass.summary;
    AmqpSession &session = lane.session;
    lane.committing = false;
    QList<AmqpMessage> returned;
    if (!session.waitCommit(&returned)) {
        if (session.commitRefused())
            return Settled::Refused;
        // The commit either happened as a whole or not at all; which,
        // Depot cannot see. Either way nothing is lost or doubled.
        summary.error = session.error();
        return Settled::Failed;
    }
    summary.done += lane.published - std::min<quint64>(lane.published, quint64(returned.size()));
    lane.acked.clear();
    lane.ackedKeys.clear();
    if (returned.isEmpty())
        return Settled::Ok;
    // Its target queue went away during the batch, after its ack was
    // committed: back onto the source it goes, in the next commit.
    for (const AmqpMessage &m : std::as_const(returned)) {
        pass.noteMissing(m.content.routingKey);
        if (session.publish(m, QString(), pass.job.source) == 0)
            break;
    }
    QList<AmqpMessage> again;
    if (session.isOpen() && session.commit(&again) && again.isEmpty()) {
        summary.unroutable += quint64(returned.size());
        return Settled::Ok;
    }
    summary.error = QStringLiteral("%1 message(s) RabbitMQ could not route were not put back on %2: %3")
                        .arg(returned.size())
                        .arg(pass.job.source, session.error());
    return Settled::Failed;
}

// A commit RabbitMQ applied in part (a target refused a publish): the acks
// of the batch took effect, some publishes did not. The batch, still in
// memory, goes back onto the source with confirms; a message of it that did
// reach its target may now be there and on the source.
bool putBack(const AmqpSession::Options &options, Pass &pass, Lane &lane)
{
    TransferSummary &summary = pass.summary;
    if (lane.acked.isEmpty())
        return true;
    AmqpSession rescue;
    if (!rescue.open(options, AmqpSession::Publishing::Confirms)) {
        summary.error = QStringLiteral("%1 message(s) of a transaction RabbitMQ applied in part could not be put back on %2: %3")
                            .arg(lane.acked.size())
                            .arg(pass.job.source, rescue.error());
        return false;
    }
    quint64 last = 0;
    for (const AmqpMessage &m : std::as_const(lane.acked)) {
        last = rescue.publish(m, QString(), pass.job.source);
        if (last == 0)
            break;
    }
    QHash<quint64, AmqpSession::Confirm> outcomes;
    QStringList returned;
    const bool confirmed = last > 0 && rescue.waitConfirms(last, outcomes, returned) && returned.isEmpty()
        && std::all_of(outcomes.cbegin(), outcomes.cend(), [](AmqpSession::Confirm c) { return c == AmqpSession::Confirm::Confirmed; });
    if (!confirmed) {
        summary.error = QStringLiteral("%1 message(s) of a transaction RabbitMQ applied in part could not all be put back on %2: %3")
                            .arg(lane.acked.size())
                            .arg(pass.job.source, rescue.error());
        return false;
    }
    summary.possibleDuplicates += quint64(lane.acked.size());
    // They will be looked at again, as will what the lanes held.
    for (const QString &key : std::as_const(lane.ackedKeys)) {
        if (!pass.job.selection.isEmpty())
            ++pass.wanted[key];
    }
    lane.acked.clear();
    lane.ackedKeys.clear();
    return true;
}

// The transaction path; returns true when the rest of the pass is to be
// moved with confirms (a target refused part of a commit).
bool runTransactions(const AmqpSession::Options &options, std::vector<std::unique_ptr<Lane>> &lanes, Pass &pass,
    const std::atomic<bool> &cancel)
{
    TransferSummary &summary = pass.summary;
    QList<Lane *> refused; // each lane's commit can be refused in part
    std::size_t next = 0;
    bool drained = false;
    while (summary.error.isEmpty()) {
        Lane &lane = *lanes[next];
        if (lane.committing) {
            const Settled s = settle(lane, pass);
            if (s == Settled::Refused)
                refused.append(&lane);
            if (s != Settled::Ok)
                break;
            pass.report(false);
        }
        if (cancel.load(std::memory_order_relaxed)) {
            summary.cancelled = true;
            break;
        }
        if (drained || pass.ended(inFlight(lanes)))
            break;
        const Fill f = fill(lane, pass, inFlight(lanes));
        if (f == Fill::Failed) {
            // Closing the channel discards the batch's uncommitted publishes
            // and acks and requeues what the lane held.
            lane.session.close();
            break;
        }
        drained = f == Fill::Drained;
        if (lane.committing)
            next = (next + 1) % lanes.size();
    }
    // The commits still awaited, oldest first.
    for (std::size_t i = 0; i < lanes.size(); ++i) {
        Lane &lane = *lanes[(next + i) % lanes.size()];
        if (!lane.committing)
            continue;
        if (!lane.session.isOpen()) {
            lane.committing = false;
            continue;
        }
        if (settle(lane, pass) == Settled::Refused)
            refused.append(&lane);
    }
    if (!refused.isEmpty()) {
        const QString why = refused.first()->session.error();
        // Everything not moved goes back to the source before anything else:
        // what the lanes held, and the refused batch.
        for (auto &lane : lanes) {
            pass.lastHeld = &lane->lastHeld;
            pass.finish(lane->session, {});
        }
        for (Lane *lane : std::as_const(refused)) {
            if (pass.job.kind != TransferJob::Kind::Copy && !putBack(options, pass, *lane))
                return false;
        }
        if (!summary.error.isEmpty())
            return false;
        summary.examined = summary.done;
        summary.skipped = summary.noOrigin = summary.unroutable = summary.refused = 0;
        summary.note = QStringLiteral("a target queue refused part of a transaction (%1): the rest was moved with "
                                      "publisher confirms, message by message")
                           .arg(why.section(u':', 1).trimmed());
        return true;
    }
    for (auto &lane : lanes) {
        pass.lastHeld = &lane->lastHeld;
        pass.finish(lane->session, {});
    }
    return false;
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
    if (job.method == TransferJob::Method::Auto && !job.confirmsBecause.isEmpty()) {
        pass.summary.note = QStringLiteral("%1: moved with publisher confirms, message by message").arg(job.confirmsBecause);
    } else if (job.method != TransferJob::Method::Confirms && queueTargets) {
        std::vector<std::unique_ptr<Lane>> lanes;
        lanes.push_back(std::make_unique<Lane>());
        if (lanes.front()->session.open(options, AmqpSession::Publishing::Transactions)) {
            pass.summary.transactions = true;
            for (int i = 1; i < std::clamp(job.lanes, 1, 8); ++i) {
                auto lane = std::make_unique<Lane>();
                if (!lane->session.open(options, AmqpSession::Publishing::Transactions))
                    break; // one lane less: slower, as safe
                lanes.push_back(std::move(lane));
            }
            if (!runTransactions(options, lanes, pass, cancel))
                return pass.summary;
            pass.summary.transactions = false;
        } else {
            // A broker that refuses tx.select is moved with confirms; any
            // other failure to connect is the answer.
            const QString why = lanes.front()->session.error();
            if (!why.contains(u"tx.select") || job.method == TransferJob::Method::Transactions) {
                pass.summary.error = why;
                return pass.summary;
            }
            pass.summary.note = QStringLiteral("%1: moved with publisher confirms, message by message").arg(why);
        }
    }
    AmqpSession session;
    if (!session.open(options, AmqpSession::Publishing::Confirms)) {
        pass.summary.error = session.error();
        return pass.summary;
    }
    pass.lastHeld = &pass.ownHeld;
    runConfirms(session, pass, cancel);
    return pass.summary;
}

} // namespace depot::ui::remote
