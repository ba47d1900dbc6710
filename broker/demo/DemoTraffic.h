#pragma once

// DemoTraffic: built-in producers and consumers for `depot --demo` and the
// "Run demo traffic" menu item, so a new user sees every panel move within
// seconds: a shop publishes orders and payments, some consumers are slow,
// some fail (retries, rejections, a delivery limit, a TTL), and dead letters
// pile up in orders.dlq and payments.dlq, ready to be replayed.
//
// It lives on the broker thread as a child of the Engine (so it can never
// outlive it) and talks to the engine like any protocol adapter does: it
// publishes through the broker's publish gate, and while the gate is closed
// (an alarm, the store behind) its producers wait, as blocked clients do.
// It is part of the broker, not of the window, so `depot --headless --demo`
// runs it too. Start and stop it on the broker thread:
//     service.postProducer([](Engine &e, core::PublishGate &g) { demo::DemoTraffic::start(e, g); });

#include "broker/core/PublishGate.h"
#include "broker/engine/Engine.h"

#include <QObject>
#include <QPointer>
#include <QRandomGenerator>

#include <memory>
#include <vector>

class QTimer;

namespace depot::demo {

class DemoTraffic final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DemoTraffic)

public:
    // Broker thread only. Starting twice is harmless.
    static void start(Engine &engine, core::PublishGate &gate);
    static void stop(Engine &engine);
    static bool isRunning(const Engine &engine);

    ~DemoTraffic() override;

private:
    DemoTraffic(Engine &engine, core::PublishGate &gate);
    class Consumer;

    void declareTopology();
    void publishTick();
    void shutdown();

    Engine &m_engine;
    QPointer<core::PublishGate> m_gate;   // the broker's; gone first at shutdown
    ConnectionId m_connection = 0;
    std::vector<std::unique_ptr<Consumer>> m_consumers;
    QTimer *m_timer = nullptr;
    QRandomGenerator m_random;
    quint64 m_orderNumber = 10000;
    QString m_refused;   // why the gate refused the last tick; logged once per episode
    bool m_running = false;
};

} // namespace depot::demo
