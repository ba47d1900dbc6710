// AmqpConnection over a real loopback socket: the handshake, logins, every
// connection-level fault with its reply code, heartbeats and blocking.

#include "RawAmqpClient.h"
#include "ServerFixture.h"

#include "broker/amqp/AmqpFault.h"
#include "broker/amqp/codec/Wire.h"

#include <QtTest>

#include <atomic>
#include <chrono>
#include <thread>

#include <sys/socket.h>

using namespace depot;
using namespace depot::amqp;
using namespace depot::amqp::test;

namespace {

QByteArray frame(FrameType type, quint16 channel, const QByteArray &payload)
{
    QByteArray out;
    appendFrame(out, type, channel, payload);
    return out;
}

QByteArray methodHead(quint16 classId, quint16 methodId)
{
    QByteArray p;
    wire::putU16(p, classId);
    wire::putU16(p, methodId);
    return p;
}

// Handshake with the tune-ok values a test chooses; returns the tune Depot proposed.
std::optional<ConnectionTune> handshakeWith(RawAmqpClient &c, quint16 channelMax, quint32 frameMax)
{
    if (!c.start())
        return std::nullopt;
    c.sendMethod(0, ConnectionStartOk{RawAmqpClient::clientProperties(), QStringLiteral("PLAIN"),
                                      RawAmqpClient::plainResponse(QStringLiteral("guest"), QStringLiteral("guest")),
                                      QStringLiteral("en_US")});
    auto tune = c.expect<ConnectionTune>();
    if (!tune)
        return std::nullopt;
    c.sendMethod(0, ConnectionTuneOk{channelMax, frameMax, 0});
    c.sendMethod(0, ConnectionOpen{QStringLiteral("/"), {}, false});
    if (!c.expect<ConnectionOpenOk>())
        return std::nullopt;
    return tune;
}

} // namespace

class TestAmqpConnection final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void handshakeAdvertisesDepot()
    {
        ServerFixture f;
        RawAmqpClient c(f.port());
        QVERIFY(c.connected());
        const auto start = c.start();
        QVERIFY(start);
        QCOMPARE(start->versionMajor, quint8(0));
        QCOMPARE(start->versionMinor, quint8(9));
        QCOMPARE(start->serverProperties.value(QStringLiteral("product")).toString(), QStringLiteral("Depot"));
        QVERIFY(start->serverProperties.contains(QStringLiteral("version")));
        QVERIFY(start->serverProperties.contains(QStringLiteral("platform")));
        const QVariantMap caps = start->serverProperties.value(QStringLiteral("capabilities")).toMap();
        for (const char *cap : {"publisher_confirms", "basic.nack", "consumer_cancel_notify", "exchange_exchange_bindings",
                                "connection.blocked", "authentication_failure_close", "per_consumer_qos",
                                "direct_reply_to"})
            QVERIFY2(caps.value(QString::fromLatin1(cap)).toBool(), cap);
        QVERIFY(start->mechanisms.split(' ').contains("PLAIN"));
        QVERIFY(start->mechanisms.split(' ').contains("AMQPLAIN"));

        c.sendMethod(0, ConnectionStartOk{RawAmqpClient::clientProperties(), QStringLiteral("PLAIN"),
                                          RawAmqpClient::plainResponse(QStringLiteral("guest"), QStringLiteral("guest")),
                                          QStringLiteral("en_US")});
        const auto tune = c.expect<ConnectionTune>();
        QVERIFY(tune);
        QCOMPARE(tune->channelMax, quint16(2047));
        QCOMPARE(tune->frameMax, quint32(131072));
        QCOMPARE(tune->heartbeat, quint16(60));
        c.sendMethod(0, ConnectionTuneOk{2047, 131072, 0});
        c.sendMethod(0, ConnectionOpen{QStringLiteral("/"), {}, false});
        QVERIFY(c.expect<ConnectionOpenOk>());
        QCOMPARE(f.server->connections().size(), 1);
        QCOMPARE(f.server->connections().first().user, QStringLiteral("guest"));
        QCOMPARE(f.server->connections().first().state, QStringLiteral("running"));
        QCOMPARE(f.engine->connections().size(), 1);

        // Client-initiated close: close-ok, then the socket goes.
        c.sendMethod(0, ConnectionClose{200, QStringLiteral("bye"), 0, 0});
        QVERIFY(c.expect<ConnectionCloseOk>());
        QVERIFY(c.waitDisconnected());
        QTRY_COMPARE(f.server->connectionCount(), 0);
        QTRY_COMPARE(f.engine->connections().size(), 0);
    }

    void wrongProtocolHeader_data()
    {
        QTest::addColumn<QByteArray>("header");
        QTest::addRow("http") << QByteArray("GET / HTTP/1.1\r\n\r\n");
        QTest::addRow("amqp 1.0") << QByteArray("AMQP\x00\x01\x00\x00", 8);
        QTest::addRow("amqp 0-8") << QByteArray("AMQP\x01\x01\x08\x00", 8);
    }
    void wrongProtocolHeader()
    {
        QFETCH(QByteArray, header);
        ServerFixture f;
        RawAmqpClient c(f.port());
        c.sendRaw(header);
        QCOMPARE(c.readRaw(8), QByteArray("AMQP\x00\x00\x09\x01", 8));
        QVERIFY(c.waitDisconnected());
    }

    void loginRefused_data()
    {
        QTest::addColumn<QString>("mechanism");
        QTest::addColumn<QByteArray>("response");
        QTest::addRow("wrong password") << "PLAIN" << RawAmqpClient::plainResponse(QStringLiteral("guest"), QStringLiteral("x"));
        QTest::addRow("unknown user") << "PLAIN" << RawAmqpClient::plainResponse(QStringLiteral("bob"), QStringLiteral("guest"));
        QTest::addRow("malformed") << "PLAIN" << QByteArray("guest");
        QTest::addRow("amqplain garbage") << "AMQPLAIN" << QByteArray("\x05LOGIN", 6);
    }
    void loginRefused()
    {
        QFETCH(QString, mechanism);
        QFETCH(QByteArray, response);
        ServerFixture f;
        RawAmqpClient c(f.port());
        QVERIFY(c.start());
        c.sendMethod(0, ConnectionStartOk{RawAmqpClient::clientProperties(), mechanism, response, QStringLiteral("en_US")});
        const auto close = c.expect<ConnectionClose>();
        QVERIFY(close);
        QCOMPARE(close->replyCode, quint16(403));
        QCOMPARE(close->replyText, QStringLiteral("ACCESS_REFUSED - Login was refused using authentication mechanism %1. "
                                                  "For details see the broker logfile.")
                                       .arg(mechanism));
        c.sendMethod(0, ConnectionCloseOk{});
        QVERIFY(c.waitDisconnected());
        QCOMPARE(f.engine->connections().size(), 0);
    }

    void amqplainLogin()
    {
        AmqpServerOptions options;
        options.user = QStringLiteral("alice");
        options.password = QStringLiteral("s3cret");
        ServerFixture f(options);
        RawAmqpClient c(f.port());
        QVERIFY(c.start());
        QVariantMap table;
        table.insert(QStringLiteral("LOGIN"), QStringLiteral("alice"));
        table.insert(QStringLiteral("PASSWORD"), QStringLiteral("s3cret"));
        c.sendMethod(0, ConnectionStartOk{{}, QStringLiteral("AMQPLAIN"), encodeFieldTable(table).mid(4), QStringLiteral("en_US")});
        QVERIFY(c.expect<ConnectionTune>());
    }

    void unknownMechanism()
    {
        ServerFixture f;
        RawAmqpClient c(f.port());
        QVERIFY(c.start());
        c.sendMethod(0, ConnectionStartOk{{}, QStringLiteral("EXTERNAL"), QByteArray(), QStringLiteral("en_US")});
        const auto close = c.expect<ConnectionClose>();
        QVERIFY(close);
        QCOMPARE(close->replyCode, quint16(503));
    }

    void tuneAndOpenRefusals_data()
    {
        QTest::addColumn<quint32>("frameMax");
        QTest::addColumn<QString>("vhost");
        QTest::addColumn<quint16>("code");
        QTest::addRow("frame_max below 4096") << quint32(1024) << "/" << quint16(530);
        QTest::addRow("frame_max above proposal") << quint32(1 << 20) << "/" << quint16(530);
        QTest::addRow("other vhost") << quint32(131072) << "prod" << quint16(530);
    }
    void tuneAndOpenRefusals()
    {
        QFETCH(quint32, frameMax);
        QFETCH(QString, vhost);
        QFETCH(quint16, code);
        ServerFixture f;
        RawAmqpClient c(f.port());
        QVERIFY(c.start());
        c.sendMethod(0, ConnectionStartOk{{}, QStringLiteral("PLAIN"),
                                          RawAmqpClient::plainResponse(QStringLiteral("guest"), QStringLiteral("guest")),
                                          QStringLiteral("en_US")});
        QVERIFY(c.expect<ConnectionTune>());
        c.sendMethod(0, ConnectionTuneOk{0, frameMax, 0});
        c.sendMethod(0, ConnectionOpen{vhost, {}, false});
        const auto close = c.expect<ConnectionClose>();
        QVERIFY(close);
        QCOMPARE(close->replyCode, code);
    }

    void connectionFaults_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<quint16>("code");

        QByteArray badEnd = frame(FrameType::Method, 1, methodHead(60, 10) + QByteArray(7, '\0'));
        badEnd[badEnd.size() - 1] = '\0';
        QTest::addRow("bad frame end") << badEnd << quint16(501);

        QByteArray oversized;
        oversized.append(char(1));
        wire::putU16(oversized, 1);
        wire::putU32(oversized, 200000);   // above the negotiated 131072
        QTest::addRow("oversized frame") << oversized << quint16(501);

        QTest::addRow("unknown frame type") << frame(FrameType(9), 1, QByteArray(4, 'x')) << quint16(501);
        QTest::addRow("heartbeat on channel 1") << frame(FrameType::Heartbeat, 1, {}) << quint16(505);
        QTest::addRow("unknown method") << frame(FrameType::Method, 1, methodHead(60, 999)) << quint16(540);
        QTest::addRow("unknown class") << frame(FrameType::Method, 1, methodHead(77, 10)) << quint16(540);

        QByteArray publish;
        appendMethodFrame(publish, 1, BasicPublish{0, QString(), QStringLiteral("q"), false, false});
        QTest::addRow("body before header") << publish + frame(FrameType::Body, 1, "hello") << quint16(505);
        QTest::addRow("body without publish") << frame(FrameType::Body, 1, "hello") << quint16(505);
        QByteArray header;
        appendContentHeaderFrame(header, 1, ContentHeader{60, 5, {}});
        QTest::addRow("header without publish") << header << quint16(505);
        QByteArray publishThenMethod = publish;
        appendMethodFrame(publishThenMethod, 1, BasicQos{0, 1, false});
        QTest::addRow("method instead of header") << publishThenMethod << quint16(505);
        QByteArray tooMuchBody = publish + frame(FrameType::Header, 1, encodeContentHeaderPayload(ContentHeader{60, 2, {}}))
            + frame(FrameType::Body, 1, "hello");
        QTest::addRow("body beyond announced size") << tooMuchBody << quint16(505);

        QByteArray unopened;
        appendMethodFrame(unopened, 5, QueueDeclare{0, QStringLiteral("q"), false, false, false, false, false, {}});
        QTest::addRow("method on unopened channel") << unopened << quint16(504);
        QByteArray reopen;
        appendMethodFrame(reopen, 1, ChannelOpen{});
        QTest::addRow("second channel.open") << reopen << quint16(504);

        QByteArray truncated = methodHead(50, 10);
        wire::putU16(truncated, 0);
        wire::putShortStr(truncated, QStringLiteral("q"));
        wire::putU8(truncated, 0);
        wire::putU32(truncated, 100);   // a table announcing 100 bytes ...
        truncated.append("abc");        // ... with 3 there
        QTest::addRow("truncated table") << frame(FrameType::Method, 1, truncated) << quint16(501);
        QTest::addRow("truncated method") << frame(FrameType::Method, 1, methodHead(50, 10).left(3)) << quint16(501);

        QByteArray connectionOnChannel;
        appendMethodFrame(connectionOnChannel, 1, ConnectionOpen{QStringLiteral("/"), {}, false});
        QTest::addRow("connection method on channel 1") << connectionOnChannel << quint16(503);
        QByteArray channelOnZero;
        appendMethodFrame(channelOnZero, 0, BasicQos{0, 1, false});
        QTest::addRow("basic method on channel 0") << channelOnZero << quint16(503);
        QByteArray serverMethod;
        appendMethodFrame(serverMethod, 1, BasicDeliver{QStringLiteral("t"), 1, false, QString(), QStringLiteral("q")});
        QTest::addRow("server-only method") << serverMethod << quint16(540);
        QByteArray immediate;
        appendMethodFrame(immediate, 1, BasicPublish{0, QString(), QStringLiteral("q"), false, true});
        QTest::addRow("immediate publish") << immediate << quint16(540);
        QByteArray prefetchSize;
        appendMethodFrame(prefetchSize, 1, BasicQos{1000, 1, false});
        QTest::addRow("prefetch_size") << prefetchSize << quint16(540);
        QByteArray unknownType;
        appendMethodFrame(unknownType, 1,
                          ExchangeDeclare{0, QStringLiteral("x"), QStringLiteral("weird"), false, false, false, false, false, {}});
        QTest::addRow("unknown exchange type") << unknownType << quint16(503);
    }
    void connectionFaults()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(quint16, code);
        ServerFixture f;
        RawAmqpClient bystander(f.port());
        QVERIFY(bystander.handshake());
        QVERIFY(bystander.openChannel(1));

        RawAmqpClient c(f.port());
        QVERIFY(c.handshake());
        QVERIFY(c.openChannel(1));
        c.sendRaw(bytes);
        const auto close = c.expect<ConnectionClose>();
        QVERIFY(close);
        QCOMPARE(close->replyCode, code);
        QVERIFY2(close->replyText.startsWith(replyCodeName(code) + QStringLiteral(" - ")), qPrintable(close->replyText));
        c.sendMethod(0, ConnectionCloseOk{});
        QVERIFY(c.waitDisconnected());

        // The other connection never noticed.
        bystander.sendMethod(1, QueueDeclare{0, QStringLiteral("still-here"), false, false, false, false, false, {}});
        const auto ok = bystander.expect<QueueDeclareOk>();
        QVERIFY(ok);
        QCOMPARE(ok->queue, QStringLiteral("still-here"));
    }

    void closeOkTimeout()
    {
        AmqpServerOptions options;
        options.closeTimeoutMs = 200;
        ServerFixture f(options);
        RawAmqpClient c(f.port());
        QVERIFY(c.handshake());
        c.sendRaw(frame(FrameType::Method, 1, methodHead(60, 999)));   // 504 first: channel 1 is not open
        QVERIFY(c.expect<ConnectionClose>());
        // Everything but close-ok is ignored while Depot waits ...
        c.sendMethod(0, ConnectionOpen{QStringLiteral("/"), {}, false});
        QVERIFY(c.quietFor(100));
        // ... and without it the socket is closed after the timeout.
        QVERIFY(c.waitDisconnected(3000));
    }

    void handshakeTimeout()
    {
        AmqpServerOptions options;
        options.handshakeTimeoutMs = 200;
        ServerFixture f(options);
        RawAmqpClient c(f.port());
        QVERIFY(c.start());
        QVERIFY(c.waitDisconnected(3000));
    }

    void heartbeats()
    {
        ServerFixture f;
        RawAmqpClient c(f.port());
        QVERIFY(c.handshake(1));
        // Depot sends heartbeats on an idle connection ...
        bool sawHeartbeat = false;
        for (int i = 0; i < 3 && !sawHeartbeat; ++i) {
            const auto fr = c.nextFrame(1500);
            QVERIFY(fr);
            sawHeartbeat = fr->type == FrameType::Heartbeat && fr->channel == 0;
        }
        QVERIFY(sawHeartbeat);
        // ... and drops a peer silent for two intervals.
        QElapsedTimer t;
        t.start();
        QVERIFY(c.waitDisconnected(5000));
        QVERIFY2(t.elapsed() >= 500, "dropped too early");
        QTRY_COMPARE(f.engine->connections().size(), 0);
    }

    void heartbeatsKeepPeerAlive()
    {
        ServerFixture f;
        RawAmqpClient c(f.port());
        QVERIFY(c.handshake(1));
        QByteArray hb;
        appendHeartbeatFrame(hb);
        for (int i = 0; i < 8; ++i) {
            c.sendRaw(hb);
            QTest::qWait(400);
        }
        QVERIFY(c.connected());
    }

    // Depot's own stall is not the client's silence. The server runs on this
    // test's thread, so blocking the thread stalls Depot while another thread
    // keeps sending the client's heartbeats; afterwards the overdue heartbeat
    // check runs before the socket is read (socket notifiers held back), as
    // happens when many connections wake at once. Only Qt's own Unix event
    // dispatcher holds socket notifiers back reliably; ctest runs this binary
    // with QT_NO_GLIB=1 for it (tests/CMakeLists.txt).
    void stalledDepotKeepsClientsThatSentHeartbeats()
    {
        if (QByteArray(QAbstractEventDispatcher::instance()->metaObject()->className()).contains("Glib"))
            QSKIP("needs QT_NO_GLIB=1: the GLib event dispatcher reads sockets even when told not to");
        ServerFixture f;
        RawAmqpClient c(f.port());
        QVERIFY(c.handshake(1));
        QByteArray hb;
        appendHeartbeatFrame(hb);
        const int fd = int(c.descriptor());
        QVERIFY(fd >= 0);
        std::atomic<bool> stalled{true};
        std::atomic<int> sent{0};
        std::thread beater([&] {
            while (stalled.load()) {
                if (::send(fd, hb.constData(), size_t(hb.size()), MSG_NOSIGNAL) == hb.size())
                    ++sent;
                std::this_thread::sleep_for(std::chrono::milliseconds(250));
            }
        });
        // The broker's thread stays blocked for more than two 1 s intervals
        // and until the client has sent its heartbeats meanwhile (a loaded
        // machine may run the sender late: wait for the sends themselves,
        // not for a time that ought to be enough for them).
        QElapsedTimer stall;
        stall.start();
        const QDeadlineTimer giveUp(60'000);
        while ((sent.load() < 10 || stall.elapsed() < 3500) && !giveUp.hasExpired())
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        stalled = false;
        beater.join();
        QVERIFY2(sent.load() >= 10, qPrintable(QString::number(sent.load())));
        for (QDeadlineTimer held(700); !held.hasExpired();)
            QCoreApplication::processEvents(QEventLoop::ExcludeSocketNotifiers, 50);
        QTest::qWait(300);
        QVERIFY2(c.connected(), "Depot closed a client that kept its heartbeats while Depot stalled");
        QCOMPARE(f.engine->connections().size(), 1);
        // The connection still works.
        c.sendMethod(1, ChannelOpen{});
        QVERIFY(c.expect<ChannelOpenOk>());
    }

    void maxConnections()
    {
        AmqpServerOptions options;
        options.maxConnections = 1;
        ServerFixture f(options);
        RawAmqpClient a(f.port());
        QVERIFY(a.handshake());
        RawAmqpClient b(f.port());
        QVERIFY(b.start());
        b.sendMethod(0, ConnectionStartOk{{}, QStringLiteral("PLAIN"),
                                          RawAmqpClient::plainResponse(QStringLiteral("guest"), QStringLiteral("guest")),
                                          QStringLiteral("en_US")});
        QVERIFY(b.expect<ConnectionTune>());
        b.sendMethod(0, ConnectionTuneOk{0, 131072, 0});
        b.sendMethod(0, ConnectionOpen{QStringLiteral("/"), {}, false});
        const auto close = b.expect<ConnectionClose>();
        QVERIFY(close);
        QCOMPARE(close->replyCode, quint16(530));
    }

    void channelMaxFromOptions()
    {
        AmqpServerOptions options;
        options.channelMax = 3;
        ServerFixture f(options);
        RawAmqpClient c(f.port());
        const auto tune = handshakeWith(c, 0, 131072);   // 0: take the server's
        QVERIFY(tune);
        QCOMPARE(tune->channelMax, quint16(3));
        for (quint16 ch = 1; ch <= 3; ++ch)
            QVERIFY(c.openChannel(ch));
        QVERIFY(c.declareQueue(1, QStringLiteral("kept")));
        c.publish(3, QString(), QStringLiteral("kept"), "before the refusal");
        c.sendMethod(4, ChannelOpen{});
        const auto close = c.expect<ConnectionClose>();
        QVERIFY(close);
        QCOMPARE(close->replyCode, quint16(530));
        QCOMPARE(close->replyText, QStringLiteral("NOT_ALLOWED - channel 4 is above the negotiated channel_max 3: this "
                                                  "connection may open at most 3 channels, numbered 1 to 3"));
        QCOMPARE(close->classId, quint16(20));
        QCOMPARE(close->methodId, quint16(10));
        c.sendMethod(0, ConnectionCloseOk{});
        QVERIFY(c.waitDisconnected());
        QCOMPARE(f.engine->queue(QStringLiteral("kept"))->ready, quint64(1));
    }

    void channelMaxTheClientAskedFor()
    {
        ServerFixture f;
        RawAmqpClient c(f.port());
        QVERIFY(handshakeWith(c, 2, 131072));
        QVERIFY(c.openChannel(2));
        c.sendMethod(3, ChannelOpen{});
        const auto close = c.expect<ConnectionClose>();
        QVERIFY(close);
        QCOMPARE(close->replyCode, quint16(530));
        QVERIFY2(close->replyText.contains(QStringLiteral("channel_max 2")), qPrintable(close->replyText));
    }

    void frameMaxFromOptions()
    {
        AmqpServerOptions options;
        options.frameMax = 8192;
        ServerFixture f(options);
        RawAmqpClient c(f.port());
        const auto tune = handshakeWith(c, 0, 0);   // 0: take the server's
        QVERIFY(tune);
        QCOMPARE(tune->frameMax, quint32(8192));
        QVERIFY(c.openChannel(1));
        QVERIFY(c.declareQueue(1, QStringLiteral("q")));
        // A body frame of exactly frame_max bytes is fine; one byte more is not.
        const QByteArray exact(8192 - 8, 'e');
        c.sendRaw(RawAmqpClient::publishFrames(1, QString(), QStringLiteral("q"), exact, {}, false, 8192));
        c.sendMethod(1, QueueDeclare{0, QStringLiteral("q"), true, false, false, false, false, {}});
        const auto ok = c.expect<QueueDeclareOk>();
        QVERIFY(ok);
        QCOMPARE(ok->messageCount, quint32(1));
        const QByteArray over(8192 - 8 + 1, 'o');
        c.sendRaw(RawAmqpClient::publishFrames(1, QString(), QStringLiteral("q"), over, {}, false, 8192 + 1));
        const auto close = c.expect<ConnectionClose>();
        QVERIFY(close);
        QCOMPARE(close->replyCode, quint16(501));
        QCOMPARE(close->replyText, QStringLiteral("FRAME_ERROR - frame of 8193 bytes is larger than frame_max 8192"));
        QCOMPARE(f.engine->queue(QStringLiteral("q"))->ready, quint64(1));
    }

    void maxMessageSizeExactAndOneOver()
    {
        AmqpServerOptions options;
        options.maxMessageSize = 5000;
        ServerFixture f(options);
        RawAmqpClient c(f.port());
        QVERIFY(c.handshake());
        QVERIFY(c.openChannel(1));
        QVERIFY(c.declareQueue(1, QStringLiteral("q")));
        c.publish(1, QString(), QStringLiteral("q"), QByteArray(5000, 'a'));
        c.publish(1, QString(), QStringLiteral("q"), QByteArray(5001, 'b'));
        const auto close = c.expect<ChannelClose>();
        QVERIFY(close);
        QCOMPARE(close->replyCode, quint16(406));
        QCOMPARE(close->replyText,
                 QStringLiteral("PRECONDITION_FAILED - message size 5001 is larger than configured max size 5000"));
        c.sendMethod(1, ChannelCloseOk{});
        // The connection stays usable and the message at the limit is there.
        QVERIFY(c.openChannel(2));
        c.sendMethod(2, BasicGet{0, QStringLiteral("q"), true});
        const auto got = c.nextMessage();
        QVERIFY(got);
        QVERIFY(std::holds_alternative<BasicGetOk>(got->method));
        QCOMPARE(got->body, QByteArray(5000, 'a'));
        QCOMPARE(f.engine->queue(QStringLiteral("q"))->ready, quint64(0));
    }

    void blockedWhileStoreCatchesUp()
    {
        AmqpServerOptions options;
        options.maxStorePendingBytes = 1;   // any uncommitted persistent body blocks
        ServerFixture f(options, true);
        RawAmqpClient c(f.port());
        QVERIFY(c.handshake());
        QVERIFY(c.openChannel(1));
        QVERIFY(c.declareQueue(1, QStringLiteral("durable-q"), true));
        MessageProperties persistent;
        persistent.deliveryMode = 2;
        c.publish(1, QString(), QStringLiteral("durable-q"), "payload", persistent);
        QVERIFY(c.expect<ConnectionBlocked>());
        QVERIFY(c.expect<ConnectionUnblocked>(5000));
        QTRY_COMPARE(f.engine->queue(QStringLiteral("durable-q"))->ready, quint64(1));
        // Reading resumed: the connection still answers.
        c.sendMethod(1, QueueDeclare{0, QStringLiteral("durable-q"), true, true, false, false, false, {}});
        QVERIFY(c.expect<QueueDeclareOk>());
    }

    void alarmBlocksPublishersNotConsumers()
    {
        ServerFixture f;
        RawAmqpClient consumer(f.port());
        QVERIFY(consumer.handshake());
        QVERIFY(consumer.openChannel(1));
        consumer.sendMethod(1, QueueDeclare{0, QStringLiteral("q"), false, false, false, false, false, {}});
        QVERIFY(consumer.expect<QueueDeclareOk>());
        RawAmqpClient publisher(f.port());
        QVERIFY(publisher.handshake());
        QVERIFY(publisher.openChannel(1));
        publisher.publish(1, QString(), QStringLiteral("q"), "before-1");
        publisher.publish(1, QString(), QStringLiteral("q"), "before-2");
        QTRY_COMPARE(f.engine->queue(QStringLiteral("q"))->ready, quint64(2));

        const QString text = QStringLiteral("Depot: memory use 9 MiB is above the high-watermark 8 MiB");
        f.engine->raiseAlarm(QStringLiteral("memory"), text);
        QVERIFY(f.server->publishersBlocked());
        QCOMPARE(f.server->blockReason(), text);
        // Nothing is said before the connection publishes again.
        QVERIFY(publisher.quietFor(200));
        publisher.publish(1, QString(), QStringLiteral("q"), "during-1");
        publisher.publish(1, QString(), QStringLiteral("q"), "during-2");
        const auto blocked = publisher.expect<ConnectionBlocked>();
        QVERIFY(blocked);
        QCOMPARE(blocked->reason, text);
        // Its socket is no longer read: the messages wait there.
        QTest::qWait(200);
        QCOMPARE(f.engine->queue(QStringLiteral("q"))->ready, quint64(2));
        const auto infos = f.server->connections();
        QCOMPARE(std::count_if(infos.begin(), infos.end(),
                               [](const AmqpConnectionInfo &i) { return i.state == QStringLiteral("blocked"); }),
                 1);

        // A connection that only consumes and acks keeps flowing.
        consumer.sendMethod(1, BasicConsume{0, QStringLiteral("q"), QStringLiteral("c"), false, false, false, false, {}});
        QVERIFY(consumer.expect<BasicConsumeOk>());
        for (const char *body : {"before-1", "before-2"}) {
            const auto m = consumer.nextMessage();
            QVERIFY(m);
            QCOMPARE(m->body, QByteArray(body));
            consumer.sendMethod(1, BasicAck{std::get<BasicDeliver>(m->method).deliveryTag, false});
        }
        QTRY_COMPARE(f.engine->queue(QStringLiteral("q"))->unacked, quint64(0));
        QVERIFY(consumer.quietFor(100));

        f.engine->clearAlarm(QStringLiteral("memory"));
        QVERIFY(!f.server->publishersBlocked());
        QVERIFY(publisher.expect<ConnectionUnblocked>());
        // Nothing was lost: both messages published while blocked arrive.
        for (const char *body : {"during-1", "during-2"}) {
            const auto m = consumer.nextMessage();
            QVERIFY(m);
            QCOMPARE(m->body, QByteArray(body));
            consumer.sendMethod(1, BasicAck{std::get<BasicDeliver>(m->method).deliveryTag, false});
        }
        // And the publisher's connection answers again.
        publisher.sendMethod(1, QueueDeclare{0, QStringLiteral("q"), true, false, false, false, false, {}});
        QVERIFY(publisher.expect<QueueDeclareOk>());
    }

    void blockedUntilEveryAlarmIsCleared()
    {
        ServerFixture f;
        f.engine->raiseAlarm(QStringLiteral("memory"), QStringLiteral("memory is high"));
        f.engine->raiseAlarm(QStringLiteral("disk"), QStringLiteral("disk is low"));
        RawAmqpClient c(f.port());
        QVERIFY(c.handshake());
        QVERIFY(c.openChannel(1));
        QVERIFY(c.declareQueue(1, QStringLiteral("q")));
        c.publish(1, QString(), QStringLiteral("q"), "m");
        const auto blocked = c.expect<ConnectionBlocked>();
        QVERIFY(blocked);
        QVERIFY2(blocked->reason.contains(QStringLiteral("memory is high"))
                     && blocked->reason.contains(QStringLiteral("disk is low")),
                 qPrintable(blocked->reason));
        f.engine->clearAlarm(QStringLiteral("disk"));
        QVERIFY(c.quietFor(200));
        QCOMPARE(f.engine->queue(QStringLiteral("q"))->ready, quint64(0));
        // Raising again while blocked says nothing new.
        f.engine->raiseAlarm(QStringLiteral("memory"), QStringLiteral("memory is still high"));
        QVERIFY(c.quietFor(100));
        f.engine->clearAlarm(QStringLiteral("memory"));
        QVERIFY(c.expect<ConnectionUnblocked>());
        QTRY_COMPARE(f.engine->queue(QStringLiteral("q"))->ready, quint64(1));
    }

    void alarmBlocksClientsWithoutTheCapabilitySilently()
    {
        ServerFixture f;
        RawAmqpClient c(f.port());
        QVERIFY(c.start());
        c.sendMethod(0, ConnectionStartOk{{}, QStringLiteral("PLAIN"),
                                          RawAmqpClient::plainResponse(QStringLiteral("guest"), QStringLiteral("guest")),
                                          QStringLiteral("en_US")});
        QVERIFY(c.expect<ConnectionTune>());
        c.sendMethod(0, ConnectionTuneOk{0, 131072, 0});
        c.sendMethod(0, ConnectionOpen{QStringLiteral("/"), {}, false});
        QVERIFY(c.expect<ConnectionOpenOk>());
        QVERIFY(c.openChannel(1));
        QVERIFY(c.declareQueue(1, QStringLiteral("q")));
        f.engine->raiseAlarm(QStringLiteral("memory"), QStringLiteral("memory is high"));
        c.publish(1, QString(), QStringLiteral("q"), "m");
        c.sendMethod(1, QueueDeclare{0, QStringLiteral("q"), true, false, false, false, false, {}});
        // No connection.blocked (the client did not ask for it), and no answer.
        QVERIFY(c.quietFor(300));
        QCOMPARE(f.engine->queue(QStringLiteral("q"))->ready, quint64(0));
        f.engine->clearAlarm(QStringLiteral("memory"));
        const auto ok = c.expect<QueueDeclareOk>();
        QVERIFY(ok);
        QCOMPARE(ok->messageCount, quint32(1));
    }

    void alarmThenStorePressure()
    {
        AmqpServerOptions options;
        options.maxStorePendingBytes = 1;   // any uncommitted persistent body blocks
        ServerFixture f(options, true);
        RawAmqpClient c(f.port());
        QVERIFY(c.handshake());
        QVERIFY(c.openChannel(1));
        QVERIFY(c.declareQueue(1, QStringLiteral("durable-q"), true));
        f.engine->raiseAlarm(QStringLiteral("disk"), QStringLiteral("disk is low"));
        MessageProperties persistent;
        persistent.deliveryMode = 2;
        c.publish(1, QString(), QStringLiteral("durable-q"), "payload", persistent);
        auto blocked = c.expect<ConnectionBlocked>();
        QVERIFY(blocked);
        QCOMPARE(blocked->reason, QStringLiteral("disk is low"));
        QVERIFY(c.quietFor(100));
        QCOMPARE(f.engine->queue(QStringLiteral("durable-q"))->ready, quint64(0));
        // The alarm ends; the publish goes through and puts the store behind,
        // which blocks the connection again until the store caught up.
        f.engine->clearAlarm(QStringLiteral("disk"));
        QVERIFY(c.expect<ConnectionUnblocked>());
        blocked = c.expect<ConnectionBlocked>();
        QVERIFY(blocked);
        QCOMPARE(blocked->reason, QStringLiteral("Depot's store is catching up with publishers"));
        QVERIFY(c.expect<ConnectionUnblocked>(5000));
        QCOMPARE(f.engine->queue(QStringLiteral("durable-q"))->ready, quint64(1));
    }

    void memoryWatermarkBlocksUntilConsumersDrain()
    {
        AmqpServerOptions options;
        options.memoryHighWatermark = 64 * 1024;
        ServerFixture f(options);
        RawAmqpClient publisher(f.port());
        QVERIFY(publisher.handshake());
        QVERIFY(publisher.openChannel(1));
        publisher.sendMethod(1, QueueDeclare{0, QStringLiteral("q"), false, false, false, false, false, {}});
        QVERIFY(publisher.expect<QueueDeclareOk>());
        const int total = 200;
        QByteArray all;
        for (int i = 0; i < total; ++i)
            all += RawAmqpClient::publishFrames(1, QString(), QStringLiteral("q"),
                                                QByteArray::number(i).leftJustified(1024, '.'));
        publisher.sendRaw(all);
        const auto blocked = publisher.expect<ConnectionBlocked>();
        QVERIFY(blocked);
        QVERIFY2(blocked->reason.startsWith(QStringLiteral("Depot: memory high-watermark reached")),
                 qPrintable(blocked->reason));
        QVERIFY2(blocked->reason.contains(QStringLiteral("limit 64 KiB")), qPrintable(blocked->reason));
        QVERIFY(f.engine->alarms().contains(QStringLiteral("memory")));
        // Stopped near the mark, not after everything.
        QTest::qWait(300);
        const quint64 queuedWhileBlocked = f.engine->queue(QStringLiteral("q"))->ready;
        QVERIFY2(queuedWhileBlocked < quint64(total) && queuedWhileBlocked * 1024 <= 96 * 1024,
                 qPrintable(QString::number(queuedWhileBlocked)));

        // A consumer drains; memory falls; the publisher is let go and the
        // rest arrives. Every message exactly once, in order.
        RawAmqpClient consumer(f.port());
        QVERIFY(consumer.handshake());
        QVERIFY(consumer.openChannel(1));
        consumer.sendMethod(1, BasicConsume{0, QStringLiteral("q"), QStringLiteral("c"), false, false, false, false, {}});
        QVERIFY(consumer.expect<BasicConsumeOk>());
        for (int i = 0; i < total; ++i) {
            const auto m = consumer.nextMessage(5000);
            QVERIFY2(m, qPrintable(QString::number(i)));
            QCOMPARE(m->body, QByteArray::number(i).leftJustified(1024, '.'));
            // Unacked messages still count: memory falls as they are acked.
            consumer.sendMethod(1, BasicAck{std::get<BasicDeliver>(m->method).deliveryTag, false});
        }
        QVERIFY(consumer.quietFor(200));
        QVERIFY(publisher.expect<ConnectionUnblocked>());
        QTRY_VERIFY(!f.engine->alarms().contains(QStringLiteral("memory")));
        QCOMPARE(f.engine->queue(QStringLiteral("q"))->ready, quint64(0));
    }

    void noLocalIsAcceptedAndChangesNothingAsInRabbitMq()
    {
        // RabbitMQ does not implement basic.consume's no-local: a consumer
        // that asks for it still gets what its own connection publishes.
        // Depot does the same (docs/ARCHITECTURE.md, the arguments table).
        ServerFixture f;
        RawAmqpClient c(f.port());
        QVERIFY(c.handshake());
        QVERIFY(c.openChannel(1));
        QVERIFY(c.declareQueue(1, QStringLiteral("q")));
        c.sendMethod(1, BasicConsume{0, QStringLiteral("q"), QStringLiteral("t"), true, true, false, false, {}});
        QVERIFY(c.expect<BasicConsumeOk>());
        c.publish(1, QString(), QStringLiteral("q"), "mine");
        const auto m = c.nextMessage();
        QVERIFY(m);
        QCOMPARE(m->body, QByteArray("mine"));
    }

    void serverDestroyedWhileClientsConnected()
    {
        ServerFixture f;
        RawAmqpClient c(f.port());
        QVERIFY(c.handshake());
        QVERIFY(c.openChannel(1));
        QVERIFY(c.declareQueue(1, QStringLiteral("q")));
        c.publish(1, QString(), QStringLiteral("q"), "m");
        c.sendMethod(1, BasicConsume{0, QStringLiteral("q"), QStringLiteral("t"), false, false, false, false, {}});
        QVERIFY(c.expect<BasicConsumeOk>());
        QVERIFY(c.nextMessage());
        RawAmqpClient half(f.port());   // still in the handshake
        QVERIFY(half.start());
        f.server.reset();
        // The unacked message is back in its queue, the engine forgot the connection.
        QCOMPARE(f.engine->queue(QStringLiteral("q"))->ready, quint64(1));
        QCOMPARE(f.engine->connections().size(), 0);
        const auto close = c.expect<ConnectionClose>();
        QVERIFY(close);
        QCOMPARE(close->replyCode, quint16(320));
        QVERIFY(c.waitDisconnected());
        QVERIFY(half.waitDisconnected());
    }

    void serverDestroyedClosesSocketsInEveryState()
    {
        // Whatever state a socket is in when the server goes away, its peer
        // sees it closed at once, not when the handshake timeout would have.
        ServerFixture f;
        RawAmqpClient open(f.port());
        QVERIFY(open.handshake());
        RawAmqpClient silent(f.port());        // connected, nothing sent
        RawAmqpClient started(f.port());       // protocol header sent, no start-ok
        QVERIFY(started.start());
        RawAmqpClient tuning(f.port());        // start-ok sent, no tune-ok
        QVERIFY(tuning.start());
        tuning.sendMethod(0, ConnectionStartOk{{}, QStringLiteral("PLAIN"),
                                               RawAmqpClient::plainResponse(QStringLiteral("guest"), QStringLiteral("guest")),
                                               QStringLiteral("en_US")});
        QVERIFY(tuning.expect<ConnectionTune>());
        QTRY_COMPARE(f.server->connectionCount(), 4);
        QElapsedTimer clock;
        clock.start();
        f.server.reset();
        f.listener.close();
        const auto close = open.expect<ConnectionClose>();
        QVERIFY(close);
        QCOMPARE(close->replyCode, quint16(320));
        QVERIFY(open.waitDisconnected(1000));
        QVERIFY(silent.waitDisconnected(1000));
        QVERIFY(started.waitDisconnected(1000));
        QVERIFY(tuning.waitDisconnected(1000));
        QVERIFY2(clock.elapsed() < 2000, qPrintable(QString::number(clock.elapsed())));
    }

    void blockedPublisherStillClosesCleanly()
    {
        ServerFixture f;
        RawAmqpClient c(f.port());
        QVERIFY(c.handshake());
        QVERIFY(c.openChannel(1));
        f.engine->raiseAlarm(QStringLiteral("memory"), QStringLiteral("memory is high"));
        c.publish(1, QString(), QStringLiteral("nowhere"), "m");
        QVERIFY(c.expect<ConnectionBlocked>());
        f.server->closeAll();
        const auto close = c.expect<ConnectionClose>();
        QVERIFY(close);
        QCOMPARE(close->replyCode, quint16(320));
        c.sendMethod(0, ConnectionCloseOk{});
        // Depot reads the close-ok although it stopped reading the publisher:
        // the socket closes at once, not after the close-ok timeout.
        QElapsedTimer clock;
        clock.start();
        QVERIFY(c.waitDisconnected(2000));
        QVERIFY2(clock.elapsed() < 1000, qPrintable(QString::number(clock.elapsed())));
    }

    void closeAllForcesClients()
    {
        ServerFixture f;
        RawAmqpClient c(f.port());
        QVERIFY(c.handshake());
        f.server->closeAll();
        const auto close = c.expect<ConnectionClose>();
        QVERIFY(close);
        QCOMPARE(close->replyCode, quint16(320));
    }
};

QTEST_GUILESS_MAIN(TestAmqpConnection)
#include "tst_amqpconnection.moc"
