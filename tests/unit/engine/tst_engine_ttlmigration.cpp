// A database written by Depot before a message's own TTL and priority were
// typed fields of its content (schema version 5; made by
// tests/unit/store/data/make_v5_fixture.py through the HTTP API), opened by
// this Depot: the migration types them from the stored AMQP properties once,
// and the engine, which reads only the typed fields, moves and dead-letters
// those messages exactly as the older Depot did.

#include "EngineTestSupport.h"
#include "broker/store/Store.h"
#include "broker/store/StoreSchema.h"

#include <QDir>
#include <QSqlDatabase>
#include <QSqlQuery>

using namespace depot;
using namespace depot::test;

class TestEngineTtlMigration final : public QObject
{
    Q_OBJECT

private:
    OldDatabase m_old;
    // The fixture's messages expire 10 and 15 minutes after it was written:
    // the engine runs on a clock from before then.
    FakeClock m_clock;

    static const MessageContent &contentOf(const QList<MessageView> &views, const QString &body)
    {
        for (const MessageView &v : views) {
            if (v.state.content->body == body.toUtf8())
                return *v.state.content;
        }
        qFatal("no message '%s'", qPrintable(body));
    }

private Q_SLOTS:
    void initTestCase();
    void storedPropertiesBecomeTypedFields();
    void aMoveAppliesThemInTheTarget();
    void aDeadLetterKeepsThePriorityAndRecordsTheTtl();
};

void TestEngineTtlMigration::initTestCase()
{
    m_old.install(QStringLiteral("depot-v5.db"), 5);
}

void TestEngineTtlMigration::storedPropertiesBecomeTypedFields()
{
    auto st = m_old.openStore();
    Engine engine(st.get());
    engine.setClock(m_clock.clock());
    engine.recover();
    const QList<MessageView> source = engine.browse(QStringLiteral("v5.source"), 0, 10);
    QCOMPARE(source.size(), 3);
    const MessageContent &both = contentOf(source, QStringLiteral("ttl-prio"));
    QCOMPARE(both.ttlMs, std::optional<qint64>(600'000));
    QCOMPARE(both.priority, quint8(7));
    // The properties stay as they were stored: consumers see what was sent.
    QCOMPARE(both.properties.expiration, std::optional<QString>(QStringLiteral("600000")));
    QCOMPARE(both.properties.priority, std::optional<quint8>(7));
    const MessageContent &plain = contentOf(source, QStringLiteral("plain"));
    QVERIFY(!plain.ttlMs);
    QCOMPARE(plain.priority, quint8(0));
    const MessageContent &prio = contentOf(source, QStringLiteral("prio-only"));
    QVERIFY(!prio.ttlMs);
    QCOMPARE(prio.priority, quint8(9));
    OldDatabase::commit(engine, *st);
    st->close();

    QVERIFY(store::schema::currentVersion() >= 6);
    m_old.checkMigrated();
}

void TestEngineTtlMigration::aMoveAppliesThemInTheTarget()
{
    auto st = m_old.openStore();
    Engine engine(st.get());
    engine.setClock(m_clock.clock());
    engine.recover();
    declare(engine, QStringLiteral("target"), {{QStringLiteral("x-max-priority"), 10}});
    TransferSpec spec;
    spec.source = QStringLiteral("v5.source");
    spec.target = QStringLiteral("target");
    QVERIFY(engine.transfer(spec).ok());
    const QList<MessageView> moved = engine.browse(QStringLiteral("target"), 0, 10);
    QCOMPARE(moved.size(), 3);
    // Priority levels high to low, as the older Depot read them from the properties.
    QCOMPARE(moved.at(0).state.content->body, QByteArray("prio-only"));
    QCOMPARE(moved.at(0).state.priority, quint8(9));
    QCOMPARE(moved.at(0).state.expiresAt, 0);
    QCOMPARE(moved.at(1).state.content->body, QByteArray("ttl-prio"));
    QCOMPARE(moved.at(1).state.priority, quint8(7));
    QCOMPARE(moved.at(1).state.expiresAt, *m_clock.ms + 600'000);
    QCOMPARE(moved.at(2).state.content->body, QByteArray("plain"));
    QCOMPARE(moved.at(2).state.priority, quint8(0));
    QCOMPARE(moved.at(2).state.expiresAt, 0);
    OldDatabase::commit(engine, *st);
}

void TestEngineTtlMigration::aDeadLetterKeepsThePriorityAndRecordsTheTtl()
{
    auto st = m_old.openStore();
    Engine engine(st.get());
    engine.setClock(m_clock.clock());
    engine.recover();
    const SessionId s = engine.openSession(0, nullptr);
    const auto got = engine.get(s, QStringLiteral("v5.work"), false);
    QVERIFY(got.ok() && got.value);
    QVERIFY(engine.nack(s, got.value->deliveryTag, false, false).ok());
    const QList<MessageView> dead = engine.browse(QStringLiteral("v5.dead"), 0, 10);
    QCOMPARE(dead.size(), 1);
    QCOMPARE(dead.at(0).state.priority, quint8(6));
    QCOMPARE(dead.at(0).state.expiresAt, 0);
    const MessageContent &content = *dead.at(0).state.content;
    QVERIFY(!content.ttlMs);
    QVERIFY(!content.properties.expiration);
    QCOMPARE(content.deaths.records.size(), 1);
    QCOMPARE(content.deaths.records.at(0).originalExpiration, std::optional<QString>(QStringLiteral("900000")));
    OldDatabase::commit(engine, *st);
}

QTEST_GUILESS_MAIN(TestEngineTtlMigration)
#include "tst_engine_ttlmigration.moc"
