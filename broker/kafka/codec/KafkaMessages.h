#pragma once

// The bodies of the Kafka requests Depot answers and of their responses,
// for the versions in supportedApis(), field by field as Kafka's message
// definitions (common/message/*.json) lay them out. Decoders read a request
// body after its header and report the first malformed field; encoders
// append a response body after its header (KafkaProtocol.h frames it).

#include "broker/kafka/codec/KafkaProtocol.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace depot::kafka {

// ---- ApiVersions (18) ----

struct ApiVersionsRequest
{
    QString clientSoftwareName;   // v3+
    QString clientSoftwareVersion;
};
ApiVersionsRequest decodeApiVersions(wire::Reader &r, qint16 version);
// `version` is the one answered in: a request for a version Depot does not
// speak is answered in v0 with UNSUPPORTED_VERSION, as Kafka does.
void encodeApiVersions(QByteArray &out, qint16 version, ErrorCode error);

// ---- Metadata (3) ----

struct MetadataRequest
{
    std::optional<QStringList> topics;   // nullopt: all topics
    bool allowAutoTopicCreation = true;  // v4+; before that, always
};
MetadataRequest decodeMetadata(wire::Reader &r, qint16 version);

struct MetadataPartition
{
    ErrorCode error = ErrorCode::None;
    qint32 index = 0;
    qint32 leader = 0;
};
struct MetadataTopic
{
    ErrorCode error = ErrorCode::None;
    QString name;
    QList<MetadataPartition> partitions;
};
struct MetadataResponse
{
    qint32 nodeId = 0;
    QString host;
    qint32 port = 0;
    QString clusterId;
    QList<MetadataTopic> topics;
};
void encodeMetadata(QByteArray &out, qint16 version, const MetadataResponse &response);

// ---- CreateTopics (19) ----

struct CreatableTopic
{
    QString name;
    qint32 numPartitions = -1;       // -1: the broker's default
    qint16 replicationFactor = -1;   // -1: the broker's default
    bool hasAssignments = false;
    QList<QPair<QString, QString>> configs;   // value null: the default
};
struct CreateTopicsRequest
{
    QList<CreatableTopic> topics;
    qint32 timeoutMs = 0;
    bool validateOnly = false;   // v1+
};
CreateTopicsRequest decodeCreateTopics(wire::Reader &r, qint16 version);

struct TopicResult
{
    QString name;
    ErrorCode error = ErrorCode::None;
    QString message;   // null: none
};
void encodeCreateTopics(QByteArray &out, qint16 version, const QList<TopicResult> &results);

// ---- DeleteTopics (20) ----

struct DeleteTopicsRequest
{
    QStringList names;
    qint32 timeoutMs = 0;
};
DeleteTopicsRequest decodeDeleteTopics(wire::Reader &r, qint16 version);
void encodeDeleteTopics(QByteArray &out, qint16 version, const QList<TopicResult> &results);

// ---- Produce (0) ----

struct ProducePartition
{
    qint32 index = 0;
    std::optional<QByteArrayView> records;   // points into the request
};
struct ProduceTopic
{
    QString name;
    QList<ProducePartition> partitions;
};
struct ProduceRequest
{
    QString transactionalId;   // null: none
    qint16 acks = -1;
    qint32 timeoutMs = 0;
    QList<ProduceTopic> topics;
};
ProduceRequest decodeProduce(wire::Reader &r, qint16 version);

struct ProducePartitionResult
{
    qint32 index = 0;
    ErrorCode error = ErrorCode::None;
    qint64 baseOffset = -1;
    qint64 logAppendTimeMs = -1;
    qint64 logStartOffset = -1;
};
struct ProduceTopicResult
{
    QString name;
    QList<ProducePartitionResult> partitions;
};
void encodeProduce(QByteArray &out, qint16 version, const QList<ProduceTopicResult> &results);

// ---- Fetch (1) ----

struct FetchPartitionRequest
{
    qint32 partition = 0;
    qint64 fetchOffset = 0;
    qint32 partitionMaxBytes = 0;
};
struct FetchTopicRequest
{
    QString name;
    QList<FetchPartitionRequest> partitions;
};
struct FetchRequest
{
    qint32 maxWaitMs = 0;
    qint32 minBytes = 0;
    qint32 maxBytes = 0x7fffffff;   // v3+
    qint8 isolationLevel = 0;       // v4+
    qint32 sessionId = 0;           // v7+
    qint32 sessionEpoch = -1;       // v7+
    QList<FetchTopicRequest> topics;
};
FetchRequest decodeFetch(wire::Reader &r, qint16 version);

struct FetchPartitionResult
{
    qint32 partition = 0;
    ErrorCode error = ErrorCode::None;
    qint64 highWatermark = -1;
    qint64 logStartOffset = -1;
    QByteArray records;   // whole batches; empty, never null
};
struct FetchTopicResult
{
    QString name;
    QList<FetchPartitionResult> partitions;
};
void encodeFetch(QByteArray &out, qint16 version, ErrorCode error, const QList<FetchTopicResult> &results);

// ---- ListOffsets (2) ----

// Timestamps with a meaning of their own.
inline constexpr qint64 LatestTimestamp = -1;
inline constexpr qint64 EarliestTimestamp = -2;

struct ListOffsetsPartitionRequest
{
    qint32 partition = 0;
    qint64 timestamp = LatestTimestamp;
};
struct ListOffsetsTopicRequest
{
    QString name;
    QList<ListOffsetsPartitionRequest> partitions;
};
struct ListOffsetsRequest
{
    qint8 isolationLevel = 0;   // v2+
    QList<ListOffsetsTopicRequest> topics;
};
ListOffsetsRequest decodeListOffsets(wire::Reader &r, qint16 version);

struct ListOffsetsPartitionResult
{
    qint32 partition = 0;
    ErrorCode error = ErrorCode::None;
    qint64 timestamp = -1;
    qint64 offset = -1;
};
struct ListOffsetsTopicResult
{
    QString name;
    QList<ListOffsetsPartitionResult> partitions;
};
void encodeListOffsets(QByteArray &out, qint16 version, const QList<ListOffsetsTopicResult> &results);

// ---- InitProducerId (22), versions 0-1 ----

struct InitProducerIdRequest
{
    QString transactionalId;   // null: an idempotent producer without transactions
    qint32 transactionTimeoutMs = 0;
};
InitProducerIdRequest decodeInitProducerId(wire::Reader &r, qint16 version);
void encodeInitProducerId(QByteArray &out, qint16 version, ErrorCode error, qint64 producerId, qint16 producerEpoch);

} // namespace depot::kafka
