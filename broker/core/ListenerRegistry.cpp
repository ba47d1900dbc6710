#include "broker/core/ListenerRegistry.h"

#include "broker/amqp/AmqpListener.h"
#include "broker/core/BrokerOptions.h"
#include "broker/http/HttpListener.h"
#include "broker/kafka/KafkaListener.h"
#include "broker/sqs/SqsListener.h"

namespace depot {

const std::vector<ListenerEntry> &listenerRegistry()
{
    // One line per protocol; the order is the readiness line's.
    static const std::vector<ListenerEntry> entries{
        amqp::listenerEntry(),
        http::listenerEntry(),
        sqs::listenerEntry(),
        kafka::listenerEntry(),
    };
    return entries;
}

std::optional<quint16> listenerPort(const BrokerOptions &options, const ListenerEntry &listener)
{
    return options.port(listener.name, listener.defaultPort);
}

QHostAddress listenAddress(const BrokerOptions &options, const ListenerEntry &listener)
{
    const QHostAddress &bind = options.bindAddress;
    if (!listener.loopbackOnly || bind.isLoopback())
        return bind;
    return QHostAddress(bind.protocol() == QAbstractSocket::IPv6Protocol ? QHostAddress::LocalHostIPv6
                                                                          : QHostAddress::LocalHost);
}

const ListenerEntry *findListener(const QString &name)
{
    for (const ListenerEntry &entry : listenerRegistry()) {
        if (entry.name == name)
            return &entry;
    }
    return nullptr;
}

} // namespace depot
