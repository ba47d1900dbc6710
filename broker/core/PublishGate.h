#pragma once

// PublishGate: the one place that decides whether a producer may publish now.
// Every producer asks it, whatever its protocol: the AMQP server, the HTTP
// API, the window's publish, the demo traffic, and every listener to come.
// It closes while any of these holds:
//   - an engine alarm is raised ("disk": the store cannot write; "memory":
//     the memory high-watermark, which this gate samples, see
//     MemoryWatermark.h);
//   - the store has been handed more published bytes than it committed
//     (StorePressure.h): the writer thread sets the pace.
// It reopens once all of them are gone. What a refused producer is told is
// its protocol's own answer: AMQP blocks the connection (connection.blocked,
// its socket no longer read), HTTP answers 503 publishers_blocked, the
// window shows the reason and keeps the draft. The text is the same for all.
//
// Owned by the broker core (BrokerCore), on the broker thread, created after
// the engine and destroyed before it. A protocol server built alone (tests)
// may own a gate of its own.

#include "broker/core/MemoryWatermark.h"
#include "broker/core/StorePressure.h"
#include "broker/engine/Engine.h"

#include <QObject>
#include <QPointer>
#include <QString>
#include <functional>
#include <memory>
#include <vector>

namespace depot::core {

struct PublishGateOptions
{
    // Above this many bytes held in memory the "memory" alarm closes the
    // gate (MemoryWatermark.h). 0: no watermark.
    quint64 memoryHighWatermark = 0;
    // Published bytes the store may hold uncommitted before the gate closes;
    // it reopens below half of it. 0: no bound.
    quint64 maxStorePendingBytes = 64ull * 1024 * 1024;
};

// What a producer that can be refused outright (HTTP, the window, the demo)
// gets back from PublishGate::publish.
struct GatedPublish
{
    // Not empty: the gate was closed and nothing was published; the text says
    // why (the alarms' texts, then the store's), as connection.blocked does.
    QString refused;
    PublishResult result; // valid when refused is empty
};

class PublishGate final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PublishGate)

public:
    PublishGate(Engine &engine, PublishGateOptions options, QObject *parent = nullptr);
    ~PublishGate() override;

    const PublishGateOptions &options() const { return m_options; }

    // Why a producer may not publish now; empty when it may. Runs the cheap
    // memory check first, so a burst of publishes is stopped at the mark.
    QString refusal();
    bool closed() const { return m_closed; }
    // The reason as of the last change (empty while open).
    const QString &reason() const { return m_reason; }

    // A publish was accepted: `bytes` stay in memory until the store has
    // committed `sequence` (0: nothing to wait for). Also the cheap memory
    // check. May close the gate.
    void accepted(quint64 sequence, quint64 bytes);
    // The cheap memory check alone, for a protocol that has read a publish
    // it will take whatever the gate says (AMQP blocks after the header).
    void notePublishing();

    // For producers that ask once per message and can be refused outright:
    // asks, publishes when open, and counts what was accepted.
    GatedPublish publish(const QString &exchange, const QString &routingKey, MessageProperties properties,
                         QByteArray body, const PublishOptions &options = {});

    // The highest store sequence committed (confirms and tx.commit-ok wait for it).
    quint64 committedSequence() const { return m_pressure.committed(); }
    quint64 pendingStoreBytes() const { return m_pressure.pendingBytes(); }
    const StorePressure &storePressure() const { return m_pressure; }
    // Null without a memoryHighWatermark.
    MemoryWatermark *memoryWatermark() const { return m_memory.get(); }

    // Bytes a listener holds for its clients (output buffers), counted toward
    // the memory high-watermark. Forgotten when `owner` is destroyed.
    void addBufferedBytes(QObject *owner, std::function<quint64()> bytes);
    // Bytes held in memory that consumers do not drain (an in-memory Kafka
    // log), counted toward the memory high-watermark too; `what` says in the
    // alarm what they are and how they leave. Forgotten when `owner` is
    // destroyed.
    void addRetainedBytes(QObject *owner, std::function<quint64()> bytes, const QString &what);

Q_SIGNALS:
    // The gate opened or closed, or the reason for a closed gate changed.
    void changed();
    // The store committed everything up to `sequence`, after the gate counted it.
    void storeCommitted(quint64 sequence);

private:
    void onCommitted(quint64 sequence);
    void update();
    quint64 bufferedBytes() const;
    // The retained bytes now, and what holds them (the sources holding any).
    quint64 retainedBytes(QStringList *holders) const;

    QPointer<Engine> m_engine;
    PublishGateOptions m_options;
    StorePressure m_pressure;
    bool m_closed = false;
    QString m_reason;
    std::vector<std::pair<QPointer<QObject>, std::function<quint64()>>> m_buffered;
    struct Retained
    {
        QPointer<QObject> owner;
        std::function<quint64()> bytes;
        QString what;
    };
    std::vector<Retained> m_retained;
    std::unique_ptr<MemoryWatermark> m_memory;
};

} // namespace depot::core
