#pragma once

// ExportFormat: Depot's file format for messages taken out of a queue and put
// back into one (docs/export-format.md): JSON Lines, a header object on the
// first line, then one object per message. Pure functions over bytes, shared
// by the HTTP API (which streams exports and reads imports), `depot export` /
// `depot import` (which check a whole file before sending any of it) and the
// window.
//
// Every AMQP field value type survives the round trip: values whose JSON form
// would be ambiguous are written as an object with one key naming their type
// ({"int": 5}, {"bytes": "AAE="}, {"table": {...}}), so an import gives the
// consumer the same types the original publisher sent.
//
// Reading refuses anything it does not understand (an unknown field, a wrong
// type, a line that is not JSON) with the line number and the field's path,
// so a file is either read whole or not at all.

#include "broker/engine/Message.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <functional>
#include <optional>

namespace depot::exportformat {

// The newest version this Depot reads. Version 2 added files of Kafka
// records (a header with `topic`, RecordFormat.h); a file of messages is still
// written as version 1, which it is, so an older Depot reads it as before.
inline constexpr int FormatVersion = 2;
inline constexpr int MessagesVersion = 1;
inline constexpr int RecordsVersion = 2;
inline const char *const FormatName = "depot-export";

// The first line of a file.
struct Header
{
    int version = MessagesVersion; // written as RecordsVersion when `topic` is set
    QString exportedAt; // ISO 8601, UTC
    QString vhost = QStringLiteral("/");
    QString queue; // the queue it was exported from
    QString filter; // the message filter, empty when every message was exported
    bool filterRegex = false;
    bool filterCaseSensitive = false;
    QString query; // the query (docs/query.md), empty when none selected the messages
    // A file of Kafka records (version 2): the topic they came from (not
    // empty; vhost and queue are then not written), and the partition when
    // only one was exported (-1: every partition).
    QString topic;
    qint32 partition = -1;
    QString producer; // "Depot 0.1.0"
};

// One message as exported: its content (exchange, routing key, properties,
// headers, body, typed dead-letter history, SQS group and deduplication
// ids) and what it had lived through in the queue it came from.
struct ExportedMessage
{
    MessageId id = 0; // its id in the source queue (informational)
    MessageContent content;
    bool redelivered = false;
    quint32 deliveryCount = 0;
    qint64 enqueuedAt = 0; // ms since the epoch, when it entered the source queue
    bool operator==(const ExportedMessage &) const = default;
};

// Why a file cannot be read: the line (from 1) and, when one field is at
// fault, its path ("properties.priority", "headers.retries").
struct DecodeError
{
    qint64 line = 0;
    QString field;
    QString text;
    // "line 3: field 'properties.priority': must be an integer from 0 to 255"
    QString message() const;
};

// Each ends with "\n".
QByteArray encodeHeader(const Header &header);
QByteArray encodeMessage(const ExportedMessage &message);

// One line (without its line break; a trailing "\r" is ignored). False with
// *error set when it cannot be read.
bool decodeHeader(QByteArrayView line, qint64 lineNumber, Header *out, DecodeError *error);
bool decodeMessage(QByteArrayView line, qint64 lineNumber, ExportedMessage *out, DecodeError *error);

// Reads a whole file of messages: the header, then every message line, each handed to
// `visit` (which may be empty: checking only). An empty last line (the file
// ends with a line break) is fine; any other empty line is refused. Returns
// the number of messages, or nullopt with *error set at the first problem.
std::optional<qint64> decodeFile(
    QByteArrayView file, Header *header, DecodeError *error, const std::function<void(ExportedMessage &&)> &visit = {});

// An AMQP field value (as the AMQP codec decodes it into a QVariant) in its
// JSON form, and back. `path` names the value in errors.
QJsonValue encodeFieldValue(const QVariant &value);
std::optional<QVariant> decodeFieldValue(const QJsonValue &json, const QString &path, QString *error);
QJsonObject encodeTable(const QVariantMap &table);
std::optional<QVariantMap> decodeTable(const QJsonObject &json, const QString &path, QString *error);

} // namespace depot::exportformat
