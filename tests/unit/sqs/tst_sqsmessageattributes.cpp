// Message attributes: AWS's checks, its MD5 digest (against values AWS
// clients compute), the body character set, and how attributes are kept in
// headers so their data types come back exactly.

#include "broker/sqs/codec/SqsMessageAttributes.h"
#include "broker/sqs/codec/SqsReceipt.h"

#include <QJsonDocument>
#include <QTest>

using namespace depot::sqs;

namespace {

QJsonObject attr(const QString &type, const QString &value)
{
    return {{QStringLiteral("DataType"), type},
        {type.startsWith(QLatin1String("Binary")) ? QStringLiteral("BinaryValue") : QStringLiteral("StringValue"),
            value}};
}

} // namespace

class TestSqsMessageAttributes final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // Known digests: the SDKs compare their own with Depot's answer.
    void md5MatchesAws()
    {
        MessageAttributes one;
        QVERIFY(!parseMessageAttributes(QJsonObject{{QStringLiteral("SellerName"),
                                            attr(QStringLiteral("String"), QStringLiteral("Example Store"))}},
            false, &one));
        QCOMPARE(md5OfMessageAttributes(one), QStringLiteral("cd28f3b68aeee4b2eac9c66f2f694b58"));
        MessageAttributes two;
        QVERIFY(!parseMessageAttributes(
            QJsonObject{{QStringLiteral("ordinal"), attr(QStringLiteral("Number"), QStringLiteral("1"))},
                {QStringLiteral("category"), attr(QStringLiteral("String"), QStringLiteral("test"))}},
            false, &two));
        QCOMPARE(md5OfMessageAttributes(two), QStringLiteral("d21ae90c49061e927f57df5f5d72be1f"));
        QCOMPARE(md5OfMessageAttributes({}), QString());
        QCOMPARE(md5Hex("hello"), QByteArray("5d41402abc4b2a76b9719d911017c592"));
    }

    void binaryValuesUseTransportTwo()
    {
        MessageAttributes a;
        QVERIFY(!parseMessageAttributes(
            QJsonObject{{QStringLiteral("b"), attr(QStringLiteral("Binary"), QStringLiteral("AAEC"))}}, false, &a));
        QCOMPARE(a.value(QStringLiteral("b")).binaryValue, QByteArray("\x00\x01\x02", 3));
        // name "b", type "Binary", transport 2, value 00 01 02
        const QByteArray encoded = QByteArray::fromHex("0000000162"
                                                       "0000000642696e617279"
                                                       "02"
                                                       "00000003000102");
        QCOMPARE(md5OfMessageAttributes(a), QString::fromLatin1(md5Hex(encoded)));
    }

    void badAttributesAreRefused_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<int>("code");
        const int invalid = int(ErrorCode::InvalidParameterValue);
        QTest::newRow("reserved AWS.") << QByteArray(R"({"AWS.x":{"DataType":"String","StringValue":"v"}})") << invalid;
        QTest::newRow("reserved x-sqs-") << QByteArray(R"({"x-sqs-a":{"DataType":"String","StringValue":"v"}})")
                                         << invalid;
        QTest::newRow("bad name") << QByteArray(R"({"a b":{"DataType":"String","StringValue":"v"}})") << invalid;
        QTest::newRow("two dots") << QByteArray(R"({"a..b":{"DataType":"String","StringValue":"v"}})") << invalid;
        QTest::newRow("no type") << QByteArray(R"({"a":{"StringValue":"v"}})") << invalid;
        QTest::newRow("bad type") << QByteArray(R"({"a":{"DataType":"Float","StringValue":"1"}})") << invalid;
        QTest::newRow("empty custom") << QByteArray(R"({"a":{"DataType":"String.","StringValue":"1"}})") << invalid;
        QTest::newRow("no value") << QByteArray(R"({"a":{"DataType":"String"}})") << invalid;
        QTest::newRow("not a number") << QByteArray(R"({"a":{"DataType":"Number","StringValue":"x1"}})") << invalid;
        QTest::newRow("bad base64") << QByteArray(R"({"a":{"DataType":"Binary","BinaryValue":"!!"}})") << invalid;
        QTest::newRow("lists") << QByteArray(R"({"a":{"DataType":"String","StringListValues":["x"]}})") << invalid;
        QTest::newRow("control char") << QByteArray("{\"a\":{\"DataType\":\"String\",\"StringValue\":\"\\u0001\"}}")
                                      << int(ErrorCode::InvalidMessageContents);
        QByteArray eleven = "{";
        for (int i = 0; i < 11; ++i)
            eleven += (i ? "," : "") + QByteArray("\"a") + QByteArray::number(i)
                + "\":{\"DataType\":\"String\",\"StringValue\":\"v\"}";
        QTest::newRow("eleven") << (eleven + "}") << invalid;
    }
    void badAttributesAreRefused()
    {
        QFETCH(QByteArray, json);
        QFETCH(int, code);
        MessageAttributes a;
        const auto error = parseMessageAttributes(QJsonDocument::fromJson(json).object(), false, &a);
        QVERIFY(error);
        QCOMPARE(int(error->code), code);
    }

    void customTypesAndNumbersAreKept()
    {
        MessageAttributes a;
        QVERIFY(!parseMessageAttributes(
            QJsonObject{{QStringLiteral("f"), attr(QStringLiteral("Number.float"), QStringLiteral("-1.5e3"))},
                {QStringLiteral("s"), attr(QStringLiteral("String"), QStringLiteral("x"))},
                {QStringLiteral("b"), attr(QStringLiteral("Binary.gif"), QStringLiteral("R0lG"))},
                {QStringLiteral("r"), attr(QStringLiteral("Binary"), QStringLiteral("AA=="))}},
            false, &a));
        QVariantMap headers{{QStringLiteral("x-sqs-sent-timestamp"), 5}};
        writeAttributeHeaders(a, &headers);
        QCOMPARE(headers.value(QStringLiteral("s")).toString(), QStringLiteral("x"));
        QCOMPARE(headers.value(QStringLiteral("r")).toByteArray(), QByteArray(1, '\0'));
        QCOMPARE(readAttributeHeaders(headers), a);
    }

    void headersOfOtherProtocolsReadAsAttributes()
    {
        const QVariantMap headers{{QStringLiteral("n"), 42}, {QStringLiteral("t"), true},
            {QStringLiteral("x-sqs-sender-id"), QStringLiteral("me")}};
        const MessageAttributes a = readAttributeHeaders(headers);
        QCOMPARE(a.size(), 2);
        QCOMPARE(a.value(QStringLiteral("n")).dataType, QStringLiteral("Number"));
        QCOMPARE(a.value(QStringLiteral("n")).stringValue, QStringLiteral("42"));
        QCOMPARE(a.value(QStringLiteral("t")).stringValue, QStringLiteral("true"));
    }

    void bodyCharacters()
    {
        QVERIFY(!firstInvalidCharacter(QStringLiteral("tab\there\nnew\rline \u00e9 \U0001F600 \uFFFD")));
        QCOMPARE(firstInvalidCharacter(QStringLiteral("a\u0000b")).value_or(0), char32_t(0));
        QCOMPARE(firstInvalidCharacter(QString(QChar(0x1F))).value(), char32_t(0x1F));
        QCOMPARE(firstInvalidCharacter(QString(QChar(0xFFFE))).value(), char32_t(0xFFFE));
        QCOMPARE(firstInvalidCharacter(QString(QChar(0xD800))).value(), char32_t(0xD800)); // lone surrogate
        QCOMPARE(invalidCharacterError(0x1F).code, ErrorCode::InvalidMessageContents);
        QVERIFY(invalidCharacterError(0x1F).message.contains(QLatin1String("'#x1F'")));
    }

    void receiptHandlesRoundTrip()
    {
        const QString text = encodeReceiptHandle(QStringLiteral("orders"), 42, 7);
        const auto handle = decodeReceiptHandle(text);
        QVERIFY(handle);
        QCOMPARE(*handle, (ReceiptHandle{QStringLiteral("orders"), 42, 7}));
        QVERIFY(!decodeReceiptHandle(QString()));
        QVERIFY(!decodeReceiptHandle(QStringLiteral("not a handle")));
        QVERIFY(!decodeReceiptHandle(QStringLiteral("AAAA")));
        QVERIFY(!decodeReceiptHandle(encodeReceiptHandle(QStringLiteral("q"), 1, 0)));
        QVERIFY(!decodeReceiptHandle(text + QStringLiteral("==")));
    }
};

QTEST_GUILESS_MAIN(TestSqsMessageAttributes)
#include "tst_sqsmessageattributes.moc"
