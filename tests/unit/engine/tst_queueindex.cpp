// QueueIndex: ready order per priority, tombstones, delayed messages,
// expiries and paging candidates, with the invariants checked after every step.

#include "broker/engine/QueueIndex.h"

#include <QTest>

using namespace depot;
using namespace depot::engine_detail;

class TestQueueIndex final : public QObject
{
    Q_OBJECT

private:
    static Entry entry(MessageId id, quint8 priority = 0, quint32 size = 10)
    {
        Entry e;
        e.m.id = id;
        e.m.priority = priority;
        e.m.bodySize = size;
        return e;
    }
    static QList<MessageId> order(QueueIndex &index)
    {
        // What delivery would take, in turn, without changing the index.
        QList<MessageId> out;
        for (int level = index.levelCount() - 1; level >= 0; --level) {
            for (const Entry &e : index.level(level)) {
                if (!e.dead)
                    out.append(e.m.id);
            }
        }
        return out;
    }

    static Entry grouped(MessageId id, const QString &group)
    {
        Entry e = entry(id);
        MessageContent c;
        c.groupKey = group;
        e.m.content = std::make_shared<const MessageContent>(std::move(c));
        e.stored = true;
        return e;
    }

private Q_SLOTS:
    void groupsBlockWhileLeased();
    void readyOrderIsPriorityThenId();
    void takenFromTheMiddleLeavesATombstoneThatRevives();
    void tombstonesAreTrimmedAndCompacted();
    void delayedMessagesByDueTime();
    void dueExpiriesSkipGoneAndChangedMessages();
    void committedBodiesLeaveMemoryBeyondTheHead();
    void clearEmptiesEverything();
    void takenMessagesGoBackToTheirPlaces();
};

#define CHECK_INVARIANTS(index)                                                                                        \
    do {                                                                                                               \
        const QString why = (index).checkInvariants();                                                                 \
        QVERIFY2(why.isEmpty(), qPrintable(why));                                                                      \
    } while (false)

void TestQueueIndex::readyOrderIsPriorityThenId()
{
    QueueIndex index(3);
    QCOMPARE(index.levelCount(), 4);
    QCOMPARE(index.levelFor(9), quint8(3)); // capped
    index.pushReady(entry(1, 0), 100);
    index.pushReady(entry(2, 3), 100);
    index.pushReady(entry(3, 1), 100);
    index.pushReady(entry(4, 3), 100);
    CHECK_INVARIANTS(index);
    QCOMPARE(order(index), (QList<MessageId>{2, 4, 3, 1}));
    QCOMPARE(index.readyCount(), 4u);
    QCOMPARE(index.readyBytes(), 40u);
    QCOMPARE(index.head()->m.id, MessageId(2));
    QCOMPARE(index.takeReady(index.head()).m.id, MessageId(2));
    CHECK_INVARIANTS(index);
    QCOMPARE(index.head()->m.id, MessageId(4));
    QCOMPARE(index.readyCount(), 3u);
}

void TestQueueIndex::takenFromTheMiddleLeavesATombstoneThatRevives()
{
    QueueIndex index;
    for (MessageId id = 1; id <= 5; ++id)
        index.pushReady(entry(id), 100);
    Entry taken = index.takeReady(index.findReady(3));
    CHECK_INVARIANTS(index);
    QCOMPARE(index.tombstones(0), 1u);
    QVERIFY(!index.findReady(3));
    QCOMPARE(order(index), (QList<MessageId>{1, 2, 4, 5}));
    // A requeue puts it back at its place, in its own tombstone.
    index.insertReady(std::move(taken));
    CHECK_INVARIANTS(index);
    QCOMPARE(index.tombstones(0), 0u);
    QCOMPARE(order(index), (QList<MessageId>{1, 2, 3, 4, 5}));
    // Taken from the head: no tombstone stays; put back, it goes in front.
    Entry first = index.takeReady(index.head());
    CHECK_INVARIANTS(index);
    QCOMPARE(index.tombstones(0), 0u);
    index.insertReady(std::move(first));
    CHECK_INVARIANTS(index);
    QCOMPARE(order(index), (QList<MessageId>{1, 2, 3, 4, 5}));
}

void TestQueueIndex::tombstonesAreTrimmedAndCompacted()
{
    QueueIndex index;
    for (MessageId id = 1; id <= 5000; ++id)
        index.pushReady(entry(id), 100'000);
    // Three of every four from the middle: once the tombstones outnumber
    // the live messages they are compacted away.
    for (MessageId id = 2; id <= 5000; ++id) {
        if (id % 4 != 1)
            index.takeReady(index.findReady(id));
    }
    CHECK_INVARIANTS(index);
    QVERIFY(index.tombstones(0) < 2500);
    QVERIFY(index.level(0).size() < 5000 - 2500);
    QCOMPARE(index.readyCount(), 1250u);
    QCOMPARE(index.findReady(4997)->m.id, MessageId(4997));
    // Taking the head trims tombstones at the front.
    while (index.head())
        index.takeReady(index.head());
    CHECK_INVARIANTS(index);
    QCOMPARE(index.level(0).size(), size_t(0));
    QCOMPARE(index.tombstones(0), 0u);
}

void TestQueueIndex::delayedMessagesByDueTime()
{
    QueueIndex index;
    Entry late = entry(1);
    late.m.readyAt = 500;
    Entry early = entry(2);
    early.m.readyAt = 100;
    index.addDelayed(std::move(late));
    index.addDelayed(std::move(early));
    CHECK_INVARIANTS(index);
    QCOMPARE(index.delayedCount(), size_t(2));
    QCOMPARE(index.delayedBytes(), 20u);
    QCOMPARE(index.readyCount(), 0u);
    QCOMPARE(index.nextDelayedAt(), qint64(100));
    QCOMPARE(index.takeFirstDelayed().m.id, MessageId(2));
    CHECK_INVARIANTS(index);
    Entry removed;
    QVERIFY(!index.removeDelayed(7, &removed));
    QVERIFY(index.removeDelayed(1, &removed));
    QCOMPARE(removed.m.id, MessageId(1));
    QCOMPARE(index.delayedBytes(), 0u);
    QCOMPARE(index.nextDelayedAt(), qint64(0));
    CHECK_INVARIANTS(index);
}

void TestQueueIndex::dueExpiriesSkipGoneAndChangedMessages()
{
    QueueIndex index(1);
    for (MessageId id = 1; id <= 4; ++id) {
        Entry e = entry(id, quint8(id % 2));
        e.m.expiresAt = qint64(id) * 100;
        index.watchExpiry(e);
        index.pushReady(std::move(e), 100);
    }
    CHECK_INVARIANTS(index);
    QCOMPARE(index.nextExpiry(), qint64(100));
    index.takeReady(index.findReady(1)); // gone (delivered): its key is stale
    Entry second = index.takeReady(index.findReady(2));
    second.m.expiresAt = 10'000; // came back with another expiry
    index.watchExpiry(second);
    index.insertReady(std::move(second));
    CHECK_INVARIANTS(index);
    const auto due = index.takeDueExpiries(300);
    QCOMPARE(due.size(), size_t(1));
    QCOMPARE(due.at(0).first, MessageId(3));
    QCOMPARE(due.at(0).second, quint8(1));
    QCOMPARE(index.nextExpiry(), qint64(400));
}

void TestQueueIndex::committedBodiesLeaveMemoryBeyondTheHead()
{
    QueueIndex index;
    auto body = std::make_shared<const MessageContent>();
    for (MessageId id = 1; id <= 6; ++id) {
        Entry e = entry(id);
        e.m.content = body;
        e.stored = true;
        e.storeSeq = id <= 4 ? 1 : 2;
        index.pushReady(std::move(e), 2); // the first two stay in memory
    }
    CHECK_INVARIANTS(index);
    index.dropCommittedBodies(1, 2); // 3 and 4 are committed; 5 and 6 not yet
    QVERIFY(index.findReady(1)->m.content);
    QVERIFY(index.findReady(2)->m.content);
    QVERIFY(!index.findReady(3)->m.content);
    QVERIFY(!index.findReady(4)->m.content);
    QVERIFY(index.findReady(5)->m.content);
    // Meanwhile 5 came near the head: it keeps its body when committed.
    index.takeReady(index.head());
    index.takeReady(index.head());
    index.takeReady(index.head());
    index.dropCommittedBodies(2, 2);
    QVERIFY(index.findReady(5)->m.content);
    QVERIFY(!index.findReady(6)->m.content);
    CHECK_INVARIANTS(index);
}

void TestQueueIndex::clearEmptiesEverything()
{
    QueueIndex index(2);
    Entry e = entry(1, 2);
    e.m.expiresAt = 50;
    index.watchExpiry(e);
    index.pushReady(std::move(e), 100);
    index.pushReady(entry(2), 100);
    index.takeReady(index.findReady(2));
    Entry d = entry(3);
    d.m.readyAt = 10;
    index.addDelayed(std::move(d));
    index.clear();
    CHECK_INVARIANTS(index);
    QCOMPARE(index.readyCount(), 0u);
    QCOMPARE(index.readyBytes(), 0u);
    QCOMPARE(index.delayedCount(), size_t(0));
    QCOMPARE(index.nextExpiry(), qint64(0));
    QVERIFY(!index.head());
    QCOMPARE(index.levelCount(), 3);
}

// Undo of the window's Delete and Purge: messages taken out (from the
// middle, leaving tombstones, or all at once) go back to their id positions
// among those that arrived meanwhile, per priority level, their expiries
// watched again.
void TestQueueIndex::takenMessagesGoBackToTheirPlaces()
{
    QueueIndex index(2);
    for (MessageId id = 1; id <= 6; ++id) {
        Entry e = entry(id, quint8(id % 3));
        e.m.expiresAt = id == 4 ? 5000 : 0;
        index.pushReady(std::move(e), 1000);
    }
    const QList<MessageId> before = order(index); // by level: 2 5, 1 4, 3 6
    std::vector<Entry> taken;
    taken.push_back(index.takeReady(index.findReady(4)));
    taken.push_back(index.takeReady(index.findReady(2)));
    CHECK_INVARIANTS(index);
    index.pushReady(entry(7, 1), 1000);
    index.restoreReady(std::move(taken));
    CHECK_INVARIANTS(index);
    QCOMPARE(order(index), (QList<MessageId>{2, 5, 1, 4, 7, 3, 6}));
    QCOMPARE(index.readyCount(), 7u);
    QCOMPARE(index.takeDueExpiries(5000), (std::vector<std::pair<MessageId, quint8>>{{4, 1}}));

    index.addDelayed(entry(8));
    std::vector<Entry> all = index.takeAll();
    QCOMPARE(all.size(), size_t(8));
    QCOMPARE(all.back().m.id, 8u); // the delayed one last
    QCOMPARE(index.readyCount(), 0u);
    QCOMPARE(index.delayedCount(), size_t(0));
    CHECK_INVARIANTS(index);
    all.pop_back();
    std::erase_if(all, [](const Entry &e) { return e.m.id == 7; });
    index.restoreReady(std::move(all));
    CHECK_INVARIANTS(index);
    QCOMPARE(order(index), before);
}

void TestQueueIndex::groupsBlockWhileLeased()
{
    QueueIndex index;
    index.setGrouped(true);
    index.pushReady(grouped(1, QStringLiteral("a")), 0);
    index.pushReady(grouped(2, QStringLiteral("a")), 0);
    index.pushReady(grouped(3, QStringLiteral("b")), 0);
    index.pushReady(grouped(4, QStringLiteral("a")), 0);
    CHECK_INVARIANTS(index);
    QCOMPARE(index.headDeliverable()->m.id, MessageId(1));
    Entry first = index.takeReady(index.headDeliverable());
    index.groupLeased(QStringLiteral("a"));
    QVERIFY(index.groupBlocked(QStringLiteral("a")));
    // a is blocked: b's message is next, not a's second.
    QCOMPARE(index.headDeliverable()->m.id, MessageId(3));
    // The caller taking from a in this call may go on with a, in order.
    const std::vector<QString> taking{QStringLiteral("a")};
    QCOMPARE(index.headDeliverable(&taking)->m.id, MessageId(2));
    Entry third = index.takeReady(index.headDeliverable());
    index.groupLeased(QStringLiteral("b"));
    QCOMPARE(index.headDeliverable(), nullptr); // both groups blocked
    QCOMPARE(index.blockedGroups(), 2u);
    // a's message comes back to its place: still blocked while counted.
    index.insertReady(std::move(first));
    QCOMPARE(index.headDeliverable(), nullptr);
    index.groupReturned(QStringLiteral("a"));
    QCOMPARE(index.headDeliverable()->m.id, MessageId(1));
    index.groupReturned(QStringLiteral("b"));
    QCOMPARE(index.blockedGroups(), 0u);
    CHECK_INVARIANTS(index);
    // Grouped indexes keep their bodies: nothing to page.
    index.dropCommittedBodies(std::numeric_limits<quint64>::max(), 0);
    for (const Entry &e : index.level(0))
        QVERIFY(e.dead || e.m.content);
    // An index without groups ignores them.
    QueueIndex plain;
    plain.pushReady(grouped(1, QStringLiteral("a")), 0);
    plain.groupLeased(QStringLiteral("a"));
    QCOMPARE(plain.headDeliverable()->m.id, MessageId(1));
}

QTEST_GUILESS_MAIN(TestQueueIndex)
#include "tst_queueindex.moc"
