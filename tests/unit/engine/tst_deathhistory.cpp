// DeathHistory: how the typed dead-letter history changes with each death, the
// way RabbitMQ updates x-death (one record per (queue, reason), newest first,
// count raised, the first death remembered once).

#include "broker/engine/DeathRecord.h"

#include <QTest>

using namespace depot;

namespace {

// "queue/reason" steps, comma separated.
QList<std::pair<QString, DeathReason>> steps(const QString &text)
{
    QList<std::pair<QString, DeathReason>> out;
    for (const QString &step : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QStringList parts = step.split(QLatin1Char('/'));
        const auto reason = deathReasonFromName(parts.value(1));
        if (!reason)
            qFatal("bad reason in %s", qPrintable(step));
        out.append({parts.value(0), *reason});
    }
    return out;
}

// The records as "queue/reason/count", newest first.
QString describe(const DeathHistory &h)
{
    QStringList out;
    for (const DeathRecord &r : h.records)
        out << QStringLiteral("%1/%2/%3").arg(r.queue, deathReasonName(r.reason)).arg(r.count);
    return out.join(QLatin1Char(','));
}

} // namespace

class TestDeathHistory final : public QObject
{
    Q_OBJECT

private slots:
    void reasonNames_data();
    void reasonNames();
    void updates_data();
    void updates();
    void recordTakesThisDeathsDetails();
    void aPublishedFormGivesWayToTheNextDeath();
    void originalQueue();
};

void TestDeathHistory::reasonNames_data()
{
    QTest::addColumn<DeathReason>("reason");
    QTest::addColumn<QString>("name");
    QTest::addRow("rejected") << DeathReason::Rejected << QStringLiteral("rejected");
    QTest::addRow("expired") << DeathReason::Expired << QStringLiteral("expired");
    QTest::addRow("maxlen") << DeathReason::MaxLen << QStringLiteral("maxlen");
    QTest::addRow("delivery_limit") << DeathReason::DeliveryLimit << QStringLiteral("delivery_limit");
}

void TestDeathHistory::reasonNames()
{
    QFETCH(DeathReason, reason);
    QFETCH(QString, name);
    QCOMPARE(deathReasonName(reason), name);
    QCOMPARE(deathReasonFromName(name), std::optional<DeathReason>(reason));
    QVERIFY(!deathReasonFromName(name.toUpper()));
}

void TestDeathHistory::updates_data()
{
    QTest::addColumn<QString>("deaths"); // oldest first
    QTest::addColumn<QString>("records"); // newest first: queue/reason/count
    QTest::addColumn<QString>("firstQueue");
    QTest::addColumn<QString>("firstReason");

    QTest::addRow("one rejection") << "work/rejected"
                                   << "work/rejected/1"
                                   << "work"
                                   << "rejected";
    QTest::addRow("each reason") << "a/expired,b/maxlen,c/delivery_limit"
                                 << "c/delivery_limit/1,b/maxlen/1,a/expired/1"
                                 << "a"
                                 << "expired";
    QTest::addRow("same pair again raises its count") << "work/rejected,work/rejected,work/rejected"
                                                      << "work/rejected/3"
                                                      << "work"
                                                      << "rejected";
    QTest::addRow("same queue, another reason") << "work/expired,work/rejected"
                                                << "work/rejected/1,work/expired/1"
                                                << "work"
                                                << "expired";
    QTest::addRow("two queues") << "stage1/rejected,stage2/rejected"
                                << "stage2/rejected/1,stage1/rejected/1"
                                << "stage1"
                                << "rejected";
    // The recurring pair moves to the front: the oldest record is then not
    // the first death, which is why the first death is kept apart.
    QTest::addRow("a recurring pair moves to the front") << "a/rejected,b/rejected,a/rejected"
                                                         << "a/rejected/2,b/rejected/1"
                                                         << "a"
                                                         << "rejected";
    QTest::addRow("retry loop") << "work/rejected,retry/expired,work/rejected,retry/expired,work/rejected"
                                << "work/rejected/3,retry/expired/2"
                                << "work"
                                << "rejected";
}

void TestDeathHistory::updates()
{
    QFETCH(QString, deaths);
    QFETCH(QString, records);
    QFETCH(QString, firstQueue);
    QFETCH(QString, firstReason);
    DeathHistory h;
    QVERIFY(h.isEmpty());
    QVERIFY(!h.hasDied());
    qint64 time = 1'700'000'000'000;
    for (const auto &[queue, reason] : steps(deaths))
        h.record(queue, reason, time += 1000, QStringLiteral("ex"), {QStringLiteral("rk")}, std::nullopt);
    QCOMPARE(describe(h), records);
    QVERIFY(h.first);
    QCOMPARE(h.first->queue, firstQueue);
    QCOMPARE(deathReasonName(h.first->reason), firstReason);
    QCOMPARE(h.originalQueue(), firstQueue);
    QVERIFY(h.hasDied());
    // The newest record carries the latest time.
    QCOMPARE(h.records.constFirst().timeMs, time);
}

void TestDeathHistory::recordTakesThisDeathsDetails()
{
    DeathHistory h;
    h.record(QStringLiteral("work"), DeathReason::Expired, 1000, QStringLiteral("orders"),
        {QStringLiteral("eu"), QStringLiteral("cc.audit")}, QStringLiteral("60000"));
    QCOMPARE(h.records.size(), 1);
    QCOMPARE(h.records[0].count, 1);
    QCOMPARE(h.records[0].originalExpiration, std::optional<QString>(QStringLiteral("60000")));
    // Again in the same queue for the same reason, published elsewhere and
    // without an expiration this time: exchange, keys and time are this
    // death's, the earlier original expiration stays.
    h.record(QStringLiteral("work"), DeathReason::Expired, 5000, QStringLiteral("dlx"), {QStringLiteral("work")},
        std::nullopt);
    QCOMPARE(h.records.size(), 1);
    const DeathRecord &r = h.records[0];
    QCOMPARE(r.count, 2);
    QCOMPARE(r.timeMs, 5000);
    QCOMPARE(r.exchange, QStringLiteral("dlx"));
    QCOMPARE(r.routingKeys, QStringList{QStringLiteral("work")});
    QCOMPARE(r.originalExpiration, std::optional<QString>(QStringLiteral("60000")));
    // The first death is where it first died, published to the first exchange.
    QCOMPARE(h.first,
        std::optional<FirstDeath>(FirstDeath{QStringLiteral("work"), DeathReason::Expired, QStringLiteral("orders")}));
    // A new expiration replaces the kept one.
    h.record(QStringLiteral("work"), DeathReason::Expired, 6000, QStringLiteral("dlx"), {}, QStringLiteral("5"));
    QCOMPARE(h.records[0].originalExpiration, std::optional<QString>(QStringLiteral("5")));
}

void TestDeathHistory::aPublishedFormGivesWayToTheNextDeath()
{
    // A history a publisher sent (typed as far as it goes, its wire form kept)
    // continues: counts go on, the first death stays, the wire form is gone.
    DeathHistory h;
    h.records.append(DeathRecord{QStringLiteral("work"), DeathReason::Rejected, 4, 1000, QString(), {}, {}});
    h.first = FirstDeath{QStringLiteral("origin"), DeathReason::Expired, QStringLiteral("ex")};
    h.asPublished.insert(QStringLiteral("x-death"), QStringLiteral("as sent"));
    QVERIFY(!h.isEmpty());
    h.record(QStringLiteral("work"), DeathReason::Rejected, 2000, QString(), {}, std::nullopt);
    QCOMPARE(describe(h), QStringLiteral("work/rejected/5"));
    QCOMPARE(h.first->queue, QStringLiteral("origin"));
    QVERIFY(h.asPublished.isEmpty());
}

void TestDeathHistory::originalQueue()
{
    DeathHistory h;
    QCOMPARE(h.originalQueue(), QString());
    // Without a first death (a publisher sent records only): the oldest record.
    h.records.append(DeathRecord{QStringLiteral("newer"), DeathReason::Rejected, 1, 0, {}, {}, {}});
    h.records.append(DeathRecord{QStringLiteral("older"), DeathReason::Rejected, 1, 0, {}, {}, {}});
    QCOMPARE(h.originalQueue(), QStringLiteral("older"));
    h.first = FirstDeath{QStringLiteral("first"), DeathReason::Rejected, {}};
    QCOMPARE(h.originalQueue(), QStringLiteral("first"));
}

QTEST_GUILESS_MAIN(TestDeathHistory)
#include "tst_deathhistory.moc"
