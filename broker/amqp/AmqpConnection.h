#pragma once

// AmqpConnection: one client socket speaking AMQP 0-9-1. It owns the
// connection-level state machine (protocol header, start/start-ok,
// tune/tune-ok, open, close both ways, heartbeats, blocked/unblocked), splits
// the byte stream into frames and hands channel frames to its AmqpChannels.
//
// Reading: frames are decoded in place from the receive buffer; a body is
// copied once, into the message. Writing: everything produced while handling
// one batch of input (replies, deliveries, confirms) is appended to one
// buffer and written with one socket write. Back-pressure: the socket is not
// read while the peer does not read what Depot sends, while its publishes wait
// for the store beyond a bound, or once it published while the server blocks
// publishers (store pressure, an engine alarm) until the server unblocks them.

#include "broker/amqp/AmqpAuth.h"
#include "broker/amqp/AmqpFault.h"
#include "broker/amqp/AmqpServer.h"
#include "broker/amqp/codec/Frame.h"
#include "broker/amqp/codec/Methods.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QObject>
#include <QSet>
#include <QTimer>

#include <map>
#include <memory>

class QTcpSocket;

namespace depot::amqp {

class AmqpChannel;

class AmqpConnection final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AmqpConnection)

public:
    // AwaitingLogin: start-ok arrived and its password is being checked off
    // the broker thread; nothing more is read until the answer.
    enum class State { AwaitingHeader, AwaitingStartOk, AwaitingLogin, AwaitingTuneOk, AwaitingOpen, Open, Closing, Closed };

    // Takes ownership of `socket`.
    AmqpConnection(AmqpServer &server, QTcpSocket *socket);
    ~AmqpConnection() override;

    State state() const { return m_state; }
    AmqpConnectionInfo info() const;

    // ---- for channels ----
    Engine &engine() const { return m_server.engine(); }
    AmqpServer &server() const { return m_server; }
    ConnectionId engineConnection() const { return m_engineConnection; }
    quint32 frameMax() const { return m_frameMax; }
    // The user this connection logged in as.
    const QString &user() const { return m_user; }
    // Where replies and deliveries go; written out at the end of the current
    // input batch, or soon (scheduleFlush) when produced outside of one.
    QByteArray &out() { return m_out; }
    void scheduleFlush();
    // The client said so in its client-properties capabilities table.
    bool clientHas(const QString &capability) const;
    // Channels report their confirms waiting for the store.
    void addUnconfirmed(qint64 delta);

    // ---- from the server ----
    void onStoreCommitted(quint64 sequence);
    // The server stopped blocking publishers: connection.unblocked to a
    // blocked client, and read its socket again.
    void unblockPublishers();
    void closeWith(const AmqpFault &fault);   // connection.close, then wait for close-ok
    // This connection is publishing (a content header arrived, or a publish
    // was handed to the engine). While the server blocks publishers, that
    // blocks it: connection.blocked (to clients with the capability) and no
    // more reading until unblockPublishers().
    void notePublish();
    bool publishBlocked() const { return m_publishBlocked; }
    // Bytes produced for the peer and not yet taken by its kernel (the
    // memory high-watermark counts them: they drain as the peer reads).
    quint64 unsentBytes() const;

Q_SIGNALS:
    // The socket is closed and the engine was told; delete the connection.
    void finished(depot::amqp::AmqpConnection *connection);

private:
    void onReadyRead();
    void onBytesWritten();
    void onDisconnected();
    void onHeartbeatTick();
    void processInput();
    bool handleFrame(const Frame &frame);          // false: stop reading (connection closing)
    AmqpFault handleConnectionMethod(const Method &method);
    AmqpFault handleChannelFrame(const Frame &frame);
    AmqpFault onStartOk(const ConnectionStartOk &m);
    // The password check answered (at once, or later from the verifier).
    void onLoginChecked(const QString &user, const QString &mechanism, bool passwordMatches);
    AmqpFault finishLogin(const QString &user, const QString &mechanism, LoginDecision decision);
    AmqpFault onTuneOk(const ConnectionTuneOk &m);
    AmqpFault onOpen(const ConnectionOpen &m);
    void sendStart();
    void closeChannel(quint16 number, const AmqpFault &fault);
    void destroyChannels();
    void flush();
    void finish();
    bool readingPaused() const;
    void resumeReading();
    void abortSocket();

    AmqpServer &m_server;
    std::unique_ptr<QTcpSocket> m_socket;
    State m_state = State::AwaitingHeader;
    QString m_peer;
    QString m_user;
    QVariantMap m_clientProperties;
    QVariantMap m_clientCapabilities;
    ConnectionId m_engineConnection = 0;

    quint32 m_frameMax = 0;
    quint16 m_channelMax = 0;
    quint16 m_heartbeat = 0;

    QByteArray m_in;
    qsizetype m_inPos = 0;
    QByteArray m_out;
    bool m_processing = false;
    bool m_flushScheduled = false;

    std::map<quint16, std::unique_ptr<AmqpChannel>> m_channels;
    // Channels Depot closed, whose close-ok has not come yet: their frames are ignored.
    QSet<quint16> m_closingChannels;

    // Back-pressure.
    qint64 m_unconfirmed = 0;
    bool m_unconfirmedPaused = false;
    bool m_discardInput = false;      // after a framing error nothing more can be parsed
    bool m_publishBlocked = false;    // published while the server blocks publishers
    bool m_blockedSent = false;       // connection.blocked sent, unblocked not yet
    bool m_socketCongested = false;   // the peer does not read fast enough

    QElapsedTimer m_clock;
    qint64 m_lastReceivedMs = 0;
    qint64 m_lastSentMs = 0;
    qint64 m_lastTickMs = 0;  // when the heartbeat tick last ran
    QTimer m_heartbeatTimer;
    QTimer m_deadlineTimer;   // handshake and close-ok timeouts
    quint64 m_bytesReceived = 0;
    quint64 m_bytesSent = 0;
    bool m_finished = false;
};

} // namespace depot::amqp
