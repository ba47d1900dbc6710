#include "broker/http/HttpApi.h"

#include "broker/auth/UserStore.h"
#include "broker/http/SliceStream.h"
#include "broker/http/HttpAuth.h"
#include "broker/http/HttpRouter.h"
#include "broker/http/PrometheusMetrics.h"
#include "broker/http/RouteContext.h"
#include "broker/core/PublishGate.h"
#include "broker/http/TransferTasks.h"
#include "broker/kafka/GroupCoordinator.h"
#include "broker/kafka/KafkaAdmin.h"
#include "broker/log/LogEngine.h"
#include "broker/net/AcceptGuard.h"

#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>

namespace depot::http {

namespace {

void send(const HttpReply &reply, const QByteArray &corsOrigin, QHttpServerResponder &&responder)
{
    responder.writeStatusLine(static_cast<QHttpServerResponder::StatusCode>(reply.status));
    if (!reply.contentType.isEmpty())
        responder.writeHeader("Content-Type", reply.contentType);
    for (const auto &[name, value] : reply.headers)
        responder.writeHeader(name, value);
    // Only a page of an origin the user allowed (--allowed-origin) may read
    // an answer; without this header the browser hides it from every page.
    if (!corsOrigin.isEmpty()) {
        responder.writeHeader("Access-Control-Allow-Origin", corsOrigin);
        responder.writeHeader("Access-Control-Allow-Credentials", "true");
        responder.writeHeader("Vary", "Origin");
    }
    responder.writeHeader("Cache-Control", "no-cache");
    if (reply.stream) {
        // The body follows in chunks, so a client can tell a complete answer
        // from one cut short; one streamed answer per connection.
        responder.writeHeader("Transfer-Encoding", "chunked");
        responder.writeHeader("Connection", "close");
        responder.writeBody(reply.body);
        reply.stream(responder.socket());
        return;
    }
    responder.writeHeader("Content-Length", QByteArray::number(reply.body.size()));
    responder.writeBody(reply.body);
}

// What a cross-site page may not send (it may send a GET, but reads nothing).
bool changesState(QHttpServerRequest::Method method)
{
    using M = QHttpServerRequest::Method;
    return method == M::Put || method == M::Post || method == M::Delete || method == M::Patch;
}

} // namespace

HttpApi::HttpApi(Engine &engine, HttpApiOptions options, QObject *parent)
    : QAbstractHttpServer(parent)
    , m_engine(engine)
    , m_options(std::move(options))
    , m_tasks(std::make_unique<TransferTasks>(engine))
    , m_context(std::make_unique<RouteContext>(RouteContext{engine, m_options, *m_tasks}))
    , m_router(std::make_unique<HttpRouter>())
    , m_auth(std::make_unique<HttpAuth>(m_options))
    , m_origins(m_options.origins)
{
    if (!m_options.users) {
        // Served alone (tests): the one account of the options, in memory.
        QString unused;
        m_ownUsers = auth::UserStore::open(QString(), &unused);
        m_ownUsers->setCommandLineAccount(m_options.user, m_options.password);
        m_options.users = m_ownUsers.get();
    }
    if (!m_options.gate) {
        m_ownGate = std::make_unique<core::PublishGate>(engine, core::PublishGateOptions{});
        m_options.gate = m_ownGate.get();
    }
    if (!m_options.kafka) {
        m_ownLogs = std::make_unique<log::LogEngine>();
        m_ownGroups = std::make_unique<kafka::GroupCoordinator>();
        m_ownKafka = std::make_unique<kafka::KafkaAdmin>(*m_ownLogs, m_ownGroups.get(), m_options.gate);
        m_options.kafka = m_ownKafka.get();
    }
    addManagementRoutes(*m_router, *m_context);
    addBindingRoutes(*m_router, *m_context);
    addConnectionRoutes(*m_router, *m_context);
    addDefinitionsRoutes(*m_router, *m_context);
    addDepotRoutes(*m_router, *m_context);
    addExportRoutes(*m_router, *m_context);
    addUserRoutes(*m_router, *m_context);
    addPolicyRoutes(*m_router, *m_context);
    addRetryRoutes(*m_router, *m_context);
    addKafkaRoutes(*m_router, *m_context);
    addQueryRoutes(*m_router, *m_context);
    addHistoryRoutes(*m_router, *m_context);
    addTopicQueryRoutes(*m_router, *m_context);
}

HttpApi::~HttpApi() = default;

bool HttpApi::listen(const QHostAddress &address, quint16 port, QString *error)
{
    auto server = std::make_unique<QTcpServer>();
    if (!server->listen(address, port)) {
        if (error)
            *error = QStringLiteral("depot: cannot listen for HTTP on %1:%2 (%3); choose another port with --http-port")
                         .arg(address.toString())
                         .arg(port)
                         .arg(server->errorString());
        return false;
    }
    bind(server.release());
    return true;
}

void HttpApi::bind(QTcpServer *server)
{
    // Parented here so the server's lifetime is this object's whatever the
    // Qt version's bind() does with it.
    server->setParent(this);
    QAbstractHttpServer::bind(server);
    // After bind(), so the guard looks once the server took its clients.
    new net::AcceptGuard(server, QStringLiteral("HTTP"), server);
}

quint16 HttpApi::port() const
{
    const QList<QTcpServer *> all = servers();
    return all.isEmpty() ? 0 : all.first()->serverPort();
}

bool HttpApi::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    // A connection streaming an answer (an export, a query's results) said
    // "Connection: close": a request pipelined behind it is not answered, or
    // its answer would land in the middle of the stream's chunks. The
    // connection closes when the stream ends.
    if (socket->findChild<SliceStream *>(QString(), Qt::FindDirectChildrenOnly))
        return true;
    HttpRequest r;
    r.method = request.method();
    r.segments = HttpRouter::splitPath(request.url().path(QUrl::FullyEncoded).toUtf8());
    // HTML forms, Python's urlencode and JavaScript's URLSearchParams write a
    // space in a query value as "+", and RabbitMQ's API reads it so (a plus
    // sign itself arrives as %2B); QUrlQuery alone would keep it a plus.
    QString query = request.url().query(QUrl::FullyEncoded);
    query.replace(QLatin1Char('+'), QStringLiteral("%20"));
    r.query = QUrlQuery(query);

    HttpReply reply;
    const QByteArray origin = request.value("Origin");
    const QByteArray corsOrigin = m_origins.corsOrigin(origin);
    // Before anything else, credentials included: a page the developer has
    // open must not reach the broker through the browser.
    QString refusal = m_origins.hostRefusal(request.value("Host"));
    if (refusal.isEmpty() && changesState(request.method()))
        refusal = m_origins.originRefusal(origin, request.value("Referer"));
    if (!refusal.isEmpty()) {
        reply = HttpReply::error(403, QStringLiteral("forbidden"), refusal);
    } else if (r.method == QHttpServerRequest::Method::Options && !corsOrigin.isEmpty()) {
        // The preflight of an allowed page's request.
        reply = HttpReply::noContent();
        reply.addHeader("Access-Control-Allow-Methods", "GET, PUT, POST, DELETE");
        reply.addHeader("Access-Control-Allow-Headers", "Authorization, Content-Type, X-Reason");
        reply.addHeader("Access-Control-Max-Age", "600");
    } else if (request.body().size() > m_options.maxBodyBytes) {
        reply = HttpReply::error(413, QStringLiteral("payload_too_large"),
                                 QStringLiteral("request body of %1 bytes is over the limit of %2 bytes")
                                     .arg(request.body().size())
                                     .arg(m_options.maxBodyBytes));
    } else if (r.segments == QStringList{QStringLiteral("metrics")}) {
        // Prometheus scrapers are configured without credentials, as against
        // RabbitMQ's own Prometheus endpoint.
        reply = r.method == QHttpServerRequest::Method::Get
            ? HttpReply::text("text/plain; version=0.0.4; charset=utf-8", prometheusMetrics(m_engine, m_options.kafka))
            : HttpReply::error(405, QStringLiteral("method_not_allowed"), QStringLiteral("Method not allowed for this resource"));
    } else {
        const HttpAuth::Outcome auth = m_auth->check(request.value("Authorization"), socket->peerAddress());
        if (auth.refusal) {
            reply = *auth.refusal;
        } else {
            r.user = auth.user;
            r.userTags = auth.tags;
            r.body = request.body();
            r.reason = QString::fromUtf8(request.value("X-Reason")).trimmed();
            // What the request does to messages is the HTTP API's, as this user.
            const Engine::ActingAs acting = m_engine.actingAs(HistoryActor{HistoryActor::Kind::Http, r.user,
                socket->peerAddress().toString(), r.user, QStringLiteral("HTTP")});
            reply = m_router->dispatch(r);
        }
    }
    if (reply.deferred) {
        auto responder = std::make_shared<QHttpServerResponder>(makeResponder(request, socket));
        const QPointer<QTcpSocket> alive(socket);
        const auto start = std::move(reply.deferred);
        start([responder, corsOrigin, alive](const HttpReply &answer) {
            if (alive && responder)
                send(answer, corsOrigin, std::move(*responder));
        });
        return true;
    }
    send(reply, corsOrigin, makeResponder(request, socket));
    return true;
}

void HttpApi::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket)
{
    // handleRequest answers everything; this is only reached if it declines.
    send(HttpReply::notFound(), m_origins.corsOrigin(request.value("Origin")), makeResponder(request, socket));
}

} // namespace depot::http
