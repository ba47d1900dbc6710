// A database written by Depot before message contents carried a group key and
// a deduplication id and before first deliveries were stored (schema version
// 3; made by tests/unit/store/data/make_v3_fixture.py through the HTTP API)
// opened by this Depot: it migrates, every message reads as it was written,
// with its delivery count, and what this Depot adds is stored from then on.

#include "EngineTestSupport.h"
#include "broker/store/Store.h"
#include "broker/store/StoreSchema.h"

#include <QDir>
#include <QFile>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>

using namespace depot;
using namespace depot::test;

class TestEngineSqsMigration final : public QObject
{
    Q_OBJECT

private:
    OldDatabase m_old;

    std::unique_ptr<store::Store> openStore() { return m_old.openStore(); }
    static void commit(Engine &engine, store::Store &st) { OldDatabase::commit(engine, st); }

private Q_SLOTS:
    void initTestCase();
    void oldMessagesReadAsWritten();
    void newFieldsAreStoredInTheMigratedFile();
};

void TestEngineSqsMigration::initTestCase()
{
    m_old.install(QStringLiteral("depot-v3.db"), 3);
}

void TestEngineSqsMigration::oldMessagesReadAsWritten()
{
    auto st = openStore();
    Engine engine(st.get());
    engine.recover();
    const auto info = engine.queue(QStringLiteral("v3.queue"));
    QVERIFY(info);
    QCOMPARE(info->ready, 3u);
    const auto leased = engine.lease(QStringLiteral("v3.queue"), 10, 60'000);
    QCOMPARE(leased.value.size(), 3);
    QStringList bodies;
    for (const Delivery &d : leased.value) {
        bodies.append(QString::fromUtf8(d.content->body));
        QCOMPARE(d.deliveryCount, 2u); // the old Depot counted one (a requeued get)
        QVERIFY(d.redelivered);
        QVERIFY(d.content->groupKey.isEmpty());
        QVERIFY(d.content->deduplicationId.isEmpty());
        QCOMPARE(d.firstDeliveredAt, 0); // a classic queue records none
    }
    QCOMPARE(bodies, (QStringList{QStringLiteral("plain"), QStringLiteral("with-props"), QStringLiteral("requeued")}));
    const MessageContent &props = *leased.value.at(1).content;
    QCOMPARE(props.properties.messageId, std::optional<QString>(QStringLiteral("m-2")));
    QCOMPARE(
        props.properties.headers.value_or(QVariantMap()).value(QStringLiteral("h")).toString(), QStringLiteral("v"));
    for (const Delivery &d : leased.value)
        QVERIFY(engine.release(d.lease).ok());
    commit(engine, *st);
    st->close();

    m_old.checkMigrated([](QSqlDatabase &db) {
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("SELECT first_delivered_at FROM leases")));
        QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM deduplication")));
    });
}

void TestEngineSqsMigration::newFieldsAreStoredInTheMigratedFile()
{
    FakeClock clock;
    {
        auto st = openStore();
        Engine engine(st.get());
        engine.setClock(clock.clock());
        engine.recover();
        declare(engine, QStringLiteral("sqs"), {{QStringLiteral("x-queue-type"), QStringLiteral("sqs")}}, true);
        PublishOptions o;
        o.groupKey = QStringLiteral("g1");
        o.deduplicationId = QStringLiteral("d1");
        publishTo(engine, QStringLiteral("sqs"), QStringLiteral("new"), persistent(), {}, o);
        clock.advance(engine, 1'000);
        const auto leased = engine.lease(QStringLiteral("sqs"), 1, 10'000);
        QCOMPARE(leased.value.size(), 1);
        QCOMPARE(leased.value.at(0).firstDeliveredAt, *clock.ms);
        commit(engine, *st);
        st->close();
    }
    const qint64 firstDelivery = *clock.ms;
    *clock.ms += 20'000; // the lease ran out while Depot was stopped
    for (int restart = 0; restart < 2; ++restart) {
        auto st = openStore();
        Engine engine(st.get());
        engine.setClock(clock.clock());
        engine.recover();
        QCOMPARE(engine.queue(QStringLiteral("sqs"))->ready, 1u);
        const auto again = engine.lease(QStringLiteral("sqs"), 1, 10'000);
        QCOMPARE(again.value.size(), 1);
        const Delivery &d = again.value.at(0);
        QCOMPARE(d.deliveryCount, quint32(2 + restart)); // the receive count survives
        QCOMPARE(d.firstDeliveredAt, firstDelivery); // and so does the first receive
        QCOMPARE(d.content->groupKey, QStringLiteral("g1"));
        QCOMPARE(d.content->deduplicationId, QStringLiteral("d1"));
        // Released (not settled): ready again, its first delivery kept.
        QVERIFY(engine.release(d.lease).ok());
        commit(engine, *st);
        st->close();
    }
}

QTEST_GUILESS_MAIN(TestEngineSqsMigration)
#include "tst_engine_sqsmigration.moc"
