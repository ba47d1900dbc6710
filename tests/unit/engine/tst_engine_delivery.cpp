// Engine delivery: consumers, prefetch, priorities, acks and requeue order.

#include "EngineTestSupport.h"

using namespace depot;
using namespace depot::test;

class TestEngineDelivery final : public QObject
{
    Q_OBJECT

private:
    struct Fixture
    {
        Engine engine;
        ConnectionId conn = engine.openConnection({});
        RecordingSink sink;
        SessionId session = engine.openSession(conn, &sink);
    };

private Q_SLOTS:
    void roundRobin();
    void consumerPrefetch();
    void sessionPrefetchAppliesWithConsumerPrefetch();
    void consumerPriorities();
    void priorityQueueOrder();
    void singleActiveConsumer();
    void exclusiveConsumer();
    void noAckRemovesOnDelivery();
    void getCountsAndTags();
    void settleErrors_data();
    void settleErrors();
    void nackMultipleRequeuesInOriginalOrder();
    void closeSessionRequeuesMarkedRedelivered();
    void cancelKeepsUnackedWithSession();
    void flowStopsDeliveries();
    void deliveryCountGrows();
    void deliveryLimit_data();
    void deliveryLimit();
    void sinkMayAckAndCancelFromDeliver();
    void sinkMayDeleteQueueFromDeliver();
};

void TestEngineDelivery::roundRobin()
{
    Fixture f;
    declare(f.engine, QStringLiteral("q"));
    RecordingSink other;
    const SessionId s2 = f.engine.openSession(f.conn, &other);
    QVERIFY(f.engine.consume(f.session, consumeSpec(QStringLiteral("q"), 0, true)).ok());
    QVERIFY(f.engine.consume(s2, consumeSpec(QStringLiteral("q"), 0, true)).ok());
    for (int i = 0; i < 6; ++i)
        publishTo(f.engine, QStringLiteral("q"), QString::number(i));
    QCOMPARE(f.sink.bodies(), (QStringList{QStringLiteral("0"), QStringLiteral("2"), QStringLiteral("4")}));
    QCOMPARE(other.bodies(), (QStringList{QStringLiteral("1"), QStringLiteral("3"), QStringLiteral("5")}));
}

void TestEngineDelivery::consumerPrefetch()
{
    Fixture f;
    declare(f.engine, QStringLiteral("q"));
    for (int i = 0; i < 5; ++i)
        publishTo(f.engine, QStringLiteral("q"), QString::number(i));
    QVERIFY(f.engine.consume(f.session, consumeSpec(QStringLiteral("q"), 2)).ok());
    QCOMPARE(f.sink.deliveries.size(), 2);
    QCOMPARE(f.engine.queue(QStringLiteral("q"))->unacked, 2u);
    QCOMPARE(f.engine.queue(QStringLiteral("q"))->ready, 3u);
    QVERIFY(f.engine.ack(f.session, 1, false).ok());
    QCOMPARE(f.sink.deliveries.size(), 3);
    QVERIFY(f.engine.ack(f.session, 3, true).ok());
    QCOMPARE(f.sink.deliveries.size(), 5);
    QCOMPARE(f.sink.deliveries.at(4).deliveryTag, 5u);
}

void TestEngineDelivery::sessionPrefetchAppliesWithConsumerPrefetch()
{
    Fixture f;
    declare(f.engine, QStringLiteral("a"));
    declare(f.engine, QStringLiteral("b"));
    f.engine.setSessionPrefetch(f.session, 3);
    f.engine.setConsumerPrefetch(f.session, 2);   // default for consumers below
    QVERIFY(f.engine.consume(f.session, consumeSpec(QStringLiteral("a"))).ok());
    QVERIFY(f.engine.consume(f.session, consumeSpec(QStringLiteral("b"))).ok());
    for (int i = 0; i < 4; ++i) {
        publishTo(f.engine, QStringLiteral("a"), QStringLiteral("a%1").arg(i));
        publishTo(f.engine, QStringLiteral("b"), QStringLiteral("b%1").arg(i));
    }
    // Each consumer may hold 2, the session 3 in all.
    QCOMPARE(f.sink.deliveries.size(), 3);
    QCOMPARE(f.engine.queue(QStringLiteral("a"))->unacked + f.engine.queue(QStringLiteral("b"))->unacked, 3u);
    QVERIFY(f.engine.queue(QStringLiteral("a"))->unacked <= 2);
    QVERIFY(f.engine.queue(QStringLiteral("b"))->unacked <= 2);
    f.engine.setSessionPrefetch(f.session, 0);
    QCOMPARE(f.sink.deliveries.size(), 4);   // now only the per-consumer limits hold
}

void TestEngineDelivery::consumerPriorities()
{
    Fixture f;
    declare(f.engine, QStringLiteral("q"));
    RecordingSink low, high;
    const SessionId sLow = f.engine.openSession(f.conn, &low);
    const SessionId sHigh = f.engine.openSession(f.conn, &high);
    ConsumeSpec lowSpec = consumeSpec(QStringLiteral("q"), 10);
    QVERIFY(f.engine.consume(sLow, lowSpec).ok());
    ConsumeSpec highSpec = consumeSpec(QStringLiteral("q"), 2);
    highSpec.arguments[QStringLiteral("x-priority")] = 5;
    QVERIFY(f.engine.consume(sHigh, highSpec).ok());
    for (int i = 0; i < 5; ++i)
        publishTo(f.engine, QStringLiteral("q"), QString::number(i));
    // The high-priority consumer gets messages while it has credit.
    QCOMPARE(high.bodies(), (QStringList{QStringLiteral("0"), QStringLiteral("1")}));
    QCOMPARE(low.bodies(), (QStringList{QStringLiteral("2"), QStringLiteral("3"), QStringLiteral("4")}));
    ConsumeSpec bad = consumeSpec(QStringLiteral("q"));
    bad.arguments[QStringLiteral("x-priority")] = QStringLiteral("high");
    QCOMPARE(f.engine.consume(sLow, bad).error.kind, ErrorKind::InvalidArgument);
}

void TestEngineDelivery::priorityQueueOrder()
{
    Fixture f;
    declare(f.engine, QStringLiteral("p"), {{QStringLiteral("x-max-priority"), 5}});
    const QList<QPair<QString, int>> sent = {{QStringLiteral("a0"), 0}, {QStringLiteral("b3"), 3},
                                             {QStringLiteral("c9"), 9}, {QStringLiteral("d3"), 3},
                                             {QStringLiteral("e1"), 1}, {QStringLiteral("f5"), 5}};
    for (const auto &[body, prio] : sent)
        publishTo(f.engine, QStringLiteral("p"), body, withPriority(prio), {}, withPriorityOption(prio));
    // 9 is capped at the max 5, and FIFO holds within a priority.
    const QStringList expected{QStringLiteral("c9"), QStringLiteral("f5"), QStringLiteral("b3"),
                               QStringLiteral("d3"), QStringLiteral("e1"), QStringLiteral("a0")};
    QCOMPARE(browseBodies(f.engine, QStringLiteral("p")), expected);
    QCOMPARE(drain(f.engine, f.session, QStringLiteral("p")), expected);
}

void TestEngineDelivery::singleActiveConsumer()
{
    Fixture f;
    declare(f.engine, QStringLiteral("sac"), {{QStringLiteral("x-single-active-consumer"), true}});
    RecordingSink second;
    const SessionId s2 = f.engine.openSession(f.conn, &second);
    const auto first = f.engine.consume(f.session, consumeSpec(QStringLiteral("sac"), 0, true));
    QVERIFY(f.engine.consume(s2, consumeSpec(QStringLiteral("sac"), 0, true)).ok());
    const QList<ConsumerInfo> infos = f.engine.consumers();
    QCOMPARE(infos.size(), 2);
    QCOMPARE(int(std::count_if(infos.cbegin(), infos.cend(), [](const ConsumerInfo &c) { return c.active; })), 1);
    for (int i = 0; i < 3; ++i)
        publishTo(f.engine, QStringLiteral("sac"), QString::number(i));
    QCOMPARE(f.sink.deliveries.size(), 3);
    QCOMPARE(second.deliveries.size(), 0);
    QVERIFY(f.engine.cancel(f.session, first.value).ok());
    publishTo(f.engine, QStringLiteral("sac"), QStringLiteral("3"));
    QCOMPARE(second.bodies(), QStringList{QStringLiteral("3")});
    QVERIFY(second.cancelled.isEmpty());   // losing active status is no cancel
}

void TestEngineDelivery::exclusiveConsumer()
{
    Fixture f;
    declare(f.engine, QStringLiteral("q"));
    declare(f.engine, QStringLiteral("busy"));
    ConsumeSpec ex = consumeSpec(QStringLiteral("q"));
    ex.exclusive = true;
    QVERIFY(f.engine.consume(f.session, ex).ok());
    // RabbitMQ's text for both refusals.
    const Error taken = f.engine.consume(f.session, consumeSpec(QStringLiteral("q"))).error;
    QCOMPARE(taken.kind, ErrorKind::AccessRefused);
    QCOMPARE(taken.text, QStringLiteral("queue 'q' in vhost '/' in exclusive use"));
    QVERIFY(f.engine.consume(f.session, consumeSpec(QStringLiteral("busy"))).ok());
    ex.queue = QStringLiteral("busy");
    const Error busy = f.engine.consume(f.session, ex).error;
    QCOMPARE(busy.kind, ErrorKind::AccessRefused);
    QCOMPARE(busy.text, QStringLiteral("queue 'busy' in vhost '/' in exclusive use"));
    QCOMPARE(f.engine.consume(f.session, consumeSpec(QStringLiteral("absent"))).error.kind, ErrorKind::NotFound);
    QCOMPARE(f.engine.consume(9999, consumeSpec(QStringLiteral("q"))).error.kind, ErrorKind::NotFound);
}

void TestEngineDelivery::noAckRemovesOnDelivery()
{
    Fixture f;
    declare(f.engine, QStringLiteral("q"));
    QVERIFY(f.engine.consume(f.session, consumeSpec(QStringLiteral("q"), 1, true)).ok());
    for (int i = 0; i < 3; ++i)
        publishTo(f.engine, QStringLiteral("q"), QString::number(i));
    QCOMPARE(f.sink.deliveries.size(), 3);   // prefetch does not limit no-ack consumers
    QCOMPARE(f.sink.deliveries.at(0).deliveryTag, 0u);
    QCOMPARE(f.engine.queue(QStringLiteral("q"))->unacked, 0u);
    QCOMPARE(f.engine.queue(QStringLiteral("q"))->ready, 0u);
}

void TestEngineDelivery::getCountsAndTags()
{
    Fixture f;
    declare(f.engine, QStringLiteral("q"));
    QVERIFY(!f.engine.get(f.session, QStringLiteral("q"), false).value);
    for (int i = 0; i < 3; ++i)
        publishTo(f.engine, QStringLiteral("q"), QString::number(i));
    const auto a = f.engine.get(f.session, QStringLiteral("q"), false);
    QVERIFY(a.ok() && a.value);
    QCOMPARE(a.value->messageCount, 2u);
    QCOMPARE(a.value->deliveryTag, 1u);
    QCOMPARE(a.value->deliveryCount, 1u);
    QVERIFY(a.value->consumerTag.isEmpty());
    const auto b = f.engine.get(f.session, QStringLiteral("q"), true);
    QCOMPARE(b.value->deliveryTag, 0u);
    QCOMPARE(b.value->messageCount, 1u);
    QCOMPARE(f.engine.get(f.session, QStringLiteral("absent"), false).error.kind, ErrorKind::NotFound);
    QCOMPARE(f.engine.queue(QStringLiteral("q"))->unacked, 1u);
}

void TestEngineDelivery::settleErrors_data()
{
    QTest::addColumn<int>("op");   // 0 ack, 1 nack, 2 reject
    QTest::addColumn<quint64>("tag");
    QTest::addColumn<bool>("multiple");
    QTest::addColumn<bool>("ok");
    for (int op = 0; op < 3; ++op) {
        const char *name = op == 0 ? "ack" : op == 1 ? "nack" : "reject";
        QTest::addRow("%s unknown tag", name) << op << quint64(99) << false << false;
        QTest::addRow("%s tag 0", name) << op << quint64(0) << false << false;
        QTest::addRow("%s twice", name) << op << quint64(1) << false << false;   // tag 1 is settled first
        QTest::addRow("%s tag 2", name) << op << quint64(2) << false << true;
    }
    QTest::addRow("ack multiple 0 = all") << 0 << quint64(0) << true << true;
    QTest::addRow("nack multiple unknown") << 1 << quint64(7) << true << false;
}

void TestEngineDelivery::settleErrors()
{
    QFETCH(int, op);
    QFETCH(quint64, tag);
    QFETCH(bool, multiple);
    QFETCH(bool, ok);
    Fixture f;
    declare(f.engine, QStringLiteral("q"));
    for (int i = 0; i < 3; ++i)
        publishTo(f.engine, QStringLiteral("q"), QString::number(i));
    QVERIFY(f.engine.consume(f.session, consumeSpec(QStringLiteral("q"))).ok());
    QVERIFY(f.engine.ack(f.session, 1, false).ok());
    Result<void> r;
    if (op == 0)
        r = f.engine.ack(f.session, tag, multiple);
    else if (op == 1)
        r = f.engine.nack(f.session, tag, multiple, false);
    else
        r = f.engine.reject(f.session, tag, false);
    QCOMPARE(r.ok(), ok);
    if (!ok) {
        QCOMPARE(r.error.kind, ErrorKind::PreconditionFailed);
        QCOMPARE(r.error.text, QStringLiteral("unknown delivery tag %1").arg(tag));
        QCOMPARE(f.engine.queue(QStringLiteral("q"))->unacked, 2u);   // nothing changed
    } else {
        QVERIFY(f.engine.queue(QStringLiteral("q"))->unacked < 2);
    }
}

void TestEngineDelivery::nackMultipleRequeuesInOriginalOrder()
{
    Fixture f;
    declare(f.engine, QStringLiteral("q"));
    for (int i = 0; i < 6; ++i)
        publishTo(f.engine, QStringLiteral("q"), QString::number(i));
    QVERIFY(f.engine.consume(f.session, consumeSpec(QStringLiteral("q"), 4)).ok());
    QCOMPARE(f.sink.bodies(), (QStringList{QStringLiteral("0"), QStringLiteral("1"), QStringLiteral("2"), QStringLiteral("3")}));
    QVERIFY(f.engine.cancel(f.session, f.sink.deliveries.at(0).consumerTag).ok());
    QVERIFY(f.engine.ack(f.session, 2, false).ok());
    QVERIFY(f.engine.nack(f.session, 4, true, true).ok());   // 1, 3, 4 back (tags), i.e. bodies 0, 2, 3
    const QList<MessageView> views = f.engine.browse(QStringLiteral("q"), 0, 100);
    QStringList bodies;
    for (const MessageView &v : views)
        bodies.append(QString::fromUtf8(v.state.content->body));
    QCOMPARE(bodies, (QStringList{QStringLiteral("0"), QStringLiteral("2"), QStringLiteral("3"), QStringLiteral("4"),
                                  QStringLiteral("5")}));
    QVERIFY(views.at(0).state.redelivered);
    QVERIFY(!views.at(3).state.redelivered);
    const auto again = f.engine.get(f.session, QStringLiteral("q"), true);
    QVERIFY(again.value->redelivered);
    QCOMPARE(again.value->deliveryCount, 2u);
}

void TestEngineDelivery::closeSessionRequeuesMarkedRedelivered()
{
    Fixture f;
    declare(f.engine, QStringLiteral("q"));
    for (int i = 0; i < 4; ++i)
        publishTo(f.engine, QStringLiteral("q"), QString::number(i));
    QVERIFY(f.engine.consume(f.session, consumeSpec(QStringLiteral("q"), 3)).ok());
    QVERIFY(f.engine.ack(f.session, 2, false).ok());
    RecordingSink other;
    const SessionId s2 = f.engine.openSession(f.conn, &other);
    QVERIFY(f.engine.consume(s2, consumeSpec(QStringLiteral("q"), 0, true)).ok());
    QCOMPARE(other.deliveries.size(), 0);   // the ack freed credit: "3" went to the first consumer
    QCOMPARE(f.sink.bodies().last(), QStringLiteral("3"));
    publishTo(f.engine, QStringLiteral("q"), QStringLiteral("4"));
    QCOMPARE(other.bodies(), QStringList{QStringLiteral("4")});
    f.engine.closeSession(f.session);
    QCOMPARE(other.bodies(), (QStringList{QStringLiteral("4"), QStringLiteral("0"), QStringLiteral("2"), QStringLiteral("3")}));
    QVERIFY(other.deliveries.at(1).redelivered);
    QVERIFY(other.deliveries.at(3).redelivered);
    QVERIFY(!other.deliveries.at(0).redelivered);
    QCOMPARE(f.engine.ack(f.session, 1, false).error.kind, ErrorKind::NotFound);   // session gone
}

void TestEngineDelivery::cancelKeepsUnackedWithSession()
{
    Fixture f;
    declare(f.engine, QStringLiteral("q"));
    publishTo(f.engine, QStringLiteral("q"), QStringLiteral("a"));
    const auto tag = f.engine.consume(f.session, consumeSpec(QStringLiteral("q")));
    QVERIFY(f.engine.cancel(f.session, tag.value).ok());
    QVERIFY(f.engine.cancel(f.session, tag.value).ok());   // unknown tag: not an error
    QCOMPARE(f.engine.queue(QStringLiteral("q"))->unacked, 1u);
    QVERIFY(f.engine.recoverSession(f.session, true).ok());
    QCOMPARE(f.engine.queue(QStringLiteral("q"))->ready, 1u);
    QCOMPARE(f.engine.queue(QStringLiteral("q"))->unacked, 0u);
}

void TestEngineDelivery::flowStopsDeliveries()
{
    Fixture f;
    declare(f.engine, QStringLiteral("q"));
    QVERIFY(f.engine.consume(f.session, consumeSpec(QStringLiteral("q"), 0, true)).ok());
    f.engine.setFlow(f.session, false);
    publishTo(f.engine, QStringLiteral("q"), QStringLiteral("a"));
    QCOMPARE(f.sink.deliveries.size(), 0);
    f.engine.setFlow(f.session, true);
    QCOMPARE(f.sink.bodies(), QStringList{QStringLiteral("a")});
}

void TestEngineDelivery::deliveryCountGrows()
{
    Fixture f;
    declare(f.engine, QStringLiteral("q"));
    publishTo(f.engine, QStringLiteral("q"), QStringLiteral("a"));
    for (quint32 i = 1; i <= 4; ++i) {
        const auto r = f.engine.get(f.session, QStringLiteral("q"), false);
        QCOMPARE(r.value->deliveryCount, i);
        QCOMPARE(r.value->redelivered, i > 1);
        QVERIFY(f.engine.reject(f.session, r.value->deliveryTag, true).ok());
    }
}

void TestEngineDelivery::deliveryLimit_data()
{
    QTest::addColumn<int>("limit");
    QTest::addColumn<bool>("withDlx");
    QTest::addRow("limit 0, dlx") << 0 << true;
    QTest::addRow("limit 2, dlx") << 2 << true;
    QTest::addRow("limit 3, dropped") << 3 << false;
}

void TestEngineDelivery::deliveryLimit()
{
    QFETCH(int, limit);
    QFETCH(bool, withDlx);
    Fixture f;
    declare(f.engine, QStringLiteral("dead"));
    QVariantMap args{{QStringLiteral("x-delivery-limit"), limit}, {QStringLiteral("x-queue-type"), QStringLiteral("quorum")}};
    if (withDlx) {
        args[QStringLiteral("x-dead-letter-exchange")] = QString();
        args[QStringLiteral("x-dead-letter-routing-key")] = QStringLiteral("dead");
    }
    declare(f.engine, QStringLiteral("q"), args);
    publishTo(f.engine, QStringLiteral("q"), QStringLiteral("m"));
    int deliveries = 0;
    for (;;) {
        const auto r = f.engine.get(f.session, QStringLiteral("q"), false);
        if (!r.value)
            break;
        ++deliveries;
        QVERIFY(f.engine.nack(f.session, r.value->deliveryTag, false, true).ok());
    }
    QCOMPARE(deliveries, limit + 1);
    QCOMPARE(f.engine.queue(QStringLiteral("dead"))->ready, withDlx ? 1u : 0u);
    if (withDlx) {
        const auto dl = f.engine.browse(QStringLiteral("dead"), 0, 1).at(0);
        QCOMPARE(dl.state.content->deaths.first->reason, DeathReason::DeliveryLimit);
        QCOMPARE(dl.state.deliveryCount, 0u);
    }
}

void TestEngineDelivery::sinkMayAckAndCancelFromDeliver()
{
    Fixture f;
    declare(f.engine, QStringLiteral("q"));
    const auto tag = f.engine.consume(f.session, consumeSpec(QStringLiteral("q"), 1));
    int seen = 0;
    f.sink.onDeliver = [&](const Delivery &d) {
        ++seen;
        QVERIFY(f.engine.ack(d.session, d.deliveryTag, false).ok());
        if (seen == 3)
            QVERIFY(f.engine.cancel(d.session, d.consumerTag).ok());
    };
    for (int i = 0; i < 3; ++i)
        publishTo(f.engine, QStringLiteral("q"), QString::number(i));
    QCOMPARE(seen, 3);
    publishTo(f.engine, QStringLiteral("q"), QStringLiteral("later"));
    QCOMPARE(seen, 3);
    QCOMPARE(f.engine.queue(QStringLiteral("q"))->ready, 1u);
    QCOMPARE(f.engine.queue(QStringLiteral("q"))->unacked, 0u);
    Q_UNUSED(tag);
    // A backlog drained by a consumer that acks inside deliver: every message once, in order.
    for (int i = 0; i < 50; ++i)
        publishTo(f.engine, QStringLiteral("q"), QString::number(i));
    f.sink.clear();
    f.sink.onDeliver = [&](const Delivery &d) { QVERIFY(f.engine.ack(d.session, d.deliveryTag, false).ok()); };
    QVERIFY(f.engine.consume(f.session, consumeSpec(QStringLiteral("q"), 1)).ok());
    QCOMPARE(f.sink.deliveries.size(), 51);
    QCOMPARE(f.sink.bodies().first(), QStringLiteral("later"));
    QCOMPARE(f.sink.bodies().last(), QStringLiteral("49"));
}

void TestEngineDelivery::sinkMayDeleteQueueFromDeliver()
{
    Fixture f;
    declare(f.engine, QStringLiteral("q"));
    for (int i = 0; i < 5; ++i)
        publishTo(f.engine, QStringLiteral("q"), QString::number(i));
    f.sink.onDeliver = [&](const Delivery &d) {
        if (d.content->body == "1") {
            QVERIFY(f.engine.deleteQueue(QStringLiteral("q"), false, false).ok());
            f.engine.closeSession(d.session);
        }
    };
    QVERIFY(f.engine.consume(f.session, consumeSpec(QStringLiteral("q"), 0, true)).ok());
    QCOMPARE(f.sink.deliveries.size(), 2);
    QVERIFY(!f.engine.queue(QStringLiteral("q")));
}

QTEST_GUILESS_MAIN(TestEngineDelivery)
#include "tst_engine_delivery.moc"
