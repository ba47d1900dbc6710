#pragma once

// RecordFormat: Kafka records in Depot's export format (docs/export-format.md,
// version 2, "Files of Kafka records"): the same JSON Lines file, a header
// naming the topic (ExportFormat's Header with `topic`), then one object per
// record with its partition, offset, timestamp, key, value and headers.
// Pure functions over bytes, like ExportFormat: the HTTP API streams them out
// and reads them in, `depot export --topic` writes them.
//
// Keys, values and header values are bytes: each is written as text when it
// is valid UTF-8 and as base64 otherwise, with `<name>_encoding` saying which;
// null ones (a tombstone's value, a record without a key) are JSON null.

#include "broker/export/ExportFormat.h"
#include "broker/kafka/codec/RecordBatch.h"

#include <QList>

namespace depot::exportformat {

struct ExportedRecord
{
    qint32 partition = 0;
    qint64 offset = 0;
    qint64 timestamp = 0;          // ms since the epoch
    bool logAppendTime = false;    // the broker stamped it (LogAppendTime)
    std::optional<QByteArray> key;
    std::optional<QByteArray> value;
    QList<kafka::RecordHeader> headers;   // in order; keys may repeat
    bool operator==(const ExportedRecord &other) const;
};

// A record's key, value and headers into `o` as the format writes them
// (`textWord` names text encoding: "text" here, "string" in the HTTP API's
// record objects).
void writeKeyValueHeaders(QJsonObject &o, const std::optional<QByteArray> &key, const std::optional<QByteArray> &value,
    const QList<kafka::RecordHeader> &headers, const QString &textWord = QStringLiteral("text"));

// Ends with "\n".
QByteArray encodeRecord(const ExportedRecord &record);
bool decodeRecord(QByteArrayView line, qint64 lineNumber, ExportedRecord *out, DecodeError *error);

// Reads a whole file of records: the header (which must name a topic; a file
// of messages is refused, saying so), then every record line, each handed to
// `visit` (may be empty). The number of records, or nullopt with *error set
// at the first problem.
std::optional<qint64> decodeRecordsFile(QByteArrayView file, Header *header, DecodeError *error,
    const std::function<void(ExportedRecord &&)> &visit = {});

} // namespace depot::exportformat
