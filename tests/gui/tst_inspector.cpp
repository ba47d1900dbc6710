// The inspector in the window: a dead letter's history reads as a timeline,
// its body shows as text, JSON tree and hex, and Replay moves it back to the
// queue it came from — leaving it in exactly one place. Also the actions
// that move, copy, delete and purge, each confirmed first.

#include "GuiTestSupport.h"

#include "ui/client/BrokerClient.h"
#include "ui/models/JsonTreeModel.h"
#include "ui/models/MessageListModel.h"
#include "ui/models/QueueListModel.h"
#include "ui/views/MainWindow.h"
#include "ui/views/MessageInspector.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QPushButton>
#include <QSettings>
#include <QTabWidget>
#include <QTableView>
#include <QTest>
#include <QTreeWidget>

using namespace depot;
using namespace depot::ui;

class TestInspector final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("DepotTests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_inspector"));
        QSettings().clear();
    }

    void init()
    {
        m_service = test::startBroker();
        QVERIFY(m_service);
        m_window = std::make_unique<MainWindow>(m_service.get());
        m_window->show();
        m_confirmations.clear();
        m_window->setConfirmForTests([this](const QString &text) {
            m_confirmations << text;
            return m_answer;
        });
        m_answer = true;
    }

    void cleanup()
    {
        m_window.reset();
        m_service.reset();
    }

    void jsonTreeModel()
    {
        JsonTreeModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(model.setJson(R"({"order": 7, "items": [{"sku": "a"}, {"sku": "b"}], "paid": true, "note": null})"));
        QCOMPARE(model.rowCount(), 1);
        const QModelIndex root = model.index(0, 0);
        QCOMPARE(model.rowCount(root), 4);
        // Keys come sorted (QJsonObject): items, note, order, paid.
        const QModelIndex items = model.index(0, 0, root);
        QCOMPARE(items.data().toString(), QStringLiteral("items"));
        QCOMPARE(model.rowCount(items), 2);
        QCOMPARE(model.index(0, JsonTreeModel::Value, items).data().toString(), QStringLiteral("{1 key(s)}"));
        QCOMPARE(model.index(0, JsonTreeModel::Value, model.index(0, 0, items)).data().toString(), QStringLiteral("a"));
        QCOMPARE(model.index(2, JsonTreeModel::Value, root).data().toString(), QStringLiteral("7"));
        QCOMPARE(model.index(3, JsonTreeModel::Type, root).data().toString(), QStringLiteral("boolean"));
        QCOMPARE(model.parent(items), root);
        QString error;
        QVERIFY(!model.setJson("{broken", &error));
        QVERIFY(error.startsWith(QStringLiteral("Not JSON")));
        QCOMPARE(model.rowCount(), 0);
    }

    void hexDumpLayout()
    {
        const QString dump = hexDump(QByteArray("Depot\x00\x01", 7));
        QCOMPARE(dump, QStringLiteral("00000000  44 65 70 6f 74 00 01                              |Depot..|\n"));
    }

    void replayFromInspectorMovesTheMessage()
    {
        test::makeDeadLetters(*m_service, QStringLiteral("work"), 3);
        inspectFirst(QStringLiteral("work.dlq"));
        MessageInspector *inspector = m_window->inspector();
        QVERIFY(inspector->isDeadLetter());
        QCOMPARE(inspector->sectionTabs()->currentIndex(), 2);   // the dead-letter history is what matters here
        QTreeWidget *timeline = inspector->deathTimeline();
        QCOMPARE(timeline->topLevelItemCount(), 1);
        QVERIFY(timeline->topLevelItem(0)->text(1).startsWith(QStringLiteral("rejected in work, 1 time(s)")));
        QCOMPARE(inspector->bodyTabs()->currentIndex(), 1);     // JSON
        QVERIFY(inspector->jsonModel()->rowCount() == 1);
        const QByteArray body = inspector->message()->state.content->body;

        QVERIFY(inspector->replayButton()->isEnabled());
        QTest::mouseClick(inspector->replayButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(total(QStringLiteral("work.dlq")), 2ull, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(total(QStringLiteral("work")), 1ull, 5000);
        // The very message, back where it was, once.
        std::optional<MessageView> back;
        test::onBroker(*m_service, [&](Engine &engine) {
            const auto views = engine.browse(QStringLiteral("work"), 0, 10);
            if (views.size() == 1)
                back = views.first();
        });
        QVERIFY(back.has_value());
        QCOMPARE(back->state.content->body, body);
    }

    void replayAllToChosenQueueAsksFirst()
    {
        test::makeDeadLetters(*m_service, QStringLiteral("jobs"), 4);
        test::declareQueue(*m_service, QStringLiteral("elsewhere"));
        inspectFirst(QStringLiteral("jobs.dlq"));
        m_window->setTargetChooserForTests([](const QStringList &items) -> std::optional<QString> {
            return items.contains(QStringLiteral("elsewhere")) ? std::optional<QString>(QStringLiteral("elsewhere"))
                                                               : std::nullopt;
        });
        m_answer = false;
        m_window->replay(MainWindow::Scope::All);
        QCOMPARE(m_confirmations.size(), 1);
        QTest::qWait(300);
        QCOMPARE(total(QStringLiteral("jobs.dlq")), 4ull);   // declined: nothing moved
        m_answer = true;
        m_window->replay(MainWindow::Scope::All);
        QTRY_COMPARE_WITH_TIMEOUT(total(QStringLiteral("elsewhere")), 4ull, 5000);
        QCOMPARE(total(QStringLiteral("jobs.dlq")), 0ull);
    }

    void deleteAndPurgeConfirm()
    {
        test::declareQueue(*m_service, QStringLiteral("trash"));
        test::publishMessages(*m_service, QStringLiteral("trash"), 5);
        inspectFirst(QStringLiteral("trash"));
        m_window->messageView()->selectionModel()->select(
            m_window->messageModel()->index(0, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        m_answer = false;
        m_window->deleteSelected();
        QCOMPARE(m_confirmations.size(), 1);
        QVERIFY(m_confirmations.first().contains(QStringLiteral("cannot be undone")));
        m_answer = true;
        m_window->deleteSelected();
        QTRY_COMPARE_WITH_TIMEOUT(total(QStringLiteral("trash")), 4ull, 5000);
        m_window->purgeQueue();
        QCOMPARE(m_confirmations.size(), 3);
        QTRY_COMPARE_WITH_TIMEOUT(total(QStringLiteral("trash")), 0ull, 5000);
    }

    void copyToAnotherQueue()
    {
        test::declareQueue(*m_service, QStringLiteral("source"));
        test::declareQueue(*m_service, QStringLiteral("target"));
        test::publishMessages(*m_service, QStringLiteral("source"), 3);
        inspectFirst(QStringLiteral("source"));
        m_window->setTargetChooserForTests([](const QStringList &) { return std::optional<QString>(QStringLiteral("target")); });
        m_window->messageView()->selectionModel()->select(
            m_window->messageModel()->index(1, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        m_window->transfer(TransferSpec::Mode::Copy);
        QTRY_COMPARE_WITH_TIMEOUT(total(QStringLiteral("target")), 1ull, 5000);
        QCOMPARE(total(QStringLiteral("source")), 3ull);
    }

private:
    quint64 total(const QString &queue) const
    {
        const QueueRow *q = m_window->client()->snapshot()->queue(queue);
        return q ? q->total() : ~0ull;
    }

    void inspectFirst(const QString &queue)
    {
        QTRY_VERIFY_WITH_TIMEOUT(m_window->queueModel()->rowOf(queue) >= 0 && total(queue) > 0, 5000);
        QVERIFY(m_window->selectQueue(queue));
        QTRY_VERIFY_WITH_TIMEOUT(m_window->messageModel()->rowCount() > 0, 5000);
        m_window->messageModel()->index(0, 0).data();
        QTRY_VERIFY_WITH_TIMEOUT(m_window->messageModel()->index(0, 0).data(MessageListModel::LoadedRole).toBool(), 5000);
        m_window->messageView()->setCurrentIndex(m_window->messageModel()->index(0, 0));
        QTRY_VERIFY_WITH_TIMEOUT(m_window->inspector()->message().has_value(), 5000);
    }

    std::unique_ptr<BrokerService> m_service;
    std::unique_ptr<MainWindow> m_window;
    QStringList m_confirmations;
    bool m_answer = true;
};

QTEST_MAIN(TestInspector)
#include "tst_inspector.moc"
