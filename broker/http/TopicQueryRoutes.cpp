// Queries over Kafka topics and exports of topics (docs/query.md, "Topics";
// docs/export-format.md, "Files of Kafka records"), in Depot's own API:
//
//   GET /api/depot/records?query=...&topics=a,orders.*&partition=N&limit=N
//   GET /api/depot/topics/{name}/export?query=...&partition=N
//
// Both run a TopicQueryScan in slices on the broker thread and stream what it
// finds (TopicRecordStream): a query's matches with its progress and a last
// "done" line, or an export file (its header, then a record a line). The
// query is parsed for records: a field records do not have (queue,
// deaths.count) is a 400 that names it, with its position.

#include "broker/export/RecordFormat.h"
#include "broker/http/RouteContext.h"
#include "broker/http/TopicRecordStream.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QRegularExpression>

namespace depot::http {

namespace {

using Method = QHttpServerRequest::Method;

// Refuses parameters the route does not take, naming them.
std::optional<HttpReply> onlyKnown(const HttpRequest &r, const QStringList &known)
{
    for (const auto &item : r.query.queryItems()) {
        if (!known.contains(item.first))
            return HttpReply::badRequest(QStringLiteral("unknown parameter '%1'; this takes %2")
                                             .arg(item.first, known.join(QStringLiteral(", "))));
    }
    return std::nullopt;
}

// `name` as a positive integer (absent: `fallback`), or the 400 naming it.
std::optional<HttpReply> number(const HttpRequest &r, const QString &name, qint64 min, qint64 fallback, qint64 *out)
{
    *out = fallback;
    if (!r.hasQuery(name))
        return std::nullopt;
    bool ok = false;
    *out = r.queryValue(name).toLongLong(&ok);
    if (!ok || *out < min)
        return HttpReply::badRequest(
            QStringLiteral("%1 must be an integer >= %2, not '%3'").arg(name).arg(min).arg(r.queryValue(name)));
    return std::nullopt;
}

// The request's `query` and `partition` into `spec` (its topics set), and
// the scan started; or the 400/404 that says what is wrong.
std::optional<HttpReply> startScan(RouteContext &c, const HttpRequest &r, kafka::TopicQuerySpec &spec,
    std::shared_ptr<kafka::TopicQueryScan> *scan)
{
    if (auto bad = parseQuery(r.queryValue(QStringLiteral("query")), &spec.query, query::Over::Records))
        return bad;
    qint64 partition = -1;
    if (auto bad = number(r, QStringLiteral("partition"), 0, -1, &partition))
        return bad;
    spec.partition = qint32(std::min<qint64>(partition, std::numeric_limits<qint32>::max()));
    auto started = kafka::TopicQueryScan::start(c.options.kafka->logs(), spec);
    if (!started.ok())
        return HttpReply::fromEngine(started.error);
    *scan = std::move(started.value);
    return std::nullopt;
}

HttpReply queryRecords(RouteContext &c, const HttpRequest &r)
{
    if (auto bad = onlyKnown(r, {QStringLiteral("query"), QStringLiteral("topics"), QStringLiteral("partition"),
                                    QStringLiteral("limit")}))
        return std::move(*bad);
    kafka::TopicQuerySpec spec;
    for (const QString &t : r.queryValue(QStringLiteral("topics")).split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        if (!t.trimmed().isEmpty())
            spec.topics << t.trimmed();
    }
    qint64 limit = 0;
    if (auto bad = number(r, QStringLiteral("limit"), 1, 0, &limit))
        return std::move(*bad);
    std::shared_ptr<kafka::TopicQueryScan> scan;
    if (auto bad = startScan(c, r, spec, &scan))
        return std::move(*bad);
    log::LogEngine &logs = c.options.kafka->logs();
    HttpReply reply = HttpReply::text("application/x-ndjson", {});
    reply.stream = [&logs, scan, limit](QTcpSocket *socket) {
        TopicRecordStream::start(socket, logs, scan, TopicRecordStream::Mode::Query, quint64(limit), {});
    };
    return reply;
}

HttpReply exportTopic(RouteContext &c, const HttpRequest &r)
{
    if (auto bad = onlyKnown(r, {QStringLiteral("query"), QStringLiteral("partition")}))
        return std::move(*bad);
    const QString topic = r.param(QStringLiteral("name"));
    kafka::TopicQuerySpec spec;
    spec.topics = {topic};
    if (topic.contains(QLatin1Char('*')) || topic.contains(QLatin1Char('?')))
        return HttpReply::badRequest(QStringLiteral("an export is of one topic: '%1' is a pattern").arg(topic));
    std::shared_ptr<kafka::TopicQueryScan> scan;
    if (auto bad = startScan(c, r, spec, &scan))
        return std::move(*bad);
    log::LogEngine &logs = c.options.kafka->logs();
    exportformat::Header header;
    header.exportedAt = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
    header.topic = topic;
    header.partition = spec.partition;
    header.query = spec.query.text();
    header.producer = QStringLiteral("Depot %1").arg(QCoreApplication::applicationVersion());
    HttpReply reply = HttpReply::text("application/x-ndjson", {});
    QString fileName = topic;
    fileName.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9._-]")), QStringLiteral("_"));
    reply.addHeader("Content-Disposition", "attachment; filename=\"" + fileName.toUtf8() + ".depot.jsonl\"");
    reply.stream = [&logs, scan, first = exportformat::encodeHeader(header)](
                       QTcpSocket *socket) {
        TopicRecordStream::start(socket, logs, scan, TopicRecordStream::Mode::Export, 0, first);
    };
    return reply;
}

} // namespace

void addTopicQueryRoutes(HttpRouter &router, RouteContext &c)
{
    router.add(Method::Get, QStringLiteral("/api/depot/records"), [&c](HttpRequest &r) { return queryRecords(c, r); });
    router.add(Method::Get, QStringLiteral("/api/depot/topics/{name}/export"),
        [&c](HttpRequest &r) { return exportTopic(c, r); });
}

} // namespace depot::http
