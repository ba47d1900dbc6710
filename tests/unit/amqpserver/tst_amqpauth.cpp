// Login decisions and SASL responses, without sockets.

#include "broker/amqp/AmqpAuth.h"
#include "broker/core/StorePressure.h"
#include "broker/amqp/codec/FieldTable.h"
#include "broker/auth/UserStore.h"

#include <QtTest>

using namespace depot::amqp;

class TestAmqpAuth final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void decision_data()
    {
        QTest::addColumn<QString>("configuredUser");
        QTest::addColumn<QString>("user");
        QTest::addColumn<QString>("password");
        QTest::addColumn<QString>("peer");
        QTest::addColumn<int>("expected");
        const int ok = int(LoginDecision::Accepted);
        const int wrong = int(LoginDecision::WrongCredentials);
        const int loopback = int(LoginDecision::LoopbackOnly);
        QTest::addRow("guest from 127.0.0.1") << "guest" << "guest" << "guest" << "127.0.0.1" << ok;
        QTest::addRow("guest from 127.1.2.3") << "guest" << "guest" << "guest" << "127.1.2.3" << ok;
        QTest::addRow("guest from ::1") << "guest" << "guest" << "guest" << "::1" << ok;
        QTest::addRow("guest from mapped loopback") << "guest" << "guest" << "guest" << "::ffff:127.0.0.1" << ok;
        QTest::addRow("guest from LAN") << "guest" << "guest" << "guest" << "192.168.1.20" << loopback;
        QTest::addRow("guest from mapped LAN") << "guest" << "guest" << "guest" << "::ffff:10.0.0.1" << loopback;
        QTest::addRow("guest from IPv6") << "guest" << "guest" << "guest" << "2001:db8::1" << loopback;
        QTest::addRow("guest wrong password") << "guest" << "guest" << "nope" << "127.0.0.1" << wrong;
        QTest::addRow("configured user remote") << "alice" << "alice" << "secret" << "192.168.1.20" << ok;
        QTest::addRow("guest when alice configured") << "alice" << "guest" << "guest" << "127.0.0.1" << wrong;
        QTest::addRow("user is case sensitive") << "alice" << "Alice" << "secret" << "127.0.0.1" << wrong;
    }
    void decision()
    {
        QFETCH(QString, configuredUser);
        QFETCH(QString, user);
        QFETCH(QString, password);
        QFETCH(QString, peer);
        QFETCH(int, expected);
        AmqpServerOptions options;
        options.user = configuredUser;
        options.password = configuredUser == QLatin1StringView("guest") ? QStringLiteral("guest") : QStringLiteral("secret");
        QCOMPARE(int(decideLogin(options, Credentials{user, password}, QHostAddress(peer))), expected);
    }

    // With the broker's user store: the command-line account and every stored
    // user log in; guest only from loopback, whichever kind it is.
    void decisionWithStoredUsers()
    {
        QString error;
        auto users = depot::auth::UserStore::open(QString(), &error);
        QVERIFY(users);
        users->setCommandLineAccount(QStringLiteral("admin"), QStringLiteral("admin-pw"));
        QVERIFY(users->put({depot::auth::User{QStringLiteral("app"), depot::auth::hashPassword(QStringLiteral("app-pw"), 1000), {}},
                            depot::auth::User{QStringLiteral("guest"), depot::auth::rabbitHash(QStringLiteral("guest")), {}}},
                           &error));
        AmqpServerOptions options;
        options.user = QStringLiteral("ignored-when-a-store-is-set");
        options.password = QStringLiteral("ignored");
        options.users = users.get();
        const QHostAddress local(QStringLiteral("127.0.0.1"));
        const QHostAddress remote(QStringLiteral("192.168.1.20"));
        const auto decide = [&](const char *user, const char *password, const QHostAddress &peer) {
            return decideLogin(options, Credentials{QString::fromLatin1(user), QString::fromLatin1(password)}, peer);
        };
        QCOMPARE(decide("admin", "admin-pw", remote), LoginDecision::Accepted);
        QCOMPARE(decide("app", "app-pw", remote), LoginDecision::Accepted);
        QCOMPARE(decide("app", "app-pw", local), LoginDecision::Accepted);
        QCOMPARE(decide("app", "admin-pw", local), LoginDecision::WrongCredentials);
        QCOMPARE(decide("guest", "guest", local), LoginDecision::Accepted);
        QCOMPARE(decide("guest", "guest", remote), LoginDecision::LoopbackOnly);
        QCOMPARE(decide("ignored-when-a-store-is-set", "ignored", local), LoginDecision::WrongCredentials);
        QCOMPARE(decide("nobody", "app-pw", local), LoginDecision::WrongCredentials);
    }

    void plain_data()
    {
        QTest::addColumn<QByteArray>("response");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<QString>("user");
        QTest::addColumn<QString>("password");
        QTest::addRow("no authzid") << QByteArray("\0guest\0guest", 12) << true << "guest" << "guest";
        QTest::addRow("authzid") << QByteArray("admin\0bob\0pw", 12) << true << "bob" << "pw";
        QTest::addRow("empty password") << QByteArray("\0bob\0", 5) << true << "bob" << "";
        QTest::addRow("empty") << QByteArray() << false << "" << "";
        QTest::addRow("one NUL") << QByteArray("\0guest", 6) << false << "" << "";
        QTest::addRow("empty user") << QByteArray("\0\0pw", 4) << false << "" << "";
        QTest::addRow("bad UTF-8") << QByteArray("\0\xff\0pw", 5) << false << "" << "";
    }
    void plain()
    {
        QFETCH(QByteArray, response);
        QFETCH(bool, valid);
        const auto c = parsePlainResponse(response);
        QCOMPARE(c.has_value(), valid);
        if (valid) {
            QFETCH(QString, user);
            QFETCH(QString, password);
            QCOMPARE(c->user, user);
            QCOMPARE(c->password, password);
        }
    }

    void amqplain()
    {
        QVariantMap table;
        table.insert(QStringLiteral("LOGIN"), QStringLiteral("guest"));
        table.insert(QStringLiteral("PASSWORD"), QStringLiteral("pw"));
        const QByteArray encoded = encodeFieldTable(table).mid(4);   // AMQPLAIN has no size prefix
        const auto c = parseAmqplainResponse(encoded);
        QVERIFY(c);
        QCOMPARE(c->user, QStringLiteral("guest"));
        QCOMPARE(c->password, QStringLiteral("pw"));

        QVERIFY(!parseAmqplainResponse(encoded.left(encoded.size() - 1)));   // truncated
        table.remove(QStringLiteral("PASSWORD"));
        QVERIFY(!parseAmqplainResponse(encodeFieldTable(table).mid(4)));     // no password
        table.insert(QStringLiteral("PASSWORD"), 42);
        QVERIFY(!parseAmqplainResponse(encodeFieldTable(table).mid(4)));     // not a string
        QVERIFY(!parseResponse(QStringLiteral("EXTERNAL"), encoded));
    }

    void storePressureHysteresis()
    {
        depot::core::StorePressure p(1000);
        QVERIFY(!p.add(1, 600));
        QVERIFY(!p.high());
        QVERIFY(p.add(2, 600));          // 1200 > 1000
        QVERIFY(p.high());
        QVERIFY(!p.add(2, 100));         // still high, same sequence merges
        QCOMPARE(p.pendingBytes(), quint64(1300));
        QVERIFY(!p.commit(1));           // 700 left: above half
        QVERIFY(p.high());
        QVERIFY(p.commit(2));            // 0 left
        QVERIFY(!p.high());
        QCOMPARE(p.pendingBytes(), quint64(0));
        QVERIFY(!p.add(2, 10));          // already committed: nothing pending
        QCOMPARE(p.pendingBytes(), quint64(0));
        QVERIFY(!p.add(0, 10));          // sequence 0 = confirmed at once
        QCOMPARE(p.pendingBytes(), quint64(0));
    }
};

QTEST_GUILESS_MAIN(TestAmqpAuth)
#include "tst_amqpauth.moc"
