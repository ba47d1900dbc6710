#include "broker/export/ExportFormat.h"

#include "broker/export/ExportValues.h"
#include "broker/export/JsonLine.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <limits>
#include <type_traits>

namespace depot::exportformat {

using namespace detail;

namespace {

// Properties by the names RabbitMQ's management API gives them.
const QString kContentType = QStringLiteral("content_type");
const QString kContentEncoding = QStringLiteral("content_encoding");
const QString kDeliveryMode = QStringLiteral("delivery_mode");
const QString kPriority = QStringLiteral("priority");
const QString kCorrelationId = QStringLiteral("correlation_id");
const QString kReplyTo = QStringLiteral("reply_to");
const QString kExpiration = QStringLiteral("expiration");
const QString kMessageId = QStringLiteral("message_id");
const QString kTimestampProperty = QStringLiteral("timestamp");
const QString kType = QStringLiteral("type");
const QString kUserId = QStringLiteral("user_id");
const QString kAppId = QStringLiteral("app_id");
const QString kClusterId = QStringLiteral("cluster_id");

// The properties by name, sorted as Qt's JSON writer sorts an object's members.
void writeProperties(JsonLine &w, const MessageProperties &p)
{
    const auto put = [&w](const char *key, const auto &v) {
        if (!v)
            return;
        w.key(key);
        if constexpr (std::is_same_v<std::decay_t<decltype(*v)>, QString>)
            w.string(*v);
        else
            w.number(qint64(*v));
    };
    w.beginObject();
    put("app_id", p.appId);
    put("cluster_id", p.clusterId);
    put("content_encoding", p.contentEncoding);
    put("content_type", p.contentType);
    put("correlation_id", p.correlationId);
    put("delivery_mode", p.deliveryMode);
    put("expiration", p.expiration);
    put("message_id", p.messageId);
    put("priority", p.priority);
    put("reply_to", p.replyTo);
    put("timestamp", p.timestamp);
    put("type", p.type);
    put("user_id", p.userId);
    w.endObject();
}

bool readProperties(const QJsonObject &json, const QString &path, MessageProperties *p, Reader &r)
{
    Fields f(json, path, r);
    if (!f.only({kContentType, kContentEncoding, kDeliveryMode, kPriority, kCorrelationId, kReplyTo, kExpiration,
            kMessageId, kTimestampProperty, kType, kUserId, kAppId, kClusterId}))
        return false;
    p->contentType = f.string(kContentType, false);
    p->contentEncoding = f.string(kContentEncoding, false);
    if (const auto v = f.integer(kDeliveryMode, 1, 2, false))
        p->deliveryMode = quint8(*v);
    if (const auto v = f.integer(kPriority, 0, 255, false))
        p->priority = quint8(*v);
    p->correlationId = f.string(kCorrelationId, false);
    p->replyTo = f.string(kReplyTo, false);
    p->expiration = f.string(kExpiration, false);
    p->messageId = f.string(kMessageId, false);
    if (const auto v = f.integer(kTimestampProperty, 0, std::numeric_limits<qint64>::max(), false))
        p->timestamp = *v;
    p->type = f.string(kType, false);
    p->userId = f.string(kUserId, false);
    p->appId = f.string(kAppId, false);
    p->clusterId = f.string(kClusterId, false);
    return !f.failed();
}

QJsonObject deathJson(const DeathRecord &d)
{
    QJsonObject o{
        {QStringLiteral("queue"), d.queue},
        {QStringLiteral("reason"), deathReasonName(d.reason)},
        {QStringLiteral("count"), d.count},
        {QStringLiteral("time"), d.timeMs},
        {QStringLiteral("exchange"), d.exchange},
        {QStringLiteral("routing_keys"), QJsonArray::fromStringList(d.routingKeys)},
    };
    if (d.originalExpiration)
        o.insert(QStringLiteral("original_expiration"), *d.originalExpiration);
    return o;
}

std::optional<DeathReason> readReason(Fields &f, const QString &key, Reader &r)
{
    const auto name = f.string(key, true);
    if (!name)
        return std::nullopt;
    const auto reason = deathReasonFromName(*name);
    if (!reason)
        r.fail(f.path(key), QStringLiteral("must be rejected, expired, maxlen or delivery_limit, not '%1'").arg(*name));
    return reason;
}

bool readDeath(const QJsonValue &json, const QString &path, DeathRecord *d, Reader &r)
{
    if (!json.isObject())
        return r.fail(path, QStringLiteral("must be an object"));
    Fields f(json.toObject(), path, r);
    if (!f.only({QStringLiteral("queue"), QStringLiteral("reason"), QStringLiteral("count"), QStringLiteral("time"),
            QStringLiteral("exchange"), QStringLiteral("routing_keys"), QStringLiteral("original_expiration")}))
        return false;
    const auto queue = f.string(QStringLiteral("queue"), true);
    const auto reason = queue ? readReason(f, QStringLiteral("reason"), r) : std::nullopt;
    const auto count = f.integer(QStringLiteral("count"), 1, std::numeric_limits<qint64>::max(), true);
    const auto time = f.integer(QStringLiteral("time"), 0, std::numeric_limits<qint64>::max(), true);
    const auto exchange = f.string(QStringLiteral("exchange"), true);
    if (f.failed())
        return false;
    d->queue = *queue;
    d->reason = *reason;
    d->count = *count;
    d->timeMs = *time;
    d->exchange = *exchange;
    const QJsonValue keys = f.value(QStringLiteral("routing_keys"));
    if (!keys.isArray())
        return r.fail(f.path(QStringLiteral("routing_keys")), QStringLiteral("must be an array of strings"));
    for (const QJsonValue &k : keys.toArray()) {
        if (!k.isString())
            return r.fail(f.path(QStringLiteral("routing_keys")), QStringLiteral("must be an array of strings"));
        d->routingKeys.append(k.toString());
    }
    d->originalExpiration = f.string(QStringLiteral("original_expiration"), false);
    return !f.failed();
}


// The line as a JSON object, or why not.


} // namespace

namespace detail {

QString isoNow()
{
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
}

std::optional<QJsonObject> parseLine(QByteArrayView line, Reader &r)
{
    if (line.endsWith('\r'))
        line.chop(1);
    if (line.trimmed().isEmpty()) {
        r.fail(QString(), QStringLiteral("is empty"));
        return std::nullopt;
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(line.toByteArray(), &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        r.fail(QString(),
            QStringLiteral("is not JSON (%1 at column %2)").arg(parseError.errorString()).arg(parseError.offset + 1));
        return std::nullopt;
    }
    if (!doc.isObject()) {
        r.fail(QString(), QStringLiteral("must be a JSON object"));
        return std::nullopt;
    }
    return doc.object();
}

bool finish(const Reader &r, qint64 lineNumber, DecodeError *error)
{
    if (r.error.isEmpty())
        return true;
    if (error) {
        error->line = lineNumber;
        error->field = r.field;
        error->text = r.error;
    }
    return false;
}

} // namespace detail

QString DecodeError::message() const
{
    if (field.isEmpty())
        return QStringLiteral("line %1 %2").arg(line).arg(text);
    return QStringLiteral("line %1: field '%2' %3").arg(line).arg(field, text);
}
QByteArray encodeHeader(const Header &h)
{
    QJsonObject o{
        {QStringLiteral("format"), QLatin1String(FormatName)},
        {QStringLiteral("version"), h.topic.isEmpty() ? h.version : RecordsVersion},
        {QStringLiteral("exported_at"), h.exportedAt.isEmpty() ? isoNow() : h.exportedAt},
    };
    if (h.topic.isEmpty()) {
        o.insert(QStringLiteral("vhost"), h.vhost);
        o.insert(QStringLiteral("queue"), h.queue);
    } else {
        o.insert(QStringLiteral("topic"), h.topic);
        if (h.partition >= 0)
            o.insert(QStringLiteral("partition"), h.partition);
    }
    if (!h.filter.isEmpty()) {
        o.insert(QStringLiteral("filter"),
            QJsonObject{{QStringLiteral("text"), h.filter}, {QStringLiteral("regex"), h.filterRegex},
                {QStringLiteral("case_sensitive"), h.filterCaseSensitive}});
    }
    if (!h.query.isEmpty())
        o.insert(QStringLiteral("query"), h.query);
    if (!h.producer.isEmpty())
        o.insert(QStringLiteral("producer"), h.producer);
    return QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n';
}

QByteArray encodeMessage(const ExportedMessage &m)
{
    // Written as Qt's JSON writer would write the object (tst_exportformat
    // checks it byte for byte): members sorted by name. The rare parts
    // (headers, deaths) are still built as JSON objects.
    const MessageContent &c = m.content;
    const bool text = isUtf8Text(c.body);
    JsonLine w(160 + (text ? c.body.size() + c.body.size() / 8 : c.body.size() * 4 / 3 + 4));
    w.beginObject();
    w.key("body");
    if (text) {
        w.utf8String(c.body);
        w.key("body_encoding");
        w.plainString("text");
    } else {
        w.plainString(c.body.toBase64());
        w.key("body_encoding");
        w.plainString("base64");
    }
    if (!c.deaths.records.isEmpty()) {
        QJsonArray deaths;
        for (const DeathRecord &d : c.deaths.records)
            deaths.append(deathJson(d));
        w.key("deaths");
        w.array(deaths);
    }
    if (!c.deduplicationId.isEmpty()) {
        w.key("deduplication_id");
        w.string(c.deduplicationId);
    }
    w.key("delivery_count");
    w.number(m.deliveryCount);
    w.key("enqueued_at");
    w.number(m.enqueuedAt);
    w.key("exchange");
    w.string(c.exchange);
    if (c.deaths.first) {
        w.key("first_death");
        w.object(QJsonObject{{QStringLiteral("queue"), c.deaths.first->queue},
            {QStringLiteral("reason"), deathReasonName(c.deaths.first->reason)},
            {QStringLiteral("exchange"), c.deaths.first->exchange}});
    }
    if (c.origin) {
        w.key("first_enqueued");
        w.object(QJsonObject{{QStringLiteral("queue"), c.origin->queue}, {QStringLiteral("at"), c.origin->enqueuedAt}});
    }
    if (!c.groupKey.isEmpty()) {
        w.key("group_key");
        w.string(c.groupKey);
    }
    // Absent headers and an empty table are different properties.
    if (c.properties.headers) {
        w.key("headers");
        w.object(encodeTable(*c.properties.headers));
    }
    w.key("id");
    w.number(qint64(m.id));
    w.key("properties");
    writeProperties(w, c.properties);
    w.key("redelivered");
    w.boolean(m.redelivered);
    w.key("routing_key");
    w.string(c.routingKey);
    if (!c.deaths.asPublished.isEmpty()) {
        w.key("x_death_as_published");
        w.object(encodeTable(c.deaths.asPublished));
    }
    w.endObject();
    QByteArray line = w.take();
    line += '\n';
    return line;
}

bool decodeHeader(QByteArrayView line, qint64 lineNumber, Header *out, DecodeError *error)
{
    Reader r;
    const auto object = parseLine(line, r);
    if (!object)
        return finish(r, lineNumber, error);
    if (object->contains(QStringLiteral("body")) && !object->contains(QStringLiteral("format"))) {
        r.fail(QString(),
            QStringLiteral("is a message, but the first line must be the header "
                           "({\"format\": \"depot-export\", \"version\": 1, ...})"));
        return finish(r, lineNumber, error);
    }
    Fields f(*object, QString(), r);
    Header h;
    const auto format = f.string(QStringLiteral("format"), true);
    if (format && *format != QLatin1String(FormatName)) {
        r.fail(QStringLiteral("format"),
            QStringLiteral("must be \"%1\", not \"%2\": this is not a Depot export")
                .arg(QLatin1String(FormatName), *format));
        return finish(r, lineNumber, error);
    }
    if (!format)
        return finish(r, lineNumber, error);
    const auto version = f.integer(QStringLiteral("version"), 1, std::numeric_limits<int>::max(), true);
    if (!version)
        return finish(r, lineNumber, error);
    if (*version > FormatVersion) {
        r.fail(QStringLiteral("version"),
            QStringLiteral("is %1, newer than this Depot reads (%2): import it with a "
                           "newer Depot")
                .arg(*version)
                .arg(FormatVersion));
        return finish(r, lineNumber, error);
    }
    if (!f.only({QStringLiteral("format"), QStringLiteral("version"), QStringLiteral("exported_at"),
            QStringLiteral("vhost"), QStringLiteral("queue"), QStringLiteral("filter"), QStringLiteral("query"),
            QStringLiteral("producer"), QStringLiteral("topic"), QStringLiteral("partition")}))
        return finish(r, lineNumber, error);
    if (*version < RecordsVersion && (object->contains(QStringLiteral("topic")) || object->contains(QStringLiteral("partition")))) {
        r.fail(object->contains(QStringLiteral("topic")) ? QStringLiteral("topic") : QStringLiteral("partition"),
            QStringLiteral("is a field of version %1 (files of Kafka records), not of version %2")
                .arg(RecordsVersion)
                .arg(*version));
        return finish(r, lineNumber, error);
    }
    h.version = int(*version);
    h.exportedAt = f.string(QStringLiteral("exported_at"), false).value_or(QString());
    h.vhost = f.string(QStringLiteral("vhost"), false).value_or(QStringLiteral("/"));
    h.queue = f.string(QStringLiteral("queue"), false).value_or(QString());
    h.producer = f.string(QStringLiteral("producer"), false).value_or(QString());
    h.query = f.string(QStringLiteral("query"), false).value_or(QString());
    h.topic = f.string(QStringLiteral("topic"), false).value_or(QString());
    h.partition = qint32(f.integer(QStringLiteral("partition"), 0, std::numeric_limits<qint32>::max(), false).value_or(-1));
    if (const auto filter = f.object(QStringLiteral("filter"))) {
        Fields ff(*filter, QStringLiteral("filter"), r);
        if (ff.only({QStringLiteral("text"), QStringLiteral("regex"), QStringLiteral("case_sensitive")})) {
            h.filter = ff.string(QStringLiteral("text"), true).value_or(QString());
            h.filterRegex = ff.boolean(QStringLiteral("regex")).value_or(false);
            h.filterCaseSensitive = ff.boolean(QStringLiteral("case_sensitive")).value_or(false);
        }
    }
    if (!finish(r, lineNumber, error))
        return false;
    *out = h;
    return true;
}

bool decodeMessage(QByteArrayView line, qint64 lineNumber, ExportedMessage *out, DecodeError *error)
{
    Reader r;
    const auto object = parseLine(line, r);
    if (!object)
        return finish(r, lineNumber, error);
    Fields f(*object, QString(), r);
    if (!f.only({QStringLiteral("id"), QStringLiteral("exchange"), QStringLiteral("routing_key"),
            QStringLiteral("properties"), QStringLiteral("headers"), QStringLiteral("body"),
            QStringLiteral("body_encoding"), QStringLiteral("deaths"), QStringLiteral("first_death"),
            QStringLiteral("x_death_as_published"), QStringLiteral("redelivered"), QStringLiteral("delivery_count"),
            QStringLiteral("enqueued_at"), QStringLiteral("first_enqueued"), QStringLiteral("group_key"),
            QStringLiteral("deduplication_id")}))
        return finish(r, lineNumber, error);
    ExportedMessage m;
    MessageContent &c = m.content;
    m.id = MessageId(f.integer(QStringLiteral("id"), 0, std::numeric_limits<qint64>::max(), false).value_or(0));
    c.exchange = f.string(QStringLiteral("exchange"), false).value_or(QString());
    c.routingKey = f.string(QStringLiteral("routing_key"), false).value_or(QString());
    m.redelivered = f.boolean(QStringLiteral("redelivered")).value_or(false);
    m.deliveryCount = quint32(
        f.integer(QStringLiteral("delivery_count"), 0, std::numeric_limits<quint32>::max(), false).value_or(0));
    m.enqueuedAt = f.integer(QStringLiteral("enqueued_at"), 0, std::numeric_limits<qint64>::max(), false).value_or(0);
    c.groupKey = f.string(QStringLiteral("group_key"), false).value_or(QString());
    c.deduplicationId = f.string(QStringLiteral("deduplication_id"), false).value_or(QString());
    if (f.failed())
        return finish(r, lineNumber, error);
    if (const auto properties = f.object(QStringLiteral("properties"))) {
        if (!readProperties(*properties, QStringLiteral("properties"), &c.properties, r))
            return finish(r, lineNumber, error);
    }
    if (const auto headers = f.object(QStringLiteral("headers"))) {
        auto table = decodeTableAt(*headers, QStringLiteral("headers"), 0, r);
        if (!table)
            return finish(r, lineNumber, error);
        c.properties.headers = std::move(*table);
    }
    if (f.failed())
        return finish(r, lineNumber, error);

    const auto encoding = f.string(QStringLiteral("body_encoding"), false).value_or(QStringLiteral("text"));
    const auto body = f.string(QStringLiteral("body"), true);
    if (f.failed())
        return finish(r, lineNumber, error);
    if (encoding == QLatin1String("text")) {
        c.body = body->toUtf8();
    } else if (encoding == QLatin1String("base64")) {
        auto decoded = QByteArray::fromBase64Encoding(body->toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded) {
            r.fail(QStringLiteral("body"), QStringLiteral("is not valid base64"));
            return finish(r, lineNumber, error);
        }
        c.body = decoded.decoded;
    } else {
        r.fail(QStringLiteral("body_encoding"),
            QStringLiteral("must be \"text\" or \"base64\", not \"%1\"").arg(encoding));
        return finish(r, lineNumber, error);
    }

    const QJsonValue deaths = f.value(QStringLiteral("deaths"));
    if (!deaths.isUndefined()) {
        if (!deaths.isArray()) {
            r.fail(QStringLiteral("deaths"), QStringLiteral("must be an array"));
            return finish(r, lineNumber, error);
        }
        const QJsonArray list = deaths.toArray();
        for (qsizetype i = 0; i < list.size(); ++i) {
            DeathRecord d;
            if (!readDeath(list.at(i), QStringLiteral("deaths[%1]").arg(i), &d, r))
                return finish(r, lineNumber, error);
            c.deaths.records.append(d);
        }
    }
    if (const auto first = f.object(QStringLiteral("first_death"))) {
        Fields ff(*first, QStringLiteral("first_death"), r);
        if (!ff.only({QStringLiteral("queue"), QStringLiteral("reason"), QStringLiteral("exchange")}))
            return finish(r, lineNumber, error);
        const auto queue = ff.string(QStringLiteral("queue"), true);
        const auto reason = queue ? readReason(ff, QStringLiteral("reason"), r) : std::nullopt;
        const auto exchange = reason ? ff.string(QStringLiteral("exchange"), true) : std::nullopt;
        if (!exchange)
            return finish(r, lineNumber, error);
        c.deaths.first = FirstDeath{*queue, *reason, *exchange};
    }
    if (const auto origin = f.object(QStringLiteral("first_enqueued"))) {
        Fields of(*origin, QStringLiteral("first_enqueued"), r);
        if (!of.only({QStringLiteral("queue"), QStringLiteral("at")}))
            return finish(r, lineNumber, error);
        const auto queue = of.string(QStringLiteral("queue"), true);
        const auto at = queue ? of.integer(QStringLiteral("at"), 0, std::numeric_limits<qint64>::max(), true)
                              : std::nullopt;
        if (!at)
            return finish(r, lineNumber, error);
        c.origin = MessageOrigin{*queue, *at};
    }
    if (const auto published = f.object(QStringLiteral("x_death_as_published"))) {
        auto table = decodeTableAt(*published, QStringLiteral("x_death_as_published"), 0, r);
        if (!table)
            return finish(r, lineNumber, error);
        c.deaths.asPublished = std::move(*table);
    }
    if (!finish(r, lineNumber, error))
        return false;
    *out = std::move(m);
    return true;
}

std::optional<qint64> decodeFile(
    QByteArrayView file, Header *header, DecodeError *error, const std::function<void(ExportedMessage &&)> &visit)
{
    return decodeLines(file, header, error, [&](QByteArrayView line, qint64 lineNumber, const Header &h) {
        if (lineNumber == 1) {
            if (h.topic.isEmpty())
                return true;
            if (error)
                *error = DecodeError{lineNumber, QStringLiteral("topic"),
                    QStringLiteral("says this file holds Kafka records of topic '%1', not messages: import it "
                                   "into a topic").arg(h.topic)};
            return false;
        }
        ExportedMessage m;
        if (!decodeMessage(line, lineNumber, &m, error))
            return false;
        if (visit)
            visit(std::move(m));
        return true;
    });
}

namespace detail {

std::optional<qint64> decodeLines(QByteArrayView file, Header *header, DecodeError *error,
    const std::function<bool(QByteArrayView line, qint64 lineNumber, const Header &header)> &each)
{
    qint64 lineNumber = 0;
    qint64 count = 0;
    qsizetype start = 0;
    Header h;
    while (start < file.size()) {
        qsizetype end = file.indexOf('\n', start);
        if (end < 0)
            end = file.size();
        const QByteArrayView line = file.sliced(start, end - start);
        start = end + 1;
        ++lineNumber;
        if (lineNumber == 1) {
            if (!decodeHeader(line, lineNumber, &h, error) || !each(line, lineNumber, h))
                return std::nullopt;
            if (header)
                *header = h;
            continue;
        }
        if (!each(line, lineNumber, h))
            return std::nullopt;
        ++count;
    }
    if (lineNumber == 0) {
        if (error)
            *error = DecodeError{1, QString(),
                QStringLiteral("is missing: the file is empty, and a Depot export "
                               "starts with its header line")};
        return std::nullopt;
    }
    return count;
}

} // namespace detail

} // namespace depot::exportformat
