// Copy as…, for real: the commands the window puts on the clipboard
// (CopyAsCommand) run by the tools they are for (curl, python3-pika,
// rabbitmq-c's amqp-publish) against a real `depot --headless`, and the
// message they publish read back through Depot's export (decoded with the
// export format's own decoder) must be the original: exchange, routing key,
// every property, every header with its type, the body byte for byte.

#include "broker/export/ExportFormat.h"
#include "tests/support/DepotProcess.h"
#include "ui/models/CopyAsCommand.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QProcess>
#include <QStandardPaths>
#include <QTest>

using namespace depot;
using namespace depot::ui;
using Format = CopyAsCommand::Format;

Q_DECLARE_METATYPE(depot::MessageContent)

namespace {

struct Ran
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Ran run(const QString &program, const QStringList &arguments)
{
    QProcess p;
    p.start(program, arguments);
    Ran ran;
    if (!p.waitForFinished(60000)) {
        p.kill();
        p.waitForFinished();
        ran.err = "timed out";
        return ran;
    }
    ran.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    ran.out = p.readAllStandardOutput();
    ran.err = p.readAllStandardError();
    return ran;
}

QString python()
{
    const QString configured = qEnvironmentVariable("DEPOT_IT_PYTHON");
    return configured.isEmpty() ? QStringLiteral("/usr/bin/python3") : configured;
}

const QString Queue = QStringLiteral("copied");

MessageContent base(const QByteArray &body)
{
    MessageContent m;
    m.routingKey = Queue;
    m.body = body;
    return m;
}

// Every property, as a publisher may set them (user_id must be the account
// that publishes, as RabbitMQ checks it).
void allProperties(MessageProperties &p)
{
    p.contentType = QStringLiteral("application/json");
    p.contentEncoding = QStringLiteral("identity");
    p.deliveryMode = 2;
    p.priority = 7;
    p.correlationId = QStringLiteral("corr 'it's' \"x\"");
    p.replyTo = QStringLiteral("replies");
    p.expiration = QStringLiteral("600000");
    p.messageId = QStringLiteral("m-10003");
    p.timestamp = 1764658800;
    p.type = QStringLiteral("order.created");
    p.userId = QStringLiteral("guest");
    p.appId = QStringLiteral("shop\nline two");
}

QByteArray everyByte()
{
    QByteArray b;
    for (int i = 0; i < 256; ++i)
        b.append(char(i));
    return b + QByteArray("'\"\\\n$(id)`id`");
}

} // namespace

namespace QTest {
template <> char *toString(const depot::MessageProperties &p)
{
    QStringList parts;
    parts << p.contentType.value_or(QStringLiteral("-")) << p.messageId.value_or(QStringLiteral("-"))
          << QString::number(p.deliveryMode.value_or(0)) << QString::number(p.timestamp.value_or(-1))
          << p.userId.value_or(QStringLiteral("-")) << p.appId.value_or(QStringLiteral("-"))
          << p.expiration.value_or(QStringLiteral("-")) << QString::number(p.priority.value_or(0));
    return qstrdup(qPrintable(parts.join(u'|')));
}
} // namespace QTest

class TestCopyAsClients final : public QObject
{
    Q_OBJECT

private:
    test::DepotProcess m_depot;

    Ran http(const QStringList &arguments)
    {
        return run(QStringLiteral("curl"), QStringList{QStringLiteral("-sS"), QStringLiteral("--fail-with-body"),
                                               QStringLiteral("-u"), QStringLiteral("guest:guest")}
                + arguments);
    }
    QString url(const QString &path) const
    {
        return QStringLiteral("http://127.0.0.1:%1%2").arg(m_depot.httpPort()).arg(path);
    }

private Q_SLOTS:
    void initTestCase()
    {
        for (const char *tool : {"curl", "amqp-publish", "base64"})
            QVERIFY2(!QStandardPaths::findExecutable(QLatin1String(tool)).isEmpty(),
                qPrintable(QStringLiteral("%1 is needed (Debian: curl, amqp-tools, coreutils)").arg(QLatin1String(tool))));
        QCOMPARE(run(python(), {QStringLiteral("-c"), QStringLiteral("import pika")}).exitCode, 0);
        QVERIFY2(m_depot.start({QStringLiteral("--in-memory")}), qPrintable(m_depot.errorString()));
        const Ran declared = http({QStringLiteral("-X"), QStringLiteral("PUT"), QStringLiteral("-H"),
            QStringLiteral("content-type: application/json"), QStringLiteral("-d"), QStringLiteral("{\"durable\":false}"),
            url(QStringLiteral("/api/queues/%2F/") + Queue)});
        QVERIFY2(declared.exitCode == 0, QByteArray(declared.out + declared.err).constData());
    }

    void cleanupTestCase() { m_depot.stop(); }

    void cleanup()
    {
        http({QStringLiteral("-X"), QStringLiteral("DELETE"), url(QStringLiteral("/api/queues/%2F/%1/contents").arg(Queue))});
    }

    void republishesExactly_data()
    {
        QTest::addColumn<int>("format");
        QTest::addColumn<MessageContent>("message");

        // curl, RabbitMQ's publish route: plain JSON headers, a UTF-8 body
        // with quotes and line breaks.
        MessageContent plain = base(QStringLiteral("{\"customer\": \"o'brien\",\n \"note\": \"grüße 日本 😀\"}").toUtf8());
        allProperties(plain.properties);
        plain.properties.headers = QVariantMap{{QStringLiteral("tenant"), QStringLiteral("it's \"acme\"\n")},
            {QStringLiteral("attempt"), QVariant::fromValue<qint64>(-3)},
            {QStringLiteral("ratio"), 0.1},
            {QStringLiteral("ok"), true},
            {QStringLiteral("nothing"), QVariant()},
            {QStringLiteral("nested"), QVariantMap{{QStringLiteral("list"), QVariantList{QStringLiteral("a"), false}}}}};
        QTest::addRow("curl publish, text body") << int(Format::Curl) << plain;

        // curl, a body that is not UTF-8: payload_encoding base64.
        MessageContent binary = base(everyByte());
        binary.properties.deliveryMode = 1;
        binary.properties.headers = QVariantMap{{QStringLiteral("kind"), QStringLiteral("bytes")}};
        QTest::addRow("curl publish, binary body") << int(Format::Curl) << binary;

        // curl, headers plain JSON cannot type: Depot's import through the exchange.
        MessageContent typed = base(everyByte());
        allProperties(typed.properties);
        typed.properties.headers = QVariantMap{{QStringLiteral("i8"), QVariant::fromValue<qint8>(-3)},
            {QStringLiteral("u16"), QVariant::fromValue<quint16>(65535)},
            {QStringLiteral("i32"), QVariant::fromValue<qint32>(3)},
            {QStringLiteral("u32"), QVariant::fromValue<quint32>(4000000000u)},
            {QStringLiteral("big"), QVariant::fromValue<qint64>(1099511627776LL * 100000)},
            {QStringLiteral("f"), QVariant::fromValue<float>(0.25f)},
            {QStringLiteral("d"), QVariant::fromValue<double>(2.0)},
            {QStringLiteral("price"), QVariant::fromValue(Decimal{2, 310})},
            {QStringLiteral("at"), QDateTime::fromSecsSinceEpoch(1764658800, Qt::UTC)},
            {QStringLiteral("raw"), QByteArray("\x00\xff'", 3)},
            {QStringLiteral("latin"), QVariant::fromValue(RawString{QByteArray("\xe9t\xe9")})}};
        QTest::addRow("curl import, typed headers") << int(Format::Curl) << typed;

        // pika: what it can type, a body of every byte.
        MessageContent forPika = base(everyByte());
        allProperties(forPika.properties);
        forPika.properties.headers = QVariantMap{{QStringLiteral("i32"), QVariant::fromValue<qint32>(-7)},
            {QStringLiteral("i64"), QVariant::fromValue<qint64>(5)},
            {QStringLiteral("price"), QVariant::fromValue(Decimal{2, 314})},
            {QStringLiteral("at"), QDateTime::fromSecsSinceEpoch(1764658800, Qt::UTC)},
            {QStringLiteral("raw"), QByteArray("\x00\xff'\"", 4)},
            {QStringLiteral("text"), QStringLiteral("it's \"x\"\n日本")},
            {QStringLiteral("table"), QVariantMap{{QStringLiteral("on"), true}, {QStringLiteral("none"), QVariant()}}},
            {QStringLiteral("list"), QVariantList{QVariant::fromValue<qint32>(1), QStringLiteral("two")}}};
        QTest::addRow("pika, typed headers, binary body") << int(Format::Pika) << forPika;

        MessageContent pikaText = base(QStringLiteral("line 1\nit's line 2\n").toUtf8());
        pikaText.exchange = QStringLiteral("amq.direct");
        pikaText.routingKey = QStringLiteral("bound");
        QTest::addRow("pika, no properties, through an exchange") << int(Format::Pika) << pikaText;

        // amqp-publish: what it can set, a text body with quotes and lines.
        MessageContent line = base(QStringLiteral("it's\n'quoted'\n$(id)\n").toUtf8());
        line.properties.contentType = QStringLiteral("text/plain");
        line.properties.contentEncoding = QStringLiteral("utf-8");
        line.properties.replyTo = QStringLiteral("answers");
        line.properties.deliveryMode = 2;
        line.properties.headers
            = QVariantMap{{QStringLiteral("tenant"), QStringLiteral("o'brien: \"x\"")}, {QStringLiteral("empty"), QString()}};
        QTest::addRow("amqp-publish, text body") << int(Format::AmqpPublish) << line;

        MessageContent lineBinary = base(everyByte());
        lineBinary.properties.deliveryMode = 1;
        QTest::addRow("amqp-publish, binary body") << int(Format::AmqpPublish) << lineBinary;
    }

    void republishesExactly()
    {
        QFETCH(int, format);
        QFETCH(MessageContent, message);
        if (message.exchange == QLatin1String("amq.direct")) {
            const Ran bound = http({QStringLiteral("-X"), QStringLiteral("POST"), QStringLiteral("-H"),
                QStringLiteral("content-type: application/json"), QStringLiteral("-d"),
                QStringLiteral("{\"routing_key\":\"bound\"}"),
                url(QStringLiteral("/api/bindings/%2F/e/amq.direct/q/") + Queue)});
            QVERIFY2(bound.exitCode == 0, QByteArray(bound.out + bound.err).constData());
        }
        CopyTarget target;
        target.amqpPort = m_depot.amqpPort();
        target.httpPort = m_depot.httpPort();
        target.sourceQueue = Queue;
        const auto outcome = CopyAsCommand::generate(Format(format), message, target);
        QVERIFY2(outcome.ok(), qPrintable(outcome.refusal));
        const Ran ran = Format(format) == Format::Pika
            ? run(python(), {QStringLiteral("-c"), outcome.text})
            : run(QStringLiteral("/bin/bash"), {QStringLiteral("-c"), outcome.text});
        QVERIFY2(ran.exitCode == 0, qPrintable(outcome.text + QStringLiteral("\n") + QString::fromUtf8(ran.out + ran.err)));

        // Read back through the export, with the export format's decoder.
        QList<exportformat::ExportedMessage> read;
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                read.clear();
                const Ran exported = http({url(QStringLiteral("/api/depot/queues/%2F/%1/export").arg(Queue))});
                exportformat::DecodeError error;
                exportformat::decodeFile(exported.out, nullptr, &error,
                    [&](exportformat::ExportedMessage &&m) { read.append(std::move(m)); });
                return read.size() == 1;
            }(),
            5000);
        const MessageContent &got = read.at(0).content;
        QCOMPARE(got.exchange, message.exchange);
        QCOMPARE(got.routingKey, message.routingKey);
        QCOMPARE(got.body.toHex(), message.body.toHex());
        QVERIFY(!got.deaths.hasDied());
        // Headers by their typed form: QVariant's == takes an int32 3 for an int64 3.
        QCOMPARE(QJsonDocument(exportformat::encodeTable(got.properties.headers.value_or(QVariantMap()))).toJson(),
            QJsonDocument(exportformat::encodeTable(message.properties.headers.value_or(QVariantMap()))).toJson());
        QCOMPARE(got.properties.headers.has_value(), message.properties.headers.has_value());
        MessageProperties gotRest = got.properties;
        MessageProperties wantRest = message.properties;
        gotRest.headers.reset();
        wantRest.headers.reset();
        QCOMPARE(gotRest, wantRest);
    }

    // What a tool cannot express is refused, and the refusal is right: the
    // tool really cannot (amqp-publish has no option for a message id).
    void amqpPublishHasNoMessageIdOption()
    {
        const Ran help = run(QStringLiteral("amqp-publish"), {QStringLiteral("--help")});
        QVERIFY(help.out.contains("--content-type") && help.out.contains("--header"));
        QVERIFY(!help.out.contains("message-id") && !help.out.contains("message_id"));
        MessageContent m = base("x");
        m.properties.deliveryMode = 1;
        m.properties.messageId = QStringLiteral("m-1");
        QVERIFY(!CopyAsCommand::generate(Format::AmqpPublish, m, CopyTarget()).ok());
    }
};


QTEST_GUILESS_MAIN(TestCopyAsClients)
#include "tst_copyasclients.moc"
