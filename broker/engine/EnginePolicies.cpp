#include "broker/engine/EnginePrivate.h"

#include <QLoggingCategory>

// EnginePolicies.cpp: RabbitMQ's policies and operator policies. One policy
// (the highest priority that matches) and one operator policy apply to each
// queue and exchange; their merged definition is combined with the object's
// own arguments (Policy.h, policy::effectiveQueueArguments) into the typed
// arguments the rest of the engine reads, so every path (publish, overflow,
// dead-lettering, TTL, retries) sees the policy without knowing of it. A
// change is applied to every object at once.

namespace depot {

using namespace engine_detail;

namespace {

Q_LOGGING_CATEGORY(lcPolicies, "depot.policies")

bool sameArguments(const QueueArguments &a, const QueueArguments &b)
{
    return a.messageTtl == b.messageTtl && a.expires == b.expires && a.maxLength == b.maxLength
        && a.maxLengthBytes == b.maxLengthBytes && a.overflow == b.overflow
        && a.deadLetterExchange == b.deadLetterExchange && a.deadLetterRoutingKey == b.deadLetterRoutingKey
        && a.deliveryLimit == b.deliveryLimit && a.retryDelays == b.retryDelays;
}

policy::Target targetOf(const Queue *queue)
{
    return queue->args.kind == QueueArguments::Kind::Quorum ? policy::Target::QuorumQueue
                                                            : policy::Target::ClassicQueue;
}

} // namespace

AppliedPolicy Engine::Private::choosePolicies(policy::Target target, const QString &name) const
{
    // The highest priority wins; RabbitMQ leaves ties to its table order,
    // Depot takes the first name so the choice never depends on history.
    auto choose = [&](const std::map<QString, PolicyEntry> &from) -> const PolicyDef * {
        const PolicyDef *best = nullptr;
        for (const auto &[key, entry] : from) {
            if (!policy::matches(entry.def, entry.regex, target, name))
                continue;
            if (!best || entry.def.priority > best->priority)
                best = &entry.def;
        }
        return best;
    };
    const PolicyDef *p = choose(policies);
    const PolicyDef *op = choose(operatorPolicies);
    AppliedPolicy out;
    if (p)
        out.policy = p->name;
    if (op)
        out.operatorPolicy = op->name;
    out.effectiveDefinition = policy::mergeDefinitions(p, op);
    return out;
}

bool Engine::Private::applyPolicies(Queue *queue, bool live)
{
    // SQS queues are configured by their SQS attributes (the listener keeps
    // them as arguments); RabbitMQ's policies are for RabbitMQ's queue types.
    // A stream's retention lives in its log, set from its own arguments when
    // it is declared, so policies do not apply to streams either (RabbitMQ's
    // would set max-age and max-length-bytes; Depot refuses the stream keys
    // and leaves streams out, so nothing is accepted and then ignored).
    if (queue->args.isSqs() || queue->args.isStream())
        return false;
    AppliedPolicy applied = choosePolicies(targetOf(queue), queue->def.name);
    const QVariantMap arguments = policy::effectiveQueueArguments(queue->def.arguments, applied.effectiveDefinition);
    QString why;
    auto parsed = QueueArguments::parse(arguments, queue->def.name, &why);
    if (!parsed) {
        // Each key was checked when the policy was set; a combination the
        // queue cannot take leaves it with its own arguments, said once.
        qCWarning(lcPolicies).noquote()
            << QStringLiteral("policy '%1' cannot apply to queue '%2': %3").arg(applied.policy, queue->def.name, why);
        parsed = QueueArguments::parse(queue->def.arguments, queue->def.name, &why);
        if (!parsed)
            return false;
        applied.effectiveDefinition.clear();
    }
    const bool changed = applied != queue->policy || !sameArguments(*parsed, queue->args);
    const qint64 oldExpires = queue->args.expires;
    queue->policy = std::move(applied);
    queue->args = *parsed;
    // A new expiry counts from the queue's last use, as the argument does.
    if (queue->args.expires != oldExpires && queue->args.expires > 0 && queue->consumers.empty())
        schedule(queue, queue->lastUsed + queue->args.expires);
    if (live && changed)
        trimToLimits(queue);
    return changed;
}

void Engine::Private::trimToLimits(Queue *queue)
{
    if (queue->args.overflow != QueueArguments::Overflow::DropHead)
        return; // reject-publish refuses the next publish; what is in stays
    const qint64 maxLen = queue->args.maxLength;
    const qint64 maxBytes = queue->args.maxLengthBytes;
    auto over = [&] {
        return (maxLen >= 0 && qint64(queue->index.readyCount()) > maxLen)
            || (maxBytes >= 0 && qint64(queue->index.readyBytes()) > maxBytes);
    };
    while (over() && queue->index.readyCount() > 0 && !queue->deleted) {
        Entry dropped = takeReady(queue, headReady(queue));
        deadLetter(queue, std::move(dropped), DeathReason::MaxLen);
    }
}

void Engine::Private::applyExchangePolicy(const QString &exchange)
{
    // The default exchange routes by queue name and takes no alternate.
    if (exchange.isEmpty())
        return;
    const ExchangeDef *def = registry.find(exchange);
    if (!def)
        return;
    const AppliedPolicy applied = choosePolicies(policy::Target::Exchange, exchange);
    registry.setPolicyAlternate(
        exchange, applied.effectiveDefinition.value(QStringLiteral("alternate-exchange")).toString());
}

void Engine::Private::applyAllPolicies()
{
    ++depth;
    for (const ExchangeDef &e : registry.exchanges())
        applyExchangePolicy(e.name);
    std::vector<Queue *> all;
    all.reserve(queues.size());
    for (const auto &[name, queue] : queues)
        all.push_back(queue.get());
    for (Queue *queue : all) {
        if (!queue->deleted)
            applyPolicies(queue, true);
    }
    --depth;
    flushGraveyard();
}

void Engine::Private::recoverPolicies(const QList<store::StoredPolicy> &stored)
{
    for (const store::StoredPolicy &s : stored) {
        const auto def = policy::decode(s.definition);
        if (!def) {
            qCWarning(lcPolicies).noquote()
                << QStringLiteral("dropping stored policy '%1': its definition cannot be read").arg(s.name);
            store->removePolicy(s.operatorPolicy, s.vhost, s.name);
            continue;
        }
        policiesOf(s.operatorPolicy ? PolicyKind::Operator : PolicyKind::Policy)[def->name]
            = PolicyEntry{*def, QRegularExpression(def->pattern)};
    }
}

Result<bool> Engine::setPolicy(PolicyKind kind, const PolicyDef &def)
{
    if (def.vhost != QLatin1String("/"))
        return {false, err(ErrorKind::NotFound, QStringLiteral("no vhost '%1'").arg(def.vhost))};
    if (const QString why = policy::validate(def, kind); !why.isEmpty())
        return {false, err(ErrorKind::InvalidArgument, why)};
    auto &map = d->policiesOf(kind);
    const auto it = map.find(def.name);
    const bool created = it == map.end();
    if (!created && it->second.def == def)
        return {false, {}};
    map[def.name] = Private::PolicyEntry{def, QRegularExpression(def.pattern)};
    if (d->store)
        d->store->putPolicy(
            store::StoredPolicy{kind == PolicyKind::Operator, def.vhost, def.name, policy::encode(def)});
    qCInfo(lcPolicies).noquote() << QStringLiteral("%1 '%2' set: pattern '%3', apply-to %4, priority %5")
                                        .arg(kind == PolicyKind::Operator ? QStringLiteral("operator policy")
                                                                          : QStringLiteral("policy"),
                                            def.name, def.pattern, policy::applyToName(def.applyTo))
                                        .arg(def.priority);
    d->applyAllPolicies();
    Q_EMIT topologyChanged();
    return {created, {}};
}

Result<void> Engine::deletePolicy(PolicyKind kind, const QString &vhost, const QString &name)
{
    auto &map = d->policiesOf(kind);
    const auto it = map.find(name);
    if (vhost != QLatin1String("/") || it == map.end())
        return {err(ErrorKind::NotFound, QStringLiteral("no policy '%1' in vhost '%2'").arg(name, vhost))};
    map.erase(it);
    if (d->store)
        d->store->removePolicy(kind == PolicyKind::Operator, vhost, name);
    d->applyAllPolicies();
    Q_EMIT topologyChanged();
    return {};
}

QList<PolicyDef> Engine::policies(PolicyKind kind) const
{
    QList<PolicyDef> out;
    for (const auto &[name, entry] : d->policiesOf(kind))
        out.append(entry.def);
    std::stable_sort(
        out.begin(), out.end(), [](const PolicyDef &a, const PolicyDef &b) { return a.priority > b.priority; });
    return out;
}

std::optional<PolicyDef> Engine::policy(PolicyKind kind, const QString &vhost, const QString &name) const
{
    if (vhost != QLatin1String("/"))
        return std::nullopt;
    const auto &map = d->policiesOf(kind);
    const auto it = map.find(name);
    return it == map.end() ? std::nullopt : std::optional<PolicyDef>(it->second.def);
}

AppliedPolicy Engine::exchangePolicy(const QString &exchange) const
{
    if (exchange.isEmpty() || !d->registry.contains(exchange))
        return {};
    return d->choosePolicies(policy::Target::Exchange, exchange);
}

} // namespace depot
