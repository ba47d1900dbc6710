#pragma once

// RawAmqpClient: a deliberately small AMQP 0-9-1 client for the server's
// tests. It speaks frames, not a client library's API, so a test can send
// exactly the bytes it wants (including broken ones) and see exactly what
// Depot answers. The server runs on the same thread, so every wait pumps the
// event loop instead of blocking.

#include "broker/amqp/codec/ContentHeader.h"
#include "broker/amqp/codec/FieldTable.h"
#include "broker/amqp/codec/Frame.h"
#include "broker/amqp/codec/Methods.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QTcpSocket>

#include <optional>

namespace depot::amqp::test {

struct OwnedFrame
{
    FrameType type = FrameType::Heartbeat;
    quint16 channel = 0;
    QByteArray payload;
};

// A whole message as it arrives after basic.deliver / get-ok / return.
struct Received
{
    Method method;
    ContentHeader header;
    QByteArray body;
};

class RawAmqpClient final
{
public:
    explicit RawAmqpClient(quint16 port)
    {
        m_socket.connectToHost(QStringLiteral("127.0.0.1"), port);
        QDeadlineTimer deadline(5000);
        while (m_socket.state() != QAbstractSocket::ConnectedState && !deadline.hasExpired())
            QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
    }

    bool connected() const { return m_socket.state() == QAbstractSocket::ConnectedState; }
    // The operating system's socket, for writing while this thread is blocked.
    qintptr descriptor() const { return m_socket.socketDescriptor(); }
    quint16 localPort() const { return m_socket.localPort(); }

    void sendRaw(const QByteArray &bytes)
    {
        m_socket.write(bytes);
        m_socket.flush();
    }
    void sendMethod(quint16 channel, const Method &method)
    {
        QByteArray out;
        appendMethodFrame(out, channel, method);
        sendRaw(out);
    }
    static QByteArray publishFrames(quint16 channel, const QString &exchange, const QString &routingKey,
                                    const QByteArray &body, MessageProperties props = {}, bool mandatory = false,
                                    quint32 frameMax = 131072)
    {
        QByteArray out;
        appendMethodFrame(out, channel, BasicPublish{0, exchange, routingKey, mandatory, false});
        ContentHeader header;
        header.bodySize = quint64(body.size());
        header.properties = std::move(props);
        appendContentHeaderFrame(out, channel, header);
        appendBodyFrames(out, channel, body, frameMax);
        return out;
    }
    void publish(quint16 channel, const QString &exchange, const QString &routingKey, const QByteArray &body,
                 MessageProperties props = {}, bool mandatory = false)
    {
        sendRaw(publishFrames(channel, exchange, routingKey, body, std::move(props), mandatory));
    }

    // The next frame (heartbeats included), or nullopt after the timeout
    // or when the socket closed.
    std::optional<OwnedFrame> nextFrame(int timeoutMs = 3000)
    {
        QDeadlineTimer deadline(timeoutMs);
        for (;;) {
            m_buffer.append(m_socket.readAll());
            const FrameDecodeResult r = decodeFrame(m_buffer, 0);
            if (r.status == FrameDecodeResult::Status::Complete) {
                OwnedFrame f{r.frame.type, r.frame.channel, r.frame.payload.toByteArray()};
                m_buffer.remove(0, r.consumed);
                return f;
            }
            if (r.status == FrameDecodeResult::Status::Error || deadline.hasExpired())
                return std::nullopt;
            if (m_socket.state() != QAbstractSocket::ConnectedState && m_socket.bytesAvailable() == 0)
                return std::nullopt;
            QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
        }
    }

    // The next method frame, skipping heartbeats.
    std::optional<std::pair<quint16, Method>> nextMethod(int timeoutMs = 3000)
    {
        for (;;) {
            std::optional<OwnedFrame> f = nextFrame(timeoutMs);
            if (!f)
                return std::nullopt;
            if (f->type == FrameType::Heartbeat)
                continue;
            if (f->type != FrameType::Method)
                return std::nullopt;
            Decoded<Method> m = decodeMethodPayload(f->payload);
            if (!m.ok())
                return std::nullopt;
            return std::make_pair(f->channel, m.value());
        }
    }

    template <typename T>
    std::optional<T> expect(int timeoutMs = 3000)
    {
        auto m = nextMethod(timeoutMs);
        if (!m || !std::holds_alternative<T>(m->second)) {
            if (m)
                qWarning("expected %s, got %s", qPrintable(methodName(T::kClassId, T::kMethodId)),
                         qPrintable(methodName(methodClassId(m->second), methodMethodId(m->second))));
            else
                qWarning("expected %s, got nothing", qPrintable(methodName(T::kClassId, T::kMethodId)));
            return std::nullopt;
        }
        return std::get<T>(m->second);
    }

    // A content-carrying method with its header and body.
    std::optional<Received> nextMessage(int timeoutMs = 3000)
    {
        auto m = nextMethod(timeoutMs);
        if (!m)
            return std::nullopt;
        Received r;
        r.method = m->second;
        if (!methodHasContent(methodClassId(r.method), methodMethodId(r.method)))
            return r;
        std::optional<OwnedFrame> h = nextFrame(timeoutMs);
        if (!h || h->type != FrameType::Header)
            return std::nullopt;
        Decoded<ContentHeader> header = decodeContentHeader(h->payload);
        if (!header.ok())
            return std::nullopt;
        r.header = header.value();
        while (quint64(r.body.size()) < r.header.bodySize) {
            std::optional<OwnedFrame> b = nextFrame(timeoutMs);
            if (!b || b->type != FrameType::Body)
                return std::nullopt;
            r.body.append(b->payload);
        }
        return r;
    }

    // Nothing arrives within `ms` (heartbeats aside).
    bool quietFor(int ms)
    {
        QDeadlineTimer deadline(ms);
        while (!deadline.hasExpired()) {
            QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
            m_buffer.append(m_socket.readAll());
            const FrameDecodeResult r = decodeFrame(m_buffer, 0);
            if (r.status == FrameDecodeResult::Status::Complete) {
                if (r.frame.type != FrameType::Heartbeat)
                    return false;
                m_buffer.remove(0, r.consumed);
            }
        }
        return true;
    }

    bool waitDisconnected(int timeoutMs = 5000)
    {
        QDeadlineTimer deadline(timeoutMs);
        while (m_socket.state() != QAbstractSocket::UnconnectedState && !deadline.hasExpired()) {
            QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
            m_buffer.append(m_socket.readAll());
        }
        return m_socket.state() == QAbstractSocket::UnconnectedState;
    }

    QByteArray readRaw(int size, int timeoutMs = 3000)
    {
        QDeadlineTimer deadline(timeoutMs);
        while (m_buffer.size() < size && !deadline.hasExpired()) {
            QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
            m_buffer.append(m_socket.readAll());
        }
        QByteArray out = m_buffer.left(size);
        m_buffer.remove(0, out.size());
        return out;
    }

    static QVariantMap clientProperties()
    {
        QVariantMap caps;
        for (const char *c : {"publisher_confirms", "consumer_cancel_notify", "connection.blocked",
                              "authentication_failure_close", "basic.nack"})
            caps.insert(QString::fromLatin1(c), true);
        QVariantMap props;
        props.insert(QStringLiteral("product"), QStringLiteral("depot-test"));
        props.insert(QStringLiteral("capabilities"), caps);
        return props;
    }

    // The next handshake leaves this capability out of client-properties, as
    // a client that does not support it does.
    void withoutCapability(const QString &name) { m_withoutCapabilities.append(name); }

    static QByteArray plainResponse(const QString &user, const QString &password)
    {
        return QByteArray(1, '\0') + user.toUtf8() + QByteArray(1, '\0') + password.toUtf8();
    }

    // Protocol header, start-ok, tune-ok, open; returns the tune Depot proposed.
    std::optional<ConnectionStart> start()
    {
        sendRaw(QByteArray("AMQP\x00\x00\x09\x01", 8));
        return expect<ConnectionStart>();
    }
    bool handshake(quint16 heartbeat = 0, const QString &user = QStringLiteral("guest"),
                   const QString &password = QStringLiteral("guest"))
    {
        if (!start())
            return false;
        QVariantMap properties = clientProperties();
        QVariantMap caps = properties.value(QStringLiteral("capabilities")).toMap();
        for (const QString &name : std::as_const(m_withoutCapabilities))
            caps.remove(name);
        properties.insert(QStringLiteral("capabilities"), caps);
        sendMethod(0,
            ConnectionStartOk{
                properties, QStringLiteral("PLAIN"), plainResponse(user, password), QStringLiteral("en_US")});
        auto tune = expect<ConnectionTune>();
        if (!tune)
            return false;
        sendMethod(0, ConnectionTuneOk{tune->channelMax, tune->frameMax, heartbeat});
        sendMethod(0, ConnectionOpen{QStringLiteral("/"), {}, false});
        return expect<ConnectionOpenOk>().has_value();
    }
    bool openChannel(quint16 channel)
    {
        sendMethod(channel, ChannelOpen{});
        auto ok = nextMethod();
        return ok && ok->first == channel && std::holds_alternative<ChannelOpenOk>(ok->second);
    }
    // queue.declare (not passive, not exclusive, no arguments) and its ok.
    bool declareQueue(quint16 channel, const QString &name, bool durable = false)
    {
        sendMethod(channel, QueueDeclare{0, name, false, durable, false, false, false, {}});
        return expect<QueueDeclareOk>().has_value();
    }

private:
    QTcpSocket m_socket;
    QByteArray m_buffer;
    QStringList m_withoutCapabilities;
};

} // namespace depot::amqp::test
