// Depot's own HTTP routes (browse, one message with x-death, replay / move /
// copy / delete tasks with progress and cancel, rate series) and /metrics,
// driven over real HTTP against an in-process engine.

// JSON keys and values read better as plain literals here; the broker's own
// code keeps the project-wide QT_NO_CAST_FROM_ASCII.
#undef QT_NO_CAST_FROM_ASCII

#include "HttpTestSupport.h"

#include "broker/http/TransferTasks.h"
#include "broker/store/Store.h"

#include <QDeadlineTimer>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTimer>

using namespace depot;
using namespace depot::test;

namespace {

QJsonObject waitForTask(HttpClient &c, qint64 id)
{
    QJsonObject task;
    for (int i = 0; i < 500; ++i) {
        task = c.get("/api/depot/tasks/" + QByteArray::number(id)).object();
        if (task.value("state").toString() != QLatin1String("running"))
            return task;
        QTest::qWait(10);
    }
    return task;
}

// A consumer that takes nothing by itself: the test gets messages for it.
class IdleSink final : public DeliverySink
{
public:
    void deliver(const Delivery &) override {}
    void consumerCancelled(const QString &) override {}
};

MessageProperties withHeader(const QString &key, const QString &value)
{
    MessageProperties p;
    p.headers = QVariantMap{{key, value}};
    return p;
}

} // namespace

class TestHttpDepot final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        m_f = std::make_unique<HttpFixture>();
        QVERIFY(m_f->listening);
    }
    void cleanup() { m_f.reset(); }

    void browseWithoutConsuming()
    {
        Engine &e = *m_f->engine;
        HttpClient &c = *m_f->client;
        QVERIFY(e.declareQueue(QueueDef{QStringLiteral("inbox"), false}, false).ok());
        for (int i = 0; i < 25; ++i)
            e.publish(QString(), "inbox", i % 5 == 0 ? withHeader("tenant", "acme") : MessageProperties{},
                      QStringLiteral("order %1").arg(i).toUtf8());

        auto r = c.get("/api/depot/queues/%2F/inbox/messages?offset=10&limit=5");
        QCOMPARE(r.status, 200);
        QJsonObject page = r.object();
        QCOMPARE(page.value("total").toInt(), 25);
        QCOMPARE(page.value("has_more").toBool(), true);
        QJsonArray items = page.value("items").toArray();
        QCOMPARE(items.size(), 5);
        QCOMPARE(items.at(0).toObject().value("payload").toString(), QStringLiteral("order 10"));
        QCOMPARE(items.at(0).toObject().value("position").toInt(), 10);
        QCOMPARE(e.queue("inbox")->ready, 25u);   // nothing consumed

        r = c.get("/api/depot/queues/%2F/inbox/messages?offset=20&limit=50");
        QCOMPARE(r.object().value("items").toArray().size(), 5);
        QCOMPARE(r.object().value("has_more").toBool(), false);

        // Text over headers, regex over the body.
        r = c.get("/api/depot/queues/%2F/inbox/messages?filter=ACME&limit=100");
        QCOMPARE(r.object().value("items").toArray().size(), 5);
        QVERIFY(!r.object().contains("total"));
        r = c.get("/api/depot/queues/%2F/inbox/messages?filter=ACME&case_sensitive=true");
        QCOMPARE(r.object().value("items").toArray().size(), 0);
        r = c.get("/api/depot/queues/%2F/inbox/messages?filter=" + QUrl::toPercentEncoding("^order 1[0-9]$") + "&regex=true");
        QCOMPARE(r.object().value("items").toArray().size(), 10);

        QCOMPARE(c.get("/api/depot/queues/%2F/inbox/messages?filter=%28&regex=true").status, 400);
        QCOMPARE(c.get("/api/depot/queues/%2F/inbox/messages?limit=0").status, 400);
        QCOMPARE(c.get("/api/depot/queues/%2F/inbox/messages?offset=-1").status, 400);
        QCOMPARE(c.get("/api/depot/queues/%2F/nope/messages").status, 404);
        QCOMPARE(c.get("/api/depot/queues/other/inbox/messages").status, 404);
        QCOMPARE(c.send("GET", "/api/depot/queues/%2F/inbox/messages", {}, {}).status, 401);
    }

    void messageWithDeathHistory()
    {
        Engine &e = *m_f->engine;
        HttpClient &c = *m_f->client;
        QCOMPARE(c.put("/api/queues/%2F/dlq", {}).status, 201);
        QCOMPARE(c.put("/api/queues/%2F/work", QJsonObject{{"arguments", QJsonObject{{"x-dead-letter-exchange", ""},
                                                                                    {"x-dead-letter-routing-key", "dlq"}}}}).status,
                 201);
        e.publish(QString(), "work", {}, "broken");
        QCOMPARE(c.post("/api/queues/%2F/work/get", QJsonObject{{"count", 1}, {"ackmode", "reject_requeue_false"}}).status, 200);
        const auto list = c.get("/api/depot/queues/%2F/dlq/messages").object().value("items").toArray();
        QCOMPARE(list.size(), 1);
        const qint64 id = list.at(0).toObject().value("id").toInteger();
        const auto r = c.get("/api/depot/queues/%2F/dlq/messages/" + QByteArray::number(id));
        QCOMPARE(r.status, 200);
        const QJsonArray deaths = r.object().value("x_death").toArray();
        QCOMPARE(deaths.size(), 1);
        const QJsonObject death = deaths.at(0).toObject();
        QCOMPARE(death.value("reason").toString(), QStringLiteral("rejected"));
        QCOMPARE(death.value("queue").toString(), QStringLiteral("work"));
        QCOMPARE(death.value("count").toInt(), 1);
        QVERIFY(death.value("time").toInteger() > 1'000'000'000);
        QCOMPARE(r.object().value("original_queue").toString(), QStringLiteral("work"));
        // When and where it was first enqueued, beside when it arrived here.
        const MessageView v = e.browse("dlq", 0, 1).at(0);
        QVERIFY(v.state.content->origin);
        QCOMPARE(r.object().value("first_queue").toString(), QStringLiteral("work"));
        QCOMPARE(r.object().value("first_enqueued_at").toInteger(), v.state.content->origin->enqueuedAt);
        QCOMPARE(r.object().value("enqueued_at").toInteger(), v.state.enqueuedAt);
        // A message still in its first queue: first enqueued when it arrived, no first queue.
        e.publish(QString(), "work", {}, "fresh");
        const QJsonObject fresh = c.get("/api/depot/queues/%2F/work/messages").object().value("items").toArray()
                                      .at(0).toObject();
        QCOMPARE(fresh.value("first_enqueued_at"), fresh.value("enqueued_at"));
        QVERIFY(!fresh.contains("first_queue"));
        // The properties are what an AMQP client receives: x-death rendered
        // from the typed history (the stored headers hold none of it).
        const QJsonObject headers = r.object().value("properties").toObject().value("headers").toObject();
        QCOMPARE(headers.value("x-first-death-queue").toString(), QStringLiteral("work"));
        QCOMPARE(headers.value("x-death").toArray().at(0).toObject().value("reason").toString(), QStringLiteral("rejected"));
        QVERIFY(e.browse("dlq", 0, 1).at(0).state.content->deaths.hasDied());
        QVERIFY(!e.browse("dlq", 0, 1).at(0).state.content->properties.headers);
        // RabbitMQ's get shows the same rendering.
        const auto got = c.post("/api/queues/%2F/dlq/get", QJsonObject{{"count", 1}, {"ackmode", "ack_requeue_true"}});
        QCOMPARE(got.status, 200);
        const QJsonObject gotHeaders =
            got.array().at(0).toObject().value("properties").toObject().value("headers").toObject();
        QCOMPARE(gotHeaders, headers);
        QCOMPARE(r.object().value("payload").toString(), QStringLiteral("broken"));
        QCOMPARE(c.get("/api/depot/queues/%2F/dlq/messages/999999").status, 404);
        QCOMPARE(c.get("/api/depot/queues/%2F/dlq/messages/abc").status, 400);
    }

    void replayToCompletion()
    {
        Engine &e = *m_f->engine;
        HttpClient &c = *m_f->client;
        QCOMPARE(c.put("/api/queues/%2F/dlq", {}).status, 201);
        QCOMPARE(c.put("/api/queues/%2F/work", QJsonObject{{"arguments", QJsonObject{{"x-dead-letter-exchange", ""},
                                                                                    {"x-dead-letter-routing-key", "dlq"}}}}).status,
                 201);
        for (int i = 0; i < 1200; ++i)
            e.publish(QString(), "work", {}, QByteArray::number(i));
        QCOMPARE(c.post("/api/queues/%2F/work/get", QJsonObject{{"count", 1200}, {"ackmode", "reject_requeue_false"}})
                     .array().size(), 1200);
        QCOMPARE(e.queue("dlq")->ready, 1200u);

        const auto started = c.post("/api/depot/queues/%2F/dlq/replay", {});
        QCOMPARE(started.status, 202);
        const qint64 id = started.object().value("id").toInteger();
        QCOMPARE(started.headers.value("location"), "/api/depot/tasks/" + QByteArray::number(id));
        QCOMPARE(started.object().value("action").toString(), QStringLiteral("replay"));
        const QJsonObject done = waitForTask(c, id);
        QCOMPARE(done.value("state").toString(), QStringLiteral("completed"));
        QCOMPARE(done.value("total").toInt(), 1200);
        QCOMPARE(done.value("done").toInt(), 1200);
        QCOMPARE(e.queue("dlq")->ready, 0u);
        QCOMPARE(e.queue("work")->ready, 1200u);
        bool listed = false;
        for (const QJsonValue &t : c.get("/api/depot/tasks").array())
            listed = listed || t.toObject().value("id").toInteger() == id;
        QVERIFY(listed);
    }

    void moveCopyDeleteByIdsAndFilter()
    {
        Engine &e = *m_f->engine;
        HttpClient &c = *m_f->client;
        for (const char *q : {"a", "b", "c"})
            QCOMPARE(c.put("/api/queues/%2F/" + QByteArray(q), {}).status, 201);
        for (int i = 0; i < 10; ++i)
            e.publish(QString(), "a", i < 4 ? withHeader("kind", "refund") : MessageProperties{}, QByteArray::number(i));
        const QJsonArray items = c.get("/api/depot/queues/%2F/a/messages?limit=100").object().value("items").toArray();
        const QJsonArray two{items.at(8).toObject().value("id"), items.at(9).toObject().value("id")};

        auto r = c.post("/api/depot/queues/%2F/a/move", QJsonObject{{"target", "b"}, {"ids", two}});
        QCOMPARE(r.status, 202);
        QCOMPARE(waitForTask(c, r.object().value("id").toInteger()).value("done").toInt(), 2);
        QCOMPARE(e.queue("a")->ready, 8u);
        QCOMPARE(e.queue("b")->ready, 2u);

        r = c.post("/api/depot/queues/%2F/a/copy", QJsonObject{{"target", "c"}, {"filter", QJsonObject{{"text", "refund"}}}});
        QCOMPARE(r.status, 202);
        QCOMPARE(waitForTask(c, r.object().value("id").toInteger()).value("done").toInt(), 4);
        QCOMPARE(e.queue("a")->ready, 8u);
        QCOMPARE(e.queue("c")->ready, 4u);

        r = c.post("/api/depot/queues/%2F/a/delete", QJsonObject{{"filter", QJsonObject{{"text", "REFUND"}}}});
        QCOMPARE(r.status, 202);
        QJsonObject task = waitForTask(c, r.object().value("id").toInteger());
        QCOMPARE(task.value("state").toString(), QStringLiteral("completed"));
        QCOMPARE(task.value("done").toInt(), 4);
        QCOMPARE(e.queue("a")->ready, 4u);

        const QJsonArray bIds{c.get("/api/depot/queues/%2F/b/messages").object().value("items").toArray().at(0).toObject().value("id")};
        r = c.post("/api/depot/queues/%2F/b/delete", QJsonObject{{"ids", bIds}});
        QCOMPARE(waitForTask(c, r.object().value("id").toInteger()).value("done").toInt(), 1);
        QCOMPARE(e.queue("b")->ready, 1u);

        // Refusals start nothing.
        const int tasksBefore = c.get("/api/depot/tasks").array().size();
        QCOMPARE(c.post("/api/depot/queues/%2F/a/move", {}).status, 400);                              // no target
        QCOMPARE(c.post("/api/depot/queues/%2F/a/move", QJsonObject{{"target", "ghost"}}).status, 404);
        QCOMPARE(c.post("/api/depot/queues/%2F/ghost/replay", {}).status, 404);
        QCOMPARE(c.post("/api/depot/queues/%2F/a/delete", QJsonObject{{"ids", "1,2"}}).status, 400);
        QCOMPARE(c.post("/api/depot/queues/%2F/a/delete", QJsonObject{{"ids", QJsonArray{-3}}}).status, 400);
        QCOMPARE(c.post("/api/depot/queues/%2F/a/delete", QJsonObject{{"ids", QJsonArray{}}}).status, 400);
        QCOMPARE(c.post("/api/depot/queues/%2F/a/copy", QJsonObject{{"target", "b"}, {"filter", QJsonObject{{"text", "("}, {"regex", true}}}}).status, 400);
        QCOMPARE(c.post("/api/depot/queues/%2F/a/copy", QJsonObject{{"target", "b"}, {"filter", "refund"}}).status, 400);
        QCOMPARE(c.send("POST", "/api/depot/queues/%2F/a/copy", "{oops").status, 400);
        QCOMPARE(c.get("/api/depot/tasks").array().size(), tasksBefore);
        QCOMPARE(e.queue("a")->ready, 4u);
        QCOMPARE(c.get("/api/depot/tasks/4242").status, 404);
        QCOMPARE(c.del("/api/depot/tasks/4242").status, 404);
    }

    void moveCopyDeleteBrowseByQuery()
    {
        Engine &e = *m_f->engine;
        HttpClient &c = *m_f->client;
        for (const char *q : {"qa", "qb"})
            QCOMPARE(c.put("/api/queues/%2F/" + QByteArray(q), {}).status, 201);
        for (int i = 0; i < 12; ++i)
            e.publish(QString(), "qa", {}, QStringLiteral(R"({"n":%1,"kind":"%2"})").arg(i).arg(i % 3 ? "sale" : "refund").toUtf8());
        const auto bodies = [&](const QByteArray &path) {
            QStringList out;
            for (const QJsonValue &m : c.get(path).object().value("items").toArray())
                out.append(m.toObject().value("payload").toString());
            return out;
        };
        // Browsing by query (with the text filter, both must match).
        QCOMPARE(bodies("/api/depot/queues/%2F/qa/messages?query=" + QUrl::toPercentEncoding(R"(body.n >= 6 and body.kind = "refund")")),
            (QStringList{R"({"n":6,"kind":"refund"})", R"({"n":9,"kind":"refund"})"}));
        QCOMPARE(bodies("/api/depot/queues/%2F/qa/messages?filter=9&query=" + QUrl::toPercentEncoding(R"(body.kind = "refund")")),
            QStringList{R"({"n":9,"kind":"refund"})"});

        auto r = c.post("/api/depot/queues/%2F/qa/copy", QJsonObject{{"target", "qb"}, {"query", R"(body.kind = "refund")"}});
        QCOMPARE(r.status, 202);
        QCOMPARE(waitForTask(c, r.object().value("id").toInteger()).value("done").toInt(), 4);
        QCOMPARE(e.queue("qb")->ready, 4u);
        r = c.post("/api/depot/queues/%2F/qa/move", QJsonObject{{"target", "qb"}, {"query", "body.n < 2"}});
        QCOMPARE(waitForTask(c, r.object().value("id").toInteger()).value("done").toInt(), 2);
        QCOMPARE(e.queue("qa")->ready, 10u);
        r = c.post("/api/depot/queues/%2F/qa/delete", QJsonObject{{"query", R"(body.kind = "sale" and body.n > 6)"}});
        QJsonObject task = waitForTask(c, r.object().value("id").toInteger());
        QCOMPARE(task.value("state").toString(), QStringLiteral("completed"));
        QCOMPARE(task.value("done").toInt(), 4); // 7, 8, 10 and 11
        QCOMPARE(e.queue("qa")->ready, 6u);

        // A bad query starts nothing and says where it is wrong.
        const int tasksBefore = c.get("/api/depot/tasks").array().size();
        r = c.post("/api/depot/queues/%2F/qa/delete", QJsonObject{{"query", "body.n >"}});
        QCOMPARE(r.status, 400);
        QCOMPARE(r.object().value("position").toInt(), 9);
        QVERIFY(r.object().value("reason").toString().startsWith("invalid query: at 9: "));
        QCOMPARE(c.post("/api/depot/queues/%2F/qa/delete", QJsonObject{{"query", 7}}).status, 400);
        QCOMPARE(c.post("/api/depot/queues/%2F/qa/delete", QJsonObject{{"query", "body.n = 1"}, {"ids", QJsonArray{1}}}).status, 400);
        QCOMPARE(c.get("/api/depot/queues/%2F/qa/messages?query=" + QUrl::toPercentEncoding("(body.n = 1")).status, 400);
        QCOMPARE(c.get("/api/depot/tasks").array().size(), tasksBefore);
        QCOMPARE(e.queue("qa")->ready, 6u);
    }

    // A consumer takes messages from the head of the queue between the
    // delete task's slices (the task is driven here one event-loop turn at
    // a time, as the HTTP API's own runs it). The task walks the queue with
    // the engine's resumable cursor, so every matching message still in the
    // queue is deleted and no other is: a walk by offset into the matches
    // steps over those that the consumer's takes moved forward.
    void deleteByFilterWhileAConsumerDrains()
    {
        Engine &e = *m_f->engine;
        QVERIFY(e.declareQueue(QueueDef{QStringLiteral("busy"), false}, false).ok());
        constexpr int N = 6 * http::TransferTasks::DeleteSlice;
        for (int i = 0; i < N; ++i)
            e.publish(QString(), "busy", {}, (i % 2 ? "drop " : "keep ") + QByteArray::number(i));
        IdleSink sink;
        const SessionId session = e.openSession(e.openConnection({}), &sink, 1);
        QStringList consumed;
        http::TransferTasks tasks(e);
        MessageFilter filter;
        filter.text = QStringLiteral("drop");
        const auto started = tasks.startDelete(QStringLiteral("busy"), {}, filter);
        QVERIFY(started.ok());
        for (QDeadlineTimer deadline(60'000);
             tasks.task(started.value)->state == http::TaskInfo::State::Running && !deadline.hasExpired();) {
            QCoreApplication::processEvents();
            for (int i = 0; i < 100; ++i) {
                const auto got = e.get(session, "busy", true);
                if (!got.ok() || !got.value)
                    break;
                consumed.append(QString::fromUtf8(got.value->content->body));
            }
        }
        const http::TaskInfo task = *tasks.task(started.value);
        QCOMPARE(int(task.state), int(http::TaskInfo::State::Completed));
        // The consumer took some while the task ran, and left some.
        QVERIFY2(!consumed.isEmpty() && consumed.size() < N, qPrintable(QString::number(consumed.size())));

        QStringList left;
        for (const MessageView &v : e.browse("busy", 0, N))
            left.append(QString::fromUtf8(v.state.content->body));
        const auto drops = [](const QStringList &bodies) {
            return int(bodies.filter(QRegularExpression("^drop ")).size());
        };
        QCOMPARE(drops(left), 0);                                              // no match left behind
        QCOMPARE(left.size() + consumed.size() + int(task.done), N);
        QCOMPARE(int(task.done), N / 2 - drops(consumed));                     // only matches deleted
        QCOMPARE(int(left.size() + consumed.size()) - drops(consumed), N / 2); // every other one kept
    }

    void cancelKeepsEveryMessageInOneQueue()
    {
        Engine &e = *m_f->engine;
        HttpClient &c = *m_f->client;
        QCOMPARE(c.put("/api/queues/%2F/from", {}).status, 201);
        QCOMPARE(c.put("/api/queues/%2F/to", {}).status, 201);
        constexpr int N = 100'000;
        for (int i = 0; i < N; ++i)
            e.publish(QString(), "from", {}, "m");
        const auto started = c.post("/api/depot/queues/%2F/from/move", QJsonObject{{"target", "to"}});
        QCOMPARE(started.status, 202);
        const qint64 id = started.object().value("id").toInteger();
        const auto cancelled = c.del("/api/depot/tasks/" + QByteArray::number(id));
        QCOMPARE(cancelled.status, 202);
        const QJsonObject task = waitForTask(c, id);
        QCOMPARE(task.value("state").toString(), QStringLiteral("cancelled"));
        QVERIFY2(task.value("done").toInt() < N, qPrintable(QString::number(task.value("done").toInt())));
        QCOMPARE(quint64(task.value("done").toInt()), e.queue("to")->ready);
        QCOMPARE(e.queue("from")->ready + e.queue("to")->ready, quint64(N));
        // Cancelling a finished task changes nothing.
        QCOMPARE(c.del("/api/depot/tasks/" + QByteArray::number(id)).object().value("state").toString(), QStringLiteral("cancelled"));
    }

    void rateSeries()
    {
        Engine &e = *m_f->engine;
        HttpClient &c = *m_f->client;
        QVERIFY(e.declareQueue(QueueDef{QStringLiteral("r"), false}, false).ok());
        e.publish(QString(), "r", {}, "x");
        auto r = c.get("/api/depot/rates?seconds=60");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.object().value("interval_ms").toInt(), 1000);
        const QJsonObject series = r.object().value("series").toObject();
        for (int i = 0; i < CounterCount; ++i)
            QVERIFY2(series.value(counterName(Counter(i))).isArray(), qPrintable(counterName(Counter(i))));
        r = c.get("/api/depot/queues/%2F/r/rates?series=published,depth&seconds=10");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.object().value("series").toObject().keys(), (QStringList{"depth", "published"}));
        // The published message shows in the series once the engine samples (once a second).
        QTRY_VERIFY_WITH_TIMEOUT([&] {
            const QJsonArray pub = c.get("/api/depot/queues/%2F/r/rates?series=published&seconds=30")
                                       .object().value("series").toObject().value("published").toArray();
            double sum = 0;
            for (const QJsonValue &v : pub)
                sum += v.toDouble();
            return sum >= 1.0;
        }(), 5000);
        QCOMPARE(c.get("/api/depot/rates?seconds=0").status, 400);
        QCOMPARE(c.get("/api/depot/rates?seconds=99999").status, 400);
        QCOMPARE(c.get("/api/depot/rates?series=bogus").status, 400);
        QCOMPARE(c.get("/api/depot/queues/%2F/ghost/rates").status, 404);
    }

    void metrics()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QString error;
        auto store = store::Store::open(dir.path(), store::Durability::Normal, &error);
        QVERIFY2(store, qPrintable(error));
        {
            HttpFixture f({}, store.get());
            QVERIFY(f.listening);
            Engine &e = *f.engine;
            QueueDef def;
            def.name = QStringLiteral("odd \"name\"");
            def.durable = true;
            QVERIFY(e.declareQueue(def, false).ok());
            MessageProperties persistent;
            persistent.deliveryMode = 2;
            for (int i = 0; i < 3; ++i)
                e.publish(QString(), def.name, persistent, "p");
            QVERIFY(store->flush());

            QTRY_VERIFY_WITH_TIMEOUT(f.client->send("GET", "/metrics", {}, {}).body.contains("depot_messages_published_total 3"), 5000);
            const HttpResult r = f.client->send("GET", "/metrics", {}, {});
            QCOMPARE(r.status, 200);
            QVERIFY(r.headers.value("content-type").startsWith("text/plain; version=0.0.4"));
            const QByteArray text = r.body;
            QVERIFY2(text.contains("depot_queue_messages_ready{vhost=\"/\",queue=\"odd \\\"name\\\"\"} 3\n"), text.constData());
            QVERIFY(text.contains("depot_queue_messages_unacked{vhost=\"/\",queue=\"odd \\\"name\\\"\"} 0\n"));
            QVERIFY(text.contains("depot_queue_consumers{vhost=\"/\",queue=\"odd \\\"name\\\"\"} 0\n"));
            QVERIFY(text.contains("depot_queue_messages_published_total{vhost=\"/\",queue=\"odd \\\"name\\\"\"} 3\n"));
            for (const char *family : {"# TYPE depot_messages_delivered_total counter", "# TYPE depot_messages_acked_total counter",
                                       "# TYPE depot_messages_dead_lettered_total counter", "depot_connections 0\n",
                                       "depot_channels 0\n", "# TYPE depot_store_commit_latency_seconds gauge",
                                       "depot_store_commits_total "})
                QVERIFY2(text.contains(family), family);
            QVERIFY(!text.contains("depot_store_commits_total 0\n"));
            QCOMPARE(f.client->send("POST", "/metrics", {}, {}).status, 405);
        }
        // In memory there is no store to report on.
        const QByteArray inMemory = m_f->client->send("GET", "/metrics", {}, {}).body;
        QVERIFY(inMemory.contains("depot_connections 0"));
        QVERIFY(!inMemory.contains("depot_store_"));
    }

    void portTakenIsOneLine()
    {
        http::HttpApi other(*m_f->engine, {});
        QString error;
        QVERIFY(!other.listen(QHostAddress::LocalHost, m_f->api->port(), &error));
        QVERIFY2(error.contains(QString::number(m_f->api->port())) && error.contains("--http-port"), qPrintable(error));
    }

private:
    std::unique_ptr<HttpFixture> m_f;
};

QTEST_GUILESS_MAIN(TestHttpDepot)
#include "tst_httpdepot.moc"
