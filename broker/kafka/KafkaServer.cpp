#include "broker/kafka/KafkaServer.h"

#include "broker/core/PublishGate.h"
#include "broker/log/LogEngine.h"

#include <QDateTime>
#include <QLoggingCategory>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QtEndian>

#include <deque>
#include <memory>

Q_LOGGING_CATEGORY(lcKafka, "depot.kafka")

namespace depot::kafka {

namespace {

// Produce requests a connection takes up while the answers of earlier ones
// wait for their commit, by size: past this the connection reads no further
// until commits catch up, so a producer outrunning the disk (acks=0 above
// all, which waits for nothing) is paced by it rather than filling memory.
constexpr qint64 MaxProduceBytesAwaitingCommit = 32 * 1024 * 1024;

// One client connection. Lives as a child of its server.
class KafkaConnection final : public QObject
{
public:
    KafkaConnection(QTcpSocket *socket, KafkaService &service, log::LogEngine &logs, qint32 maxRequestBytes,
                    core::PublishGate *gate, QObject *parent)
        : QObject(parent), m_socket(socket), m_service(service), m_logs(logs), m_maxRequestBytes(maxRequestBytes),
          m_gate(gate)
    {
        m_socket->setParent(this);
        // Bounded, so a connection that stops reading (its Produce held by
        // the publish gate) leaves the rest in the kernel: TCP pushes back.
        m_socket->setReadBufferSize(ReadBufferBytes);
        if (m_gate)
            connect(m_gate, &core::PublishGate::changed, this, [this] {
                if (m_gateHeld && !m_gate->closed()) {
                    m_gateHeld = false;
                    qCInfo(lcKafka).noquote() << QStringLiteral("Kafka connection from %1: Produce taken again")
                                                     .arg(peer());
                    readFrames();
                }
            });
        connect(m_socket, &QTcpSocket::readyRead, this, &KafkaConnection::readFrames);
        connect(m_socket, &QTcpSocket::disconnected, this, &QObject::deleteLater);
        m_fetchTimer.setSingleShot(true);
        connect(&m_fetchTimer, &QTimer::timeout, this, [this] { answerParkedFetch(); });
        connect(&m_logs, &log::LogEngine::appended, this, [this](const QString &topic, qint32 partition) {
            if (!m_parked || !asksFor(m_parked->request, topic, partition))
                return;   // an append elsewhere cannot bring this fetch its bytes
            if (m_parked->request.minBytes <= m_service.fetch(m_parked->request).bytes)
                answerParkedFetch();
        });
    }

    // Answers written but not yet taken by the kernel (a Fetch's records
    // above all, to a consumer that reads slowly): counted toward the
    // memory high-watermark, as AMQP's unsent bytes are. What the client
    // sent and Depot has not read is not (MemoryWatermark.h): a held
    // Produce stays in the kernel, and the read buffer is bounded.
    quint64 unsentBytes() const { return quint64(m_socket->bytesToWrite()); }

private:
    struct ParkedFetch
    {
        RequestHeader header;
        FetchRequest request;
    };
    // A Produce request taken up, its answer sent once it and every one
    // before it are committed.
    struct ProduceAnswer
    {
        qint32 correlationId = 0;
        int headerVersion = 0;
        qint64 requestBytes = 0;
        bool ready = false;
        std::optional<QByteArray> body;   // nullopt: none is sent (acks=0)
    };

    static bool asksFor(const FetchRequest &request, const QString &topic, qint32 partition)
    {
        for (const FetchTopicRequest &t : request.topics) {
            if (t.name != topic)
                continue;
            for (const FetchPartitionRequest &p : t.partitions)
                if (p.partition == partition)
                    return true;
        }
        return false;
    }

    // Produce requests in a row are taken up while earlier ones wait for
    // their commit (everything appended in one event-loop turn rides one
    // group commit), their answers sent in order; any other request waits
    // until every Produce before it is answered.
    bool mayTakeUp(bool produce) const
    {
        if (m_produceAnswers.empty())
            return true;
        return produce && m_produceBytesAwaitingCommit < MaxProduceBytesAwaitingCommit;
    }

    static constexpr qint64 ReadBufferBytes = 1024 * 1024;

    QString peer() const
    {
        return QStringLiteral("%1:%2").arg(m_socket->peerAddress().toString()).arg(m_socket->peerPort());
    }

    // A Produce while the publish gate is closed: held, with everything
    // behind it, until the gate opens (PublishGate::changed).
    bool heldByGate(bool produce)
    {
        if (!m_gate || !produce)
            return false;
        const QString refused = m_gate->refusal();
        if (refused.isEmpty())
            return false;
        if (!m_gateHeld)
            qCInfo(lcKafka).noquote() << QStringLiteral("Kafka connection from %1: Produce held: %2").arg(peer(), refused);
        m_gateHeld = true;
        return true;
    }

    void readFrames()
    {
        if (m_gateHeld)
            return;   // not read on: the socket's buffer fills, then the kernel's
        m_buffer.append(m_socket->readAll());
        qsizetype at = 0;
        m_reading = true;
        while (!m_parked && !m_waiting && !m_closing) {
            const FrameSlice frame = peekFrame(QByteArrayView(m_buffer).sliced(at), m_maxRequestBytes);
            if (frame.status == FrameStatus::NeedMore)
                break;
            if (frame.status == FrameStatus::Invalid) {
                close(QStringLiteral("a request of %1 bytes (the limit is %2)").arg(frame.size).arg(m_maxRequestBytes));
                return;
            }
            const QByteArrayView payload = QByteArrayView(m_buffer).sliced(at + 4, frame.size);
            // The request's API key, read once for the gate, the read-ahead and the accounting.
            const bool produce = payload.size() >= 2 && qFromBigEndian<qint16>(payload.data()) == qint16(ApiKey::Produce);
            if (heldByGate(produce) || !mayTakeUp(produce))
                break;
            handle(payload);
            if (produce && m_gate)
                m_gate->accepted(m_logs.pendingSequence(), quint64(frame.size));   // until the store has it
            at += 4 + frame.size;
        }
        m_reading = false;
        m_buffer.remove(0, at);
    }

    // Sends the Produce answers that are ready, in request order; once the
    // ones that held the connection are sent, it reads on.
    void sendProduceAnswers()
    {
        bool sent = false;
        while (!m_produceAnswers.empty() && m_produceAnswers.front()->ready) {
            const std::shared_ptr<ProduceAnswer> answer = std::move(m_produceAnswers.front());
            m_produceAnswers.pop_front();
            if (answer->body)
                send(answer->correlationId, answer->headerVersion, *answer->body);
            m_produceBytesAwaitingCommit -= answer->requestBytes;
            sent = true;
        }
        if (sent && !m_reading && !m_buffer.isEmpty())
            QTimer::singleShot(0, this, [self = QPointer<KafkaConnection>(this)] {
                if (self)
                    self->readFrames();
            });
    }

    void handle(QByteArrayView payload)
    {
        wire::Reader reader(payload);
        const RequestHeader header = readRequestHeader(reader);
        if (reader.failed()) {
            close(QStringLiteral("a request header that does not parse (%1)").arg(reader.error()));
            return;
        }
        const ApiSupport *api = findApi(header.apiKey);
        if (!api) {
            close(QStringLiteral("%1, which Depot does not answer").arg(apiName(header.apiKey)));
            return;
        }
        if (header.apiVersion < api->minVersion || header.apiVersion > api->maxVersion) {
            if (api->key == ApiKey::ApiVersions) {
                // Answered in v0, listing what Depot speaks, so the client
                // can pick a version it shares (KIP-511).
                QByteArray body;
                encodeApiVersions(body, 0, ErrorCode::UnsupportedVersion);
                send(header.correlationId, 0, body);
                return;
            }
            close(QStringLiteral("%1 v%2 (Depot answers v%3 to v%4)")
                      .arg(QLatin1String(api->name))
                      .arg(header.apiVersion)
                      .arg(api->minVersion)
                      .arg(api->maxVersion));
            return;
        }
        const int responseHeader = responseHeaderVersion(*api, header.apiVersion);
        if (api->key == ApiKey::Fetch) {
            const FetchRequest request = decodeFetch(reader, header.apiVersion);
            if (reader.failed()) {
                close(QStringLiteral("Fetch v%1 that does not decode (%2)").arg(header.apiVersion).arg(reader.error()));
                return;
            }
            const KafkaService::FetchOutcome outcome = m_service.fetch(request);
            if (outcome.bytes >= request.minBytes || request.maxWaitMs <= 0) {
                send(header.correlationId, responseHeader, KafkaService::encodeFetchBody(header.apiVersion, outcome));
                return;
            }
            m_parked = ParkedFetch{header, request};
            m_fetchTimer.start(request.maxWaitMs);
            return;
        }
        QString error;
        const ConnectionAddress address{m_socket->localAddress().toString(), m_socket->localPort(),
                                        m_socket->peerAddress().toString()};
        if (api->key == ApiKey::Produce) {
            // Answered once committed; the connection reads on meanwhile.
            auto answer = std::make_shared<ProduceAnswer>();
            answer->correlationId = header.correlationId;
            answer->headerVersion = responseHeader;
            answer->requestBytes = payload.size();
            m_produceAnswers.push_back(answer);
            m_produceBytesAwaitingCommit += answer->requestBytes;
            QPointer<KafkaConnection> self(this);
            m_service.handle(
                header, reader, address,
                [self, answer](std::optional<QByteArray> body) {
                    if (!self || self->m_closing)
                        return;   // the client went away while its request waited
                    answer->body = std::move(body);
                    answer->ready = true;
                    self->sendProduceAnswers();
                },
                &error);
            if (!error.isEmpty())
                close(error);
            return;
        }
        // The answer may come later (a JoinGroup waits for the rebalance):
        // requests behind it wait until it is sent, so answers stay in order.
        m_waiting = true;
        const auto inHandle = std::make_shared<bool>(true);
        QPointer<KafkaConnection> self(this);
        const qint32 correlationId = header.correlationId;
        m_service.handle(
            header, reader, address,
            [self, correlationId, responseHeader, inHandle](std::optional<QByteArray> body) {
                if (!self || self->m_closing)
                    return;   // the client went away while its request waited
                if (body)
                    self->send(correlationId, responseHeader, *body);
                self->m_waiting = false;
                if (!*inHandle)
                    QTimer::singleShot(0, self, [self] { self->readFrames(); });
            },
            &error);
        *inHandle = false;
        if (!error.isEmpty())
            close(error);
    }

    void answerParkedFetch()
    {
        if (!m_parked)
            return;
        m_fetchTimer.stop();
        const ParkedFetch parked = *std::exchange(m_parked, std::nullopt);
        const ApiSupport *api = findApi(parked.header.apiKey);
        send(parked.header.correlationId, responseHeaderVersion(*api, parked.header.apiVersion),
             KafkaService::encodeFetchBody(parked.header.apiVersion, m_service.fetch(parked.request)));
        // Requests that arrived behind the fetch are taken up now, in order.
        QTimer::singleShot(0, this, &KafkaConnection::readFrames);
    }

    void send(qint32 correlationId, int headerVersion, const QByteArray &body)
    {
        QByteArray out;
        out.reserve(body.size() + 9);
        const qsizetype start = beginResponse(out, correlationId, headerVersion);
        out.append(body);
        finishResponse(out, start);
        m_socket->write(out);
    }

    void close(const QString &why)
    {
        qCInfo(lcKafka).noquote() << QStringLiteral("closing the Kafka connection from %1:%2: %3")
                                         .arg(m_socket->peerAddress().toString())
                                         .arg(m_socket->peerPort())
                                         .arg(why);
        m_closing = true;
        m_parked.reset();
        m_socket->abort();
        deleteLater();
    }

    QTcpSocket *m_socket;
    KafkaService &m_service;
    log::LogEngine &m_logs;
    const qint32 m_maxRequestBytes;
    QPointer<core::PublishGate> m_gate;
    bool m_gateHeld = false;   // a Produce waits for the publish gate
    QByteArray m_buffer;
    std::optional<ParkedFetch> m_parked;
    bool m_waiting = false;   // a request's answer is pending (JoinGroup, SyncGroup, OffsetCommit ...)
    bool m_reading = false;   // inside readFrames()
    std::deque<std::shared_ptr<ProduceAnswer>> m_produceAnswers;   // in request order
    qint64 m_produceBytesAwaitingCommit = 0;
    QTimer m_fetchTimer;
    bool m_closing = false;
};

} // namespace

KafkaServer::KafkaServer(log::LogEngine &logs, GroupCoordinator &groups, KafkaServerOptions options, QObject *parent)
    : QObject(parent), m_logs(logs), m_options(std::move(options))
{
    m_options.service.maxRequestBytes = m_options.maxRequestBytes;   // what DescribeConfigs tells
    m_service = std::make_unique<KafkaService>(logs, groups, m_options.service);
    // Retention and compaction also run on their own (Kafka's
    // log.retention.check.interval.ms), so an idle topic is cleaned too.
    m_logs.setCheckInterval(m_options.service.retentionCheckIntervalMs);
    if (m_options.gate)
        m_options.gate->addBufferedBytes(this, [this] { return bufferedBytes(); });
}

KafkaServer::~KafkaServer()
{
    m_logs.setCheckInterval(0);
}

void KafkaServer::bind(QTcpServer *server)
{
    // Group sessions and rebalance timeouts are checked twice a second.
    auto *ticker = new QTimer(this);
    ticker->setInterval(500);
    connect(ticker, &QTimer::timeout, this, [this] { m_service->tick(QDateTime::currentMSecsSinceEpoch()); });
    ticker->start();
    m_server = server;
    server->setParent(this);
    connect(server, &QTcpServer::newConnection, this, &KafkaServer::onNewConnection);
}

quint16 KafkaServer::port() const
{
    return m_server ? m_server->serverPort() : 0;
}

int KafkaServer::connectionCount() const
{
    return int(m_connections->children().size());
}

quint64 KafkaServer::bufferedBytes() const
{
    quint64 total = 0;
    for (const QObject *child : m_connections->children())
        total += static_cast<const KafkaConnection *>(child)->unsentBytes();
    return total;
}

void KafkaServer::onNewConnection()
{
    while (QTcpSocket *socket = m_server->nextPendingConnection()) {
        socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        new KafkaConnection(socket, *m_service, m_logs, m_options.maxRequestBytes, m_options.gate,
                            m_connections.get());
    }
}

} // namespace depot::kafka
