#include "broker/engine/QueueArguments.h"

namespace depot {

namespace {

const QString kTtl = QStringLiteral("x-message-ttl");
const QString kExpires = QStringLiteral("x-expires");
const QString kMaxLength = QStringLiteral("x-max-length");
const QString kMaxLengthBytes = QStringLiteral("x-max-length-bytes");
const QString kOverflow = QStringLiteral("x-overflow");
const QString kDlx = QStringLiteral("x-dead-letter-exchange");
const QString kDlrk = QStringLiteral("x-dead-letter-routing-key");
const QString kDeliveryLimit = QStringLiteral("x-delivery-limit");
const QString kSac = QStringLiteral("x-single-active-consumer");
const QString kMaxPriority = QStringLiteral("x-max-priority");
const QString kQueueType = QStringLiteral("x-queue-type");
const QString kRetention = QStringLiteral("x-message-retention");
const QString kDefaultDelay = QStringLiteral("x-default-delay");
const QString kDedupWindow = QStringLiteral("x-deduplication-window");
const QString kDedupScope = QStringLiteral("x-deduplication-scope");
const QString kRetryDelays = QStringLiteral("x-retry-delays");
const QString kMaxAge = QStringLiteral("x-max-age");
const QString kSegmentSize = QStringLiteral("x-stream-max-segment-size-bytes");

// SQS's limits (MessageRetentionPeriod 60 s to 14 days, DelaySeconds up to
// 15 minutes), in ms.
constexpr qint64 kMinRetention = 60'000;
constexpr qint64 kMaxRetention = 1'209'600'000;
constexpr qint64 kMaxDefaultDelay = 900'000;
constexpr qint64 kDefaultDedupWindow = 300'000;
// A retry delay of more than a year is a mistake, and keeps now + delay far
// from overflowing.
constexpr qint64 kMaxRetryDelay = 31'536'000'000;

const QStringList kKnown = {kTtl, kExpires, kMaxLength, kMaxLengthBytes, kOverflow, kDlx, kDlrk, kDeliveryLimit, kSac,
    kMaxPriority, kQueueType, kRetention, kDefaultDelay, kDedupWindow, kDedupScope, kRetryDelays, kMaxAge,
    kSegmentSize};

// Arguments RabbitMQ knows that change nothing in Depot, accepted so that
// clients which send them keep working (docs/ARCHITECTURE.md, "Arguments"):
// storage and paging modes (Depot pages every queue the same way), replica
// placement and counts (Depot is one node), limits RabbitMQ 3.12+ ignores.
// Each value is still checked as RabbitMQ 3.10 checks it, on the queue type
// RabbitMQ takes it for.
const QString kQueueMode = QStringLiteral("x-queue-mode");
const QString kQueueVersion = QStringLiteral("x-queue-version");
const QString kMasterLocator = QStringLiteral("x-queue-master-locator");
const QString kLeaderLocator = QStringLiteral("x-queue-leader-locator");
const QString kInitialGroupSize = QStringLiteral("x-quorum-initial-group-size");
const QString kMaxInMemoryLength = QStringLiteral("x-max-in-memory-length");
const QString kMaxInMemoryBytes = QStringLiteral("x-max-in-memory-bytes");
const QString kHaPolicy = QStringLiteral("x-ha-policy");
const QString kDeadLetterStrategy = QStringLiteral("x-dead-letter-strategy");
// Depot's SQS listener keeps a queue's attributes, tags and times in
// arguments with this prefix, on queues of its kinds only.
const QString kSqsPrefix = QStringLiteral("x-sqs-");

// Streams take only these (RabbitMQ's list for its stream queues); of them
// x-initial-cluster-size and x-queue-leader-locator change nothing on one
// node, and x-stream-filter-size-bytes is refused below.
const QString kInitialClusterSize = QStringLiteral("x-initial-cluster-size");
const QStringList kStreamArguments = {kQueueType, kMaxLengthBytes, kMaxAge, kSegmentSize, kInitialClusterSize,
    kLeaderLocator, QStringLiteral("x-stream-filter-size-bytes")};
// RabbitMQ's largest segment (MAX_STREAM_MAX_SEGMENT_SIZE).
constexpr qint64 kMaxSegmentSize = 3'000'000'000;

// RabbitMQ's arguments Depot does not implement: refused with the reason.
struct Unsupported
{
    QString name;
    QString why;
};
const QList<Unsupported> kUnsupported = {
    {QStringLiteral("x-stream-filter-size-bytes"), QStringLiteral("Depot's streams do not filter")},
    {QStringLiteral("x-consumer-timeout"), QStringLiteral("Depot has no consumer timeout")},
};

QString describe(const QVariant &v)
{
    if (!v.isValid())
        return QStringLiteral("none");
    return QStringLiteral("'%1' of type '%2'").arg(v.toString(), QString::fromLatin1(v.typeName()));
}

// x-retry-delays: a non-empty list of non-negative integers (ms); the error
// text, empty when it is one.
QString readRetryDelays(const QVariant &v, std::vector<qint64> *out)
{
    if (v.typeId() != QMetaType::QVariantList)
        return QStringLiteral("expected a list of delays in milliseconds, got %1").arg(describe(v));
    const QVariantList list = v.toList();
    if (list.isEmpty())
        return QStringLiteral("the list of delays is empty");
    out->clear();
    for (qsizetype i = 0; i < list.size(); ++i) {
        const auto ms = QueueArguments::integer(list.at(i));
        if (!ms)
            return QStringLiteral("delay %1 is not an integer (got %2)").arg(i + 1).arg(describe(list.at(i)));
        if (*ms < 0 || *ms > kMaxRetryDelay)
            return QStringLiteral("delay %1 is %2 ms, not between 0 and %3").arg(i + 1).arg(*ms).arg(kMaxRetryDelay);
        out->push_back(*ms);
    }
    return {};
}

} // namespace

std::optional<qint64> QueueArguments::parseMaxAge(const QString &text)
{
    // RabbitMQ's check_max_age: digits, then exactly one unit.
    if (text.size() < 2)
        return std::nullopt;
    const QChar unit = text.back();
    qint64 unitMs = 0;
    switch (unit.unicode()) {
    case 'Y': unitMs = 365LL * 86'400'000; break;
    case 'M': unitMs = 30LL * 86'400'000; break;
    case 'D': unitMs = 86'400'000; break;
    case 'h': unitMs = 3'600'000; break;
    case 'm': unitMs = 60'000; break;
    case 's': unitMs = 1000; break;
    default: return std::nullopt;
    }
    const QStringView digits = QStringView(text).chopped(1);
    for (const QChar c : digits) {
        if (!c.isDigit() || c.unicode() > 127)
            return std::nullopt;
    }
    bool ok = false;
    const qint64 n = digits.toLongLong(&ok);
    // A year of years is far beyond any log; it also keeps n * unit in range.
    if (!ok || n <= 0 || n > 1'000'000)
        return std::nullopt;
    return n * unitMs;
}

std::optional<qint64> QueueArguments::integer(const QVariant &v)
{
    switch (v.typeId()) {
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::LongLong:
    case QMetaType::Short:
    case QMetaType::UShort:
    case QMetaType::Char:
    case QMetaType::SChar:
    case QMetaType::UChar:
    case QMetaType::Long:
    case QMetaType::ULong:
        return v.toLongLong();
    case QMetaType::ULongLong:
        if (v.toULongLong() > quint64(std::numeric_limits<qint64>::max()))
            return std::nullopt;
        return v.toLongLong();
    default:
        return std::nullopt;
    }
}

QString QueueArguments::fieldTypeName(const QVariant &v)
{
    switch (v.typeId()) {
    case QMetaType::QString:
        return QStringLiteral("longstr");
    case QMetaType::QByteArray:
        return QStringLiteral("binary");
    case QMetaType::Bool:
        return QStringLiteral("bool");
    case QMetaType::QVariantMap:
        return QStringLiteral("table");
    case QMetaType::QVariantList:
        return QStringLiteral("array");
    case QMetaType::SChar:
    case QMetaType::Char:
        return QStringLiteral("byte");
    case QMetaType::UChar:
        return QStringLiteral("unsignedbyte");
    case QMetaType::Short:
        return QStringLiteral("short");
    case QMetaType::UShort:
        return QStringLiteral("unsignedshort");
    case QMetaType::Int:
        return QStringLiteral("signedint");
    case QMetaType::UInt:
        return QStringLiteral("unsignedint");
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
        return QStringLiteral("long");
    case QMetaType::Float:
        return QStringLiteral("float");
    case QMetaType::Double:
        return QStringLiteral("double");
    case QMetaType::QDateTime:
        return QStringLiteral("timestamp");
    default:
        return QString::fromLatin1(v.typeName());
    }
}

std::optional<QueueArguments> QueueArguments::parse(
    const QVariantMap &arguments, const QString &queueName, QString *error)
{
    QueueArguments a;
    auto fail = [&](const QString &arg, const QString &why) {
        *error = QStringLiteral("invalid arg '%1' for queue '%2' in vhost '/': %3").arg(arg, queueName, why);
        return std::nullopt;
    };
    // Integer arguments share one rule: an integer type, not below `min`.
    auto readInt = [&](const QString &key, qint64 min, qint64 *out) -> bool {
        const auto it = arguments.constFind(key);
        if (it == arguments.constEnd())
            return true;
        const auto v = integer(*it);
        if (!v) {
            *error = QStringLiteral("invalid arg '%1' for queue '%2' in vhost '/': expected an integer, got %3")
                         .arg(key, queueName, describe(*it));
            return false;
        }
        if (*v < min) {
            *error = QStringLiteral("invalid arg '%1' for queue '%2' in vhost '/': %3 is below the minimum %4")
                         .arg(key, queueName)
                         .arg(*v)
                         .arg(min);
            return false;
        }
        *out = *v;
        return true;
    };
    if (!readInt(kTtl, 0, &a.messageTtl) || !readInt(kExpires, 1, &a.expires) || !readInt(kMaxLength, 0, &a.maxLength)
        || !readInt(kMaxLengthBytes, 0, &a.maxLengthBytes) || !readInt(kDeliveryLimit, 0, &a.deliveryLimit))
        return std::nullopt;
    qint64 maxPriority = 0;
    if (!readInt(kMaxPriority, 0, &maxPriority))
        return std::nullopt;
    if (maxPriority > 255)
        return fail(kMaxPriority, QStringLiteral("%1 is above the maximum 255").arg(maxPriority));
    a.maxPriority = int(maxPriority);

    if (const auto it = arguments.constFind(kOverflow); it != arguments.constEnd()) {
        if (it->typeId() != QMetaType::QString && it->typeId() != QMetaType::QByteArray)
            return fail(kOverflow, QStringLiteral("expected a string, got %1").arg(describe(*it)));
        const QString v = it->toString();
        if (v == QLatin1String("drop-head"))
            a.overflow = Overflow::DropHead;
        else if (v == QLatin1String("reject-publish"))
            a.overflow = Overflow::RejectPublish;
        else if (v == QLatin1String("reject-publish-dlx"))
            a.overflow = Overflow::RejectPublishDlx;
        else
            return fail(
                kOverflow, QStringLiteral("'%1' is not one of drop-head, reject-publish, reject-publish-dlx").arg(v));
    }
    if (const auto it = arguments.constFind(kDlx); it != arguments.constEnd()) {
        if (it->typeId() != QMetaType::QString && it->typeId() != QMetaType::QByteArray)
            return fail(kDlx, QStringLiteral("expected a string, got %1").arg(describe(*it)));
        a.deadLetterExchange = it->toString();
    }
    if (const auto it = arguments.constFind(kDlrk); it != arguments.constEnd()) {
        if (it->typeId() != QMetaType::QString && it->typeId() != QMetaType::QByteArray)
            return fail(kDlrk, QStringLiteral("expected a string, got %1").arg(describe(*it)));
        if (!a.deadLetterExchange)
            return fail(kDlrk, QStringLiteral("it must be specified together with x-dead-letter-exchange"));
        a.deadLetterRoutingKey = it->toString();
    }
    if (const auto it = arguments.constFind(kSac); it != arguments.constEnd()) {
        if (it->typeId() != QMetaType::Bool)
            return fail(kSac, QStringLiteral("expected a boolean, got %1").arg(describe(*it)));
        a.singleActiveConsumer = it->toBool();
    }
    if (const auto it = arguments.constFind(kQueueType); it != arguments.constEnd()) {
        const QString v = it->toString();
        if (v == QLatin1String("classic"))
            a.kind = Kind::Classic;
        else if (v == QLatin1String("quorum"))
            a.kind = Kind::Quorum;
        else if (v == QLatin1String("sqs"))
            a.kind = Kind::Sqs;
        else if (v == QLatin1String("sqs-fifo"))
            a.kind = Kind::SqsFifo;
        else if (v == QLatin1String("stream"))
            a.kind = Kind::Stream;
        else
            return fail(kQueueType,
                QStringLiteral("'%1' is not supported (classic, quorum, stream, sqs or sqs-fifo)").arg(v));
        a.queueType = v;
    }
    const bool hasMaxAge = arguments.contains(kMaxAge);
    const bool hasSegmentSize = arguments.contains(kSegmentSize);
    if ((hasMaxAge || hasSegmentSize) && !a.isStream())
        return fail(hasMaxAge ? kMaxAge : kSegmentSize, QStringLiteral("only stream queues take it"));
    if (hasMaxAge) {
        const QVariant v = arguments.value(kMaxAge);
        const auto ms = v.typeId() == QMetaType::QString || v.typeId() == QMetaType::QByteArray
            ? parseMaxAge(v.toString())
            : std::nullopt;
        if (!ms)
            return fail(kMaxAge,
                QStringLiteral("expected a positive integer and a unit of Y, M, D, h, m or s (\"7D\"), got %1")
                    .arg(describe(v)));
        a.maxAgeMs = *ms;
    }
    if (!readInt(kSegmentSize, 1, &a.maxSegmentSizeBytes))
        return std::nullopt;
    if (a.maxSegmentSizeBytes > kMaxSegmentSize)
        return fail(kSegmentSize, QStringLiteral("Exceeded max value for x-stream-max-segment-size-bytes"));
    // Integer arguments with an upper bound as well.
    auto readRange = [&](const QString &key, qint64 min, qint64 max, qint64 *out) -> bool {
        if (!readInt(key, min, out))
            return false;
        if (*out > max) {
            *error = QStringLiteral("invalid arg '%1' for queue '%2' in vhost '/': %3 is above the maximum %4")
                         .arg(key, queueName)
                         .arg(*out)
                         .arg(max);
            return false;
        }
        return true;
    };
    if (!readRange(kRetention, kMinRetention, kMaxRetention, &a.retentionMs)
        || !readRange(kDefaultDelay, 0, kMaxDefaultDelay, &a.defaultDelayMs))
        return std::nullopt;
    a.limitAtLease = a.isSqs() && a.deliveryLimit >= 0;
    if (const auto it = arguments.constFind(kRetryDelays); it != arguments.constEnd()) {
        if (const QString why = readRetryDelays(*it, &a.retryDelays); !why.isEmpty())
            return fail(kRetryDelays, why);
    }
    const bool hasWindow = arguments.contains(kDedupWindow);
    const bool hasScope = arguments.contains(kDedupScope);
    if ((hasWindow || hasScope) && !a.isFifo())
        return fail(hasWindow ? kDedupWindow : kDedupScope, QStringLiteral("only sqs-fifo queues deduplicate"));
    if (a.isFifo()) {
        a.deduplicationWindowMs = kDefaultDedupWindow;
        if (!readRange(kDedupWindow, 0, kMaxRetention, &a.deduplicationWindowMs))
            return std::nullopt;
        if (hasScope) {
            const QVariant v = arguments.value(kDedupScope);
            if (v.typeId() != QMetaType::QString && v.typeId() != QMetaType::QByteArray)
                return fail(kDedupScope, QStringLiteral("expected a string, got %1").arg(describe(v)));
            const QString scope = v.toString();
            if (scope == QLatin1String("messageGroup"))
                a.deduplicationPerGroup = true;
            else if (scope != QLatin1String("queue"))
                return fail(kDedupScope, QStringLiteral("'%1' is not one of queue, messageGroup").arg(scope));
        }
    }
    return a;
}

QString QueueArguments::refusal(const QVariantMap &arguments, const QString &queueName)
{
    auto invalid = [&](const QString &arg, const QString &why) {
        return QStringLiteral("invalid arg '%1' for queue '%2' in vhost '/': %3").arg(arg, queueName, why);
    };
    auto isString
        = [](const QVariant &v) { return v.typeId() == QMetaType::QString || v.typeId() == QMetaType::QByteArray; };
    const QString type = arguments.value(kQueueType).toString();
    const bool sqsKind = type == QLatin1String("sqs") || type == QLatin1String("sqs-fifo");
    const bool quorum = type == QLatin1String("quorum");
    const bool classic = !arguments.contains(kQueueType) || type == QLatin1String("classic");
    const bool stream = type == QLatin1String("stream");
    for (auto it = arguments.cbegin(); it != arguments.cend(); ++it) {
        const QString &key = it.key();
        // A stream takes RabbitMQ's stream arguments and nothing else.
        if (stream && key.startsWith(QLatin1String("x-")) && !kStreamArguments.contains(key))
            return invalid(key, QStringLiteral("stream queues do not take it"));
        if (stream && key == kInitialClusterSize) {
            const auto n = integer(it.value());
            if (!n || *n < 1)
                return invalid(key, QStringLiteral("expected a positive integer, got %1").arg(describe(it.value())));
            continue;
        }
        // Without the x- prefix an argument has no meaning to RabbitMQ
        // either: it is kept and shown, as there.
        if (!key.startsWith(QLatin1String("x-")) || kKnown.contains(key))
            continue;
        if (sqsKind && key.startsWith(kSqsPrefix))
            continue;
        const QVariant &v = it.value();
        // RabbitMQ takes these from one queue type only, refusing them on
        // the other, and so does Depot.
        const bool classicOnly = key == kQueueMode || key == kQueueVersion || key == kMasterLocator;
        const bool quorumOnly = (key == kLeaderLocator && !stream) || key == kInitialGroupSize || key == kMaxInMemoryLength
            || key == kMaxInMemoryBytes || key == kDeadLetterStrategy;
        if (key == kInitialClusterSize)
            return invalid(key, QStringLiteral("only stream queues take it"));
        if ((classicOnly && !classic) || (quorumOnly && !quorum))
            return invalid(key,
                QStringLiteral("only %1 queues take it")
                    .arg(classicOnly ? QStringLiteral("classic") : QStringLiteral("quorum")));
        if (key == kQueueMode) {
            if (!isString(v) || (v.toString() != QLatin1String("default") && v.toString() != QLatin1String("lazy")))
                return invalid(key, QStringLiteral("expected 'default' or 'lazy', got %1").arg(describe(v)));
            continue;
        }
        if (key == kQueueVersion) {
            const auto n = integer(v);
            if (!n || (*n != 1 && *n != 2))
                return invalid(key, QStringLiteral("expected 1 or 2, got %1").arg(describe(v)));
            continue;
        }
        if (key == kLeaderLocator) {
            static const QStringList locators{QStringLiteral("client-local"), QStringLiteral("balanced"),
                QStringLiteral("random"), QStringLiteral("least-leaders")};
            if (!isString(v) || !locators.contains(v.toString()))
                return invalid(key, QStringLiteral("expected client-local or balanced, got %1").arg(describe(v)));
            continue;
        }
        if (key == kMasterLocator || key == kHaPolicy) {
            if (!isString(v))
                return invalid(key, QStringLiteral("expected a string, got %1").arg(describe(v)));
            continue;
        }
        if (key == kInitialGroupSize || key == kMaxInMemoryLength || key == kMaxInMemoryBytes) {
            const auto n = integer(v);
            if (!n || *n < 0)
                return invalid(key, QStringLiteral("expected a non-negative integer, got %1").arg(describe(v)));
            continue;
        }
        if (key == kDeadLetterStrategy) {
            // Depot's dead-lettering is RabbitMQ's at-most-once: a dead letter
            // with nowhere to go is dropped, not kept in the source.
            if (isString(v) && v.toString() == QLatin1String("at-most-once"))
                continue;
            return invalid(key, QStringLiteral("only 'at-most-once' is supported, got %1").arg(describe(v)));
        }
        for (const Unsupported &u : kUnsupported) {
            if (u.name == key)
                return invalid(key, QStringLiteral("not supported by Depot: %1").arg(u.why));
        }
        return invalid(key, QStringLiteral("unknown argument; Depot does not support it"));
    }
    return QString();
}

QString QueueArguments::firstDifference(const QVariantMap &a, const QVariantMap &b)
{
    for (const QString &key : kKnown) {
        const QVariant va = a.value(key);
        const QVariant vb = b.value(key);
        if (va.isValid() != vb.isValid())
            return key;
        if (!va.isValid())
            continue;
        // Clients send the same number as different integer widths.
        const auto ia = integer(va);
        const auto ib = integer(vb);
        if (ia && ib) {
            if (*ia != *ib)
                return key;
        } else if (key == kRetryDelays) {
            std::vector<qint64> la;
            std::vector<qint64> lb;
            if (!readRetryDelays(va, &la).isEmpty() || !readRetryDelays(vb, &lb).isEmpty() || la != lb)
                return key;
        } else if (va.toString() != vb.toString() || va.typeId() == QMetaType::Bool) {
            if (va != vb)
                return key;
        }
    }
    return QString();
}

} // namespace depot
