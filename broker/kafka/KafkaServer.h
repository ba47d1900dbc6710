#pragma once

// KafkaServer: the Kafka listener. Connections on the broker thread read
// size-prefixed requests, pipelined, and answer them in order: a request is
// taken up only when the one before it is answered (a Fetch waiting for
// min bytes holds the ones behind it, as Kafka's broker does, for at most
// its max wait), except that Produce requests in a row are taken up while
// earlier ones wait for their commit (up to 32 MiB of them), so they share
// group commits; their answers still go out in order, each after its commit. A frame larger than the request limit, a header that does
// not parse, an API Depot does not answer or a version it does not speak
// (ApiVersions excepted: that one is answered with UNSUPPORTED_VERSION in
// v0) close that connection only.

#include "broker/kafka/KafkaService.h"

#include <QObject>
#include <QPointer>

#include <memory>

class QTcpServer;

namespace depot::core {
class PublishGate;
}

namespace depot::kafka {

struct KafkaServerOptions
{
    KafkaServiceOptions service;
    // socket.request.max.bytes: Kafka's default, 100 MiB.
    qint32 maxRequestBytes = 100 * 1024 * 1024;
    // The broker's publish gate (broker/core/PublishGate.h); null: none
    // (tests of the protocol alone). While it is closed a connection takes
    // no Produce: it stops reading at the Produce request, as AMQP stops
    // reading a blocked publisher's socket, and carries on when it opens.
    // Produce bytes count toward its store pressure until committed, and
    // the bytes waiting to be sent to clients toward its memory
    // high-watermark.
    core::PublishGate *gate = nullptr;
};

class KafkaServer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(KafkaServer)

public:
    // `groups`: the broker's coordinator, shared with KafkaAdmin; this
    // listener ticks it (sessions, rebalance timeouts) while it runs.
    KafkaServer(log::LogEngine &logs, GroupCoordinator &groups, KafkaServerOptions options, QObject *parent = nullptr);
    ~KafkaServer() override;

    // Serves a server that listens already; takes ownership of it.
    void bind(QTcpServer *server);
    quint16 port() const;
    int connectionCount() const;
    // Bytes written to clients that the kernel has not taken yet, over
    // every connection: what the publish gate's memory high-watermark counts
    // of this listener (MemoryWatermark.h).
    quint64 bufferedBytes() const;

private:
    void onNewConnection();

    log::LogEngine &m_logs;
    KafkaServerOptions m_options;
    std::unique_ptr<KafkaService> m_service;
    // The connections' parent, destroyed before the service they refer to.
    std::unique_ptr<QObject> m_connections = std::make_unique<QObject>();
    QPointer<QTcpServer> m_server;
};

} // namespace depot::kafka
