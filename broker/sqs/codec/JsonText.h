#pragma once

// JsonText: writes compact JSON text straight into a byte array, for the
// answers the SQS listener sends most (SendMessageBatch, DeleteMessageBatch,
// ChangeMessageVisibilityBatch). Building a QJsonObject per entry, copying it
// into the answer and rendering it with QJsonDocument was about 40 % of the
// broker thread under SendMessageBatch load; writing the text once costs a
// fraction of that. The output is what QJsonDocument::toJson(Compact) would
// write for the same members (strings escaped the same way), so clients
// cannot tell which produced it.
//
// JsonTree has the same interface and builds a QJsonObject instead, for the
// query protocol, whose XML is rendered from an object. An answer is written
// once, as a template over the writer, and serves both protocols.

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <variant>
#include <vector>

namespace depot::sqs {

class JsonText final
{
public:
    JsonText() { m_out.reserve(512); }

    JsonText &beginObject();
    JsonText &endObject();
    JsonText &beginArray();
    JsonText &endArray();
    // A member's name, inside an object; the next value is its value.
    JsonText &key(QLatin1StringView name);
    JsonText &string(QStringView text);
    JsonText &string(QLatin1StringView text);
    JsonText &number(qint64 value);
    JsonText &boolean(bool value);
    // A value already written as compact JSON (e.g. by QJsonDocument).
    JsonText &raw(const QByteArray &json);
    JsonText &object(const QJsonObject &value);

    QByteArray take() { return std::move(m_out); }

private:
    void beforeValue();
    void quote(QStringView text);

    QByteArray m_out;
    // Per open object or array: whether it has no member yet.
    std::vector<bool> m_empty;
    bool m_afterKey = false;
};

// Builds the object JsonText would write: the same calls, a QJsonObject out.
class JsonTree final
{
public:
    JsonTree &beginObject();
    JsonTree &endObject();
    JsonTree &beginArray();
    JsonTree &endArray();
    JsonTree &key(QLatin1StringView name);
    JsonTree &string(QStringView text) { return value(text.toString()); }
    JsonTree &string(QLatin1StringView text) { return value(QString(text)); }
    JsonTree &number(qint64 n) { return value(n); }
    JsonTree &boolean(bool b) { return value(b); }
    JsonTree &object(const QJsonObject &o) { return value(o); }

    // The outermost object, once it is closed.
    QJsonObject take() { return std::move(m_result); }

private:
    JsonTree &value(const QJsonValue &v);

    struct Open
    {
        std::variant<QJsonObject, QJsonArray> container;
        QString key; // the key the container goes under in its parent
    };
    std::vector<Open> m_open;
    QString m_key; // the pending member name
    QJsonObject m_result;
};

} // namespace depot::sqs
