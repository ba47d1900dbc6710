#pragma once

// Helpers shared by the engine's tests: a sink that records what the engine
// pushes, a fake clock, and short ways to declare and publish.

#include "broker/engine/Engine.h"
#include "broker/store/Store.h"
#include "broker/store/StoreSchema.h"

#include <QFile>
#include <QSqlDatabase>
#include <QTemporaryDir>
#include <QTest>

#include <functional>
#include <memory>

namespace depot::test {

class RecordingSink final : public DeliverySink
{
public:
    void deliver(const Delivery &delivery) override
    {
        deliveries.append(delivery);
        if (onDeliver)
            onDeliver(delivery);
    }
    void consumerCancelled(const QString &consumerTag) override { cancelled.append(consumerTag); }

    QStringList bodies() const
    {
        QStringList out;
        for (const Delivery &d : deliveries)
            out.append(QString::fromUtf8(d.content->body));
        return out;
    }
    quint64 lastTag() const { return deliveries.isEmpty() ? 0 : deliveries.constLast().deliveryTag; }
    void clear() { deliveries.clear(); }

    QList<Delivery> deliveries;
    QStringList cancelled;
    std::function<void(const Delivery &)> onDeliver;
};

// Time stands still until a test moves it.
struct FakeClock
{
    std::shared_ptr<qint64> ms = std::make_shared<qint64>(1'700'000'000'000);
    Engine::Clock clock() const
    {
        auto p = ms;
        return [p] { return *p; };
    }
    void advance(Engine &engine, qint64 by)
    {
        *ms += by;
        engine.processTimers();
    }
};

inline QueueDef queueDef(const QString &name, QVariantMap args = {}, bool durable = false)
{
    QueueDef def;
    def.name = name;
    def.durable = durable;
    def.arguments = std::move(args);
    return def;
}

inline void declare(Engine &engine, const QString &name, QVariantMap args = {}, bool durable = false)
{
    const auto r = engine.declareQueue(queueDef(name, std::move(args), durable), false);
    QVERIFY2(r.ok(), qPrintable(r.error.text));
}

inline PublishResult publishTo(Engine &engine, const QString &queue, const QString &body,
                               MessageProperties props = {}, const QString &exchange = QString(),
                               const PublishOptions &options = {})
{
    return engine.publish(exchange, queue, std::move(props), body.toUtf8(), options);
}

inline PublishOptions withPriorityOption(int priority)
{
    PublishOptions o;
    o.priority = quint8(priority);
    return o;
}

inline PublishOptions withTtl(qint64 ms)
{
    PublishOptions o;
    o.ttlMs = ms;
    return o;
}

inline MessageProperties withExpiration(const QString &ms)
{
    MessageProperties p;
    p.expiration = ms;
    return p;
}

inline MessageProperties withPriority(int priority)
{
    MessageProperties p;
    p.priority = quint8(priority);
    return p;
}

inline MessageProperties persistent()
{
    MessageProperties p;
    p.deliveryMode = 2;
    return p;
}

inline QStringList drain(Engine &engine, SessionId session, const QString &queue)
{
    QStringList out;
    for (;;) {
        const auto r = engine.get(session, queue, true);
        if (!r.ok() || !r.value)
            return out;
        out.append(QString::fromUtf8(r.value->content->body));
    }
}

inline QStringList browseBodies(const Engine &engine, const QString &queue)
{
    QStringList out;
    for (const MessageView &v : engine.browse(queue, 0, 1'000'000))
        out.append(QString::fromUtf8(v.state.content->body));
    return out;
}

inline ConsumeSpec consumeSpec(const QString &queue, quint32 prefetch = 0, bool noAck = false)
{
    ConsumeSpec spec;
    spec.queue = queue;
    spec.prefetch = prefetch;
    spec.noAck = noAck;
    return spec;
}

// A client on a connection of its own that takes messages with get and
// settles them by delivery tag: the take-and-give-back steps the settlement
// tests (leases, retries) repeat.
class GettingClient final
{
public:
    explicit GettingClient(Engine &engine)
        : m_engine(engine)
        , m_connection(engine.openConnection({}))
        , m_session(engine.openSession(m_connection, &sink))
    {
    }

    // The next ready message of `queue`, leased to this client until settled;
    // nullopt when none is ready.
    std::optional<Delivery> get(const QString &queue)
    {
        const auto r = m_engine.get(m_session, queue, false);
        return r.ok() ? r.value : std::nullopt;
    }
    // Gives it back as a consumer refusing it (nack): requeued, or not.
    bool nack(const Delivery &d, bool requeue) { return m_engine.nack(m_session, d.deliveryTag, false, requeue).ok(); }
    bool ack(const Delivery &d) { return m_engine.ack(m_session, d.deliveryTag, false).ok(); }
    // Takes the next message and gives it straight back (nack with requeue).
    bool getAndGiveBack(const QString &queue)
    {
        const std::optional<Delivery> d = get(queue);
        return d && nack(*d, true);
    }

    SessionId session() const { return m_session; }
    ConnectionId connection() const { return m_connection; }

    RecordingSink sink;

private:
    Engine &m_engine;
    ConnectionId m_connection = 0;
    SessionId m_session = 0;
};

// A store in `dir`, opened as Depot opens it at start.
inline std::unique_ptr<store::Store> openStore(const QString &dir)
{
    QString error;
    auto st = store::Store::open(dir, store::Durability::Normal, &error);
    if (!st)
        qFatal("cannot open store: %s", qPrintable(error));
    return st;
}

// Everything the engine handed over is committed.
inline void commitStore(Engine &engine, store::Store &st)
{
    engine.flushStore();
    QVERIFY(st.flush());
    QCoreApplication::processEvents();
}

// One run of Depot between restarts: an engine over the store in `dir`, on
// the test's clock, recovered from what the run before left.
class StoredEngine final
{
public:
    StoredEngine(const QString &dir, const FakeClock &clock)
        : m_store(openStore(dir))
        , m_engine(std::make_unique<Engine>(m_store.get()))
    {
        m_engine->setClock(clock.clock());
        m_engine->recover();
    }

    Engine &engine() { return *m_engine; }
    store::Store &store() { return *m_store; }
    void commit() { commitStore(*m_engine, *m_store); }
    // Commits and closes the store, as a kill right after the commit: nothing
    // else happens before the next run.
    void stop()
    {
        commit();
        m_store->close();
    }

private:
    std::unique_ptr<store::Store> m_store;
    std::unique_ptr<Engine> m_engine;
};

#ifdef DEPOT_STORE_TEST_DATA
// A database written by an older Depot (tests/unit/store/data/<file>),
// copied into a directory of its own and opened by this Depot's store: the
// migration tests' common ground.
class OldDatabase final
{
public:
    // Copies the fixture in; fails the test unless it is at `version`.
    void install(const QString &file, int version)
    {
        const QString fixture = QStringLiteral(DEPOT_STORE_TEST_DATA "/") + file;
        QVERIFY2(QFile::exists(fixture), qPrintable(fixture + QStringLiteral(" is missing")));
        const QString path = m_dir.filePath(QStringLiteral("depot.db"));
        QVERIFY(QFile::copy(fixture, path));
        QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner);
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("fixture"));
            db.setDatabaseName(path);
            QVERIFY(db.open());
            QCOMPARE(store::schema::pragmaValue(db, QStringLiteral("user_version")), version);
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("fixture"));
    }

    QString path() const { return m_dir.path(); }

    // Opens the migrated file beside the store (which must be closed): it
    // must be at this Depot's schema version; `check` then looks inside.
    void checkMigrated(const std::function<void(QSqlDatabase &)> &check = {}) const
    {
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("migrated"));
            db.setDatabaseName(m_dir.filePath(QStringLiteral("depot.db")));
            QVERIFY(db.open());
            QCOMPARE(store::schema::pragmaValue(db, QStringLiteral("user_version")), store::schema::currentVersion());
            if (check)
                check(db);
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("migrated"));
    }

    std::unique_ptr<store::Store> openStore() const { return test::openStore(m_dir.path()); }

    // Everything the engine handed over is committed.
    static void commit(Engine &engine, store::Store &st) { commitStore(engine, st); }

private:
    QTemporaryDir m_dir;
};
#endif // DEPOT_STORE_TEST_DATA

} // namespace depot::test
