// Depot's retry controls over HTTP (under /api/depot/queues/{vhost}/{name}),
// the same engine operations as the window's buttons:
//   POST   .../messages/{id}/retry           a waiting message is ready now, its attempts kept
//   POST   .../messages/{id}/give-up         dead-lettered now (x-death reason delivery_limit)
//   POST   .../messages/{id}/reset-attempts  delivery count back to 0
//   POST   .../retry-waiting                 every waiting message is ready now
//   PUT    .../retry-delays {"delays": [..]} the queue's x-retry-delays replaced
//   DELETE .../retry-delays                  ... removed
// docs/http-api.md has the answers and errors.

#include "broker/http/JsonMapping.h"
#include "broker/http/RouteContext.h"

namespace depot::http {

namespace {

using Method = QHttpServerRequest::Method;

std::optional<MessageId> messageId(const HttpRequest &r)
{
    bool ok = false;
    const MessageId id = r.param(QStringLiteral("id")).toULongLong(&ok);
    return ok && id > 0 ? std::optional<MessageId>(id) : std::nullopt;
}

using MessageOp = Result<void> (Engine::*)(const QString &, MessageId);

HttpRouter::Handler messageRoute(RouteContext &c, MessageOp op)
{
    return scoped(c, [op](RouteContext &c, HttpRequest &r) {
        const auto id = messageId(r);
        if (!id)
            return HttpReply::badRequest(QStringLiteral("a message id is a positive integer"));
        const Result<void> done = (c.engine.*op)(r.param(QStringLiteral("name")), *id);
        return done.ok() ? HttpReply::noContent() : HttpReply::fromEngine(done.error);
    });
}

HttpReply setDelays(RouteContext &c, const HttpRequest &r)
{
    HttpReply error;
    const auto body = parseObject(r.body, &error);
    if (!body)
        return error;
    const QJsonValue delays = body->value(QStringLiteral("delays"));
    if (!delays.isArray())
        return HttpReply::badRequest(QStringLiteral("field 'delays' must be a list of delays in milliseconds"));
    if (delays.toArray().isEmpty())
        return HttpReply::badRequest(
            QStringLiteral("the list of delays is empty; DELETE removes the queue's retry delays"));
    const auto result = c.engine.setRetryDelays(r.param(QStringLiteral("name")), jsonToVariant(delays).toList());
    if (!result.ok())
        return HttpReply::fromEngine(result.error);
    return HttpReply::json(queueToJson(result.value, nullptr));
}

} // namespace

void addRetryRoutes(HttpRouter &router, RouteContext &c)
{
    const QString queueBase = QStringLiteral("/api/depot/queues/{vhost}/{name}");
    const QString message = queueBase + QStringLiteral("/messages/{id}");
    router.add(Method::Post, message + QStringLiteral("/retry"), messageRoute(c, &Engine::retryNow));
    router.add(Method::Post, message + QStringLiteral("/give-up"), messageRoute(c, &Engine::giveUp));
    router.add(Method::Post, message + QStringLiteral("/reset-attempts"), messageRoute(c, &Engine::resetAttempts));
    router.add(
        Method::Post, queueBase + QStringLiteral("/retry-waiting"), scoped(c, [](RouteContext &c, HttpRequest &r) {
            const auto retried = c.engine.retryAllWaitingNow(r.param(QStringLiteral("name")));
            if (!retried.ok())
                return HttpReply::fromEngine(retried.error);
            return HttpReply::json(QJsonObject{{QStringLiteral("retried"), qint64(retried.value)}});
        }));
    router.add(Method::Put, queueBase + QStringLiteral("/retry-delays"), scoped(c, setDelays));
    router.add(
        Method::Delete, queueBase + QStringLiteral("/retry-delays"), scoped(c, [](RouteContext &c, HttpRequest &r) {
            const auto result = c.engine.setRetryDelays(r.param(QStringLiteral("name")), {});
            if (!result.ok())
                return HttpReply::fromEngine(result.error);
            return HttpReply::json(queueToJson(result.value, nullptr));
        }));
}

} // namespace depot::http
