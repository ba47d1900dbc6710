// PrivateFiles and the store's own files: the data directory 0700, its
// files 0600 whatever the umask, a loose existing directory tightened, and
// another user's directory refused.

#include "broker/store/PrivateFiles.h"
#include "broker/store/Store.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <sys/stat.h>
#include <unistd.h>

using namespace depot;

namespace {

int modeOf(const QString &path)
{
    struct stat st
    {
    };
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return -1;
    return int(st.st_mode & 07777);
}

// Runs with a given umask and puts the old one back.
class Umask final
{
public:
    explicit Umask(mode_t mask)
        : m_old(::umask(mask))
    {
    }
    ~Umask() { ::umask(m_old); }

private:
    mode_t m_old;
};

} // namespace

class TestPrivateFiles final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void aNewDirectoryIsPrivateUnderAnOpenUmask()
    {
        const Umask mask(022);
        QTemporaryDir root;
        const QString dir = root.filePath(QStringLiteral("a/b/depot"));
        QString tightened;
        QCOMPARE(store::claimPrivateDirectory(dir, &tightened), QString());
        QCOMPARE(modeOf(dir), 0700);
        QVERIFY(tightened.isEmpty()); // nothing was open to anyone
    }

    void anExistingLooseDirectoryIsTightenedAndSaysSo()
    {
        QTemporaryDir root;
        const QString dir = root.filePath(QStringLiteral("depot"));
        QVERIFY(QDir().mkdir(dir));
        QVERIFY(::chmod(QFile::encodeName(dir).constData(), 0755) == 0);
        QString tightened;
        QCOMPARE(store::claimPrivateDirectory(dir, &tightened), QString());
        QCOMPARE(modeOf(dir), 0700);
        QVERIFY2(tightened.contains(QLatin1String("0755")) && tightened.contains(QLatin1String("0700")),
            qPrintable(tightened));
    }

    void anotherUsersDirectoryIsRefused()
    {
        if (::geteuid() != 0)
            QSKIP("needs root to give a directory to another user");
        QTemporaryDir root;
        const QString dir = root.filePath(QStringLiteral("theirs"));
        QVERIFY(QDir().mkdir(dir));
        QVERIFY(::chown(QFile::encodeName(dir).constData(), 65534, 65534) == 0);
        QVERIFY(::chmod(QFile::encodeName(dir).constData(), 0755) == 0);
        QString tightened;
        const QString why = store::claimPrivateDirectory(dir, &tightened);
        QVERIFY2(why.contains(QLatin1String("belongs to another user")), qPrintable(why));
        QCOMPARE(modeOf(dir), 0755); // left as it was
    }

    void aFileIsNotADirectory()
    {
        QTemporaryDir root;
        const QString path = root.filePath(QStringLiteral("file"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.close();
        QString tightened;
        QVERIFY(store::claimPrivateDirectory(path, &tightened).contains(QLatin1String("not a directory")));
    }

    void theStoresFilesArePrivateUnderAnOpenUmask()
    {
        const Umask mask(022);
        QTemporaryDir root;
        const QString dir = root.filePath(QStringLiteral("data"));
        QString tightened;
        QCOMPARE(store::claimPrivateDirectory(dir, &tightened), QString());
        {
            QString error;
            auto s = store::Store::open(dir, store::Durability::Normal, &error);
            QVERIFY2(s, qPrintable(error));
            s->flush();
            for (const char *name : {"depot.db", "depot.db-wal", "depot.db-shm"}) {
                const QString path = QDir(dir).filePath(QLatin1String(name));
                if (QFile::exists(path))
                    QVERIFY2(modeOf(path) == 0600, name);
            }
            QVERIFY(QFile::exists(QDir(dir).filePath(QStringLiteral("depot.db"))));
        }
    }

    void looseStoreFilesOfAnOlderDepotAreTightened()
    {
        QTemporaryDir root;
        const QString dir = root.filePath(QStringLiteral("data"));
        QString error;
        {
            auto s = store::Store::open(dir, store::Durability::Normal, &error);
            QVERIFY2(s, qPrintable(error));
        }
        const QString db = QDir(dir).filePath(QStringLiteral("depot.db"));
        QVERIFY(::chmod(QFile::encodeName(db).constData(), 0644) == 0);
        auto again = store::Store::open(dir, store::Durability::Normal, &error);
        QVERIFY2(again, qPrintable(error));
        QCOMPARE(modeOf(db), 0600);
    }

    void exportsAreWrittenOwnerOnly()
    {
        const Umask mask(022);
        QTemporaryDir root;
        const QString path = root.filePath(QStringLiteral("message-1.json"));
        QString error;
        QVERIFY2(store::writePrivateFile(path, "{\"a\":1}", &error), qPrintable(error));
        QCOMPARE(modeOf(path), 0600);
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), QByteArray("{\"a\":1}"));
    }

    void anExportReplacingAnOpenFileClosesIt()
    {
        QTemporaryDir root;
        const QString path = root.filePath(QStringLiteral("body.bin"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("old and longer");
        f.close();
        QVERIFY(::chmod(QFile::encodeName(path).constData(), 0644) == 0);
        QString error;
        QVERIFY2(store::writePrivateFile(path, "new", &error), qPrintable(error));
        QCOMPARE(modeOf(path), 0600);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), QByteArray("new"));
    }

    void anExportThatCannotBeWrittenSaysWhy()
    {
        QString error;
        QVERIFY(!store::writePrivateFile(QStringLiteral("/nonexistent-dir/x.bin"), "x", &error));
        QVERIFY(!error.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestPrivateFiles)
#include "tst_privatefiles.moc"
