// Frames, request headers and the API table: what a client sees before any
// request is answered.

#include "broker/kafka/codec/KafkaProtocol.h"

#include <QTest>

using namespace depot::kafka;

class TstKafkaProtocol final : public QObject
{
    Q_OBJECT

private slots:
    void apiVersionsV3HeaderCarriesTaggedFields()
    {
        // What librdkafka sends first: ApiVersions v3, header v2 (client id
        // with the old INT16 length, then tagged fields), then the body.
        const QByteArray request = QByteArray::fromHex("0012" "0003" "00000001" "000772646b61666b61" "00"
                                                       "0b6c696272646b61666b61" "06322e302e32" "00");
        wire::Reader r(request);
        const RequestHeader h = readRequestHeader(r);
        QVERIFY2(!r.failed(), qPrintable(r.error()));
        QCOMPARE(h.apiKey, qint16(ApiKey::ApiVersions));
        QCOMPARE(h.apiVersion, qint16(3));
        QCOMPARE(h.correlationId, 1);
        QCOMPARE(h.clientId, QStringLiteral("rdkafka"));
        // The body starts right after the header's tagged fields.
        QCOMPARE(r.compactString(), QStringLiteral("librdkafka"));
        QCOMPARE(r.compactString(), QStringLiteral("2.0.2"));
    }

    void oldHeaderHasNoTaggedFields()
    {
        // Metadata v1: header v1; the byte after the client id is the body.
        const QByteArray request = QByteArray::fromHex("0003" "0001" "0000002a" "ffff" "ffffffff");
        wire::Reader r(request);
        const RequestHeader h = readRequestHeader(r);
        QCOMPARE(h.correlationId, 42);
        QVERIFY(h.clientId.isNull());
        QCOMPARE(r.arrayLength(), -1);   // all topics
        QVERIFY(r.atEnd() && !r.failed());
    }

    void unknownApiKeysStillYieldTheCorrelationId()
    {
        const QByteArray request = QByteArray::fromHex("7fff" "0000" "00000063" "0001" "78");
        wire::Reader r(request);
        const RequestHeader h = readRequestHeader(r);
        QVERIFY(!r.failed());
        QCOMPARE(h.correlationId, 99);
        QVERIFY(!findApi(h.apiKey));
        QCOMPARE(apiName(h.apiKey), QStringLiteral("API key 32767"));
    }

    void headerVersionsFollowTheFlexibleVersions()
    {
        const ApiSupport *apiVersions = findApi(qint16(ApiKey::ApiVersions));
        QVERIFY(apiVersions);
        QCOMPARE(requestHeaderVersion(*apiVersions, 3), 2);
        QCOMPARE(requestHeaderVersion(*apiVersions, 2), 1);
        // ApiVersions answers with header v0 even when flexible.
        QCOMPARE(responseHeaderVersion(*apiVersions, 3), 0);
        const ApiSupport *fetch = findApi(qint16(ApiKey::Fetch));
        QCOMPARE(responseHeaderVersion(*fetch, 11), 0);
        QCOMPARE(responseHeaderVersion(*fetch, 12), 1);
        QCOMPARE(requestHeaderVersion(*fetch, 11), 1);
    }

    void theTableListsWhatDepotAnswers()
    {
        // Keys ascending and unique; every range sane.
        qint16 last = -1;
        for (const ApiSupport &api : supportedApis()) {
            QVERIFY(qint16(api.key) > last);
            last = qint16(api.key);
            QVERIFY(api.minVersion <= api.maxVersion);
        }
        const ApiSupport *produce = findApi(qint16(ApiKey::Produce));
        // From v0: librdkafka 2.0.2 compresses gzip, snappy and lz4 only for
        // a broker whose Produce range includes v0.
        QCOMPARE(produce->minVersion, qint16(0));
        QCOMPARE(produce->maxVersion, qint16(7));
        // Only APIs with a handler.
        QCOMPARE(supportedApis().size(), 20);
        QVERIFY(findApi(qint16(ApiKey::FindCoordinator)));
        QVERIFY(findApi(qint16(ApiKey::DescribeGroups)));
        QVERIFY(findApi(qint16(ApiKey::ListGroups)));
        QVERIFY(findApi(qint16(ApiKey::InitProducerId)));
        const ApiSupport *describeConfigs = findApi(qint16(ApiKey::DescribeConfigs));
        QVERIFY(describeConfigs);
        QCOMPARE(describeConfigs->maxVersion, qint16(2));
        QVERIFY(!isFlexible(*describeConfigs, 2));
    }

    void responsesAreSizedAfterTheirBody()
    {
        QByteArray out("xx");   // something already queued on the connection
        const qsizetype start = beginResponse(out, 7, 1);
        wire::Writer w(out);
        w.int16(0);
        finishResponse(out, start);
        // size 7 = correlation id (4) + empty tagged fields (1) + body (2)
        QCOMPARE(out.toHex(), QByteArray("7878" "00000007" "00000007" "00" "0000"));
    }

    void framesArePeekedWithoutTrustingTheirSize()
    {
        QCOMPARE(peekFrame(QByteArray::fromHex("000000"), 100).status, FrameStatus::NeedMore);
        QCOMPARE(peekFrame(QByteArray::fromHex("00000002" "00"), 100).status, FrameStatus::NeedMore);
        const FrameSlice whole = peekFrame(QByteArray::fromHex("00000002" "0000" "ff"), 100);
        QCOMPARE(whole.status, FrameStatus::Complete);
        QCOMPARE(whole.size, 2);
        const FrameSlice huge = peekFrame(QByteArray::fromHex("7fffffff"), 100 * 1024 * 1024);
        QCOMPARE(huge.status, FrameStatus::Invalid);
        QCOMPARE(huge.size, 0x7fffffff);
        QCOMPARE(peekFrame(QByteArray::fromHex("ffffffff"), 100).status, FrameStatus::Invalid);
    }
};

QTEST_APPLESS_MAIN(TstKafkaProtocol)
#include "tst_kafkaprotocol.moc"
