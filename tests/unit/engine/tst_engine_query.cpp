// A query over queues in the engine: QueryScan walks the picked queues in
// steps of a bounded number of messages, resuming each queue by id, and
// Engine::startQuery runs it in slices on the event loop with matches,
// progress and cancel as signals. Queries also select what a transfer moves.

#include "EngineTestSupport.h"

#include "broker/engine/QueryScan.h"

#include <QSet>
#include <QSignalSpy>

using namespace depot;
using namespace depot::test;

class TestEngineQuery final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void matchesAcrossQueues();
    void wildcardsPickQueues();
    void queueConditionsSkipQueuesUnread();
    void badSpecsAreRefused();
    void budgetBoundsEachStep();
    void queueChangingUnderTheScan();
    void slicesOnTheEventLoop();
    void cancelStopsIt();
    void deletedQueueEndsItsWalk();
    void transferSelectsByQuery();
};

namespace {

query::Query parsed(const QString &text)
{
    query::QueryError error;
    const query::Query q = query::Query::parse(text, &error);
    [&] { QVERIFY2(q.isValid(), qPrintable(error.text())); }();
    return q;
}

QuerySpec spec(const QString &text, QStringList queues = {})
{
    return QuerySpec{parsed(text), std::move(queues)};
}

QString order(int i, const QString &customer)
{
    return QStringLiteral(R"({"order":%1,"customer":"%2"})").arg(i).arg(customer);
}

// queue/body of every match of a scan run to its end in steps of `budget`.
QStringList runScan(Engine &engine, const QuerySpec &s, quint64 budget = 100,
    const std::function<void()> &between = {})
{
    QStringList out;
    const auto started = QueryScan::start(engine, s);
    [&] { QVERIFY2(started.ok(), qPrintable(started.error.text)); }();
    if (!started.ok())
        return out;
    QueryScan &scan = *started.value;
    for (int steps = 0; !scan.done() && steps < 100000; ++steps) {
        for (const QueryMatch &m : scan.next(budget))
            out.append(m.queue + QLatin1Char('/') + QString::fromUtf8(m.view.state.content->body));
        if (between)
            between();
    }
    return out;
}

// Three queues of orders, one in three for frances.
void fill(Engine &engine, int perQueue)
{
    for (const QString &q : {QStringLiteral("orders.eu"), QStringLiteral("orders.us"), QStringLiteral("mail")}) {
        declare(engine, q);
        for (int i = 0; i < perQueue; ++i)
            publishTo(engine, q, order(i, i % 3 == 0 ? QStringLiteral("frances") : QStringLiteral("grace")));
    }
}

QStringList expected(const QStringList &queues, int perQueue)
{
    QStringList out;
    for (const QString &q : queues) {
        for (int i = 0; i < perQueue; i += 3)
            out.append(q + QLatin1Char('/') + order(i, QStringLiteral("frances")));
    }
    return out;
}

} // namespace

void TestEngineQuery::matchesAcrossQueues()
{
    Engine engine;
    engine.recover();
    fill(engine, 30);
    const QStringList got = runScan(engine, spec(QStringLiteral(R"(body.customer = "frances")")), 7);
    // Queues in name order, each in queue order.
    QCOMPARE(got, expected({QStringLiteral("mail"), QStringLiteral("orders.eu"), QStringLiteral("orders.us")}, 30));

    // The queue and the message's state take part.
    const QStringList young = runScan(engine, spec(QStringLiteral(R"(body.order < 2 and queue != "mail")")));
    QCOMPARE(young, (QStringList{QStringLiteral("orders.eu/") + order(0, QStringLiteral("frances")),
                        QStringLiteral("orders.eu/") + order(1, QStringLiteral("grace")),
                        QStringLiteral("orders.us/") + order(0, QStringLiteral("frances")),
                        QStringLiteral("orders.us/") + order(1, QStringLiteral("grace"))}));
}

void TestEngineQuery::wildcardsPickQueues()
{
    Engine engine;
    engine.recover();
    fill(engine, 9);
    declare(engine, QStringLiteral("orders"));
    publishTo(engine, QStringLiteral("orders"), order(0, QStringLiteral("frances")));
    const QString frances = QStringLiteral(R"(body.customer = "frances")");

    QCOMPARE(runScan(engine, spec(frances, {QStringLiteral("orders.*")})),
        expected({QStringLiteral("orders.eu"), QStringLiteral("orders.us")}, 9));
    QCOMPARE(runScan(engine, spec(frances, {QStringLiteral("orders.?s")})), expected({QStringLiteral("orders.us")}, 9));
    // Names and patterns together; a queue picked twice is walked once.
    QCOMPARE(runScan(engine, spec(frances, {QStringLiteral("mail"), QStringLiteral("*.us"), QStringLiteral("orders.us")})),
        expected({QStringLiteral("mail"), QStringLiteral("orders.us")}, 9));
    // A pattern is whole: "orders*" picks "orders" too, "orders.*" does not.
    QCOMPARE(QueryScan::pickQueues(engine, {QStringLiteral("orders*")}).value,
        (QStringList{QStringLiteral("orders"), QStringLiteral("orders.eu"), QStringLiteral("orders.us")}));
    QCOMPARE(QueryScan::pickQueues(engine, {}).value.size(), 4);
    // A pattern may pick nothing: the scan is done at once.
    const auto none = QueryScan::start(engine, spec(frances, {QStringLiteral("billing.*")}));
    QVERIFY(none.ok());
    QVERIFY(none.value->done());
    QCOMPARE(none.value->progress().queuesTotal, 0u);
}

void TestEngineQuery::queueConditionsSkipQueuesUnread()
{
    Engine engine;
    engine.recover();
    fill(engine, 12);
    const auto started = QueryScan::start(engine, spec(QStringLiteral(R"(queue like "orders.*" and body.order = 3)")));
    QVERIFY(started.ok());
    QueryScan &scan = *started.value;
    QCOMPARE(scan.progress().queuesTotal, 3u);
    QCOMPARE(scan.progress().messagesTotal, 24u); // mail's 12 are not counted
    QList<QueryMatch> all;
    while (!scan.done())
        all += scan.next(5);
    QCOMPARE(all.size(), 2);
    QCOMPARE(scan.progress().scanned, 24u); // nothing of mail was read
    QCOMPARE(scan.progress().queuesDone, 3u);
    QCOMPARE(scan.progress().matched, 2u);
}

void TestEngineQuery::badSpecsAreRefused()
{
    Engine engine;
    engine.recover();
    declare(engine, QStringLiteral("q"));
    const auto missing = QueryScan::start(engine, spec(QStringLiteral("size > 1"), {QStringLiteral("nope")}));
    QCOMPARE(missing.error.kind, ErrorKind::NotFound);
    QVERIFY2(missing.error.text.contains(QLatin1String("'nope'")), qPrintable(missing.error.text));
    QCOMPARE(engine.startQuery(spec(QStringLiteral("size > 1"), {QStringLiteral("nope")})).error.kind,
        ErrorKind::NotFound);
    query::QueryError error;
    const QuerySpec bad{query::Query::parse(QStringLiteral("age > 10"), &error), {}};
    QCOMPARE(engine.startQuery(bad).error.kind, ErrorKind::InvalidArgument);
    QCOMPARE(engine.runningQueries(), 0u);
}

void TestEngineQuery::budgetBoundsEachStep()
{
    Engine engine;
    engine.recover();
    fill(engine, 70); // 210 messages in three queues
    const auto started = QueryScan::start(engine, spec(QStringLiteral(R"(body.customer = "frances")")));
    QVERIFY(started.ok());
    QueryScan &scan = *started.value;
    QCOMPARE(scan.progress().messagesTotal, 210u);
    // A step goes on into the next queue while its budget lasts.
    QList<quint64> steps;
    quint64 before = 0;
    while (!scan.done()) {
        scan.next(100);
        steps.append(scan.progress().scanned - before);
        before = scan.progress().scanned;
    }
    QCOMPARE(steps, (QList<quint64>{100, 100, 10}));
    QCOMPARE(scan.progress().matched, 3u * 24u);
}

void TestEngineQuery::queueChangingUnderTheScan()
{
    Engine engine;
    engine.recover();
    declare(engine, QStringLiteral("a"));
    declare(engine, QStringLiteral("b"));
    for (int i = 0; i < 600; ++i) {
        publishTo(engine, QStringLiteral("a"), order(i, QStringLiteral("frances")));
        publishTo(engine, QStringLiteral("b"), order(i, QStringLiteral("frances")));
    }
    RecordingSink sink;
    const SessionId s = engine.openSession(engine.openConnection({}), &sink);
    QSet<QString> consumed;
    int late = 0;
    const QStringList seen = runScan(engine, spec(QStringLiteral(R"(body.customer = "frances")")), 50, [&] {
        // Between two steps consumers take 15 from each head and publishers
        // add 5 to each tail.
        for (const QString &q : {QStringLiteral("a"), QStringLiteral("b")}) {
            for (int i = 0; i < 15; ++i) {
                const auto got = engine.get(s, q, true);
                if (got.ok() && got.value)
                    consumed.insert(q + QLatin1Char('/') + QString::fromUtf8(got.value->content->body));
            }
            for (int i = 0; i < 5; ++i)
                publishTo(engine, q, order(1000 + late++, QStringLiteral("frances")));
        }
    });
    QVERIFY(!consumed.isEmpty());
    const QSet<QString> seenSet(seen.begin(), seen.end());
    QCOMPARE(seenSet.size(), seen.size()); // nothing twice
    for (const QString &q : {QStringLiteral("a"), QStringLiteral("b")}) {
        for (int i = 0; i < 600; ++i) {
            const QString m = q + QLatin1Char('/') + order(i, QStringLiteral("frances"));
            QVERIFY2(seenSet.contains(m) || consumed.contains(m), qPrintable(m)); // nothing skipped
        }
    }
    // What came after the scan began is not looked at.
    for (const QString &m : seen) {
        const int n = m.section(QLatin1Char(':'), 1, 1).section(QLatin1Char(','), 0, 0).toInt();
        QVERIFY2(n < 600, qPrintable(m));
    }
}

void TestEngineQuery::slicesOnTheEventLoop()
{
    Engine engine;
    engine.recover();
    declare(engine, QStringLiteral("big"));
    const int count = int(Engine::QuerySlice) * 2 + 500;
    for (int i = 0; i < count; ++i)
        publishTo(engine, QStringLiteral("big"), order(i, i % 10 == 0 ? QStringLiteral("frances") : QStringLiteral("x")));
    QList<QueryProgress> progress;
    QList<QueryMatch> matches;
    connect(&engine, &Engine::queryProgress, this, [&](const QueryProgress &p) { progress.append(p); });
    connect(&engine, &Engine::queryMatched, this, [&](quint64, const QList<QueryMatch> &m) { matches += m; });
    QSignalSpy finished(&engine, &Engine::queryFinished);
    const auto id = engine.startQuery(spec(QStringLiteral(R"(body.customer = "frances")")));
    QVERIFY(id.ok());
    QVERIFY(progress.isEmpty()); // nothing runs within the call
    QVERIFY(finished.wait(10000));
    // One slice per event-loop turn, each bounded.
    QCOMPARE(progress.size(), 3);
    quint64 before = 0;
    for (const QueryProgress &p : progress) {
        QCOMPARE(p.id, id.value);
        QVERIFY(p.scanned - before <= Engine::QuerySlice);
        before = p.scanned;
    }
    const auto last = finished.at(0).at(0).value<QueryProgress>();
    QVERIFY(last.done);
    QVERIFY(!last.cancelled);
    QCOMPARE(last.scanned, quint64(count));
    QCOMPARE(last.messagesTotal, quint64(count));
    QCOMPARE(last.matched, quint64(matches.size()));
    QCOMPARE(matches.size(), count / 10);
    QCOMPARE(engine.runningQueries(), 0u);
}

void TestEngineQuery::cancelStopsIt()
{
    Engine engine;
    engine.recover();
    declare(engine, QStringLiteral("big"));
    const int count = int(Engine::QuerySlice) * 5;
    for (int i = 0; i < count; ++i)
        publishTo(engine, QStringLiteral("big"), order(i, QStringLiteral("frances")));
    int slices = 0;
    int matched = 0;
    quint64 id = 0;
    connect(&engine, &Engine::queryMatched, this, [&](quint64, const QList<QueryMatch> &m) { matched += int(m.size()); });
    connect(&engine, &Engine::queryProgress, this, [&](const QueryProgress &) {
        if (++slices == 2)
            engine.cancelQuery(id); // from a slot, as a caller reacting to progress would
    });
    QSignalSpy finished(&engine, &Engine::queryFinished);
    id = engine.startQuery(spec(QStringLiteral(R"(body.customer = "frances")"))).value;
    QVERIFY(finished.wait(10000));
    const auto last = finished.at(0).at(0).value<QueryProgress>();
    QVERIFY(last.cancelled);
    QVERIFY(!last.done);
    QCOMPARE(last.scanned, 2 * Engine::QuerySlice);
    QCOMPARE(engine.runningQueries(), 0u);
    // Nothing more comes once it is cancelled.
    QTest::qWait(50);
    QCoreApplication::processEvents();
    QCOMPARE(slices, 2);
    QCOMPARE(matched, int(2 * Engine::QuerySlice));
    QCOMPARE(finished.size(), 1);
    engine.cancelQuery(id); // finished already: ignored
    QCOMPARE(finished.size(), 1);
}

void TestEngineQuery::deletedQueueEndsItsWalk()
{
    Engine engine;
    engine.recover();
    fill(engine, 30);
    QStringList got;
    bool deleted = false;
    got = runScan(engine, spec(QStringLiteral(R"(body.customer = "frances")")), 20, [&] {
        if (!deleted) {
            deleted = true;
            QVERIFY(engine.deleteQueue(QStringLiteral("mail"), false, false).ok());
        }
    });
    // mail's first 20 were looked at (7 frances), then it was gone.
    QCOMPARE(got.mid(7), expected({QStringLiteral("orders.eu"), QStringLiteral("orders.us")}, 30));
    QCOMPARE(got.size(), 7 + 20);
}

void TestEngineQuery::transferSelectsByQuery()
{
    Engine engine;
    engine.recover();
    fill(engine, 9);
    TransferSpec t;
    t.source = QStringLiteral("orders.eu");
    t.target = QStringLiteral("mail");
    t.filter.query = parsed(QStringLiteral(R"(body.customer = "frances" and queue = "orders.eu")"));
    const auto report = engine.transfer(t);
    QVERIFY(report.ok());
    QCOMPARE(report.value.done, 3u);
    QCOMPARE(runScan(engine, spec(QStringLiteral(R"(body.customer = "frances")"), {QStringLiteral("orders.eu")})),
        QStringList());
    QCOMPARE(engine.queue(QStringLiteral("mail"))->ready, 12u);
    // An invalid query selects nothing: the transfer is refused.
    query::QueryError error;
    t.filter.query = query::Query::parse(QStringLiteral("(id = 1"), &error);
    QCOMPARE(engine.transfer(t).error.kind, ErrorKind::InvalidArgument);
}

QTEST_GUILESS_MAIN(TestEngineQuery)
#include "tst_engine_query.moc"
