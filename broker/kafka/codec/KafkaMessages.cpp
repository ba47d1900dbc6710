#include "broker/kafka/codec/KafkaMessages.h"

namespace depot::kafka {

namespace {

using wire::Reader;
using wire::Writer;

// The smallest encoding of one element, so a count the bytes cannot hold is
// refused before anything is allocated for it.
constexpr int MinTopicSize = 2 + 4;       // name length + partition count
constexpr int MinPartitionSize = 4;

void code(Writer &w, ErrorCode e)
{
    w.int16(qint16(e));
}

} // namespace

// ---- ApiVersions ----

ApiVersionsRequest decodeApiVersions(Reader &r, qint16 version)
{
    ApiVersionsRequest request;
    if (version >= 3) {
        request.clientSoftwareName = r.compactString();
        request.clientSoftwareVersion = r.compactString();
        r.skipTaggedFields();
    }
    return request;
}

void encodeApiVersions(QByteArray &out, qint16 version, ErrorCode error)
{
    Writer w(out);
    const bool flexible = version >= 3;
    code(w, error);
    const QList<ApiSupport> &apis = supportedApis();
    if (flexible)
        w.compactArrayLength(qint32(apis.size()));
    else
        w.arrayLength(qint32(apis.size()));
    for (const ApiSupport &api : apis) {
        w.int16(qint16(api.key));
        w.int16(api.minVersion);
        w.int16(api.maxVersion);
        if (flexible)
            w.emptyTaggedFields();
    }
    if (version >= 1)
        w.int32(0);   // throttle time
    if (flexible)
        w.emptyTaggedFields();
}

// ---- Metadata ----

MetadataRequest decodeMetadata(Reader &r, qint16 version)
{
    MetadataRequest request;
    const qint32 count = r.arrayLength(2);
    if (count >= 0) {
        QStringList topics;
        for (qint32 i = 0; i < count && !r.failed(); ++i)
            topics << r.string();
        // Version 0 has no null: an empty list asks for every topic.
        if (version > 0 || !topics.isEmpty())
            request.topics = topics;
    } else if (version == 0 && !r.failed()) {
        r.fail(QStringLiteral("Metadata v0 has no null topic list"));
    }
    if (version >= 4)
        request.allowAutoTopicCreation = r.boolean();
    return request;
}

void encodeMetadata(QByteArray &out, qint16 version, const MetadataResponse &response)
{
    Writer w(out);
    if (version >= 3)
        w.int32(0);   // throttle time
    w.arrayLength(1);  // one broker: Depot
    w.int32(response.nodeId);
    w.string(response.host);
    w.int32(response.port);
    if (version >= 1)
        w.string(QString());   // rack
    if (version >= 2)
        w.string(response.clusterId);
    if (version >= 1)
        w.int32(response.nodeId);   // the controller
    w.arrayLength(qint32(response.topics.size()));
    for (const MetadataTopic &topic : response.topics) {
        code(w, topic.error);
        w.string(topic.name);
        if (version >= 1)
            w.boolean(false);   // internal
        w.arrayLength(qint32(topic.partitions.size()));
        for (const MetadataPartition &p : topic.partitions) {
            code(w, p.error);
            w.int32(p.index);
            w.int32(p.leader);
            w.arrayLength(1);   // replicas
            w.int32(p.leader);
            w.arrayLength(1);   // in-sync replicas
            w.int32(p.leader);
            if (version >= 5)
                w.arrayLength(0);   // offline replicas
        }
    }
}

// ---- CreateTopics ----

CreateTopicsRequest decodeCreateTopics(Reader &r, qint16 version)
{
    CreateTopicsRequest request;
    const qint32 count = r.arrayLength(MinTopicSize);
    for (qint32 i = 0; i < count && !r.failed(); ++i) {
        CreatableTopic topic;
        topic.name = r.string();
        topic.numPartitions = r.int32();
        topic.replicationFactor = r.int16();
        const qint32 assignments = r.arrayLength(8);
        for (qint32 a = 0; a < assignments && !r.failed(); ++a) {
            r.int32();
            const qint32 brokers = r.arrayLength(4);
            for (qint32 b = 0; b < brokers && !r.failed(); ++b)
                r.int32();
        }
        topic.hasAssignments = assignments > 0;
        const qint32 configs = r.arrayLength(4);
        for (qint32 c = 0; c < configs && !r.failed(); ++c) {
            const QString name = r.string();
            const QString value = r.string(true);
            topic.configs.append({name, value});
        }
        request.topics.append(std::move(topic));
    }
    request.timeoutMs = r.int32();
    if (version >= 1)
        request.validateOnly = r.boolean();
    return request;
}

void encodeCreateTopics(QByteArray &out, qint16 version, const QList<TopicResult> &results)
{
    Writer w(out);
    if (version >= 2)
        w.int32(0);
    w.arrayLength(qint32(results.size()));
    for (const TopicResult &result : results) {
        w.string(result.name);
        code(w, result.error);
        if (version >= 1)
            w.string(result.message);
    }
}

// ---- DeleteTopics ----

DeleteTopicsRequest decodeDeleteTopics(Reader &r, qint16)
{
    DeleteTopicsRequest request;
    const qint32 count = r.arrayLength(2);
    for (qint32 i = 0; i < count && !r.failed(); ++i)
        request.names << r.string();
    request.timeoutMs = r.int32();
    return request;
}

void encodeDeleteTopics(QByteArray &out, qint16 version, const QList<TopicResult> &results)
{
    Writer w(out);
    if (version >= 1)
        w.int32(0);
    w.arrayLength(qint32(results.size()));
    for (const TopicResult &result : results) {
        w.string(result.name);
        code(w, result.error);
    }
}

// ---- Produce ----

ProduceRequest decodeProduce(Reader &r, qint16 version)
{
    ProduceRequest request;
    if (version >= 3)
        request.transactionalId = r.string(true);
    request.acks = r.int16();
    request.timeoutMs = r.int32();
    const qint32 topics = r.arrayLength(MinTopicSize);
    for (qint32 t = 0; t < topics && !r.failed(); ++t) {
        ProduceTopic topic;
        topic.name = r.string();
        const qint32 partitions = r.arrayLength(MinPartitionSize + 4);
        for (qint32 p = 0; p < partitions && !r.failed(); ++p) {
            ProducePartition partition;
            partition.index = r.int32();
            partition.records = r.bytes(true);
            topic.partitions.append(partition);
        }
        request.topics.append(std::move(topic));
    }
    return request;
}

void encodeProduce(QByteArray &out, qint16 version, const QList<ProduceTopicResult> &results)
{
    Writer w(out);
    w.arrayLength(qint32(results.size()));
    for (const ProduceTopicResult &topic : results) {
        w.string(topic.name);
        w.arrayLength(qint32(topic.partitions.size()));
        for (const ProducePartitionResult &p : topic.partitions) {
            w.int32(p.index);
            code(w, p.error);
            w.int64(p.baseOffset);
            if (version >= 2)
                w.int64(p.logAppendTimeMs);
            if (version >= 5)
                w.int64(p.logStartOffset);
        }
    }
    if (version >= 1)
        w.int32(0);   // throttle time
}

// ---- Fetch ----

FetchRequest decodeFetch(Reader &r, qint16 version)
{
    FetchRequest request;
    r.int32();   // replica id: -1 for consumers
    request.maxWaitMs = r.int32();
    request.minBytes = r.int32();
    request.maxBytes = r.int32();   // v3+
    request.isolationLevel = r.int8();   // v4+
    if (version >= 7) {
        request.sessionId = r.int32();
        request.sessionEpoch = r.int32();
    }
    const qint32 topics = r.arrayLength(MinTopicSize);
    for (qint32 t = 0; t < topics && !r.failed(); ++t) {
        FetchTopicRequest topic;
        topic.name = r.string();
        const qint32 partitions = r.arrayLength(16);
        for (qint32 p = 0; p < partitions && !r.failed(); ++p) {
            FetchPartitionRequest partition;
            partition.partition = r.int32();
            if (version >= 9)
                r.int32();   // current leader epoch
            partition.fetchOffset = r.int64();
            if (version >= 5)
                r.int64();   // the follower's log start offset
            partition.partitionMaxBytes = r.int32();
            topic.partitions.append(partition);
        }
        request.topics.append(std::move(topic));
    }
    if (version >= 7) {
        const qint32 forgotten = r.arrayLength(MinTopicSize);
        for (qint32 t = 0; t < forgotten && !r.failed(); ++t) {
            r.string();
            const qint32 partitions = r.arrayLength(4);
            for (qint32 p = 0; p < partitions && !r.failed(); ++p)
                r.int32();
        }
    }
    if (version >= 11)
        r.string();   // rack id
    return request;
}

void encodeFetch(QByteArray &out, qint16 version, ErrorCode error, const QList<FetchTopicResult> &results)
{
    Writer w(out);
    w.int32(0);   // throttle time (v1+)
    if (version >= 7) {
        code(w, error);
        w.int32(0);   // no fetch session
    }
    w.arrayLength(qint32(results.size()));
    for (const FetchTopicResult &topic : results) {
        w.string(topic.name);
        w.arrayLength(qint32(topic.partitions.size()));
        for (const FetchPartitionResult &p : topic.partitions) {
            w.int32(p.partition);
            code(w, p.error);
            w.int64(p.highWatermark);
            w.int64(p.highWatermark);   // last stable offset: no transactions
            if (version >= 5)
                w.int64(p.logStartOffset);
            w.arrayLength(0);   // aborted transactions
            if (version >= 11)
                w.int32(-1);   // preferred read replica
            w.bytes(QByteArrayView(p.records));   // empty, never null
        }
    }
}

// ---- ListOffsets ----

ListOffsetsRequest decodeListOffsets(Reader &r, qint16 version)
{
    ListOffsetsRequest request;
    r.int32();   // replica id
    if (version >= 2)
        request.isolationLevel = r.int8();
    const qint32 topics = r.arrayLength(MinTopicSize);
    for (qint32 t = 0; t < topics && !r.failed(); ++t) {
        ListOffsetsTopicRequest topic;
        topic.name = r.string();
        const qint32 partitions = r.arrayLength(12);
        for (qint32 p = 0; p < partitions && !r.failed(); ++p) {
            ListOffsetsPartitionRequest partition;
            partition.partition = r.int32();
            partition.timestamp = r.int64();
            topic.partitions.append(partition);
        }
        request.topics.append(std::move(topic));
    }
    return request;
}

void encodeListOffsets(QByteArray &out, qint16 version, const QList<ListOffsetsTopicResult> &results)
{
    Writer w(out);
    if (version >= 2)
        w.int32(0);
    w.arrayLength(qint32(results.size()));
    for (const ListOffsetsTopicResult &topic : results) {
        w.string(topic.name);
        w.arrayLength(qint32(topic.partitions.size()));
        for (const ListOffsetsPartitionResult &p : topic.partitions) {
            w.int32(p.partition);
            code(w, p.error);
            w.int64(p.timestamp);
            w.int64(p.offset);
        }
    }
}

// ---- InitProducerId ----

InitProducerIdRequest decodeInitProducerId(Reader &r, qint16 /*version: 0 and 1 read alike*/)
{
    InitProducerIdRequest request;
    request.transactionalId = r.string(true);
    request.transactionTimeoutMs = r.int32();
    return request;
}

void encodeInitProducerId(QByteArray &out, qint16 /*version*/, ErrorCode error, qint64 producerId, qint16 producerEpoch)
{
    Writer w(out);
    w.int32(0);   // throttle time
    code(w, error);
    w.int64(producerId);
    w.int16(producerEpoch);
}

} // namespace depot::kafka

