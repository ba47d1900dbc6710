// Record batches (magic 2): batches made by an encoder nobody here wrote
// (kafka-python's DefaultRecordBatchBuilder, Debian's python3-kafka 2.0.2;
// the hex below is its output) decode to what it was given; the CRC-32C
// matches the standard check value; every corruption is refused with
// Kafka's error code; offsets and LogAppendTime rewrite without breaking
// the CRC.

#include "broker/kafka/codec/Crc32c.h"
#include "broker/kafka/codec/RecordBatch.h"

#include <QTest>
#include <QtEndian>

using namespace depot::kafka;

namespace {

// DefaultRecordBatchBuilder(magic=2, compression_type=0, producer_id=7,
// producer_epoch=1, base_sequence=5): two records, the first with key "k1",
// value "hello" and header h=v at 1700000000000, the second with a null key
// and value (a tombstone) 5 ms later.
const QByteArray kPlainBatch = QByteArray::fromHex(
    "00000000000000000000004a0000000002c861fcf00000000000010000018bcfe568000000018bcfe5680500000000000000070001"
    "000000050000000222000000046b310a68656c6c6f02026802760c000a02010100");

// The same builder with compression_type=1 (gzip): three records
// "gzip record N " * 10 at 1700000000000 + N.
const QByteArray kGzipBatch = QByteArray::fromHex(
    "0000000000000000000000760000000002cd84147e0001000000020000018bcfe568000000018bcfe56802ffffffffffffffffffffff"
    "ffffff000000031f8b08007a8e0f6b02ff5bc6c4c0c0c0388329bd2ab340a1283539bf2845c1406160790ccb98189898d01c65a830b0"
    "3c90a35858d01c65a430b03c0600bb6e39f2bf010000");

QList<BatchView> split(const QByteArray &records)
{
    QList<BatchView> batches;
    const std::optional<BatchError> error = splitBatches(records, &batches);
    if (error)
        qWarning() << "refused:" << error->text;
    return error ? QList<BatchView>{} : batches;
}

std::optional<BatchError> refusal(const QByteArray &records)
{
    return splitBatches(records, nullptr);
}

// The records of a one-batch blob that must be accepted and decode.
QList<Record> recordsOf(const QByteArray &batch)
{
    const QList<BatchView> batches = split(batch);
    QList<Record> records;
    if (batches.size() != 1 || decodeRecords(batches[0], &records))
        return {};
    return records;
}

// A batch edited in place gets its CRC made right again, so only what the
// edit broke can refuse it.
void fixCrc(QByteArray &batch)
{
    qToBigEndian(crc32c(QByteArrayView(batch).sliced(BatchHeader::AttributesAt)), batch.data() + BatchHeader::CrcAt);
}

} // namespace

class TstRecordBatch final : public QObject
{
    Q_OBJECT

private slots:
    void crc32cMatchesTheCheckValue()
    {
        // The CRC-32C of "123456789" is 0xE3069283 (RFC 3720, B.4).
        QCOMPARE(crc32c("123456789"), 0xE3069283u);
        QCOMPARE(crc32c(""), 0u);
        // Longer than the eight-byte steps, split anywhere: same result.
        const QByteArray data = QByteArray(1000, 'x') + "tail";
        QCOMPARE(crc32c(QByteArrayView(data).sliced(17), crc32c(QByteArrayView(data).first(17))), crc32c(data));
    }

    void aBatchFromKafkaPythonDecodes()
    {
        const QList<BatchView> batches = split(kPlainBatch);
        QCOMPARE(batches.size(), 1);
        const BatchHeader &h = batches[0].header;
        QCOMPARE(h.magic, qint8(2));
        QCOMPARE(h.recordCount, 2);
        QCOMPARE(h.producerId, qint64(7));
        QCOMPARE(h.producerEpoch, qint16(1));
        QCOMPARE(h.baseSequence, 5);
        QCOMPARE(h.compression(), Compression::None);
        QCOMPARE(batches[0].bytes.size(), kPlainBatch.size());

        QList<Record> records;
        const auto error = decodeRecords(batches[0], &records);
        QVERIFY2(!error, error ? qPrintable(error->text) : "");
        QCOMPARE(records.size(), 2);
        QCOMPARE(records[0].offset, qint64(0));
        QCOMPARE(records[0].timestamp, qint64(1700000000000));
        QCOMPARE(*records[0].key, QByteArray("k1"));
        QCOMPARE(*records[0].value, QByteArray("hello"));
        QCOMPARE(records[0].headers.size(), 1);
        QCOMPARE(records[0].headers[0].key, QStringLiteral("h"));
        QCOMPARE(*records[0].headers[0].value, QByteArray("v"));
        QCOMPARE(records[1].offset, qint64(1));
        QCOMPARE(records[1].timestamp, qint64(1700000000005));
        QVERIFY(!records[1].key);
        QVERIFY(!records[1].value);   // a tombstone
    }

    void aGzipBatchFromKafkaPythonInflates()
    {
        const QList<BatchView> batches = split(kGzipBatch);
        QCOMPARE(batches.size(), 1);
        QCOMPARE(batches[0].header.compression(), Compression::Gzip);
        QList<Record> records;
        const auto error = decodeRecords(batches[0], &records);
        QVERIFY2(!error, error ? qPrintable(error->text) : "");
        QCOMPARE(records.size(), 3);
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(*records[i].value, QByteArray("gzip record %1 ").replace("%1", QByteArray::number(i)).repeated(10));
            QCOMPARE(records[i].timestamp, qint64(1700000000000) + i);
        }
    }

    void ourEncoderRoundTrips()
    {
        QList<Record> in(3);
        for (int i = 0; i < 3; ++i) {
            in[i].timestamp = 1700000000000 + 10 * i;
            in[i].key = QByteArray("key-") + QByteArray::number(i);
            in[i].value = QByteArray(300 * i, char('a' + i));   // lengths past one varint byte
            in[i].headers = {{QStringLiteral("trace"), QByteArray("t") + QByteArray::number(i)},
                             {QStringLiteral("null"), std::nullopt}};
        }
        const QByteArray batch = encodeBatch(in, 11, 2, 100);
        const QList<BatchView> batches = split(batch);
        QCOMPARE(batches.size(), 1);
        QCOMPARE(batches[0].header.baseSequence, 100);
        QList<Record> out;
        QVERIFY(!decodeRecords(batches[0], &out));
        QCOMPARE(out.size(), 3);
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(out[i].timestamp, in[i].timestamp);
            QCOMPARE(out[i].key, in[i].key);
            QCOMPARE(out[i].value, in[i].value);
            QCOMPARE(out[i].headers.size(), 2);
            QCOMPARE(out[i].headers[0].value, in[i].headers[0].value);
            QVERIFY(!out[i].headers[1].value);
        }
    }

    void consecutiveBatchesSplit()
    {
        const QByteArray two = kPlainBatch + encodeBatch({Record{0, 5, std::nullopt, QByteArray("x"), {}}});
        const QList<BatchView> batches = split(two);
        QCOMPARE(batches.size(), 2);
        QCOMPARE(batches[1].header.recordCount, 1);
    }

    void aFlippedBitFailsTheCrc()
    {
        QByteArray bad = kPlainBatch;
        bad[bad.size() - 3] = char(bad[bad.size() - 3] ^ 0x01);
        const auto error = refusal(bad);
        QVERIFY(error);
        QCOMPARE(error->code, ErrorCode::CorruptMessage);
        QVERIFY2(error->text.contains(QLatin1String("CRC-32C")), qPrintable(error->text));
    }

    void otherMagicsAreInvalidRecords()
    {
        QByteArray old = kPlainBatch;
        old[BatchHeader::MagicAt] = 1;
        const auto error = refusal(old);
        QVERIFY(error);
        QCOMPARE(error->code, ErrorCode::InvalidRecord);
        QVERIFY2(error->text.contains(QLatin1String("magic 1")), qPrintable(error->text));
    }

    void truncationsAreCorrupt()
    {
        for (qsizetype cut : {qsizetype(5), qsizetype(30), kPlainBatch.size() - 1}) {
            const auto error = refusal(kPlainBatch.first(cut));
            QVERIFY2(error, qPrintable(QString::number(cut)));
            QCOMPARE(error->code, ErrorCode::CorruptMessage);
        }
        QCOMPARE(refusal(QByteArray())->code, ErrorCode::CorruptMessage);
    }

    void aLengthBelowTheHeaderIsCorrupt()
    {
        QByteArray bad = kPlainBatch;
        qToBigEndian(qint32(10), bad.data() + BatchHeader::LengthAt);
        QCOMPARE(refusal(bad)->code, ErrorCode::CorruptMessage);
    }

    void recordsThatDisagreeWithTheHeaderAreInvalid()
    {
        // A count of 3 over two records: the CRC is made right again, so only
        // the records' own layout can catch it.
        QByteArray bad = kPlainBatch;
        qToBigEndian(qint32(3), bad.data() + 57);
        qToBigEndian(qint32(2), bad.data() + 23);
        fixCrc(bad);
        const auto error = refusal(bad);
        QVERIFY(error);
        QCOMPARE(error->code, ErrorCode::InvalidRecord);
        // And a lastOffsetDelta that does not match the count.
        QByteArray delta = kPlainBatch;
        qToBigEndian(qint32(5), delta.data() + 23);
        fixCrc(delta);
        QCOMPARE(refusal(delta)->code, ErrorCode::InvalidRecord);
    }

    void theBaseOffsetIsRewrittenOutsideTheCrc()
    {
        QByteArray batch = kPlainBatch;
        setBaseOffset(batch, 1000);
        const QList<Record> records = recordsOf(batch);
        QCOMPARE(records.size(), 2);
        QCOMPARE(records[0].offset, qint64(1000));
        QCOMPARE(records[1].offset, qint64(1001));
    }

    void logAppendTimeReplacesEveryTimestamp()
    {
        QByteArray batch = kPlainBatch;
        stampLogAppendTime(batch, 1800000000000);
        QVERIFY(readBatchHeader(batch).logAppendTime());
        const QList<Record> records = recordsOf(batch);   // the CRC was recomputed
        QCOMPARE(records.size(), 2);
        QCOMPARE(records[0].timestamp, qint64(1800000000000));
        QCOMPARE(records[1].timestamp, qint64(1800000000000));
    }

    void codecsNotBuiltInSaySo()
    {
        QByteArray snappy = kPlainBatch;
        snappy[BatchHeader::AttributesAt + 1] = char(Compression::Snappy);
        fixCrc(snappy);
        const QList<BatchView> batches = split(snappy);
        QCOMPARE(batches.size(), 1);
        QList<Record> records;
        const auto error = decodeRecords(batches[0], &records);
        QVERIFY(error);
        QCOMPARE(error->code, ErrorCode::UnsupportedCompressionType);
        QVERIFY2(error->text.contains(QLatin1String("snappy")), qPrintable(error->text));
    }

    void garbageGzipIsCorrupt()
    {
        QByteArray bad = kGzipBatch;
        bad[BatchHeader::Size + 12] = char(bad[BatchHeader::Size + 12] ^ 0xff);
        fixCrc(bad);
        const QList<BatchView> batches = split(bad);
        QCOMPARE(batches.size(), 1);
        QList<Record> records;
        const auto error = decodeRecords(batches[0], &records);
        QVERIFY(error);
        QVERIFY(error->code == ErrorCode::CorruptMessage || error->code == ErrorCode::InvalidRecord);
    }
};

QTEST_APPLESS_MAIN(TstRecordBatch)
#include "tst_recordbatch.moc"
