#pragma once

// MemoryWatermark: raises the engine's "memory" alarm while what Depot holds
// in memory is above a high-watermark, and clears it once that fell below 90%
// of it (the band keeps it from flapping around the mark). The publish gate
// (PublishGate.h) owns it and refuses producers while the alarm is raised
// (AMQP: connection.blocked; HTTP: 503); consumers keep draining the queues,
// and that is what brings memory back down.
//
// What is counted (docs/ARCHITECTURE.md, "Limits"): the message bodies the
// engine holds in memory (Engine::bodyBytesInMemory: transient messages,
// persistent ones not paged out yet, unacked ones, each body once however
// many queues hold it) plus the bytes waiting to be sent to clients (Depot's
// output buffers and the sockets' write buffers). Both drain as consumers
// read. Plus bytes that consumers do not drain (an in-memory Kafka log,
// which shrinks only by retention or deletion): counted so that such a log
// cannot grow until memory runs out, and named in the alarm with how they
// leave. Not counted: what publishers sent that Depot has not read yet (socket
// read buffers, a message half received, an open transaction): that only
// drains by reading the blocked publisher, so counting it could keep the
// alarm up for ever; it is bounded per connection instead (1 MiB read
// buffer, --max-message-size). Nor the per-message index, Qt's and SQLite's
// own memory, the code.
//
// It samples on a timer (every 200 ms) and, cheaply, whenever a publish
// arrives (check(bodyBytes) with the last sampled connection bytes), so a
// fast publisher does not run far past the mark between two ticks.

#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>
#include <QTimer>
#include <functional>

namespace depot {
class Engine;
}

namespace depot::core {

// Physical memory of this machine, or the memory limit of the cgroup Depot
// runs in when that is lower (containers). 0 when it cannot be told.
quint64 physicalMemoryBytes();

// "8 MiB", "1.5 GiB", "512 B": for alarm texts and logs.
QString formatBytes(quint64 bytes);

class MemoryWatermark final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MemoryWatermark)

public:
    static constexpr const char *AlarmSource = "memory";
    static constexpr int IntervalMs = 200;
    static constexpr double ClearRatio = 0.9;

    // `connectionBytes` sums the bytes waiting to be sent to clients
    // (O(connections)); `retainedBytes` sums the bytes no consumer drains
    // and appends to its list a phrase for each source holding any. Both are
    // called on the timer only.
    MemoryWatermark(Engine &engine, quint64 limit, std::function<quint64()> connectionBytes,
                    std::function<quint64(QStringList *)> retainedBytes = {}, QObject *parent = nullptr);
    // Clears the alarm it raised (when the engine is still there): nothing
    // else would.
    ~MemoryWatermark() override;

    quint64 limit() const { return m_limit; }
    quint64 used() const { return m_used; } // as of the last check
    bool raised() const { return m_raised; }

    // Full check: samples the connections too.
    void sample();
    // Cheap check on a publish: engine bodies now, connection bytes as last sampled.
    void onPublish();

private:
    void evaluate(quint64 used);
    QString alarmText(quint64 used) const;

    QPointer<Engine> m_engine;
    quint64 m_limit;
    std::function<quint64()> m_connectionBytes;
    std::function<quint64(QStringList *)> m_retainedBytes;
    quint64 m_lastConnectionBytes = 0;
    quint64 m_lastRetainedBytes = 0;
    QStringList m_retainedHolders;   // as of the last sample
    quint64 m_used = 0;
    bool m_raised = false;
    QTimer m_timer;
};

} // namespace depot::core
