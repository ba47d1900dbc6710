// /api/policies and /api/operator-policies: RabbitMQ's policies (list, per
// vhost, GET/PUT/DELETE by name), in RabbitMQ's shapes. The engine checks a
// policy and answers with RabbitMQ's text ("Validation failed ..."), 400;
// a policy of a vhost Depot does not have is 404, as RabbitMQ answers.
//
// Who may: policies need the administrator or policymaker tag, operator
// policies the administrator tag, as in RabbitMQ.

#include "broker/http/HttpRouter.h"
#include "broker/http/JsonMapping.h"
#include "broker/http/RouteContext.h"

namespace depot::http {

namespace {

using Method = QHttpServerRequest::Method;

std::optional<HttpReply> requirePolicymaker(const HttpRequest &request)
{
    if (request.userTags.contains(QStringLiteral("policymaker")))
        return std::nullopt;
    if (request.userTags.contains(QStringLiteral("administrator")))
        return std::nullopt;
    HttpReply reply = HttpReply::error(401, QStringLiteral("not_authorised"), QStringLiteral("Not policymaker user"));
    reply.addHeader("WWW-Authenticate", "Basic realm=\"RabbitMQ Management\"");
    return reply;
}

HttpReply list(RouteContext &c, const HttpRequest &r, PolicyKind kind)
{
    QJsonArray out;
    for (const PolicyDef &p : c.engine.policies(kind))
        out.append(policyToJson(p));
    return listReply(r, out);
}

HttpReply getOne(RouteContext &c, const HttpRequest &r, PolicyKind kind)
{
    const auto p = c.engine.policy(kind, r.param(QStringLiteral("vhost")), r.param(QStringLiteral("name")));
    return p ? HttpReply::json(policyToJson(*p)) : HttpReply::notFound();
}

HttpReply putOne(RouteContext &c, const HttpRequest &r, PolicyKind kind)
{
    HttpReply error;
    const auto body = parseObject(r.body, &error);
    if (!body)
        return error;
    PolicyDef def;
    def.vhost = r.param(QStringLiteral("vhost"));
    def.name = r.param(QStringLiteral("name"));
    QString problem;
    if (!policyFromJson(*body, &def, &problem))
        return HttpReply::badRequest(problem);
    const auto done = c.engine.setPolicy(kind, def);
    if (!done.ok())
        return HttpReply::fromEngine(done.error);
    return done.value ? HttpReply::created() : HttpReply::noContent();
}

HttpReply deleteOne(RouteContext &c, const HttpRequest &r, PolicyKind kind)
{
    const auto done = c.engine.deletePolicy(kind, r.param(QStringLiteral("vhost")), r.param(QStringLiteral("name")));
    return done.ok() ? HttpReply::noContent() : HttpReply::notFound();
}

} // namespace

void addPolicyRoutes(HttpRouter &router, RouteContext &c)
{
    for (const PolicyKind kind : {PolicyKind::Policy, PolicyKind::Operator}) {
        const QString base
            = kind == PolicyKind::Policy ? QStringLiteral("/api/policies") : QStringLiteral("/api/operator-policies");
        // Checks who may before anything else, then the vhost where the route has one.
        const auto guarded = [kind, &c](auto handler, bool withVhost) {
            return [kind, &c, handler, withVhost](HttpRequest &r) {
                if (auto refused = kind == PolicyKind::Policy ? requirePolicymaker(r) : requireAdministrator(r))
                    return std::move(*refused);
                if (withVhost) {
                    if (auto bad = checkVhost(r))
                        return std::move(*bad);
                }
                return handler(c, r, kind);
            };
        };
        router.add(Method::Get, base, guarded(list, false));
        router.add(Method::Get, base + QStringLiteral("/{vhost}"), guarded(list, true));
        router.add(Method::Get, base + QStringLiteral("/{vhost}/{name}"), guarded(getOne, true));
        router.add(Method::Put, base + QStringLiteral("/{vhost}/{name}"), guarded(putOne, true));
        router.add(Method::Delete, base + QStringLiteral("/{vhost}/{name}"), guarded(deleteOne, true));
    }
}

} // namespace depot::http
