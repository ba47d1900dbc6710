// CopyAsCommand without a broker: the quoting survives a real shell and a
// real Python byte for byte, each tool gets the form it can send exactly,
// and what a tool cannot express is refused naming the header or property.
// tests/integration/tst_copyasclients runs the commands against depot.

#include "broker/export/ExportFormat.h"
#include "ui/models/CopyAsCommand.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace depot;
using namespace depot::ui;

namespace {

QByteArray run(const QString &program, const QStringList &arguments)
{
    QProcess p;
    p.start(program, arguments);
    if (!p.waitForFinished(20000) || p.exitCode() != 0) {
        qWarning() << program << arguments << p.readAllStandardError();
        return "<failed>";
    }
    return p.readAllStandardOutput();
}

QString python()
{
    return QFile::exists(QStringLiteral("/usr/bin/python3")) ? QStringLiteral("/usr/bin/python3")
                                                             : QStringLiteral("python3");
}

MessageContent message(const QVariantMap &headers, const QByteArray &body = "{\"id\":1}")
{
    MessageContent m;
    m.routingKey = QStringLiteral("orders");
    m.properties.contentType = QStringLiteral("application/json");
    m.properties.deliveryMode = 2;
    if (!headers.isEmpty())
        m.properties.headers = headers;
    m.body = body;
    return m;
}

} // namespace

class TestCopyAsCommand final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void shellQuoteSurvivesTheShell_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addRow("plain") << QStringLiteral("orders.dlq");
        QTest::addRow("empty") << QString();
        QTest::addRow("single quotes") << QStringLiteral("it's 'quoted' ''");
        QTest::addRow("newlines") << QStringLiteral("line 1\nline 2\r\n\n");
        QTest::addRow("shell syntax") << QStringLiteral("$HOME `id` $(id) \\ \" ! * ? ; & | > < # ~ {a,b}");
        QTest::addRow("unicode") << QStringLiteral("grüße 日本 😀");
        QString every;
        for (char16_t c = 1; c < 0x300; ++c)
            every += QChar(c);
        QTest::addRow("every character to U+02FF") << every;
    }

    void shellQuoteSurvivesTheShell()
    {
        QFETCH(QString, text);
        const QString quoted = CopyAsCommand::shellQuote(text);
        QCOMPARE(run(QStringLiteral("/bin/sh"), {QStringLiteral("-c"), QStringLiteral("printf '%s' ") + quoted}),
            text.toUtf8());
        if (text == QLatin1String("orders.dlq"))
            QCOMPARE(quoted, text); // safe words stay bare, for reading
    }

    void pythonLiteralsSurvivePython()
    {
        QString text = QStringLiteral("it's \"x\" \\ \n\r\t grüße 日本 😀 \x01\x7f");
        QByteArray bytes;
        for (int i = 0; i < 256; ++i)
            bytes.append(char(i));
        const QString script = QStringLiteral("import sys\nsys.stdout.buffer.write(%1.encode('utf-8'))\n"
                                              "sys.stdout.buffer.write(%2)\n")
                                   .arg(CopyAsCommand::pythonString(text), CopyAsCommand::pythonBytes(bytes));
        QCOMPARE(run(python(), {QStringLiteral("-c"), script}), text.toUtf8() + bytes);
        // All ASCII: nothing for a clipboard or terminal to mangle.
        for (QChar c : QString(CopyAsCommand::pythonString(text) + CopyAsCommand::pythonBytes(bytes)))
            QVERIFY(c.unicode() >= 0x20 && c.unicode() < 0x7f);
    }

    // Plain JSON headers go through RabbitMQ's publish route, a body that is
    // not UTF-8 as base64.
    void curlUsesThePublishRoute()
    {
        MessageContent m = message({{QStringLiteral("tenant"), QStringLiteral("acme")},
            {QStringLiteral("attempt"), QVariant::fromValue<qint64>(3)},
            {QStringLiteral("ratio"), 0.25}});
        m.body = QByteArray("\xff\x00\x01", 3);
        CopyTarget target;
        target.httpPort = 15999;
        const auto outcome = CopyAsCommand::generate(CopyAsCommand::Format::Curl, m, target);
        QVERIFY(outcome.ok());
        QVERIFY(outcome.text.contains(QStringLiteral("http://127.0.0.1:15999/api/exchanges/%2F/amq.default/publish")));
        QVERIFY(outcome.text.contains(QStringLiteral("\"payload_encoding\":\"base64\"")));
        QVERIFY(outcome.text.contains(QStringLiteral("\"payload\":\"/wAB\"")));
        QVERIFY(outcome.text.contains(QStringLiteral("\"attempt\":3")));
    }

    // An int32 header cannot be said in plain JSON (it would come back as
    // an int64): the command imports a one-message export file instead.
    void curlImportsWhatPlainJsonCannotType()
    {
        const MessageContent m = message({{QStringLiteral("attempt"), QVariant::fromValue<qint32>(3)}});
        const auto outcome = CopyAsCommand::generate(CopyAsCommand::Format::Curl, m, CopyTarget());
        QVERIFY(outcome.ok());
        QVERIFY(outcome.text.contains(QStringLiteral("/api/depot/exchanges/%2F/amq.default/import")));
        // What the shell hands to curl is an export file the decoder reads
        // back as the same message.
        const QString printf = outcome.text.section(QStringLiteral(" | curl"), 0, 0);
        const QByteArray file = run(QStringLiteral("/bin/sh"), {QStringLiteral("-c"), printf});
        exportformat::Header header;
        exportformat::DecodeError error;
        QList<exportformat::ExportedMessage> read;
        QCOMPARE(exportformat::decodeFile(file, &header, &error, [&](exportformat::ExportedMessage &&x) {
            read.append(std::move(x));
        }),
            std::optional<qint64>(1));
        QCOMPARE(read.at(0).content.properties, m.properties);
        QCOMPARE(exportformat::encodeTable(*read.at(0).content.properties.headers),
            exportformat::encodeTable(*m.properties.headers));
    }

    void accountOtherThanGuestIsReadFromTheEnvironment()
    {
        CopyTarget target;
        target.user = QStringLiteral("ops");
        target.password = QStringLiteral("s3cret");
        for (const auto format : CopyAsCommand::Formats) {
            const auto outcome = CopyAsCommand::generate(format, message({}), target);
            QVERIFY(outcome.ok());
            QVERIFY2(!outcome.text.contains(QStringLiteral("s3cret")), qPrintable(outcome.text));
            QVERIFY(outcome.text.contains(QStringLiteral("DEPOT_PASSWORD")));
        }
    }

    void listenerThatIsOffIsSaid()
    {
        CopyTarget target;
        target.amqpPort = 0;
        QVERIFY(CopyAsCommand::generate(CopyAsCommand::Format::Curl, message({}), target).ok());
        const auto pika = CopyAsCommand::generate(CopyAsCommand::Format::Pika, message({}), target);
        QVERIFY(pika.refusal.contains(QStringLiteral("--amqp-port 0")));
        target.httpPort = 0;
        QVERIFY(CopyAsCommand::generate(CopyAsCommand::Format::Curl, message({}), target)
                    .refusal.contains(QStringLiteral("--http-port 0")));
    }

    void pikaRefusesWhatItCannotSend_data()
    {
        QTest::addColumn<QVariant>("value");
        QTest::addColumn<QString>("words");
        QTest::addRow("int8") << QVariant::fromValue<qint8>(-3) << "an 8-bit integer";
        QTest::addRow("uint16") << QVariant::fromValue<quint16>(3) << "an unsigned 16-bit integer";
        QTest::addRow("uint32") << QVariant::fromValue<quint32>(3) << "an unsigned 32-bit integer";
        QTest::addRow("float") << QVariant::fromValue<float>(0.5f) << "a float";
        QTest::addRow("double") << QVariant::fromValue<double>(0.5) << "a double";
        QTest::addRow("raw string") << QVariant::fromValue(RawString{QByteArray("\xff")}) << "not UTF-8";
        QTest::addRow("decimal with trailing zero") << QVariant::fromValue(Decimal{2, 310}) << "trailing zeros";
    }

    void pikaRefusesWhatItCannotSend()
    {
        QFETCH(QVariant, value);
        QFETCH(QString, words);
        const QVariantMap nested{{QStringLiteral("inner"), value}};
        const auto outcome = CopyAsCommand::generate(
            CopyAsCommand::Format::Pika, message({{QStringLiteral("outer"), nested}}), CopyTarget());
        QVERIFY(!outcome.ok());
        QVERIFY(outcome.text.isEmpty());
        QVERIFY2(outcome.refusal.contains(QStringLiteral("'outer.inner'")), qPrintable(outcome.refusal));
        QVERIFY2(outcome.refusal.contains(words), qPrintable(outcome.refusal));
    }

    // The script is valid Python that builds the same typed values.
    void pikaScriptCompiles()
    {
        const MessageContent m = message({{QStringLiteral("attempt"), QVariant::fromValue<qint32>(3)},
            {QStringLiteral("big"), QVariant::fromValue<qint64>(3)},
            {QStringLiteral("price"), QVariant::fromValue(Decimal{2, 314})},
            {QStringLiteral("at"), QDateTime::fromSecsSinceEpoch(1764658800, Qt::UTC)},
            {QStringLiteral("raw"), QByteArray("\x00\x01", 2)},
            {QStringLiteral("list"), QVariantList{QStringLiteral("a"), true, QVariant()}}});
        const auto outcome = CopyAsCommand::generate(CopyAsCommand::Format::Pika, m, CopyTarget());
        QVERIFY2(outcome.ok(), qPrintable(outcome.refusal));
        QVERIFY(outcome.text.contains(QStringLiteral("\"attempt\": 3,")));
        QVERIFY(outcome.text.contains(QStringLiteral("\"big\": long(3),")));
        QVERIFY(outcome.text.contains(QStringLiteral("decimal.Decimal(314).scaleb(-2)")));
        QTemporaryDir dir;
        QFile script(dir.filePath(QStringLiteral("republish.py")));
        QVERIFY(script.open(QIODevice::WriteOnly));
        script.write(outcome.text.toUtf8());
        script.close();
        QCOMPARE(run(python(), {QStringLiteral("-m"), QStringLiteral("py_compile"), script.fileName()}), QByteArray());
    }

    void amqpPublishRefusesWhatItCannotSet_data()
    {
        QTest::addColumn<int>("what");
        QTest::addColumn<QString>("words");
        QTest::addRow("message_id") << 0 << "message_id";
        QTest::addRow("typed header") << 1 << "header 'attempt' is not text";
        QTest::addRow("no delivery mode") << 2 << "always sets a delivery mode";
        QTest::addRow("value with a leading space") << 3 << "header 'pad'";
    }

    void amqpPublishRefusesWhatItCannotSet()
    {
        QFETCH(int, what);
        QFETCH(QString, words);
        MessageContent m = message({});
        if (what == 0)
            m.properties.messageId = QStringLiteral("m-1");
        if (what == 1)
            m.properties.headers = QVariantMap{{QStringLiteral("attempt"), QVariant::fromValue<qint32>(3)}};
        if (what == 2)
            m.properties.deliveryMode.reset();
        if (what == 3)
            m.properties.headers = QVariantMap{{QStringLiteral("pad"), QStringLiteral("  x")}};
        const auto outcome = CopyAsCommand::generate(CopyAsCommand::Format::AmqpPublish, m, CopyTarget());
        QVERIFY(!outcome.ok());
        QVERIFY2(outcome.refusal.contains(words), qPrintable(outcome.refusal));
    }

    void amqpPublishLine()
    {
        MessageContent m = message({{QStringLiteral("tenant"), QStringLiteral("o'brien")}}, QByteArray("a\0b", 3));
        m.properties.replyTo = QStringLiteral("replies");
        CopyTarget target;
        target.amqpPort = 5999;
        const auto outcome = CopyAsCommand::generate(CopyAsCommand::Format::AmqpPublish, m, target);
        QVERIFY2(outcome.ok(), qPrintable(outcome.refusal));
        QCOMPARE(outcome.text,
            QStringLiteral("printf '%s' YQBi | base64 -d | amqp-publish --server 127.0.0.1 --port 5999 --username "
                           "guest --password guest -e '' -r orders -C application/json -t replies -p -H "
                           "'tenant: o'\\''brien'"));
    }
};

QTEST_GUILESS_MAIN(TestCopyAsCommand)
#include "tst_copyascommand.moc"
