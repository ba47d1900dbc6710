#pragma once

// BrokerCore: everything that lives on the broker thread — the listeners of
// the listener registry, the data-directory lock, the Store, the Engine and
// the publish gate every producer asks. BrokerService
// creates it, moves it to the "depot-broker" thread and talks to it only by
// queued calls; nothing here is touched from another thread.

#include "broker/core/BrokerOptions.h"

#include <QMap>
#include <QObject>
#include <QStringList>

#include <memory>
#include <vector>

class QLockFile;
class QTcpServer;

namespace depot {

class Engine;
class Stats;

struct ListenerEntry;
namespace store { class Store; }
namespace auth { class UserStore; }
namespace core { class PublishGate; }
namespace log { class LogEngine; class StreamLogs; }
namespace kafka { class GroupCoordinator; class KafkaAdmin; }

// What start() found, handed back to the owning thread by value.
struct BrokerStartResult
{
    bool ok = false;
    QString error;            // one line, "depot: ..." — empty when ok
    // The port each running listener bound, keyed by its registry name (differ
    // from the options only where those asked for port 0). A listener that is
    // switched off is not in it.
    QMap<QString, quint16> ports;
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
    log::LogEngine *logs() const { return m_logs.get(); }
    // Kafka's consumer groups: here, beside the log engine, whether or not
    // the Kafka listener runs (it shares them, and ticks them while it runs).
    kafka::GroupCoordinator *groups() const { return m_groups.get(); }
    // What the window and the HTTP API do with topics and groups; non-null
    // between start() and shutdown(), with or without --kafka-port.
    kafka::KafkaAdmin *kafkaAdmin() const { return m_kafkaAdmin.get(); }
    // Every producer's gate (null before start() and after shutdown()).
    core::PublishGate *publishGate() const { return m_gate.get(); }

private:
    bool listen(QTcpServer &server, quint16 port, const ListenerEntry &listener, QString *error);
    bool claimDataDir(QString *error);
    // The memory high-watermark in bytes (an absolute one, or the fraction of
    // physical memory), logged; 0 when physical memory is unknown.
    quint64 memoryHighWatermark() const;
    QStringList recoveryLines(qint64 elapsedMs) const;

    BrokerOptions m_options;
    // Bound before anything else, in registry order; handed to the listeners'
    // factories once the engine has recovered.
    std::vector<std::pair<const ListenerEntry *, std::unique_ptr<QTcpServer>>> m_bound;
    std::unique_ptr<QLockFile> m_dataDirLock;
    // Declared before the engine so it is destroyed after it: the engine
    // writes through the store until its last moment.
    std::unique_ptr<store::Store> m_store;
    std::unique_ptr<Engine> m_engine;
    // The log engine (Kafka topics): beside the queue engine, in the same store.
    std::unique_ptr<log::LogEngine> m_logs;
    std::unique_ptr<log::StreamLogs> m_streams;
    // Kafka's consumer groups, their committed offsets restored from the log engine.
    std::unique_ptr<kafka::GroupCoordinator> m_groups;
    // The accounts; outlives the protocol servers, which authenticate with it.
    std::unique_ptr<auth::UserStore> m_users;
    // Asks the engine; asked by the listeners, so it is between them.
    std::unique_ptr<core::PublishGate> m_gate;
    // Over the log engine, the coordinator and the gate: destroyed before them.
    std::unique_ptr<kafka::KafkaAdmin> m_kafkaAdmin;
    // The running listeners talk to the engine and the gate until their last
    // moment, so they are declared after them (destroyed first) and never Qt
    // children of this. Registry order.
    std::vector<std::unique_ptr<QObject>> m_listeners;
};

} // namespace depot
