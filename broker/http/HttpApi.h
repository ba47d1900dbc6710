#pragma once

// HttpApi: Depot's HTTP server — RabbitMQ-management-compatible routes under
// /api, Depot's own under /api/depot, Prometheus text at /metrics.
//
// It lives on the broker thread, next to the engine, so handlers call the
// engine directly and no request ever waits for another thread. Every route
// but /metrics needs HTTP Basic credentials of one of the broker's
// accounts (auth::UserStore).
//
//     auto http = std::make_unique<http::HttpApi>(*engine, httpOptions);
//     if (!http->listen(address, port, &error)) ...   // or bind(tcpServer)

#include "broker/http/HttpApiOptions.h"

#include <QAbstractHttpServer>
#include <QHostAddress>

#include <memory>

class QTcpServer;

namespace depot {
class Engine;
namespace auth { class UserStore; }
namespace core { class PublishGate; }
namespace log { class LogEngine; }
namespace kafka { class GroupCoordinator; class KafkaAdmin; }
}

namespace depot::http {

class HttpAuth;
class HttpRouter;
class TransferTasks;
struct RouteContext;

class HttpApi final : public QAbstractHttpServer
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpApi)

public:
    HttpApi(Engine &engine, HttpApiOptions options, QObject *parent = nullptr);
    ~HttpApi() override;

    // Listens on address:port (0 picks a free port). On failure returns false
    // and sets *error to one line naming the port.
    bool listen(const QHostAddress &address, quint16 port, QString *error);
    // Serves connections of a server that is already listening (the broker
    // binds its ports before anything else). Takes ownership of `server`.
    void bind(QTcpServer *server);
    quint16 port() const;

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    Engine &m_engine;
    HttpApiOptions m_options;
    std::unique_ptr<auth::UserStore> m_ownUsers;   // only when the options bring none
    std::unique_ptr<core::PublishGate> m_ownGate;  // only when the options bring none
    // Kafka's topics and groups in memory, only when the options bring none.
    std::unique_ptr<log::LogEngine> m_ownLogs;
    std::unique_ptr<kafka::GroupCoordinator> m_ownGroups;
    std::unique_ptr<kafka::KafkaAdmin> m_ownKafka;
    std::unique_ptr<TransferTasks> m_tasks;
    std::unique_ptr<RouteContext> m_context;
    std::unique_ptr<HttpRouter> m_router;
    std::unique_ptr<HttpAuth> m_auth;
    net::OriginPolicy m_origins;
};

} // namespace depot::http
