// Engine transfers (replay, move, copy), browsing and MessageFilter.

#include "EngineTestSupport.h"

#include <QSignalSpy>

using namespace depot;
using namespace depot::test;

class TestEngineTransfer final : public QObject
{
    Q_OBJECT

private:
    static void fill(Engine &engine, const QString &queue, int n)
    {
        for (int i = 0; i < n; ++i) {
            MessageProperties p;
            p.headers = QVariantMap{{QStringLiteral("order"), i}, {QStringLiteral("kind"), i % 2 ? QStringLiteral("Odd") : QStringLiteral("even")}};
            engine.publish(QString(), queue, p, QStringLiteral("body %1").arg(i).toUtf8());
        }
    }

private Q_SLOTS:
    void filter_data();
    void filter();
    void moveByIds();
    void moveAllAndCopy();
    void moveByFilter();
    void replayToOriginalQueue();
    void movedMessagesTakeTheirTypedTtlAndPriority();
    void errors();
    void cancelHalfWay();
    void browseChangesNothing();
    void browseIdsFollowBrowseOrder();
    void browsePagesMatchTheWholeOrder();
};

void TestEngineTransfer::filter_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("regex");
    QTest::addColumn<bool>("caseSensitive");
    QTest::addColumn<bool>("matches");
    QTest::addRow("empty") << QString() << false << false << true;
    QTest::addRow("body text") << QStringLiteral("payment") << false << false << true;
    QTest::addRow("body case-insensitive") << QStringLiteral("PAYMENT") << false << false << true;
    QTest::addRow("body case-sensitive") << QStringLiteral("PAYMENT") << false << true << false;
    QTest::addRow("routing key") << QStringLiteral("orders.eu") << false << false << true;
    QTest::addRow("header name") << QStringLiteral("tenant") << false << false << true;
    QTest::addRow("header value") << QStringLiteral("acme") << false << false << true;
    QTest::addRow("nested x-death queue") << QStringLiteral("billing") << false << false << true;
    QTest::addRow("death record queue") << QStringLiteral("ledger") << false << false << true;
    QTest::addRow("death record reason") << QStringLiteral("reason=maxlen") << false << false << true;
    QTest::addRow("absent") << QStringLiteral("refund") << false << false << false;
    QTest::addRow("regex") << QStringLiteral("pay\\w+ fail") << true << false << true;
    QTest::addRow("regex no match") << QStringLiteral("^failed") << true << false << false;
    QTest::addRow("invalid regex") << QStringLiteral("(") << true << false << false;
}

void TestEngineTransfer::filter()
{
    QFETCH(QString, text);
    QFETCH(bool, regex);
    QFETCH(bool, caseSensitive);
    QFETCH(bool, matches);
    MessageContent content;
    content.routingKey = QStringLiteral("orders.eu");
    content.body = "payment failed: card declined";
    content.properties.headers = QVariantMap{
        {QStringLiteral("tenant"), QStringLiteral("acme")},
        {QStringLiteral("x-death"), QVariantList{QVariantMap{{QStringLiteral("queue"), QStringLiteral("billing")}}}}};
    content.deaths.record(QStringLiteral("ledger"), DeathReason::MaxLen, 0, QString(), {}, std::nullopt);
    const MessageFilter f{text, regex, caseSensitive};
    QCOMPARE(f.matches(content), matches);
}

void TestEngineTransfer::moveByIds()
{
    FakeClock clock;
    Engine engine;
    engine.setClock(clock.clock());
    declare(engine, QStringLiteral("a"));
    declare(engine, QStringLiteral("b"));
    fill(engine, QStringLiteral("a"), 5);
    fill(engine, QStringLiteral("b"), 1);
    const auto views = engine.browse(QStringLiteral("a"), 0, 10);
    TransferSpec spec;
    spec.source = QStringLiteral("a");
    spec.target = QStringLiteral("b");
    spec.ids = {views.at(3).state.id, views.at(1).state.id, 987654};
    const auto r = engine.transfer(spec);
    QVERIFY(r.ok());
    QCOMPARE(r.value.total, 3u);
    QCOMPARE(r.value.done, 2u);
    QCOMPARE(r.value.skipped, 1u);
    QCOMPARE(browseBodies(engine, QStringLiteral("a")),
             (QStringList{QStringLiteral("body 0"), QStringLiteral("body 2"), QStringLiteral("body 4")}));
    // At the target's tail, in the order requested, with fresh delivery state and new ids.
    QCOMPARE(browseBodies(engine, QStringLiteral("b")),
             (QStringList{QStringLiteral("body 0"), QStringLiteral("body 3"), QStringLiteral("body 1")}));
    const auto moved = engine.browse(QStringLiteral("b"), 1, 1).at(0);
    QVERIFY(moved.state.id > views.at(4).state.id);
    QCOMPARE(moved.state.deliveryCount, 0u);
    QCOMPARE(moved.state.content->properties.headers->value(QStringLiteral("order")).toInt(), 3);
}

void TestEngineTransfer::moveAllAndCopy()
{
    Engine engine;
    declare(engine, QStringLiteral("a"));
    declare(engine, QStringLiteral("b"));
    declare(engine, QStringLiteral("c"));
    fill(engine, QStringLiteral("a"), 1200);   // more than one slice
    TransferSpec copy;
    copy.source = QStringLiteral("a");
    copy.target = QStringLiteral("c");
    copy.mode = TransferSpec::Mode::Copy;
    auto r = engine.transfer(copy);
    QCOMPARE(r.value.done, 1200u);
    QCOMPARE(engine.queue(QStringLiteral("a"))->ready, 1200u);
    QCOMPARE(engine.queue(QStringLiteral("c"))->ready, 1200u);
    TransferSpec move;
    move.source = QStringLiteral("a");
    move.target = QStringLiteral("b");
    r = engine.transfer(move);
    QCOMPARE(r.value.done, 1200u);
    QCOMPARE(engine.queue(QStringLiteral("a"))->ready, 0u);
    QCOMPARE(browseBodies(engine, QStringLiteral("b")), browseBodies(engine, QStringLiteral("c")));
}

void TestEngineTransfer::moveByFilter()
{
    Engine engine;
    declare(engine, QStringLiteral("a"));
    declare(engine, QStringLiteral("b"));
    fill(engine, QStringLiteral("a"), 10);
    TransferSpec spec;
    spec.source = QStringLiteral("a");
    spec.target = QStringLiteral("b");
    spec.filter = {QStringLiteral("odd"), false, false};
    const auto r = engine.transfer(spec);
    QCOMPARE(r.value.done, 5u);
    QCOMPARE(engine.queue(QStringLiteral("a"))->ready, 5u);
    for (const MessageView &v : engine.browse(QStringLiteral("b"), 0, 100))
        QCOMPARE(v.state.content->properties.headers->value(QStringLiteral("order")).toInt() % 2, 1);
    // Browsing with the same filter counts offset and limit over matches.
    QCOMPARE(engine.browse(QStringLiteral("b"), 1, 2, spec.filter).size(), 2);
    QCOMPARE(engine.browse(QStringLiteral("a"), 0, 100, spec.filter).size(), 0);
}

void TestEngineTransfer::replayToOriginalQueue()
{
    Engine engine;
    declare(engine, QStringLiteral("dead"));
    const QVariantMap dlx{{QStringLiteral("x-dead-letter-exchange"), QString()},
                          {QStringLiteral("x-dead-letter-routing-key"), QStringLiteral("dead")}};
    declare(engine, QStringLiteral("w1"), dlx);
    declare(engine, QStringLiteral("w2"), dlx);
    RecordingSink sink;
    const SessionId s = engine.openSession(engine.openConnection({}), &sink);
    for (const QString &q : {QStringLiteral("w1"), QStringLiteral("w2"), QStringLiteral("w1")}) {
        publishTo(engine, q, q);
        const auto got = engine.get(s, q, false);
        QVERIFY(engine.reject(s, got.value->deliveryTag, false).ok());
    }
    publishTo(engine, QStringLiteral("dead"), QStringLiteral("never died"));
    // Headers anyone can set say nothing about where a message came from ...
    MessageProperties forged;
    forged.headers = QVariantMap{
        {QStringLiteral("x-first-death-queue"), QStringLiteral("w1")},
        {QStringLiteral("x-death"), QVariantList{QVariantMap{{QStringLiteral("queue"), QStringLiteral("w1")}}}}};
    publishTo(engine, QStringLiteral("dead"), QStringLiteral("forged"), forged);
    // ... a history published with the message (a republished dead letter) does.
    DeathHistory carried;
    carried.record(QStringLiteral("w2"), DeathReason::Rejected, 0, QString(), {QStringLiteral("w2")}, std::nullopt);
    PublishOptions withHistory;
    withHistory.deaths = carried;
    QVERIFY(engine.publish(QString(), QStringLiteral("dead"), {}, "republished", withHistory).routed);
    TransferSpec spec;
    spec.source = QStringLiteral("dead");
    const auto r = engine.transfer(spec);
    QCOMPARE(r.value.total, 6u);
    QCOMPARE(r.value.done, 4u);
    QCOMPARE(r.value.skipped, 2u);
    QVERIFY(!r.value.error.isEmpty());
    QCOMPARE(browseBodies(engine, QStringLiteral("w1")), (QStringList{QStringLiteral("w1"), QStringLiteral("w1")}));
    QCOMPARE(browseBodies(engine, QStringLiteral("w2")),
             (QStringList{QStringLiteral("w2"), QStringLiteral("republished")}));
    QCOMPARE(browseBodies(engine, QStringLiteral("dead")),
             (QStringList{QStringLiteral("never died"), QStringLiteral("forged")}));
    // The history is kept for the next failure.
    const auto v = engine.browse(QStringLiteral("w2"), 0, 1).at(0);
    QCOMPARE(v.state.content->deaths.records.size(), 1);
    QCOMPARE(v.state.content->deaths.originalQueue(), QStringLiteral("w2"));
    QVERIFY(!v.state.redelivered);
}

// A move works out the target's TTL and priority level from the message's
// typed fields, never from its properties: a message published with typed
// options alone (a non-AMQP producer) is capped and expires in the target;
// one whose properties alone claim a priority and an expiration does not.
void TestEngineTransfer::movedMessagesTakeTheirTypedTtlAndPriority()
{
    FakeClock clock;
    Engine engine;
    engine.setClock(clock.clock());
    declare(engine, QStringLiteral("a"));
    declare(engine, QStringLiteral("b"),
        {{QStringLiteral("x-max-priority"), 5}, {QStringLiteral("x-message-ttl"), 600'000}});
    PublishOptions options = withTtl(30'000);
    options.priority = 9;
    publishTo(engine, QStringLiteral("a"), QStringLiteral("typed"), {}, {}, options);
    MessageProperties wire = withPriority(4);
    wire.expiration = QStringLiteral("10");
    publishTo(engine, QStringLiteral("a"), QStringLiteral("wire only"), wire);
    clock.advance(engine, 1000);

    TransferSpec spec;
    spec.source = QStringLiteral("a");
    spec.target = QStringLiteral("b");
    spec.mode = TransferSpec::Mode::Move;
    QVERIFY(engine.transfer(spec).ok());
    const auto moved = engine.browse(QStringLiteral("b"), 0, 10);
    QCOMPARE(moved.size(), 2);
    const qint64 now = *clock.ms;
    QCOMPARE(moved.at(0).state.content->body, QByteArray("typed"));
    QCOMPARE(moved.at(0).state.priority, quint8(5)); // 9, capped by the target
    QCOMPARE(moved.at(0).state.expiresAt, now + 30'000); // its own TTL, below the queue's
    QCOMPARE(moved.at(1).state.content->body, QByteArray("wire only"));
    QCOMPARE(moved.at(1).state.priority, quint8(0));
    QCOMPARE(moved.at(1).state.expiresAt, now + 600'000); // the queue's alone
    clock.advance(engine, 30'000);
    QCOMPARE(browseBodies(engine, QStringLiteral("b")), QStringList{QStringLiteral("wire only")});
}

void TestEngineTransfer::errors()
{
    Engine engine;
    declare(engine, QStringLiteral("a"));
    TransferSpec spec;
    spec.source = QStringLiteral("absent");
    QCOMPARE(engine.transfer(spec).error.kind, ErrorKind::NotFound);
    QCOMPARE(engine.startTransfer(spec).error.kind, ErrorKind::NotFound);
    spec.source = QStringLiteral("a");
    spec.target = QStringLiteral("absent");
    QCOMPARE(engine.transfer(spec).error.kind, ErrorKind::NotFound);
    spec.target = QStringLiteral("a");
    QCOMPARE(engine.transfer(spec).error.kind, ErrorKind::PreconditionFailed);
    declare(engine, QStringLiteral("b"));
    spec.target = QStringLiteral("b");
    spec.filter = {QStringLiteral("(unclosed"), true, false};
    QCOMPARE(engine.transfer(spec).error.kind, ErrorKind::InvalidArgument);
}

void TestEngineTransfer::cancelHalfWay()
{
    Engine engine;
    declare(engine, QStringLiteral("a"));
    declare(engine, QStringLiteral("b"));
    fill(engine, QStringLiteral("a"), 2000);
    TransferSpec spec;
    spec.source = QStringLiteral("a");
    spec.target = QStringLiteral("b");
    QSignalSpy progress(&engine, &Engine::transferProgress);
    QSignalSpy finished(&engine, &Engine::transferFinished);
    const auto id = engine.startTransfer(spec);
    QVERIFY(id.ok());
    QCOMPARE(engine.queue(QStringLiteral("b"))->ready, 0u);   // nothing before the event loop runs
    QVERIFY(progress.wait(5000));
    engine.cancelTransfer(id.value);
    QVERIFY(finished.count() == 1 || finished.wait(5000));
    const TransferReport report = finished.at(0).at(0).value<TransferReport>();
    QVERIFY(report.cancelled);
    QVERIFY(report.done > 0 && report.done < 2000);
    QCOMPARE(engine.queue(QStringLiteral("b"))->ready, report.done);
    QCOMPARE(engine.queue(QStringLiteral("a"))->ready + engine.queue(QStringLiteral("b"))->ready, 2000u);
    // Every message is in exactly one queue.
    QStringList all = browseBodies(engine, QStringLiteral("a")) + browseBodies(engine, QStringLiteral("b"));
    all.sort();
    QCOMPARE(all.size(), 2000);
    QCOMPARE(int(std::unique(all.begin(), all.end()) - all.begin()), 2000);
}

void TestEngineTransfer::browseChangesNothing()
{
    Engine engine;
    declare(engine, QStringLiteral("q"));
    fill(engine, QStringLiteral("q"), 4);
    RecordingSink sink;
    const SessionId s = engine.openSession(engine.openConnection({}), &sink);
    const auto got = engine.get(s, QStringLiteral("q"), false);
    const QList<MessageView> before = engine.browse(QStringLiteral("q"), 0, 10);
    QCOMPARE(before.size(), 4);
    QVERIFY(before.last().unacked);   // ready first, then unacked
    QCOMPARE(before.last().state.id, got.value->id);
    for (int i = 0; i < 3; ++i)
        engine.browse(QStringLiteral("q"), 0, 10);
    const auto one = engine.message(QStringLiteral("q"), before.at(1).state.id);
    QVERIFY(one);
    QCOMPARE(one->position, 1u);
    QCOMPARE(one->state.deliveryCount, 0u);
    const QList<MessageView> after = engine.browse(QStringLiteral("q"), 0, 10);
    for (int i = 0; i < 4; ++i) {
        QCOMPARE(after.at(i).state.id, before.at(i).state.id);
        QCOMPARE(after.at(i).state.deliveryCount, before.at(i).state.deliveryCount);
        QCOMPARE(after.at(i).state.redelivered, before.at(i).state.redelivered);
    }
    QCOMPARE(engine.queue(QStringLiteral("q"))->ready, 3u);
    QCOMPARE(engine.browse(QStringLiteral("q"), 2, 10).size(), 2);
    QVERIFY(!engine.message(QStringLiteral("q"), 424242));
    const auto removed = engine.deleteMessages(QStringLiteral("q"), {before.at(0).state.id, got.value->id});
    QCOMPARE(removed.value, 1u);   // unacked messages are not deleted
    QCOMPARE(engine.deleteMessages(QStringLiteral("absent"), {}).error.kind, ErrorKind::NotFound);
}

void TestEngineTransfer::browseIdsFollowBrowseOrder()
{
    Engine engine;
    QueueDef def;
    def.name = QStringLiteral("p");
    def.arguments = QVariantMap{{QStringLiteral("x-max-priority"), 5}};
    QVERIFY(engine.declareQueue(def, false).ok());
    for (int i = 0; i < 6; ++i) {
        MessageProperties props;
        props.priority = quint8(i % 3 == 0 ? 4 : 0);
        engine.publish(QString(), QStringLiteral("p"), props, QByteArray::number(i), withPriorityOption(*props.priority));
    }
    RecordingSink sink;
    const SessionId s = engine.openSession(engine.openConnection({}), &sink);
    QVERIFY(engine.get(s, QStringLiteral("p"), false).value.has_value());   // one unacked, listed last
    const QList<MessageView> views = engine.browse(QStringLiteral("p"), 0, 100);
    QCOMPARE(views.size(), 6);
    QList<MessageId> expected;
    for (const MessageView &v : views)
        expected << v.state.id;
    QCOMPARE(engine.browseIds(QStringLiteral("p"), 0, 100), expected);
    QCOMPARE(engine.browseIds(QStringLiteral("p"), 2, 3), expected.mid(2, 3));
    QCOMPARE(engine.browseIds(QStringLiteral("p"), 4, ~quint64(0)), expected.mid(4));
    QVERIFY(engine.browseIds(QStringLiteral("p"), 6, 10).isEmpty());
    QVERIFY(engine.browseIds(QStringLiteral("p"), 0, 0).isEmpty());
    QVERIFY(engine.browseIds(QStringLiteral("absent"), 0, 10).isEmpty());
}

// Pages read from any offset (the walk enters priority levels directly where
// it can) list exactly the slice of the whole order: priorities high to low,
// ids within a level, tombstones left by deletes in the middle skipped,
// unacked messages last; positions and message()'s position agree.
void TestEngineTransfer::browsePagesMatchTheWholeOrder()
{
    Engine engine;
    QueueDef def;
    def.name = QStringLiteral("w");
    def.arguments = QVariantMap{{QStringLiteral("x-max-priority"), 3}};
    QVERIFY(engine.declareQueue(def, false).ok());
    QHash<QByteArray, MessageId> idOf;
    for (int i = 0; i < 300; ++i) {
        MessageProperties props;
        props.priority = quint8(i % 4);
        engine.publish(QString(), QStringLiteral("w"), props, "m" + QByteArray::number(i),
                       withPriorityOption(*props.priority));
    }
    for (const MessageView &v : engine.browse(QStringLiteral("w"), 0, 1000))
        idOf.insert(v.state.content->body, v.state.id);
    QCOMPARE(idOf.size(), 300);
    const auto bodies = [](const QList<MessageView> &views) {
        QList<QByteArray> out;
        for (const MessageView &v : views)
            out << v.state.content->body;
        return out;
    };
    const auto checkPages = [&](const QList<QByteArray> &expected, qsizetype ready) {
        QCOMPARE(bodies(engine.browse(QStringLiteral("w"), 0, 1000)), expected);
        const qsizetype n = expected.size();
        for (qsizetype offset : {qsizetype(0), qsizetype(1), qsizetype(37), qsizetype(60), qsizetype(61), qsizetype(130),
                                 ready - 2, ready, n - 3, n, n + 5}) {
            for (qsizetype limit : {1, 10, 100}) {
                const QList<MessageView> page = engine.browse(QStringLiteral("w"), quint64(offset), quint64(limit));
                QCOMPARE(bodies(page), expected.mid(offset, limit));
                QList<MessageId> ids;
                for (qsizetype i = 0; i < page.size(); ++i) {
                    QCOMPARE(page.at(i).position, quint64(offset + i));
                    QCOMPARE(page.at(i).unacked, offset + i >= ready);
                    ids << page.at(i).state.id;
                }
                QCOMPARE(engine.browseIds(QStringLiteral("w"), quint64(offset), quint64(limit)), ids);
            }
        }
        for (qsizetype i = 0; i < ready; ++i) {
            const auto one = engine.message(QStringLiteral("w"), idOf.value(expected.at(i)));
            QVERIFY(one);
            QCOMPARE(one->position, quint64(i));
        }
    };
    // No gaps yet: every level is entered at its offset directly.
    QList<QByteArray> whole;
    for (int priority = 3; priority >= 0; --priority) {
        for (int i = priority; i < 300; i += 4)
            whole << "m" + QByteArray::number(i);
    }
    checkPages(whole, whole.size());
    if (QTest::currentTestFailed())
        return;
    // Deletes in the middle of every level leave tombstones there.
    QList<MessageId> doomed;
    for (int i = 0; i < 300; ++i) {
        if (i % 7 == 3 && i > 40)
            doomed << idOf.value("m" + QByteArray::number(i));
    }
    QCOMPARE(engine.deleteMessages(QStringLiteral("w"), doomed).value, quint64(doomed.size()));
    // Five go to a consumer unacked: from the head of the highest level.
    RecordingSink sink;
    const SessionId session = engine.openSession(engine.openConnection({}), &sink);
    QList<QByteArray> unacked;
    for (int i = 0; i < 5; ++i)
        unacked << engine.get(session, QStringLiteral("w"), false).value->content->body;

    QList<QByteArray> expected;
    for (int priority = 3; priority >= 0; --priority) {
        for (int i = priority; i < 300; i += 4) {
            const QByteArray body = "m" + QByteArray::number(i);
            if ((i % 7 == 3 && i > 40) || unacked.contains(body))
                continue;
            expected << body;
        }
    }
    const qsizetype ready = expected.size();
    expected << unacked;   // by id, which is publish order here
    QCOMPARE(unacked, (QList<QByteArray>{"m3", "m7", "m11", "m15", "m19"}));

    checkPages(expected, ready);
    if (QTest::currentTestFailed())
        return;
    // With a filter the offset counts matches.
    const MessageFilter filter{QStringLiteral("m1"), false, false};
    QList<QByteArray> matching;
    for (const QByteArray &b : expected) {
        if (b.startsWith("m1"))
            matching << b;
    }
    QCOMPARE(bodies(engine.browse(QStringLiteral("w"), 5, 10, filter)), matching.mid(5, 10));
    QCOMPARE(bodies(engine.browse(QStringLiteral("w"), 0, 1000, filter)), matching);
}

QTEST_GUILESS_MAIN(TestEngineTransfer)
#include "tst_engine_transfer.moc"
