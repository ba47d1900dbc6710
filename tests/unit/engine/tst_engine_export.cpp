// What export and import need of the engine: browseNext walks a whole queue
// in slices and resumes by id, so consumers and publishers moving the queue
// between slices make it neither skip a message nor read one twice (paging
// by offset, as browse() does, skips as many as were consumed); and
// publishToQueue puts a message into one queue with its content as given.

#include "EngineTestSupport.h"

#include <QSet>

using namespace depot;
using namespace depot::test;

class TestEngineExport final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void walkWhileConsumersTakeFromTheHead();
    void newMessagesAreNotVisited();
    void heldMessagesAreVisitedOnceWhereverTheyAre();
    void prioritiesHighestFirst();
    void filterAndBudget();
    void deletedQueueEndsTheWalk();
    void publishToQueueKeepsTheContent();
    void publishToQueueAppliesTheQueueLimits();
};

namespace {

QStringList walk(Engine &engine, const QString &queue, quint64 budget, const MessageFilter &filter = {},
    const std::function<void()> &between = {})
{
    QStringList out;
    BrowseCursor cursor;
    int calls = 0;
    while (!cursor.done) {
        const QList<MessageView> views = engine.browseNext(queue, &cursor, budget, filter);
        [&] { QVERIFY(quint64(views.size()) <= budget); }();
        for (const MessageView &v : views)
            out.append(QString::fromUtf8(v.state.content->body));
        if (between)
            between();
        if (++calls > 100000)
            break;
    }
    return out;
}

} // namespace

void TestEngineExport::walkWhileConsumersTakeFromTheHead()
{
    Engine engine;
    engine.recover();
    declare(engine, QStringLiteral("q"));
    for (int i = 0; i < 1000; ++i)
        publishTo(engine, QStringLiteral("q"), QStringLiteral("m%1").arg(i));
    RecordingSink sink;
    const SessionId s = engine.openSession(engine.openConnection({}), &sink);
    QSet<QString> consumed;
    const QStringList seen = walk(engine, QStringLiteral("q"), 50, {}, [&] {
        // Between two slices a consumer takes 20 from the head.
        for (int i = 0; i < 20; ++i) {
            const auto got = engine.get(s, QStringLiteral("q"), true);
            if (got.ok() && got.value)
                consumed.insert(QString::fromUtf8(got.value->content->body));
        }
    });
    const QSet<QString> seenSet(seen.begin(), seen.end());
    QCOMPARE(seenSet.size(), seen.size()); // nothing twice
    for (int i = 0; i < 1000; ++i) {
        const QString body = QStringLiteral("m%1").arg(i);
        QVERIFY2(seenSet.contains(body) || consumed.contains(body), qPrintable(body)); // nothing skipped
    }
    // The walk is in queue order.
    for (qsizetype i = 1; i < seen.size(); ++i)
        QVERIFY(seen.at(i - 1).mid(1).toInt() < seen.at(i).mid(1).toInt());

    // Paging by position, as browse() does, skips what was consumed ahead of it.
    Engine engine2;
    engine2.recover();
    declare(engine2, QStringLiteral("q"));
    for (int i = 0; i < 200; ++i)
        publishTo(engine2, QStringLiteral("q"), QStringLiteral("m%1").arg(i));
    const SessionId s2 = engine2.openSession(engine2.openConnection({}), &sink);
    const QList<MessageView> first = engine2.browse(QStringLiteral("q"), 0, 50);
    for (int i = 0; i < 20; ++i)
        engine2.get(s2, QStringLiteral("q"), true);
    const QList<MessageView> second = engine2.browse(QStringLiteral("q"), 50, 50);
    QCOMPARE(QString::fromUtf8(second.first().state.content->body), QStringLiteral("m70")); // m50..m69 skipped
}

void TestEngineExport::newMessagesAreNotVisited()
{
    Engine engine;
    engine.recover();
    declare(engine, QStringLiteral("q"));
    for (int i = 0; i < 100; ++i)
        publishTo(engine, QStringLiteral("q"), QStringLiteral("old"));
    int published = 0;
    const QStringList seen = walk(engine, QStringLiteral("q"), 10, {}, [&] {
        publishTo(engine, QStringLiteral("q"), QStringLiteral("new"));
        ++published;
    });
    QCOMPARE(seen.size(), 100);
    QVERIFY(!seen.contains(QStringLiteral("new")));
    QCOMPARE(engine.queue(QStringLiteral("q"))->ready, quint64(100 + published));
}

void TestEngineExport::heldMessagesAreVisitedOnceWhereverTheyAre()
{
    Engine engine;
    engine.recover();
    declare(engine, QStringLiteral("q"));
    for (int i = 0; i < 10; ++i)
        publishTo(engine, QStringLiteral("q"), QStringLiteral("m%1").arg(i));
    RecordingSink sink;
    const SessionId s = engine.openSession(engine.openConnection({}), &sink);
    // m0..m2 are unacked when the walk begins.
    QList<quint64> tags;
    for (int i = 0; i < 3; ++i)
        tags.append(engine.get(s, QStringLiteral("q"), false).value->deliveryTag);
    BrowseCursor cursor;
    QStringList seen;
    QList<bool> unacked;
    auto take = [&](quint64 budget) {
        for (const MessageView &v : engine.browseNext(QStringLiteral("q"), &cursor, budget)) {
            seen.append(QString::fromUtf8(v.state.content->body));
            unacked.append(v.unacked);
        }
    };
    take(2);
    // m0 goes back to the queue (ahead of where the walk is), m1 is acked.
    QVERIFY(engine.reject(s, tags.at(0), true).ok());
    QVERIFY(engine.ack(s, tags.at(1), false).ok());
    while (!cursor.done)
        take(3);
    QCOMPARE(seen.size(), QSet<QString>(seen.begin(), seen.end()).size());
    QVERIFY(seen.contains(QStringLiteral("m0"))); // requeued after the walk began: still seen once
    QVERIFY(!seen.contains(QStringLiteral("m1"))); // acked meanwhile: gone
    QVERIFY(seen.contains(QStringLiteral("m2"))); // unacked throughout
    QCOMPARE(unacked.at(seen.indexOf(QStringLiteral("m2"))), true);
    QCOMPARE(unacked.at(seen.indexOf(QStringLiteral("m0"))), false);
    for (int i = 3; i < 10; ++i)
        QVERIFY(seen.contains(QStringLiteral("m%1").arg(i)));
    QCOMPARE(seen.size(), 9);
    QCOMPARE(engine.queue(QStringLiteral("q"))->ready + engine.queue(QStringLiteral("q"))->unacked, quint64(9));
}

void TestEngineExport::prioritiesHighestFirst()
{
    Engine engine;
    engine.recover();
    declare(engine, QStringLiteral("p"), {{QStringLiteral("x-max-priority"), 5}});
    publishTo(engine, QStringLiteral("p"), QStringLiteral("low"), {}, {}, withPriorityOption(0));
    publishTo(engine, QStringLiteral("p"), QStringLiteral("high"), {}, {}, withPriorityOption(5));
    publishTo(engine, QStringLiteral("p"), QStringLiteral("mid"), {}, {}, withPriorityOption(3));
    QCOMPARE(walk(engine, QStringLiteral("p"), 1),
        (QStringList{QStringLiteral("high"), QStringLiteral("mid"), QStringLiteral("low")}));
}

void TestEngineExport::filterAndBudget()
{
    Engine engine;
    engine.recover();
    declare(engine, QStringLiteral("q"));
    for (int i = 0; i < 300; ++i)
        publishTo(engine, QStringLiteral("q"),
            i % 3 ? QStringLiteral("other %1").arg(i) : QStringLiteral("frances %1").arg(i));
    MessageFilter filter;
    filter.text = QStringLiteral("FRANCES");
    BrowseCursor cursor;
    const QList<MessageView> first = engine.browseNext(QStringLiteral("q"), &cursor, 30, filter);
    QCOMPARE(first.size(), 10); // 30 looked at, a third of them match
    QCOMPARE(cursor.visited, quint64(30));
    QCOMPARE(walk(engine, QStringLiteral("q"), 7, filter).size(), 100);
}

void TestEngineExport::deletedQueueEndsTheWalk()
{
    Engine engine;
    engine.recover();
    declare(engine, QStringLiteral("q"));
    for (int i = 0; i < 10; ++i)
        publishTo(engine, QStringLiteral("q"), QStringLiteral("m"));
    BrowseCursor cursor;
    QCOMPARE(engine.browseNext(QStringLiteral("q"), &cursor, 4).size(), 4);
    QVERIFY(engine.deleteQueue(QStringLiteral("q"), false, false).ok());
    QVERIFY(engine.browseNext(QStringLiteral("q"), &cursor, 4).isEmpty());
    QVERIFY(cursor.done);
}

void TestEngineExport::publishToQueueKeepsTheContent()
{
    FakeClock clock;
    Engine engine;
    engine.setClock(clock.clock());
    engine.recover();
    declare(engine, QStringLiteral("target"));
    MessageContent content;
    content.exchange = QStringLiteral("orders"); // no such exchange here: it is only what the message says
    content.routingKey = QStringLiteral("eu.new");
    content.properties.messageId = QStringLiteral("m-1");
    content.properties.headers = QVariantMap{{QStringLiteral("n"), 1}};
    content.body = "hello";
    content.deaths.record(QStringLiteral("orders"), DeathReason::Rejected, 5, QStringLiteral("orders"),
        {QStringLiteral("eu.new")}, std::nullopt);
    PublishOptions options;
    options.ttlMs = 60000;
    const PublishResult r = engine.publishToQueue(QStringLiteral("target"), content, options);
    QVERIFY(!r.error);
    QVERIFY(r.routed);
    QVERIFY(r.messageId != 0);
    const QList<MessageView> views = engine.browse(QStringLiteral("target"), 0, 10);
    QCOMPARE(views.size(), 1);
    // The content as given, with the options' TTL typed in it (moves and
    // dead letters carry it on).
    MessageContent expected = content;
    expected.ttlMs = 60000;
    QVERIFY(*views.first().state.content == expected);
    QCOMPARE(views.first().state.expiresAt, *clock.ms + 60000);
    QCOMPARE(engine.publishToQueue(QStringLiteral("nowhere"), content).error.kind, ErrorKind::NotFound);
}

void TestEngineExport::publishToQueueAppliesTheQueueLimits()
{
    Engine engine;
    engine.recover();
    declare(engine, QStringLiteral("small"),
        {{QStringLiteral("x-max-length"), 1}, {QStringLiteral("x-overflow"), QStringLiteral("reject-publish")}});
    MessageContent content;
    content.body = "a";
    QVERIFY(!engine.publishToQueue(QStringLiteral("small"), content).rejected);
    QVERIFY(engine.publishToQueue(QStringLiteral("small"), content).rejected);
    QCOMPARE(engine.queue(QStringLiteral("small"))->ready, quint64(1));
}

QTEST_GUILESS_MAIN(TestEngineExport)
#include "tst_engine_export.moc"
