#pragma once

// HttpApiOptions: what the owner of the HTTP API decides about it — the
// credentials it accepts (the broker's, as for AMQP) and how large a request
// body may be.

#include <QString>

namespace depot::http {

struct HttpApiOptions
{
    QString user = QStringLiteral("guest");
    QString password = QStringLiteral("guest");
    // Larger bodies are refused with 413 before any JSON is parsed, so a
    // runaway script cannot make the broker thread parse megabytes of JSON.
    qint64 maxBodyBytes = 16 * 1024 * 1024;
    // Reported by /api/overview as the node and cluster name.
    QString nodeName = QStringLiteral("depot@localhost");
};

} // namespace depot::http
