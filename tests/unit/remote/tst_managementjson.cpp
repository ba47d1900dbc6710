// RabbitMQ's management API answers, recorded from a real RabbitMQ 3.10
// (tests/unit/remote/data; made by declaring, publishing and dead-lettering
// with pika against the private server of tests/integration/rabbitmq_server.py),
// mapped onto the window's snapshot types: depths, rates, consumers,
// dead-letter links from an x-dead-letter-exchange argument and from a
// policy, exchanges, bindings, connections, totals and alarms; and answers
// that are not what the API sends are refused with a reason.

#include "ui/remote/ManagementJson.h"
#include "ui/remote/RemoteProfile.h"

#include <QFile>
#include <QTest>

using namespace depot;
using namespace depot::ui;
using namespace depot::ui::remote;

namespace {

QByteArray recorded(const char *name)
{
    QFile f(QStringLiteral(DEPOT_REMOTE_TEST_DATA "/rabbitmq-3.10-%1.json").arg(QLatin1String(name)));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("missing recorded answer %s", name);
    return f.readAll();
}

QJsonArray array(const char *name)
{
    QString error;
    const auto a = parseArray(recorded(name), &error);
    if (!a)
        qFatal("recorded answer %s: %s", name, qPrintable(error));
    return *a;
}

} // namespace

class TestManagementJson final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void queues()
    {
        QList<QueueRow> rows = queuesFromJson(array("queues"), false);
        QCOMPARE(rows.size(), 4);
        QList<ExchangeDef> exchanges = exchangesFromJson(array("exchanges"), false);
        QList<BindingDef> bindings = bindingsFromJson(array("bindings"), false);
        linkDeadLetters(rows, exchanges, bindings);
        const auto find = [&](const QString &name) {
            for (const QueueRow &r : rows) {
                if (r.name == name)
                    return r;
            }
            qFatal("no queue %s", qPrintable(name));
        };
        // 7 published to orders, 2 of them rejected to orders.dlq.
        const QueueRow orders = find(QStringLiteral("orders"));
        QCOMPARE(orders.ready, 5u);
        QCOMPARE(orders.unacked, 0u);
        QCOMPARE(orders.bytes, 40u);
        QVERIFY(orders.durable);
        QCOMPARE(orders.arguments.value(QStringLiteral("x-message-ttl")).toInt(), 60000);
        QCOMPARE(orders.arguments.value(QStringLiteral("x-queue-type")).toString(), QStringLiteral("classic"));
        QCOMPARE(orders.deadLetterExchange, QStringLiteral("dlx"));
        QCOMPARE(orders.deadLetterRoutingKey, QStringLiteral("orders"));
        QCOMPARE(orders.deadLettersGoTo, QStringList{QStringLiteral("orders.dlq")});
        const QueueRow ordersDlq = find(QStringLiteral("orders.dlq"));
        QCOMPARE(ordersDlq.ready, 2u);
        QVERIFY(ordersDlq.isDeadLetterQueue);
        QCOMPARE(ordersDlq.fedBy, QStringList{QStringLiteral("orders")});
        // billing dead-letters by a policy (default exchange, key billing.dlq);
        // a consumer holds its 2 other messages unacked.
        const QueueRow billing = find(QStringLiteral("billing"));
        QCOMPARE(billing.policy, QStringLiteral("billing-dl"));
        QCOMPARE(billing.ready, 0u);
        QCOMPARE(billing.unacked, 2u);
        QCOMPARE(billing.consumers, 1u);
        QCOMPARE(billing.deadLetterExchange, QString());
        QCOMPARE(billing.deadLetterRoutingKey, QStringLiteral("billing.dlq"));
        QCOMPARE(billing.deadLettersGoTo, QStringList{QStringLiteral("billing.dlq")});
        QCOMPARE(find(QStringLiteral("billing.dlq")).fedBy, QStringList{QStringLiteral("billing")});
    }

    void ratesComeFromMessageStats()
    {
        QJsonArray queues;
        queues.append(QJsonObject{{QStringLiteral("name"), QStringLiteral("q")}, {QStringLiteral("vhost"), QStringLiteral("/")},
            {QStringLiteral("message_stats"),
                QJsonObject{{QStringLiteral("publish_details"), QJsonObject{{QStringLiteral("rate"), 12.5}}},
                    {QStringLiteral("deliver_get_details"), QJsonObject{{QStringLiteral("rate"), 3.0}}}}}});
        const QueueRow row = queuesFromJson(queues, false).first();
        QCOMPARE(row.inRate, 12.5);
        QCOMPARE(row.outRate, 3.0);
    }

    void vhostsInNamesOnlyForEveryVhost()
    {
        QJsonArray queues;
        queues.append(QJsonObject{{QStringLiteral("name"), QStringLiteral("q")}, {QStringLiteral("vhost"), QStringLiteral("team")}});
        queues.append(QJsonObject{{QStringLiteral("name"), QStringLiteral("r")}, {QStringLiteral("vhost"), QStringLiteral("/")}});
        QCOMPARE(queuesFromJson(queues, true).first().name, QStringLiteral("team/q"));
        QCOMPARE(queuesFromJson(queues, true).last().name, QStringLiteral("r"));
        QCOMPARE(queuesFromJson(queues, false).first().name, QStringLiteral("q"));
    }

    void namesWithSlashesKeepTheirVhost_data()
    {
        QTest::addColumn<QString>("vhost");
        QTest::addColumn<QString>("name");
        QTest::addRow("default vhost, a slash in the name") << u"/"_qs << u"orders/eu"_qs;
        QTest::addRow("another vhost, the same text") << u"orders"_qs << u"eu"_qs;
        QTest::addRow("a slash in both") << u"team/a"_qs << u"jobs/b"_qs;
        QTest::addRow("a percent sign in the vhost") << u"100%"_qs << u"q"_qs;
        QTest::addRow("plain") << u"/"_qs << u"q"_qs;
        QTest::addRow("a slash at the start") << u"/"_qs << u"/lead"_qs;
    }
    void namesWithSlashesKeepTheirVhost()
    {
        // Every vhost shown: the window's name for a queue is turned back into
        // the vhost and name the management API and AMQP need.
        QFETCH(QString, vhost);
        QFETCH(QString, name);
        QJsonArray queues;
        queues.append(QJsonObject{{u"name"_qs, name}, {u"vhost"_qs, vhost}});
        const QString shown = queuesFromJson(queues, true).first().name;
        QCOMPARE(vhostAndNameOf(shown), std::pair(vhost, name));
    }
    void slashedNamesOfDifferentVhostsAreShownApart()
    {
        QCOMPARE_NE(displayName(u"/"_qs, u"orders/eu"_qs, true), displayName(u"orders"_qs, u"eu"_qs, true));
        QCOMPARE(displayName(u"/"_qs, u"orders/eu"_qs, false), u"orders/eu"_qs);
    }

    void exchangesAndBindings()
    {
        const QList<ExchangeDef> exchanges = exchangesFromJson(array("exchanges"), false);
        const auto it = std::find_if(exchanges.cbegin(), exchanges.cend(),
            [](const ExchangeDef &e) { return e.name == u"events"; });
        QVERIFY(it != exchanges.cend());
        QCOMPARE(it->type, ExchangeType::Topic);
        QVERIFY(it->durable);
        QVERIFY(std::any_of(exchanges.cbegin(), exchanges.cend(),
            [](const ExchangeDef &e) { return e.name == u"amq.headers" && e.type == ExchangeType::Headers; }));
        const QList<BindingDef> bindings = bindingsFromJson(array("bindings"), false);
        QVERIFY(std::any_of(bindings.cbegin(), bindings.cend(), [](const BindingDef &b) {
            return b.source == u"events" && b.destination == u"orders" && b.routingKey == u"order.*"
                && b.destinationKind == DestinationKind::Queue;
        }));
    }

    void connections()
    {
        const QList<ConnectionSummary> list = connectionsFromJson(array("connections"));
        QCOMPARE(list.size(), 2);
        const auto named = std::find_if(
            list.cbegin(), list.cend(), [](const ConnectionSummary &c) { return c.info.name == u"orders-service"; });
        QVERIFY(named != list.cend());
        QCOMPARE(named->info.user, QStringLiteral("guest"));
        QCOMPARE(named->info.protocol, QStringLiteral("AMQP 0-9-1"));
        QVERIFY(named->info.peer.startsWith(QStringLiteral("127.0.0.1:")));
        QCOMPARE(named->channels.size(), 1);
        QVERIFY(named->connectedAtMs > 0);
    }

    void overviewAndAlarms()
    {
        QString error;
        const Overview o = overviewFromJson(*parseObject(recorded("overview"), &error));
        QCOMPARE(o.product, QStringLiteral("RabbitMQ 3.10.8"));
        QCOMPARE(o.messages, 10u);
        QCOMPARE(o.ready, 8u);
        QCOMPARE(o.unacked, 2u);
        QCOMPARE(o.queues, 4u);
        QCOMPARE(o.connections, 2u);
        QCOMPARE(o.consumers, 1u);
        QCOMPARE(o.totals[Counter::Published], 10u);
        QCOMPARE(o.totals[Counter::Delivered], 5u);
        QVERIFY(alarmsFromNodes(array("nodes")).isEmpty());
        QJsonArray alarmed;
        alarmed.append(QJsonObject{{QStringLiteral("name"), QStringLiteral("rabbit@a")}, {QStringLiteral("running"), true},
            {QStringLiteral("mem_alarm"), true}, {QStringLiteral("disk_free_alarm"), true}});
        const auto alarms = alarmsFromNodes(alarmed);
        QCOMPARE(alarms.keys(), (QStringList{QStringLiteral("disk:rabbit@a"), QStringLiteral("memory:rabbit@a")}));
        QVERIFY(alarms.value(QStringLiteral("memory:rabbit@a")).contains(QStringLiteral("rabbit@a")));
    }

    void answersThatAreNotTheApisAreRefused()
    {
        QString error;
        QVERIFY(!parseArray("<html>login</html>", &error));
        QVERIFY(error.contains(QStringLiteral("not JSON")));
        QVERIFY(!parseArray("{\"a\":1}", &error));
        QVERIFY(error.contains(QStringLiteral("not a JSON list")));
        QVERIFY(!parseObject("[]", &error));
        QVERIFY(error.contains(QStringLiteral("not a JSON object")));
    }

    void profileUrls()
    {
        RemoteProfile p;
        p.user = QStringLiteral("u");
        p.managementUrl = QUrl(QStringLiteral("https://rabbit.example/management/"));
        QCOMPARE(p.problem(), QString());
        QCOMPARE(p.apiUrl(QStringLiteral("/api/queues/%2F")).toString(QUrl::FullyEncoded),
            QStringLiteral("https://rabbit.example/management/api/queues/%2F"));
        QCOMPARE(p.apiUrl(QStringLiteral("/api/nodes?columns=name")).toString(),
            QStringLiteral("https://rabbit.example/management/api/nodes?columns=name"));
        p.managementUrl = QUrl(QStringLiteral("ftp://rabbit.example"));
        QVERIFY(p.problem().contains(QStringLiteral("http")));
        p.managementUrl = QUrl(QStringLiteral("http://rabbit.example:15672"));
        p.amqpUrl = QUrl(QStringLiteral("http://rabbit.example"));
        QVERIFY(p.problem().contains(QStringLiteral("amqp")));
        p.amqpUrl = QUrl(QStringLiteral("amqps://rabbit.example:5671"));
        p.clientCertificate = QStringLiteral("/tmp/c.pem");
        QVERIFY(p.problem().contains(QStringLiteral("key")));
    }
};

QTEST_GUILESS_MAIN(TestManagementJson)
#include "tst_managementjson.moc"
