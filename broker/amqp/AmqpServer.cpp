#include "broker/amqp/AmqpServer.h"

#include "broker/amqp/AmqpConnection.h"
#include "broker/engine/Engine.h"
#include "broker/net/AcceptGuard.h"
#include "broker/store/Store.h"

#include <QTcpServer>
#include <QTcpSocket>

namespace depot::amqp {

AmqpServer::AmqpServer(Engine &engine, AmqpServerOptions options, QObject *parent)
    : QObject(parent),
      m_engine(&engine),
      m_options(std::move(options))
{
    if (m_options.gate) {
        m_gate = m_options.gate;
    } else {
        m_ownGate = std::make_unique<core::PublishGate>(
            engine, core::PublishGateOptions{m_options.memoryHighWatermark, m_options.maxStorePendingBytes});
        m_gate = m_ownGate.get();
    }
    // What this server's clients have not read yet is memory Depot holds.
    m_gate->addBufferedBytes(this, [this] { return connectionBytes(); });
    connect(m_gate, &core::PublishGate::storeCommitted, this, &AmqpServer::onCommitted);
    connect(m_gate, &core::PublishGate::changed, this, &AmqpServer::updateBlocked);
    connect(&engine, &Engine::connectionCloseRequested, this, [this](ConnectionId id, const QString &reason) {
        for (auto &[raw, owned] : m_connections) {
            if (raw->engineConnection() == id && raw->state() != AmqpConnection::State::Closed) {
                raw->closeWith(makeFault(Reply::ConnectionForced, reason));
                return;
            }
        }
    });
    updateBlocked();
}

AmqpServer::~AmqpServer()
{
    // This server no longer listens, nor counts toward the gate.
    if (m_engine)
        m_engine->disconnect(this);
    if (m_gate)
        m_gate->disconnect(this);
    // An own gate clears the alarm its watermark raised when it goes.
    m_ownGate.reset();
    for (const QPointer<QTcpServer> &listener : std::as_const(m_listeners)) {
        if (listener)
            listener->disconnect(this);
    }
    // Connections finishing now stay in the map and die with it, not later
    // through deleteLater when this server is gone.
    for (auto &[raw, owned] : m_connections)
        raw->disconnect(this);
    // Clients learn why (320 CONNECTION_FORCED) rather than seeing a reset.
    closeAll();
    // Destroying a connection closes its engine sessions (when the engine
    // is still there), so unacked messages return to their queues.
    m_connections.clear();
}

void AmqpServer::serve(QTcpServer *listener)
{
    m_listeners.append(listener);
    connect(listener, &QTcpServer::newConnection, this, &AmqpServer::onNewConnection);
    // After the connect above, so the guard looks once the clients are taken:
    // near the open-file limit it rests the listener instead of letting Qt
    // spin on a failing accept().
    new net::AcceptGuard(listener, QStringLiteral("AMQP"), listener);
    // Connections accepted before serve() was called wait in the listener.
    if (listener->hasPendingConnections())
        QMetaObject::invokeMethod(this, &AmqpServer::onNewConnection, Qt::QueuedConnection);
}

void AmqpServer::onNewConnection()
{
    for (const QPointer<QTcpServer> &listener : std::as_const(m_listeners)) {
        if (!listener)
            continue;
        while (QTcpSocket *socket = listener->nextPendingConnection())
            adopt(socket);
    }
}

void AmqpServer::adopt(QTcpSocket *socket)
{
    auto connection = std::make_unique<AmqpConnection>(*this, socket);
    AmqpConnection *raw = connection.get();
    connect(raw, &AmqpConnection::finished, this, &AmqpServer::onConnectionFinished);
    m_connections.emplace(raw, std::move(connection));
    Q_EMIT connectionsChanged();
}

void AmqpServer::onConnectionFinished(AmqpConnection *connection)
{
    const auto it = m_connections.find(connection);
    if (it == m_connections.end())
        return;
    // The connection is still on the call stack (it emitted finished).
    it->second.release()->deleteLater();
    m_connections.erase(it);
    Q_EMIT connectionsChanged();
}

void AmqpServer::closeAll(const QString &reason)
{
    const AmqpFault fault = makeFault(Reply::ConnectionForced, reason);
    std::vector<AmqpConnection *> all;
    for (auto &[raw, owned] : m_connections)
        all.push_back(raw);
    for (AmqpConnection *c : all) {
        if (m_connections.count(c))
            c->closeWith(fault);
    }
}

int AmqpServer::openConnectionCount() const
{
    int n = 0;
    for (const auto &[raw, owned] : m_connections) {
        if (raw->engineConnection() != 0 && raw->state() != AmqpConnection::State::Closed)
            ++n;
    }
    return n;
}

QList<AmqpConnectionInfo> AmqpServer::connections() const
{
    QList<AmqpConnectionInfo> list;
    list.reserve(qsizetype(m_connections.size()));
    for (const auto &[raw, owned] : m_connections)
        list.append(raw->info());
    return list;
}

void AmqpServer::onCommitted(quint64 sequence)
{
    for (auto &[raw, owned] : m_connections)
        raw->onStoreCommitted(sequence);
}

quint64 AmqpServer::connectionBytes() const
{
    quint64 n = 0;
    for (const auto &[raw, owned] : m_connections)
        n += raw->unsentBytes();
    return n;
}

void AmqpServer::updateBlocked()
{
    const bool blocked = m_gate && m_gate->closed();
    if (blocked == m_blocked)
        return;
    m_blocked = blocked;
    // Blocking takes effect per connection when it next publishes
    // (AmqpConnection::notePublish); unblocking releases every blocked one now.
    if (!blocked) {
        for (auto &[raw, owned] : m_connections)
            raw->unblockPublishers();
    }
    Q_EMIT connectionsChanged();
}

} // namespace depot::amqp
