// The AMQP login with the broker's user store: the password check runs off
// the broker thread, so a slow check does not hold up other connections; the
// connection reads nothing more until it is answered; a client that goes
// away meanwhile is simply not answered.

#include "RawAmqpClient.h"
#include "ServerFixture.h"
#include "broker/amqp/AmqpServer.h"
#include "broker/auth/UserStore.h"

#include <QTest>

using namespace depot;
using namespace depot::amqp;
using namespace depot::amqp::test;

namespace {

// Checking a password against this user costs 1,000,000 PBKDF2 iterations
// (the most a hash may ask for; seconds on the reference machine), and no
// password matches.
const QString SlowUser = QStringLiteral("slow");

std::unique_ptr<auth::UserStore> makeUsers()
{
    QString error;
    auto users = auth::UserStore::open(QString(), &error);
    users->setCommandLineAccount(QStringLiteral("guest"), QStringLiteral("guest"));
    QString why;
    if (!users->put({auth::User{SlowUser, auth::decoyHash(auth::MaxPbkdf2Iterations), {}},
                        auth::User{QStringLiteral("app"), auth::hashPassword(QStringLiteral("app-pw"), 20000), {}}},
            &why))
        qFatal("%s", qPrintable(why));
    return users;
}

AmqpServerOptions withUsers(auth::UserStore *users)
{
    AmqpServerOptions options;
    options.users = users;
    return options;
}

void sendStartOk(RawAmqpClient &c, const QString &user, const QString &password)
{
    c.sendMethod(0,
        ConnectionStartOk{RawAmqpClient::clientProperties(), QStringLiteral("PLAIN"),
            RawAmqpClient::plainResponse(user, password), QStringLiteral("en_US")});
}

} // namespace

class TestAmqpLogin final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void aSlowCheckDoesNotHoldUpOtherConnections()
    {
        const auto users = makeUsers();
        ServerFixture f(withUsers(users.get()));
        RawAmqpClient other(f.port());
        QVERIFY(other.handshake());
        QVERIFY(other.openChannel(1));

        RawAmqpClient slow(f.port());
        QVERIFY(slow.start());
        sendStartOk(slow, SlowUser, QStringLiteral("a wrong guess"));
        QTRY_COMPARE(users->pendingVerifications(), 1);
        // While that check runs, the other connection is served, round trip
        // after round trip.
        for (int i = 0; i < 20; ++i) {
            other.sendMethod(1, QueueDeclare{0, QStringLiteral("q%1").arg(i), false, false, false, true, false, {}});
            QVERIFY(other.expect<QueueDeclareOk>());
        }
        QCOMPARE(users->pendingVerifications(), 1);
        QVERIFY(!slow.nextFrame(0));
        // Then the slow one gets its refusal, as before (a loaded machine has
        // taken over 120 s for the million iterations; the test allows 300).
        const auto close = slow.expect<ConnectionClose>(240000);
        QVERIFY(close);
        QCOMPARE(close->replyCode, quint16(403));
        QCOMPARE(users->pendingVerifications(), 0);
    }

    void framesAfterStartOkWaitForTheAnswer()
    {
        const auto users = makeUsers();
        ServerFixture f(withUsers(users.get()));
        RawAmqpClient c(f.port());
        QVERIFY(c.start());
        // start-ok, tune-ok and open in one write, as eager clients send them.
        QByteArray all;
        appendMethodFrame(all, 0,
            ConnectionStartOk{RawAmqpClient::clientProperties(), QStringLiteral("PLAIN"),
                RawAmqpClient::plainResponse(QStringLiteral("app"), QStringLiteral("app-pw")),
                QStringLiteral("en_US")});
        appendMethodFrame(all, 0, ConnectionTuneOk{2047, 131072, 0});
        appendMethodFrame(all, 0, ConnectionOpen{QStringLiteral("/"), {}, false});
        c.sendRaw(all);
        QVERIFY(c.expect<ConnectionTune>(30000));
        QVERIFY(c.expect<ConnectionOpenOk>());
        QCOMPARE(users->slowVerifications(), quint64(1));
        QVERIFY(c.openChannel(1));
        QCOMPARE(f.server->connections().value(0).user, QStringLiteral("app"));
    }

    void clientGoneDuringTheCheckIsNotAnswered()
    {
        const auto users = makeUsers();
        ServerFixture f(withUsers(users.get()));
        RawAmqpClient other(f.port());
        QVERIFY(other.handshake());
        QVERIFY(other.openChannel(1));
        {
            RawAmqpClient slow(f.port());
            QVERIFY(slow.start());
            sendStartOk(slow, SlowUser, QStringLiteral("guess"));
            QTRY_COMPARE(users->pendingVerifications(), 1);
        } // the client closes its socket
        // The connection is finished and deleted while its check still runs ...
        QTRY_COMPARE(f.server->connectionCount(), 1);
        QCOMPARE(users->pendingVerifications(), 1);
        // ... and the answer arrives to nobody (the sanitizer build would
        // catch a touch of the deleted connection).
        QTRY_COMPARE_WITH_TIMEOUT(users->pendingVerifications(), 0, 120000);
        other.sendMethod(1, QueueDeclare{0, QStringLiteral("after"), false, false, false, true, false, {}});
        QVERIFY(other.expect<QueueDeclareOk>());
    }

    void shutdownDuringTheCheck()
    {
        const auto users = makeUsers();
        auto f = std::make_unique<ServerFixture>(withUsers(users.get()));
        RawAmqpClient slow(f->port());
        QVERIFY(slow.start());
        sendStartOk(slow, SlowUser, QStringLiteral("guess"));
        QTRY_COMPARE(users->pendingVerifications(), 1);
        // The server (and its connections) go first, as at broker shutdown.
        f.reset();
        QVERIFY(slow.waitDisconnected());
        QTRY_COMPARE_WITH_TIMEOUT(users->pendingVerifications(), 0, 120000);
    }

    void connectionsWithTheSameCredentialsShareOneCheck()
    {
        const auto users = makeUsers();
        ServerFixture f(withUsers(users.get()));
        std::vector<std::unique_ptr<RawAmqpClient>> clients;
        for (int i = 0; i < 8; ++i) {
            clients.push_back(std::make_unique<RawAmqpClient>(f.port()));
            QVERIFY(clients.back()->start());
        }
        for (auto &c : clients)
            sendStartOk(*c, QStringLiteral("app"), QStringLiteral("app-pw"));
        for (auto &c : clients)
            QVERIFY(c->expect<ConnectionTune>(30000));
        QCOMPARE(users->slowVerifications(), quint64(1));
    }
};

QTEST_GUILESS_MAIN(TestAmqpLogin)
#include "tst_amqplogin.moc"
