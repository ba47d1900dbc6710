#pragma once

// KafkaService: answers decoded Kafka requests over the log engine. One per
// listener, on the broker thread; the connections (KafkaServer.cpp) frame
// requests and responses and park long-polling fetches.

#include "broker/kafka/GroupCoordinator.h"
#include "broker/kafka/codec/KafkaConfigMessages.h"
#include "broker/kafka/codec/KafkaMessages.h"

#include <QString>

#include <functional>
#include <optional>

namespace depot::log {
class LogEngine;
}

namespace depot::kafka {

struct KafkaServiceOptions
{
    // auto.create.topics.enable: Metadata and Produce for an unknown topic
    // create it with the defaults below (Kafka's default is on).
    bool autoCreateTopics = true;
    qint32 defaultPartitions = 1;   // num.partitions
    // The host Metadata advertises; empty: the address the client connected to.
    QString advertisedHost;
    QString clusterId = QStringLiteral("depot");
    // What DescribeConfigs tells of the broker: socket.request.max.bytes
    // (the listener's limit) and log.retention.check.interval.ms.
    qint32 maxRequestBytes = 100 * 1024 * 1024;
    qint64 retentionCheckIntervalMs = 300000;
};

// Where the client reached Depot, for Metadata's broker address.
struct ConnectionAddress
{
    QString host; // the address the client connected to
    quint16 port = 0;
    QString peerHost; // the client's own address
};

class KafkaService final
{
public:
    // `groups`: the broker's group coordinator (BrokerCore owns it, beside
    // the log engine, so the window and the HTTP API reach the same groups).
    KafkaService(log::LogEngine &logs, GroupCoordinator &groups, KafkaServiceOptions options);
    ~KafkaService();
    KafkaService(const KafkaService &) = delete;
    KafkaService &operator=(const KafkaService &) = delete;

    // Answers one request through `respond`: with the response body (after
    // the response header), or nullopt when none is sent (Produce with
    // acks=0). Most answer before handle() returns; JoinGroup and SyncGroup
    // answer when the group's rebalance gets that far, so the connection
    // waits. `request` is the body after the request header; a body that
    // does not decode is reported in `error` (respond is not called) and
    // the connection closes, as Kafka does.
    using Responder = std::function<void(std::optional<QByteArray>)>;
    void handle(const RequestHeader &header, wire::Reader &request, const ConnectionAddress &address,
                Responder respond, QString *error);

    // Runs the group coordinator's deadlines (sessions, rebalance timeouts).
    void tick(qint64 now) { m_groups.tick(now); }

    // Fetch is answered in two steps so a connection can wait: evaluate what
    // is there now, and whether that satisfies min bytes.
    struct FetchOutcome
    {
        QList<FetchTopicResult> results;
        qint64 bytes = 0;
    };
    FetchOutcome fetch(const FetchRequest &request) const;
    static QByteArray encodeFetchBody(qint16 version, const FetchOutcome &outcome);

private:
    QByteArray metadata(qint16 version, const MetadataRequest &request, const ConnectionAddress &address);
    QByteArray createTopics(qint16 version, const CreateTopicsRequest &request);
    QByteArray deleteTopics(qint16 version, const DeleteTopicsRequest &request);
    // `client` names the connection in the records' stories ("client-id at host").
    std::optional<QByteArray> produce(qint16 version, const ProduceRequest &request, const QString &client);
    QByteArray listOffsets(qint16 version, const ListOffsetsRequest &request);
    QByteArray describeConfigs(qint16 version, const DescribeConfigsRequest &request);
    // AlterConfigs and IncrementalAlterConfigs (`incremental`) of topics.
    QByteArray alterConfigs(qint16 version, const AlterConfigsRequest &request, bool incremental);
    ErrorCode ensureTopic(const QString &name, bool create);
    QByteArray offsetCommit(qint16 version, const OffsetCommitRequest &request, const QString &client, qint64 now);
    QByteArray offsetFetch(qint16 version, const OffsetFetchRequest &request);
    // Answers once the log engine's changes so far are durable (at once
    // without a store): an acknowledged Produce, a committed offset, a
    // created or deleted topic are on disk before the client hears of them,
    // as AMQP's confirms are.
    void respondWhenDurable(const Responder &respond, std::optional<QByteArray> body);

    log::LogEngine &m_logs;
    GroupCoordinator &m_groups;
    KafkaServiceOptions m_options;
};

} // namespace depot::kafka
