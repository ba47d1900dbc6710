#pragma once

// BrokerService: runs one broker (Engine, Store, listening ports) on its own
// thread, "depot-broker", and is the only way other threads reach it.
//
// There is deliberately no accessor for the Engine: it is single-threaded,
// so other threads hand it work with post(), which runs a function on the
// broker thread, and read live numbers through the Stats snapshot, which is
// safe from any thread. start() is asynchronous so a window can show while a
// large store recovers; stop() blocks until the store has committed and
// closed, because after it returns the process may exit.

#include "broker/core/BrokerOptions.h"
#include "broker/stats/Stats.h"

#include <QMap>
#include <QObject>
#include <QStringList>

#include <functional>
#include <memory>

class QThread;

namespace depot {

class BrokerCore;
class Engine;
namespace core { class PublishGate; }
namespace kafka { class KafkaAdmin; }

class BrokerService final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BrokerService)

public:
    enum class State { Stopped, Starting, Running };

    explicit BrokerService(BrokerOptions options, QObject *parent = nullptr);
    ~BrokerService() override;   // stops

    const BrokerOptions &options() const { return m_options; }
    State state() const { return m_state; }
    bool isRunning() const { return m_state == State::Running; }

    // Starts the broker thread and, on it, binds the ports, opens the store and
    // recovers. Emits started() or startFailed() later, on this object's
    // thread. Does nothing unless stopped.
    void start();
    // Stops accepting, flushes and closes the store, ends the thread. Blocks
    // until that is done. Safe to call in any state, also while starting.
    void stop();

    // Ports for the next start(), keyed by listener name (the window offers
    // another port when one is taken); listeners not named keep theirs.
    // Ignored unless stopped.
    void setPorts(const QMap<QString, quint16> &ports);

    // Runs `fn` on the broker thread with the engine, in posting order.
    // Returns false (and drops fn) when the broker is not running.
    bool post(std::function<void(Engine &)> fn);
    // The same, for producers: they publish through the broker's publish
    // gate (broker/core/PublishGate.h), never around it.
    bool postProducer(std::function<void(Engine &, core::PublishGate &)> fn);
    // The same, with Kafka's topics and consumer groups beside the engine
    // (broker/kafka/KafkaAdmin.h; there whether the Kafka listener is on or off).
    bool postKafka(std::function<void(Engine &, kafka::KafkaAdmin &)> fn);

    // ---- valid while running (zero / empty otherwise) ----
    // The port each running listener bound, keyed by registry name.
    QMap<QString, quint16> ports() const { return m_ports; }
    // The port `listener` bound; 0 when it is off or the broker is not running.
    quint16 port(const QString &listener) const { return m_ports.value(listener); }
    QString databaseFile() const { return m_databaseFile; }
    QStringList recoveryReport() const { return m_recovery; }

    // The latest published stats, from any thread's point of view consistent.
    // After stop(), the last snapshot taken before stopping.
    std::shared_ptr<const StatsSnapshot> statsSnapshot() const;
    RateSeries globalHistory(Counter counter, int seconds = Stats::HistorySeconds) const;

Q_SIGNALS:
    void started();
    void startFailed(const QString &error);   // one line, "depot: ..."
    void stopped();

private:
    struct ThreadStopper
    {
        void operator()(QThread *thread) const;
    };
    void finishStart(bool ok, const QString &error);
    void teardown();

    BrokerOptions m_options;
    State m_state = State::Stopped;
    // A start whose result arrives after stop() (or a later start) is stale.
    quint64 m_generation = 0;
    QMap<QString, quint16> m_ports;
    QString m_databaseFile;
    QStringList m_recovery;
    const Stats *m_stats = nullptr;   // owned by the engine; its readers are thread-safe
    std::shared_ptr<const StatsSnapshot> m_lastSnapshot;
    // The core is destroyed only after its thread has finished (see teardown),
    // so it is declared before the thread.
    std::unique_ptr<BrokerCore> m_core;
    std::unique_ptr<QThread, ThreadStopper> m_thread;
};

} // namespace depot
