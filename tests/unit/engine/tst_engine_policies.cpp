// Policies in the engine (Engine::setPolicy): which policy applies (pattern,
// apply-to, priority), how policy, operator policy and a queue's own
// arguments combine, that a new, changed or deleted policy acts on existing
// queues and exchanges at once, refusals, and that policies survive a
// restart. Time is a fake clock.

#include "EngineTestSupport.h"
#include "broker/store/Store.h"

#include <QTemporaryDir>

using namespace depot;
using namespace depot::test;

namespace {

PolicyDef policyDef(const QString &name, const QString &pattern, const QVariantMap &definition, qint64 priority = 0,
    PolicyDef::ApplyTo applyTo = PolicyDef::ApplyTo::Queues)
{
    PolicyDef p;
    p.name = name;
    p.pattern = pattern;
    p.definition = definition;
    p.priority = priority;
    p.applyTo = applyTo;
    return p;
}

void setPolicy(Engine &engine, const PolicyDef &p, PolicyKind kind = PolicyKind::Policy)
{
    const auto r = engine.setPolicy(kind, p);
    QVERIFY2(r.ok(), qPrintable(r.error.text));
}

std::unique_ptr<store::Store> openStore(const QTemporaryDir &dir)
{
    QString error;
    auto st = store::Store::open(dir.path(), store::Durability::Normal, &error);
    if (!st)
        qFatal("cannot open store: %s", qPrintable(error));
    return st;
}

void commit(Engine &engine, store::Store &st)
{
    engine.flushStore();
    QVERIFY(st.flush());
    QCoreApplication::processEvents();
}

QString policyOf(const Engine &engine, const QString &queue)
{
    return engine.queue(queue)->policy.policy;
}

QList<DeathReason> reasons(const Engine &engine, const QString &queue)
{
    QList<DeathReason> out;
    for (const MessageView &v : engine.browse(queue, 0, 1000))
        out.append(v.state.content->deaths.records.value(0).reason);
    return out;
}

} // namespace

class TestEnginePolicies final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void patternAndApplyToChooseTheQueues();
    void highestPriorityWinsOneOnly();
    void argumentsAndPolicyMerge();
    void operatorPolicyTakesTheLowerLimit();
    void refusalsNameTheKey();
    void maxLengthDropsHeadLiveIntoPolicyDlx();
    void rejectPublishKeepsWhatIsInAndRefusesTheNext();
    void ttlByPolicyExpiresIntoDlx();
    void deletedPolicyStopsApplying();
    void retryDelaysByPolicy();
    void deliveryLimitByPolicy();
    void expiresByPolicyDeletesAnUnusedQueue();
    void alternateExchangeByPolicy();
    void sqsQueuesAreLeftAlone();
    void policiesSurviveRestart();
};

void TestEnginePolicies::patternAndApplyToChooseTheQueues()
{
    Engine engine;
    declare(engine, QStringLiteral("orders.created"));
    declare(engine, QStringLiteral("x.orders"));
    declare(engine, QStringLiteral("billing"));
    declare(engine, QStringLiteral("orders.q"), {{QStringLiteral("x-queue-type"), QStringLiteral("quorum")}});
    setPolicy(engine,
        policyDef(QStringLiteral("orders"), QStringLiteral("^orders\\."), {{QStringLiteral("max-length"), 10}}));
    QCOMPARE(policyOf(engine, QStringLiteral("orders.created")), QStringLiteral("orders"));
    QCOMPARE(policyOf(engine, QStringLiteral("orders.q")), QStringLiteral("orders"));
    QCOMPARE(policyOf(engine, QStringLiteral("x.orders")), QString()); // anchored by the pattern itself
    QCOMPARE(policyOf(engine, QStringLiteral("billing")), QString());
    // Unanchored patterns are searched anywhere in the name, as RabbitMQ's re:run.
    setPolicy(engine, policyDef(QStringLiteral("any"), QStringLiteral("ill"), {{QStringLiteral("max-length"), 5}}));
    QCOMPARE(policyOf(engine, QStringLiteral("billing")), QStringLiteral("any"));
    QCOMPARE(engine.queue(QStringLiteral("billing"))->policy.effectiveDefinition,
        (QVariantMap{{QStringLiteral("max-length"), 5}}));

    // apply-to: classic_queues and quorum_queues by kind; exchanges never a queue.
    setPolicy(engine,
        policyDef(QStringLiteral("quorum"), QStringLiteral("^orders"), {{QStringLiteral("delivery-limit"), 3}}, 5,
            PolicyDef::ApplyTo::QuorumQueues));
    QCOMPARE(policyOf(engine, QStringLiteral("orders.q")), QStringLiteral("quorum"));
    QCOMPARE(policyOf(engine, QStringLiteral("orders.created")), QStringLiteral("orders"));
    setPolicy(engine,
        policyDef(QStringLiteral("classic"), QStringLiteral("^orders"), {{QStringLiteral("max-length"), 1}}, 9,
            PolicyDef::ApplyTo::ClassicQueues));
    QCOMPARE(policyOf(engine, QStringLiteral("orders.created")), QStringLiteral("classic"));
    QCOMPARE(policyOf(engine, QStringLiteral("orders.q")), QStringLiteral("quorum"));
    setPolicy(engine,
        policyDef(QStringLiteral("ex"), QStringLiteral(""), {{QStringLiteral("max-length"), 1}}, 100,
            PolicyDef::ApplyTo::Exchanges));
    setPolicy(engine,
        policyDef(QStringLiteral("streams"), QStringLiteral(""), {{QStringLiteral("max-length"), 1}}, 100,
            PolicyDef::ApplyTo::Streams));
    QCOMPARE(policyOf(engine, QStringLiteral("x.orders")), QString());
    // A queue declared later gets its policy at once.
    declare(engine, QStringLiteral("orders.late"));
    QCOMPARE(policyOf(engine, QStringLiteral("orders.late")), QStringLiteral("classic"));
    QCOMPARE(engine.exchangePolicy(QStringLiteral("amq.direct")).policy, QStringLiteral("ex"));
}

void TestEnginePolicies::highestPriorityWinsOneOnly()
{
    Engine engine;
    declare(engine, QStringLiteral("q"));
    setPolicy(engine,
        policyDef(QStringLiteral("low"), QStringLiteral("^q$"),
            {{QStringLiteral("max-length"), 100}, {QStringLiteral("message-ttl"), 5000}}, 1));
    setPolicy(engine, policyDef(QStringLiteral("high"), QStringLiteral("^q"), {{QStringLiteral("max-length"), 7}}, 2));
    const auto info = engine.queue(QStringLiteral("q"));
    QCOMPARE(info->policy.policy, QStringLiteral("high"));
    // One policy only: nothing of "low" (its TTL) is merged in.
    QCOMPARE(info->policy.effectiveDefinition, (QVariantMap{{QStringLiteral("max-length"), 7}}));
    // Changing a priority switches at once.
    setPolicy(engine,
        policyDef(QStringLiteral("low"), QStringLiteral("^q$"),
            {{QStringLiteral("max-length"), 100}, {QStringLiteral("message-ttl"), 5000}}, 3));
    QCOMPARE(policyOf(engine, QStringLiteral("q")), QStringLiteral("low"));
    // The list is by priority, highest first.
    const auto list = engine.policies(PolicyKind::Policy);
    QCOMPARE(list.size(), 2);
    QCOMPARE(list.at(0).name, QStringLiteral("low"));
    // Equal priorities: the first name, whatever the order they were set in.
    setPolicy(engine, policyDef(QStringLiteral("b"), QStringLiteral("q"), {{QStringLiteral("max-length"), 1}}, 10));
    setPolicy(engine, policyDef(QStringLiteral("a"), QStringLiteral("q"), {{QStringLiteral("max-length"), 2}}, 10));
    QCOMPARE(policyOf(engine, QStringLiteral("q")), QStringLiteral("a"));
}

void TestEnginePolicies::argumentsAndPolicyMerge()
{
    FakeClock clock;
    Engine engine;
    engine.setClock(clock.clock());
    declare(engine, QStringLiteral("own-dlq"));
    declare(engine, QStringLiteral("policy-dlq"));
    declare(engine, QStringLiteral("q"),
        {{QStringLiteral("x-max-length"), 3}, {QStringLiteral("x-message-ttl"), 1000},
            {QStringLiteral("x-dead-letter-exchange"), QString()},
            {QStringLiteral("x-dead-letter-routing-key"), QStringLiteral("own-dlq")}});
    // max-length and message-ttl: the lower of argument and policy; the
    // dead-letter route: the queue's own argument.
    setPolicy(engine,
        policyDef(QStringLiteral("p"), QStringLiteral("^q$"),
            {{QStringLiteral("max-length"), 2}, {QStringLiteral("message-ttl"), 60000},
                {QStringLiteral("dead-letter-exchange"), QString()},
                {QStringLiteral("dead-letter-routing-key"), QStringLiteral("policy-dlq")}}));
    for (int i = 0; i < 3; ++i)
        publishTo(engine, QStringLiteral("q"), QStringLiteral("m%1").arg(i));
    QCOMPARE(engine.queue(QStringLiteral("q"))->ready, 2u); // the policy's lower limit
    QCOMPARE(browseBodies(engine, QStringLiteral("own-dlq")), QStringList{QStringLiteral("m0")});
    QCOMPARE(engine.queue(QStringLiteral("policy-dlq"))->ready, 0u);
    clock.advance(engine, 1000); // the argument's lower TTL
    QCOMPARE(engine.queue(QStringLiteral("q"))->ready, 0u);
    QCOMPARE(engine.queue(QStringLiteral("own-dlq"))->ready, 3u);
    // The effective definition is the policy's alone (the arguments are shown apart).
    QCOMPARE(
        engine.queue(QStringLiteral("q"))->policy.effectiveDefinition.value(QStringLiteral("max-length")).toInt(), 2);
    // The declared arguments stay what was declared: a redeclaration with them is equivalent.
    QVERIFY(engine
                .declareQueue(queueDef(QStringLiteral("q"),
                                  {{QStringLiteral("x-max-length"), 3}, {QStringLiteral("x-message-ttl"), 1000},
                                      {QStringLiteral("x-dead-letter-exchange"), QString()},
                                      {QStringLiteral("x-dead-letter-routing-key"), QStringLiteral("own-dlq")}}),
                    false)
                .ok());
    // A policy's higher limit does not raise the argument's.
    setPolicy(engine, policyDef(QStringLiteral("p"), QStringLiteral("^q$"), {{QStringLiteral("max-length"), 50}}));
    for (int i = 0; i < 5; ++i)
        publishTo(engine, QStringLiteral("q"), QStringLiteral("n%1").arg(i));
    QCOMPARE(engine.queue(QStringLiteral("q"))->ready, 3u);
}

void TestEnginePolicies::operatorPolicyTakesTheLowerLimit()
{
    Engine engine;
    declare(engine, QStringLiteral("q"));
    setPolicy(engine,
        policyDef(QStringLiteral("user"), QStringLiteral("q"),
            {{QStringLiteral("max-length"), 10}, {QStringLiteral("overflow"), QStringLiteral("reject-publish")}}));
    setPolicy(engine,
        policyDef(QStringLiteral("ops"), QStringLiteral("q"),
            {{QStringLiteral("max-length"), 4}, {QStringLiteral("message-ttl"), 9000}}),
        PolicyKind::Operator);
    const auto info = engine.queue(QStringLiteral("q"));
    QCOMPARE(info->policy.policy, QStringLiteral("user"));
    QCOMPARE(info->policy.operatorPolicy, QStringLiteral("ops"));
    QCOMPARE(info->policy.effectiveDefinition,
        (QVariantMap{{QStringLiteral("max-length"), 4}, {QStringLiteral("message-ttl"), 9000},
            {QStringLiteral("overflow"), QStringLiteral("reject-publish")}}));
    int accepted = 0;
    for (int i = 0; i < 6; ++i)
        accepted += publishTo(engine, QStringLiteral("q"), QStringLiteral("m")).rejected ? 0 : 1;
    QCOMPARE(accepted, 4);
    // A higher operator limit leaves the policy's.
    setPolicy(engine, policyDef(QStringLiteral("ops"), QStringLiteral("q"), {{QStringLiteral("max-length"), 40}}),
        PolicyKind::Operator);
    QCOMPARE(
        engine.queue(QStringLiteral("q"))->policy.effectiveDefinition.value(QStringLiteral("max-length")).toInt(), 10);
    QCOMPARE(engine.policies(PolicyKind::Operator).size(), 1);
    QCOMPARE(engine.policies(PolicyKind::Policy).size(), 1);
}

void TestEnginePolicies::refusalsNameTheKey()
{
    Engine engine;
    declare(engine, QStringLiteral("q"));
    auto refused = [&](const QVariantMap &definition, PolicyKind kind = PolicyKind::Policy,
                       const QString &pattern = QStringLiteral(".*")) {
        return engine.setPolicy(kind, policyDef(QStringLiteral("p"), pattern, definition)).error;
    };
    Error e = refused({{QStringLiteral("made-up"), 1}});
    QCOMPARE(e.kind, ErrorKind::InvalidArgument);
    QCOMPARE(e.text, QStringLiteral("Validation failed\n\n[{<<\"made-up\">>,1}] are not recognised policy settings\n"));
    e = refused({{QStringLiteral("max-age"), QStringLiteral("1D")}});
    QCOMPARE(e.kind, ErrorKind::InvalidArgument);
    QVERIFY2(e.text.contains(QStringLiteral("'max-age' is not supported by Depot")), qPrintable(e.text));
    e = refused({{QStringLiteral("federation-upstream-set"), QStringLiteral("all")}});
    QVERIFY2(
        e.text.contains(QStringLiteral("'federation-upstream-set' is not supported by Depot")), qPrintable(e.text));
    e = refused({{QStringLiteral("message-ttl"), QStringLiteral("abc")}});
    QCOMPARE(e.text, QStringLiteral("Validation failed\n\n<<\"abc\">> is not a valid message TTL\n"));
    QVERIFY(
        refused({{QStringLiteral("message-ttl"), -1}}).text.contains(QStringLiteral("-1 is not a valid message TTL")));
    QVERIFY(refused({{QStringLiteral("expires"), 0}}).text.contains(QStringLiteral("0 is not a valid queue expiry")));
    QVERIFY(refused({{QStringLiteral("overflow"), QStringLiteral("drop-tail")}})
                .text.contains(QStringLiteral("<<\"drop-tail\">> is not a valid overflow value")));
    QVERIFY(refused(
        {{QStringLiteral("dead-letter-exchange"),
            5}}).text.contains(QStringLiteral("5 is not a valid dead letter exchange name")));
    QVERIFY(refused({{QStringLiteral("retry-delays"), QVariantList{}}}).text.contains(QStringLiteral("retry delays")));
    QVERIFY(refused({{QStringLiteral("retry-delays"), QVariantList{100, -5}}})
                .text.contains(QStringLiteral("-5 is not a valid retry delay")));
    QVERIFY(refused({{QStringLiteral("dead-letter-strategy"), QStringLiteral("at-least-once")}})
                .text.contains(QStringLiteral("not supported by Depot")));
    QVERIFY(refused({}).text.contains(QStringLiteral("no policy provided")));
    QVERIFY(refused({{QStringLiteral("max-length"), 1}}, PolicyKind::Policy, QStringLiteral("(unclosed"))
                .text.contains(QStringLiteral("should be regular expression")));
    // Operator policies take only the numeric limits.
    e = refused({{QStringLiteral("dead-letter-exchange"), QStringLiteral("x")}}, PolicyKind::Operator);
    QVERIFY2(e.text.contains(QStringLiteral("are not recognised policy settings")), qPrintable(e.text));
    // Another vhost does not exist.
    PolicyDef other = policyDef(QStringLiteral("p"), QStringLiteral("q"), {{QStringLiteral("max-length"), 1}});
    other.vhost = QStringLiteral("elsewhere");
    QCOMPARE(engine.setPolicy(PolicyKind::Policy, other).error.kind, ErrorKind::NotFound);
    // Nothing refused was kept, nothing applies.
    QVERIFY(engine.policies(PolicyKind::Policy).isEmpty());
    QVERIFY(engine.policies(PolicyKind::Operator).isEmpty());
    QCOMPARE(policyOf(engine, QStringLiteral("q")), QString());
    // Keys RabbitMQ knows that change nothing on one node are accepted.
    setPolicy(engine,
        policyDef(QStringLiteral("ha"), QStringLiteral("q"),
            {{QStringLiteral("ha-mode"), QStringLiteral("all")},
                {QStringLiteral("queue-mode"), QStringLiteral("lazy")}}));
    QCOMPARE(policyOf(engine, QStringLiteral("q")), QStringLiteral("ha"));
    QCOMPARE(engine.deletePolicy(PolicyKind::Policy, QStringLiteral("/"), QStringLiteral("nope")).error.kind,
        ErrorKind::NotFound);
}

void TestEnginePolicies::maxLengthDropsHeadLiveIntoPolicyDlx()
{
    Engine engine;
    declare(engine, QStringLiteral("dlq"));
    declare(engine, QStringLiteral("work"));
    for (int i = 0; i < 5; ++i)
        publishTo(engine, QStringLiteral("work"), QStringLiteral("m%1").arg(i));
    // A new policy on an existing queue: the oldest go at once, into the
    // dead-letter exchange the same policy names.
    setPolicy(engine,
        policyDef(QStringLiteral("limit"), QStringLiteral("^work$"),
            {{QStringLiteral("max-length"), 2}, {QStringLiteral("dead-letter-exchange"), QString()},
                {QStringLiteral("dead-letter-routing-key"), QStringLiteral("dlq")}}));
    QCOMPARE(browseBodies(engine, QStringLiteral("work")), (QStringList{QStringLiteral("m3"), QStringLiteral("m4")}));
    QCOMPARE(browseBodies(engine, QStringLiteral("dlq")),
        (QStringList{QStringLiteral("m0"), QStringLiteral("m1"), QStringLiteral("m2")}));
    QCOMPARE(reasons(engine, QStringLiteral("dlq")),
        (QList<DeathReason>{DeathReason::MaxLen, DeathReason::MaxLen, DeathReason::MaxLen}));
    QCOMPARE(engine.queue(QStringLiteral("work"))->deadLetterExchange, QString());
    QCOMPARE(engine.queue(QStringLiteral("work"))->deadLetterRoutingKey, QStringLiteral("dlq"));
    // The next publish makes room the same way.
    publishTo(engine, QStringLiteral("work"), QStringLiteral("m5"));
    QCOMPARE(browseBodies(engine, QStringLiteral("work")), (QStringList{QStringLiteral("m4"), QStringLiteral("m5")}));
    QCOMPARE(engine.queue(QStringLiteral("dlq"))->ready, 4u);
}

void TestEnginePolicies::rejectPublishKeepsWhatIsInAndRefusesTheNext()
{
    Engine engine;
    declare(engine, QStringLiteral("q"));
    for (int i = 0; i < 4; ++i)
        publishTo(engine, QStringLiteral("q"), QStringLiteral("m%1").arg(i));
    setPolicy(engine,
        policyDef(QStringLiteral("p"), QStringLiteral("q"),
            {{QStringLiteral("max-length"), 2}, {QStringLiteral("overflow"), QStringLiteral("reject-publish")}}));
    QCOMPARE(engine.queue(QStringLiteral("q"))->ready, 4u); // as RabbitMQ: nothing dropped
    QVERIFY(publishTo(engine, QStringLiteral("q"), QStringLiteral("refused")).rejected);
    QCOMPARE(engine.queue(QStringLiteral("q"))->ready, 4u);
}

void TestEnginePolicies::ttlByPolicyExpiresIntoDlx()
{
    FakeClock clock;
    Engine engine;
    engine.setClock(clock.clock());
    declare(engine, QStringLiteral("dlq"));
    declare(engine, QStringLiteral("work"));
    publishTo(engine, QStringLiteral("work"), QStringLiteral("before"));
    setPolicy(engine,
        policyDef(QStringLiteral("ttl"), QStringLiteral("^work$"),
            {{QStringLiteral("message-ttl"), 500}, {QStringLiteral("dead-letter-exchange"), QString()},
                {QStringLiteral("dead-letter-routing-key"), QStringLiteral("dlq")}}));
    publishTo(engine, QStringLiteral("work"), QStringLiteral("after"));
    clock.advance(engine, 499);
    QCOMPARE(engine.queue(QStringLiteral("dlq"))->ready, 0u);
    clock.advance(engine, 1);
    QCOMPARE(browseBodies(engine, QStringLiteral("dlq")), QStringList{QStringLiteral("after")});
    QCOMPARE(reasons(engine, QStringLiteral("dlq")), QList<DeathReason>{DeathReason::Expired});
    // A message published before the TTL applied keeps the expiry it was
    // given then (none), as in RabbitMQ, where a message's expiry is set
    // when it is enqueued.
    QCOMPARE(browseBodies(engine, QStringLiteral("work")), QStringList{QStringLiteral("before")});
}

void TestEnginePolicies::deletedPolicyStopsApplying()
{
    FakeClock clock;
    Engine engine;
    engine.setClock(clock.clock());
    declare(engine, QStringLiteral("q"), {{QStringLiteral("x-max-length"), 5}});
    setPolicy(engine,
        policyDef(QStringLiteral("p"), QStringLiteral("q"),
            {{QStringLiteral("max-length"), 1}, {QStringLiteral("message-ttl"), 100}}));
    setPolicy(
        engine, policyDef(QStringLiteral("fallback"), QStringLiteral("q"), {{QStringLiteral("max-length"), 2}}, -1));
    QVERIFY(engine.deletePolicy(PolicyKind::Policy, QStringLiteral("/"), QStringLiteral("p")).ok());
    // The next matching policy applies, then the queue's own arguments.
    QCOMPARE(policyOf(engine, QStringLiteral("q")), QStringLiteral("fallback"));
    for (int i = 0; i < 3; ++i)
        publishTo(engine, QStringLiteral("q"), QStringLiteral("m%1").arg(i));
    QCOMPARE(engine.queue(QStringLiteral("q"))->ready, 2u);
    QVERIFY(engine.deletePolicy(PolicyKind::Policy, QStringLiteral("/"), QStringLiteral("fallback")).ok());
    QCOMPARE(policyOf(engine, QStringLiteral("q")), QString());
    QVERIFY(engine.queue(QStringLiteral("q"))->policy.effectiveDefinition.isEmpty());
    for (int i = 0; i < 6; ++i)
        publishTo(engine, QStringLiteral("q"), QStringLiteral("n%1").arg(i));
    QCOMPARE(engine.queue(QStringLiteral("q"))->ready, 5u);
    clock.advance(engine, 1000); // no TTL any more
    QCOMPARE(engine.queue(QStringLiteral("q"))->ready, 5u);
}

void TestEnginePolicies::retryDelaysByPolicy()
{
    FakeClock clock;
    Engine engine;
    engine.setClock(clock.clock());
    declare(engine, QStringLiteral("dlq"));
    declare(engine, QStringLiteral("work"));
    setPolicy(engine,
        policyDef(QStringLiteral("retry"), QStringLiteral("^work$"),
            {{QStringLiteral("retry-delays"), QVariantList{300}}, {QStringLiteral("dead-letter-exchange"), QString()},
                {QStringLiteral("dead-letter-routing-key"), QStringLiteral("dlq")}}));
    RecordingSink sink;
    const SessionId s = engine.openSession(engine.openConnection({}), &sink);
    QVERIFY(engine.consume(s, consumeSpec(QStringLiteral("work"), 1)).ok());
    publishTo(engine, QStringLiteral("work"), QStringLiteral("job"));
    QCOMPARE(sink.deliveries.size(), 1);
    QVERIFY(engine.nack(s, sink.lastTag(), false, true).ok());
    QCOMPARE(engine.queue(QStringLiteral("work"))->delayed, 1u); // held back, not redelivered at once
    QCOMPARE(sink.deliveries.size(), 1);
    clock.advance(engine, 300);
    QCOMPARE(sink.deliveries.size(), 2);
    QVERIFY(engine.nack(s, sink.lastTag(), false, true).ok());
    // Past the list: dead-lettered with delivery_limit.
    QCOMPARE(browseBodies(engine, QStringLiteral("dlq")), QStringList{QStringLiteral("job")});
    QCOMPARE(reasons(engine, QStringLiteral("dlq")), QList<DeathReason>{DeathReason::DeliveryLimit});
    // The queue's own x-retry-delays wins over the policy's.
    declare(engine, QStringLiteral("work2"), {{QStringLiteral("x-retry-delays"), QVariantList{5000}}});
    setPolicy(engine,
        policyDef(
            QStringLiteral("retry"), QStringLiteral("^work"), {{QStringLiteral("retry-delays"), QVariantList{300}}}));
    QVERIFY(engine.consume(s, consumeSpec(QStringLiteral("work2"), 1)).ok());
    publishTo(engine, QStringLiteral("work2"), QStringLiteral("job2"));
    QVERIFY(engine.nack(s, sink.lastTag(), false, true).ok());
    const qint64 returned = *clock.ms;
    QCOMPARE(engine.browse(QStringLiteral("work2"), 0, 1).value(0).state.readyAt, returned + 5000);
}

void TestEnginePolicies::deliveryLimitByPolicy()
{
    Engine engine;
    declare(engine, QStringLiteral("dlq"));
    declare(engine, QStringLiteral("work"), {{QStringLiteral("x-queue-type"), QStringLiteral("quorum")}});
    setPolicy(engine,
        policyDef(QStringLiteral("limit"), QStringLiteral("work"),
            {{QStringLiteral("delivery-limit"), 1}, {QStringLiteral("dead-letter-exchange"), QString()},
                {QStringLiteral("dead-letter-routing-key"), QStringLiteral("dlq")}},
            0, PolicyDef::ApplyTo::QuorumQueues));
    RecordingSink sink;
    const SessionId s = engine.openSession(engine.openConnection({}), &sink);
    publishTo(engine, QStringLiteral("work"), QStringLiteral("job"));
    QVERIFY(engine.consume(s, consumeSpec(QStringLiteral("work"), 1)).ok());
    QVERIFY(engine.nack(s, sink.lastTag(), false, true).ok());
    QCOMPARE(sink.deliveries.size(), 2);
    QVERIFY(sink.deliveries.last().countsDeliveries);
    QVERIFY(engine.nack(s, sink.lastTag(), false, true).ok());
    QCOMPARE(reasons(engine, QStringLiteral("dlq")), QList<DeathReason>{DeathReason::DeliveryLimit});
}

void TestEnginePolicies::expiresByPolicyDeletesAnUnusedQueue()
{
    FakeClock clock;
    Engine engine;
    engine.setClock(clock.clock());
    declare(engine, QStringLiteral("temp"));
    declare(engine, QStringLiteral("kept"));
    setPolicy(engine, policyDef(QStringLiteral("exp"), QStringLiteral("^temp$"), {{QStringLiteral("expires"), 1000}}));
    clock.advance(engine, 999);
    QVERIFY(engine.queue(QStringLiteral("temp")));
    clock.advance(engine, 1);
    QVERIFY(!engine.queue(QStringLiteral("temp")));
    QVERIFY(engine.queue(QStringLiteral("kept")));
}

void TestEnginePolicies::alternateExchangeByPolicy()
{
    Engine engine;
    ExchangeDef main;
    main.name = QStringLiteral("main");
    main.type = ExchangeType::Direct;
    QVERIFY(engine.declareExchange(main, false).ok());
    ExchangeDef spare;
    spare.name = QStringLiteral("spare");
    spare.type = ExchangeType::Fanout;
    QVERIFY(engine.declareExchange(spare, false).ok());
    declare(engine, QStringLiteral("unrouted"));
    QVERIFY(
        engine.bind({QStringLiteral("spare"), QStringLiteral("unrouted"), DestinationKind::Queue, QString(), {}}).ok());
    QVERIFY(!publishTo(engine, QStringLiteral("nowhere"), QStringLiteral("lost"), {}, QStringLiteral("main")).routed);
    setPolicy(engine,
        policyDef(QStringLiteral("ae"), QStringLiteral("^main$"),
            {{QStringLiteral("alternate-exchange"), QStringLiteral("spare")}}, 0, PolicyDef::ApplyTo::Exchanges));
    QCOMPARE(engine.exchangePolicy(QStringLiteral("main")).policy, QStringLiteral("ae"));
    QCOMPARE(engine.exchangePolicy(QStringLiteral("spare")).policy, QString());
    QVERIFY(publishTo(engine, QStringLiteral("nowhere"), QStringLiteral("kept"), {}, QStringLiteral("main")).routed);
    QCOMPARE(browseBodies(engine, QStringLiteral("unrouted")), QStringList{QStringLiteral("kept")});
    // The exchange's own argument wins over the policy.
    ExchangeDef own;
    own.name = QStringLiteral("own");
    own.type = ExchangeType::Direct;
    own.arguments = {{QStringLiteral("alternate-exchange"), QStringLiteral("missing")}};
    QVERIFY(engine.declareExchange(own, false).ok());
    setPolicy(engine,
        policyDef(QStringLiteral("ae"), QStringLiteral("^(main|own)$"),
            {{QStringLiteral("alternate-exchange"), QStringLiteral("spare")}}, 0, PolicyDef::ApplyTo::Exchanges));
    QVERIFY(!publishTo(engine, QStringLiteral("nowhere"), QStringLiteral("x"), {}, QStringLiteral("own")).routed);
    // Deleted: unroutable again.
    QVERIFY(engine.deletePolicy(PolicyKind::Policy, QStringLiteral("/"), QStringLiteral("ae")).ok());
    QVERIFY(!publishTo(engine, QStringLiteral("nowhere"), QStringLiteral("lost"), {}, QStringLiteral("main")).routed);
}

void TestEnginePolicies::sqsQueuesAreLeftAlone()
{
    Engine engine;
    declare(engine, QStringLiteral("jobs"), {{QStringLiteral("x-queue-type"), QStringLiteral("sqs")}});
    setPolicy(engine,
        policyDef(QStringLiteral("all"), QStringLiteral(""), {{QStringLiteral("max-length"), 1}}, 0,
            PolicyDef::ApplyTo::All));
    for (int i = 0; i < 3; ++i)
        publishTo(engine, QStringLiteral("jobs"), QStringLiteral("m%1").arg(i));
    QCOMPARE(engine.queue(QStringLiteral("jobs"))->ready, 3u);
    QCOMPARE(policyOf(engine, QStringLiteral("jobs")), QString());
}

void TestEnginePolicies::policiesSurviveRestart()
{
    QTemporaryDir dir;
    {
        auto st = openStore(dir);
        Engine engine(st.get());
        engine.recover();
        declare(engine, QStringLiteral("dlq"), {}, true);
        declare(engine, QStringLiteral("work"), {}, true);
        setPolicy(engine,
            policyDef(QStringLiteral("limit"), QStringLiteral("^work$"),
                {{QStringLiteral("max-length"), 2}, {QStringLiteral("dead-letter-exchange"), QString()},
                    {QStringLiteral("dead-letter-routing-key"), QStringLiteral("dlq")},
                    {QStringLiteral("retry-delays"), QVariantList{100, 200}}},
                7));
        setPolicy(
            engine, policyDef(QStringLiteral("gone"), QStringLiteral("work"), {{QStringLiteral("max-length"), 1}}, 1));
        setPolicy(engine,
            policyDef(QStringLiteral("ops"), QStringLiteral("."), {{QStringLiteral("message-ttl"), 60000}}),
            PolicyKind::Operator);
        QVERIFY(engine.deletePolicy(PolicyKind::Policy, QStringLiteral("/"), QStringLiteral("gone")).ok());
        commit(engine, *st);
        st->close();
    }
    auto st = openStore(dir);
    Engine engine(st.get());
    engine.recover();
    const auto list = engine.policies(PolicyKind::Policy);
    QCOMPARE(list.size(), 1);
    QCOMPARE(list.at(0).name, QStringLiteral("limit"));
    QCOMPARE(list.at(0).priority, qint64(7));
    QCOMPARE(list.at(0).applyTo, PolicyDef::ApplyTo::Queues);
    QCOMPARE(list.at(0).definition.value(QStringLiteral("retry-delays")).toList(), (QVariantList{100, 200}));
    QCOMPARE(list.at(0).definition.value(QStringLiteral("max-length")).typeId(), QMetaType::LongLong);
    QCOMPARE(engine.policies(PolicyKind::Operator).size(), 1);
    const auto info = engine.queue(QStringLiteral("work"));
    QCOMPARE(info->policy.policy, QStringLiteral("limit"));
    QCOMPARE(info->policy.operatorPolicy, QStringLiteral("ops"));
    // And it acts: the recovered queue has the policy's limit and route.
    for (int i = 0; i < 3; ++i)
        publishTo(engine, QStringLiteral("work"), QStringLiteral("m%1").arg(i), persistent());
    QCOMPARE(engine.queue(QStringLiteral("work"))->ready, 2u);
    QCOMPARE(browseBodies(engine, QStringLiteral("dlq")), QStringList{QStringLiteral("m0")});
}

QTEST_GUILESS_MAIN(TestEnginePolicies)
#include "tst_engine_policies.moc"
