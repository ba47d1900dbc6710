// Export and import of messages in Depot's file format (docs/export-format.md):
//
//   GET  /api/depot/queues/{vhost}/{name}/export     the queue's messages, streamed
//   POST /api/depot/queues/{vhost}/{name}/import     a file's messages into the queue
//   POST /api/depot/exchanges/{vhost}/{name}/import  ... published through an exchange
//
// An export changes nothing: it walks the queue in slices with a cursor that
// resumes by id (ExportStream). An import reads and checks the whole body
// first, so a bad line refuses it with its line number and nothing goes in;
// then every message goes in within this one event-loop turn, which the
// store commits as one transaction: a crash loses the whole request or
// nothing of it. Like replay it answers with a task that completes once the
// store has committed (TransferTasks::startImport).

#include "broker/amqp/ImportPublish.h"
#include "broker/core/PublishGate.h"
#include "broker/export/ExportFormat.h"
#include "broker/http/ExportStream.h"
#include "broker/http/JsonMapping.h"
#include "broker/http/RouteContext.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QRegularExpression>

namespace depot::http {

namespace {

using Method = QHttpServerRequest::Method;

QJsonObject importTaskJson(const TaskInfo &t)
{
    return QJsonObject{
        {QStringLiteral("id"), qint64(t.id)},
        {QStringLiteral("action"), t.action},
        {QStringLiteral("vhost"), QStringLiteral("/")},
        {QStringLiteral("source"), t.source},
        {QStringLiteral("target"), t.target},
        {QStringLiteral("state"), taskStateName(t.state)},
        {QStringLiteral("total"), qint64(t.total)},
        {QStringLiteral("done"), qint64(t.done)},
        {QStringLiteral("skipped"), qint64(t.skipped)},
        {QStringLiteral("error"), t.error},
        {QStringLiteral("started_at"), t.startedAtMs},
        {QStringLiteral("finished_at"), t.finishedAtMs},
    };
}

// A yes/no query option; absent is `fallback`.
std::optional<bool> flag(const HttpRequest &r, const QString &key, bool fallback, HttpReply *error)
{
    if (!r.hasQuery(key))
        return fallback;
    const QString v = r.queryValue(key);
    if (v == QLatin1String("true") || v == QLatin1String("1"))
        return true;
    if (v == QLatin1String("false") || v == QLatin1String("0"))
        return false;
    *error = HttpReply::badRequest(QStringLiteral("%1 must be true or false, not '%2'").arg(key, v));
    return std::nullopt;
}

HttpReply exportQueue(RouteContext &c, const HttpRequest &r)
{
    const QString queue = r.param(QStringLiteral("name"));
    if (!c.engine.queue(queue))
        return HttpReply::notFound();
    MessageFilter filter;
    filter.text = r.queryValue(QStringLiteral("filter"));
    HttpReply error;
    const auto regex = flag(r, QStringLiteral("regex"), false, &error);
    const auto caseSensitive = flag(r, QStringLiteral("case_sensitive"), false, &error);
    if (!regex || !caseSensitive)
        return error;
    filter.regex = *regex;
    filter.caseSensitive = *caseSensitive;
    if (filter.regex && !QRegularExpression(filter.text).isValid())
        return HttpReply::badRequest(
            QStringLiteral("invalid regular expression: %1").arg(QRegularExpression(filter.text).errorString()));
    if (auto bad = parseQuery(r.queryValue(QStringLiteral("query")), &filter.query))
        return std::move(*bad);
    exportformat::Header header;
    header.exportedAt = QDateTime::fromMSecsSinceEpoch(c.engine.now(), Qt::UTC).toString(Qt::ISODateWithMs);
    header.queue = queue;
    header.filter = filter.text;
    header.filterRegex = filter.regex;
    header.filterCaseSensitive = filter.caseSensitive;
    header.query = filter.query.text();
    header.producer = QStringLiteral("Depot %1").arg(QCoreApplication::applicationVersion());
    HttpReply reply = HttpReply::text("application/x-ndjson", {});
    // A file name for browsers and `curl -OJ`.
    QString fileName = queue;
    fileName.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9._-]")), QStringLiteral("_"));
    reply.addHeader("Content-Disposition", "attachment; filename=\"" + fileName.toUtf8() + ".depot.jsonl\"");
    Engine &engine = c.engine;
    const QByteArray headerLine = exportformat::encodeHeader(header);
    reply.stream = [&engine, queue, filter, headerLine](
                       QTcpSocket *socket) { ExportStream::start(socket, engine, queue, filter, headerLine); };
    return reply;
}

// Where an import puts its messages: one queue, or an exchange that routes them.
struct ImportTarget
{
    QString queue;
    QString exchange;
    bool viaExchange = false;
};

// The HTTP answer for a file that cannot be read: the line and the field.
HttpReply refuseFile(const exportformat::DecodeError &e)
{
    QJsonObject o{
        {QStringLiteral("error"), QStringLiteral("bad_request")},
        {QStringLiteral("reason"), e.message()},
        {QStringLiteral("line"), e.line},
    };
    if (!e.field.isEmpty())
        o.insert(QStringLiteral("field"), e.field);
    return HttpReply::json(o, 400);
}

// Would a queue with a length limit that refuses newcomers take all of them?
// Checked before anything goes in, so an import is never cut off half-way.
std::optional<QString> roomRefusal(const QueueInfo &info, quint64 count, quint64 bytes)
{
    const QVariantMap &args = info.def.arguments;
    const QString overflow = args.value(QStringLiteral("x-overflow"), QStringLiteral("drop-head")).toString();
    if (overflow == QLatin1String("drop-head"))
        return std::nullopt; // makes room as for any publish
    bool ok = false;
    const qint64 maxLength = args.value(QStringLiteral("x-max-length")).toLongLong(&ok);
    if (ok && qint64(info.ready) + qint64(count) > maxLength)
        return QStringLiteral("queue '%1' holds at most %2 messages (x-max-length, x-overflow %3) and has %4: "
                              "the %5 of this import do not fit; nothing was imported")
            .arg(info.def.name)
            .arg(maxLength)
            .arg(overflow)
            .arg(info.ready)
            .arg(count);
    const qint64 maxBytes = args.value(QStringLiteral("x-max-length-bytes")).toLongLong(&ok);
    if (ok && qint64(info.bytes) + qint64(bytes) > maxBytes)
        return QStringLiteral("queue '%1' holds at most %2 bytes of bodies (x-max-length-bytes, x-overflow %3): the "
                              "%4 bytes of this import do not fit; nothing was imported")
            .arg(info.def.name)
            .arg(maxBytes)
            .arg(overflow)
            .arg(bytes);
    return std::nullopt;
}

HttpReply importInto(RouteContext &c, const HttpRequest &r, const ImportTarget &target)
{
    HttpReply error;
    const auto keepIds = flag(r, QStringLiteral("keep_ids"), true, &error);
    const auto keepTimestamps = flag(r, QStringLiteral("keep_timestamps"), true, &error);
    if (!keepIds || !keepTimestamps)
        return error;

    // The whole file is read and checked before anything goes in.
    struct Prepared
    {
        MessageContent content;
        PublishOptions options;
    };
    std::vector<Prepared> messages;
    exportformat::DecodeError decodeError;
    quint64 bytes = 0;
    const qint64 nowSeconds = c.engine.now() / 1000;
    std::optional<exportformat::DecodeError> optionsError;
    qint64 line = 1;
    const auto count = exportformat::decodeFile(r.body, nullptr, &decodeError, [&](exportformat::ExportedMessage &&m) {
        ++line;
        if (optionsError)
            return;
        MessageContent &content = m.content;
        // What the properties mean to the broker (TTL, priority, CC), as
        // for any AMQP publish; a value AMQP refuses is refused here.
        Result<PublishOptions> options = prepareImport(c.engine, target.viaExchange ? target.exchange : QString(),
            content, ImportChoices{*keepIds, *keepTimestamps}, nowSeconds);
        if (!options.ok()) {
            optionsError = exportformat::DecodeError{
                line, QStringLiteral("properties"), QStringLiteral("is refused: ") + options.error.text};
            return;
        }
        bytes += quint64(content.body.size());
        messages.push_back({std::move(content), std::move(options.value)});
    });
    if (!count)
        return refuseFile(decodeError);
    if (optionsError)
        return refuseFile(*optionsError);
    if (!target.viaExchange) {
        const auto info = c.engine.queue(target.queue);
        if (!info)
            return HttpReply::notFound();
        if (const auto refusal = roomRefusal(*info, quint64(messages.size()), bytes))
            return HttpReply::badRequest(*refusal);
    }
    // Through the publish gate, as every producer: closed, nothing goes in.
    if (const QString refused = c.options.gate->refusal(); !refused.isEmpty())
        return HttpReply::error(503, QStringLiteral("publishers_blocked"), refused);

    quint64 done = 0;
    quint64 skipped = 0;
    for (Prepared &p : messages) {
        PublishResult result;
        if (target.viaExchange) {
            result = c.engine.publish(target.exchange, p.content.routingKey, std::move(p.content.properties),
                std::move(p.content.body), p.options);
        } else {
            result = c.engine.publishToQueue(target.queue, std::move(p.content), p.options);
        }
        if (result.error)
            return HttpReply::fromEngine(result.error); // the target went away: nothing else is done
        if (result.routed && !result.rejected)
            ++done;
        else
            ++skipped; // unroutable through the exchange
    }
    // One hand-over for the whole request: the store commits it at once.
    const quint64 sequence = c.engine.flushStore();
    c.options.gate->accepted(sequence, bytes);
    const quint64 taskId
        = c.tasks.startImport(target.viaExchange ? target.exchange : target.queue, done, skipped, sequence);
    const auto task = c.tasks.task(taskId);
    HttpReply reply = HttpReply::json(importTaskJson(*task), 202);
    reply.addHeader("Location", "/api/depot/tasks/" + QByteArray::number(taskId));
    return reply;
}

} // namespace

void addExportRoutes(HttpRouter &router, RouteContext &c)
{
    router.add(Method::Get, QStringLiteral("/api/depot/queues/{vhost}/{name}/export"), scoped(c, exportQueue));
    router.add(Method::Post, QStringLiteral("/api/depot/queues/{vhost}/{name}/import"),
        scoped(c, [](RouteContext &c, HttpRequest &r) {
            ImportTarget target;
            target.queue = r.param(QStringLiteral("name"));
            if (!c.engine.queue(target.queue))
                return HttpReply::notFound();
            return importInto(c, r, target);
        }));
    router.add(Method::Post, QStringLiteral("/api/depot/exchanges/{vhost}/{name}/import"),
        scoped(c, [](RouteContext &c, HttpRequest &r) {
            ImportTarget target;
            target.exchange = exchangeFromUrl(r.param(QStringLiteral("name")));
            target.viaExchange = true;
            if (const Error e = c.engine.publishAddressError(target.exchange))
                return HttpReply::fromEngine(e);
            return importInto(c, r, target);
        }));
}

} // namespace depot::http
