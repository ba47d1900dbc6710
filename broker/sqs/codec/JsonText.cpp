#include "broker/sqs/codec/JsonText.h"

#include "broker/json/JsonString.h"

#include <QJsonDocument>
#include <utility>

namespace depot::sqs {

void JsonText::beforeValue()
{
    if (m_afterKey) {
        m_afterKey = false;
        return;
    }
    if (!m_empty.empty()) {
        if (!m_empty.back())
            m_out += ',';
        m_empty.back() = false;
    }
}

JsonText &JsonText::beginObject()
{
    beforeValue();
    m_out += '{';
    m_empty.push_back(true);
    return *this;
}

JsonText &JsonText::endObject()
{
    m_out += '}';
    m_empty.pop_back();
    return *this;
}

JsonText &JsonText::beginArray()
{
    beforeValue();
    m_out += '[';
    m_empty.push_back(true);
    return *this;
}

JsonText &JsonText::endArray()
{
    m_out += ']';
    m_empty.pop_back();
    return *this;
}

JsonText &JsonText::key(QLatin1StringView name)
{
    beforeValue();
    m_out += '"';
    m_out.append(name.data(), name.size());
    m_out += "\":";
    m_afterKey = true;
    return *this;
}

JsonText &JsonText::string(QStringView text)
{
    beforeValue();
    quote(text);
    return *this;
}

JsonText &JsonText::string(QLatin1StringView text)
{
    return string(QStringView(QString(text)));
}

JsonText &JsonText::number(qint64 value)
{
    beforeValue();
    m_out += QByteArray::number(value);
    return *this;
}

JsonText &JsonText::boolean(bool value)
{
    beforeValue();
    m_out += value ? "true" : "false";
    return *this;
}

JsonText &JsonText::raw(const QByteArray &json)
{
    beforeValue();
    m_out += json;
    return *this;
}

JsonText &JsonText::object(const QJsonObject &value)
{
    return raw(QJsonDocument(value).toJson(QJsonDocument::Compact));
}

void JsonText::quote(QStringView text)
{
    json::appendString(m_out, text.toUtf8());
}

JsonTree &JsonTree::beginObject()
{
    m_open.push_back({QJsonObject(), std::exchange(m_key, QString())});
    return *this;
}

JsonTree &JsonTree::beginArray()
{
    m_open.push_back({QJsonArray(), std::exchange(m_key, QString())});
    return *this;
}

JsonTree &JsonTree::endObject()
{
    Open closed = std::move(m_open.back());
    m_open.pop_back();
    QJsonObject done = std::get<QJsonObject>(std::move(closed.container));
    if (m_open.empty()) {
        m_result = std::move(done);
        return *this;
    }
    m_key = std::move(closed.key);
    return value(done);
}

JsonTree &JsonTree::endArray()
{
    Open closed = std::move(m_open.back());
    m_open.pop_back();
    m_key = std::move(closed.key);
    return value(std::get<QJsonArray>(std::move(closed.container)));
}

JsonTree &JsonTree::key(QLatin1StringView name)
{
    m_key = QString(name);
    return *this;
}

JsonTree &JsonTree::value(const QJsonValue &v)
{
    Open &top = m_open.back();
    if (auto *object = std::get_if<QJsonObject>(&top.container))
        object->insert(std::exchange(m_key, QString()), v);
    else
        std::get<QJsonArray>(top.container).append(v);
    return *this;
}

} // namespace depot::sqs
