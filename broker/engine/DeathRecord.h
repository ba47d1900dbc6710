#pragma once

// Dead-letter history as typed values: why and where a message died, how
// often, and when. The engine updates it when it dead-letters a message; the
// AMQP adapter renders it as RabbitMQ's x-death headers (broker/amqp/codec/
// XDeath.h); the HTTP API, the window and replay read it typed.
//
// The history belongs to the message content, not to its per-queue state: it
// is the same for every copy a dead-lettering routes to several queues, never
// changes once made (a further death makes a new content), travels with the
// body through the store, and keeps the in-memory index entry of the millions
// of messages that never died as small as it was.

#include <QList>
#include <QString>
#include <QStringList>
#include <QVariantMap>
#include <optional>

namespace depot {

// Why a message was dead-lettered: what the engine passes when it
// dead-letters one. deathReasonName gives the name Depot shows (the window,
// its HTTP routes, the message filter), RabbitMQ's; the AMQP adapter maps the
// reason to x-death's names itself (broker/amqp/codec/XDeath).
enum class DeathReason : quint8 {
    Rejected = 0, // rejected or nacked without requeue
    Expired = 1, // its TTL (per message or per queue) passed
    MaxLen = 2, // pushed out by x-max-length / x-max-length-bytes (drop-head, dead-letter)
    DeliveryLimit = 3, // returned more often than x-delivery-limit allows
};

QString deathReasonName(DeathReason reason);
std::optional<DeathReason> deathReasonFromName(const QString &name);

// One (queue, reason) pair of a message's history, as RabbitMQ keeps it: a
// message that dies again in the same queue for the same reason raises the
// count of its record instead of adding one.
struct DeathRecord
{
    QString queue; // the queue it died in
    DeathReason reason = DeathReason::Rejected;
    qint64 count = 1; // deaths in `queue` for `reason`
    qint64 timeMs = 0; // the latest of them, ms since the epoch
    QString exchange; // the exchange it had been published to
    QStringList routingKeys; // its routing keys, CC ones included
    std::optional<QString> originalExpiration; // its per-message TTL, removed when it died

    bool operator==(const DeathRecord &) const = default;
};

// Where and why a message died the first time (x-first-death-*). Kept apart
// from the records because a record moves to the front when its pair recurs.
struct FirstDeath
{
    QString queue;
    DeathReason reason = DeathReason::Rejected;
    QString exchange;

    bool operator==(const FirstDeath &) const = default;
};

struct DeathHistory
{
    QList<DeathRecord> records; // most recent first, one per (queue, reason)
    std::optional<FirstDeath> first; // set by the first death, never changed after
    // The history's wire form exactly as a publisher sent it (e.g. a retry
    // handler republishing a dead letter with its x-death headers), kept only
    // when the typed records would not reproduce it bit for bit, so such a
    // message goes out as it came in until Depot dead-letters it again.
    QVariantMap asPublished;

    bool isEmpty() const { return records.isEmpty() && !first && asPublished.isEmpty(); }
    bool hasDied() const { return !records.isEmpty() || first.has_value(); }
    // The queue a replay sends the message back to: where it first died, else
    // the queue of its oldest record; empty when it never died.
    QString originalQueue() const;

    // One more death, as RabbitMQ records it: the record of (queue, reason)
    // moves to the front with its count raised (a new one starts at 1), its
    // time, exchange and routing keys are this death's; an earlier original
    // expiration is kept when this death brings none. The first death is
    // remembered once. What a publisher sent verbatim is superseded.
    void record(const QString &queue, DeathReason reason, qint64 timeMs, const QString &exchange,
        const QStringList &routingKeys, const std::optional<QString> &originalExpiration);

    bool operator==(const DeathHistory &) const = default;
};

} // namespace depot
