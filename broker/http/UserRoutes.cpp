// /api/users and /api/whoami as RabbitMQ's management API has them, over
// the broker's auth::UserStore. Only administrators manage users (401 "Not
// administrator user" otherwise, as RabbitMQ answers). A user is never shown
// with a password, only its hash.
//
// Refused with 400 and a reason: changing or deleting the command-line
// account (the command line decides it on every start), and deleting the
// user one is logged in as. Since the command-line account always exists
// and is an administrator, no sequence of calls locks everyone out.

#include "broker/auth/UserStore.h"
#include "broker/http/HttpRouter.h"
#include "broker/http/JsonMapping.h"
#include "broker/http/RouteContext.h"

namespace depot::http {

namespace {

using Method = QHttpServerRequest::Method;

QJsonObject userJson(const auth::User &user)
{
    QJsonObject o = auth::userToJson(user);
    // Depot's own field: where the account comes from.
    o.insert(QStringLiteral("depot_origin"),
        user.fromCommandLine ? QStringLiteral("command_line") : QStringLiteral("stored"));
    return o;
}

HttpReply commandLineAccountRefusal(const QString &name)
{
    return HttpReply::badRequest(QStringLiteral("'%1' is the account given on the command line (--user, or guest "
                                                "when none is given); it is not stored and cannot be changed or "
                                                "deleted over the API; restart depot with other --user/--password")
                                     .arg(name));
}

HttpReply putUser(RouteContext &c, const HttpRequest &r)
{
    const QString name = r.param(QStringLiteral("name"));
    auth::UserStore &users = *c.options.users;
    if (users.isCommandLineAccount(name))
        return commandLineAccountRefusal(name);
    HttpReply error;
    const auto body = parseObject(r.body, &error);
    if (!body)
        return error;
    const std::optional<auth::User> existing = users.user(name);
    QString problem;
    const auto user = auth::userFromJson(name, *body, existing, &problem);
    if (!user)
        return HttpReply::badRequest(problem);
    if (!users.put({*user}, &problem))
        return HttpReply::error(500, QStringLiteral("internal_server_error"), problem);
    return existing ? HttpReply::noContent() : HttpReply::created();
}

HttpReply deleteUser(RouteContext &c, const HttpRequest &r)
{
    const QString name = r.param(QStringLiteral("name"));
    auth::UserStore &users = *c.options.users;
    if (users.isCommandLineAccount(name))
        return commandLineAccountRefusal(name);
    if (!users.user(name))
        return HttpReply::notFound();
    if (name == r.user)
        return HttpReply::badRequest(QStringLiteral("you are logged in as '%1' and cannot delete yourself; log in "
                                                    "as another administrator to delete this user")
                                         .arg(name));
    QString problem;
    if (!users.remove(name, &problem))
        return HttpReply::error(500, QStringLiteral("internal_server_error"), problem);
    return HttpReply::noContent();
}

// Wraps a handler with the administrator check every /api/users route needs.
template <typename F> HttpRouter::Handler administrator(RouteContext &context, F f)
{
    return [&context, f](HttpRequest &r) {
        if (auto refused = requireAdministrator(r))
            return std::move(*refused);
        return f(context, r);
    };
}

} // namespace

void addUserRoutes(HttpRouter &router, RouteContext &c)
{
    router.add(Method::Get, QStringLiteral("/api/whoami"), [](HttpRequest &r) {
        return HttpReply::json(QJsonObject{
            {QStringLiteral("name"), r.user}, {QStringLiteral("tags"), QJsonArray::fromStringList(r.userTags)}});
    });
    router.add(Method::Get, QStringLiteral("/api/users"), administrator(c, [](RouteContext &c, HttpRequest &r) {
        QJsonArray list;
        for (const auth::User &u : c.options.users->users())
            list.append(userJson(u));
        return listReply(r, list);
    }));
    router.add(Method::Get, QStringLiteral("/api/users/{name}"), administrator(c, [](RouteContext &c, HttpRequest &r) {
        const auto user = c.options.users->user(r.param(QStringLiteral("name")));
        return user ? HttpReply::json(userJson(*user)) : HttpReply::notFound();
    }));
    router.add(Method::Put, QStringLiteral("/api/users/{name}"), administrator(c, putUser));
    router.add(Method::Delete, QStringLiteral("/api/users/{name}"), administrator(c, deleteUser));
}

} // namespace depot::http
