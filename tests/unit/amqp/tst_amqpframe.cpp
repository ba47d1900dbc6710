// Framing: the protocol header check, the frame decoder over partial and
// complete buffers, every frame error with its reply code, the encoders and
// the body splitter.

#include "CodecTestUtil.h"

#include "broker/amqp/codec/Frame.h"

#include <QTest>

using namespace depot::amqp;
using depot::amqp::test::hex;

Q_DECLARE_METATYPE(depot::amqp::FrameType)
Q_DECLARE_METATYPE(depot::amqp::ProtocolHeaderCheck)

class TestAmqpFrame final : public QObject
{
    Q_OBJECT

private slots:
    void protocolHeader_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<ProtocolHeaderCheck>("expected");

        QTest::addRow("0-9-1") << hex("414d5150 00000901") << ProtocolHeaderCheck::Ok;
        QTest::addRow("0-9-1 and a frame") << hex("414d5150 00000901 08") << ProtocolHeaderCheck::Ok;
        QTest::addRow("nothing yet") << QByteArray() << ProtocolHeaderCheck::NeedMore;
        QTest::addRow("A") << QByteArray("A") << ProtocolHeaderCheck::NeedMore;
        QTest::addRow("7 bytes") << hex("414d5150 000009") << ProtocolHeaderCheck::NeedMore;
        QTest::addRow("0-8") << hex("414d5150 01010800") << ProtocolHeaderCheck::Wrong;
        QTest::addRow("0-9") << hex("414d5150 01010009") << ProtocolHeaderCheck::Wrong;
        QTest::addRow("1.0") << hex("414d5150 00010000") << ProtocolHeaderCheck::Wrong;
        QTest::addRow("1.0 SASL") << hex("414d5150 03010000") << ProtocolHeaderCheck::Wrong;
        QTest::addRow("0-9-2") << hex("414d5150 00000902") << ProtocolHeaderCheck::Wrong;
        QTest::addRow("HTTP, first byte") << QByteArray("G") << ProtocolHeaderCheck::Wrong;
        QTest::addRow("HTTP") << QByteArray("GET / HTTP/1.1\r\n") << ProtocolHeaderCheck::Wrong;
        QTest::addRow("lower case") << QByteArray("amqp\0\0\x09\x01", 8) << ProtocolHeaderCheck::Wrong;
    }

    void protocolHeader()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(ProtocolHeaderCheck, expected);
        QCOMPARE(checkProtocolHeader(bytes), expected);
    }

    void protocolHeaderBytes() { QCOMPARE(depot::amqp::protocolHeader().toByteArray(), QByteArray("AMQP\x00\x00\x09\x01", 8)); }

    void completeFrames_data()
    {
        QTest::addColumn<QByteArray>("buffer");
        QTest::addColumn<quint32>("frameMax");
        QTest::addColumn<FrameType>("type");
        QTest::addColumn<quint16>("channel");
        QTest::addColumn<QByteArray>("payload");
        QTest::addColumn<qsizetype>("consumed");

        QTest::addRow("heartbeat") << hex("08 0000 00000000 ce") << 4096u << FrameType::Heartbeat << quint16(0)
                                   << QByteArray() << qsizetype(8);
        QTest::addRow("method, channel 0")
            << hex("01 0000 00000004 000a 0033 ce") << 4096u << FrameType::Method << quint16(0) << hex("000a0033") << qsizetype(12);
        QTest::addRow("header, channel max")
            << hex("02 ffff 00000002 abcd ce") << 4096u << FrameType::Header << quint16(65535) << hex("abcd") << qsizetype(10);
        QTest::addRow("empty body") << hex("03 0001 00000000 ce") << 4096u << FrameType::Body << quint16(1) << QByteArray()
                                    << qsizetype(8);
        QTest::addRow("body, then more bytes")
            << hex("03 0002 00000003 414243 ce 08 00") << 4096u << FrameType::Body << quint16(2) << QByteArray("ABC")
            << qsizetype(11);
        QTest::addRow("payload with ce inside")
            << hex("03 0001 00000002 cece ce") << 4096u << FrameType::Body << quint16(1) << hex("cece") << qsizetype(10);
        QTest::addRow("exactly frame_max") << hex("03 0001 00000002 4142 ce") << 10u << FrameType::Body << quint16(1)
                                           << QByteArray("AB") << qsizetype(10);
        QTest::addRow("no limit") << hex("03 0001 00000002 4142 ce") << 0u << FrameType::Body << quint16(1)
                                  << QByteArray("AB") << qsizetype(10);
    }

    void completeFrames()
    {
        QFETCH(QByteArray, buffer);
        QFETCH(quint32, frameMax);
        QFETCH(FrameType, type);
        QFETCH(quint16, channel);
        QFETCH(QByteArray, payload);
        QFETCH(qsizetype, consumed);

        const FrameDecodeResult r = decodeFrame(buffer, frameMax);
        QCOMPARE(r.status, FrameDecodeResult::Status::Complete);
        QCOMPARE(r.frame.type, type);
        QCOMPARE(r.frame.channel, channel);
        QCOMPARE(r.frame.payload.toByteArray(), payload);
        QCOMPARE(r.consumed, consumed);
        // The payload is a view into the caller's buffer, not a copy.
        QCOMPARE(r.frame.payload.data(), buffer.constData() + kFrameHeaderSize);

        // Every proper prefix needs more bytes, never an error.
        for (qsizetype n = 0; n < consumed; ++n) {
            const FrameDecodeResult partial = decodeFrame(QByteArrayView(buffer).first(n), frameMax);
            QVERIFY2(partial.status == FrameDecodeResult::Status::NeedMore, qPrintable(QString::number(n)));
            QCOMPARE(partial.consumed, qsizetype(0));
        }

        // Encoding the decoded frame gives the same bytes.
        QByteArray out;
        appendFrame(out, type, channel, payload);
        QCOMPARE(out.toHex(' '), buffer.first(consumed).toHex(' '));
    }

    void malformed_data()
    {
        QTest::addColumn<QByteArray>("buffer");
        QTest::addColumn<quint32>("frameMax");
        QTest::addColumn<QString>("textContains");
        QTest::addColumn<quint16>("replyCode");

        const quint16 frameError = ReplyCode::FrameError;
        const quint16 unexpected = ReplyCode::UnexpectedFrame;
        QTest::addRow("bad frame end") << hex("08 0000 00000000 00") << 4096u << QStringLiteral("frame-end") << frameError;
        QTest::addRow("frame end off by one") << hex("03 0001 00000001 41 41 ce") << 4096u << QStringLiteral("0x41") << frameError;
        QTest::addRow("frame end cf") << hex("01 0000 00000000 cf") << 4096u << QStringLiteral("0xcf") << frameError;
        QTest::addRow("unknown type 0") << hex("00") << 4096u << QStringLiteral("unknown frame type 0") << frameError;
        QTest::addRow("unknown type 4") << hex("04 0000 00000000 ce") << 4096u << QStringLiteral("unknown frame type 4") << frameError;
        QTest::addRow("unknown type 'A'") << QByteArray("AMQP") << 4096u << QStringLiteral("unknown frame type 65") << frameError;
        QTest::addRow("unknown type ff") << hex("ff 0000 00") << 4096u << QStringLiteral("unknown frame type 255") << frameError;
        QTest::addRow("oversized by one") << hex("03 0001 00000ff9") << 4096u << QStringLiteral("larger than frame_max 4096") << frameError;
        QTest::addRow("oversized, announced 4 GB") << hex("03 0001 ffffffff") << 131072u << QStringLiteral("frame_max") << frameError;
        QTest::addRow("oversized, no limit but tiny frame_max") << hex("01 0000 00000003") << 10u
                                                               << QStringLiteral("frame_max 10") << frameError;
        // A heartbeat on a channel is a frame in the wrong place: 505, as
        // RabbitMQ answers.
        QTest::addRow("heartbeat on channel 1") << hex("08 0001 00000000 ce") << 4096u << QStringLiteral("channel 1") << unexpected;
        QTest::addRow("heartbeat on channel 1, header only") << hex("08 0001 000000") << 4096u
                                                           << QStringLiteral("channel 1") << unexpected;
        QTest::addRow("heartbeat with payload") << hex("08 0000 00000001 00 ce") << 4096u << QStringLiteral("1-byte payload") << frameError;
    }

    void malformed()
    {
        QFETCH(QByteArray, buffer);
        QFETCH(quint32, frameMax);
        QFETCH(QString, textContains);
        QFETCH(quint16, replyCode);
        const FrameDecodeResult r = decodeFrame(buffer, frameMax);
        QCOMPARE(r.status, FrameDecodeResult::Status::Error);
        QCOMPARE(r.error.replyCode, replyCode);
        QVERIFY2(r.error.text.contains(textContains), qPrintable(r.error.text));
        QCOMPARE(r.consumed, qsizetype(0));
    }

    void frameMaxIsCheckedFromTheHeader()
    {
        // 7 header bytes announce a payload above frame_max: refused before
        // any payload arrives, so the connection never buffers it.
        const FrameDecodeResult r = decodeFrame(hex("03 0001 00020000"), 131072);
        QCOMPARE(r.status, FrameDecodeResult::Status::Error);
        // One byte under the limit only needs more.
        QCOMPARE(decodeFrame(hex("03 0001 0001fff8"), 131072).status, FrameDecodeResult::Status::NeedMore);
    }

    void encoders()
    {
        QByteArray out;
        appendHeartbeatFrame(out);
        QCOMPARE(out.toHex(' '), hex("08 0000 00000000 ce").toHex(' '));

        out.clear();
        const qsizetype start = beginFrame(out, FrameType::Method, 7);
        out.append(hex("0014 000a 00"));
        endFrame(out, start);
        QCOMPARE(out.toHex(' '), hex("01 0007 00000005 0014000a00 ce").toHex(' '));

        // Frames append after what is already there.
        appendFrame(out, FrameType::Body, 7, "x");
        QCOMPARE(out.toHex(' '), hex("01 0007 00000005 0014000a00 ce 03 0007 00000001 78 ce").toHex(' '));
    }

    void splitBody_data()
    {
        QTest::addColumn<int>("bodySize");
        QTest::addColumn<quint32>("frameMax");
        QTest::addColumn<QList<int>>("pieces");

        QTest::addRow("empty body: no frames") << 0 << 4096u << QList<int>{};
        QTest::addRow("one byte") << 1 << 4096u << QList<int>{1};
        QTest::addRow("exactly one frame") << 4088 << 4096u << QList<int>{4088};
        QTest::addRow("one over") << 4089 << 4096u << QList<int>{4088, 1};
        QTest::addRow("three frames") << 10000 << 4096u << QList<int>{4088, 4088, 1824};
        QTest::addRow("frame_max 131072") << 131064 * 2 << 131072u << QList<int>{131064, 131064};
        QTest::addRow("no limit") << 100000 << 0u << QList<int>{100000};
        QTest::addRow("smallest useful frame_max") << 3 << 9u << QList<int>{1, 1, 1};
    }

    void splitBodyTerminatesBelowTheOverhead()
    {
        // A frame_max at or below the overhead is a caller bug; the splitter
        // still ends, one byte per piece.
        QCOMPARE(depot::amqp::splitBody("abc", 8).size(), 3);
        QCOMPARE(depot::amqp::splitBody("abc", 1).size(), 3);
    }

    void splitBody()
    {
        QFETCH(int, bodySize);
        QFETCH(quint32, frameMax);
        QFETCH(QList<int>, pieces);

        QByteArray body(bodySize, Qt::Uninitialized);
        for (int i = 0; i < bodySize; ++i)
            body[i] = char(i * 7);

        const QList<QByteArrayView> views = depot::amqp::splitBody(body, frameMax);
        QCOMPARE(views.size(), pieces.size());
        QByteArray joined;
        for (qsizetype i = 0; i < views.size(); ++i) {
            QCOMPARE(views[i].size(), qsizetype(pieces[i]));
            joined += views[i].toByteArray();
        }
        QCOMPARE(joined, body);

        // The frames appendBodyFrames writes decode back to the same body,
        // each within frame_max.
        QByteArray wire;
        appendBodyFrames(wire, 3, body, frameMax);
        QByteArrayView rest(wire);
        QByteArray decodedBody;
        int frames = 0;
        while (!rest.isEmpty()) {
            const FrameDecodeResult r = decodeFrame(rest, frameMax);
            QCOMPARE(r.status, FrameDecodeResult::Status::Complete);
            QCOMPARE(r.frame.type, FrameType::Body);
            QCOMPARE(r.frame.channel, quint16(3));
            QCOMPARE(r.frame.payload.size(), qsizetype(pieces[frames]));
            decodedBody += r.frame.payload.toByteArray();
            rest = rest.sliced(r.consumed);
            ++frames;
        }
        QCOMPARE(frames, pieces.size());
        QCOMPARE(decodedBody, body);
    }
};

QTEST_GUILESS_MAIN(TestAmqpFrame)
#include "tst_amqpframe.moc"
