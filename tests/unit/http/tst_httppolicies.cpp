// /api/policies and /api/operator-policies over real HTTP: RabbitMQ's shapes
// and status codes, refusals with RabbitMQ's body, the policy fields of
// queues and exchanges, and policies in definitions export and import.

// JSON keys and values read better as plain literals here; the broker's own
// code keeps the project-wide QT_NO_CAST_FROM_ASCII.
#undef QT_NO_CAST_FROM_ASCII

#include "HttpTestSupport.h"

using namespace depot;
using namespace depot::test;

class TestHttpPolicies final : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<HttpFixture> m_f;

private Q_SLOTS:
    void init()
    {
        m_f = std::make_unique<HttpFixture>();
        QVERIFY(m_f->listening);
    }
    void cleanup() { m_f.reset(); }

    void putGetListDelete()
    {
        HttpClient &c = *m_f->client;
        QCOMPARE(c.get("/api/policies").array().size(), 0);
        const QJsonObject body{{"pattern", "^orders\\."}, {"apply-to", "queues"}, {"priority", 3},
            {"definition", QJsonObject{{"max-length", 10}, {"dead-letter-exchange", "dlx"}}}};
        QCOMPARE(c.put("/api/policies/%2F/orders", body).status, 201);
        QCOMPARE(c.put("/api/policies/%2F/orders", body).status, 204); // replaced
        const QJsonObject one = c.get("/api/policies/%2F/orders").object();
        QCOMPARE(one.value("vhost").toString(), QStringLiteral("/"));
        QCOMPARE(one.value("name").toString(), QStringLiteral("orders"));
        QCOMPARE(one.value("pattern").toString(), QStringLiteral("^orders\\."));
        QCOMPARE(one.value("apply-to").toString(), QStringLiteral("queues"));
        QCOMPARE(one.value("priority").toInt(), 3);
        QCOMPARE(one.value("definition").toObject().value("max-length").toInt(), 10);
        QCOMPARE(c.get("/api/policies/%2F").array().size(), 1);
        QCOMPARE(c.get("/api/policies").array().at(0).toObject(), one);
        // apply-to defaults to all, priority to 0; rabbitmqadmin sends priority as text.
        QCOMPARE(c.put("/api/policies/%2F/second",
                      QJsonObject{{"pattern", "x"}, {"priority", "7"}, {"definition", QJsonObject{{"expires", 5000}}}})
                     .status,
            201);
        const QJsonObject second = c.get("/api/policies/%2F/second").object();
        QCOMPARE(second.value("apply-to").toString(), QStringLiteral("all"));
        QCOMPARE(second.value("priority").toInt(), 7);
        QCOMPARE(c.get("/api/policies").array().at(0).toObject().value("name").toString(), QStringLiteral("second"));
        QCOMPARE(c.del("/api/policies/%2F/second").status, 204);
        QCOMPARE(c.get("/api/policies/%2F/second").status, 404);
        QCOMPARE(c.del("/api/policies/%2F/second").status, 404);
        QCOMPARE(c.get("/api/policies/other").status, 404);
        QCOMPARE(c.put("/api/policies/other/p", body).status, 404);
    }

    void operatorPolicies()
    {
        HttpClient &c = *m_f->client;
        QCOMPARE(
            c.put("/api/operator-policies/%2F/ops",
                 QJsonObject{{"pattern", ".*"}, {"apply-to", "queues"}, {"definition", QJsonObject{{"max-length", 5}}}})
                .status,
            201);
        QCOMPARE(c.get("/api/operator-policies").array().size(), 1);
        QCOMPARE(c.get("/api/policies").array().size(), 0);
        const HttpResult refused = c.put("/api/operator-policies/%2F/dlx",
            QJsonObject{{"pattern", ".*"}, {"definition", QJsonObject{{"dead-letter-exchange", "x"}}}});
        QCOMPARE(refused.status, 400);
        QVERIFY(
            refused.object().value("reason").toString().contains(QStringLiteral("are not recognised policy settings")));
        QCOMPARE(c.put("/api/queues/%2F/q", QJsonObject{}).status, 201);
        const QJsonObject q = c.get("/api/queues/%2F/q").object();
        QCOMPARE(q.value("operator_policy").toString(), QStringLiteral("ops"));
        QVERIFY(q.value("policy").isNull());
        QCOMPARE(q.value("effective_policy_definition").toObject(), (QJsonObject{{"max-length", 5}}));
        QCOMPARE(c.del("/api/operator-policies/%2F/ops").status, 204);
        QVERIFY(c.get("/api/queues/%2F/q").object().value("operator_policy").isNull());
    }

    void refusalsInRabbitMqShape()
    {
        HttpClient &c = *m_f->client;
        const auto refusal = [&](const QJsonObject &body) {
            const HttpResult r = c.put("/api/policies/%2F/bad", body);
            if (r.status != 400)
                return QStringLiteral("status %1").arg(r.status);
            if (r.object().value("error").toString() != QLatin1String("bad_request"))
                return QStringLiteral("error %1").arg(r.object().value("error").toString());
            return r.object().value("reason").toString();
        };
        QCOMPARE(refusal({{"pattern", ".*"}, {"definition", QJsonObject{{"made-up", 1}}}}),
            QStringLiteral("Validation failed\n\n[{<<\"made-up\">>,1}] are not recognised policy settings\n"));
        QCOMPARE(refusal({{"pattern", ".*"}, {"definition", QJsonObject{{"message-ttl", "soon"}}}}),
            QStringLiteral("Validation failed\n\n<<\"soon\">> is not a valid message TTL\n"));
        QVERIFY(refusal({{"pattern", ".*"}, {"definition", QJsonObject{{"max-age", "1D"}}}})
                    .contains(QStringLiteral("'max-age' is not supported by Depot")));
        QVERIFY(refusal({{"definition", QJsonObject{{"max-length", 1}}}})
                    .contains(QStringLiteral("[{key_missing,pattern}]")));
        QVERIFY(refusal({{"pattern", ".*"}}).contains(QStringLiteral("[{key_missing,definition}]")));
        QVERIFY(refusal({{"pattern", ".*"}, {"definition", "max-length=1"}})
                    .contains(QStringLiteral("must be a dictionary")));
        QVERIFY(refusal({{"pattern", ".*"}, {"apply-to", "topics"}, {"definition", QJsonObject{{"max-length", 1}}}})
                    .contains(QStringLiteral("apply-to 'topics' unrecognised")));
        QVERIFY(refusal({{"pattern", ".*"}, {"priority", "high"}, {"definition", QJsonObject{{"max-length", 1}}}})
                    .contains(QStringLiteral("priority should be a number, actually was <<\"high\">>")));
        QVERIFY(refusal({{"pattern", "("}, {"definition", QJsonObject{{"max-length", 1}}}})
                    .contains(QStringLiteral("should be regular expression")));
        QCOMPARE(c.get("/api/policies").array().size(), 0);
    }

    void queuesAndExchangesShowWhatApplies()
    {
        HttpClient &c = *m_f->client;
        QCOMPARE(
            c.put("/api/queues/%2F/work", QJsonObject{{"arguments", QJsonObject{{"x-max-length", 50}}}}).status, 201);
        QJsonObject q = c.get("/api/queues/%2F/work").object();
        QVERIFY(q.contains(QStringLiteral("policy")));
        QVERIFY(q.value("policy").isNull());
        QCOMPARE(q.value("effective_policy_definition").toObject(), QJsonObject{});
        QCOMPARE(c.put("/api/policies/%2F/p",
                      QJsonObject{{"pattern", "^work$"}, {"apply-to", "queues"},
                          {"definition", QJsonObject{{"max-length", 2}, {"message-ttl", 1000}}}})
                     .status,
            201);
        q = c.get("/api/queues/%2F/work").object();
        QCOMPARE(q.value("policy").toString(), QStringLiteral("p"));
        QCOMPARE(
            q.value("effective_policy_definition").toObject(), (QJsonObject{{"max-length", 2}, {"message-ttl", 1000}}));
        // The declared arguments are shown as declared.
        QCOMPARE(q.value("arguments").toObject(), (QJsonObject{{"x-max-length", 50}}));
        QCOMPARE(c.get("/api/queues").array().at(0).toObject().value("policy").toString(), QStringLiteral("p"));

        QCOMPARE(c.put("/api/exchanges/%2F/events", QJsonObject{{"type", "topic"}}).status, 201);
        QCOMPARE(c.put("/api/policies/%2F/ae",
                      QJsonObject{{"pattern", "^events$"}, {"apply-to", "exchanges"},
                          {"definition", QJsonObject{{"alternate-exchange", "spare"}}}})
                     .status,
            201);
        const QJsonObject e = c.get("/api/exchanges/%2F/events").object();
        QCOMPARE(e.value("policy").toString(), QStringLiteral("ae"));
        QCOMPARE(e.value("effective_policy_definition").toObject(), (QJsonObject{{"alternate-exchange", "spare"}}));
        QVERIFY(c.get("/api/exchanges/%2F/amq.direct").object().value("policy").isNull());
    }

    void definitionsCarryPolicies()
    {
        HttpClient &c = *m_f->client;
        QCOMPARE(c.put("/api/policies/%2F/p",
                      QJsonObject{{"pattern", "^work$"}, {"apply-to", "queues"}, {"priority", 2},
                          {"definition", QJsonObject{{"max-length", 2}}}})
                     .status,
            201);
        const QJsonObject exported = c.get("/api/definitions").object();
        const QJsonArray policies = exported.value("policies").toArray();
        QCOMPARE(policies.size(), 1);
        QCOMPARE(policies.at(0).toObject().value("name").toString(), QStringLiteral("p"));
        QCOMPARE(policies.at(0).toObject().value("vhost").toString(), QStringLiteral("/"));
        QVERIFY(!c.get("/api/definitions/%2F")
                     .object()
                     .value("policies")
                     .toArray()
                     .at(0)
                     .toObject()
                     .contains(QStringLiteral("vhost")));

        // Into a fresh Depot: the policy comes back and applies to the queue imported with it.
        HttpFixture other;
        QVERIFY(other.listening);
        QJsonObject doc = exported;
        doc.insert("queues",
            QJsonArray{QJsonObject{{"name", "work"}, {"vhost", "/"}, {"durable", true}, {"auto_delete", false},
                {"arguments", QJsonObject{}}}});
        QCOMPARE(other.client->post("/api/definitions", doc).status, 204);
        QCOMPARE(other.client->get("/api/policies/%2F/p").object().value("priority").toInt(), 2);
        QCOMPARE(other.client->get("/api/queues/%2F/work").object().value("policy").toString(), QStringLiteral("p"));

        // A policy Depot cannot honour refuses the whole document, naming the key; nothing changes.
        HttpFixture third;
        QVERIFY(third.listening);
        QJsonObject bad = doc;
        bad.insert("policies",
            QJsonArray{policies.at(0),
                QJsonObject{{"vhost", "/"}, {"name", "streams"}, {"pattern", ".*"}, {"apply-to", "queues"},
                    {"priority", 0}, {"definition", QJsonObject{{"max-age", "1D"}}}}});
        const QString before = topologyFingerprint(*third.engine);
        const HttpResult refused = third.client->post("/api/definitions", bad);
        QCOMPARE(refused.status, 400);
        const QString reason = refused.object().value("reason").toString();
        QVERIFY2(reason.contains(QStringLiteral("policies[1]"))
                && reason.contains(QStringLiteral("'max-age' is not supported by Depot")),
            qPrintable(reason));
        QCOMPARE(topologyFingerprint(*third.engine), before);
        QCOMPARE(third.client->get("/api/policies").array().size(), 0);
        // Runtime parameters are still refused, named.
        QJsonObject withParameters = doc;
        withParameters.insert("parameters",
            QJsonArray{QJsonObject{
                {"vhost", "/"}, {"component", "federation-upstream"}, {"name", "up"}, {"value", QJsonObject{}}}});
        const HttpResult params = third.client->post("/api/definitions", withParameters);
        QCOMPARE(params.status, 400);
        QVERIFY(params.object().value("reason").toString().contains(QStringLiteral("federation-upstream")));
        QCOMPARE(third.client->get("/api/policies").array().size(), 0);
    }
};

QTEST_GUILESS_MAIN(TestHttpPolicies)
#include "tst_httppolicies.moc"
