#include "broker/http/HttpListener.h"

#include "broker/core/BrokerOptions.h"
#include "broker/http/HttpApi.h"

#include <QTcpServer>

namespace depot::http {

ListenerEntry listenerEntry()
{
    ListenerEntry entry;
    entry.name = QStringLiteral("http");
    entry.title = QStringLiteral("HTTP");
    entry.description = QStringLiteral("HTTP API port");
    entry.defaultPort = 15672;
    entry.start = [](std::unique_ptr<QTcpServer> bound, const ListenerContext &context) -> std::unique_ptr<QObject> {
        HttpApiOptions options;
        options.user = context.options.user;
        options.password = context.options.password;
        options.users = &context.users;
        options.gate = &context.gate;
        options.kafka = &context.kafka;
        options.origins.bindAddress = context.options.bindAddress;
        options.origins.allowedHosts = context.options.allowedHosts;
        options.origins.allowedOrigins = context.options.allowedOrigins;
        auto api = std::make_unique<HttpApi>(context.engine, options);
        api->bind(bound.release()); // the API owns its server
        return api;
    };
    return entry;
}

} // namespace depot::http
