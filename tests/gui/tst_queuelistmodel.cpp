// QueueListModel, ExchangeTreeModel and ConsumerListModel against a real
// engine in a real BrokerService: rows appear, counts update in place, and
// selection and sort order survive the periodic refresh.

#include "GuiTestSupport.h"

#include "ui/client/BrokerClient.h"
#include "ui/models/ExchangeTreeModel.h"
#include "ui/models/QueueListModel.h"
#include "ui/models/TopologyModels.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QHeaderView>
#include <QIcon>
#include <QItemSelectionModel>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTest>

using namespace depot;
using namespace depot::ui;

class TestQueueListModel final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        m_service = test::startBroker();
        QVERIFY(m_service);
        m_client = std::make_unique<BrokerClient>(m_service.get());
        m_model = std::make_unique<QueueListModel>();
        m_tester = std::make_unique<QAbstractItemModelTester>(m_model.get(),
                                                              QAbstractItemModelTester::FailureReportingMode::QtTest);
        connect(m_client.get(), &BrokerClient::snapshotUpdated, m_model.get(), &QueueListModel::updateFromSnapshot);
    }

    void cleanup()
    {
        m_tester.reset();
        m_model.reset();
        m_client.reset();
        m_service.reset();
    }

    void rowsAppearAndCountsUpdate()
    {
        test::declareQueue(*m_service, QStringLiteral("alpha"));
        test::declareQueue(*m_service, QStringLiteral("beta"));
        QTRY_COMPARE_WITH_TIMEOUT(m_model->rowCount(), 2, 3000);

        QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
        QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);
        QSignalSpy removed(m_model.get(), &QAbstractItemModel::rowsRemoved);
        test::publishMessages(*m_service, QStringLiteral("beta"), 7);
        const int beta = m_model->rowOf(QStringLiteral("beta"));
        QTRY_COMPARE_WITH_TIMEOUT(m_model->index(beta, QueueListModel::Ready).data(QueueListModel::SortRole).toULongLong(),
                                  7ull, 3000);
        QCOMPARE(m_model->index(beta, QueueListModel::Ready).data().toString(), QStringLiteral("7"));
        QCOMPARE(m_model->index(beta, QueueListModel::Total).data(QueueListModel::SortRole).toULongLong(), 7ull);
        QVERIFY(!changed.isEmpty());
        QCOMPARE(reset.count(), 0);     // never a reset on refresh
        QCOMPARE(removed.count(), 0);   // nor a remove-and-reinsert

        onBrokerDelete(QStringLiteral("alpha"));
        QTRY_COMPARE_WITH_TIMEOUT(m_model->rowCount(), 1, 3000);
        QCOMPARE(m_model->rowOf(QStringLiteral("alpha")), -1);
        QCOMPARE(m_model->rowOf(QStringLiteral("beta")), 0);
        QCOMPARE(reset.count(), 0);
    }

    void sparklineKeepsHistory()
    {
        test::declareQueue(*m_service, QStringLiteral("grow"));
        QTRY_VERIFY_WITH_TIMEOUT(m_model->rowOf(QStringLiteral("grow")) >= 0, 3000);
        const auto history = [this] {
            return m_model->index(m_model->rowOf(QStringLiteral("grow")), QueueListModel::Depth)
                .data(QueueListModel::DepthHistoryRole)
                .value<QList<double>>();
        };
        // Each depth seen by a snapshot of its own: wait for it, not for a time.
        for (int i = 1; i <= 3; ++i) {
            test::publishMessages(*m_service, QStringLiteral("grow"), 5);
            QTRY_COMPARE_WITH_TIMEOUT(history().value(history().size() - 1), 5.0 * i, 5000);
        }
        QTRY_VERIFY_WITH_TIMEOUT(history().size() >= 3, 3000);
        const QList<double> kept = history();
        QCOMPARE(kept.last(), 15.0);
        QVERIFY(kept.first() < kept.last());
    }

    void selectionAndSortSurviveUpdates()
    {
        for (const char *name : {"c-queue", "a-queue", "b-queue", "d-queue"})
            test::declareQueue(*m_service, QLatin1String(name));
        QTRY_COMPARE_WITH_TIMEOUT(m_model->rowCount(), 4, 3000);

        QSortFilterProxyModel proxy;
        proxy.setSourceModel(m_model.get());
        proxy.setSortRole(QueueListModel::SortRole);
        proxy.setDynamicSortFilter(true);
        QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QTableView view;
        view.setModel(&proxy);
        view.setSortingEnabled(true);
        view.sortByColumn(QueueListModel::Ready, Qt::DescendingOrder);
        view.resize(600, 300);
        view.show();

        test::publishMessages(*m_service, QStringLiteral("b-queue"), 3);
        test::publishMessages(*m_service, QStringLiteral("d-queue"), 1);
        QTRY_COMPARE_WITH_TIMEOUT(proxy.index(0, QueueListModel::Name).data(QueueListModel::QueueNameRole).toString(),
                                  QStringLiteral("b-queue"), 3000);
        // Select d-queue (second by depth), then make it the deepest: it moves
        // to the top, and stays selected.
        view.selectionModel()->select(proxy.index(1, 0),
                                      QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        QCOMPARE(view.selectionModel()->selectedRows().first().data(QueueListModel::QueueNameRole).toString(),
                 QStringLiteral("d-queue"));
        test::publishMessages(*m_service, QStringLiteral("d-queue"), 10);
        QTRY_COMPARE_WITH_TIMEOUT(proxy.index(0, QueueListModel::Name).data(QueueListModel::QueueNameRole).toString(),
                                  QStringLiteral("d-queue"), 3000);
        QCOMPARE(view.selectionModel()->selectedRows().size(), 1);
        QCOMPARE(view.selectionModel()->selectedRows().first().data(QueueListModel::QueueNameRole).toString(),
                 QStringLiteral("d-queue"));
        QCOMPARE(view.horizontalHeader()->sortIndicatorSection(), int(QueueListModel::Ready));
        // Many refreshes later, still the same.
        QTest::qWait(800);
        QCOMPARE(view.selectionModel()->selectedRows().first().data(QueueListModel::QueueNameRole).toString(),
                 QStringLiteral("d-queue"));
    }

    void deadLetterQueuesAreLinked()
    {
        test::makeDeadLetters(*m_service, QStringLiteral("work"), 2);
        test::declareQueue(*m_service, QStringLiteral("graveyard.dead"));
        QTRY_VERIFY_WITH_TIMEOUT(m_model->rowOf(QStringLiteral("work.dlq")) >= 0
                                     && m_model->rowOf(QStringLiteral("graveyard.dead")) >= 0, 3000);
        const QModelIndex dlq = m_model->index(m_model->rowOf(QStringLiteral("work.dlq")), QueueListModel::Name);
        const QModelIndex work = m_model->index(m_model->rowOf(QStringLiteral("work")), QueueListModel::Name);
        const QModelIndex named = m_model->index(m_model->rowOf(QStringLiteral("graveyard.dead")), QueueListModel::Name);
        QVERIFY(dlq.data(QueueListModel::IsDeadLetterQueueRole).toBool());
        QVERIFY(named.data(QueueListModel::IsDeadLetterQueueRole).toBool());   // by its name
        QVERIFY(!work.data(QueueListModel::IsDeadLetterQueueRole).toBool());
        QVERIFY(dlq.data(Qt::ToolTipRole).toString().contains(QStringLiteral("Fed by the dead letters of: work")));
        QVERIFY(work.data(Qt::ToolTipRole).toString().contains(QStringLiteral("Dead letters go to: work.dlq")));
        QTRY_COMPARE_WITH_TIMEOUT(m_model->index(dlq.row(), QueueListModel::Total).data(QueueListModel::SortRole).toULongLong(),
                                  2ull, 3000);
    }

    // The policy that applies and what it sets, in the queue's tooltip; a
    // policy set or deleted later shows up at the next refresh.
    void policyShownInTooltip()
    {
        test::declareQueue(*m_service, QStringLiteral("orders"));
        test::declareQueue(*m_service, QStringLiteral("plain"));
        QTRY_VERIFY_WITH_TIMEOUT(m_model->rowOf(QStringLiteral("orders")) >= 0, 3000);
        const auto tooltip = [this](const QString &queue) {
            return m_model->index(m_model->rowOf(queue), QueueListModel::Name).data(Qt::ToolTipRole).toString();
        };
        QVERIFY(!tooltip(QStringLiteral("orders")).contains(QStringLiteral("Policy")));
        test::onBroker(*m_service, [](Engine &engine) {
            PolicyDef p;
            p.name = QStringLiteral("limits");
            p.pattern = QStringLiteral("^orders$");
            p.applyTo = PolicyDef::ApplyTo::Queues;
            p.definition = {{QStringLiteral("max-length"), 2}, {QStringLiteral("retry-delays"), QVariantList{300, 600}},
                {QStringLiteral("dead-letter-exchange"), QString()}};
            QVERIFY(engine.setPolicy(PolicyKind::Policy, p).ok());
            PolicyDef op;
            op.name = QStringLiteral("ops");
            op.pattern = QStringLiteral("^orders$");
            op.definition = {{QStringLiteral("message-ttl"), 60000}};
            QVERIFY(engine.setPolicy(PolicyKind::Operator, op).ok());
        });
        QTRY_VERIFY_WITH_TIMEOUT(tooltip(QStringLiteral("orders")).contains(QStringLiteral("Policy: limits")), 3000);
        const QString text = tooltip(QStringLiteral("orders"));
        QVERIFY2(text.contains(QStringLiteral("Operator policy: ops")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("Set by policy: dead-letter-exchange = \"\", max-length = 2, "
                                              "message-ttl = 60000, retry-delays = [300, 600]")),
            qPrintable(text));
        QVERIFY(!tooltip(QStringLiteral("plain")).contains(QStringLiteral("Policy")));
        // The queue filter finds it by its policy.
        QVERIFY(m_model->index(m_model->rowOf(QStringLiteral("orders")), QueueListModel::Name)
                    .data(QueueListModel::FilterTextRole)
                    .toString()
                    .contains(QStringLiteral("policy=limits")));
        test::onBroker(*m_service, [](Engine &engine) {
            QVERIFY(engine.deletePolicy(PolicyKind::Policy, QStringLiteral("/"), QStringLiteral("limits")).ok());
            QVERIFY(engine.deletePolicy(PolicyKind::Operator, QStringLiteral("/"), QStringLiteral("ops")).ok());
        });
        QTRY_VERIFY_WITH_TIMEOUT(!tooltip(QStringLiteral("orders")).contains(QStringLiteral("Policy")), 3000);
    }

    // A stream (x-queue-type stream) counts its log's messages and says
    // what it is, and where to browse it.
    void streamShownAsStream()
    {
        test::onBroker(*m_service, [](Engine &engine) {
            QueueDef def;
            def.name = QStringLiteral("events");
            def.durable = true;
            def.arguments = {{QStringLiteral("x-queue-type"), QStringLiteral("stream")}};
            const auto declared = engine.declareQueue(def, false);
            QVERIFY2(declared.ok(), qPrintable(declared.error.text));
        });
        test::publishMessages(*m_service, QStringLiteral("events"), 3);
        QTRY_VERIFY_WITH_TIMEOUT(m_model->rowOf(QStringLiteral("events")) >= 0, 3000);
        const int row = m_model->rowOf(QStringLiteral("events"));
        QTRY_COMPARE_WITH_TIMEOUT(m_model->index(row, QueueListModel::Ready).data().toString(), QStringLiteral("3"), 3000);
        QCOMPARE(m_model->index(row, QueueListModel::Kind).data().toString(), QStringLiteral("AMQP stream"));
        const QString tooltip = m_model->index(row, QueueListModel::Name).data(Qt::ToolTipRole).toString();
        QVERIFY2(tooltip.contains(QStringLiteral("Stream: a log read from an offset")), qPrintable(tooltip));
    }

    // Every row shows one of two icons; a QIcon made per data() call would
    // parse and render its SVG again on every repaint (bench_load measured
    // the queue list's repaint halve once they were shared).
    void iconsAreSharedAcrossRowsAndCalls()
    {
        test::makeDeadLetters(*m_service, QStringLiteral("jobs"), 1);
        test::declareQueue(*m_service, QStringLiteral("other"));
        QTRY_VERIFY_WITH_TIMEOUT(m_model->rowOf(QStringLiteral("jobs.dlq")) >= 0
                                     && m_model->rowOf(QStringLiteral("other")) >= 0, 3000);
        const auto iconOf = [this](const QString &queue) {
            return m_model->index(m_model->rowOf(queue), QueueListModel::Name).data(Qt::DecorationRole).value<QIcon>();
        };
        const QIcon jobs = iconOf(QStringLiteral("jobs"));
        const QIcon dead = iconOf(QStringLiteral("jobs.dlq"));
        QVERIFY(!jobs.isNull());
        QVERIFY(!dead.isNull());
        QCOMPARE(iconOf(QStringLiteral("jobs")).cacheKey(), jobs.cacheKey());      // the same icon again
        QCOMPARE(iconOf(QStringLiteral("other")).cacheKey(), jobs.cacheKey());     // shared by rows
        QCOMPARE(iconOf(QStringLiteral("jobs.dlq")).cacheKey(), dead.cacheKey());
        QVERIFY(dead.cacheKey() != jobs.cacheKey());                                // and two kinds
    }

    void bindingsAndConsumers()
    {
        ExchangeTreeModel bindings;
        ConsumerListModel consumers;
        QAbstractItemModelTester t1(&bindings, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester t2(&consumers, QAbstractItemModelTester::FailureReportingMode::QtTest);
        connect(m_client.get(), &BrokerClient::snapshotUpdated, &bindings, &ExchangeTreeModel::updateFromSnapshot);
        connect(m_client.get(), &BrokerClient::snapshotUpdated, &consumers, &ConsumerListModel::updateFromSnapshot);

        struct Sink final : DeliverySink
        {
            void deliver(const Delivery &) override {}
            void consumerCancelled(const QString &) override {}
        };
        static Sink sink;
        test::declareQueue(*m_service, QStringLiteral("events"));
        test::onBroker(*m_service, [](Engine &engine) {
            ExchangeDef topic;
            topic.name = QStringLiteral("hub");
            topic.type = ExchangeType::Topic;
            // Where the hub's unroutable messages go: shown with its features.
            topic.arguments.insert(QStringLiteral("alternate-exchange"), QStringLiteral("unrouted"));
            engine.declareExchange(topic, false);
            engine.bind(BindingDef{QStringLiteral("hub"), QStringLiteral("events"), DestinationKind::Queue,
                                   QStringLiteral("user.#"), {}});
            ConnectionInfo info;
            info.name = QStringLiteral("billing-service");
            info.peer = QStringLiteral("127.0.0.1:50000");
            const SessionId session = engine.openSession(engine.openConnection(info), &sink);
            ConsumeSpec spec;
            spec.queue = QStringLiteral("events");
            spec.consumerTag = QStringLiteral("billing");
            spec.prefetch = 10;
            engine.consume(session, spec);
        });
        QTRY_VERIFY_WITH_TIMEOUT(consumers.rowCount() == 1, 3000);
        QCOMPARE(consumers.index(0, ConsumerListModel::ConsumerTag).data().toString(), QStringLiteral("billing"));
        QCOMPARE(consumers.index(0, ConsumerListModel::Queue).data().toString(), QStringLiteral("events"));
        QVERIFY(consumers.index(0, ConsumerListModel::Connection).data().toString().contains(QStringLiteral("billing-service")));
        QTRY_VERIFY_WITH_TIMEOUT(bindings.indexOfExchange(QStringLiteral("hub")).isValid(), 3000);
        const QModelIndex hub = bindings.indexOfExchange(QStringLiteral("hub"));
        QCOMPARE(bindings.index(hub.row(), ExchangeTreeModel::Type).data().toString(), QStringLiteral("topic"));
        QCOMPARE(bindings.index(hub.row(), ExchangeTreeModel::Features).data().toString(),
            QStringLiteral("durable, alternate exchange unrouted"));
        QCOMPARE(bindings.rowCount(hub), 1);
        QCOMPARE(bindings.index(0, ExchangeTreeModel::RoutingKey, hub).data().toString(), QStringLiteral("user.#"));
        QCOMPARE(bindings.index(0, ExchangeTreeModel::Name, hub).data().toString(), QStringLiteral("queue events"));
    }

private:
    void onBrokerDelete(const QString &name)
    {
        test::onBroker(*m_service, [name](Engine &engine) { engine.deleteQueue(name, false, false); });
    }

    std::unique_ptr<BrokerService> m_service;
    std::unique_ptr<BrokerClient> m_client;
    std::unique_ptr<QueueListModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

QTEST_MAIN(TestQueueListModel)
#include "tst_queuelistmodel.moc"
