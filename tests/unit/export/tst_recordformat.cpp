// Kafka records in the export format (broker/export/RecordFormat,
// docs/export-format.md, version 2): every record comes back as it was
// written (text and binary keys, values and headers, null keys and
// tombstones, repeated header keys, LogAppendTime); the header names the
// topic and says version 2 while a file of messages still says version 1;
// a file of one kind is refused where the other is expected, saying which
// it holds; bad lines are refused with their line and field.

#include "broker/export/RecordFormat.h"

#include <QTest>

using namespace depot;
using namespace depot::exportformat;

namespace {

QByteArray recordsFile(const QList<ExportedRecord> &records)
{
    Header h;
    h.topic = QStringLiteral("orders.eu");
    h.partition = 1;
    h.query = QStringLiteral("value.customer = \"frances\"");
    QByteArray file = encodeHeader(h);
    for (const ExportedRecord &r : records)
        file += encodeRecord(r);
    return file;
}

} // namespace

class TestRecordFormat final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void recordsRoundTrip()
    {
        QList<ExportedRecord> records;
        records.append({1, 41, 1'764'771'600'120, false, QByteArray("o-1"), QByteArray("{\"customer\":\"frances\"}"),
            {{QStringLiteral("tenant"), QByteArray("acme")}, {QStringLiteral("tenant"), QByteArray("globex")},
                {QStringLiteral("trace"), std::nullopt}}});
        records.append({1, 42, 1'764'771'600'480, true, std::nullopt, QByteArray("\xff\x00\xfe", 3),
            {{QStringLiteral("bin"), QByteArray("\x80\x81", 2)}}});
        records.append({1, 43, 0, false, QByteArray("gone"), std::nullopt, {}});   // a tombstone
        records.append({1, 44, 5, false, QByteArray(), QByteArray(), {}});        // empty, not null
        const QByteArray file = recordsFile(records);

        Header header;
        DecodeError error;
        QList<ExportedRecord> back;
        const auto count = decodeRecordsFile(file, &header, &error, [&](ExportedRecord &&r) { back.append(r); });
        QVERIFY2(count, qPrintable(error.message()));
        QCOMPARE(*count, qint64(4));
        QCOMPARE(back, records);
        QCOMPARE(header.version, RecordsVersion);
        QCOMPARE(header.topic, QStringLiteral("orders.eu"));
        QCOMPARE(header.partition, 1);
        QCOMPARE(header.query, QStringLiteral("value.customer = \"frances\""));
        QVERIFY(file.startsWith("{\"exported_at\""));
        QVERIFY(file.contains("\"version\":2"));
        QVERIFY(!file.split('\n').first().contains("\"queue\""));
        QVERIFY(file.contains("\"value\":\"/wD+\",\"value_encoding\":\"base64\""));
        QVERIFY(file.contains("\"timestamp_type\":\"LogAppendTime\""));
        QVERIFY(file.contains("\"key\":null"));
    }

    void aFileOfMessagesStaysVersionOne()
    {
        Header h;
        h.queue = QStringLiteral("orders");
        const QByteArray line = encodeHeader(h);
        QVERIFY(line.contains("\"version\":1"));
        QVERIFY(!line.contains("topic"));
        Header back;
        DecodeError error;
        QVERIFY(decodeHeader(line.chopped(1), 1, &back, &error));
        QCOMPARE(back.version, MessagesVersion);
        QVERIFY(back.topic.isEmpty());
        // Files of one kind are refused where the other is expected.
        QVERIFY(!decodeRecordsFile(line, nullptr, &error));
        QCOMPARE(error.field, QStringLiteral("topic"));
        QVERIFY2(error.message().contains(QStringLiteral("holds messages of queue 'orders'")), qPrintable(error.message()));
        QVERIFY(!decodeFile(recordsFile({}), nullptr, &error));
        QVERIFY2(error.message().contains(QStringLiteral("holds Kafka records of topic 'orders.eu'")),
            qPrintable(error.message()));
    }

    void badLinesAreRefusedWithLineAndField_data()
    {
        QTest::addColumn<QByteArray>("line");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("says");
        QTest::newRow("unknown field") << QByteArray("{\"partition\":0,\"offset\":1,\"timestamp\":2,\"key\":null,\"value\":null,\"colour\":1}")
                                       << "colour" << "is unknown";
        QTest::newRow("no key") << QByteArray("{\"partition\":0,\"offset\":1,\"timestamp\":2,\"value\":null}") << "key"
                                << "is missing";
        QTest::newRow("bad base64") << QByteArray("{\"partition\":0,\"offset\":1,\"timestamp\":2,\"key\":null,\"value\":\"!!\",\"value_encoding\":\"base64\"}")
                                    << "value" << "is not valid base64";
        QTest::newRow("bad encoding") << QByteArray("{\"partition\":0,\"offset\":1,\"timestamp\":2,\"key\":\"k\",\"key_encoding\":\"hex\",\"value\":null}")
                                      << "key_encoding" << "must be \"text\" or \"base64\"";
        QTest::newRow("negative offset") << QByteArray("{\"partition\":0,\"offset\":-1,\"timestamp\":2,\"key\":null,\"value\":null}")
                                         << "offset" << "must be an integer";
        QTest::newRow("header without key") << QByteArray("{\"partition\":0,\"offset\":1,\"timestamp\":2,\"key\":null,\"value\":null,\"headers\":[{\"value\":null}]}")
                                            << "headers[0].key" << "is missing";
        QTest::newRow("timestamp type") << QByteArray("{\"partition\":0,\"offset\":1,\"timestamp\":2,\"timestamp_type\":\"Now\",\"key\":null,\"value\":null}")
                                        << "timestamp_type" << "must be \"CreateTime\" or \"LogAppendTime\"";
    }

    void badLinesAreRefusedWithLineAndField()
    {
        QFETCH(QByteArray, line);
        QFETCH(QString, field);
        QFETCH(QString, says);
        DecodeError error;
        const QByteArray file = recordsFile({}) + line + '\n';
        QVERIFY(!decodeRecordsFile(file, nullptr, &error));
        QCOMPARE(error.line, qint64(2));
        QCOMPARE(error.field, field);
        QVERIFY2(error.text.contains(says), qPrintable(error.message()));
    }

    void versionOneHeadersKnowNoTopic()
    {
        DecodeError error;
        Header h;
        QVERIFY(!decodeHeader("{\"format\":\"depot-export\",\"version\":1,\"topic\":\"t\"}", 1, &h, &error));
        QCOMPARE(error.field, QStringLiteral("topic"));
        QVERIFY(error.text.contains(QStringLiteral("version 2")));
        QVERIFY(!decodeHeader("{\"format\":\"depot-export\",\"version\":3,\"topic\":\"t\"}", 1, &h, &error));
        QVERIFY(error.text.contains(QStringLiteral("newer than this Depot reads (2)")));
    }
};

QTEST_GUILESS_MAIN(TestRecordFormat)
#include "tst_recordformat.moc"
