#include "broker/query/Query.h"
#include "broker/query/QueryNodes.h"

// Running a parsed query against one message. Each field's value is read
// as one of a few kinds (text, number, true/false, null, a table or list,
// or missing); a comparison between different kinds is false, and so is any
// comparison with a field the message does not have: `body.total > 10` is
// false for a body that is not JSON, and so is `body.total <= 10`.

#include "broker/engine/DeathRecord.h"

#include "broker/query/QueryJson.h"

#include <QDateTime>

#include <optional>

namespace depot::query {

namespace {

struct Value
{
    enum class Type { Missing, Null, Bool, Number, String, Compound } type = Type::Missing;
    double number = 0;
    bool boolean = false;
    QString string;

    static Value text(QString s)
    {
        Value v;
        v.type = Type::String;
        v.string = std::move(s);
        return v;
    }
    static Value num(double n)
    {
        Value v;
        v.type = Type::Number;
        v.number = n;
        return v;
    }
    static Value flag(bool b)
    {
        Value v;
        v.type = Type::Bool;
        v.boolean = b;
        return v;
    }
    static Value optionalText(const std::optional<QString> &s) { return s ? text(*s) : Value(); }

    // What contains, ~ and like look at.
    std::optional<QString> asText() const
    {
        switch (type) {
        case Type::String: return string;
        case Type::Number: return QString::number(number, 'g', 17);
        case Type::Bool: return boolean ? QStringLiteral("true") : QStringLiteral("false");
        case Type::Null: return QStringLiteral("null");
        case Type::Missing:
        case Type::Compound: return std::nullopt;
        }
        return std::nullopt;
    }
};

Value fromFound(json::Found found)
{
    Value v;
    switch (found.type) {
    case json::Found::Type::Missing: break;
    case json::Found::Type::Null: v.type = Value::Type::Null; break;
    case json::Found::Type::Bool: return Value::flag(found.boolean);
    case json::Found::Type::Number: return Value::num(found.number);
    case json::Found::Type::String: return Value::text(std::move(found.string));
    case json::Found::Type::Compound: v.type = Value::Type::Compound; break;
    }
    return v;
}

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

Value valueOf(Subject &s, const Field &f)
{
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
    }
    return Value();
}

bool equals(const Value &v, const Literal &l)
{
    switch (l.kind) {
    case Literal::Kind::Null: return v.type == Value::Type::Null;
    case Literal::Kind::Bool: return v.type == Value::Type::Bool && v.boolean == l.boolean;
    case Literal::Kind::String: return v.type == Value::Type::String && v.string == l.string;
    case Literal::Kind::Number:
    case Literal::Kind::Duration:
    case Literal::Kind::Size: return v.type == Value::Type::Number && v.number == l.number;
    }
    return false;
}

// <0, 0, >0; nullopt when the two cannot be ordered.
std::optional<int> order(const Value &v, const Literal &l)
{
    const bool numeric = l.kind == Literal::Kind::Number || l.kind == Literal::Kind::Duration
        || l.kind == Literal::Kind::Size;
    if (numeric && v.type == Value::Type::Number)
        return v.number < l.number ? -1 : (v.number > l.number ? 1 : 0);
    if (l.kind == Literal::Kind::String && v.type == Value::Type::String)
        return v.string.compare(l.string);
    return std::nullopt;
}

// An ASCII needle in any case, in UTF-8 bytes: read as Latin-1, no byte of
// a multi-byte character folds to an ASCII letter, so this finds exactly
// what a search of the decoded text would (bar Unicode's few characters
// that fold to ASCII, such as the Kelvin sign).
bool containsAscii(const QByteArray &haystack, const QByteArray &needle)
{
    return QLatin1StringView(haystack).contains(QLatin1StringView(needle), Qt::CaseInsensitive);
}

bool compareValue(const Node &n, const Value &v)
{
    if (v.type == Value::Type::Missing)
        return false;
    switch (n.op) {
    case Op::Exists: return true;
    case Op::Eq: return equals(v, n.values.front());
    case Op::Ne: return !equals(v, n.values.front());
    case Op::In:
        for (const Literal &l : n.values) {
            if (equals(v, l))
                return true;
        }
        return false;
    case Op::Lt: case Op::Le: case Op::Gt: case Op::Ge: {
        const auto o = order(v, n.values.front());
        if (!o)
            return false;
        return n.op == Op::Lt ? *o < 0 : n.op == Op::Le ? *o <= 0 : n.op == Op::Gt ? *o > 0 : *o >= 0;
    }
    case Op::Contains: {
        const auto text = v.asText();
        return text && text->contains(n.values.front().string, Qt::CaseInsensitive);
    }
    case Op::Regex:
    case Op::NotRegex:
    case Op::Like: {
        const auto text = v.asText();
        if (!text)
            return false;
        const bool hit = n.regex.match(*text).hasMatch();
        return n.op == Op::NotRegex ? !hit : hit;
    }
    }
    return false;
}

bool evaluate(const Node &n, Subject &s)
{
    switch (n.kind) {
    case Node::Kind::And:
        for (const auto &child : n.children) {
            if (!evaluate(*child, s))
                return false;
        }
        return true;
    case Node::Kind::Or:
        for (const auto &child : n.children) {
            if (evaluate(*child, s))
                return true;
        }
        return false;
    case Node::Kind::Not: return !evaluate(*n.children.front(), s);
    case Node::Kind::Text:
        return n.asciiNeedle ? containsAscii(s.content.body, *n.asciiNeedle)
                             : s.bodyText().contains(n.text, Qt::CaseInsensitive);
    case Node::Kind::Compare:
        if (n.field.kind == FieldKind::Body && n.op == Op::Contains && n.asciiNeedle)
            return containsAscii(s.content.body, *n.asciiNeedle);
        return compareValue(n, valueOf(s, n.field));
    }
    return false;
}

// Three-valued: what the queue's name alone decides.
enum class Tri { False, True, Unknown };

Tri byQueue(const Node &n, const QString &queue)
{
    switch (n.kind) {
    case Node::Kind::And: {
        Tri result = Tri::True;
        for (const auto &child : n.children) {
            const Tri t = byQueue(*child, queue);
            if (t == Tri::False)
                return Tri::False;
            if (t == Tri::Unknown)
                result = Tri::Unknown;
        }
        return result;
    }
    case Node::Kind::Or: {
        Tri result = Tri::False;
        for (const auto &child : n.children) {
            const Tri t = byQueue(*child, queue);
            if (t == Tri::True)
                return Tri::True;
            if (t == Tri::Unknown)
                result = Tri::Unknown;
        }
        return result;
    }
    case Node::Kind::Not: {
        const Tri t = byQueue(*n.children.front(), queue);
        return t == Tri::Unknown ? t : (t == Tri::True ? Tri::False : Tri::True);
    }
    case Node::Kind::Text: return Tri::Unknown;
    case Node::Kind::Compare:
        // The queue's name is all a queue comparison reads.
        if (n.field.kind != FieldKind::Queue)
            return Tri::Unknown;
        return compareValue(n, Value::text(queue)) ? Tri::True : Tri::False;
    }
    return Tri::Unknown;
}

} // namespace

bool Query::matches(const QString &queue, const QueuedMessage &message, qint64 now) const
{
    if (!m_valid)
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
    if (!m_valid)
        return false;
    return !m_root || byQueue(*m_root, queue) != Tri::False;
}

} // namespace depot::query
