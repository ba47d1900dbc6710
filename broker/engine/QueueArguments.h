#pragma once

// QueueArguments: a queue's x-arguments (x-message-ttl, x-max-length ...)
// validated once at declare time and kept in typed form, so the hot paths
// never look into a QVariantMap.

#include <QString>
#include <QVariantMap>
#include <optional>
#include <vector>

namespace depot {

struct QueueArguments
{
    enum class Overflow { DropHead, RejectPublish, RejectPublishDlx };
    // x-queue-type. The SQS kinds change what the engine does (see
    // docs/ARCHITECTURE.md, "Queue kinds for SQS"): they dead-letter only by
    // the delivery limit, checked when a message is leased; expired
    // messages are dropped; SqsFifo orders and blocks per message group and
    // deduplicates.
    // Stream is RabbitMQ's stream queue: a log on the log engine, read
    // without being consumed (docs/ARCHITECTURE.md, "Streams over AMQP").
    enum class Kind : quint8 { Classic, Quorum, Sqs, SqsFifo, Stream };

    qint64 messageTtl = -1; // ms, -1 = none
    qint64 expires = -1; // ms, -1 = never
    qint64 maxLength = -1;
    qint64 maxLengthBytes = -1;
    Overflow overflow = Overflow::DropHead;
    std::optional<QString> deadLetterExchange;
    std::optional<QString> deadLetterRoutingKey;
    qint64 deliveryLimit = -1; // -1 = unlimited
    bool singleActiveConsumer = false;
    int maxPriority = 0; // 0 = not a priority queue
    QString queueType = QStringLiteral("classic");
    Kind kind = Kind::Classic;
    qint64 retentionMs = -1; // x-message-retention: dropped this long after it was sent, -1 = kept
    qint64 defaultDelayMs = 0; // x-default-delay: applied when a publish names no delay
    qint64 deduplicationWindowMs = 0; // x-deduplication-window (sqs-fifo only; 300 000 by default there)
    bool deduplicationPerGroup = false; // x-deduplication-scope "messageGroup" (else "queue")
    // x-retry-delays: a message a consumer returns (nack/reject with requeue)
    // after its Nth delivery waits retryDelays[N-1] ms before it is ready
    // again; past the list it is dead-lettered (delivery_limit). Empty: back
    // at once, as AMQP has it.
    std::vector<qint64> retryDelays;

    // SQS checks maxReceiveCount when a message is received: the delivery
    // that would pass the limit moves it to the dead-letter queue instead.
    // Elsewhere the limit is checked when a message comes back.
    bool limitAtLease = false;

    // Streams (x-queue-type stream): x-max-age in ms (-1: kept for ever)
    // and x-stream-max-segment-size-bytes (RabbitMQ's default 500 MB);
    // x-max-length-bytes above is their size limit. Retention removes
    // whole segments, never the one being written.
    qint64 maxAgeMs = -1;
    qint64 maxSegmentSizeBytes = 500'000'000;

    bool isStream() const { return kind == Kind::Stream; }
    bool isSqs() const { return kind == Kind::Sqs || kind == Kind::SqsFifo; }
    bool isFifo() const { return kind == Kind::SqsFifo; }

    // Parses and validates; on failure returns nullopt and sets *error to a
    // readable line naming the argument and the queue.
    static std::optional<QueueArguments> parse(const QVariantMap &arguments, const QString &queueName, QString *error);
    // Why a client's declaration may not have these arguments, or an empty
    // string. Depot accepts an x- argument only when it honours it, or when
    // RabbitMQ knows it and it changes nothing on one Depot node (storage
    // modes, replica placement); any other x- argument is refused, naming
    // it, rather than silently ignored. Arguments without the x- prefix have
    // no meaning and are kept, as in RabbitMQ. Checked when a client
    // declares, not when the store is loaded, so queues an older Depot kept
    // still load.
    static QString refusal(const QVariantMap &arguments, const QString &queueName);
    // The first argument in which two declarations differ (for "inequivalent
    // arg" errors), or an empty string when they are equivalent. Unknown
    // arguments are ignored, as RabbitMQ does.
    static QString firstDifference(const QVariantMap &a, const QVariantMap &b);

    // RabbitMQ's duration strings for x-max-age and x-stream-offset: a
    // positive integer and one unit of Y (365 days), M (30 days), D, h, m, s
    // ("7D", "30m"). In ms, or nullopt when it is not one.
    static std::optional<qint64> parseMaxAge(const QString &text);

    // Integer value of an AMQP numeric field (any integer type), or nullopt.
    static std::optional<qint64> integer(const QVariant &v);
    // AMQP's name for a field value's type (longstr, long, table ...), as
    // RabbitMQ's refusals name it.
    static QString fieldTypeName(const QVariant &v);
};

} // namespace depot
