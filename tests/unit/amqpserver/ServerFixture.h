#pragma once

// ServerFixture: an Engine (in memory, or over a Store in a temporary
// directory) with an AmqpServer listening on a free loopback port, torn down
// in the order the broker uses: server, engine, store.

#include "broker/amqp/AmqpServer.h"
#include "broker/engine/Engine.h"
#include "broker/store/Store.h"

#include <QHostAddress>
#include <QTcpServer>
#include <QTemporaryDir>

#include <memory>

namespace depot::amqp::test {

struct ServerFixture
{
    explicit ServerFixture(AmqpServerOptions options = {}, bool withStore = false)
    {
        if (withStore) {
            dir = std::make_unique<QTemporaryDir>();
            QString error;
            store = store::Store::open(dir->path(), store::Durability::Normal, &error);
            if (!store)
                qFatal("cannot open the test store: %s", qPrintable(error));
        }
        engine = std::make_unique<Engine>(store.get());
        engine->recover();
        if (!listener.listen(QHostAddress::LocalHost, 0))
            qFatal("cannot listen on loopback");
        server = std::make_unique<AmqpServer>(*engine, options);
        server->serve(&listener);
    }
    ~ServerFixture()
    {
        server.reset();
        engine.reset();
        if (store)
            store->close();
    }
    quint16 port() const { return listener.serverPort(); }

    std::unique_ptr<QTemporaryDir> dir;
    std::unique_ptr<store::Store> store;
    std::unique_ptr<Engine> engine;
    QTcpServer listener;
    std::unique_ptr<AmqpServer> server;
};

} // namespace depot::amqp::test
