// RabbitMQ's management API answers, recorded from a real RabbitMQ 3.10
// (tests/unit/remote/data; made by declaring, publishing and dead-lettering
// with pika against the private server of tests/integration/rabbitmq_server.py),
// mapped onto the window's snapshot types: depths, rates, consumers,
// dead-letter links from an x-dead-letter-exchange argument and from a
// policy, exchanges, bindings, connections with their channels and
// consumers, the charts' sampled histories, totals and alarms; and answers
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
    void refusingOverflowFromArgumentOrPolicy()
    {
        QueueRow row;
        QCOMPARE(refusingOverflow(row), QString());
        row.policyDefinition.insert(QStringLiteral("overflow"), QStringLiteral("reject-publish-dlx"));
        QCOMPARE(refusingOverflow(row), QStringLiteral("reject-publish-dlx"));
        // The queue's argument wins over its policy, as in RabbitMQ.
        row.arguments.insert(QStringLiteral("x-overflow"), QStringLiteral("drop-head"));
        QCOMPARE(refusingOverflow(row), QString());
        row.arguments.insert(QStringLiteral("x-overflow"), QStringLiteral("reject-publish"));
        QCOMPARE(refusingOverflow(row), QStringLiteral("reject-publish"));
    }

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
        const QList<RemoteConnection> list = connectionsFromJson(array("connections"));
        QCOMPARE(list.size(), 2);
        const auto named = std::find_if(list.cbegin(), list.cend(),
            [](const RemoteConnection &c) { return c.summary.info.name == u"orders-service"; });
        QVERIFY(named != list.cend());
        QVERIFY(named->name.startsWith(QStringLiteral("127.0.0.1:")));
        QVERIFY(named->name.contains(QStringLiteral(" -> ")));
        QCOMPARE(named->summary.info.user, QStringLiteral("guest"));
        QCOMPARE(named->summary.info.protocol, QStringLiteral("AMQP 0-9-1"));
        QVERIFY(named->summary.info.peer.startsWith(QStringLiteral("127.0.0.1:")));
        QVERIFY(named->name.startsWith(named->summary.info.peer));
        // Channels come from /api/channels (channelsAndConsumers), not
        // made up from the connection's count.
        QVERIFY(named->summary.channels.isEmpty());
        QVERIFY(named->summary.connectedAtMs > 0);
    }

    void channelsAndConsumers()
    {
        // One answer of each, recorded together: "orders-service" with a
        // publishing channel (confirms) and a consuming one (basic.qos 3 per
        // consumer, 10 for the channel; billing-worker acks by hand and holds
        // 3 orders, audit-tail takes audit without acks, x-priority 5), and
        // "watcher" with two consumers on a single-active-consumer queue.
        const QList<RemoteConnection> connections = connectionsFromJson(array("channel-connections"));
        const QList<RemoteChannel> channels = channelsFromJson(array("channels"));
        const QList<RemoteConsumer> consumers = consumersFromJson(array("consumers"), false);
        QCOMPARE(connections.size(), 2);
        QCOMPARE(channels.size(), 3);
        QCOMPARE(consumers.size(), 4);
        NameNumbers connectionNumbers;
        NameNumbers channelNumbers;
        const ConnectionsAndConsumers joined
            = joinConnections(connections, channels, consumers, connectionNumbers, channelNumbers);
        QCOMPARE(joined.connections.size(), 2);
        const auto connectionNamed = [&](const QString &name) {
            for (const ConnectionSummary &c : joined.connections) {
                if (c.info.name == name)
                    return c;
            }
            qFatal("no connection %s", qPrintable(name));
        };
        const ConnectionSummary orders = connectionNamed(QStringLiteral("orders-service"));
        const ConnectionSummary watcher = connectionNamed(QStringLiteral("watcher"));
        QCOMPARE_NE(orders.id, watcher.id);
        QCOMPARE(orders.channels.size(), 2);
        QCOMPARE(orders.sessions.size(), 2);
        const SessionSummary publishing = orders.channels.at(0);
        const SessionSummary consuming = orders.channels.at(1);
        QCOMPARE(publishing.channel, 1);
        QVERIFY(publishing.confirms);
        QCOMPARE(publishing.consumers, 0u);
        QCOMPARE(consuming.channel, 2);
        QVERIFY(!consuming.confirms);
        QCOMPARE(consuming.prefetch, 10u);         // global_prefetch_count
        QCOMPARE(consuming.consumerPrefetch, 3u);  // prefetch_count
        QCOMPARE(consuming.unacked, 3u);
        QCOMPARE(consuming.consumers, 2u);
        QVERIFY(consuming.flow);
        QCOMPARE(watcher.channels.size(), 1);
        QCOMPARE_NE(watcher.channels.first().id, publishing.id);
        QCOMPARE_NE(consuming.id, publishing.id);

        QCOMPARE(joined.consumers.size(), 4);
        const auto consumer = [&](const QString &tag) {
            for (const ConsumerInfo &c : joined.consumers) {
                if (c.consumerTag == tag)
                    return c;
            }
            qFatal("no consumer %s", qPrintable(tag));
        };
        const ConsumerInfo billing = consumer(QStringLiteral("billing-worker"));
        QCOMPARE(billing.queue, QStringLiteral("orders"));
        QCOMPARE(billing.prefetch, 3u);
        QVERIFY(!billing.noAck);
        QVERIFY(billing.active);
        QCOMPARE(billing.connection, orders.id);
        QCOMPARE(billing.session, consuming.id);
        const ConsumerInfo audit = consumer(QStringLiteral("audit-tail"));
        QCOMPARE(audit.queue, QStringLiteral("audit"));
        QVERIFY(audit.noAck);
        QCOMPARE(audit.priority, 5);
        QCOMPARE(audit.session, consuming.id);
        QVERIFY(consumer(QStringLiteral("jobs-first")).active);
        QVERIFY(!consumer(QStringLiteral("jobs-standby")).active); // activity_status "waiting"
        QCOMPARE(consumer(QStringLiteral("jobs-standby")).connection, watcher.id);

        // The next answer with the same names keeps every number.
        const ConnectionsAndConsumers again
            = joinConnections(connections, channels, consumers, connectionNumbers, channelNumbers);
        QCOMPARE(again.connections.at(0).id, joined.connections.at(0).id);
        QCOMPARE(again.connections.at(1).id, joined.connections.at(1).id);
        QCOMPARE(again.connections.at(0).sessions, joined.connections.at(0).sessions);
        QCOMPARE(again.consumers.at(0).session, joined.consumers.at(0).session);
    }

    void channelsOfAConnectionNotListedYet()
    {
        // /api/channels may name a connection /api/connections did not list
        // (opened between the two answers): its channels get a row of their
        // own connection, named by its peer.
        const QList<RemoteChannel> channels = channelsFromJson(array("channels"));
        const QList<RemoteConsumer> consumers = consumersFromJson(array("consumers"), false);
        NameNumbers connectionNumbers;
        NameNumbers channelNumbers;
        const ConnectionsAndConsumers joined = joinConnections({}, channels, consumers, connectionNumbers, channelNumbers);
        QCOMPARE(joined.connections.size(), 2);
        qsizetype channelCount = 0;
        for (const ConnectionSummary &c : joined.connections) {
            QVERIFY(c.id != 0);
            QVERIFY2(c.info.peer.startsWith(QStringLiteral("127.0.0.1:")), qPrintable(c.info.peer));
            channelCount += c.channels.size();
        }
        QCOMPARE(channelCount, 3);
        for (const ConsumerInfo &c : joined.consumers)
            QVERIFY(c.connection == joined.connections.at(0).id || c.connection == joined.connections.at(1).id);
    }

    void numbersOfClosedConnectionsAreNotReused()
    {
        NameNumbers numbers;
        const quint64 a = numbers.numberOf(QStringLiteral("a"));
        const quint64 b = numbers.numberOf(QStringLiteral("b"));
        QCOMPARE_NE(a, b);
        QCOMPARE(numbers.numberOf(QStringLiteral("a")), a);
        numbers.keepOnly({QStringLiteral("b")});
        QCOMPARE(numbers.numberOf(QStringLiteral("b")), b);
        const quint64 again = numbers.numberOf(QStringLiteral("a"));
        QVERIFY(again != a && again != b);
    }

    void chartHistoriesFromSamples()
    {
        // /api/overview?msg_rates_age=60&msg_rates_incr=5 while 66 messages
        // were published at about 5 a second (6 orders, then audit entries).
        QString error;
        const QJsonObject stats
            = parseObject(recorded("rates-history"), &error)->value(QLatin1String("message_stats")).toObject();
        const ChartSeries published = rateHistoryFromJson(stats, Counter::Published);
        QCOMPARE(published.points.size(), 12); // 13 samples, a rate between each two
        QCOMPARE(published.endMs, qint64(1796306770000));
        QCOMPARE(published.points.last(), QPointF(1796306770000.0, (66 - 47) / 5.0));
        QCOMPARE(published.points.at(10), QPointF(1796306765000.0, (47 - 22) / 5.0));
        QCOMPARE(published.points.at(9).y(), 22 / 5.0);
        QCOMPARE(published.points.first().y(), 0.0);
        for (qsizetype i = 1; i < published.points.size(); ++i)
            QCOMPARE(published.points.at(i).x() - published.points.at(i - 1).x(), 5000.0);
        QCOMPARE(rateHistoryFromJson(stats, Counter::Delivered).points.last().y(), (63 - 44) / 5.0);
        QCOMPARE(rateHistoryFromJson(stats, Counter::Acknowledged).points.size(), 12);
        // RabbitMQ counts no dead letters: no line at all.
        QVERIFY(!messageStatsKey(Counter::DeadLettered));
        QVERIFY(rateHistoryFromJson(stats, Counter::DeadLettered).points.isEmpty());

        // /api/queues/%2F/orders?lengths_age=60&lengths_incr=5: its depth.
        const QJsonObject queue = *parseObject(recorded("depth-history"), &error);
        const ChartSeries depth = levelHistoryFromJson(queue.value(QLatin1String("messages_details")).toObject());
        QCOMPARE(depth.points.size(), 13);
        QCOMPARE(depth.endMs, qint64(1796306775000));
        QCOMPARE(depth.points.last(), QPointF(1796306775000.0, 6));
        QCOMPARE(depth.points.first().y(), 0.0);
    }

    void aCounterThatRestartsCountsFromZero()
    {
        const auto sample = [](double count, double at) {
            return QJsonObject{{u"sample"_qs, count}, {u"timestamp"_qs, at}};
        };
        // Newest first, as the API lists them; one that is not a sample.
        const QJsonObject stats{{u"publish_details"_qs,
            QJsonObject{{u"samples"_qs, QJsonArray{sample(4, 4000), sample(2, 3000), sample(100, 2000), sample(90, 1000),
                                          QJsonObject{{u"sample"_qs, u"x"_qs}, {u"timestamp"_qs, 5000}}}}}}};
        const ChartSeries series = rateHistoryFromJson(stats, Counter::Published);
        QCOMPARE(series.points,
            (QList<QPointF>{QPointF(2000, 10), QPointF(3000, 2), QPointF(4000, 2)}));
        QCOMPARE(series.endMs, qint64(4000));
        QVERIFY(rateHistoryFromJson(QJsonObject(), Counter::Published).points.isEmpty());
        QCOMPARE(rateHistoryFromJson(QJsonObject(), Counter::Published).endMs, qint64(0));
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
