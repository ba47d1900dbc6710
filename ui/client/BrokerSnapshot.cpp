#include "ui/client/BrokerSnapshot.h"

#include <QHash>
#include <QRegularExpression>
#include <QSet>

namespace depot::ui {

const QueueRow *BrokerSnapshot::queue(const QString &name) const
{
    for (const QueueRow &q : queues) {
        if (q.name == name)
            return &q;
    }
    return nullptr;
}

const kafka::TopicView *BrokerSnapshot::topic(const QString &name) const
{
    for (const kafka::TopicView &t : topics) {
        if (t.name == name)
            return &t;
    }
    return nullptr;
}

const kafka::GroupView *BrokerSnapshot::group(const QString &name) const
{
    for (const kafka::GroupView &g : groups) {
        if (g.name == name)
            return &g;
    }
    return nullptr;
}

bool QueueRow::isSqs() const
{
    const QString kind = arguments.value(QStringLiteral("x-queue-type")).toString();
    return kind == u"sqs" || kind == u"sqs-fifo";
}

bool QueueRow::isSqsFifo() const
{
    return arguments.value(QStringLiteral("x-queue-type")).toString() == u"sqs-fifo";
}

bool QueueRow::isStream() const
{
    return arguments.value(QStringLiteral("x-queue-type")).toString() == u"stream";
}

QString QueueRow::kindText() const
{
    // Names of protocols and of AWS's and RabbitMQ's queue types: not translated.
    if (isSqsFifo())
        return QStringLiteral("SQS FIFO");
    if (isStream())
        return QStringLiteral("AMQP stream");
    return isSqs() ? QStringLiteral("SQS") : QStringLiteral("AMQP");
}

qint64 QueueRow::visibilityTimeoutSeconds() const
{
    if (!isSqs())
        return -1;
    bool ok = false;
    const qint64 seconds = arguments.value(QStringLiteral("x-sqs-attr-VisibilityTimeout")).toString().toLongLong(&ok);
    return ok ? seconds : 30;
}

qint64 QueueRow::maxReceiveCount() const
{
    return arguments.value(QStringLiteral("x-delivery-limit")).toLongLong();
}

namespace {

// AMQP topic matching ('*' one word, '#' zero or more), enough to tell which
// bindings a dead-letter routing key would follow.
bool topicMatches(const QStringList &pattern, qsizetype p, const QStringList &key, qsizetype k)
{
    if (p == pattern.size())
        return k == key.size();
    if (pattern.at(p) == u"#") {
        for (qsizetype skip = k; skip <= key.size(); ++skip) {
            if (topicMatches(pattern, p + 1, key, skip))
                return true;
        }
        return false;
    }
    if (k == key.size())
        return false;
    if (pattern.at(p) != u"*" && pattern.at(p) != key.at(k))
        return false;
    return topicMatches(pattern, p + 1, key, k + 1);
}

bool bindingTakes(ExchangeType type, const BindingDef &binding, const QString &routingKey)
{
    if (routingKey.isEmpty())
        return true;   // the message's own routing key decides: any binding may take it
    switch (type) {
    case ExchangeType::Direct:
        return binding.routingKey == routingKey;
    case ExchangeType::Topic:
        return topicMatches(binding.routingKey.split(u'.'), 0, routingKey.split(u'.'), 0);
    default:
        return true;
    }
}

bool namedLikeDeadLetters(const QString &name)
{
    static const QRegularExpression pattern(QStringLiteral("(\\.dlq$|dead|\\.dlx$|[-_.]dl$|^dlq[-_.])"),
                                            QRegularExpression::CaseInsensitiveOption);
    return pattern.match(name).hasMatch();
}

} // namespace

void linkDeadLetters(QList<QueueRow> &queues, const QList<ExchangeDef> &exchanges,
                     const QList<BindingDef> &bindings)
{
    QHash<QString, ExchangeType> types;
    for (const ExchangeDef &e : exchanges)
        types.insert(e.name, e.type);
    QHash<QString, qsizetype> index;
    for (qsizetype i = 0; i < queues.size(); ++i) {
        index.insert(queues[i].name, i);
        queues[i].deadLettersGoTo.clear();
        queues[i].fedBy.clear();
    }
    for (QueueRow &q : queues) {
        // Dead-lettering is set by an argument or by a policy.
        if (!q.arguments.contains(QStringLiteral("x-dead-letter-exchange"))
            && !q.policyDefinition.contains(QStringLiteral("dead-letter-exchange")))
            continue;
        QSet<QString> targets;
        if (q.deadLetterExchange.isEmpty()) {
            // The default exchange routes by queue name.
            if (!q.deadLetterRoutingKey.isEmpty())
                targets.insert(q.deadLetterRoutingKey);
        } else {
            const ExchangeType type = types.value(q.deadLetterExchange, ExchangeType::Direct);
            for (const BindingDef &b : bindings) {
                if (b.source == q.deadLetterExchange && b.destinationKind == DestinationKind::Queue
                    && bindingTakes(type, b, q.deadLetterRoutingKey))
                    targets.insert(b.destination);
            }
        }
        for (const QString &t : targets) {
            const auto it = index.constFind(t);
            if (it == index.constEnd() || t == q.name)
                continue;
            q.deadLettersGoTo.append(t);
            queues[*it].fedBy.append(q.name);
        }
        q.deadLettersGoTo.sort();
    }
    for (QueueRow &q : queues) {
        q.fedBy.sort();
        q.isDeadLetterQueue = !q.fedBy.isEmpty() || namedLikeDeadLetters(q.name);
    }
}

} // namespace depot::ui
