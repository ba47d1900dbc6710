#pragma once

// SqsServer: the SQS listener. Its own small HTTP/1.1 server over a
// QTcpServer on the broker thread (Qt 6.4's QHttpServer can neither answer a
// request later, as a long poll must, nor refuse a body before reading it):
// keep-alive and pipelined requests, answered in order, one at a time per
// connection; an oversize body is refused from its Content-Length and skipped
// unread, the connection stays usable. Requests go through
// parseSqsRequest (codec) to the SqsService; answers come back in the
// request's protocol.
//
//     auto sqs = std::make_unique<sqs::SqsServer>(engine, gate, options);
//     if (!sqs->listen(QHostAddress::LocalHost, 0, &error)) ...   // or bind(tcpServer)

#include "broker/net/OriginPolicy.h"
#include "broker/sqs/SqsService.h"
#include "broker/sqs/codec/SigV4.h"

#include <QHostAddress>
#include <QObject>
#include <QPointer>
#include <memory>

class QTcpServer;
class QTcpSocket;

namespace depot::core {
class PublishGate;
}

namespace depot::sqs {

struct SqsServerOptions
{
    SqsServiceOptions service;
    // Larger request bodies are refused (413) before they are read. A
    // 1 MiB message form-encoded can take three times its size.
    qint64 maxBodyBytes = 8 * 1024 * 1024;
    // Bound beyond loopback: every request must carry a valid AWS Signature
    // Version 4 made with a key `secrets` knows (an account's name and
    // password); on loopback any signature, or none, is accepted.
    bool requireSignature = false;
    SecretLookup secrets;
    // Which Host and Origin headers are answered at all (DNS rebinding and
    // pages in the developer's browser; broker/net/OriginPolicy.h).
    net::OriginPolicyOptions origins;
};

class SqsConnection;

class SqsServer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SqsServer)

public:
    // Without a gate (tests of the listener alone) it makes one of its own.
    SqsServer(Engine &engine, core::PublishGate *gate, SqsServerOptions options, QObject *parent = nullptr);
    ~SqsServer() override;

    bool listen(const QHostAddress &address, quint16 port, QString *error);
    // Serves a server that listens already; takes ownership of it.
    void bind(QTcpServer *server);
    quint16 port() const;

    SqsService &service() { return *m_service; }
    int connectionCount() const;

private:
    void onNewConnection();
    quint64 bufferedBytes() const;

    Engine &m_engine;
    SqsServerOptions m_options;
    std::unique_ptr<core::PublishGate> m_ownGate;
    core::PublishGate *m_gate = nullptr;
    std::unique_ptr<net::OriginPolicy> m_origins;
    std::unique_ptr<SqsService> m_service;
    QPointer<QTcpServer> m_server;
};

} // namespace depot::sqs
