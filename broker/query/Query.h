#pragma once

// Query: Depot's one-line query language over messages (docs/query.md), as
// the window's query bar and the HTTP API take it:
//
//     body.customer = "frances" and deaths.count > 2 and age > 10m
//     queue like "orders.*" and headers.x-tenant in ("a", "b")
//     "timeout" or routing_key ~ "^eu\."
//
// parse() checks a query whole before anything runs: an unknown field, a
// value of the wrong kind for its field (age wants a duration), a bad
// regular expression or a missing parenthesis is an error that points at
// its position and says what was expected. A parsed query is immutable and
// cheap to copy (it shares its tree), so it can be handed between threads.
//
// matches() looks at one message: its queue's name, its state and its
// content (which must be loaded). The body is decoded as text, or parsed as
// JSON, only when the query asks for it, once per message. It never throws
// and never fails: a field a message does not have makes its comparison
// false.

#include "broker/engine/Message.h"

#include <QByteArray>
#include <QList>
#include <QRegularExpression>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

namespace depot::kafka {
struct RecordHeader;
}

namespace depot::query {

struct Node;

// What a query looks at: messages in queues, or records in Kafka topics.
enum class Over { Messages, Records };

// One Kafka record as a query sees it (the fields of a decoded record,
// broker/kafka/codec/RecordBatch.h), by reference: nothing is copied.
struct RecordRef
{
    const QString &topic;
    qint32 partition = 0;
    qint64 offset = 0;
    qint64 timestamp = 0;   // ms since the epoch
    const std::optional<QByteArray> &key;     // nullopt: a null key
    const std::optional<QByteArray> &value;   // nullopt: a tombstone
    const QList<kafka::RecordHeader> &headers;
};

struct QueryError
{
    qsizetype position = 0;   // 1-based, in characters of the query text
    QString message;
    // "at 14: expected a value after '=', found the end of the query"
    QString text() const;
};

class Query
{
public:
    // The empty query: matches every message.
    Query();

    // A query, or where and why it is wrong. Leading and trailing spaces
    // are ignored; an empty text is the empty query.
    static Query parse(const QString &text, QueryError *error, Over over = Over::Messages);

    bool isValid() const { return m_valid; }
    bool isEmpty() const;
    QString text() const { return m_text; }
    Over over() const { return m_over; }

    // `message.content` must be loaded; `now` in ms since the epoch (age).
    // A query parsed for records matches no message.
    bool matches(const QString &queue, const QueuedMessage &message, qint64 now) const;
    // A query parsed for records (the empty query matches every record); one
    // parsed for messages matches no record. QueryRecordEval.cpp.
    bool matchesRecord(const RecordRef &record, qint64 now) const;

    // Whether any message of `queue` can match, from the queue's name alone:
    // false only when the query's queue conditions rule the queue out, so a
    // search over all queues skips it without reading one message.
    bool mayMatchQueue(const QString &queue) const;
    // The same for a topic, from the query's conditions on `topic`.
    bool mayMatchTopic(const QString &topic) const;

private:
    std::shared_ptr<const Node> m_root;   // null: the empty query
    QString m_text;
    bool m_valid = true;
    Over m_over = Over::Messages;
};

// The names among `all` that `patterns` pick: a name, or a pattern with `*`
// and `?` (likePattern); empty patterns pick every name. In the order of
// `all`. A plain name that is not among `all` is returned in *missing (the
// first one) and nothing is picked. How a query scan picks its queues and
// topics.
QStringList pickNames(const QStringList &all, const QStringList &patterns, QString *missing);

// The pattern of `like`: `*` is any run of characters, `?` one character,
// everything else itself; the whole text must match. Also how a query scan
// picks queues by name ("orders.*").
QRegularExpression likePattern(const QString &glob);

} // namespace depot::query
