// Message life stories (docs/http-api.md, "Message history"), Depot's own:
//
//   GET /api/depot/messages/{id}/history
//       the story of the message with Depot's id {id} (any id it had: a
//       move, replay or dead letter gives it a new one), in a queue or gone
//   GET /api/depot/history?message_id=...|correlation_id=...|id=...[&gone=true][&limit=N]
//       stories found by one of those, newest gone first ("where did my
//       message go?"); gone=true: only messages that are gone
//
// Both answer 404 with a reason when history is off (--history off).

#include "broker/http/JsonMapping.h"
#include "broker/http/RouteContext.h"

#include <QDateTime>

namespace depot::http {

namespace {

QString isoTime(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
}

QJsonObject actorJson(const HistoryActor &actor)
{
    QJsonObject out{{QStringLiteral("kind"), historyActorKindName(actor.kind)}};
    if (!actor.name.isEmpty())
        out.insert(QStringLiteral("name"), actor.name);
    if (!actor.address.isEmpty())
        out.insert(QStringLiteral("address"), actor.address);
    if (!actor.user.isEmpty())
        out.insert(QStringLiteral("user"), actor.user);
    if (!actor.protocol.isEmpty())
        out.insert(QStringLiteral("protocol"), actor.protocol);
    return out;
}

QJsonArray splitList(const QString &list)
{
    QJsonArray out;
    for (const QString &name : list.split(QStringLiteral(", "), Qt::SkipEmptyParts))
        out.append(name);
    return out;
}

// Each kind's fields by their meaning (History.h says which is which).
QJsonObject eventJson(const HistoryEntry &entry)
{
    const HistoryEvent &e = entry.event;
    QJsonObject out{
        {QStringLiteral("at"), isoTime(e.at)},
        {QStringLiteral("event"), historyEventName(e.kind)},
        {QStringLiteral("actor"), actorJson(entry.actor)},
    };
    auto put = [&out](const char *key, const QJsonValue &value) { out.insert(QLatin1String(key), value); };
    switch (e.kind) {
    case HistoryEventKind::Published:
        put("exchange", e.where);
        put("routing_key", e.detail);
        break;
    case HistoryEventKind::Routed:
        put("queues", splitList(e.detail));
        break;
    case HistoryEventKind::Unroutable:
        put("exchange", e.where);
        put("routing_key", e.detail);
        put("returned", e.flag);
        break;
    case HistoryEventKind::Delivered:
        put("queue", e.where);
        put("consumer_tag", e.detail);
        put("delivery_count", qint64(e.count));
        break;
    case HistoryEventKind::Rejected:
        put("queue", e.where);
        put("requeue", e.flag);
        break;
    case HistoryEventKind::DeadLettered:
        put("from", e.where);
        put("to", splitList(e.detail));
        put("reason", e.reason);
        break;
    case HistoryEventKind::Moved:
    case HistoryEventKind::Copied:
    case HistoryEventKind::Replayed:
    case HistoryEventKind::Edited:
        put("from", e.where);
        put("to", e.detail);
        put("linked_id", qint64(e.link));
        if (!e.reason.isEmpty())
            put("reason", e.reason);
        break;
    default:
        put("queue", e.where);
        if (!e.reason.isEmpty())
            put("reason", e.reason);
        break;
    }
    return out;
}

QJsonObject storyJson(const MessageStory &story)
{
    QJsonArray ids;
    for (MessageId id : story.ids)
        ids.append(qint64(id));
    QJsonArray events;
    for (const HistoryEntry &entry : story.events)
        events.append(eventJson(entry));
    QJsonObject out{
        {QStringLiteral("id"), qint64(story.ids.isEmpty() ? 0 : story.ids.back())},
        {QStringLiteral("ids"), ids},
        {QStringLiteral("queue"), story.queue},
        {QStringLiteral("gone"), story.goneAt != 0},
        {QStringLiteral("events"), events},
    };
    if (story.goneAt)
        out.insert(QStringLiteral("gone_at"), isoTime(story.goneAt));
    if (!story.messageId.isEmpty())
        out.insert(QStringLiteral("message_id"), story.messageId);
    if (!story.correlationId.isEmpty())
        out.insert(QStringLiteral("correlation_id"), story.correlationId);
    return out;
}

std::optional<HttpReply> historyOff(RouteContext &c)
{
    if (c.engine.historySettings().enabled)
        return std::nullopt;
    return HttpReply::notFound(QStringLiteral("message history is off (depot --history off)"));
}

std::optional<MessageId> parseId(const QString &text)
{
    bool ok = false;
    const quint64 id = text.toULongLong(&ok);
    if (!ok || id == 0 || text.startsWith(QLatin1Char('+')))
        return std::nullopt;
    return id;
}

HttpReply messageHistory(RouteContext &c, const HttpRequest &r)
{
    if (auto off = historyOff(c))
        return *off;
    const auto id = parseId(r.param(QStringLiteral("id")));
    if (!id)
        return HttpReply::badRequest(
            QStringLiteral("'%1' is not a message id (a whole number above 0)").arg(r.param(QStringLiteral("id"))));
    const auto story = c.engine.messageHistory(*id);
    if (!story)
        return HttpReply::notFound(QStringLiteral("no history of message %1: it is unknown, or its story was "
                                                  "forgotten (--history-retention, --history-max-events)")
                                       .arg(*id));
    return HttpReply::json(storyJson(*story));
}

HttpReply searchHistory(RouteContext &c, const HttpRequest &r)
{
    if (auto off = historyOff(c))
        return *off;
    const QStringList known{QStringLiteral("id"), QStringLiteral("message_id"), QStringLiteral("correlation_id"),
        QStringLiteral("gone"), QStringLiteral("limit")};
    for (const auto &item : r.query.queryItems()) {
        if (!known.contains(item.first))
            return HttpReply::badRequest(QStringLiteral("unknown parameter '%1'; this takes id, message_id, "
                                                        "correlation_id, gone and limit")
                                             .arg(item.first));
    }
    HistoryQuery q;
    if (r.hasQuery(QStringLiteral("id"))) {
        const auto id = parseId(r.queryValue(QStringLiteral("id")));
        if (!id)
            return HttpReply::badRequest(QStringLiteral("id must be a message id (a whole number above 0)"));
        q.id = *id;
    }
    q.messageId = r.queryValue(QStringLiteral("message_id"));
    q.correlationId = r.queryValue(QStringLiteral("correlation_id"));
    if (q.id == 0 && q.messageId.isEmpty() && q.correlationId.isEmpty())
        return HttpReply::badRequest(QStringLiteral("say what to look for: id, message_id or correlation_id"));
    if (r.hasQuery(QStringLiteral("gone"))) {
        const QString gone = r.queryValue(QStringLiteral("gone"));
        if (gone != QLatin1String("true") && gone != QLatin1String("false"))
            return HttpReply::badRequest(QStringLiteral("gone must be true or false, not '%1'").arg(gone));
        q.goneOnly = gone == QLatin1String("true");
    }
    if (r.hasQuery(QStringLiteral("limit"))) {
        bool ok = false;
        const int limit = r.queryValue(QStringLiteral("limit")).toInt(&ok);
        if (!ok || limit < 1 || limit > 1000)
            return HttpReply::badRequest(QStringLiteral("limit must be a whole number from 1 to 1000"));
        q.limit = limit;
    }
    // Answered once the engine's search of the store (off the broker thread) is back.
    Engine *engine = &c.engine;
    return HttpReply::later([engine, q](const HttpReply::Send &send) {
        engine->findHistory(q, [send](const QList<MessageStory> &stories) {
            QJsonArray out;
            for (const MessageStory &story : stories)
                out.append(storyJson(story));
            send(HttpReply::json(out));
        });
    });
}

} // namespace

void addHistoryRoutes(HttpRouter &router, RouteContext &context)
{
    RouteContext *c = &context;
    router.add(QHttpServerRequest::Method::Get, QStringLiteral("/api/depot/messages/{id}/history"),
        [c](HttpRequest &r) { return messageHistory(*c, r); });
    router.add(QHttpServerRequest::Method::Get, QStringLiteral("/api/depot/history"),
        [c](HttpRequest &r) { return searchHistory(*c, r); });
}

} // namespace depot::http
