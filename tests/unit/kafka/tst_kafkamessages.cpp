// Request bodies and response bodies, field by field as Kafka's message
// definitions lay them out for the versions Depot answers.

#include "broker/kafka/codec/KafkaMessages.h"

#include <QTest>

using namespace depot::kafka;

class TstKafkaMessages final : public QObject
{
    Q_OBJECT

private slots:
    void apiVersionsV0AndV3()
    {
        QByteArray v0;
        encodeApiVersions(v0, 0, ErrorCode::UnsupportedVersion);
        wire::Reader r0(v0);
        QCOMPARE(r0.int16(), qint16(35));
        const qint32 count = r0.arrayLength(6);
        QCOMPARE(count, qint32(supportedApis().size()));
        for (qint32 i = 0; i < count; ++i) {
            QCOMPARE(r0.int16(), qint16(supportedApis()[i].key));
            r0.int16();
            r0.int16();
        }
        QVERIFY(r0.atEnd());   // v0: no throttle time

        QByteArray v3;
        encodeApiVersions(v3, 3, ErrorCode::None);
        wire::Reader r3(v3);
        QCOMPARE(r3.int16(), qint16(0));
        QCOMPARE(r3.compactArrayLength(7), qint32(supportedApis().size()));
        for (qsizetype i = 0; i < supportedApis().size(); ++i) {
            r3.int16();
            r3.int16();
            QCOMPARE(r3.int16(), supportedApis()[i].maxVersion);
            r3.skipTaggedFields();
        }
        QCOMPARE(r3.int32(), 0);   // throttle time
        r3.skipTaggedFields();
        QVERIFY(r3.atEnd() && !r3.failed());
    }

    void metadataTopicListsByVersion()
    {
        // v0: an empty list asks for every topic; v1+: null asks for every
        // topic and an empty list for none.
        const QByteArray v0Bytes = QByteArray::fromHex("00000000");
        wire::Reader v0(v0Bytes);
        QVERIFY(!decodeMetadata(v0, 0).topics);
        const QByteArray v1nullBytes = QByteArray::fromHex("ffffffff");
        wire::Reader v1null(v1nullBytes);
        QVERIFY(!decodeMetadata(v1null, 1).topics);
        const QByteArray v1emptyBytes = QByteArray::fromHex("00000000");
        wire::Reader v1empty(v1emptyBytes);
        QCOMPARE(decodeMetadata(v1empty, 1).topics, QStringList{});
        const QByteArray v4Bytes = QByteArray::fromHex("00000001" "0001" "74" "00");
        wire::Reader v4(v4Bytes);
        const MetadataRequest named = decodeMetadata(v4, 4);
        QCOMPARE(named.topics, QStringList{QStringLiteral("t")});
        QVERIFY(!named.allowAutoTopicCreation);
        QVERIFY(v4.atEnd() && !v4.failed());
    }

    void fetchAnswersEmptyRecordsNeverNull()
    {
        QList<FetchTopicResult> results{{QStringLiteral("t"), {FetchPartitionResult{0, ErrorCode::None, 5, 0, {}}}}};
        QByteArray body;
        encodeFetch(body, 11, ErrorCode::None, results);
        wire::Reader r(body);
        QCOMPARE(r.int32(), 0);        // throttle
        QCOMPARE(r.int16(), qint16(0)); // error
        QCOMPARE(r.int32(), 0);        // session id
        QCOMPARE(r.arrayLength(), 1);
        QCOMPARE(r.string(), QStringLiteral("t"));
        QCOMPARE(r.arrayLength(), 1);
        QCOMPARE(r.int32(), 0);         // partition
        QCOMPARE(r.int16(), qint16(0)); // error
        QCOMPARE(r.int64(), qint64(5)); // high watermark
        QCOMPARE(r.int64(), qint64(5)); // last stable offset
        QCOMPARE(r.int64(), qint64(0)); // log start offset
        QCOMPARE(r.arrayLength(), 0);   // aborted transactions
        QCOMPARE(r.int32(), -1);        // preferred read replica
        const std::optional<QByteArrayView> records = r.bytes(true);
        QVERIFY(records.has_value());   // present, empty: not null
        QCOMPARE(records->size(), 0);
        QVERIFY(r.atEnd());
    }

    void produceRequestPointsIntoItsRecords()
    {
        QByteArray request;
        wire::Writer w(request);
        w.string(QString());   // no transactional id
        w.int16(-1);
        w.int32(30000);
        w.arrayLength(1);
        w.string(QStringLiteral("orders"));
        w.arrayLength(2);
        w.int32(0);
        w.bytes(QByteArrayView("abc"));
        w.int32(1);
        w.bytes(std::nullopt);
        wire::Reader r(request);
        const ProduceRequest produce = decodeProduce(r, 7);
        QVERIFY(!r.failed() && r.atEnd());
        QCOMPARE(produce.acks, qint16(-1));
        QCOMPARE(produce.topics.size(), 1);
        QCOMPARE(produce.topics[0].partitions.size(), 2);
        QCOMPARE(produce.topics[0].partitions[0].records->toByteArray(), QByteArray("abc"));
        QVERIFY(!produce.topics[0].partitions[1].records);
    }

    // ProduceRequest.json: v0-v2 have no transactional id; the answer gains
    // the throttle time in v1 and the log append time in v2.
    void oldProduceVersions()
    {
        QByteArray request;
        wire::Writer w(request);
        w.int16(1);
        w.int32(1500);
        w.arrayLength(1);
        w.string(QStringLiteral("orders"));
        w.arrayLength(1);
        w.int32(3);
        w.bytes(QByteArrayView("set"));
        for (qint16 version : {0, 1, 2}) {
            wire::Reader r(request);
            const ProduceRequest produce = decodeProduce(r, version);
            QVERIFY(!r.failed() && r.atEnd());
            QVERIFY(produce.transactionalId.isNull());
            QCOMPARE(produce.acks, qint16(1));
            QCOMPARE(produce.timeoutMs, 1500);
            QCOMPARE(produce.topics[0].partitions[0].index, 3);
            QCOMPARE(produce.topics[0].partitions[0].records->toByteArray(), QByteArray("set"));
        }
        const QList<ProduceTopicResult> results{
            {QStringLiteral("t"), {ProducePartitionResult{2, ErrorCode::CorruptMessage, 41, 1700000000000, 7}}}};
        // topics[1] "t", partitions[1]: index 2, error 2, base offset 41
        const QByteArray v0 = QByteArray::fromHex("00000001" "000174" "00000001" "00000002" "0002" "0000000000000029");
        QByteArray out;
        encodeProduce(out, 0, results);
        QCOMPARE(out.toHex(), v0.toHex());
        out.clear();
        encodeProduce(out, 1, results);
        QCOMPARE(out.toHex(), QByteArray(v0 + QByteArray::fromHex("00000000")).toHex());   // throttle time
        out.clear();
        encodeProduce(out, 2, results);
        QCOMPARE(out.toHex(), QByteArray(v0 + QByteArray::fromHex("0000018bcfe56800" "00000000")).toHex());
    }

    void truncatedRequestsFailTheirDecoder()
    {
        const QByteArray rBytes = QByteArray::fromHex("ffff" "ffff" "00007530" "00000001" "0006" "6f72");
        wire::Reader r(rBytes);
        decodeProduce(r, 3);
        QVERIFY(r.failed());
        const QByteArray claimsBytes = QByteArray::fromHex("ffffffff" "00000064" "00000001" "7fffffff" "00");
        wire::Reader claims(claimsBytes);
        decodeFetch(claims, 4);
        QVERIFY(claims.failed());   // a topic count no bytes could hold
    }
};

QTEST_APPLESS_MAIN(TstKafkaMessages)
#include "tst_kafkamessages.moc"
