#include "broker/amqp/AmqpServer.h"

#include "broker/amqp/AmqpConnection.h"
#include "broker/engine/Engine.h"
#include "broker/store/Store.h"

#include <QLoggingCategory>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

namespace depot::amqp {

namespace {

Q_LOGGING_CATEGORY(lcServer, "depot.amqp.server")

// How long a listener rests after accept() failed for want of descriptors or
// memory (EMFILE, ENFILE, ENOBUFS) before it tries again.
constexpr int AcceptRetryMs = 500;

} // namespace

AmqpServer::AmqpServer(Engine &engine, AmqpServerOptions options, QObject *parent)
    : QObject(parent),
      m_engine(&engine),
      m_options(std::move(options)),
      m_pressure(m_options.maxStorePendingBytes, engine.store() ? engine.store()->committedSequence() : 0)
{
    connect(&engine, &Engine::committed, this, &AmqpServer::onCommitted);
}

AmqpServer::~AmqpServer()
{
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
    // QTcpServer pauses accepting on any accept() error but a transient one,
    // and would stay paused for good: when the process is out of descriptors
    // the waiting clients stay in the kernel's backlog and Depot retries
    // twice a second (no busy loop) until a connection closed and freed one.
    connect(listener, &QTcpServer::acceptError, this,
            [this, guarded = QPointer<QTcpServer>(listener)](QAbstractSocket::SocketError) {
                if (!guarded)
                    return;
                if (!m_acceptFailing)
                    qCWarning(lcServer).noquote()
                        << "cannot accept AMQP connections:" << guarded->errorString()
                        << "- new clients wait until connections close (raise the open-file limit, ulimit -n)";
                m_acceptFailing = true;
                QTimer::singleShot(AcceptRetryMs, guarded, [guarded] { guarded->resumeAccepting(); });
            });
    // Connections accepted before serve() was called wait in the listener.
    if (listener->hasPendingConnections())
        QMetaObject::invokeMethod(this, &AmqpServer::onNewConnection, Qt::QueuedConnection);
}

void AmqpServer::onNewConnection()
{
    for (const QPointer<QTcpServer> &listener : std::as_const(m_listeners)) {
        if (!listener)
            continue;
        while (QTcpSocket *socket = listener->nextPendingConnection()) {
            if (m_acceptFailing) {
                qCInfo(lcServer, "accepting AMQP connections again");
                m_acceptFailing = false;
            }
            adopt(socket);
        }
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

void AmqpServer::notePendingStore(quint64 sequence, quint64 bytes)
{
    if (m_pressure.add(sequence, bytes))
        setStoreBlocked(true);
}

void AmqpServer::onCommitted(quint64 sequence)
{
    const bool relieved = m_pressure.commit(sequence);
    for (auto &[raw, owned] : m_connections)
        raw->onStoreCommitted(m_pressure.committed());
    if (relieved)
        setStoreBlocked(false);
}

void AmqpServer::setStoreBlocked(bool blocked)
{
    for (auto &[raw, owned] : m_connections)
        raw->setStoreBlocked(blocked);
}

} // namespace depot::amqp
