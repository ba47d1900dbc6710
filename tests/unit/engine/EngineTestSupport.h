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

    std::unique_ptr<store::Store> openStore() const
    {
        QString error;
        auto st = store::Store::open(m_dir.path(), store::Durability::Normal, &error);
        if (!st)
            qFatal("cannot open store: %s", qPrintable(error));
        return st;
    }

    // Everything the engine handed over is committed.
    static void commit(Engine &engine, store::Store &st)
    {
        engine.flushStore();
        QVERIFY(st.flush());
        QCoreApplication::processEvents();
    }

private:
    QTemporaryDir m_dir;
};
#endif // DEPOT_STORE_TEST_DATA

} // namespace depot::test
