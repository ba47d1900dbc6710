#include "broker/sqs/SqsServer.h"

#include "broker/core/PublishGate.h"
#include "broker/net/AcceptGuard.h"
#include "broker/sqs/codec/HttpFraming.h"

#include <QDateTime>
#include <QTcpServer>
#include <QTcpSocket>
#include <QUuid>

namespace depot::sqs {

// One client connection: reads requests in order and answers each before it
// takes the next.
class SqsConnection final : public QObject
{
public:
    SqsConnection(QTcpSocket *socket, SqsService &service, const SqsServerOptions &options,
        const net::OriginPolicy &origins, QObject *parent)
        : QObject(parent)
        , m_socket(socket)
        , m_service(service)
        , m_options(options)
        , m_origins(origins)
        , m_reader(options.maxBodyBytes)
    {
        socket->setParent(this);
        connect(socket, &QTcpSocket::readyRead, this, [this] { read(); });
        connect(socket, &QTcpSocket::disconnected, this, [this] { closed(); });
        read();
    }

    ~SqsConnection() override
    {
        if (m_inFlight)
            m_service.cancel(m_inFlight);
    }

    quint64 bufferedBytes() const { return quint64(m_reader.buffered() + m_socket->bytesToWrite()); }

private:
    // Pipelined requests beyond this wait in the kernel while one is answered.
    static constexpr qsizetype MaxHeldBytes = 1024 * 1024;

    void read()
    {
        if (m_closing)
            return;
        if (m_inFlight && m_reader.buffered() > MaxHeldBytes)
            return; // read again once the answer is out
        m_reader.feed(m_socket->readAll());
        process();
    }

    void process()
    {
        while (!m_inFlight && !m_closing) {
            HttpRequest http;
            HttpFramingError error;
            const auto state = m_reader.next(&http, &error);
            if (state == HttpRequestReader::State::NeedMore) {
                if (m_reader.wantsContinue()) {
                    m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
                    m_reader.ackContinue();
                }
                return;
            }
            const QByteArray requestId = QUuid::createUuid().toString(QUuid::WithoutBraces).toLatin1();
            if (state == HttpRequestReader::State::Error) {
                Protocol protocol = Protocol::Query;
                if (error.headersRead) {
                    const QByteArray type = error.request.header("content-type").toLower();
                    if (type.startsWith("application/x-amz-json"))
                        protocol = Protocol::Json;
                }
                const ErrorCode code = error.status == 413 ? ErrorCode::RequestEntityTooLarge
                    : error.status == 411                  ? ErrorCode::LengthRequired
                                                           : ErrorCode::MalformedRequest;
                const bool keepAlive = !error.closeAfter && (!error.headersRead || error.request.keepAlive);
                m_socket->write(renderError(protocol, sqsError(code, error.message), requestId, keepAlive));
                if (!keepAlive) {
                    close();
                    return;
                }
                continue;
            }
            const ParsedRequest parsed = parseSqsRequest(http);
            const bool keepAlive = http.keepAlive;
            // Before anything else: a page in the developer's browser must not
            // reach the queues (any SQS action may change state, GET ones too).
            QString pageRefusal = m_origins.hostRefusal(http.header("host"));
            if (pageRefusal.isEmpty() && (!http.header("origin").isNull() || !http.header("referer").isNull()))
                pageRefusal = m_origins.originRefusal(http.header("origin"), http.header("referer"));
            std::optional<SqsError> refused = parsed.error;
            if (!pageRefusal.isEmpty())
                refused = sqsError(ErrorCode::AccessDenied, pageRefusal);
            if (!refused && m_options.requireSignature)
                refused = verifySigV4(http, m_options.secrets, QDateTime::currentMSecsSinceEpoch());
            if (refused) {
                m_socket->write(renderError(parsed.request.protocol, *refused, requestId, keepAlive));
                if (!keepAlive)
                    close();
                continue;
            }
            auto answered = std::make_shared<bool>(false);
            QPointer<SqsConnection> self(this);
            SqsRequest request = parsed.request;
            // The host alone: an actor is kept per distinct name (HistoryBook),
            // and a port per connection would make one per connection.
            request.peer = m_socket->peerAddress().toString();
            const quint64 ticket = m_service.handle(request,
                [self, request, requestId, keepAlive, answered](
                    const SqsResult &result, const std::optional<SqsError> &error) {
                    *answered = true;
                    if (!self)
                        return;
                    self->m_socket->write(error ? renderError(request.protocol, *error, requestId, keepAlive)
                                                : renderResponse(request, result, requestId, keepAlive));
                    if (!keepAlive)
                        self->close();
                    if (self->m_inFlight && !self->m_closing) {
                        // Answered later: take the next request (from the event
                        // loop, not from inside the engine's call stack).
                        self->m_inFlight = 0;
                        QMetaObject::invokeMethod(
                            self,
                            [self] {
                                if (self)
                                    self->read();
                            },
                            Qt::QueuedConnection);
                    } else {
                        self->m_inFlight = 0;
                    }
                });
            if (!*answered) {
                if (m_closing)
                    m_service.cancel(ticket);
                else
                    m_inFlight = ticket;
            }
        }
    }

    void close()
    {
        m_closing = true;
        m_socket->disconnectFromHost();
    }

    void closed()
    {
        if (m_inFlight) {
            const quint64 ticket = m_inFlight;
            m_inFlight = 0;
            m_service.cancel(ticket);
        }
        deleteLater();
    }

    QTcpSocket *m_socket;
    SqsService &m_service;
    const SqsServerOptions &m_options;
    const net::OriginPolicy &m_origins;
    HttpRequestReader m_reader;
    quint64 m_inFlight = 0;
    bool m_closing = false;
};

SqsServer::SqsServer(Engine &engine, core::PublishGate *gate, SqsServerOptions options, QObject *parent)
    : QObject(parent)
    , m_engine(engine)
    , m_options(std::move(options))
{
    if (!gate) {
        m_ownGate = std::make_unique<core::PublishGate>(engine, core::PublishGateOptions{});
        gate = m_ownGate.get();
    }
    m_gate = gate;
    m_origins = std::make_unique<net::OriginPolicy>(m_options.origins);
    m_service = std::make_unique<SqsService>(engine, *gate, m_options.service);
    m_gate->addBufferedBytes(this, [this] { return bufferedBytes(); });
}

SqsServer::~SqsServer()
{
    // Connections first: they cancel what they wait for in the service.
    const auto connections = findChildren<SqsConnection *>(Qt::FindDirectChildrenOnly);
    for (SqsConnection *c : connections)
        delete c;
    delete m_server.data();
}

bool SqsServer::listen(const QHostAddress &address, quint16 port, QString *error)
{
    auto server = std::make_unique<QTcpServer>();
    if (!server->listen(address, port)) {
        if (error)
            *error = QStringLiteral("SQS port %1: %2").arg(port).arg(server->errorString());
        return false;
    }
    bind(server.release());
    return true;
}

void SqsServer::bind(QTcpServer *server)
{
    m_server = server;
    server->setParent(nullptr);
    connect(server, &QTcpServer::newConnection, this, &SqsServer::onNewConnection);
    new net::AcceptGuard(server, QStringLiteral("SQS"), server);
    m_service->setDefaultHost(QByteArrayLiteral("127.0.0.1:") + QByteArray::number(server->serverPort()));
    onNewConnection();
}

quint16 SqsServer::port() const
{
    return m_server ? m_server->serverPort() : 0;
}

int SqsServer::connectionCount() const
{
    return int(findChildren<SqsConnection *>(Qt::FindDirectChildrenOnly).size());
}

void SqsServer::onNewConnection()
{
    if (!m_server)
        return;
    while (QTcpSocket *socket = m_server->nextPendingConnection())
        new SqsConnection(socket, *m_service, m_options, *m_origins, this);
}

quint64 SqsServer::bufferedBytes() const
{
    quint64 total = 0;
    for (const SqsConnection *c : findChildren<SqsConnection *>(Qt::FindDirectChildrenOnly))
        total += c->bufferedBytes();
    return total;
}

} // namespace depot::sqs
