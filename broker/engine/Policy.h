#pragma once

// Policy: RabbitMQ's policies and operator policies as Depot keeps them, and
// the pure rules around them: checking a definition as RabbitMQ checks it
// (refusing the keys Depot does not honour, naming them), matching a name,
// choosing the one policy that applies, and merging a policy, an operator
// policy and a queue's own arguments into the arguments the engine acts on
// (docs/ARCHITECTURE.md, "Policies", has the merge table).
//
// The engine keeps the policies (Engine::setPolicy) and applies them live;
// this file knows no queue, no store and no wire format.

#include <QList>
#include <QRegularExpression>
#include <QString>
#include <QStringList>
#include <QVariantMap>

#include <optional>

namespace depot {

enum class PolicyKind : quint8 { Policy, Operator };

struct PolicyDef
{
    // RabbitMQ's apply-to values. Classic and quorum queues are Depot's
    // AMQP queue kinds; policies do not apply to Depot's streams (their
    // retention comes from their arguments), so `streams` matches nothing.
    enum class ApplyTo : quint8 { All, Queues, Exchanges, ClassicQueues, QuorumQueues, Streams };

    QString vhost = QStringLiteral("/");
    QString name;
    QString pattern;                 // a regular expression searched in the name (not anchored)
    ApplyTo applyTo = ApplyTo::All;
    qint64 priority = 0;             // the highest-priority matching policy applies, one only
    QVariantMap definition;          // policy key -> value (strings, integers, lists of integers)

    bool operator==(const PolicyDef &) const = default;
};

// What applies to one queue or exchange: the policy and operator policy
// chosen (empty names when none) and their merged definition, as RabbitMQ's
// `effective_policy_definition` (the queue's own arguments are not in it).
struct AppliedPolicy
{
    QString policy;
    QString operatorPolicy;
    QVariantMap effectiveDefinition;
    bool operator==(const AppliedPolicy &) const = default;
};

namespace policy {

// What a policy may be matched against.
enum class Target : quint8 { ClassicQueue, QuorumQueue, Exchange };

QString applyToName(PolicyDef::ApplyTo applyTo);
std::optional<PolicyDef::ApplyTo> applyToFromName(const QString &name);

// Why a policy cannot be set, or an empty string: the pattern must compile,
// the definition must be a non-empty set of keys Depot honours (or accepts
// as RabbitMQ does because they change nothing on one node), each value
// checked as RabbitMQ 3.10 checks it. Operator policies take only the
// numeric limits RabbitMQ lets operators set. The text follows RabbitMQ's
// ("Validation failed\n\n<<\"abc\">> is not a valid message TTL\n").
QString validate(const PolicyDef &def, PolicyKind kind);

// Whether `def` applies to an object of this kind and name (pattern
// searched anywhere in the name, as RabbitMQ's re:run). `regex` is the
// compiled pattern.
bool matches(const PolicyDef &def, const QRegularExpression &regex, Target target, const QString &name);

// The merged definition of a policy and an operator policy (either may be
// null): a key in one only is taken as it is; in both, the lower value.
QVariantMap mergeDefinitions(const PolicyDef *policy, const PolicyDef *operatorPolicy);

// A queue's declared arguments with an effective policy definition merged
// in, as the x- arguments the engine parses (QueueArguments): for the
// numeric limits (message-ttl, expires, max-length, max-length-bytes,
// delivery-limit) the lower of argument and policy; for the rest the
// argument when the queue has one. Keys that change nothing on one node
// (queue-mode, ha-*, ...) add nothing. A dead-letter routing key without a
// dead-letter exchange is left out, as it means nothing there either.
QVariantMap effectiveQueueArguments(const QVariantMap &declared, const QVariantMap &effectiveDefinition);

// The alternate exchange an exchange routes its unroutable messages to: its
// own argument when it has one, else the policy's (empty: none).
QString effectiveAlternateExchange(const QVariantMap &declared, const QVariantMap &effectiveDefinition);

// The policy as JSON in RabbitMQ's shape (vhost, name, pattern, apply-to,
// definition, priority), which is also how the store keeps it; decode
// gives integers back as qint64 (nullopt: not such an object).
QByteArray encode(const PolicyDef &def);
std::optional<PolicyDef> decode(const QByteArray &json);

// The policy keys that become x- queue arguments (the table in
// docs/ARCHITECTURE.md), for the window and the documentation test.
QStringList queueKeys();

} // namespace policy

} // namespace depot
