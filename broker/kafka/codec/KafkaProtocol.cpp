#include "broker/kafka/codec/KafkaProtocol.h"

#include <QtEndian>

namespace depot::kafka {

const QList<ApiSupport> &supportedApis()
{
    // Versions: what Depot implements (docs/kafka.md); first flexible
    // version: from Kafka's message definitions ("flexibleVersions"). Only
    // APIs with a handler are listed: ApiVersions tells clients exactly
    // this, so a consumer group client learns that the group APIs are
    // missing instead of having its connection closed.
    static const QList<ApiSupport> apis{
        {ApiKey::Produce, "Produce", 0, 7, 9},
        {ApiKey::Fetch, "Fetch", 4, 11, 12},
        {ApiKey::ListOffsets, "ListOffsets", 1, 3, 6},
        {ApiKey::Metadata, "Metadata", 0, 6, 9},
        {ApiKey::OffsetCommit, "OffsetCommit", 2, 7, 8},
        {ApiKey::OffsetFetch, "OffsetFetch", 1, 5, 6},
        {ApiKey::FindCoordinator, "FindCoordinator", 0, 2, 3},
        {ApiKey::JoinGroup, "JoinGroup", 0, 5, 6},
        {ApiKey::Heartbeat, "Heartbeat", 0, 3, 4},
        {ApiKey::LeaveGroup, "LeaveGroup", 0, 3, 4},
        {ApiKey::SyncGroup, "SyncGroup", 0, 3, 4},
        {ApiKey::DescribeGroups, "DescribeGroups", 0, 4, 5},
        {ApiKey::ListGroups, "ListGroups", 0, 2, 3},
        {ApiKey::ApiVersions, "ApiVersions", 0, 3, 3},
        {ApiKey::CreateTopics, "CreateTopics", 0, 4, 5},
        {ApiKey::DeleteTopics, "DeleteTopics", 0, 3, 4},
        {ApiKey::InitProducerId, "InitProducerId", 0, 1, 2},
        {ApiKey::DescribeConfigs, "DescribeConfigs", 0, 2, 4},
        {ApiKey::AlterConfigs, "AlterConfigs", 0, 1, 2},
        {ApiKey::IncrementalAlterConfigs, "IncrementalAlterConfigs", 0, 1, 1},
    };
    return apis;
}

const ApiSupport *findApi(qint16 key)
{
    for (const ApiSupport &api : supportedApis())
        if (qint16(api.key) == key)
            return &api;
    return nullptr;
}

QString apiName(qint16 key)
{
    const ApiSupport *api = findApi(key);
    return api ? QString::fromLatin1(api->name) : QStringLiteral("API key %1").arg(key);
}

bool isFlexible(const ApiSupport &api, qint16 version)
{
    return version >= api.firstFlexibleVersion;
}

int requestHeaderVersion(const ApiSupport &api, qint16 version)
{
    return isFlexible(api, version) ? 2 : 1;
}

int responseHeaderVersion(const ApiSupport &api, qint16 version)
{
    if (api.key == ApiKey::ApiVersions)
        return 0;
    return isFlexible(api, version) ? 1 : 0;
}

RequestHeader readRequestHeader(wire::Reader &reader)
{
    RequestHeader header;
    header.apiKey = reader.int16();
    header.apiVersion = reader.int16();
    header.correlationId = reader.int32();
    // The client id keeps the old two-byte length even in header v2.
    header.clientId = reader.string(true);
    // The rest of a request Depot will not read (an unknown API, a version
    // it does not speak) is not looked at: its header's tagged fields
    // neither.
    const ApiSupport *api = findApi(header.apiKey);
    if (api && !reader.failed() && header.apiVersion >= api->minVersion && header.apiVersion <= api->maxVersion
        && requestHeaderVersion(*api, header.apiVersion) >= 2)
        reader.skipTaggedFields();
    return header;
}

qsizetype beginResponse(QByteArray &out, qint32 correlationId, int headerVersion)
{
    const qsizetype start = out.size();
    wire::Writer w(out);
    w.int32(0);   // the size, patched by finishResponse
    w.int32(correlationId);
    if (headerVersion >= 1)
        w.emptyTaggedFields();
    return start;
}

void finishResponse(QByteArray &out, qsizetype start)
{
    qToBigEndian(qint32(out.size() - start - 4), out.data() + start);
}

FrameSlice peekFrame(QByteArrayView buffer, qint32 maxSize)
{
    if (buffer.size() < 4)
        return {FrameStatus::NeedMore, 0};
    const qint32 size = qFromBigEndian<qint32>(buffer.data());
    if (size < 0 || size > maxSize)
        return {FrameStatus::Invalid, size};
    if (buffer.size() - 4 < size)
        return {FrameStatus::NeedMore, size};
    return {FrameStatus::Complete, size};
}

} // namespace depot::kafka
