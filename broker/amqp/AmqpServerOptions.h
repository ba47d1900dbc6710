#pragma once

// AmqpServerOptions: what one AMQP listener accepts and proposes. The
// defaults are RabbitMQ's, so a client tuned for RabbitMQ behaves the same
// against Depot; the back-pressure bounds keep a fast publisher or a slow
// consumer from growing Depot's memory without limit.

#include <QString>

namespace depot::auth { class UserStore; }
namespace depot::core { class PublishGate; }

namespace depot::amqp {

struct AmqpServerOptions
{
    // guest is accepted only from loopback peers, as RabbitMQ's
    // loopback_users default does; any other user from anywhere. With
    // `users` set (the broker's, owned by its owner) every account there is
    // accepted; without, only user/password (tests of the server alone).
    QString user = QStringLiteral("guest");
    QString password = QStringLiteral("guest");
    auth::UserStore *users = nullptr;

    // Limits (docs/ARCHITECTURE.md, "Limits"; the command line sets them).
    quint32 frameMax = 131072;        // proposed in connection.tune; the client may ask less, not below 4096.
                                      // A bigger frame: connection.close 501 FRAME_ERROR
    quint16 channelMax = 2047;        // proposed; a channel number above the negotiated one:
                                      // connection.close 530 NOT_ALLOWED
    quint16 heartbeatSeconds = 60;    // proposed; the client's tune-ok value wins, 0 = none
    quint64 maxMessageSize = 128ull * 1024 * 1024;   // a bigger body: channel.close 406 PRECONDITION_FAILED
    int maxConnections = 4096;        // open connections; one more: connection.close 530 at connection.open.
                                      // 0 = unlimited
    // The broker's publish gate (owned by the broker core; broker/core/
    // PublishGate.h). Unset (a server built alone, in tests): the server
    // makes one of its own from memoryHighWatermark and maxStorePendingBytes.
    core::PublishGate *gate = nullptr;
    // For an own gate only: above this many bytes held in memory
    // (MemoryWatermark.h) the "memory" alarm blocks publishers. 0 = none.
    quint64 memoryHighWatermark = 0;

    int handshakeTimeoutMs = 10000;   // protocol header to connection.open
    int closeTimeoutMs = 3000;        // wait for close-ok after Depot closed a connection

    // Back-pressure. A connection stops reading its socket while any bound
    // is exceeded and resumes once it drained below half of it.
    qint64 maxUnsentBytes = 8ll * 1024 * 1024;        // per socket, not yet written to the peer
    quint64 maxUnconfirmed = 65536;                    // per connection, confirms waiting for the store
    quint64 maxStorePendingBytes = 64ull * 1024 * 1024; // own gate only: bodies the store has not committed
};

} // namespace depot::amqp
