#include "ui/models/CopyAsCommand.h"

#include "broker/export/ExportFormat.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringDecoder>
#include <QUrl>
#include <cmath>
#include <optional>

namespace depot::ui {

namespace {

// What a typed header value (ExportFormat's JSON form: {"int": 3}) is, in
// words, for a refusal.
QString typeWords(const QString &kind)
{
    if (kind == QLatin1String("byte"))
        return CopyAsCommand::tr("an 8-bit integer");
    if (kind == QLatin1String("ubyte"))
        return CopyAsCommand::tr("an unsigned 8-bit integer");
    if (kind == QLatin1String("short"))
        return CopyAsCommand::tr("a 16-bit integer");
    if (kind == QLatin1String("ushort"))
        return CopyAsCommand::tr("an unsigned 16-bit integer");
    if (kind == QLatin1String("int"))
        return CopyAsCommand::tr("a 32-bit integer");
    if (kind == QLatin1String("uint"))
        return CopyAsCommand::tr("an unsigned 32-bit integer");
    if (kind == QLatin1String("long"))
        return CopyAsCommand::tr("a 64-bit integer");
    if (kind == QLatin1String("float"))
        return CopyAsCommand::tr("a float");
    if (kind == QLatin1String("double"))
        return CopyAsCommand::tr("a double");
    if (kind == QLatin1String("decimal"))
        return CopyAsCommand::tr("a decimal");
    if (kind == QLatin1String("bytes"))
        return CopyAsCommand::tr("a byte array");
    if (kind == QLatin1String("timestamp"))
        return CopyAsCommand::tr("a timestamp");
    if (kind == QLatin1String("raw_string"))
        return CopyAsCommand::tr("a string that is not UTF-8");
    return kind;
}

// A typed value's kind and payload: {"int": 3} -> ("int", 3). Strings,
// booleans, null and arrays have no tag.
std::pair<QString, QJsonValue> tagOf(const QJsonValue &typed)
{
    if (!typed.isObject())
        return {};
    const QJsonObject o = typed.toObject();
    if (o.size() != 1)
        return {};
    return {o.constBegin().key(), o.constBegin().value()};
}

QString childPath(const QString &path, const QString &key)
{
    return path.isEmpty() ? key : path + QLatin1Char('.') + key;
}

QString indexPath(const QString &path, qsizetype i)
{
    return QStringLiteral("%1[%2]").arg(path).arg(i);
}

// The body as text a command can carry as it is: valid UTF-8 without NUL
// or control characters other than line breaks and tabs (a terminal or a
// clipboard may not keep those).
std::optional<QString> plainText(const QByteArray &body)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString text = decoder.decode(body);
    if (decoder.hasError())
        return std::nullopt;
    for (QChar c : text) {
        if (c.unicode() < 0x20 && c != u'\n' && c != u'\t')
            return std::nullopt;
        if (c.unicode() == 0x7f)
            return std::nullopt;
    }
    return text;
}

bool isUtf8(const QByteArray &body)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString text = decoder.decode(body); // decoding happens here, in the conversion
    return !decoder.hasError();
}

QString hostForUrl(const QString &host)
{
    return host.contains(u':') ? QLatin1Char('[') + host + QLatin1Char(']') : host;
}

QString percent(const QString &segment)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(segment));
}

bool defaultAccount(const CopyTarget &t)
{
    return t.user == QLatin1String("guest") && t.password == QLatin1String("guest");
}

// ---- curl: the headers as RabbitMQ's publish route reads them ----

// A typed value as plain JSON that the publish route reads back as the same
// type (Depot's JsonMapping: a whole number is an int64 when under 9e15, any
// other number a double, an object a table), or nothing with *why set.
std::optional<QJsonValue> plainJson(const QJsonValue &typed, const QString &path, QString *why)
{
    if (typed.isString() || typed.isBool() || typed.isNull())
        return typed;
    if (typed.isArray()) {
        QJsonArray out;
        const QJsonArray in = typed.toArray();
        for (qsizetype i = 0; i < in.size(); ++i) {
            const auto v = plainJson(in.at(i), indexPath(path, i), why);
            if (!v)
                return std::nullopt;
            out.append(*v);
        }
        return out;
    }
    const auto [kind, payload] = tagOf(typed);
    if (kind == QLatin1String("table")) {
        QJsonObject out;
        const QJsonObject in = payload.toObject();
        for (auto it = in.constBegin(); it != in.constEnd(); ++it) {
            const auto v = plainJson(it.value(), childPath(path, it.key()), why);
            if (!v)
                return std::nullopt;
            out.insert(it.key(), *v);
        }
        return out;
    }
    if (kind == QLatin1String("long") && payload.isDouble()) {
        const qint64 n = payload.toInteger();
        if (std::llabs(n) < 9'000'000'000'000'000LL)
            return QJsonValue(n);
    }
    if (kind == QLatin1String("double") && payload.isDouble()) {
        const double d = payload.toDouble();
        if (std::isfinite(d) && std::floor(d) != d)
            return d;
    }
    *why = path;
    return std::nullopt;
}

std::optional<QJsonObject> plainHeaders(const QVariantMap &headers, QString *why)
{
    QJsonObject out;
    const QJsonObject typed = exportformat::encodeTable(headers);
    for (auto it = typed.constBegin(); it != typed.constEnd(); ++it) {
        const auto v = plainJson(it.value(), it.key(), why);
        if (!v)
            return std::nullopt;
        out.insert(it.key(), *v);
    }
    return out;
}

QJsonObject propertiesJson(const MessageProperties &p, const QJsonObject &headers)
{
    QJsonObject o;
    const auto str = [&o](const char *key, const std::optional<QString> &v) {
        if (v)
            o.insert(QLatin1String(key), *v);
    };
    str("content_type", p.contentType);
    str("content_encoding", p.contentEncoding);
    str("correlation_id", p.correlationId);
    str("reply_to", p.replyTo);
    str("expiration", p.expiration);
    str("message_id", p.messageId);
    str("type", p.type);
    str("user_id", p.userId);
    str("app_id", p.appId);
    str("cluster_id", p.clusterId);
    if (p.deliveryMode)
        o.insert(QStringLiteral("delivery_mode"), int(*p.deliveryMode));
    if (p.priority)
        o.insert(QStringLiteral("priority"), int(*p.priority));
    if (p.timestamp)
        o.insert(QStringLiteral("timestamp"), *p.timestamp);
    if (p.headers)
        o.insert(QStringLiteral("headers"), headers);
    return o;
}

// ---- pika: a typed value as a Python expression pika encodes as that type ----

std::optional<QString> pythonValue(const QJsonValue &typed, const QString &path, QSet<QString> *imports, QString *why)
{
    if (typed.isString())
        return CopyAsCommand::pythonString(typed.toString());
    if (typed.isBool())
        return typed.toBool() ? QStringLiteral("True") : QStringLiteral("False");
    if (typed.isNull())
        return QStringLiteral("None");
    if (typed.isArray()) {
        QStringList items;
        const QJsonArray in = typed.toArray();
        for (qsizetype i = 0; i < in.size(); ++i) {
            const auto v = pythonValue(in.at(i), indexPath(path, i), imports, why);
            if (!v)
                return std::nullopt;
            items.append(*v);
        }
        return QLatin1Char('[') + items.join(QStringLiteral(", ")) + QLatin1Char(']');
    }
    const auto [kind, payload] = tagOf(typed);
    if (kind == QLatin1String("table")) {
        QStringList items;
        const QJsonObject in = payload.toObject();
        for (auto it = in.constBegin(); it != in.constEnd(); ++it) {
            const auto v = pythonValue(it.value(), childPath(path, it.key()), imports, why);
            if (!v)
                return std::nullopt;
            items.append(CopyAsCommand::pythonString(it.key()) + QStringLiteral(": ") + *v);
        }
        return QLatin1Char('{') + items.join(QStringLiteral(", ")) + QLatin1Char('}');
    }
    if (kind == QLatin1String("int"))
        return QString::number(payload.toInteger());
    if (kind == QLatin1String("long")) {
        imports->insert(QStringLiteral("from pika.compat import long"));
        return QStringLiteral("long(%1)").arg(payload.toInteger());
    }
    if (kind == QLatin1String("bytes"))
        return CopyAsCommand::pythonBytes(QByteArray::fromBase64(payload.toString().toLatin1()));
    if (kind == QLatin1String("decimal")) {
        // pika normalises a Decimal before sending it: 3.10 goes out as 3.1.
        const int scale = payload[QLatin1String("scale")].toInt();
        const qint64 value = payload[QLatin1String("value")].toInteger();
        if (scale == 0 || value % 10 != 0) {
            imports->insert(QStringLiteral("import decimal"));
            return QStringLiteral("decimal.Decimal(%1).scaleb(-%2)").arg(value).arg(scale);
        }
        *why = CopyAsCommand::tr("header '%1' is a decimal with trailing zeros (%2 at scale %3), which pika drops")
                   .arg(path)
                   .arg(value)
                   .arg(scale);
        return std::nullopt;
    }
    if (kind == QLatin1String("timestamp")) {
        const qint64 seconds = payload.toInteger();
        if (seconds >= 0 && seconds <= 253402300799LL) {
            imports->insert(QStringLiteral("import datetime"));
            return QStringLiteral("datetime.datetime.fromtimestamp(%1, datetime.timezone.utc)").arg(seconds);
        }
    }
    *why = CopyAsCommand::tr("header '%1' is %2, which pika cannot send: it sends whole numbers as 32- or "
                             "64-bit integers and has no float or double")
               .arg(path, typeWords(kind));
    return std::nullopt;
}

} // namespace

QString CopyAsCommand::formatName(Format format)
{
    switch (format) {
    case Format::Curl:
        return tr("curl (Depot HTTP API)");
    case Format::Pika:
        return tr("pika (Python)");
    case Format::AmqpPublish:
        return tr("amqp-publish");
    }
    return {};
}

QString CopyAsCommand::objectName(Format format)
{
    switch (format) {
    case Format::Curl:
        return QStringLiteral("copyAsCurl");
    case Format::Pika:
        return QStringLiteral("copyAsPika");
    case Format::AmqpPublish:
        return QStringLiteral("copyAsAmqpPublish");
    }
    return {};
}

CopyAsCommand::Outcome CopyAsCommand::generate(Format format, const MessageContent &message, const CopyTarget &target)
{
    // A listener that is off (--amqp-port 0, --http-port 0) has no port to name.
    if (format == Format::Curl && target.httpPort == 0)
        return {{}, tr("Depot's HTTP API is off (--http-port 0): a curl command would have nowhere to go.")};
    if (format != Format::Curl && target.amqpPort == 0)
        return {{}, tr("Depot's AMQP listener is off (--amqp-port 0): %1 would have nowhere to connect.")
                        .arg(formatName(format))};
    switch (format) {
    case Format::Curl:
        return curl(message, target);
    case Format::Pika:
        return pika(message, target);
    case Format::AmqpPublish:
        return amqpPublish(message, target);
    }
    return {};
}

QString CopyAsCommand::shellQuote(const QString &s)
{
    bool safe = !s.isEmpty();
    for (QChar c : s) {
        const char16_t u = c.unicode();
        const bool ok = (u >= u'a' && u <= u'z') || (u >= u'A' && u <= u'Z') || (u >= u'0' && u <= u'9')
            || QStringView(u"_@%+=:,./-").contains(c);
        if (!ok) {
            safe = false;
            break;
        }
    }
    if (safe)
        return s;
    QString out = s;
    out.replace(QLatin1Char('\''), QStringLiteral("'\\''"));
    return QLatin1Char('\'') + out + QLatin1Char('\'');
}

QString CopyAsCommand::pythonString(const QString &s)
{
    QString out = QStringLiteral("\"");
    for (char32_t c : s.toUcs4()) {
        switch (c) {
        case U'\\':
            out += QStringLiteral("\\\\");
            break;
        case U'"':
            out += QStringLiteral("\\\"");
            break;
        case U'\n':
            out += QStringLiteral("\\n");
            break;
        case U'\r':
            out += QStringLiteral("\\r");
            break;
        case U'\t':
            out += QStringLiteral("\\t");
            break;
        default:
            if (c >= 0x20 && c < 0x7f)
                out += QChar(char16_t(c));
            else if (c < 0x100)
                out += QStringLiteral("\\x%1").arg(uint(c), 2, 16, QLatin1Char('0'));
            else if (c < 0x10000)
                out += QStringLiteral("\\u%1").arg(uint(c), 4, 16, QLatin1Char('0'));
            else
                out += QStringLiteral("\\U%1").arg(uint(c), 8, 16, QLatin1Char('0'));
        }
    }
    return out + QLatin1Char('"');
}

QString CopyAsCommand::pythonBytes(const QByteArray &bytes)
{
    QString out = QStringLiteral("b\"");
    for (char ch : bytes) {
        const auto c = quint8(ch);
        if (c == '\\' || c == '"')
            out += QLatin1Char('\\') + QLatin1Char(char(c));
        else if (c == '\n')
            out += QStringLiteral("\\n");
        else if (c >= 0x20 && c < 0x7f)
            out += QLatin1Char(char(c));
        else
            out += QStringLiteral("\\x%1").arg(uint(c), 2, 16, QLatin1Char('0'));
    }
    return out + QLatin1Char('"');
}

CopyAsCommand::Outcome CopyAsCommand::curl(const MessageContent &message, const CopyTarget &target)
{
    const QString exchange = message.exchange.isEmpty() ? QStringLiteral("amq.default") : message.exchange;
    const QString base = QStringLiteral("http://%1:%2").arg(hostForUrl(target.host)).arg(target.httpPort);
    const QString account = defaultAccount(target)
        ? QStringLiteral("-u guest:guest")
        : QStringLiteral("-u ") + shellQuote(target.user + QLatin1Char(':')) + QStringLiteral("\"$DEPOT_PASSWORD\"");
    const QString curlFlags = QStringLiteral("curl -sS --fail-with-body ") + account;

    QString unplain;
    const auto headers = message.properties.headers ? plainHeaders(*message.properties.headers, &unplain)
                                                    : std::optional<QJsonObject>(QJsonObject());
    if (headers) {
        // RabbitMQ's publish route: every header is plain JSON there.
        QJsonObject request{
            {QStringLiteral("routing_key"), message.routingKey},
            {QStringLiteral("properties"), propertiesJson(message.properties, *headers)},
        };
        if (isUtf8(message.body)) {
            request.insert(QStringLiteral("payload"), QString::fromUtf8(message.body));
            request.insert(QStringLiteral("payload_encoding"), QStringLiteral("string"));
        } else {
            request.insert(QStringLiteral("payload"), QString::fromLatin1(message.body.toBase64()));
            request.insert(QStringLiteral("payload_encoding"), QStringLiteral("base64"));
        }
        const QString json = QString::fromUtf8(QJsonDocument(request).toJson(QJsonDocument::Compact));
        const QString url
            = base + QStringLiteral("/api/exchanges/%1/%2/publish").arg(percent(target.vhost), percent(exchange));
        return {QStringLiteral("printf '%s' ") + shellQuote(json) + QStringLiteral(" | ") + curlFlags
                    + QStringLiteral(" -H 'content-type: application/json' --data-binary @- ") + shellQuote(url),
            {}};
    }
    // A header plain JSON cannot type: Depot's import through the exchange,
    // a one-message file in the export format, which types every value.
    exportformat::Header header;
    header.exportedAt = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
    header.vhost = target.vhost;
    header.queue = target.sourceQueue;
    header.producer = QStringLiteral("Depot %1").arg(QCoreApplication::applicationVersion());
    exportformat::ExportedMessage exported;
    exported.content = message;
    exported.content.deaths = {};
    const QString file = QString::fromUtf8(exportformat::encodeHeader(header)).trimmed();
    const QString line = QString::fromUtf8(exportformat::encodeMessage(exported)).trimmed();
    const QString url
        = base + QStringLiteral("/api/depot/exchanges/%1/%2/import").arg(percent(target.vhost), percent(exchange));
    return {QStringLiteral("printf '%s\\n' ") + shellQuote(file) + QLatin1Char(' ') + shellQuote(line)
                + QStringLiteral(" | ") + curlFlags
                + QStringLiteral(" -H 'content-type: application/x-ndjson' --data-binary @- ") + shellQuote(url),
        {}};
}

CopyAsCommand::Outcome CopyAsCommand::pika(const MessageContent &message, const CopyTarget &target)
{
    QSet<QString> imports;
    QStringList properties;
    const MessageProperties &p = message.properties;
    const auto str = [&properties](const char *key, const std::optional<QString> &v) {
        if (v)
            properties.append(QStringLiteral("        %1=%2,").arg(QLatin1String(key), pythonString(*v)));
    };
    const auto number = [&properties](const char *key, const auto &v) {
        if (v)
            properties.append(QStringLiteral("        %1=%2,").arg(QLatin1String(key)).arg(qint64(*v)));
    };
    str("content_type", p.contentType);
    str("content_encoding", p.contentEncoding);
    number("delivery_mode", p.deliveryMode);
    number("priority", p.priority);
    str("correlation_id", p.correlationId);
    str("reply_to", p.replyTo);
    str("expiration", p.expiration);
    str("message_id", p.messageId);
    number("timestamp", p.timestamp);
    str("type", p.type);
    str("user_id", p.userId);
    str("app_id", p.appId);
    str("cluster_id", p.clusterId);
    if (p.headers) {
        QString why;
        const QJsonObject typed = exportformat::encodeTable(*p.headers);
        QStringList items;
        for (auto it = typed.constBegin(); it != typed.constEnd(); ++it) {
            const auto v = pythonValue(it.value(), it.key(), &imports, &why);
            if (!v)
                return {{}, tr("pika cannot republish this message exactly: %1.").arg(why)};
            items.append(QStringLiteral("            %1: %2,").arg(pythonString(it.key()), *v));
        }
        properties.append(items.isEmpty() ? QStringLiteral("        headers={},")
                                          : QStringLiteral("        headers={\n%1\n        },").arg(items.join(u'\n')));
    }
    const auto text = plainText(message.body);
    const QString body = text ? pythonString(*text) + QStringLiteral(".encode(\"utf-8\")") : pythonBytes(message.body);
    const bool guest = defaultAccount(target);
    if (!guest)
        imports.insert(QStringLiteral("import os"));
    QStringList importLines = imports.values();
    importLines.sort();
    importLines.prepend(QStringLiteral("import pika"));
    const QString password
        = guest ? pythonString(target.password) : QStringLiteral("os.environ[\"DEPOT_PASSWORD\"]");
    QString script = importLines.join(u'\n') + QStringLiteral("\n\n");
    script += QStringLiteral("credentials = pika.PlainCredentials(%1, %2)\n").arg(pythonString(target.user), password);
    script += QStringLiteral("parameters = pika.ConnectionParameters(host=%1, port=%2, virtual_host=%3, "
                             "credentials=credentials)\n")
                  .arg(pythonString(target.host))
                  .arg(target.amqpPort)
                  .arg(pythonString(target.vhost));
    script += QStringLiteral("connection = pika.BlockingConnection(parameters)\n"
                             "channel = connection.channel()\n"
                             "channel.confirm_delivery()\n"
                             "channel.basic_publish(\n");
    script += QStringLiteral("    exchange=%1,\n    routing_key=%2,\n")
                  .arg(pythonString(message.exchange), pythonString(message.routingKey));
    script += QStringLiteral("    properties=pika.BasicProperties(\n%1\n    ),\n").arg(properties.join(u'\n'));
    if (properties.isEmpty())
        script.replace(QStringLiteral("BasicProperties(\n\n    )"), QStringLiteral("BasicProperties()"));
    // mandatory: a republish that reaches no queue raises instead of vanishing.
    script += QStringLiteral("    body=%1,\n    mandatory=True,\n)\nconnection.close()\n").arg(body);
    return {script, {}};
}

CopyAsCommand::Outcome CopyAsCommand::amqpPublish(const MessageContent &message, const CopyTarget &target)
{
    const MessageProperties &p = message.properties;
    QStringList unsupported;
    const auto check = [&unsupported](const char *name, bool present) {
        if (present)
            unsupported.append(QLatin1String(name));
    };
    check("priority", p.priority.has_value());
    check("correlation_id", p.correlationId.has_value());
    check("expiration", p.expiration.has_value());
    check("message_id", p.messageId.has_value());
    check("timestamp", p.timestamp.has_value());
    check("type", p.type.has_value());
    check("user_id", p.userId.has_value());
    check("app_id", p.appId.has_value());
    check("cluster_id", p.clusterId.has_value());
    const QString what = tr("amqp-publish sets only the content type, content encoding, reply-to, the delivery mode "
                            "and text headers");
    if (!unsupported.isEmpty())
        return {{}, tr("amqp-publish cannot republish this message exactly: it has %1 (%2).")
                        .arg(unsupported.join(QStringLiteral(", ")), what)};
    if (!p.deliveryMode)
        return {{}, tr("amqp-publish cannot republish this message exactly: it always sets a delivery mode, and "
                       "this message has none.")};
    QStringList args{QStringLiteral("amqp-publish"), QStringLiteral("--server"), shellQuote(target.host),
        QStringLiteral("--port"), QString::number(target.amqpPort)};
    if (target.vhost != QLatin1String("/"))
        args << QStringLiteral("--vhost") << shellQuote(target.vhost);
    args << QStringLiteral("--username") << shellQuote(target.user) << QStringLiteral("--password")
         << (defaultAccount(target) ? shellQuote(target.password) : QStringLiteral("\"$DEPOT_PASSWORD\""));
    args << QStringLiteral("-e") << shellQuote(message.exchange) << QStringLiteral("-r")
         << shellQuote(message.routingKey);
    if (p.contentType)
        args << QStringLiteral("-C") << shellQuote(*p.contentType);
    if (p.contentEncoding)
        args << QStringLiteral("-E") << shellQuote(*p.contentEncoding);
    if (p.replyTo)
        args << QStringLiteral("-t") << shellQuote(*p.replyTo);
    if (*p.deliveryMode == 2)
        args << QStringLiteral("-p");
    if (p.headers) {
        if (p.headers->isEmpty())
            return {{}, tr("amqp-publish cannot republish this message exactly: it has an empty header table, "
                           "which amqp-publish cannot send.")};
        for (auto it = p.headers->constBegin(); it != p.headers->constEnd(); ++it) {
            const QString &key = it.key();
            const QJsonValue typed = exportformat::encodeFieldValue(it.value());
            if (!typed.isString()) {
                return {{}, tr("amqp-publish cannot republish this message exactly: header '%1' is not text (%2).")
                                .arg(key, what)};
            }
            const QString value = typed.toString();
            if (key.contains(u':') || key.contains(QChar(0)) || value.startsWith(u' ') || value.contains(QChar(0))) {
                return {{}, tr("amqp-publish cannot republish this message exactly: it cannot send header '%1' as "
                               "it is (a ':' in its name, or a value starting with a space).")
                                .arg(key)};
            }
            args << QStringLiteral("-H") << shellQuote(key + QStringLiteral(": ") + value);
        }
    }
    const auto text = plainText(message.body);
    const QString source = QStringLiteral("printf '%s' ")
        + (text ? shellQuote(*text)
                : shellQuote(QString::fromLatin1(message.body.toBase64())) + QStringLiteral(" | base64 -d"));
    return {source + QStringLiteral(" | ") + args.join(u' '), {}};
}

} // namespace depot::ui
