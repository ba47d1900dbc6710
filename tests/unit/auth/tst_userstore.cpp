// UserStore: users kept in a real users.json in a temporary data directory —
// what is written (hashes only, owner-only mode), what survives a reopen,
// what a failed write leaves behind (nothing changed), what a damaged file
// does at start-up (a clear error, the file untouched), and the verification
// cache.

#include "broker/auth/UserStore.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>
#include <csignal>
#include <sys/resource.h>

using namespace depot::auth;

namespace {

User makeUser(const QString &name, const QString &password, const QStringList &tags = {})
{
    QString error;
    QJsonObject body{
        {QStringLiteral("password"), password}, {QStringLiteral("tags"), QJsonArray::fromStringList(tags)}};
    const auto user = userFromJson(name, body, std::nullopt, &error);
    if (!user)
        qFatal("makeUser: %s", qPrintable(error));
    return *user;
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool writeAll(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(bytes) == bytes.size();
}

// Files larger than `bytes` cannot be written by this process while it lives
// (EFBIG, also for root, unlike permission bits).
class FileSizeLimit final
{
public:
    explicit FileSizeLimit(rlim_t bytes)
    {
        std::signal(SIGXFSZ, SIG_IGN);
        getrlimit(RLIMIT_FSIZE, &m_saved);
        rlimit limit = m_saved;
        limit.rlim_cur = bytes;
        m_ok = setrlimit(RLIMIT_FSIZE, &limit) == 0;
    }
    ~FileSizeLimit() { setrlimit(RLIMIT_FSIZE, &m_saved); }
    bool ok() const { return m_ok; }

private:
    rlimit m_saved{};
    bool m_ok = false;
};

} // namespace

class tst_UserStore final : public QObject
{
    Q_OBJECT

private slots:
    void usersSurviveAReopen()
    {
        QTemporaryDir dir;
        const QString file = UserStore::fileIn(dir.path());
        QString error;
        {
            auto store = UserStore::open(file, &error);
            QVERIFY2(store, qPrintable(error));
            QVERIFY(store->storedUsers().isEmpty());
            QVERIFY2(store->put({makeUser(QStringLiteral("alice"), QStringLiteral("a-pass"),
                                     {QStringLiteral("administrator")}),
                                    makeUser(QStringLiteral("bob"), QStringLiteral("b-pass"))},
                         &error),
                qPrintable(error));
            QVERIFY(QFile::exists(file));
        }
        auto store = UserStore::open(file, &error);
        QVERIFY2(store, qPrintable(error));
        QCOMPARE(store->storedUsers().size(), 2);
        QCOMPARE(store->user(QStringLiteral("alice"))->tags, QStringList{QStringLiteral("administrator")});
        QVERIFY(store->authenticate(QStringLiteral("alice"), QStringLiteral("a-pass")));
        QVERIFY(store->authenticate(QStringLiteral("bob"), QStringLiteral("b-pass")));
        QVERIFY(!store->authenticate(QStringLiteral("bob"), QStringLiteral("a-pass")));
        QVERIFY(!store->authenticate(QStringLiteral("carol"), QStringLiteral("a-pass")));

        QVERIFY(store->remove(QStringLiteral("bob"), &error));
        auto again = UserStore::open(file, &error);
        QVERIFY(again);
        QVERIFY(!again->user(QStringLiteral("bob")));
        QVERIFY(again->user(QStringLiteral("alice")));
    }

    void theFileHoldsHashesOnlyAndOnlyTheOwnerReadsIt()
    {
        QTemporaryDir dir;
        const QString file = UserStore::fileIn(dir.path());
        QString error;
        auto store = UserStore::open(file, &error);
        QVERIFY(store);
        const QString secret = QStringLiteral("plain-text-marker-7Q");
        QVERIFY(store->put({makeUser(QStringLiteral("alice"), secret)}, &error));
        // A RabbitMQ hash imported as it is, and the password of the
        // command-line account, must not be written either.
        store->setCommandLineAccount(QStringLiteral("root-account"), QStringLiteral("cmdline-secret-9Z"));
        QJsonObject imported{
            {QStringLiteral("password_hash"), QStringLiteral("kI3GCqW5JLMJa4iX1lo7X4D6XbYqlLgxIs30+P6tENUV2POR")},
            {QStringLiteral("hashing_algorithm"), QString(RabbitSha256)}};
        QVERIFY(store->put({*userFromJson(QStringLiteral("bob"), imported, std::nullopt, &error)}, &error));

        const QByteArray bytes = readAll(file);
        QVERIFY(!bytes.isEmpty());
        QVERIFY(!bytes.contains(secret.toUtf8()));
        QVERIFY(!bytes.contains("cmdline-secret-9Z"));
        QVERIFY(!bytes.contains("root-account"));
        QVERIFY(!bytes.contains("test12"));
        QVERIFY(bytes.contains("depot_pbkdf2_sha256"));
        QVERIFY(bytes.contains("rabbit_password_hashing_sha256"));
        QCOMPARE(QFile::permissions(file)
                & (QFileDevice::ReadGroup | QFileDevice::ReadOther | QFileDevice::WriteGroup | QFileDevice::WriteOther),
            QFileDevice::Permissions());
        QVERIFY(store->authenticate(QStringLiteral("bob"), QStringLiteral("test12")));
    }

    void aFailedWriteChangesNothing()
    {
        QTemporaryDir dir;
        const QString file = UserStore::fileIn(dir.path());
        QString error;
        auto store = UserStore::open(file, &error);
        QVERIFY(store);
        QVERIFY(store->put({makeUser(QStringLiteral("alice"), QStringLiteral("pw"))}, &error));
        const QByteArray before = readAll(file);

        QStringList manyTags;
        for (int i = 0; i < 200; ++i)
            manyTags << QStringLiteral("tag-%1").arg(i);
        {
            FileSizeLimit limit(rlim_t(before.size() + 64));
            QVERIFY(limit.ok());
            error.clear();
            const User bob = makeUser(QStringLiteral("bob"), QStringLiteral("pw"), manyTags);
            const bool written = store->put({bob}, &error);
            QVERIFY(!written);
        }
        QVERIFY2(error.contains(file), qPrintable(error));
        QCOMPARE(readAll(file), before); // the old file, whole
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList{QStringLiteral("users.json")});
        QVERIFY(!store->user(QStringLiteral("bob"))); // nor in memory
        QVERIFY(!store->authenticate(QStringLiteral("bob"), QStringLiteral("pw")));

        // A removal that cannot be written keeps the user too.
        {
            FileSizeLimit limit(0);
            QVERIFY(limit.ok());
            QVERIFY(!store->remove(QStringLiteral("alice"), &error));
        }
        QCOMPARE(readAll(file), before);
        QVERIFY(store->authenticate(QStringLiteral("alice"), QStringLiteral("pw")));
    }

    void aDamagedFileIsReportedAndLeftAlone_data()
    {
        QTest::addColumn<QByteArray>("contents");
        QTest::addColumn<QString>("errorPart");
        const QByteArray good
            = R"({"name":"a","password_hash":"","hashing_algorithm":"depot_pbkdf2_sha256","tags":[]})";
        QTest::addRow("not json") << QByteArray("{\"version\": 1, \"users\": [") << "it is not JSON";
        QTest::addRow("empty") << QByteArray() << "it is not JSON";
        QTest::addRow("an array") << QByteArray("[]") << "not a version 1 users file";
        QTest::addRow("other version") << QByteArray(R"({"version":2,"users":[]})") << "not a version 1 users file";
        QTest::addRow("no users") << QByteArray(R"({"version":1})") << "not a version 1 users file";
        QTest::addRow("user not an object") << QByteArray(R"({"version":1,"users":[5]})") << "users[0]";
        QTest::addRow("no hash") << QByteArray(
            R"({"version":1,"users":[{"name":"a","hashing_algorithm":"depot_pbkdf2_sha256"}]})")
                                 << "users[0]: it needs the strings name, password_hash and hashing_algorithm";
        QTest::addRow("unknown algorithm")
            << QByteArray(R"({"version":1,"users":[{"name":"a","password_hash":"","hashing_algorithm":"md5"}]})")
            << "users[0]: unknown hashing_algorithm 'md5'";
        QTest::addRow("malformed hash") << QByteArray(
            R"({"version":1,"users":[{"name":"a","password_hash":"QUJD","hashing_algorithm":"rabbit_password_hashing_sha256"}]})")
                                        << "users[0]: a rabbit_password_hashing_sha256 password_hash holds 36 bytes";
        QTest::addRow("empty name") << QByteArray(
            R"({"version":1,"users":[{"name":"","password_hash":"","hashing_algorithm":"depot_pbkdf2_sha256"}]})")
                                    << "users[0]: a user needs a name";
        QTest::addRow("duplicate") << QByteArray(R"({"version":1,"users":[)" + good + "," + good + "]}")
                                   << "users[1]: the name 'a' appears twice";
        QTest::addRow("bad tags") << QByteArray(
            R"({"version":1,"users":[{"name":"a","password_hash":"","hashing_algorithm":"depot_pbkdf2_sha256","tags":7}]})")
                                  << "users[0]: tags must be";
    }

    void aDamagedFileIsReportedAndLeftAlone()
    {
        QFETCH(QByteArray, contents);
        QFETCH(QString, errorPart);
        QTemporaryDir dir;
        const QString file = UserStore::fileIn(dir.path());
        QVERIFY(writeAll(file, contents));
        QString error;
        QVERIFY(!UserStore::open(file, &error));
        QVERIFY2(error.startsWith(QStringLiteral("depot: the users file ") + file), qPrintable(error));
        QVERIFY2(error.contains(errorPart), qPrintable(error));
        QVERIFY2(error.contains(QStringLiteral("move it away")), qPrintable(error));
        QCOMPARE(readAll(file), contents);
    }

    void inMemoryWritesNoFile()
    {
        QString error;
        auto store = UserStore::open(QString(), &error);
        QVERIFY(store);
        QVERIFY(store->filePath().isEmpty());
        QVERIFY(store->put({makeUser(QStringLiteral("alice"), QStringLiteral("pw"))}, &error));
        QVERIFY(store->authenticate(QStringLiteral("alice"), QStringLiteral("pw")));
        QVERIFY(store->remove(QStringLiteral("alice"), &error));
        QVERIFY(!store->user(QStringLiteral("alice")));
    }

    void theCommandLineAccountIsHeldInMemoryAndShadows()
    {
        QTemporaryDir dir;
        const QString file = UserStore::fileIn(dir.path());
        QString error;
        auto store = UserStore::open(file, &error);
        QVERIFY(store);
        QVERIFY(store->put({makeUser(QStringLiteral("alice"), QStringLiteral("stored-pw")),
                               makeUser(QStringLiteral("bob"), QStringLiteral("bob-pw"))},
            &error));
        store->setCommandLineAccount(QStringLiteral("alice"), QStringLiteral("cmd-pw"));
        QVERIFY(store->isCommandLineAccount(QStringLiteral("alice")));
        QVERIFY(store->authenticate(QStringLiteral("alice"), QStringLiteral("cmd-pw")));
        QVERIFY(!store->authenticate(QStringLiteral("alice"), QStringLiteral("stored-pw")));
        const QList<User> users = store->users();
        QCOMPARE(users.size(), 2);
        QCOMPARE(users[0].name, QStringLiteral("alice"));
        QVERIFY(users[0].fromCommandLine);
        QCOMPARE(users[0].tags, QStringList{QStringLiteral("administrator")});
        QCOMPARE(users[1].name, QStringLiteral("bob"));
        // Still stored as it was, for a start with another --user.
        QCOMPARE(store->storedUsers().size(), 2);
        auto reopened = UserStore::open(file, &error);
        QVERIFY(reopened->authenticate(QStringLiteral("alice"), QStringLiteral("stored-pw")));
    }

    void verificationsAreCached()
    {
        QString error;
        auto store = UserStore::open(QString(), &error);
        QVERIFY(store->put({makeUser(QStringLiteral("alice"), QStringLiteral("pw"))}, &error));
        const quint64 start = store->slowVerifications();
        for (int i = 0; i < 100; ++i)
            QVERIFY(store->authenticate(QStringLiteral("alice"), QStringLiteral("pw")));
        QCOMPARE(store->slowVerifications(), start + 1);
        for (int i = 0; i < 100; ++i)
            QVERIFY(!store->authenticate(QStringLiteral("alice"), QStringLiteral("wrong")));
        QCOMPARE(store->slowVerifications(), start + 2);
        // Unknown names cost a verification too (against a decoy), once.
        for (int i = 0; i < 10; ++i)
            QVERIFY(!store->authenticate(QStringLiteral("nobody"), QStringLiteral("pw")));
        QCOMPARE(store->slowVerifications(), start + 3);

        // A new password: the cached old one no longer opens the door, and a
        // password refused before may now be right.
        QVERIFY(store->put({makeUser(QStringLiteral("alice"), QStringLiteral("wrong"))}, &error));
        QVERIFY(!store->authenticate(QStringLiteral("alice"), QStringLiteral("pw")));
        QVERIFY(store->authenticate(QStringLiteral("alice"), QStringLiteral("wrong")));
        QVERIFY(store->remove(QStringLiteral("alice"), &error));
        QVERIFY(!store->authenticate(QStringLiteral("alice"), QStringLiteral("wrong")));
    }

    void asynchronousAuthenticateAnswersLaterAndSharesChecks()
    {
        QString error;
        auto store = UserStore::open(QString(), &error);
        QVERIFY(store->put({makeUser(QStringLiteral("alice"), QStringLiteral("pw"))}, &error));
        store->setCommandLineAccount(QStringLiteral("guest"), QStringLiteral("guest"));
        QObject receiver;
        QList<std::optional<User>> answers;
        const auto collect = [&answers](const std::optional<User> &u) { answers.append(u); };

        // The command-line account's hash is cheap: answered at once.
        store->authenticate(QStringLiteral("guest"), QStringLiteral("guest"), QStringLiteral("::1"), &receiver, collect);
        QCOMPARE(answers.size(), 1);
        QVERIFY(answers.takeFirst());

        // PBKDF2: later, on this thread; three asking the same share one check.
        const quint64 start = store->slowVerifications();
        for (int i = 0; i < 3; ++i)
            store->authenticate(QStringLiteral("alice"), QStringLiteral("pw"), QStringLiteral("::1"), &receiver, collect);
        QVERIFY(answers.isEmpty());
        QCOMPARE(store->pendingVerifications(), 1);
        QTRY_COMPARE(answers.size(), 3);
        for (const auto &a : answers)
            QCOMPARE(a->name, QStringLiteral("alice"));
        QCOMPARE(store->slowVerifications(), start + 1);
        // Now cached: at once, and the synchronous form agrees.
        answers.clear();
        store->authenticate(QStringLiteral("alice"), QStringLiteral("pw"), QStringLiteral("::1"), &receiver, collect);
        QCOMPARE(answers.size(), 1);
        QVERIFY(store->authenticate(QStringLiteral("alice"), QStringLiteral("pw")));

        // Wrong passwords and unknown names are refused, and remembered.
        answers.clear();
        store->authenticate(QStringLiteral("alice"), QStringLiteral("wrong"), QStringLiteral("::1"), &receiver, collect);
        store->authenticate(QStringLiteral("nobody"), QStringLiteral("pw"), QStringLiteral("::1"), &receiver, collect);
        QTRY_COMPARE(answers.size(), 2);
        QVERIFY(!answers[0] && !answers[1]);
        QCOMPARE(store->slowVerifications(), start + 3);
        QVERIFY(!store->authenticate(QStringLiteral("alice"), QStringLiteral("wrong")));
        QCOMPARE(store->slowVerifications(), start + 3);
    }

    void asynchronousAuthenticateSkipsAGoneReceiver()
    {
        QString error;
        auto store = UserStore::open(QString(), &error);
        QVERIFY(store->put({makeUser(QStringLiteral("alice"), QStringLiteral("pw"))}, &error));
        int answered = 0;
        auto gone = std::make_unique<QObject>();
        QObject stays;
        store->authenticate(QStringLiteral("alice"), QStringLiteral("pw"), QStringLiteral("::1"), gone.get(),
                            [&](const std::optional<User> &) { answered += 100; });
        store->authenticate(QStringLiteral("alice"), QStringLiteral("pw"), QStringLiteral("::1"), &stays,
                            [&](const std::optional<User> &u) { answered += u ? 1 : 0; });
        gone.reset();
        QTRY_COMPARE(store->pendingVerifications(), 0);
        QTRY_COMPARE(answered, 1);
    }

    void aUserChangedDuringTheCheckIsCheckedAgain()
    {
        QString error;
        auto store = UserStore::open(QString(), &error);
        QVERIFY(store->put({makeUser(QStringLiteral("alice"), QStringLiteral("old"))}, &error));
        QObject receiver;
        QList<std::optional<User>> answers;
        store->authenticate(QStringLiteral("alice"), QStringLiteral("old"), QStringLiteral("::1"), &receiver,
                            [&](const std::optional<User> &u) { answers.append(u); });
        // The password changes before the check answers: the old one must
        // not be let in (nor cached as good).
        QVERIFY(store->put({makeUser(QStringLiteral("alice"), QStringLiteral("new"))}, &error));
        QTRY_COMPARE(answers.size(), 1);
        QVERIFY(!answers[0]);
        QVERIFY(!store->authenticate(QStringLiteral("alice"), QStringLiteral("old")));
        QVERIFY(store->authenticate(QStringLiteral("alice"), QStringLiteral("new")));
    }

    void userFromJsonReadsRabbitMqBodies_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<bool>("existing");
        QTest::addColumn<QString>("algorithm");
        QTest::addColumn<QStringList>("tags");
        QTest::addColumn<QString>("loginWith");
        QTest::addRow("password, tags string")
            << QByteArray(R"({"password":"pw","tags":"administrator, monitoring"})") << false
            << QString(DepotPbkdf2Sha256) << QStringList{QStringLiteral("administrator"), QStringLiteral("monitoring")}
            << "pw";
        QTest::addRow("hash without algorithm is sha256")
            << QByteArray(
                   R"({"password_hash":"kI3GCqW5JLMJa4iX1lo7X4D6XbYqlLgxIs30+P6tENUV2POR","tags":["management"]})")
            << false << QString(RabbitSha256) << QStringList{QStringLiteral("management")} << "test12";
        QTest::addRow("empty tags string") << QByteArray(R"({"password":"pw","tags":""})") << false
                                           << QString(DepotPbkdf2Sha256) << QStringList{} << "pw";
        QTest::addRow("no password: locked") << QByteArray(R"({"tags":"x"})") << false << QString(DepotPbkdf2Sha256)
                                             << QStringList{QStringLiteral("x")} << "";
        QTest::addRow("update tags keeps password")
            << QByteArray(R"({"tags":"monitoring"})") << true << QString(RabbitSha256)
            << QStringList{QStringLiteral("monitoring")} << "old";
        QTest::addRow("update password keeps tags")
            << QByteArray(R"({"password":"new"})") << true << QString(DepotPbkdf2Sha256)
            << QStringList{QStringLiteral("administrator")} << "new";
    }

    void userFromJsonReadsRabbitMqBodies()
    {
        QFETCH(QByteArray, body);
        QFETCH(bool, existing);
        QFETCH(QString, algorithm);
        QFETCH(QStringList, tags);
        QFETCH(QString, loginWith);
        std::optional<User> old;
        if (existing)
            old = User{QStringLiteral("u"), rabbitHash(QStringLiteral("old")), {QStringLiteral("administrator")}};
        QString error;
        const auto user = userFromJson(QStringLiteral("u"), QJsonDocument::fromJson(body).object(), old, &error);
        QVERIFY2(user, qPrintable(error));
        QCOMPARE(user->password.algorithm, algorithm);
        QCOMPARE(user->tags, tags);
        if (loginWith.isEmpty())
            QVERIFY(user->password.hash.isEmpty());
        else
            QVERIFY(verifyPassword(user->password, loginWith));
    }

    void userFromJsonRefusesMalformedBodies_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("errorPart");
        QTest::addRow("both") << "u" << QByteArray(R"({"password":"a","password_hash":""})") << "not both";
        QTest::addRow("empty password") << "u" << QByteArray(R"({"password":""})") << "non-empty string";
        QTest::addRow("number password") << "u" << QByteArray(R"({"password":5})") << "non-empty string";
        QTest::addRow("unknown algorithm") << "u" << QByteArray(R"({"password_hash":"","hashing_algorithm":"bcrypt"})")
                                           << "unknown hashing_algorithm 'bcrypt'";
        QTest::addRow("bad base64") << "u" << QByteArray(R"({"password_hash":"%%%"})") << "not valid base64";
        QTest::addRow("tags object") << "u" << QByteArray(R"({"password":"a","tags":{}})") << "tags must be";
        QTest::addRow("tags numbers") << "u" << QByteArray(R"({"password":"a","tags":[1]})") << "tags must be";
        QTest::addRow("empty name") << "" << QByteArray(R"({"password":"a"})") << "needs a name";
        QTest::addRow("long name") << QString(256, QLatin1Char('n')) << QByteArray(R"({"password":"a"})")
                                   << "255 bytes";
    }

    void userFromJsonRefusesMalformedBodies()
    {
        QFETCH(QString, name);
        QFETCH(QByteArray, body);
        QFETCH(QString, errorPart);
        QString error;
        QVERIFY(!userFromJson(name, QJsonDocument::fromJson(body).object(), std::nullopt, &error));
        QVERIFY2(error.contains(errorPart), qPrintable(error));
    }

    void guestOnlyFromLoopback()
    {
        QVERIFY(mayLogInFrom(QStringLiteral("guest"), QHostAddress(QStringLiteral("127.0.0.1"))));
        QVERIFY(mayLogInFrom(QStringLiteral("guest"), QHostAddress(QStringLiteral("::1"))));
        QVERIFY(mayLogInFrom(QStringLiteral("guest"), QHostAddress(QStringLiteral("::ffff:127.0.0.2"))));
        QVERIFY(!mayLogInFrom(QStringLiteral("guest"), QHostAddress(QStringLiteral("192.168.1.5"))));
        QVERIFY(!mayLogInFrom(QStringLiteral("guest"), QHostAddress(QStringLiteral("::ffff:10.0.0.1"))));
        QVERIFY(mayLogInFrom(QStringLiteral("alice"), QHostAddress(QStringLiteral("192.168.1.5"))));
    }
};

QTEST_GUILESS_MAIN(tst_UserStore)
#include "tst_userstore.moc"
