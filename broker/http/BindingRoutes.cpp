// RabbitMQ-management-compatible binding routes: listing (including the
// default exchange's implicit binding of every queue, as RabbitMQ lists it),
// creating with a Location that names the new binding's properties key, and
// deleting by that key.

#include "broker/http/HttpRouter.h"
#include "broker/http/JsonMapping.h"
#include "broker/http/RouteContext.h"

#include <QUrl>

namespace depot::http {

namespace {

using Method = QHttpServerRequest::Method;

QList<BindingDef> allBindings(const Engine &engine)
{
    QList<BindingDef> out;
    for (const QueueInfo &q : engine.queues()) {
        BindingDef implicit;
        implicit.destination = q.def.name;
        implicit.routingKey = q.def.name;
        out.append(implicit);
    }
    out.append(engine.bindings());
    return out;
}

bool exchangeExists(const Engine &engine, const QString &name)
{
    for (const ExchangeDef &e : engine.exchanges()) {
        if (e.name == name)
            return true;
    }
    return false;
}

QJsonArray toJson(const QList<BindingDef> &bindings)
{
    QJsonArray out;
    for (const BindingDef &b : bindings)
        out.append(bindingToJson(b));
    return out;
}

template <typename Pred>
QList<BindingDef> select(const Engine &engine, Pred pred)
{
    QList<BindingDef> out;
    for (const BindingDef &b : allBindings(engine)) {
        if (pred(b))
            out.append(b);
    }
    return out;
}

// The {source}/{kind}/{destination} part of a binding URL, checked: both ends
// exist (404 otherwise, as RabbitMQ).
struct Ends
{
    QString source;
    QString destination;
    DestinationKind kind = DestinationKind::Queue;
};

std::optional<HttpReply> readEnds(const Engine &engine, const HttpRequest &r, DestinationKind kind, Ends *out)
{
    out->source = exchangeFromUrl(r.param(QStringLiteral("source")));
    out->destination = r.param(QStringLiteral("destination"));
    out->kind = kind;
    if (!exchangeExists(engine, out->source))
        return HttpReply::notFound(QStringLiteral("no exchange '%1' in vhost '/'").arg(out->source));
    const bool destinationExists = kind == DestinationKind::Queue
        ? engine.queue(out->destination).has_value()
        : exchangeExists(engine, exchangeFromUrl(out->destination));
    if (!destinationExists)
        return HttpReply::notFound(QStringLiteral("no %1 '%2' in vhost '/'")
                                       .arg(kind == DestinationKind::Queue ? QStringLiteral("queue") : QStringLiteral("exchange"),
                                            out->destination));
    if (kind == DestinationKind::Exchange)
        out->destination = exchangeFromUrl(out->destination);
    return std::nullopt;
}

QList<BindingDef> between(const Engine &engine, const Ends &ends)
{
    return select(engine, [&](const BindingDef &b) {
        return b.source == ends.source && b.destination == ends.destination && b.destinationKind == ends.kind;
    });
}

void addForKind(HttpRouter &router, RouteContext &c, DestinationKind kind)
{
    const QString letter = kind == DestinationKind::Queue ? QStringLiteral("q") : QStringLiteral("e");
    const QString base = QStringLiteral("/api/bindings/{vhost}/e/{source}/") + letter + QStringLiteral("/{destination}");

    router.add(Method::Get, base, scoped(c, [kind](RouteContext &c, HttpRequest &r) {
        Ends ends;
        if (auto bad = readEnds(c.engine, r, kind, &ends))
            return std::move(*bad);
        return listReply(r, toJson(between(c.engine, ends)));
    }));

    router.add(Method::Post, base, scoped(c, [kind, letter](RouteContext &c, HttpRequest &r) {
        Ends ends;
        if (auto bad = readEnds(c.engine, r, kind, &ends))
            return std::move(*bad);
        HttpReply error;
        const auto body = parseObject(r.body, &error);
        if (!body)
            return error;
        JsonFields f(*body);
        BindingDef binding;
        binding.source = ends.source;
        binding.destination = ends.destination;
        binding.destinationKind = kind;
        binding.routingKey = f.string(QStringLiteral("routing_key"));
        binding.arguments = f.arguments(QStringLiteral("arguments"));
        if (!f.ok())
            return HttpReply::badRequest(f.error());
        if (binding.source.isEmpty())
            return HttpReply::error(403, QStringLiteral("access_refused"),
                                    QStringLiteral("operation not permitted on the default exchange"));
        const auto bound = c.engine.bind(binding);
        if (!bound.ok())
            return HttpReply::fromEngine(bound.error);
        HttpReply reply = HttpReply::created();
        const auto enc = [](const QString &s) { return QUrl::toPercentEncoding(s); };
        reply.addHeader("Location", QByteArray("/api/bindings/%2F/e/") + enc(r.param(QStringLiteral("source"))) + '/'
                                              + letter.toLatin1() + '/' + enc(r.param(QStringLiteral("destination")))
                                              + '/' + enc(propertiesKey(binding)));
        return reply;
    }));

    const QString one = base + QStringLiteral("/{props}");
    const auto find = [kind](const Engine &engine, const HttpRequest &r, BindingDef *out) -> std::optional<HttpReply> {
        Ends ends;
        if (auto bad = readEnds(engine, r, kind, &ends))
            return bad;
        for (const BindingDef &b : between(engine, ends)) {
            if (propertiesKey(b) == r.param(QStringLiteral("props"))) {
                *out = b;
                return std::nullopt;
            }
        }
        return HttpReply::notFound();
    };
    router.add(Method::Get, one, scoped(c, [find](RouteContext &c, HttpRequest &r) {
        BindingDef b;
        if (auto bad = find(c.engine, r, &b))
            return std::move(*bad);
        return HttpReply::json(bindingToJson(b));
    }));
    router.add(Method::Delete, one, scoped(c, [find](RouteContext &c, HttpRequest &r) {
        BindingDef b;
        if (auto bad = find(c.engine, r, &b))
            return std::move(*bad);
        if (b.source.isEmpty())
            return HttpReply::error(403, QStringLiteral("access_refused"),
                                    QStringLiteral("operation not permitted on the default exchange"));
        const auto unbound = c.engine.unbind(b);
        return unbound.ok() ? HttpReply::noContent() : HttpReply::fromEngine(unbound.error);
    }));
}

} // namespace

void addBindingRoutes(HttpRouter &router, RouteContext &c)
{
    router.add(Method::Get, QStringLiteral("/api/bindings"),
               [&c](HttpRequest &r) { return listReply(r, toJson(allBindings(c.engine))); });
    router.add(Method::Get, QStringLiteral("/api/bindings/{vhost}"), scoped(c, [](RouteContext &c, HttpRequest &r) {
        return listReply(r, toJson(allBindings(c.engine)));
    }));
    router.add(Method::Get, QStringLiteral("/api/queues/{vhost}/{name}/bindings"), scoped(c, [](RouteContext &c, HttpRequest &r) {
        const QString name = r.param(QStringLiteral("name"));
        if (!c.engine.queue(name))
            return HttpReply::notFound();
        return listReply(r, toJson(select(c.engine, [&](const BindingDef &b) {
            return b.destinationKind == DestinationKind::Queue && b.destination == name;
        })));
    }));
    router.add(Method::Get, QStringLiteral("/api/exchanges/{vhost}/{name}/bindings/source"),
               scoped(c, [](RouteContext &c, HttpRequest &r) {
                   const QString name = exchangeFromUrl(r.param(QStringLiteral("name")));
                   if (!exchangeExists(c.engine, name))
                       return HttpReply::notFound();
                   return listReply(r, toJson(select(c.engine, [&](const BindingDef &b) { return b.source == name; })));
               }));
    router.add(Method::Get, QStringLiteral("/api/exchanges/{vhost}/{name}/bindings/destination"),
               scoped(c, [](RouteContext &c, HttpRequest &r) {
                   const QString name = exchangeFromUrl(r.param(QStringLiteral("name")));
                   if (!exchangeExists(c.engine, name))
                       return HttpReply::notFound();
                   return listReply(r, toJson(select(c.engine, [&](const BindingDef &b) {
                       return b.destinationKind == DestinationKind::Exchange && b.destination == name;
                   })));
               }));
    addForKind(router, c, DestinationKind::Queue);
    addForKind(router, c, DestinationKind::Exchange);
}

} // namespace depot::http
