#pragma once

// DemoTraffic: built-in producers and consumers for `depot --demo` and the
// "Run demo traffic" menu item, so a new user sees every panel move within
// seconds: a shop publishes orders and payments, some consumers are slow,
// some fail (retries, rejections, a delivery limit, a TTL), and dead letters
// pile up in orders.dlq and payments.dlq, ready to be replayed.
//
// It lives on the broker thread as a child of the Engine (so it can never
// outlive it) and talks to the engine like any protocol adapter does. Start
// and stop it with post(): DemoTraffic::start(engine) inside the posted call.

#include "broker/engine/Engine.h"

#include <QObject>
#include <QRandomGenerator>

#include <memory>
#include <vector>

class QTimer;

namespace depot::ui {

class DemoTraffic final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DemoTraffic)

public:
    // Broker thread only. Starting twice is harmless.
    static void start(Engine &engine);
    static void stop(Engine &engine);
    static bool isRunning(const Engine &engine);

    ~DemoTraffic() override;

private:
    explicit DemoTraffic(Engine &engine);
    class Consumer;

    void declareTopology();
    void publishTick();
    void shutdown();

    Engine &m_engine;
    ConnectionId m_connection = 0;
    std::vector<std::unique_ptr<Consumer>> m_consumers;
    QTimer *m_timer = nullptr;
    QRandomGenerator m_random;
    quint64 m_orderNumber = 10000;
    bool m_running = false;
};

} // namespace depot::ui
