#include "ui/remote/RemoteMessage.h"

#include "broker/amqp/codec/XDeath.h"
#include "ui/remote/AmqpSession.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QTimeZone>
#include <QJsonObject>

#include <cmath>

namespace depot::ui::remote {

namespace {

// JSON numbers are doubles: whole ones become integers, as the AMQP field
// table had them (x-death's count is a long).
QVariant fromJson(const QJsonValue &value)
{
    if (value.isDouble()) {
        const double d = value.toDouble();
        if (std::floor(d) == d && std::abs(d) < 9.0e15)
            return qint64(d);
        return d;
    }
    if (value.isArray()) {
        QVariantList list;
        for (const QJsonValue &v : value.toArray())
            list.append(fromJson(v));
        return list;
    }
    if (value.isObject()) {
        QVariantMap map;
        const QJsonObject o = value.toObject();
        for (auto it = o.begin(); it != o.end(); ++it)
            map.insert(it.key(), fromJson(it.value()));
        return map;
    }
    return value.toVariant();
}

// The management API renders x-death's `time` (a timestamp on the wire) as
// seconds: back to a timestamp, as an AMQP client reads it.
QVariantMap headersFromJson(const QJsonObject &json)
{
    QVariantMap headers = fromJson(json).toMap();
    const auto xDeath = headers.find(QStringLiteral("x-death"));
    if (xDeath != headers.end() && xDeath->typeId() == QMetaType::QVariantList) {
        QVariantList entries = xDeath->toList();
        for (QVariant &entry : entries) {
            QVariantMap record = entry.toMap();
            const QVariant time = record.value(QStringLiteral("time"));
            if (time.typeId() == QMetaType::LongLong)
                record.insert(QStringLiteral("time"), QDateTime::fromSecsSinceEpoch(time.toLongLong(), Qt::UTC));
            entry = record;
        }
        *xDeath = entries;
    }
    return headers;
}

std::optional<QString> str(const QJsonObject &o, const char *key)
{
    const QJsonValue v = o.value(QLatin1String(key));
    if (v.isUndefined() || v.isNull())
        return std::nullopt;
    return v.isString() ? v.toString() : QString::number(v.toDouble(), 'g', 17);
}

MessageView viewOf(MessageContent content, quint64 position, quint32 size, bool redelivered)
{
    content.deaths = amqp::xdeath::takeHistory(content.properties);
    MessageView view;
    view.position = position;
    view.state.bodySize = size;
    view.state.redelivered = redelivered;
    view.state.deliveryCount = redelivered ? 1 : 0;
    view.state.persistent = content.properties.persistent();
    view.state.priority = content.properties.priority.value_or(0);
    view.state.content = std::make_shared<const MessageContent>(std::move(content));
    return view;
}

} // namespace

QString keyOf(const QString &routingKey, const QByteArray &body)
{
    QCryptographicHash hash(QCryptographicHash::Sha1);
    hash.addData(routingKey.toUtf8());
    hash.addData(QByteArrayView("\0", 1));
    hash.addData(body);
    return QString::fromLatin1(hash.result().toHex());
}

QList<RemoteMessage> messagesFromGetJson(const QJsonArray &answer, QString *error)
{
    QList<RemoteMessage> out;
    quint64 position = 0;
    for (const QJsonValue &entry : answer) {
        if (!entry.isObject()) {
            if (error)
                *error = QStringLiteral("a message is not a JSON object");
            return {};
        }
        const QJsonObject o = entry.toObject();
        MessageContent content;
        content.exchange = o.value(QLatin1String("exchange")).toString();
        content.routingKey = o.value(QLatin1String("routing_key")).toString();
        const QString payload = o.value(QLatin1String("payload")).toString();
        const QString encoding = o.value(QLatin1String("payload_encoding")).toString();
        if (encoding == u"base64") {
            content.body = QByteArray::fromBase64(payload.toLatin1());
        } else if (encoding == u"string" || encoding.isEmpty()) {
            content.body = payload.toUtf8();
        } else {
            if (error)
                *error = QStringLiteral("unknown payload_encoding \"%1\"").arg(encoding);
            return {};
        }
        const QJsonObject p = o.value(QLatin1String("properties")).toObject();
        MessageProperties &m = content.properties;
        m.contentType = str(p, "content_type");
        m.contentEncoding = str(p, "content_encoding");
        if (p.value(QLatin1String("headers")).isObject())
            m.headers = headersFromJson(p.value(QLatin1String("headers")).toObject());
        if (p.contains(QLatin1String("delivery_mode")))
            m.deliveryMode = quint8(p.value(QLatin1String("delivery_mode")).toInt());
        if (p.contains(QLatin1String("priority")))
            m.priority = quint8(p.value(QLatin1String("priority")).toInt());
        m.correlationId = str(p, "correlation_id");
        m.replyTo = str(p, "reply_to");
        m.expiration = str(p, "expiration");
        m.messageId = str(p, "message_id");
        if (p.contains(QLatin1String("timestamp")))
            m.timestamp = qint64(p.value(QLatin1String("timestamp")).toDouble());
        m.type = str(p, "type");
        m.userId = str(p, "user_id");
        m.appId = str(p, "app_id");
        m.clusterId = str(p, "cluster_id");
        RemoteMessage r;
        r.redelivered = o.value(QLatin1String("redelivered")).toBool();
        r.key = keyOf(content.routingKey, content.body);
        const auto size = quint32(o.value(QLatin1String("payload_bytes")).toDouble(double(content.body.size())));
        r.view = viewOf(std::move(content), position++, size, r.redelivered);
        out.append(std::move(r));
    }
    return out;
}

RemoteMessage messageFromAmqp(const AmqpMessage &message, quint64 position)
{
    RemoteMessage r;
    r.redelivered = message.redelivered;
    r.streamOffset = message.streamOffset;
    r.key = keyOf(message.content.routingKey, message.content.body);
    r.view = viewOf(message.content, position, quint32(message.content.body.size()), message.redelivered);
    return r;
}

bool matchesFilter(const MessageContent &content, const QString &filter)
{
    if (filter.isEmpty())
        return true;
    const auto has = [&filter](const QString &s) { return s.contains(filter, Qt::CaseInsensitive); };
    if (has(QString::fromUtf8(content.body)) || has(content.routingKey))
        return true;
    if (!content.deaths.records.isEmpty()) {
        const DeathRecord &newest = content.deaths.records.first();
        if (has(newest.queue) || has(deathReasonName(newest.reason)))
            return true;
    }
    return false;
}

} // namespace depot::ui::remote
