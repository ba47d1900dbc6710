// Field values and tables: every wire type RabbitMQ's clients send, at its
// boundaries, decoded to the Qt value the engine sees and encoded back to the
// same bytes; and every way a peer can get a table wrong.

#include "CodecTestUtil.h"

#include "broker/amqp/codec/FieldTable.h"

#include <QDataStream>
#include <QStringList>
#include <QTest>
#include <QUuid>

using namespace depot;
using namespace depot::amqp;
using depot::amqp::test::hex;
using depot::amqp::test::strictDifference;

namespace {

QDateTime utc(qint64 secs)
{
    return QDateTime::fromSecsSinceEpoch(secs, Qt::UTC);
}

QByteArray encodeValue(const QVariant &v)
{
    QByteArray out;
    appendFieldValue(out, v);
    return out;
}

QByteArray longStr(char type, const QByteArray &bytes)
{
    QByteArray out(1, type);
    const quint32 n = quint32(bytes.size());
    out.append(char(n >> 24)).append(char(n >> 16)).append(char(n >> 8)).append(char(n));
    return out + bytes;
}

// A table nested `depth` levels deep, the outermost counted: {"k": {"k": ... {}}}.
QByteArray nestedTables(int depth)
{
    QByteArray inner = hex("00000000");
    for (int i = 1; i < depth; ++i) {
        QByteArray pair = QByteArray("\x01k", 2) + 'F' + inner;
        const quint32 n = quint32(pair.size());
        inner = QByteArray() + char(n >> 24) + char(n >> 16) + char(n >> 8) + char(n) + pair;
    }
    return inner;
}

// A table holding arrays nested so the whole value is `depth` containers deep.
QByteArray nestedArrays(int depth)
{
    QByteArray inner = hex("00000000");  // innermost array body: empty
    for (int i = 2; i < depth; ++i) {
        QByteArray item = QByteArray(1, 'A') + inner;
        const quint32 n = quint32(item.size());
        inner = QByteArray() + char(n >> 24) + char(n >> 16) + char(n >> 8) + char(n) + item;
    }
    QByteArray pair = QByteArray("\x01k", 2) + 'A' + inner;
    const quint32 n = quint32(pair.size());
    return QByteArray() + char(n >> 24) + char(n >> 16) + char(n >> 8) + char(n) + pair;
}

} // namespace

class TestAmqpFieldTable final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { registerValueMetaTypes(); }

    void values_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QVariant>("value");

        QTest::addRow("t false") << hex("74 00") << QVariant(false);
        QTest::addRow("t true") << hex("74 01") << QVariant(true);
        QTest::addRow("b min") << hex("62 80") << QVariant::fromValue(qint8(-128));
        QTest::addRow("b -1") << hex("62 ff") << QVariant::fromValue(qint8(-1));
        QTest::addRow("b max") << hex("62 7f") << QVariant::fromValue(qint8(127));
        QTest::addRow("B 0") << hex("42 00") << QVariant::fromValue(quint8(0));
        QTest::addRow("B max") << hex("42 ff") << QVariant::fromValue(quint8(255));
        QTest::addRow("s min") << hex("73 8000") << QVariant::fromValue(qint16(-32768));
        QTest::addRow("s max") << hex("73 7fff") << QVariant::fromValue(qint16(32767));
        QTest::addRow("u max") << hex("75 ffff") << QVariant::fromValue(quint16(65535));
        QTest::addRow("u 258") << hex("75 0102") << QVariant::fromValue(quint16(258));
        QTest::addRow("I min") << hex("49 80000000") << QVariant::fromValue(qint32(std::numeric_limits<qint32>::min()));
        QTest::addRow("I -1") << hex("49 ffffffff") << QVariant::fromValue(qint32(-1));
        QTest::addRow("I max") << hex("49 7fffffff") << QVariant::fromValue(qint32(std::numeric_limits<qint32>::max()));
        QTest::addRow("i max") << hex("69 ffffffff") << QVariant::fromValue(quint32(4294967295u));
        QTest::addRow("i 0") << hex("69 00000000") << QVariant::fromValue(quint32(0));
        QTest::addRow("l min") << hex("6c 8000000000000000") << QVariant::fromValue(std::numeric_limits<qint64>::min());
        QTest::addRow("l max") << hex("6c 7fffffffffffffff") << QVariant::fromValue(std::numeric_limits<qint64>::max());
        QTest::addRow("l 1") << hex("6c 0000000000000001") << QVariant::fromValue(qint64(1));
        QTest::addRow("f 1.5") << hex("66 3fc00000") << QVariant::fromValue(1.5f);
        QTest::addRow("f -0") << hex("66 80000000") << QVariant::fromValue(-0.0f);
        QTest::addRow("f inf") << hex("66 7f800000") << QVariant::fromValue(std::numeric_limits<float>::infinity());
        QTest::addRow("f nan") << hex("66 7fc00001") << QVariant::fromValue(std::bit_cast<float>(quint32(0x7fc00001)));
        QTest::addRow("d 0.1") << hex("64 3fb999999999999a") << QVariant::fromValue(0.1);
        QTest::addRow("d -max") << hex("64 ffefffffffffffff") << QVariant::fromValue(-std::numeric_limits<double>::max());
        QTest::addRow("d nan") << hex("64 7ff8000000000001") << QVariant::fromValue(std::bit_cast<double>(quint64(0x7ff8000000000001)));
        QTest::addRow("D 2,-12345") << hex("44 02 ffffcfc7") << QVariant::fromValue(Decimal{2, -12345});
        QTest::addRow("D 255,max") << hex("44 ff 7fffffff") << QVariant::fromValue(Decimal{255, std::numeric_limits<qint32>::max()});
        QTest::addRow("S empty") << hex("53 00000000") << QVariant(QString());
        QTest::addRow("S ascii") << hex("53 00000005 68656c6c6f") << QVariant(QStringLiteral("hello"));
        QTest::addRow("S utf8") << hex("53 00000009 68c3a96c6c6f e282ac")
                                << QVariant(QString::fromUtf8("h\xc3\xa9llo\xe2\x82\xac"));
        QTest::addRow("S 4-byte") << hex("53 00000004 f09f9880") << QVariant(QString::fromUtf8("\xf0\x9f\x98\x80"));
        QTest::addRow("S NUL inside") << hex("53 00000003 610062") << QVariant(QString::fromUtf8("a\0b", 3));
        QTest::addRow("S BOM kept") << hex("53 00000004 efbbbf41") << QVariant(QString(QChar(0xFEFF)) + QLatin1Char('A'));
        QTest::addRow("S not utf8") << hex("53 00000002 fffe") << QVariant::fromValue(RawString{hex("fffe")});
        QTest::addRow("S overlong") << hex("53 00000002 c080") << QVariant::fromValue(RawString{hex("c080")});
        QTest::addRow("S surrogate") << hex("53 00000003 eda080") << QVariant::fromValue(RawString{hex("eda080")});
        QTest::addRow("S above U+10FFFF") << hex("53 00000004 f4900000") << QVariant::fromValue(RawString{hex("f4900000")});
        QTest::addRow("S cut sequence") << hex("53 00000002 41e2") << QVariant::fromValue(RawString{hex("41e2")});
        QTest::addRow("S latin1") << hex("53 00000003 e97465") << QVariant::fromValue(RawString{hex("e97465")});
        QTest::addRow("x empty") << hex("78 00000000") << QVariant(QByteArray());
        QTest::addRow("x bytes") << hex("78 00000004 00ff41c0") << QVariant(hex("00ff41c0"));
        QTest::addRow("x utf8 stays bytes") << hex("78 00000002 6869") << QVariant(QByteArray("hi"));
        QTest::addRow("T epoch") << hex("54 0000000000000000") << QVariant(utc(0));
        QTest::addRow("T 2023") << hex("54 000000006553f100") << QVariant(utc(1700000000));
        QTest::addRow("T largest") << hex("54 0020c49ba5e353f7") << QVariant(utc(qint64(kMaxTimestampSeconds)));
        QTest::addRow("V") << hex("56") << QVariant();
        QTest::addRow("A empty") << hex("41 00000000") << QVariant(QVariantList());
        QTest::addRow("A mixed")
            << hex("41 0000000b 49 00000001 53 00000000 56")
            << QVariant(QVariantList{QVariant::fromValue(qint32(1)), QVariant(QString()), QVariant()});
        QTest::addRow("A of A") << hex("41 00000009 41 00000004 42 07 74 01")
                                << QVariant(QVariantList{QVariantList{QVariant::fromValue(quint8(7)), true}});
        QTest::addRow("F empty") << hex("46 00000000") << QVariant(QVariantMap());
        QTest::addRow("F one") << hex("46 00000007 01 61 49 00000001")
                               << QVariant(QVariantMap{{QStringLiteral("a"), QVariant::fromValue(qint32(1))}});
        QTest::addRow("F nested")
            << hex("46 0000001e 01 61 46 00000007 01 62 66 3f800000 01 63 41 00000009 6c 0000000000000002")
            << QVariant(QVariantMap{
                   {QStringLiteral("a"), QVariantMap{{QStringLiteral("b"), QVariant::fromValue(1.0f)}}},
                   {QStringLiteral("c"), QVariantList{QVariant::fromValue(qint64(2))}}});
        QTest::addRow("F empty key") << hex("46 00000003 00 74 01") << QVariant(QVariantMap{{QString(), true}});
        QTest::addRow("F utf8 key") << hex("46 00000004 02 c3a9 56")
                                    << QVariant(QVariantMap{{QString::fromUtf8("\xc3\xa9"), QVariant()}});
    }

    void values()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QVariant, value);
        const Decoded<QVariant> decoded = decodeFieldValue(bytes);
        QVERIFY2(decoded.ok(), qPrintable(decoded.error().text));
        const QString difference = strictDifference(decoded.value(), value);
        QVERIFY2(difference.isEmpty(), qPrintable(difference));
        QCOMPARE(encodeValue(decoded.value()).toHex(' '), bytes.toHex(' '));
        QCOMPARE(encodeValue(value).toHex(' '), bytes.toHex(' '));
    }

    // Inputs Depot accepts but cannot give back byte for byte; each is a
    // documented decision (FieldTable.h).
    void lenient_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QVariant>("value");
        QTest::addColumn<QByteArray>("reencoded");

        QTest::addRow("bool 2 is true") << hex("00000004 01 62 74 02")
                                        << QVariant(QVariantMap{{QStringLiteral("b"), true}})
                                        << hex("00000004 01 62 74 01");
        QTest::addRow("bool ff is true") << hex("00000004 01 62 74 ff")
                                         << QVariant(QVariantMap{{QStringLiteral("b"), true}})
                                         << hex("00000004 01 62 74 01");
        QTest::addRow("keys come back sorted")
            << hex("00000008 01 62 42 02 01 61 42 01")
            << QVariant(QVariantMap{{QStringLiteral("a"), QVariant::fromValue(quint8(1))},
                                    {QStringLiteral("b"), QVariant::fromValue(quint8(2))}})
            << hex("00000008 01 61 42 01 01 62 42 02");
        QTest::addRow("last duplicate wins")
            << hex("00000008 01 61 42 01 01 61 42 02")
            << QVariant(QVariantMap{{QStringLiteral("a"), QVariant::fromValue(quint8(2))}})
            << hex("00000004 01 61 42 02");
    }

    void lenient()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QVariant, value);
        QFETCH(QByteArray, reencoded);
        const Decoded<QVariantMap> decoded = decodeFieldTable(bytes);
        QVERIFY2(decoded.ok(), qPrintable(decoded.error().text));
        const QString difference = strictDifference(QVariant(decoded.value()), value);
        QVERIFY2(difference.isEmpty(), qPrintable(difference));
        QCOMPARE(encodeFieldTable(decoded.value()).toHex(' '), reencoded.toHex(' '));
    }

    void tables_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QVariantMap>("table");

        QTest::addRow("empty") << hex("00000000") << QVariantMap();
        QTest::addRow("x-arguments")
            << hex("0000004816782d646561642d6c65747465722d65786368616e67655300000003646c780c782d6d61782d6c656e6774686c00000000000000640d782d6d6573736167652d74746c490000ea60")
            << QVariantMap{{QStringLiteral("x-dead-letter-exchange"), QStringLiteral("dlx")},
                           {QStringLiteral("x-max-length"), QVariant::fromValue(qint64(100))},
                           {QStringLiteral("x-message-ttl"), QVariant::fromValue(qint32(60000))}};
        // What a client's start-ok carries: capabilities as a nested table of bools.
        QTest::addRow("client properties")
            << hex("000000380c6361706162696c69746965734600000015127075626c69736865725f636f6e6669726d7374010770726f64756374530000000470696b61")
            << QVariantMap{{QStringLiteral("capabilities"), QVariantMap{{QStringLiteral("publisher_confirms"), true}}},
                           {QStringLiteral("product"), QStringLiteral("pika")}};
    }

    void tables()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QVariantMap, table);
        const Decoded<QVariantMap> decoded = decodeFieldTable(bytes);
        QVERIFY2(decoded.ok(), qPrintable(decoded.error().text));
        const QString difference = strictDifference(QVariant(decoded.value()), QVariant(table));
        QVERIFY2(difference.isEmpty(), qPrintable(difference));
        QCOMPARE(encodeFieldTable(decoded.value()).toHex(' '), bytes.toHex(' '));
    }

    // Every value fails alone, inside a table, and inside an array, always 502.
    void malformed_data()
    {
        QTest::addColumn<QByteArray>("table");
        QTest::addColumn<QString>("textContains");

        auto value = [](const char *name, const QByteArray &v, const char *text) {
            QByteArray pair = QByteArray("\x01k", 2) + v;
            const quint32 n = quint32(pair.size());
            QTest::addRow("%s", name) << (QByteArray() + char(n >> 24) + char(n >> 16) + char(n >> 8) + char(n) + pair)
                                      << QString::fromLatin1(text);
        };
        value("truncated t", hex("74"), "bool");
        value("truncated b", hex("62"), "int8");
        value("truncated B", hex("42"), "uint8");
        value("truncated s", hex("73 00"), "int16");
        value("truncated u", hex("75 00"), "uint16");
        value("truncated I", hex("49 000000"), "int32");
        value("truncated i", hex("69 00"), "uint32");
        value("truncated l", hex("6c 00000000000000"), "int64");
        value("truncated f", hex("66 000000"), "float");
        value("truncated d", hex("64 00"), "double");
        value("truncated D scale", hex("44"), "decimal scale");
        value("truncated D value", hex("44 02 0000"), "decimal value");
        value("truncated S length", hex("53 000000"), "longstr");
        value("truncated S bytes", hex("53 00000005 4142"), "longstr");
        value("S length 4 GB", hex("53 ffffffff 41"), "longstr");
        value("x length 4 GB", hex("78 ffffffff 00"), "byte array");
        value("truncated x", hex("78 00000002 00"), "byte array");
        value("truncated T", hex("54 00000000"), "timestamp");
        value("T out of range", hex("54 ffffffffffffffff"), "out of range");
        value("T just out of range", hex("54 0020c49ba5e353f8"), "out of range");
        value("truncated A size", hex("41 0000"), "field array size");
        value("A size past end", hex("41 00000009 42 01"), "field array");
        value("A item truncated", hex("41 00000002 49 00"), "int32");
        value("A unknown item type", hex("41 00000001 5a"), "unknown field value type 0x5a");
        value("truncated F size", hex("46 00"), "field table size");
        value("F size past end", hex("46 00000010 01 61 56"), "field table");
        value("F key past end", hex("46 00000003 05 61 56"), "field table key");
        value("F value missing", hex("46 00000002 01 61"), "field value type");
        value("F key not utf8", hex("46 00000003 01 ff 56"), "not valid UTF-8");
        value("type Z", hex("5a"), "unknown field value type 0x5a");
        value("type L (not RabbitMQ's)", hex("4c 0000000000000001"), "unknown field value type 0x4c");
        value("type 0", hex("00"), "unknown field value type 0x00");
        value("type e", hex("65 00"), "unknown field value type 0x65");
        value("value missing", QByteArray(), "field value type");

        QTest::addRow("size missing") << hex("0000") << QStringLiteral("field table size");
        QTest::addRow("size past end") << hex("00000010 01 61 56") << QStringLiteral("field table");
        QTest::addRow("size 4 GB") << hex("ffffffff 01 61 56") << QStringLiteral("field table");
        QTest::addRow("key length past table end") << hex("00000002 05 61 56 56 56 56") << QStringLiteral("field table key");
        QTest::addRow("key not utf8") << hex("00000003 01 c0 56") << QStringLiteral("not valid UTF-8");
        // The value's bytes exist after the table, but not inside it.
        QTest::addRow("value crosses table end") << hex("00000003 01 61 49 00000001") << QStringLiteral("int32");
        QTest::addRow("bytes after table") << hex("00000000 00") << QStringLiteral("after the field table");
        QTest::addRow("too deep: tables") << nestedTables(kMaxFieldNesting + 1) << QStringLiteral("nested deeper than 64");
        QTest::addRow("too deep: arrays") << nestedArrays(kMaxFieldNesting + 1) << QStringLiteral("nested deeper than 64");
        QTest::addRow("far too deep") << nestedTables(10000) << QStringLiteral("nested deeper than 64");
    }

    void malformed()
    {
        QFETCH(QByteArray, table);
        QFETCH(QString, textContains);
        const Decoded<QVariantMap> decoded = decodeFieldTable(table);
        QVERIFY(!decoded.ok());
        QCOMPARE(decoded.error().replyCode, ReplyCode::SyntaxError);
        QVERIFY2(decoded.error().text.contains(textContains), qPrintable(decoded.error().text));
    }

    void nestingLimitIsInclusive()
    {
        for (const QByteArray &bytes : {nestedTables(kMaxFieldNesting), nestedArrays(kMaxFieldNesting)}) {
            const Decoded<QVariantMap> decoded = decodeFieldTable(bytes);
            QVERIFY2(decoded.ok(), qPrintable(decoded.error().text));
            QCOMPARE(encodeFieldTable(decoded.value()), bytes);
        }
        // Each level adds a key (2 bytes), a type octet and a size (4 bytes).
        QCOMPARE(nestedTables(kMaxFieldNesting + 1).size(), nestedTables(kMaxFieldNesting).size() + 7);
    }

    void malformedValueAlone_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addRow("empty") << QByteArray();
        QTest::addRow("trailing byte") << hex("74 01 00");
        QTest::addRow("truncated") << hex("49 0000");
        QTest::addRow("unknown") << hex("3f");
    }

    void malformedValueAlone()
    {
        QFETCH(QByteArray, bytes);
        const Decoded<QVariant> decoded = decodeFieldValue(bytes);
        QVERIFY(!decoded.ok());
        QCOMPARE(decoded.error().replyCode, ReplyCode::SyntaxError);
        QVERIFY(!decoded.error().text.isEmpty());
    }

    // Values Depot's own code may put in a table that the decoder never makes.
    void encodeOnly_data()
    {
        QTest::addColumn<QVariant>("value");
        QTest::addColumn<QByteArray>("bytes");

        QTest::addRow("char") << QVariant::fromValue(char(-2)) << hex("62 fe");
        QTest::addRow("long") << QVariant::fromValue(long(-2)) << hex("6c fffffffffffffffe");
        QTest::addRow("ulonglong small") << QVariant::fromValue(quint64(5)) << hex("6c 0000000000000005");
        QTest::addRow("ulonglong above int64")
            << QVariant::fromValue(quint64(18446744073709551615ull))
            << longStr('S', QByteArray("18446744073709551615"));
        QTest::addRow("string list") << QVariant(QStringList{QStringLiteral("a"), QString()})
                                     << hex("41 0000000b 53 00000001 61 53 00000000");
        QTest::addRow("hash") << QVariant(QVariantHash{{QStringLiteral("b"), true}, {QStringLiteral("a"), false}})
                              << hex("46 00000008 01 61 74 00 01 62 74 01");
        QTest::addRow("date before 1970") << QVariant(utc(-5)) << hex("54 0000000000000000");
        QTest::addRow("date with msecs") << QVariant(QDateTime::fromMSecsSinceEpoch(1999, Qt::UTC)) << hex("54 0000000000000001");
        QTest::addRow("nullptr") << QVariant::fromValue(nullptr) << hex("56");
        QTest::addRow("uuid as text")
            << QVariant(QUuid(QStringLiteral("{12345678-1234-1234-1234-123456789abc}")))
            << longStr('S', QByteArray("{12345678-1234-1234-1234-123456789abc}"));
        QTest::addRow("unconvertible") << QVariant::fromValue(QPair<int, int>(1, 2)) << hex("56");
        QTest::addRow("long non-ascii string")
            << QVariant(QString(300, QChar(0xe9))) << longStr('S', QString(300, QChar(0xe9)).toUtf8());
    }

    void encodeOnly()
    {
        QFETCH(QVariant, value);
        QFETCH(QByteArray, bytes);
        QCOMPARE(encodeValue(value).toHex(' '), bytes.toHex(' '));
        QVERIFY(decodeFieldValue(bytes).ok());
    }

    void keysLongerThanShortstrAreCutAtACharacter()
    {
        // 200 two-byte characters: 400 bytes; 255 would split one.
        const QString key(200, QChar(0xe9));
        const QByteArray bytes = encodeFieldTable({{key, true}});
        const Decoded<QVariantMap> decoded = decodeFieldTable(bytes);
        QVERIFY2(decoded.ok(), qPrintable(decoded.error().text));
        QCOMPARE(decoded.value().firstKey(), QString(127, QChar(0xe9)));
    }

    // The store keeps headers with QDataStream: every decoded value must come
    // back from it as the same type and value, and so as the same bytes.
    void dataStreamRoundTrip_data() { values_data(); }

    void dataStreamRoundTrip()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QVariant, value);
        const Decoded<QVariant> decoded = decodeFieldValue(bytes);
        QVERIFY2(decoded.ok(), qPrintable(decoded.error().text));
        const QVariantMap headers{{QStringLiteral("h"), decoded.value()}, {QStringLiteral("list"), QVariantList{decoded.value()}}};

        QByteArray stored;
        {
            QDataStream out(&stored, QIODevice::WriteOnly);
            out << headers;
            QCOMPARE(out.status(), QDataStream::Ok);
        }
        QVariantMap restored;
        QDataStream in(stored);
        in >> restored;
        QCOMPARE(in.status(), QDataStream::Ok);
        QVERIFY(in.atEnd());
        const QString difference = strictDifference(QVariant(restored), QVariant(headers));
        QVERIFY2(difference.isEmpty(), qPrintable(difference));
        QCOMPARE(encodeFieldTable(restored).toHex(' '), encodeFieldTable(headers).toHex(' '));
    }
};

QTEST_GUILESS_MAIN(TestAmqpFieldTable)
#include "tst_amqpfieldtable.moc"
