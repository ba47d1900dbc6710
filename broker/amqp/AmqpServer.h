#pragma once

// AmqpServer: Depot's AMQP 0-9-1 listener on the broker thread. It takes the
// sockets a QTcpServer accepts, runs one AmqpConnection per socket over the
// engine, and holds what connections share: the options, the direct reply-to
// registry, and what blocks publishers: the store back-pressure (the store
// catching up) and the engine's alarms (memory high-watermark, disk). While
// either holds, a connection that publishes is blocked (connection.blocked,
// its socket no longer read) until all of them are gone, as RabbitMQ does;
// connections that only consume and ack keep flowing, so queues can drain.
//
// Wiring (broker thread, after the engine exists; destroy before the engine):
//     m_amqp = std::make_unique<amqp::AmqpServer>(*m_engine, amqpOptions);
//     m_amqp->serve(m_amqpListener.get());

#include "broker/amqp/AmqpServerOptions.h"
#include "broker/amqp/DirectReplyTo.h"
#include "broker/amqp/MemoryWatermark.h"
#include "broker/amqp/StorePressure.h"

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

// One connection as the AMQP server sees it, handshake state and negotiated
// limits included. The window and the HTTP API list connections from the
// engine (ConnectionSummary), not from this; the server's tests read it.
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
    StorePressure &storePressure() { return m_pressure; }

    int connectionCount() const { return int(m_connections.size()); }
    // Connections that completed connection.open (the maxConnections limit).
    int openConnectionCount() const;
    QList<AmqpConnectionInfo> connections() const;

    // Called by a connection when it published bytes the store holds until
    // `sequence` is committed.
    void notePendingStore(quint64 sequence, quint64 bytes);

    // Bytes waiting to be sent to clients, all connections. O(connections).
    quint64 connectionBytes() const;
    // Null without a memoryHighWatermark.
    MemoryWatermark *memoryWatermark() const { return m_memory.get(); }
    // A connection is publishing: the cheap memory check.
    void notePublishing()
    {
        if (m_memory)
            m_memory->onPublish();
    }

    // Publishers are blocked: the store is behind, or an engine alarm is raised.
    bool publishersBlocked() const { return m_blocked; }
    // Why, for connection.blocked: the alarms' texts, then the store's.
    const QString &blockReason() const { return m_blockReason; }

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
    StorePressure m_pressure;
    bool m_blocked = false;
    QString m_blockReason;
    std::unique_ptr<MemoryWatermark> m_memory;
    QList<QPointer<QTcpServer>> m_listeners;
    std::unordered_map<AmqpConnection *, std::unique_ptr<AmqpConnection>> m_connections;
};

} // namespace depot::amqp
