#include "broker/amqp/AmqpListener.h"

#include "broker/amqp/AmqpServer.h"
#include "broker/core/BrokerOptions.h"

#include <QTcpServer>

namespace depot::amqp {

namespace {

// The running listener: the server, and the socket it serves (which must
// outlive it: AmqpServer does not own its listeners).
class AmqpListener final : public QObject
{
public:
    AmqpListener(std::unique_ptr<QTcpServer> bound, const ListenerContext &context)
        : m_socket(std::move(bound))
    {
        const BrokerOptions &o = context.options;
        AmqpServerOptions options;
        options.user = o.user;
        options.password = o.password;
        options.users = &context.users;
        options.gate = &context.gate;
        options.maxConnections = o.maxConnections;
        options.channelMax = o.maxChannels;
        options.maxMessageSize = o.maxMessageSize;
        options.frameMax = o.frameMax;
        m_server = std::make_unique<AmqpServer>(context.engine, options);
        m_server->serve(m_socket.get());
    }
    ~AmqpListener() override
    {
        // Clients are told why (320) and their unacked messages return to
        // their queues before the socket stops accepting.
        m_server.reset();
        m_socket.reset();
    }

private:
    std::unique_ptr<QTcpServer> m_socket;
    std::unique_ptr<AmqpServer> m_server;
};

} // namespace

ListenerEntry listenerEntry()
{
    ListenerEntry entry;
    entry.name = QStringLiteral("amqp");
    entry.title = QStringLiteral("AMQP");
    entry.description = QStringLiteral("AMQP 0-9-1 port");
    entry.defaultPort = 5672;
    entry.start = [](std::unique_ptr<QTcpServer> bound, const ListenerContext &context) -> std::unique_ptr<QObject> {
        return std::make_unique<AmqpListener>(std::move(bound), context);
    };
    return entry;
}

} // namespace depot::amqp
