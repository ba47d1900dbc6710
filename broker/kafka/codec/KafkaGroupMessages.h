#pragma once

// The consumer group requests (the classic protocol) and their responses,
// for the versions Depot will answer: FindCoordinator 0–2, JoinGroup 0–5,
// SyncGroup 0–3, Heartbeat 0–3, LeaveGroup 0–3, OffsetCommit 2–7,
// OffsetFetch 1–5. None of these versions is flexible. Laid out as Kafka's
// message definitions (common/message/*.json) say; the coordinator that
// answers them is the next step of the Kafka listener (docs/kafka.md).

#include "broker/kafka/codec/KafkaProtocol.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace depot::kafka {

// ---- FindCoordinator (10) ----

struct FindCoordinatorRequest
{
    QString key;
    qint8 keyType = 0;   // v1+: 0 group, 1 transaction
};
FindCoordinatorRequest decodeFindCoordinator(wire::Reader &r, qint16 version);
struct Coordinator
{
    ErrorCode error = ErrorCode::None;
    QString message;   // null: none
    qint32 nodeId = 0;
    QString host;
    qint32 port = 0;
};
void encodeFindCoordinator(QByteArray &out, qint16 version, const Coordinator &coordinator);

// ---- JoinGroup (11) ----

struct JoinProtocol
{
    QString name;
    QByteArray metadata;
};
struct JoinGroupRequest
{
    QString groupId;
    qint32 sessionTimeoutMs = 0;
    qint32 rebalanceTimeoutMs = -1;   // v1+; before, the session timeout
    QString memberId;
    QString groupInstanceId;   // v5+, null: dynamic membership
    QString protocolType;
    QList<JoinProtocol> protocols;
};
JoinGroupRequest decodeJoinGroup(wire::Reader &r, qint16 version);

struct JoinMember
{
    QString memberId;
    QString groupInstanceId;
    QByteArray metadata;
};
struct JoinGroupResponse
{
    ErrorCode error = ErrorCode::None;
    qint32 generationId = -1;
    QString protocolName;
    QString leader;
    QString memberId;
    QList<JoinMember> members;   // the leader's answer only
};
void encodeJoinGroup(QByteArray &out, qint16 version, const JoinGroupResponse &response);

// ---- SyncGroup (14) ----

struct SyncGroupRequest
{
    QString groupId;
    qint32 generationId = 0;
    QString memberId;
    QString groupInstanceId;   // v3+
    QList<QPair<QString, QByteArray>> assignments;   // from the leader
};
SyncGroupRequest decodeSyncGroup(wire::Reader &r, qint16 version);
void encodeSyncGroup(QByteArray &out, qint16 version, ErrorCode error, const QByteArray &assignment);

// ---- Heartbeat (12) ----

struct HeartbeatRequest
{
    QString groupId;
    qint32 generationId = 0;
    QString memberId;
    QString groupInstanceId;   // v3+
};
HeartbeatRequest decodeHeartbeat(wire::Reader &r, qint16 version);
void encodeHeartbeat(QByteArray &out, qint16 version, ErrorCode error);

// ---- LeaveGroup (13) ----

// One member a LeaveGroup names: by member id, or (v3+, an administrator
// removing a static member) by group instance id with an empty member id.
struct LeavingMember
{
    QString memberId;
    QString groupInstanceId;   // null: none
    ErrorCode error = ErrorCode::None;   // the answer's
};
struct LeaveGroupRequest
{
    QString groupId;
    QList<LeavingMember> members;   // one before v3
};
LeaveGroupRequest decodeLeaveGroup(wire::Reader &r, qint16 version);
// Before v3 the answer has no member list: `error`, or else the member's
// own error, is the answer's error, as Kafka's LeaveGroupResponse does.
void encodeLeaveGroup(QByteArray &out, qint16 version, ErrorCode error, const QList<LeavingMember> &members);

// ---- OffsetCommit (8) ----

struct OffsetCommitPartition
{
    qint32 partition = 0;
    qint64 offset = 0;
    QString metadata;   // null allowed
};
struct OffsetCommitTopic
{
    QString name;
    QList<OffsetCommitPartition> partitions;
};
struct OffsetCommitRequest
{
    QString groupId;
    qint32 generationId = -1;
    QString memberId;
    QString groupInstanceId;   // v7+
    qint64 retentionTimeMs = -1;   // v2–4
    QList<OffsetCommitTopic> topics;
};
OffsetCommitRequest decodeOffsetCommit(wire::Reader &r, qint16 version);
struct PartitionError
{
    qint32 partition = 0;
    ErrorCode error = ErrorCode::None;
};
void encodeOffsetCommit(QByteArray &out, qint16 version,
                        const QList<QPair<QString, QList<PartitionError>>> &results);

// ---- OffsetFetch (9) ----

struct OffsetFetchRequest
{
    QString groupId;
    // nullopt (v2+): every partition the group has committed.
    std::optional<QList<QPair<QString, QList<qint32>>>> topics;
};
OffsetFetchRequest decodeOffsetFetch(wire::Reader &r, qint16 version);
struct FetchedOffset
{
    qint32 partition = 0;
    qint64 offset = -1;   // -1: nothing committed
    QString metadata;
    ErrorCode error = ErrorCode::None;
};
void encodeOffsetFetch(QByteArray &out, qint16 version, ErrorCode error,
                       const QList<QPair<QString, QList<FetchedOffset>>> &topics);

// ---- DescribeGroups (15) ----

struct DescribeGroupsRequest
{
    QStringList groups;
    bool includeAuthorizedOperations = false; // v3+; Depot has no ACLs to report
};
DescribeGroupsRequest decodeDescribeGroups(wire::Reader &r, qint16 version);
struct DescribedMember
{
    QString memberId;
    QString groupInstanceId; // null: none (v4+)
    QString clientId;
    QString clientHost;
    QByteArray metadata;   // of the protocol in use; empty unless Stable
    QByteArray assignment; // empty unless Stable
};
struct DescribedGroup
{
    ErrorCode error = ErrorCode::None;
    QString groupId;
    QString state; // Kafka's names: Empty, PreparingRebalance, CompletingRebalance, Stable, Dead
    QString protocolType;
    QString protocolData; // the protocol chosen, when Stable
    QList<DescribedMember> members;
};
void encodeDescribeGroups(QByteArray &out, qint16 version, const QList<DescribedGroup> &groups);

// ---- ListGroups (16) ----

// Versions 0-2 have an empty request body.
struct ListGroupsRequest
{
};
ListGroupsRequest decodeListGroups(wire::Reader &r, qint16 version);
struct ListedGroup
{
    QString groupId;
    QString protocolType;
};
void encodeListGroups(QByteArray &out, qint16 version, ErrorCode error, const QList<ListedGroup> &groups);

} // namespace depot::kafka
