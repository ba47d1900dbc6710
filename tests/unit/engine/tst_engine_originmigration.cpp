// A database written by Depot before messages remembered where they were
// first enqueued (schema version 7; made by
// tests/unit/store/data/make_v7_origins_fixture.py through the HTTP API) opened by
// this Depot: it migrates to the current version, its messages read as they were (none
// has an origin), and a move or replay of one of them after the migration
// records where it came from, in the migrated file.

#include "EngineTestSupport.h"
#include "broker/store/Store.h"
#include "broker/store/StoreSchema.h"

#include <QDir>
#include <QSqlDatabase>

using namespace depot;
using namespace depot::test;

class TestEngineOriginMigration final : public QObject
{
    Q_OBJECT

private:
    OldDatabase m_old;

    static MessageView find(Engine &engine, const QString &queue, const QByteArray &body)
    {
        for (const MessageView &v : engine.browse(queue, 0, 100)) {
            if (v.state.content->body == body)
                return v;
        }
        qFatal("no '%s' in %s", body.constData(), qPrintable(queue));
    }

private Q_SLOTS:
    void initTestCase();
    void oldMessagesReadAsTheyWere();
    void aMoveAfterTheMigrationRecordsTheOrigin();
};

void TestEngineOriginMigration::initTestCase()
{
    m_old.install(QStringLiteral("depot-v7-origins.db"), 7);
}

void TestEngineOriginMigration::oldMessagesReadAsTheyWere()
{
    auto st = m_old.openStore();
    Engine engine(st.get());
    engine.recover();
    QCOMPARE(browseBodies(engine, QStringLiteral("v7.queue")),
        (QStringList{QStringLiteral("first"), QStringLiteral("second")}));
    for (const MessageView &v : engine.browse(QStringLiteral("v7.queue"), 0, 10)) {
        QVERIFY(!v.state.content->origin);
        QVERIFY(v.state.enqueuedAt > 0);
    }
    const MessageView died = find(engine, QStringLiteral("v7.dlq"), "died");
    QVERIFY(!died.state.content->origin);
    QCOMPARE(died.state.content->deaths.originalQueue(), QStringLiteral("v7.work"));
    OldDatabase::commit(engine, *st);
    st->close();

    QVERIFY(store::schema::currentVersion() >= 9);
    m_old.checkMigrated();
}

void TestEngineOriginMigration::aMoveAfterTheMigrationRecordsTheOrigin()
{
    qint64 firstEnqueued = 0;
    qint64 diedEnqueued = 0;
    {
        auto st = m_old.openStore();
        Engine engine(st.get());
        engine.recover();
        firstEnqueued = find(engine, QStringLiteral("v7.queue"), "first").state.enqueuedAt;
        diedEnqueued = find(engine, QStringLiteral("v7.dlq"), "died").state.enqueuedAt;
        TransferSpec move;
        move.source = QStringLiteral("v7.queue");
        move.target = QStringLiteral("v7.target");
        move.ids = {find(engine, QStringLiteral("v7.queue"), "first").state.id};
        QCOMPARE(engine.transfer(move).value.done, 1u);
        TransferSpec replay;
        replay.source = QStringLiteral("v7.dlq");
        QCOMPARE(engine.transfer(replay).value.done, 1u);
        OldDatabase::commit(engine, *st);
        st->close();
    }
    auto st = m_old.openStore();
    Engine engine(st.get());
    engine.recover();
    const MessageView moved = find(engine, QStringLiteral("v7.target"), "first");
    QCOMPARE(moved.state.content->origin,
        std::optional<MessageOrigin>(MessageOrigin{QStringLiteral("v7.queue"), firstEnqueued}));
    QVERIFY(moved.state.enqueuedAt >= firstEnqueued);
    // A dead letter stored before the migration does not know when it was
    // first enqueued in the queue it died in: its dead-letter queue is the
    // first place Depot knows of.
    const MessageView replayed = find(engine, QStringLiteral("v7.work"), "died");
    QCOMPARE(replayed.state.content->origin,
        std::optional<MessageOrigin>(MessageOrigin{QStringLiteral("v7.dlq"), diedEnqueued}));
    QVERIFY(!find(engine, QStringLiteral("v7.queue"), "second").state.content->origin);
}

QTEST_GUILESS_MAIN(TestEngineOriginMigration)
#include "tst_engine_originmigration.moc"
