#include "broker/sqs/SqsListener.h"

#include "broker/core/BrokerOptions.h"
#include "broker/sqs/SqsServer.h"

#include <QTcpServer>

namespace depot::sqs {

ListenerEntry listenerEntry()
{
    ListenerEntry entry;
    entry.name = QStringLiteral("sqs");
    entry.title = QStringLiteral("SQS");
    entry.description = QStringLiteral("Amazon SQS API port");
    entry.defaultPort = 9324;
    entry.start = [](std::unique_ptr<QTcpServer> bound, const ListenerContext &context) -> std::unique_ptr<QObject> {
        SqsServerOptions options;
        options.origins.bindAddress = context.options.bindAddress;
        options.origins.allowedHosts = context.options.allowedHosts;
        options.origins.allowedOrigins = context.options.allowedOrigins;
        // Beyond loopback every request must be signed with the broker's
        // account: its name is the access key id, its password the secret.
        options.requireSignature = !context.options.bindAddress.isLoopback();
        const QString user = context.options.user;
        const QString password = context.options.password;
        options.secrets = [user, password](const QString &accessKey) -> std::optional<QString> {
            if (accessKey == user)
                return password;
            return std::nullopt;
        };
        auto server = std::make_unique<SqsServer>(context.engine, &context.gate, options);
        server->bind(bound.release()); // the server owns its socket
        return server;
    };
    return entry;
}

} // namespace depot::sqs
