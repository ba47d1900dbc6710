#include "broker/sqs/SqsQueueAttributes.h"

#include "broker/sqs/SqsParams.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>

namespace depot::sqs {

namespace {

[[noreturn]] void badValue(const QString &name, const QString &reason = {})
{
    fail(ErrorCode::InvalidAttributeValue,
        reason.isEmpty() ? QStringLiteral("Invalid value for the parameter %1.").arg(name)
                         : QStringLiteral("Invalid value for the parameter %1. Reason: %2").arg(name, reason));
}

QString integerIn(const QString &name, const QString &value, qint64 min, qint64 max)
{
    bool ok = false;
    const qint64 n = value.trimmed().toLongLong(&ok);
    if (!ok || n < min || n > max)
        badValue(name, QStringLiteral("Must be an integer from %1 to %2.").arg(min).arg(max));
    return QString::number(n);
}

QString boolean(const QString &name, const QString &value)
{
    const QString v = value.trimmed().toLower();
    if (v != QLatin1String("true") && v != QLatin1String("false"))
        badValue(name, QStringLiteral("Must be true or false."));
    return v;
}

QJsonObject jsonObject(const QString &name, const QString &value)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(value.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        badValue(name, QStringLiteral("Must be a JSON object."));
    return doc.object();
}

QString compact(const QJsonObject &o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

// Every readable name but the ones SQS computes.
const QSet<QString> &settable()
{
    static const QSet<QString> names = [] {
        QSet<QString> all(readableQueueAttributeNames().cbegin(), readableQueueAttributeNames().cend());
        for (const char *readOnly : {"ApproximateNumberOfMessages", "ApproximateNumberOfMessagesDelayed",
                 "ApproximateNumberOfMessagesNotVisible", "CreatedTimestamp", "LastModifiedTimestamp", "QueueArn"})
            all.remove(QLatin1String(readOnly));
        return all;
    }();
    return names;
}

} // namespace

const QStringList &readableQueueAttributeNames()
{
    static const QStringList names{
        QStringLiteral("ApproximateNumberOfMessages"),
        QStringLiteral("ApproximateNumberOfMessagesDelayed"),
        QStringLiteral("ApproximateNumberOfMessagesNotVisible"),
        QStringLiteral("CreatedTimestamp"),
        QStringLiteral("DelaySeconds"),
        QStringLiteral("LastModifiedTimestamp"),
        QStringLiteral("MaximumMessageSize"),
        QStringLiteral("MessageRetentionPeriod"),
        QStringLiteral("Policy"),
        QStringLiteral("QueueArn"),
        QStringLiteral("ReceiveMessageWaitTimeSeconds"),
        QStringLiteral("RedrivePolicy"),
        QStringLiteral("RedriveAllowPolicy"),
        QStringLiteral("VisibilityTimeout"),
        QStringLiteral("KmsMasterKeyId"),
        QStringLiteral("KmsDataKeyReusePeriodSeconds"),
        QStringLiteral("SqsManagedSseEnabled"),
        QStringLiteral("FifoQueue"),
        QStringLiteral("ContentBasedDeduplication"),
        QStringLiteral("DeduplicationScope"),
        QStringLiteral("FifoThroughputLimit"),
    };
    return names;
}

bool isFifoOnlyAttribute(const QString &name)
{
    return name == QLatin1String("FifoQueue") || name == QLatin1String("ContentBasedDeduplication")
        || name == QLatin1String("DeduplicationScope") || name == QLatin1String("FifoThroughputLimit");
}

bool validQueueName(const QString &name)
{
    if (name.size() > 80)
        return false;
    return isSqsName(name.endsWith(QLatin1String(".fifo")) ? QStringView(name).chopped(5) : QStringView(name));
}

QueueAttributes defaultQueueAttributes(bool fifo)
{
    QueueAttributes a{
        {QStringLiteral("DelaySeconds"), QStringLiteral("0")},
        {QStringLiteral("MaximumMessageSize"), QStringLiteral("1048576")},
        {QStringLiteral("MessageRetentionPeriod"), QStringLiteral("345600")},
        {QStringLiteral("ReceiveMessageWaitTimeSeconds"), QStringLiteral("0")},
        {QStringLiteral("VisibilityTimeout"), QStringLiteral("30")},
        {QStringLiteral("SqsManagedSseEnabled"), QStringLiteral("true")},
    };
    if (fifo) {
        a.insert(QStringLiteral("FifoQueue"), QStringLiteral("true"));
        a.insert(QStringLiteral("ContentBasedDeduplication"), QStringLiteral("false"));
        a.insert(QStringLiteral("DeduplicationScope"), QStringLiteral("queue"));
        a.insert(QStringLiteral("FifoThroughputLimit"), QStringLiteral("perQueue"));
    }
    return a;
}

QueueAttributes validateQueueAttributes(
    const QJsonObject &requested, bool fifo, bool creating, const ArnResolver &deadLetterTarget)
{
    QueueAttributes out;
    for (auto it = requested.begin(); it != requested.end(); ++it) {
        const QString &name = it.key();
        if (!settable().contains(name) || (!fifo && isFifoOnlyAttribute(name) && name != QLatin1String("FifoQueue")))
            fail(ErrorCode::InvalidAttributeName, QStringLiteral("Unknown Attribute %1.").arg(name.left(256)));
        if (!it.value().isString())
            badValue(name, QStringLiteral("Attribute values are strings."));
        const QString value = it.value().toString();
        QString normal;
        if (name == QLatin1String("DelaySeconds"))
            normal = integerIn(name, value, 0, 900);
        else if (name == QLatin1String("MaximumMessageSize"))
            normal = integerIn(name, value, 1024, 1048576);
        else if (name == QLatin1String("MessageRetentionPeriod"))
            normal = integerIn(name, value, 60, 1209600);
        else if (name == QLatin1String("ReceiveMessageWaitTimeSeconds"))
            normal = integerIn(name, value, 0, 20);
        else if (name == QLatin1String("VisibilityTimeout"))
            normal = integerIn(name, value, 0, 43200);
        else if (name == QLatin1String("KmsDataKeyReusePeriodSeconds"))
            normal = integerIn(name, value, 60, 86400);
        else if (name == QLatin1String("SqsManagedSseEnabled") || name == QLatin1String("ContentBasedDeduplication"))
            normal = boolean(name, value);
        else if (name == QLatin1String("FifoQueue")) {
            normal = boolean(name, value);
            if (!creating)
                badValue(name, QStringLiteral("FifoQueue can only be set when the queue is created."));
            if ((normal == QLatin1String("true")) != fifo)
                badValue(name,
                    fifo ? QStringLiteral("A queue whose name ends in .fifo is a FIFO queue.")
                         : QStringLiteral("The name of a FIFO queue must end with the .fifo suffix."));
        } else if (name == QLatin1String("DeduplicationScope")) {
            normal = value;
            if (value != QLatin1String("queue") && value != QLatin1String("messageGroup"))
                badValue(name, QStringLiteral("Must be queue or messageGroup."));
        } else if (name == QLatin1String("FifoThroughputLimit")) {
            normal = value;
            if (value != QLatin1String("perQueue") && value != QLatin1String("perMessageGroupId"))
                badValue(name, QStringLiteral("Must be perQueue or perMessageGroupId."));
        } else if (name == QLatin1String("KmsMasterKeyId")) {
            normal = value;
        } else if (name == QLatin1String("Policy")) {
            normal = value.isEmpty() ? QString() : compact(jsonObject(name, value));
        } else if (name == QLatin1String("RedrivePolicy")) {
            if (!value.isEmpty()) {
                const QJsonObject policy = jsonObject(name, value);
                const QString target = policy.value(QStringLiteral("deadLetterTargetArn")).toString();
                const QJsonValue countValue = policy.value(QStringLiteral("maxReceiveCount"));
                bool ok = countValue.isDouble();
                qint64 count = ok ? qint64(countValue.toDouble()) : countValue.toString().toLongLong(&ok);
                if (target.isEmpty())
                    badValue(name, QStringLiteral("Redrive policy does not contain deadLetterTargetArn."));
                if (!ok || count < 1 || count > 1000)
                    badValue(name, QStringLiteral("Value of maxReceiveCount must be an integer from 1 to 1000."));
                if (deadLetterTarget(target).isEmpty())
                    fail(ErrorCode::InvalidParameterValue,
                        QStringLiteral("Value %1 for parameter RedrivePolicy is invalid. Reason: Dead-letter target "
                                       "does not exist or is not a %2 queue.")
                            .arg(compact(policy), fifo ? QStringLiteral("FIFO") : QStringLiteral("standard")));
                normal = compact(QJsonObject{
                    {QStringLiteral("deadLetterTargetArn"), target}, {QStringLiteral("maxReceiveCount"), count}});
            }
        } else if (name == QLatin1String("RedriveAllowPolicy")) {
            if (!value.isEmpty()) {
                const QJsonObject policy = jsonObject(name, value);
                const QString permission = policy.value(QStringLiteral("redrivePermission")).toString();
                if (permission != QLatin1String("allowAll") && permission != QLatin1String("denyAll")
                    && permission != QLatin1String("byQueue"))
                    badValue(name, QStringLiteral("redrivePermission must be allowAll, denyAll or byQueue."));
                const QJsonValue sources = policy.value(QStringLiteral("sourceQueueArns"));
                if (permission == QLatin1String("byQueue")) {
                    if (!sources.isArray() || sources.toArray().isEmpty() || sources.toArray().size() > 10)
                        badValue(name, QStringLiteral("byQueue needs 1 to 10 sourceQueueArns."));
                } else if (!sources.isUndefined()) {
                    badValue(name, QStringLiteral("sourceQueueArns is only allowed with byQueue."));
                }
                normal = compact(policy);
            }
        }
        out.insert(name, normal);
    }
    return out;
}

void checkAttributeCombination(const QueueAttributes &attributes)
{
    // AWS: "The perMessageGroupId value is allowed only when the value for
    // DeduplicationScope is messageGroup" -- the queue's value after the
    // change, given in the same request or not.
    if (attributes.value(QStringLiteral("FifoThroughputLimit")) == QLatin1String("perMessageGroupId")
        && attributes.value(QStringLiteral("DeduplicationScope"), QStringLiteral("queue"))
            != QLatin1String("messageGroup"))
        badValue(QStringLiteral("FifoThroughputLimit"),
            QStringLiteral("The perMessageGroupId value is allowed only when the value for DeduplicationScope is "
                           "messageGroup."));
}

QueueAttributes storedAttributes(const QVariantMap &arguments)
{
    QueueAttributes out;
    for (auto it = arguments.lowerBound(kAttrPrefix); it != arguments.cend() && it.key().startsWith(kAttrPrefix); ++it)
        out.insert(it.key().mid(kAttrPrefix.size()), it.value().toString());
    return out;
}

void writeAttributes(const QueueAttributes &attributes, const QString &deadLetterQueue, QVariantMap *arguments)
{
    for (auto it = arguments->begin(); it != arguments->end();) {
        if (it.key().startsWith(kAttrPrefix))
            it = arguments->erase(it);
        else
            ++it;
    }
    for (auto it = attributes.cbegin(); it != attributes.cend(); ++it) {
        if (!it.value().isEmpty())
            arguments->insert(kAttrPrefix + it.key(), it.value());
    }
    arguments->insert(QStringLiteral("x-message-retention"),
        attributes.value(QStringLiteral("MessageRetentionPeriod"), QStringLiteral("345600")).toLongLong() * 1000);
    arguments->insert(QStringLiteral("x-default-delay"),
        attributes.value(QStringLiteral("DelaySeconds"), QStringLiteral("0")).toLongLong() * 1000);
    if (attributes.contains(QStringLiteral("DeduplicationScope")))
        arguments->insert(
            QStringLiteral("x-deduplication-scope"), attributes.value(QStringLiteral("DeduplicationScope")));
    const QString redrive = attributes.value(QStringLiteral("RedrivePolicy"));
    if (!redrive.isEmpty() && !deadLetterQueue.isEmpty()) {
        const QJsonObject policy = QJsonDocument::fromJson(redrive.toUtf8()).object();
        arguments->insert(QStringLiteral("x-dead-letter-exchange"), QString());
        arguments->insert(QStringLiteral("x-dead-letter-routing-key"), deadLetterQueue);
        arguments->insert(
            QStringLiteral("x-delivery-limit"), qint64(policy.value(QStringLiteral("maxReceiveCount")).toDouble()));
    } else {
        arguments->remove(QStringLiteral("x-dead-letter-exchange"));
        arguments->remove(QStringLiteral("x-dead-letter-routing-key"));
        arguments->remove(QStringLiteral("x-delivery-limit"));
    }
}

} // namespace depot::sqs
