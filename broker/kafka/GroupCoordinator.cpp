#include "broker/kafka/GroupCoordinator.h"

#include "broker/log/LogEngine.h"

#include <QUuid>
#include <algorithm>

namespace depot::kafka {

GroupCoordinator::Member *GroupCoordinator::findMember(Group &group, const QString &id)
{
    for (Member &m : group.members)
        if (m.id == id)
            return &m;
    return nullptr;
}

void GroupCoordinator::join(const JoinGroupRequest &request, qint16 version, const QString &clientId, qint64 now,
    JoinReply reply, const QString &clientHost)
{
    JoinGroupResponse refused;
    refused.memberId = request.memberId;
    if (request.groupId.isEmpty()) {
        refused.error = ErrorCode::InvalidGroupId;
        reply(refused);
        return;
    }
    if (request.sessionTimeoutMs < MinSessionTimeoutMs || request.sessionTimeoutMs > MaxSessionTimeoutMs) {
        refused.error = ErrorCode::InvalidSessionTimeout;
        reply(refused);
        return;
    }
    Group &group = m_groups[request.groupId];
    if (request.protocolType.isEmpty() || request.protocols.isEmpty()) {
        refused.error = ErrorCode::InconsistentGroupProtocol;
        reply(refused);
        return;
    }
    if (!group.members.empty()) {
        // Every member must share the protocol type and at least one protocol.
        bool shared = request.protocolType == group.protocolType;
        if (shared) {
            shared = false;
            for (const JoinProtocol &mine : request.protocols) {
                const bool everyone = std::all_of(group.members.begin(), group.members.end(), [&](const Member &m) {
                    return m.id == request.memberId
                        || std::any_of(m.protocols.begin(), m.protocols.end(),
                            [&](const JoinProtocol &p) { return p.name == mine.name; });
                });
                shared = shared || everyone;
            }
        }
        if (!shared) {
            refused.error = ErrorCode::InconsistentGroupProtocol;
            reply(refused);
            return;
        }
    }

    const bool isStatic = !request.groupInstanceId.isEmpty();
    QString memberId = request.memberId;
    if (memberId.isEmpty() && isStatic && findMember(group, group.staticMembers.value(request.groupInstanceId))) {
        rejoinStatic(group, request, clientId, clientHost, now, std::move(reply));
        return;
    }
    if (!memberId.isEmpty() && fenced(group, request.groupInstanceId, memberId)) {
        // Another member took this instance id over: this one must stop.
        refused.error = ErrorCode::FencedInstanceId;
        reply(refused);
        return;
    }
    if (memberId.isEmpty()) {
        // Kafka's form: the instance id (else the client id), "-", a UUID.
        const QString prefix
            = isStatic ? request.groupInstanceId : (clientId.isEmpty() ? QStringLiteral("depot") : clientId);
        memberId = prefix + QLatin1Char('-') + QUuid::createUuid().toString(QUuid::WithoutBraces);
        if (version >= 4 && !isStatic) {
            // KIP-394: the member learns its id first and joins with it.
            group.pendingMemberIds.insert(memberId);
            refused.error = ErrorCode::MemberIdRequired;
            refused.memberId = memberId;
            reply(refused);
            return;
        }
    } else if ((!findMember(group, memberId) && !group.pendingMemberIds.contains(memberId))
        || (isStatic && !group.staticMembers.contains(request.groupInstanceId))) {
        // An id Depot does not know, or a static member's instance id that
        // is not in the group (it expired or left): join again without one.
        refused.error = ErrorCode::UnknownMemberId;
        reply(refused);
        return;
    }
    group.pendingMemberIds.remove(memberId);

    Member *member = findMember(group, memberId);
    if (member && !member->joinReply && rejoinWithoutRebalance(group, *member, request, clientId, clientHost, now, reply))
        return;
    if (!member) {
        group.members.push_back(Member{});
        member = &group.members.back();
        member->id = memberId;
    } else if (member->joinReply) {
        // A second JoinGroup while the first waits: the first is answered
        // as superseded, as Kafka does.
        JoinGroupResponse superseded;
        superseded.error = ErrorCode::UnknownMemberId;
        superseded.memberId = memberId;
        std::exchange(member->joinReply, nullptr)(superseded);
    }
    updateMember(*member, request, clientId, clientHost, now);
    if (isStatic)
        group.staticMembers.insert(request.groupInstanceId, memberId);
    member->joinReply = std::move(reply);
    group.protocolType = request.protocolType;

    if (group.state != State::PreparingRebalance)
        prepareRebalance(group, now);
    maybeCompleteJoin(group);
}

bool GroupCoordinator::rejoinWithoutRebalance(Group &group, Member &member, const JoinGroupRequest &request,
    const QString &clientId, const QString &clientHost, qint64 now, JoinReply &reply)
{
    // Kafka's doCurrentMemberJoinGroup: a member that joins again with the
    // same protocols and metadata (it missed the answer, or its client
    // rejoins after a hiccup) gets the current generation back instead of
    // starting a rebalance, except the leader of a Stable group, whose
    // rejoin is how a client asks for a new assignment (topic metadata
    // changed without its own metadata changing). While the leader's
    // assignment is awaited, the leader gets the member list again.
    const bool sameProtocols = member.protocols.size() == request.protocols.size()
        && std::equal(member.protocols.begin(), member.protocols.end(), request.protocols.begin(),
            [](const JoinProtocol &a, const JoinProtocol &b) { return a.name == b.name && a.metadata == b.metadata; });
    const bool leader = member.id == group.leader;
    const bool answer = sameProtocols
        && ((group.state == State::Stable && !leader) || group.state == State::CompletingRebalance);
    if (!answer)
        return false;
    updateMember(member, request, clientId, clientHost, now);
    JoinGroupResponse response;
    response.generationId = group.generation;
    response.protocolName = group.protocol;
    response.leader = group.leader;
    response.memberId = member.id;
    if (leader)
        response.members = memberList(group);
    reply(response);
    return true;
}

void GroupCoordinator::updateMember(Member &member, const JoinGroupRequest &request, const QString &clientId,
    const QString &clientHost, qint64 now)
{
    member.clientId = clientId;
    member.clientHost = clientHost;
    member.groupInstanceId = request.groupInstanceId;
    member.sessionTimeoutMs = request.sessionTimeoutMs;
    member.rebalanceTimeoutMs = request.rebalanceTimeoutMs > 0 ? request.rebalanceTimeoutMs : request.sessionTimeoutMs;
    member.protocols = request.protocols;
    member.lastHeartbeat = now;
}

bool GroupCoordinator::fenced(const Group &group, const QString &instanceId, const QString &memberId)
{
    if (instanceId.isEmpty())
        return false;
    const auto current = group.staticMembers.constFind(instanceId);
    return current != group.staticMembers.constEnd() && *current != memberId;
}

void GroupCoordinator::rejoinStatic(Group &group, const JoinGroupRequest &request, const QString &clientId,
    const QString &clientHost, qint64 now, JoinReply reply)
{
    // Kafka's updateStaticMemberAndRebalance: the old member becomes this
    // one under a new id, keeping its assignment; whatever the old one
    // still waits for is answered FENCED_INSTANCE_ID.
    const QString oldId = group.staticMembers.value(request.groupInstanceId);
    Member *member = findMember(group, oldId);
    const QString newId
        = request.groupInstanceId + QLatin1Char('-') + QUuid::createUuid().toString(QUuid::WithoutBraces);
    JoinGroupResponse fencedAnswer;
    fencedAnswer.error = ErrorCode::FencedInstanceId;
    fencedAnswer.memberId = oldId;
    if (member->joinReply)
        std::exchange(member->joinReply, nullptr)(fencedAnswer);
    if (member->syncReply)
        std::exchange(member->syncReply, nullptr)(ErrorCode::FencedInstanceId, QByteArray());
    const QString oldLeader = group.leader;
    member->id = newId;
    if (group.leader == oldId)
        group.leader = newId;
    group.staticMembers.insert(request.groupInstanceId, newId);
    updateMember(*member, request, clientId, clientHost, now);

    switch (group.state) {
    case State::Stable:
        if (selectProtocol(group) == group.protocol) {
            // No rebalance: the current generation, with the old leader's
            // id, so that a member that led does not assign again in a
            // Stable group (whose SyncGroup would hand nothing out).
            JoinGroupResponse response;
            response.generationId = group.generation;
            response.protocolName = group.protocol;
            response.leader = oldLeader;
            response.memberId = newId;
            reply(response);
            return;
        }
        break;
    case State::CompletingRebalance:
        // The leader may be assigning to the old id: rebalance again.
        break;
    case State::PreparingRebalance:
    case State::Empty:
        break;
    }
    member->joinReply = std::move(reply);
    if (group.state != State::PreparingRebalance)
        prepareRebalance(group, now);
    maybeCompleteJoin(group);
}

void GroupCoordinator::prepareRebalance(Group &group, qint64 now)
{
    // Members waiting for the leader's assignment learn that it will not come.
    for (Member &m : group.members)
        if (m.syncReply)
            std::exchange(m.syncReply, nullptr)(ErrorCode::RebalanceInProgress, QByteArray());
    qint32 timeout = 0;
    for (const Member &m : group.members)
        timeout = qMax(timeout, m.rebalanceTimeoutMs);
    group.state = State::PreparingRebalance;
    group.rebalanceDeadline = now + timeout;
}

void GroupCoordinator::maybeCompleteJoin(Group &group)
{
    if (group.state != State::PreparingRebalance)
        return;
    const bool all
        = std::all_of(group.members.begin(), group.members.end(), [](const Member &m) { return bool(m.joinReply); });
    if (all)
        completeJoin(group);
}

QString GroupCoordinator::selectProtocol(const Group &group) const
{
    // Candidates: protocols every member supports. Each member votes for
    // its most preferred candidate; the most votes win (ties: the first in
    // the leader's order), as Kafka selects.
    if (group.members.empty())
        return {};
    QStringList candidates;
    for (const JoinProtocol &p : group.members.front().protocols) {
        const bool everyone = std::all_of(group.members.begin(), group.members.end(), [&](const Member &m) {
            return std::any_of(
                m.protocols.begin(), m.protocols.end(), [&](const JoinProtocol &q) { return q.name == p.name; });
        });
        if (everyone)
            candidates << p.name;
    }
    QHash<QString, int> votes;
    for (const Member &m : group.members) {
        for (const JoinProtocol &p : m.protocols) {
            if (candidates.contains(p.name)) {
                ++votes[p.name];
                break;
            }
        }
    }
    QString best;
    for (const QString &c : candidates)
        if (best.isEmpty() || votes.value(c) > votes.value(best))
            best = c;
    return best;
}

QList<JoinMember> GroupCoordinator::memberList(const Group &group)
{
    // What the leader assigns from: each member with its metadata for the
    // chosen protocol.
    QList<JoinMember> all;
    for (const Member &m : group.members) {
        for (const JoinProtocol &p : m.protocols)
            if (p.name == group.protocol)
                all.append({m.id, m.groupInstanceId, p.metadata});
    }
    return all;
}

void GroupCoordinator::completeJoin(Group &group)
{
    // Members that did not rejoin in time are out.
    for (const Member &m : group.members)
        if (!m.joinReply && !m.groupInstanceId.isEmpty())
            group.staticMembers.remove(m.groupInstanceId);
    group.members.erase(
        std::remove_if(group.members.begin(), group.members.end(), [](const Member &m) { return !m.joinReply; }),
        group.members.end());
    ++group.generation;
    if (group.members.empty()) {
        group.state = State::Empty;
        group.leader.clear();
        group.protocol.clear();
        return;
    }
    if (!findMember(group, group.leader))
        group.leader = group.members.front().id;
    group.protocol = selectProtocol(group);
    group.state = State::CompletingRebalance;
    const QList<JoinMember> all = memberList(group);
    // Answered after the loop: a reply may run code that joins again.
    std::vector<std::pair<JoinReply, JoinGroupResponse>> replies;
    for (Member &m : group.members) {
        JoinGroupResponse response;
        response.generationId = group.generation;
        response.protocolName = group.protocol;
        response.leader = group.leader;
        response.memberId = m.id;
        if (m.id == group.leader)
            response.members = all;
        m.assignment.clear();
        replies.emplace_back(std::exchange(m.joinReply, nullptr), response);
    }
    for (auto &[reply, response] : replies)
        reply(response);
}

void GroupCoordinator::sync(const SyncGroupRequest &request, SyncReply reply)
{
    const auto it = m_groups.find(request.groupId);
    if (it != m_groups.end() && fenced(*it, request.groupInstanceId, request.memberId)) {
        reply(ErrorCode::FencedInstanceId, QByteArray());
        return;
    }
    Member *member = it == m_groups.end() ? nullptr : findMember(*it, request.memberId);
    if (!member) {
        reply(ErrorCode::UnknownMemberId, QByteArray());
        return;
    }
    Group &group = *it;
    if (request.generationId != group.generation) {
        reply(ErrorCode::IllegalGeneration, QByteArray());
        return;
    }
    switch (group.state) {
    case State::Empty:
        reply(ErrorCode::UnknownMemberId, QByteArray());
        return;
    case State::PreparingRebalance:
        reply(ErrorCode::RebalanceInProgress, QByteArray());
        return;
    case State::Stable:
        reply(ErrorCode::None, member->assignment);
        return;
    case State::CompletingRebalance:
        break;
    }
    member->syncReply = std::move(reply);
    if (request.memberId != group.leader)
        return; // answered when the leader's assignment arrives
    for (Member &m : group.members) {
        m.assignment.clear();
        for (const auto &[id, assignment] : request.assignments)
            if (id == m.id)
                m.assignment = assignment;
    }
    group.state = State::Stable;
    std::vector<std::pair<SyncReply, QByteArray>> replies;
    for (Member &m : group.members)
        if (m.syncReply)
            replies.emplace_back(std::exchange(m.syncReply, nullptr), m.assignment);
    for (auto &[r, assignment] : replies)
        r(ErrorCode::None, assignment);
}

ErrorCode GroupCoordinator::heartbeat(const HeartbeatRequest &request, qint64 now)
{
    const auto it = m_groups.find(request.groupId);
    if (it != m_groups.end() && fenced(*it, request.groupInstanceId, request.memberId))
        return ErrorCode::FencedInstanceId;
    Member *member = it == m_groups.end() ? nullptr : findMember(*it, request.memberId);
    if (!member)
        return ErrorCode::UnknownMemberId;
    member->lastHeartbeat = now;
    if (it->state == State::PreparingRebalance)
        return ErrorCode::RebalanceInProgress;
    if (request.generationId != it->generation)
        return ErrorCode::IllegalGeneration;
    if (it->state == State::CompletingRebalance)
        return ErrorCode::RebalanceInProgress;
    return ErrorCode::None;
}

void GroupCoordinator::removeMember(Group &group, const QString &id, qint64 now)
{
    auto it = std::find_if(group.members.begin(), group.members.end(), [&](const Member &m) { return m.id == id; });
    if (it == group.members.end())
        return;
    if (it->joinReply) {
        JoinGroupResponse gone;
        gone.error = ErrorCode::UnknownMemberId;
        gone.memberId = id;
        std::exchange(it->joinReply, nullptr)(gone);
    }
    if (it->syncReply)
        std::exchange(it->syncReply, nullptr)(ErrorCode::UnknownMemberId, QByteArray());
    if (!it->groupInstanceId.isEmpty())
        group.staticMembers.remove(it->groupInstanceId);
    group.members.erase(it);
    if (group.state != State::PreparingRebalance)
        prepareRebalance(group, now);
    maybeCompleteJoin(group);
}

ErrorCode GroupCoordinator::leave(const LeaveGroupRequest &request, QList<LeavingMember> *members, qint64 now)
{
    // Kafka's handleLeaveGroup: each member on its own; an unknown group
    // answers every member UNKNOWN_MEMBER_ID.
    const auto it = m_groups.find(request.groupId);
    for (LeavingMember leaving : request.members) {
        if (it == m_groups.end()) {
            leaving.error = ErrorCode::UnknownMemberId;
        } else if (leaving.memberId.isEmpty()) {
            // An administrator removing a static member by its instance id.
            const QString current = leaving.groupInstanceId.isEmpty()
                ? QString()
                : it->staticMembers.value(leaving.groupInstanceId);
            if (current.isEmpty())
                leaving.error = ErrorCode::UnknownMemberId;
            else
                removeMember(*it, current, now);
        } else if (it->pendingMemberIds.remove(leaving.memberId)) {
            // Issued with MEMBER_ID_REQUIRED, never joined: forgotten.
        } else if (fenced(*it, leaving.groupInstanceId, leaving.memberId)) {
            leaving.error = ErrorCode::FencedInstanceId;
        } else if (findMember(*it, leaving.memberId)) {
            removeMember(*it, leaving.memberId, now);
        } else {
            leaving.error = ErrorCode::UnknownMemberId;
        }
        if (members)
            members->append(leaving);
    }
    return ErrorCode::None;
}

ErrorCode GroupCoordinator::checkCommit(const OffsetCommitRequest &request) const
{
    if (request.groupId.isEmpty())
        return ErrorCode::InvalidGroupId;
    const auto it = m_groups.constFind(request.groupId);
    const bool hasMembers = it != m_groups.constEnd() && !it->members.empty();
    if (request.generationId < 0 && request.memberId.isEmpty())
        return hasMembers ? ErrorCode::IllegalGeneration : ErrorCode::None; // a simple commit
    if (it != m_groups.constEnd() && fenced(*it, request.groupInstanceId, request.memberId))
        return ErrorCode::FencedInstanceId;
    if (!hasMembers)
        return ErrorCode::UnknownMemberId;
    const bool known = std::any_of(
        it->members.begin(), it->members.end(), [&](const Member &m) { return m.id == request.memberId; });
    if (!known)
        return ErrorCode::UnknownMemberId;
    if (request.generationId != it->generation)
        return ErrorCode::IllegalGeneration;
    if (it->state == State::PreparingRebalance || it->state == State::CompletingRebalance)
        return ErrorCode::RebalanceInProgress;
    return ErrorCode::None;
}

void GroupCoordinator::storeOffset(
    const QString &group, const QString &topic, qint32 partition, qint64 offset, const QString &metadata)
{
    m_groups[group].offsets.insert({topic, partition}, Offset{offset, metadata});
}

void GroupCoordinator::restore(const QList<log::GroupOffset> &offsets)
{
    for (const log::GroupOffset &o : offsets)
        storeOffset(o.group, o.topic, o.partition, o.offset, o.metadata);
}

bool GroupCoordinator::removeGroup(const QString &group)
{
    const auto it = m_groups.find(group);
    if (it == m_groups.end())
        return true;
    if (!it->members.empty())
        return false;
    m_groups.erase(it);
    return true;
}

FetchedOffset GroupCoordinator::committed(const QString &group, const QString &topic, qint32 partition) const
{
    FetchedOffset result;
    result.partition = partition;
    result.metadata = QStringLiteral("");
    const auto it = m_groups.constFind(group);
    if (it == m_groups.constEnd())
        return result;
    const auto offset = it->offsets.constFind({topic, partition});
    if (offset != it->offsets.constEnd()) {
        result.offset = offset->offset;
        result.metadata = offset->metadata.isNull() ? QStringLiteral("") : offset->metadata;
    }
    return result;
}

QMap<QString, QList<qint32>> GroupCoordinator::committedPartitions(const QString &group) const
{
    QMap<QString, QList<qint32>> out;
    const auto it = m_groups.constFind(group);
    if (it == m_groups.constEnd())
        return out;
    for (auto o = it->offsets.constBegin(); o != it->offsets.constEnd(); ++o)
        out[o.key().first].append(o.key().second);
    for (QList<qint32> &partitions : out)
        std::sort(partitions.begin(), partitions.end());
    return out;
}

void GroupCoordinator::tick(qint64 now)
{
    for (auto it = m_groups.begin(); it != m_groups.end(); ++it) {
        Group &group = *it;
        QStringList expired;
        for (const Member &m : group.members) {
            // A member waiting in a rebalance is not expected to heartbeat.
            if (!m.joinReply && m.lastHeartbeat + m.sessionTimeoutMs <= now)
                expired << m.id;
        }
        for (const QString &id : std::as_const(expired))
            removeMember(group, id, now);
        if (group.state == State::PreparingRebalance && now >= group.rebalanceDeadline)
            completeJoin(group);
    }
}

QString GroupCoordinator::stateName(State state)
{
    switch (state) {
    case State::Empty:
        return QStringLiteral("Empty");
    case State::PreparingRebalance:
        return QStringLiteral("PreparingRebalance");
    case State::CompletingRebalance:
        return QStringLiteral("CompletingRebalance");
    case State::Stable:
        return QStringLiteral("Stable");
    }
    return QString();
}

DescribedGroup GroupCoordinator::describe(const QString &groupId) const
{
    DescribedGroup d;
    d.groupId = groupId;
    const auto it = m_groups.constFind(groupId);
    if (it == m_groups.constEnd()) {
        d.state = QStringLiteral("Dead");
        return d;
    }
    const Group &group = *it;
    d.state = stateName(group.state);
    d.protocolType = group.protocolType;
    const bool stable = group.state == State::Stable;
    if (stable)
        d.protocolData = group.protocol;
    for (const Member &m : group.members) {
        DescribedMember dm;
        dm.memberId = m.id;
        dm.groupInstanceId = m.groupInstanceId;
        dm.clientId = m.clientId;
        dm.clientHost = m.clientHost;
        if (stable) {
            for (const JoinProtocol &p : m.protocols) {
                if (p.name == group.protocol)
                    dm.metadata = p.metadata;
            }
            dm.assignment = m.assignment;
        }
        d.members.append(dm);
    }
    return d;
}

QList<ListedGroup> GroupCoordinator::list() const
{
    QList<ListedGroup> out;
    for (auto it = m_groups.constBegin(); it != m_groups.constEnd(); ++it)
        out.append({it.key(), it->protocolType});
    std::sort(out.begin(), out.end(), [](const ListedGroup &a, const ListedGroup &b) { return a.groupId < b.groupId; });
    return out;
}

GroupCoordinator::State GroupCoordinator::state(const QString &group) const
{
    const auto it = m_groups.constFind(group);
    return it == m_groups.constEnd() ? State::Empty : it->state;
}

qint32 GroupCoordinator::generation(const QString &group) const
{
    const auto it = m_groups.constFind(group);
    return it == m_groups.constEnd() ? 0 : it->generation;
}

QStringList GroupCoordinator::members(const QString &group) const
{
    QStringList out;
    const auto it = m_groups.constFind(group);
    if (it != m_groups.constEnd())
        for (const Member &m : it->members)
            out << m.id;
    return out;
}

} // namespace depot::kafka
