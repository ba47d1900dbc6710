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

#include <snappy-c.h>
#include <zstd.h>

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

// The same builder with compression_type 2 (snappy, which kafka-python
// writes in xerial's framing), 3 (lz4) and 4 (zstd): three records
// "<codec> record N " * 10 at 1700000000000 + N, no key, no headers.
const QByteArray kSnappyBatch = QByteArray::fromHex(
    "000000000000000000000097000000000290fcb41a0002000000020000018bcfe568000000018bcfe56802ffffffffffffffffffffff"
    "ffffff0000000382534e4150505900000000010000000100000052fb035cce0200000001c002736e61707079207265636f7264203020"
    "fe1000fe10003e10001400ce0200020242a90000313aa900fe1000ee1000091001a904040442a90000323aa900fe1000ee100009100000");
const QByteArray kLz4Batch = QByteArray::fromHex(
    "0000000000000000000000890000000002c7b55f470003000000020000018bcfe568000000018bcfe56802ffffffffffffffffffffff"
    "ffffff0000000304224d186840a101000000000000ad41000000ff0692020000000184026c7a34207265636f72642030200d00626a00"
    "92020002028b0018318b000f0d0057008b002a04048b0018328b000f0d005350642032200000000000");
const QByteArray kZstdBatch = QByteArray::fromHex(
    "0000000000000000000000730000000002731fbc6a0004000000020000018bcfe568000000018bcfe56802ffffffffffffffffffffff"
    "ffffff0000000328b52ffd60bf00c501001402a6020000000198027a737464207265636f726420302000a602000202310404320008"
    "000fa4008e0b1a81150fa400c7c598aed891ce26");

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

// `batch`'s header over a new payload: length and CRC made right.
QByteArray withPayload(const QByteArray &batch, const QByteArray &payload, Compression c)
{
    QByteArray out = batch.first(BatchHeader::Size) + payload;
    qToBigEndian(qint32(out.size() - BatchHeader::LengthOverhead), out.data() + BatchHeader::LengthAt);
    qToBigEndian(qint16((qFromBigEndian<qint16>(out.constData() + BatchHeader::AttributesAt) & ~0x07) | int(c)),
        out.data() + BatchHeader::AttributesAt);
    fixCrc(out);
    return out;
}

// What kSnappyBatch's records are before compression.
QByteArray uncompressedRecordsOf(const QByteArray &batch)
{
    QString why;
    const BatchHeader h = readBatchHeader(batch);
    const auto records = decompress(h.compression(), QByteArrayView(batch).sliced(BatchHeader::Size), 1 << 20, &why);
    return records.value_or(QByteArray());
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

    void crc32cWithTheProcessorsInstructionMatchesTheTables()
    {
        // Every length up to a few steps, at every alignment, over bytes
        // that are not all alike; and the check value through the tables.
        QCOMPARE(crc32cPortable("123456789"), 0xE3069283u);
        QByteArray data(300, Qt::Uninitialized);
        for (int i = 0; i < data.size(); ++i)
            data[i] = char((i * 131 + 7) & 0xff);
        for (qsizetype offset = 0; offset < 8; ++offset) {
            for (qsizetype length = 0; length + offset <= 40; ++length) {
                const QByteArrayView part = QByteArrayView(data).sliced(offset, length);
                QCOMPARE(crc32c(part), crc32cPortable(part));
                QCOMPARE(crc32c(part, 0x12345678u), crc32cPortable(part, 0x12345678u));
            }
        }
        QCOMPARE(crc32c(data), crc32cPortable(data));
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

    void aCompactedBatchKeepsItsOffsetsAndProducer()
    {
        QList<Record> in;
        for (int i = 0; i < 4; ++i)
            in.append(Record{0, 1700000000000 + i, QByteArray("k") + QByteArray::number(i % 2), QByteArray::number(i), {}});
        QByteArray original = encodeBatch(in, 11, 2, 100);
        setBaseOffset(original, 40);
        const BatchHeader header = readBatchHeader(original);
        QList<Record> records;
        QVERIFY(!decodeRecords(BatchView{header, original}, &records));
        // Records 41 and 43 kept: the batch still covers 40..43, sequence 100..103.
        const QByteArray compacted = encodeCompactedBatch(header, {records[1], records[3]});
        const BatchHeader h = readBatchHeader(compacted);
        QCOMPARE(h.baseOffset, qint64(40));
        QCOMPARE(h.lastOffsetDelta, 3);
        QCOMPARE(h.recordCount, 2);
        QCOMPARE(h.producerId, qint64(11));
        QCOMPARE(h.producerEpoch, qint16(2));
        QCOMPARE(h.baseSequence, 100);
        QCOMPARE(h.maxTimestamp, qint64(1700000000003));
        QCOMPARE(crc32c(QByteArrayView(compacted).sliced(BatchHeader::AttributesAt)), h.crc);
        QList<Record> out;
        QVERIFY(!decodeRecords(BatchView{h, compacted}, &out));
        QCOMPARE(out.size(), 2);
        QCOMPARE(out[0].offset, qint64(41));
        QCOMPARE(out[0].value, QByteArray("1"));
        QCOMPARE(out[1].offset, qint64(43));
        QCOMPARE(out[1].timestamp, qint64(1700000000003));
        // A producer may not send such a batch: Produce takes contiguous offsets only.
        QList<BatchView> produced;
        const std::optional<BatchError> refused = splitBatches(compacted, &produced);
        QVERIFY(refused);
        QCOMPARE(refused->code, ErrorCode::InvalidRecord);
        // Emptied (kept for its producer's sequence): no records, the same span.
        const QByteArray empty = encodeCompactedBatch(header, {});
        QCOMPARE(readBatchHeader(empty).recordCount, 0);
        QCOMPARE(readBatchHeader(empty).lastOffsetDelta, 3);
        QVERIFY(!decodeRecords(BatchView{readBatchHeader(empty), empty}, &out));
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

    void everyCodecFromKafkaPythonDecodes_data()
    {
        QTest::addColumn<QByteArray>("batch");
        QTest::addColumn<int>("codec");
        QTest::addColumn<QByteArray>("name");
        QTest::newRow("snappy (xerial framing)") << kSnappyBatch << int(Compression::Snappy) << QByteArray("snappy");
        QTest::newRow("lz4 (frame)") << kLz4Batch << int(Compression::Lz4) << QByteArray("lz4");
        QTest::newRow("zstd") << kZstdBatch << int(Compression::Zstd) << QByteArray("zstd");
    }

    void everyCodecFromKafkaPythonDecodes()
    {
        QFETCH(QByteArray, batch);
        QFETCH(int, codec);
        QFETCH(QByteArray, name);
        const QList<BatchView> batches = split(batch);
        QCOMPARE(batches.size(), 1);
        QCOMPARE(int(batches[0].header.compression()), codec);
        QList<Record> records;
        const auto error = decodeRecords(batches[0], &records);
        QVERIFY2(!error, error ? qPrintable(error->text) : "");
        QCOMPARE(records.size(), 3);
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(*records[i].value, QByteArray(name + " record " + QByteArray::number(i) + ' ').repeated(10));
            QCOMPARE(records[i].offset, qint64(i));
            QCOMPARE(records[i].timestamp, qint64(1700000000000) + i);
        }
    }

    // librdkafka writes snappy without xerial's framing: one raw block.
    void rawSnappyDecodes()
    {
        const QByteArray plain = uncompressedRecordsOf(kSnappyBatch);
        QVERIFY(!plain.isEmpty());
        QByteArray compressed(qsizetype(snappy_max_compressed_length(size_t(plain.size()))), Qt::Uninitialized);
        size_t length = size_t(compressed.size());
        QCOMPARE(snappy_compress(plain.constData(), size_t(plain.size()), compressed.data(), &length), SNAPPY_OK);
        compressed.truncate(qsizetype(length));
        const QList<Record> records = recordsOf(withPayload(kSnappyBatch, compressed, Compression::Snappy));
        QCOMPARE(records.size(), 3);
        QCOMPARE(*records[2].value, QByteArray("snappy record 2 ").repeated(10));
    }

    // Compressed data that does not decompress is refused when produced, as
    // Kafka refuses it, with CORRUPT_MESSAGE: truncated, flipped bytes, a
    // snappy block claiming more than is there.
    void damagedCompressedDataIsRefused_data()
    {
        QTest::addColumn<QByteArray>("batch");
        for (const auto &[name, batch] : {std::pair{"snappy", kSnappyBatch}, std::pair{"lz4", kLz4Batch},
                 std::pair{"zstd", kZstdBatch}, std::pair{"gzip", kGzipBatch}}) {
            const QByteArray payload = batch.sliced(BatchHeader::Size);
            const Compression c = readBatchHeader(batch).compression();
            QTest::addRow("%s truncated", name) << withPayload(batch, payload.chopped(7), c);
            QByteArray flipped = payload;
            for (qsizetype i = payload.size() / 2; i < payload.size() / 2 + 6; ++i)
                flipped[i] = char(flipped[i] ^ 0x5a);
            QTest::addRow("%s flipped", name) << withPayload(batch, flipped, c);
            QTest::addRow("%s empty", name) << withPayload(batch, QByteArray(), c);
        }
        QByteArray lying = kSnappyBatch.sliced(BatchHeader::Size);
        qToBigEndian(quint32(1 << 30), lying.data() + 16);   // the first xerial block's length
        QTest::newRow("snappy block longer than the data") << withPayload(kSnappyBatch, lying, Compression::Snappy);
    }

    void damagedCompressedDataIsRefused()
    {
        QFETCH(QByteArray, batch);
        const auto error = refusal(batch);
        QVERIFY(error);
        QVERIFY2(error->code == ErrorCode::CorruptMessage || error->code == ErrorCode::InvalidRecord,
            qPrintable(error->text));
    }

    // A batch of a few kilobytes that would inflate to gigabytes is refused
    // without allocating them (64 MiB of records at most).
    void aDecompressionBombIsRefused()
    {
        const QByteArray zeros(80 * 1024 * 1024, '\0');
        QByteArray bomb(qsizetype(ZSTD_compressBound(size_t(zeros.size()))), Qt::Uninitialized);
        const size_t length = ZSTD_compress(bomb.data(), size_t(bomb.size()), zeros.constData(), size_t(zeros.size()), 19);
        QVERIFY(!ZSTD_isError(length));
        bomb.truncate(qsizetype(length));
        QVERIFY(bomb.size() < 64 * 1024);
        const auto error = refusal(withPayload(kZstdBatch, bomb, Compression::Zstd));
        QVERIFY(error);
        QCOMPARE(error->code, ErrorCode::CorruptMessage);
        QVERIFY2(error->text.contains(QLatin1String("past")), qPrintable(error->text));
    }

    void anUnknownCodecSaysSo()
    {
        QByteArray six = kPlainBatch;
        six[BatchHeader::AttributesAt + 1] = char(6);
        fixCrc(six);
        const auto error = refusal(six);
        QVERIFY(error);
        QCOMPARE(error->code, ErrorCode::UnsupportedCompressionType);
        QVERIFY2(error->text.contains(QLatin1String("6")), qPrintable(error->text));
    }
};

QTEST_APPLESS_MAIN(TstRecordBatch)
#include "tst_recordbatch.moc"
