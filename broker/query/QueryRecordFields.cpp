#include "broker/query/QueryNodes.h"

// The fields of a query over Kafka records (docs/query.md, "Topics"). A
// record has a topic, a partition and an offset, a timestamp, a key and a
// value (either may be null) and headers (key and bytes, keys may repeat):
//
//   topic, partition, offset, timestamp, age, size,
//   key, key.<path>, value, value.<path> (body and body.<path> too),
//   headers.<name>
//
// A message's field (queue, deaths.count, properties.message_id, ...) is
// refused by name, saying that records do not have it.

#include <QHash>
#include <QSet>

namespace depot::query {

namespace {

QString recordFieldList()
{
    return QStringLiteral("topic, partition, offset, timestamp, age, size, key, key.<path>, value, value.<path> "
                          "(or body, body.<path>), headers.<name>");
}

// Names that only messages in queues have.
const QSet<QString> &messageOnlyNames()
{
    static const QSet<QString> names = {QStringLiteral("queue"), QStringLiteral("exchange"),
        QStringLiteral("routing_key"), QStringLiteral("delivery_count"), QStringLiteral("redelivered"),
        QStringLiteral("persistent"), QStringLiteral("priority"), QStringLiteral("id"), QStringLiteral("group"),
        QStringLiteral("original_queue"), QStringLiteral("properties"), QStringLiteral("deaths"),
        QStringLiteral("content_type"), QStringLiteral("content_encoding"), QStringLiteral("correlation_id"),
        QStringLiteral("reply_to"), QStringLiteral("expiration"), QStringLiteral("message_id"),
        QStringLiteral("type"), QStringLiteral("user_id"), QStringLiteral("app_id"), QStringLiteral("cluster_id"),
        QStringLiteral("delivery_mode")};
    return names;
}

QString spelled(const QString &head, const std::vector<PathStep> &steps)
{
    QString out = head;
    for (const PathStep &s : steps)
        out += s.index >= 0 ? QStringLiteral("[%1]").arg(s.index) : QLatin1Char('.') + s.key;
    return out;
}

} // namespace

bool resolveRecordField(const QString &head, std::vector<PathStep> steps, Field &f, QString *error)
{
    static const QHash<QString, FieldKind> plain = {
        {QStringLiteral("topic"), FieldKind::Topic},
        {QStringLiteral("partition"), FieldKind::Partition},
        {QStringLiteral("offset"), FieldKind::Offset},
        {QStringLiteral("timestamp"), FieldKind::Timestamp},
        {QStringLiteral("age"), FieldKind::Age},
        {QStringLiteral("size"), FieldKind::Size},
    };
    const bool value = head == QLatin1String("value") || head == QLatin1String("body");
    if (value || head == QLatin1String("key")) {
        if (steps.empty()) {
            f.kind = value ? FieldKind::Body : FieldKind::Key;
        } else {
            f.kind = value ? FieldKind::BodyPath : FieldKind::KeyPath;
            f.path = std::move(steps);
        }
        return true;
    }
    if (head == QLatin1String("headers")) {
        if (steps.size() != 1 || steps.front().index >= 0) {
            *error = QStringLiteral("'%1': a record's header is headers.<key> (its value is read as text)")
                         .arg(spelled(head, steps));
            return false;
        }
        f.kind = FieldKind::Header;
        f.path = std::move(steps);
        return true;
    }
    if (steps.empty() && plain.contains(head)) {
        f.kind = plain.value(head);
        return true;
    }
    if (messageOnlyNames().contains(head)) {
        *error = QStringLiteral("Kafka records have no field '%1' (it is a field of messages in queues); "
                                "fields of records are %2")
                     .arg(spelled(head, steps), recordFieldList());
        return false;
    }
    *error = QStringLiteral("unknown field '%1'; fields of records are %2").arg(spelled(head, steps), recordFieldList());
    return false;
}

bool recordFieldIsOptional(FieldKind kind)
{
    return kind == FieldKind::Key || kind == FieldKind::KeyPath || kind == FieldKind::Body
        || kind == FieldKind::BodyPath || kind == FieldKind::Header;
}

QString recordFieldHint(const QString &head)
{
    static const QSet<QString> recordOnly = {QStringLiteral("topic"), QStringLiteral("partition"),
        QStringLiteral("offset"), QStringLiteral("key"), QStringLiteral("value")};
    if (!recordOnly.contains(head))
        return QString();
    return QStringLiteral(" (%1 is a field of Kafka records: query topics for it)").arg(head);
}

} // namespace depot::query
