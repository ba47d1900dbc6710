#pragma once

// Value types shared by the engine, the store and the protocol adapters.
// They describe messages and broker objects without any wire format: the AMQP
// codec translates frames into these, the store serialises them to SQLite, the
// UI and HTTP API read them.

#include "broker/engine/DeathRecord.h"

#include <QByteArray>
#include <QDataStream>
#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QVariantMap>
#include <cstdint>
#include <memory>
#include <optional>

namespace depot {

using MessageId = quint64; // unique per queued copy of a message, never reused
using ConnectionId = quint64;
using SessionId = quint64; // an AMQP channel, or any other delivery context

// Message properties, modelled on AMQP's basic properties (the richest model any
// client Depot serves uses). Absent and empty are different: std::optional.
struct MessageProperties
{
    std::optional<QString> contentType;
    std::optional<QString> contentEncoding;
    std::optional<QVariantMap> headers;
    std::optional<quint8> deliveryMode; // 1 transient, 2 persistent
    std::optional<quint8> priority;
    std::optional<QString> correlationId;
    std::optional<QString> replyTo;
    std::optional<QString> expiration; // per-message TTL in ms, as a decimal string
    std::optional<QString> messageId;
    std::optional<qint64> timestamp; // seconds since the epoch
    std::optional<QString> type;
    std::optional<QString> userId;
    std::optional<QString> appId;
    std::optional<QString> clusterId;

    bool persistent() const { return deliveryMode.value_or(1) == 2; }
    bool operator==(const MessageProperties &) const = default;
};

// Where and when a message was first enqueued, kept when it leaves that
// queue (a move, copy, replay or dead-lettering enqueues it anew elsewhere,
// with a new enqueue time there): the window shows it beside the time it
// arrived where it is now.
struct MessageOrigin
{
    QString queue; // the first queue it was enqueued in
    qint64 enqueuedAt = 0; // ms since the epoch

    bool operator==(const MessageOrigin &) const = default;
};

// What a publisher sent: immutable once shared between queues.
struct MessageContent
{
    QString exchange; // the exchange it was published to
    QString routingKey; // the routing key it was published with
    MessageProperties properties;
    QByteArray body;
    // Its dead-letter history (DeathRecord.h says why it lives here and not
    // in the per-queue QueuedMessage). Protocol adapters render it in their
    // own terms (AMQP: x-death headers); properties.headers do not carry it.
    DeathHistory deaths;
    // Which message group it belongs to (SQS MessageGroupId: ordered and
    // blocked per group on sqs-fifo queues, shown elsewhere) and the id its
    // publisher gave it for deduplication (MessageDeduplicationId). Empty for
    // AMQP. Here rather than in QueuedMessage: rare, and the same in every copy.
    QString groupKey;
    QString deduplicationId;
    // What the engine acts on, typed, as the publisher's adapter translated
    // it (AMQP: `expiration` and `priority`, by amqpPublishOptions): the
    // per-message time to live in ms (none: only the queue's applies) and the
    // priority asked for (capped by each queue with x-max-priority, kept here
    // uncapped so a move to another queue or a dead letter takes it along).
    // The properties keep their wire form for consumers; the engine never
    // parses them. Here rather than in QueuedMessage: the same in every copy,
    // needed only where the content is at hand (dead-lettering, transfers),
    // and QueuedMessage has no byte left for a TTL.
    std::optional<qint64> ttlMs;
    quint8 priority = 0;
    // Set when it leaves the first queue it was enqueued in (then that
    // queue's QueuedMessage::enqueuedAt is gone) and never changed after:
    // unset while it is still there. Here rather than in QueuedMessage for
    // the same reasons as the TTL, and rare.
    std::optional<MessageOrigin> origin;
    // Who published it (the history book's actor number, 0 = the broker),
    // set by a publish while message history is on and cleared in the copy a
    // dead letter makes: the published event of its story is read off the
    // queued message and this (docs/ARCHITECTURE.md, "Message history").
    std::optional<quint32> publisher;

    // Where and when it was first enqueued, given the queue it is in now
    // and when it arrived there.
    MessageOrigin originFrom(const QString &queue, qint64 enqueuedAt) const
    {
        return origin.value_or(MessageOrigin{queue, enqueuedAt});
    }

    bool operator==(const MessageContent &) const = default;
};
using ContentPtr = std::shared_ptr<const MessageContent>;

// Per-queue state of one message. The in-memory index holds one of these per
// queued message; `content` may be null when the body lives only in the store.
struct QueuedMessage
{
    MessageId id = 0;
    ContentPtr content; // null when paged out to the store
    qint64 enqueuedAt = 0; // ms since the epoch
    qint64 expiresAt = 0; // ms since the epoch, 0 = never
    qint64 readyAt = 0; // ms since the epoch, 0 = now (delayed delivery)
    quint32 bodySize = 0;
    quint32 deliveryCount = 0; // times handed to a consumer or a get
    // Its first delivery, in ms after enqueuedAt plus one (0 = not yet), kept
    // on queues of the SQS kinds only: 32 bits fill what was padding, and
    // retention (14 days at most) keeps it in range.
    quint32 firstDeliveredAfter = 0;
    quint8 priority = 0;
    bool persistent = false;
    bool redelivered = false;

    qint64 firstDeliveredAt() const { return firstDeliveredAfter ? enqueuedAt + firstDeliveredAfter - 1 : 0; }
};
static_assert(sizeof(QueuedMessage) <= 64, "the engine holds millions of these: keep it in one cache line");

// Durable object definitions, as declared and as stored.
enum class ExchangeType : quint8 { Direct, Fanout, Topic, Headers, DelayedMessage };

struct ExchangeDef
{
    QString name;
    ExchangeType type = ExchangeType::Direct;
    bool durable = true;
    bool autoDelete = false;
    bool internal = false;
    QVariantMap arguments; // e.g. x-delayed-type for DelayedMessage

    bool operator==(const ExchangeDef &) const = default;
};

struct QueueDef
{
    QString name;
    bool durable = true;
    bool exclusive = false;
    bool autoDelete = false;
    QVariantMap arguments; // x-message-ttl, x-dead-letter-exchange, x-max-length ...
    ConnectionId owner = 0; // exclusive queues: the connection that declared it

    bool operator==(const QueueDef &) const = default;
};

enum class DestinationKind : quint8 { Queue, Exchange };

struct BindingDef
{
    QString source; // exchange name
    QString destination; // queue or exchange name
    DestinationKind destinationKind = DestinationKind::Queue;
    QString routingKey;
    QVariantMap arguments; // x-match etc. for headers exchanges

    bool operator==(const BindingDef &) const = default;
};

// A fixed-point number as AMQP field tables carry it: value / 10^scale. Kept as
// its own type (not a double) so a header a client sent comes back bit for bit.
struct Decimal
{
    quint8 scale = 0;
    qint32 value = 0;

    bool operator==(const Decimal &) const = default;
};

// A string header whose bytes are not valid UTF-8. A QString would lose them;
// this keeps them and lets the AMQP codec send them back as the same longstr
// (QByteArray stays reserved for byte-array values).
struct RawString
{
    QByteArray bytes;

    bool operator==(const RawString &) const = default;
};

inline QDataStream &operator<<(QDataStream &out, const Decimal &d)
{
    return out << d.scale << d.value;
}
inline QDataStream &operator>>(QDataStream &in, Decimal &d)
{
    return in >> d.scale >> d.value;
}
inline QDataStream &operator<<(QDataStream &out, const RawString &s)
{
    return out << s.bytes;
}
inline QDataStream &operator>>(QDataStream &in, RawString &s)
{
    return in >> s.bytes;
}

// Registers the value types above by name, so QDataStream can read a QVariant
// holding one (reading looks the type up by name). Idempotent; call it before
// reading stored headers.
void registerValueMetaTypes();

QString exchangeTypeName(ExchangeType type);
std::optional<ExchangeType> exchangeTypeFromName(const QString &name);

} // namespace depot

Q_DECLARE_METATYPE(depot::Decimal)
Q_DECLARE_METATYPE(depot::RawString)
