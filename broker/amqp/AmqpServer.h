#pragma once

// AmqpServer: Depot's AMQP 0-9-1 listener on the broker thread. It takes the
// sockets a QTcpServer accepts, runs one AmqpConnection per socket over the
// engine, and holds what connections share: the options, the direct reply-to
// registry, and the broker's publish gate (broker/core/PublishGate.h), which
// decides for every protocol whether publishers may go on. While it is
// closed, a connection that publishes is blocked (connection.blocked, its
// socket no longer read) until it opens again, as RabbitMQ does; connections
// that only consume and ack keep flowing, so queues can drain.
//
// Wiring (broker thread, after the engine exists; destroy before the engine):
//     m_amqp = std::make_unique<amqp::AmqpServer>(*m_engine, amqpOptions);
//     m_amqp->serve(m_amqpListener.get());

#include "broker/amqp/AmqpServerOptions.h"
#include "broker/amqp/DirectReplyTo.h"
#include "broker/core/PublishGate.h"

#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QPointer>

#include <memory>
#include <unordered_map>

class QTcpServer;
class QTcpSocket;

namespace depot {
class Engine;
}

namespace depot::amqp {

class AmqpConnection;

// One connection as the UI and the HTTP API show it.
struct AmqpConnectionInfo
{
    quint64 engineConnection = 0;   // 0 until connection.open
    QString peer;                   // "127.0.0.1:53412"
    QString user;
    QString name;                   // client-provided connection_name
    QString state;                  // "handshake", "running", "blocked", "closing"
    int channels = 0;
    quint32 frameMax = 0;
    quint16 heartbeatSeconds = 0;
    quint64 bytesReceived = 0;
    quint64 bytesSent = 0;
};

class AmqpServer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AmqpServer)

public:
    AmqpServer(Engine &engine, AmqpServerOptions options, QObject *parent = nullptr);
    // Closes every connection at once (their engine sessions are closed, so
    // unacked messages go back to their queues).
    ~AmqpServer() override;

    // Serves the connections `listener` accepts from now on. Depot does not
    // take ownership; the listener must outlive this server or be closed first.
    void serve(QTcpServer *listener);
    // Serves one already-connected socket (takes ownership). serve() uses it;
    // so can tests and other listeners.
    void adopt(QTcpSocket *socket);

    // Tells every client the broker is going away (320 CONNECTION_FORCED) and
    // closes their sockets shortly after.
    void closeAll(const QString &reason = QStringLiteral("broker shutdown"));

    const AmqpServerOptions &options() const { return m_options; }
    Engine &engine() const { return *m_engine; }
    // False once the engine was destroyed before this server (teardown order).
    bool engineAlive() const { return !m_engine.isNull(); }
    DirectReplyTo &directReplyTo() { return m_replyTo; }
    core::PublishGate &gate() const { return *m_gate; }
    // The highest store sequence committed (confirms and tx.commit-ok wait for it).
    quint64 committedSequence() const { return m_gate->committedSequence(); }
    const core::StorePressure &storePressure() const { return m_gate->storePressure(); }

    int connectionCount() const { return int(m_connections.size()); }
    // Connections that completed connection.open (the maxConnections limit).
    int openConnectionCount() const;
    QList<AmqpConnectionInfo> connections() const;

    // Called by a connection when it published bytes the store holds until
    // `sequence` is committed.
    void notePendingStore(quint64 sequence, quint64 bytes) { m_gate->accepted(sequence, bytes); }

    // Bytes waiting to be sent to clients, all connections. O(connections).
    quint64 connectionBytes() const;
    // A connection is publishing: the cheap memory check.
    void notePublishing() { m_gate->notePublishing(); }

    // Publishers are blocked: the gate is closed (an alarm, the store behind).
    bool publishersBlocked() const { return m_blocked; }
    // Why, for connection.blocked: the gate's reason.
    const QString &blockReason() const { return m_gate->reason(); }

Q_SIGNALS:
    void connectionsChanged();

private:
    void onNewConnection();
    void onCommitted(quint64 sequence);
    void onConnectionFinished(AmqpConnection *connection);
    void updateBlocked();

    QPointer<Engine> m_engine;
    AmqpServerOptions m_options;
    DirectReplyTo m_replyTo;
    // Without options.gate (a server built alone, in tests) it owns one.
    std::unique_ptr<core::PublishGate> m_ownGate;
    QPointer<core::PublishGate> m_gate;
    bool m_blocked = false;
    QList<QPointer<QTcpServer>> m_listeners;
    std::unordered_map<AmqpConnection *, std::unique_ptr<AmqpConnection>> m_connections;
};

} // namespace depot::amqp
