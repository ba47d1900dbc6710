#pragma once

// ListenerRegistry: every wire protocol Depot serves is one entry here: its
// name (the key of every port map, the readiness line's "amqp=..."), its
// command-line option (--<name>-port), its default port, and a factory that
// starts its server over an already-bound socket with what all protocols
// share (the engine, the publish gate, the accounts, the broker's options).
//
// The broker core binds every listener that is not switched off in registry
// order, reports a taken port in one line naming the flag, and hands each
// bound socket to its factory once the engine has recovered. The command
// line, the readiness line, the window's port offer, its status bar and its
// quick-start panel all iterate this list: a new protocol adds its own folder
// and one line in ListenerRegistry.cpp, nothing else in the core.

#include <QHostAddress>
#include <QString>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

class QObject;
class QTcpServer;

namespace depot {

class Engine;
struct BrokerOptions;
namespace auth {
class UserStore;
}
namespace core {
class PublishGate;
}
namespace log {
class LogEngine;
}
namespace kafka {
class GroupCoordinator;
class KafkaAdmin;
}

// What a listener's factory is given: the broker's shared parts, all owned by
// the broker core and alive for as long as the listener runs.
struct ListenerContext
{
    Engine &engine;
    core::PublishGate &gate;
    auth::UserStore &users;
    const BrokerOptions &options;
    log::LogEngine &logs;
    kafka::GroupCoordinator &groups;   // Kafka's consumer groups, shared with KafkaAdmin
    kafka::KafkaAdmin &kafka;          // topics and groups for people (the HTTP API)
};

struct ListenerEntry
{
    QString name; // "amqp": lower case, the key in port maps
    QString title; // "AMQP": in messages and the window
    QString description; // for --help: "AMQP 0-9-1 port"
    quint16 defaultPort = 0;
    // True for a listener that authenticates nobody (Kafka until SASL): it
    // listens on loopback whatever --bind says (listenAddress()), and its
    // port given with --bind beyond loopback is refused at start.
    bool loopbackOnly = false;
    // Starts the protocol's server on `bound` (listening already; the server
    // takes it over and owns it from now on). The returned object is the
    // running listener: the broker destroys it before the engine.
    std::function<std::unique_ptr<QObject>(std::unique_ptr<QTcpServer> bound, const ListenerContext &context)> start;

    QString optionName() const { return name + QStringLiteral("-port"); } // "amqp-port"
    QString flag() const { return QStringLiteral("--") + optionName(); } // "--amqp-port"
};

// The port `listener` is to listen on under `options`, or nullopt when it is
// switched off (by --<name>-port 0).
std::optional<quint16> listenerPort(const BrokerOptions &options, const ListenerEntry &listener);

// The address `listener` is bound to under `options`: --bind's, except that
// a loopback-only listener stays on loopback (127.0.0.1, or ::1 when --bind
// is an IPv6 address) when --bind is beyond it.
QHostAddress listenAddress(const BrokerOptions &options, const ListenerEntry &listener);

// Every listener, in the order they are bound, listed and printed.
const std::vector<ListenerEntry> &listenerRegistry();
// Null for an unknown name.
const ListenerEntry *findListener(const QString &name);

} // namespace depot
