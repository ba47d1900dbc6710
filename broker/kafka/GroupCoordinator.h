#pragma once

// GroupCoordinator: Kafka's classic consumer group protocol, as the group
// coordinator of a one-broker cluster runs it (Kafka's GroupCoordinator and
// GroupMetadata states): Empty → PreparingRebalance (members (re)join) →
// CompletingRebalance (the leader's SyncGroup is awaited) → Stable. Joins
// and syncs are answered later, through the reply callbacks, when the
// rebalance gets that far; heartbeats tell members to rejoin; a member
// whose session runs out is removed and the group rebalances. Committed
// offsets are kept per group.
//
// Static membership (KIP-345: a member with a group.instance.id): a static
// member that joins again with no member id (a restarted consumer) takes
// over its old member, with a new member id, and while the group is Stable
// gets the current generation and its old assignment without a rebalance.
// A request naming the instance id with another member id than its current
// one is FENCED_INSTANCE_ID; LeaveGroup v3 removes a static member by
// instance id alone. As Kafka's GroupCoordinator does it.
//
// Time comes from a clock the owner passes (ms), and tick(now) runs the
// deadlines (session expiry, rebalance timeout), so tests drive it without
// waiting. The Kafka listener ticks it from a timer. Committed offsets
// are durable in the log engine (LogEngine::commitOffset); the broker core,
// which owns the coordinator beside the log engine, restores them into it at
// start. The Kafka listener and KafkaAdmin (the window, the HTTP API) share it.

#include "broker/kafka/codec/KafkaGroupMessages.h"

#include <QHash>
#include <QMap>
#include <QSet>
#include <QString>

#include <functional>
#include <vector>

namespace depot::log {
struct GroupOffset;
}

namespace depot::kafka {

class GroupCoordinator final
{
public:
    using JoinReply = std::function<void(const JoinGroupResponse &)>;
    using SyncReply = std::function<void(ErrorCode, const QByteArray &assignment)>;

    // Kafka's group.min.session.timeout.ms and group.max.session.timeout.ms.
    static constexpr qint32 MinSessionTimeoutMs = 6000;
    static constexpr qint32 MaxSessionTimeoutMs = 1800000;

    enum class State { Empty, PreparingRebalance, CompletingRebalance, Stable };

    // `clientHost`: the member's address as DescribeGroups reports it ("/127.0.0.1").
    void join(const JoinGroupRequest &request, qint16 version, const QString &clientId, qint64 now, JoinReply reply,
              const QString &clientHost = QString());
    void sync(const SyncGroupRequest &request, SyncReply reply);
    ErrorCode heartbeat(const HeartbeatRequest &request, qint64 now);
    // The group's error; each member's in `members` (the request's, answered).
    ErrorCode leave(const LeaveGroupRequest &request, QList<LeavingMember> *members, qint64 now);

    // Checks membership the way OffsetCommit must: a commit with generation
    // -1 and no member id is a "simple" commit, taken only while the group
    // has no members.
    ErrorCode checkCommit(const OffsetCommitRequest &request) const;
    void storeOffset(const QString &group, const QString &topic, qint32 partition, qint64 offset,
                     const QString &metadata);
    // The log engine's committed offsets, at start (LogEngine::committedOffsets).
    void restore(const QList<log::GroupOffset> &offsets);
    // -1 when nothing was committed.
    FetchedOffset committed(const QString &group, const QString &topic, qint32 partition) const;
    // Every partition the group has committed, by topic.
    QMap<QString, QList<qint32>> committedPartitions(const QString &group) const;

    // Runs what is due at `now`: members whose session ran out leave, and a
    // rebalance whose timeout passed completes without the members that did
    // not rejoin.
    void tick(qint64 now);

    // DescribeGroups: a group Depot does not know is described as Kafka
    // describes it, "Dead" with nothing in it and no error. Members carry
    // their metadata and assignment only while the group is Stable.
    DescribedGroup describe(const QString &group) const;
    // ListGroups: every group, with members or only committed offsets.
    QList<ListedGroup> list() const;
    static QString stateName(State state);

    // Whether the group exists (members, or committed offsets).
    bool contains(const QString &group) const { return m_groups.contains(group); }
    // Forgets a group that has no members (false, nothing done, while it has
    // some), with its committed offsets.
    bool removeGroup(const QString &group);

    // For tests, KafkaAdmin and the window.
    State state(const QString &group) const;
    qint32 generation(const QString &group) const;
    QStringList members(const QString &group) const;

private:
    struct Member
    {
        QString id;
        QString clientId;
        QString clientHost;
        QString groupInstanceId;
        qint32 sessionTimeoutMs = 0;
        qint32 rebalanceTimeoutMs = 0;
        QList<JoinProtocol> protocols;
        QByteArray assignment;
        qint64 lastHeartbeat = 0;
        JoinReply joinReply;   // set while its JoinGroup waits
        SyncReply syncReply;   // set while its SyncGroup waits
    };
    struct Offset
    {
        qint64 offset = -1;
        QString metadata;
    };
    struct Group
    {
        State state = State::Empty;
        qint32 generation = 0;
        QString protocolType;
        QString protocol;
        QString leader;
        std::vector<Member> members;   // in join order: the first is the leader by default
        QSet<QString> pendingMemberIds;   // issued with MEMBER_ID_REQUIRED, not joined yet
        qint64 rebalanceDeadline = 0;
        QHash<QString, QString> staticMembers;   // group instance id → its current member id
        QHash<QPair<QString, qint32>, Offset> offsets;
    };

    Member *findMember(Group &group, const QString &id);
    // A request with `instanceId` and `memberId` comes from a member that a
    // newer one with the same instance id replaced.
    static bool fenced(const Group &group, const QString &instanceId, const QString &memberId);
    // A static member that joins again with no member id (join()).
    void rejoinStatic(Group &group, const JoinGroupRequest &request, const QString &clientId,
                      const QString &clientHost, qint64 now, JoinReply reply);
    // A known member joining again with unchanged protocols, answered with
    // the current generation (Kafka's rule); false when it must rebalance.
    bool rejoinWithoutRebalance(Group &group, Member &member, const JoinGroupRequest &request,
                                const QString &clientId, const QString &clientHost, qint64 now, JoinReply &reply);
    static QList<JoinMember> memberList(const Group &group);
    void updateMember(Member &member, const JoinGroupRequest &request, const QString &clientId,
                      const QString &clientHost, qint64 now);
    void prepareRebalance(Group &group, qint64 now);
    void maybeCompleteJoin(Group &group);
    void completeJoin(Group &group);
    void removeMember(Group &group, const QString &id, qint64 now);
    QString selectProtocol(const Group &group) const;

    QHash<QString, Group> m_groups;
    quint64 m_memberSerial = 0;
};

} // namespace depot::kafka
