#include "broker/http/JsonMapping.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QJsonDocument>
#include <QJsonParseError>

#include <cmath>

namespace depot::http {

bool isValidUtf8(const QByteArray &bytes)
{
    // Invalid sequences decode to U+FFFD and so do not survive the round trip.
    return QString::fromUtf8(bytes).toUtf8() == bytes;
}

namespace {

// mochiweb's quote_plus, as RabbitMQ uses it for properties keys.
QString quotePlus(const QString &text)
{
    QString out;
    for (const char c : text.toUtf8()) {
        const auto u = static_cast<unsigned char>(c);
        if ((u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || u == '.' || u == '-'
            || u == '_')
            out.append(QLatin1Char(c));
        else if (u == ' ')
            out.append(QLatin1Char('+'));
        else
            out.append(QStringLiteral("%%1").arg(u, 2, 16, QLatin1Char('0')).toUpper());
    }
    return out;
}

// Canonical bytes for hashing binding arguments: keys sorted, types kept.
void canonical(const QVariant &v, QByteArray *out)
{
    const QJsonValue j = variantToJson(v);
    if (j.isObject()) {
        out->append(QJsonDocument(j.toObject()).toJson(QJsonDocument::Compact));
    } else if (j.isArray()) {
        out->append(QJsonDocument(j.toArray()).toJson(QJsonDocument::Compact));
    } else {
        out->append(QJsonDocument(QJsonArray{j}).toJson(QJsonDocument::Compact));
    }
}

} // namespace

QJsonValue variantToJson(const QVariant &v)
{
    if (!v.isValid() || v.isNull())
        return QJsonValue::Null;
    switch (v.typeId()) {
    case QMetaType::Bool:
        return v.toBool();
    case QMetaType::Int:
    case QMetaType::Short:
    case QMetaType::SChar:
    case QMetaType::Long:
    case QMetaType::LongLong:
    case QMetaType::UInt:
    case QMetaType::UShort:
    case QMetaType::UChar:
    case QMetaType::ULong:
    case QMetaType::ULongLong:
        return v.toLongLong();
    case QMetaType::Float:
    case QMetaType::Double:
        return v.toDouble();
    case QMetaType::QString:
        return v.toString();
    case QMetaType::QByteArray: {
        const QByteArray bytes = v.toByteArray();
        return isValidUtf8(bytes) ? QString::fromUtf8(bytes) : QString::fromLatin1(bytes.toBase64());
    }
    case QMetaType::QDateTime:
        // AMQP timestamps are whole seconds; RabbitMQ shows them as such.
        return v.toDateTime().toSecsSinceEpoch();
    case QMetaType::QVariantMap:
        return mapToJson(v.toMap());
    case QMetaType::QVariantList: {
        QJsonArray a;
        for (const QVariant &item : v.toList())
            a.append(variantToJson(item));
        return a;
    }
    default:
        break;
    }
    if (v.canConvert<Decimal>() && v.metaType() == QMetaType::fromType<Decimal>()) {
        const auto d = v.value<Decimal>();
        return double(d.value) / std::pow(10.0, d.scale);
    }
    if (v.metaType() == QMetaType::fromType<RawString>())
        return QString::fromLatin1(v.value<RawString>().bytes.toBase64());
    return v.toString();
}

QVariant jsonToVariant(const QJsonValue &j)
{
    switch (j.type()) {
    case QJsonValue::Bool:
        return j.toBool();
    case QJsonValue::Double: {
        const double d = j.toDouble();
        if (std::isfinite(d) && std::floor(d) == d && std::fabs(d) < 9.0e15)
            return QVariant::fromValue<qint64>(qint64(d));
        return d;
    }
    case QJsonValue::String:
        return j.toString();
    case QJsonValue::Array: {
        QVariantList list;
        for (const QJsonValue &item : j.toArray())
            list.append(jsonToVariant(item));
        return list;
    }
    case QJsonValue::Object:
        return jsonToMap(j.toObject());
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        break;
    }
    return {};
}

QJsonObject mapToJson(const QVariantMap &map)
{
    QJsonObject o;
    for (auto it = map.constBegin(); it != map.constEnd(); ++it)
        o.insert(it.key(), variantToJson(it.value()));
    return o;
}

QVariantMap jsonToMap(const QJsonObject &object)
{
    QVariantMap m;
    for (auto it = object.constBegin(); it != object.constEnd(); ++it)
        m.insert(it.key(), jsonToVariant(it.value()));
    return m;
}

QJsonObject propertiesToJson(const MessageProperties &p)
{
    QJsonObject o;
    if (p.contentType)
        o.insert(QStringLiteral("content_type"), *p.contentType);
    if (p.contentEncoding)
        o.insert(QStringLiteral("content_encoding"), *p.contentEncoding);
    if (p.priority)
        o.insert(QStringLiteral("priority"), int(*p.priority));
    if (p.correlationId)
        o.insert(QStringLiteral("correlation_id"), *p.correlationId);
    if (p.replyTo)
        o.insert(QStringLiteral("reply_to"), *p.replyTo);
    if (p.expiration)
        o.insert(QStringLiteral("expiration"), *p.expiration);
    if (p.messageId)
        o.insert(QStringLiteral("message_id"), *p.messageId);
    if (p.timestamp)
        o.insert(QStringLiteral("timestamp"), *p.timestamp);
    if (p.type)
        o.insert(QStringLiteral("type"), *p.type);
    if (p.userId)
        o.insert(QStringLiteral("user_id"), *p.userId);
    if (p.appId)
        o.insert(QStringLiteral("app_id"), *p.appId);
    if (p.clusterId)
        o.insert(QStringLiteral("cluster_id"), *p.clusterId);
    if (p.deliveryMode)
        o.insert(QStringLiteral("delivery_mode"), int(*p.deliveryMode));
    if (p.headers)
        o.insert(QStringLiteral("headers"), mapToJson(*p.headers));
    return o;
}

bool propertiesFromJson(const QJsonObject &json, MessageProperties *out, QString *error)
{
    // AMQP's basic properties by RabbitMQ's names. RabbitMQ drops any other
    // key silently, so a typo ("delivery_mod") would lose what it meant:
    // Depot refuses it, naming it.
    static const QStringList known{QStringLiteral("content_type"), QStringLiteral("content_encoding"),
        QStringLiteral("headers"), QStringLiteral("delivery_mode"), QStringLiteral("priority"),
        QStringLiteral("correlation_id"), QStringLiteral("reply_to"), QStringLiteral("expiration"),
        QStringLiteral("message_id"), QStringLiteral("timestamp"), QStringLiteral("type"), QStringLiteral("user_id"),
        QStringLiteral("app_id"), QStringLiteral("cluster_id")};
    for (auto it = json.constBegin(); it != json.constEnd(); ++it) {
        if (!known.contains(it.key())) {
            *error = QStringLiteral("unknown property '%1'; the properties are %2")
                         .arg(it.key(), known.join(QStringLiteral(", ")));
            return false;
        }
    }
    JsonFields f(json);
    MessageProperties p;
    const auto str = [&](const char *key, std::optional<QString> *slot) {
        const QString k = QString::fromLatin1(key);
        if (json.contains(k))
            *slot = f.string(k);
    };
    str("content_type", &p.contentType);
    str("content_encoding", &p.contentEncoding);
    str("correlation_id", &p.correlationId);
    str("reply_to", &p.replyTo);
    str("expiration", &p.expiration);
    str("message_id", &p.messageId);
    str("type", &p.type);
    str("user_id", &p.userId);
    str("app_id", &p.appId);
    str("cluster_id", &p.clusterId);
    if (json.contains(QStringLiteral("delivery_mode")))
        p.deliveryMode = quint8(f.integer(QStringLiteral("delivery_mode"), 1, 1, 2));
    if (json.contains(QStringLiteral("priority")))
        p.priority = quint8(f.integer(QStringLiteral("priority"), 0, 0, 255));
    if (json.contains(QStringLiteral("timestamp")))
        p.timestamp = f.integer(QStringLiteral("timestamp"), 0, 0, std::numeric_limits<qint64>::max());
    if (json.contains(QStringLiteral("headers")))
        p.headers = f.arguments(QStringLiteral("headers"));
    if (p.expiration) {
        bool ok = false;
        const qint64 ms = p.expiration->toLongLong(&ok);
        if (!ok || ms < 0)
            f.fail(QStringLiteral("property 'expiration' must be a non-negative number of milliseconds as a string"));
    }
    if (!f.ok()) {
        *error = f.error();
        return false;
    }
    *out = std::move(p);
    return true;
}

void putPayload(QJsonObject *out, const QByteArray &body, bool forceBase64, qint64 truncate)
{
    const QByteArray shown = truncate >= 0 && body.size() > truncate ? body.left(truncate) : body;
    out->insert(QStringLiteral("payload_bytes"), qint64(body.size()));
    if (!forceBase64 && isValidUtf8(shown)) {
        out->insert(QStringLiteral("payload"), QString::fromUtf8(shown));
        out->insert(QStringLiteral("payload_encoding"), QStringLiteral("string"));
    } else {
        out->insert(QStringLiteral("payload"), QString::fromLatin1(shown.toBase64()));
        out->insert(QStringLiteral("payload_encoding"), QStringLiteral("base64"));
    }
}

QJsonObject messageStatsJson(const Counters &totals, const std::array<double, CounterCount> &rates)
{
    // RabbitMQ's names for the counters Depot keeps.
    static const std::pair<Counter, const char *> names[] = {
        {Counter::Published, "publish"},         {Counter::Delivered, "deliver_get"},
        {Counter::Acknowledged, "ack"},          {Counter::Redelivered, "redeliver"},
        {Counter::Returned, "return_unroutable"},
    };
    QJsonObject o;
    for (const auto &[counter, name] : names) {
        const QString key = QString::fromLatin1(name);
        o.insert(key, qint64(totals[counter]));
        o.insert(key + QStringLiteral("_details"),
                 QJsonObject{{QStringLiteral("rate"), rates[size_t(counter)]}});
    }
    // Depot's own, not in RabbitMQ's message_stats.
    o.insert(QStringLiteral("dead_lettered"), qint64(totals[Counter::DeadLettered]));
    o.insert(QStringLiteral("expired"), qint64(totals[Counter::Expired]));
    return o;
}

namespace {

QString queueTypeName(const QString &xQueueType)
{
    if (xQueueType == QLatin1String("quorum") || xQueueType == QLatin1String("stream"))
        return xQueueType;
    return QStringLiteral("classic");
}

// RabbitMQ's fields for the policies that apply to a queue or exchange.
void putPolicyFields(QJsonObject *o, const AppliedPolicy &p)
{
    o->insert(QStringLiteral("policy"), p.policy.isEmpty() ? QJsonValue() : QJsonValue(p.policy));
    o->insert(QStringLiteral("operator_policy"),
        p.operatorPolicy.isEmpty() ? QJsonValue() : QJsonValue(p.operatorPolicy));
    o->insert(QStringLiteral("effective_policy_definition"), mapToJson(p.effectiveDefinition));
}

} // namespace

QJsonObject queueToJson(const QueueInfo &q, const QueueStats *stats)
{
    QJsonObject o{
        {QStringLiteral("name"), q.def.name},
        {QStringLiteral("vhost"), QStringLiteral("/")},
        {QStringLiteral("durable"), q.def.durable},
        {QStringLiteral("auto_delete"), q.def.autoDelete},
        {QStringLiteral("exclusive"), q.def.exclusive},
        {QStringLiteral("arguments"), mapToJson(q.def.arguments)},
        // RabbitMQ's type names: "quorum" and "stream" (a stream's messages
        // are its log's); every other kind, SQS's included, is "classic".
        {QStringLiteral("type"), queueTypeName(q.def.arguments.value(QStringLiteral("x-queue-type")).toString())},
        {QStringLiteral("state"), QStringLiteral("running")},
        {QStringLiteral("node"), QStringLiteral("depot@localhost")},
        {QStringLiteral("messages"), qint64(q.ready + q.unacked)},
        {QStringLiteral("messages_ready"), qint64(q.ready)},
        {QStringLiteral("messages_unacknowledged"), qint64(q.unacked)},
        {QStringLiteral("message_bytes"), qint64(q.bytes)},
        {QStringLiteral("consumers"), qint64(q.consumers)},
        // Depot's own: delivery stopped by the user, and the part of
        // messages_ready not visible yet (delayed, or waiting for a retry).
        {QStringLiteral("paused"), q.paused},
        {QStringLiteral("messages_delayed"), qint64(q.delayed)},
    };
    if (stats)
        o.insert(QStringLiteral("message_stats"), messageStatsJson(stats->totals, stats->rates));
    putPolicyFields(&o, q.policy);
    return o;
}

QJsonObject exchangeToJson(const ExchangeDef &e, const AppliedPolicy &policy)
{
    QJsonObject o{
        {QStringLiteral("name"), e.name},
        {QStringLiteral("vhost"), QStringLiteral("/")},
        {QStringLiteral("type"), exchangeTypeName(e.type)},
        {QStringLiteral("durable"), e.durable},
        {QStringLiteral("auto_delete"), e.autoDelete},
        {QStringLiteral("internal"), e.internal},
        {QStringLiteral("arguments"), mapToJson(e.arguments)},
    };
    putPolicyFields(&o, policy);
    return o;
}

QJsonObject policyToJson(const PolicyDef &p)
{
    return QJsonObject{
        {QStringLiteral("vhost"), p.vhost},
        {QStringLiteral("name"), p.name},
        {QStringLiteral("pattern"), p.pattern},
        {QStringLiteral("apply-to"), policy::applyToName(p.applyTo)},
        {QStringLiteral("definition"), mapToJson(p.definition)},
        {QStringLiteral("priority"), p.priority},
    };
}

bool policyFromJson(const QJsonObject &json, PolicyDef *out, QString *error)
{
    auto fail = [&](const QString &why) {
        *error = QStringLiteral("Validation failed\n\n%1\n").arg(why);
        return false;
    };
    // RabbitMQ's words for a missing key, as its management API answers.
    const auto missing = [&](const QString &key) {
        *error = QStringLiteral("[{key_missing,%1}]").arg(key);
        return false;
    };
    const QJsonValue pattern = json.value(QStringLiteral("pattern"));
    if (pattern.isUndefined() || pattern.isNull())
        return missing(QStringLiteral("pattern"));
    if (!pattern.isString())
        return fail(QStringLiteral("pattern should be a string, actually was %1")
                        .arg(QString::fromUtf8(QJsonDocument(QJsonArray{pattern}).toJson(QJsonDocument::Compact))));
    out->pattern = pattern.toString();
    const QJsonValue definition = json.value(QStringLiteral("definition"));
    if (definition.isUndefined() || definition.isNull())
        return missing(QStringLiteral("definition"));
    if (!definition.isObject())
        return fail(QStringLiteral("definition must be a dictionary: %1")
                        .arg(QString::fromUtf8(QJsonDocument(QJsonArray{definition}).toJson(QJsonDocument::Compact))));
    out->definition = jsonToMap(definition.toObject());
    const QJsonValue priority = json.value(QStringLiteral("priority"));
    if (priority.isDouble() && std::floor(priority.toDouble()) == priority.toDouble()
        && std::fabs(priority.toDouble()) < 9.0e15) {
        out->priority = qint64(priority.toDouble());
    } else if (priority.isString() && !priority.toString().isEmpty()) {
        // rabbitmqadmin and the web UI send it as text.
        bool ok = false;
        out->priority = priority.toString().toLongLong(&ok);
        if (!ok)
            return fail(QStringLiteral("priority should be a number, actually was <<\"%1\">>").arg(priority.toString()));
    } else if (priority.isUndefined() || priority.isNull()) {
        out->priority = 0;
    } else {
        return fail(QStringLiteral("priority should be a number, actually was %1")
                        .arg(QString::fromUtf8(QJsonDocument(QJsonArray{priority}).toJson(QJsonDocument::Compact))));
    }
    const QJsonValue applyTo = json.value(QStringLiteral("apply-to"));
    if (applyTo.isUndefined() || applyTo.isNull()) {
        out->applyTo = PolicyDef::ApplyTo::All;
    } else {
        const auto a = applyTo.isString() ? policy::applyToFromName(applyTo.toString()) : std::nullopt;
        if (!a)
            return fail(QStringLiteral("apply-to '%1' unrecognised; should be one of: 'queues', 'classic_queues', "
                                       " 'quorum_queues', 'streams', 'exchanges', or 'all'")
                            .arg(applyTo.toVariant().toString()));
        out->applyTo = *a;
    }
    return true;
}

QJsonObject bindingToJson(const BindingDef &b)
{
    return QJsonObject{
        {QStringLiteral("source"), b.source},
        {QStringLiteral("vhost"), QStringLiteral("/")},
        {QStringLiteral("destination"), b.destination},
        {QStringLiteral("destination_type"),
         b.destinationKind == DestinationKind::Queue ? QStringLiteral("queue") : QStringLiteral("exchange")},
        {QStringLiteral("routing_key"), b.routingKey},
        {QStringLiteral("arguments"), mapToJson(b.arguments)},
        {QStringLiteral("properties_key"), propertiesKey(b)},
    };
}

QString propertiesKey(const BindingDef &b)
{
    const auto quote = [](const QString &s) { return quotePlus(s).replace(QLatin1Char('~'), QStringLiteral("%7E")); };
    if (b.arguments.isEmpty())
        return b.routingKey.isEmpty() ? QStringLiteral("~") : quote(b.routingKey);
    QByteArray bytes;
    canonical(b.arguments, &bytes);
    const QByteArray hash = QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).left(4);
    const QString encoded = QString::fromLatin1(
        hash.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
    return quote(b.routingKey) + QLatin1Char('~') + quote(encoded);
}

QString exchangeFromUrl(const QString &urlName)
{
    return urlName == QLatin1String("amq.default") ? QString() : urlName;
}

std::optional<QJsonObject> parseObject(const QByteArray &body, HttpReply *error)
{
    if (body.trimmed().isEmpty())
        return QJsonObject{};
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *error = HttpReply::badRequest(QStringLiteral("malformed JSON at offset %1: %2")
                                           .arg(parseError.offset)
                                           .arg(parseError.errorString()));
        return std::nullopt;
    }
    if (!doc.isObject()) {
        *error = HttpReply::badRequest(QStringLiteral("the request body must be a JSON object"));
        return std::nullopt;
    }
    return doc.object();
}

void JsonFields::fail(const QString &error)
{
    if (m_error.isEmpty())
        m_error = error;
}

bool JsonFields::boolean(const QString &key, bool fallback)
{
    const QJsonValue v = m_object.value(key);
    if (v.isUndefined() || v.isNull())
        return fallback;
    if (v.isBool())
        return v.toBool();
    if (v.isString()) {
        if (v.toString() == QLatin1String("true"))
            return true;
        if (v.toString() == QLatin1String("false"))
            return false;
    }
    fail(QStringLiteral("field '%1' must be a boolean").arg(key));
    return fallback;
}

qint64 JsonFields::integer(const QString &key, qint64 fallback, qint64 min, qint64 max)
{
    const QJsonValue v = m_object.value(key);
    if (v.isUndefined() || v.isNull())
        return fallback;
    bool ok = false;
    qint64 n = 0;
    if (v.isDouble()) {
        const double d = v.toDouble();
        ok = std::floor(d) == d && std::fabs(d) < 9.0e15;
        n = qint64(d);
    } else if (v.isString()) {
        n = v.toString().toLongLong(&ok);
    }
    if (!ok) {
        fail(QStringLiteral("field '%1' must be an integer").arg(key));
        return fallback;
    }
    if (n < min || n > max) {
        fail(QStringLiteral("field '%1' must be between %2 and %3").arg(key).arg(min).arg(max));
        return fallback;
    }
    return n;
}

QString JsonFields::string(const QString &key, const QString &fallback)
{
    const QJsonValue v = m_object.value(key);
    if (v.isUndefined() || v.isNull())
        return fallback;
    if (!v.isString()) {
        fail(QStringLiteral("field '%1' must be a string").arg(key));
        return fallback;
    }
    return v.toString();
}

QString JsonFields::requiredString(const QString &key)
{
    if (!m_object.contains(key)) {
        fail(QStringLiteral("field '%1' is missing").arg(key));
        return {};
    }
    return string(key);
}

QVariantMap JsonFields::arguments(const QString &key)
{
    const QJsonValue v = m_object.value(key);
    if (v.isUndefined() || v.isNull())
        return {};
    // rabbitmqadmin sends "arguments": [] for none in some versions.
    if (v.isArray() && v.toArray().isEmpty())
        return {};
    if (!v.isObject()) {
        fail(QStringLiteral("field '%1' must be a JSON object").arg(key));
        return {};
    }
    return jsonToMap(v.toObject());
}

QJsonObject JsonFields::object(const QString &key)
{
    const QJsonValue v = m_object.value(key);
    if (v.isUndefined() || v.isNull())
        return {};
    if (v.isArray() && v.toArray().isEmpty())
        return {};
    if (!v.isObject()) {
        fail(QStringLiteral("field '%1' must be a JSON object").arg(key));
        return {};
    }
    return v.toObject();
}

} // namespace depot::http
