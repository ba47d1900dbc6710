#pragma once

// BrokerOptions: what the command line (or the window, later) decides about
// one broker instance: where it keeps its data, how hard it syncs, which
// ports it reserves, and its limits.

#include "broker/engine/History.h"
#include "broker/store/Store.h"

#include <QHostAddress>
#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

namespace depot {

struct BrokerOptions
{
    QString dataDir;                 // absolute; ignored when inMemory
    bool inMemory = false;           // no store, no files at all
    store::Durability durability = store::Durability::Normal;
    // The port of each listener, keyed by its name in the listener registry
    // (broker/core/ListenerRegistry.h: "amqp", "http", ...). A listener not
    // in the map listens on its default port; 0 asks for any free port
    // (tests); nullopt switches it off (--amqp-port 0 on the command line).
    QMap<QString, std::optional<quint16>> ports;
    // The port `listener` is asked to listen on, nullopt when it is off.
    std::optional<quint16> port(const QString &listener, quint16 defaultPort) const
    {
        const auto it = ports.constFind(listener);
        return it == ports.constEnd() ? std::optional<quint16>(defaultPort) : *it;
    }
    void setPort(const QString &listener, quint16 port) { ports.insert(listener, port); }
    void switchOff(const QString &listener) { ports.insert(listener, std::nullopt); }
    QHostAddress bindAddress = QHostAddress(QHostAddress::LocalHost);
    // The one account AMQP clients and the HTTP API log in with. guest is
    // accepted only from loopback peers, as RabbitMQ does.
    QString user = QStringLiteral("guest");
    QString password = QStringLiteral("guest");
    // Every HTTP listener answers only requests whose Host names this
    // machine (or one of these names, --allowed-host), and takes
    // state-changing requests from web pages only of these origins
    // (--allowed-origin; normalised "http://host:port"). broker/net/OriginPolicy.h.
    QStringList allowedHosts;
    QStringList allowedOrigins;
    // Kafka (--kafka-advertised-host, --kafka-auto-create-topics): the host
    // Metadata gives clients (empty: the address each client connected to)
    // and Kafka's auto.create.topics.enable (on by default, as in Kafka).
    QString kafkaAdvertisedHost;
    bool kafkaAutoCreateTopics = true;
    // Kafka's log.retention.check.interval.ms (--kafka-retention-check-ms):
    // how often retention and compaction look at every topic (5 minutes, as Kafka).
    qint64 kafkaRetentionCheckMs = 300000;

    // Limits (docs/ARCHITECTURE.md, "Limits"). The defaults are RabbitMQ
    // 3.x's (max_message_size 128 MiB, frame_max 131072, channel_max 2047,
    // vm_memory_high_watermark 0.4).
    static constexpr int DefaultMaxConnections = 4096;
    static constexpr quint16 DefaultMaxChannels = 2047;
    static constexpr quint64 DefaultMaxMessageSize = 128ull * 1024 * 1024;
    static constexpr quint32 DefaultFrameMax = 131072;
    static constexpr double DefaultMemoryHighWatermark = 0.4;   // of physical memory
    int maxConnections = DefaultMaxConnections;
    quint16 maxChannels = DefaultMaxChannels;       // channel_max proposed in connection.tune
    quint64 maxMessageSize = DefaultMaxMessageSize;
    quint32 frameMax = DefaultFrameMax;             // frame_max proposed in connection.tune
    // Memory high-watermark: memoryHighWatermarkBytes when not 0, else this
    // fraction of physical memory (or of the cgroup's limit, when lower).
    quint64 memoryHighWatermarkBytes = 0;
    double memoryHighWatermarkFraction = DefaultMemoryHighWatermark;
    // Message life stories (--history, --history-retention, --history-max-events).
    HistorySettings history;
};

QString durabilityName(store::Durability durability);   // "normal" / "fsync"

} // namespace depot
