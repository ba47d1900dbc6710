// Engine::bodyBytesInMemory(): the message bodies the engine holds in memory,
// each counted once, through publish, fan-out, delivery, ack, requeue, dead
// letters, expiry, purge, deletion and paging to the store.

#include "EngineTestSupport.h"
#include "broker/store/Store.h"

#include <QTemporaryDir>

using namespace depot;
using namespace depot::test;

class TestEngineMemory final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void fanOutCountsABodyOnce()
    {
        Engine engine;
        ExchangeDef fanout;
        fanout.name = QStringLiteral("fan");
        fanout.type = ExchangeType::Fanout;
        fanout.durable = false;
        QVERIFY(engine.declareExchange(fanout, false).ok());
        for (const char *q : {"a", "b", "c"}) {
            declare(engine, QString::fromLatin1(q));
            QVERIFY(engine.bind({QStringLiteral("fan"), QString::fromLatin1(q), DestinationKind::Queue, QString(), {}})
                        .ok());
        }
        QCOMPARE(engine.bodyBytesInMemory(), 0u);
        engine.publish(QStringLiteral("fan"), QString(), {}, QByteArray(1000, 'x'));
        QCOMPARE(engine.bodyBytesInMemory(), 1000u);
        QCOMPARE(engine.bodiesInMemory(), 1u);
        const SessionId s = engine.openSession(engine.openConnection({}), nullptr);
        QCOMPARE(drain(engine, s, QStringLiteral("a")).size(), 1);
        QCOMPARE(drain(engine, s, QStringLiteral("b")).size(), 1);
        QCOMPARE(engine.bodyBytesInMemory(), 1000u);
        QCOMPARE(drain(engine, s, QStringLiteral("c")).size(), 1);
        QCOMPARE(engine.bodyBytesInMemory(), 0u);
        QCOMPARE(engine.bodiesInMemory(), 0u);
    }

    void unroutedCountsNothing()
    {
        Engine engine;
        engine.publish(QString(), QStringLiteral("nowhere"), {}, QByteArray(500, 'x'));
        QCOMPARE(engine.bodyBytesInMemory(), 0u);
    }

    void unackedCountUntilAcked()
    {
        Engine engine;
        declare(engine, QStringLiteral("q"));
        for (int i = 0; i < 10; ++i)
            publishTo(engine, QStringLiteral("q"), QString(100, QLatin1Char('m')));
        QCOMPARE(engine.bodyBytesInMemory(), 1000u);
        RecordingSink sink;
        const SessionId s = engine.openSession(engine.openConnection({}), &sink);
        QVERIFY(engine.consume(s, consumeSpec(QStringLiteral("q"))).ok());
        QCOMPARE(sink.deliveries.size(), 10);
        sink.clear();   // the sink let go of its copies; the engine holds the unacked ones
        QCOMPARE(engine.bodyBytesInMemory(), 1000u);
        QVERIFY(engine.ack(s, 5, true).ok());
        QCOMPARE(engine.bodyBytesInMemory(), 500u);
        // Requeued by closing the session: still there, still counted once.
        engine.closeSession(s);
        QCOMPARE(engine.queue(QStringLiteral("q"))->ready, 5u);
        QCOMPARE(engine.bodyBytesInMemory(), 500u);
        QVERIFY(engine.purgeQueue(QStringLiteral("q")).ok());
        QCOMPARE(engine.bodyBytesInMemory(), 0u);
    }

    void deadLettersExpiryAndDeletion()
    {
        FakeClock clock;
        Engine engine;
        engine.setClock(clock.clock());
        declare(engine, QStringLiteral("dlq"));
        declare(engine, QStringLiteral("work"),
            {{QStringLiteral("x-dead-letter-exchange"), QString()},
                {QStringLiteral("x-dead-letter-routing-key"), QStringLiteral("dlq")},
                {QStringLiteral("x-message-ttl"), 1000}});
        publishTo(engine, QStringLiteral("work"), QString(300, QLatin1Char('d')));
        QCOMPARE(engine.bodyBytesInMemory(), 300u);
        clock.advance(engine, 2000);
        QCOMPARE(engine.queue(QStringLiteral("dlq"))->ready, 1u);
        QCOMPARE(engine.bodyBytesInMemory(), 300u);   // the dead letter, not both copies
        QCOMPARE(engine.bodiesInMemory(), 1u);

        declare(engine, QStringLiteral("gone"), {{QStringLiteral("x-message-ttl"), 1000}});
        publishTo(engine, QStringLiteral("gone"), QString(200, QLatin1Char('e')));
        QCOMPARE(engine.bodyBytesInMemory(), 500u);
        clock.advance(engine, 2000);   // expired without a dead-letter exchange: dropped
        QCOMPARE(engine.bodyBytesInMemory(), 300u);

        QVERIFY(engine.deleteQueue(QStringLiteral("dlq"), false, false).ok());
        QCOMPARE(engine.bodyBytesInMemory(), 0u);
    }

    void pagedOutBodiesAreNotCounted()
    {
        QTemporaryDir dir;
        QString error;
        auto st = store::Store::open(dir.path(), store::Durability::Normal, &error);
        QVERIFY2(st, qPrintable(error));
        {
            Engine engine(st.get());
            engine.recover();
            declare(engine, QStringLiteral("big"), {}, true);
            const int total = 6000;
            for (int i = 0; i < total; ++i)
                engine.publish(QString(), QStringLiteral("big"), persistent(), QByteArray(100, 'p'));
            QCOMPARE(engine.bodyBytesInMemory(), quint64(total) * 100);
            engine.flushStore();
            QVERIFY(st->flush());
            QTRY_VERIFY(engine.contentsInMemory(QStringLiteral("big")) < quint64(total));
            // What stays in memory is what the meter says.
            QCOMPARE(engine.bodyBytesInMemory(), engine.contentsInMemory(QStringLiteral("big")) * 100);
            // Delivering reads bodies back ahead; acking lets go of them.
            RecordingSink sink;
            const SessionId s = engine.openSession(engine.openConnection({}), &sink);
            sink.onDeliver = [&](const Delivery &d) { engine.ack(d.session, d.deliveryTag, false); };
            QVERIFY(engine.consume(s, consumeSpec(QStringLiteral("big"), 50)).ok());
            QCOMPARE(sink.deliveries.size(), total);
            sink.clear();
            QCOMPARE(engine.bodyBytesInMemory(), 0u);
            engine.flushStore();
            QVERIFY(st->flush());
        }
        st->close();
    }

    void bodiesMayOutliveTheEngine()
    {
        ContentPtr kept;
        {
            Engine engine;
            declare(engine, QStringLiteral("q"));
            publishTo(engine, QStringLiteral("q"), QStringLiteral("outlives"));
            const SessionId s = engine.openSession(engine.openConnection({}), nullptr);
            const auto r = engine.get(s, QStringLiteral("q"), true);
            QVERIFY(r.ok() && r.value);
            kept = r.value->content;
        }
        QCOMPARE(kept->body, QByteArray("outlives"));
        kept.reset();   // the meter it reports to is still alive: no crash
    }
};

QTEST_GUILESS_MAIN(TestEngineMemory)
#include "tst_engine_memory.moc"
