// SqsProtocol: both wire protocols parsed into one request type, and the
// answers and errors rendered in each protocol's shape.

#include "broker/sqs/codec/SqsProtocol.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace depot::sqs;

namespace {

HttpRequest post(const QByteArray &contentType, const QByteArray &body, const QByteArray &target = {})
{
    HttpRequest r;
    r.method = "POST";
    r.target = r.path = "/";
    r.headers.append(qMakePair(QByteArray("host"), QByteArray("localhost:9324")));
    if (!contentType.isEmpty())
        r.headers.append(qMakePair(QByteArray("content-type"), contentType));
    if (!target.isEmpty())
        r.headers.append(qMakePair(QByteArray("x-amz-target"), target));
    r.body = body;
    return r;
}

} // namespace

class TestSqsProtocol final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void queryKeysBecomeTheJsonShape()
    {
        const QList<QPair<QString, QString>> pairs{
            {QStringLiteral("QueueName"), QStringLiteral("q")},
            {QStringLiteral("Attribute.2.Name"), QStringLiteral("VisibilityTimeout")},
            {QStringLiteral("Attribute.2.Value"), QStringLiteral("40")},
            {QStringLiteral("Attribute.1.Name"), QStringLiteral("DelaySeconds")},
            {QStringLiteral("Attribute.1.Value"), QStringLiteral("5")},
            {QStringLiteral("Tag.1.Key"), QStringLiteral("team")},
            {QStringLiteral("Tag.1.Value"), QStringLiteral("blue")},
        };
        const QJsonObject p = queryParamsToJson(QStringLiteral("CreateQueue"), pairs);
        QCOMPARE(p.value(QStringLiteral("QueueName")).toString(), QStringLiteral("q"));
        QCOMPARE(p.value(QStringLiteral("Attributes")).toObject(),
            (QJsonObject{{QStringLiteral("DelaySeconds"), QStringLiteral("5")},
                {QStringLiteral("VisibilityTimeout"), QStringLiteral("40")}}));
        QCOMPARE(p.value(QStringLiteral("tags")).toObject(),
            (QJsonObject{{QStringLiteral("team"), QStringLiteral("blue")}}));
    }

    void queryBatchEntriesAndNestedAttributes()
    {
        const QList<QPair<QString, QString>> pairs{
            {QStringLiteral("SendMessageBatchRequestEntry.10.Id"), QStringLiteral("b")},
            {QStringLiteral("SendMessageBatchRequestEntry.10.MessageBody"), QStringLiteral("two")},
            {QStringLiteral("SendMessageBatchRequestEntry.2.Id"), QStringLiteral("a")},
            {QStringLiteral("SendMessageBatchRequestEntry.2.MessageBody"), QStringLiteral("one")},
            {QStringLiteral("SendMessageBatchRequestEntry.2.MessageAttribute.1.Name"), QStringLiteral("n")},
            {QStringLiteral("SendMessageBatchRequestEntry.2.MessageAttribute.1.Value.DataType"),
                QStringLiteral("Number")},
            {QStringLiteral("SendMessageBatchRequestEntry.2.MessageAttribute.1.Value.StringValue"),
                QStringLiteral("7")},
            {QStringLiteral("AttributeName.1"), QStringLiteral("All")},
            {QStringLiteral("MessageAttributeName.1"), QStringLiteral("x.*")},
        };
        const QJsonObject p = queryParamsToJson(QStringLiteral("SendMessageBatch"), pairs);
        const QJsonArray entries = p.value(QStringLiteral("Entries")).toArray();
        QCOMPARE(entries.size(), 2);
        // Index order, not text order: 2 before 10.
        QCOMPARE(entries[0].toObject().value(QStringLiteral("Id")).toString(), QStringLiteral("a"));
        QCOMPARE(entries[1].toObject().value(QStringLiteral("Id")).toString(), QStringLiteral("b"));
        const QJsonObject attribute = entries[0]
                                          .toObject()
                                          .value(QStringLiteral("MessageAttributes"))
                                          .toObject()
                                          .value(QStringLiteral("n"))
                                          .toObject();
        QCOMPARE(attribute,
            (QJsonObject{{QStringLiteral("DataType"), QStringLiteral("Number")},
                {QStringLiteral("StringValue"), QStringLiteral("7")}}));
        QCOMPARE(p.value(QStringLiteral("AttributeNames")).toArray(), (QJsonArray{QStringLiteral("All")}));
        QCOMPARE(p.value(QStringLiteral("MessageAttributeNames")).toArray(), (QJsonArray{QStringLiteral("x.*")}));
    }

    // An empty list or map in the query protocol is its bare name with no
    // value (botocore sends "Entries=" for []).
    void queryEmptyListsAndMaps()
    {
        const QJsonObject p = queryParamsToJson(QStringLiteral("SendMessageBatch"),
            {{QStringLiteral("Entries"), QString()}, {QStringLiteral("AttributeName"), QString()},
                {QStringLiteral("Attribute"), QString()}, {QStringLiteral("QueueUrl"), QString()}});
        QCOMPARE(p.value(QStringLiteral("Entries")), QJsonValue(QJsonArray()));
        QCOMPARE(p.value(QStringLiteral("AttributeNames")), QJsonValue(QJsonArray()));
        QCOMPARE(p.value(QStringLiteral("Attributes")), QJsonValue(QJsonObject()));
        QCOMPARE(p.value(QStringLiteral("QueueUrl")), QJsonValue(QString()));
    }

    void theProtocolIsChosenPerRequest()
    {
        const ParsedRequest json
            = parseSqsRequest(post("application/x-amz-json-1.0", R"({"QueueName":"q"})", "AmazonSQS.GetQueueUrl"));
        QVERIFY(!json.error);
        QCOMPARE(json.request.protocol, Protocol::Json);
        QCOMPARE(json.request.action, QStringLiteral("GetQueueUrl"));
        QCOMPARE(json.request.params.value(QStringLiteral("QueueName")).toString(), QStringLiteral("q"));

        const ParsedRequest query
            = parseSqsRequest(post("application/x-www-form-urlencoded", "Action=GetQueueUrl&QueueName=q"));
        QVERIFY(!query.error);
        QCOMPARE(query.request.protocol, Protocol::Query);
        QCOMPARE(query.request.action, QStringLiteral("GetQueueUrl"));
        QCOMPARE(query.request.host, QByteArray("localhost:9324"));

        HttpRequest get;
        get.method = "GET";
        get.path = "/000000000000/q";
        get.query = "Action=ReceiveMessage&WaitTimeSeconds=1";
        const ParsedRequest viaGet = parseSqsRequest(get);
        QVERIFY(!viaGet.error);
        QCOMPARE(viaGet.request.action, QStringLiteral("ReceiveMessage"));
        QCOMPARE(viaGet.request.path, QStringLiteral("/000000000000/q"));
    }

    void theSignatureScopeGivesTheRegion()
    {
        HttpRequest r = post("application/x-amz-json-1.0", "{}", "AmazonSQS.ListQueues");
        r.headers.append(qMakePair(QByteArray("authorization"),
            QByteArray("AWS4-HMAC-SHA256 Credential=alice/20240101/eu-west-1/sqs/aws4_request, "
                       "SignedHeaders=host, Signature=abc")));
        const ParsedRequest parsed = parseSqsRequest(r);
        QCOMPARE(parsed.request.region, QStringLiteral("eu-west-1"));
        QCOMPARE(parsed.request.accessKey, QStringLiteral("alice"));
    }

    void badRequestsGetTheirProtocolsErrors_data()
    {
        QTest::addColumn<QByteArray>("contentType");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArray>("target");
        QTest::addColumn<int>("protocol");
        QTest::addColumn<QString>("code");
        QTest::newRow("malformed json") << QByteArray("application/x-amz-json-1.0") << QByteArray("{\"a\":")
                                        << QByteArray("AmazonSQS.ListQueues") << int(Protocol::Json)
                                        << QStringLiteral("com.amazon.coral.service#SerializationException");
        QTest::newRow("json array") << QByteArray("application/x-amz-json-1.0") << QByteArray("[]")
                                    << QByteArray("AmazonSQS.ListQueues") << int(Protocol::Json)
                                    << QStringLiteral("com.amazon.coral.service#SerializationException");
        QTest::newRow("unknown target") << QByteArray("application/x-amz-json-1.0") << QByteArray("{}")
                                        << QByteArray("AmazonSQS.Explode") << int(Protocol::Json)
                                        << QStringLiteral("com.amazon.coral.service#UnknownOperationException");
        QTest::newRow("other service") << QByteArray("application/x-amz-json-1.0") << QByteArray("{}")
                                       << QByteArray("DynamoDB_20120810.ListTables") << int(Protocol::Json)
                                       << QStringLiteral("com.amazon.coral.service#UnknownOperationException");
        QTest::newRow("no target") << QByteArray("application/x-amz-json-1.0") << QByteArray("{}") << QByteArray()
                                   << int(Protocol::Json)
                                   << QStringLiteral("com.amazon.coral.service#UnknownOperationException");
        QTest::newRow("unknown action") << QByteArray("application/x-www-form-urlencoded")
                                        << QByteArray("Action=Explode") << QByteArray() << int(Protocol::Query)
                                        << QStringLiteral("InvalidAction");
        QTest::newRow("no action") << QByteArray("application/x-www-form-urlencoded") << QByteArray("QueueName=q")
                                   << QByteArray() << int(Protocol::Query) << QStringLiteral("MissingAction");
        QTest::newRow("wrong content type")
            << QByteArray("text/plain") << QByteArray("Action=ListQueues") << QByteArray("AmazonSQS.ListQueues")
            << int(Protocol::Query) << QStringLiteral("MissingAction");
    }
    void badRequestsGetTheirProtocolsErrors()
    {
        QFETCH(QByteArray, contentType);
        QFETCH(QByteArray, body);
        QFETCH(QByteArray, target);
        QFETCH(int, protocol);
        QFETCH(QString, code);
        const ParsedRequest parsed = parseSqsRequest(post(contentType, body, target));
        QVERIFY(parsed.error);
        QCOMPARE(int(parsed.request.protocol), protocol);
        QCOMPARE(protocol == int(Protocol::Json) ? parsed.error->jsonType() : parsed.error->queryCode(), code);
        QCOMPARE(parsed.error->httpStatus(), 400);
    }

    void queryAnswersAreAwsXml()
    {
        const QJsonObject result{
            {QStringLiteral("Attributes"), QJsonObject{{QStringLiteral("VisibilityTimeout"), QStringLiteral("30")}}},
        };
        const QByteArray body = queryResponseBody(QStringLiteral("GetQueueAttributes"), result, "req-1");
        QCOMPARE(body,
            QByteArray(
                "<?xml version=\"1.0\"?><GetQueueAttributesResponse "
                "xmlns=\"http://queue.amazonaws.com/doc/2012-11-05/\">"
                "<GetQueueAttributesResult><Attribute><Name>VisibilityTimeout</Name><Value>30</Value></Attribute>"
                "</GetQueueAttributesResult><ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata>"
                "</GetQueueAttributesResponse>"));
        // No result element for actions without an output shape.
        QCOMPARE(queryResponseBody(QStringLiteral("DeleteQueue"), {}, "r"),
            QByteArray(
                "<?xml version=\"1.0\"?><DeleteQueueResponse xmlns=\"http://queue.amazonaws.com/doc/2012-11-05/\">"
                "<ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></DeleteQueueResponse>"));
        const QJsonObject batch{
            {QStringLiteral("Successful"), QJsonArray{QJsonObject{{QStringLiteral("Id"), QStringLiteral("a")}}}},
            {QStringLiteral("Failed"),
                QJsonArray{
                    QJsonObject{{QStringLiteral("Id"), QStringLiteral("b")}, {QStringLiteral("SenderFault"), true}}}},
        };
        const QByteArray batchBody = queryResponseBody(QStringLiteral("DeleteMessageBatch"), batch, "r");
        QVERIFY(batchBody.contains("<DeleteMessageBatchResultEntry><Id>a</Id></DeleteMessageBatchResultEntry>"));
        QVERIFY(batchBody.contains(
            "<BatchResultErrorEntry><Id>b</Id><SenderFault>true</SenderFault></BatchResultErrorEntry>"));
        QCOMPARE(xmlEscape(QStringLiteral("<a&\"b'\r>")), QStringLiteral("&lt;a&amp;&quot;b&apos;&#xD;&gt;"));
        // What XML cannot carry (found by fuzz_sqs_request: a NUL echoed back).
        const QString smile = QString::fromUtf8("\xF0\x9F\x98\x80");
        const QString in = QStringLiteral("a") + QChar(0) + QStringLiteral("b") + QChar(1) + QStringLiteral("\tc")
            + QChar(0xFFFE) + smile;
        const QString want = QStringLiteral("a") + QChar(0xFFFD) + QStringLiteral("b") + QChar(0xFFFD)
            + QStringLiteral("\tc") + QChar(0xFFFD) + smile;
        QCOMPARE(xmlEscape(in), want);
        QCOMPARE(xmlEscape(QString(QChar(0xD800))), QString(QChar(0xFFFD)));
    }

    void errorsInEachShape()
    {
        const SqsError error = sqsError(ErrorCode::QueueDoesNotExist);
        const QByteArray json = renderError(Protocol::Json, error, "rid", true);
        QVERIFY(json.startsWith("HTTP/1.1 400 Bad Request\r\n"));
        QVERIFY(json.contains("x-amzn-query-error: AWS.SimpleQueueService.NonExistentQueue;Sender\r\n"));
        QVERIFY(json.contains("Content-Type: application/x-amz-json-1.0\r\n"));
        const QByteArray jsonBody = json.mid(json.indexOf("\r\n\r\n") + 4);
        QCOMPARE(QJsonDocument::fromJson(jsonBody).object(),
            (QJsonObject{{QStringLiteral("__type"), QStringLiteral("com.amazonaws.sqs#QueueDoesNotExist")},
                {QStringLiteral("message"), QStringLiteral("The specified queue does not exist.")}}));
        const QByteArray xml = renderError(Protocol::Query, error, "rid", false);
        QVERIFY(xml.contains("Connection: close\r\n"));
        QVERIFY(xml.endsWith(
            "<ErrorResponse xmlns=\"http://queue.amazonaws.com/doc/2012-11-05/\"><Error><Type>Sender</Type>"
            "<Code>AWS.SimpleQueueService.NonExistentQueue</Code><Message>The specified queue does not exist."
            "</Message><Detail/></Error><RequestId>rid</RequestId></ErrorResponse>"));
        QCOMPARE(sqsError(ErrorCode::QueueNameExists).queryCode(), QStringLiteral("QueueAlreadyExists"));
        QCOMPARE(sqsError(ErrorCode::PurgeQueueInProgress).httpStatus(), 403);
        QCOMPARE(sqsError(ErrorCode::ServiceUnavailable).senderFault(), false);
    }
};

QTEST_GUILESS_MAIN(TestSqsProtocol)
#include "tst_sqsprotocol.moc"
