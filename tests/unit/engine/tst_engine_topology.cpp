// Engine topology: exchanges, queues, bindings, their errors and lifetimes.

#include "EngineTestSupport.h"

#include <QSignalSpy>

using namespace depot;
using namespace depot::test;

class TestEngineTopology final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void exchangeDeclareErrors_data();
    void exchangeDeclareErrors();
    void exchangeRedeclareEquivalent();
    void deleteExchangeIfUnused();
    void bindChecksBothEnds();
    void autoDeleteExchangeGoesWithLastBinding();
    void exchangeToExchangeRouting();
    void publishErrors();
    void mandatoryUnroutableCountsReturned();
    void queueArgumentValidation_data();
    void queueArgumentValidation();
    void queueRedeclare_data();
    void queueRedeclare();
    void serverNamedQueue();
    void reservedQueueName();
    void passiveDeclare();
    void exclusiveQueue();
    void autoDeleteQueue();
    void deleteQueueConditions();
    void deleteQueueCancelsConsumers();
    void purgeKeepsUnacked();
    void alarmsRaiseReplaceClear();
    void exchangeArgumentsRefusedOrKept_data();
    void exchangeArgumentsRefusedOrKept();
    void alternateExchangeRedeclare();
    void alternateExchangeRoutesAndMandatory();
    void bindRefusesUnreadableXMatch_data();
    void bindRefusesUnreadableXMatch();
    void consumerArguments_data();
    void consumerArguments();
    void extraRoutingKeysCopyOncePerQueue();
    void setQueueArgumentsRefusesUnknown();
};

void TestEngineTopology::exchangeDeclareErrors_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("type");
    QTest::addColumn<bool>("passive");
    QTest::addColumn<QVariantMap>("args");
    QTest::addColumn<int>("kind");
    QTest::addRow("default exchange") << QString() << int(ExchangeType::Direct) << false << QVariantMap()
                                      << int(ErrorKind::AccessRefused);
    QTest::addRow("amq. prefix") << QStringLiteral("amq.mine") << int(ExchangeType::Direct) << false
                                 << QVariantMap() << int(ErrorKind::AccessRefused);
    QTest::addRow("amq.direct redeclared") << QStringLiteral("amq.direct") << int(ExchangeType::Direct) << false
                                           << QVariantMap() << int(ErrorKind::AccessRefused);
    QTest::addRow("passive absent") << QStringLiteral("nope") << int(ExchangeType::Direct) << true << QVariantMap()
                                    << int(ErrorKind::NotFound);
    QTest::addRow("passive amq.topic") << QStringLiteral("amq.topic") << int(ExchangeType::Topic) << true
                                       << QVariantMap() << int(ErrorKind::None);
    QTest::addRow("delayed without type") << QStringLiteral("d") << int(ExchangeType::DelayedMessage) << false
                                          << QVariantMap() << int(ErrorKind::InvalidArgument);
    QTest::addRow("delayed bad type") << QStringLiteral("d") << int(ExchangeType::DelayedMessage) << false
                                      << QVariantMap{{QStringLiteral("x-delayed-type"), QStringLiteral("nonsense")}}
                                      << int(ErrorKind::InvalidArgument);
    QTest::addRow("delayed direct") << QStringLiteral("d") << int(ExchangeType::DelayedMessage) << false
                                    << QVariantMap{{QStringLiteral("x-delayed-type"), QStringLiteral("direct")}}
                                    << int(ErrorKind::None);
    QTest::addRow("plain") << QStringLiteral("x") << int(ExchangeType::Fanout) << false << QVariantMap()
                           << int(ErrorKind::None);
}

void TestEngineTopology::exchangeDeclareErrors()
{
    QFETCH(QString, name);
    QFETCH(int, type);
    QFETCH(bool, passive);
    QFETCH(QVariantMap, args);
    QFETCH(int, kind);
    Engine engine;
    ExchangeDef def{name, ExchangeType(type), true, false, false, args};
    const auto r = engine.declareExchange(def, passive);
    QCOMPARE(int(r.error.kind), kind);
    if (kind != int(ErrorKind::None))
        QVERIFY(!r.error.text.isEmpty());
    const QList<ExchangeDef> all = engine.exchanges();
    const bool exists = std::any_of(all.cbegin(), all.cend(),
                                    [&](const ExchangeDef &e) { return e.name == name; });
    const bool builtIn = name.isEmpty() || name == QLatin1String("amq.direct") || name == QLatin1String("amq.topic");
    QCOMPARE(exists, kind == int(ErrorKind::None) || builtIn);
}

void TestEngineTopology::exchangeRedeclareEquivalent()
{
    Engine engine;
    const ExchangeDef def{QStringLiteral("e"), ExchangeType::Topic, true, false, false, {}};
    QVERIFY(engine.declareExchange(def, false).ok());
    QVERIFY(engine.declareExchange(def, false).ok());
    ExchangeDef other = def;
    other.type = ExchangeType::Direct;
    auto r = engine.declareExchange(other, false);
    QCOMPARE(r.error.kind, ErrorKind::PreconditionFailed);
    QVERIFY(r.error.text.contains(QLatin1String("inequivalent arg 'type'")));
    other = def;
    other.durable = false;
    QCOMPARE(engine.declareExchange(other, false).error.kind, ErrorKind::PreconditionFailed);
    other = def;
    other.autoDelete = true;
    QCOMPARE(engine.declareExchange(other, false).error.kind, ErrorKind::PreconditionFailed);
    other = def;
    other.internal = true;
    QCOMPARE(engine.declareExchange(other, false).error.kind, ErrorKind::PreconditionFailed);
    // Passive does not compare.
    QVERIFY(engine.declareExchange(other, true).ok());
}

void TestEngineTopology::deleteExchangeIfUnused()
{
    Engine engine;
    QVERIFY(engine.declareExchange({QStringLiteral("e"), ExchangeType::Direct, false, false, false, {}}, false).ok());
    declare(engine, QStringLiteral("q"));
    QVERIFY(engine.bind({QStringLiteral("e"), QStringLiteral("q"), DestinationKind::Queue, QStringLiteral("k"), {}}).ok());
    QCOMPARE(engine.deleteExchange(QStringLiteral("e"), true).error.kind, ErrorKind::PreconditionFailed);
    QCOMPARE(engine.deleteExchange(QString(), false).error.kind, ErrorKind::AccessRefused);
    QCOMPARE(engine.deleteExchange(QStringLiteral("amq.direct"), false).error.kind, ErrorKind::AccessRefused);
    QCOMPARE(engine.deleteExchange(QStringLiteral("absent"), false).error.kind, ErrorKind::NotFound);
    QVERIFY(engine.deleteExchange(QStringLiteral("e"), false).ok());
    QVERIFY(engine.bindings().isEmpty());
    QVERIFY(engine.queue(QStringLiteral("q")));   // the queue stays
}

void TestEngineTopology::bindChecksBothEnds()
{
    Engine engine;
    declare(engine, QStringLiteral("q"));
    QCOMPARE(engine.bind({QStringLiteral("nope"), QStringLiteral("q"), DestinationKind::Queue, {}, {}}).error.kind,
             ErrorKind::NotFound);
    QCOMPARE(engine.bind({QStringLiteral("amq.direct"), QStringLiteral("nope"), DestinationKind::Queue, {}, {}}).error.kind,
             ErrorKind::NotFound);
    QCOMPARE(engine.bind({QStringLiteral("amq.direct"), QStringLiteral("nope"), DestinationKind::Exchange, {}, {}})
                 .error.kind,
             ErrorKind::NotFound);
    QCOMPARE(engine.bind({QString(), QStringLiteral("q"), DestinationKind::Queue, QStringLiteral("q"), {}}).error.kind,
             ErrorKind::AccessRefused);
    QCOMPARE(engine.unbind({QStringLiteral("nope"), QStringLiteral("q"), DestinationKind::Queue, {}, {}}).error.kind,
             ErrorKind::NotFound);
    QVERIFY(engine.bind({QStringLiteral("amq.direct"), QStringLiteral("q"), DestinationKind::Queue, QStringLiteral("k"), {}}).ok());
    QCOMPARE(engine.bindings().size(), 1);
    QVERIFY(engine.unbind({QStringLiteral("amq.direct"), QStringLiteral("q"), DestinationKind::Queue, QStringLiteral("k"), {}}).ok());
    QVERIFY(engine.bindings().isEmpty());
}

void TestEngineTopology::autoDeleteExchangeGoesWithLastBinding()
{
    Engine engine;
    QVERIFY(engine.declareExchange({QStringLiteral("ad"), ExchangeType::Fanout, false, true, false, {}}, false).ok());
    declare(engine, QStringLiteral("q1"));
    declare(engine, QStringLiteral("q2"));
    QVERIFY(engine.bind({QStringLiteral("ad"), QStringLiteral("q1"), DestinationKind::Queue, {}, {}}).ok());
    QVERIFY(engine.bind({QStringLiteral("ad"), QStringLiteral("q2"), DestinationKind::Queue, {}, {}}).ok());
    QVERIFY(engine.unbind({QStringLiteral("ad"), QStringLiteral("q1"), DestinationKind::Queue, {}, {}}).ok());
    QVERIFY(engine.declareExchange({QStringLiteral("ad"), ExchangeType::Fanout, false, true, false, {}}, true).ok());
    // Deleting the queue removes the last binding, and with it the exchange.
    QVERIFY(engine.deleteQueue(QStringLiteral("q2"), false, false).ok());
    QCOMPARE(engine.declareExchange({QStringLiteral("ad"), ExchangeType::Fanout, false, true, false, {}}, true).error.kind,
             ErrorKind::NotFound);
}

void TestEngineTopology::exchangeToExchangeRouting()
{
    Engine engine;
    QVERIFY(engine.declareExchange({QStringLiteral("front"), ExchangeType::Topic, false, false, false, {}}, false).ok());
    QVERIFY(engine.declareExchange({QStringLiteral("back"), ExchangeType::Fanout, false, false, true, {}}, false).ok());
    declare(engine, QStringLiteral("q"));
    QVERIFY(engine.bind({QStringLiteral("front"), QStringLiteral("back"), DestinationKind::Exchange, QStringLiteral("a.#"), {}}).ok());
    QVERIFY(engine.bind({QStringLiteral("back"), QStringLiteral("q"), DestinationKind::Queue, {}, {}}).ok());
    QVERIFY(engine.publish(QStringLiteral("front"), QStringLiteral("a.b.c"), {}, "1").routed);
    QVERIFY(!engine.publish(QStringLiteral("front"), QStringLiteral("b.c"), {}, "2").routed);
    QCOMPARE(engine.queue(QStringLiteral("q"))->ready, 1u);
}

void TestEngineTopology::publishErrors()
{
    Engine engine;
    QVERIFY(engine.declareExchange({QStringLiteral("internal"), ExchangeType::Fanout, false, false, true, {}}, false).ok());
    declare(engine, QStringLiteral("q"));
    QCOMPARE(engine.publish(QStringLiteral("absent"), QStringLiteral("q"), {}, "x").error.kind, ErrorKind::NotFound);
    QCOMPARE(engine.publish(QStringLiteral("internal"), QStringLiteral("q"), {}, "x").error.kind,
             ErrorKind::AccessRefused);
    QCOMPARE(engine.publishAddressError(QStringLiteral("absent")).kind, ErrorKind::NotFound);
    QCOMPARE(engine.publishAddressError(QStringLiteral("internal")).kind, ErrorKind::AccessRefused);
    QVERIFY(!engine.publishAddressError(QString()));
    QCOMPARE(engine.queue(QStringLiteral("q"))->ready, 0u);
}

void TestEngineTopology::mandatoryUnroutableCountsReturned()
{
    Engine engine;
    PublishOptions mandatory;
    mandatory.mandatory = true;
    const auto r = engine.publish(QStringLiteral("amq.direct"), QStringLiteral("nowhere"), {}, "x", mandatory);
    QVERIFY(!r.error);
    QVERIFY(!r.routed);
    engine.publish(QStringLiteral("amq.direct"), QStringLiteral("nowhere"), {}, "x");
    engine.stats().sample(engine.now(), {});
    QCOMPARE(engine.stats().snapshot()->totals[Counter::Returned], 1u);
}

void TestEngineTopology::queueArgumentValidation_data()
{
    QTest::addColumn<QVariantMap>("args");
    QTest::addColumn<bool>("valid");
    auto row = [](const char *name, const QString &key, const QVariant &value, bool valid) {
        QTest::addRow("%s", name) << QVariantMap{{key, value}} << valid;
    };
    row("ttl ok", QStringLiteral("x-message-ttl"), 1000, true);
    row("ttl long", QStringLiteral("x-message-ttl"), qint64(1000), true);
    row("ttl negative", QStringLiteral("x-message-ttl"), -1, false);
    row("ttl string", QStringLiteral("x-message-ttl"), QStringLiteral("1000"), false);
    row("ttl double", QStringLiteral("x-message-ttl"), 1.5, false);
    row("expires zero", QStringLiteral("x-expires"), 0, false);
    row("expires ok", QStringLiteral("x-expires"), 10, true);
    row("max-length negative", QStringLiteral("x-max-length"), -3, false);
    row("max-length text", QStringLiteral("x-max-length"), QStringLiteral("ten"), false);
    row("max-length-bytes ok", QStringLiteral("x-max-length-bytes"), 100, true);
    row("overflow unknown", QStringLiteral("x-overflow"), QStringLiteral("drop-tail"), false);
    row("overflow reject", QStringLiteral("x-overflow"), QStringLiteral("reject-publish"), true);
    row("overflow number", QStringLiteral("x-overflow"), 1, false);
    row("max-priority 300", QStringLiteral("x-max-priority"), 300, false);
    row("max-priority 10", QStringLiteral("x-max-priority"), 10, true);
    row("delivery-limit negative", QStringLiteral("x-delivery-limit"), -1, false);
    row("sac string", QStringLiteral("x-single-active-consumer"), QStringLiteral("yes"), false);
    row("sac bool", QStringLiteral("x-single-active-consumer"), true, true);
    row("queue type unknown", QStringLiteral("x-queue-type"), QStringLiteral("mqtt"), false);
    row("queue type quorum", QStringLiteral("x-queue-type"), QStringLiteral("quorum"), true);
    row("dlrk without dlx", QStringLiteral("x-dead-letter-routing-key"), QStringLiteral("k"), false);
    row("dlx number", QStringLiteral("x-dead-letter-exchange"), 5, false);
    // No silent acceptance: an x- argument Depot does not honour is refused,
    // naming it; those RabbitMQ knows that change nothing on one node are
    // accepted (their values checked); arguments without x- are kept.
    row("unknown x- argument refused", QStringLiteral("x-something"), 5, false);
    row("plain argument kept", QStringLiteral("owner"), QStringLiteral("billing"), true);
    row("queue-mode lazy", QStringLiteral("x-queue-mode"), QStringLiteral("lazy"), true);
    row("queue-mode default", QStringLiteral("x-queue-mode"), QStringLiteral("default"), true);
    row("queue-mode eager", QStringLiteral("x-queue-mode"), QStringLiteral("eager"), false);
    row("queue-version 2", QStringLiteral("x-queue-version"), 2, true);
    row("queue-version 3", QStringLiteral("x-queue-version"), 3, false);
    row("master-locator", QStringLiteral("x-queue-master-locator"), QStringLiteral("min-masters"), true);
    row("ha-policy", QStringLiteral("x-ha-policy"), QStringLiteral("all"), true);
    // RabbitMQ takes these from quorum queues only (and the ones above from
    // classic queues only), refusing them on the other type.
    const auto quorum = [](const char *name, const QString &key, const QVariant &value, bool valid) {
        QTest::addRow("quorum %s", name) << QVariantMap{{QStringLiteral("x-queue-type"), QStringLiteral("quorum")},
            {key, value}} << valid;
        QTest::addRow("classic %s", name) << QVariantMap{{key, value}} << false;
    };
    quorum("leader-locator", QStringLiteral("x-queue-leader-locator"), QStringLiteral("balanced"), true);
    quorum("leader-locator bogus", QStringLiteral("x-queue-leader-locator"), QStringLiteral("bogus"), false);
    quorum("initial group size", QStringLiteral("x-quorum-initial-group-size"), 3, true);
    quorum("max-in-memory-length", QStringLiteral("x-max-in-memory-length"), 10, true);
    quorum("max-in-memory-bytes text", QStringLiteral("x-max-in-memory-bytes"), QStringLiteral("10"), false);
    quorum("dead-letter at-most-once", QStringLiteral("x-dead-letter-strategy"), QStringLiteral("at-most-once"), true);
    quorum(
        "dead-letter at-least-once", QStringLiteral("x-dead-letter-strategy"), QStringLiteral("at-least-once"), false);
    QTest::addRow("quorum queue-mode") << QVariantMap{{QStringLiteral("x-queue-type"), QStringLiteral("quorum")},
        {QStringLiteral("x-queue-mode"), QStringLiteral("lazy")}}
                                       << false;
    row("initial cluster size (streams)", QStringLiteral("x-initial-cluster-size"), 3, false);
    row("max-age (streams)", QStringLiteral("x-max-age"), QStringLiteral("1D"), false);
    row("stream segment size", QStringLiteral("x-stream-max-segment-size-bytes"), 1000, false);
    row("stream filter size", QStringLiteral("x-stream-filter-size-bytes"), 16, false);
    row("consumer timeout", QStringLiteral("x-consumer-timeout"), 60000, false);
    row("sqs bookkeeping on a classic queue", QStringLiteral("x-sqs-attr-VisibilityTimeout"), QStringLiteral("30"),
        false);
    QTest::addRow("sqs bookkeeping on an sqs queue")
        << QVariantMap{{QStringLiteral("x-queue-type"), QStringLiteral("sqs")},
               {QStringLiteral("x-sqs-attr-VisibilityTimeout"), QStringLiteral("30")}}
        << true;
}

void TestEngineTopology::queueArgumentValidation()
{
    QFETCH(QVariantMap, args);
    QFETCH(bool, valid);
    Engine engine;
    const auto r = engine.declareQueue(queueDef(QStringLiteral("q"), args), false);
    QCOMPARE(r.ok(), valid);
    if (!valid) {
        QCOMPARE(r.error.kind, ErrorKind::InvalidArgument);
        QVERIFY2(r.error.text.contains(args.firstKey()), qPrintable(r.error.text));
        QVERIFY(!engine.queue(QStringLiteral("q")));
    }
}

void TestEngineTopology::queueRedeclare_data()
{
    QTest::addColumn<QueueDef>("second");
    QTest::addColumn<bool>("ok");
    QueueDef base = queueDef(QStringLiteral("q"), {{QStringLiteral("x-message-ttl"), 100}}, true);
    QTest::addRow("same") << base << true;
    QueueDef wider = base;
    wider.arguments[QStringLiteral("x-message-ttl")] = qint64(100);
    QTest::addRow("same ttl as long") << wider << true;
    QueueDef ttl = base;
    ttl.arguments[QStringLiteral("x-message-ttl")] = 200;
    QTest::addRow("other ttl") << ttl << false;
    QueueDef noArgs = base;
    noArgs.arguments.clear();
    QTest::addRow("ttl missing") << noArgs << false;
    QueueDef transient = base;
    transient.durable = false;
    QTest::addRow("durable differs") << transient << false;
    QueueDef ad = base;
    ad.autoDelete = true;
    QTest::addRow("auto-delete differs") << ad << false;
    QueueDef extra = base;
    extra.arguments[QStringLiteral("x-queue-mode")] = QStringLiteral("lazy");
    QTest::addRow("argument without effect not compared") << extra << true;
    QueueDef plain = base;
    plain.arguments[QStringLiteral("owner")] = 1;
    QTest::addRow("argument without x- not compared") << plain << true;
}

void TestEngineTopology::queueRedeclare()
{
    QFETCH(QueueDef, second);
    QFETCH(bool, ok);
    Engine engine;
    QVERIFY(engine.declareQueue(queueDef(QStringLiteral("q"), {{QStringLiteral("x-message-ttl"), 100}}, true), false).ok());
    const auto r = engine.declareQueue(second, false);
    QCOMPARE(r.ok(), ok);
    if (!ok) {
        QCOMPARE(r.error.kind, ErrorKind::PreconditionFailed);
        QVERIFY(r.error.text.startsWith(QLatin1String("inequivalent arg")));
    }
    // An argument Depot does not honour is refused on a redeclaration too.
    QueueDef unknown = second;
    unknown.arguments[QStringLiteral("x-unknown")] = 1;
    const auto refused = engine.declareQueue(unknown, false);
    QCOMPARE(refused.error.kind, ErrorKind::InvalidArgument);
    QVERIFY2(refused.error.text.contains(QLatin1String("'x-unknown'")), qPrintable(refused.error.text));
}

void TestEngineTopology::serverNamedQueue()
{
    Engine engine;
    const auto a = engine.declareQueue(queueDef(QString()), false);
    const auto b = engine.declareQueue(queueDef(QString()), false);
    QVERIFY(a.ok() && b.ok());
    QVERIFY(a.value.def.name.startsWith(QLatin1String("amq.gen-")));
    QVERIFY(a.value.def.name.size() > 12);
    QVERIFY(a.value.def.name != b.value.def.name);
    QVERIFY(engine.queue(a.value.def.name));
    // Routable by its name through the default exchange.
    QVERIFY(engine.publish(QString(), a.value.def.name, {}, "x").routed);
}

void TestEngineTopology::reservedQueueName()
{
    Engine engine;
    QCOMPARE(engine.declareQueue(queueDef(QStringLiteral("amq.mine")), false).error.kind, ErrorKind::AccessRefused);
}

void TestEngineTopology::passiveDeclare()
{
    Engine engine;
    QCOMPARE(engine.declareQueue(queueDef(QStringLiteral("q")), true).error.kind, ErrorKind::NotFound);
    declare(engine, QStringLiteral("q"));
    publishTo(engine, QStringLiteral("q"), QStringLiteral("a"));
    const auto r = engine.declareQueue(queueDef(QStringLiteral("q"), {{QStringLiteral("x-message-ttl"), 5}}, true), true);
    QVERIFY(r.ok());   // passive ignores the rest of the definition
    QCOMPARE(r.value.ready, 1u);
}

void TestEngineTopology::exclusiveQueue()
{
    Engine engine;
    const ConnectionId c1 = engine.openConnection({});
    const ConnectionId c2 = engine.openConnection({});
    QueueDef def = queueDef(QStringLiteral("ex"));
    def.exclusive = true;
    QVERIFY(engine.declareQueue(def, false, c1).ok());
    QCOMPARE(engine.declareQueue(def, false, c2).error.kind, ErrorKind::ResourceLocked);
    QCOMPARE(engine.declareQueue(def, true, c2).error.kind, ErrorKind::ResourceLocked);
    QCOMPARE(engine.deleteQueue(QStringLiteral("ex"), false, false, c2).error.kind, ErrorKind::ResourceLocked);
    QCOMPARE(engine.purgeQueue(QStringLiteral("ex"), c2).error.kind, ErrorKind::ResourceLocked);
    RecordingSink sink;
    const SessionId other = engine.openSession(c2, &sink);
    QCOMPARE(engine.consume(other, consumeSpec(QStringLiteral("ex"))).error.kind, ErrorKind::ResourceLocked);
    QCOMPARE(engine.get(other, QStringLiteral("ex"), true).error.kind, ErrorKind::ResourceLocked);
    // Others may still publish to it.
    QVERIFY(publishTo(engine, QStringLiteral("ex"), QStringLiteral("m")).routed);
    QSignalSpy deleted(&engine, &Engine::queueDeleted);
    engine.closeConnection(c1);
    QVERIFY(!engine.queue(QStringLiteral("ex")));
    QCOMPARE(deleted.count(), 1);
}

void TestEngineTopology::autoDeleteQueue()
{
    Engine engine;
    QueueDef def = queueDef(QStringLiteral("ad"));
    def.autoDelete = true;
    QVERIFY(engine.declareQueue(def, false).ok());
    RecordingSink sink;
    const SessionId s = engine.openSession(engine.openConnection({}), &sink);
    // Never had a consumer: stays.
    QVERIFY(engine.get(s, QStringLiteral("ad"), true).ok());
    QVERIFY(engine.queue(QStringLiteral("ad")));
    const auto t1 = engine.consume(s, consumeSpec(QStringLiteral("ad")));
    const auto t2 = engine.consume(s, consumeSpec(QStringLiteral("ad")));
    QVERIFY(t1.ok() && t2.ok());
    QVERIFY(engine.cancel(s, t1.value).ok());
    QVERIFY(engine.queue(QStringLiteral("ad")));
    QVERIFY(engine.cancel(s, t2.value).ok());
    QVERIFY(!engine.queue(QStringLiteral("ad")));
}

void TestEngineTopology::deleteQueueConditions()
{
    Engine engine;
    declare(engine, QStringLiteral("q"));
    QCOMPARE(engine.deleteQueue(QStringLiteral("absent"), false, false).error.kind, ErrorKind::NotFound);
    publishTo(engine, QStringLiteral("q"), QStringLiteral("a"));
    publishTo(engine, QStringLiteral("q"), QStringLiteral("b"));
    // RabbitMQ's texts, which clients show their users.
    const Error notEmpty = engine.deleteQueue(QStringLiteral("q"), false, true).error;
    QCOMPARE(notEmpty.kind, ErrorKind::PreconditionFailed);
    QCOMPARE(notEmpty.text, QStringLiteral("queue 'q' in vhost '/' not empty"));
    RecordingSink sink;
    const SessionId s = engine.openSession(engine.openConnection({}), &sink);
    QVERIFY(engine.consume(s, consumeSpec(QStringLiteral("q"), 1)).ok());
    const Error inUse = engine.deleteQueue(QStringLiteral("q"), true, false).error;
    QCOMPARE(inUse.kind, ErrorKind::PreconditionFailed);
    QCOMPARE(inUse.text, QStringLiteral("queue 'q' in vhost '/' in use"));
    QVERIFY(engine.queue(QStringLiteral("q")));
    const auto r = engine.deleteQueue(QStringLiteral("q"), false, false);
    QVERIFY(r.ok());
    QCOMPARE(r.value, 1u);   // one ready, one unacked
    // Acking a message of a deleted queue is harmless.
    QVERIFY(engine.ack(s, 1, false).ok());
}

void TestEngineTopology::deleteQueueCancelsConsumers()
{
    Engine engine;
    declare(engine, QStringLiteral("q"));
    RecordingSink sink;
    const SessionId s = engine.openSession(engine.openConnection({}), &sink);
    ConsumeSpec spec = consumeSpec(QStringLiteral("q"));
    spec.consumerTag = QStringLiteral("mine");
    QVERIFY(engine.consume(s, spec).ok());
    QCOMPARE(engine.consume(s, spec).error.kind, ErrorKind::NotAllowed);   // tag reuse
    QVERIFY(engine.deleteQueue(QStringLiteral("q"), false, false).ok());
    QCOMPARE(sink.cancelled, QStringList{QStringLiteral("mine")});
    QVERIFY(engine.consumers().isEmpty());
}

void TestEngineTopology::purgeKeepsUnacked()
{
    Engine engine;
    declare(engine, QStringLiteral("q"));
    for (int i = 0; i < 5; ++i)
        publishTo(engine, QStringLiteral("q"), QString::number(i));
    RecordingSink sink;
    const SessionId s = engine.openSession(engine.openConnection({}), &sink);
    QVERIFY(engine.get(s, QStringLiteral("q"), false).value);
    const auto r = engine.purgeQueue(QStringLiteral("q"));
    QVERIFY(r.ok());
    QCOMPARE(r.value, 4u);
    QCOMPARE(engine.queue(QStringLiteral("q"))->ready, 0u);
    QCOMPARE(engine.queue(QStringLiteral("q"))->unacked, 1u);
    QVERIFY(engine.nack(s, 1, false, true).ok());
    QCOMPARE(drain(engine, s, QStringLiteral("q")), QStringList{QStringLiteral("0")});
    QCOMPARE(engine.purgeQueue(QStringLiteral("absent")).error.kind, ErrorKind::NotFound);
}

void TestEngineTopology::alarmsRaiseReplaceClear()
{
    Engine engine;
    QSignalSpy changed(&engine, &Engine::alarmsChanged);
    QVERIFY(engine.alarms().isEmpty());

    engine.raiseAlarm(QStringLiteral("disk"), QStringLiteral("cannot write"));
    QCOMPARE(changed.size(), 1);
    QCOMPARE(engine.alarms().value(QStringLiteral("disk")), QStringLiteral("cannot write"));

    // The same text again is no change; a new text is.
    engine.raiseAlarm(QStringLiteral("disk"), QStringLiteral("cannot write"));
    QCOMPARE(changed.size(), 1);
    engine.raiseAlarm(QStringLiteral("disk"), QStringLiteral("disk full"));
    QCOMPARE(changed.size(), 2);
    engine.raiseAlarm(QStringLiteral("memory"), QStringLiteral("above high-watermark"));
    QCOMPARE(engine.alarms().size(), 2);

    engine.clearAlarm(QStringLiteral("disk"));
    QCOMPARE(changed.size(), 4);
    QCOMPARE(engine.alarms().keys(), QStringList{QStringLiteral("memory")});
    // Clearing what is not raised changes nothing.
    engine.clearAlarm(QStringLiteral("disk"));
    QCOMPARE(changed.size(), 4);
}

void TestEngineTopology::exchangeArgumentsRefusedOrKept_data()
{
    QTest::addColumn<int>("type");
    QTest::addColumn<QVariantMap>("args");
    QTest::addColumn<int>("kind");
    const QString ae = QStringLiteral("alternate-exchange");
    QTest::addRow("alternate-exchange") << int(ExchangeType::Direct) << QVariantMap{{ae, QStringLiteral("ae")}}
                                        << int(ErrorKind::None);
    QTest::addRow("alternate-exchange number")
        << int(ExchangeType::Direct) << QVariantMap{{ae, 5}} << int(ErrorKind::PreconditionFailed);
    QTest::addRow("alternate-exchange table")
        << int(ExchangeType::Fanout) << QVariantMap{{ae, QVariantMap()}} << int(ErrorKind::PreconditionFailed);
    QTest::addRow("unknown x- argument") << int(ExchangeType::Topic) << QVariantMap{{QStringLiteral("x-made-up"), 1}}
                                         << int(ErrorKind::InvalidArgument);
    QTest::addRow("x-delayed-type on direct")
        << int(ExchangeType::Direct) << QVariantMap{{QStringLiteral("x-delayed-type"), QStringLiteral("direct")}}
        << int(ErrorKind::InvalidArgument);
    QTest::addRow("plain argument kept") << int(ExchangeType::Headers)
                                         << QVariantMap{{QStringLiteral("owner"), QStringLiteral("billing")}}
                                         << int(ErrorKind::None);
}

void TestEngineTopology::exchangeArgumentsRefusedOrKept()
{
    QFETCH(int, type);
    QFETCH(QVariantMap, args);
    QFETCH(int, kind);
    Engine engine;
    const auto r = engine.declareExchange(
        ExchangeDef{QStringLiteral("x"), ExchangeType(type), false, false, false, args}, false);
    QCOMPARE(int(r.error.kind), kind);
    QCOMPARE(engine.exchangeType(QStringLiteral("x")).has_value(), kind == int(ErrorKind::None));
    if (kind != int(ErrorKind::None))
        QVERIFY2(
            r.error.text.contains(QLatin1Char('\'') + args.firstKey() + QLatin1Char('\'')), qPrintable(r.error.text));
}

void TestEngineTopology::alternateExchangeRedeclare()
{
    Engine engine;
    const QString ae = QStringLiteral("alternate-exchange");
    const ExchangeDef def{
        QStringLiteral("e"), ExchangeType::Direct, false, false, false, {{ae, QStringLiteral("one")}}};
    QVERIFY(engine.declareExchange(def, false).ok());
    QVERIFY(engine.declareExchange(def, false).ok());
    ExchangeDef other = def;
    other.arguments[ae] = QStringLiteral("two");
    auto r = engine.declareExchange(other, false);
    QCOMPARE(r.error.kind, ErrorKind::PreconditionFailed);
    QVERIFY2(r.error.text.contains(QLatin1String("inequivalent arg 'alternate-exchange'")), qPrintable(r.error.text));
    other.arguments.clear();
    QCOMPARE(engine.declareExchange(other, false).error.kind, ErrorKind::PreconditionFailed);
    // Without one at first, adding one later is inequivalent too.
    const ExchangeDef bare{QStringLiteral("bare"), ExchangeType::Direct, false, false, false, {}};
    QVERIFY(engine.declareExchange(bare, false).ok());
    ExchangeDef withAe = bare;
    withAe.arguments[ae] = QStringLiteral("one");
    QCOMPARE(engine.declareExchange(withAe, false).error.kind, ErrorKind::PreconditionFailed);
}

void TestEngineTopology::alternateExchangeRoutesAndMandatory()
{
    Engine engine;
    declare(engine, QStringLiteral("kept"));
    QVERIFY(engine.declareExchange({QStringLiteral("ae"), ExchangeType::Fanout, false, false, false, {}}, false).ok());
    QVERIFY(engine.bind({QStringLiteral("ae"), QStringLiteral("kept"), DestinationKind::Queue, QString(), {}}).ok());
    QVERIFY(engine
                .declareExchange({QStringLiteral("main"), ExchangeType::Direct, false, false, false,
                                     {{QStringLiteral("alternate-exchange"), QStringLiteral("ae")}}},
                    false)
                .ok());
    PublishOptions mandatory;
    mandatory.mandatory = true;
    const auto r = engine.publish(QStringLiteral("main"), QStringLiteral("nowhere"), {}, "x", mandatory);
    QVERIFY(r.routed);
    QCOMPARE(engine.queue(QStringLiteral("kept"))->ready, 1u);
    // The alternate exchange deleted: nothing routes, the message is returned.
    QVERIFY(engine.deleteExchange(QStringLiteral("ae"), false).ok());
    QVERIFY(!engine.publish(QStringLiteral("main"), QStringLiteral("nowhere"), {}, "x", mandatory).routed);
    engine.stats().sample(engine.now(), {});
    QCOMPARE(engine.stats().snapshot()->totals[Counter::Returned], 1u);
}

void TestEngineTopology::bindRefusesUnreadableXMatch_data()
{
    QTest::addColumn<int>("type");
    QTest::addColumn<QVariant>("match");
    QTest::addColumn<bool>("ok");
    for (const char *mode : {"all", "any", "all-with-x", "any-with-x"})
        QTest::addRow("headers %s", mode) << int(ExchangeType::Headers) << QVariant(QString::fromLatin1(mode)) << true;
    QTest::addRow("headers most") << int(ExchangeType::Headers) << QVariant(QStringLiteral("most")) << false;
    QTest::addRow("headers number") << int(ExchangeType::Headers) << QVariant(1) << false;
    QTest::addRow("delayed headers most")
        << int(ExchangeType::DelayedMessage) << QVariant(QStringLiteral("most")) << false;
    // Other types do not read x-match (RabbitMQ keeps it as part of the binding).
    QTest::addRow("direct most") << int(ExchangeType::Direct) << QVariant(QStringLiteral("most")) << true;
}

void TestEngineTopology::bindRefusesUnreadableXMatch()
{
    QFETCH(int, type);
    QFETCH(QVariant, match);
    QFETCH(bool, ok);
    Engine engine;
    declare(engine, QStringLiteral("q"));
    QVariantMap exchangeArgs;
    if (ExchangeType(type) == ExchangeType::DelayedMessage)
        exchangeArgs.insert(QStringLiteral("x-delayed-type"), QStringLiteral("headers"));
    QVERIFY(engine.declareExchange({QStringLiteral("h"), ExchangeType(type), false, false, false, exchangeArgs}, false)
                .ok());
    const BindingDef b{QStringLiteral("h"), QStringLiteral("q"), DestinationKind::Queue, QString(),
        {{QStringLiteral("x-match"), match}, {QStringLiteral("a"), 1}}};
    const auto r = engine.bind(b);
    QCOMPARE(r.ok(), ok);
    QCOMPARE(engine.bindings().contains(b), ok);
    if (!ok) {
        QCOMPARE(r.error.kind, ErrorKind::PreconditionFailed);
        QVERIFY2(r.error.text.contains(QLatin1String("x-match")), qPrintable(r.error.text));
    }
}

void TestEngineTopology::consumerArguments_data()
{
    QTest::addColumn<QVariantMap>("args");
    QTest::addColumn<bool>("ok");
    QTest::addRow("x-priority") << QVariantMap{{QStringLiteral("x-priority"), 5}} << true;
    QTest::addRow("x-cancel-on-ha-failover") << QVariantMap{{QStringLiteral("x-cancel-on-ha-failover"), true}} << true;
    QTest::addRow("x-cancel-on-ha-failover text")
        << QVariantMap{{QStringLiteral("x-cancel-on-ha-failover"), QStringLiteral("yes")}} << false;
    QTest::addRow("x-stream-offset") << QVariantMap{{QStringLiteral("x-stream-offset"), QStringLiteral("first")}}
                                     << false;
    QTest::addRow("x-stream-filter") << QVariantMap{{QStringLiteral("x-stream-filter"), QStringLiteral("eu")}} << false;
    QTest::addRow("unknown x-") << QVariantMap{{QStringLiteral("x-made-up"), 1}} << false;
    QTest::addRow("plain kept") << QVariantMap{{QStringLiteral("owner"), 1}} << true;
}

void TestEngineTopology::consumerArguments()
{
    QFETCH(QVariantMap, args);
    QFETCH(bool, ok);
    Engine engine;
    declare(engine, QStringLiteral("q"));
    test::RecordingSink sink;
    const SessionId session = engine.openSession(engine.openConnection({}), &sink);
    ConsumeSpec spec;
    spec.queue = QStringLiteral("q");
    spec.noAck = true;
    spec.arguments = args;
    const auto r = engine.consume(session, spec);
    QCOMPARE(r.ok(), ok);
    QCOMPARE(engine.queue(QStringLiteral("q"))->consumers, ok ? 1u : 0u);
    if (!ok) {
        QCOMPARE(r.error.kind, ErrorKind::InvalidArgument);
        QVERIFY2(
            r.error.text.contains(QLatin1Char('\'') + args.firstKey() + QLatin1Char('\'')), qPrintable(r.error.text));
    }
}

void TestEngineTopology::extraRoutingKeysCopyOncePerQueue()
{
    Engine engine;
    for (const char *q : {"a", "b", "c"}) {
        declare(engine, QString::fromLatin1(q));
        QVERIFY(engine
                    .bind({QStringLiteral("amq.direct"), QString::fromLatin1(q), DestinationKind::Queue,
                        QString::fromLatin1(q), {}})
                    .ok());
    }
    PublishOptions options;
    options.extraRoutingKeys = QStringList{QStringLiteral("b"), QStringLiteral("a"), QStringLiteral("b")};
    options.hiddenHeaders = QStringList{QStringLiteral("BCC")};
    MessageProperties props;
    props.headers = QVariantMap{{QStringLiteral("BCC"), QVariantList{QStringLiteral("b")}},
        {QStringLiteral("CC"), QVariantList{QStringLiteral("a")}}};
    const auto r = engine.publish(QStringLiteral("amq.direct"), QStringLiteral("a"), props, "m", options);
    QVERIFY(r.routed);
    QCOMPARE(engine.queue(QStringLiteral("a"))->ready, 1u);
    QCOMPARE(engine.queue(QStringLiteral("b"))->ready, 1u);
    QCOMPARE(engine.queue(QStringLiteral("c"))->ready, 0u);
    // The hidden header is gone from the stored message; the others stay.
    test::RecordingSink sink;
    const SessionId session = engine.openSession(engine.openConnection({}), &sink);
    const auto got = engine.get(session, QStringLiteral("b"), true);
    QVERIFY(got.ok() && got.value);
    const QVariantMap headers = got.value->content->properties.headers.value_or(QVariantMap());
    QVERIFY(!headers.contains(QStringLiteral("BCC")));
    QVERIFY(headers.contains(QStringLiteral("CC")));
    // A publish with only unroutable keys is not routed.
    options.extraRoutingKeys = QStringList{QStringLiteral("zz")};
    QVERIFY(!engine.publish(QStringLiteral("amq.direct"), QStringLiteral("yy"), {}, "m", options).routed);
}

void TestEngineTopology::setQueueArgumentsRefusesUnknown()
{
    Engine engine;
    declare(engine, QStringLiteral("q"));
    const auto r = engine.setQueueArguments(QStringLiteral("q"), {{QStringLiteral("x-made-up"), 1}});
    QCOMPARE(r.error.kind, ErrorKind::InvalidArgument);
    QVERIFY(engine.queue(QStringLiteral("q"))->def.arguments.isEmpty());
}

QTEST_GUILESS_MAIN(TestEngineTopology)
#include "tst_engine_topology.moc"
