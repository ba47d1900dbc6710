// Message sets of magic 0 and 1 (Produce v0-v2): sets made by an encoder
// nobody here wrote (kafka-python's LegacyRecordBatchBuilder, Debian's
// python3-kafka 2.0.2; the hex below is its output) convert to one
// uncompressed magic-2 batch of the same records; a bad CRC-32, every
// truncation, mixed magics, undefined attribute bits, zstd, a nested or
// damaged compressed message are refused with Kafka's error code and a text
// naming the message.

#include "broker/kafka/codec/MessageSet.h"
#include "broker/kafka/codec/RecordBatch.h"

#include <QTest>
#include <QtEndian>
#include <lz4frame.h>

using namespace depot::kafka;

namespace {

// LegacyRecordBatchBuilder(magic, compression_type, batch_size=1 MiB) with
// three messages: key "k1" value "first", a null key with value "second",
// key "k3" with a null value; magic 1 at 1700000000000, +5 and +9 ms.
// (kafka-python writes magic-0 lz4 only with the xxhash module, which
// Debian does not package: that one is made with LZ4F below.)
const QByteArray kMagic0None = QByteArray::fromHex(
    "000000000000000000000015d58e1fa10000000000026b31000000056669727374000000000000000100000014a6f2489d0000ff"
    "ffffff000000067365636f6e64000000000000000200000010b643ca6a0000000000026b33ffffffff");
const QByteArray kMagic0Gzip = QByteArray::fromHex(
    "00000000000000000000005dde3e07450001ffffffff0000004f1f8b08006b53106b02ff63608003d1ab7df20bc12ca66c4320c9"
    "9a9659545c029564046291659f3ce63230fc0702208fad3835393f2f052acf04c402db9c4f65410d3006a902000e11da6d5d0000"
    "00");
const QByteArray kMagic0Snappy = QByteArray::fromHex(
    "0000000000000000000000739c30cdd20002ffffffff0000006582534e41505059000000000100000001000000515d0000190110"
    "15d58e1fa1050f2c026b3100000005666972737405116c00000100000014a6f2489d0000ffffffff000000067365636f6e640009"
    "01500200000010b643ca6a0000000000026b33ffffffff");
const QByteArray kMagic1None = QByteArray::fromHex(
    "00000000000000000000001d3a55dd4701000000018bcfe56800000000026b310000000566697273740000000000000001000000"
    "1c9ba73a5501000000018bcfe56805ffffffff000000067365636f6e64000000000000000200000018ebc4afd601000000018bcf"
    "e56809000000026b33ffffffff");
const QByteArray kMagic1Gzip = QByteArray::fromHex(
    "00000000000000000000007016d0009e01010000000000000000ffffffff0000005a1f8b08006b53106b02ff6360800359abd0bb"
    "ee8c400663f7f9a7192011a66c4320c99a9659545c025504929799bddc2a14ae90f53f1000396cc5a9c9f9792950754c402cf1fa"
    "c8fa6b70759c60038d41aa013fa8884875000000");
const QByteArray kMagic1Snappy = QByteArray::fromHex(
    "00000000000000000000008c4f214f5501020000000000000000ffffffff0000007682534e415050590000000001000000010000"
    "00627500001901341d3a55dd4701000000018bcfe56801182c026b310000000566697273740110080000000120101c9ba73a5501"
    "0905293805ffffffff000000067365636f6e6401252c0000000200000018ebc4afd615282809000000026b33ffffffff");
const QByteArray kMagic1Lz4 = QByteArray::fromHex(
    "00000000000000000000008c3799b79301030000000000000000ffffffff0000007604224d1868407500000000000000e75f0000"
    "0016000100e01d3a55dd4701000000018bcfe5681800c0026b310000000566697273741000001c00850000001c9ba73a552900f1"
    "0005ffffffff000000067365636f6e642600b500000200000018ebc4afd62800b009000000026b33ffffffff00000000");

constexpr int CrcAt = 12; // after offset and size
constexpr int MagicAt = 16;
constexpr int AttributesAt = 17;

// The first message's CRC made right again after an edit.
void fixCrc(QByteArray &set)
{
    const qint32 size = qFromBigEndian<qint32>(set.constData() + 8);
    qToBigEndian(messageCrc(QByteArrayView(set).sliced(MagicAt, size - 4)), set.data() + CrcAt);
}

// One magic-0 message with codec lz4 whose value is `inner` in an LZ4
// frame (LZ4F's own, with a right header checksum).
QByteArray lz4Magic0(const QByteArray &inner, qsizetype *checksumAt)
{
    QByteArray frame(qsizetype(LZ4F_compressFrameBound(size_t(inner.size()), nullptr)), '\0');
    frame.resize(qsizetype(
        LZ4F_compressFrame(frame.data(), size_t(frame.size()), inner.constData(), size_t(inner.size()), nullptr)));
    const quint8 flags = quint8(frame[4]);
    QByteArray message(12, '\0'); // offset 0, size below
    message += QByteArray(4, '\0'); // CRC, below
    message += QByteArray::fromHex("0003"
                                   "ffffffff"); // magic 0, lz4; null key
    QByteArray length(4, '\0');
    qToBigEndian(qint32(frame.size()), length.data());
    *checksumAt = message.size() + 4 + 4 + 2 + ((flags & 0x08) ? 8 : 0) + ((flags & 0x01) ? 4 : 0);
    message += length + frame;
    qToBigEndian(qint32(message.size() - 12), message.data() + 8);
    fixCrc(message);
    return message;
}

std::optional<BatchError> convert(const QByteArray &set, QList<Record> *records = nullptr)
{
    QByteArray batch;
    std::optional<BatchError> error = convertMessageSet(set, &batch);
    if (error)
        return error;
    QList<BatchView> batches;
    if (auto refused = splitBatches(batch, &batches))
        return BatchError{refused->code, QStringLiteral("the converted batch: ") + refused->text};
    if (batches.size() != 1 || batches[0].header.compression() != Compression::None)
        return BatchError{ErrorCode::UnknownServerError, QStringLiteral("not one uncompressed batch")};
    if (records)
        decodeRecords(batches[0], records);
    return std::nullopt;
}

} // namespace

class TstMessageSet : public QObject
{
    Q_OBJECT

private slots:
    void kafkaPythonsSetsConvert_data()
    {
        QTest::addColumn<QByteArray>("set");
        QTest::addColumn<int>("magic");
        QTest::addRow("magic 0") << kMagic0None << 0;
        QTest::addRow("magic 0 gzip") << kMagic0Gzip << 0;
        QTest::addRow("magic 0 snappy (xerial)") << kMagic0Snappy << 0;
        QTest::addRow("magic 1") << kMagic1None << 1;
        QTest::addRow("magic 1 gzip") << kMagic1Gzip << 1;
        QTest::addRow("magic 1 snappy (xerial)") << kMagic1Snappy << 1;
        QTest::addRow("magic 1 lz4") << kMagic1Lz4 << 1;
    }

    void kafkaPythonsSetsConvert()
    {
        QFETCH(QByteArray, set);
        QFETCH(int, magic);
        QVERIFY(isMessageSet(set));
        QList<Record> records;
        const std::optional<BatchError> error = convert(set, &records);
        QVERIFY2(!error, error ? qPrintable(error->text) : "");
        QCOMPARE(records.size(), 3);
        QCOMPARE(records[0].key, std::optional<QByteArray>("k1"));
        QCOMPARE(records[0].value, std::optional<QByteArray>("first"));
        QCOMPARE(records[1].key, std::nullopt);
        QCOMPARE(records[1].value, std::optional<QByteArray>("second"));
        QCOMPARE(records[2].key, std::optional<QByteArray>("k3"));
        QCOMPARE(records[2].value, std::nullopt); // a tombstone stays one
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(records[i].offset, qint64(i));
            QVERIFY(records[i].headers.isEmpty());
        }
        // Magic 0 has no timestamps (-1, as Kafka's converted records have).
        const QList<qint64> times
            = magic == 0 ? QList<qint64>{-1, -1, -1} : QList<qint64>{1700000000000, 1700000000005, 1700000000009};
        QCOMPARE((QList<qint64>{records[0].timestamp, records[1].timestamp, records[2].timestamp}), times);
    }

    // Kafka 0.8 computed a magic-0 lz4 frame's header checksum wrongly, and
    // Kafka does not check it for magic 0; magic 1's is checked.
    void lz4FrameChecksumsAsKafkaReadsThem()
    {
        qsizetype at = 0;
        const QByteArray right = lz4Magic0(kMagic0None, &at);
        QList<Record> records;
        QVERIFY(!convert(right, &records)); // the checksum recomputed is the same
        QCOMPARE(records.size(), 3);
        QCOMPARE(records[1].value, std::optional<QByteArray>("second"));

        QByteArray wrong = right;
        wrong[at] = char(wrong[at] ^ 0x5a);
        fixCrc(wrong);
        records.clear();
        const std::optional<BatchError> error = convert(wrong, &records);
        QVERIFY2(!error, error ? qPrintable(error->text) : "");
        QCOMPARE(records.size(), 3);

        // kafka-python's magic-1 lz4 (frame at byte 34 of the message, its
        // descriptor with a content size: the checksum 4 + 10 bytes in).
        QByteArray magic1 = kMagic1Lz4;
        QCOMPARE(quint8(magic1[34 + 4]) & 0x08, 0x08);
        magic1[34 + 14] = char(magic1[34 + 14] ^ 0x5a);
        fixCrc(magic1);
        const std::optional<BatchError> refused = convert(magic1);
        QVERIFY(refused);
        QCOMPARE(refused->code, ErrorCode::CorruptMessage);
        QVERIFY2(refused->text.startsWith(QStringLiteral("the compressed message at byte 0 (lz4): ")),
            qPrintable(refused->text));
    }

    void aMagic2BatchIsNotAMessageSet()
    {
        QVERIFY(!isMessageSet(encodeBatch({Record{0, 1, QByteArray("k"), QByteArray("v"), {}}})));
        QVERIFY(!isMessageSet(QByteArray(16, '\0'))); // too short to say
    }

    void aLogAppendTimeWrapperStampsItsMessages()
    {
        // The gzip wrapper (timestamp 0) marked LogAppendTime at 1800000000000.
        QByteArray set = kMagic1Gzip;
        set[AttributesAt] = char(0x01 | 0x08);
        qToBigEndian(qint64(1800000000000), set.data() + AttributesAt + 1);
        fixCrc(set);
        QList<Record> records;
        QVERIFY(!convert(set, &records));
        QCOMPARE(records.size(), 3);
        for (const Record &r : records)
            QCOMPARE(r.timestamp, qint64(1800000000000));
    }

    void aFlippedBitFailsTheCrc_data()
    {
        QTest::addColumn<QByteArray>("set");
        QTest::addColumn<int>("at");
        QTest::addColumn<QString>("names");
        // In the second message's value ("second"): that message is named.
        QTest::addRow("plain, second message") << kMagic1None << 41 + 34 << QStringLiteral("byte 41 ");
        QTest::addRow("plain, the stored CRC") << kMagic0None << CrcAt + 1 << QStringLiteral("byte 0 ");
        QTest::addRow("gzip wrapper") << kMagic1Gzip << int(kMagic1Gzip.size()) - 5 << QStringLiteral("byte 0 ");
    }

    void aFlippedBitFailsTheCrc()
    {
        QFETCH(QByteArray, set);
        QFETCH(int, at);
        QFETCH(QString, names);
        set[at] = char(set[at] ^ 0x10);
        const std::optional<BatchError> error = convert(set);
        QVERIFY(error);
        QCOMPARE(error->code, ErrorCode::CorruptMessage);
        QVERIFY2(error->text.contains(QStringLiteral("fails its CRC-32")), qPrintable(error->text));
        QVERIFY2(error->text.contains(names), qPrintable(error->text));
    }

    void truncationsInsideAMessageAreCorrupt()
    {
        for (const QByteArray &set : {kMagic0None, kMagic1None, kMagic1Gzip}) {
            // Cut where a message ends, a set is whole again (shorter).
            QList<qsizetype> ends;
            for (qsizetype at = 0; at < set.size(); ends << at)
                at += 12 + qFromBigEndian<qint32>(set.constData() + at + 8);
            for (qsizetype n = 0; n < set.size(); ++n) {
                QList<Record> records;
                const std::optional<BatchError> error = convert(set.first(n), &records);
                if (n > 0 && ends.contains(n)) {
                    QVERIFY2(!error, error ? qPrintable(error->text) : "");
                    QCOMPARE(records.size(), ends.indexOf(n) + 1);
                    continue;
                }
                QVERIFY2(error, qPrintable(QStringLiteral("%1 of %2 bytes accepted").arg(n).arg(set.size())));
                QCOMPARE(error->code, ErrorCode::CorruptMessage);
                QVERIFY(!error->text.isEmpty());
            }
        }
        const std::optional<BatchError> cut = convert(kMagic1None.first(kMagic1None.size() - 3));
        QVERIFY2(cut->text.contains(QStringLiteral("the message at byte 81 says it has 24 bytes, 21 remain")),
            qPrintable(cut->text));
    }

    void aKeyLongerThanItsMessageIsCorrupt()
    {
        QByteArray set = kMagic0None;
        qToBigEndian(qint32(1000), set.data() + AttributesAt + 1); // the first key's length
        fixCrc(set);
        const std::optional<BatchError> error = convert(set);
        QVERIFY(error);
        QCOMPARE(error->code, ErrorCode::CorruptMessage);
        QVERIFY2(error->text.contains(QStringLiteral("key and value do not fill")), qPrintable(error->text));
    }

    void mixedMagicsAreInvalid()
    {
        const std::optional<BatchError> error = convert(kMagic0None + kMagic1None);
        QVERIFY(error);
        QCOMPARE(error->code, ErrorCode::InvalidRecord);
        QVERIFY2(error->text.contains(
                     QStringLiteral("byte %1 has magic 1 after messages of magic 0").arg(kMagic0None.size())),
            qPrintable(error->text));
    }

    void undefinedAttributesAreInvalid()
    {
        QByteArray set = kMagic0None;
        set[AttributesAt] = char(0x08); // the timestamp type: magic 1 only
        fixCrc(set);
        const std::optional<BatchError> error = convert(set);
        QVERIFY(error);
        QCOMPARE(error->code, ErrorCode::InvalidRecord);
        QVERIFY2(error->text.contains(QStringLiteral("attributes 0x08, which magic 0 does not define")),
            qPrintable(error->text));
    }

    void zstdAndUnknownCodecsAreUnsupported_data()
    {
        QTest::addColumn<int>("codec");
        QTest::addColumn<QString>("says");
        QTest::addRow("zstd") << 4 << QStringLiteral("compression 4, which magic 1 does not have (zstd needs magic 2)");
        QTest::addRow("5") << 5 << QStringLiteral("compression 5, which magic 1 does not have");
    }

    void zstdAndUnknownCodecsAreUnsupported()
    {
        QFETCH(int, codec);
        QFETCH(QString, says);
        QByteArray set = kMagic1Gzip;
        set[AttributesAt] = char(codec);
        fixCrc(set);
        const std::optional<BatchError> error = convert(set);
        QVERIFY(error);
        QCOMPARE(error->code, ErrorCode::UnsupportedCompressionType);
        QVERIFY2(error->text.contains(says), qPrintable(error->text));
    }

    void damagedCompressedDataIsCorrupt()
    {
        // The gzip stream's last bytes (its CRC and length) damaged, with
        // the message's own CRC-32 made right.
        QByteArray set = kMagic1Gzip;
        set[set.size() - 2] = char(set[set.size() - 2] ^ 0x55);
        fixCrc(set);
        const std::optional<BatchError> error = convert(set);
        QVERIFY(error);
        QCOMPARE(error->code, ErrorCode::CorruptMessage);
        QVERIFY2(error->text.startsWith(QStringLiteral("the compressed message at byte 0 (gzip): ")),
            qPrintable(error->text));
    }

    void aNullWrapperValueIsCorrupt()
    {
        // A gzip message with no value: "compressed", but nothing inside.
        QByteArray set = kMagic0None.first(24); // up to the first value's length
        set.append(QByteArray::fromHex("ffffffff"));
        qToBigEndian(qint32(set.size() - 12), set.data() + 8);
        set[AttributesAt] = char(0x01);
        fixCrc(set);
        const std::optional<BatchError> error = convert(set);
        QVERIFY(error);
        QCOMPARE(error->code, ErrorCode::CorruptMessage);
        QVERIFY2(error->text.contains(QStringLiteral("has a null value")), qPrintable(error->text));
    }

    void nothingIsCorrupt()
    {
        QByteArray batch;
        const std::optional<BatchError> error = convertMessageSet(QByteArrayView(), &batch);
        QVERIFY(error);
        QCOMPARE(error->code, ErrorCode::CorruptMessage);
        QCOMPARE(error->text, QStringLiteral("no message"));
    }
};

QTEST_APPLESS_MAIN(TstMessageSet)
#include "tst_messageset.moc"
