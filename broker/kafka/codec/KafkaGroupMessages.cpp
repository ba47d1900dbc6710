#include "broker/kafka/codec/KafkaGroupMessages.h"

#include <limits>

namespace depot::kafka {

namespace {

using wire::Reader;
using wire::Writer;

void code(Writer &w, ErrorCode e)
{
    w.int16(qint16(e));
}

QByteArray bytesOf(Reader &r)
{
    const std::optional<QByteArrayView> b = r.bytes();
    return b ? b->toByteArray() : QByteArray();
}

} // namespace

FindCoordinatorRequest decodeFindCoordinator(Reader &r, qint16 version)
{
    FindCoordinatorRequest request;
    request.key = r.string();
    if (version >= 1)
        request.keyType = r.int8();
    return request;
}

void encodeFindCoordinator(QByteArray &out, qint16 version, const Coordinator &c)
{
    Writer w(out);
    if (version >= 1)
        w.int32(0);
    code(w, c.error);
    if (version >= 1)
        w.string(c.message);
    w.int32(c.nodeId);
    w.string(c.host);
    w.int32(c.port);
}

JoinGroupRequest decodeJoinGroup(Reader &r, qint16 version)
{
    JoinGroupRequest request;
    request.groupId = r.string();
    request.sessionTimeoutMs = r.int32();
    request.rebalanceTimeoutMs = version >= 1 ? r.int32() : request.sessionTimeoutMs;
    request.memberId = r.string();
    if (version >= 5)
        request.groupInstanceId = r.string(true);
    request.protocolType = r.string();
    const qint32 count = r.arrayLength(2 + 4);
    for (qint32 i = 0; i < count && !r.failed(); ++i) {
        JoinProtocol protocol;
        protocol.name = r.string();
        protocol.metadata = bytesOf(r);
        request.protocols.append(std::move(protocol));
    }
    return request;
}

void encodeJoinGroup(QByteArray &out, qint16 version, const JoinGroupResponse &response)
{
    Writer w(out);
    if (version >= 2)
        w.int32(0);
    code(w, response.error);
    w.int32(response.generationId);
    w.string(response.protocolName.isNull() ? QStringLiteral("") : response.protocolName);
    w.string(response.leader);
    w.string(response.memberId);
    w.arrayLength(qint32(response.members.size()));
    for (const JoinMember &member : response.members) {
        w.string(member.memberId);
        if (version >= 5)
            w.string(member.groupInstanceId);
        w.bytes(QByteArrayView(member.metadata));
    }
}

SyncGroupRequest decodeSyncGroup(Reader &r, qint16 version)
{
    SyncGroupRequest request;
    request.groupId = r.string();
    request.generationId = r.int32();
    request.memberId = r.string();
    if (version >= 3)
        request.groupInstanceId = r.string(true);
    const qint32 count = r.arrayLength(2 + 4);
    for (qint32 i = 0; i < count && !r.failed(); ++i) {
        const QString member = r.string();
        request.assignments.append({member, bytesOf(r)});
    }
    return request;
}

void encodeSyncGroup(QByteArray &out, qint16 version, ErrorCode error, const QByteArray &assignment)
{
    Writer w(out);
    if (version >= 1)
        w.int32(0);
    code(w, error);
    w.bytes(QByteArrayView(assignment));
}

HeartbeatRequest decodeHeartbeat(Reader &r, qint16 version)
{
    HeartbeatRequest request;
    request.groupId = r.string();
    request.generationId = r.int32();
    request.memberId = r.string();
    if (version >= 3)
        request.groupInstanceId = r.string(true);
    return request;
}

void encodeHeartbeat(QByteArray &out, qint16 version, ErrorCode error)
{
    Writer w(out);
    if (version >= 1)
        w.int32(0);
    code(w, error);
}

LeaveGroupRequest decodeLeaveGroup(Reader &r, qint16 version)
{
    LeaveGroupRequest request;
    request.groupId = r.string();
    if (version < 3) {
        request.members.append({r.string(), QString()});
        return request;
    }
    const qint32 count = r.arrayLength(2 + 2);
    for (qint32 i = 0; i < count && !r.failed(); ++i) {
        LeavingMember member;
        member.memberId = r.string();
        member.groupInstanceId = r.string(true);
        request.members.append(member);
    }
    return request;
}

void encodeLeaveGroup(QByteArray &out, qint16 version, ErrorCode error, const QList<LeavingMember> &members)
{
    Writer w(out);
    if (version >= 1)
        w.int32(0);
    if (version < 3) {
        for (const LeavingMember &m : members)
            if (error == ErrorCode::None)
                error = m.error;
        code(w, error);
        return;
    }
    code(w, error);
    w.arrayLength(qint32(members.size()));
    for (const LeavingMember &m : members) {
        w.string(m.memberId);
        w.string(m.groupInstanceId);
        code(w, m.error);
    }
}

OffsetCommitRequest decodeOffsetCommit(Reader &r, qint16 version)
{
    OffsetCommitRequest request;
    request.groupId = r.string();
    request.generationId = r.int32();
    request.memberId = r.string();
    if (version >= 7)
        request.groupInstanceId = r.string(true);
    if (version <= 4)
        request.retentionTimeMs = r.int64();
    const qint32 topics = r.arrayLength(2 + 4);
    for (qint32 t = 0; t < topics && !r.failed(); ++t) {
        OffsetCommitTopic topic;
        topic.name = r.string();
        const qint32 partitions = r.arrayLength(4 + 8 + 2);
        for (qint32 p = 0; p < partitions && !r.failed(); ++p) {
            OffsetCommitPartition partition;
            partition.partition = r.int32();
            partition.offset = r.int64();
            if (version >= 6)
                r.int32(); // committed leader epoch
            partition.metadata = r.string(true);
            topic.partitions.append(partition);
        }
        request.topics.append(std::move(topic));
    }
    return request;
}

void encodeOffsetCommit(QByteArray &out, qint16 version, const QList<QPair<QString, QList<PartitionError>>> &results)
{
    Writer w(out);
    if (version >= 3)
        w.int32(0);
    w.arrayLength(qint32(results.size()));
    for (const auto &[topic, partitions] : results) {
        w.string(topic);
        w.arrayLength(qint32(partitions.size()));
        for (const PartitionError &p : partitions) {
            w.int32(p.partition);
            code(w, p.error);
        }
    }
}

OffsetFetchRequest decodeOffsetFetch(Reader &r, qint16 version)
{
    OffsetFetchRequest request;
    request.groupId = r.string();
    const qint32 topics = r.arrayLength(2 + 4);
    if (topics < 0) {
        if (version < 2 && !r.failed())
            r.fail(QStringLiteral("OffsetFetch v%1 has no null topic list").arg(version));
        return request;
    }
    QList<QPair<QString, QList<qint32>>> list;
    for (qint32 t = 0; t < topics && !r.failed(); ++t) {
        const QString name = r.string();
        QList<qint32> partitions;
        const qint32 count = r.arrayLength(4);
        for (qint32 p = 0; p < count && !r.failed(); ++p)
            partitions << r.int32();
        list.append({name, partitions});
    }
    request.topics = list;
    return request;
}

void encodeOffsetFetch(
    QByteArray &out, qint16 version, ErrorCode error, const QList<QPair<QString, QList<FetchedOffset>>> &topics)
{
    Writer w(out);
    if (version >= 3)
        w.int32(0);
    w.arrayLength(qint32(topics.size()));
    for (const auto &[topic, partitions] : topics) {
        w.string(topic);
        w.arrayLength(qint32(partitions.size()));
        for (const FetchedOffset &p : partitions) {
            w.int32(p.partition);
            w.int64(p.offset);
            if (version >= 5)
                w.int32(-1); // committed leader epoch
            w.string(p.metadata);
            code(w, p.error);
        }
    }
    if (version >= 2)
        code(w, error);
}

DescribeGroupsRequest decodeDescribeGroups(Reader &r, qint16 version)
{
    DescribeGroupsRequest request;
    const qint32 count = r.arrayLength(2);
    for (qint32 i = 0; i < count && !r.failed(); ++i)
        request.groups.append(r.string());
    if (version >= 3)
        request.includeAuthorizedOperations = r.int8() != 0;
    return request;
}

void encodeDescribeGroups(QByteArray &out, qint16 version, const QList<DescribedGroup> &groups)
{
    Writer w(out);
    if (version >= 1)
        w.int32(0);
    w.arrayLength(qint32(groups.size()));
    for (const DescribedGroup &g : groups) {
        code(w, g.error);
        w.string(g.groupId);
        w.string(g.state.isNull() ? QStringLiteral("") : g.state);
        w.string(g.protocolType.isNull() ? QStringLiteral("") : g.protocolType);
        w.string(g.protocolData.isNull() ? QStringLiteral("") : g.protocolData);
        w.arrayLength(qint32(g.members.size()));
        for (const DescribedMember &m : g.members) {
            w.string(m.memberId);
            if (version >= 4)
                w.string(m.groupInstanceId);
            w.string(m.clientId.isNull() ? QStringLiteral("") : m.clientId);
            w.string(m.clientHost.isNull() ? QStringLiteral("") : m.clientHost);
            w.bytes(QByteArrayView(m.metadata));
            w.bytes(QByteArrayView(m.assignment));
        }
        if (version >= 3)
            w.int32(std::numeric_limits<qint32>::min()); // not asked for, or no ACLs: Kafka's "unknown"
    }
}

ListGroupsRequest decodeListGroups(Reader &, qint16)
{
    return {};
}

void encodeListGroups(QByteArray &out, qint16 version, ErrorCode error, const QList<ListedGroup> &groups)
{
    Writer w(out);
    if (version >= 1)
        w.int32(0);
    code(w, error);
    w.arrayLength(qint32(groups.size()));
    for (const ListedGroup &g : groups) {
        w.string(g.groupId);
        w.string(g.protocolType.isNull() ? QStringLiteral("") : g.protocolType);
    }
}

} // namespace depot::kafka
