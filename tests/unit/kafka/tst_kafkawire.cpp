// Kafka's primitive types: the encodings the protocol guide gives, round
// trips at the edges, and every malformed input refused with a reason.

#include "broker/kafka/codec/KafkaWire.h"

#include <QTest>

using namespace depot::kafka::wire;

class TstKafkaWire final : public QObject
{
    Q_OBJECT

private slots:
    void zigzagVarintsAsTheGuideEncodesThem_data()
    {
        QTest::addColumn<qint32>("value");
        QTest::addColumn<QByteArray>("encoded");
        QTest::newRow("0") << 0 << QByteArray::fromHex("00");
        QTest::newRow("-1") << -1 << QByteArray::fromHex("01");
        QTest::newRow("1") << 1 << QByteArray::fromHex("02");
        QTest::newRow("-64") << -64 << QByteArray::fromHex("7f");
        QTest::newRow("64") << 64 << QByteArray::fromHex("8001");
        QTest::newRow("max") << std::numeric_limits<qint32>::max() << QByteArray::fromHex("feffffff0f");
        QTest::newRow("min") << std::numeric_limits<qint32>::min() << QByteArray::fromHex("ffffffff0f");
    }
    void zigzagVarintsAsTheGuideEncodesThem()
    {
        QFETCH(qint32, value);
        QFETCH(QByteArray, encoded);
        QByteArray out;
        Writer(out).varint(value);
        QCOMPARE(out.toHex(), encoded.toHex());
        Reader r(encoded);
        QCOMPARE(r.varint(), value);
        QVERIFY2(!r.failed() && r.atEnd(), qPrintable(r.error()));
    }

    void varlongsRoundTripAtTheEdges()
    {
        for (qint64 v : {qint64(0), qint64(-1), qint64(1700000000000), std::numeric_limits<qint64>::max(),
                         std::numeric_limits<qint64>::min()}) {
            QByteArray out;
            Writer(out).varlong(v);
            QVERIFY(out.size() <= 10);
            Reader r(out);
            QCOMPARE(r.varlong(), v);
            QVERIFY(r.atEnd() && !r.failed());
        }
    }

    void overlongVarintsAreRefused()
    {
        // Six bytes, or a fifth byte with more than four bits: beyond 32 bits.
        for (const char *hex : {"ffffffffff01", "ffffffff1f", "ffffffff"}) {
            const QByteArray rBytes = QByteArray::fromHex(hex);
            Reader r(rBytes);
            r.unsignedVarint();
            QVERIFY2(r.failed(), hex);
        }
        const QByteArray longerBytes = QByteArray::fromHex("ffffffffffffffffff7f");
        Reader longer(longerBytes);
        longer.varlong();
        QVERIFY(longer.failed());
        QVERIFY2(longer.error().contains(QLatin1String("64 bits")), qPrintable(longer.error()));
    }

    void fixedWidthIntegersAreBigEndian()
    {
        QByteArray out;
        Writer w(out);
        w.int16(0x0102);
        w.int32(-2);
        w.int64(0x0102030405060708);
        QCOMPARE(out.toHex(), QByteArray("0102fffffffe0102030405060708"));
        Reader r(out);
        QCOMPARE(r.int16(), qint16(0x0102));
        QCOMPARE(r.int32(), -2);
        QCOMPARE(r.int64(), qint64(0x0102030405060708));
        QVERIFY(r.atEnd());
        r.int8();
        QVERIFY(r.failed());
        QVERIFY2(r.error().contains(QLatin1String("truncated INT8")), qPrintable(r.error()));
    }

    void stringsNullableAndCompact()
    {
        QByteArray out;
        Writer w(out);
        w.string(QStringLiteral("rdkafka"));
        w.string(QString());
        w.compactString(QStringLiteral("é"));
        w.compactString(QString());
        QCOMPARE(out.toHex(), QByteArray("000772646b61666b61ffff03c3a900"));
        Reader r(out);
        QCOMPARE(r.string(), QStringLiteral("rdkafka"));
        QVERIFY(r.string(true).isNull());
        QCOMPARE(r.compactString(), QStringLiteral("é"));
        QVERIFY(r.compactString(true).isNull());
        QVERIFY(r.atEnd() && !r.failed());
    }

    void nullWhereNoneIsAllowedIsRefused()
    {
        const QByteArray aBytes = QByteArray::fromHex("ffff");
        Reader a(aBytes);
        a.string(false);
        QVERIFY(a.failed());
        const QByteArray bBytes = QByteArray::fromHex("fffe");
        Reader b(bBytes);   // -2 is never valid
        b.string(true);
        QVERIFY(b.failed());
        const QByteArray cBytes = QByteArray::fromHex("00");
        Reader c(cBytes);
        c.compactString(false);
        QVERIFY(c.failed());
        const QByteArray dBytes = QByteArray::fromHex("fffffffe");
        Reader d(dBytes);
        d.bytes(true);
        QVERIFY(d.failed());
    }

    void lengthsPastTheEndAreRefused()
    {
        const QByteArray rBytes = QByteArray::fromHex("0005616263");
        Reader r(rBytes);   // says 5, has 3
        r.string();
        QVERIFY(r.failed());
        QVERIFY2(r.error().contains(QLatin1String("5 bytes needed, 3 left")), qPrintable(r.error()));
    }

    void arrayCountsTheBytesCannotHoldAreRefusedBeforeAllocating()
    {
        const QByteArray rBytes = QByteArray::fromHex("7fffffff00");
        Reader r(rBytes);
        QCOMPARE(r.arrayLength(4), -1);
        QVERIFY(r.failed());
        const QByteArray okBytes = QByteArray::fromHex("00000002" "0000000100000002");
        Reader ok(okBytes);
        QCOMPARE(ok.arrayLength(4), 2);
        QVERIFY(!ok.failed());
        const QByteArray nullBytes = QByteArray::fromHex("ffffffff");
        Reader null(nullBytes);
        QCOMPARE(null.arrayLength(), -1);
        QVERIFY(!null.failed());
        const QByteArray compactBytes = QByteArray::fromHex("03" "0102");
        Reader compact(compactBytes);
        QCOMPARE(compact.compactArrayLength(1), 2);
        const QByteArray compactNullBytes = QByteArray::fromHex("00");
        Reader compactNull(compactNullBytes);
        QCOMPARE(compactNull.compactArrayLength(), -1);
        QVERIFY(!compactNull.failed());
    }

    void taggedFieldsAreSkipped()
    {
        // Two tagged fields (tag 0: 2 bytes, tag 5: 1 byte), then an INT8.
        const QByteArray rBytes = QByteArray::fromHex("02" "00" "02" "abcd" "05" "01" "ee" "2a");
        Reader r(rBytes);
        r.skipTaggedFields();
        QCOMPARE(r.int8(), qint8(42));
        QVERIFY(r.atEnd() && !r.failed());
        const QByteArray truncatedBytes = QByteArray::fromHex("01" "00" "05" "ab");
        Reader truncated(truncatedBytes);
        truncated.skipTaggedFields();
        QVERIFY(truncated.failed());
    }

    void afterTheFirstFailureNothingMoreIsRead()
    {
        const QByteArray rBytes = QByteArray::fromHex("00ff" "01020304");
        Reader r(rBytes);
        r.int32();   // 6 bytes: the first INT32 reads
        QVERIFY(!r.failed());
        r.int32();   // 2 bytes left: the second fails
        QVERIFY(r.failed());
        const QString first = r.error();
        r.int64();
        QCOMPARE(r.error(), first);
        QCOMPARE(r.remaining(), 0);
    }
};

QTEST_APPLESS_MAIN(TstKafkaWire)
#include "tst_kafkawire.moc"
