#include "broker/core/ListenerRegistry.h"

#include "broker/amqp/AmqpListener.h"
#include "broker/http/HttpListener.h"
#include "broker/sqs/SqsListener.h"

namespace depot {

const std::vector<ListenerEntry> &listenerRegistry()
{
    // One line per protocol; the order is the readiness line's.
    static const std::vector<ListenerEntry> entries{
        amqp::listenerEntry(),
        http::listenerEntry(),
        sqs::listenerEntry(),
    };
    return entries;
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
