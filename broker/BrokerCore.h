#pragma once

// BrokerCore: everything that lives on the broker thread — the listening
// sockets, the data-directory lock, the Store and the Engine. BrokerService
// creates it, moves it to the "depot-broker" thread and talks to it only by
// queued calls; nothing here is touched from another thread.

#include "broker/BrokerOptions.h"

#include <QObject>
#include <QStringList>

#include <memory>

class QLockFile;
class QTcpServer;

namespace depot {

class Engine;
class Stats;

namespace store { class Store; }
namespace auth { class UserStore; }
namespace amqp { class AmqpServer; }
namespace http { class HttpApi; struct HttpApiOptions; }

// Makes publishing over HTTP obey what blocks AMQP publishers (the engine's
// alarms, the store falling behind) and count toward the same bound on
// bytes the store has not committed, and toward the memory check.
void sharePublishGate(amqp::AmqpServer &amqp, http::HttpApiOptions &options);

// What start() found, handed back to the owning thread by value.
struct BrokerStartResult
{
    bool ok = false;
    QString error;            // one line, "depot: ..." — empty when ok
    quint16 amqpPort = 0;     // the ports actually bound (differ from the
    quint16 httpPort = 0;     // options only when those asked for port 0)
    QString databaseFile;     // empty in memory
    QStringList recovery;     // human-readable recovery lines, also logged
    const Stats *stats = nullptr;   // valid until shutdown(); thread-safe reads only
};

class BrokerCore final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BrokerCore)

public:
    explicit BrokerCore(BrokerOptions options);
    ~BrokerCore() override;

    // Broker thread only. Binds the ports first (cheap, and a taken port is
    // the most common failure), then claims the data directory, opens the
    // store and recovers. On failure everything acquired is released again.
    BrokerStartResult start();
    // Stop accepting, hand everything to the store, wait for it to commit,
    // close it. Idempotent.
    void shutdown();

    Engine *engine() const { return m_engine.get(); }

private:
    bool listen(QTcpServer &server, quint16 port, const QString &what, const QString &flag, QString *error);
    bool claimDataDir(QString *error);
    // The memory high-watermark in bytes (an absolute one, or the fraction of
    // physical memory), logged; 0 when physical memory is unknown.
    quint64 memoryHighWatermark() const;
    QStringList recoveryLines(qint64 elapsedMs) const;

    BrokerOptions m_options;
    std::unique_ptr<QTcpServer> m_amqpServer;
    std::unique_ptr<QTcpServer> m_httpServer;
    std::unique_ptr<QLockFile> m_dataDirLock;
    // Declared before the engine so it is destroyed after it: the engine
    // writes through the store until its last moment.
    std::unique_ptr<store::Store> m_store;
    std::unique_ptr<Engine> m_engine;
    // The accounts; outlives the protocol servers, which authenticate with it.
    std::unique_ptr<auth::UserStore> m_users;
    // The protocol servers talk to the engine until their last moment, so they
    // are declared after it (destroyed first) and never Qt children of this.
    std::unique_ptr<amqp::AmqpServer> m_amqp;
    std::unique_ptr<http::HttpApi> m_http;
};

} // namespace depot
