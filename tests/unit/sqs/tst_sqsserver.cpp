// The SQS listener end to end, in process: hand-made HTTP requests in both
// protocols over a real loopback connection, answers checked key for key.

#include "SqsTestSupport.h"
#include "broker/sqs/codec/SqsMessageAttributes.h"

#include <QJsonArray>

using namespace depot;
using namespace depot::test;

static const QString kUrl = QStringLiteral("http://localhost:9324/000000000000/");

static QString url(const char *name)
{
    return kUrl + QLatin1String(name);
}

namespace {

QString str(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toString();
}

// Queue names, their ready counts and their arguments: to show a refused
// request changed nothing.
QString fingerprint(const Engine &engine)
{
    QStringList parts;
    for (const QueueInfo &q : engine.queues())
        parts << QStringLiteral("%1:%2:%3:%4")
                     .arg(q.def.name)
                     .arg(q.ready)
                     .arg(q.unacked)
                     .arg(QString::fromUtf8(
                         QJsonDocument(QJsonObject::fromVariantMap(q.def.arguments)).toJson(QJsonDocument::Compact)));
    return parts.join(QLatin1Char('|'));
}

// The requests most tests make, and what they read from the answers.
SqsReply createQueue(SqsFixture &f, const QString &name, const QJsonObject &attributes = {})
{
    QJsonObject params{{QStringLiteral("QueueName"), name}};
    if (!attributes.isEmpty())
        params.insert(QStringLiteral("Attributes"), attributes);
    return f.client->json(QStringLiteral("CreateQueue"), params);
}

SqsReply sendMessage(SqsFixture &f, const QString &queue, const QString &body)
{
    return f.client->json(
        QStringLiteral("SendMessage"), {{QStringLiteral("QueueUrl"), queue}, {QStringLiteral("MessageBody"), body}});
}

QJsonArray messagesOf(const SqsReply &reply)
{
    return reply.json().value(QStringLiteral("Messages")).toArray();
}

// The newest move task of a dead-letter queue (ListMessageMoveTasks).
QJsonObject firstMoveTask(SqsFixture &f, const QString &sourceArn)
{
    return f.client->json(QStringLiteral("ListMessageMoveTasks"), {{QStringLiteral("SourceArn"), sourceArn}})
        .json()
        .value(QStringLiteral("Results"))
        .toArray()
        .at(0)
        .toObject();
}

} // namespace

class TestSqsServer final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void createGetAndListQueues()
    {
        SqsFixture f;
        QVERIFY(f.listening);
        SqsReply r = createQueue(f, QStringLiteral("orders"));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.headers.value("content-type"), QByteArray("application/x-amz-json-1.0"));
        QVERIFY(!r.headers.value("x-amzn-requestid").isEmpty());
        QCOMPARE(r.json(), (QJsonObject{{QStringLiteral("QueueUrl"), url("orders")}}));
        QVERIFY(f.engine->queue(QStringLiteral("orders")));
        QVERIFY(f.engine->queue(QStringLiteral("orders"))->def.durable);

        r = f.client->query(QStringLiteral("CreateQueue"), {{QStringLiteral("QueueName"), QStringLiteral("other")}});
        QCOMPARE(r.status, 200);
        QCOMPARE(r.headers.value("content-type"), QByteArray("text/xml"));
        QCOMPARE(r.x(QStringLiteral("CreateQueueResponse/CreateQueueResult/QueueUrl")), url("other"));
        QVERIFY(!r.x(QStringLiteral("CreateQueueResponse/ResponseMetadata/RequestId")).isEmpty());

        r = f.client->json(QStringLiteral("GetQueueUrl"), {{QStringLiteral("QueueName"), QStringLiteral("orders")}});
        QCOMPARE(r.json(), (QJsonObject{{QStringLiteral("QueueUrl"), url("orders")}}));
        r = f.client->json(QStringLiteral("GetQueueUrl"), {{QStringLiteral("QueueName"), QStringLiteral("nope")}});
        QCOMPARE(r.status, 400);
        QCOMPARE(r.headers.value("x-amzn-query-error"), QByteArray("AWS.SimpleQueueService.NonExistentQueue;Sender"));
        QCOMPARE(str(r.json(), "__type"), QStringLiteral("com.amazonaws.sqs#QueueDoesNotExist"));

        r = f.client->json(QStringLiteral("ListQueues"), {});
        QCOMPARE(r.json(), (QJsonObject{{QStringLiteral("QueueUrls"), QJsonArray{url("orders"), url("other")}}}));
        r = f.client->json(QStringLiteral("ListQueues"), {{QStringLiteral("QueueNamePrefix"), QStringLiteral("ord")}});
        QCOMPARE(r.json(), (QJsonObject{{QStringLiteral("QueueUrls"), QJsonArray{url("orders")}}}));
        r = f.client->json(QStringLiteral("ListQueues"), {{QStringLiteral("QueueNamePrefix"), QStringLiteral("zzz")}});
        QCOMPARE(r.json(), QJsonObject()); // nothing in it: left out

        // Pages.
        r = f.client->json(QStringLiteral("ListQueues"), {{QStringLiteral("MaxResults"), 1}});
        QCOMPARE(r.json().value(QStringLiteral("QueueUrls")).toArray(), (QJsonArray{url("orders")}));
        const QString token = str(r.json(), "NextToken");
        QVERIFY(!token.isEmpty());
        r = f.client->json(
            QStringLiteral("ListQueues"), {{QStringLiteral("MaxResults"), 1}, {QStringLiteral("NextToken"), token}});
        QCOMPARE(r.json(), (QJsonObject{{QStringLiteral("QueueUrls"), QJsonArray{url("other")}}}));
        r = f.client->query(QStringLiteral("ListQueues"), {});
        QCOMPARE(r.xml().values(QStringLiteral("ListQueuesResponse/ListQueuesResult/QueueUrl")).size(), 2);
        r = f.client->json(QStringLiteral("ListQueues"), {{QStringLiteral("MaxResults"), 0}});
        QCOMPARE(r.headers.value("x-amzn-query-error"), QByteArray("InvalidParameterValue;Sender"));

        // Bad names.
        r = createQueue(f, QStringLiteral("bad name"));
        QCOMPARE(r.headers.value("x-amzn-query-error"), QByteArray("InvalidParameterValue;Sender"));
        r = f.client->json(
            QStringLiteral("CreateQueue"), {{QStringLiteral("QueueName"), QString(81, QLatin1Char('a'))}});
        QCOMPARE(r.headers.value("x-amzn-query-error"), QByteArray("InvalidParameterValue;Sender"));
        r = f.client->json(QStringLiteral("CreateQueue"), {});
        QCOMPARE(r.headers.value("x-amzn-query-error"), QByteArray("MissingParameter;Sender"));
        QCOMPARE(f.engine->queues().size(), 2);
    }

    void sameNameWithOtherAttributesIsRefused()
    {
        SqsFixture f;
        const QJsonObject create{{QStringLiteral("QueueName"), QStringLiteral("q")},
            {QStringLiteral("Attributes"), QJsonObject{{QStringLiteral("VisibilityTimeout"), QStringLiteral("40")}}}};
        QCOMPARE(f.client->json(QStringLiteral("CreateQueue"), create).status, 200);
        QCOMPARE(f.client->json(QStringLiteral("CreateQueue"), create).status, 200);
        QCOMPARE(createQueue(f, QStringLiteral("q")).status, 200);
        const QString before = fingerprint(*f.engine);
        SqsReply r = createQueue(
            f, QStringLiteral("q"), QJsonObject{{QStringLiteral("VisibilityTimeout"), QStringLiteral("41")}});
        QCOMPARE(r.status, 400);
        QCOMPARE(r.headers.value("x-amzn-query-error"), QByteArray("QueueAlreadyExists;Sender"));
        QCOMPARE(str(r.json(), "__type"), QStringLiteral("com.amazonaws.sqs#QueueNameExists"));
        r = f.client->query(QStringLiteral("CreateQueue"),
            {{QStringLiteral("QueueName"), QStringLiteral("q")},
                {QStringLiteral("Attribute.1.Name"), QStringLiteral("VisibilityTimeout")},
                {QStringLiteral("Attribute.1.Value"), QStringLiteral("42")}});
        QCOMPARE(r.status, 400);
        QCOMPARE(r.x(QStringLiteral("ErrorResponse/Error/Code")), QStringLiteral("QueueAlreadyExists"));
        QCOMPARE(r.x(QStringLiteral("ErrorResponse/Error/Type")), QStringLiteral("Sender"));
        QCOMPARE(fingerprint(*f.engine), before);
    }

    void queueAttributes()
    {
        SqsFixture f;
        SqsReply r = createQueue(f, QStringLiteral("q"),
            QJsonObject{{QStringLiteral("DelaySeconds"), QStringLiteral("3")},
                {QStringLiteral("MessageRetentionPeriod"), QStringLiteral("600")}});
        QCOMPARE(r.status, 200);
        const QVariantMap args = f.engine->queue(QStringLiteral("q"))->def.arguments;
        QCOMPARE(args.value(QStringLiteral("x-default-delay")).toLongLong(), 3000);
        QCOMPARE(args.value(QStringLiteral("x-message-retention")).toLongLong(), 600000);

        r = f.client->json(QStringLiteral("GetQueueAttributes"),
            {{QStringLiteral("QueueUrl"), url("q")},
                {QStringLiteral("AttributeNames"), QJsonArray{QStringLiteral("All")}}});
        QCOMPARE(r.status, 200);
        QJsonObject a = r.json().value(QStringLiteral("Attributes")).toObject();
        const QString created = str(a, "CreatedTimestamp");
        QVERIFY(created.toLongLong() > 1600000000);
        QCOMPARE(str(a, "LastModifiedTimestamp"), created);
        a.remove(QStringLiteral("CreatedTimestamp"));
        a.remove(QStringLiteral("LastModifiedTimestamp"));
        QCOMPARE(a,
            (QJsonObject{
                {QStringLiteral("ApproximateNumberOfMessages"), QStringLiteral("0")},
                {QStringLiteral("ApproximateNumberOfMessagesDelayed"), QStringLiteral("0")},
                {QStringLiteral("ApproximateNumberOfMessagesNotVisible"), QStringLiteral("0")},
                {QStringLiteral("DelaySeconds"), QStringLiteral("3")},
                {QStringLiteral("MaximumMessageSize"), QStringLiteral("1048576")},
                {QStringLiteral("MessageRetentionPeriod"), QStringLiteral("600")},
                {QStringLiteral("QueueArn"), QStringLiteral("arn:aws:sqs:us-east-1:000000000000:q")},
                {QStringLiteral("ReceiveMessageWaitTimeSeconds"), QStringLiteral("0")},
                {QStringLiteral("VisibilityTimeout"), QStringLiteral("30")},
                {QStringLiteral("SqsManagedSseEnabled"), QStringLiteral("true")},
            }));
        // No names: no attributes. One name: that one. In the query protocol too.
        r = f.client->json(QStringLiteral("GetQueueAttributes"), {{QStringLiteral("QueueUrl"), url("q")}});
        QCOMPARE(r.json(), QJsonObject());
        r = f.client->query(QStringLiteral("GetQueueAttributes"),
            {{QStringLiteral("QueueUrl"), url("q")},
                {QStringLiteral("AttributeName.1"), QStringLiteral("DelaySeconds")}});
        const auto xml = r.xml();
        QCOMPARE(xml.values(QStringLiteral("GetQueueAttributesResponse/GetQueueAttributesResult/Attribute/Name")),
            QStringList{QStringLiteral("DelaySeconds")});
        QCOMPARE(xml.value(QStringLiteral("GetQueueAttributesResponse/GetQueueAttributesResult/Attribute/Value")),
            QStringLiteral("3"));

        // Set, then read back.
        r = f.client->json(QStringLiteral("SetQueueAttributes"),
            {{QStringLiteral("QueueUrl"), url("q")},
                {QStringLiteral("Attributes"),
                    QJsonObject{{QStringLiteral("VisibilityTimeout"), QStringLiteral("5")},
                        {QStringLiteral("Policy"), QStringLiteral("{ \"Version\" : \"2012-10-17\" }")}}}});
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json(), QJsonObject());
        // Stored with the queue.
        QCOMPARE(f.engine->queue(QStringLiteral("q"))
                     ->def.arguments.value(QStringLiteral("x-sqs-attr-VisibilityTimeout"))
                     .toString(),
            QStringLiteral("5"));
        r = f.client->json(QStringLiteral("GetQueueAttributes"),
            {{QStringLiteral("QueueUrl"), url("q")},
                {QStringLiteral("AttributeNames"),
                    QJsonArray{QStringLiteral("VisibilityTimeout"), QStringLiteral("Policy")}}});
        QCOMPARE(r.json().value(QStringLiteral("Attributes")).toObject(),
            (QJsonObject{{QStringLiteral("VisibilityTimeout"), QStringLiteral("5")},
                {QStringLiteral("Policy"), QStringLiteral("{\"Version\":\"2012-10-17\"}")}}));
    }

    void badQueueAttributesChangeNothing_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QByteArray>("code");
        QTest::newRow("delay high") << QStringLiteral("DelaySeconds") << QStringLiteral("901")
                                    << QByteArray("InvalidAttributeValue");
        QTest::newRow("delay text") << QStringLiteral("DelaySeconds") << QStringLiteral("x")
                                    << QByteArray("InvalidAttributeValue");
        QTest::newRow("size low") << QStringLiteral("MaximumMessageSize") << QStringLiteral("1023")
                                  << QByteArray("InvalidAttributeValue");
        QTest::newRow("retention low") << QStringLiteral("MessageRetentionPeriod") << QStringLiteral("59")
                                       << QByteArray("InvalidAttributeValue");
        QTest::newRow("wait high") << QStringLiteral("ReceiveMessageWaitTimeSeconds") << QStringLiteral("21")
                                   << QByteArray("InvalidAttributeValue");
        QTest::newRow("visibility high") << QStringLiteral("VisibilityTimeout") << QStringLiteral("43201")
                                         << QByteArray("InvalidAttributeValue");
        QTest::newRow("policy") << QStringLiteral("Policy") << QStringLiteral("{nope")
                                << QByteArray("InvalidAttributeValue");
        QTest::newRow("redrive count")
            << QStringLiteral("RedrivePolicy")
            << QStringLiteral(R"({"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:dlq","maxReceiveCount":0})")
            << QByteArray("InvalidAttributeValue");
        QTest::newRow("redrive target")
            << QStringLiteral("RedrivePolicy")
            << QStringLiteral(
                   R"({"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:none","maxReceiveCount":3})")
            << QByteArray("InvalidParameterValue");
        QTest::newRow("read-only") << QStringLiteral("QueueArn") << QStringLiteral("x")
                                   << QByteArray("InvalidAttributeName");
        QTest::newRow("unknown") << QStringLiteral("Colour") << QStringLiteral("x")
                                 << QByteArray("InvalidAttributeName");
        QTest::newRow("fifo-only") << QStringLiteral("ContentBasedDeduplication") << QStringLiteral("true")
                                   << QByteArray("InvalidAttributeName");
        QTest::newRow("fifo flag") << QStringLiteral("FifoQueue") << QStringLiteral("true")
                                   << QByteArray("InvalidAttributeValue");
    }
    void badQueueAttributesChangeNothing()
    {
        QFETCH(QString, name);
        QFETCH(QString, value);
        QFETCH(QByteArray, code);
        SqsFixture f;
        QCOMPARE(createQueue(f, QStringLiteral("q")).status, 200);
        QCOMPARE(createQueue(f, QStringLiteral("dlq")).status, 200);
        const QString before = fingerprint(*f.engine);
        SqsReply r = f.client->json(QStringLiteral("SetQueueAttributes"),
            {{QStringLiteral("QueueUrl"), url("q")}, {QStringLiteral("Attributes"), QJsonObject{{name, value}}}});
        QCOMPARE(r.status, 400);
        QCOMPARE(r.headers.value("x-amzn-query-error"), code + ";Sender");
        r = f.client->json(QStringLiteral("GetQueueAttributes"),
            {{QStringLiteral("QueueUrl"), url("q")},
                {QStringLiteral("AttributeNames"), QJsonArray{QStringLiteral("All")}}});
        QCOMPARE(r.status, 200);
        QVERIFY(!r.json().value(QStringLiteral("Attributes")).toObject().contains(name)
            || str(r.json().value(QStringLiteral("Attributes")).toObject(), name.toLatin1().constData()) != value);
        // The same through CreateQueue: no queue made.
        r = createQueue(f, QStringLiteral("fresh"), QJsonObject{{name, value}});
        QCOMPARE(r.status, 400);
        QCOMPARE(fingerprint(*f.engine), before);
    }

    void sendReceiveDeleteJson()
    {
        SqsFixture f;
        QCOMPARE(createQueue(f, QStringLiteral("q")).status, 200);
        const QString url = ::url("q");
        SqsReply r = f.client->json(QStringLiteral("SendMessage"),
            {{QStringLiteral("QueueUrl"), url}, {QStringLiteral("MessageBody"), QStringLiteral("hello")},
                {QStringLiteral("MessageAttributes"),
                    QJsonObject{{QStringLiteral("SellerName"),
                        QJsonObject{{QStringLiteral("DataType"), QStringLiteral("String")},
                            {QStringLiteral("StringValue"), QStringLiteral("Example Store")}}}}},
                {QStringLiteral("MessageSystemAttributes"),
                    QJsonObject{{QStringLiteral("AWSTraceHeader"),
                        QJsonObject{{QStringLiteral("DataType"), QStringLiteral("String")},
                            {QStringLiteral("StringValue"), QStringLiteral("Root=1-x")}}}}}});
        QCOMPARE(r.status, 200);
        QJsonObject sent = r.json();
        const QString id = str(sent, "MessageId");
        QCOMPARE(id.size(), 36);
        QCOMPARE(str(sent, "MD5OfMessageBody"), QStringLiteral("5d41402abc4b2a76b9719d911017c592"));
        QCOMPARE(str(sent, "MD5OfMessageAttributes"), QStringLiteral("cd28f3b68aeee4b2eac9c66f2f694b58"));
        QVERIFY(!str(sent, "MD5OfMessageSystemAttributes").isEmpty());
        QCOMPARE(sent.size(), 4);
        QCOMPARE(f.engine->queue(QStringLiteral("q"))->ready, 1u);

        r = f.client->json(QStringLiteral("ReceiveMessage"),
            {{QStringLiteral("QueueUrl"), url},
                {QStringLiteral("MessageSystemAttributeNames"), QJsonArray{QStringLiteral("All")}},
                {QStringLiteral("MessageAttributeNames"), QJsonArray{QStringLiteral("SellerName")}}});
        QCOMPARE(r.status, 200);
        const QJsonArray messages = messagesOf(r);
        QCOMPARE(messages.size(), 1);
        const QJsonObject m = messages[0].toObject();
        QCOMPARE(str(m, "MessageId"), id);
        QCOMPARE(str(m, "Body"), QStringLiteral("hello"));
        QCOMPARE(str(m, "MD5OfBody"), QStringLiteral("5d41402abc4b2a76b9719d911017c592"));
        QCOMPARE(str(m, "MD5OfMessageAttributes"), QStringLiteral("cd28f3b68aeee4b2eac9c66f2f694b58"));
        QCOMPARE(m.value(QStringLiteral("MessageAttributes")).toObject(),
            (QJsonObject{{QStringLiteral("SellerName"),
                QJsonObject{{QStringLiteral("DataType"), QStringLiteral("String")},
                    {QStringLiteral("StringValue"), QStringLiteral("Example Store")}}}}));
        const QJsonObject system = m.value(QStringLiteral("Attributes")).toObject();
        QCOMPARE(str(system, "ApproximateReceiveCount"), QStringLiteral("1"));
        QCOMPARE(str(system, "AWSTraceHeader"), QStringLiteral("Root=1-x"));
        QCOMPARE(str(system, "SenderId"), QStringLiteral("000000000000"));
        QVERIFY(str(system, "SentTimestamp").toLongLong() > 1600000000000);
        QVERIFY(
            str(system, "ApproximateFirstReceiveTimestamp").toLongLong() >= str(system, "SentTimestamp").toLongLong());
        const QString handle = str(m, "ReceiptHandle");
        QVERIFY(!handle.isEmpty());
        QCOMPARE(f.engine->queue(QStringLiteral("q"))->unacked, 1u);

        // Nothing left to receive; only what was asked for comes back.
        r = f.client->json(QStringLiteral("ReceiveMessage"), {{QStringLiteral("QueueUrl"), url}});
        QCOMPARE(r.json(), QJsonObject());

        r = f.client->json(QStringLiteral("DeleteMessage"),
            {{QStringLiteral("QueueUrl"), url}, {QStringLiteral("ReceiptHandle"), handle}});
        QCOMPARE(r.status, 200);
        QCOMPARE(f.engine->queue(QStringLiteral("q"))->unacked, 0u);
        QCOMPARE(f.engine->queue(QStringLiteral("q"))->ready, 0u);
        // A handle whose message is gone deletes nothing and succeeds, as AWS.
        r = f.client->json(QStringLiteral("DeleteMessage"),
            {{QStringLiteral("QueueUrl"), url}, {QStringLiteral("ReceiptHandle"), handle}});
        QCOMPARE(r.status, 200);
        // A handle that is not one is refused.
        r = f.client->json(QStringLiteral("DeleteMessage"),
            {{QStringLiteral("QueueUrl"), url}, {QStringLiteral("ReceiptHandle"), QStringLiteral("garbage!")}});
        // 404 in both protocols (the model's httpError and awsQueryError).
        QCOMPARE(r.status, 404);
        QCOMPARE(r.headers.value("x-amzn-query-error"), QByteArray("ReceiptHandleIsInvalid;Sender"));
        QCOMPARE(str(r.json(), "__type"), QStringLiteral("com.amazonaws.sqs#ReceiptHandleIsInvalid"));
        r = f.client->query(QStringLiteral("ChangeMessageVisibility"),
            {{QStringLiteral("QueueUrl"), url}, {QStringLiteral("ReceiptHandle"), QStringLiteral("garbage!")},
                {QStringLiteral("VisibilityTimeout"), QStringLiteral("5")}});
        QCOMPARE(r.status, 404);
        QCOMPARE(r.x(QStringLiteral("ErrorResponse/Error/Code")), QStringLiteral("ReceiptHandleIsInvalid"));
    }

    // "prefix.*" names the attributes whose names start with "prefix.".
    void attributeNamePrefixes()
    {
        SqsFixture f;
        QCOMPARE(createQueue(f, QStringLiteral("q")).status, 200);
        const auto attribute = [](const char *value) {
            return QJsonObject{{QStringLiteral("DataType"), QStringLiteral("String")},
                {QStringLiteral("StringValue"), QLatin1String(value)}};
        };
        QCOMPARE(f.client
                     ->json(QStringLiteral("SendMessage"),
                         {{QStringLiteral("QueueUrl"), QStringLiteral("q")},
                             {QStringLiteral("MessageBody"), QStringLiteral("x")},
                             {QStringLiteral("MessageAttributes"),
                                 QJsonObject{{QStringLiteral("seller.name"), attribute("a")},
                                     {QStringLiteral("seller.id"), attribute("b")},
                                     {QStringLiteral("sellerx"), attribute("c")}}}})
                     .status,
            200);
        const SqsReply r = f.client->json(QStringLiteral("ReceiveMessage"),
            {{QStringLiteral("QueueUrl"), QStringLiteral("q")},
                {QStringLiteral("MessageAttributeNames"), QJsonArray{QStringLiteral("seller.*")}}});
        const QJsonObject m = messagesOf(r).at(0).toObject();
        QCOMPARE(m.value(QStringLiteral("MessageAttributes")).toObject().keys(),
            (QStringList{QStringLiteral("seller.id"), QStringLiteral("seller.name")}));
        sqs::MessageAttributes expected;
        expected.insert(QStringLiteral("seller.id"), {QStringLiteral("String"), QStringLiteral("b"), {}});
        expected.insert(QStringLiteral("seller.name"), {QStringLiteral("String"), QStringLiteral("a"), {}});
        QCOMPARE(str(m, "MD5OfMessageAttributes"), sqs::md5OfMessageAttributes(expected));
        QVERIFY(!m.contains(QStringLiteral("Attributes")));
    }

    void sendReceiveQuery()
    {
        SqsFixture f;
        QCOMPARE(
            f.client->query(QStringLiteral("CreateQueue"), {{QStringLiteral("QueueName"), QStringLiteral("q")}}).status,
            200);
        const QString url = ::url("q");
        SqsReply r = f.client->query(QStringLiteral("SendMessage"),
            {{QStringLiteral("QueueUrl"), url}, {QStringLiteral("MessageBody"), QStringLiteral("a <b> & \"c\"\r\n")},
                {QStringLiteral("MessageAttribute.1.Name"), QStringLiteral("n")},
                {QStringLiteral("MessageAttribute.1.Value.DataType"), QStringLiteral("Number.int")},
                {QStringLiteral("MessageAttribute.1.Value.StringValue"), QStringLiteral("42")},
                {QStringLiteral("MessageAttribute.2.Name"), QStringLiteral("b")},
                {QStringLiteral("MessageAttribute.2.Value.DataType"), QStringLiteral("Binary")},
                {QStringLiteral("MessageAttribute.2.Value.BinaryValue"), QStringLiteral("AAEC")}});
        QCOMPARE(r.status, 200);
        const QString base = QStringLiteral("SendMessageResponse/SendMessageResult/");
        QCOMPARE(r.x(base + QStringLiteral("MD5OfMessageBody")),
            QString::fromLatin1(sqs::md5Hex(QByteArrayLiteral("a <b> & \"c\"\r\n"))));
        const QString attributesMd5 = r.x(base + QStringLiteral("MD5OfMessageAttributes"));
        QCOMPARE(attributesMd5.size(), 32);
        QVERIFY(!r.x(base + QStringLiteral("MessageId")).isEmpty());

        r = f.client->query(QStringLiteral("ReceiveMessage"),
            {{QStringLiteral("QueueUrl"), url},
                {QStringLiteral("AttributeName.1"), QStringLiteral("ApproximateReceiveCount")},
                {QStringLiteral("MessageAttributeName.1"), QStringLiteral("All")},
                {QStringLiteral("MaxNumberOfMessages"), QStringLiteral("10")}});
        QCOMPARE(r.status, 200);
        const auto xml = r.xml();
        const QString m = QStringLiteral("ReceiveMessageResponse/ReceiveMessageResult/Message/");
        QCOMPARE(xml.value(m + QStringLiteral("Body")), QStringLiteral("a <b> & \"c\"\r\n"));
        QCOMPARE(xml.value(m + QStringLiteral("Attribute/Name")), QStringLiteral("ApproximateReceiveCount"));
        QCOMPARE(xml.value(m + QStringLiteral("Attribute/Value")), QStringLiteral("1"));
        QCOMPARE(xml.value(m + QStringLiteral("MD5OfMessageAttributes")), attributesMd5);
        QCOMPARE(xml.values(m + QStringLiteral("MessageAttribute/Name")).size(), 2);
        QVERIFY(
            xml.values(m + QStringLiteral("MessageAttribute/Value/DataType")).contains(QStringLiteral("Number.int")));
        QVERIFY(xml.values(m + QStringLiteral("MessageAttribute/Value/BinaryValue")).contains(QStringLiteral("AAEC")));
        QVERIFY(!xml.value(m + QStringLiteral("ReceiptHandle")).isEmpty());
        QVERIFY(r.body.contains("&#xD;"));
    }

    void visibility()
    {
        SqsFixture f;
        QCOMPARE(createQueue(f, QStringLiteral("q")).status, 200);
        const QString url = ::url("q");
        QCOMPARE(sendMessage(f, url, QStringLiteral("x")).status, 200);
        SqsReply r = f.client->json(QStringLiteral("ReceiveMessage"),
            {{QStringLiteral("QueueUrl"), url}, {QStringLiteral("VisibilityTimeout"), 600}});
        const QString first = str(messagesOf(r).at(0).toObject(), "ReceiptHandle");
        QVERIFY(!first.isEmpty());
        QCOMPARE(f.engine->leasesWithDeadline(), 1u);
        // Made visible at once: received again, counted twice, a new handle.
        r = f.client->json(QStringLiteral("ChangeMessageVisibility"),
            {{QStringLiteral("QueueUrl"), url}, {QStringLiteral("ReceiptHandle"), first},
                {QStringLiteral("VisibilityTimeout"), 0}});
        QCOMPARE(r.status, 200);
        r = f.client->json(QStringLiteral("ReceiveMessage"),
            {{QStringLiteral("QueueUrl"), url},
                {QStringLiteral("AttributeNames"), QJsonArray{QStringLiteral("ApproximateReceiveCount")}}});
        const QJsonObject m = messagesOf(r).at(0).toObject();
        QCOMPARE(str(m.value(QStringLiteral("Attributes")).toObject(), "ApproximateReceiveCount"), QStringLiteral("2"));
        const QString second = str(m, "ReceiptHandle");
        QVERIFY(second != first);
        // The older handle no longer names the message in flight.
        r = f.client->json(QStringLiteral("ChangeMessageVisibility"),
            {{QStringLiteral("QueueUrl"), url}, {QStringLiteral("ReceiptHandle"), first},
                {QStringLiteral("VisibilityTimeout"), 10}});
        QCOMPARE(r.status, 400);
        QCOMPARE(r.headers.value("x-amzn-query-error"), QByteArray("AWS.SimpleQueueService.MessageNotInflight;Sender"));
        r = f.client->json(QStringLiteral("ChangeMessageVisibility"),
            {{QStringLiteral("QueueUrl"), url}, {QStringLiteral("ReceiptHandle"), second},
                {QStringLiteral("VisibilityTimeout"), 43201}});
        QCOMPARE(r.headers.value("x-amzn-query-error"), QByteArray("InvalidParameterValue;Sender"));
        r = f.client->json(QStringLiteral("ChangeMessageVisibility"),
            {{QStringLiteral("QueueUrl"), url}, {QStringLiteral("ReceiptHandle"), second}});
        QCOMPARE(r.headers.value("x-amzn-query-error"), QByteArray("MissingParameter;Sender"));
        // Batch: one good, one stale.
        r = f.client->json(QStringLiteral("ChangeMessageVisibilityBatch"),
            {{QStringLiteral("QueueUrl"), url},
                {QStringLiteral("Entries"),
                    QJsonArray{
                        QJsonObject{{QStringLiteral("Id"), QStringLiteral("good")},
                            {QStringLiteral("ReceiptHandle"), second}, {QStringLiteral("VisibilityTimeout"), 100}},
                        QJsonObject{{QStringLiteral("Id"), QStringLiteral("stale")},
                            {QStringLiteral("ReceiptHandle"), first}, {QStringLiteral("VisibilityTimeout"), 100}}}}});
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().value(QStringLiteral("Successful")).toArray(),
            (QJsonArray{QJsonObject{{QStringLiteral("Id"), QStringLiteral("good")}}}));
        const QJsonObject failed = r.json().value(QStringLiteral("Failed")).toArray().at(0).toObject();
        QCOMPARE(failed,
            (QJsonObject{{QStringLiteral("Id"), QStringLiteral("stale")}, {QStringLiteral("SenderFault"), true},
                {QStringLiteral("Code"), QStringLiteral("AWS.SimpleQueueService.MessageNotInflight")},
                {QStringLiteral("Message"), QStringLiteral("The message referred to isn't in flight.")}}));
        // DeleteMessageBatch settles it.
        r = f.client->json(QStringLiteral("DeleteMessageBatch"),
            {{QStringLiteral("QueueUrl"), url},
                {QStringLiteral("Entries"),
                    QJsonArray{QJsonObject{{QStringLiteral("Id"), QStringLiteral("d")},
                                   {QStringLiteral("ReceiptHandle"), second}},
                        QJsonObject{{QStringLiteral("Id"), QStringLiteral("e")},
                            {QStringLiteral("ReceiptHandle"), QStringLiteral("bad")}}}}});
        QCOMPARE(r.json().value(QStringLiteral("Successful")).toArray().size(), 1);
        QCOMPARE(str(r.json().value(QStringLiteral("Failed")).toArray().at(0).toObject(), "Code"),
            QStringLiteral("ReceiptHandleIsInvalid"));
        QCOMPARE(f.engine->queue(QStringLiteral("q"))->unacked, 0u);
        QCOMPARE(f.engine->leaseCount(), 0u);
    }

    void receiveArgumentsAreChecked_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("value");
        QTest::newRow("max 0") << QStringLiteral("MaxNumberOfMessages") << 0;
        QTest::newRow("max 11") << QStringLiteral("MaxNumberOfMessages") << 11;
        QTest::newRow("wait 21") << QStringLiteral("WaitTimeSeconds") << 21;
        QTest::newRow("wait -1") << QStringLiteral("WaitTimeSeconds") << -1;
        QTest::newRow("visibility") << QStringLiteral("VisibilityTimeout") << 43201;
    }
    void receiveArgumentsAreChecked()
    {
        QFETCH(QString, name);
        QFETCH(int, value);
        SqsFixture f;
        QCOMPARE(createQueue(f, QStringLiteral("q")).status, 200);
        QCOMPARE(sendMessage(f, QStringLiteral("q"), QStringLiteral("x")).status, 200);
        const SqsReply r = f.client->json(
            QStringLiteral("ReceiveMessage"), {{QStringLiteral("QueueUrl"), QStringLiteral("q")}, {name, value}});
        QCOMPARE(r.status, 400);
        QCOMPARE(r.headers.value("x-amzn-query-error"), QByteArray("InvalidParameterValue;Sender"));
        QCOMPARE(f.engine->queue(QStringLiteral("q"))->ready, 1u); // nothing taken
    }

    void batchRulesStoreNothing_data()
    {
        QTest::addColumn<QJsonValue>("entries");
        QTest::addColumn<QByteArray>("code");
        QJsonArray eleven;
        for (int i = 0; i < 11; ++i)
            eleven.append(QJsonObject{
                {QStringLiteral("Id"), QString::number(i)}, {QStringLiteral("MessageBody"), QStringLiteral("x")}});
        const QJsonObject a{
            {QStringLiteral("Id"), QStringLiteral("a")}, {QStringLiteral("MessageBody"), QStringLiteral("x")}};
        QTest::newRow("empty") << QJsonValue(QJsonArray()) << QByteArray("AWS.SimpleQueueService.EmptyBatchRequest");
        QTest::newRow("missing") << QJsonValue(QJsonValue::Undefined)
                                 << QByteArray("AWS.SimpleQueueService.EmptyBatchRequest");
        QTest::newRow("eleven") << QJsonValue(eleven)
                                << QByteArray("AWS.SimpleQueueService.TooManyEntriesInBatchRequest");
        QTest::newRow("same ids") << QJsonValue(QJsonArray{a, a})
                                  << QByteArray("AWS.SimpleQueueService.BatchEntryIdsNotDistinct");
        QTest::newRow("bad id") << QJsonValue(QJsonArray{QJsonObject{
            {QStringLiteral("Id"), QStringLiteral("a b")}, {QStringLiteral("MessageBody"), QStringLiteral("x")}}})
                                << QByteArray("AWS.SimpleQueueService.InvalidBatchEntryId");
        const QString half(600 * 1024, QLatin1Char('x'));
        QTest::newRow("too long") << QJsonValue(
            QJsonArray{QJsonObject{{QStringLiteral("Id"), QStringLiteral("a")}, {QStringLiteral("MessageBody"), half}},
                QJsonObject{{QStringLiteral("Id"), QStringLiteral("b")}, {QStringLiteral("MessageBody"), half}}})
                                  << QByteArray("AWS.SimpleQueueService.BatchRequestTooLong");
    }
    void batchRulesStoreNothing()
    {
        QFETCH(QJsonValue, entries);
        QFETCH(QByteArray, code);
        SqsFixture f;
        QCOMPARE(createQueue(f, QStringLiteral("q")).status, 200);
        QJsonObject params{{QStringLiteral("QueueUrl"), QStringLiteral("q")}};
        if (!entries.isUndefined())
            params.insert(QStringLiteral("Entries"), entries);
        SqsReply r = f.client->json(QStringLiteral("SendMessageBatch"), params);
        QCOMPARE(r.status, 400);
        QCOMPARE(r.headers.value("x-amzn-query-error"), code + ";Sender");
        QCOMPARE(f.engine->queue(QStringLiteral("q"))->ready, 0u);
    }

    // The query protocol sends an empty list as its bare name ("Entries=", as
    // botocore does): the same EmptyBatchRequest as JSON's [] (AWS's answer).
    void emptyQueryBatchIsEmptyBatchRequest()
    {
        SqsFixture f;
        QCOMPARE(createQueue(f, QStringLiteral("q")).status, 200);
        for (const char *action : {"SendMessageBatch", "DeleteMessageBatch", "ChangeMessageVisibilityBatch"}) {
            for (const QString &key :
                QStringList{QStringLiteral("Entries"), QLatin1String(action) + QStringLiteral("RequestEntry")}) {
                const SqsReply r = f.client->query(
                    QLatin1String(action), {{QStringLiteral("QueueUrl"), url("q")}, {key, QString()}});
                QCOMPARE(r.status, 400);
                QCOMPARE(r.x(QStringLiteral("ErrorResponse/Error/Code")),
                    QStringLiteral("AWS.SimpleQueueService.EmptyBatchRequest"));
            }
        }
        QCOMPARE(f.engine->queue(QStringLiteral("q"))->ready, 0u);
    }

    void sendBatchReportsEachEntry()
    {
        SqsFixture f;
        QCOMPARE(createQueue(f, QStringLiteral("q")).status, 200);
        SqsReply r = f.client->query(QStringLiteral("SendMessageBatch"),
            {{QStringLiteral("QueueUrl"), url("q")},
                {QStringLiteral("SendMessageBatchRequestEntry.1.Id"), QStringLiteral("ok")},
                {QStringLiteral("SendMessageBatchRequestEntry.1.MessageBody"), QStringLiteral("hello")},
                {QStringLiteral("SendMessageBatchRequestEntry.2.Id"), QStringLiteral("bad")},
                {QStringLiteral("SendMessageBatchRequestEntry.2.MessageBody"), QStringLiteral("a\x01")},
                {QStringLiteral("SendMessageBatchRequestEntry.3.Id"), QStringLiteral("late")},
                {QStringLiteral("SendMessageBatchRequestEntry.3.MessageBody"), QStringLiteral("x")},
                {QStringLiteral("SendMessageBatchRequestEntry.3.DelaySeconds"), QStringLiteral("2")}});
        QCOMPARE(r.status, 200);
        const auto xml = r.xml();
        const QString base = QStringLiteral("SendMessageBatchResponse/SendMessageBatchResult/");
        QCOMPARE(xml.values(base + QStringLiteral("SendMessageBatchResultEntry/Id")).size(), 2);
        QVERIFY(xml.values(base + QStringLiteral("SendMessageBatchResultEntry/MD5OfMessageBody"))
                    .contains(QStringLiteral("5d41402abc4b2a76b9719d911017c592")));
        QCOMPARE(xml.value(base + QStringLiteral("BatchResultErrorEntry/Id")), QStringLiteral("bad"));
        QCOMPARE(
            xml.value(base + QStringLiteral("BatchResultErrorEntry/Code")), QStringLiteral("InvalidMessageContents"));
        QCOMPARE(xml.value(base + QStringLiteral("BatchResultErrorEntry/SenderFault")), QStringLiteral("true"));
        // "hello" can be received; "late" waits out its delay in the queue.
        r = f.client->json(QStringLiteral("ReceiveMessage"),
            {{QStringLiteral("QueueUrl"), QStringLiteral("q")}, {QStringLiteral("MaxNumberOfMessages"), 10}});
        const QJsonArray messages = messagesOf(r);
        QCOMPARE(messages.size(), 1);
        QCOMPARE(str(messages[0].toObject(), "Body"), QStringLiteral("hello"));
    }

    void badBodiesAreRefused()
    {
        SqsFixture f;
        QCOMPARE(createQueue(f, QStringLiteral("q"),
                     QJsonObject{{QStringLiteral("MaximumMessageSize"), QStringLiteral("1024")}})
                     .status,
            200);
        const QString before = fingerprint(*f.engine);
        SqsReply r = sendMessage(f, QStringLiteral("q"), QStringLiteral("a\u0000b"));
        QCOMPARE(r.headers.value("x-amzn-query-error"), QByteArray("InvalidMessageContents;Sender"));
        r = f.client->json(QStringLiteral("SendMessage"),
            {{QStringLiteral("QueueUrl"), QStringLiteral("q")},
                {QStringLiteral("MessageBody"), QString(1025, QLatin1Char('x'))}});
        QCOMPARE(r.headers.value("x-amzn-query-error"), QByteArray("InvalidParameterValue;Sender"));
        r = f.client->json(QStringLiteral("SendMessage"), {{QStringLiteral("QueueUrl"), QStringLiteral("q")}});
        QCOMPARE(r.headers.value("x-amzn-query-error"), QByteArray("MissingParameter;Sender"));
        r = f.client->json(QStringLiteral("SendMessage"),
            {{QStringLiteral("QueueUrl"), QStringLiteral("q")}, {QStringLiteral("MessageBody"), QStringLiteral("x")},
                {QStringLiteral("DelaySeconds"), 901}});
        QCOMPARE(r.headers.value("x-amzn-query-error"), QByteArray("InvalidParameterValue;Sender"));
        r = f.client->json(QStringLiteral("SendMessage"),
            {{QStringLiteral("QueueUrl"), QStringLiteral("q")}, {QStringLiteral("MessageBody"), QStringLiteral("x")},
                {QStringLiteral("DelaySeconds"), QStringLiteral("5")}});
        QCOMPARE(r.headers.value("x-amzn-query-error"), QByteArray("SerializationException;Sender"));
        r = f.client->json(QStringLiteral("SendMessage"),
            {{QStringLiteral("QueueUrl"), QStringLiteral("q")}, {QStringLiteral("MessageBody"), QStringLiteral("x")},
                {QStringLiteral("MessageDeduplicationId"), QStringLiteral("d")}});
        QCOMPARE(r.headers.value("x-amzn-query-error"), QByteArray("InvalidParameterValue;Sender"));
        r = sendMessage(f, QStringLiteral("nope"), QStringLiteral("x"));
        QCOMPARE(r.headers.value("x-amzn-query-error"), QByteArray("AWS.SimpleQueueService.NonExistentQueue;Sender"));
        QCOMPARE(fingerprint(*f.engine), before);
    }

    // Each bad request gets its clean error and the connection goes on.
    void badInputKeepsTheConnection()
    {
        sqs::SqsServerOptions options;
        options.maxBodyBytes = 4096;
        SqsFixture f(options);
        const QList<QByteArray> bad{
            "POST / HTTP/1.1\r\nContent-Type: application/x-amz-json-1.0\r\nX-Amz-Target: "
            "AmazonSQS.ListQueues\r\nContent-Length: 5\r\n\r\n{\"a\":",
            "POST / HTTP/1.1\r\nContent-Type: application/x-amz-json-1.0\r\nX-Amz-Target: "
            "AmazonSQS.Explode\r\nContent-Length: 2\r\n\r\n{}",
            "POST / HTTP/1.1\r\nContent-Type: text/plain\r\nContent-Length: 17\r\n\r\nAction=ListQueues",
            "POST / HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: "
            "14\r\n\r\nAction=Explode",
            "POST / HTTP/1.1\r\nContent-Type: application/x-amz-json-1.0\r\nX-Amz-Target: "
            "AmazonSQS.SendMessage\r\nContent-Length: 9000\r\n\r\n"
                + QByteArray(9000, 'x'),
        };
        const QList<int> statuses{400, 400, 400, 400, 413};
        const QList<QByteArray> codes{"SerializationException;Sender", "UnknownOperationException;Sender",
            "MissingAction;Sender", "InvalidAction;Sender", "RequestEntityTooLarge;Sender"};
        for (int i = 0; i < bad.size(); ++i) {
            const SqsReply r = f.client->request(bad[i]);
            QCOMPARE(r.status, statuses[i]);
            QCOMPARE(r.headers.value("x-amzn-query-error"), codes[i]);
            QCOMPARE(r.headers.value("connection"), QByteArray("keep-alive"));
            QVERIFY(f.client->connected());
        }
        const SqsReply ok = f.client->json(QStringLiteral("ListQueues"), {});
        QCOMPARE(ok.status, 200);
        QCOMPARE(f.server->connectionCount(), 1);
        QVERIFY(f.engine->queues().isEmpty());
    }

    void pipelinedRequestsAreAnsweredInOrder()
    {
        SqsFixture f;
        f.client->write(
            RawClient::jsonRequest(QStringLiteral("CreateQueue"), {{QStringLiteral("QueueName"), QStringLiteral("a")}})
            + RawClient::queryRequest(
                QStringLiteral("CreateQueue"), {{QStringLiteral("QueueName"), QStringLiteral("b")}})
            + RawClient::jsonRequest(QStringLiteral("ListQueues"), {}));
        QCOMPARE(str(f.client->read().json(), "QueueUrl"), url("a"));
        QCOMPARE(f.client->read().x(QStringLiteral("CreateQueueResponse/CreateQueueResult/QueueUrl")), url("b"));
        QCOMPARE(f.client->read().json().value(QStringLiteral("QueueUrls")).toArray().size(), 2);
    }

    void longPollIsWokenBySend()
    {
        SqsFixture f;
        QCOMPARE(createQueue(f, QStringLiteral("q")).status, 200);
        RawClient poller(f.server->port());
        poller.write(RawClient::jsonRequest(QStringLiteral("ReceiveMessage"),
            {{QStringLiteral("QueueUrl"), QStringLiteral("q")}, {QStringLiteral("WaitTimeSeconds"), 20}}));
        QTRY_COMPARE(f.server->service().pendingCount(), 1);
        QCOMPARE(sendMessage(f, QStringLiteral("q"), QStringLiteral("wake")).status, 200);
        // Well before the 20 s wait is over.
        const SqsReply r = poller.read(10000);
        QCOMPARE(r.status, 200);
        QCOMPARE(str(messagesOf(r).at(0).toObject(), "Body"), QStringLiteral("wake"));
        QCOMPARE(f.server->service().pendingCount(), 0);
    }

    // Woken by the engine, whoever made the message ready: a publish by
    // another protocol, a message made visible again by another client.
    void longPollIsWokenByTheEngine()
    {
        SqsFixture f;
        QCOMPARE(createQueue(f, QStringLiteral("q")).status, 200);
        RawClient poller(f.server->port());
        poller.write(RawClient::jsonRequest(QStringLiteral("ReceiveMessage"),
            {{QStringLiteral("QueueUrl"), QStringLiteral("q")}, {QStringLiteral("WaitTimeSeconds"), 20}}));
        QTRY_COMPARE(f.engine->watchCount(), 1u);
        MessageProperties properties;
        properties.headers = QVariantMap{{QStringLiteral("colour"), QStringLiteral("red")}};
        QVERIFY(f.engine->publish(QString(), QStringLiteral("q"), properties, "from amqp").routed);
        SqsReply r = poller.read(10000);
        QCOMPARE(r.status, 200);
        QJsonObject m = messagesOf(r).at(0).toObject();
        QCOMPARE(str(m, "Body"), QStringLiteral("from amqp"));
        QVERIFY(!str(m, "MessageId").isEmpty());
        const QString handle = str(m, "ReceiptHandle");

        poller.write(RawClient::jsonRequest(QStringLiteral("ReceiveMessage"),
            {{QStringLiteral("QueueUrl"), QStringLiteral("q")}, {QStringLiteral("WaitTimeSeconds"), 20},
                {QStringLiteral("MessageAttributeNames"), QJsonArray{QStringLiteral("All")}}}));
        QTRY_COMPARE(f.engine->watchCount(), 1u);
        QCOMPARE(f.client
                     ->json(QStringLiteral("ChangeMessageVisibility"),
                         {{QStringLiteral("QueueUrl"), QStringLiteral("q")}, {QStringLiteral("ReceiptHandle"), handle},
                             {QStringLiteral("VisibilityTimeout"), 0}})
                     .status,
            200);
        r = poller.read(10000);
        m = messagesOf(r).at(0).toObject();
        QCOMPARE(str(m, "Body"), QStringLiteral("from amqp"));
        // An AMQP header reads as a String attribute.
        QCOMPARE(m.value(QStringLiteral("MessageAttributes")).toObject().value(QStringLiteral("colour")).toObject(),
            (QJsonObject{{QStringLiteral("DataType"), QStringLiteral("String")},
                {QStringLiteral("StringValue"), QStringLiteral("red")}}));
        QCOMPARE(f.engine->watchCount(), 0u);
    }

    void delaysAndReceiveCounts()
    {
        SqsFixture f;
        QCOMPARE(
            createQueue(f, QStringLiteral("slow"), QJsonObject{{QStringLiteral("DelaySeconds"), QStringLiteral("60")}})
                .status,
            200);
        QCOMPARE(
            f.engine->queue(QStringLiteral("slow"))->def.arguments.value(QStringLiteral("x-queue-type")).toString(),
            QStringLiteral("sqs"));
        QCOMPARE(sendMessage(f, QStringLiteral("slow"), QStringLiteral("later")).status, 200);
        // The message's own delay wins over the queue's.
        QCOMPARE(
            f.client
                ->json(QStringLiteral("SendMessage"),
                    {{QStringLiteral("QueueUrl"), QStringLiteral("slow")},
                        {QStringLiteral("MessageBody"), QStringLiteral("now")}, {QStringLiteral("DelaySeconds"), 0}})
                .status,
            200);
        SqsReply r = f.client->json(QStringLiteral("GetQueueAttributes"),
            {{QStringLiteral("QueueUrl"), QStringLiteral("slow")},
                {QStringLiteral("AttributeNames"),
                    QJsonArray{QStringLiteral("ApproximateNumberOfMessages"),
                        QStringLiteral("ApproximateNumberOfMessagesDelayed"),
                        QStringLiteral("ApproximateNumberOfMessagesNotVisible")}}});
        QCOMPARE(r.json().value(QStringLiteral("Attributes")).toObject(),
            (QJsonObject{{QStringLiteral("ApproximateNumberOfMessages"), QStringLiteral("1")},
                {QStringLiteral("ApproximateNumberOfMessagesDelayed"), QStringLiteral("1")},
                {QStringLiteral("ApproximateNumberOfMessagesNotVisible"), QStringLiteral("0")}}));
        r = f.client->json(QStringLiteral("ReceiveMessage"),
            {{QStringLiteral("QueueUrl"), QStringLiteral("slow")}, {QStringLiteral("MaxNumberOfMessages"), 10},
                {QStringLiteral("AttributeNames"), QJsonArray{QStringLiteral("All")}}});
        QJsonArray messages = messagesOf(r);
        QCOMPARE(messages.size(), 1);
        QJsonObject m = messages[0].toObject();
        QCOMPARE(str(m, "Body"), QStringLiteral("now"));
        const QString firstReceive
            = str(m.value(QStringLiteral("Attributes")).toObject(), "ApproximateFirstReceiveTimestamp");
        QCOMPARE(f.client
                     ->json(QStringLiteral("ChangeMessageVisibility"),
                         {{QStringLiteral("QueueUrl"), QStringLiteral("slow")},
                             {QStringLiteral("ReceiptHandle"), str(m, "ReceiptHandle")},
                             {QStringLiteral("VisibilityTimeout"), 0}})
                     .status,
            200);
        QTest::qWait(5);
        r = f.client->json(QStringLiteral("ReceiveMessage"),
            {{QStringLiteral("QueueUrl"), QStringLiteral("slow")},
                {QStringLiteral("MessageSystemAttributeNames"), QJsonArray{QStringLiteral("All")}}});
        m = messagesOf(r).at(0).toObject();
        const QJsonObject attributes = m.value(QStringLiteral("Attributes")).toObject();
        QCOMPARE(str(attributes, "ApproximateReceiveCount"), QStringLiteral("2"));
        QCOMPARE(str(attributes, "ApproximateFirstReceiveTimestamp"), firstReceive);
    }

    void messageGroupsOnStandardQueues()
    {
        SqsFixture f;
        QCOMPARE(createQueue(f, QStringLiteral("q")).status, 200);
        QCOMPARE(f.client
                     ->json(QStringLiteral("SendMessage"),
                         {{QStringLiteral("QueueUrl"), QStringLiteral("q")},
                             {QStringLiteral("MessageBody"), QStringLiteral("x")},
                             {QStringLiteral("MessageGroupId"), QStringLiteral("tenant-1")}})
                     .status,
            200);
        const SqsReply r = f.client->query(QStringLiteral("ReceiveMessage"),
            {{QStringLiteral("QueueUrl"), QStringLiteral("q")},
                {QStringLiteral("AttributeName.1"), QStringLiteral("MessageGroupId")}});
        QCOMPARE(r.x(QStringLiteral("ReceiveMessageResponse/ReceiveMessageResult/Message/Attribute/Name")),
            QStringLiteral("MessageGroupId"));
        QCOMPARE(r.x(QStringLiteral("ReceiveMessageResponse/ReceiveMessageResult/Message/Attribute/Value")),
            QStringLiteral("tenant-1"));
    }

    void fifoQueues()
    {
        SqsFixture f;
        SqsReply r = createQueue(f, QStringLiteral("f.fifo"),
            QJsonObject{{QStringLiteral("FifoQueue"), QStringLiteral("true")},
                {QStringLiteral("ContentBasedDeduplication"), QStringLiteral("true")}});
        QCOMPARE(r.status, 200);
        QCOMPARE(
            f.engine->queue(QStringLiteral("f.fifo"))->def.arguments.value(QStringLiteral("x-queue-type")).toString(),
            QStringLiteral("sqs-fifo"));
        const auto send = [&](const QString &body, const QString &group) {
            return f.client->json(QStringLiteral("SendMessage"),
                {{QStringLiteral("QueueUrl"), QStringLiteral("f.fifo")}, {QStringLiteral("MessageBody"), body},
                    {QStringLiteral("MessageGroupId"), group}});
        };
        const SqsReply first = send(QStringLiteral("one"), QStringLiteral("g"));
        QCOMPARE(first.status, 200);
        QVERIFY(!str(first.json(), "SequenceNumber").isEmpty());
        // Content-based deduplication: the same body again is the same message.
        const SqsReply again = send(QStringLiteral("one"), QStringLiteral("g"));
        QCOMPARE(str(again.json(), "MessageId"), str(first.json(), "MessageId"));
        QCOMPARE(str(again.json(), "SequenceNumber"), str(first.json(), "SequenceNumber"));
        const SqsReply second = send(QStringLiteral("two"), QStringLiteral("g"));
        QVERIFY(str(second.json(), "SequenceNumber").toULongLong() > str(first.json(), "SequenceNumber").toULongLong());
        QCOMPARE(f.engine->queue(QStringLiteral("f.fifo"))->ready, 2u);

        r = f.client->json(QStringLiteral("ReceiveMessage"),
            {{QStringLiteral("QueueUrl"), QStringLiteral("f.fifo")},
                {QStringLiteral("AttributeNames"), QJsonArray{QStringLiteral("All")}}});
        const QJsonObject m = messagesOf(r).at(0).toObject();
        QCOMPARE(str(m, "Body"), QStringLiteral("one"));
        const QJsonObject attributes = m.value(QStringLiteral("Attributes")).toObject();
        QCOMPARE(str(attributes, "MessageGroupId"), QStringLiteral("g"));
        QCOMPARE(str(attributes, "SequenceNumber"), str(first.json(), "SequenceNumber"));
        QCOMPARE(str(attributes, "MessageDeduplicationId").size(), 64); // SHA-256 of the body, hex
        // Its group is blocked while "one" is in flight.
        r = f.client->json(QStringLiteral("ReceiveMessage"), {{QStringLiteral("QueueUrl"), QStringLiteral("f.fifo")}});
        QCOMPARE(r.json(), QJsonObject());

        // What FIFO queues refuse.
        r = sendMessage(f, QStringLiteral("f.fifo"), QStringLiteral("x"));
        QCOMPARE(r.headers.value("x-amzn-query-error"), QByteArray("MissingParameter;Sender"));
        r = f.client->json(QStringLiteral("SendMessage"),
            {{QStringLiteral("QueueUrl"), QStringLiteral("f.fifo")},
                {QStringLiteral("MessageBody"), QStringLiteral("x")},
                {QStringLiteral("MessageGroupId"), QStringLiteral("g")}, {QStringLiteral("DelaySeconds"), 1}});
        QCOMPARE(r.headers.value("x-amzn-query-error"), QByteArray("InvalidParameterValue;Sender"));
        // A name ending in .fifo without FifoQueue=true would be a standard
        // queue with a '.' in its name: refused, as AWS refuses it (in both
        // protocols, with AWS's message), and nothing is made.
        r = createQueue(f, QStringLiteral("plain.fifo"));
        QCOMPARE(r.status, 400);
        QCOMPARE(r.headers.value("x-amzn-query-error"), QByteArray("InvalidParameterValue;Sender"));
        QCOMPARE(str(r.json(), "message"),
            QStringLiteral("Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length"));
        r = f.client->query(QStringLiteral("CreateQueue"),
            {{QStringLiteral("QueueName"), QStringLiteral("plain.fifo")},
                {QStringLiteral("Attribute.1.Name"), QStringLiteral("FifoQueue")},
                {QStringLiteral("Attribute.1.Value"), QStringLiteral("false")}});
        QCOMPARE(r.status, 400);
        QCOMPARE(r.x(QStringLiteral("ErrorResponse/Error/Code")), QStringLiteral("InvalidParameterValue"));
        QVERIFY(!f.engine->queue(QStringLiteral("plain.fifo")));
        QCOMPARE(createQueue(f, QStringLiteral("plain.fifo"),
                     QJsonObject{{QStringLiteral("FifoQueue"), QStringLiteral("true")}})
                     .status,
            200);
        r = f.client->json(QStringLiteral("SendMessage"),
            {{QStringLiteral("QueueUrl"), QStringLiteral("plain.fifo")},
                {QStringLiteral("MessageBody"), QStringLiteral("x")},
                {QStringLiteral("MessageGroupId"), QStringLiteral("g")}});
        QCOMPARE(r.headers.value("x-amzn-query-error"), QByteArray("InvalidParameterValue;Sender"));
        QCOMPARE(f.engine->queue(QStringLiteral("plain.fifo"))->ready, 0u);
        r = f.client->json(QStringLiteral("GetQueueAttributes"),
            {{QStringLiteral("QueueUrl"), QStringLiteral("plain.fifo")},
                {QStringLiteral("AttributeNames"), QJsonArray{QStringLiteral("All")}}});
        const QJsonObject a = r.json().value(QStringLiteral("Attributes")).toObject();
        QCOMPARE(str(a, "FifoQueue"), QStringLiteral("true"));
        QCOMPARE(str(a, "ContentBasedDeduplication"), QStringLiteral("false"));
        QCOMPARE(str(a, "DeduplicationScope"), QStringLiteral("queue"));
        QCOMPARE(str(a, "FifoThroughputLimit"), QStringLiteral("perQueue"));
        // A standard queue cannot be named .fifo, nor a FIFO one without it.
        r = createQueue(f, QStringLiteral("std"), QJsonObject{{QStringLiteral("FifoQueue"), QStringLiteral("true")}});
        QCOMPARE(r.headers.value("x-amzn-query-error"), QByteArray("InvalidParameterValue;Sender"));
        QCOMPARE(str(r.json(), "message"),
            QStringLiteral("The name of a FIFO queue can only include alphanumeric characters, hyphens, or "
                           "underscores, must end with .fifo suffix and be 1 to 80 in length."));
        QVERIFY(!f.engine->queue(QStringLiteral("std")));
        // A FIFO queue's dead-letter queue must be FIFO too.
        QCOMPARE(createQueue(f, QStringLiteral("dlq")).status, 200);
        r = f.client->json(QStringLiteral("SetQueueAttributes"),
            {{QStringLiteral("QueueUrl"), QStringLiteral("plain.fifo")},
                {QStringLiteral("Attributes"),
                    QJsonObject{{QStringLiteral("RedrivePolicy"),
                        QStringLiteral(
                            R"({"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:dlq","maxReceiveCount":2})")}}}});
        QCOMPARE(r.headers.value("x-amzn-query-error"), QByteArray("InvalidParameterValue;Sender"));
    }

    // High-throughput FIFO: FifoThroughputLimit perMessageGroupId only with
    // DeduplicationScope messageGroup (AWS's rule, on the queue's values after
    // the change); DeduplicationScope messageGroup deduplicates per group, also
    // when set on an existing queue.
    void highThroughputFifoAttributes()
    {
        SqsFixture f;
        const auto create = [&](const QString &name, const QJsonObject &attributes) {
            QJsonObject all = attributes;
            all.insert(QStringLiteral("FifoQueue"), QStringLiteral("true"));
            return f.client->json(QStringLiteral("CreateQueue"),
                {{QStringLiteral("QueueName"), name}, {QStringLiteral("Attributes"), all}});
        };
        const auto set = [&](const QString &name, const QJsonObject &attributes) {
            return f.client->json(QStringLiteral("SetQueueAttributes"),
                {{QStringLiteral("QueueUrl"), name}, {QStringLiteral("Attributes"), attributes}});
        };
        const auto send = [&](const QString &name, const QString &group) {
            return f.client->json(QStringLiteral("SendMessage"),
                {{QStringLiteral("QueueUrl"), name}, {QStringLiteral("MessageBody"), group},
                    {QStringLiteral("MessageGroupId"), group},
                    {QStringLiteral("MessageDeduplicationId"), QStringLiteral("same")}});
        };
        const QJsonObject perGroupLimit{{QStringLiteral("FifoThroughputLimit"), QStringLiteral("perMessageGroupId")}};
        // perMessageGroupId alone: the scope stays "queue", refused; nothing made.
        SqsReply r = create(QStringLiteral("a.fifo"), perGroupLimit);
        QCOMPARE(r.status, 400);
        QCOMPARE(r.headers.value("x-amzn-query-error"), QByteArray("InvalidAttributeValue;Sender"));
        r = create(QStringLiteral("a.fifo"),
            {{QStringLiteral("FifoThroughputLimit"), QStringLiteral("perMessageGroupId")},
                {QStringLiteral("DeduplicationScope"), QStringLiteral("queue")}});
        QCOMPARE(r.headers.value("x-amzn-query-error"), QByteArray("InvalidAttributeValue;Sender"));
        QVERIFY(!f.engine->queue(QStringLiteral("a.fifo")));

        // High throughput: both set; deduplication per group.
        QCOMPARE(create(QStringLiteral("h.fifo"),
                     {{QStringLiteral("FifoThroughputLimit"), QStringLiteral("perMessageGroupId")},
                         {QStringLiteral("DeduplicationScope"), QStringLiteral("messageGroup")}})
                     .status,
            200);
        for (const char *group : {"g1", "g2", "g1"})
            QCOMPARE(send(QStringLiteral("h.fifo"), QLatin1String(group)).status, 200);
        QCOMPARE(f.engine->queue(QStringLiteral("h.fifo"))->ready, 2u);
        // Back to the queue scope while the limit is per group: refused, unchanged.
        const QString before = fingerprint(*f.engine);
        r = set(QStringLiteral("h.fifo"), {{QStringLiteral("DeduplicationScope"), QStringLiteral("queue")}});
        QCOMPARE(r.status, 400);
        QCOMPARE(r.headers.value("x-amzn-query-error"), QByteArray("InvalidAttributeValue;Sender"));
        QCOMPARE(fingerprint(*f.engine), before);
        // Both together: accepted.
        QCOMPARE(set(QStringLiteral("h.fifo"),
                     {{QStringLiteral("DeduplicationScope"), QStringLiteral("queue")},
                         {QStringLiteral("FifoThroughputLimit"), QStringLiteral("perQueue")}})
                     .status,
            200);

        // A plain FIFO queue deduplicates queue-wide until its scope is set
        // to messageGroup (perQueue throughput stays allowed).
        QCOMPARE(create(QStringLiteral("p.fifo"), {}).status, 200);
        QCOMPARE(send(QStringLiteral("p.fifo"), QStringLiteral("g1")).status, 200);
        QCOMPARE(send(QStringLiteral("p.fifo"), QStringLiteral("g2")).status, 200);
        QCOMPARE(f.engine->queue(QStringLiteral("p.fifo"))->ready, 1u);
        QCOMPARE(set(QStringLiteral("p.fifo"), perGroupLimit).headers.value("x-amzn-query-error"),
            QByteArray("InvalidAttributeValue;Sender"));
        QCOMPARE(set(QStringLiteral("p.fifo"), {{QStringLiteral("DeduplicationScope"), QStringLiteral("messageGroup")}})
                     .status,
            200);
        QCOMPARE(send(QStringLiteral("p.fifo"), QStringLiteral("g3")).status, 200);
        QCOMPARE(send(QStringLiteral("p.fifo"), QStringLiteral("g3")).status, 200);
        QCOMPARE(f.engine->queue(QStringLiteral("p.fifo"))->ready, 2u);
    }

    // A FIFO ReceiveMessage retried with the same ReceiveRequestAttemptId
    // returns the same messages and receipt handles while they are in flight
    // (AWS's documented retry); once one is deleted, the id starts a new
    // receive. Standard queues ignore the id.
    void receiveRequestAttemptIdRetries()
    {
        SqsFixture f;
        QCOMPARE(createQueue(f, QStringLiteral("f.fifo"),
                     QJsonObject{{QStringLiteral("FifoQueue"), QStringLiteral("true")},
                         {QStringLiteral("ContentBasedDeduplication"), QStringLiteral("true")}})
                     .status,
            200);
        for (const char *body : {"m0", "m1", "m2"})
            QCOMPARE(f.client
                         ->json(QStringLiteral("SendMessage"),
                             {{QStringLiteral("QueueUrl"), QStringLiteral("f.fifo")},
                                 {QStringLiteral("MessageBody"), QLatin1String(body)},
                                 {QStringLiteral("MessageGroupId"), QStringLiteral("g")}})
                         .status,
                200);
        const auto receive = [&](const QString &queue, int max, const QString &attempt) {
            return f.client
                ->json(QStringLiteral("ReceiveMessage"),
                    {{QStringLiteral("QueueUrl"), queue}, {QStringLiteral("MaxNumberOfMessages"), max},
                        {QStringLiteral("VisibilityTimeout"), 300},
                        {QStringLiteral("ReceiveRequestAttemptId"), attempt}})
                .json()
                .value(QStringLiteral("Messages"))
                .toArray();
        };
        const QJsonArray first = receive(QStringLiteral("f.fifo"), 2, QStringLiteral("attempt-1"));
        QCOMPARE(first.size(), 2);
        QCOMPARE(str(first.at(0).toObject(), "Body"), QStringLiteral("m0"));
        // The retry: the same messages, the same receipt handles.
        QCOMPARE(receive(QStringLiteral("f.fifo"), 2, QStringLiteral("attempt-1")), first);
        QCOMPARE(f.engine->queue(QStringLiteral("f.fifo"))->unacked, 2u);
        // Another id is another receive: the group is blocked behind them.
        QCOMPARE(receive(QStringLiteral("f.fifo"), 2, QStringLiteral("attempt-2")), QJsonArray());
        // One deleted: the attempt is over; a retry is a new receive.
        QCOMPARE(f.client
                     ->json(QStringLiteral("DeleteMessage"),
                         {{QStringLiteral("QueueUrl"), QStringLiteral("f.fifo")},
                             {QStringLiteral("ReceiptHandle"), str(first.at(0).toObject(), "ReceiptHandle")}})
                     .status,
            200);
        QCOMPARE(receive(QStringLiteral("f.fifo"), 2, QStringLiteral("attempt-1")), QJsonArray());

        QCOMPARE(createQueue(f, QStringLiteral("std")).status, 200);
        for (const char *body : {"s0", "s1"})
            QCOMPARE(sendMessage(f, QStringLiteral("std"), QLatin1String(body)).status, 200);
        const QJsonArray one = receive(QStringLiteral("std"), 1, QStringLiteral("x"));
        const QJsonArray two = receive(QStringLiteral("std"), 1, QStringLiteral("x"));
        QCOMPARE(one.size(), 1);
        QCOMPARE(two.size(), 1);
        QVERIFY(str(one.at(0).toObject(), "MessageId") != str(two.at(0).toObject(), "MessageId"));
    }

    // Bound beyond loopback: every request signed with the account, or refused
    // before anything is done.
    // DNS rebinding and pages in the developer's browser: refused before
    // anything is done, whatever the action.
    void pagesInTheBrowserAreRefused()
    {
        SqsFixture f;
        const QByteArray body = R"({"QueueName":"q"})";
        const auto request = [&](const QByteArray &extra) {
            return f.client->request("POST / HTTP/1.1\r\n" + extra
                + "Content-Type: application/x-amz-json-1.0\r\nX-Amz-Target: AmazonSQS.CreateQueue\r\n"
                  "Content-Length: "
                + QByteArray::number(body.size()) + "\r\n\r\n" + body);
        };
        SqsReply r = request("Host: evil.example:9324\r\n");
        QCOMPARE(r.status, 403);
        QCOMPARE(r.headers.value("x-amzn-query-error"), QByteArray("AccessDenied;Sender"));
        r = request("Host: localhost:9324\r\nOrigin: http://evil.example\r\n");
        QCOMPARE(r.status, 403);
        r = f.client->request("GET /?Action=CreateQueue&QueueName=q HTTP/1.1\r\nHost: 127.0.0.1:9324\r\n"
                              "Referer: http://evil.example/page\r\n\r\n");
        QCOMPARE(r.x(QStringLiteral("ErrorResponse/Error/Code")), QStringLiteral("AccessDenied"));
        QVERIFY(f.engine->queues().isEmpty());
        QCOMPARE(request("Host: [::1]:9324\r\n").status, 200);
        QVERIFY(f.engine->queue(QStringLiteral("q")));
    }

    void signaturesWhenRequired()
    {
        sqs::SqsServerOptions options;
        options.requireSignature = true;
        options.secrets = [](const QString &key) {
            return key == QLatin1String("guest") ? std::optional<QString>(QStringLiteral("guest")) : std::nullopt;
        };
        SqsFixture f(options);
        SqsReply r = createQueue(f, QStringLiteral("q"));
        QCOMPARE(r.status, 403);
        QCOMPARE(r.headers.value("x-amzn-query-error"), QByteArray("MissingAuthenticationToken;Sender"));
        QVERIFY(f.engine->queues().isEmpty());

        const auto signedRequest = [&](const QString &key, const QString &secret) -> QByteArray {
            sqs::HttpRequest http;
            http.method = "POST";
            http.target = http.path = "/";
            http.body = R"({"QueueName":"q"})";
            const QByteArray date
                = QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd'T'HHmmss'Z'")).toLatin1();
            http.headers = {{"host", "localhost:9324"}, {"x-amz-date", date}};
            const QByteArray signature = sqs::sigV4Signature(
                http, {"host", "x-amz-date"}, secret, date, QStringLiteral("us-east-1"), QStringLiteral("sqs"));
            return "POST / HTTP/1.1\r\nHost: localhost:9324\r\nX-Amz-Date: " + date
                + "\r\nContent-Type: application/x-amz-json-1.0\r\nX-Amz-Target: AmazonSQS.CreateQueue\r\n"
                  "Authorization: AWS4-HMAC-SHA256 Credential="
                + key.toUtf8() + "/" + date.left(8)
                + "/us-east-1/sqs/aws4_request, SignedHeaders=host;x-amz-date, Signature=" + signature
                + "\r\nContent-Length: " + QByteArray::number(http.body.size()) + "\r\n\r\n" + http.body;
        };
        r = f.client->request(signedRequest(QStringLiteral("guest"), QStringLiteral("wrong")));
        QCOMPARE(r.headers.value("x-amzn-query-error"), QByteArray("SignatureDoesNotMatch;Sender"));
        r = f.client->request(signedRequest(QStringLiteral("mallory"), QStringLiteral("guest")));
        QCOMPARE(r.headers.value("x-amzn-query-error"), QByteArray("InvalidClientTokenId;Sender"));
        QVERIFY(f.engine->queues().isEmpty());
        r = f.client->request(signedRequest(QStringLiteral("guest"), QStringLiteral("guest")));
        QCOMPARE(r.status, 200);
        QVERIFY(f.engine->queue(QStringLiteral("q")));
    }

    void longPollEndsEmptyAndAClosedPollerTakesNothing()
    {
        SqsFixture f;
        QCOMPARE(createQueue(f, QStringLiteral("q"),
                     QJsonObject{{QStringLiteral("ReceiveMessageWaitTimeSeconds"), QStringLiteral("1")}})
                     .status,
            200);
        // The queue's wait applies when the request gives none.
        SqsReply r
            = f.client->json(QStringLiteral("ReceiveMessage"), {{QStringLiteral("QueueUrl"), QStringLiteral("q")}});
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json(), QJsonObject());
        {
            RawClient poller(f.server->port());
            poller.write(RawClient::jsonRequest(QStringLiteral("ReceiveMessage"),
                {{QStringLiteral("QueueUrl"), QStringLiteral("q")}, {QStringLiteral("WaitTimeSeconds"), 20}}));
            QTRY_COMPARE(f.server->service().pendingCount(), 1);
            poller.socket().abort();
        }
        QTRY_COMPARE(f.server->service().pendingCount(), 0);
        QCOMPARE(sendMessage(f, QStringLiteral("q"), QStringLiteral("x")).status, 200);
        QCOMPARE(f.engine->queue(QStringLiteral("q"))->ready, 1u);
        QCOMPARE(f.engine->leaseCount(), 0u);
    }

    void queueUrlFormsAndPaths()
    {
        SqsFixture f;
        QCOMPARE(createQueue(f, QStringLiteral("q")).status, 200);
        for (const QString &url : {QStringLiteral("q"), QStringLiteral("/000000000000/q"),
                 QStringLiteral("http://elsewhere:1/000000000000/q"),
                 QStringLiteral("https://sqs.us-east-1.amazonaws.com/000000000000/q")}) {
            const SqsReply r = sendMessage(f, url, QStringLiteral("x"));
            QCOMPARE(r.status, 200);
        }
        // Posted to the queue's URL, without QueueUrl.
        SqsReply r = f.client->json(
            QStringLiteral("SendMessage"), {{QStringLiteral("MessageBody"), QStringLiteral("y")}}, "/000000000000/q");
        QCOMPARE(r.status, 200);
        r = f.client->query(QStringLiteral("GetQueueAttributes"),
            {{QStringLiteral("AttributeName.1"), QStringLiteral("ApproximateNumberOfMessages")}}, "/000000000000/q");
        QCOMPARE(r.x(QStringLiteral("GetQueueAttributesResponse/GetQueueAttributesResult/Attribute/Value")),
            QStringLiteral("5"));
        r = f.client->json(QStringLiteral("SendMessage"), {{QStringLiteral("MessageBody"), QStringLiteral("y")}});
        QCOMPARE(r.headers.value("x-amzn-query-error"), QByteArray("MissingParameter;Sender"));
        // The host as the client addressed it; the region from the signature.
        const QByteArray body = R"({"QueueUrl":"q","AttributeNames":["QueueArn"]})";
        r = f.client->request("POST / HTTP/1.1\r\nHost: 127.0.0.1:9999\r\nContent-Type: application/x-amz-json-1.0\r\n"
                              "X-Amz-Target: AmazonSQS.GetQueueAttributes\r\nAuthorization: AWS4-HMAC-SHA256 "
                              "Credential=k/20240101/eu-central-1/sqs/aws4_request, SignedHeaders=host, Signature=0\r\n"
                              "Content-Length: "
            + QByteArray::number(body.size()) + "\r\n\r\n" + body);
        QCOMPARE(str(r.json().value(QStringLiteral("Attributes")).toObject(), "QueueArn"),
            QStringLiteral("arn:aws:sqs:eu-central-1:000000000000:q"));
        const QByteArray get = "GET /?Action=GetQueueUrl&QueueName=q HTTP/1.1\r\nHost: 127.0.0.1:9999\r\n\r\n";
        r = f.client->request(get);
        QCOMPARE(r.x(QStringLiteral("GetQueueUrlResponse/GetQueueUrlResult/QueueUrl")),
            QStringLiteral("http://127.0.0.1:9999/000000000000/q"));
    }

    void tagsPurgeAndDelete()
    {
        SqsFixture f;
        QCOMPARE(f.client
                     ->json(QStringLiteral("CreateQueue"),
                         {{QStringLiteral("QueueName"), QStringLiteral("q")},
                             {QStringLiteral("tags"), QJsonObject{{QStringLiteral("a"), QStringLiteral("1")}}}})
                     .status,
            200);
        SqsReply r
            = f.client->json(QStringLiteral("ListQueueTags"), {{QStringLiteral("QueueUrl"), QStringLiteral("q")}});
        QCOMPARE(
            r.json(), (QJsonObject{{QStringLiteral("Tags"), QJsonObject{{QStringLiteral("a"), QStringLiteral("1")}}}}));
        r = f.client->query(QStringLiteral("TagQueue"),
            {{QStringLiteral("QueueUrl"), QStringLiteral("q")}, {QStringLiteral("Tag.1.Key"), QStringLiteral("b")},
                {QStringLiteral("Tag.1.Value"), QStringLiteral("2")}});
        QCOMPARE(r.status, 200);
        r = f.client->query(QStringLiteral("UntagQueue"),
            {{QStringLiteral("QueueUrl"), QStringLiteral("q")}, {QStringLiteral("TagKey.1"), QStringLiteral("a")}});
        QCOMPARE(r.status, 200);
        r = f.client->query(QStringLiteral("ListQueueTags"), {{QStringLiteral("QueueUrl"), QStringLiteral("q")}});
        QCOMPARE(r.x(QStringLiteral("ListQueueTagsResponse/ListQueueTagsResult/Tag/Key")), QStringLiteral("b"));
        QCOMPARE(r.x(QStringLiteral("ListQueueTagsResponse/ListQueueTagsResult/Tag/Value")), QStringLiteral("2"));
        r = f.client->json(QStringLiteral("UntagQueue"),
            {{QStringLiteral("QueueUrl"), QStringLiteral("q")},
                {QStringLiteral("TagKeys"), QJsonArray{QStringLiteral("b")}}});
        r = f.client->json(QStringLiteral("ListQueueTags"), {{QStringLiteral("QueueUrl"), QStringLiteral("q")}});
        QCOMPARE(r.json(), QJsonObject());

        for (int i = 0; i < 3; ++i)
            QCOMPARE(sendMessage(f, QStringLiteral("q"), QStringLiteral("x")).status, 200);
        // One in flight: purged as well, its receipt handle no longer in flight.
        r = f.client->json(QStringLiteral("ReceiveMessage"), {{QStringLiteral("QueueUrl"), QStringLiteral("q")}});
        const QString handle = str(messagesOf(r).at(0).toObject(), "ReceiptHandle");
        QCOMPARE(
            f.client->json(QStringLiteral("PurgeQueue"), {{QStringLiteral("QueueUrl"), QStringLiteral("q")}}).status,
            200);
        QCOMPARE(f.engine->queue(QStringLiteral("q"))->ready, 0u);
        QCOMPARE(f.engine->queue(QStringLiteral("q"))->unacked, 0u);
        r = f.client->json(QStringLiteral("ChangeMessageVisibility"),
            {{QStringLiteral("QueueUrl"), QStringLiteral("q")}, {QStringLiteral("ReceiptHandle"), handle},
                {QStringLiteral("VisibilityTimeout"), 5}});
        QCOMPARE(r.headers.value("x-amzn-query-error"), QByteArray("AWS.SimpleQueueService.MessageNotInflight;Sender"));
        r = f.client->query(QStringLiteral("DeleteQueue"), {{QStringLiteral("QueueUrl"), url("q")}});
        QCOMPARE(r.status, 200);
        QVERIFY(r.body.contains("<DeleteQueueResponse"));
        QVERIFY(!f.engine->queue(QStringLiteral("q")));
        r = f.client->json(QStringLiteral("DeleteQueue"), {{QStringLiteral("QueueUrl"), url("q")}});
        QCOMPARE(r.headers.value("x-amzn-query-error"), QByteArray("AWS.SimpleQueueService.NonExistentQueue;Sender"));
    }

    void amqpQueuesAreNotSqsQueues()
    {
        SqsFixture f;
        QueueDef def;
        def.name = QStringLiteral("amqp-only");
        QVERIFY(f.engine->declareQueue(def, false).ok());
        SqsReply r = f.client->json(
            QStringLiteral("GetQueueUrl"), {{QStringLiteral("QueueName"), QStringLiteral("amqp-only")}});
        QCOMPARE(r.status, 400);
        r = createQueue(f, QStringLiteral("amqp-only"));
        QCOMPARE(r.headers.value("x-amzn-query-error"), QByteArray("QueueAlreadyExists;Sender"));
        QCOMPARE(f.client->json(QStringLiteral("ListQueues"), {}).json(), QJsonObject());
    }

    void permissionsLiveInThePolicy()
    {
        SqsFixture f;
        QCOMPARE(createQueue(f, QStringLiteral("q")).status, 200);
        SqsReply r = f.client->query(QStringLiteral("AddPermission"),
            {{QStringLiteral("QueueUrl"), QStringLiteral("q")}, {QStringLiteral("Label"), QStringLiteral("l1")},
                {QStringLiteral("AWSAccountId.1"), QStringLiteral("111122223333")},
                {QStringLiteral("ActionName.1"), QStringLiteral("SendMessage")}});
        QCOMPARE(r.status, 200);
        r = f.client->json(QStringLiteral("GetQueueAttributes"),
            {{QStringLiteral("QueueUrl"), QStringLiteral("q")},
                {QStringLiteral("AttributeNames"), QJsonArray{QStringLiteral("Policy")}}});
        const QJsonObject policy
            = QJsonDocument::fromJson(str(r.json().value(QStringLiteral("Attributes")).toObject(), "Policy").toUtf8())
                  .object();
        // AWS's generated policy: one principal or action is a string.
        QCOMPARE(policy,
            (QJsonObject{{QStringLiteral("Version"), QStringLiteral("2012-10-17")},
                {QStringLiteral("Id"), QStringLiteral("arn:aws:sqs:us-east-1:000000000000:q/SQSDefaultPolicy")},
                {QStringLiteral("Statement"),
                    QJsonArray{QJsonObject{{QStringLiteral("Sid"), QStringLiteral("l1")},
                        {QStringLiteral("Effect"), QStringLiteral("Allow")},
                        {QStringLiteral("Principal"),
                            QJsonObject{{QStringLiteral("AWS"), QStringLiteral("arn:aws:iam::111122223333:root")}}},
                        {QStringLiteral("Action"), QStringLiteral("SQS:SendMessage")},
                        {QStringLiteral("Resource"), QStringLiteral("arn:aws:sqs:us-east-1:000000000000:q")}}}}}));
        // Several: lists, in a second statement.
        r = f.client->json(QStringLiteral("AddPermission"),
            {{QStringLiteral("QueueUrl"), QStringLiteral("q")}, {QStringLiteral("Label"), QStringLiteral("l2")},
                {QStringLiteral("AWSAccountIds"), QJsonArray{QStringLiteral("1"), QStringLiteral("2")}},
                {QStringLiteral("Actions"),
                    QJsonArray{QStringLiteral("ReceiveMessage"), QStringLiteral("DeleteMessage")}}});
        QCOMPARE(r.status, 200);
        r = f.client->json(QStringLiteral("GetQueueAttributes"),
            {{QStringLiteral("QueueUrl"), QStringLiteral("q")},
                {QStringLiteral("AttributeNames"), QJsonArray{QStringLiteral("Policy")}}});
        const QJsonArray both
            = QJsonDocument::fromJson(str(r.json().value(QStringLiteral("Attributes")).toObject(), "Policy").toUtf8())
                  .object()
                  .value(QStringLiteral("Statement"))
                  .toArray();
        QCOMPARE(both.size(), 2);
        const QJsonObject second = both.at(1).toObject();
        QCOMPARE(str(second, "Sid"), QStringLiteral("l2"));
        QCOMPARE(second.value(QStringLiteral("Action")).toArray(),
            (QJsonArray{QStringLiteral("SQS:ReceiveMessage"), QStringLiteral("SQS:DeleteMessage")}));
        QCOMPARE(second.value(QStringLiteral("Principal")).toObject().value(QStringLiteral("AWS")).toArray(),
            (QJsonArray{QStringLiteral("arn:aws:iam::1:root"), QStringLiteral("arn:aws:iam::2:root")}));
        QCOMPARE(f.client
                     ->json(QStringLiteral("RemovePermission"),
                         {{QStringLiteral("QueueUrl"), QStringLiteral("q")},
                             {QStringLiteral("Label"), QStringLiteral("l2")}})
                     .status,
            200);
        r = f.client->query(QStringLiteral("AddPermission"),
            {{QStringLiteral("QueueUrl"), QStringLiteral("q")}, {QStringLiteral("Label"), QStringLiteral("l1")},
                {QStringLiteral("AWSAccountId.1"), QStringLiteral("1")},
                {QStringLiteral("ActionName.1"), QStringLiteral("*")}});
        QCOMPARE(r.x(QStringLiteral("ErrorResponse/Error/Code")), QStringLiteral("InvalidParameterValue"));
        QCOMPARE(f.client
                     ->json(QStringLiteral("RemovePermission"),
                         {{QStringLiteral("QueueUrl"), QStringLiteral("q")},
                             {QStringLiteral("Label"), QStringLiteral("l1")}})
                     .status,
            200);
        r = f.client->json(QStringLiteral("RemovePermission"),
            {{QStringLiteral("QueueUrl"), QStringLiteral("q")}, {QStringLiteral("Label"), QStringLiteral("l1")}});
        QCOMPARE(r.headers.value("x-amzn-query-error"), QByteArray("InvalidParameterValue;Sender"));
        r = f.client->json(QStringLiteral("GetQueueAttributes"),
            {{QStringLiteral("QueueUrl"), QStringLiteral("q")},
                {QStringLiteral("AttributeNames"), QJsonArray{QStringLiteral("Policy")}}});
        QCOMPARE(r.json(), QJsonObject());
    }

    // A message received maxReceiveCount times goes to the dead-letter queue
    // on the next receive; a move task brings it back to its source.
    void redriveAndMoveBack()
    {
        SqsFixture f;
        QCOMPARE(createQueue(f, QStringLiteral("dlq")).status, 200);
        const QString policy
            = QStringLiteral(R"({"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:dlq","maxReceiveCount":1})");
        QCOMPARE(
            createQueue(f, QStringLiteral("src"), QJsonObject{{QStringLiteral("RedrivePolicy"), policy}}).status, 200);
        QCOMPARE(sendMessage(f, QStringLiteral("src"), QStringLiteral("poison")).status, 200);
        SqsReply r
            = f.client->json(QStringLiteral("ReceiveMessage"), {{QStringLiteral("QueueUrl"), QStringLiteral("src")}});
        const QString handle = str(messagesOf(r).at(0).toObject(), "ReceiptHandle");
        QCOMPARE(f.client
                     ->json(QStringLiteral("ChangeMessageVisibility"),
                         {{QStringLiteral("QueueUrl"), QStringLiteral("src")},
                             {QStringLiteral("ReceiptHandle"), handle}, {QStringLiteral("VisibilityTimeout"), 0}})
                     .status,
            200);
        r = f.client->json(QStringLiteral("ReceiveMessage"), {{QStringLiteral("QueueUrl"), QStringLiteral("src")}});
        QCOMPARE(r.json(), QJsonObject());
        r = f.client->json(QStringLiteral("ReceiveMessage"),
            {{QStringLiteral("QueueUrl"), QStringLiteral("dlq")},
                {QStringLiteral("AttributeNames"), QJsonArray{QStringLiteral("DeadLetterQueueSourceArn")}}});
        QJsonObject m = messagesOf(r).at(0).toObject();
        QCOMPARE(str(m, "Body"), QStringLiteral("poison"));
        QCOMPARE(str(m.value(QStringLiteral("Attributes")).toObject(), "DeadLetterQueueSourceArn"),
            QStringLiteral("arn:aws:sqs:us-east-1:000000000000:src"));
        QCOMPARE(f.client
                     ->json(QStringLiteral("ChangeMessageVisibility"),
                         {{QStringLiteral("QueueUrl"), QStringLiteral("dlq")},
                             {QStringLiteral("ReceiptHandle"), str(m, "ReceiptHandle")},
                             {QStringLiteral("VisibilityTimeout"), 0}})
                     .status,
            200);
        r = f.client->json(QStringLiteral("StartMessageMoveTask"),
            {{QStringLiteral("SourceArn"), QStringLiteral("arn:aws:sqs:us-east-1:000000000000:dlq")}});
        QCOMPARE(r.status, 200);
        QTRY_COMPARE(f.engine->queue(QStringLiteral("src"))->ready, 1u);
        QTRY_VERIFY(str(firstMoveTask(f, QStringLiteral("arn:aws:sqs:us-east-1:000000000000:dlq")), "Status")
            == QLatin1String("COMPLETED"));
        const QJsonObject task = firstMoveTask(f, QStringLiteral("arn:aws:sqs:us-east-1:000000000000:dlq"));
        QCOMPARE(task.value(QStringLiteral("ApproximateNumberOfMessagesMoved")).toInt(), 1);
        QVERIFY(!task.contains(QStringLiteral("TaskHandle")));
        QCOMPARE(f.engine->queue(QStringLiteral("dlq"))->ready, 0u);
    }

    void redriveAllowPolicyIsChecked()
    {
        SqsFixture f;
        QCOMPARE(
            createQueue(f, QStringLiteral("dlq"),
                QJsonObject{{QStringLiteral("RedriveAllowPolicy"),
                    QStringLiteral(
                        R"({"redrivePermission":"byQueue","sourceQueueArns":["arn:aws:sqs:us-east-1:000000000000:allowed"]})")}})
                .status,
            200);
        const QString policy
            = QStringLiteral(R"({"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:dlq","maxReceiveCount":3})");
        SqsReply r = createQueue(f, QStringLiteral("other"), QJsonObject{{QStringLiteral("RedrivePolicy"), policy}});
        QCOMPARE(r.headers.value("x-amzn-query-error"), QByteArray("InvalidParameterValue;Sender"));
        QVERIFY(!f.engine->queue(QStringLiteral("other")));
        r = createQueue(f, QStringLiteral("allowed"), QJsonObject{{QStringLiteral("RedrivePolicy"), policy}});
        QCOMPARE(r.status, 200);
    }

    void deadLetterSourcesAndRedrive()
    {
        SqsFixture f;
        QCOMPARE(createQueue(f, QStringLiteral("dlq")).status, 200);
        const QString policy = QStringLiteral(
            R"({"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:dlq","maxReceiveCount":"1"})");
        QCOMPARE(
            createQueue(f, QStringLiteral("src"), QJsonObject{{QStringLiteral("RedrivePolicy"), policy}}).status, 200);
        const QVariantMap args = f.engine->queue(QStringLiteral("src"))->def.arguments;
        QCOMPARE(args.value(QStringLiteral("x-dead-letter-exchange")).toString(), QString());
        QVERIFY(args.contains(QStringLiteral("x-dead-letter-exchange")));
        QCOMPARE(args.value(QStringLiteral("x-dead-letter-routing-key")).toString(), QStringLiteral("dlq"));
        QCOMPARE(args.value(QStringLiteral("x-delivery-limit")).toLongLong(), 1);
        SqsReply r = f.client->json(QStringLiteral("GetQueueAttributes"),
            {{QStringLiteral("QueueUrl"), QStringLiteral("src")},
                {QStringLiteral("AttributeNames"), QJsonArray{QStringLiteral("RedrivePolicy")}}});
        QCOMPARE(str(r.json().value(QStringLiteral("Attributes")).toObject(), "RedrivePolicy"),
            QStringLiteral(R"({"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:dlq","maxReceiveCount":1})"));
        r = f.client->json(
            QStringLiteral("ListDeadLetterSourceQueues"), {{QStringLiteral("QueueUrl"), QStringLiteral("dlq")}});
        QCOMPARE(r.json(), (QJsonObject{{QStringLiteral("queueUrls"), QJsonArray{url("src")}}}));
        r = f.client->query(
            QStringLiteral("ListDeadLetterSourceQueues"), {{QStringLiteral("QueueUrl"), QStringLiteral("dlq")}});
        QCOMPARE(r.x(QStringLiteral("ListDeadLetterSourceQueuesResponse/ListDeadLetterSourceQueuesResult/QueueUrl")),
            url("src"));
        r = f.client->json(
            QStringLiteral("ListDeadLetterSourceQueues"), {{QStringLiteral("QueueUrl"), QStringLiteral("src")}});
        QCOMPARE(r.json(), (QJsonObject{{QStringLiteral("queueUrls"), QJsonArray()}}));

        // A move task needs a dead-letter queue as its source.
        r = f.client->json(QStringLiteral("StartMessageMoveTask"),
            {{QStringLiteral("SourceArn"), QStringLiteral("arn:aws:sqs:us-east-1:000000000000:src")}});
        QCOMPARE(r.headers.value("x-amzn-query-error"), QByteArray("InvalidParameterValue;Sender"));
        r = f.client->json(QStringLiteral("StartMessageMoveTask"),
            {{QStringLiteral("SourceArn"), QStringLiteral("arn:aws:sqs:us-east-1:000000000000:none")}});
        QCOMPARE(r.headers.value("x-amzn-query-error"), QByteArray("ResourceNotFoundException;Sender"));
        QCOMPARE(r.status, 404);
        r = f.client->json(QStringLiteral("StartMessageMoveTask"),
            {{QStringLiteral("SourceArn"), QStringLiteral("arn:aws:sqs:us-east-1:000000000000:dlq")}});
        QCOMPARE(r.status, 200);
        const QString handle = str(r.json(), "TaskHandle");
        QVERIFY(!handle.isEmpty());
        QTRY_VERIFY(str(firstMoveTask(f, QStringLiteral("arn:aws:sqs:us-east-1:000000000000:dlq")), "Status")
            == QLatin1String("COMPLETED"));
        r = f.client->json(QStringLiteral("CancelMessageMoveTask"), {{QStringLiteral("TaskHandle"), handle}});
        QCOMPARE(r.headers.value("x-amzn-query-error"), QByteArray("ResourceNotFoundException;Sender"));
    }
};

QTEST_GUILESS_MAIN(TestSqsServer)
#include "tst_sqsserver.moc"
