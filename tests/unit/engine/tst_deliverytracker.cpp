// DeliveryTracker: leases, their handles, deadlines and the counts the
// engine reads, with the invariants checked after every step.

#include "broker/engine/EnginePrivate.h"

#include <QTest>

using namespace depot;
using namespace depot::engine_detail;

class TestDeliveryTracker final : public QObject
{
    Q_OBJECT

private:
    static Entry entry(MessageId id, quint32 size = 10)
    {
        Entry e;
        e.m.id = id;
        e.m.bodySize = size;
        return e;
    }

private Q_SLOTS:
    void openCountsAndCloseUncounts();
    void handleOfEndedLeaseNamesNothing();
    void deadlinesComeDueInOrder();
    void extensionMovesTheDeadline();
    void disownedLeaseStaysWithoutOwner();
    void forgottenQueueAndConsumerStopCounting();
    void staleDeadlinesAreCompacted();
    void leasesBlockTheirGroup();
};

#define CHECK_INVARIANTS(t)                                                                                            \
    do {                                                                                                               \
        const QString why = (t).checkInvariants();                                                                     \
        QVERIFY2(why.isEmpty(), qPrintable(why));                                                                      \
    } while (false)

void TestDeliveryTracker::openCountsAndCloseUncounts()
{
    DeliveryTracker t;
    Queue q;
    Session s;
    Consumer c;
    const LeaseHandle a = t.open(&q, &s, &c, entry(1, 10), 0);
    const LeaseHandle b = t.open(&q, &s, nullptr, entry(2, 5), 0);
    CHECK_INVARIANTS(t);
    QVERIFY(a != 0 && b != 0 && a != b);
    QCOMPARE(t.size(), 2u);
    QCOMPARE(q.unackedCount, 2u);
    QCOMPARE(q.unackedBytes, 15u);
    QCOMPARE(s.liveUnacked, 2u);
    QCOMPARE(c.unacked, 1u);
    QCOMPARE(t.find(a)->entry.m.id, MessageId(1));

    const Entry e = t.close(a);
    CHECK_INVARIANTS(t);
    QCOMPARE(e.m.id, MessageId(1));
    QCOMPARE(q.unackedCount, 1u);
    QCOMPARE(q.unackedBytes, 5u);
    QCOMPARE(s.liveUnacked, 1u);
    QCOMPARE(c.unacked, 0u);
    t.close(b);
    CHECK_INVARIANTS(t);
    QCOMPARE(t.size(), 0u);
    QCOMPARE(q.unackedCount, 0u);
    QCOMPARE(q.unackedBytes, 0u);
}

void TestDeliveryTracker::handleOfEndedLeaseNamesNothing()
{
    DeliveryTracker t;
    Queue q;
    const LeaseHandle a = t.open(&q, nullptr, nullptr, entry(1), 0);
    t.close(a);
    QVERIFY(!t.find(a));
    // The slot is reused; the old handle must not name the new lease.
    const LeaseHandle b = t.open(&q, nullptr, nullptr, entry(2), 0);
    CHECK_INVARIANTS(t);
    QCOMPARE(quint32(a), quint32(b));
    QVERIFY(a != b);
    QVERIFY(!t.find(a));
    QCOMPARE(t.find(b)->entry.m.id, MessageId(2));
    QVERIFY(!t.find(0));
    QVERIFY(!t.find(b + 1));
}

void TestDeliveryTracker::deadlinesComeDueInOrder()
{
    DeliveryTracker t;
    Queue q;
    const LeaseHandle late = t.open(&q, nullptr, nullptr, entry(1), 300);
    const LeaseHandle none = t.open(&q, nullptr, nullptr, entry(2), 0);
    const LeaseHandle early = t.open(&q, nullptr, nullptr, entry(3), 100);
    CHECK_INVARIANTS(t);
    QCOMPARE(t.withDeadline(), 2u);
    QCOMPARE(t.nextDeadline(), qint64(100));
    QCOMPARE(t.takeDue(99), LeaseHandle(0));
    QCOMPARE(t.takeDue(100), early);
    t.close(early);
    CHECK_INVARIANTS(t);
    QCOMPARE(t.takeDue(299), LeaseHandle(0));
    QCOMPARE(t.nextDeadline(), qint64(300));
    QCOMPARE(t.takeDue(1000), late);
    t.close(late);
    QCOMPARE(t.takeDue(1000), LeaseHandle(0));
    QCOMPARE(t.nextDeadline(), qint64(0));
    QVERIFY(t.find(none));
    CHECK_INVARIANTS(t);
}

void TestDeliveryTracker::extensionMovesTheDeadline()
{
    DeliveryTracker t;
    Queue q;
    const LeaseHandle a = t.open(&q, nullptr, nullptr, entry(1), 100);
    t.setDeadline(a, 500);
    CHECK_INVARIANTS(t);
    QCOMPARE(t.nextDeadline(), qint64(500));
    QCOMPARE(t.takeDue(400), LeaseHandle(0));
    t.setDeadline(a, 50); // earlier is allowed too
    QCOMPARE(t.nextDeadline(), qint64(50));
    t.setDeadline(a, 0); // no deadline at all
    CHECK_INVARIANTS(t);
    QCOMPARE(t.withDeadline(), 0u);
    QCOMPARE(t.takeDue(10'000), LeaseHandle(0));
    // A lease that ended leaves its deadline behind, never due.
    const LeaseHandle b = t.open(&q, nullptr, nullptr, entry(2), 200);
    t.close(b);
    QCOMPARE(t.takeDue(10'000), LeaseHandle(0));
    CHECK_INVARIANTS(t);
}

void TestDeliveryTracker::disownedLeaseStaysWithoutOwner()
{
    DeliveryTracker t;
    Queue q;
    Session s;
    const LeaseHandle a = t.open(&q, &s, nullptr, entry(1), 100);
    t.disown(a);
    CHECK_INVARIANTS(t);
    QCOMPARE(s.liveUnacked, 0u);
    QVERIFY(t.find(a));
    QCOMPARE(t.find(a)->owner, nullptr);
    QCOMPARE(q.unackedCount, 1u);
    t.close(a);
    CHECK_INVARIANTS(t);
    QCOMPARE(s.liveUnacked, 0u);
}

void TestDeliveryTracker::forgottenQueueAndConsumerStopCounting()
{
    DeliveryTracker t;
    Queue q;
    Queue other;
    Session s;
    Consumer c;
    const LeaseHandle a = t.open(&q, &s, &c, entry(1), 0);
    const LeaseHandle b = t.open(&other, &s, &c, entry(2), 0);
    t.forgetConsumer(a, &c);
    t.forgetConsumer(a, &c); // twice changes nothing
    CHECK_INVARIANTS(t);
    QCOMPARE(c.unacked, 1u);
    t.forgetQueue(&q);
    CHECK_INVARIANTS(t);
    QCOMPARE(q.unackedCount, 0u);
    QCOMPARE(t.find(a)->queue, nullptr);
    QCOMPARE(t.find(b)->queue, &other);
    QCOMPARE(other.unackedCount, 1u);
    t.close(a);
    t.close(b);
    CHECK_INVARIANTS(t);
    QCOMPARE(s.liveUnacked, 0u);
    QCOMPARE(c.unacked, 0u);
    QCOMPARE(other.unackedCount, 0u);
}

void TestDeliveryTracker::staleDeadlinesAreCompacted()
{
    DeliveryTracker t;
    Queue q;
    const LeaseHandle a = t.open(&q, nullptr, nullptr, entry(1), 1);
    // Many extensions of one lease: the heap stays valid and bounded.
    for (qint64 at = 2; at < 5000; ++at)
        t.setDeadline(a, at);
    CHECK_INVARIANTS(t);
    QCOMPARE(t.nextDeadline(), qint64(4999));
    QCOMPARE(t.takeDue(4998), LeaseHandle(0));
    QCOMPARE(t.takeDue(4999), a);
}

void TestDeliveryTracker::leasesBlockTheirGroup()
{
    DeliveryTracker t;
    Queue q;
    q.index.setGrouped(true);
    auto inGroup = [](MessageId id, const QString &group) {
        Entry e = entry(id);
        MessageContent c;
        c.groupKey = group;
        e.m.content = std::make_shared<const MessageContent>(std::move(c));
        return e;
    };
    const LeaseHandle a1 = t.open(&q, nullptr, nullptr, inGroup(1, QStringLiteral("a")), 1000);
    const LeaseHandle a2 = t.open(&q, nullptr, nullptr, inGroup(2, QStringLiteral("a")), 1000);
    const LeaseHandle b1 = t.open(&q, nullptr, nullptr, inGroup(3, QStringLiteral("b")), 0);
    CHECK_INVARIANTS(t);
    QCOMPARE(q.index.leasedInGroup(QStringLiteral("a")), 2u);
    QVERIFY(q.index.groupBlocked(QStringLiteral("b")));
    t.close(a1);
    CHECK_INVARIANTS(t);
    QVERIFY(q.index.groupBlocked(QStringLiteral("a"))); // a2 still holds it
    t.close(b1);
    QVERIFY(!q.index.groupBlocked(QStringLiteral("b")));
    QCOMPARE(t.takeDue(1000), a2);
    t.close(a2);
    CHECK_INVARIANTS(t);
    QCOMPARE(q.index.blockedGroups(), 0u);
}

QTEST_GUILESS_MAIN(TestDeliveryTracker)
#include "tst_deliverytracker.moc"
