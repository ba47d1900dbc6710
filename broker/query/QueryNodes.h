#pragma once

// Inside Query (Query.h): the tree a query parses into. QueryParser.cpp
// builds it and checks it; QueryEval.cpp runs it against messages.

#include <QByteArray>
#include <QRegularExpression>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>
#include <vector>

namespace depot::query {

// What a comparison looks at.
enum class FieldKind {
    Queue,
    Exchange,
    RoutingKey,
    Body,          // the body as text
    BodyPath,      // a value inside a JSON body (path)
    Size,          // body bytes
    Age,           // ms since it was enqueued in this queue
    DeliveryCount,
    Redelivered,
    Persistent,
    Priority,      // the priority its publisher asked for
    Id,
    Group,         // SQS message group
    Property,      // a basic property by name (path[0])
    Header,        // a header (path: name, then keys into tables)
    DeathsCount,   // deaths in every queue for every reason
    DeathsReason,  // of its latest death
    DeathsQueue,   // of its latest death
    OriginalQueue, // where a replay sends it back to
    // Kafka records only (Over::Records); Body, BodyPath, Size, Age and
    // Header are a record's too: its value, its value's bytes, since its
    // timestamp, and a header by key.
    Topic,
    Partition,
    Offset,
    Timestamp,     // ms since the epoch
    Key,           // the key as text
    KeyPath,       // a value inside a JSON key (path)
};

// One step of a path: a key, or an index into an array or list.
struct PathStep
{
    QString key;            // an index too is a key ("0"), for objects
    QByteArray keyUtf8;     // the key as a JSON body spells it
    qsizetype index = -1;   // >= 0: an index
};

struct Field
{
    FieldKind kind = FieldKind::Body;
    QString property;              // FieldKind::Property: content_type, ...
    std::vector<PathStep> path;    // BodyPath, Header
    QString spelled;               // as the query wrote it, for errors
};

// A literal of the query, with the kind it was written as.
struct Literal
{
    enum class Kind { String, Number, Duration, Size, Bool, Null } kind = Kind::String;
    QString string;
    double number = 0;   // Number, Duration (ms), Size (bytes)
    bool boolean = false;
};

enum class Op { Eq, Ne, Lt, Le, Gt, Ge, Regex, NotRegex, Contains, Like, In, Exists };

struct Node
{
    enum class Kind { And, Or, Not, Compare, Text } kind = Kind::Compare;
    std::vector<std::shared_ptr<const Node>> children;   // And, Or (two or more), Not (one)
    Field field;
    Op op = Op::Eq;
    std::vector<Literal> values;   // one, or In's list; none for Exists
    QRegularExpression regex;      // Regex, NotRegex, Like (compiled once)
    QString text;                  // Text: a bare string, found in the body (any case)
    // Text, and Contains with its string: the needle's bytes when it is
    // ASCII, so a body is searched as bytes, without decoding it.
    std::optional<QByteArray> asciiNeedle;
};

// Kafka records' fields (QueryRecordFields.cpp), for the parser.
// The field named `head` (lower case) with `steps` after it; false with
// *error when records have no such field (a message's field is named as one).
bool resolveRecordField(const QString &head, std::vector<PathStep> steps, Field &f, QString *error);
// The fields a record may lack: they take `exists` (and `= null`).
bool recordFieldIsOptional(FieldKind kind);
// The hint added to "unknown field" in a query over messages when the name
// is a record's ("offset is a field of Kafka records"); empty otherwise.
QString recordFieldHint(const QString &head);

} // namespace depot::query
