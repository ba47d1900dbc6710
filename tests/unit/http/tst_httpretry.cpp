// Depot's retry-control routes: retry a waiting message now, give up on one
// (dead-lettered with reason delivery_limit), reset its attempts, retry every
// waiting message, and replace or remove a queue's x-retry-delays; with the
// errors each answers. Driven over real HTTP against an in-process engine.

// JSON keys and values read better as plain literals here; the broker's own
// code keeps the project-wide QT_NO_CAST_FROM_ASCII.
#undef QT_NO_CAST_FROM_ASCII

#include "HttpTestSupport.h"

using namespace depot;
using namespace depot::test;

class TestHttpRetry final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        m_f = std::make_unique<HttpFixture>();
        QVERIFY(m_f->listening);
        Engine &e = *m_f->engine;
        QVERIFY(e.declareQueue(QueueDef{QStringLiteral("dlq"), false}, false).ok());
        QueueDef work{QStringLiteral("work"), false};
        // Ten minutes: nothing comes due while a test runs.
        work.arguments = {{QStringLiteral("x-retry-delays"), QVariantList{600'000, 600'000}},
            {QStringLiteral("x-dead-letter-exchange"), QString()},
            {QStringLiteral("x-dead-letter-routing-key"), QStringLiteral("dlq")}};
        QVERIFY(e.declareQueue(work, false).ok());
        m_session = e.openSession(e.openConnection({}), nullptr);
    }
    void cleanup() { m_f.reset(); }

    void retryNowAndRetryAllWaiting()
    {
        Engine &e = *m_f->engine;
        HttpClient &c = *m_f->client;
        const MessageId first = waitingMessage("one");
        waitingMessage("two");
        QCOMPARE(e.queue("work")->delayed, 2u);

        auto r = c.post(path(first, "retry"), {});
        QCOMPARE(r.status, 204);
        QCOMPARE(e.queue("work")->delayed, 1u);
        const auto got = e.get(m_session, "work", true);
        QVERIFY(got.value);
        QCOMPARE(got.value->id, first);
        QCOMPARE(got.value->deliveryCount, 2u);
        // Not waiting any more: refused, with the reason.
        r = c.post(path(first, "retry"), {});
        QCOMPARE(r.status, 404);
        waitingMessage("three");
        publish("fresh");
        const MessageId fresh = e.browse("work", 0, 1).at(0).state.id;
        r = c.post(path(fresh, "retry"), {});
        QCOMPARE(r.status, 400);
        QVERIFY2(r.object().value("reason").toString().contains("ready already"), r.body.constData());

        // The listing's filter for them: the two waiting ones, not "fresh".
        const QJsonArray waiting
            = c.get("/api/depot/queues/%2F/work/messages?waiting_retry=true").object().value("items").toArray();
        QCOMPARE(waiting.size(), 2);
        for (const QJsonValue &item : waiting)
            QVERIFY(item.toObject().value("ready_at").toInteger() > 0);

        r = c.post("/api/depot/queues/%2F/work/retry-waiting", {});
        QCOMPARE(r.status, 200);
        QCOMPARE(r.object().value("retried").toInt(), 2);
        QCOMPARE(e.queue("work")->delayed, 0u);
        QCOMPARE(e.queue("work")->ready, 3u);
        QCOMPARE(c.post("/api/depot/queues/%2F/nowhere/retry-waiting", {}).status, 404);
        QCOMPARE(c.post("/api/depot/queues/other/work/retry-waiting", {}).status, 404);
    }

    void giveUpDeadLetters()
    {
        Engine &e = *m_f->engine;
        HttpClient &c = *m_f->client;
        const MessageId id = waitingMessage("job");
        auto r = c.post(path(id, "give-up"), {});
        QCOMPARE(r.status, 204);
        QCOMPARE(e.queue("work")->ready, 0u);
        // The dead letter's history, as Depot's message view shows it.
        const QJsonArray items = c.get("/api/depot/queues/%2F/dlq/messages").object().value("items").toArray();
        QCOMPARE(items.size(), 1);
        const qint64 deadId = items.at(0).toObject().value("id").toInteger();
        const QJsonObject dead = c.get("/api/depot/queues/%2F/dlq/messages/" + QByteArray::number(deadId)).object();
        const QJsonObject death = dead.value("x_death").toArray().at(0).toObject();
        QCOMPARE(death.value("reason").toString(), QStringLiteral("delivery_limit"));
        QCOMPARE(death.value("queue").toString(), QStringLiteral("work"));
        QCOMPARE(dead.value("original_queue").toString(), QStringLiteral("work"));
        QCOMPARE(c.post(path(id, "give-up"), {}).status, 404);
        QCOMPARE(c.post("/api/depot/queues/%2F/work/messages/abc/give-up", {}).status, 400);
    }

    void resetAttempts()
    {
        Engine &e = *m_f->engine;
        HttpClient &c = *m_f->client;
        const MessageId id = waitingMessage("job");
        QCOMPARE(c.post(path(id, "reset-attempts"), {}).status, 204);
        const QJsonObject view
            = c.get("/api/depot/queues/%2F/work/messages/" + QByteArray::number(qint64(id))).object();
        QCOMPARE(view.value("delivery_count").toInt(), 0);
        QCOMPARE(view.value("ready_at").toInteger(), 0);
        // Delivered to a consumer and not settled: the consumer's to settle.
        const auto got = e.get(m_session, "work", false);
        QVERIFY(got.value);
        const auto r = c.post(path(id, "reset-attempts"), {});
        QCOMPARE(r.status, 400);
        QVERIFY2(r.object().value("reason").toString().contains("not settled"), r.body.constData());
    }

    void changeTheSchedule()
    {
        Engine &e = *m_f->engine;
        HttpClient &c = *m_f->client;
        const QByteArray route = "/api/depot/queues/%2F/work/retry-delays";
        auto r = c.put(route, QJsonObject{{"delays", QJsonArray{1000, 5000, 30000}}});
        QCOMPARE(r.status, 200);
        QCOMPARE(r.object().value("arguments").toObject().value("x-retry-delays").toArray(),
            (QJsonArray{1000, 5000, 30000}));
        QCOMPARE(e.queue("work")->def.arguments.value("x-retry-delays").toList().size(), 3);
        // Refused like a declaration's argument; nothing changed.
        for (const QJsonObject &bad :
            {QJsonObject{{"delays", QJsonArray{1000, -1}}}, QJsonObject{{"delays", QJsonArray{1.5}}},
                QJsonObject{{"delays", "1s"}}, QJsonObject{}, QJsonObject{{"delays", QJsonArray{}}}}) {
            r = c.put(route, bad);
            QCOMPARE(r.status, 400);
            QVERIFY(!r.object().value("reason").toString().isEmpty());
        }
        r = c.put(route, QJsonObject{{"delays", QJsonArray{1000, -1}}});
        QVERIFY2(r.object().value("reason").toString().contains("x-retry-delays"), r.body.constData());
        QCOMPARE(e.queue("work")->def.arguments.value("x-retry-delays").toList().size(), 3);
        QCOMPARE(
            c.put("/api/depot/queues/%2F/nowhere/retry-delays", QJsonObject{{"delays", QJsonArray{1}}}).status, 404);

        r = c.del(route);
        QCOMPARE(r.status, 200);
        QVERIFY(!r.object().value("arguments").toObject().contains("x-retry-delays"));
        QVERIFY(!e.queue("work")->def.arguments.contains("x-retry-delays"));
    }

private:
    void publish(const char *body) { m_f->engine->publish(QString(), "work", {}, QByteArray(body)); }
    // A message a consumer returned once: it waits for its next attempt.
    MessageId waitingMessage(const char *body)
    {
        Engine &e = *m_f->engine;
        publish(body);
        const auto got = e.get(m_session, "work", false);
        if (!got.value || got.value->content->body != body)
            return 0;
        e.nack(m_session, got.value->deliveryTag, false, true);
        return got.value->id;
    }
    static QByteArray path(MessageId id, const char *action)
    {
        return "/api/depot/queues/%2F/work/messages/" + QByteArray::number(qint64(id)) + '/' + action;
    }

    std::unique_ptr<HttpFixture> m_f;
    SessionId m_session = 0;
};

QTEST_GUILESS_MAIN(TestHttpRetry)
#include "tst_httpretry.moc"
