#include "broker/kafka/KafkaListener.h"

#include "broker/core/BrokerOptions.h"
#include "broker/kafka/KafkaServer.h"

#include <QTcpServer>

namespace depot::kafka {

ListenerEntry listenerEntry()
{
    ListenerEntry entry;
    entry.name = QStringLiteral("kafka");
    entry.title = QStringLiteral("Kafka");
    entry.description = QStringLiteral("Apache Kafka API port, on loopback only");
    entry.defaultPort = 9092;
    entry.loopbackOnly = true;   // no SASL yet: 127.0.0.1 whatever --bind says
    entry.start = [](std::unique_ptr<QTcpServer> bound, const ListenerContext &context) -> std::unique_ptr<QObject> {
        KafkaServerOptions options;
        options.service.advertisedHost = context.options.kafkaAdvertisedHost;
        options.service.autoCreateTopics = context.options.kafkaAutoCreateTopics;
        options.service.retentionCheckIntervalMs = context.options.kafkaRetentionCheckMs;
        options.gate = &context.gate;
        auto server = std::make_unique<KafkaServer>(context.logs, context.groups, options);
        server->bind(bound.release());   // the server owns its socket
        return server;
    };
    return entry;
}

} // namespace depot::kafka
