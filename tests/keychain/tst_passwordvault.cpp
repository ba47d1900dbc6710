// PasswordVault against a real Secret Service: Debian's gnome-keyring in a
// private D-Bus session (ctest runs this under dbus-run-session with the
// daemon unlocked, tests/keychain/run_in_keyring.sh). A password written for
// a profile is read back from the keychain, never from a file; removed, it is
// gone; with DEPOT_KEYCHAIN=off nothing is kept.

#include "ui/remote/PasswordVault.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QUuid>

using depot::ui::remote::PasswordVault;

namespace {

std::optional<QString> readBack(QObject *context, const QString &profile, QString *why)
{
    bool answered = false;
    std::optional<QString> got;
    PasswordVault::read(context, profile, [&](std::optional<QString> password, QString reason) {
        got = std::move(password);
        *why = std::move(reason);
        answered = true;
    });
    if (!QTest::qWaitFor([&] { return answered; }, 20000))
        *why = QStringLiteral("no answer from the keychain within 20 s");
    return got;
}

bool writeTo(QObject *context, const QString &profile, const QString &password, QString *why)
{
    bool answered = false;
    bool stored = false;
    PasswordVault::write(context, profile, password, [&](bool ok, QString reason) {
        stored = ok;
        *why = std::move(reason);
        answered = true;
    });
    if (!QTest::qWaitFor([&] { return answered; }, 20000))
        *why = QStringLiteral("no answer from the keychain within 20 s");
    return stored;
}

} // namespace

class TestPasswordVault final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY2(!qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"),
            "no D-Bus session: run through ctest (tests/keychain/run_in_keyring.sh)");
        QVERIFY2(PasswordVault::compiledIn(), "Depot was built without QtKeychain (qtkeychain-qt6-dev)");
    }

    void writtenPasswordIsReadBackFromTheKeychain()
    {
        const QString profile = QUuid::createUuid().toString(QUuid::WithoutBraces);
        const QString secret = QStringLiteral("s3cret-") + QUuid::createUuid().toString(QUuid::Id128);
        QString why;
        QVERIFY2(writeTo(this, profile, secret, &why), qPrintable(why));
        const std::optional<QString> back = readBack(this, profile, &why);
        QVERIFY2(back, qPrintable(why));
        QCOMPARE(*back, secret);
        // Kept by the keychain, not by Depot in a file of its own.
        const QString config = QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation);
        QDirIterator files(config, QDir::Files, QDirIterator::Subdirectories);
        while (files.hasNext()) {
            QFile f(files.next());
            if (f.open(QIODevice::ReadOnly))
                QVERIFY2(!f.readAll().contains(secret.toUtf8()), qPrintable(f.fileName()));
        }

        PasswordVault::remove(profile);
        QTRY_VERIFY_WITH_TIMEOUT(!readBack(this, profile, &why), 20000);
    }

    void anotherProfileHasNoPassword()
    {
        QString why;
        QVERIFY(!readBack(this, QUuid::createUuid().toString(QUuid::WithoutBraces), &why));
    }

    void switchedOffKeepsNothing()
    {
        const QString profile = QUuid::createUuid().toString(QUuid::WithoutBraces);
        qputenv("DEPOT_KEYCHAIN", "off");
        QString why;
        const bool stored = writeTo(this, profile, QStringLiteral("never-kept"), &why);
        qunsetenv("DEPOT_KEYCHAIN");
        QVERIFY(!stored);
        QVERIFY(!why.isEmpty());
        QVERIFY(!readBack(this, profile, &why));
    }
};

QTEST_MAIN(TestPasswordVault)
#include "tst_passwordvault.moc"
