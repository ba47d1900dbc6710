// Engine dead-lettering: the typed death history (and the x-death an AMQP
// client sees rendered from it), overflow modes, cycles.

#include "EngineTestSupport.h"

#include "broker/amqp/codec/XDeath.h"

using namespace depot;
using namespace depot::test;

namespace {

// The headers as an AMQP client receives them.
QVariantMap headersOf(const MessageView &v)
{
    return amqp::xdeath::renderedHeaders(*v.state.content).value_or(QVariantMap());
}

QVariantList deathsOf(const MessageView &v)
{
    return headersOf(v).value(QStringLiteral("x-death")).toList();
}

QVariantMap dlxArgs(const QString &routingKey = QStringLiteral("dead"))
{
    return {{QStringLiteral("x-dead-letter-exchange"), QString()},
            {QStringLiteral("x-dead-letter-routing-key"), routingKey}};
}

} // namespace

class TestEngineDeadLetter final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rejectedGetsXDeath();
    void noDlxDrops();
    void sameQueueAndReasonCounts();
    void differentReasonsTwoEntries();
    void originalRoutingKeyWithoutDlrk();
    void perMessageExpirationMovesToOriginalExpiration();
    void typedTtlAndPriorityAreWhatADeadLetterKeeps();
    void overflow_data();
    void overflow();
    void maxLengthBytes();
    void automaticCycleIsDropped();
    void rejectionCycleIsAllowed();
};

void TestEngineDeadLetter::rejectedGetsXDeath()
{
    FakeClock clock;
    Engine engine;
    engine.setClock(clock.clock());
    declare(engine, QStringLiteral("dead"));
    declare(engine, QStringLiteral("work"), dlxArgs());
    RecordingSink sink;
    const SessionId s = engine.openSession(engine.openConnection({}), &sink);
    MessageProperties props;
    props.headers = QVariantMap{{QStringLiteral("CC"), QVariantList{QStringLiteral("also")}},
                                {QStringLiteral("app"), QStringLiteral("kept")}};
    props.contentType = QStringLiteral("text/plain");
    engine.publish(QString(), QStringLiteral("work"), props, "body");
    const auto got = engine.get(s, QStringLiteral("work"), false);
    QVERIFY(engine.reject(s, got.value->deliveryTag, false).ok());
    QCOMPARE(engine.queue(QStringLiteral("work"))->ready, 0u);
    const QList<MessageView> dead = engine.browse(QStringLiteral("dead"), 0, 10);
    QCOMPARE(dead.size(), 1);
    const MessageView &v = dead.at(0);
    QCOMPARE(v.state.content->body, QByteArray("body"));
    QCOMPARE(v.state.content->properties.contentType, QStringLiteral("text/plain"));
    QCOMPARE(v.state.content->exchange, QString());
    QCOMPARE(v.state.content->routingKey, QStringLiteral("dead"));
    const QVariantMap h = headersOf(v);
    QCOMPARE(h.value(QStringLiteral("app")).toString(), QStringLiteral("kept"));
    const QVariantList deaths = deathsOf(v);
    QCOMPARE(deaths.size(), 1);
    const QVariantMap d = deaths.at(0).toMap();
    QCOMPARE(d.value(QStringLiteral("count")).toLongLong(), 1);
    QCOMPARE(d.value(QStringLiteral("count")).typeId(), int(QMetaType::LongLong));
    QCOMPARE(d.value(QStringLiteral("reason")).toString(), QStringLiteral("rejected"));
    QCOMPARE(d.value(QStringLiteral("queue")).toString(), QStringLiteral("work"));
    QCOMPARE(d.value(QStringLiteral("exchange")).toString(), QString());
    QCOMPARE(d.value(QStringLiteral("routing-keys")).toList(),
             (QVariantList{QStringLiteral("work"), QStringLiteral("also")}));
    QCOMPARE(d.value(QStringLiteral("time")).toDateTime().toSecsSinceEpoch(), *clock.ms / 1000);
    QVERIFY(!d.contains(QStringLiteral("original-expiration")));
    QCOMPARE(h.value(QStringLiteral("x-first-death-reason")).toString(), QStringLiteral("rejected"));
    QCOMPARE(h.value(QStringLiteral("x-first-death-queue")).toString(), QStringLiteral("work"));
    QCOMPARE(h.value(QStringLiteral("x-last-death-queue")).toString(), QStringLiteral("work"));
    // Kept typed beside the message's own headers, which carry none of it.
    const DeathHistory &typed = v.state.content->deaths;
    QCOMPARE(typed.records.size(), 1);
    QCOMPARE(typed.records[0].reason, DeathReason::Rejected);
    QCOMPARE(typed.records[0].queue, QStringLiteral("work"));
    QCOMPARE(typed.records[0].timeMs, *clock.ms);
    QCOMPARE(typed.originalQueue(), QStringLiteral("work"));
    QVERIFY(!v.state.content->properties.headers->contains(QStringLiteral("x-death")));
    QVERIFY(!v.state.content->properties.headers->contains(QStringLiteral("x-first-death-queue")));
    engine.stats().sample(engine.now(), {});
    QCOMPARE(engine.stats().snapshot()->queues.value(QStringLiteral("work")).totals[Counter::DeadLettered], 1u);
}

void TestEngineDeadLetter::noDlxDrops()
{
    Engine engine;
    declare(engine, QStringLiteral("plain"));
    declare(engine, QStringLiteral("gone"), {{QStringLiteral("x-dead-letter-exchange"), QStringLiteral("missing")}});
    RecordingSink sink;
    const SessionId s = engine.openSession(engine.openConnection({}), &sink);
    for (const QString &q : {QStringLiteral("plain"), QStringLiteral("gone")}) {
        publishTo(engine, q, QStringLiteral("x"));
        const auto got = engine.get(s, q, false);
        QVERIFY(engine.nack(s, got.value->deliveryTag, false, false).ok());
        QCOMPARE(engine.queue(q)->ready + engine.queue(q)->unacked, 0u);
    }
}

void TestEngineDeadLetter::sameQueueAndReasonCounts()
{
    // work -> (rejected) -> dead; replay dead -> work, reject again: one entry, count 2.
    Engine engine;
    declare(engine, QStringLiteral("dead"));
    declare(engine, QStringLiteral("work"), dlxArgs());
    RecordingSink sink;
    const SessionId s = engine.openSession(engine.openConnection({}), &sink);
    publishTo(engine, QStringLiteral("work"), QStringLiteral("m"));
    for (int round = 0; round < 2; ++round) {
        const auto got = engine.get(s, QStringLiteral("work"), false);
        QVERIFY(got.value);
        QVERIFY(engine.reject(s, got.value->deliveryTag, false).ok());
        if (round == 0) {
            TransferSpec back;
            back.source = QStringLiteral("dead");
            const auto r = engine.transfer(back);   // to the original queue
            QVERIFY(r.ok());
            QCOMPARE(r.value.done, 1u);
        }
    }
    const MessageView v = engine.browse(QStringLiteral("dead"), 0, 1).at(0);
    const QVariantList deaths = deathsOf(v);
    QCOMPARE(deaths.size(), 1);
    QCOMPARE(deaths.at(0).toMap().value(QStringLiteral("count")).toLongLong(), 2);
}

void TestEngineDeadLetter::differentReasonsTwoEntries()
{
    FakeClock clock;
    Engine engine;
    engine.setClock(clock.clock());
    declare(engine, QStringLiteral("dead"));
    QVariantMap args = dlxArgs(QStringLiteral("retry"));
    args[QStringLiteral("x-message-ttl")] = 100;
    declare(engine, QStringLiteral("work"), args);
    // retry dead-letters expired messages back to work: a bounded retry loop
    // that goes through a rejection, so it is not an automatic cycle.
    QVariantMap retryArgs = dlxArgs(QStringLiteral("dead"));
    declare(engine, QStringLiteral("retry"), retryArgs);
    RecordingSink sink;
    const SessionId s = engine.openSession(engine.openConnection({}), &sink);
    publishTo(engine, QStringLiteral("work"), QStringLiteral("m"));
    clock.advance(engine, 100);   // expires from work into retry
    QCOMPARE(engine.queue(QStringLiteral("retry"))->ready, 1u);
    const auto got = engine.get(s, QStringLiteral("retry"), false);
    QVERIFY(engine.reject(s, got.value->deliveryTag, false).ok());   // rejected from retry into dead
    const MessageView v = engine.browse(QStringLiteral("dead"), 0, 1).at(0);
    const QVariantList deaths = deathsOf(v);
    QCOMPARE(deaths.size(), 2);
    // Most recent first.
    QCOMPARE(deaths.at(0).toMap().value(QStringLiteral("reason")).toString(), QStringLiteral("rejected"));
    QCOMPARE(deaths.at(0).toMap().value(QStringLiteral("queue")).toString(), QStringLiteral("retry"));
    QCOMPARE(deaths.at(1).toMap().value(QStringLiteral("reason")).toString(), QStringLiteral("expired"));
    QCOMPARE(deaths.at(1).toMap().value(QStringLiteral("queue")).toString(), QStringLiteral("work"));
    const QVariantMap h = headersOf(v);
    QCOMPARE(h.value(QStringLiteral("x-first-death-reason")).toString(), QStringLiteral("expired"));
    QCOMPARE(h.value(QStringLiteral("x-first-death-queue")).toString(), QStringLiteral("work"));
    QCOMPARE(h.value(QStringLiteral("x-last-death-reason")).toString(), QStringLiteral("rejected"));
    QCOMPARE(h.value(QStringLiteral("x-last-death-queue")).toString(), QStringLiteral("retry"));
}

void TestEngineDeadLetter::originalRoutingKeyWithoutDlrk()
{
    Engine engine;
    QVERIFY(engine.declareExchange({QStringLiteral("dlx"), ExchangeType::Direct, false, false, false, {}}, false).ok());
    declare(engine, QStringLiteral("by-key"));
    QVERIFY(engine.bind({QStringLiteral("dlx"), QStringLiteral("by-key"), DestinationKind::Queue, QStringLiteral("orders.created"), {}}).ok());
    declare(engine, QStringLiteral("work"), {{QStringLiteral("x-dead-letter-exchange"), QStringLiteral("dlx")}});
    QVERIFY(engine.bind({QStringLiteral("amq.direct"), QStringLiteral("work"), DestinationKind::Queue, QStringLiteral("orders.created"), {}}).ok());
    engine.publish(QStringLiteral("amq.direct"), QStringLiteral("orders.created"), {}, "x");
    QVERIFY(engine.purgeQueue(QStringLiteral("work")).ok());   // purge does not dead-letter
    QCOMPARE(engine.queue(QStringLiteral("by-key"))->ready, 0u);
    engine.publish(QStringLiteral("amq.direct"), QStringLiteral("orders.created"), {}, "y");
    RecordingSink sink;
    const SessionId s = engine.openSession(engine.openConnection({}), &sink);
    const auto got = engine.get(s, QStringLiteral("work"), false);
    QVERIFY(engine.nack(s, got.value->deliveryTag, false, false).ok());
    const auto dead = engine.browse(QStringLiteral("by-key"), 0, 1);
    QCOMPARE(dead.size(), 1);
    QCOMPARE(dead.at(0).state.content->exchange, QStringLiteral("dlx"));
    QCOMPARE(deathsOf(dead.at(0)).at(0).toMap().value(QStringLiteral("exchange")).toString(), QStringLiteral("amq.direct"));
}

void TestEngineDeadLetter::perMessageExpirationMovesToOriginalExpiration()
{
    FakeClock clock;
    Engine engine;
    engine.setClock(clock.clock());
    declare(engine, QStringLiteral("dead"));
    declare(engine, QStringLiteral("work"), dlxArgs());
    publishTo(engine, QStringLiteral("work"), QStringLiteral("x"), withExpiration(QStringLiteral("50")), {},
              withTtl(50));
    clock.advance(engine, 49);
    QCOMPARE(engine.queue(QStringLiteral("dead"))->ready, 0u);
    clock.advance(engine, 1);
    const auto dead = engine.browse(QStringLiteral("dead"), 0, 1);
    QCOMPARE(dead.size(), 1);
    QVERIFY(!dead.at(0).state.content->properties.expiration);
    QCOMPARE(dead.at(0).state.expiresAt, 0);
    QCOMPARE(deathsOf(dead.at(0)).at(0).toMap().value(QStringLiteral("original-expiration")).toString(),
             QStringLiteral("50"));
    QCOMPARE(deathsOf(dead.at(0)).at(0).toMap().value(QStringLiteral("reason")).toString(), QStringLiteral("expired"));
}

// The engine acts on the typed TTL and priority a producer's adapter gave,
// never on the properties: a message whose properties say nothing (as an
// SQS or other non-AMQP producer's) keeps its priority as a dead letter and
// records its TTL as the original expiration; properties that disagree
// with the typed fields are content only.
void TestEngineDeadLetter::typedTtlAndPriorityAreWhatADeadLetterKeeps()
{
    FakeClock clock;
    Engine engine;
    engine.setClock(clock.clock());
    declare(engine, QStringLiteral("dead"), {{QStringLiteral("x-max-priority"), 10}});
    declare(engine, QStringLiteral("work"), dlxArgs());
    PublishOptions options = withTtl(60'000);
    options.priority = 7;
    publishTo(engine, QStringLiteral("work"), QStringLiteral("typed"), {}, {}, options);
    MessageProperties wire = withPriority(2);
    wire.expiration = QStringLiteral("5");
    publishTo(engine, QStringLiteral("work"), QStringLiteral("wire only"), wire);
    const SessionId s = engine.openSession(0, nullptr);
    for (int i = 0; i < 2; ++i) {
        const auto got = engine.get(s, QStringLiteral("work"), false);
        QVERIFY(got.ok() && got.value);
        QVERIFY(engine.nack(s, got.value->deliveryTag, false, false).ok());
    }
    const auto dead = engine.browse(QStringLiteral("dead"), 0, 10);
    QCOMPARE(dead.size(), 2);
    // The typed one is at its priority's level, ahead of the other.
    QCOMPARE(dead.at(0).state.content->body, QByteArray("typed"));
    QCOMPARE(dead.at(0).state.priority, quint8(7));
    QCOMPARE(dead.at(0).state.content->priority, quint8(7));
    QVERIFY(!dead.at(0).state.content->ttlMs); // no TTL of its own any more
    QCOMPARE(dead.at(0).state.expiresAt, 0);
    QCOMPARE(dead.at(0).state.content->deaths.records.at(0).originalExpiration, std::optional<QString>(QStringLiteral("60000")));
    // Properties alone decide nothing: no priority, no TTL to record.
    QCOMPARE(dead.at(1).state.content->body, QByteArray("wire only"));
    QCOMPARE(dead.at(1).state.priority, quint8(0));
    QVERIFY(!dead.at(1).state.content->deaths.records.at(0).originalExpiration);
    QVERIFY(!dead.at(1).state.content->properties.expiration); // its wire form goes all the same
}

void TestEngineDeadLetter::overflow_data()
{
    QTest::addColumn<QString>("mode");
    QTest::addColumn<QStringList>("kept");
    QTest::addColumn<QStringList>("deadLettered");
    QTest::addColumn<int>("rejectedCount");
    const QStringList all{QStringLiteral("1"), QStringLiteral("2"), QStringLiteral("3"), QStringLiteral("4"), QStringLiteral("5")};
    QTest::addRow("drop-head") << QStringLiteral("drop-head") << QStringList{QStringLiteral("4"), QStringLiteral("5")}
                               << QStringList{QStringLiteral("1"), QStringLiteral("2"), QStringLiteral("3")} << 0;
    QTest::addRow("reject-publish") << QStringLiteral("reject-publish")
                                    << QStringList{QStringLiteral("1"), QStringLiteral("2")} << QStringList() << 3;
    QTest::addRow("reject-publish-dlx") << QStringLiteral("reject-publish-dlx")
                                        << QStringList{QStringLiteral("1"), QStringLiteral("2")}
                                        << QStringList{QStringLiteral("3"), QStringLiteral("4"), QStringLiteral("5")} << 3;
}

void TestEngineDeadLetter::overflow()
{
    QFETCH(QString, mode);
    QFETCH(QStringList, kept);
    QFETCH(QStringList, deadLettered);
    QFETCH(int, rejectedCount);
    Engine engine;
    declare(engine, QStringLiteral("dead"));
    QVariantMap args = dlxArgs();
    args[QStringLiteral("x-max-length")] = 2;
    args[QStringLiteral("x-overflow")] = mode;
    declare(engine, QStringLiteral("q"), args);
    int rejected = 0;
    for (int i = 1; i <= 5; ++i) {
        const PublishResult r = publishTo(engine, QStringLiteral("q"), QString::number(i));
        QVERIFY(r.routed);
        rejected += r.rejected ? 1 : 0;
    }
    QCOMPARE(rejected, rejectedCount);
    QCOMPARE(browseBodies(engine, QStringLiteral("q")), kept);
    QCOMPARE(browseBodies(engine, QStringLiteral("dead")), deadLettered);
    for (const MessageView &v : engine.browse(QStringLiteral("dead"), 0, 10))
        QCOMPARE(deathsOf(v).at(0).toMap().value(QStringLiteral("reason")).toString(), QStringLiteral("maxlen"));
}

void TestEngineDeadLetter::maxLengthBytes()
{
    Engine engine;
    declare(engine, QStringLiteral("q"), {{QStringLiteral("x-max-length-bytes"), 10}});
    publishTo(engine, QStringLiteral("q"), QStringLiteral("aaaa"));
    publishTo(engine, QStringLiteral("q"), QStringLiteral("bbbb"));
    publishTo(engine, QStringLiteral("q"), QStringLiteral("cccc"));   // 12 bytes: the head goes
    QCOMPARE(browseBodies(engine, QStringLiteral("q")), (QStringList{QStringLiteral("bbbb"), QStringLiteral("cccc")}));
    QCOMPARE(engine.queue(QStringLiteral("q"))->bytes, 8u);
    publishTo(engine, QStringLiteral("q"), QStringLiteral("way more than ten bytes"));   // cannot fit at all
    QVERIFY(browseBodies(engine, QStringLiteral("q")).isEmpty());
    declare(engine, QStringLiteral("strict"), {{QStringLiteral("x-max-length-bytes"), 5},
                                               {QStringLiteral("x-overflow"), QStringLiteral("reject-publish")}});
    QVERIFY(!publishTo(engine, QStringLiteral("strict"), QStringLiteral("abc")).rejected);
    QVERIFY(publishTo(engine, QStringLiteral("strict"), QStringLiteral("abc")).rejected);
}

void TestEngineDeadLetter::automaticCycleIsDropped()
{
    // A queue whose expired messages dead-letter to itself: dropped, not looping.
    FakeClock clock;
    Engine engine;
    engine.setClock(clock.clock());
    declare(engine, QStringLiteral("loop"), {{QStringLiteral("x-dead-letter-exchange"), QString()},
                                             {QStringLiteral("x-message-ttl"), 10}});
    publishTo(engine, QStringLiteral("loop"), QStringLiteral("x"));
    clock.advance(engine, 10);
    QCOMPARE(engine.queue(QStringLiteral("loop"))->ready, 0u);
    clock.advance(engine, 10);
    QCOMPARE(engine.queue(QStringLiteral("loop"))->ready, 0u);
}

void TestEngineDeadLetter::rejectionCycleIsAllowed()
{
    Engine engine;
    declare(engine, QStringLiteral("self"), {{QStringLiteral("x-dead-letter-exchange"), QString()}});
    RecordingSink sink;
    const SessionId s = engine.openSession(engine.openConnection({}), &sink);
    publishTo(engine, QStringLiteral("self"), QStringLiteral("x"));
    for (int i = 1; i <= 3; ++i) {
        const auto got = engine.get(s, QStringLiteral("self"), false);
        QVERIFY(got.value);
        QVERIFY(engine.reject(s, got.value->deliveryTag, false).ok());
        const MessageView v = engine.browse(QStringLiteral("self"), 0, 1).at(0);
        QCOMPARE(deathsOf(v).at(0).toMap().value(QStringLiteral("count")).toLongLong(), i);
    }
}

QTEST_GUILESS_MAIN(TestEngineDeadLetter)
#include "tst_engine_deadletter.moc"
