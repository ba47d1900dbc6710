// Kafka's topics and consumer groups under /api/depot/ (docs/kafka.md, "HTTP
// API"): the same KafkaAdmin calls as the window's Topics and Consumer
// groups views. Handlers run on the broker thread like every route; a
// produce, a re-produce, an offset reset and a group deletion are answered
// once the store has committed them (HttpReply::later).

#include "broker/core/PublishGate.h"
#include "broker/export/RecordFormat.h"
#include "broker/http/HttpRouter.h"
#include "broker/http/JsonMapping.h"
#include "broker/http/RecordJson.h"
#include "broker/http/RouteContext.h"
#include "broker/kafka/KafkaAdmin.h"
#include "broker/kafka/KafkaConfigs.h"

#include <QDateTime>
#include <QJsonDocument>

namespace depot::http {

namespace {

using Method = QHttpServerRequest::Method;
using namespace depot::kafka;

constexpr qint32 DefaultPage = 50;
constexpr qint32 MaxPage = 1000;

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

// Milliseconds since the epoch, or an ISO 8601 date and time ("2026-12-02T14:00:00Z").
std::optional<qint64> parseTime(const QString &text)
{
    bool ok = false;
    const qint64 ms = text.toLongLong(&ok);
    if (ok)
        return ms;
    const QDateTime t = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!t.isValid())
        return std::nullopt;
    return t.toMSecsSinceEpoch();
}

QJsonArray recordsJson(const QList<RecordView> &records)
{
    QJsonArray out;
    for (const RecordView &r : records)
        out.append(recordJson(r));
    return out;
}

QJsonObject topicJson(const TopicView &t)
{
    QJsonArray partitions;
    qint64 records = 0;
    qint64 bytes = 0;
    for (const PartitionView &p : t.partitions) {
        partitions.append(QJsonObject{
            {QStringLiteral("partition"), p.partition},
            {QStringLiteral("log_start_offset"), p.logStartOffset},
            {QStringLiteral("high_watermark"), p.highWatermark},
            {QStringLiteral("records"), p.records()},
            {QStringLiteral("size_bytes"), p.sizeBytes},
            {QStringLiteral("batches"), p.batches},
        });
        records += p.records();
        bytes += p.sizeBytes;
    }
    QJsonObject configs;
    for (const kafka::DescribedConfig &config : kafka::describeTopicConfigs(t.settings, std::nullopt, false))
        configs.insert(config.name, config.value);
    return QJsonObject{
        {QStringLiteral("name"), t.name},
        {QStringLiteral("partition_count"), qint64(t.partitions.size())},
        {QStringLiteral("partitions"), partitions},
        {QStringLiteral("configs"), configs},
        {QStringLiteral("records"), records},
        {QStringLiteral("size_bytes"), bytes},
    };
}

QJsonValue orNull(qint64 value)
{
    return value < 0 ? QJsonValue(QJsonValue::Null) : QJsonValue(value);
}

QJsonObject offsetJson(const GroupOffsetView &o)
{
    return QJsonObject{
        {QStringLiteral("topic"), o.topic},
        {QStringLiteral("partition"), o.partition},
        {QStringLiteral("committed"), orNull(o.committed)},
        {QStringLiteral("metadata"), o.metadata},
        {QStringLiteral("log_start_offset"), o.logStartOffset},
        {QStringLiteral("high_watermark"), o.highWatermark},
        {QStringLiteral("lag"), orNull(o.lag)},
    };
}

QJsonArray offsetsJson(const QList<GroupOffsetView> &offsets)
{
    QJsonArray out;
    for (const GroupOffsetView &o : offsets)
        out.append(offsetJson(o));
    return out;
}

QJsonObject groupJson(const GroupView &g)
{
    QJsonArray members;
    for (const GroupMemberView &m : g.members) {
        QJsonArray assignment;
        for (const auto &[topic, partitions] : m.assignment) {
            QJsonArray list;
            for (qint32 p : partitions)
                list.append(p);
            assignment.append(QJsonObject{{QStringLiteral("topic"), topic}, {QStringLiteral("partitions"), list}});
        }
        QJsonObject member{
            {QStringLiteral("member_id"), m.memberId},
            {QStringLiteral("group_instance_id"), m.groupInstanceId.isEmpty() ? QJsonValue(QJsonValue::Null)
                                                                               : QJsonValue(m.groupInstanceId)},
            {QStringLiteral("client_id"), m.clientId},
            {QStringLiteral("client_host"), m.clientHost},
            {QStringLiteral("assignment"), assignment},
            {QStringLiteral("assignment_version"), orNull(m.assignmentVersion)},
        };
        putBytes(member, QStringLiteral("user_data"), m.userData);
        members.append(member);
    }
    return QJsonObject{
        {QStringLiteral("name"), g.name},
        {QStringLiteral("state"), g.state},
        {QStringLiteral("protocol_type"), g.protocolType},
        {QStringLiteral("protocol"), g.protocol},
        {QStringLiteral("generation"), g.generation},
        {QStringLiteral("members"), members},
        {QStringLiteral("offsets"), offsetsJson(g.offsets)},
        {QStringLiteral("total_lag"), g.totalLag},
    };
}

QJsonObject producedJson(const QList<ProducedRecord> &produced)
{
    QJsonArray out;
    for (const ProducedRecord &p : produced)
        out.append(QJsonObject{{QStringLiteral("partition"), p.partition}, {QStringLiteral("offset"), p.offset}});
    return QJsonObject{{QStringLiteral("records"), out}};
}

// An integer query parameter in [min, max] (`fallback` when absent), or the 400 naming it.
std::optional<HttpReply> queryInteger(const HttpRequest &r, const QString &name, qint64 fallback, qint64 min,
                                      qint64 max, qint64 *out)
{
    *out = fallback;
    if (!r.hasQuery(name))
        return std::nullopt;
    bool ok = false;
    *out = r.queryValue(name).toLongLong(&ok);
    if (!ok || *out < min || *out > max)
        return HttpReply::badRequest(QStringLiteral("%1 must be an integer from %2 to %3, not '%4'")
                                         .arg(name)
                                         .arg(min)
                                         .arg(max)
                                         .arg(r.queryValue(name)));
    return std::nullopt;
}

// The partition of the path, or the 400 naming it (a partition the topic
// lacks is KafkaAdmin's 404).
std::optional<HttpReply> pathPartition(const HttpRequest &r, qint32 *out)
{
    bool ok = false;
    const QString text = r.param(QStringLiteral("partition"));
    *out = text.toInt(&ok);
    if (!ok || *out < 0)
        return HttpReply::badRequest(QStringLiteral("partition must be an integer >= 0, not '%1'").arg(text));
    return std::nullopt;
}

const char *storyKindName(RecordStoryEvent::Kind kind)
{
    switch (kind) {
    case RecordStoryEvent::Kind::Produced: return "produced";
    case RecordStoryEvent::Kind::Consumed: return "consumed";
    case RecordStoryEvent::Kind::Removed: return "removed";
    }
    return "produced";
}

// GET /api/depot/topics/{name}/partitions/{partition}/records/{offset}/history
HttpReply recordHistory(RouteContext &c, HttpRequest &r)
{
    if (!r.query.isEmpty())
        return HttpReply::badRequest(QStringLiteral("unknown parameter '%1'; this takes none")
                                         .arg(r.query.queryItems().value(0).first));
    qint32 partition = 0;
    if (auto bad = pathPartition(r, &partition))
        return std::move(*bad);
    bool ok = false;
    const QString offsetText = r.param(QStringLiteral("offset"));
    const qint64 offset = offsetText.toLongLong(&ok);
    if (!ok || offset < 0)
        return HttpReply::badRequest(QStringLiteral("offset must be an integer >= 0, not '%1'").arg(offsetText));
    const Result<RecordStory> story = c.options.kafka->recordStory(r.param(QStringLiteral("name")), partition, offset);
    if (!story.ok())
        return HttpReply::fromEngine(story.error);
    QJsonArray events;
    for (const RecordStoryEvent &e : story.value.events) {
        QJsonObject event{{QStringLiteral("kind"), QLatin1String(storyKindName(e.kind))},
                          {QStringLiteral("text"), e.text}};
        event.insert(QStringLiteral("at"), e.at >= 0 ? QJsonValue(isoTime(e.at)) : QJsonValue());
        event.insert(QStringLiteral("actor"), e.actor.isEmpty() ? QJsonValue() : QJsonValue(e.actor));
        events.append(event);
    }
    QJsonObject out{{QStringLiteral("topic"), story.value.topic},
                    {QStringLiteral("partition"), story.value.partition},
                    {QStringLiteral("offset"), story.value.offset},
                    {QStringLiteral("present"), story.value.record.has_value()},
                    {QStringLiteral("events"), events},
                    {QStringLiteral("waiting_groups"), QJsonArray::fromStringList(story.value.waitingGroups)}};
    if (story.value.record)
        out.insert(QStringLiteral("record"), recordJson(*story.value.record));
    return HttpReply::json(out);
}

HttpReply records(RouteContext &c, HttpRequest &r)
{
    qint32 partition = 0;
    if (auto bad = pathPartition(r, &partition))
        return std::move(*bad);
    qint64 limit = 0;
    if (auto bad = queryInteger(r, QStringLiteral("limit"), DefaultPage, 1, MaxPage, &limit))
        return std::move(*bad);
    const QStringList starts{QStringLiteral("offset"), QStringLiteral("timestamp"), QStringLiteral("from")};
    QStringList given;
    for (const QString &s : starts)
        if (r.hasQuery(s))
            given << s;
    if (given.size() > 1)
        return HttpReply::badRequest(QStringLiteral("give one of offset, timestamp and from, not %1")
                                         .arg(given.join(QStringLiteral(" and "))));
    RecordsFrom from;
    if (r.hasQuery(QStringLiteral("offset"))) {
        if (auto bad = queryInteger(r, QStringLiteral("offset"), 0, 0, std::numeric_limits<qint64>::max(), &from.value))
            return std::move(*bad);
        from.kind = RecordsFrom::Kind::Offset;
    } else if (r.hasQuery(QStringLiteral("timestamp"))) {
        const std::optional<qint64> t = parseTime(r.queryValue(QStringLiteral("timestamp")));
        if (!t)
            return HttpReply::badRequest(QStringLiteral("timestamp must be milliseconds since the epoch or an ISO 8601 "
                                                        "date and time, not '%1'")
                                             .arg(r.queryValue(QStringLiteral("timestamp"))));
        from = {RecordsFrom::Kind::Timestamp, *t};
    } else if (r.hasQuery(QStringLiteral("from"))) {
        const QString f = r.queryValue(QStringLiteral("from"));
        if (f == QLatin1String("earliest"))
            from.kind = RecordsFrom::Kind::Earliest;
        else if (f == QLatin1String("latest"))
            from.kind = RecordsFrom::Kind::Latest;
        else
            return HttpReply::badRequest(QStringLiteral("from must be \"earliest\" or \"latest\", not '%1'").arg(f));
    }
    const Result<RecordPage> page = c.options.kafka->records(r.param(QStringLiteral("name")), partition, from, qint32(limit));
    if (!page.ok())
        return HttpReply::fromEngine(page.error);
    return HttpReply::json(QJsonObject{
        {QStringLiteral("records"), recordsJson(page.value.records)},
        {QStringLiteral("next_offset"), page.value.nextOffset},
        {QStringLiteral("log_start_offset"), page.value.logStartOffset},
        {QStringLiteral("high_watermark"), page.value.highWatermark},
    });
}

HttpReply search(RouteContext &c, HttpRequest &r)
{
    RecordSearch s;
    s.text = r.queryValue(QStringLiteral("q"));
    if (s.text.isEmpty())
        return HttpReply::badRequest(QStringLiteral("q (the text to search for) is missing or empty"));
    qint64 partition = -1;
    qint64 fromOffset = 0;
    qint64 limit = 0;
    qint64 scanned = 0;
    for (auto bad : {queryInteger(r, QStringLiteral("partition"), -1, -1, std::numeric_limits<qint32>::max(), &partition),
                     queryInteger(r, QStringLiteral("from_offset"), 0, 0, std::numeric_limits<qint64>::max(), &fromOffset),
                     queryInteger(r, QStringLiteral("limit"), s.maxMatches, 1, MaxPage, &limit),
                     queryInteger(r, QStringLiteral("max_scanned"), s.maxRecordsScanned, 1, 10'000'000, &scanned)})
        if (bad)
            return std::move(*bad);
    s.partition = qint32(partition);
    s.fromOffset = fromOffset;
    s.maxMatches = qint32(limit);
    s.maxRecordsScanned = qint32(scanned);
    const Result<SearchPage> found = c.options.kafka->search(r.param(QStringLiteral("name")), s);
    if (!found.ok())
        return HttpReply::fromEngine(found.error);
    return HttpReply::json(QJsonObject{
        {QStringLiteral("matches"), recordsJson(found.value.matches)},
        {QStringLiteral("scanned"), found.value.scanned},
        {QStringLiteral("complete"), found.value.complete},
    });
}

// A record to produce from its JSON object; `where` names it in errors ("records[2].").
bool readRecord(const QJsonValue &value, const QString &topic, const QString &where, ProduceRecord *out, QString *error)
{
    if (!value.isObject()) {
        *error = QStringLiteral("%1 must be a JSON object").arg(where.chopped(1));
        return false;
    }
    const QJsonObject o = value.toObject();
    out->topic = topic;
    const QJsonValue partition = o.value(QStringLiteral("partition"));
    if (!partition.isUndefined() && !partition.isNull()) {
        if (!partition.isDouble() || partition.toDouble() != double(partition.toInt(-2)) || partition.toInt() < -1) {
            *error = QStringLiteral("%1partition must be an integer >= -1").arg(where);
            return false;
        }
        out->partition = partition.toInt();
    }
    if (!readBytes(o, QStringLiteral("key"), where, &out->key, error)
        || !readBytes(o, QStringLiteral("value"), where, &out->value, error))
        return false;
    const QJsonValue headers = o.value(QStringLiteral("headers"));
    if (headers.isObject()) {
        // {"name": "value", ...}: text values.
        const QJsonObject all = headers.toObject();
        for (auto it = all.constBegin(); it != all.constEnd(); ++it) {
            if (!it.value().isString() && !it.value().isNull()) {
                *error = QStringLiteral("%1headers.%2 must be a string or null").arg(where, it.key());
                return false;
            }
            out->headers.append({it.key(), it.value().isNull() ? std::nullopt
                                                                : std::optional<QByteArray>(it.value().toString().toUtf8())});
        }
    } else if (headers.isArray()) {
        // [{"key": ..., "value": ..., "value_encoding": ...}]: repeated keys and bytes too.
        const QJsonArray all = headers.toArray();
        for (qsizetype i = 0; i < all.size(); ++i) {
            const QString at = QStringLiteral("%1headers[%2].").arg(where).arg(i);
            const QJsonObject h = all[i].toObject();
            if (!all[i].isObject() || !h.value(QStringLiteral("key")).isString()) {
                *error = QStringLiteral("%1key must be a string").arg(at);
                return false;
            }
            RecordHeader header{h.value(QStringLiteral("key")).toString(), std::nullopt};
            if (!readBytes(h, QStringLiteral("value"), at, &header.value, error))
                return false;
            out->headers.append(std::move(header));
        }
    } else if (!headers.isUndefined() && !headers.isNull()) {
        *error = QStringLiteral("%1headers must be an object or a list").arg(where);
        return false;
    }
    return true;
}

// The JSON list of a request body (alone, or under "records"), or the 400.
std::optional<QJsonArray> bodyList(const QByteArray &body, HttpReply *error)
{
    QJsonParseError parse;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parse);
    if (parse.error != QJsonParseError::NoError) {
        *error = HttpReply::badRequest(QStringLiteral("the body is not JSON: %1").arg(parse.errorString()));
        return std::nullopt;
    }
    if (doc.isArray())
        return doc.array();
    if (doc.isObject() && doc.object().value(QStringLiteral("records")).isArray())
        return doc.object().value(QStringLiteral("records")).toArray();
    *error = HttpReply::badRequest(QStringLiteral("records must be a JSON list (the body, or its \"records\" field)"));
    return std::nullopt;
}

// A produce or re-produce, answered once durable; 503 while the publish gate is closed.
template <typename Start>
HttpReply producing(RouteContext &c, Start start)
{
    if (const QString refused = c.options.gate->refusal(); !refused.isEmpty())
        return HttpReply::error(503, QStringLiteral("publishers_blocked"), refused);
    return HttpReply::later([start](const HttpReply::Send &send) {
        start([send](const Result<QList<ProducedRecord>> &result) {
            send(result.ok() ? HttpReply::json(producedJson(result.value)) : HttpReply::fromEngine(result.error));
        });
    });
}

HttpReply produce(RouteContext &c, HttpRequest &r)
{
    const QString topic = r.param(QStringLiteral("name"));
    HttpReply error;
    const std::optional<QJsonArray> list = bodyList(r.body, &error);
    if (!list)
        return error;
    if (list->isEmpty())
        return HttpReply::badRequest(QStringLiteral("records is empty: nothing to produce"));
    QList<ProduceRecord> records;
    for (qsizetype i = 0; i < list->size(); ++i) {
        ProduceRecord record;
        QString why;
        if (!readRecord(list->at(i), topic, QStringLiteral("records[%1].").arg(i), &record, &why))
            return HttpReply::badRequest(why);
        records.append(std::move(record));
    }
    KafkaAdmin *admin = c.options.kafka;
    const QString by = QStringLiteral("the HTTP API (user %1)").arg(r.user);
    return producing(c, [admin, records, by](auto done) { admin->produce(records, nowMs(), done, by); });
}

HttpReply reproduce(RouteContext &c, HttpRequest &r)
{
    HttpReply error;
    const std::optional<QJsonObject> body = parseObject(r.body, &error);
    if (!body)
        return error;
    Reproduce request;
    request.sourceTopic = r.param(QStringLiteral("name"));
    JsonFields fields(*body);
    request.targetTopic = fields.string(QStringLiteral("target_topic"), request.sourceTopic);
    request.targetPartition = qint32(fields.integer(QStringLiteral("target_partition"), -1, -1, std::numeric_limits<qint32>::max()));
    if (!fields.ok())
        return HttpReply::badRequest(fields.error());
    const QJsonValue list = body->value(QStringLiteral("records"));
    if (!list.isArray() || list.toArray().isEmpty())
        return HttpReply::badRequest(QStringLiteral("records must be a non-empty list of {\"partition\", \"offset\"}"));
    const QJsonArray all = list.toArray();
    for (qsizetype i = 0; i < all.size(); ++i) {
        JsonFields one(all[i].toObject());
        if (!all[i].isObject() || !all[i].toObject().contains(QStringLiteral("partition"))
            || !all[i].toObject().contains(QStringLiteral("offset")))
            return HttpReply::badRequest(QStringLiteral("records[%1] must be an object with partition and offset").arg(i));
        const qint64 partition = one.integer(QStringLiteral("partition"), 0, 0, std::numeric_limits<qint32>::max());
        const qint64 offset = one.integer(QStringLiteral("offset"), 0, 0, std::numeric_limits<qint64>::max());
        if (!one.ok())
            return HttpReply::badRequest(QStringLiteral("records[%1]: %2").arg(i).arg(one.error()));
        request.records.append({qint32(partition), offset});
    }
    KafkaAdmin *admin = c.options.kafka;
    const QString by = QStringLiteral("the HTTP API (user %1)").arg(r.user);
    return producing(c, [admin, request, by](auto done) { admin->reproduce(request, nowMs(), done, by); });
}

// A file of the export format's version 2 (docs/export-format.md) produced
// into the topic: each record to its own partition (or by its key where the
// topic has fewer), with its timestamp, unless asked otherwise. The whole
// file is read and checked first; the records go in as one produce.
HttpReply importRecords(RouteContext &c, HttpRequest &r)
{
    const QString topic = r.param(QStringLiteral("name"));
    const Result<TopicView> target = c.options.kafka->topic(topic);
    if (!target.ok())
        return HttpReply::fromEngine(target.error);
    bool keep[2] = {true, true};
    const QStringList flags{QStringLiteral("keep_partitions"), QStringLiteral("keep_timestamps")};
    for (const auto &item : r.query.queryItems()) {
        const qsizetype at = flags.indexOf(item.first);
        if (at < 0)
            return HttpReply::badRequest(
                QStringLiteral("unknown parameter '%1'; this takes keep_partitions and keep_timestamps").arg(item.first));
        if (item.second != QLatin1String("true") && item.second != QLatin1String("false"))
            return HttpReply::badRequest(QStringLiteral("%1 must be true or false, not '%2'").arg(item.first, item.second));
        keep[at] = item.second == QLatin1String("true");
    }
    const qint32 partitions = qint32(target.value.partitions.size());
    QList<ProduceRecord> records;
    exportformat::DecodeError error;
    const auto count = exportformat::decodeRecordsFile(r.body, nullptr, &error, [&](exportformat::ExportedRecord &&e) {
        ProduceRecord p{topic, keep[0] && e.partition < partitions ? e.partition : -1, std::move(e.key),
            std::move(e.value), std::move(e.headers)};
        p.timestamp = keep[1] ? e.timestamp : -1;
        records.append(std::move(p));
    });
    if (!count) {
        QJsonObject o{{QStringLiteral("error"), QStringLiteral("bad_request")},
            {QStringLiteral("reason"), error.message()}, {QStringLiteral("line"), error.line}};
        if (!error.field.isEmpty())
            o.insert(QStringLiteral("field"), error.field);
        return HttpReply::json(o, 400);
    }
    if (records.isEmpty())
        return HttpReply::badRequest(QStringLiteral("the file holds no records: nothing to import"));
    KafkaAdmin *admin = c.options.kafka;
    const QString by = QStringLiteral("the HTTP API (user %1)").arg(r.user);
    return producing(c, [admin, records, by](auto done) { admin->produce(records, nowMs(), done, by); });
}

HttpReply putTopic(RouteContext &c, HttpRequest &r)
{
    HttpReply error;
    const std::optional<QJsonObject> body = parseObject(r.body, &error);
    if (!body)
        return error;
    log::TopicSettings settings;
    JsonFields fields(*body);
    settings.partitions = qint32(fields.integer(QStringLiteral("partitions"), 1, 1, 100000));
    if (!fields.ok())
        return HttpReply::badRequest(fields.error());
    const QJsonValue configs = body->value(QStringLiteral("configs"));
    if (!configs.isUndefined() && !configs.isNull() && !configs.isObject())
        return HttpReply::badRequest(QStringLiteral("configs must be a JSON object of Kafka topic configs"));
    const QJsonObject all = configs.toObject();
    for (auto it = all.constBegin(); it != all.constEnd(); ++it) {
        // Kafka's configs are strings; numbers are taken as their text.
        const QString value = it.value().isDouble() ? QString::number(it.value().toInteger()) : it.value().toString();
        if (!it.value().isString() && !it.value().isDouble())
            return HttpReply::badRequest(QStringLiteral("configs.%1 must be a string or a number").arg(it.key()));
        if (const std::optional<QString> why = kafka::applyTopicConfig(settings, it.key(), value))
            return HttpReply::badRequest(*why);
    }
    const Result<void> created = c.options.kafka->createTopic(r.param(QStringLiteral("name")), settings);
    if (!created.ok())
        return HttpReply::fromEngine(created.error);
    return HttpReply::created();
}

HttpReply resetOffsets(RouteContext &c, HttpRequest &r)
{
    HttpReply error;
    const std::optional<QJsonObject> body = parseObject(r.body, &error);
    if (!body)
        return error;
    OffsetReset reset;
    reset.group = r.param(QStringLiteral("name"));
    JsonFields fields(*body);
    reset.topic = fields.string(QStringLiteral("topic"));
    reset.partition = qint32(fields.integer(QStringLiteral("partition"), -1, -1, std::numeric_limits<qint32>::max()));
    const QString to = fields.requiredString(QStringLiteral("to"));
    if (!fields.ok())
        return HttpReply::badRequest(fields.error());
    static const QList<std::pair<QString, OffsetReset::To>> kinds{
        {QStringLiteral("earliest"), OffsetReset::To::Earliest},
        {QStringLiteral("latest"), OffsetReset::To::Latest},
        {QStringLiteral("timestamp"), OffsetReset::To::Timestamp},
        {QStringLiteral("offset"), OffsetReset::To::Offset},
    };
    const auto kind = std::find_if(kinds.begin(), kinds.end(), [&](const auto &k) { return k.first == to; });
    if (kind == kinds.end())
        return HttpReply::badRequest(
            QStringLiteral("to must be \"earliest\", \"latest\", \"timestamp\" or \"offset\", not \"%1\"").arg(to));
    reset.to = kind->second;
    if (reset.to == OffsetReset::To::Timestamp || reset.to == OffsetReset::To::Offset) {
        const QJsonValue value = body->value(QStringLiteral("value"));
        std::optional<qint64> n;
        if (value.isDouble() && value.toDouble() == double(value.toInteger()))
            n = value.toInteger();
        else if (value.isString() && reset.to == OffsetReset::To::Timestamp)
            n = parseTime(value.toString());
        if (!n)
            return HttpReply::badRequest(reset.to == OffsetReset::To::Offset
                                             ? QStringLiteral("value (the offset) is missing or not an integer")
                                             : QStringLiteral("value (the time) is missing, or neither milliseconds "
                                                              "since the epoch nor an ISO 8601 date and time"));
        reset.value = *n;
    }
    KafkaAdmin *admin = c.options.kafka;
    return HttpReply::later([admin, reset](const HttpReply::Send &send) {
        admin->resetOffsets(reset, nowMs(), [send, group = reset.group](const Result<QList<GroupOffsetView>> &result) {
            send(result.ok() ? HttpReply::json(QJsonObject{{QStringLiteral("group"), group},
                                                           {QStringLiteral("offsets"), offsetsJson(result.value)}})
                             : HttpReply::fromEngine(result.error));
        });
    });
}

} // namespace

void addKafkaRoutes(HttpRouter &router, RouteContext &c)
{
    const QString topic = QStringLiteral("/api/depot/topics/{name}");
    const QString group = QStringLiteral("/api/depot/groups/{name}");
    const auto route = [&c](HttpReply (*f)(RouteContext &, HttpRequest &)) {
        return [&c, f](HttpRequest &r) { return f(c, r); };
    };
    router.add(Method::Get, QStringLiteral("/api/depot/topics"), [&c](HttpRequest &) {
        QJsonArray out;
        for (const TopicView &t : c.options.kafka->topics())
            out.append(topicJson(t));
        return HttpReply::json(out);
    });
    router.add(Method::Get, topic, [&c](HttpRequest &r) {
        const Result<TopicView> t = c.options.kafka->topic(r.param(QStringLiteral("name")));
        return t.ok() ? HttpReply::json(topicJson(t.value)) : HttpReply::fromEngine(t.error);
    });
    router.add(Method::Put, topic, route(putTopic));
    router.add(Method::Delete, topic, [&c](HttpRequest &r) {
        const Result<void> deleted = c.options.kafka->deleteTopic(r.param(QStringLiteral("name")));
        return deleted.ok() ? HttpReply::noContent() : HttpReply::fromEngine(deleted.error);
    });
    router.add(Method::Get, topic + QStringLiteral("/partitions/{partition}/records"), route(records));
    router.add(Method::Get, topic + QStringLiteral("/partitions/{partition}/records/{offset}/history"), route(recordHistory));
    router.add(Method::Get, topic + QStringLiteral("/search"), route(search));
    router.add(Method::Post, topic + QStringLiteral("/records"), route(produce));
    router.add(Method::Post, topic + QStringLiteral("/reproduce"), route(reproduce));
    router.add(Method::Post, topic + QStringLiteral("/import"), route(importRecords));

    router.add(Method::Get, QStringLiteral("/api/depot/groups"), [&c](HttpRequest &) {
        QJsonArray out;
        for (const GroupView &g : c.options.kafka->groups())
            out.append(groupJson(g));
        return HttpReply::json(out);
    });
    router.add(Method::Get, group, [&c](HttpRequest &r) {
        const Result<GroupView> g = c.options.kafka->group(r.param(QStringLiteral("name")));
        return g.ok() ? HttpReply::json(groupJson(g.value)) : HttpReply::fromEngine(g.error);
    });
    router.add(Method::Delete, group, [&c](HttpRequest &r) {
        KafkaAdmin *admin = c.options.kafka;
        return HttpReply::later([admin, name = r.param(QStringLiteral("name"))](const HttpReply::Send &send) {
            admin->deleteGroup(name, [send](const Result<void> &result) {
                send(result.ok() ? HttpReply::noContent() : HttpReply::fromEngine(result.error));
            });
        });
    });
    router.add(Method::Post, group + QStringLiteral("/reset-offsets"), route(resetOffsets));
}

} // namespace depot::http
