#include "broker/query/Query.h"
#include "broker/query/QueryNodes.h"
#include "broker/query/QueryValue.h"

// Running a parsed query against one message (the evaluation itself, shared
// with Kafka records, is QueryValue.h's): what each field of a message is.

#include "broker/engine/DeathRecord.h"

#include <QDateTime>

#include <algorithm>
#include <optional>

namespace depot::query {

namespace {

using namespace eval;

Value fromVariant(const QVariant &q)
{
    switch (q.typeId()) {
    case QMetaType::UnknownType:
    case QMetaType::Nullptr: {
        Value v;
        v.type = Value::Type::Null;
        return v;
    }
    case QMetaType::QString: return Value::text(q.toString());
    case QMetaType::QByteArray: return Value::text(QString::fromUtf8(q.toByteArray()));
    case QMetaType::Bool: return Value::flag(q.toBool());
    case QMetaType::QDateTime: return Value::num(double(q.toDateTime().toSecsSinceEpoch()));
    case QMetaType::QVariantMap:
    case QMetaType::QVariantList: {
        Value v;
        v.type = Value::Type::Compound;
        return v;
    }
    default:
        break;
    }
    bool ok = false;
    const double n = q.toDouble(&ok);
    if (ok)
        return Value::num(n);
    return Value::text(q.toString());
}

// One message as the query sees it; the body's text is made on first use
// and kept for the other conditions.
class Subject
{
public:
    Subject(const QString &queue, const QueuedMessage &message, qint64 now)
        : queue(queue)
        , message(message)
        , content(*message.content)
        , now(now)
    {
    }

    const QString &bodyText()
    {
        if (!m_text)
            m_text = QString::fromUtf8(content.body);
        return *m_text;
    }
    const QByteArray *bodyBytes() const { return &content.body; }
    Value valueOf(const Field &f);

    const QString &queue;
    const QueuedMessage &message;
    const MessageContent &content;
    const qint64 now;

private:
    std::optional<QString> m_text;
};

Value header(const Subject &s, const std::vector<PathStep> &path)
{
    const auto &headers = s.content.properties.headers;
    if (!headers)
        return Value();
    QVariant at = QVariant(*headers);
    for (const PathStep &step : path) {
        if (step.index >= 0 && at.typeId() == QMetaType::QVariantList) {
            const QVariantList list = at.toList();
            if (step.index >= list.size())
                return Value();
            at = list.at(step.index);
        } else if (step.index < 0 && at.typeId() == QMetaType::QVariantMap) {
            const QVariantMap map = at.toMap();
            const auto it = map.constFind(step.key);
            if (it == map.constEnd())
                return Value();
            at = *it;
        } else {
            return Value();
        }
    }
    return fromVariant(at);
}

Value property(const MessageProperties &p, const QString &name)
{
    if (name == QLatin1String("content_type"))
        return Value::optionalText(p.contentType);
    if (name == QLatin1String("content_encoding"))
        return Value::optionalText(p.contentEncoding);
    if (name == QLatin1String("correlation_id"))
        return Value::optionalText(p.correlationId);
    if (name == QLatin1String("reply_to"))
        return Value::optionalText(p.replyTo);
    if (name == QLatin1String("expiration"))
        return Value::optionalText(p.expiration);
    if (name == QLatin1String("message_id"))
        return Value::optionalText(p.messageId);
    if (name == QLatin1String("type"))
        return Value::optionalText(p.type);
    if (name == QLatin1String("user_id"))
        return Value::optionalText(p.userId);
    if (name == QLatin1String("app_id"))
        return Value::optionalText(p.appId);
    if (name == QLatin1String("cluster_id"))
        return Value::optionalText(p.clusterId);
    if (name == QLatin1String("delivery_mode"))
        return p.deliveryMode ? Value::num(*p.deliveryMode) : Value();
    if (name == QLatin1String("priority"))
        return p.priority ? Value::num(*p.priority) : Value();
    if (name == QLatin1String("timestamp"))
        return p.timestamp ? Value::num(double(*p.timestamp)) : Value();
    return Value();
}

Value Subject::valueOf(const Field &f)
{
    Subject &s = *this;
    const MessageContent &c = s.content;
    switch (f.kind) {
    case FieldKind::Queue: return Value::text(s.queue);
    case FieldKind::Exchange: return Value::text(c.exchange);
    case FieldKind::RoutingKey: return Value::text(c.routingKey);
    case FieldKind::Body: return Value::text(s.bodyText());
    case FieldKind::BodyPath: return fromFound(json::find(c.body, f.path));
    case FieldKind::Size: return Value::num(double(c.body.size()));
    case FieldKind::Age: return Value::num(double(s.now - s.message.enqueuedAt));
    case FieldKind::DeliveryCount: return Value::num(s.message.deliveryCount);
    case FieldKind::Redelivered: return Value::flag(s.message.redelivered);
    case FieldKind::Persistent: return Value::flag(s.message.persistent);
    case FieldKind::Priority: return Value::num(c.priority);
    case FieldKind::Id: return Value::num(double(s.message.id));
    case FieldKind::Group: return c.groupKey.isEmpty() ? Value() : Value::text(c.groupKey);
    case FieldKind::Property: return property(c.properties, f.property);
    case FieldKind::Header: return header(s, f.path);
    case FieldKind::DeathsCount: {
        qint64 count = 0;
        for (const DeathRecord &r : c.deaths.records)
            count += r.count;
        return Value::num(double(count));
    }
    case FieldKind::DeathsReason:
        return c.deaths.records.isEmpty() ? Value() : Value::text(deathReasonName(c.deaths.records.constFirst().reason));
    case FieldKind::DeathsQueue:
        return c.deaths.records.isEmpty() ? Value() : Value::text(c.deaths.records.constFirst().queue);
    case FieldKind::OriginalQueue: {
        const QString q = c.deaths.originalQueue();
        return q.isEmpty() ? Value() : Value::text(q);
    }
    case FieldKind::Topic: case FieldKind::Partition: case FieldKind::Offset: case FieldKind::Timestamp:
    case FieldKind::Key: case FieldKind::KeyPath:
        break;   // a record's: the parser refuses them for messages
    }
    return Value();
}

} // namespace

bool Query::matches(const QString &queue, const QueuedMessage &message, qint64 now) const
{
    if (!m_valid || m_over != Over::Messages)
        return false;
    if (!m_root)
        return true;
    Q_ASSERT(message.content);
    if (!message.content)
        return false;
    Subject subject(queue, message, now);
    return evaluate(*m_root, subject);
}

bool Query::mayMatchQueue(const QString &queue) const
{
    if (!m_valid || m_over != Over::Messages)
        return false;
    return !m_root || byScope(*m_root, queue, FieldKind::Queue) != Tri::False;
}

bool Query::mayMatchTopic(const QString &topic) const
{
    if (!m_valid || m_over != Over::Records)
        return false;
    return !m_root || byScope(*m_root, topic, FieldKind::Topic) != Tri::False;
}

QStringList pickNames(const QStringList &all, const QStringList &patterns, QString *missing)
{
    if (patterns.isEmpty())
        return all;
    std::vector<QRegularExpression> globs;
    QStringList names;
    for (const QString &p : patterns) {
        if (p.contains(QLatin1Char('*')) || p.contains(QLatin1Char('?'))) {
            globs.push_back(likePattern(p));
        } else if (!all.contains(p)) {
            if (missing)
                *missing = p;
            return {};
        } else {
            names.append(p);
        }
    }
    QStringList picked;
    for (const QString &name : all) {
        if (names.contains(name)
            || std::any_of(globs.begin(), globs.end(), [&](const auto &re) { return re.match(name).hasMatch(); }))
            picked.append(name);
    }
    return picked;
}

} // namespace depot::query
