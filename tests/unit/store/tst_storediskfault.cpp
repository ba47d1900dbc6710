// Store on a disk that fills up: a real tmpfs of a few MB mounted for the
// test (root only; skipped with the reason otherwise) filled with a file
// until it takes no more. Nothing may be reported committed while the disk is
// full, the failure is reported once with a readable line, and everything is
// committed once space returns, without a restart.

#include "broker/store/Store.h"
#include "tests/unit/store/StoreTestUtil.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

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
        QTest::qWait(1000);
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
};

QTEST_GUILESS_MAIN(TestStoreDiskFault)
#include "tst_storediskfault.moc"
