// How the table models apply a snapshot, from hand-made snapshots (no
// broker): only the rows and columns that changed are signalled, never a
// reset, and rows still appear, update and disappear correctly. The window
// repaints what dataChanged covers and a sorting proxy re-sorts when the
// sort column is inside it, so at 100 busy queues and 1,000 connections
// these signals are what keeps each snapshot cheap for the GUI thread.

#include "ui/client/BrokerSnapshot.h"
#include "ui/models/QueueListModel.h"
#include "ui/models/TopologyModels.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTest>

using namespace depot;
using namespace depot::ui;

namespace {

QString queueName(int i)
{
    return QStringLiteral("q%1").arg(i, 3, 10, QLatin1Char('0'));
}

std::shared_ptr<BrokerSnapshot> queues(int count)
{
    auto s = std::make_shared<BrokerSnapshot>();
    for (int i = 0; i < count; ++i) {
        QueueRow q;
        q.name = queueName(i);
        q.ready = quint64(i);
        s->queues.append(q);
    }
    return s;
}

// The changed ranges a dataChanged spy saw, as "rows first-last, columns first-last".
QStringList ranges(const QSignalSpy &spy)
{
    QStringList out;
    for (const QList<QVariant> &signal : spy) {
        const auto tl = signal.at(0).value<QModelIndex>();
        const auto br = signal.at(1).value<QModelIndex>();
        out << QStringLiteral("rows %1-%2, columns %3-%4").arg(tl.row()).arg(br.row()).arg(tl.column()).arg(br.column());
    }
    return out;
}

ConnectionSummary connection(ConnectionId id, int channels)
{
    ConnectionSummary c;
    c.id = id;
    c.info.name = QStringLiteral("client %1").arg(id);
    c.info.peer = QStringLiteral("127.0.0.1:%1").arg(40000 + id);
    c.info.user = QStringLiteral("guest");
    c.info.protocol = QStringLiteral("AMQP 0-9-1");
    for (int ch = 1; ch <= channels; ++ch) {
        SessionSummary s;
        s.id = id * 100 + SessionId(ch);
        s.channel = quint16(ch);
        c.sessions.append(s.id);
        c.channels.append(s);
    }
    return c;
}

} // namespace

class TestSnapshotDiff final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // One queue's counts change: one dataChanged, that row, only the count
    // columns (not the name, which the list is sorted by).
    void oneChangedQueueSignalsItsRowAndColumnsOnly()
    {
        QueueListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.updateFromSnapshot(queues(100));
        model.updateFromSnapshot(queues(100));   // two samples each: flat sparklines
        QCOMPARE(model.rowCount(), 100);

        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy layout(&model, &QAbstractItemModel::layoutChanged);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);

        // Nothing changed: nothing signalled, though every history grew.
        model.updateFromSnapshot(queues(100));
        QCOMPARE(ranges(changed), QStringList());

        auto next = queues(100);
        next->queues[50].ready += 5;
        model.updateFromSnapshot(next);
        // Ready, Total and the sparkline (no longer flat) moved; Unacked lies
        // between them, so the one span is Ready-Depth.
        QCOMPARE(ranges(changed), QStringList{QStringLiteral("rows 50-50, columns %1-%2")
                                                  .arg(int(QueueListModel::Ready))
                                                  .arg(int(QueueListModel::Depth))});
        QCOMPARE(reset.count(), 0);
        QCOMPARE(layout.count(), 0);
        QCOMPARE(inserted.count(), 0);
        QCOMPARE(removed.count(), 0);
        QCOMPARE(model.index(50, QueueListModel::Ready).data().toString(), QStringLiteral("55"));

        // A change of consumers alone is that one column.
        changed.clear();
        next = queues(100);
        next->queues[50].ready += 5;
        next->queues[7].consumers = 3;
        model.updateFromSnapshot(next);
        QVERIFY(ranges(changed).contains(QStringLiteral("rows 7-7, columns %1-%1").arg(int(QueueListModel::Consumers))));
    }

    // Many scattered changes: one signal per run of adjacent changed rows,
    // none covering a row that did not change.
    void scatteredChangesSignalEachRunOnly()
    {
        QueueListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.updateFromSnapshot(queues(100));
        model.updateFromSnapshot(queues(100));
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        auto next = queues(100);
        for (int row : {3, 40, 41, 42, 70, 97, 99})
            next->queues[row].inRate = 7.5;
        model.updateFromSnapshot(next);
        const QString columns = QStringLiteral("columns %1-%1").arg(int(QueueListModel::InRate));
        QCOMPARE(ranges(changed), (QStringList{QStringLiteral("rows 3-3, ") + columns,
                                               QStringLiteral("rows 40-42, ") + columns,
                                               QStringLiteral("rows 70-70, ") + columns,
                                               QStringLiteral("rows 97-97, ") + columns,
                                               QStringLiteral("rows 99-99, ") + columns}));
        QCOMPARE(model.index(41, QueueListModel::InRate).data().toString(), QStringLiteral("7.5"));
    }

    // A sorted proxy over the queue list: counts changing under a list
    // sorted by name never re-sort it (no layout change), and the proxy
    // passes on only the changed rows.
    void countsDoNotResortAListSortedByName()
    {
        QueueListModel model;
        QSortFilterProxyModel proxy;
        proxy.setSourceModel(&model);
        proxy.setSortRole(QueueListModel::SortRole);
        proxy.setDynamicSortFilter(true);
        proxy.sort(QueueListModel::Name, Qt::DescendingOrder);
        QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.updateFromSnapshot(queues(20));
        model.updateFromSnapshot(queues(20));
        QSignalSpy layout(&proxy, &QAbstractItemModel::layoutChanged);
        QSignalSpy changed(&proxy, &QAbstractItemModel::dataChanged);
        auto next = queues(20);
        next->queues[19].unacked = 4;
        model.updateFromSnapshot(next);
        QCOMPARE(layout.count(), 0);
        QCOMPARE(ranges(changed), QStringList{QStringLiteral("rows 0-0, columns %1-%2")
                                                  .arg(int(QueueListModel::Unacked))
                                                  .arg(int(QueueListModel::Depth))});
        QCOMPARE(proxy.index(0, QueueListModel::Unacked).data().toString(), QStringLiteral("4"));
    }

    // Rows still come and go, in place, with the rest keeping their data.
    void rowsAppearUpdateAndDisappear()
    {
        QueueListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.updateFromSnapshot(queues(10));
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);

        auto next = queues(10);
        next->queues.remove(4, 2);   // q004, q005 deleted
        QueueRow added;
        added.name = QStringLiteral("late");
        added.ready = 42;
        next->queues.insert(0, added);
        next->queues.last().ready = 1000;   // q009 updated
        model.updateFromSnapshot(next);
        QCOMPARE(reset.count(), 0);
        QCOMPARE(removed.count(), 1);   // one contiguous run
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(model.rowCount(), 9);
        QCOMPARE(model.rowOf(queueName(4)), -1);
        QCOMPARE(model.rowOf(queueName(5)), -1);
        QCOMPARE(model.rowOf(QStringLiteral("late")), 8);   // appended
        QCOMPARE(model.index(model.rowOf(QStringLiteral("late")), QueueListModel::Ready).data().toString(),
                 QStringLiteral("42"));
        for (int i : {0, 1, 2, 3, 6, 7, 8}) {
            const int row = model.rowOf(queueName(i));
            QVERIFY(row >= 0);
            QCOMPARE(model.index(row, QueueListModel::Name).data().toString(), queueName(i));
            QCOMPARE(model.index(row, QueueListModel::Ready).data(QueueListModel::SortRole).toULongLong(), quint64(i));
        }
        QCOMPARE(model.index(model.rowOf(queueName(9)), QueueListModel::Ready).data().toString(),
                 QLocale().toString(1000));
        QCOMPARE(model.queueNames().size(), 9);

        // The same snapshot again but for "late" (first in the snapshot, last
        // in the model): the change lands on its row. Row 7 (q009, 9 then
        // 1,000) only has its sparkline move on.
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        next->queues.first().ready = 43;
        model.updateFromSnapshot(next);
        QCOMPARE(ranges(changed), QStringList{QStringLiteral("rows 7-8, columns %1-%2")
                                                  .arg(int(QueueListModel::Ready))
                                                  .arg(int(QueueListModel::Depth))});
        QCOMPARE(model.index(8, QueueListModel::Ready).data().toString(), QStringLiteral("43"));
        QCOMPARE(model.index(0, QueueListModel::Ready).data().toString(), QStringLiteral("0"));
        QCOMPARE(model.rowOf(QStringLiteral("late")), 8);

        // Everything gone, then back.
        model.updateFromSnapshot(queues(0));
        QCOMPARE(model.rowCount(), 0);
        model.updateFromSnapshot(queues(3));
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.rowOf(queueName(2)), 2);
        QCOMPARE(reset.count(), 0);
    }

    // The connections tab at 1,000 connections: a busy consumer's unacked
    // count and its channel's are the only cells signalled.
    void connectionsSignalOnlyWhatChanged()
    {
        ConsumerListModel consumers;
        ChannelListModel channels;
        QAbstractItemModelTester t1(&consumers, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester t2(&channels, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const auto snapshot = [](quint32 unacked) {
            auto s = std::make_shared<BrokerSnapshot>();
            for (ConnectionId id = 1; id <= 1000; ++id)
                s->connections.append(connection(id, id <= 10 ? 2 : 1));
            for (ConnectionId id = 1; id <= 10; ++id) {
                ConsumerInfo c;
                c.queue = QStringLiteral("work");
                c.consumerTag = QStringLiteral("tag-%1").arg(id);
                c.connection = id;
                c.session = id * 100 + 2;
                c.prefetch = 100;
                c.unacked = id == 5 ? unacked : 0;
                s->consumers.append(c);
                s->connections[int(id - 1)].channels[1].unacked = c.unacked;
                s->connections[int(id - 1)].channels[1].consumers = 1;
            }
            return s;
        };
        consumers.updateFromSnapshot(snapshot(0));
        channels.updateFromSnapshot(snapshot(0));
        QCOMPARE(consumers.rowCount(), 1000);   // 10 consumers + 990 connections without
        QCOMPARE(channels.rowCount(), 1010);

        QSignalSpy consumersChanged(&consumers, &QAbstractItemModel::dataChanged);
        QSignalSpy channelsChanged(&channels, &QAbstractItemModel::dataChanged);
        QSignalSpy consumersReset(&consumers, &QAbstractItemModel::modelReset);
        QSignalSpy channelsReset(&channels, &QAbstractItemModel::modelReset);
        consumers.updateFromSnapshot(snapshot(0));
        channels.updateFromSnapshot(snapshot(0));
        QCOMPARE(consumersChanged.count(), 0);
        QCOMPARE(channelsChanged.count(), 0);

        consumers.updateFromSnapshot(snapshot(37));
        channels.updateFromSnapshot(snapshot(37));
        QCOMPARE(ranges(consumersChanged), QStringList{QStringLiteral("rows 4-4, columns %1-%1")
                                                           .arg(int(ConsumerListModel::Unacked))});
        // Connection 5's second channel: rows 0-9 hold connections 1-5's channels.
        QCOMPARE(ranges(channelsChanged), QStringList{QStringLiteral("rows 9-9, columns %1-%1")
                                                          .arg(int(ChannelListModel::Unacked))});
        QCOMPARE(consumers.index(4, ConsumerListModel::Unacked).data().toString(), QStringLiteral("37"));
        QCOMPARE(channels.index(9, ChannelListModel::Unacked).data().toString(), QStringLiteral("37"));
        QCOMPARE(consumersReset.count(), 0);
        QCOMPARE(channelsReset.count(), 0);

        // A connection closes: its rows go, the others keep theirs.
        auto fewer = snapshot(37);
        fewer->connections.removeAt(999);
        consumers.updateFromSnapshot(fewer);
        channels.updateFromSnapshot(fewer);
        QCOMPARE(consumers.rowCount(), 999);
        QCOMPARE(channels.rowCount(), 1009);
        QCOMPARE(channels.rowOf(QString::number(1000 * 100 + 1)), -1);
        QCOMPARE(channels.index(9, ChannelListModel::Unacked).data().toString(), QStringLiteral("37"));
    }
};

QTEST_MAIN(TestSnapshotDiff)
#include "tst_snapshotdiff.moc"
