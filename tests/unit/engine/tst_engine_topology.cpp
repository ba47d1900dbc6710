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
    row("queue type stream", QStringLiteral("x-queue-type"), QStringLiteral("stream"), false);
    row("queue type quorum", QStringLiteral("x-queue-type"), QStringLiteral("quorum"), true);
    row("dlrk without dlx", QStringLiteral("x-dead-letter-routing-key"), QStringLiteral("k"), false);
    row("dlx number", QStringLiteral("x-dead-letter-exchange"), 5, false);
    row("unknown argument ignored", QStringLiteral("x-something"), 5, true);
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
    extra.arguments[QStringLiteral("x-unknown")] = 1;
    QTest::addRow("unknown argument ignored") << extra << true;
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

QTEST_GUILESS_MAIN(TestEngineTopology)
#include "tst_engine_topology.moc"
