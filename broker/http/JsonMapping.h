#pragma once

// JsonMapping: Depot's objects in the JSON shapes of RabbitMQ's management
// API (same field names, same nesting), and the reverse for what clients
// send: arguments, headers and message properties.
//
// Integral JSON numbers become qint64 and others double, so an argument such
// as x-message-ttl reaches the engine as the integer AMQP would carry.

#include "broker/engine/Engine.h"
#include "broker/http/HttpReply.h"
#include "broker/stats/Stats.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>

#include <optional>

namespace depot::http {

QJsonValue variantToJson(const QVariant &value);
QVariant jsonToVariant(const QJsonValue &value);
QJsonObject mapToJson(const QVariantMap &map);
QVariantMap jsonToMap(const QJsonObject &object);

QJsonObject propertiesToJson(const MessageProperties &properties);
// Fills `out` from RabbitMQ's "properties" object; unknown keys are ignored as
// RabbitMQ does, wrong types are an error naming the field.
bool propertiesFromJson(const QJsonObject &json, MessageProperties *out, QString *error);

// Whether the bytes are valid UTF-8 (they survive a round trip through QString).
bool isValidUtf8(const QByteArray &bytes);

// The body as RabbitMQ's get answers it: "string" when it is valid UTF-8 (and
// encoding is auto), else base64; at most `truncate` bytes when >= 0.
void putPayload(QJsonObject *out, const QByteArray &body, bool forceBase64, qint64 truncate = -1);

QJsonObject messageStatsJson(const Counters &totals, const std::array<double, CounterCount> &rates);
QJsonObject queueToJson(const QueueInfo &queue, const QueueStats *stats);
// `policy`: what applies to the exchange (Engine::exchangePolicy), shown as
// RabbitMQ shows it; empty for none.
QJsonObject exchangeToJson(const ExchangeDef &exchange, const AppliedPolicy &policy = {});
// A policy in RabbitMQ's shape (vhost, name, pattern, apply-to, definition,
// priority).
QJsonObject policyToJson(const PolicyDef &policy);
// Reads a policy's pattern, definition, priority and apply-to from a PUT
// body or a definitions entry, as RabbitMQ's management API reads them
// (priority may be a numeric string, apply-to defaults to all); false with
// RabbitMQ's text when one is missing or of the wrong type.
bool policyFromJson(const QJsonObject &json, PolicyDef *out, QString *error);
QJsonObject bindingToJson(const BindingDef &binding);

// RabbitMQ's "properties key" naming one binding in a URL: "~" for no key and
// no arguments, the quoted routing key alone without arguments, else the key,
// "~" and a hash of the arguments. Without arguments it is exactly
// RabbitMQ's; with them the hash is Depot's own (RabbitMQ hashes its
// internal term format), and clients take it from a listing, never compute it.
QString propertiesKey(const BindingDef &binding);

// The default exchange is "" in Depot and "amq.default" in URLs.
QString exchangeFromUrl(const QString &urlName);

// Parses a request body as a JSON object. An empty body is an empty object.
std::optional<QJsonObject> parseObject(const QByteArray &body, HttpReply *error);

// Reads fields of a request object with RabbitMQ's leniency: booleans and
// numbers may also arrive as strings ("true", "5"), since rabbitmqadmin sends
// them so. The first problem is kept; ok() says whether there was one.
class JsonFields final
{
public:
    explicit JsonFields(const QJsonObject &object) : m_object(object) {}

    bool boolean(const QString &key, bool fallback);
    qint64 integer(const QString &key, qint64 fallback, qint64 min, qint64 max);
    QString string(const QString &key, const QString &fallback = QString());
    QString requiredString(const QString &key);
    QVariantMap arguments(const QString &key);
    QJsonObject object(const QString &key);

    bool ok() const { return m_error.isEmpty(); }
    QString error() const { return m_error; }
    void fail(const QString &error);

private:
    QJsonObject m_object;
    QString m_error;
};

} // namespace depot::http
