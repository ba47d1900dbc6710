// GET/POST /api/definitions: export and import of the topology in RabbitMQ's
// definitions format (queues, exchanges, bindings with their arguments) and
// of the stored users with their password hashes (administrators only, as in
// RabbitMQ, since the export carries hashes).
//
// Users: the export holds the stored users, not the command-line account
// (the command line decides that one on every start). An import creates or
// replaces the users it names, all in one write of the users file; an entry
// naming the command-line account is skipped (the log says so), so a file
// exported from RabbitMQ, which always holds guest, imports into a Depot
// running as guest.
//
// An import is all or nothing: the whole document is checked first (types,
// names, equivalence with what exists, that every binding's ends will exist),
// then applied; should the engine still refuse something, what this import
// created is removed again before answering 400.

#include "broker/auth/UserStore.h"
#include "broker/http/HttpRouter.h"
#include "broker/http/JsonMapping.h"
#include "broker/http/RouteContext.h"

#include <QCoreApplication>
#include <QLoggingCategory>

namespace depot::http {

Q_LOGGING_CATEGORY(lcDefinitions, "depot.http.definitions")

namespace {

using Method = QHttpServerRequest::Method;

bool builtinExchange(const QString &name)
{
    return name.isEmpty() || name.startsWith(QLatin1String("amq."));
}

HttpReply exportDefinitions(RouteContext &c, bool withVhost)
{
    QSet<QString> exclusive;
    QJsonArray queues;
    for (const QueueInfo &q : c.engine.queues()) {
        if (q.def.exclusive) {
            exclusive.insert(q.def.name);
            continue;   // belongs to a connection, as RabbitMQ leaves it out
        }
        QJsonObject o{{QStringLiteral("name"), q.def.name},
                      {QStringLiteral("durable"), q.def.durable},
                      {QStringLiteral("auto_delete"), q.def.autoDelete},
                      {QStringLiteral("arguments"), mapToJson(q.def.arguments)}};
        if (withVhost)
            o.insert(QStringLiteral("vhost"), QStringLiteral("/"));
        queues.append(o);
    }
    QJsonArray exchanges;
    for (const ExchangeDef &e : c.engine.exchanges()) {
        if (builtinExchange(e.name))
            continue;
        QJsonObject o = exchangeToJson(e);
        // What applies is shown by the API, not part of the definition.
        for (const char *key : {"policy", "operator_policy", "effective_policy_definition"})
            o.remove(QLatin1String(key));
        if (!withVhost)
            o.remove(QStringLiteral("vhost"));
        exchanges.append(o);
    }
    QJsonArray bindings;
    for (const BindingDef &b : c.engine.bindings()) {
        if (b.source.isEmpty() || (b.destinationKind == DestinationKind::Queue && exclusive.contains(b.destination)))
            continue;
        QJsonObject o = bindingToJson(b);
        o.remove(QStringLiteral("properties_key"));
        if (!withVhost)
            o.remove(QStringLiteral("vhost"));
        bindings.append(o);
    }
    QJsonArray policies;
    for (const PolicyDef &p : c.engine.policies(PolicyKind::Policy)) {
        QJsonObject o = policyToJson(p);
        if (!withVhost)
            o.remove(QStringLiteral("vhost"));
        policies.append(o);
    }
    QJsonObject doc{
        {QStringLiteral("rabbit_version"), QStringLiteral("3.10.8")},
        {QStringLiteral("rabbitmq_version"), QStringLiteral("3.10.8")},
        {QStringLiteral("product_name"), QStringLiteral("Depot")},
        {QStringLiteral("product_version"), QCoreApplication::applicationVersion().isEmpty()
                                                 ? QStringLiteral("0.1.0")
                                                 : QCoreApplication::applicationVersion()},
        {QStringLiteral("queues"), queues},
        {QStringLiteral("exchanges"), exchanges},
        {QStringLiteral("bindings"), bindings},
        {QStringLiteral("parameters"), QJsonArray{}},
        {QStringLiteral("policies"), policies},
    };
    if (withVhost) {
        QJsonArray users;
        QJsonArray permissions;
        for (const auth::User &u : c.options.users->storedUsers()) {
            users.append(auth::userToJson(u));
            // What Depot grants every user; written out so the users keep
            // their access when the file is imported into RabbitMQ.
            permissions.append(QJsonObject{{QStringLiteral("user"), u.name},
                                           {QStringLiteral("vhost"), QStringLiteral("/")},
                                           {QStringLiteral("configure"), QStringLiteral(".*")},
                                           {QStringLiteral("write"), QStringLiteral(".*")},
                                           {QStringLiteral("read"), QStringLiteral(".*")}});
        }
        doc.insert(QStringLiteral("users"), users);
        doc.insert(QStringLiteral("vhosts"), QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("/")}}});
        doc.insert(QStringLiteral("permissions"), permissions);
        doc.insert(QStringLiteral("topic_permissions"), QJsonArray{});
        doc.insert(QStringLiteral("global_parameters"), QJsonArray{});
    }
    return HttpReply::json(doc);
}

struct Plan
{
    QList<PolicyDef> policies;
    QList<ExchangeDef> exchanges;
    QList<QueueDef> queues;
    QList<BindingDef> bindings;
    QList<auth::User> users;
};

// Reads one array of the document; every item must be an object in vhost "/".
bool readItems(const QJsonObject &doc, const QString &key, QList<QJsonObject> *out, QString *error)
{
    const QJsonValue v = doc.value(key);
    if (v.isUndefined() || v.isNull())
        return true;
    if (!v.isArray()) {
        *error = QStringLiteral("'%1' must be an array").arg(key);
        return false;
    }
    const QJsonArray items = v.toArray();
    for (qsizetype i = 0; i < items.size(); ++i) {
        if (!items[i].isObject()) {
            *error = QStringLiteral("%1[%2] must be an object").arg(key).arg(i);
            return false;
        }
        const QJsonObject o = items[i].toObject();
        const QJsonValue vhost = o.value(QStringLiteral("vhost"));
        if (!vhost.isUndefined() && vhost.toString() != QLatin1String("/")) {
            *error = QStringLiteral("%1[%2]: vhost '%3' does not exist (Depot has the one vhost '/')")
                         .arg(key)
                         .arg(i)
                         .arg(vhost.isString() ? vhost.toString() : QStringLiteral("?"));
            return false;
        }
        out->append(o);
    }
    return true;
}

bool planUsers(const auth::UserStore &store, const QJsonObject &doc, Plan *plan, QString *error)
{
    QList<QJsonObject> users;
    if (!readItems(doc, QStringLiteral("users"), &users, error))
        return false;
    QSet<QString> seen;
    for (qsizetype i = 0; i < users.size(); ++i) {
        const QJsonValue name = users[i].value(QStringLiteral("name"));
        QString why;
        std::optional<auth::User> user;
        if (!name.isString())
            why = QStringLiteral("a user needs a name (a string)");
        else if (seen.contains(name.toString()))
            why = QStringLiteral("the user '%1' appears twice").arg(name.toString());
        else if (!store.isCommandLineAccount(name.toString()))
            user = auth::userFromJson(name.toString(), users[i], store.user(name.toString()), &why);
        if (!why.isEmpty()) {
            *error = QStringLiteral("users[%1]: %2").arg(i).arg(why);
            return false;
        }
        seen.insert(name.toString());
        if (user)
            plan->users.append(*user);
        else
            qCInfo(lcDefinitions).noquote()
                << QStringLiteral("definitions import: user '%1' is the command-line account; its entry is skipped")
                       .arg(name.toString());
    }
    return true;
}

// `users` is null for a vhost-scoped import, which, as in RabbitMQ, leaves
// users alone.
bool buildPlan(const Engine &engine, const auth::UserStore *users, const QJsonObject &doc, Plan *plan,
               QString *error)
{
    // Depot has no runtime parameters (federation, shovel): a document that
    // has some is refused, naming the first, rather than imported without
    // them. (global_parameters, which every RabbitMQ export carries, only
    // name the cluster: they are skipped.) Operator policies are not part
    // of RabbitMQ's definitions either.
    if (const QJsonValue v = doc.value(QStringLiteral("parameters")); v.isArray() && !v.toArray().isEmpty()) {
        const QJsonObject first = v.toArray().first().toObject();
        *error = QStringLiteral("parameters[0] '%1' is not supported: Depot has no runtime parameters (component '%2')")
                     .arg(first.value(QStringLiteral("name")).toString(),
                         first.value(QStringLiteral("component")).toString());
        return false;
    }
    QList<QJsonObject> policies, exchanges, queues, bindings;
    if (!readItems(doc, QStringLiteral("policies"), &policies, error))
        return false;
    QSet<QString> policyNames;
    for (qsizetype i = 0; i < policies.size(); ++i) {
        PolicyDef def;
        const QJsonValue name = policies[i].value(QStringLiteral("name"));
        QString why;
        if (!name.isString() || name.toString().isEmpty())
            why = QStringLiteral("a policy needs a name (a string)");
        else if (policyNames.contains(name.toString()))
            why = QStringLiteral("the policy '%1' appears twice").arg(name.toString());
        if (why.isEmpty()) {
            def.name = name.toString();
            if (policyFromJson(policies[i], &def, &why))
                why = policy::validate(def, PolicyKind::Policy);
        }
        if (!why.isEmpty()) {
            *error = QStringLiteral("policies[%1]: %2").arg(i).arg(why.trimmed());
            return false;
        }
        policyNames.insert(def.name);
        plan->policies.append(def);
    }
    if (!readItems(doc, QStringLiteral("exchanges"), &exchanges, error)
        || !readItems(doc, QStringLiteral("queues"), &queues, error)
        || !readItems(doc, QStringLiteral("bindings"), &bindings, error)
        || (users && !planUsers(*users, doc, plan, error)))
        return false;

    QHash<QString, ExchangeDef> existingExchanges;
    for (const ExchangeDef &e : engine.exchanges())
        existingExchanges.insert(e.name, e);

    for (qsizetype i = 0; i < exchanges.size(); ++i) {
        JsonFields f(exchanges[i]);
        ExchangeDef def;
        def.name = f.requiredString(QStringLiteral("name"));
        const QString typeName = f.requiredString(QStringLiteral("type"));
        def.durable = f.boolean(QStringLiteral("durable"), true);
        def.autoDelete = f.boolean(QStringLiteral("auto_delete"), false);
        def.internal = f.boolean(QStringLiteral("internal"), false);
        def.arguments = f.arguments(QStringLiteral("arguments"));
        const auto type = exchangeTypeFromName(typeName);
        if (f.ok() && !type)
            f.fail(QStringLiteral("invalid exchange type '%1'").arg(typeName));
        if (!f.ok()) {
            *error = QStringLiteral("exchanges[%1]: %2").arg(i).arg(f.error());
            return false;
        }
        def.type = *type;
        if (builtinExchange(def.name))
            continue;   // the built-ins exist already; RabbitMQ skips them too
        const auto existing = existingExchanges.constFind(def.name);
        if (existing != existingExchanges.constEnd()) {
            if (existing->type != def.type || existing->durable != def.durable || existing->autoDelete != def.autoDelete
                || existing->internal != def.internal) {
                *error = QStringLiteral("inequivalent definition for exchange '%1' in vhost '/'").arg(def.name);
                return false;
            }
            continue;
        }
        plan->exchanges.append(def);
    }
    for (qsizetype i = 0; i < queues.size(); ++i) {
        JsonFields f(queues[i]);
        QueueDef def;
        def.name = f.requiredString(QStringLiteral("name"));
        def.durable = f.boolean(QStringLiteral("durable"), true);
        def.autoDelete = f.boolean(QStringLiteral("auto_delete"), false);
        def.arguments = f.arguments(QStringLiteral("arguments"));
        if (f.ok() && def.name.isEmpty())
            f.fail(QStringLiteral("a queue needs a name"));
        if (!f.ok()) {
            *error = QStringLiteral("queues[%1]: %2").arg(i).arg(f.error());
            return false;
        }
        if (const auto existing = engine.queue(def.name)) {
            if (existing->def.durable != def.durable || existing->def.autoDelete != def.autoDelete
                || existing->def.arguments != def.arguments) {
                *error = QStringLiteral("inequivalent definition for queue '%1' in vhost '/'").arg(def.name);
                return false;
            }
            continue;
        }
        plan->queues.append(def);
    }
    const auto exchangeWillExist = [&](const QString &name) {
        if (existingExchanges.contains(name))
            return true;
        return std::any_of(plan->exchanges.cbegin(), plan->exchanges.cend(),
                           [&](const ExchangeDef &e) { return e.name == name; });
    };
    const auto queueWillExist = [&](const QString &name) {
        return engine.queue(name).has_value()
            || std::any_of(plan->queues.cbegin(), plan->queues.cend(), [&](const QueueDef &q) { return q.name == name; });
    };
    for (qsizetype i = 0; i < bindings.size(); ++i) {
        JsonFields f(bindings[i]);
        BindingDef b;
        b.source = f.requiredString(QStringLiteral("source"));
        b.destination = f.requiredString(QStringLiteral("destination"));
        const QString kind = f.string(QStringLiteral("destination_type"), QStringLiteral("queue"));
        b.routingKey = f.string(QStringLiteral("routing_key"));
        b.arguments = f.arguments(QStringLiteral("arguments"));
        if (f.ok() && kind != QLatin1String("queue") && kind != QLatin1String("exchange"))
            f.fail(QStringLiteral("destination_type must be 'queue' or 'exchange'"));
        if (!f.ok()) {
            *error = QStringLiteral("bindings[%1]: %2").arg(i).arg(f.error());
            return false;
        }
        if (b.source.isEmpty())
            continue;   // the default exchange's bindings are implicit
        b.destinationKind = kind == QLatin1String("queue") ? DestinationKind::Queue : DestinationKind::Exchange;
        const bool ends = exchangeWillExist(b.source)
            && (b.destinationKind == DestinationKind::Queue ? queueWillExist(b.destination)
                                                             : exchangeWillExist(b.destination));
        if (!ends) {
            *error = QStringLiteral("bindings[%1]: '%2' -> '%3' refers to an object that neither exists nor is defined")
                         .arg(i)
                         .arg(b.source, b.destination);
            return false;
        }
        plan->bindings.append(b);
    }
    return true;
}

HttpReply importDefinitions(RouteContext &c, const HttpRequest &r)
{
    HttpReply error;
    const auto doc = parseObject(r.body, &error);
    if (!doc)
        return error;
    Plan plan;
    QString problem;
    const bool withUsers = !r.params.contains(QStringLiteral("vhost"));
    if (!buildPlan(c.engine, withUsers ? c.options.users : nullptr, *doc, &plan, &problem))
        return HttpReply::badRequest(problem);

    QList<QString> createdExchanges;
    QList<QString> createdQueues;
    QList<BindingDef> createdBindings;
    // Policies the import set, with what they replaced (nullopt: new).
    QList<std::pair<QString, std::optional<PolicyDef>>> setPolicies;
    const auto undo = [&] {
        for (auto it = createdBindings.crbegin(); it != createdBindings.crend(); ++it)
            c.engine.unbind(*it);
        for (const QString &q : std::as_const(createdQueues))
            c.engine.deleteQueue(q, false, false);
        for (auto it = createdExchanges.crbegin(); it != createdExchanges.crend(); ++it)
            c.engine.deleteExchange(*it, false);
        for (auto it = setPolicies.crbegin(); it != setPolicies.crend(); ++it) {
            if (it->second)
                c.engine.setPolicy(PolicyKind::Policy, *it->second);
            else
                c.engine.deletePolicy(PolicyKind::Policy, QStringLiteral("/"), it->first);
        }
    };
    const auto rollBack = [&](const Error &why) {
        undo();
        return HttpReply::badRequest(why.text);
    };
    // Policies first, as RabbitMQ imports them: the queues declared next
    // start with them.
    for (const PolicyDef &p : std::as_const(plan.policies)) {
        const auto before = c.engine.policy(PolicyKind::Policy, p.vhost, p.name);
        const auto done = c.engine.setPolicy(PolicyKind::Policy, p);
        if (!done.ok())
            return rollBack(done.error);
        setPolicies.append({p.name, before});
    }
    for (const ExchangeDef &e : std::as_const(plan.exchanges)) {
        const auto done = c.engine.declareExchange(e, false);
        if (!done.ok())
            return rollBack(done.error);
        createdExchanges.append(e.name);
    }
    for (const QueueDef &q : std::as_const(plan.queues)) {
        const auto done = c.engine.declareQueue(q, false);
        if (!done.ok())
            return rollBack(done.error);
        createdQueues.append(q.name);
    }
    const QList<BindingDef> existing = c.engine.bindings();
    for (const BindingDef &b : std::as_const(plan.bindings)) {
        if (existing.contains(b))
            continue;
        const auto done = c.engine.bind(b);
        if (!done.ok())
            return rollBack(done.error);
        createdBindings.append(b);
    }
    // Last, in one atomic write: should the users file not be writable, the
    // topology this import created is removed again.
    if (!plan.users.isEmpty() && !c.options.users->put(plan.users, &problem)) {
        undo();
        return HttpReply::error(500, QStringLiteral("internal_server_error"), problem);
    }
    return HttpReply::noContent();
}

} // namespace

void addDefinitionsRoutes(HttpRouter &router, RouteContext &c)
{
    // Administrators only, as in RabbitMQ: the export carries password hashes
    // and an import can create users.
    const auto administrator = [](HttpRouter::Handler h) {
        return [h](HttpRequest &r) {
            if (auto refused = requireAdministrator(r))
                return std::move(*refused);
            return h(r);
        };
    };
    router.add(Method::Get, QStringLiteral("/api/definitions"),
               administrator([&c](HttpRequest &) { return exportDefinitions(c, true); }));
    router.add(Method::Get, QStringLiteral("/api/definitions/{vhost}"),
               administrator(scoped(c, [](RouteContext &c, HttpRequest &) { return exportDefinitions(c, false); })));
    router.add(Method::Post, QStringLiteral("/api/definitions"),
               administrator([&c](HttpRequest &r) { return importDefinitions(c, r); }));
    router.add(Method::Post, QStringLiteral("/api/definitions/{vhost}"), administrator(scoped(c, importDefinitions)));
}

} // namespace depot::http
