// The window on a remote RabbitMQ: the private rabbitmq-server that CTest's
// fixture started (tests/integration/rabbitmq_server.py, its ports in the
// file DEPOT_RABBITMQ_STATE names). Queues published to with amqp-tools
// appear with their depths and dead-letter links; a wrong password shows the
// refusal banner and stops polling until a new one is given; an unreachable
// host shows the banner and backs off; a TLS certificate nobody vouches for
// is refused with its SHA-256 fingerprint shown, and passes once trusted
// (against a QSslServer in this test with an openssl-made self-signed
// certificate); a profile is saved without its password.

#include "GuiTestSupport.h"
#include "RemoteTestSupport.h"
#include "ui/models/QueueListModel.h"
#include "ui/remote/RemoteBroker.h"
#include "ui/views/ConnectRemoteDialog.h"
#include "ui/views/MainWindow.h"
#include "ui/views/QueueListPanel.h"
#include "ui/views/RemoteActions.h"
#include "ui/views/RemoteBrokerView.h"
#include "ui/views/RemoteBrokers.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QProcess>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QSslCertificate>
#include <QSslKey>
#include <QSslServer>
#include <QSslSocket>
#include <QStatusBar>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using namespace depot;
using namespace depot::ui;
using remote::RemoteBroker;
using remote::RemoteProfile;
using test::Rabbit;

namespace {

// Runs one of amqp-tools' commands or curl (Debian's amqp-tools, curl); false on error.
bool amqpTool(const QString &tool, const QStringList &args)
{
    QProcess p;
    p.start(tool, args);
    if (!p.waitForFinished(30000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        qWarning() << tool << args << "failed:" << p.readAllStandardError() << p.errorString()
                   << "(install Debian's amqp-tools and curl)";
        return false;
    }
    return true;
}

const QueueRow *shown(RemoteBrokerView *view, const QString &queue)
{
    return view->broker()->snapshot()->queue(queue);
}

} // namespace

class TestRemoteBroker final : public QObject, public test::RemoteWindowFixture
{
    Q_OBJECT

private:
    RemoteProfile profile(const QString &name) const { return test::profileOf(m_rabbit, name); }

    QString amqpUrl() const
    {
        return QStringLiteral("amqp://%1:%2@127.0.0.1:%3").arg(m_rabbit.user, m_rabbit.password).arg(m_rabbit.amqpPort);
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(prepareRemote(QStringLiteral("tst_remotebroker"))); }
    void init() { QVERIFY(openWindow(QSize(1280, 800))); }
    void cleanup() { closeWindow(); }

    void listsQueuesWithDepths()
    {
        const QString work = test::uniqueName(QStringLiteral("orders"));
        const QString dlq = work + QStringLiteral(".dlq");
        QVERIFY(amqpTool(QStringLiteral("amqp-declare-queue"), {u"--url=" + amqpUrl(), u"-d"_qs, u"-q"_qs, dlq}));
        QVERIFY(amqpTool(QStringLiteral("amqp-declare-queue"), {u"--url=" + amqpUrl(), u"-d"_qs, u"-q"_qs, work}));
        for (int i = 0; i < 5; ++i)
            QVERIFY(amqpTool(QStringLiteral("amqp-publish"),
                {u"--url=" + amqpUrl(), u"-r"_qs, work, u"-b"_qs, QStringLiteral("order %1").arg(i)}));
        for (int i = 0; i < 2; ++i)
            QVERIFY(amqpTool(QStringLiteral("amqp-publish"), {u"--url=" + amqpUrl(), u"-r"_qs, dlq, u"-b"_qs, u"dead"_qs}));

        RemoteBrokers *remotes = m_window->remoteBrokers();
        RemoteBrokerView *view = remotes->open(profile(QStringLiteral("staging")), m_rabbit.password);
        QCOMPARE(remotes->current(), view);
        QCOMPARE(remotes->selector()->currentText(), QStringLiteral("staging"));
        // The local broker's actions are off while the remote is shown.
        QVERIFY(!m_window->action(QStringLiteral("publish"))->isEnabled());
        QVERIFY(m_window->action(QStringLiteral("closeRemote"))->isEnabled());

        QTRY_VERIFY_WITH_TIMEOUT(shown(view, work) && shown(view, work)->ready == 5, 30000);
        QTRY_VERIFY_WITH_TIMEOUT(shown(view, dlq) && shown(view, dlq)->ready == 2, 30000);
        QVERIFY(!view->banner()->isVisible());
        // The queue list itself shows them.
        QueueListModel *model = view->queuePanel()->model();
        QVERIFY(model->queueNames().contains(work));
        int row = -1;
        for (int r = 0; r < model->rowCount(); ++r) {
            if (model->data(model->index(r, QueueListModel::Name)).toString() == work)
                row = r;
        }
        QVERIFY(row >= 0);
        QCOMPARE(model->data(model->index(row, QueueListModel::Ready), QueueListModel::SortRole).toULongLong(), 5u);
        QTRY_VERIFY_WITH_TIMEOUT(view->overviewLabel()->text().contains(QStringLiteral("RabbitMQ 3.")), 30000);

        const QImage image = m_window->grab().toImage();
        QVERIFY(image.save(test::screenshotDir() + QStringLiteral("/remote-queues.png")));

        // Back to This Depot: its actions come back.
        remotes->selector()->setCurrentIndex(0);
        QVERIFY(m_window->action(QStringLiteral("publish"))->isEnabled());
        QVERIFY(!m_window->action(QStringLiteral("closeRemote"))->isEnabled());
    }

    void theStatusBarDescribesTheRemoteShown()
    {
        // This Depot's status bar words while it is shown.
        QVERIFY(m_window->stateLabel()->isVisible());
        QLabel *remoteStatus = m_window->remoteActions()->statusLabel();
        QVERIFY(!remoteStatus->isVisible());

        RemoteBrokers *remotes = m_window->remoteBrokers();
        RemoteBrokerView *view = remotes->open(profile(QStringLiteral("staging")), m_rabbit.password);
        const QString where = QUrl(m_rabbit.managementUrl).authority();
        QTRY_VERIFY_WITH_TIMEOUT(view->broker()->state() == RemoteBroker::State::Online, 30000);
        QTRY_VERIFY_WITH_TIMEOUT(remoteStatus->text().contains(QStringLiteral("RabbitMQ 3.")), 30000);
        QVERIFY(remoteStatus->isVisible());
        QVERIFY2(remoteStatus->text().contains(QStringLiteral("staging (") + where + QStringLiteral("): reachable")),
            qPrintable(remoteStatus->text()));
        // Its connection count in the plural form that fits it, not "connection(s)".
        const QRegularExpressionMatch connections
            = QRegularExpression(QStringLiteral(" · ([\\d,]+) connection(s?)$")).match(remoteStatus->text());
        QVERIFY2(connections.hasMatch(), qPrintable(remoteStatus->text()));
        QCOMPARE(connections.captured(2).isEmpty(), connections.captured(1) == u"1");
        // Depot's own state, ports and totals are not shown for the remote.
        QVERIFY(!m_window->stateLabel()->isVisible());
        QVERIFY(!m_window->portsLabel()->isVisible());
        QVERIFY(m_window->statusBar()->isVisible());

        // A remote that cannot be reached says so, with why.
        quint16 closedPort = 0;
        {
            QTcpServer probe;
            QVERIFY(probe.listen(QHostAddress::LocalHost));
            closedPort = probe.serverPort();
        }
        RemoteProfile p = profile(QStringLiteral("gone"));
        p.managementUrl = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(closedPort));
        RemoteBrokerView *gone = remotes->open(p, QStringLiteral("x"));
        QCOMPARE(remotes->current(), gone);
        QTRY_VERIFY_WITH_TIMEOUT(gone->broker()->state() == RemoteBroker::State::Unreachable, 30000);
        QTRY_VERIFY_WITH_TIMEOUT(remoteStatus->text().contains(QStringLiteral("gone (127.0.0.1:%1): not reachable").arg(closedPort)), 5000);
        QVERIFY2(remoteStatus->text().contains(QStringLiteral("cannot be reached")), qPrintable(remoteStatus->text()));
        QVERIFY(m_window->grab().toImage().save(test::screenshotDir() + QStringLiteral("/remote-statusbar-unreachable.png")));

        // Back to the first remote, then to This Depot: each is described again.
        remotes->selector()->setCurrentIndex(1);
        QVERIFY2(remoteStatus->text().contains(QStringLiteral("staging (")), qPrintable(remoteStatus->text()));
        remotes->selector()->setCurrentIndex(0);
        QVERIFY(!remoteStatus->isVisible());
        QVERIFY(m_window->stateLabel()->isVisible());
    }

    void refusedCredentialsShowTheBanner()
    {
        RemoteBrokerView *view
            = m_window->remoteBrokers()->open(profile(QStringLiteral("wrong")), QStringLiteral("not-the-password"));
        QTRY_VERIFY_WITH_TIMEOUT(view->broker()->state() == RemoteBroker::State::CredentialsRefused, 30000);
        QVERIFY(view->banner()->isVisible());
        QVERIFY2(view->bannerText()->text().contains(QStringLiteral("401")), qPrintable(view->bannerText()->text()));
        QVERIFY(view->passwordButton()->isVisible());
        // Polling stopped: nothing is in flight and nothing is due.
        QTRY_VERIFY(!view->broker()->inFlight(RemoteBroker::View::Queues));
        const quint64 sent = view->broker()->requestsSent(RemoteBroker::View::Queues);
        QTest::qWait(2 * RemoteBroker::RefreshMs);
        QCOMPARE(view->broker()->requestsSent(RemoteBroker::View::Queues), sent);
        // The right password brings the broker up.
        view->broker()->setPassword(m_rabbit.password);
        QTRY_VERIFY_WITH_TIMEOUT(view->broker()->state() == RemoteBroker::State::Online, 30000);
        QVERIFY(!view->banner()->isVisible());
    }

    void aPasswordGivenWhileARequestIsOutWins()
    {
        // The keychain's password arrives while the first poll (sent with
        // none) is still out: that poll's 401 must not stop the broker.
        RemoteBrokerView *view = m_window->remoteBrokers()->open(profile(QStringLiteral("late")), QString());
        QTRY_VERIFY(view->broker()->inFlight(RemoteBroker::View::Queues));
        view->broker()->setPassword(m_rabbit.password);
        QTRY_VERIFY_WITH_TIMEOUT(view->broker()->state() == RemoteBroker::State::Online, 30000);
        QTest::qWait(2 * RemoteBroker::RefreshMs);
        QCOMPARE(view->broker()->state(), RemoteBroker::State::Online);
    }

    void aUserWithoutMonitoringSeesQueuesWithoutAlarms()
    {
        // RabbitMQ's "management" tag reads queues but not /api/nodes (403):
        // the broker is shown, without node alarms, and no banner.
        const QString user = test::uniqueName(QStringLiteral("viewer"));
        const QString auth = m_rabbit.user + u':' + m_rabbit.password;
        const QString base = m_rabbit.managementUrl + QStringLiteral("/api");
        QVERIFY(amqpTool(QStringLiteral("curl"), {u"-sf"_qs, u"-u"_qs, auth, u"-X"_qs, u"PUT"_qs, u"-H"_qs,
            u"content-type: application/json"_qs, u"-d"_qs, u"{\"password\":\"pw\",\"tags\":\"management\"}"_qs,
            base + u"/users/" + user}));
        QVERIFY(amqpTool(QStringLiteral("curl"), {u"-sf"_qs, u"-u"_qs, auth, u"-X"_qs, u"PUT"_qs, u"-H"_qs,
            u"content-type: application/json"_qs, u"-d"_qs, u"{\"configure\":\".*\",\"write\":\".*\",\"read\":\".*\"}"_qs,
            base + u"/permissions/%2F/" + user}));
        RemoteProfile p = profile(QStringLiteral("viewer"));
        p.user = user;
        RemoteBrokerView *view = m_window->remoteBrokers()->open(p, QStringLiteral("pw"));
        QTRY_VERIFY2_WITH_TIMEOUT(view->broker()->requestsSent(RemoteBroker::View::Queues) >= 4,
            qPrintable(view->broker()->problem()), 30000);
        QCOMPARE(view->broker()->requestsSent(RemoteBroker::View::Nodes), 1u);
        QCOMPARE(view->broker()->state(), RemoteBroker::State::Online);
        QVERIFY(!view->banner()->isVisible());
    }

    void unreachableHostBacksOff()
    {
        quint16 closedPort = 0;
        {
            QTcpServer probe;
            QVERIFY(probe.listen(QHostAddress::LocalHost));
            closedPort = probe.serverPort();
        }
        RemoteProfile p = profile(QStringLiteral("gone"));
        p.managementUrl = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(closedPort));
        RemoteBrokerView *view = m_window->remoteBrokers()->open(p, QStringLiteral("x"));
        QTRY_VERIFY_WITH_TIMEOUT(view->broker()->state() == RemoteBroker::State::Unreachable, 30000);
        QVERIFY(view->banner()->isVisible());
        QVERIFY2(view->bannerText()->text().contains(QStringLiteral("cannot be reached")),
            qPrintable(view->bannerText()->text()));
        QVERIFY(view->retryButton()->isVisible());
        // Each failure doubles the wait: 1 s, then 2 s, ... So after n
        // requests the wait is 1 s << (n - 1), or 1 s << (n - 2) while the
        // n-th is still on its way. Read together, so a slow machine that
        // lets a retry through before this line runs cannot fail it.
        RemoteBroker *broker = view->broker();
        // Empty when the wait fits the requests sent, else what was seen.
        const auto waitMisfit = [broker] {
            const quint64 sent = broker->requestsSent(RemoteBroker::View::Queues);
            const int wait = broker->backoffMs(RemoteBroker::View::Queues);
            const auto after = [](quint64 failures) { return failures == 0 ? 0 : 1000 << (failures - 1); };
            const bool fits = sent >= 1 && sent < 8 && (wait == after(sent) || wait == after(sent - 1));
            return fits ? QString() : QStringLiteral("%1 requests, waiting %2 ms").arg(sent).arg(wait);
        };
        QString misfit = waitMisfit();
        QVERIFY2(misfit.isEmpty(), qPrintable(misfit));
        QTRY_VERIFY_WITH_TIMEOUT(broker->backoffMs(RemoteBroker::View::Queues) >= 2000, 30000);
        misfit = waitMisfit();
        QVERIFY2(misfit.isEmpty(), qPrintable(misfit));
    }

    void untrustedCertificateIsRefusedWithItsFingerprint()
    {
        QTemporaryDir dir;
        const QString cert = dir.filePath(QStringLiteral("cert.pem"));
        const QString key = dir.filePath(QStringLiteral("key.pem"));
        QProcess openssl;
        openssl.start(QStringLiteral("openssl"),
            {u"req"_qs, u"-x509"_qs, u"-newkey"_qs, u"rsa:2048"_qs, u"-nodes"_qs, u"-days"_qs, u"2"_qs, u"-subj"_qs,
                u"/CN=localhost"_qs, u"-keyout"_qs, key, u"-out"_qs, cert});
        QVERIFY(openssl.waitForFinished(60000));
        QCOMPARE(openssl.exitCode(), 0);
        const QList<QSslCertificate> certs = QSslCertificate::fromPath(cert);
        QCOMPARE(certs.size(), 1);
        QFile keyFile(key);
        QVERIFY(keyFile.open(QIODevice::ReadOnly));
        const QSslKey sslKey(keyFile.readAll(), QSsl::Rsa);
        QVERIFY(!sslKey.isNull());

        // A TLS server that answers every request with a refusal of the
        // credentials: reaching that answer proves the TLS handshake passed.
        QSslServer server;
        QSslConfiguration config = QSslConfiguration::defaultConfiguration();
        config.setLocalCertificate(certs.first());
        config.setPrivateKey(sslKey);
        server.setSslConfiguration(config);
        connect(&server, &QTcpServer::pendingConnectionAvailable, this, [&server] {
            while (QTcpSocket *socket = server.nextPendingConnection()) {
                connect(socket, &QTcpSocket::readyRead, socket, [socket] {
                    if (!socket->readAll().contains("\r\n\r\n"))
                        return;
                    socket->write("HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\n"
                                  "Content-Length: 49\r\nConnection: close\r\n\r\n"
                                  "{\"error\":\"not_authorized\",\"reason\":\"Login failed\"}");
                    socket->disconnectFromHost();
                });
                connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            }
        });
        QVERIFY(server.listen(QHostAddress::LocalHost));

        RemoteProfile p = profile(QStringLiteral("tls"));
        p.managementUrl = QUrl(QStringLiteral("https://localhost:%1").arg(server.serverPort()));
        RemoteBrokerView *view = m_window->remoteBrokers()->open(p, QStringLiteral("x"));
        QTRY_VERIFY_WITH_TIMEOUT(view->broker()->state() == RemoteBroker::State::UntrustedCertificate, 30000);
        const QString fingerprint = RemoteBroker::fingerprintOf(certs.first());
        QCOMPARE(view->broker()->certificateFingerprint(), fingerprint);
        QVERIFY2(view->bannerText()->text().contains(fingerprint), qPrintable(view->bannerText()->text()));
        QVERIFY(view->trustButton()->isVisible());

        // Trusting it is kept in the profile, and the requests pass TLS.
        view->trustButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(view->broker()->state() == RemoteBroker::State::CredentialsRefused, 30000);
        QCOMPARE(view->broker()->profile().acceptedFingerprint, fingerprint);
        bool saved = false;
        for (const RemoteProfile &s : m_window->remoteBrokers()->store().profiles())
            saved = saved || s.acceptedFingerprint == fingerprint;
        QVERIFY(saved);
    }

    void profilesPersistWithoutThePassword()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("settings.ini"));
        QSettings settings(file, QSettings::IniFormat);
        RemoteBrokers *remotes = m_window->remoteBrokers();
        remotes->setSettings(&settings);
        ConnectRemoteDialog *dialog = remotes->showConnectDialog();
        QVERIFY(dialog);
        // No keychain here: the dialog says the password will be asked.
        QVERIFY(!dialog->savePasswordBox()->isEnabled());
        dialog->nameEdit()->setText(QStringLiteral("local rabbit"));
        dialog->managementEdit()->setText(QStringLiteral("ftp://127.0.0.1"));
        QVERIFY(!dialog->buttons()->button(QDialogButtonBox::Ok)->isEnabled());
        QVERIFY(dialog->problemLabel()->text().contains(QStringLiteral("http")));
        dialog->managementEdit()->setText(m_rabbit.managementUrl);
        dialog->amqpEdit()->setText(QStringLiteral("amqp://127.0.0.1:%1").arg(m_rabbit.amqpPort));
        dialog->userEdit()->setText(m_rabbit.user);
        const QString secret = QStringLiteral("s3cret-") + QUuid::createUuid().toString(QUuid::Id128);
        dialog->passwordEdit()->setText(secret);
        QVERIFY(dialog->buttons()->button(QDialogButtonBox::Ok)->isEnabled());
        const QImage image = dialog->grab().toImage();
        QVERIFY(image.save(test::screenshotDir() + QStringLiteral("/connect-dialog.png")));
        QPointer<ConnectRemoteDialog> open(dialog);
        dialog->buttons()->button(QDialogButtonBox::Ok)->click();
        QTRY_VERIFY(!open);
        QCOMPARE(remotes->current()->broker()->profile().name, QStringLiteral("local rabbit"));
        settings.sync();

        QFile raw(file);
        QVERIFY(raw.open(QIODevice::ReadOnly));
        const QByteArray text = raw.readAll();
        QVERIFY(text.contains(m_rabbit.managementUrl.toUtf8()));
        QVERIFY2(!text.contains(secret.toUtf8()), text.constData());
        const QList<RemoteProfile> saved = remotes->store().profiles();
        QCOMPARE(saved.size(), 1);
        QCOMPARE(saved.first().user, m_rabbit.user);

        // Opened again from the saved profile with no password typed: with
        // no keychain the window asks for it.
        ConnectRemoteDialog *again = remotes->showConnectDialog();
        QCOMPARE(again->profileCombo()->currentText(), QStringLiteral("local rabbit"));
        QCOMPARE(again->passwordEdit()->text(), QString());
        again->buttons()->button(QDialogButtonBox::Ok)->click();
        QWidget *ask = nullptr;
        QTRY_VERIFY((ask = m_window->findChild<QWidget *>(QStringLiteral("remotePasswordDialog"))) != nullptr);
        remotes->setSettings(nullptr);
    }
};

QTEST_MAIN(TestRemoteBroker)
#include "tst_remotebroker.moc"
