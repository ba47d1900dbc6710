// The consumer group coordinator: members join (learning their id first on
// JoinGroup v4+), the group rebalances when one joins or leaves, the leader's
// assignment reaches every member through SyncGroup, heartbeats say when to
// rejoin, a silent member's session runs out, and offset commits are checked
// against membership and generation, as Kafka's coordinator does. Time is a
// number the test passes.

#include "broker/kafka/GroupCoordinator.h"

#include <QTest>

using namespace depot::kafka;

namespace {

JoinGroupRequest joinRequest(const QString &memberId, const QList<JoinProtocol> &protocols = {{QStringLiteral("range"), "m"}})
{
    JoinGroupRequest r;
    r.groupId = QStringLiteral("g");
    r.sessionTimeoutMs = 10000;
    r.rebalanceTimeoutMs = 30000;
    r.memberId = memberId;
    r.protocolType = QStringLiteral("consumer");
    r.protocols = protocols;
    return r;
}

struct JoinResult
{
    bool answered = false;
    JoinGroupResponse response;
};

} // namespace

class TstGroupCoordinator final : public QObject
{
    Q_OBJECT

private:
    // Joins with v5: the first answer is MEMBER_ID_REQUIRED with the id to use.
    QString memberIdFor(GroupCoordinator &c, const QString &client)
    {
        JoinResult first;
        c.join(joinRequest(QString()), 5, client, 0, [&](const JoinGroupResponse &r) {
            first = {true, r};
        });
        if (!first.answered || first.response.error != ErrorCode::MemberIdRequired)
            return {};
        return first.response.memberId;
    }

private slots:
    void describeAndListFollowTheGroupsState()
    {
        GroupCoordinator c;
        // A group nobody joined is "Dead" with nothing in it, and no error (Kafka's answer).
        const DescribedGroup unknown = c.describe(QStringLiteral("nobody-here"));
        QCOMPARE(unknown.error, ErrorCode::None);
        QCOMPARE(unknown.state, QStringLiteral("Dead"));
        QVERIFY(unknown.members.isEmpty());
        QVERIFY(c.list().isEmpty());

        const QString id = memberIdFor(c, QStringLiteral("client-a"));
        bool joined = false;
        c.join(joinRequest(id, {{QStringLiteral("range"), "range-meta"}, {QStringLiteral("roundrobin"), "rr-meta"}}),
               5, QStringLiteral("client-a"), 0, [&](const JoinGroupResponse &) { joined = true; },
               QStringLiteral("/127.0.0.1"));
        QVERIFY(joined);
        // Rebalancing: members are named, without metadata or assignment.
        DescribedGroup g = c.describe(QStringLiteral("g"));
        QCOMPARE(g.state, QStringLiteral("CompletingRebalance"));
        QCOMPARE(g.protocolType, QStringLiteral("consumer"));
        QVERIFY(g.protocolData.isEmpty());
        QCOMPARE(g.members.size(), 1);
        QCOMPARE(g.members[0].memberId, id);
        QCOMPARE(g.members[0].clientId, QStringLiteral("client-a"));
        QCOMPARE(g.members[0].clientHost, QStringLiteral("/127.0.0.1"));
        QVERIFY(g.members[0].metadata.isEmpty());
        QVERIFY(g.members[0].assignment.isEmpty());

        c.sync({QStringLiteral("g"), 1, id, QString(), {{id, QByteArray("t:0,1")}}}, [](ErrorCode, const QByteArray &) {});
        g = c.describe(QStringLiteral("g"));
        QCOMPARE(g.state, QStringLiteral("Stable"));
        QCOMPARE(g.protocolData, QStringLiteral("range"));
        QCOMPARE(g.members[0].metadata, QByteArray("range-meta")); // the chosen protocol's
        QCOMPARE(g.members[0].assignment, QByteArray("t:0,1"));

        // A group known only by its committed offsets is listed too, with no protocol type.
        c.storeOffset(QStringLiteral("simple"), QStringLiteral("t"), 0, 5, QString());
        const QList<ListedGroup> groups = c.list();
        QCOMPARE(groups.size(), 2);
        QCOMPARE(groups[0].groupId, QStringLiteral("g"));
        QCOMPARE(groups[0].protocolType, QStringLiteral("consumer"));
        QCOMPARE(groups[1].groupId, QStringLiteral("simple"));
        QVERIFY(groups[1].protocolType.isEmpty());
        QCOMPARE(c.describe(QStringLiteral("simple")).state, QStringLiteral("Empty"));
    }

    void aMemberLearnsItsIdThenJoinsAndLeads()
    {
        GroupCoordinator c;
        const QString id = memberIdFor(c, QStringLiteral("client-a"));
        QVERIFY(id.startsWith(QLatin1String("client-a-")));
        JoinResult joined;
        c.join(joinRequest(id), 5, QStringLiteral("client-a"), 0, [&](const JoinGroupResponse &r) { joined = {true, r}; });
        QVERIFY(joined.answered);   // the only member: the rebalance completes at once
        QCOMPARE(joined.response.error, ErrorCode::None);
        QCOMPARE(joined.response.generationId, 1);
        QCOMPARE(joined.response.leader, id);
        QCOMPARE(joined.response.protocolName, QStringLiteral("range"));
        QCOMPARE(joined.response.members.size(), 1);
        QCOMPARE(c.state(QStringLiteral("g")), GroupCoordinator::State::CompletingRebalance);

        ErrorCode synced = ErrorCode::UnknownServerError;
        QByteArray assignment;
        SyncGroupRequest sync{QStringLiteral("g"), 1, id, QString(), {{id, QByteArray("all of it")}}};
        c.sync(sync, [&](ErrorCode e, const QByteArray &a) { synced = e; assignment = a; });
        QCOMPARE(synced, ErrorCode::None);
        QCOMPARE(assignment, QByteArray("all of it"));
        QCOMPARE(c.state(QStringLiteral("g")), GroupCoordinator::State::Stable);
        QCOMPARE(c.heartbeat({QStringLiteral("g"), 1, id, QString()}, 1000), ErrorCode::None);
        QCOMPARE(c.heartbeat({QStringLiteral("g"), 0, id, QString()}, 1000), ErrorCode::IllegalGeneration);
        QCOMPARE(c.heartbeat({QStringLiteral("g"), 1, QStringLiteral("nobody"), QString()}, 1000),
                 ErrorCode::UnknownMemberId);
    }

    void aSecondMemberTriggersARebalanceBothRejoin()
    {
        GroupCoordinator c;
        JoinResult a1;
        c.join(joinRequest(QString()), 2, QStringLiteral("a"), 0, [&](const JoinGroupResponse &r) { a1 = {true, r}; });
        QVERIFY(a1.answered);   // v2: the id is generated and the join goes on
        const QString a = a1.response.memberId;
        c.sync({QStringLiteral("g"), 1, a, QString(), {{a, "p0,p1"}}}, [](ErrorCode, const QByteArray &) {});

        JoinResult b1;
        c.join(joinRequest(QString()), 2, QStringLiteral("b"), 100, [&](const JoinGroupResponse &r) { b1 = {true, r}; });
        QVERIFY(!b1.answered);   // waits for a to rejoin
        QCOMPARE(c.heartbeat({QStringLiteral("g"), 1, a, QString()}, 200), ErrorCode::RebalanceInProgress);
        JoinResult a2;
        c.join(joinRequest(a), 2, QStringLiteral("a"), 300, [&](const JoinGroupResponse &r) { a2 = {true, r}; });
        QVERIFY(a2.answered && b1.answered);
        QCOMPARE(a2.response.generationId, 2);
        QCOMPARE(b1.response.generationId, 2);
        QCOMPARE(a2.response.leader, a);   // the leader stays
        QCOMPARE(a2.response.members.size(), 2);
        QVERIFY(b1.response.members.isEmpty());   // only the leader gets the member list

        const QString b = b1.response.memberId;
        ErrorCode bSync = ErrorCode::UnknownServerError;
        QByteArray bAssignment;
        c.sync({QStringLiteral("g"), 2, b, QString(), {}}, [&](ErrorCode e, const QByteArray &x) { bSync = e; bAssignment = x; });
        QCOMPARE(bSync, ErrorCode::UnknownServerError);   // waits for the leader
        c.sync({QStringLiteral("g"), 2, a, QString(), {{a, "p0"}, {b, "p1"}}}, [](ErrorCode, const QByteArray &) {});
        QCOMPARE(bSync, ErrorCode::None);
        QCOMPARE(bAssignment, QByteArray("p1"));
    }

    // Kafka's doCurrentMemberJoinGroup: a follower of a Stable group that
    // joins again with the same protocols and metadata gets the current
    // generation back and nobody rebalances; changed metadata, or the
    // leader rejoining, starts a rebalance. While the leader's assignment is
    // awaited, a rejoin with the same metadata is answered at once too, the
    // leader with the member list again.
    void anUnchangedFollowerRejoinsWithoutARebalance()
    {
        GroupCoordinator c;
        JoinResult a1;
        c.join(joinRequest(QString()), 2, QStringLiteral("a"), 0, [&](const JoinGroupResponse &r) { a1 = {true, r}; });
        const QString a = a1.response.memberId;
        c.sync({QStringLiteral("g"), 1, a, QString(), {{a, "all"}}}, [](ErrorCode, const QByteArray &) {});
        JoinResult b1;
        c.join(joinRequest(QString()), 2, QStringLiteral("b"), 100, [&](const JoinGroupResponse &r) { b1 = {true, r}; });
        JoinResult a2;
        c.join(joinRequest(a), 2, QStringLiteral("a"), 200, [&](const JoinGroupResponse &r) { a2 = {true, r}; });
        QVERIFY(b1.answered && a2.answered);
        const QString b = b1.response.memberId;
        QCOMPARE(c.state(QStringLiteral("g")), GroupCoordinator::State::CompletingRebalance);

        // The leader joins again before assigning (it missed the answer):
        // the same generation, with the member list.
        JoinResult again;
        c.join(joinRequest(a), 2, QStringLiteral("a"), 250, [&](const JoinGroupResponse &r) { again = {true, r}; });
        QVERIFY(again.answered);
        QCOMPARE(again.response.error, ErrorCode::None);
        QCOMPARE(again.response.generationId, 2);
        QCOMPARE(again.response.members.size(), 2);
        QCOMPARE(c.state(QStringLiteral("g")), GroupCoordinator::State::CompletingRebalance);

        ErrorCode bSync = ErrorCode::UnknownServerError;
        QByteArray bAssignment;
        c.sync({QStringLiteral("g"), 2, b, QString(), {}}, [&](ErrorCode e, const QByteArray &x) { bSync = e; bAssignment = x; });
        c.sync({QStringLiteral("g"), 2, a, QString(), {{a, "p0"}, {b, "p1"}}}, [](ErrorCode, const QByteArray &) {});
        QCOMPARE(bSync, ErrorCode::None);
        QCOMPARE(c.state(QStringLiteral("g")), GroupCoordinator::State::Stable);

        // b rejoins unchanged: answered at once, generation 2, no member
        // list, and a is not asked to rejoin.
        JoinResult b2;
        c.join(joinRequest(b), 2, QStringLiteral("b"), 300, [&](const JoinGroupResponse &r) { b2 = {true, r}; });
        QVERIFY(b2.answered);
        QCOMPARE(b2.response.error, ErrorCode::None);
        QCOMPARE(b2.response.generationId, 2);
        QCOMPARE(b2.response.leader, a);
        QCOMPARE(b2.response.memberId, b);
        QVERIFY(b2.response.members.isEmpty());
        QCOMPARE(c.state(QStringLiteral("g")), GroupCoordinator::State::Stable);
        QCOMPARE(c.heartbeat({QStringLiteral("g"), 2, a, QString()}, 350), ErrorCode::None);
        // Its SyncGroup gets the assignment it had.
        c.sync({QStringLiteral("g"), 2, b, QString(), {}}, [&](ErrorCode e, const QByteArray &x) { bSync = e; bAssignment = x; });
        QCOMPARE(bSync, ErrorCode::None);
        QCOMPARE(bAssignment, QByteArray("p1"));

        // b rejoins with other metadata (it subscribed to another topic): a rebalance.
        JoinResult b3;
        c.join(joinRequest(b, {{QStringLiteral("range"), "other"}}), 2, QStringLiteral("b"), 400,
               [&](const JoinGroupResponse &r) { b3 = {true, r}; });
        QVERIFY(!b3.answered);
        QCOMPARE(c.state(QStringLiteral("g")), GroupCoordinator::State::PreparingRebalance);
        QCOMPARE(c.heartbeat({QStringLiteral("g"), 2, a, QString()}, 450), ErrorCode::RebalanceInProgress);
        JoinResult a3;
        c.join(joinRequest(a), 2, QStringLiteral("a"), 500, [&](const JoinGroupResponse &r) { a3 = {true, r}; });
        QVERIFY(a3.answered && b3.answered);
        QCOMPARE(a3.response.generationId, 3);
        c.sync({QStringLiteral("g"), 3, a, QString(), {{a, "p0"}, {b, "p1"}}}, [](ErrorCode, const QByteArray &) {});
        QCOMPARE(c.state(QStringLiteral("g")), GroupCoordinator::State::Stable);

        // The leader of a Stable group rejoining unchanged does rebalance:
        // that is how a client asks for a new assignment.
        JoinResult a4;
        c.join(joinRequest(a), 2, QStringLiteral("a"), 600, [&](const JoinGroupResponse &r) { a4 = {true, r}; });
        QVERIFY(!a4.answered);
        QCOMPARE(c.state(QStringLiteral("g")), GroupCoordinator::State::PreparingRebalance);
    }

    void leavingAndSilentMembersAreRemoved()
    {
        GroupCoordinator c;
        QString a, b;
        c.join(joinRequest(QString()), 2, QStringLiteral("a"), 0, [&](const JoinGroupResponse &r) { a = r.memberId; });
        c.sync({QStringLiteral("g"), 1, a, QString(), {{a, "x"}}}, [](ErrorCode, const QByteArray &) {});
        c.join(joinRequest(QString()), 2, QStringLiteral("b"), 0, [&](const JoinGroupResponse &r) { b = r.memberId; });
        c.join(joinRequest(a), 2, QStringLiteral("a"), 0, [](const JoinGroupResponse &) {});
        c.sync({QStringLiteral("g"), 2, a, QString(), {{a, "x"}, {b, "y"}}}, [](ErrorCode, const QByteArray &) {});
        QCOMPARE(c.members(QStringLiteral("g")).size(), 2);

        // b goes silent: its 10 s session ends; a must rejoin alone.
        c.heartbeat({QStringLiteral("g"), 2, a, QString()}, 9000);
        c.tick(10500);
        QCOMPARE(c.members(QStringLiteral("g")), QStringList{a});
        QCOMPARE(c.state(QStringLiteral("g")), GroupCoordinator::State::PreparingRebalance);
        JoinResult again;
        c.join(joinRequest(a), 2, QStringLiteral("a"), 11000, [&](const JoinGroupResponse &r) { again = {true, r}; });
        QVERIFY(again.answered);
        QCOMPARE(again.response.generationId, 3);

        QList<LeavingMember> left;
        c.leave({QStringLiteral("g"), {{a, QString()}}}, &left, 12000);
        QCOMPARE(left.last().error, ErrorCode::None);
        QCOMPARE(c.state(QStringLiteral("g")), GroupCoordinator::State::Empty);
        c.leave({QStringLiteral("g"), {{a, QString()}}}, &left, 12000);
        QCOMPARE(left.last().error, ErrorCode::UnknownMemberId);
    }

    void aRebalanceTimeoutDropsMembersThatDoNotRejoin()
    {
        GroupCoordinator c;
        QString a, b;
        c.join(joinRequest(QString()), 2, QStringLiteral("a"), 0, [&](const JoinGroupResponse &r) { a = r.memberId; });
        c.sync({QStringLiteral("g"), 1, a, QString(), {{a, "x"}}}, [](ErrorCode, const QByteArray &) {});
        JoinResult b1;
        c.join(joinRequest(QString()), 2, QStringLiteral("b"), 1000, [&](const JoinGroupResponse &r) { b1 = {true, r}; });
        // a keeps its session alive but never rejoins.
        for (qint64 t : {5000, 14000, 19000}) {
            c.heartbeat({QStringLiteral("g"), 1, a, QString()}, t);
            c.tick(t + 1000);
        }
        QVERIFY(!b1.answered);
        c.heartbeat({QStringLiteral("g"), 1, a, QString()}, 29000);
        c.tick(31001);   // past the 30 s rebalance timeout that began at 1 s
        QVERIFY(b1.answered);
        QCOMPARE(b1.response.leader, b1.response.memberId);
        QCOMPARE(c.members(QStringLiteral("g")), QStringList{b1.response.memberId});
    }

    void joinsThatCannotBeHonouredAreRefused()
    {
        GroupCoordinator c;
        JoinResult r;
        auto capture = [&](const JoinGroupResponse &x) { r = {true, x}; };
        JoinGroupRequest shortSession = joinRequest(QString());
        shortSession.sessionTimeoutMs = 100;
        c.join(shortSession, 2, QStringLiteral("a"), 0, capture);
        QCOMPARE(r.response.error, ErrorCode::InvalidSessionTimeout);
        c.join(joinRequest(QStringLiteral("made-up")), 5, QStringLiteral("a"), 0, capture);
        QCOMPARE(r.response.error, ErrorCode::UnknownMemberId);
        c.join(joinRequest(QString()), 2, QStringLiteral("a"), 0, capture);
        QCOMPARE(r.response.error, ErrorCode::None);
        c.join(joinRequest(QString(), {{QStringLiteral("roundrobin"), "m"}}), 2, QStringLiteral("b"), 0, capture);
        QCOMPARE(r.response.error, ErrorCode::InconsistentGroupProtocol);
    }

    void theMostVotedSharedProtocolWins()
    {
        GroupCoordinator c;
        QString a;
        const QList<JoinProtocol> aPrefs{{QStringLiteral("cooperative-sticky"), "c"}, {QStringLiteral("range"), "r"}};
        const QList<JoinProtocol> bPrefs{{QStringLiteral("range"), "r"}};
        JoinResult a1;
        c.join(joinRequest(QString(), aPrefs), 2, QStringLiteral("a"), 0, [&](const JoinGroupResponse &r) { a1 = {true, r}; });
        QCOMPARE(a1.response.protocolName, QStringLiteral("cooperative-sticky"));
        a = a1.response.memberId;
        JoinResult b1, a2;
        c.join(joinRequest(QString(), bPrefs), 2, QStringLiteral("b"), 0, [&](const JoinGroupResponse &r) { b1 = {true, r}; });
        c.join(joinRequest(a, aPrefs), 2, QStringLiteral("a"), 0, [&](const JoinGroupResponse &r) { a2 = {true, r}; });
        QCOMPARE(a2.response.protocolName, QStringLiteral("range"));   // the only one both speak
        QCOMPARE(a2.response.members[0].metadata, QByteArray("r"));
    }

    void commitsAreCheckedAgainstMembership()
    {
        GroupCoordinator c;
        OffsetCommitRequest simple;
        simple.groupId = QStringLiteral("g");
        QCOMPARE(c.checkCommit(simple), ErrorCode::None);   // no members: a simple commit
        c.storeOffset(QStringLiteral("g"), QStringLiteral("t"), 0, 42, QStringLiteral("md"));
        QCOMPARE(c.committed(QStringLiteral("g"), QStringLiteral("t"), 0).offset, qint64(42));
        QCOMPARE(c.committed(QStringLiteral("g"), QStringLiteral("t"), 1).offset, qint64(-1));
        QCOMPARE(c.committedPartitions(QStringLiteral("g")).value(QStringLiteral("t")), QList<qint32>{0});

        QString a;
        c.join(joinRequest(QString()), 2, QStringLiteral("a"), 0, [&](const JoinGroupResponse &r) { a = r.memberId; });
        OffsetCommitRequest member;
        member.groupId = QStringLiteral("g");
        member.memberId = a;
        member.generationId = 1;
        QCOMPARE(c.checkCommit(member), ErrorCode::RebalanceInProgress);   // before its sync
        c.sync({QStringLiteral("g"), 1, a, QString(), {{a, "x"}}}, [](ErrorCode, const QByteArray &) {});
        QCOMPARE(c.checkCommit(member), ErrorCode::None);
        member.generationId = 7;
        QCOMPARE(c.checkCommit(member), ErrorCode::IllegalGeneration);
        member.memberId = QStringLiteral("stranger");
        QCOMPARE(c.checkCommit(member), ErrorCode::UnknownMemberId);
        QCOMPARE(c.checkCommit(simple), ErrorCode::IllegalGeneration);   // members now: no simple commits
    }

    // A static member (group.instance.id) restarted within its session
    // takes its old place: a new member id, the current generation and its
    // old assignment, and no rebalance for the others.
    void aStaticMemberRejoinsWithoutARebalance()
    {
        GroupCoordinator c;
        const auto staticJoin = [&](const QString &memberId, const QString &instance, qint64 now, JoinResult *out) {
            JoinGroupRequest r = joinRequest(memberId);
            r.groupInstanceId = instance;
            c.join(r, 5, instance, now, [out](const JoinGroupResponse &resp) { *out = {true, resp}; });
        };
        // Static members learn their id on the first join (no MEMBER_ID_REQUIRED round).
        JoinResult a1, b1;
        staticJoin(QString(), QStringLiteral("inst-a"), 0, &a1);
        QVERIFY(a1.answered);
        QCOMPARE(a1.response.error, ErrorCode::None);
        QVERIFY(a1.response.memberId.startsWith(QStringLiteral("inst-a-")));
        const QString a = a1.response.memberId;
        c.sync({QStringLiteral("g"), 1, a, QStringLiteral("inst-a"), {{a, "A"}}}, [](ErrorCode, const QByteArray &) {});
        staticJoin(QString(), QStringLiteral("inst-b"), 100, &b1);
        JoinResult a2;
        staticJoin(a, QStringLiteral("inst-a"), 200, &a2);
        QVERIFY(a2.answered && b1.answered);
        QCOMPARE(a2.response.generationId, 2);
        QCOMPARE(a2.response.members.size(), 2);
        QCOMPARE(a2.response.members[1].groupInstanceId, QStringLiteral("inst-b"));
        const QString b = b1.response.memberId;
        QByteArray bAssignment;
        c.sync({QStringLiteral("g"), 2, b, QStringLiteral("inst-b"), {}},
            [&](ErrorCode, const QByteArray &x) { bAssignment = x; });
        c.sync({QStringLiteral("g"), 2, a, QStringLiteral("inst-a"), {{a, "A2"}, {b, "B2"}}},
            [](ErrorCode, const QByteArray &) {});
        QCOMPARE(bAssignment, QByteArray("B2"));
        QCOMPARE(c.state(QStringLiteral("g")), GroupCoordinator::State::Stable);

        // b restarts: it joins with no member id and the same instance id.
        JoinResult b2;
        staticJoin(QString(), QStringLiteral("inst-b"), 3000, &b2);
        QVERIFY(b2.answered);
        QCOMPARE(b2.response.error, ErrorCode::None);
        QCOMPARE(b2.response.generationId, 2);
        QCOMPARE(b2.response.leader, a);
        QVERIFY(b2.response.members.isEmpty());
        const QString b2id = b2.response.memberId;
        QVERIFY(b2id != b);
        QCOMPARE(c.state(QStringLiteral("g")), GroupCoordinator::State::Stable);
        QCOMPARE(c.generation(QStringLiteral("g")), 2);
        QByteArray again;
        ErrorCode syncError = ErrorCode::UnknownServerError;
        c.sync({QStringLiteral("g"), 2, b2id, QStringLiteral("inst-b"), {}}, [&](ErrorCode e, const QByteArray &x) {
            syncError = e;
            again = x;
        });
        QCOMPARE(syncError, ErrorCode::None);
        QCOMPARE(again, QByteArray("B2"));
        // a was not asked to rejoin.
        QCOMPARE(c.heartbeat({QStringLiteral("g"), 2, a, QStringLiteral("inst-a")}, 3100), ErrorCode::None);

        // The old b (its id replaced) is fenced everywhere.
        QCOMPARE(c.heartbeat({QStringLiteral("g"), 2, b, QStringLiteral("inst-b")}, 3200), ErrorCode::FencedInstanceId);
        ErrorCode oldSync = ErrorCode::None;
        c.sync({QStringLiteral("g"), 2, b, QStringLiteral("inst-b"), {}}, [&](ErrorCode e, const QByteArray &) { oldSync = e; });
        QCOMPARE(oldSync, ErrorCode::FencedInstanceId);
        JoinResult oldJoin;
        staticJoin(b, QStringLiteral("inst-b"), 3300, &oldJoin);
        QCOMPARE(oldJoin.response.error, ErrorCode::FencedInstanceId);
        OffsetCommitRequest commit;
        commit.groupId = QStringLiteral("g");
        commit.generationId = 2;
        commit.memberId = b;
        commit.groupInstanceId = QStringLiteral("inst-b");
        QCOMPARE(c.checkCommit(commit), ErrorCode::FencedInstanceId);
        commit.memberId = b2id;
        QCOMPARE(c.checkCommit(commit), ErrorCode::None);
        QCOMPARE(c.describe(QStringLiteral("g")).members[1].groupInstanceId, QStringLiteral("inst-b"));

        // LeaveGroup v3 by instance id alone (an administrator's removal):
        // the member goes and the group rebalances; a fenced id is refused.
        QList<LeavingMember> left;
        c.leave({QStringLiteral("g"),
                    {{QString(), QStringLiteral("inst-b")}, {b, QStringLiteral("inst-a")}, {QString(), QStringLiteral("nobody")}}},
            &left, 4000);
        QCOMPARE(left.size(), 3);
        QCOMPARE(left[0].error, ErrorCode::None);
        QCOMPARE(left[1].error, ErrorCode::FencedInstanceId);
        QCOMPARE(left[2].error, ErrorCode::UnknownMemberId);
        QCOMPARE(left[2].groupInstanceId, QStringLiteral("nobody"));
        QCOMPARE(c.members(QStringLiteral("g")), QStringList{a});
        QCOMPARE(c.state(QStringLiteral("g")), GroupCoordinator::State::PreparingRebalance);
        // The removed instance id is unknown now: joining with the old id is refused.
        JoinResult gone;
        staticJoin(b2id, QStringLiteral("inst-b"), 4100, &gone);
        QCOMPARE(gone.response.error, ErrorCode::UnknownMemberId);
    }

    // A static member whose session ran out is gone: its next join, with no
    // member id, is a new member and the group rebalances.
    void aStaticMemberPastItsSessionRejoinsAsNew()
    {
        GroupCoordinator c;
        JoinGroupRequest r = joinRequest(QString());
        r.groupInstanceId = QStringLiteral("inst");
        JoinResult first;
        c.join(r, 5, QStringLiteral("c"), 0, [&](const JoinGroupResponse &x) { first = {true, x}; });
        c.sync({QStringLiteral("g"), 1, first.response.memberId, QStringLiteral("inst"), {}}, [](ErrorCode, const QByteArray &) {});
        c.tick(10001);
        QVERIFY(c.members(QStringLiteral("g")).isEmpty());
        JoinResult second;
        c.join(r, 5, QStringLiteral("c"), 20000, [&](const JoinGroupResponse &x) { second = {true, x}; });
        QVERIFY(second.answered);
        QCOMPARE(second.response.generationId, 3);
        QCOMPARE(second.response.leader, second.response.memberId);
    }
};

QTEST_APPLESS_MAIN(TstGroupCoordinator)
#include "tst_groupcoordinator.moc"
