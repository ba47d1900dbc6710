// The RabbitMQ-management-compatible part of Depot's HTTP API, driven over
// real HTTP: auth, every route's answer and status, the bad-request table
// (each refused request must leave the topology as it was), and a
// definitions round trip into a fresh broker.

// JSON keys and values read better as plain literals in these tables; the
// broker's own code keeps the project-wide QT_NO_CAST_FROM_ASCII.
#undef QT_NO_CAST_FROM_ASCII

#include "HttpTestSupport.h"

using namespace depot;
using namespace depot::test;

namespace {

class RecordingSink final : public DeliverySink
{
public:
    void deliver(const Delivery &) override {}
    void consumerCancelled(const QString &) override {}
};

QJsonObject obj(std::initializer_list<QPair<QString, QJsonValue>> items)
{
    QJsonObject o;
    for (const auto &[k, v] : items)
        o.insert(k, v);
    return o;
}

} // namespace

class TestHttpManagement final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        http::HttpApiOptions options;
        options.maxBodyBytes = 64 * 1024;
        m_f = std::make_unique<HttpFixture>(options);
        QVERIFY(m_f->listening);
    }
    void cleanup() { m_f.reset(); }

    void authRequired()
    {
        HttpClient &c = *m_f->client;
        auto r = c.send("GET", "/api/overview", {}, {});
        QCOMPARE(r.status, 401);
        QCOMPARE(r.object().value("error").toString(), QStringLiteral("not_authorized"));
        QVERIFY(r.headers.value("www-authenticate").startsWith("Basic"));
        r = c.send("GET", "/api/overview", {}, "Basic " + QByteArray("guest:wrong").toBase64());
        QCOMPARE(r.status, 401);
        QCOMPARE(r.object().value("reason").toString(), QStringLiteral("Login failed"));
        r = c.send("GET", "/api/overview", {}, "Basic !!notbase64");
        QCOMPARE(r.status, 401);
        r = c.send("GET", "/api/overview", {}, "Bearer abc");
        QCOMPARE(r.status, 401);
        // A refused request does nothing, even one that would declare.
        r = c.send("PUT", "/api/queues/%2F/sneaky", "{}", {});
        QCOMPARE(r.status, 401);
        QVERIFY(!m_f->engine->queue(QStringLiteral("sneaky")));
        // /metrics is open, as Prometheus scrapes without credentials.
        r = c.send("GET", "/metrics", {}, {});
        QCOMPARE(r.status, 200);
        r = c.get("/api/whoami");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.object().value("name").toString(), QStringLiteral("guest"));
    }

    void otherCredentials()
    {
        http::HttpApiOptions options;
        options.user = QStringLiteral("dev");
        options.password = QStringLiteral("s3cret");
        HttpFixture f(options);
        QVERIFY(f.listening);
        QCOMPARE(f.client->get("/api/whoami").status, 401);
        const auto r = f.client->send("GET", "/api/whoami", {}, "Basic " + QByteArray("dev:s3cret").toBase64());
        QCOMPARE(r.status, 200);
        QCOMPARE(r.object().value("name").toString(), QStringLiteral("dev"));
    }

    void overviewAndAliveness()
    {
        HttpClient &c = *m_f->client;
        auto r = c.get("/api/overview");
        QCOMPARE(r.status, 200);
        const QJsonObject o = r.object();
        QVERIFY(o.contains("rabbitmq_version"));
        QCOMPARE(o.value("product_name").toString(), QStringLiteral("Depot"));
        QVERIFY(o.value("object_totals").toObject().contains("queues"));
        QVERIFY(o.value("queue_totals").toObject().contains("messages"));
        r = c.get("/api/aliveness-test/%2F");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.object().value("status").toString(), QStringLiteral("ok"));
        QCOMPARE(c.get("/api/aliveness-test/other").status, 404);
        r = c.get("/api/vhosts");
        QCOMPARE(r.array().size(), 1);
        QCOMPARE(r.array().at(0).toObject().value("name").toString(), QStringLiteral("/"));
    }

    void alarms()
    {
        HttpClient &c = *m_f->client;
        auto overviewAlarms = [&c] { return c.get("/api/overview").object().value("depot_alarms").toArray(); };
        auto node = [&c] {
            const HttpResult r = c.get("/api/nodes");
            return r.array().size() == 1 ? r.array().at(0).toObject() : QJsonObject();
        };
        auto metric = [&c](const QByteArray &source) {
            const QByteArray body = c.send("GET", "/metrics", {}, {}).body;
            const QByteArray prefix = "depot_alarm{source=\"" + source + "\"} ";
            for (const QByteArray &line : body.split('\n')) {
                if (line.startsWith(prefix))
                    return line.mid(prefix.size());
            }
            return QByteArray("absent");
        };

        // Nothing raised: an empty list, both flags false, the gauges 0.
        QCOMPARE(overviewAlarms().size(), 0);
        QCOMPARE(node().value("name").toString(), QStringLiteral("depot@localhost"));
        QCOMPARE(node().value("running").toBool(), true);
        QCOMPARE(node().value("disk_free_alarm").toBool(), false);
        QCOMPARE(node().value("mem_alarm").toBool(), false);
        QCOMPARE(metric("disk"), QByteArray("0"));
        QCOMPARE(metric("memory"), QByteArray("0"));
        QVERIFY(c.send("GET", "/metrics", {}, {}).body.contains("# TYPE depot_alarm gauge"));

        const QString text = QStringLiteral("Depot cannot write to /x/depot.db: database or disk is full; "
                                            "publishers are blocked until space returns");
        m_f->engine->raiseAlarm(QStringLiteral("disk"), text);
        QJsonArray raised = overviewAlarms();
        QCOMPARE(raised.size(), 1);
        QCOMPARE(raised.at(0).toObject().value("source").toString(), QStringLiteral("disk"));
        QCOMPARE(raised.at(0).toObject().value("text").toString(), text);
        QCOMPARE(node().value("disk_free_alarm").toBool(), true);
        QCOMPARE(node().value("mem_alarm").toBool(), false);
        QCOMPARE(node().value("depot_alarms").toArray(), raised);
        QCOMPARE(metric("disk"), QByteArray("1"));
        QCOMPARE(metric("memory"), QByteArray("0"));

        // Another source, with a quote that the metrics label must escape.
        m_f->engine->raiseAlarm(QStringLiteral("memory"), QStringLiteral("above the memory budget"));
        m_f->engine->raiseAlarm(QStringLiteral("odd\"source"), QStringLiteral("something else"));
        QCOMPARE(overviewAlarms().size(), 3);
        QCOMPARE(node().value("mem_alarm").toBool(), true);
        QCOMPARE(metric("memory"), QByteArray("1"));
        QCOMPARE(metric("odd\\\"source"), QByteArray("1"));

        // /api/nodes/<name> answers for this node only.
        auto r = c.get("/api/nodes/depot%40localhost");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.object().value("disk_free_alarm").toBool(), true);
        QCOMPARE(c.get("/api/nodes/rabbit%40elsewhere").status, 404);

        m_f->engine->clearAlarm(QStringLiteral("disk"));
        m_f->engine->clearAlarm(QStringLiteral("memory"));
        m_f->engine->clearAlarm(QStringLiteral("odd\"source"));
        QCOMPARE(overviewAlarms().size(), 0);
        QCOMPARE(node().value("disk_free_alarm").toBool(), false);
        QCOMPARE(node().value("mem_alarm").toBool(), false);
        QCOMPARE(metric("disk"), QByteArray("0"));
        QCOMPARE(metric("odd\\\"source"), QByteArray("absent"));
    }

    void queueLifecycle()
    {
        HttpClient &c = *m_f->client;
        const QJsonObject args{{"x-message-ttl", 60000}, {"x-max-length", 10}};
        auto r = c.put("/api/queues/%2F/orders", obj({{"durable", false}, {"arguments", args}}));
        QCOMPARE(r.status, 201);
        const auto q = m_f->engine->queue(QStringLiteral("orders"));
        QVERIFY(q);
        QCOMPARE(q->def.durable, false);
        QCOMPARE(q->def.arguments.value("x-message-ttl").toLongLong(), 60000);
        QCOMPARE(q->def.arguments.value("x-message-ttl").typeId(), QMetaType::LongLong);
        // The same declare again is fine and says so with 204.
        QCOMPARE(c.put("/api/queues/%2F/orders", obj({{"durable", false}, {"arguments", args}})).status, 204);
        // rabbitmqadmin sends booleans as strings.
        QCOMPARE(c.put("/api/queues/%2F/strs", obj({{"durable", "true"}, {"auto_delete", "false"}})).status, 201);
        QCOMPARE(m_f->engine->queue(QStringLiteral("strs"))->def.durable, true);

        m_f->engine->publish(QString(), QStringLiteral("orders"), {}, "a");
        m_f->engine->publish(QString(), QStringLiteral("orders"), {}, "b");
        r = c.get("/api/queues/%2F/orders");
        QCOMPARE(r.status, 200);
        QJsonObject j = r.object();
        QCOMPARE(j.value("name").toString(), QStringLiteral("orders"));
        QCOMPARE(j.value("vhost").toString(), QStringLiteral("/"));
        QCOMPARE(j.value("messages").toInt(), 2);
        QCOMPARE(j.value("messages_ready").toInt(), 2);
        QCOMPARE(j.value("messages_unacknowledged").toInt(), 0);
        QCOMPARE(j.value("durable").toBool(), false);
        QCOMPARE(j.value("arguments").toObject().value("x-max-length").toInt(), 10);

        r = c.get("/api/queues");
        QCOMPARE(r.array().size(), 2);
        r = c.get("/api/queues/%2F?columns=name,messages&sort=name&sort_reverse=true");
        QCOMPARE(r.array().size(), 2);
        QCOMPARE(r.array().at(0).toObject().value("name").toString(), QStringLiteral("strs"));
        QCOMPARE(r.array().at(1).toObject().keys(), (QStringList{"messages", "name"}));
        r = c.get("/api/queues?page=1&page_size=1");
        QCOMPARE(r.object().value("page_count").toInt(), 2);
        QCOMPARE(r.object().value("items").toArray().size(), 1);

        QCOMPARE(c.del("/api/queues/%2F/orders/contents").status, 204);
        QCOMPARE(m_f->engine->queue(QStringLiteral("orders"))->ready, 0u);
        m_f->engine->publish(QString(), QStringLiteral("orders"), {}, "c");
        QCOMPARE(c.del("/api/queues/%2F/orders?if-empty=true").status, 400);
        QVERIFY(m_f->engine->queue(QStringLiteral("orders")));
        QCOMPARE(c.del("/api/queues/%2F/orders").status, 204);
        QVERIFY(!m_f->engine->queue(QStringLiteral("orders")));
        QCOMPARE(c.get("/api/queues/%2F/orders").status, 404);
        QCOMPARE(c.get("/api/queues/%2F/orders").object().value("error").toString(), QStringLiteral("Object Not Found"));
    }

    void publishRefusedWhileAnAlarmIsRaised()
    {
        HttpClient &c = *m_f->client;
        QCOMPARE(c.put("/api/queues/%2F/work", {}).status, 201);
        const QJsonObject message = obj({{"routing_key", "work"}, {"payload", "hello"}, {"payload_encoding", "string"},
                                         {"properties", QJsonObject{}}});
        QCOMPARE(c.post("/api/exchanges/%2F/amq.default/publish", message).status, 200);

        // The alarm the store writer raises when the disk is full: AMQP
        // publishers are blocked, and so is the HTTP publish.
        const QString text = QStringLiteral("Depot: the disk holding the data directory is full; publishers are "
                                            "blocked until space is freed");
        m_f->engine->raiseAlarm(QStringLiteral("disk"), text);
        auto r = c.post("/api/exchanges/%2F/amq.default/publish", message);
        QCOMPARE(r.status, 503);
        QCOMPARE(r.object().value("error").toString(), QStringLiteral("publishers_blocked"));
        QCOMPARE(r.object().value("reason").toString(), text);
        // Two alarms: both texts.
        m_f->engine->raiseAlarm(QStringLiteral("memory"), QStringLiteral("memory is high"));
        r = c.post("/api/exchanges/%2F/amq.default/publish", message);
        QCOMPARE(r.status, 503);
        QVERIFY2(r.object().value("reason").toString().contains(text), r.body.constData());
        QVERIFY2(r.object().value("reason").toString().contains(QStringLiteral("memory is high")), r.body.constData());
        QCOMPARE(m_f->engine->queue(QStringLiteral("work"))->ready, quint64(1));   // nothing stored
        // Reading and consuming still work: that is how an alarm clears.
        QCOMPARE(c.get("/api/queues/%2F/work").status, 200);

        m_f->engine->clearAlarm(QStringLiteral("memory"));
        QCOMPARE(c.post("/api/exchanges/%2F/amq.default/publish", message).status, 503);
        m_f->engine->clearAlarm(QStringLiteral("disk"));
        r = c.post("/api/exchanges/%2F/amq.default/publish", message);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.object().value("routed").toBool(), true);
        QCOMPARE(m_f->engine->queue(QStringLiteral("work"))->ready, quint64(2));
    }

    void publishAndGet()
    {
        HttpClient &c = *m_f->client;
        QCOMPARE(c.put("/api/queues/%2F/dead", {}).status, 201);
        QCOMPARE(c.put("/api/queues/%2F/work", obj({{"arguments", QJsonObject{{"x-dead-letter-exchange", ""},
                                                                               {"x-dead-letter-routing-key", "dead"}}}}))
                     .status,
                 201);
        auto r = c.post("/api/exchanges/%2F/amq.default/publish",
                        obj({{"routing_key", "work"}, {"payload", "hello"}, {"payload_encoding", "string"},
                             {"properties", QJsonObject{{"delivery_mode", 2}, {"headers", QJsonObject{{"k", "v"}}},
                                                        {"content_type", "text/plain"}}}}));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.object().value("routed").toBool(), true);
        r = c.post("/api/exchanges/%2F/amq.default/publish",
                   obj({{"routing_key", "nowhere"}, {"payload", "x"}, {"payload_encoding", "string"}, {"properties", QJsonObject{}}}));
        QCOMPARE(r.object().value("routed").toBool(), false);
        r = c.post("/api/exchanges/%2F/amq.default/publish",
                   obj({{"routing_key", "work"}, {"payload", QString::fromLatin1(QByteArray("\xff\x00\x01", 3).toBase64())},
                        {"payload_encoding", "base64"}, {"properties", QJsonObject{}}}));
        QCOMPARE(r.object().value("routed").toBool(), true);

        // ack_requeue_true: seen, and back in place marked redelivered.
        r = c.post("/api/queues/%2F/work/get", obj({{"count", 5}, {"ackmode", "ack_requeue_true"}, {"encoding", "auto"}}));
        QCOMPARE(r.status, 200);
        QJsonArray got = r.array();
        QCOMPARE(got.size(), 2);
        QJsonObject first = got.at(0).toObject();
        QCOMPARE(first.value("payload").toString(), QStringLiteral("hello"));
        QCOMPARE(first.value("payload_encoding").toString(), QStringLiteral("string"));
        QCOMPARE(first.value("payload_bytes").toInt(), 5);
        QCOMPARE(first.value("routing_key").toString(), QStringLiteral("work"));
        QCOMPARE(first.value("exchange").toString(), QString());
        QCOMPARE(first.value("redelivered").toBool(), false);
        QCOMPARE(first.value("message_count").toInt(), 1);
        QCOMPARE(first.value("properties").toObject().value("delivery_mode").toInt(), 2);
        QCOMPARE(first.value("properties").toObject().value("headers").toObject().value("k").toString(), QStringLiteral("v"));
        QCOMPARE(got.at(1).toObject().value("payload_encoding").toString(), QStringLiteral("base64"));
        QCOMPARE(QByteArray::fromBase64(got.at(1).toObject().value("payload").toString().toLatin1()), QByteArray("\xff\x00\x01", 3));
        QCOMPARE(m_f->engine->queue(QStringLiteral("work"))->ready, 2u);

        // Truncated, base64, and redelivered the second time; string count as rabbitmqadmin sends it.
        r = c.post("/api/queues/%2F/work/get", obj({{"count", "1"}, {"ackmode", "reject_requeue_true"},
                                                    {"encoding", "base64"}, {"truncate", 2}}));
        first = r.array().at(0).toObject();
        QCOMPARE(first.value("redelivered").toBool(), true);
        QCOMPARE(first.value("payload").toString(), QString::fromLatin1(QByteArray("he").toBase64()));
        QCOMPARE(first.value("payload_bytes").toInt(), 5);

        // reject_requeue_false dead-letters; ack_requeue_false removes.
        r = c.post("/api/queues/%2F/work/get", obj({{"count", 1}, {"ackmode", "reject_requeue_false"}, {"encoding", "auto"}}));
        QCOMPARE(r.array().size(), 1);
        QCOMPARE(m_f->engine->queue(QStringLiteral("dead"))->ready, 1u);
        r = c.post("/api/queues/%2F/work/get", obj({{"count", 1}, {"ackmode", "ack_requeue_false"}, {"encoding", "auto"}}));
        QCOMPARE(r.array().size(), 1);
        QCOMPARE(m_f->engine->queue(QStringLiteral("work"))->ready, 0u);
        r = c.post("/api/queues/%2F/work/get", obj({{"count", 1}, {"ackmode", "ack_requeue_false"}, {"encoding", "auto"}}));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.array().size(), 0);
    }

    void exchanges()
    {
        HttpClient &c = *m_f->client;
        auto r = c.put("/api/exchanges/%2F/events", obj({{"type", "topic"}, {"durable", true}}));
        QCOMPARE(r.status, 201);
        QCOMPARE(c.put("/api/exchanges/%2F/events", obj({{"type", "topic"}, {"durable", true}})).status, 204);
        r = c.get("/api/exchanges/%2F/events");
        QCOMPARE(r.object().value("type").toString(), QStringLiteral("topic"));
        QCOMPARE(r.object().value("durable").toBool(), true);
        r = c.get("/api/exchanges/%2F/amq.default");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.object().value("name").toString(), QString());
        r = c.get("/api/exchanges");
        bool sawDefault = false, sawEvents = false;
        for (const QJsonValue &v : r.array()) {
            sawDefault = sawDefault || v.toObject().value("name").toString().isEmpty();
            sawEvents = sawEvents || v.toObject().value("name").toString() == QLatin1String("events");
        }
        QVERIFY(sawDefault && sawEvents);
        QCOMPARE(c.put("/api/queues/%2F/audit", {}).status, 201);
        QCOMPARE(c.post("/api/bindings/%2F/e/events/q/audit", obj({{"routing_key", "order.*"}})).status, 201);
        r = c.post("/api/exchanges/%2F/events/publish", obj({{"routing_key", "order.created"}, {"payload", "{}"},
                                                             {"payload_encoding", "string"}, {"properties", QJsonObject{}}}));
        QCOMPARE(r.object().value("routed").toBool(), true);
        QCOMPARE(c.del("/api/exchanges/%2F/events?if-unused=true").status, 400);
        QCOMPARE(c.del("/api/exchanges/%2F/events").status, 204);
        QCOMPARE(c.get("/api/exchanges/%2F/events").status, 404);
        QCOMPARE(c.del("/api/exchanges/%2F/amq.direct").status, 403);
    }

    void bindings()
    {
        HttpClient &c = *m_f->client;
        QCOMPARE(c.put("/api/queues/%2F/q1", {}).status, 201);
        QCOMPARE(c.put("/api/exchanges/%2F/hx", obj({{"type", "headers"}})).status, 201);
        QCOMPARE(c.put("/api/exchanges/%2F/up", obj({{"type", "fanout"}})).status, 201);
        auto r = c.post("/api/bindings/%2F/e/amq.direct/q/q1", obj({{"routing_key", "a key~1"}}));
        QCOMPARE(r.status, 201);
        // RabbitMQ's properties key: quote_plus'd, "~" escaped.
        QVERIFY2(r.headers.value("location").endsWith("/a%2Bkey%257E1"), r.headers.value("location"));
        r = c.post("/api/bindings/%2F/e/amq.direct/q/q1", {});
        QCOMPARE(r.status, 201);
        r = c.post("/api/bindings/%2F/e/hx/q/q1", obj({{"routing_key", ""}, {"arguments", QJsonObject{{"x-match", "any"}, {"kind", "a"}}}}));
        QCOMPARE(r.status, 201);
        QCOMPARE(c.post("/api/bindings/%2F/e/up/e/hx", obj({{"routing_key", "r"}})).status, 201);

        r = c.get("/api/bindings/%2F/e/amq.direct/q/q1");
        QCOMPARE(r.array().size(), 2);
        QStringList keys;
        for (const QJsonValue &v : r.array())
            keys << v.toObject().value("properties_key").toString();
        keys.sort();
        QCOMPARE(keys, (QStringList{"a+key%7E1", "~"}));

        r = c.get("/api/queues/%2F/q1/bindings");
        QCOMPARE(r.array().size(), 4);   // default + 2 direct + headers
        QCOMPARE(r.array().at(0).toObject().value("source").toString(), QString());
        QCOMPARE(r.array().at(0).toObject().value("properties_key").toString(), QStringLiteral("q1"));

        r = c.get("/api/bindings/%2F/e/hx/q/q1");
        const QString headersKey = r.array().at(0).toObject().value("properties_key").toString();
        QVERIFY2(headersKey.startsWith(QLatin1String("~")) && headersKey.size() > 1, qPrintable(headersKey));
        QCOMPARE(c.get("/api/bindings/%2F/e/hx/q/q1/" + QUrl::toPercentEncoding(headersKey)).status, 200);
        QCOMPARE(c.del("/api/bindings/%2F/e/hx/q/q1/" + QUrl::toPercentEncoding(headersKey)).status, 204);
        QCOMPARE(c.get("/api/bindings/%2F/e/hx/q/q1").array().size(), 0);

        QCOMPARE(c.get("/api/exchanges/%2F/up/bindings/source").array().size(), 1);
        QCOMPARE(c.get("/api/exchanges/%2F/hx/bindings/destination").array().size(), 1);
        QCOMPARE(c.del("/api/bindings/%2F/e/up/e/hx/r").status, 204);
        QCOMPARE(c.del("/api/bindings/%2F/e/amq.direct/q/q1/~").status, 204);
        QCOMPARE(c.del("/api/bindings/%2F/e/amq.direct/q/q1/~").status, 404);
        QCOMPARE(c.del("/api/bindings/%2F/e/amq.direct/q/q1/a%2Bkey%257E1").status, 204);
        QCOMPARE(m_f->engine->bindings().size(), 0);
        QCOMPARE(c.get("/api/bindings").array().size(), 1);   // the default binding of q1
    }

    void connectionsChannelsConsumers()
    {
        HttpClient &c = *m_f->client;
        QCOMPARE(c.get("/api/connections").array().size(), 0);
        ConnectionInfo info;
        info.peer = QStringLiteral("127.0.0.1:40000");
        info.name = QStringLiteral("billing");
        info.user = QStringLiteral("guest");
        info.protocol = QStringLiteral("AMQP 0-9-1");
        const ConnectionId conn = m_f->engine->openConnection(info);
        RecordingSink sink;
        // Channel 1 was opened and closed again: the listing says 5, the
        // client's number, not the session's position.
        m_f->engine->closeSession(m_f->engine->openSession(conn, &sink, 1));
        const SessionId session = m_f->engine->openSession(conn, &sink, 5);
        m_f->engine->setSessionPrefetch(session, 50);
        m_f->engine->setConsumerPrefetch(session, 10);
        m_f->engine->setSessionConfirms(session, true);
        QCOMPARE(c.put("/api/queues/%2F/jobs", {}).status, 201);
        ConsumeSpec spec;
        spec.queue = QStringLiteral("jobs");
        spec.consumerTag = QStringLiteral("ctag-1");
        spec.prefetch = 10;
        QVERIFY(m_f->engine->consume(session, spec).ok());

        auto r = c.get("/api/connections");
        QCOMPARE(r.array().size(), 1);
        QJsonObject o = r.array().at(0).toObject();
        QCOMPARE(o.value("name").toString(), QStringLiteral("127.0.0.1:40000"));
        QCOMPARE(o.value("user_provided_name").toString(), QStringLiteral("billing"));
        QCOMPARE(o.value("channels").toInt(), 1);
        QCOMPARE(o.value("peer_port").toInt(), 40000);
        QCOMPARE(c.get("/api/connections/127.0.0.1%3A40000").status, 200);
        QCOMPARE(c.get("/api/connections/127.0.0.1%3A40000/channels").array().size(), 1);
        QCOMPARE(c.get("/api/connections/nope").status, 404);

        r = c.get("/api/channels");
        QCOMPARE(r.array().size(), 1);
        o = r.array().at(0).toObject();
        QCOMPARE(o.value("consumer_count").toInt(), 1);
        QCOMPARE(o.value("number").toInt(), 5);
        QCOMPARE(o.value("name").toString(), QStringLiteral("127.0.0.1:40000 (5)"));
        QCOMPARE(o.value("prefetch_count").toInt(), 10);
        QCOMPARE(o.value("global_prefetch_count").toInt(), 50);
        QCOMPARE(o.value("confirm").toBool(), true);
        QCOMPARE(o.value("state").toString(), QStringLiteral("running"));
        QCOMPARE(o.value("connection_details").toObject().value("name").toString(), QStringLiteral("127.0.0.1:40000"));

        r = c.get("/api/consumers/%2F");
        QCOMPARE(r.array().size(), 1);
        o = r.array().at(0).toObject();
        QCOMPARE(o.value("consumer_tag").toString(), QStringLiteral("ctag-1"));
        QCOMPARE(o.value("queue").toObject().value("name").toString(), QStringLiteral("jobs"));
        QCOMPARE(o.value("prefetch_count").toInt(), 10);
        QCOMPARE(o.value("ack_required").toBool(), true);
        QCOMPARE(o.value("channel_details").toObject().value("number").toInt(), 5);
        QCOMPARE(c.get("/api/queues/%2F/jobs").object().value("consumers").toInt(), 1);
        m_f->engine->closeConnection(conn);
        QCOMPARE(c.get("/api/consumers").array().size(), 0);
    }

    void badRequests_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QByteArray>("path");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("error");
        QTest::addColumn<QString>("reason");   // a part of it

        const QByteArray pub = "/api/exchanges/%2F/amq.default/publish";
        QTest::addRow("malformed JSON") << QByteArray("PUT") << QByteArray("/api/queues/%2F/new") << QByteArray("{\"durable\":")
                                        << 400 << "bad_request" << "malformed JSON";
        QTest::addRow("not an object") << QByteArray("PUT") << QByteArray("/api/queues/%2F/new") << QByteArray("[1,2]")
                                       << 400 << "bad_request" << "JSON object";
        QTest::addRow("durable wrong type") << QByteArray("PUT") << QByteArray("/api/queues/%2F/new")
                                            << QByteArray("{\"durable\":\"maybe\"}") << 400 << "bad_request" << "'durable'";
        QTest::addRow("arguments not object") << QByteArray("PUT") << QByteArray("/api/queues/%2F/new")
                                              << QByteArray("{\"arguments\":\"x\"}") << 400 << "bad_request" << "'arguments'";
        QTest::addRow("bad queue argument") << QByteArray("PUT") << QByteArray("/api/queues/%2F/new")
                                            << QByteArray("{\"arguments\":{\"x-message-ttl\":\"soon\"}}") << 400
                                            << "bad_request" << "x-message-ttl";
        QTest::addRow("inequivalent declare") << QByteArray("PUT") << QByteArray("/api/queues/%2F/existing")
                                              << QByteArray("{\"durable\":true}") << 400 << "bad_request" << "inequivalent arg 'durable'";
        QTest::addRow("inequivalent arguments") << QByteArray("PUT") << QByteArray("/api/queues/%2F/existing")
                                                << QByteArray("{\"durable\":false,\"arguments\":{\"x-max-length\":5}}") << 400
                                                << "bad_request" << "inequivalent";
        QTest::addRow("unknown vhost") << QByteArray("PUT") << QByteArray("/api/queues/nope/new") << QByteArray("{}") << 404
                                       << "Object Not Found" << "Not Found";
        QTest::addRow("unknown queue") << QByteArray("GET") << QByteArray("/api/queues/%2F/missing") << QByteArray() << 404
                                       << "Object Not Found" << "";
        QTest::addRow("delete unknown queue") << QByteArray("DELETE") << QByteArray("/api/queues/%2F/missing") << QByteArray()
                                              << 404 << "Object Not Found" << "missing";
        QTest::addRow("purge unknown queue") << QByteArray("DELETE") << QByteArray("/api/queues/%2F/missing/contents")
                                             << QByteArray() << 404 << "Object Not Found" << "";
        QTest::addRow("get from unknown queue") << QByteArray("POST") << QByteArray("/api/queues/%2F/missing/get")
                                                << QByteArray("{\"count\":1,\"ackmode\":\"ack_requeue_true\"}") << 404
                                                << "Object Not Found" << "";
        QTest::addRow("get bad ackmode") << QByteArray("POST") << QByteArray("/api/queues/%2F/existing/get")
                                         << QByteArray("{\"count\":1,\"ackmode\":\"keep\"}") << 400 << "bad_request" << "ackmode";
        QTest::addRow("get without ackmode") << QByteArray("POST") << QByteArray("/api/queues/%2F/existing/get")
                                             << QByteArray("{\"count\":1}") << 400 << "bad_request" << "'ackmode'";
        QTest::addRow("get count not a number") << QByteArray("POST") << QByteArray("/api/queues/%2F/existing/get")
                                                << QByteArray("{\"count\":\"many\",\"ackmode\":\"ack_requeue_false\"}") << 400
                                                << "bad_request" << "'count'";
        QTest::addRow("get bad encoding") << QByteArray("POST") << QByteArray("/api/queues/%2F/existing/get")
                                          << QByteArray("{\"count\":1,\"ackmode\":\"ack_requeue_false\",\"encoding\":\"hex\"}")
                                          << 400 << "bad_request" << "encoding";
        QTest::addRow("exchange without type") << QByteArray("PUT") << QByteArray("/api/exchanges/%2F/ex") << QByteArray("{}")
                                               << 400 << "bad_request" << "'type'";
        QTest::addRow("exchange bad type") << QByteArray("PUT") << QByteArray("/api/exchanges/%2F/ex")
                                           << QByteArray("{\"type\":\"round-robin\"}") << 400 << "bad_request" << "round-robin";
        QTest::addRow("inequivalent exchange") << QByteArray("PUT") << QByteArray("/api/exchanges/%2F/existing-x")
                                               << QByteArray("{\"type\":\"topic\"}") << 400 << "bad_request" << "inequivalent";
        QTest::addRow("reserved exchange name") << QByteArray("PUT") << QByteArray("/api/exchanges/%2F/amq.mine")
                                                << QByteArray("{\"type\":\"direct\"}") << 403 << "access_refused" << "amq.";
        QTest::addRow("publish to unknown exchange") << QByteArray("POST") << QByteArray("/api/exchanges/%2F/nope/publish")
                                                     << QByteArray("{\"routing_key\":\"\",\"payload\":\"\"}") << 404
                                                     << "Object Not Found" << "";
        QTest::addRow("publish without payload") << QByteArray("POST") << pub << QByteArray("{\"routing_key\":\"existing\"}")
                                                 << 400 << "bad_request" << "'payload'";
        QTest::addRow("publish bad base64") << QByteArray("POST") << pub
                                            << QByteArray("{\"routing_key\":\"existing\",\"payload\":\"@@@\",\"payload_encoding\":\"base64\"}")
                                            << 400 << "bad_request" << "base64";
        QTest::addRow("publish bad encoding") << QByteArray("POST") << pub
                                              << QByteArray("{\"routing_key\":\"existing\",\"payload\":\"x\",\"payload_encoding\":\"utf16\"}")
                                              << 400 << "bad_request" << "payload_encoding";
        QTest::addRow("publish bad delivery_mode") << QByteArray("POST") << pub
                                                   << QByteArray("{\"routing_key\":\"existing\",\"payload\":\"x\",\"properties\":{\"delivery_mode\":7}}")
                                                   << 400 << "bad_request" << "delivery_mode";
        QTest::addRow("publish headers not object") << QByteArray("POST") << pub
                                                    << QByteArray("{\"routing_key\":\"existing\",\"payload\":\"x\",\"properties\":{\"headers\":3}}")
                                                    << 400 << "bad_request" << "headers";
        QTest::addRow("publish bad expiration") << QByteArray("POST") << pub
                                                << QByteArray("{\"routing_key\":\"existing\",\"payload\":\"x\",\"properties\":{\"expiration\":\"soon\"}}")
                                                << 400 << "bad_request" << "expiration";
        QTest::addRow("bind to unknown queue") << QByteArray("POST") << QByteArray("/api/bindings/%2F/e/amq.direct/q/missing")
                                               << QByteArray("{}") << 404 << "Object Not Found" << "missing";
        QTest::addRow("bind from unknown exchange") << QByteArray("POST") << QByteArray("/api/bindings/%2F/e/nope/q/existing")
                                                    << QByteArray("{}") << 404 << "Object Not Found" << "nope";
        QTest::addRow("bind from default exchange") << QByteArray("POST") << QByteArray("/api/bindings/%2F/e/amq.default/q/existing")
                                                    << QByteArray("{}") << 403 << "access_refused" << "default";
        QTest::addRow("bind key wrong type") << QByteArray("POST") << QByteArray("/api/bindings/%2F/e/amq.direct/q/existing")
                                             << QByteArray("{\"routing_key\":5}") << 400 << "bad_request" << "routing_key";
        QTest::addRow("delete unknown binding") << QByteArray("DELETE") << QByteArray("/api/bindings/%2F/e/amq.direct/q/existing/nokey")
                                                << QByteArray() << 404 << "Object Not Found" << "";
        QTest::addRow("definitions queues not array") << QByteArray("POST") << QByteArray("/api/definitions")
                                                      << QByteArray("{\"queues\":{}}") << 400 << "bad_request" << "'queues'";
        QTest::addRow("definitions other vhost") << QByteArray("POST") << QByteArray("/api/definitions")
                                                 << QByteArray("{\"queues\":[{\"name\":\"n\",\"vhost\":\"prod\"}]}") << 400
                                                 << "bad_request" << "prod";
        QTest::addRow("definitions dangling binding")
            << QByteArray("POST") << QByteArray("/api/definitions")
            << QByteArray("{\"queues\":[{\"name\":\"fresh\"}],\"bindings\":[{\"source\":\"ghost\",\"destination\":\"fresh\","
                          "\"destination_type\":\"queue\",\"routing_key\":\"\"}]}")
            << 400 << "bad_request" << "ghost";
        QTest::addRow("definitions conflicting queue")
            << QByteArray("POST") << QByteArray("/api/definitions")
            << QByteArray("{\"queues\":[{\"name\":\"fresh\"},{\"name\":\"existing\",\"durable\":true}]}") << 400
            << "bad_request" << "existing";
        QTest::addRow("definitions bad queue argument, rolled back")
            << QByteArray("POST") << QByteArray("/api/definitions")
            << QByteArray("{\"exchanges\":[{\"name\":\"fresh-x\",\"type\":\"fanout\"}],"
                          "\"queues\":[{\"name\":\"fresh\"},{\"name\":\"broken\",\"arguments\":{\"x-max-length\":\"ten\"}}]}")
            << 400 << "bad_request" << "x-max-length";
        QTest::addRow("unknown path") << QByteArray("GET") << QByteArray("/api/nothing-here") << QByteArray() << 404
                                      << "Object Not Found" << "";
        QTest::addRow("wrong method") << QByteArray("PATCH") << QByteArray("/api/queues/%2F/existing") << QByteArray("{}")
                                      << 405 << "method_not_allowed" << "";
        QTest::addRow("body over limit") << QByteArray("PUT") << QByteArray("/api/queues/%2F/big")
                                         << QByteArray("{\"arguments\":{\"pad\":\"" + QByteArray(70 * 1024, 'x') + "\"}}")
                                         << 413 << "payload_too_large" << "limit";
        QTest::addRow("publish over limit") << QByteArray("POST") << pub
                                            << QByteArray("{\"routing_key\":\"existing\",\"payload\":\"" + QByteArray(70 * 1024, 'x') + "\"}")
                                            << 413 << "payload_too_large" << "";
    }

    void badRequests()
    {
        QFETCH(QByteArray, method);
        QFETCH(QByteArray, path);
        QFETCH(QByteArray, body);
        QFETCH(int, status);
        QFETCH(QString, error);
        QFETCH(QString, reason);

        HttpClient &c = *m_f->client;
        QCOMPARE(c.put("/api/queues/%2F/existing", obj({{"durable", false}})).status, 201);
        QCOMPARE(c.put("/api/exchanges/%2F/existing-x", obj({{"type", "direct"}})).status, 201);
        m_f->engine->publish(QString(), QStringLiteral("existing"), {}, "kept");
        const QString before = topologyFingerprint(*m_f->engine);

        const HttpResult r = c.send(method, path, body);
        QCOMPARE(r.status, status);
        const QJsonObject o = r.object();
        QCOMPARE(o.value("error").toString(), error);
        QVERIFY2(o.value("reason").toString().contains(reason), qPrintable(o.value("reason").toString()));
        QCOMPARE(topologyFingerprint(*m_f->engine), before);
        // The server keeps answering after a refusal.
        QCOMPARE(c.get("/api/queues/%2F/existing").status, 200);
    }

    void definitionsRoundTrip()
    {
        HttpClient &c = *m_f->client;
        QCOMPARE(c.put("/api/exchanges/%2F/orders", obj({{"type", "topic"}, {"durable", true}})).status, 201);
        QCOMPARE(c.put("/api/exchanges/%2F/retry", obj({{"type", "x-delayed-message"}, {"arguments", QJsonObject{{"x-delayed-type", "direct"}}}})).status, 201);
        QCOMPARE(c.put("/api/exchanges/%2F/fan", obj({{"type", "fanout"}, {"auto_delete", false}})).status, 201);
        QCOMPARE(c.put("/api/queues/%2F/orders.dlq", obj({{"durable", true}})).status, 201);
        QCOMPARE(c.put("/api/queues/%2F/orders.work", obj({{"durable", true}, {"arguments", QJsonObject{
            {"x-dead-letter-exchange", ""}, {"x-dead-letter-routing-key", "orders.dlq"}, {"x-message-ttl", 30000},
            {"x-max-priority", 5}}}})).status, 201);
        QCOMPARE(c.post("/api/bindings/%2F/e/orders/q/orders.work", obj({{"routing_key", "order.#"}})).status, 201);
        QCOMPARE(c.post("/api/bindings/%2F/e/orders/e/fan", obj({{"routing_key", "audit.*"}})).status, 201);
        QCOMPARE(c.post("/api/bindings/%2F/e/amq.headers/q/orders.dlq",
                        obj({{"arguments", QJsonObject{{"x-match", "all"}, {"tier", "gold"}}}})).status, 201);

        const HttpResult exported = c.get("/api/definitions");
        QCOMPARE(exported.status, 200);
        const QJsonObject doc = exported.object();
        QCOMPARE(doc.value("queues").toArray().size(), 2);
        QCOMPARE(doc.value("exchanges").toArray().size(), 3);   // built-ins left out
        QCOMPARE(doc.value("bindings").toArray().size(), 3);

        HttpFixture fresh;
        QVERIFY(fresh.listening);
        const HttpResult imported = fresh.client->send("POST", "/api/definitions", exported.body);
        QCOMPARE(imported.status, 204);
        QCOMPARE(topologyFingerprint(*fresh.engine), topologyFingerprint(*m_f->engine));
        const QJsonObject again = fresh.client->get("/api/definitions").object();
        for (const char *key : {"queues", "exchanges", "bindings"})
            QCOMPARE(again.value(key).toArray(), doc.value(key).toArray());
        QCOMPARE(fresh.engine->queue(QStringLiteral("orders.work"))->def.arguments,
                 m_f->engine->queue(QStringLiteral("orders.work"))->def.arguments);
        // Importing the same document again is harmless.
        QCOMPARE(fresh.client->send("POST", "/api/definitions/%2F", exported.body).status, 204);
        QCOMPARE(topologyFingerprint(*fresh.engine), topologyFingerprint(*m_f->engine));
        // The per-vhost export leaves out the vhost fields, as RabbitMQ's.
        const QJsonObject scoped = c.get("/api/definitions/%2F").object();
        QVERIFY(!scoped.value("queues").toArray().at(0).toObject().contains("vhost"));
    }

private:
    std::unique_ptr<HttpFixture> m_f;
};

QTEST_GUILESS_MAIN(TestHttpManagement)
#include "tst_httpmanagement.moc"
