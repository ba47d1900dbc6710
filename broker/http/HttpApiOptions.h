#pragma once

// HttpApiOptions: what the owner of the HTTP API decides about it — the
// credentials it accepts (the broker's, as for AMQP), how large a request
// body may be, and what publishing over HTTP shares with AMQP publishers.

#include "broker/net/OriginPolicy.h"

#include <QString>

namespace depot::auth { class UserStore; }
namespace depot::core { class PublishGate; }
namespace depot::kafka { class KafkaAdmin; }

namespace depot::http {

struct HttpApiOptions
{
    QString user = QStringLiteral("guest");
    QString password = QStringLiteral("guest");
    // The broker's accounts (owned by its owner). Without, the API keeps an
    // in-memory store of its own holding user/password (tests of the API alone).
    auth::UserStore *users = nullptr;
    // Larger bodies are refused with 413 before any JSON is parsed, so a
    // runaway script cannot make the broker thread parse megabytes of JSON.
    qint64 maxBodyBytes = 16 * 1024 * 1024;
    // Reported by /api/overview as the node and cluster name.
    QString nodeName = QStringLiteral("depot@localhost");

    // The broker's publish gate (owned by the broker core): POST
    // /api/exchanges/{vhost}/{name}/publish asks it like every other
    // producer, and is refused with 503 publishers_blocked while it is
    // closed. Unset (the API served alone, in tests): it makes one of its own.
    core::PublishGate *gate = nullptr;

    // Kafka's topics and consumer groups (the broker core's KafkaAdmin), for
    // /api/depot/topics, /api/depot/groups and /metrics. Unset (the API
    // served alone, in tests): it keeps an in-memory log engine of its own.
    kafka::KafkaAdmin *kafka = nullptr;

    // Which Host and Origin headers are answered at all (DNS rebinding and
    // cross-site requests from the browser; broker/net/OriginPolicy.h).
    net::OriginPolicyOptions origins;
};

} // namespace depot::http
