#pragma once

// RecordJson: Kafka records in the JSON of Depot's own API (docs/kafka.md,
// "HTTP API"): the Kafka routes' pages and searches, and the matches of a
// query over topics. Keys, values and header values are bytes: text when
// valid UTF-8, else base64, with `<field>_encoding` saying which.

#include "broker/kafka/KafkaAdmin.h"

#include <QJsonObject>

#include <optional>

namespace depot::http {

// ISO 8601 UTC with milliseconds.
QString isoTime(qint64 ms);
// Bytes as `field` and `field_encoding` ("string" or "base64"); null (and no
// encoding) for none.
void putBytes(QJsonObject &o, const QString &field, const std::optional<QByteArray> &bytes);
// The reverse: `field` (absent or null: none) with `field_encoding`
// ("string", the default, or "base64"). `where` names the object in errors.
bool readBytes(const QJsonObject &o, const QString &field, const QString &where, std::optional<QByteArray> *out,
               QString *error);
QJsonObject recordJson(const kafka::RecordView &r);

} // namespace depot::http
