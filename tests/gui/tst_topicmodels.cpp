// The Topics and Consumer groups tabs' models on their own: rates from
// successive snapshots (PartitionRates), topic and partition rows refreshed
// in place, records, groups, members and committed offsets as the tables
// show them.

#include "ui/models/TopicModels.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace depot;
using namespace depot::ui;

namespace {

kafka::TopicView topic(const QString &name, const QList<qint64> &ends, qint64 start = 0)
{
    kafka::TopicView t;
    t.name = name;
    for (qsizetype i = 0; i < ends.size(); ++i) {
        kafka::PartitionView p;
        p.partition = qint32(i);
        p.logStartOffset = start;
        p.highWatermark = ends.at(i);
        p.sizeBytes = 100 * ends.at(i);
        t.partitions.append(p);
    }
    return t;
}

} // namespace

class TestTopicModels final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void ratesAreOffsetDeltasPerSecond()
    {
        PartitionRates rates;
        rates.update({topic(QStringLiteral("orders"), {0, 0})}, 10'000);
        QCOMPARE(rates.rate(QStringLiteral("orders"), 0), 0.0);
        // A snapshot 250 ms later is no sample yet: one a second.
        rates.update({topic(QStringLiteral("orders"), {5, 0})}, 10'250);
        QVERIFY(rates.history(QStringLiteral("orders"), 0).isEmpty());
        rates.update({topic(QStringLiteral("orders"), {20, 4})}, 11'000);
        QCOMPARE(rates.rate(QStringLiteral("orders"), 0), 20.0);
        QCOMPARE(rates.rate(QStringLiteral("orders"), 1), 4.0);
        rates.update({topic(QStringLiteral("orders"), {30, 4})}, 13'000);   // 10 in 2 s
        QCOMPARE(rates.history(QStringLiteral("orders"), 0), (QList<double>{20.0, 5.0}));
        QCOMPARE(rates.topicRate(QStringLiteral("orders")), 5.0);
        QCOMPARE(rates.topicHistory(QStringLiteral("orders")), (QList<double>{24.0, 5.0}));
    }

    void ratesKeepAMinuteAndForgetDeletedTopics()
    {
        PartitionRates rates;
        for (int s = 0; s <= PartitionRates::HistoryLength + 10; ++s)
            rates.update({topic(QStringLiteral("t"), {qint64(s) * 3})}, qint64(s) * 1000);
        QCOMPARE(rates.history(QStringLiteral("t"), 0).size(), PartitionRates::HistoryLength);
        QCOMPARE(rates.rate(QStringLiteral("t"), 0), 3.0);
        // Deleted, then created again lower: no negative rate, history anew.
        rates.update({}, 100'000);
        QVERIFY(rates.history(QStringLiteral("t"), 0).isEmpty());
        rates.update({topic(QStringLiteral("t"), {0})}, 101'000);
        rates.update({topic(QStringLiteral("t"), {2})}, 102'000);
        QCOMPARE(rates.history(QStringLiteral("t"), 0), QList<double>{2.0});
    }

    void topicRowsUpdateInPlace()
    {
        TopicListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        PartitionRates rates;
        const QList<kafka::TopicView> first = {topic(QStringLiteral("audit"), {3}), topic(QStringLiteral("orders"), {4, 6}, 1)};
        rates.update(first, 0);
        model.update(first, rates);
        QCOMPARE(model.rowCount(), 2);
        const int orders = model.rowOf(QStringLiteral("orders"));
        QCOMPARE(model.index(orders, TopicListModel::Partitions).data().toString(), QStringLiteral("2"));
        QCOMPARE(model.index(orders, TopicListModel::Records).data().toString(), QStringLiteral("8"));   // 3 + 5
        QCOMPARE(model.index(orders, TopicListModel::Size).data(TopicListModel::SortRole).toLongLong(), 1000);

        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        const QList<kafka::TopicView> second = {topic(QStringLiteral("audit"), {3}), topic(QStringLiteral("orders"), {14, 6}, 1)};
        rates.update(second, 1000);
        model.update(second, rates);
        QCOMPARE(reset.size(), 0);
        QCOMPARE(removed.size(), 0);
        QCOMPARE(changed.size(), 1);   // orders only
        QCOMPARE(changed.first().at(0).toModelIndex().row(), orders);
        QCOMPARE(model.index(orders, TopicListModel::Records).data().toString(), QStringLiteral("18"));
        QCOMPARE(model.index(orders, TopicListModel::Rate).data().toString(), QStringLiteral("10"));
        QCOMPARE(model.index(orders, TopicListModel::Trend).data(TopicListModel::HistoryRole).value<QList<double>>(),
            QList<double>{10.0});

        model.update({topic(QStringLiteral("orders"), {14, 6}, 1)}, rates);
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.topicAt(0), QStringLiteral("orders"));
    }

    void partitionRows()
    {
        PartitionListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        PartitionRates rates;
        const kafka::TopicView t = topic(QStringLiteral("orders"), {10, 20}, 4);
        model.update(&t, rates);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.partitionAt(1), 1);
        QCOMPARE(model.index(1, PartitionListModel::Start).data().toString(), QStringLiteral("4"));
        QCOMPARE(model.index(1, PartitionListModel::End).data().toString(), QStringLiteral("20"));
        QCOMPARE(model.index(1, PartitionListModel::Records).data().toString(), QStringLiteral("16"));
        model.update(nullptr, rates);
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.partitionAt(0), -1);
    }

    void recordPreviews()
    {
        RecordListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        kafka::RecordView text;
        text.partition = 2;
        text.offset = 41;
        text.key = QByteArrayLiteral("order-7");
        text.value = QByteArrayLiteral("{\"id\":7,\n\"total\":12}");
        text.headers = {{QStringLiteral("trace"), QByteArrayLiteral("abc")}, {QStringLiteral("x"), std::nullopt}};
        kafka::RecordView tombstone;
        tombstone.offset = 42;
        kafka::RecordView binary;
        binary.offset = 43;
        binary.value = QByteArray("\xff\xfe\x00\x01", 4);
        model.setRecords({text, tombstone, binary});
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.index(0, RecordListModel::Key).data().toString(), QStringLiteral("order-7"));
        QCOMPARE(model.index(0, RecordListModel::Value).data().toString(), QStringLiteral("{\"id\":7, \"total\":12}"));
        QCOMPARE(model.index(0, RecordListModel::Headers).data().toInt(), 2);
        QCOMPARE(model.index(1, RecordListModel::Key).data().toString(), QStringLiteral("null"));
        QVERIFY(model.index(1, RecordListModel::Value).data().toString().contains(QStringLiteral("tombstone")));
        QVERIFY(model.index(2, RecordListModel::Value).data().toString().startsWith(QStringLiteral("binary")));
        QCOMPARE(model.rowOf(2, 41), 0);
        QCOMPARE(model.rowOf(0, 41), -1);
        const QString longText = RecordListModel::preview(QByteArray(500, 'a'), 120);
        QCOMPARE(longText.size(), 121);
        QVERIFY(longText.endsWith(u'…'));
    }

    void groupsMembersAndOffsets()
    {
        kafka::GroupView g;
        g.name = QStringLiteral("billing");
        g.state = QStringLiteral("Stable");
        kafka::GroupMemberView m;
        m.memberId = QStringLiteral("rdkafka-1");
        m.clientId = QStringLiteral("biller");
        m.clientHost = QStringLiteral("/127.0.0.1");
        m.assignment = {{QStringLiteral("orders"), {0, 1}}, {QStringLiteral("audit"), {0}}};
        g.members = {m};
        kafka::GroupOffsetView committed{QStringLiteral("orders"), 0, 5, {}, 0, 12, 7};
        kafka::GroupOffsetView none{QStringLiteral("orders"), 1, -1, {}, 0, 3, -1};
        g.offsets = {committed, none};
        g.totalLag = 7;

        GroupListModel groups;
        QAbstractItemModelTester tester(&groups, QAbstractItemModelTester::FailureReportingMode::QtTest);
        groups.update({g});
        QCOMPARE(groups.index(0, GroupListModel::State).data().toString(), QStringLiteral("Stable"));
        QCOMPARE(groups.index(0, GroupListModel::Members).data().toString(), QStringLiteral("1"));
        // The committed partition's 7 and the 3 records of the one assigned with no commit.
        QCOMPARE(groups.index(0, GroupListModel::Lag).data().toString(), QStringLiteral("10"));
        QCOMPARE(shownLag(g), 10);

        GroupMemberModel members;
        members.update(&g);
        QCOMPARE(members.index(0, GroupMemberModel::Assignment).data().toString(),
            QStringLiteral("orders: 0, 1; audit: 0"));
        QCOMPARE(members.index(0, GroupMemberModel::Host).data().toString(), QStringLiteral("/127.0.0.1"));
        QCOMPARE(members.index(0, GroupMemberModel::InstanceId).data().toString(), QString());
        // A static member's group.instance.id has a column of its own; the
        // member id column holds the id alone.
        kafka::GroupMemberView fixed = m;
        fixed.memberId = QStringLiteral("worker-1-0b6f");
        fixed.groupInstanceId = QStringLiteral("worker-1");
        g.members = {m, fixed};
        members.update(&g);
        QCOMPARE(members.rowCount(), 2);
        int row = -1;
        for (int r = 0; r < members.rowCount(); ++r)
            if (members.index(r, GroupMemberModel::MemberId).data().toString() == fixed.memberId)
                row = r;
        QVERIFY(row >= 0);
        QCOMPARE(members.index(row, GroupMemberModel::InstanceId).data().toString(), QStringLiteral("worker-1"));
        QCOMPARE(members.headerData(GroupMemberModel::InstanceId, Qt::Horizontal).toString(), QStringLiteral("Instance id"));
        g.members = {m};

        GroupOffsetModel offsets;
        offsets.update(&g);
        QCOMPARE(offsets.rowCount(), 2);
        QCOMPARE(offsets.index(0, GroupOffsetModel::Lag).data().toString(), QStringLiteral("7"));
        // Assigned, nothing committed: "no commit", and the lag from the log
        // start to the log end, saying so.
        QCOMPARE(offsets.index(1, GroupOffsetModel::Committed).data().toString(), QStringLiteral("no commit"));
        QCOMPARE(offsets.index(1, GroupOffsetModel::Lag).data().toString(), QStringLiteral("3"));
        QVERIFY(offsets.index(1, GroupOffsetModel::Lag).data(Qt::ToolTipRole).toString().contains(
            QStringLiteral("no offset committed")));
        QVERIFY(!offsets.index(0, GroupOffsetModel::Lag).data(Qt::ToolTipRole).isValid());

        // The lag changes in place; a group gone leaves no rows.
        QSignalSpy changed(&offsets, &QAbstractItemModel::dataChanged);
        g.offsets[0].committed = 12;
        g.offsets[0].lag = 0;
        offsets.update(&g);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(offsets.index(0, GroupOffsetModel::Lag).data().toString(), QStringLiteral("0"));
        offsets.update(nullptr);
        QCOMPARE(offsets.rowCount(), 0);
    }
};

QTEST_GUILESS_MAIN(TestTopicModels)
#include "tst_topicmodels.moc"
