#pragma once

// HttpApiOptions: what the owner of the HTTP API decides about it — the
// credentials it accepts (the broker's, as for AMQP), how large a request
// body may be, and what publishing over HTTP shares with AMQP publishers.

#include <QString>

#include <functional>

namespace depot::auth { class UserStore; }

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

    // POST /api/exchanges/{vhost}/{name}/publish obeys what blocks AMQP
    // publishers and counts toward the same bound (the broker wires these to
    // its AMQP server: BrokerCore.h, sharePublishGate).
    // Why publishers are blocked now (the alarms' texts, the store falling
    // behind); empty when they are not. Unset: the engine's alarms alone.
    std::function<QString()> publishBlockedReason;
    // A publish was accepted; its body is in memory until the store
    // committed `sequence` (0: nothing to wait for).
    std::function<void(quint64 sequence, quint64 bytes)> published;
};

} // namespace depot::http
