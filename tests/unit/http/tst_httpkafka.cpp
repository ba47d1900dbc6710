// Kafka's topics and groups in the HTTP API (KafkaRoutes): a record
// produced over HTTP comes back with its bytes (text or base64) and headers;
// a produce is refused with 503 while the publish gate is closed and nothing
// is stored; answers written later (HttpReply::later) arrive on a connection
// that is used again; a group's lag and a partition's offsets are in
// /metrics; bad input names the bad field.

#include "HttpTestSupport.h"

#include "broker/core/PublishGate.h"
#include "broker/kafka/GroupCoordinator.h"
#include "broker/kafka/KafkaAdmin.h"
#include "broker/log/LogEngine.h"

using namespace depot;
using namespace depot::test;
using namespace Qt::StringLiterals;

namespace {

QByteArray jsonList(const QJsonArray &a)
{
    return QJsonDocument(a).toJson(QJsonDocument::Compact);
}

// A broker's parts as BrokerCore wires them: the API gets KafkaAdmin and the gate.
struct KafkaFixture
{
    KafkaFixture()
    {
        engine.recover();
        gate = std::make_unique<core::PublishGate>(engine, core::PublishGateOptions{});
        admin = std::make_unique<kafka::KafkaAdmin>(logs, &groups, gate.get());
        http::HttpApiOptions options;
        options.gate = gate.get();
        options.kafka = admin.get();
        api = std::make_unique<http::HttpApi>(engine, options);
        QString error;
        listening = api->listen(QHostAddress::LocalHost, 0, &error);
        client = std::make_unique<HttpClient>(api->port());
    }

    Engine engine;
    log::LogEngine logs;
    kafka::GroupCoordinator groups;
    std::unique_ptr<core::PublishGate> gate;
    std::unique_ptr<kafka::KafkaAdmin> admin;
    std::unique_ptr<http::HttpApi> api;
    std::unique_ptr<HttpClient> client;
    bool listening = false;
};

} // namespace

class TstHttpKafka final : public QObject
{
    Q_OBJECT

private slots:
    void producedRecordsComeBackWithTheirBytesAndHeaders()
    {
        KafkaFixture f;
        QVERIFY(f.listening);
        HttpClient &c = *f.client;
        QCOMPARE(c.put("/api/depot/topics/t", QJsonObject{{u"partitions"_s, 2}}).status, 201);
        // Two produces on one connection: the later answers keep their order.
        for (int round = 0; round < 2; ++round) {
            const QJsonArray records{
                QJsonObject{{u"partition"_s, 1}, {u"key"_s, u"k"_s}, {u"value"_s, u"text"_s},
                            {u"headers"_s, QJsonArray{QJsonObject{{u"key"_s, u"bin"_s}, {u"value"_s, u"/wA="_s}, {u"value_encoding"_s, u"base64"_s}}}}},
                QJsonObject{{u"partition"_s, 1}, {u"value"_s, QJsonValue::Null}},
            };
            const HttpResult r = c.send("POST", "/api/depot/topics/t/records", jsonList(records));
            QCOMPARE(r.status, 200);
            const QJsonArray produced = r.object().value(u"records"_s).toArray();
            QCOMPARE(produced.size(), 2);
            QCOMPARE(produced[0].toObject().value(u"offset"_s).toInteger(), 2 * round);
            QCOMPARE(produced[1].toObject().value(u"offset"_s).toInteger(), 2 * round + 1);
        }
        const HttpResult page = c.get("/api/depot/topics/t/partitions/1/records?offset=1&limit=2");
        QCOMPARE(page.status, 200);
        const QJsonArray got = page.object().value(u"records"_s).toArray();
        QCOMPARE(got.size(), 2);
        const QJsonObject tombstone = got[0].toObject();
        QCOMPARE(tombstone.value(u"offset"_s).toInteger(), 1);
        QVERIFY(tombstone.value(u"value"_s).isNull());
        QVERIFY(!tombstone.contains(u"value_encoding"_s));
        const QJsonObject first = got[1].toObject();
        QCOMPARE(first.value(u"key"_s).toString(), QStringLiteral("k"));
        QCOMPARE(first.value(u"value"_s).toString(), QStringLiteral("text"));
        const QJsonObject header = first.value(u"headers"_s).toArray()[0].toObject();
        QCOMPARE(header.value(u"value_encoding"_s).toString(), QStringLiteral("base64"));
        QCOMPARE(header.value(u"value"_s).toString(), QStringLiteral("/wA="));
        QCOMPARE(page.object().value(u"next_offset"_s).toInteger(), 3);
    }

    void aClosedGateRefusesWith503AndStoresNothing()
    {
        KafkaFixture f;
        HttpClient &c = *f.client;
        QCOMPARE(c.put("/api/depot/topics/t", QJsonObject{}).status, 201);
        f.engine.raiseAlarm(QStringLiteral("disk"), QStringLiteral("the disk is full"));
        HttpResult r = c.send("POST", "/api/depot/topics/t/records", jsonList({QJsonObject{{u"value"_s, u"v"_s}}}));
        QCOMPARE(r.status, 503);
        QCOMPARE(r.object().value(u"error"_s).toString(), QStringLiteral("publishers_blocked"));
        QVERIFY(r.object().value(u"reason"_s).toString().contains(QLatin1String("the disk is full")));
        r = c.post("/api/depot/topics/t/reproduce", QJsonObject{{u"records"_s, QJsonArray{QJsonObject{{u"partition"_s, 0}, {u"offset"_s, 0}}}}});
        QCOMPARE(r.status, 503);
        QCOMPARE(f.logs.topic(QStringLiteral("t"))->partitions[0].highWatermark, qint64(0));
        f.engine.clearAlarm(QStringLiteral("disk"));
        r = c.send("POST", "/api/depot/topics/t/records", jsonList({QJsonObject{{u"value"_s, u"v"_s}}}));
        QCOMPARE(r.status, 200);
    }

    void metricsShowPartitionOffsetsAndGroupLag()
    {
        KafkaFixture f;
        HttpClient &c = *f.client;
        QCOMPARE(c.put("/api/depot/topics/t", QJsonObject{}).status, 201);
        QJsonArray five;
        for (int i = 0; i < 5; ++i)
            five.append(QJsonObject{{u"value"_s, QString::number(i)}});
        QCOMPARE(c.send("POST", "/api/depot/topics/t/records", jsonList(five)).status, 200);
        HttpResult r = c.post("/api/depot/groups/g%22q/reset-offsets", QJsonObject{{u"topic"_s, u"t"_s}, {u"to"_s, u"offset"_s}, {u"value"_s, 2}});
        QCOMPARE(r.status, 200);
        QCOMPARE(r.object().value(u"offsets"_s).toArray()[0].toObject().value(u"lag"_s).toInteger(), 3);
        const QByteArray metrics = c.send("GET", "/metrics", {}, {}).body;
        QVERIFY(metrics.contains("# TYPE depot_kafka_partition_log_end_offset gauge\n"));
        QVERIFY(metrics.contains("depot_kafka_partition_log_end_offset{topic=\"t\",partition=\"0\"} 5\n"));
        QVERIFY(metrics.contains("depot_kafka_partition_log_start_offset{topic=\"t\",partition=\"0\"} 0\n"));
        // The group's name carries a quote, escaped in the label.
        QVERIFY2(metrics.contains("depot_kafka_group_lag{group=\"g\\\"q\",topic=\"t\",partition=\"0\"} 3\n"), metrics);
        QVERIFY(metrics.contains("depot_kafka_group_committed_offset{group=\"g\\\"q\",topic=\"t\",partition=\"0\"} 2\n"));
        QVERIFY(metrics.contains("depot_kafka_group_members{group=\"g\\\"q\"} 0\n"));
        QCOMPARE(c.del("/api/depot/groups/g%22q").status, 204);
        QVERIFY(!c.send("GET", "/metrics", {}, {}).body.contains("depot_kafka_group_lag{"));
    }

    void badInputNamesTheField()
    {
        KafkaFixture f;
        HttpClient &c = *f.client;
        QCOMPARE(c.put("/api/depot/topics/t", QJsonObject{}).status, 201);
        const auto reason = [](const HttpResult &r) { return r.object().value(u"reason"_s).toString(); };
        HttpResult r = c.send("POST", "/api/depot/topics/t/records", "{\"records\": 3}");
        QCOMPARE(r.status, 400);
        QVERIFY(reason(r).contains(QLatin1String("records")));
        r = c.send("POST", "/api/depot/topics/t/records", jsonList({QJsonObject{{u"value"_s, u"!!"_s}, {u"value_encoding"_s, u"base64"_s}}}));
        QCOMPARE(r.status, 400);
        QVERIFY2(reason(r).contains(QLatin1String("records[0].value is not valid base64")), qPrintable(reason(r)));
        r = c.send("POST", "/api/depot/topics/t/records", jsonList({QJsonObject{{u"headers"_s, QJsonArray{3}}}}));
        QCOMPARE(r.status, 400);
        QVERIFY2(reason(r).contains(QLatin1String("records[0].headers[0].key")), qPrintable(reason(r)));
        r = c.send("POST", "/api/depot/topics/t/records", jsonList({QJsonObject{{u"partition"_s, 1.5}}}));
        QCOMPARE(r.status, 400);
        QVERIFY(reason(r).contains(QLatin1String("records[0].partition")));
        r = c.put("/api/depot/topics/u", QJsonObject{{u"configs"_s, QJsonObject{{u"retention.ms"_s, u"soon"_s}}}});
        QCOMPARE(r.status, 400);
        QVERIFY(reason(r).contains(QLatin1String("retention.ms")));
        QCOMPARE(c.get("/api/depot/topics/u").status, 404);
        r = c.get("/api/depot/topics/t/search?q=x&partition=abc");
        QCOMPARE(r.status, 400);
        QVERIFY(reason(r).contains(QLatin1String("partition")));
        r = c.post("/api/depot/groups/g/reset-offsets", QJsonObject{{u"topic"_s, u"t"_s}, {u"to"_s, u"timestamp"_s}, {u"value"_s, u"noon"_s}});
        QCOMPARE(r.status, 400);
        QVERIFY(reason(r).contains(QLatin1String("value")));
        // A time as ISO 8601 is taken.
        r = c.post("/api/depot/groups/g/reset-offsets",
                   QJsonObject{{u"topic"_s, u"t"_s}, {u"to"_s, u"timestamp"_s}, {u"value"_s, u"2026-01-01T00:00:00Z"_s}});
        QCOMPARE(r.status, 200);
    }
};

QTEST_MAIN(TstHttpKafka)
#include "tst_httpkafka.moc"
