#pragma once

// BrokerOptions: what the command line (or the window, later) decides about
// one broker instance: where it keeps its data, how hard it syncs, and which
// ports it reserves.

#include "broker/store/Store.h"

#include <QHostAddress>
#include <QString>

namespace depot {

struct BrokerOptions
{
    static constexpr quint16 DefaultAmqpPort = 5672;
    static constexpr quint16 DefaultHttpPort = 15672;

    QString dataDir;                 // absolute; ignored when inMemory
    bool inMemory = false;           // no store, no files at all
    store::Durability durability = store::Durability::Normal;
    quint16 amqpPort = DefaultAmqpPort;   // 0: any free port (tests)
    quint16 httpPort = DefaultHttpPort;
    QHostAddress bindAddress = QHostAddress(QHostAddress::LocalHost);
    // The one account AMQP clients and the HTTP API log in with. guest is
    // accepted only from loopback peers, as RabbitMQ does.
    QString user = QStringLiteral("guest");
    QString password = QStringLiteral("guest");
};

QString durabilityName(store::Durability durability);   // "normal" / "fsync"

} // namespace depot
