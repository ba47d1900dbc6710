#pragma once

// KafkaServer: the Kafka listener. Connections on the broker thread read
// size-prefixed requests, pipelined, and answer them in order: a request is
// taken up only when the one before it is answered (a Fetch waiting for
// min bytes holds the ones behind it, as Kafka's broker does, for at most
// its max wait). A frame larger than the request limit, a header that does
// not parse, an API Depot does not answer or a version it does not speak
// (ApiVersions excepted: that one is answered with UNSUPPORTED_VERSION in
// v0) close that connection only.

#include "broker/kafka/KafkaService.h"

#include <QObject>
#include <QPointer>

#include <memory>

class QTcpServer;

namespace depot::kafka {

struct KafkaServerOptions
{
    KafkaServiceOptions service;
    // socket.request.max.bytes: Kafka's default, 100 MiB.
    qint32 maxRequestBytes = 100 * 1024 * 1024;
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
