#include "broker/amqp/AmqpConnection.h"

#include "broker/amqp/AmqpAuth.h"
#include "broker/amqp/AmqpChannel.h"
#include "broker/auth/UserStore.h"
#include "broker/net/SocketInput.h"

#include <QLoggingCategory>
#include <QTcpSocket>
#include <QtEndian>

namespace depot::amqp {

Q_LOGGING_CATEGORY(lcAmqp, "depot.amqp")

namespace {

// Bytes Qt may buffer from a socket that Depot does not read (paused for
// back-pressure); beyond this the kernel's buffer and TCP flow control hold
// the peer back.
constexpr qint64 kSocketReadBuffer = 1024 * 1024;

QVariantMap serverProperties()
{
    QVariantMap capabilities;
    for (const char *name : {"publisher_confirms", "basic.nack", "consumer_cancel_notify", "exchange_exchange_bindings",
                             "connection.blocked", "authentication_failure_close", "per_consumer_qos",
                             "direct_reply_to"})
        capabilities.insert(QString::fromLatin1(name), true);
    QVariantMap props;
    props.insert(QStringLiteral("product"), QStringLiteral("Depot"));
    props.insert(QStringLiteral("version"), QStringLiteral(DEPOT_VERSION));
    props.insert(QStringLiteral("platform"), QStringLiteral("Qt %1").arg(QLatin1StringView(qVersion())));
    props.insert(QStringLiteral("information"), QStringLiteral("Depot, a desktop message broker you can see into"));
    props.insert(QStringLiteral("capabilities"), capabilities);
    return props;
}

QString stateName(AmqpConnection::State state)
{
    switch (state) {
    case AmqpConnection::State::AwaitingHeader:
    case AmqpConnection::State::AwaitingStartOk:
    case AmqpConnection::State::AwaitingLogin:
    case AmqpConnection::State::AwaitingTuneOk:
    case AmqpConnection::State::AwaitingOpen: return QStringLiteral("handshake");
    case AmqpConnection::State::Open: return QStringLiteral("running");
    case AmqpConnection::State::Closing:
    case AmqpConnection::State::Closed: return QStringLiteral("closing");
    }
    return {};
}

} // namespace

AmqpConnection::AmqpConnection(AmqpServer &server, QTcpSocket *socket)
    : m_server(server), m_socket(socket)
{
    const AmqpServerOptions &options = server.options();
    m_socket->setParent(nullptr);
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    m_socket->setReadBufferSize(kSocketReadBuffer);
    m_peer = m_socket->peerAddress().toString() + QLatin1Char(':') + QString::number(m_socket->peerPort());
    // Until tune-ok, accept frames up to what Depot proposes: a start-ok with
    // large client properties is still welcome.
    m_frameMax = options.frameMax;
    m_channelMax = options.channelMax;
    m_clock.start();

    connect(m_socket.get(), &QTcpSocket::readyRead, this, &AmqpConnection::onReadyRead);
    connect(m_socket.get(), &QTcpSocket::bytesWritten, this, &AmqpConnection::onBytesWritten);
    connect(m_socket.get(), &QTcpSocket::disconnected, this, &AmqpConnection::onDisconnected);
    connect(m_socket.get(), &QTcpSocket::errorOccurred, this, [this](QAbstractSocket::SocketError) {
        if (m_socket->state() == QAbstractSocket::UnconnectedState)
            QMetaObject::invokeMethod(this, &AmqpConnection::onDisconnected, Qt::QueuedConnection);
    });

    m_heartbeatTimer.setTimerType(Qt::CoarseTimer);
    connect(&m_heartbeatTimer, &QTimer::timeout, this, &AmqpConnection::onHeartbeatTick);
    m_deadlineTimer.setSingleShot(true);
    connect(&m_deadlineTimer, &QTimer::timeout, this, [this] {
        qCInfo(lcAmqp, "closing AMQP connection %s: %s", qPrintable(m_peer),
               m_state == State::Closing ? "no connection.close-ok in time" : "handshake not completed in time");
        abortSocket();
    });
    if (options.handshakeTimeoutMs > 0)
        m_deadlineTimer.start(options.handshakeTimeoutMs);

    if (m_socket->bytesAvailable() > 0)
        QMetaObject::invokeMethod(this, &AmqpConnection::onReadyRead, Qt::QueuedConnection);
}

AmqpConnection::~AmqpConnection()
{
    // The socket must not call back into a half-destroyed connection.
    m_socket->disconnect(this);
    if (!m_finished) {
        m_finished = true;
        if (m_server.engineAlive()) {
            destroyChannels();
            if (m_engineConnection)
                m_server.engine().closeConnection(m_engineConnection);
        } else {
            for (auto &[number, channel] : m_channels)
                channel->abandon();
            m_channels.clear();
        }
    }
    // Hand a last connection.close (closeAll) to the kernel before closing.
    if (!m_out.isEmpty() && m_socket->state() == QAbstractSocket::ConnectedState)
        m_socket->write(m_out);
    m_socket->flush();
    m_socket->abort();
}

AmqpConnectionInfo AmqpConnection::info() const
{
    AmqpConnectionInfo i;
    i.engineConnection = m_engineConnection;
    i.peer = m_peer;
    i.user = m_user;
    i.name = m_clientProperties.value(QStringLiteral("connection_name")).toString();
    i.state = (m_state == State::Open && m_publishBlocked) ? QStringLiteral("blocked") : stateName(m_state);
    i.channels = int(m_channels.size());
    i.frameMax = m_frameMax;
    i.heartbeatSeconds = m_heartbeat;
    i.bytesReceived = m_bytesReceived;
    i.bytesSent = m_bytesSent;
    return i;
}

bool AmqpConnection::clientHas(const QString &capability) const
{
    return m_clientCapabilities.value(capability).toBool();
}

// ---- input ----

bool AmqpConnection::readingPaused() const
{
    // A blocked publisher is not read while open; once Depot closes the
    // connection its close-ok must get through. Frames after start-ok wait
    // until its password is checked.
    return m_socketCongested || m_unconfirmedPaused || (m_publishBlocked && m_state == State::Open)
        || m_state == State::AwaitingLogin;
}

void AmqpConnection::onReadyRead()
{
    if (m_finished)
        return;
    if (m_state == State::Closed || m_discardInput) {
        m_socket->readAll();
        return;
    }
    if (readingPaused())
        return;
    const QByteArray chunk = m_socket->readAll();
    if (!chunk.isEmpty()) {
        m_bytesReceived += quint64(chunk.size());
        m_lastReceivedMs = m_clock.elapsed();
    }
    if (m_inPos >= m_in.size()) {
        m_in = chunk;   // shares the bytes: no copy in the common case
        m_inPos = 0;
    } else {
        m_in.append(chunk);
    }
    m_processing = true;
    processInput();
    m_processing = false;
    if (m_inPos >= m_in.size()) {
        m_in.clear();
        m_inPos = 0;
    } else if (m_inPos > 0) {
        m_in.remove(0, m_inPos);   // only a partial frame is left
        m_inPos = 0;
    }
    flush();
}

void AmqpConnection::processInput()
{
    while (!m_finished && m_state != State::Closed && !m_discardInput) {
        const QByteArrayView available(m_in.constData() + m_inPos, m_in.size() - m_inPos);
        if (available.isEmpty())
            break;
        if (m_state == State::AwaitingHeader) {
            const ProtocolHeaderCheck check = checkProtocolHeader(available.first(std::min<qsizetype>(8, available.size())));
            if (check == ProtocolHeaderCheck::NeedMore)
                break;
            if (check == ProtocolHeaderCheck::Wrong) {
                // The spec's answer to a client speaking another protocol:
                // the header Depot does speak, then close.
                qCInfo(lcAmqp, "AMQP connection %s: not an AMQP 0-9-1 client, closing", qPrintable(m_peer));
                m_out.append(protocolHeader().data(), protocolHeader().size());
                m_state = State::Closed;
                m_processing = false;
                flush();
                m_socket->disconnectFromHost();
                return;
            }
            m_inPos += 8;
            sendStart();
            continue;
        }
        if (readingPaused())
            break;
        const FrameDecodeResult r = decodeFrame(available, m_frameMax);
        if (r.status == FrameDecodeResult::Status::NeedMore)
            break;
        if (r.status == FrameDecodeResult::Status::Error) {
            // The stream cannot be followed past a bad frame: close, and
            // read nothing more from this peer.
            m_discardInput = true;
            closeWith(makeFault(r.error.replyCode, r.error.text));
            break;
        }
        m_inPos += r.consumed;
        if (!handleFrame(r.frame))
            break;
    }
    const quint64 committed = m_server.committedSequence();
    for (auto &[number, channel] : m_channels) {
        if (channel->hasPendingConfirms())
            channel->flushConfirms(committed);
    }
}

bool AmqpConnection::handleFrame(const Frame &frame)
{
    if (m_state == State::Closing) {
        // After connection.close only close-ok (or a crossing close) matters.
        if (frame.type == FrameType::Method && frame.channel == 0 && frame.payload.size() >= 4) {
            const quint16 classId = qFromBigEndian<quint16>(frame.payload.data());
            const quint16 methodId = qFromBigEndian<quint16>(frame.payload.data() + 2);
            if (classId == 10 && (methodId == 51 || methodId == 50)) {
                if (methodId == 50)
                    appendMethodFrame(m_out, 0, ConnectionCloseOk{});
                m_state = State::Closed;
                m_processing = false;
                flush();
                m_socket->disconnectFromHost();
                return false;
            }
        }
        return true;
    }
    if (frame.type == FrameType::Heartbeat)
        return true;
    if (frame.channel == 0) {
        if (frame.type != FrameType::Method) {
            closeWith(makeFault(Reply::UnexpectedFrame, QStringLiteral("content frame on channel 0")));
            return false;
        }
        Decoded<Method> method = decodeMethodPayload(frame.payload);
        if (!method.ok()) {
            quint16 classId = 0, methodId = 0;
            if (frame.payload.size() >= 4) {
                classId = qFromBigEndian<quint16>(frame.payload.data());
                methodId = qFromBigEndian<quint16>(frame.payload.data() + 2);
            }
            closeWith(makeFault(method.error().replyCode, method.error().text, classId, methodId));
            return false;
        }
        if (AmqpFault fault = handleConnectionMethod(method.value())) {
            closeWith(fault);
            return false;
        }
        return m_state != State::Closed;
    }
    if (m_state != State::Open) {
        closeWith(makeFault(Reply::ChannelError,
                            QStringLiteral("frame on channel %1 before connection.open").arg(frame.channel)));
        return false;
    }
    if (AmqpFault fault = handleChannelFrame(frame)) {
        if (fault.closesConnection()) {
            closeWith(fault);
            return false;
        }
        closeChannel(frame.channel, fault);
    }
    return true;
}

AmqpFault AmqpConnection::handleChannelFrame(const Frame &frame)
{
    const quint16 number = frame.channel;
    quint16 classId = 0;
    quint16 methodId = 0;
    if (frame.type == FrameType::Method) {
        if (frame.payload.size() < 4)
            return makeFault(Reply::FrameError, QStringLiteral("method frame of %1 bytes on channel %2")
                                                     .arg(frame.payload.size())
                                                     .arg(number));
        classId = qFromBigEndian<quint16>(frame.payload.data());
        methodId = qFromBigEndian<quint16>(frame.payload.data() + 2);
    }
    if (m_closingChannels.contains(number)) {
        // Depot closed this channel; everything but its close-ok is dropped.
        if (classId == 20 && methodId == 41) {
            m_closingChannels.remove(number);
        } else if (classId == 20 && methodId == 40) {
            m_closingChannels.remove(number);
            appendMethodFrame(m_out, number, ChannelCloseOk{});
        }
        return {};
    }
    const auto it = m_channels.find(number);
    if (frame.type != FrameType::Method) {
        if (it == m_channels.end())
            return makeFault(Reply::ChannelError, QStringLiteral("content frame on channel %1, which is not open").arg(number));
        AmqpChannel &channel = *it->second;
        if (!channel.expectsContent())
            return makeFault(Reply::UnexpectedFrame,
                             QStringLiteral("content %1 frame on channel %2 without a basic.publish before it")
                                 .arg(frame.type == FrameType::Header ? QStringLiteral("header") : QStringLiteral("body"))
                                 .arg(number));
        if (frame.type == FrameType::Header) {
            if (!channel.expectsHeader())
                return makeFault(Reply::UnexpectedFrame,
                                 QStringLiteral("expected content body on channel %1, got content header").arg(number));
            AmqpFault fault = channel.handleHeader(frame.payload);
            // A publish while publishers are blocked blocks this connection
            // before its body is read (RabbitMQ blocks on the content header).
            notePublish();
            return fault;
        }
        if (channel.expectsHeader())
            return makeFault(Reply::UnexpectedFrame,
                             QStringLiteral("expected content header for class 60 on channel %1, got content body").arg(number));
        return channel.handleBody(frame.payload);
    }

    if (it == m_channels.end()) {
        if (classId == 20 && methodId == 10) {
            // RabbitMQ's answer to one channel too many: the connection closes
            // with 530 NOT_ALLOWED. Numbers run 1..channel_max, so a number
            // above it is also the (channel_max + 1)th channel.
            if (number > m_channelMax)
                return makeFault(Reply::NotAllowed,
                                 QStringLiteral("channel %1 is above the negotiated channel_max %2: this connection "
                                                "may open at most %2 channels, numbered 1 to %2")
                                     .arg(number)
                                     .arg(m_channelMax),
                                 classId, methodId);
            Decoded<Method> open = decodeMethodPayload(frame.payload);
            if (!open.ok())
                return makeFault(open.error().replyCode, open.error().text, classId, methodId);
            m_channels.emplace(number, std::make_unique<AmqpChannel>(*this, number));
            appendMethodFrame(m_out, number, ChannelOpenOk{});
            if (m_socketCongested)
                m_channels[number]->setCongested(true);
            return {};
        }
        QString name = methodName(classId, methodId);
        if (name.isEmpty())
            name = QStringLiteral("method %1.%2").arg(classId).arg(methodId);
        return makeFault(Reply::ChannelError,
                         QStringLiteral("expected 'channel.open' on channel %1, got '%2'").arg(number).arg(name), classId,
                         methodId);
    }
    AmqpChannel &channel = *it->second;
    if (channel.expectsContent())
        return makeFault(Reply::UnexpectedFrame,
                         QStringLiteral("expected content %1 on channel %2, got a method frame")
                             .arg(channel.expectsHeader() ? QStringLiteral("header") : QStringLiteral("body"))
                             .arg(number),
                         classId, methodId);
    if (classId == 20) {
        switch (methodId) {
        case 10:
            return makeFault(Reply::ChannelError, QStringLiteral("second 'channel.open' seen on channel %1").arg(number),
                             classId, methodId);
        case 40: {
            Decoded<Method> close = decodeMethodPayload(frame.payload);
            if (!close.ok())
                return makeFault(close.error().replyCode, close.error().text, classId, methodId);
            it->second->shutdown();
            m_channels.erase(it);
            appendMethodFrame(m_out, number, ChannelCloseOk{});
            return {};
        }
        case 41:
            return makeFault(Reply::ChannelError,
                             QStringLiteral("channel.close-ok on channel %1, which Depot did not close").arg(number),
                             classId, methodId);
        default:
            break;
        }
    }
    return channel.handleMethod(classId, methodId, frame.payload.sliced(4));
}

void AmqpConnection::closeChannel(quint16 number, const AmqpFault &fault)
{
    qCInfo(lcAmqp, "AMQP connection %s: closing channel %u: %s", qPrintable(m_peer), unsigned(number),
           qPrintable(fault.text));
    if (const auto it = m_channels.find(number); it != m_channels.end()) {
        it->second->shutdown();
        m_channels.erase(it);
    }
    appendMethodFrame(m_out, number, ChannelClose{fault.code, fault.text, fault.classId, fault.methodId});
    m_closingChannels.insert(number);
}

// ---- connection class ----

void AmqpConnection::sendStart()
{
    ConnectionStart start;
    start.serverProperties = serverProperties();
    start.mechanisms = supportedMechanisms();
    start.locales = QByteArrayLiteral("en_US");
    appendMethodFrame(m_out, 0, start);
    m_state = State::AwaitingStartOk;
}

AmqpFault AmqpConnection::handleConnectionMethod(const Method &method)
{
    const quint16 classId = methodClassId(method);
    const quint16 methodId = methodMethodId(method);
    if (const auto *close = std::get_if<ConnectionClose>(&method)) {
        Q_UNUSED(close);
        appendMethodFrame(m_out, 0, ConnectionCloseOk{});
        destroyChannels();
        m_state = State::Closed;
        m_processing = false;
        flush();
        m_socket->disconnectFromHost();
        return {};
    }
    switch (m_state) {
    case State::AwaitingStartOk:
        if (const auto *m = std::get_if<ConnectionStartOk>(&method))
            return onStartOk(*m);
        break;
    case State::AwaitingTuneOk:
        if (const auto *m = std::get_if<ConnectionTuneOk>(&method))
            return onTuneOk(*m);
        break;
    case State::AwaitingOpen:
        if (const auto *m = std::get_if<ConnectionOpen>(&method))
            return onOpen(*m);
        break;
    case State::Open:
        if (std::holds_alternative<ConnectionUpdateSecret>(method)) {
            // Depot has no expiring credentials; accept so OAuth-style clients carry on.
            appendMethodFrame(m_out, 0, ConnectionUpdateSecretOk{});
            return {};
        }
        if (std::holds_alternative<ConnectionBlocked>(method) || std::holds_alternative<ConnectionUnblocked>(method))
            return {};   // a client telling Depot it is blocked: nothing to do
        break;
    default:
        break;
    }
    QString name = methodName(classId, methodId);
    if (classId != 10)
        return makeFault(Reply::CommandInvalid,
                         QStringLiteral("%1 on channel 0: only connection methods belong there").arg(name), classId,
                         methodId);
    return makeFault(Reply::CommandInvalid, QStringLiteral("unexpected %1 at this point of the connection").arg(name),
                     classId, methodId);
}

AmqpFault AmqpConnection::onStartOk(const ConnectionStartOk &m)
{
    m_clientProperties = m.clientProperties;
    m_clientCapabilities = m.clientProperties.value(QStringLiteral("capabilities")).toMap();
    if (m.mechanism != QLatin1StringView("PLAIN") && m.mechanism != QLatin1StringView("AMQPLAIN"))
        return makeFault(Reply::CommandInvalid, QStringLiteral("unknown authentication mechanism '%1'").arg(m.mechanism),
                         10, 11);
    const AmqpFault refused = makeFault(
        Reply::AccessRefused,
        QStringLiteral("Login was refused using authentication mechanism %1. For details see the broker logfile.")
            .arg(m.mechanism),
        10, 11);
    const std::optional<Credentials> credentials = parseResponse(m.mechanism, m.response);
    if (!credentials) {
        qCWarning(lcAmqp, "AMQP connection %s: login refused: malformed %s response", qPrintable(m_peer),
                  qPrintable(m.mechanism));
        return refused;
    }
    const AmqpServerOptions &options = m_server.options();
    if (!options.users)
        return finishLogin(credentials->user, m.mechanism,
                           decideLogin(options, *credentials, m_socket->peerAddress()));
    // The KDF runs on the verifier's worker; until it answers this
    // connection reads nothing more, and everything else on the broker
    // thread goes on. The answer is dropped if this connection is gone.
    m_state = State::AwaitingLogin;
    options.users->authenticate(credentials->user, credentials->password, m_socket->peerAddress().toString(), this,
                                [this, user = credentials->user, mechanism = m.mechanism](
                                    const std::optional<auth::User> &found) {
                                    onLoginChecked(user, mechanism, found.has_value());
                                });
    return {};
}

void AmqpConnection::onLoginChecked(const QString &user, const QString &mechanism, bool passwordMatches)
{
    // Closed meanwhile (the client went, Depot is shutting down, the
    // handshake deadline passed): nothing to answer.
    if (m_finished || m_state != State::AwaitingLogin)
        return;
    if (AmqpFault fault = finishLogin(user, mechanism, decideLogin(passwordMatches, user, m_socket->peerAddress()))) {
        closeWith(fault);
        return;
    }
    // Answered at once (the cache), within the read pass that brought
    // start-ok: that pass goes on. Answered later: send tune, and go on
    // with what the client sent meanwhile.
    if (!m_processing) {
        flush();
        resumeReading();
    }
}

AmqpFault AmqpConnection::finishLogin(const QString &user, const QString &mechanism, LoginDecision decision)
{
    const AmqpFault refused = makeFault(
        Reply::AccessRefused,
        QStringLiteral("Login was refused using authentication mechanism %1. For details see the broker logfile.")
            .arg(mechanism),
        10, 11);
    switch (decision) {
    case LoginDecision::Accepted:
        break;
    case LoginDecision::WrongCredentials:
        qCWarning(lcAmqp, "AMQP connection %s: login refused for user '%s': wrong user name or password",
                  qPrintable(m_peer), qPrintable(user));
        return refused;
    case LoginDecision::LoopbackOnly:
        qCWarning(lcAmqp, "AMQP connection %s: login refused: user '%s' can only connect via localhost",
                  qPrintable(m_peer), qPrintable(user));
        return refused;
    }
    m_user = user;
    const AmqpServerOptions &options = m_server.options();
    appendMethodFrame(m_out, 0, ConnectionTune{options.channelMax, options.frameMax, options.heartbeatSeconds});
    m_state = State::AwaitingTuneOk;
    return {};
}

AmqpFault AmqpConnection::onTuneOk(const ConnectionTuneOk &m)
{
    const AmqpServerOptions &options = m_server.options();
    const quint32 frameMax = m.frameMax == 0 ? options.frameMax : m.frameMax;
    if (frameMax < kFrameMinSize)
        return makeFault(Reply::NotAllowed, QStringLiteral("frame_max=%1 < %2 min size").arg(frameMax).arg(kFrameMinSize),
                         10, 31);
    if (frameMax > options.frameMax)
        return makeFault(Reply::NotAllowed,
                         QStringLiteral("frame_max=%1 > %2 max size").arg(frameMax).arg(options.frameMax), 10, 31);
    if (m.channelMax > options.channelMax)
        return makeFault(Reply::NotAllowed,
                         QStringLiteral("channel_max=%1 > %2 max").arg(m.channelMax).arg(options.channelMax), 10, 31);
    m_frameMax = frameMax;
    m_channelMax = m.channelMax == 0 ? options.channelMax : m.channelMax;
    m_heartbeat = m.heartbeat;
    if (m_heartbeat > 0) {
        m_lastReceivedMs = m_lastSentMs = m_lastTickMs = m_clock.elapsed();
        // Half the interval: a heartbeat goes out in time even when the
        // tick lands just before the peer's deadline.
        m_heartbeatTimer.start(std::max(100, int(m_heartbeat) * 500));
    }
    m_state = State::AwaitingOpen;
    return {};
}

AmqpFault AmqpConnection::onOpen(const ConnectionOpen &m)
{
    if (m.virtualHost != QLatin1StringView("/"))
        return makeFault(Reply::NotAllowed, QStringLiteral("vhost '%1' not found; Depot serves vhost '/' only").arg(m.virtualHost),
                         10, 40);
    const int max = m_server.options().maxConnections;
    if (max > 0 && m_server.openConnectionCount() >= max)
        return makeFault(Reply::NotAllowed,
                         QStringLiteral("access to vhost '/' refused for user '%1': connection limit (%2) is reached")
                             .arg(m_user)
                             .arg(max),
                         10, 40);
    ConnectionInfo info;
    info.name = m_clientProperties.value(QStringLiteral("connection_name")).toString();
    info.peer = m_peer;
    info.protocol = QStringLiteral("AMQP 0-9-1");
    info.user = m_user;
    info.clientProperties = m_clientProperties;
    m_engineConnection = m_server.engine().openConnection(info);
    appendMethodFrame(m_out, 0, ConnectionOpenOk{});
    m_state = State::Open;
    m_deadlineTimer.stop();
    Q_EMIT m_server.connectionsChanged();
    return {};
}

void AmqpConnection::closeWith(const AmqpFault &fault)
{
    if (m_finished || m_state == State::Closing || m_state == State::Closed)
        return;
    qCInfo(lcAmqp, "closing AMQP connection %s: %s", qPrintable(m_peer), qPrintable(fault.text));
    if (m_state == State::AwaitingHeader) {
        abortSocket();
        return;
    }
    destroyChannels();
    appendMethodFrame(m_out, 0, ConnectionClose{fault.code, fault.text, fault.classId, fault.methodId});
    m_state = State::Closing;
    m_deadlineTimer.start(std::max(1, m_server.options().closeTimeoutMs));
    if (!m_processing)
        flush();
    if (m_publishBlocked)
        resumeReading();   // to find the close-ok behind what was not read
}

// ---- channels and flow ----

void AmqpConnection::destroyChannels()
{
    if (!m_server.engineAlive()) {
        for (auto &[number, channel] : m_channels)
            channel->abandon();
        m_channels.clear();
        return;
    }
    // Stop deliveries to all channels first: otherwise messages requeued
    // by closing one channel could be handed to a sibling about to close.
    for (auto &[number, channel] : m_channels)
        channel->setCongested(true);
    for (auto &[number, channel] : m_channels)
        channel->shutdown();
    m_channels.clear();
    m_closingChannels.clear();
}

quint64 AmqpConnection::unsentBytes() const
{
    return quint64(m_out.size()) + quint64(std::max<qint64>(0, m_socket ? m_socket->bytesToWrite() : 0));
}

void AmqpConnection::notePublish()
{
    m_server.notePublishing();
    if (m_publishBlocked || m_finished || m_state != State::Open || !m_server.publishersBlocked())
        return;
    m_publishBlocked = true;
    qCInfo(lcAmqp, "AMQP connection %s: blocked: %s", qPrintable(m_peer), qPrintable(m_server.blockReason()));
    if (clientHas(QStringLiteral("connection.blocked"))) {
        appendMethodFrame(m_out, 0, ConnectionBlocked{m_server.blockReason()});
        m_blockedSent = true;
        scheduleFlush();
    }
    Q_EMIT m_server.connectionsChanged();
}

void AmqpConnection::addUnconfirmed(qint64 delta)
{
    m_unconfirmed += delta;
    const quint64 max = m_server.options().maxUnconfirmed;
    if (!m_unconfirmedPaused && max > 0 && quint64(m_unconfirmed) > max) {
        m_unconfirmedPaused = true;
    } else if (m_unconfirmedPaused && quint64(std::max<qint64>(0, m_unconfirmed)) <= max / 2) {
        m_unconfirmedPaused = false;
        resumeReading();
    }
}

void AmqpConnection::unblockPublishers()
{
    if (!m_publishBlocked)
        return;
    m_publishBlocked = false;
    qCInfo(lcAmqp, "AMQP connection %s: unblocked", qPrintable(m_peer));
    if (m_blockedSent) {
        appendMethodFrame(m_out, 0, ConnectionUnblocked{});
        m_blockedSent = false;
        scheduleFlush();
    }
    resumeReading();
}

void AmqpConnection::resumeReading()
{
    if (readingPaused() || m_finished)
        return;
    m_lastReceivedMs = m_clock.elapsed();
    // Nothing new may arrive to trigger readyRead: what Qt and m_in hold
    // already must be processed now.
    QMetaObject::invokeMethod(this, &AmqpConnection::onReadyRead, Qt::QueuedConnection);
}

void AmqpConnection::onStoreCommitted(quint64 sequence)
{
    bool any = false;
    for (auto &[number, channel] : m_channels) {
        if (channel->hasPendingConfirms()) {
            channel->flushConfirms(sequence);
            any = true;
        }
    }
    if (any)
        scheduleFlush();
}

// ---- output ----

void AmqpConnection::scheduleFlush()
{
    if (m_processing || m_flushScheduled || m_finished)
        return;
    m_flushScheduled = true;
    QMetaObject::invokeMethod(
        this,
        [this] {
            m_flushScheduled = false;
            flush();
        },
        Qt::QueuedConnection);
}

void AmqpConnection::flush()
{
    if (m_finished || m_processing || m_out.isEmpty())
        return;
    m_bytesSent += quint64(m_out.size());
    m_lastSentMs = m_clock.elapsed();
    m_socket->write(m_out);
    m_out.clear();
    m_socket->flush();
    if (!m_socketCongested && m_socket->bytesToWrite() > m_server.options().maxUnsentBytes) {
        m_socketCongested = true;
        for (auto &[number, channel] : m_channels)
            channel->setCongested(true);
    }
}

void AmqpConnection::onBytesWritten()
{
    if (m_finished || !m_socketCongested)
        return;
    if (m_socket->bytesToWrite() > m_server.options().maxUnsentBytes / 2)
        return;
    m_socketCongested = false;
    m_processing = true;   // deliveries released below go out in one write
    for (auto &[number, channel] : m_channels)
        channel->setCongested(false);
    m_processing = false;
    flush();
    resumeReading();
}

void AmqpConnection::onHeartbeatTick()
{
    if (m_finished || m_heartbeat == 0)
        return;
    const qint64 now = m_clock.elapsed();
    const qint64 interval = qint64(m_heartbeat) * 1000;
    // Silence counts only while Depot itself ran: when this tick comes late
    // (the process was stopped, swapped out, or its thread starved), the
    // client's heartbeats are waiting unread in the socket, so the time
    // Depot lost is not the client's.
    const qint64 stalledMs = now - m_lastTickMs - m_heartbeatTimer.interval();
    m_lastTickMs = now;
    if (stalledMs > 0)
        m_lastReceivedMs = std::min(now, m_lastReceivedMs + stalledMs);
    // While Depot itself does not read (back-pressure), silence proves nothing.
    if (!readingPaused() && now - m_lastReceivedMs > 2 * interval && !net::bytesWaiting(*m_socket)) {
        qCInfo(lcAmqp, "closing AMQP connection %s: missed heartbeats from client, timeout: %ds", qPrintable(m_peer),
               int(m_heartbeat));
        abortSocket();
        return;
    }
    if (m_state != State::Closed && now - m_lastSentMs >= interval / 2) {
        appendHeartbeatFrame(m_out);
        flush();
    }
}

void AmqpConnection::abortSocket()
{
    m_socket->abort();
    finish();
}

void AmqpConnection::onDisconnected()
{
    finish();
}

void AmqpConnection::finish()
{
    if (m_finished)
        return;
    m_heartbeatTimer.stop();
    m_deadlineTimer.stop();
    destroyChannels();
    if (m_engineConnection && m_server.engineAlive())
        m_server.engine().closeConnection(m_engineConnection);
    m_finished = true;
    m_state = State::Closed;
    Q_EMIT finished(this);
}

} // namespace depot::amqp
