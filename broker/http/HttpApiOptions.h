#pragma once

// HttpApiOptions: what the owner of the HTTP API decides about it — the
// credentials it accepts (the broker's, as for AMQP) and how large a request
// body may be.

#include <QString>

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
};

} // namespace depot::http
