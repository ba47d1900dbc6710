// The window's remote-broker passwords in a real keychain: Debian's
// gnome-keyring in a private D-Bus session (run_in_keyring.sh) and the
// private RabbitMQ of CTest's fixture `rabbitmq`. Connecting with "Keep the
// password in the system keychain" checked keeps it there (never in the
// settings file); the profile opened again with no password typed connects
// without asking; "Forget" removes the profile and its keychain entry.

#include "GuiTestSupport.h"
#include "RemoteTestSupport.h"
#include "ui/remote/PasswordVault.h"
#include "ui/remote/RemoteBroker.h"
#include "ui/views/ConnectRemoteDialog.h"
#include "ui/views/MainWindow.h"
#include "ui/views/RemoteBrokerView.h"
#include "ui/views/RemoteBrokers.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace depot;
using namespace depot::ui;
using remote::PasswordVault;
using remote::RemoteBroker;

namespace {

// What the keychain holds for `profileId` now (nullopt: nothing, or no answer in 20 s).
std::optional<QString> inKeychain(QObject *context, const QString &profileId)
{
    bool answered = false;
    std::optional<QString> got;
    PasswordVault::read(context, profileId, [&](std::optional<QString> password, const QString &) {
        got = std::move(password);
        answered = true;
    });
    if (!QTest::qWaitFor([&] { return answered; }, 20000))
        return std::nullopt;
    return got;
}

} // namespace

class TestRemoteKeychain final : public QObject, public test::RemoteWindowFixture
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY(prepareRemote(QStringLiteral("tst_remotekeychain"), Keychain::SessionOwn)); }
    void init() { QVERIFY(openWindow(QSize(1280, 800))); }
    void cleanup() { closeWindow(); }

    void aSavedPasswordOpensTheProfileWithoutAsking()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("settings.ini"));
        QSettings settings(file, QSettings::IniFormat);
        RemoteBrokers *remotes = m_window->remoteBrokers();
        remotes->setSettings(&settings);

        ConnectRemoteDialog *dialog = remotes->showConnectDialog();
        QVERIFY(dialog->savePasswordBox()->isEnabled());
        QVERIFY(dialog->savePasswordBox()->isChecked());
        QVERIFY(!dialog->forgetButton()->isEnabled()); // nothing saved to forget yet
        dialog->nameEdit()->setText(QStringLiteral("team rabbit"));
        dialog->managementEdit()->setText(m_rabbit.managementUrl);
        dialog->amqpEdit()->setText(QStringLiteral("amqp://127.0.0.1:%1").arg(m_rabbit.amqpPort));
        dialog->userEdit()->setText(m_rabbit.user);
        dialog->passwordEdit()->setText(m_rabbit.password);
        QVERIFY(dialog->grab().toImage().save(test::screenshotDir() + QStringLiteral("/connect-dialog-keychain.png")));
        QPointer<ConnectRemoteDialog> open(dialog);
        dialog->buttons()->button(QDialogButtonBox::Ok)->click();
        QTRY_VERIFY(!open);
        RemoteBrokerView *first = remotes->current();
        QVERIFY(first);
        QTRY_VERIFY_WITH_TIMEOUT(first->broker()->state() == RemoteBroker::State::Online, 30000);
        const QString id = first->broker()->profile().id;
        QVERIFY(!id.isEmpty());

        // In the keychain, under the profile's id; not in the settings file.
        QTRY_COMPARE_WITH_TIMEOUT(inKeychain(this, id), std::optional<QString>(m_rabbit.password), 20000);
        settings.sync();
        QFile raw(file);
        QVERIFY(raw.open(QIODevice::ReadOnly));
        const QByteArray text = raw.readAll();
        QVERIFY(text.contains(m_rabbit.managementUrl.toUtf8()));
        // (The fixture's user and password may be the same word: the user's line aside.)
        const QByteArray userLine = QByteArray("\\user=").append(m_rabbit.user.toUtf8());
        for (const QByteArray &line : text.split('\n')) {
            QVERIFY2(!line.toLower().contains("password"), line.constData());
            if (!line.endsWith(userLine))
                QVERIFY2(!line.contains(m_rabbit.password.toUtf8()), line.constData());
        }

        // Closed and opened again from the saved profile, nothing typed: the
        // keychain's password connects it and nobody is asked.
        remotes->closeCurrent();
        ConnectRemoteDialog *again = remotes->showConnectDialog();
        QCOMPARE(again->profileCombo()->currentText(), QStringLiteral("team rabbit"));
        QCOMPARE(again->passwordEdit()->text(), QString());
        open = again;
        again->buttons()->button(QDialogButtonBox::Ok)->click();
        QTRY_VERIFY(!open);
        RemoteBrokerView *second = remotes->current();
        QVERIFY(second && second != first);
        QTRY_VERIFY_WITH_TIMEOUT(second->broker()->state() == RemoteBroker::State::Online, 30000);
        QVERIFY(!m_window->findChild<QWidget *>(QStringLiteral("remotePasswordDialog")));

        // Forget: the profile leaves the list, the settings and the keychain.
        remotes->closeCurrent();
        ConnectRemoteDialog *forget = remotes->showConnectDialog();
        QCOMPARE(forget->profileCombo()->currentText(), QStringLiteral("team rabbit"));
        QVERIFY(forget->forgetButton()->isEnabled());
        forget->forgetButton()->click();
        QCOMPARE(forget->profileCombo()->count(), 1);
        QVERIFY(!forget->forgetButton()->isEnabled());
        forget->reject();
        QVERIFY(remotes->store().profiles().isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(inKeychain(this, id), std::optional<QString>(), 20000);
        remotes->setSettings(nullptr);
    }
};

QTEST_MAIN(TestRemoteKeychain)
#include "tst_remotekeychain.moc"
