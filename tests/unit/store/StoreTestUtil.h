#pragma once

// Helpers shared by the store's test executables (header-only, so each test
// stays one source file for the unit-test glob).

#include "broker/store/Store.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

#include <atomic>

namespace depot::store::test {

// The content a test writes for message `id`: varied sizes, every property
// kind and headers, all derived from the id so a reader can check it byte for
// byte without having seen it written.
inline ContentPtr contentFor(quint64 id)
{
    auto c = std::make_shared<MessageContent>();
    c->exchange = QStringLiteral("ex-%1").arg(id % 3);
    c->routingKey = QStringLiteral("key.%1").arg(id);
    c->properties.deliveryMode = 2;
    c->properties.messageId = QStringLiteral("m-%1").arg(id);
    if (id % 4 == 0)
        c->properties.headers = QVariantMap{{QStringLiteral("n"), qint64(id)},
                                            {QStringLiteral("nested"), QVariantMap{{QStringLiteral("b"), QByteArray::number(id)}}}};
    if (id % 5 == 0)
        c->properties.timestamp = qint64(id);
    // Mostly small bodies, sometimes empty, now and then 64 KiB (overflow pages).
    const int size = id % 97 == 0 ? 65536 : id % 13 == 0 ? 0 : int(50 + id % 200);
    QByteArray body(size, Qt::Uninitialized);
    quint64 x = id * 0x9E3779B97F4A7C15ull + 1;
    for (int i = 0; i < size; ++i) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        body[i] = char(x);
    }
    c->body = body;
    return c;
}

inline QueuedMessage messageFor(quint64 id, ContentPtr content = nullptr)
{
    QueuedMessage m;
    m.id = id;
    m.content = content ? std::move(content) : contentFor(id);
    m.enqueuedAt = 1700000000000 + qint64(id);
    m.bodySize = quint32(m.content->body.size());
    m.persistent = true;
    return m;
}

struct FileSnapshot
{
    QByteArray sha;
    QDateTime mtime;
    qint64 size = -1;
    bool operator==(const FileSnapshot &) const = default;
};

inline FileSnapshot snapshot(const QString &path)
{
    QFile f(path);
    FileSnapshot s;
    if (!f.open(QIODevice::ReadOnly))
        return s;
    s.sha = QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256);
    s.size = f.size();
    s.mtime = QFileInfo(path).fileTime(QFileDevice::FileModificationTime);
    return s;
}

// A plain SQLite connection for tests that prepare or inspect files directly.
class RawDb final
{
public:
    explicit RawDb(const QString &path)
        : m_name(QStringLiteral("test-raw-%1").arg(++counter()))
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
        db.setDatabaseName(path);
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
        db.open();
    }
    ~RawDb()
    {
        {
            QSqlDatabase db = QSqlDatabase::database(m_name, false);
            db.close();
        }
        QSqlDatabase::removeDatabase(m_name);
    }
    QSqlDatabase db() const { return QSqlDatabase::database(m_name, false); }
    bool exec(const QString &sql) const
    {
        QSqlQuery q(db());
        return q.exec(sql);
    }
    QVariant scalar(const QString &sql) const
    {
        QSqlQuery q(db());
        if (!q.exec(sql) || !q.next())
            return {};
        return q.value(0);
    }

private:
    static std::atomic<int> &counter()
    {
        static std::atomic<int> c{0};
        return c;
    }
    QString m_name;
};

} // namespace depot::store::test
