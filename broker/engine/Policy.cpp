#include "broker/engine/Policy.h"

#include "broker/engine/QueueArguments.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <algorithm>
#include <cmath>

namespace depot::policy {

namespace {

// A retry delay of more than a year is a mistake (x-retry-delays' bound).
constexpr qint64 kMaxRetryDelay = 31'536'000'000;

// The policy keys Depot acts on, with the queue argument each becomes and
// how a queue's own argument and the policy combine (RabbitMQ's
// rabbit_amqqueue_process and rabbit_quorum_queue: the lower value for the
// limits, the argument otherwise).
struct QueueKey
{
    QString key;
    QString argument;
    bool lower;
};
const QList<QueueKey> &queueKeyTable()
{
    static const QList<QueueKey> table{
        {QStringLiteral("message-ttl"), QStringLiteral("x-message-ttl"), true},
        {QStringLiteral("expires"), QStringLiteral("x-expires"), true},
        {QStringLiteral("max-length"), QStringLiteral("x-max-length"), true},
        {QStringLiteral("max-length-bytes"), QStringLiteral("x-max-length-bytes"), true},
        {QStringLiteral("delivery-limit"), QStringLiteral("x-delivery-limit"), true},
        {QStringLiteral("dead-letter-exchange"), QStringLiteral("x-dead-letter-exchange"), false},
        {QStringLiteral("dead-letter-routing-key"), QStringLiteral("x-dead-letter-routing-key"), false},
        {QStringLiteral("overflow"), QStringLiteral("x-overflow"), false},
        {QStringLiteral("retry-delays"), QStringLiteral("x-retry-delays"), false},
    };
    return table;
}

// What RabbitMQ merges as the lower of policy and operator policy.
bool mergesLower(const QString &key)
{
    static const QStringList keys{QStringLiteral("message-ttl"), QStringLiteral("expires"),
        QStringLiteral("max-length"), QStringLiteral("max-length-bytes"), QStringLiteral("max-in-memory-length"),
        QStringLiteral("max-in-memory-bytes"), QStringLiteral("delivery-limit")};
    return keys.contains(key);
}

// The keys an operator policy may set (RabbitMQ 3.10's operator_policy_validator).
bool operatorKey(const QString &key)
{
    return mergesLower(key);
}

// RabbitMQ's keys that Depot does not implement: refused, naming them.
QString unsupportedReason(const QString &key)
{
    static const QStringList streams{QStringLiteral("max-age"), QStringLiteral("max-segment-size"),
        QStringLiteral("stream-max-segment-size-bytes"), QStringLiteral("initial-cluster-size"),
        QStringLiteral("stream-filter-size-bytes")};
    if (streams.contains(key))
        return QStringLiteral("a stream takes its retention and segment size as queue arguments "
                              "(x-max-age, x-max-length-bytes, x-stream-max-segment-size-bytes), not from a policy");
    if (key == QLatin1String("consumer-timeout"))
        return QStringLiteral("Depot has no consumer timeout");
    if (key == QLatin1String("federation-upstream") || key == QLatin1String("federation-upstream-set"))
        return QStringLiteral("Depot has no federation");
    return {};
}

// A value as Erlang's ~p prints it, which is how RabbitMQ's refusals show
// the value a client sent.
QString erlangTerm(const QVariant &v)
{
    switch (v.typeId()) {
    case QMetaType::QString:
    case QMetaType::QByteArray:
        return QStringLiteral("<<\"%1\">>").arg(v.toString());
    case QMetaType::Bool:
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QMetaType::Double:
    case QMetaType::Float:
        return QString::number(v.toDouble());
    case QMetaType::QVariantList: {
        QStringList items;
        for (const QVariant &item : v.toList())
            items << erlangTerm(item);
        return QLatin1Char('[') + items.join(QLatin1Char(',')) + QLatin1Char(']');
    }
    case QMetaType::QVariantMap: {
        QStringList items;
        const QVariantMap map = v.toMap();
        for (auto it = map.cbegin(); it != map.cend(); ++it)
            items << QStringLiteral("<<\"%1\">> => %2").arg(it.key(), erlangTerm(it.value()));
        return QStringLiteral("#{") + items.join(QLatin1Char(',')) + QLatin1Char('}');
    }
    default:
        break;
    }
    if (const auto n = QueueArguments::integer(v))
        return QString::number(*n);
    return v.isValid() ? v.toString() : QStringLiteral("null");
}

bool isString(const QVariant &v)
{
    return v.typeId() == QMetaType::QString || v.typeId() == QMetaType::QByteArray;
}

bool oneOf(const QVariant &v, const QStringList &values)
{
    return isString(v) && values.contains(v.toString());
}

bool integerAtLeast(const QVariant &v, qint64 min)
{
    const auto n = QueueArguments::integer(v);
    return n && *n >= min;
}

// Checks one key that RabbitMQ knows: the complaint (RabbitMQ's words for
// its own keys), or empty when the value is good.
QString checkValue(const QString &key, const QVariant &v)
{
    const QString term = erlangTerm(v);
    auto bad = [&](const QString &what) { return QStringLiteral("%1 is not a valid %2").arg(term, what); };
    if (key == QLatin1String("alternate-exchange"))
        return isString(v) ? QString() : bad(QStringLiteral("alternate exchange name"));
    if (key == QLatin1String("dead-letter-exchange"))
        return isString(v) ? QString() : bad(QStringLiteral("dead letter exchange name"));
    if (key == QLatin1String("dead-letter-routing-key"))
        return isString(v) ? QString() : bad(QStringLiteral("dead letter routing key"));
    if (key == QLatin1String("message-ttl"))
        return integerAtLeast(v, 0) ? QString() : bad(QStringLiteral("message TTL"));
    if (key == QLatin1String("expires"))
        return integerAtLeast(v, 1) ? QString() : bad(QStringLiteral("queue expiry"));
    if (key == QLatin1String("max-length"))
        return integerAtLeast(v, 0) ? QString() : bad(QStringLiteral("maximum length"));
    if (key == QLatin1String("max-length-bytes"))
        return integerAtLeast(v, 0) ? QString() : bad(QStringLiteral("maximum length in bytes"));
    if (key == QLatin1String("max-in-memory-length") || key == QLatin1String("max-in-memory-bytes"))
        return integerAtLeast(v, 0) ? QString() : bad(QStringLiteral("maximum memory in bytes"));
    if (key == QLatin1String("delivery-limit"))
        return integerAtLeast(v, 0) ? QString() : bad(QStringLiteral("delivery limit"));
    if (key == QLatin1String("overflow"))
        return oneOf(v,
                   {QStringLiteral("drop-head"), QStringLiteral("reject-publish"),
                       QStringLiteral("reject-publish-dlx")})
            ? QString()
            : bad(QStringLiteral("overflow value"));
    if (key == QLatin1String("queue-mode"))
        return oneOf(v, {QStringLiteral("default"), QStringLiteral("lazy")}) ? QString()
                                                                             : bad(QStringLiteral("queue-mode value"));
    if (key == QLatin1String("queue-version")) {
        const auto n = QueueArguments::integer(v);
        return n && (*n == 1 || *n == 2) ? QString()
                                         : QStringLiteral("%1 is not a valid queue-version value").arg(term);
    }
    if (key == QLatin1String("queue-master-locator"))
        return oneOf(v, {QStringLiteral("min-masters"), QStringLiteral("client-local"), QStringLiteral("random")})
            ? QString()
            : bad(QStringLiteral("queue master locator value"));
    if (key == QLatin1String("queue-leader-locator"))
        return oneOf(v,
                   {QStringLiteral("client-local"), QStringLiteral("random"), QStringLiteral("least-leaders"),
                       QStringLiteral("balanced")})
            ? QString()
            : bad(QStringLiteral("queue leader locator value"));
    if (key == QLatin1String("dead-letter-strategy")) {
        // Depot dead-letters at most once (a dead letter with nowhere to go
        // is dropped), so only that strategy is what Depot does.
        if (oneOf(v, {QStringLiteral("at-most-once")}))
            return {};
        if (oneOf(v, {QStringLiteral("at-least-once")}))
            return QStringLiteral("'dead-letter-strategy' %1 is not supported by Depot: only at-most-once").arg(term);
        return bad(QStringLiteral("dead letter strategy"));
    }
    if (key == QLatin1String("retry-delays")) {
        const QVariantList list = v.toList();
        if (v.typeId() != QMetaType::QVariantList || list.isEmpty())
            return QStringLiteral("%1 is not a valid list of retry delays (a non-empty list of milliseconds)")
                .arg(term);
        for (const QVariant &item : list) {
            const auto ms = QueueArguments::integer(item);
            if (!ms || *ms < 0 || *ms > kMaxRetryDelay)
                return QStringLiteral("%1 is not a valid retry delay (milliseconds, 0 to %2)")
                    .arg(erlangTerm(item))
                    .arg(kMaxRetryDelay);
        }
        return {};
    }
    if (key == QLatin1String("ha-mode"))
        return oneOf(v, {QStringLiteral("all"), QStringLiteral("exactly"), QStringLiteral("nodes")})
            ? QString()
            : bad(QStringLiteral("ha-mode value"));
    if (key == QLatin1String("ha-params"))
        return integerAtLeast(v, 1) || v.typeId() == QMetaType::QVariantList ? QString()
                                                                             : bad(QStringLiteral("ha-params value"));
    if (key == QLatin1String("ha-sync-mode"))
        return oneOf(v, {QStringLiteral("manual"), QStringLiteral("automatic")})
            ? QString()
            : bad(QStringLiteral("ha-sync-mode value"));
    if (key == QLatin1String("ha-sync-batch-size"))
        return integerAtLeast(v, 1) ? QString() : bad(QStringLiteral("ha-sync-batch-size value"));
    if (key == QLatin1String("ha-promote-on-shutdown") || key == QLatin1String("ha-promote-on-failure"))
        return oneOf(v, {QStringLiteral("always"), QStringLiteral("when-synced")})
            ? QString()
            : bad(QStringLiteral("%1 value").arg(key));
    return QStringLiteral("?"); // not a key this function knows
}

// Keys Depot acts on, and keys RabbitMQ knows that change nothing on one
// Depot node (storage modes, replica placement and mirroring) and are
// accepted as their x- arguments are.
const QStringList &knownKeys()
{
    static const QStringList keys{QStringLiteral("alternate-exchange"), QStringLiteral("dead-letter-exchange"),
        QStringLiteral("dead-letter-routing-key"), QStringLiteral("message-ttl"), QStringLiteral("expires"),
        QStringLiteral("max-length"), QStringLiteral("max-length-bytes"), QStringLiteral("overflow"),
        QStringLiteral("delivery-limit"), QStringLiteral("retry-delays"), QStringLiteral("max-in-memory-length"),
        QStringLiteral("max-in-memory-bytes"), QStringLiteral("queue-mode"), QStringLiteral("queue-version"),
        QStringLiteral("queue-master-locator"), QStringLiteral("queue-leader-locator"),
        QStringLiteral("dead-letter-strategy"), QStringLiteral("ha-mode"), QStringLiteral("ha-params"),
        QStringLiteral("ha-sync-mode"), QStringLiteral("ha-sync-batch-size"), QStringLiteral("ha-promote-on-shutdown"),
        QStringLiteral("ha-promote-on-failure")};
    return keys;
}

QVariant fromJson(const QJsonValue &j)
{
    switch (j.type()) {
    case QJsonValue::Bool:
        return j.toBool();
    case QJsonValue::Double: {
        const double d = j.toDouble();
        if (std::isfinite(d) && std::floor(d) == d && std::fabs(d) < 9.0e15)
            return QVariant::fromValue<qint64>(qint64(d));
        return d;
    }
    case QJsonValue::String:
        return j.toString();
    case QJsonValue::Array: {
        QVariantList list;
        for (const QJsonValue &item : j.toArray())
            list.append(fromJson(item));
        return list;
    }
    case QJsonValue::Object: {
        QVariantMap map;
        const QJsonObject o = j.toObject();
        for (auto it = o.begin(); it != o.end(); ++it)
            map.insert(it.key(), fromJson(it.value()));
        return map;
    }
    default:
        return {};
    }
}

QString failed(const QString &why)
{
    return QStringLiteral("Validation failed\n\n%1\n").arg(why);
}

} // namespace

QString applyToName(PolicyDef::ApplyTo applyTo)
{
    switch (applyTo) {
    case PolicyDef::ApplyTo::All:
        return QStringLiteral("all");
    case PolicyDef::ApplyTo::Queues:
        return QStringLiteral("queues");
    case PolicyDef::ApplyTo::Exchanges:
        return QStringLiteral("exchanges");
    case PolicyDef::ApplyTo::ClassicQueues:
        return QStringLiteral("classic_queues");
    case PolicyDef::ApplyTo::QuorumQueues:
        return QStringLiteral("quorum_queues");
    case PolicyDef::ApplyTo::Streams:
        return QStringLiteral("streams");
    }
    return QStringLiteral("all");
}

std::optional<PolicyDef::ApplyTo> applyToFromName(const QString &name)
{
    for (auto a : {PolicyDef::ApplyTo::All, PolicyDef::ApplyTo::Queues, PolicyDef::ApplyTo::Exchanges,
             PolicyDef::ApplyTo::ClassicQueues, PolicyDef::ApplyTo::QuorumQueues, PolicyDef::ApplyTo::Streams}) {
        if (applyToName(a) == name)
            return a;
    }
    return std::nullopt;
}

QString validate(const PolicyDef &def, PolicyKind kind)
{
    if (def.name.isEmpty())
        return failed(QStringLiteral("a policy needs a name"));
    const QRegularExpression regex(def.pattern);
    if (!regex.isValid())
        return failed(QStringLiteral("pattern should be regular expression but is invalid: {\"%1\",%2}")
                          .arg(regex.errorString())
                          .arg(regex.patternErrorOffset()));
    if (def.definition.isEmpty())
        return failed(QStringLiteral("no policy provided"));
    QStringList unrecognised;
    for (auto it = def.definition.cbegin(); it != def.definition.cend(); ++it) {
        const QString &key = it.key();
        const bool known = kind == PolicyKind::Operator ? operatorKey(key) : knownKeys().contains(key);
        if (!known) {
            if (const QString why = unsupportedReason(key); !why.isEmpty() && kind == PolicyKind::Policy)
                return failed(QStringLiteral("'%1' is not supported by Depot: %2").arg(key, why));
            unrecognised << QStringLiteral("{<<\"%1\">>,%2}").arg(key, erlangTerm(it.value()));
            continue;
        }
        if (const QString why = checkValue(key, it.value()); !why.isEmpty())
            return failed(why);
    }
    if (!unrecognised.isEmpty())
        return failed(
            QStringLiteral("[%1] are not recognised policy settings").arg(unrecognised.join(QLatin1Char(','))));
    return {};
}

bool matches(const PolicyDef &def, const QRegularExpression &regex, Target target, const QString &name)
{
    using A = PolicyDef::ApplyTo;
    bool kindMatches = false;
    switch (def.applyTo) {
    case A::All:
        kindMatches = true;
        break;
    case A::Queues:
        kindMatches = target != Target::Exchange;
        break;
    case A::Exchanges:
        kindMatches = target == Target::Exchange;
        break;
    case A::ClassicQueues:
        kindMatches = target == Target::ClassicQueue;
        break;
    case A::QuorumQueues:
        kindMatches = target == Target::QuorumQueue;
        break;
    case A::Streams:
        kindMatches = false; // Depot has no streams
        break;
    }
    return kindMatches && regex.match(name).hasMatch();
}

QVariantMap mergeDefinitions(const PolicyDef *policy, const PolicyDef *operatorPolicy)
{
    QVariantMap out = policy ? policy->definition : QVariantMap();
    if (!operatorPolicy)
        return out;
    for (auto it = operatorPolicy->definition.cbegin(); it != operatorPolicy->definition.cend(); ++it) {
        const auto mine = out.constFind(it.key());
        if (mine == out.cend()) {
            out.insert(it.key(), it.value());
            continue;
        }
        const auto a = QueueArguments::integer(*mine);
        const auto b = QueueArguments::integer(it.value());
        if (mergesLower(it.key()) && a && b && *b < *a)
            out.insert(it.key(), it.value());
    }
    return out;
}

QVariantMap effectiveQueueArguments(const QVariantMap &declared, const QVariantMap &effectiveDefinition)
{
    QVariantMap out = declared;
    for (const QueueKey &k : queueKeyTable()) {
        const auto pol = effectiveDefinition.constFind(k.key);
        if (pol == effectiveDefinition.cend())
            continue;
        const auto arg = declared.constFind(k.argument);
        if (arg == declared.cend()) {
            out.insert(k.argument, *pol);
            continue;
        }
        if (!k.lower)
            continue; // the queue's own argument wins
        const auto a = QueueArguments::integer(*arg);
        const auto p = QueueArguments::integer(*pol);
        if (a && p && *p < *a)
            out.insert(k.argument, *pol);
    }
    if (out.contains(QStringLiteral("x-dead-letter-routing-key"))
        && !out.contains(QStringLiteral("x-dead-letter-exchange")))
        out.remove(QStringLiteral("x-dead-letter-routing-key"));
    return out;
}

QString effectiveAlternateExchange(const QVariantMap &declared, const QVariantMap &effectiveDefinition)
{
    const QString key = QStringLiteral("alternate-exchange");
    if (const auto it = declared.constFind(key); it != declared.cend())
        return it->toString();
    return effectiveDefinition.value(key).toString();
}

QByteArray encode(const PolicyDef &def)
{
    const QJsonObject o{{QStringLiteral("vhost"), def.vhost}, {QStringLiteral("name"), def.name},
        {QStringLiteral("pattern"), def.pattern}, {QStringLiteral("apply-to"), applyToName(def.applyTo)},
        {QStringLiteral("definition"), QJsonObject::fromVariantMap(def.definition)},
        {QStringLiteral("priority"), def.priority}};
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

std::optional<PolicyDef> decode(const QByteArray &json)
{
    const QJsonDocument doc = QJsonDocument::fromJson(json);
    if (!doc.isObject())
        return std::nullopt;
    const QJsonObject o = doc.object();
    PolicyDef def;
    def.vhost = o.value(QStringLiteral("vhost")).toString();
    def.name = o.value(QStringLiteral("name")).toString();
    def.pattern = o.value(QStringLiteral("pattern")).toString();
    const auto applyTo = applyToFromName(o.value(QStringLiteral("apply-to")).toString());
    const QJsonValue definition = o.value(QStringLiteral("definition"));
    if (!applyTo || !definition.isObject() || def.name.isEmpty())
        return std::nullopt;
    def.applyTo = *applyTo;
    def.definition = fromJson(definition).toMap();
    def.priority = qint64(o.value(QStringLiteral("priority")).toDouble());
    return def;
}

QStringList queueKeys()
{
    QStringList out;
    for (const QueueKey &k : queueKeyTable())
        out << k.key;
    return out;
}

} // namespace depot::policy
