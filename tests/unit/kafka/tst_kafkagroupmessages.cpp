// Consumer group requests and responses against an encoder nobody here
// wrote: the hex below is what kafka-python 2.0.2 (Debian's python3-kafka)
// encodes for the same fields (kafka.protocol.group / kafka.protocol.commit / kafka.protocol.admin; DescribeGroups v4 by hand from Kafka's message definition, which kafka-python lacks),
// so Depot must decode its requests to those fields and encode responses to
// those exact bytes.

#include "broker/kafka/codec/KafkaGroupMessages.h"

#include <QTest>

using namespace depot::kafka;

class TstKafkaGroupMessages final : public QObject
{
    Q_OBJECT

private slots:
    void describeGroupsV1AndV3()
    {
        const QByteArray v1Request = QByteArray::fromHex("000000020002673100026778");
        wire::Reader r(v1Request);
        const DescribeGroupsRequest request = decodeDescribeGroups(r, 1);
        QVERIFY2(!r.failed() && r.atEnd(), qPrintable(r.error()));
        QCOMPARE(request.groups, QStringList({QStringLiteral("g1"), QStringLiteral("gx")}));
        const QByteArray v3Request = QByteArray::fromHex("000000010002673101");
        wire::Reader r3(v3Request);
        const DescribeGroupsRequest request3 = decodeDescribeGroups(r3, 3);
        QVERIFY2(!r3.failed() && r3.atEnd(), qPrintable(r3.error()));
        QVERIFY(request3.includeAuthorizedOperations);

        DescribedGroup stable;
        stable.groupId = QStringLiteral("g1");
        stable.state = QStringLiteral("Stable");
        stable.protocolType = QStringLiteral("consumer");
        stable.protocolData = QStringLiteral("range");
        stable.members = {{QStringLiteral("m-1"), QString(), QStringLiteral("rdkafka"), QStringLiteral("/127.0.0.1"),
                           QByteArray("md"), QByteArray("as")}};
        DescribedGroup dead;
        dead.groupId = QStringLiteral("gx");
        dead.state = QStringLiteral("Dead");
        QByteArray out;
        encodeDescribeGroups(out, 1, {stable, dead});
        QCOMPARE(out.toHex(),
                 QByteArray("00000000000000020000000267310006537461626c650008636f6e73756d6572000572616e67650000000100"
                            "036d2d31000772646b61666b61000a2f3132372e302e302e31000000026d640000000261730000000267780004"
                            "446561640000000000000000"));
        // v4: the member's group instance id (null here) after its id, and
        // v3+: authorized operations after the members (INT32 min: not known).
        out.clear();
        encodeDescribeGroups(out, 4, {stable});
        QCOMPARE(out.toHex(),
                 QByteArray("0000000000000001000000026731000653746162" "6c650008636f6e73756d6572000572616e676500000001"
                            "00036d2d31ffff000772646b61666b61000a2f3132372e302e302e31000000026d64000000026173"
                            "80000000"));
    }

    void listGroupsV0AndV1()
    {
        QByteArray out;
        encodeListGroups(out, 0, ErrorCode::None, {{QStringLiteral("g1"), QStringLiteral("consumer")}});
        QCOMPARE(out.toHex(), QByteArray("000000000001000267310008636f6e73756d6572"));
        out.clear();
        encodeListGroups(out, 1, ErrorCode::None,
                         {{QStringLiteral("g1"), QStringLiteral("consumer")}, {QStringLiteral("g2"), QString()}});
        QCOMPARE(out.toHex(), QByteArray("00000000000000000002000267310008636f6e73756d6572000267320000"));
    }

    void joinGroupV2()
    {
        const QByteArray rBytes = QByteArray::fromHex(
            "00026731000027100000753000000008636f6e73756d657200000001000572616e6765000000046d657461");
        wire::Reader r(rBytes);
        const JoinGroupRequest join = decodeJoinGroup(r, 2);
        QVERIFY2(!r.failed() && r.atEnd(), qPrintable(r.error()));
        QCOMPARE(join.groupId, QStringLiteral("g1"));
        QCOMPARE(join.sessionTimeoutMs, 10000);
        QCOMPARE(join.rebalanceTimeoutMs, 30000);
        QVERIFY(join.memberId.isEmpty());
        QCOMPARE(join.protocolType, QStringLiteral("consumer"));
        QCOMPARE(join.protocols.size(), 1);
        QCOMPARE(join.protocols[0].name, QStringLiteral("range"));
        QCOMPARE(join.protocols[0].metadata, QByteArray("meta"));

        JoinGroupResponse response;
        response.generationId = 1;
        response.protocolName = QStringLiteral("range");
        response.leader = QStringLiteral("m-1");
        response.memberId = QStringLiteral("m-1");
        response.members = {{QStringLiteral("m-1"), QString(), QByteArray("meta")}};
        QByteArray out;
        encodeJoinGroup(out, 2, response);
        QCOMPARE(out.toHex(), QByteArray("00000000000000000001000572616e676500036d2d3100036d2d310000000100036d2d31"
                                         "000000046d657461"));
    }

    void syncGroupV1()
    {
        const QByteArray rBytes = QByteArray::fromHex("000267310000000300036d2d310000000100036d2d310000000661737369676e");
        wire::Reader r(rBytes);
        const SyncGroupRequest sync = decodeSyncGroup(r, 1);
        QVERIFY(!r.failed() && r.atEnd());
        QCOMPARE(sync.generationId, 3);
        QCOMPARE(sync.memberId, QStringLiteral("m-1"));
        QCOMPARE(sync.assignments.size(), 1);
        QCOMPARE(sync.assignments[0].second, QByteArray("assign"));
        QByteArray out;
        encodeSyncGroup(out, 1, ErrorCode::None, "assign");
        QCOMPARE(out.toHex(), QByteArray("0000000000000000000661737369676e"));
    }

    void offsetCommitV2AndItsAnswer()
    {
        const QByteArray rBytes = QByteArray::fromHex(
            "000267310000000300036d2d31ffffffffffffffff000000010001740000000100000000000000000000002a00026d64");
        wire::Reader r(rBytes);
        const OffsetCommitRequest commit = decodeOffsetCommit(r, 2);
        QVERIFY2(!r.failed() && r.atEnd(), qPrintable(r.error()));
        QCOMPARE(commit.generationId, 3);
        QCOMPARE(commit.retentionTimeMs, qint64(-1));
        QCOMPARE(commit.topics.size(), 1);
        QCOMPARE(commit.topics[0].partitions[0].offset, qint64(42));
        QCOMPARE(commit.topics[0].partitions[0].metadata, QStringLiteral("md"));
        QByteArray out;
        encodeOffsetCommit(out, 3, {{QStringLiteral("t"), {PartitionError{0, ErrorCode::None}}}});
        QCOMPARE(out.toHex(), QByteArray("000000000000000100017400000001000000000000"));
    }

    void offsetFetchV1AndV3()
    {
        const QByteArray rBytes = QByteArray::fromHex("0002673100000001000174000000020000000000000001");
        wire::Reader r(rBytes);
        const OffsetFetchRequest fetch = decodeOffsetFetch(r, 1);
        QVERIFY(!r.failed() && r.atEnd());
        QVERIFY(fetch.topics);
        QCOMPARE(fetch.topics->at(0).second, (QList<qint32>{0, 1}));
        // v2+: a null topic list asks for everything the group committed; v1 has no null.
        const QByteArray allBytes = QByteArray::fromHex("00026731ffffffff");
        wire::Reader all(allBytes);
        QVERIFY(!decodeOffsetFetch(all, 2).topics);
        QVERIFY(!all.failed());
        const QByteArray oldBytes = QByteArray::fromHex("00026731ffffffff");
        wire::Reader old(oldBytes);
        decodeOffsetFetch(old, 1);
        QVERIFY(old.failed());

        QByteArray out;
        encodeOffsetFetch(out, 3, ErrorCode::None,
                          {{QStringLiteral("t"),
                            {FetchedOffset{0, 42, QStringLiteral("md"), ErrorCode::None},
                             FetchedOffset{1, -1, QStringLiteral(""), ErrorCode::None}}}});
        QCOMPARE(out.toHex(), QByteArray("00000000000000010001740000000200000000000000000000002a00026d640000000000"
                                         "01ffffffffffffffff000000000000"));
    }

    void heartbeatLeaveAndFindCoordinator()
    {
        QByteArray hb;
        encodeHeartbeat(hb, 1, ErrorCode::RebalanceInProgress);
        QCOMPARE(hb.toHex(), QByteArray("00000000001b"));
        QByteArray leave;
        encodeLeaveGroup(leave, 1, ErrorCode::None, {});
        QCOMPARE(leave.toHex(), QByteArray("000000000000"));
        const QByteArray lrBytes = QByteArray::fromHex("0002673100036d2d31");
        wire::Reader lr(lrBytes);
        const LeaveGroupRequest v1 = decodeLeaveGroup(lr, 1);
        QCOMPARE(v1.members.size(), 1);
        QCOMPARE(v1.members[0].memberId, QStringLiteral("m-1"));
        QVERIFY(lr.atEnd());
        // Before v3 a member's error is the answer's error.
        QByteArray leaveUnknown;
        encodeLeaveGroup(leaveUnknown, 1, ErrorCode::None, {{QStringLiteral("m-1"), QString(), ErrorCode::UnknownMemberId}});
        QCOMPARE(leaveUnknown.toHex(), QByteArray("000000000019"));
        // v3 (LeaveGroupRequest.json): members [MemberId, GroupInstanceId (nullable)].
        const QByteArray v3Bytes = QByteArray::fromHex("00026731" "00000002" "0000" "000169" "00036d2d31" "ffff");
        wire::Reader l3(v3Bytes);
        const LeaveGroupRequest v3 = decodeLeaveGroup(l3, 3);
        QVERIFY(l3.atEnd());
        QCOMPARE(v3.members.size(), 2);
        QVERIFY(v3.members[0].memberId.isEmpty());
        QCOMPARE(v3.members[0].groupInstanceId, QStringLiteral("i"));
        QCOMPARE(v3.members[1].memberId, QStringLiteral("m-1"));
        QVERIFY(v3.members[1].groupInstanceId.isNull());
        QByteArray leave3;
        encodeLeaveGroup(leave3, 3, ErrorCode::None, {{QStringLiteral(""), QStringLiteral("i"), ErrorCode::FencedInstanceId}});
        // throttle, error, members: [member id "", instance id "i", error 82]
        QCOMPARE(leave3.toHex(), QByteArray("00000000" "0000" "00000001" "0000" "000169" "0052"));

        const QByteArray frBytes = QByteArray::fromHex("0002673100");
        wire::Reader fr(frBytes);
        const FindCoordinatorRequest find = decodeFindCoordinator(fr, 1);
        QCOMPARE(find.key, QStringLiteral("g1"));
        QCOMPARE(find.keyType, qint8(0));
        QVERIFY(fr.atEnd());
        // v1 begins with the throttle time (FindCoordinatorResponse.json:
        // ThrottleTimeMs "versions": "1+"), then error, message, node, host, port.
        QByteArray out;
        encodeFindCoordinator(out, 1, Coordinator{ErrorCode::None, QString(), 0, QStringLiteral("127.0.0.1"), 9092});
        QCOMPARE(out.toHex(), QByteArray("00000000" "0000" "ffff" "00000000" "0009" "3132372e302e302e31" "00002384"));
    }
};

QTEST_APPLESS_MAIN(TstKafkaGroupMessages)
#include "tst_kafkagroupmessages.moc"
