// A database written by Depot before typed death records (schema version 1,
// the history as x-death headers inside the stored headers; made by
// tests/unit/store/data/make_v1_fixture.py with pika) opened by this Depot:
// the history comes back as typed records, the x-death rendered from them is
// bit for bit what the old Depot stored, and replay finds each original queue.

#include "EngineTestSupport.h"
#include "broker/amqp/codec/FieldTable.h"
#include "broker/amqp/codec/XDeath.h"
#include "broker/store/Store.h"
#include "broker/store/StoreCodec.h"
#include "broker/store/StoreSchema.h"

#include <QFile>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>

using namespace depot;
using namespace depot::test;

namespace {

struct Expected
{
    QString body;
    QString records; // newest first: queue/reason/count
    QString firstQueue;
};

QString describe(const DeathHistory &h)
{
    QStringList out;
    for (const DeathRecord &r : h.records)
        out << QStringLiteral("%1/%2/%3").arg(r.queue, deathReasonName(r.reason)).arg(r.count);
    return out.join(QLatin1Char(','));
}

QString strictDifference(const QVariant &a, const QVariant &b)
{
    return amqp::xdeath::sameFieldValue(a, b) ? QString() : QStringLiteral("%1 vs %2").arg(a.toString(), b.toString());
}

} // namespace

class TestEngineDeathMigration final : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    // body -> the headers the old Depot stored
    QHash<QString, QVariantMap> m_oldHeaders;

private Q_SLOTS:
    void initTestCase();
    void typedRecordsAndTheSameXDeath();
    void replayFindsTheOriginalQueues();
};

void TestEngineDeathMigration::initTestCase()
{
    const QString fixture = QStringLiteral(DEPOT_STORE_TEST_DATA "/depot-v1.db");
    QVERIFY2(QFile::exists(fixture), qPrintable(fixture + QStringLiteral(" is missing")));
    QVERIFY(QFile::copy(fixture, m_dir.filePath(QStringLiteral("depot.db"))));
    QFile::setPermissions(m_dir.filePath(QStringLiteral("depot.db")), QFile::ReadOwner | QFile::WriteOwner);
    // What the old Depot wrote, read before anything migrates it.
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("fixture"));
        db.setDatabaseName(m_dir.filePath(QStringLiteral("depot.db")));
        QVERIFY(db.open());
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("PRAGMA user_version")) && q.next());
        QCOMPARE(q.value(0).toInt(), 1);
        QVERIFY(q.exec(QStringLiteral("SELECT content FROM messages")));
        while (q.next()) {
            const ContentPtr c = store::codec::decodeContent(q.value(0).toByteArray());
            QVERIFY(c);
            QVERIFY(c->deaths.isEmpty());
            m_oldHeaders.insert(QString::fromUtf8(c->body), c->properties.headers.value_or(QVariantMap()));
        }
        q.finish();
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("fixture"));
    QVERIFY(m_oldHeaders.value(QStringLiteral("twice")).contains(QStringLiteral("x-death")));
}

void TestEngineDeathMigration::typedRecordsAndTheSameXDeath()
{
    QString error;
    auto st = store::Store::open(m_dir.path(), store::Durability::Normal, &error);
    QVERIFY2(st, qPrintable(error));
    Engine engine(st.get());
    engine.recover();

    const QList<Expected> expected{
        {QStringLiteral("rejected"), QStringLiteral("work.reject/rejected/1"), QStringLiteral("work.reject")},
        {QStringLiteral("expired"), QStringLiteral("work.ttl/expired/1"), QStringLiteral("work.ttl")},
        {QStringLiteral("maxlen"), QStringLiteral("work.maxlen/maxlen/1"), QStringLiteral("work.maxlen")},
        {QStringLiteral("twice"), QStringLiteral("stage2/rejected/1,stage1/rejected/1"), QStringLiteral("stage1")},
        {QStringLiteral("retried"), QStringLiteral("work.reject/rejected/2"), QStringLiteral("work.reject")},
    };
    const QList<MessageView> dlq = engine.browse(QStringLiteral("dlq"), 0, 100);
    QCOMPARE(dlq.size(), expected.size());
    for (qsizetype i = 0; i < dlq.size(); ++i) {
        const MessageContent &c = *dlq[i].state.content;
        const Expected &e = expected[i];
        QCOMPARE(QString::fromUtf8(c.body), e.body);
        QCOMPARE(describe(c.deaths), e.records);
        QVERIFY(c.deaths.first);
        QCOMPARE(c.deaths.first->queue, e.firstQueue);
        QCOMPARE(c.deaths.originalQueue(), e.firstQueue);
        // Depot built these histories itself: the typed records say it all.
        QVERIFY(c.deaths.asPublished.isEmpty());
        // The headers keep what is not history.
        for (const QString &name : amqp::xdeath::headerNames())
            QVERIFY(!c.properties.headers.value_or(QVariantMap()).contains(name));
        // What a client receives is what the old Depot sent, bit for bit.
        const QVariantMap old = m_oldHeaders.value(e.body);
        const std::optional<QVariantMap> rendered = amqp::xdeath::renderedHeaders(c);
        QVERIFY(rendered);
        QCOMPARE(strictDifference(*rendered, old), QString());
        QCOMPARE(amqp::encodeFieldTable(*rendered).toHex(), amqp::encodeFieldTable(old).toHex());
    }
    // The details of a few.
    const DeathRecord &rejected = dlq[0].state.content->deaths.records[0];
    QCOMPARE(rejected.routingKeys, (QStringList{QStringLiteral("work.reject"), QStringLiteral("cc.key")}));
    QCOMPARE(rejected.exchange, QString());
    QCOMPARE(dlq[0].state.content->properties.headers->value(QStringLiteral("app")).toString(), QStringLiteral("shop"));
    const DeathRecord &expired = dlq[1].state.content->deaths.records[0];
    QCOMPARE(expired.originalExpiration, std::optional<QString>(QStringLiteral("1")));
    QVERIFY(!dlq[1].state.content->properties.expiration);
    const DeathRecord &second = dlq[3].state.content->deaths.records[0];
    QCOMPARE(second.routingKeys, QStringList{QStringLiteral("stage2")});
    QVERIFY(second.timeMs >= dlq[3].state.content->deaths.records[1].timeMs);

    // Republished by a client (pika, its headers as received) and not
    // dead-lettered since: typed from the headers, which pika sent back in
    // the very types Depot uses, so nothing needs keeping verbatim.
    const QList<MessageView> pending = engine.browse(QStringLiteral("retry.pending"), 0, 10);
    QCOMPARE(pending.size(), 1);
    const MessageContent &p = *pending[0].state.content;
    QCOMPARE(describe(p.deaths), QStringLiteral("work.reject/rejected/1"));
    QCOMPARE(p.deaths.originalQueue(), QStringLiteral("work.reject"));
    QVERIFY(p.deaths.asPublished.isEmpty());
    QCOMPARE(
        strictDifference(*amqp::xdeath::renderedHeaders(p), m_oldHeaders.value(QStringLiteral("pending"))), QString());

    st->close();
}

void TestEngineDeathMigration::replayFindsTheOriginalQueues()
{
    QString error;
    auto st = store::Store::open(m_dir.path(), store::Durability::Normal, &error);
    QVERIFY2(st, qPrintable(error));
    Engine engine(st.get());
    engine.recover();
    // work.maxlen (x-max-length 1) still holds the message that pushed "maxlen" out.
    RecordingSink sink;
    const SessionId s = engine.openSession(engine.openConnection({}), &sink);
    const auto keeper = engine.get(s, QStringLiteral("work.maxlen"), false);
    QVERIFY(keeper.ok() && keeper.value);
    QCOMPARE(QString::fromUtf8(keeper.value->content->body), QStringLiteral("maxlen-keeper"));
    QVERIFY(engine.ack(s, keeper.value->deliveryTag, false).ok());

    TransferSpec replay;
    replay.source = QStringLiteral("dlq"); // target empty: each message's original queue
    const auto r = engine.transfer(replay);
    QVERIFY(r.ok());
    QCOMPARE(r.value.done, 5u);
    QCOMPARE(r.value.skipped, 0u);
    auto bodies = [&](const QString &queue) {
        QStringList out;
        for (const MessageView &v : engine.browse(queue, 0, 100))
            out << QString::fromUtf8(v.state.content->body);
        return out;
    };
    QCOMPARE(bodies(QStringLiteral("dlq")), QStringList());
    QCOMPARE(
        bodies(QStringLiteral("work.reject")), (QStringList{QStringLiteral("rejected"), QStringLiteral("retried")}));
    QCOMPARE(bodies(QStringLiteral("work.ttl")), QStringList{QStringLiteral("expired")});
    QCOMPARE(bodies(QStringLiteral("work.maxlen")), QStringList{QStringLiteral("maxlen")});
    QCOMPARE(bodies(QStringLiteral("stage1")), QStringList{QStringLiteral("twice")});
    st->close();
}

QTEST_GUILESS_MAIN(TestEngineDeathMigration)
#include "tst_engine_deathmigration.moc"
