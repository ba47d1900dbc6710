// The Kafka listener and the publish gate (broker/core/PublishGate.h): while
// the gate is closed (here by an engine alarm, as a full disk raises one) a
// connection takes no Produce. Requests before it are answered; the Produce
// is neither answered nor stored until the gate opens, then it is, in order
// with what followed it. Produce bytes count toward the gate's store
// pressure until committed, and answers waiting to be sent (a Fetch to a
// consumer that does not read) toward its memory high-watermark.

#include "broker/core/PublishGate.h"
#include "broker/engine/Engine.h"
#include "broker/kafka/KafkaServer.h"
#include "broker/kafka/codec/KafkaMessages.h"
#include "broker/kafka/codec/RecordBatch.h"
#include "broker/log/LogEngine.h"
#include "broker/store/Store.h"

#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QtEndian>

using namespace depot;
using namespace depot::kafka;

namespace {

QByteArray frame(qint16 key, qint16 version, qint32 correlationId, const QByteArray &body)
{
    QByteArray payload;
    wire::Writer w(payload);
    w.int16(key);
    w.int16(version);
    w.int32(correlationId);
    w.string(QStringLiteral("tst"));
    w.raw(body);
    QByteArray out;
    wire::Writer f(out);
    f.int32(qint32(payload.size()));
    f.raw(payload);
    return out;
}

QByteArray produceBody(const QString &topic, const QByteArray &records)
{
    QByteArray body;
    wire::Writer w(body);
    w.string(QString()); // no transactional id
    w.int16(-1); // acks=all
    w.int32(30000);
    w.arrayLength(1);
    w.string(topic);
    w.arrayLength(1);
    w.int32(0);
    w.bytes(QByteArrayView(records));
    return body;
}

// The correlation ids of the answers received so far.
QList<qint32> correlations(QByteArray &received)
{
    QList<qint32> ids;
    while (received.size() >= 8) {
        const qint32 size = qFromBigEndian<qint32>(received.constData());
        if (received.size() < 4 + size)
            break;
        ids << qFromBigEndian<qint32>(received.constData() + 4);
        received.remove(0, 4 + size);
    }
    return ids;
}

// A Fetch v4 of partition 0 of `topic` from offset 0, up to `maxBytes`.
QByteArray fetchBody(const QString &topic, qint32 maxBytes)
{
    QByteArray body;
    wire::Writer w(body);
    w.int32(-1);   // replica id: a consumer
    w.int32(0);    // max wait
    w.int32(1);    // min bytes
    w.int32(maxBytes);
    w.int8(0);     // read uncommitted
    w.arrayLength(1);
    w.string(topic);
    w.arrayLength(1);
    w.int32(0);
    w.int64(0);
    w.int32(maxBytes);
    return body;
}

struct Broker
{
    explicit Broker(quint64 maxStorePendingBytes = 64ull * 1024 * 1024, quint64 memoryHighWatermark = 0)
    {
        QString error;
        store = store::Store::open(dir.path(), store::Durability::Normal, &error);
        if (!store)
            qFatal("cannot open the test store: %s", qPrintable(error));
        engine = std::make_unique<Engine>(store.get());
        engine->recover();
        logs = std::make_unique<log::LogEngine>(store.get());
        logs->recover(QDateTime::currentMSecsSinceEpoch());
        core::PublishGateOptions gateOptions;
        gateOptions.maxStorePendingBytes = maxStorePendingBytes;
        gateOptions.memoryHighWatermark = memoryHighWatermark;
        gate = std::make_unique<core::PublishGate>(*engine, gateOptions);
        auto *listener = new QTcpServer;
        if (!listener->listen(QHostAddress::LocalHost, 0))
            qFatal("cannot listen on loopback");
        KafkaServerOptions options;
        options.gate = gate.get();
        server = std::make_unique<KafkaServer>(*logs, groups, options);
        server->bind(listener);
    }
    ~Broker()
    {
        server.reset();
        gate.reset();
        logs.reset();
        engine.reset();
        store->close();
    }

    QTemporaryDir dir;
    std::unique_ptr<store::Store> store;
    std::unique_ptr<Engine> engine;
    std::unique_ptr<log::LogEngine> logs;
    std::unique_ptr<core::PublishGate> gate;
    GroupCoordinator groups;
    std::unique_ptr<KafkaServer> server;
};

} // namespace

class TstKafkaGate final : public QObject
{
    Q_OBJECT

private slots:
    void produceWaitsForTheGateToOpen()
    {
        Broker b;
        QCOMPARE(b.logs->createTopic(QStringLiteral("t"), log::TopicSettings{}), ErrorCode::None);
        QVERIFY(b.store->flush());
        b.engine->raiseAlarm(QStringLiteral("disk"), QStringLiteral("Depot: the disk is full"));
        QVERIFY(b.gate->closed());

        QTcpSocket client;
        client.connectToHost(QHostAddress::LocalHost, b.server->port());
        QVERIFY(client.waitForConnected(5000));
        QByteArray received;
        QObject::connect(&client, &QTcpSocket::readyRead, &client, [&] { received.append(client.readAll()); });
        const QByteArray records = encodeBatch({Record{0, 1000, QByteArray("k"), QByteArray("v"), {}}});
        // ApiVersions, then a Produce, then ApiVersions again: the first is
        // answered; the Produce is held, and the one behind it with it.
        client.write(frame(qint16(ApiKey::ApiVersions), 0, 1, {}));
        client.write(frame(qint16(ApiKey::Produce), 3, 2, produceBody(QStringLiteral("t"), records)));
        client.write(frame(qint16(ApiKey::ApiVersions), 0, 3, {}));
        QList<qint32> answered;
        QTRY_COMPARE((answered += correlations(received)), QList<qint32>{1});
        QTest::qWait(300);
        answered += correlations(received);
        QCOMPARE(answered, QList<qint32>{1});
        QVERIFY(b.store->flush());
        QCOMPARE(b.logs->topic(QStringLiteral("t"))->partitions[0].highWatermark, qint64(0));

        b.engine->clearAlarm(QStringLiteral("disk"));
        QVERIFY(!b.gate->closed());
        QTRY_COMPARE((answered += correlations(received)), (QList<qint32>{1, 2, 3}));
        QCOMPARE(b.logs->topic(QStringLiteral("t"))->partitions[0].highWatermark, qint64(1));
    }

    void produceBytesCountTowardStorePressure()
    {
        // A bound below one Produce: taking it closes the gate until the
        // store has committed it, as an AMQP publish of that size would.
        Broker b(1000);
        QCOMPARE(b.logs->createTopic(QStringLiteral("t"), log::TopicSettings{}), ErrorCode::None);
        QVERIFY(b.store->flush());
        QList<bool> states;
        QObject::connect(b.gate.get(), &core::PublishGate::changed, b.gate.get(), [&] { states << b.gate->closed(); });
        QTcpSocket client;
        client.connectToHost(QHostAddress::LocalHost, b.server->port());
        QVERIFY(client.waitForConnected(5000));
        const QByteArray records = encodeBatch({Record{0, 1000, QByteArray("k"), QByteArray(4000, 'x'), {}}});
        client.write(frame(qint16(ApiKey::Produce), 3, 1, produceBody(QStringLiteral("t"), records)));
        QTRY_COMPARE(states, (QList<bool>{true, false}));
        QCOMPARE(b.gate->pendingStoreBytes(), quint64(0));
        QTRY_COMPARE(b.logs->topic(QStringLiteral("t"))->partitions[0].highWatermark, qint64(1));
    }

    void unsentFetchAnswersCountTowardTheMemoryWatermark()
    {
        // 24 batches of 1000 KB; a consumer fetches them all and reads
        // nothing: what the kernel does not take waits in Depot's memory.
        constexpr quint64 Mark = 4 * 1024 * 1024;
        Broker b(64ull * 1024 * 1024, Mark);
        QCOMPARE(b.logs->createTopic(QStringLiteral("big"), log::TopicSettings{}), ErrorCode::None);
        for (int i = 0; i < 24; ++i) {
            const QByteArray batch = encodeBatch({Record{0, 1000, QByteArray("k"), QByteArray(1000 * 1000, 'x'), {}}});
            QList<BatchView> views;
            QVERIFY(!splitBatches(batch, &views));
            QCOMPARE(b.logs->append(QStringLiteral("big"), 0, views, 1000).error, ErrorCode::None);
        }
        QVERIFY(b.store->flush());
        QVERIFY(!b.gate->closed());

        QTcpSocket client;
        client.setReadBufferSize(64 * 1024);   // Qt reads no further; the kernel's buffers fill
        client.connectToHost(QHostAddress::LocalHost, b.server->port());
        QVERIFY(client.waitForConnected(5000));
        client.write(frame(qint16(ApiKey::Fetch), 4, 1, fetchBody(QStringLiteral("big"), 30 * 1000 * 1000)));
        QTRY_VERIFY_WITH_TIMEOUT(b.server->bufferedBytes() > Mark, 10000);
        // The watermark samples every 200 ms: the alarm closes the gate.
        QTRY_VERIFY_WITH_TIMEOUT(b.gate->closed(), 5000);
        QVERIFY2(b.gate->reason().contains(QStringLiteral("memory high-watermark")), qPrintable(b.gate->reason()));

        // The consumer reads: the bytes leave, the alarm clears.
        client.setReadBufferSize(0);
        qint64 read = 0;
        QObject::connect(&client, &QTcpSocket::readyRead, &client, [&] { read += client.readAll().size(); });
        read += client.readAll().size();
        QTRY_VERIFY_WITH_TIMEOUT(read > 24 * 1000 * 1000, 20000);
        QTRY_COMPARE_WITH_TIMEOUT(b.server->bufferedBytes(), quint64(0), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(!b.gate->closed(), 5000);
    }
};

QTEST_GUILESS_MAIN(TstKafkaGate)
#include "tst_kafkagate.moc"
