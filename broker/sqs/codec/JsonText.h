#pragma once

// JsonText: writes compact JSON text straight into a byte array, for the
// answers the SQS listener sends most (SendMessageBatch, DeleteMessageBatch,
// ChangeMessageVisibilityBatch). Building a QJsonObject per entry, copying it
// into the answer and rendering it with QJsonDocument was about 40 % of the
// broker thread under SendMessageBatch load; writing the text once costs a
// fraction of that. The output is what QJsonDocument::toJson(Compact) would
// write for the same members (strings escaped the same way), so clients
// cannot tell which produced it.

#include <QByteArray>
#include <QString>
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

    QByteArray take() { return std::move(m_out); }

private:
    void beforeValue();
    void quote(QStringView text);

    QByteArray m_out;
    // Per open object or array: whether it has no member yet.
    std::vector<bool> m_empty;
    bool m_afterKey = false;
};

} // namespace depot::sqs
