// Depot's own routes, under /api/depot/, for what RabbitMQ's API lacks:
// browsing a queue without consuming, one message with its dead-letter history,
// replay / move / copy / delete as tasks with progress and cancel, and rate
// series for charts. They call the same engine operations as the window.

#include "broker/amqp/codec/XDeath.h"
#include "broker/http/HttpRouter.h"
#include "broker/http/JsonMapping.h"
#include "broker/http/RouteContext.h"

#include <QRegularExpression>

namespace depot::http {

namespace {

using Method = QHttpServerRequest::Method;

constexpr qint64 DefaultPage = 50;
constexpr qint64 MaxPage = 1000;

// Reads "filter", "regex" and "case_sensitive" from a query or a JSON object.
std::optional<HttpReply> checkFilter(const MessageFilter &filter)
{
    if (filter.regex && !QRegularExpression(filter.text).isValid())
        return HttpReply::badRequest(QStringLiteral("invalid regular expression: %1")
                                         .arg(QRegularExpression(filter.text).errorString()));
    return std::nullopt;
}

QJsonObject taskJson(const TaskInfo &t)
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

HttpReply browse(RouteContext &c, const HttpRequest &r)
{
    const QString queue = r.param(QStringLiteral("name"));
    const auto info = c.engine.queue(queue);
    if (!info)
        return HttpReply::notFound();
    bool offsetOk = true;
    bool limitOk = true;
    const qint64 offset = r.hasQuery(QStringLiteral("offset")) ? r.queryValue(QStringLiteral("offset")).toLongLong(&offsetOk) : 0;
    const qint64 limit = r.hasQuery(QStringLiteral("limit")) ? r.queryValue(QStringLiteral("limit")).toLongLong(&limitOk) : DefaultPage;
    if (!offsetOk || !limitOk || offset < 0 || limit < 1 || limit > MaxPage)
        return HttpReply::badRequest(QStringLiteral("offset must be >= 0 and limit between 1 and %1").arg(MaxPage));
    MessageFilter filter;
    filter.text = r.queryValue(QStringLiteral("filter"));
    filter.regex = r.queryValue(QStringLiteral("regex")) == QLatin1String("true");
    filter.caseSensitive = r.queryValue(QStringLiteral("case_sensitive")) == QLatin1String("true");
    filter.waitingRetry = r.queryValue(QStringLiteral("waiting_retry")) == QLatin1String("true");
    if (auto bad = checkFilter(filter))
        return std::move(*bad);
    if (auto bad = parseQuery(r.queryValue(QStringLiteral("query")), &filter.query))
        return std::move(*bad);
    // One more than asked tells whether another page follows without counting
    // every match of a filter.
    const QList<MessageView> views = c.engine.browse(queue, quint64(offset), quint64(limit + 1), filter);
    QJsonArray items;
    for (qsizetype i = 0; i < std::min<qsizetype>(views.size(), limit); ++i)
        items.append(messageJson(views[i], false));
    QJsonObject o{
        {QStringLiteral("queue"), queue},
        {QStringLiteral("offset"), offset},
        {QStringLiteral("limit"), limit},
        {QStringLiteral("has_more"), views.size() > limit},
        {QStringLiteral("items"), items},
    };
    // Without a filter the total is known at no cost.
    if (filter.isEmpty())
        o.insert(QStringLiteral("total"), qint64(info->ready + info->unacked));
    return HttpReply::json(o);
}

HttpReply oneMessage(RouteContext &c, const HttpRequest &r)
{
    const QString queue = r.param(QStringLiteral("name"));
    if (!c.engine.queue(queue))
        return HttpReply::notFound();
    bool ok = false;
    const MessageId id = r.param(QStringLiteral("id")).toULongLong(&ok);
    if (!ok)
        return HttpReply::badRequest(QStringLiteral("a message id is a positive integer"));
    const auto view = c.engine.message(queue, id);
    if (!view)
        return HttpReply::notFound(QStringLiteral("no message %1 in queue '%2'").arg(id).arg(queue));
    return HttpReply::json(messageJson(*view, true));
}

HttpReply startTask(RouteContext &c, const HttpRequest &r, const QString &action)
{
    const QString queue = r.param(QStringLiteral("name"));
    if (!c.engine.queue(queue))
        return HttpReply::notFound();
    HttpReply error;
    const auto body = parseObject(r.body, &error);
    if (!body)
        return error;
    JsonFields f(*body);
    QList<MessageId> ids;
    const QJsonValue idsValue = body->value(QStringLiteral("ids"));
    if (!idsValue.isUndefined() && !idsValue.isNull()) {
        if (!idsValue.isArray())
            return HttpReply::badRequest(QStringLiteral("field 'ids' must be an array of message ids"));
        for (const QJsonValue &v : idsValue.toArray()) {
            const double d = v.toDouble(-1);
            if (!v.isDouble() || d < 1 || d != std::floor(d))
                return HttpReply::badRequest(QStringLiteral("field 'ids' must be an array of message ids"));
            ids.append(MessageId(d));
        }
        if (ids.isEmpty())
            return HttpReply::badRequest(QStringLiteral("field 'ids' is empty; leave it out to select by filter"));
    }
    const QJsonObject filterJson = f.object(QStringLiteral("filter"));
    JsonFields ff(filterJson);
    MessageFilter filter;
    filter.text = ff.string(QStringLiteral("text"));
    filter.regex = ff.boolean(QStringLiteral("regex"), false);
    filter.caseSensitive = ff.boolean(QStringLiteral("case_sensitive"), false);
    const QString target = f.string(QStringLiteral("target"));
    const QString queryText = f.string(QStringLiteral("query"));
    if (!f.ok())
        return HttpReply::badRequest(f.error());
    if (auto bad = parseQuery(queryText, &filter.query))
        return std::move(*bad);
    if (!ids.isEmpty() && !filter.isEmpty())
        return HttpReply::badRequest(
            QStringLiteral("give either 'ids' or a selection by 'filter' and 'query', not both"));
    if (!ff.ok())
        return HttpReply::badRequest(QStringLiteral("filter: ") + ff.error());
    if (auto bad = checkFilter(filter))
        return std::move(*bad);
    if ((action == QLatin1String("move") || action == QLatin1String("copy")) && target.isEmpty())
        return HttpReply::badRequest(QStringLiteral("%1 needs a 'target' queue").arg(action));
    if (!target.isEmpty() && !c.engine.queue(target))
        return HttpReply::notFound(QStringLiteral("no queue '%1' in vhost '/'").arg(target));

    Result<quint64> started;
    if (action == QLatin1String("delete")) {
        started = c.tasks.startDelete(queue, ids, filter);
    } else {
        TransferSpec spec;
        spec.source = queue;
        spec.target = target;
        spec.mode = action == QLatin1String("copy") ? TransferSpec::Mode::Copy : TransferSpec::Mode::Move;
        spec.ids = ids;
        spec.filter = filter;
        started = c.tasks.startTransfer(action, spec);
    }
    if (!started.ok())
        return HttpReply::fromEngine(started.error);
    HttpReply reply = HttpReply::json(taskJson(*c.tasks.task(started.value)), 202);
    reply.addHeader("Location", "/api/depot/tasks/" + QByteArray::number(started.value));
    return reply;
}

std::optional<quint64> taskId(const HttpRequest &r)
{
    bool ok = false;
    const quint64 id = r.param(QStringLiteral("id")).toULongLong(&ok);
    return ok ? std::optional<quint64>(id) : std::nullopt;
}

HttpReply rates(RouteContext &c, const HttpRequest &r, const QString &queue)
{
    bool ok = true;
    const int seconds = r.hasQuery(QStringLiteral("seconds")) ? r.queryValue(QStringLiteral("seconds")).toInt(&ok) : 300;
    if (!ok || seconds < 1 || seconds > Stats::HistorySeconds)
        return HttpReply::badRequest(QStringLiteral("seconds must be between 1 and %1").arg(Stats::HistorySeconds));
    QStringList wanted = r.queryValue(QStringLiteral("series")).split(QLatin1Char(','), Qt::SkipEmptyParts);
    QJsonObject series;
    qint64 endMs = 0;
    for (int i = 0; i < CounterCount; ++i) {
        const Counter counter = Counter(i);
        const QString name = counterName(counter);
        if (!wanted.isEmpty() && !wanted.removeOne(name))
            continue;
        const RateSeries s = queue.isNull() ? c.engine.stats().globalHistory(counter, seconds)
                                            : c.engine.stats().queueHistory(queue, counter, seconds);
        endMs = std::max(endMs, s.endMs);
        QJsonArray values;
        for (double v : s.perSecond)
            values.append(v);
        series.insert(name, values);
    }
    if (!queue.isNull() && (wanted.isEmpty() || wanted.removeOne(QStringLiteral("depth")))) {
        const RateSeries s = c.engine.stats().depthHistory(queue, seconds);
        endMs = std::max(endMs, s.endMs);
        QJsonArray values;
        for (double v : s.perSecond)
            values.append(v);
        series.insert(QStringLiteral("depth"), values);
    }
    if (!wanted.isEmpty())
        return HttpReply::badRequest(QStringLiteral("unknown series: %1").arg(wanted.join(QStringLiteral(", "))));
    return HttpReply::json(QJsonObject{
        {QStringLiteral("end"), endMs},
        {QStringLiteral("interval_ms"), 1000},
        {QStringLiteral("series"), series},
    });
}

} // namespace

QJsonObject messageJson(const MessageView &view, bool withDeaths)
{
    const QueuedMessage &m = view.state;
    QJsonObject o{
        {QStringLiteral("id"), qint64(m.id)},
        {QStringLiteral("position"), qint64(view.position)},
        {QStringLiteral("unacked"), view.unacked},
        {QStringLiteral("redelivered"), m.redelivered},
        {QStringLiteral("delivery_count"), qint64(m.deliveryCount)},
        {QStringLiteral("enqueued_at"), m.enqueuedAt},
        {QStringLiteral("expires_at"), m.expiresAt},
        {QStringLiteral("ready_at"), m.readyAt},
        {QStringLiteral("priority"), int(m.priority)},
        {QStringLiteral("persistent"), m.persistent},
    };
    if (m.content) {
        // A message moved, copied, replayed or dead-lettered here keeps when
        // (and where) it was first enqueued; one still in its first queue
        // was first enqueued when it arrived.
        o.insert(QStringLiteral("first_enqueued_at"), m.content->origin ? m.content->origin->enqueuedAt : m.enqueuedAt);
        if (m.content->origin)
            o.insert(QStringLiteral("first_queue"), m.content->origin->queue);
        o.insert(QStringLiteral("exchange"), m.content->exchange);
        o.insert(QStringLiteral("routing_key"), m.content->routingKey);
        // Properties as an AMQP client receives them (x-death included), as
        // RabbitMQ's API shows a message.
        o.insert(QStringLiteral("properties"), propertiesToJson(amqp::xdeath::renderedProperties(*m.content)));
        putPayload(&o, m.content->body, false);
        if (withDeaths) {
            // The typed history, newest first, in x-death's field names.
            QJsonArray deaths;
            for (const DeathRecord &d : m.content->deaths.records) {
                QJsonObject death{
                    {QStringLiteral("queue"), d.queue},
                    {QStringLiteral("reason"), deathReasonName(d.reason)},
                    {QStringLiteral("count"), d.count},
                    {QStringLiteral("time"), d.timeMs / 1000},
                    {QStringLiteral("exchange"), d.exchange},
                    {QStringLiteral("routing-keys"), QJsonArray::fromStringList(d.routingKeys)},
                };
                if (d.originalExpiration)
                    death.insert(QStringLiteral("original-expiration"), *d.originalExpiration);
                deaths.append(death);
            }
            o.insert(QStringLiteral("x_death"), deaths);
            // Where replay to the original queue sends it (empty: nowhere).
            o.insert(QStringLiteral("original_queue"), m.content->deaths.originalQueue());
        }
    }
    return o;
}

void addDepotRoutes(HttpRouter &router, RouteContext &c)
{
    const QString queueBase = QStringLiteral("/api/depot/queues/{vhost}/{name}");
    router.add(Method::Get, queueBase + QStringLiteral("/messages"), scoped(c, browse));
    router.add(Method::Get, queueBase + QStringLiteral("/messages/{id}"), scoped(c, oneMessage));
    for (const char *action : {"replay", "move", "copy", "delete"}) {
        const QString name = QString::fromLatin1(action);
        router.add(Method::Post, queueBase + QLatin1Char('/') + name,
                   scoped(c, [name](RouteContext &c, HttpRequest &r) { return startTask(c, r, name); }));
    }
    // Pausing stops delivery to consumers (publishing goes on) until resumed;
    // the answer is the queue as /api/queues shows it, `paused` included.
    for (const bool pause : {true, false}) {
        router.add(Method::Post, queueBase + (pause ? QStringLiteral("/pause") : QStringLiteral("/resume")),
            scoped(c, [pause](RouteContext &c, HttpRequest &r) {
                const auto result = c.engine.setQueuePaused(r.param(QStringLiteral("name")), pause);
                if (!result.ok())
                    return HttpReply::fromEngine(result.error);
                return HttpReply::json(queueToJson(result.value, nullptr));
            }));
    }
    router.add(Method::Get, queueBase + QStringLiteral("/rates"), scoped(c, [](RouteContext &c, HttpRequest &r) {
        const QString queue = r.param(QStringLiteral("name"));
        if (!c.engine.queue(queue))
            return HttpReply::notFound();
        return rates(c, r, queue);
    }));
    router.add(Method::Get, QStringLiteral("/api/depot/rates"), [&c](HttpRequest &r) { return rates(c, r, QString()); });

    router.add(Method::Get, QStringLiteral("/api/depot/tasks"), [&c](HttpRequest &r) {
        QJsonArray out;
        for (const TaskInfo &t : c.tasks.tasks())
            out.append(taskJson(t));
        return listReply(r, out);
    });
    router.add(Method::Get, QStringLiteral("/api/depot/tasks/{id}"), [&c](HttpRequest &r) {
        const auto id = taskId(r);
        const auto task = id ? c.tasks.task(*id) : std::nullopt;
        return task ? HttpReply::json(taskJson(*task)) : HttpReply::notFound();
    });
    // Cancelling is asynchronous: the task reports "cancelled" once the
    // engine has stopped it between two messages.
    router.add(Method::Delete, QStringLiteral("/api/depot/tasks/{id}"), [&c](HttpRequest &r) {
        const auto id = taskId(r);
        if (!id || !c.tasks.cancel(*id))
            return HttpReply::notFound();
        return HttpReply::json(taskJson(*c.tasks.task(*id)), 202);
    });
}

} // namespace depot::http
