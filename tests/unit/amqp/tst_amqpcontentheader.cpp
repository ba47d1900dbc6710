// Content headers: the 14 basic properties behind the property flags, each
// present or absent, byte-exact both ways; and every malformed header.

#include "CodecTestUtil.h"

#include "broker/amqp/codec/ContentHeader.h"
#include "broker/amqp/codec/Frame.h"

#include <QTest>

using namespace depot;
using namespace depot::amqp;
using depot::amqp::test::hex;

Q_DECLARE_METATYPE(depot::amqp::ContentHeader)

namespace {

ContentHeader header(quint64 bodySize, MessageProperties p = {})
{
    ContentHeader h;
    h.bodySize = bodySize;
    h.properties = std::move(p);
    return h;
}

MessageProperties allProperties()
{
    MessageProperties p;
    p.contentType = QStringLiteral("text/plain");
    p.contentEncoding = QStringLiteral("gzip");
    p.headers = QVariantMap{{QStringLiteral("a"), QVariant::fromValue(qint32(1))}};
    p.deliveryMode = 2;
    p.priority = 9;
    p.correlationId = QStringLiteral("c");
    p.replyTo = QStringLiteral("r");
    p.expiration = QStringLiteral("60000");
    p.messageId = QStringLiteral("m");
    p.timestamp = 1700000000;
    p.type = QStringLiteral("t");
    p.userId = QStringLiteral("guest");
    p.appId = QStringLiteral("a");
    p.clusterId = QString();
    return p;
}

} // namespace

class TestAmqpContentHeader final : public QObject
{
    Q_OBJECT

private slots:
    void vectors_data()
    {
        QTest::addColumn<QByteArray>("payload");
        QTest::addColumn<ContentHeader>("header");

        QTest::addRow("no properties") << hex("003c 0000 0000000000000000 0000") << header(0);
        QTest::addRow("largest body size") << hex("003c 0000 ffffffffffffffff 0000") << header(~quint64(0));
        MessageProperties persistent;
        persistent.deliveryMode = 2;
        QTest::addRow("delivery-mode only") << hex("003c 0000 000000000000000a 1000 02") << header(10, persistent);
        QTest::addRow("all 14")
            << hex("003c 0000 0000000000000064 fffc"
                   " 0a 746578742f706c61696e 04 677a6970 00000007 01 61 49 00000001 02 09"
                   " 01 63 01 72 05 3630303030 01 6d 000000006553f100 01 74 05 6775657374 01 61 00")
            << header(100, allProperties());
        MessageProperties some;
        some.contentType = QStringLiteral("application/json");
        some.timestamp = 1700000000;
        some.appId = QStringLiteral("app");
        QTest::addRow("some") << hex("003c 0000 0000000000000003 8048 10 6170706c69636174696f6e2f6a736f6e 000000006553f100 03 617070")
                              << header(3, some);
        MessageProperties empties;
        empties.contentType = QString();
        empties.headers = QVariantMap();
        QTest::addRow("present but empty") << hex("003c 0000 0000000000000000 a000 00 00000000") << header(0, empties);
        MessageProperties lastOnly;
        lastOnly.clusterId = QStringLiteral("x");
        QTest::addRow("cluster-id only (bit 2)") << hex("003c 0000 0000000000000001 0004 01 78") << header(1, lastOnly);
        MessageProperties highTimestamp;
        highTimestamp.timestamp = -1;
        QTest::addRow("timestamp with the high bit") << hex("003c 0000 0000000000000000 0040 ffffffffffffffff")
                                                     << header(0, highTimestamp);
        MessageProperties utf8;
        utf8.correlationId = QString::fromUtf8("\xc3\xa9t\xc3\xa9");
        QTest::addRow("utf8 correlation-id") << hex("003c 0000 0000000000000000 0400 05 c3a974c3a9") << header(0, utf8);
        MessageProperties rich;
        rich.headers = QVariantMap{{QStringLiteral("x-death"),
                                    QVariantList{QVariantMap{{QStringLiteral("count"), QVariant::fromValue(qint64(1))}}}}};
        QTest::addRow("x-death shaped headers")
            << hex("003c 0000 0000000000000000 2000 00000021 07 782d6465617468 41 00000014 46 0000000f 05 636f756e74 6c 0000000000000001")
            << header(0, rich);
    }

    void vectors()
    {
        QFETCH(QByteArray, payload);
        QFETCH(ContentHeader, header);
        QCOMPARE(encodeContentHeaderPayload(header).toHex(' '), payload.toHex(' '));
        const Decoded<ContentHeader> decoded = decodeContentHeader(payload);
        QVERIFY2(decoded.ok(), qPrintable(decoded.error().text));
        QVERIFY(decoded.value() == header);
        QCOMPARE(encodeContentHeaderPayload(decoded.value()).toHex(' '), payload.toHex(' '));

        // Cut anywhere, the header is malformed (502), never half a header.
        for (qsizetype n = 0; n < payload.size(); ++n) {
            const Decoded<ContentHeader> cut = decodeContentHeader(QByteArrayView(payload).first(n));
            QVERIFY2(!cut.ok(), qPrintable(QString::number(n)));
            QCOMPARE(cut.error().replyCode, ReplyCode::SyntaxError);
        }

        QByteArray frame;
        appendContentHeaderFrame(frame, 9, header);
        const FrameDecodeResult r = decodeFrame(frame, 4096);
        QCOMPARE(r.status, FrameDecodeResult::Status::Complete);
        QCOMPARE(r.frame.type, FrameType::Header);
        QCOMPARE(r.frame.channel, quint16(9));
        QCOMPARE(r.frame.payload.toByteArray(), payload);
    }

    void eachPropertyAlone()
    {
        // One flag bit per property, highest first; the property's bytes
        // follow the 14-byte fixed part.
        const MessageProperties all = allProperties();
        const QByteArray full = encodeContentHeaderPayload(header(0, all));
        QCOMPARE(full.mid(12, 2), hex("fffc"));
        quint16 seen = 0;
        for (int i = 0; i < 14; ++i) {
            MessageProperties one;
            switch (i) {
            case 0: one.contentType = all.contentType; break;
            case 1: one.contentEncoding = all.contentEncoding; break;
            case 2: one.headers = all.headers; break;
            case 3: one.deliveryMode = all.deliveryMode; break;
            case 4: one.priority = all.priority; break;
            case 5: one.correlationId = all.correlationId; break;
            case 6: one.replyTo = all.replyTo; break;
            case 7: one.expiration = all.expiration; break;
            case 8: one.messageId = all.messageId; break;
            case 9: one.timestamp = all.timestamp; break;
            case 10: one.type = all.type; break;
            case 11: one.userId = all.userId; break;
            case 12: one.appId = all.appId; break;
            case 13: one.clusterId = all.clusterId; break;
            }
            const QByteArray bytes = encodeContentHeaderPayload(header(0, one));
            const quint16 flags = quint16((quint8(bytes[12]) << 8) | quint8(bytes[13]));
            QCOMPARE(flags, quint16(0x8000 >> i));
            seen |= flags;
            const Decoded<ContentHeader> decoded = decodeContentHeader(bytes);
            QVERIFY2(decoded.ok(), qPrintable(decoded.error().text));
            QVERIFY(decoded.value().properties == one);
        }
        QCOMPARE(seen, quint16(0xfffc));
    }

    void malformed_data()
    {
        QTest::addColumn<QByteArray>("payload");
        QTest::addColumn<quint16>("replyCode");
        QTest::addColumn<QString>("textContains");

        const quint16 syntax = ReplyCode::SyntaxError;
        QTest::addRow("empty") << QByteArray() << syntax << QStringLiteral("class id");
        QTest::addRow("no flags") << hex("003c 0000 0000000000000000") << syntax << QStringLiteral("property flags");
        QTest::addRow("weight 1") << hex("003c 0001 0000000000000000 0000") << syntax << QStringLiteral("weight is 1");
        QTest::addRow("class 50") << hex("0032 0000 0000000000000000 0000") << ReplyCode::UnexpectedFrame
                                  << QStringLiteral("class 50");
        QTest::addRow("class 0") << hex("0000 0000 0000000000000000 0000") << ReplyCode::UnexpectedFrame
                                 << QStringLiteral("class 0");
        QTest::addRow("reserved flag bit 1") << hex("003c 0000 0000000000000000 0002") << syntax << QStringLiteral("0x0002");
        QTest::addRow("continuation bit") << hex("003c 0000 0000000000000000 0001 0000") << syntax << QStringLiteral("0x0001");
        QTest::addRow("all flag bits") << hex("003c 0000 0000000000000000 ffff") << syntax << QStringLiteral("0xffff");
        QTest::addRow("flagged property missing") << hex("003c 0000 0000000000000000 8000") << syntax
                                                  << QStringLiteral("content-type");
        QTest::addRow("shortstr past end") << hex("003c 0000 0000000000000000 8000 09 6162") << syntax
                                           << QStringLiteral("content-type");
        QTest::addRow("priority missing") << hex("003c 0000 0000000000000000 0800") << syntax << QStringLiteral("priority");
        QTest::addRow("timestamp short") << hex("003c 0000 0000000000000000 0040 00000000") << syntax
                                         << QStringLiteral("timestamp");
        QTest::addRow("headers beyond payload") << hex("003c 0000 0000000000000000 2000 000000ff 01 61 56") << syntax
                                                << QStringLiteral("field table");
        QTest::addRow("headers bad type letter") << hex("003c 0000 0000000000000000 2000 00000003 01 61 3f") << syntax
                                                 << QStringLiteral("unknown field value type 0x3f");
        QTest::addRow("trailing bytes") << hex("003c 0000 0000000000000000 1000 02 00") << syntax
                                        << QStringLiteral("1 bytes after the last property");
        QTest::addRow("bytes but no flags for them") << hex("003c 0000 0000000000000000 0000 01 61") << syntax
                                                     << QStringLiteral("after the last property");
        QTest::addRow("content-type not utf8") << hex("003c 0000 0000000000000000 8000 01 fe") << syntax
                                               << QStringLiteral("not valid UTF-8");
    }

    void malformed()
    {
        QFETCH(QByteArray, payload);
        QFETCH(quint16, replyCode);
        QFETCH(QString, textContains);
        const Decoded<ContentHeader> decoded = decodeContentHeader(payload);
        QVERIFY(!decoded.ok());
        QCOMPARE(decoded.error().replyCode, replyCode);
        QVERIFY2(decoded.error().text.contains(textContains), qPrintable(decoded.error().text));
    }
};

QTEST_GUILESS_MAIN(TestAmqpContentHeader)
#include "tst_amqpcontentheader.moc"
