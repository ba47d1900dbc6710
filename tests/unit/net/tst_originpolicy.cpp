// OriginPolicy: which Host and Origin headers Depot's HTTP listeners answer
// (DNS rebinding and cross-site requests from the developer's browser).

#include "broker/net/OriginPolicy.h"

#include <QHostInfo>
#include <QTest>

using depot::net::OriginPolicy;
using depot::net::OriginPolicyOptions;

class TestOriginPolicy final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void loopbackNamesAreAnswered_data()
    {
        QTest::addColumn<QByteArray>("host");
        QTest::newRow("127.0.0.1 with port") << QByteArray("127.0.0.1:15672");
        QTest::newRow("127.0.0.1") << QByteArray("127.0.0.1");
        QTest::newRow("localhost") << QByteArray("localhost:15672");
        QTest::newRow("LOCALHOST upper case") << QByteArray("LOCALHOST:1");
        QTest::newRow("localhost. trailing dot") << QByteArray("localhost.:15672");
        QTest::newRow("[::1]") << QByteArray("[::1]:15672");
        QTest::newRow("[::1] no port") << QByteArray("[::1]");
        QTest::newRow("no Host header (a program)") << QByteArray();
    }
    void loopbackNamesAreAnswered()
    {
        QFETCH(QByteArray, host);
        const OriginPolicy policy;
        QCOMPARE(policy.hostRefusal(host), QString());
    }

    void otherNamesAreRefused_data()
    {
        QTest::addColumn<QByteArray>("host");
        QTest::newRow("rebinding name") << QByteArray("attacker.example:15672");
        QTest::newRow("rebinding name no port") << QByteArray("attacker.example");
        QTest::newRow("localhost as a subdomain") << QByteArray("localhost.attacker.example");
        QTest::newRow("name ending in localhost") << QByteArray("evillocalhost:15672");
        QTest::newRow("another loopback address") << QByteArray("127.0.0.2:15672");
        QTest::newRow("unbracketed v6") << QByteArray("::1");
        QTest::newRow("bad port") << QByteArray("localhost:99999");
        QTest::newRow("port not a number") << QByteArray("localhost:http");
        QTest::newRow("machine name while on loopback") << QHostInfo::localHostName().toLatin1();
    }
    void otherNamesAreRefused()
    {
        QFETCH(QByteArray, host);
        const OriginPolicy policy;
        const QString why = policy.hostRefusal(host);
        QVERIFY2(!why.isEmpty(), host.constData());
    }

    void theRefusalSaysHowToAllowTheName()
    {
        const OriginPolicy policy;
        const QString why = policy.hostRefusal("Attacker.Example:15672");
        QVERIFY2(why.contains(QLatin1String("--allowed-host attacker.example")), qPrintable(why));
    }

    void allowedHostsAreAnswered()
    {
        OriginPolicyOptions options;
        options.allowedHosts = {QStringLiteral("depot.test")};
        const OriginPolicy policy(options);
        QCOMPARE(policy.hostRefusal("depot.test:15672"), QString());
        QCOMPARE(policy.hostRefusal("DEPOT.TEST"), QString());
        QVERIFY(!policy.hostRefusal("other.test").isEmpty());
    }

    void boundBeyondLoopbackAllowsTheAddressAndTheMachineName()
    {
        OriginPolicyOptions options;
        options.bindAddress = QHostAddress(QStringLiteral("192.0.2.10"));
        const OriginPolicy policy(options);
        QCOMPARE(policy.hostRefusal("192.0.2.10:15672"), QString());
        QCOMPARE(policy.hostRefusal(QHostInfo::localHostName().toLatin1()), QString());
        QCOMPARE(policy.hostRefusal("localhost"), QString());
        QVERIFY(!policy.hostRefusal("attacker.example").isEmpty());
        QVERIFY(!policy.hostRefusal("192.0.2.11").isEmpty());
    }

    void requestsWithoutOriginOrRefererAreAnswered()
    {
        const OriginPolicy policy;
        QCOMPARE(policy.originRefusal({}, {}), QString());
    }

    void crossSiteOriginsAreRefused_data()
    {
        QTest::addColumn<QByteArray>("origin");
        QTest::addColumn<QByteArray>("referer");
        QTest::newRow("origin") << QByteArray("http://attacker.example") << QByteArray();
        QTest::newRow("null origin (sandboxed page)") << QByteArray("null") << QByteArray();
        QTest::newRow("referer alone") << QByteArray() << QByteArray("http://attacker.example/page?x=1");
        QTest::newRow("a page on localhost is still a page") << QByteArray("http://localhost:8080") << QByteArray();
        QTest::newRow("origin wins over an allowed referer")
            << QByteArray("http://attacker.example") << QByteArray("http://localhost:3000/");
    }
    void crossSiteOriginsAreRefused()
    {
        QFETCH(QByteArray, origin);
        QFETCH(QByteArray, referer);
        OriginPolicyOptions options;
        options.allowedOrigins = {QStringLiteral("http://localhost:3000")};
        const OriginPolicy policy(options);
        const QString why = policy.originRefusal(origin, referer);
        QVERIFY(!why.isEmpty());
        QVERIFY2(why.contains(QLatin1String("--allowed-origin")), qPrintable(why));
        QVERIFY(policy.corsOrigin(origin).isEmpty());
    }

    void allowedOriginsMayChangeThingsAndReadAnswers()
    {
        OriginPolicyOptions options;
        options.allowedOrigins = {QStringLiteral("http://localhost:3000")};
        const OriginPolicy policy(options);
        QCOMPARE(policy.originRefusal("http://localhost:3000", {}), QString());
        QCOMPARE(policy.originRefusal("HTTP://LOCALHOST:3000", {}), QString());
        QCOMPARE(policy.originRefusal({}, "http://localhost:3000/dashboard?q=1"), QString());
        QCOMPARE(policy.corsOrigin("http://localhost:3000"), QByteArray("http://localhost:3000"));
        QVERIFY(!policy.originRefusal("http://localhost:3001", {}).isEmpty());
        QVERIFY(!policy.originRefusal("https://localhost:3000", {}).isEmpty());
    }

    void noCorsHeaderWithoutAllowedOrigins()
    {
        const OriginPolicy policy;
        QVERIFY(policy.corsOrigin("http://localhost:3000").isEmpty());
        QVERIFY(policy.corsOrigin({}).isEmpty());
    }

    void originsAreNormalised_data()
    {
        QTest::addColumn<QString>("given");
        QTest::addColumn<QString>("normal");
        QTest::newRow("default http port") << "HTTP://Dash.Example:80/"
                                           << "http://dash.example";
        QTest::newRow("default https port") << "https://dash.example:443"
                                            << "https://dash.example";
        QTest::newRow("other port kept") << "http://localhost:3000"
                                         << "http://localhost:3000";
        QTest::newRow("v6 literal") << "http://[::1]:3000"
                                    << "http://[::1]:3000";
    }
    void originsAreNormalised()
    {
        QFETCH(QString, given);
        QFETCH(QString, normal);
        QString error;
        QCOMPARE(OriginPolicy::normaliseOrigin(given, &error).value_or(error), normal);
    }

    void badOriginsAreRefusedWithAReason_data()
    {
        QTest::addColumn<QString>("given");
        QTest::addColumn<QString>("reason");
        QTest::newRow("no scheme") << "localhost:3000"
                                   << "not an http:// or https:// origin";
        QTest::newRow("file scheme") << "file:///tmp/x.html"
                                     << "not an http:// or https:// origin";
        QTest::newRow("a path") << "http://localhost:3000/app"
                                << "more than an origin";
        QTest::newRow("a query") << "http://localhost:3000?x"
                                 << "more than an origin";
        QTest::newRow("credentials") << "http://u:p@localhost:3000"
                                     << "more than an origin";
        QTest::newRow("no host") << "http://"
                                 << "names no host";
    }
    void badOriginsAreRefusedWithAReason()
    {
        QFETCH(QString, given);
        QFETCH(QString, reason);
        QString error;
        QVERIFY(!OriginPolicy::normaliseOrigin(given, &error));
        QVERIFY2(error.contains(reason), qPrintable(error));
    }

    void hostNamesForTheCommandLine()
    {
        QString error;
        QCOMPARE(OriginPolicy::normaliseHost(QStringLiteral("Depot.Test"), &error).value_or(error),
            QStringLiteral("depot.test"));
        QCOMPARE(OriginPolicy::normaliseHost(QStringLiteral("::1"), &error).value_or(error), QStringLiteral("::1"));
        QVERIFY(!OriginPolicy::normaliseHost(QStringLiteral("depot.test:8080"), &error));
        QVERIFY2(error.contains(QLatin1String("port")), qPrintable(error));
        QVERIFY(!OriginPolicy::normaliseHost(QStringLiteral("http://depot.test"), &error));
        QVERIFY(!OriginPolicy::normaliseHost(QString(), &error));
    }
};

QTEST_GUILESS_MAIN(TestOriginPolicy)
#include "tst_originpolicy.moc"
