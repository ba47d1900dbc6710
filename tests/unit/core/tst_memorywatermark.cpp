// MemoryWatermark: when the "memory" alarm is raised and cleared (with its
// band below the mark), what its text says, and the helpers it rests on.

#include "broker/core/MemoryWatermark.h"
#include "broker/engine/Engine.h"

#include <QSignalSpy>
#include <QtTest>

using namespace depot;
using namespace depot::core;

namespace {

void fill(Engine &engine, int bytes)
{
    engine.publish(QString(), QStringLiteral("q"), {}, QByteArray(bytes, 'x'));
}

} // namespace

class TestMemoryWatermark final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void formatsBytes_data()
    {
        QTest::addColumn<quint64>("bytes");
        QTest::addColumn<QString>("text");
        QTest::addRow("bytes") << quint64(512) << QStringLiteral("512 B");
        QTest::addRow("one KiB") << quint64(1024) << QStringLiteral("1 KiB");
        QTest::addRow("fraction") << quint64(1100) << QStringLiteral("1.1 KiB");
        QTest::addRow("8 MiB") << quint64(8) * 1024 * 1024 << QStringLiteral("8 MiB");
        QTest::addRow("GiB") << quint64(3) * 1024 * 1024 * 1024 / 2 << QStringLiteral("1.5 GiB");
    }
    void formatsBytes()
    {
        QFETCH(quint64, bytes);
        QFETCH(QString, text);
        QCOMPARE(formatBytes(bytes), text);
    }

    void physicalMemoryIsKnown()
    {
#if defined(Q_OS_LINUX) || defined(Q_OS_MACOS) || defined(Q_OS_WIN)
        QVERIFY(physicalMemoryBytes() >= quint64(64) * 1024 * 1024);
#endif
    }

    void raisesAboveAndClearsBelowTheBand()
    {
        Engine engine;
        QVERIFY(engine.declareQueue(QueueDef{QStringLiteral("q"), false, false, false, {}, 0}, false).ok());
        quint64 connectionBytes = 0;
        QSignalSpy changed(&engine, &Engine::alarmsChanged);
        MemoryWatermark mark(engine, 1000, [&] { return connectionBytes; });
        QVERIFY(!mark.raised());

        fill(engine, 600);
        mark.sample();
        QVERIFY(!mark.raised());
        QCOMPARE(mark.used(), quint64(600));
        connectionBytes = 500;   // 1100 > 1000
        mark.sample();
        QVERIFY(mark.raised());
        QCOMPARE(changed.size(), 1);
        const QString text = engine.alarms().value(QStringLiteral("memory"));
        QVERIFY2(text.contains(QStringLiteral("1.1 KiB")) && text.contains(QStringLiteral("1000 B"))
                && text.startsWith(QStringLiteral("Depot: memory high-watermark")),
            qPrintable(text));

        connectionBytes = 350;   // 950: below the mark, not below 90% of it
        mark.sample();
        QVERIFY(mark.raised());
        connectionBytes = 250;   // 850
        mark.sample();
        QVERIFY(!mark.raised());
        QVERIFY(engine.alarms().isEmpty());
        QCOMPARE(changed.size(), 2);
        mark.sample();
        QCOMPARE(changed.size(), 2);   // no flapping, no repeated signals
    }

    void publishChecksWithoutSampling()
    {
        Engine engine;
        QVERIFY(engine.declareQueue(QueueDef{QStringLiteral("q"), false, false, false, {}, 0}, false).ok());
        int samples = 0;
        MemoryWatermark mark(engine, 1000, [&] {
            ++samples;
            return quint64(100);
        });
        const int before = samples;
        fill(engine, 950);
        mark.onPublish();   // 950 + the 100 sampled last
        QVERIFY(mark.raised());
        QCOMPARE(samples, before);
        QVERIFY(engine.alarms().contains(QStringLiteral("memory")));
        // Going down is left to the timer, which also sees the connections.
        QVERIFY(engine.purgeQueue(QStringLiteral("q")).ok());
        mark.onPublish();
        QVERIFY(mark.raised());
        QTRY_VERIFY_WITH_TIMEOUT(!mark.raised(), 2000);
        QVERIFY(engine.alarms().isEmpty());
    }

    void retainedBytesCountAndAreNamedInTheAlarm()
    {
        // Bytes no consumer drains (an in-memory Kafka log): counted, and
        // the alarm says what holds them and how they leave.
        Engine engine;
        QVERIFY(engine.declareQueue(QueueDef{QStringLiteral("q"), false, false, false, {}, 0}, false).ok());
        quint64 retained = 0;
        MemoryWatermark mark(engine, 1000, {}, [&](QStringList *holders) {
            if (retained > 0)
                holders->append(QStringLiteral("%1 of them are log records").arg(formatBytes(retained)));
            return retained;
        });
        fill(engine, 300);
        mark.sample();
        QVERIFY(!mark.raised());
        retained = 950;   // 1250 > 1000
        mark.sample();
        QVERIFY(mark.raised());
        QCOMPARE(mark.used(), quint64(1250));
        const QString text = engine.alarms().value(QStringLiteral("memory"));
        QVERIFY2(text.endsWith(QStringLiteral("(950 B of them are log records)")), qPrintable(text));
        // The cheap check on a publish counts them as last sampled.
        fill(engine, 1);
        mark.onPublish();
        QCOMPARE(mark.used(), quint64(1251));
        // Draining the queue is not enough while the log holds them (950 is
        // above the band's 900) ...
        QVERIFY(engine.purgeQueue(QStringLiteral("q")).ok());
        mark.sample();
        QVERIFY(mark.raised());
        // ... deleting it is.
        retained = 0;
        mark.sample();
        QVERIFY(!mark.raised());
        QVERIFY(engine.alarms().isEmpty());
    }

    void destroyingClearsItsAlarm()
    {
        Engine engine;
        QVERIFY(engine.declareQueue(QueueDef{QStringLiteral("q"), false, false, false, {}, 0}, false).ok());
        engine.raiseAlarm(QStringLiteral("disk"), QStringLiteral("disk is low"));
        fill(engine, 2000);
        {
            MemoryWatermark mark(engine, 1000, {});
            QVERIFY(mark.raised());
            QCOMPARE(engine.alarms().size(), 2);
        }
        QCOMPARE(engine.alarms().keys(), QStringList{QStringLiteral("disk")});
    }
};

QTEST_GUILESS_MAIN(TestMemoryWatermark)
#include "tst_memorywatermark.moc"
