// A database written by Depot before policies (schema version 5; made by
// tests/unit/store/data/make_v5_policies_fixture.py through the HTTP API) opened by
// this Depot: it migrates (the policies table is added), its queues come back
// as they were (messages, arguments, paused), a policy set afterwards applies
// to them and is stored in the migrated file.

#include "EngineTestSupport.h"
#include "broker/store/Store.h"
#include "broker/store/StoreSchema.h"

#include <QDir>
#include <QSqlDatabase>
#include <QSqlQuery>

using namespace depot;
using namespace depot::test;

class TestEnginePolicyMigration final : public QObject
{
    Q_OBJECT

private:
    OldDatabase m_old;

private Q_SLOTS:
    void initTestCase();
    void oldQueuesComeBackAsTheyWere();
    void policyAppliesToMigratedQueuesAndIsStored();
};

void TestEnginePolicyMigration::initTestCase()
{
    m_old.install(QStringLiteral("depot-v5-policies.db"), 5);
}

void TestEnginePolicyMigration::oldQueuesComeBackAsTheyWere()
{
    auto st = m_old.openStore();
    Engine engine(st.get());
    engine.recover();
    QCOMPARE(browseBodies(engine, QStringLiteral("v5.queue")),
        (QStringList{QStringLiteral("first"), QStringLiteral("second")}));
    const auto args = engine.queue(QStringLiteral("v5.args"));
    QVERIFY(args);
    QCOMPARE(args->def.arguments.value(QStringLiteral("x-max-length")).toLongLong(), 10);
    QVERIFY(args->policy.policy.isEmpty());
    QVERIFY(engine.queue(QStringLiteral("v5.paused"))->paused);
    QVERIFY(engine.policies(PolicyKind::Policy).isEmpty());
    OldDatabase::commit(engine, *st);
    st->close();

    m_old.checkMigrated([](QSqlDatabase &db) {
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM policies")));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toInt(), 0);
    });
}

void TestEnginePolicyMigration::policyAppliesToMigratedQueuesAndIsStored()
{
    PolicyDef p;
    p.name = QStringLiteral("cap");
    p.pattern = QStringLiteral("^v5\\.");
    p.applyTo = PolicyDef::ApplyTo::Queues;
    p.definition = {{QStringLiteral("max-length"), 1}};
    {
        auto st = m_old.openStore();
        Engine engine(st.get());
        engine.recover();
        QVERIFY(engine.setPolicy(PolicyKind::Policy, p).ok());
        // Live: the older queue with two messages keeps the newest one.
        QCOMPARE(browseBodies(engine, QStringLiteral("v5.queue")), QStringList{QStringLiteral("second")});
        OldDatabase::commit(engine, *st);
        st->close();
    }
    auto st = m_old.openStore();
    Engine engine(st.get());
    engine.recover();
    QCOMPARE(engine.policies(PolicyKind::Policy), QList<PolicyDef>{p});
    QCOMPARE(engine.queue(QStringLiteral("v5.args"))->policy.policy, QStringLiteral("cap"));
    QCOMPARE(browseBodies(engine, QStringLiteral("v5.queue")), QStringList{QStringLiteral("second")});
    QVERIFY(engine.queue(QStringLiteral("v5.paused"))->paused);
}

QTEST_GUILESS_MAIN(TestEnginePolicyMigration)
#include "tst_engine_policymigration.moc"
