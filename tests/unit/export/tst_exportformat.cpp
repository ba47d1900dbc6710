// The export file format (docs/export-format.md): every AMQP field value type
// and every message field survives a write and a read as the same AMQP type
// (checked on the AMQP encoding's bytes, not only on QVariant's lenient ==),
// and every refusal names its line and field.

#include "broker/amqp/codec/FieldTable.h"
#include "broker/export/ExportFormat.h"
#include "broker/export/ExportValues.h"
#include "broker/export/JsonLine.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTest>
#include <cmath>
#include <limits>

using namespace depot;
using namespace depot::exportformat;

namespace {

// Through the text, as a file carries it.
QJsonValue throughText(const QJsonValue &v)
{
    const QByteArray text = QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact);
    return QJsonDocument::fromJson(text).array().at(0);
}

QByteArray amqpBytes(const QVariantMap &table)
{
    return amqp::encodeFieldTable(table);
}

ExportedMessage fullMessage()
{
    ExportedMessage m;
    m.id = 4711;
    m.redelivered = true;
    m.deliveryCount = 3;
    m.enqueuedAt = 1'764'658'000'123;
    MessageContent &c = m.content;
    c.origin = MessageOrigin{QStringLiteral("orders.in"), 1'764'657'000'456};
    c.exchange = QStringLiteral("orders");
    c.routingKey = QStringLiteral("eu.new");
    MessageProperties &p = c.properties;
    p.contentType = QStringLiteral("application/json");
    p.contentEncoding = QStringLiteral("identity");
    p.deliveryMode = 2;
    p.priority = 7;
    p.correlationId = QStringLiteral("c-1");
    p.replyTo = QStringLiteral("replies");
    p.expiration = QStringLiteral("60000");
    p.messageId = QStringLiteral("m-10003");
    p.timestamp = 1'764'658'000;
    p.type = QStringLiteral("order.created");
    p.userId = QStringLiteral("guest");
    p.appId = QStringLiteral("shop");
    p.clusterId = QString(); // present and empty is not absent
    p.headers = QVariantMap{
        {QStringLiteral("bool"), true},
        {QStringLiteral("byte"), QVariant::fromValue(qint8(-128))},
        {QStringLiteral("ubyte"), QVariant::fromValue(quint8(255))},
        {QStringLiteral("short"), QVariant::fromValue(qint16(-32768))},
        {QStringLiteral("ushort"), QVariant::fromValue(quint16(65535))},
        {QStringLiteral("int"), QVariant::fromValue(qint32(-2147483647 - 1))},
        {QStringLiteral("uint"), QVariant::fromValue(quint32(4294967295u))},
        {QStringLiteral("long"), QVariant::fromValue(std::numeric_limits<qint64>::max())},
        {QStringLiteral("float"), QVariant::fromValue(0.1f)},
        {QStringLiteral("double"), QVariant::fromValue(0.1)},
        {QStringLiteral("decimal"), QVariant::fromValue(Decimal{2, -12345})},
        {QStringLiteral("string"), QStringLiteral("frances ✓")},
        {QStringLiteral("raw"), QVariant::fromValue(RawString{QByteArray("\xff\xfe ok", 5)})},
        {QStringLiteral("bytes"), QByteArray("\x00\x01\x02\xff", 4)},
        {QStringLiteral("time"), QDateTime::fromSecsSinceEpoch(1'764'658'000, Qt::UTC)},
        {QStringLiteral("void"), QVariant()},
        {QStringLiteral("array"), QVariantList{1, QStringLiteral("two"), QVariantList{QVariant::fromValue(qint16(3))}}},
        {QStringLiteral("table"), QVariantMap{{QStringLiteral("nested"), QVariantMap{{QStringLiteral("n"), 1.5}}}}},
    };
    c.body = QByteArray("\x00\x9f\x92\x96 binary", 11);
    DeathRecord d;
    d.queue = QStringLiteral("orders");
    d.reason = DeathReason::Rejected;
    d.count = 2;
    d.timeMs = 1'764'658'001'000;
    d.exchange = QStringLiteral("");
    d.routingKeys = {QStringLiteral("orders"), QStringLiteral("cc")};
    d.originalExpiration = QStringLiteral("1000");
    c.deaths.records = {d};
    c.deaths.first = FirstDeath{QStringLiteral("orders"), DeathReason::Expired, QStringLiteral("amq.direct")};
    c.deaths.asPublished
        = QVariantMap{{QStringLiteral("x-death"), QVariantList{QVariantMap{{QStringLiteral("count"), 2}}}}};
    c.groupKey = QStringLiteral("group-1");
    c.deduplicationId = QStringLiteral("dedup-1");
    return m;
}

QByteArray fileOf(const QList<QByteArray> &messageLines)
{
    Header h;
    h.queue = QStringLiteral("orders");
    QByteArray file = encodeHeader(h);
    for (const QByteArray &line : messageLines) {
        file += line;
        if (!line.endsWith('\n'))
            file += '\n';
    }
    return file;
}

} // namespace

class TestExportFormat final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void fieldValueRoundTrip_data();
    void fieldValueRoundTrip();
    void nonFiniteFloats();
    void messageRoundTrip();
    void bodyIsTextOnlyWhenUtf8();
    void linesAreWhatQtsJsonWriterWrites();
    void textVerdictIsTheDecodersOnRandomBytes();
    void absentAndEmptyHeadersDiffer();
    void headerRoundTrip();
    void fileWithManyMessages();
    void refusals_data();
    void refusals();
    void bareNumbersFromHandWrittenFiles();
};

void TestExportFormat::fieldValueRoundTrip_data()
{
    QTest::addColumn<QVariant>("value");
    QTest::addRow("bool true") << QVariant(true);
    QTest::addRow("bool false") << QVariant(false);
    QTest::addRow("int8 min") << QVariant::fromValue(qint8(-128));
    QTest::addRow("int8 max") << QVariant::fromValue(qint8(127));
    QTest::addRow("uint8") << QVariant::fromValue(quint8(200));
    QTest::addRow("int16") << QVariant::fromValue(qint16(-300));
    QTest::addRow("uint16") << QVariant::fromValue(quint16(60000));
    QTest::addRow("int32") << QVariant::fromValue(qint32(-70000));
    QTest::addRow("uint32") << QVariant::fromValue(quint32(4000000000u));
    QTest::addRow("int64 min") << QVariant::fromValue(std::numeric_limits<qint64>::min());
    QTest::addRow("int64 max") << QVariant::fromValue(std::numeric_limits<qint64>::max());
    QTest::addRow("int64 beyond doubles") << QVariant::fromValue(qint64(9007199254740993));
    QTest::addRow("float") << QVariant::fromValue(3.14159f);
    QTest::addRow("float whole") << QVariant::fromValue(2.0f);
    QTest::addRow("double") << QVariant::fromValue(2.718281828459045);
    QTest::addRow("double whole") << QVariant::fromValue(2.0);
    QTest::addRow("double tiny") << QVariant::fromValue(5e-324);
    QTest::addRow("decimal") << QVariant::fromValue(Decimal{3, 123456});
    QTest::addRow("string") << QVariant(QStringLiteral("customer=frances"));
    QTest::addRow("string empty") << QVariant(QStringLiteral(""));
    QTest::addRow("raw string") << QVariant::fromValue(RawString{QByteArray("\xc3\x28", 2)});
    QTest::addRow("bytes") << QVariant(QByteArray("\x00\xff\x10", 3));
    QTest::addRow("bytes empty") << QVariant(QByteArray(""));
    QTest::addRow("timestamp") << QVariant(QDateTime::fromSecsSinceEpoch(1'700'000'000, Qt::UTC));
    QTest::addRow("void") << QVariant();
    QTest::addRow("array mixed") << QVariant(
        QVariantList{QVariant::fromValue(qint8(1)), QStringLiteral("a"), QVariant(), QVariant(QByteArray("x"))});
    QTest::addRow("array empty") << QVariant(QVariantList{});
    QTest::addRow("table nested") << QVariant(QVariantMap{
        {QStringLiteral("a"), QVariantMap{{QStringLiteral("b"), QVariant::fromValue(quint16(7))}}},
        {QStringLiteral("empty"), QVariantMap{}},
    });
}

void TestExportFormat::fieldValueRoundTrip()
{
    QFETCH(QVariant, value);
    const QJsonValue json = throughText(encodeFieldValue(value));
    QString error;
    const auto back = decodeFieldValue(json, QStringLiteral("h"), &error);
    QVERIFY2(back, qPrintable(error));
    // The same AMQP type and value: the bytes a consumer would receive.
    const QVariantMap before{{QStringLiteral("h"), value}};
    const QVariantMap after{{QStringLiteral("h"), *back}};
    QCOMPARE(amqpBytes(after).toHex(), amqpBytes(before).toHex());
}

void TestExportFormat::nonFiniteFloats()
{
    for (const double d : {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity(),
             -std::numeric_limits<double>::infinity()}) {
        for (const QVariant &v : {QVariant::fromValue(d), QVariant::fromValue(float(d))}) {
            QString error;
            const auto back = decodeFieldValue(throughText(encodeFieldValue(v)), QStringLiteral("h"), &error);
            QVERIFY2(back, qPrintable(error));
            QCOMPARE(back->typeId(), v.typeId());
            QCOMPARE(amqpBytes({{QStringLiteral("h"), *back}}).toHex(), amqpBytes({{QStringLiteral("h"), v}}).toHex());
        }
    }
}

void TestExportFormat::messageRoundTrip()
{
    const ExportedMessage m = fullMessage();
    const QByteArray line = encodeMessage(m);
    QVERIFY(line.endsWith('\n'));
    QCOMPARE(line.count('\n'), 1); // one line, whatever the body holds
    ExportedMessage back;
    DecodeError error;
    QVERIFY2(decodeMessage(line.chopped(1), 2, &back, &error), qPrintable(error.message()));
    QCOMPARE(back.id, m.id);
    QCOMPARE(back.redelivered, m.redelivered);
    QCOMPARE(back.deliveryCount, m.deliveryCount);
    QCOMPARE(back.enqueuedAt, m.enqueuedAt);
    QCOMPARE(back.content.exchange, m.content.exchange);
    QCOMPARE(back.content.routingKey, m.content.routingKey);
    QCOMPARE(back.content.body, m.content.body);
    QCOMPARE(back.content.deaths, m.content.deaths);
    QCOMPARE(back.content.groupKey, m.content.groupKey);
    QCOMPARE(back.content.deduplicationId, m.content.deduplicationId);
    QCOMPARE(back.content.origin, m.content.origin);
    QVERIFY(line.contains("\"first_enqueued\":{\"at\":1764657000456,\"queue\":\"orders.in\"}"));
    QVERIFY(back.content.properties.clusterId.has_value());
    // Headers by their AMQP bytes; the other properties by value.
    QCOMPARE(amqpBytes(*back.content.properties.headers).toHex(), amqpBytes(*m.content.properties.headers).toHex());
    MessageProperties a = back.content.properties;
    MessageProperties b = m.content.properties;
    a.headers.reset();
    b.headers.reset();
    QVERIFY(a == b);
    QCOMPARE(amqpBytes(back.content.deaths.asPublished).toHex(), amqpBytes(m.content.deaths.asPublished).toHex());
    // And written again, the same line.
    QCOMPARE(encodeMessage(back), line);
}

void TestExportFormat::bodyIsTextOnlyWhenUtf8()
{
    ExportedMessage m;
    m.content.body = "{\"customer\": \"frances\", \"note\": \"ü\"}";
    QJsonObject o = QJsonDocument::fromJson(encodeMessage(m)).object();
    QCOMPARE(o.value(QStringLiteral("body_encoding")).toString(), QStringLiteral("text"));
    QCOMPARE(o.value(QStringLiteral("body")).toString(), QString::fromUtf8(m.content.body));

    for (const QByteArray &body : {QByteArray("\xff\xfe", 2), QByteArray("\xc0\xaf", 2) /* overlong */,
             QByteArray("\xed\xa0\x80", 3) /* surrogate */, QByteArray("\xe2\x82", 2)}) {
        m.content.body = body;
        o = QJsonDocument::fromJson(encodeMessage(m)).object();
        QCOMPARE(o.value(QStringLiteral("body_encoding")).toString(), QStringLiteral("base64"));
        QCOMPARE(QByteArray::fromBase64(o.value(QStringLiteral("body")).toString().toLatin1()), body);
        ExportedMessage back;
        DecodeError error;
        QVERIFY(decodeMessage(encodeMessage(m).chopped(1), 2, &back, &error));
        QCOMPARE(back.content.body, body);
    }
    // An empty body is text, and stays empty.
    m.content.body.clear();
    ExportedMessage back;
    DecodeError error;
    QVERIFY(decodeMessage(encodeMessage(m), 2, &back, &error));
    QVERIFY(back.content.body.isEmpty());
}

void TestExportFormat::linesAreWhatQtsJsonWriterWrites()
{
    // Lines are written by hand for speed; read and written again by Qt's
    // JSON writer they must come out the same, byte for byte: the members
    // in Qt's order, strings escaped as Qt escapes them.
    QList<ExportedMessage> messages{fullMessage(), ExportedMessage{}};
    ExportedMessage m;
    m.id = std::numeric_limits<qint64>::max();
    m.enqueuedAt = 0;
    m.deliveryCount = std::numeric_limits<quint32>::max();
    m.content.exchange = QStringLiteral("ex \"quoted\" \\ back\tslash\x01");
    m.content.routingKey = QStringLiteral("ü € 😀 \u2028 \x7f");
    m.content.body = QByteArray("line\nbreak \"q\" \\ \x01\x1f \x7f ü 😀 \xe2\x80\xa8 end\r\n");
    m.content.properties.messageId = QStringLiteral("");
    m.content.properties.timestamp = 0;
    m.content.properties.headers = QVariantMap{};
    messages.append(m);
    m.content.body = QByteArray("\xef\xbb\xbf" "starts with a byte order mark");
    messages.append(m);
    m.content.body = QByteArray(300, 'x');
    m.content.properties = MessageProperties{};
    m.content.properties.deliveryMode = 1;
    messages.append(m);
    for (const ExportedMessage &message : std::as_const(messages)) {
        const QByteArray line = encodeMessage(message);
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(line, &error);
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString() + QString::fromUtf8(line)));
        QCOMPARE(doc.toJson(QJsonDocument::Compact) + '\n', line);
        ExportedMessage back;
        DecodeError decodeError;
        QVERIFY2(decodeMessage(line.chopped(1), 2, &back, &decodeError), qPrintable(decodeError.message()));
        QCOMPARE(back.content.body, message.content.body);
        QCOMPARE(back.content.exchange, message.content.exchange);
        QCOMPARE(back.content.routingKey, message.content.routingKey);
        QCOMPARE(back.id, message.id);
    }
    // A body with a byte order mark first is base64: Qt's decoder drops the mark.
    QVERIFY(encodeMessage(messages[3]).contains("\"body_encoding\":\"base64\""));
    QVERIFY(encodeMessage(messages[2]).contains("\"body_encoding\":\"text\""));
}

void TestExportFormat::textVerdictIsTheDecodersOnRandomBytes()
{
    // The fast UTF-8 check says "text" exactly when Qt's decoder gives the
    // bytes back: on random bytes, on random UTF-8 with one byte changed,
    // and on every one- and two-byte sequence.
    QRandomGenerator random(15);
    QList<QByteArray> samples;
    for (int i = 0; i < 256; ++i)
        samples.append(QByteArray(1, char(i)));
    for (int i = 0; i < 256; ++i) {
        for (int j = 0; j < 256; ++j) {
            const char pair[] = {char(i), char(j)};
            samples.append(QByteArray(pair, 2));
        }
    }
    for (int n = 0; n < 20'000; ++n) {
        QByteArray bytes(1 + int(random.bounded(12)), Qt::Uninitialized);
        for (char &c : bytes)
            c = char(random.bounded(256));
        samples.append(bytes);
        QString text;
        for (int k = 0; k < 6; ++k) {
            const char32_t code = char32_t(random.bounded(0x80, 0x10FFFF));
            if (code < 0xD800 || code > 0xDFFF)
                text += QString::fromUcs4(&code, 1);
        }
        if (text.isEmpty())
            continue;
        QByteArray utf8 = text.toUtf8();
        utf8[int(random.bounded(utf8.size()))] = char(random.bounded(256));
        samples.append(utf8);
        samples.append(text.toUtf8());
    }
    for (const QByteArray &bytes : std::as_const(samples)) {
        QString ignored;
        QVERIFY2(exportformat::detail::isUtf8Text(bytes) == exportformat::detail::isUtf8(bytes, &ignored),
            bytes.toHex().constData());
    }
}

void TestExportFormat::absentAndEmptyHeadersDiffer()
{
    ExportedMessage m;
    ExportedMessage back;
    DecodeError error;
    QVERIFY(decodeMessage(encodeMessage(m), 2, &back, &error));
    QVERIFY(!back.content.properties.headers.has_value());
    m.content.properties.headers = QVariantMap{};
    QVERIFY(decodeMessage(encodeMessage(m), 2, &back, &error));
    QVERIFY(back.content.properties.headers.has_value());
    QVERIFY(back.content.properties.headers->isEmpty());
}

void TestExportFormat::headerRoundTrip()
{
    Header h;
    h.exportedAt = QStringLiteral("2026-12-02T07:00:00.000Z");
    h.queue = QStringLiteral("orders.dlq");
    h.filter = QStringLiteral("frances");
    h.filterRegex = true;
    h.filterCaseSensitive = true;
    h.query = QStringLiteral("body.customer = \"frances\" and deaths.count >= 1");
    h.producer = QStringLiteral("Depot 1.0");
    const QByteArray line = encodeHeader(h);
    const QJsonObject o = QJsonDocument::fromJson(line).object();
    QCOMPARE(o.value(QStringLiteral("format")).toString(), QStringLiteral("depot-export"));
    QCOMPARE(o.value(QStringLiteral("version")).toInt(), 1);
    QVERIFY(!o.contains(QStringLiteral("count"))); // unknown while streaming
    Header back;
    DecodeError error;
    QVERIFY2(decodeHeader(line, 1, &back, &error), qPrintable(error.message()));
    QCOMPARE(back.queue, h.queue);
    QCOMPARE(back.exportedAt, h.exportedAt);
    QCOMPARE(back.filter, h.filter);
    QVERIFY(back.filterRegex);
    QVERIFY(back.filterCaseSensitive);
    QCOMPARE(back.query, h.query);
    QCOMPARE(o.value(QStringLiteral("query")).toString(), h.query);
    QCOMPARE(back.producer, h.producer);
    QCOMPARE(back.vhost, QStringLiteral("/"));
}

void TestExportFormat::fileWithManyMessages()
{
    QList<QByteArray> lines;
    for (int i = 0; i < 100; ++i) {
        ExportedMessage m;
        m.id = quint64(i + 1);
        m.content.body = QByteArray::number(i);
        lines.append(encodeMessage(m));
    }
    const QByteArray file = fileOf(lines);
    QList<ExportedMessage> read;
    Header h;
    DecodeError error;
    const auto count = decodeFile(file, &h, &error, [&](ExportedMessage &&m) { read.append(m); });
    QVERIFY2(count, qPrintable(error.message()));
    QCOMPARE(*count, 100);
    QCOMPARE(read.size(), 100);
    QCOMPARE(read.at(42).content.body, QByteArray("42"));
    QCOMPARE(h.queue, QStringLiteral("orders"));
    // CRLF line ends read the same; no final line break is fine too.
    QByteArray crlf = file;
    crlf.replace("\n", "\r\n");
    QCOMPARE(decodeFile(crlf, nullptr, &error).value_or(-1), 100);
    QCOMPARE(decodeFile(file.chopped(1), nullptr, &error).value_or(-1), 100);
    // A header alone is an empty export.
    QCOMPARE(decodeFile(fileOf({}), nullptr, &error).value_or(-1), 0);
}

void TestExportFormat::refusals_data()
{
    QTest::addColumn<QByteArray>("file");
    QTest::addColumn<qint64>("line");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("words");

    const QByteArray ok = encodeMessage(ExportedMessage{}).chopped(1);
    const auto withField = [&](const char *json) -> QByteArray {
        QByteArray line = ok;
        line.chop(1);
        return line + ',' + json + '}';
    };
    QTest::addRow("empty file") << QByteArray() << qint64(1) << QString() << QStringLiteral("missing");
    QTest::addRow("first line a message")
        << QByteArray(ok + '\n') << qint64(1) << QString() << QStringLiteral("header");
    QTest::addRow("another format") << QByteArray("{\"format\":\"rabbit\",\"version\":1}\n") << qint64(1)
                                    << QStringLiteral("format") << QStringLiteral("not a Depot export");
    QTest::addRow("newer version") << QByteArray("{\"format\":\"depot-export\",\"version\":3}\n") << qint64(1)
                                   << QStringLiteral("version") << QStringLiteral("newer");
    QTest::addRow("unknown header field") << QByteArray("{\"format\":\"depot-export\",\"version\":1,\"count\":3}\n")
                                          << qint64(1) << QStringLiteral("count") << QStringLiteral("is unknown");
    QTest::addRow("not json") << fileOf({ok, "{\"body\": nope}"}) << qint64(3) << QString()
                              << QStringLiteral("not JSON");
    QTest::addRow("not an object") << fileOf({"[1,2]"}) << qint64(2) << QString() << QStringLiteral("JSON object");
    QTest::addRow("empty line") << fileOf({ok, "", ok}) << qint64(3) << QString() << QStringLiteral("empty");
    QTest::addRow("unknown field") << fileOf({withField("\"colour\":\"red\"")}) << qint64(2) << QStringLiteral("colour")
                                   << QStringLiteral("is unknown");
    QTest::addRow("unknown property") << fileOf(
        {withField("\"properties\":{\"colour\":\"red\"}").replace("\"properties\":{},", "")})
                                      << qint64(2) << QStringLiteral("properties.colour")
                                      << QStringLiteral("is unknown");
    QTest::addRow("delivery mode 3") << fileOf(
        {withField("\"properties\":{\"delivery_mode\":3}").replace("\"properties\":{},", "")})
                                     << qint64(2) << QStringLiteral("properties.delivery_mode")
                                     << QStringLiteral("1 to 2");
    QTest::addRow("priority a string") << fileOf(
        {withField("\"properties\":{\"priority\":\"high\"}").replace("\"properties\":{},", "")})
                                       << qint64(2) << QStringLiteral("properties.priority")
                                       << QStringLiteral("integer");
    QTest::addRow("unknown value type") << fileOf({withField("\"headers\":{\"h\":{\"int64\":5}}")}) << qint64(2)
                                        << QStringLiteral("headers.h") << QStringLiteral("one key naming its type");
    QTest::addRow("byte out of range") << fileOf({withField("\"headers\":{\"h\":{\"byte\":300}}")}) << qint64(2)
                                       << QStringLiteral("headers.h.byte") << QStringLiteral("-128 to 127");
    QTest::addRow("int a fraction") << fileOf({withField("\"headers\":{\"h\":{\"int\":1.5}}")}) << qint64(2)
                                    << QStringLiteral("headers.h.int") << QStringLiteral("integer");
    QTest::addRow("bytes not base64") << fileOf({withField("\"headers\":{\"h\":{\"bytes\":\"***\"}}")}) << qint64(2)
                                      << QStringLiteral("headers.h.bytes") << QStringLiteral("base64");
    QTest::addRow("nested table") << fileOf({withField("\"headers\":{\"t\":{\"table\":{\"x\":{\"uint\":-1}}}}")})
                                  << qint64(2) << QStringLiteral("headers.t.table.x.uint") << QStringLiteral("0 to");
    QTest::addRow("in an array") << fileOf({withField("\"headers\":{\"a\":[1,{\"short\":70000}]}")}) << qint64(2)
                                 << QStringLiteral("headers.a[1].short") << QStringLiteral("integer");
    QTest::addRow("timestamp negative") << fileOf({withField("\"headers\":{\"t\":{\"timestamp\":-1}}")}) << qint64(2)
                                        << QStringLiteral("headers.t.timestamp") << QStringLiteral("seconds");
    QTest::addRow("decimal field") << fileOf(
        {withField("\"headers\":{\"d\":{\"decimal\":{\"scale\":1,\"value\":1,\"x\":1}}}")})
                                   << qint64(2) << QStringLiteral("headers.d.decimal.x") << QStringLiteral("unknown");
    QByteArray noBody = ok;
    noBody.replace("\"body\":\"\",", "");
    QTest::addRow("body missing") << fileOf({noBody}) << qint64(2) << QStringLiteral("body")
                                  << QStringLiteral("missing");
    QTest::addRow("body not base64") << fileOf(
        {QByteArray(ok)
                .replace("\"body_encoding\":\"text\"", "\"body_encoding\":\"base64\"")
                .replace("\"body\":\"\"", "\"body\":\"!!\"")})
                                     << qint64(2) << QStringLiteral("body") << QStringLiteral("base64");
    QTest::addRow("body encoding") << fileOf(
        {QByteArray(ok).replace("\"body_encoding\":\"text\"", "\"body_encoding\":\"hex\"")})
                                   << qint64(2) << QStringLiteral("body_encoding") << QStringLiteral("text");
    QTest::addRow("death reason") << fileOf(
        {withField("\"deaths\":[{\"queue\":\"q\",\"reason\":\"bored\",\"count\":1,\"time\":0,\"exchange\":\"\","
                   "\"routing_keys\":[]}]")})
                                  << qint64(2) << QStringLiteral("deaths[0].reason")
                                  << QStringLiteral("rejected, expired");
    QTest::addRow("death unknown field") << fileOf(
        {withField("\"deaths\":[{\"queue\":\"q\",\"reason\":\"expired\",\"count\":1,\"time\":0,\"exchange\":\"\","
                   "\"routing_keys\":[],\"why\":1}]")})
                                         << qint64(2) << QStringLiteral("deaths[0].why")
                                         << QStringLiteral("is unknown");
    QTest::addRow("first death missing queue")
        << fileOf({withField("\"first_death\":{\"reason\":\"expired\",\"exchange\":\"\"}")}) << qint64(2)
        << QStringLiteral("first_death.queue") << QStringLiteral("missing");
    QTest::addRow("first enqueued without its time")
        << fileOf({withField("\"first_enqueued\":{\"queue\":\"orders\"}")}) << qint64(2)
        << QStringLiteral("first_enqueued.at") << QStringLiteral("missing");
    QTest::addRow("first enqueued with an unknown field")
        << fileOf({withField("\"first_enqueued\":{\"queue\":\"orders\",\"at\":1,\"by\":\"me\"}")})
        << qint64(2) << QStringLiteral("first_enqueued.by") << QStringLiteral("is unknown");
    QTest::addRow("second message bad") << fileOf({ok, ok, withField("\"x\":1")}) << qint64(4) << QStringLiteral("x")
                                        << QStringLiteral("is unknown");
}

void TestExportFormat::refusals()
{
    QFETCH(QByteArray, file);
    QFETCH(qint64, line);
    QFETCH(QString, field);
    QFETCH(QString, words);
    DecodeError error;
    int visited = 0;
    const auto count = decodeFile(file, nullptr, &error, [&](ExportedMessage &&) { ++visited; });
    QVERIFY2(!count, file.constData());
    QCOMPARE(error.line, line);
    QCOMPARE(error.field, field);
    QVERIFY2(error.message().contains(words), qPrintable(error.message()));
    QVERIFY2(error.message().startsWith(QStringLiteral("line %1").arg(line)), qPrintable(error.message()));
    // Messages before the bad line were read, none after it.
    QVERIFY(visited <= qMax<qint64>(0, line - 2));
}

void TestExportFormat::bareNumbersFromHandWrittenFiles()
{
    QString error;
    const auto whole = decodeFieldValue(QJsonValue(5), QStringLiteral("h"), &error);
    QVERIFY(whole);
    QCOMPARE(whole->typeId(), QMetaType::LongLong);
    const auto fraction = decodeFieldValue(QJsonValue(0.5), QStringLiteral("h"), &error);
    QVERIFY(fraction);
    QCOMPARE(fraction->typeId(), QMetaType::Double);
}

QTEST_GUILESS_MAIN(TestExportFormat)
#include "tst_exportformat.moc"
