// Stream queues: the engine's streams (EngineStreams.cpp) on the log engine
// through StreamLogs, in memory, with a fake clock.

#include "broker/engine/QueueArguments.h"
#include "broker/engine/StreamLog.h"
#include "broker/log/LogEngine.h"
#include "broker/log/StreamLogs.h"
#include "tests/unit/engine/EngineTestSupport.h"

#include <QTest>

using namespace depot;
using namespace depot::test;

namespace {

const QString kType = QStringLiteral("x-queue-type");
const QString kOffset = QStringLiteral("x-stream-offset");

QVariantMap streamArgs(QVariantMap more = {})
{
    more.insert(kType, QStringLiteral("stream"));
    return more;
}

} // namespace

class TestStreamLogs : public QObject
{
    Q_OBJECT

    struct Setup
    {
        FakeClock clock;
        log::LogEngine logs;
        log::StreamLogs streams{logs};
        Engine engine;
        RecordingSink sink;
        SessionId session = 0;
        Setup()
        {
            engine.setClock(clock.clock());
            engine.setStreamLog(&streams);
            session = engine.openSession(engine.openConnection({}), &sink);
        }
        ~Setup() { engine.setStreamLog(nullptr); }
        Result<QString> consume(const QString &queue, quint32 prefetch, const QVariant &offset = {})
        {
            ConsumeSpec spec = consumeSpec(queue, prefetch);
            if (offset.isValid())
                spec.arguments.insert(kOffset, offset);
            return engine.consume(session, spec);
        }
        QList<qint64> offsets() const
        {
            QList<qint64> out;
            for (const Delivery &d : sink.deliveries)
                out.append(d.streamOffset);
            return out;
        }
    };

private slots:
    void declarationsAsRabbitMq()
    {
        Setup s;
        auto declare = [&](QueueDef def) { return s.engine.declareQueue(def, false); };
        QueueDef def = queueDef(QStringLiteral("st"), streamArgs(), false);
        auto r = declare(def);
        QCOMPARE(r.error.kind, ErrorKind::PreconditionFailed);
        QVERIFY(r.error.text.contains(QLatin1String("invalid property 'non-durable'")));
        def.durable = true;
        def.autoDelete = true;
        QVERIFY(declare(def).error.text.contains(QLatin1String("'auto-delete'")));
        def.autoDelete = false;
        def.exclusive = true;
        QVERIFY(declare(def).error.text.contains(QLatin1String("'exclusive-owner'")));
        def.exclusive = false;
        def.arguments.insert(QStringLiteral("x-max-length"), 5);
        QVERIFY(declare(def).error.text.contains(QLatin1String("'x-max-length'")));
        def.arguments = streamArgs({{QStringLiteral("x-max-age"), QStringLiteral("7D")}});
        QVERIFY2(declare(def).ok(), qPrintable(declare(def).error.text));
        QVERIFY(s.logs.hasTopic(QStringLiteral("st")));
        QVERIFY(s.logs.topic(QStringLiteral("st"))->settings.stream);
        QCOMPARE(s.logs.topic(QStringLiteral("st"))->settings.retentionMs, 7LL * 86'400'000);
        // Deleting the queue deletes its log.
        QVERIFY(s.engine.deleteQueue(QStringLiteral("st"), false, false).ok());
        QVERIFY(!s.logs.hasTopic(QStringLiteral("st")));
        // A Kafka topic of that name is not taken over.
        QCOMPARE(s.logs.createTopic(QStringLiteral("kafka-topic"), log::TopicSettings{}), kafka::ErrorCode::None);
        def.name = QStringLiteral("kafka-topic");
        QCOMPARE(declare(def).error.kind, ErrorKind::PreconditionFailed);
        QVERIFY(s.logs.hasTopic(QStringLiteral("kafka-topic")));
        // Without a log engine there are no streams.
        Engine alone;
        def.name = QStringLiteral("other");
        QCOMPARE(alone.declareQueue(def, false).error.kind, ErrorKind::NotImplemented);
    }

    void maxAgeUnits_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("ms");
        QTest::addRow("7D") << QStringLiteral("7D") << 7LL * 86'400'000;
        QTest::addRow("1Y") << QStringLiteral("1Y") << 365LL * 86'400'000;
        QTest::addRow("2M") << QStringLiteral("2M") << 60LL * 86'400'000;
        QTest::addRow("3h") << QStringLiteral("3h") << 3LL * 3'600'000;
        QTest::addRow("30m") << QStringLiteral("30m") << 30LL * 60'000;
        QTest::addRow("10s") << QStringLiteral("10s") << 10'000LL;
        QTest::addRow("no unit") << QStringLiteral("10") << -1LL;
        QTest::addRow("zero") << QStringLiteral("0D") << -1LL;
        QTest::addRow("bad unit") << QStringLiteral("5X") << -1LL;
        QTest::addRow("two units") << QStringLiteral("1h30m") << -1LL;
        QTest::addRow("sign") << QStringLiteral("-1h") << -1LL;
    }
    void maxAgeUnits()
    {
        QFETCH(QString, text);
        QFETCH(qint64, ms);
        QCOMPARE(QueueArguments::parseMaxAge(text).value_or(qint64(-1)), ms);
    }

    void publishedMessagesAreReadAgainFromFirst()
    {
        Setup s;
        declare(s.engine, QStringLiteral("st"), streamArgs(), true);
        for (int i = 0; i < 5; ++i)
            QVERIFY(publishTo(s.engine, QStringLiteral("st"), QStringLiteral("m%1").arg(i)).routed);
        QCOMPARE(s.engine.queue(QStringLiteral("st"))->ready, 5u);
        QVERIFY(s.consume(QStringLiteral("st"), 10, QStringLiteral("first")).ok());
        QCOMPARE(s.sink.bodies(), (QStringList{QStringLiteral("m0"), QStringLiteral("m1"), QStringLiteral("m2"), QStringLiteral("m3"), QStringLiteral("m4")}));
        QCOMPARE(s.offsets(), (QList<qint64>{0, 1, 2, 3, 4}));
        // Acks remove nothing; a second consumer from first gets them all.
        QVERIFY(s.engine.ack(s.session, s.sink.lastTag(), true).ok());
        s.sink.clear();
        QVERIFY(s.consume(QStringLiteral("st"), 10, QStringLiteral("first")).ok());
        QCOMPARE(s.offsets(), (QList<qint64>{0, 1, 2, 3, 4}));
        QCOMPARE(s.engine.queue(QStringLiteral("st"))->ready, 5u);
        // A consumer on the stream gets what is published after.
        s.sink.clear();
        publishTo(s.engine, QStringLiteral("st"), QStringLiteral("m5"));
        QCOMPARE(s.offsets(), (QList<qint64>{5, 5}));
    }

    void acksAreCredit()
    {
        Setup s;
        declare(s.engine, QStringLiteral("st"), streamArgs(), true);
        for (int i = 0; i < 5; ++i)
            publishTo(s.engine, QStringLiteral("st"), QString::number(i));
        QVERIFY(s.consume(QStringLiteral("st"), 2, QStringLiteral("first")).ok());
        QCOMPARE(s.offsets(), (QList<qint64>{0, 1}));
        // Any settlement gives credit back; nothing is requeued.
        QVERIFY(s.engine.reject(s.session, s.sink.deliveries[0].deliveryTag, true).ok());
        QCOMPARE(s.offsets(), (QList<qint64>{0, 1, 2}));
        QVERIFY(s.engine.nack(s.session, s.sink.deliveries[1].deliveryTag, false, false).ok());
        QCOMPARE(s.offsets(), (QList<qint64>{0, 1, 2, 3}));
        // Settled tags are unknown afterwards, as any.
        QCOMPARE(s.engine.ack(s.session, s.sink.deliveries[0].deliveryTag, false).error.kind,
                 ErrorKind::PreconditionFailed);
        QVERIFY(s.engine.ack(s.session, s.sink.deliveries[3].deliveryTag, true).ok());
        QCOMPARE(s.offsets(), (QList<qint64>{0, 1, 2, 3, 4}));
        QCOMPARE(s.engine.queue(QStringLiteral("st"))->ready, 5u);
    }

    void aReusedConsumerTagGetsNoCreditFromItsPredecessor()
    {
        // Settling a delivery of a cancelled consumer gives no credit to a
        // new consumer that took the same tag: it has its own deliveries.
        Setup s;
        declare(s.engine, QStringLiteral("st"), streamArgs(), true);
        for (int i = 0; i < 4; ++i)
            publishTo(s.engine, QStringLiteral("st"), QString::number(i));
        ConsumeSpec spec = consumeSpec(QStringLiteral("st"), 1);
        spec.consumerTag = QStringLiteral("reader");
        spec.arguments.insert(kOffset, QStringLiteral("first"));
        QVERIFY(s.engine.consume(s.session, spec).ok());
        QCOMPARE(s.offsets(), (QList<qint64>{0}));
        const quint64 oldTag = s.sink.deliveries[0].deliveryTag;
        QVERIFY(s.engine.cancel(s.session, QStringLiteral("reader")).ok());
        QVERIFY(s.engine.consume(s.session, spec).ok());
        QCOMPARE(s.offsets(), (QList<qint64>{0, 0}));
        // The old delivery is settled: the new consumer still waits for its own.
        QVERIFY(s.engine.ack(s.session, oldTag, false).ok());
        QCOMPARE(s.offsets(), (QList<qint64>{0, 0}));
        QVERIFY(s.engine.ack(s.session, s.sink.lastTag(), false).ok());
        QCOMPARE(s.offsets(), (QList<qint64>{0, 0, 1}));
    }

    void offsetSpecs_data()
    {
        QTest::addColumn<QVariant>("offset");
        QTest::addColumn<QList<qint64>>("expected");
        QTest::addRow("first") << QVariant(QStringLiteral("first")) << QList<qint64>{0, 1, 2, 3};
        QTest::addRow("last") << QVariant(QStringLiteral("last")) << QList<qint64>{3};
        QTest::addRow("next") << QVariant(QStringLiteral("next")) << QList<qint64>{};
        QTest::addRow("none: next") << QVariant() << QList<qint64>{};
        QTest::addRow("numeric") << QVariant(qint64(2)) << QList<qint64>{2, 3};
        QTest::addRow("numeric int") << QVariant(1) << QList<qint64>{1, 2, 3};
        QTest::addRow("numeric past the end") << QVariant(99) << QList<qint64>{};
        // Messages 0 and 1 at the start, 2 and 3 two hours later; now is a
        // minute after those.
        QTest::addRow("interval 30m") << QVariant(QStringLiteral("30m")) << QList<qint64>{2, 3};
        QTest::addRow("interval 1D") << QVariant(QStringLiteral("1D")) << QList<qint64>{0, 1, 2, 3};
        QTest::addRow("timestamp") << QVariant(QDateTime::fromMSecsSinceEpoch(1'700'000'000'000 + 3'600'000))
                                   << QList<qint64>{2, 3};
    }
    void offsetSpecs()
    {
        QFETCH(QVariant, offset);
        QFETCH(QList<qint64>, expected);
        Setup s;
        declare(s.engine, QStringLiteral("st"), streamArgs(), true);
        publishTo(s.engine, QStringLiteral("st"), QStringLiteral("a"));
        publishTo(s.engine, QStringLiteral("st"), QStringLiteral("b"));
        *s.clock.ms += 2 * 3'600'000;
        publishTo(s.engine, QStringLiteral("st"), QStringLiteral("c"));
        publishTo(s.engine, QStringLiteral("st"), QStringLiteral("d"));
        *s.clock.ms += 60'000;
        const auto r = s.consume(QStringLiteral("st"), 10, offset);
        QVERIFY2(r.ok(), qPrintable(r.error.text));
        QCOMPARE(s.offsets(), expected);
    }

    void refusals()
    {
        Setup s;
        declare(s.engine, QStringLiteral("st"), streamArgs(), true);
        auto r = s.consume(QStringLiteral("st"), 0);
        QCOMPARE(r.error.kind, ErrorKind::PreconditionFailed);
        QCOMPARE(r.error.text, QStringLiteral("consumer prefetch count is not set for stream queue 'st' in vhost '/'"));
        r = s.engine.consume(s.session, consumeSpec(QStringLiteral("st"), 5, true));
        QCOMPARE(r.error.kind, ErrorKind::NotImplemented);
        QVERIFY(r.error.text.contains(QLatin1String("automatic acknowledgement not supported")));
        r = s.consume(QStringLiteral("st"), 5, QStringLiteral("yesterday"));
        QCOMPARE(r.error.kind, ErrorKind::InvalidArgument);
        QVERIFY(r.error.text.contains(QLatin1String("invalid arg 'x-stream-offset'")));
        r = s.consume(QStringLiteral("st"), 5, true);
        QCOMPARE(r.error.kind, ErrorKind::InvalidArgument);
        const auto got = s.engine.get(s.session, QStringLiteral("st"), false);
        QCOMPARE(got.error.kind, ErrorKind::NotImplemented);
        QCOMPARE(got.error.text, QStringLiteral("basic.get not supported by stream queues queue 'st' in vhost '/'"));
        QCOMPARE(s.engine.purgeQueue(QStringLiteral("st")).error.kind, ErrorKind::NotImplemented);
        // x-stream-offset on a queue that is not a stream.
        declare(s.engine, QStringLiteral("classic"));
        QCOMPARE(s.consume(QStringLiteral("classic"), 5, QStringLiteral("first")).error.kind,
                 ErrorKind::InvalidArgument);
    }

    void propertiesComeBackExactly()
    {
        MessageContent content;
        content.exchange = QStringLiteral("orders");
        content.routingKey = QStringLiteral("eu.new");
        content.body = QByteArrayLiteral("{\"id\":1}");
        content.properties.contentType = QStringLiteral("application/json");
        content.properties.headers = QVariantMap{{QStringLiteral("tenant"), QStringLiteral("acme")},
            {QStringLiteral("n"), qint64(7)}, {QStringLiteral("nested"), QVariantMap{{QStringLiteral("k"), true}}}};
        content.properties.deliveryMode = 2;
        content.properties.correlationId = QStringLiteral("c-1");
        content.properties.timestamp = 1'700'000'000;
        const QByteArray batch = log::StreamLogs::encode(content, 1'700'000'000'000);
        QList<kafka::BatchView> views;
        QVERIFY(!kafka::splitBatches(batch, &views));
        QList<kafka::Record> records;
        QVERIFY(!kafka::decodeRecords(views.front(), &records));
        QCOMPARE(records.size(), 1);
        QCOMPARE(records.front().value, std::optional<QByteArray>(content.body));   // Kafka clients read the body
        QCOMPARE(*log::StreamLogs::decode(records.front()), content);
        // A Kafka producer's record: its value and key.
        kafka::Record plain;
        plain.key = QByteArrayLiteral("k");
        plain.value = QByteArrayLiteral("v");
        const ContentPtr fromKafka = log::StreamLogs::decode(plain);
        QCOMPARE(fromKafka->body, QByteArrayLiteral("v"));
        QCOMPARE(fromKafka->routingKey, QStringLiteral("k"));
    }

    void policiesDoNotApplyToStreams()
    {
        // A stream's retention is its log's, from its own arguments: a policy
        // matching every queue leaves it alone instead of seeming to apply.
        Setup s;
        declare(s.engine, QStringLiteral("st"), streamArgs(), true);
        declare(s.engine, QStringLiteral("plain"), {}, true);
        PolicyDef policy;
        policy.name = QStringLiteral("small");
        policy.pattern = QStringLiteral(".*");
        policy.applyTo = PolicyDef::ApplyTo::All;
        policy.definition = {{QStringLiteral("max-length"), 2}};
        QVERIFY(s.engine.setPolicy(PolicyKind::Policy, policy).ok());
        for (int i = 0; i < 4; ++i) {
            publishTo(s.engine, QStringLiteral("st"), QStringLiteral("x"));
            publishTo(s.engine, QStringLiteral("plain"), QStringLiteral("x"));
        }
        QCOMPARE(s.engine.queue(QStringLiteral("plain"))->policy.policy, QStringLiteral("small"));
        QCOMPARE(s.engine.queue(QStringLiteral("plain"))->ready, 2u);
        QCOMPARE(s.engine.queue(QStringLiteral("st"))->policy.policy, QString());
        QCOMPARE(s.engine.queue(QStringLiteral("st"))->ready, 4u);
        QCOMPARE(s.logs.topic(QStringLiteral("st"))->partitions.front().highWatermark, 4);
        // The stream keys themselves are refused, naming them.
        policy.definition = {{QStringLiteral("max-age"), QStringLiteral("1D")}};
        const Error e = s.engine.setPolicy(PolicyKind::Policy, policy).error;
        QVERIFY2(e.text.contains(QStringLiteral("'max-age' is not supported by Depot: a stream takes")), qPrintable(e.text));
    }

    void retentionRemovesWholeSegments()
    {
        Setup s;
        // Each message is one batch of the same size; segments of 3 batches.
        declare(s.engine, QStringLiteral("st"), streamArgs(), true);
        publishTo(s.engine, QStringLiteral("st"), QStringLiteral("x"));
        const qint64 batch = s.logs.topic(QStringLiteral("st"))->partitions.front().sizeBytes;
        QVERIFY(s.engine.deleteQueue(QStringLiteral("st"), false, false).ok());
        declare(s.engine, QStringLiteral("st"),
                streamArgs({{QStringLiteral("x-stream-max-segment-size-bytes"), 3 * batch},
                            {QStringLiteral("x-max-length-bytes"), 4 * batch}}),
                true);
        for (int i = 0; i < 7; ++i)
            publishTo(s.engine, QStringLiteral("st"), QStringLiteral("x"));
        // 7 batches: segments [0-2] [3-5] [6]; over 4 batches' size, the
        // first segment goes, leaving 4; never part of one.
        const log::PartitionState p = s.logs.topic(QStringLiteral("st"))->partitions.front();
        QCOMPARE(p.logStartOffset, 3);
        QCOMPARE(p.highWatermark, 7);
        QCOMPARE(s.engine.queue(QStringLiteral("st"))->ready, 4u);
        // The segment being written is never removed, however old.
        QVERIFY(s.engine.deleteQueue(QStringLiteral("st"), false, false).ok());
        declare(s.engine, QStringLiteral("st"), streamArgs({{QStringLiteral("x-max-age"), QStringLiteral("1h")}}), true);
        for (int i = 0; i < 3; ++i)
            publishTo(s.engine, QStringLiteral("st"), QStringLiteral("x"));
        *s.clock.ms += 2 * 3'600'000;
        publishTo(s.engine, QStringLiteral("st"), QStringLiteral("x"));
        QCOMPARE(s.logs.topic(QStringLiteral("st"))->partitions.front().logStartOffset, 0);
        // With one batch per segment, the old ones go.
        QVERIFY(s.engine.deleteQueue(QStringLiteral("st"), false, false).ok());
        declare(s.engine, QStringLiteral("st"),
                streamArgs({{QStringLiteral("x-max-age"), QStringLiteral("1h")},
                            {QStringLiteral("x-stream-max-segment-size-bytes"), 1}}),
                true);
        for (int i = 0; i < 3; ++i)
            publishTo(s.engine, QStringLiteral("st"), QStringLiteral("x"));
        *s.clock.ms += 2 * 3'600'000;
        publishTo(s.engine, QStringLiteral("st"), QStringLiteral("x"));
        QCOMPARE(s.logs.topic(QStringLiteral("st"))->partitions.front().logStartOffset, 3);
        QVERIFY(s.consume(QStringLiteral("st"), 5, QStringLiteral("first")).ok());
        QCOMPARE(s.offsets(), (QList<qint64>{3}));
    }
};

QTEST_GUILESS_MAIN(TestStreamLogs)
#include "tst_streamlogs.moc"
