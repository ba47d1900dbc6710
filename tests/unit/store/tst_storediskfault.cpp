// Store on a disk that fails: a real tmpfs of a few MB mounted for the test
// (root only; skipped with the reason otherwise).
// - Filled with a file until it takes no more: nothing may be reported
//   committed while the disk is full, the failure is reported once with a
//   readable line, and everything is committed once space returns, without a
//   restart.
// - With --durability fsync, the check after each COMMIT (a journal handle
//   that changes nothing, on the "-check" file beside depot.db) fails: the
//   commit that SQLite reported done is not reported committed until a
//   commit followed by a passing check, and each message is stored once.

#include "broker/store/Store.h"
#include "tests/unit/store/StoreTestUtil.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <fcntl.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <unistd.h>

using namespace depot;
using namespace depot::store;
using namespace depot::store::test;

namespace {

bool run(const QString &program, const QStringList &arguments, QString *output = nullptr)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(program, arguments);
    if (!p.waitForFinished(10000))
        return false;
    if (output)
        *output = QString::fromLocal8Bit(p.readAll()).trimmed();
    return p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
}

// A tmpfs mounted on a fresh directory for as long as the object lives.
class SmallDisk final
{
public:
    explicit SmallDisk(const QString &size)
    {
        if (::geteuid() != 0) {
            m_why = QStringLiteral("mounting a tmpfs needs root");
            return;
        }
        if (!m_dir.isValid() || !run(QStringLiteral("mount"), {QStringLiteral("-t"), QStringLiteral("tmpfs"),
                                                               QStringLiteral("-o"), QStringLiteral("size=") + size,
                                                               QStringLiteral("tmpfs"), m_dir.path()},
                                     &m_why)) {
            m_why = QStringLiteral("cannot mount a tmpfs: ") + m_why;
            return;
        }
        m_mounted = true;
    }
    ~SmallDisk()
    {
        if (m_mounted)
            run(QStringLiteral("umount"), {QStringLiteral("-l"), m_dir.path()});
    }
    bool mounted() const { return m_mounted; }
    QString why() const { return m_why; }
    QString path() const { return m_dir.path(); }

    // Writes a file until the disk takes no more; returns the bytes written.
    qint64 fill()
    {
        QFile filler(fillerPath());
        if (!filler.open(QIODevice::WriteOnly))
            return -1;
        const QByteArray chunk(64 * 1024, 'x');
        qint64 written = 0;
        for (;;) {
            const qint64 n = filler.write(chunk);
            if (n <= 0 || !filler.flush())
                break;
            written += n;
        }
        return written;
    }
    bool makeRoom() { return QFile::remove(fillerPath()); }

private:
    QString fillerPath() const { return QDir(m_dir.path()).filePath(QStringLiteral("filler")); }
    QTemporaryDir m_dir;
    bool m_mounted = false;
    QString m_why;
};

// chattr +i / -i: an immutable file refuses fallocate() (EPERM), also on a
// descriptor opened before, which is how the test makes the commit check
// fail while SQLite's own writes go on succeeding.
bool setImmutable(const QString &path, bool on)
{
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    int flags = 0;
    bool ok = ::ioctl(fd, FS_IOC_GETFLAGS, &flags) == 0;
    if (ok) {
        flags = on ? (flags | FS_IMMUTABLE_FL) : (flags & ~FS_IMMUTABLE_FL);
        ok = ::ioctl(fd, FS_IOC_SETFLAGS, &flags) == 0;
    }
    ::close(fd);
    return ok;
}

} // namespace

class TestStoreDiskFault final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void diskFullIsRetriedUntilSpaceReturns()
    {
        SmallDisk disk(QStringLiteral("4m"));
        if (!disk.mounted())
            QSKIP(qPrintable(disk.why()));
        const QString dataDir = QDir(disk.path()).filePath(QStringLiteral("data"));
        QString error;
        auto store = Store::open(dataDir, Durability::Normal, &error);
        QVERIFY2(store, qPrintable(error));
        QSignalSpy failed(store.get(), &Store::writeFailed);
        QSignalSpy recovered(store.get(), &Store::writeRecovered);
        QSignalSpy committed(store.get(), &Store::committed);
        const qint64 q = store->putQueue(QueueDef{QStringLiteral("q"), true, false, false, {}, 0});
        store->insertMessage(q, messageFor(1));
        QVERIFY(store->flush());
        const quint64 before = store->committedSequence();

        QVERIFY(disk.fill() > 0);
        // 300 messages, some of 64 KiB: more than the few pages left.
        for (quint64 id = 2; id <= 300; ++id)
            store->insertMessage(q, messageFor(id));
        const quint64 seq = store->submit();
        QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 10000);
        const QString text = failed.at(0).at(0).toString();
        QVERIFY2(text.contains(store->filePath()), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("full")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("until space returns")), qPrintable(text));

        // More work while full; retries fail meanwhile, reported once.
        store->removeMessage(1);
        const quint64 seq2 = store->submit();
        const int attempts = store->failedAttemptsInARow();
        QTRY_VERIFY_WITH_TIMEOUT(store->failedAttemptsInARow() >= attempts + 3, 30000);
        QCOMPARE(failed.size(), 1);
        QCOMPARE(recovered.size(), 0);
        QCOMPARE(store->committedSequence(), before);
        for (const QList<QVariant> &args : std::as_const(committed))
            QVERIFY(args.at(0).toULongLong() <= before);
        // flush() does not sit out its whole timeout on a failing writer.
        QElapsedTimer clock;
        clock.start();
        QVERIFY(!store->flush(20000));
        QVERIFY2(clock.elapsed() < 10000, qPrintable(QString::number(clock.elapsed())));
        // What was committed before stays readable.
        QCOMPARE(store->loadContents({1}).size(), 1);

        QVERIFY(disk.makeRoom());
        QTRY_COMPARE_WITH_TIMEOUT(recovered.size(), 1, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(store->committedSequence(), seq2, 5000);
        QVERIFY(seq2 > seq);
        QCOMPARE(failed.size(), 1);

        QList<MessageId> ids;
        for (quint64 id = 1; id <= 300; ++id)
            ids << id;
        bool ok = false;
        const auto loaded = store->loadContents(ids, &ok);
        QVERIFY(ok);
        QCOMPARE(loaded.size(), 299);   // 1 was removed
        QCOMPARE(loaded.value(300)->body, contentFor(300)->body);
        store.reset();

        auto reopened = Store::open(dataDir, Durability::Normal, &error);
        QVERIFY2(reopened, qPrintable(error));
        const RecoveredState state = reopened->recover();
        QCOMPARE(state.queues.size(), 1);
        QCOMPARE(state.queues.at(0).messages.size(), 299);
        QCOMPARE(state.queues.at(0).messages.first().id, MessageId(2));
    }

    void fsyncCommitCountsOnlyAfterTheJournalCheck()
    {
        SmallDisk disk(QStringLiteral("8m"));
        if (!disk.mounted())
            QSKIP(qPrintable(disk.why()));
        const QString dataDir = QDir(disk.path()).filePath(QStringLiteral("data"));
        QString error;
        auto store = Store::open(dataDir, Durability::Fsync, &error);
        QVERIFY2(store, qPrintable(error));
        const QString check = store->filePath() + QStringLiteral("-check");
        QVERIFY2(QFile::exists(check), qPrintable(check));
        QSignalSpy failed(store.get(), &Store::writeFailed);
        QSignalSpy recovered(store.get(), &Store::writeRecovered);
        QSignalSpy committed(store.get(), &Store::committed);
        const qint64 q = store->putQueue(QueueDef{QStringLiteral("q"), true, false, false, {}, 0});
        store->insertMessage(q, messageFor(1));
        QVERIFY(store->flush());
        const quint64 before = store->committedSequence();

        if (!setImmutable(check, true))
            QSKIP("this file system cannot make a file immutable");
        for (quint64 id = 2; id <= 50; ++id)
            store->insertMessage(q, messageFor(id));
        const quint64 seq = store->submit();
        QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 10000);
        const QString text = failed.at(0).at(0).toString();
        QVERIFY2(text.contains(store->filePath()), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("the file system failed during the commit")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("Operation not permitted")), qPrintable(text));
        // SQLite's COMMIT went through; no one may be told so while the
        // check after it fails, however often it is retried.
        const int attempts = store->failedAttemptsInARow();
        QTRY_VERIFY_WITH_TIMEOUT(store->failedAttemptsInARow() >= attempts + 3, 30000);
        QCOMPARE(store->committedSequence(), before);
        for (const QList<QVariant> &args : std::as_const(committed))
            QVERIFY(args.at(0).toULongLong() <= before);
        QCOMPARE(failed.size(), 1);
        QCOMPARE(recovered.size(), 0);

        QVERIFY(setImmutable(check, false));
        QTRY_COMPARE_WITH_TIMEOUT(recovered.size(), 1, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(store->committedSequence(), seq, 5000);
        QList<MessageId> ids;
        for (quint64 id = 1; id <= 50; ++id)
            ids << id;
        bool ok = false;
        QCOMPARE(store->loadContents(ids, &ok).size(), 50);
        QVERIFY(ok);
        store.reset();

        // The retry applied the same batches again: each message is there once.
        auto reopened = Store::open(dataDir, Durability::Fsync, &error);
        QVERIFY2(reopened, qPrintable(error));
        const RecoveredState state = reopened->recover();
        QCOMPARE(state.queues.size(), 1);
        QCOMPARE(state.queues.at(0).messages.size(), 50);
        reopened.reset();

        // Without fsync durability a confirm does not promise the disk, and
        // nothing is checked: no check file.
        const QString normalDir = QDir(disk.path()).filePath(QStringLiteral("normal"));
        auto normal = Store::open(normalDir, Durability::Normal, &error);
        QVERIFY2(normal, qPrintable(error));
        QVERIFY(!QFile::exists(normal->filePath() + QStringLiteral("-check")));
    }
};

QTEST_GUILESS_MAIN(TestStoreDiskFault)
#include "tst_storediskfault.moc"
