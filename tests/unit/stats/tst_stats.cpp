#include "broker/stats/Stats.h"

#include <QAtomicInt>
#include <QThread>
#include <QtTest>

using namespace depot;

namespace {

constexpr qint64 T0 = 1'700'000'000'000;   // a fixed clock: every sample time is chosen by the test

QueueGauges depth(quint64 ready, quint64 unacked = 0)
{
    QueueGauges g;
    g.ready = ready;
    g.unacked = unacked;
    return g;
}

// Reads snapshots as fast as it can while the broker thread writes, checking
// what must hold in every published snapshot.
class SnapshotReader final : public QThread
{
public:
    explicit SnapshotReader(const Stats &stats)
        : m_stats(stats)
    {
    }

    QAtomicInt stop;
    QAtomicInt reads;
    QStringList failures;

protected:
    void run() override
    {
        qint64 lastTaken = 0;
        while (!stop.loadAcquire()) {
            const auto snap = m_stats.snapshot();
            reads.fetchAndAddRelaxed(1);
            if (!snap) {
                failures.append(QStringLiteral("null snapshot"));
                return;
            }
            if (snap->takenAtMs < lastTaken)
                failures.append(QStringLiteral("snapshot time went backwards"));
            lastTaken = snap->takenAtMs;
            for (Counter c : {Counter::Published, Counter::Delivered, Counter::Acknowledged}) {
                quint64 sum = 0;
                for (const QueueStats &q : snap->queues)
                    sum += q.totals[c];
                if (sum != snap->totals[c])
                    failures.append(QStringLiteral("%1: total %2 != sum of queues %3")
                                        .arg(counterName(c))
                                        .arg(snap->totals[c])
                                        .arg(sum));
            }
            // Every message is published before it is delivered, and
            // delivered before it is acknowledged, in one snapshot.
            if (snap->totals[Counter::Delivered] > snap->totals[Counter::Published]
                || snap->totals[Counter::Acknowledged] > snap->totals[Counter::Delivered])
                failures.append(QStringLiteral("counter order broken"));
            const RateSeries h = m_stats.globalHistory(Counter::Published, 60);
            if (h.perSecond.size() > 60)
                failures.append(QStringLiteral("history longer than asked"));
            if (failures.size() > 5)
                return;
        }
    }

private:
    const Stats &m_stats;
};

} // namespace

class TestStats final : public QObject
{
    Q_OBJECT

private slots:
    void counterNames_data();
    void counterNames();
    void emptySnapshot();
    void countersAndRates();
    void globalOnlyCounters();
    void snapshotIsImmutable();
    void lateSampleDividesByElapsed();
    void gapIsFilled();
    void earlySampleDoesNotAddASecond();
    void ringWrapsAfterAnHour();
    void windowLengths_data();
    void windowLengths();
    void depthHistory();
    void removeQueue();
    void unknownQueueAndBadCounter();
    void consistentSnapshotAcrossThreads();
};

void TestStats::counterNames_data()
{
    QTest::addColumn<Counter>("counter");
    QTest::addColumn<QString>("name");
    QTest::newRow("published") << Counter::Published << QStringLiteral("published");
    QTest::newRow("delivered") << Counter::Delivered << QStringLiteral("delivered");
    QTest::newRow("acknowledged") << Counter::Acknowledged << QStringLiteral("acknowledged");
    QTest::newRow("redelivered") << Counter::Redelivered << QStringLiteral("redelivered");
    QTest::newRow("dead_lettered") << Counter::DeadLettered << QStringLiteral("dead_lettered");
    QTest::newRow("expired") << Counter::Expired << QStringLiteral("expired");
    QTest::newRow("returned") << Counter::Returned << QStringLiteral("returned");
    QTest::newRow("out of range") << Counter::Count_ << QString();
}

void TestStats::counterNames()
{
    QFETCH(Counter, counter);
    QFETCH(QString, name);
    QCOMPARE(counterName(counter), name);
}

void TestStats::emptySnapshot()
{
    Stats stats;
    const auto snap = stats.snapshot();
    QVERIFY(snap);
    QCOMPARE(snap->takenAtMs, 0);
    QVERIFY(snap->queues.isEmpty());
    for (quint64 v : snap->totals.values)
        QCOMPARE(v, quint64(0));
    QVERIFY(stats.globalHistory(Counter::Published).perSecond.isEmpty());
}

void TestStats::countersAndRates()
{
    Stats stats;
    stats.sample(T0, {});   // the time base

    for (int i = 0; i < 10; ++i)
        stats.add(Counter::Published, QStringLiteral("orders"));
    stats.add(Counter::Published, QStringLiteral("audit"), 5);
    stats.add(Counter::Delivered, QStringLiteral("orders"), 4);
    // Counting does not publish: the snapshot changes only when sampled.
    QCOMPARE(stats.snapshot()->totals[Counter::Published], quint64(0));

    stats.sample(T0 + 1000, {});
    auto snap = stats.snapshot();
    QCOMPARE(snap->takenAtMs, T0 + 1000);
    QCOMPARE(snap->totals[Counter::Published], quint64(15));
    QCOMPARE(snap->totals[Counter::Delivered], quint64(4));
    QCOMPARE(snap->rates[size_t(Counter::Published)], 15.0);
    QCOMPARE(snap->rates[size_t(Counter::Delivered)], 4.0);
    QCOMPARE(snap->queues.size(), 2);
    QCOMPARE(snap->queues.value(QStringLiteral("orders")).name, QStringLiteral("orders"));
    QCOMPARE(snap->queues.value(QStringLiteral("orders")).totals[Counter::Published], quint64(10));
    QCOMPARE(snap->queues.value(QStringLiteral("audit")).totals[Counter::Published], quint64(5));
    QCOMPARE(snap->queues.value(QStringLiteral("orders")).rates[size_t(Counter::Published)], 10.0);

    // A quiet second: totals stay, rates drop to zero.
    stats.add(Counter::Acknowledged, QStringLiteral("orders"), 2);
    stats.sample(T0 + 2000, {});
    snap = stats.snapshot();
    QCOMPARE(snap->totals[Counter::Published], quint64(15));
    QCOMPARE(snap->rates[size_t(Counter::Published)], 0.0);
    QCOMPARE(snap->rates[size_t(Counter::Acknowledged)], 2.0);

    const RateSeries h = stats.globalHistory(Counter::Published);
    QCOMPARE(h.endMs, T0 + 2000);
    QCOMPARE(h.perSecond, (QList<double>{0.0, 15.0, 0.0}));
    QCOMPARE(stats.queueHistory(QStringLiteral("orders"), Counter::Published).perSecond,
             (QList<double>{10.0, 0.0}));
    QCOMPARE(stats.queueHistory(QStringLiteral("audit"), Counter::Published).perSecond, (QList<double>{5.0, 0.0}));
}

void TestStats::globalOnlyCounters()
{
    Stats stats;
    stats.sample(T0, {});
    stats.addGlobal(Counter::Returned, 3);
    stats.addGlobal(Counter::Returned);
    stats.sample(T0 + 1000, {});
    const auto snap = stats.snapshot();
    QCOMPARE(snap->totals[Counter::Returned], quint64(4));
    QCOMPARE(snap->rates[size_t(Counter::Returned)], 4.0);
    QVERIFY(snap->queues.isEmpty());   // no queue invented for it
}

void TestStats::snapshotIsImmutable()
{
    Stats stats;
    stats.add(Counter::Published, QStringLiteral("q"));
    stats.sample(T0, {});
    const auto before = stats.snapshot();
    stats.add(Counter::Published, QStringLiteral("q"), 9);
    stats.sample(T0 + 1000, {});
    // A reader holding the old snapshot still sees the old values.
    QCOMPARE(before->totals[Counter::Published], quint64(1));
    QCOMPARE(stats.snapshot()->totals[Counter::Published], quint64(10));
    QVERIFY(before != stats.snapshot());
}

void TestStats::lateSampleDividesByElapsed()
{
    Stats stats;
    stats.sample(T0, {});
    stats.add(Counter::Published, QStringLiteral("q"), 30);
    stats.sample(T0 + 1250, {});   // 250 ms late: still one second of history
    QCOMPARE(stats.snapshot()->rates[size_t(Counter::Published)], 24.0);
    QCOMPARE(stats.globalHistory(Counter::Published).perSecond, (QList<double>{0.0, 24.0}));
}

void TestStats::gapIsFilled()
{
    Stats stats;
    stats.sample(T0, {{QStringLiteral("q"), depth(7)}});
    stats.add(Counter::Published, QStringLiteral("q"), 40);
    // The broker thread was busy for four seconds.
    stats.sample(T0 + 4000, {{QStringLiteral("q"), depth(3)}});

    const RateSeries g = stats.globalHistory(Counter::Published);
    QCOMPARE(g.endMs, T0 + 4000);
    QCOMPARE(g.perSecond, (QList<double>{0.0, 10.0, 10.0, 10.0, 10.0}));
    double sum = 0;
    for (double v : g.perSecond)
        sum += v;
    QCOMPARE(sum, 40.0);   // spreading keeps the count
    QCOMPARE(stats.queueHistory(QStringLiteral("q"), Counter::Published).perSecond,
             (QList<double>{0.0, 10.0, 10.0, 10.0, 10.0}));
    QCOMPARE(stats.depthHistory(QStringLiteral("q")).perSecond, (QList<double>{7, 3, 3, 3, 3}));
    QCOMPARE(stats.snapshot()->rates[size_t(Counter::Published)], 10.0);

    // A gap longer than the history replaces all of it.
    stats.add(Counter::Published, QStringLiteral("q"), 7200);
    stats.sample(T0 + 4000 + 2 * 3600 * 1000, {});
    const RateSeries all = stats.globalHistory(Counter::Published);
    QCOMPARE(all.perSecond.size(), Stats::HistorySeconds);
    QCOMPARE(all.perSecond.first(), 1.0);
    QCOMPARE(all.perSecond.last(), 1.0);
}

void TestStats::earlySampleDoesNotAddASecond()
{
    Stats stats;
    stats.sample(T0, {});
    stats.add(Counter::Published, QStringLiteral("q"), 5);
    stats.sample(T0 + 200, {{QStringLiteral("q"), depth(5)}});
    // Totals and gauges refresh, history does not grow.
    QCOMPARE(stats.snapshot()->totals[Counter::Published], quint64(5));
    QCOMPARE(stats.snapshot()->queues.value(QStringLiteral("q")).gauges.ready, quint64(5));
    QCOMPARE(stats.globalHistory(Counter::Published).perSecond.size(), 1);
    // The early counts land in the next full second, measured from the last full sample.
    stats.add(Counter::Published, QStringLiteral("q"), 5);
    stats.sample(T0 + 1000, {});
    QCOMPARE(stats.globalHistory(Counter::Published).perSecond, (QList<double>{0.0, 10.0}));

    // A clock that steps back does not produce negative or infinite rates.
    stats.add(Counter::Published, QStringLiteral("q"), 3);
    stats.sample(T0 + 500, {});
    QCOMPARE(stats.globalHistory(Counter::Published).perSecond.size(), 2);
    stats.sample(T0 + 2000, {});
    QCOMPARE(stats.globalHistory(Counter::Published).perSecond, (QList<double>{0.0, 10.0, 3.0}));
}

void TestStats::ringWrapsAfterAnHour()
{
    Stats stats;
    const int total = Stats::HistorySeconds + 150;
    for (int i = 0; i < total; ++i) {
        // second i publishes i messages (second 0 is the time base)
        stats.add(Counter::Published, QStringLiteral("q"), quint64(i));
        stats.sample(T0 + qint64(i) * 1000, {{QStringLiteral("q"), depth(quint64(i))}});
    }
    const RateSeries g = stats.globalHistory(Counter::Published);
    QCOMPARE(g.perSecond.size(), Stats::HistorySeconds);
    QCOMPARE(g.endMs, T0 + qint64(total - 1) * 1000);
    // oldest first: the first 150 seconds fell off
    for (int k = 0; k < Stats::HistorySeconds; ++k)
        QCOMPARE(g.perSecond.at(k), double(total - Stats::HistorySeconds + k));
    const RateSeries d = stats.depthHistory(QStringLiteral("q"));
    QCOMPARE(d.perSecond.size(), Stats::HistorySeconds);
    QCOMPARE(d.perSecond.first(), double(total - Stats::HistorySeconds));
    QCOMPARE(d.perSecond.last(), double(total - 1));
    QCOMPARE(stats.queueHistory(QStringLiteral("q"), Counter::Published).perSecond, g.perSecond);
}

void TestStats::windowLengths_data()
{
    QTest::addColumn<int>("samples");
    QTest::addColumn<int>("window");
    QTest::addColumn<int>("expected");
    QTest::newRow("window shorter than history") << 100 << 60 << 60;
    QTest::newRow("window longer than history") << 30 << 60 << 30;
    QTest::newRow("exact") << 60 << 60 << 60;
    QTest::newRow("zero") << 30 << 0 << 0;
    QTest::newRow("negative") << 30 << -5 << 0;
    QTest::newRow("beyond an hour") << 50 << 100000 << 50;
}

void TestStats::windowLengths()
{
    QFETCH(int, samples);
    QFETCH(int, window);
    QFETCH(int, expected);
    Stats stats;
    for (int i = 0; i < samples; ++i) {
        stats.add(Counter::Delivered, QStringLiteral("q"), quint64(i));
        stats.sample(T0 + qint64(i) * 1000, {{QStringLiteral("q"), depth(1)}});
    }
    const RateSeries g = stats.globalHistory(Counter::Delivered, window);
    QCOMPARE(g.perSecond.size(), expected);
    if (expected > 0)
        QCOMPARE(g.perSecond.last(), double(samples - 1));   // the newest is last
    QCOMPARE(stats.queueHistory(QStringLiteral("q"), Counter::Delivered, window).perSecond.size(), expected);
    QCOMPARE(stats.depthHistory(QStringLiteral("q"), window).perSecond.size(), expected);
}

void TestStats::depthHistory()
{
    Stats stats;
    stats.sample(T0, {{QStringLiteral("q"), depth(2, 1)}});
    stats.sample(T0 + 1000, {{QStringLiteral("q"), depth(5, 3)}});
    const RateSeries d = stats.depthHistory(QStringLiteral("q"));
    QCOMPARE(d.endMs, T0 + 1000);
    QCOMPARE(d.perSecond, (QList<double>{3.0, 8.0}));   // ready + unacked
    QueueGauges g = depth(5, 3);
    g.bytes = 1234;
    g.consumers = 2;
    stats.sample(T0 + 2000, {{QStringLiteral("q"), g}});
    const QueueStats q = stats.snapshot()->queues.value(QStringLiteral("q"));
    QCOMPARE(q.gauges.bytes, quint64(1234));
    QCOMPARE(q.gauges.consumers, quint32(2));
    QCOMPARE(q.gauges.unacked, quint64(3));
}

void TestStats::removeQueue()
{
    Stats stats;
    stats.add(Counter::Published, QStringLiteral("gone"), 3);
    stats.add(Counter::Published, QStringLiteral("kept"), 2);
    stats.sample(T0, {{QStringLiteral("gone"), depth(3)}, {QStringLiteral("kept"), depth(2)}});
    QVERIFY(stats.snapshot()->queues.contains(QStringLiteral("gone")));

    stats.removeQueue(QStringLiteral("gone"));
    QVERIFY(stats.queueHistory(QStringLiteral("gone"), Counter::Published).perSecond.isEmpty());
    QVERIFY(stats.depthHistory(QStringLiteral("gone")).perSecond.isEmpty());
    stats.sample(T0 + 1000, {{QStringLiteral("kept"), depth(2)}});
    const auto snap = stats.snapshot();
    QVERIFY(!snap->queues.contains(QStringLiteral("gone")));
    QVERIFY(snap->queues.contains(QStringLiteral("kept")));
    QCOMPARE(snap->totals[Counter::Published], quint64(5));   // what happened stays counted globally
    QCOMPARE(stats.queueHistory(QStringLiteral("kept"), Counter::Published).perSecond.size(), 2);

    // A queue declared again under the same name starts from zero.
    stats.add(Counter::Published, QStringLiteral("gone"));
    stats.sample(T0 + 2000, {});
    QCOMPARE(stats.snapshot()->queues.value(QStringLiteral("gone")).totals[Counter::Published], quint64(1));
    QCOMPARE(stats.queueHistory(QStringLiteral("gone"), Counter::Published).perSecond, QList<double>{1.0});
}

void TestStats::unknownQueueAndBadCounter()
{
    Stats stats;
    stats.sample(T0, {});
    QVERIFY(stats.queueHistory(QStringLiteral("nope"), Counter::Published).perSecond.isEmpty());
    QCOMPARE(stats.queueHistory(QStringLiteral("nope"), Counter::Published).endMs, 0);
    QVERIFY(stats.depthHistory(QStringLiteral("nope")).perSecond.isEmpty());
    QVERIFY(stats.globalHistory(Counter::Count_).perSecond.isEmpty());
    QVERIFY(stats.globalHistory(Counter(-1)).perSecond.isEmpty());
    QCOMPARE(stats.globalHistory(Counter::Published).perSecond.size(), 1);
}

void TestStats::consistentSnapshotAcrossThreads()
{
    Stats stats;
    SnapshotReader reader(stats);
    reader.start();
    // Write only once the reader is running, so the two really overlap.
    QTRY_VERIFY(reader.reads.loadRelaxed() > 0);
    const int readsBefore = reader.reads.loadRelaxed();

    const QStringList queues{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c"), QStringLiteral("d")};
    quint64 published = 0;
    for (int second = 0; second < 2000; ++second) {
        for (int i = 0; i < 200; ++i) {
            const QString &q = queues.at((second + i) % queues.size());
            stats.add(Counter::Published, q);
            stats.add(Counter::Delivered, q);
            stats.add(Counter::Acknowledged, q);
            ++published;
        }
        QHash<QString, QueueGauges> gauges;
        for (const QString &q : queues)
            gauges.insert(q, depth(quint64(second)));
        stats.sample(T0 + qint64(second) * 1000, gauges);
        if (second % 50 == 0)
            QThread::yieldCurrentThread();
    }
    reader.stop.storeRelease(1);
    QVERIFY(reader.wait(10000));
    QVERIFY2(reader.failures.isEmpty(), qPrintable(reader.failures.join(u'\n')));
    QVERIFY(reader.reads.loadRelaxed() > readsBefore);
    QCOMPARE(stats.snapshot()->totals[Counter::Published], published);
    QCOMPARE(stats.globalHistory(Counter::Published).perSecond.size(), 2000);
}

QTEST_GUILESS_MAIN(TestStats)
#include "tst_stats.moc"
