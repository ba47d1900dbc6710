#include "broker/query/Query.h"
#include "broker/query/QueryNodes.h"
#include "broker/query/QueryValue.h"

// Running a parsed query against one Kafka record (the evaluation itself is
// QueryValue.h's, shared with messages): what each field of a record is.
// Keys, values and header values are bytes; they read as UTF-8 text, and a
// null key or value (a tombstone) reads as null. With a header key given
// more than once, the last one counts, as Kafka's Headers.lastHeader().

#include "broker/kafka/codec/RecordBatch.h"

namespace depot::query {

namespace {

using namespace eval;

Value optionalBytes(const std::optional<QByteArray> &bytes)
{
    if (bytes)
        return Value::text(QString::fromUtf8(*bytes));
    Value v;
    v.type = Value::Type::Null;
    return v;
}

class RecordSubject
{
public:
    RecordSubject(const RecordRef &record, qint64 now)
        : r(record)
        , now(now)
    {
    }

    const QByteArray *bodyBytes() const { return r.value ? &*r.value : nullptr; }
    const QString &bodyText()
    {
        if (!m_text)
            m_text = r.value ? QString::fromUtf8(*r.value) : QString();
        return *m_text;
    }

    Value valueOf(const Field &f)
    {
        switch (f.kind) {
        case FieldKind::Topic: return Value::text(r.topic);
        case FieldKind::Partition: return Value::num(r.partition);
        case FieldKind::Offset: return Value::num(double(r.offset));
        case FieldKind::Timestamp: return Value::num(double(r.timestamp));
        case FieldKind::Age: return Value::num(double(now - r.timestamp));
        case FieldKind::Size: return Value::num(r.value ? double(r.value->size()) : 0.0);
        case FieldKind::Key: return optionalBytes(r.key);
        case FieldKind::KeyPath: return r.key ? fromFound(json::find(*r.key, f.path)) : Value();
        case FieldKind::Body: return r.value ? Value::text(bodyText()) : optionalBytes(r.value);
        case FieldKind::BodyPath: return r.value ? fromFound(json::find(*r.value, f.path)) : Value();
        case FieldKind::Header:
            for (auto it = r.headers.crbegin(); it != r.headers.crend(); ++it) {
                if (it->key == f.path.front().key)
                    return optionalBytes(it->value);
            }
            return Value();
        default:
            return Value();   // a message's: the parser refuses them for records
        }
    }

private:
    const RecordRef &r;
    const qint64 now;
    std::optional<QString> m_text;
};

} // namespace

bool Query::matchesRecord(const RecordRef &record, qint64 now) const
{
    if (!m_valid || m_over != Over::Records)
        return false;
    if (!m_root)
        return true;
    RecordSubject subject(record, now);
    return evaluate(*m_root, subject);
}

} // namespace depot::query
