// The inspector in the window: a dead letter's history reads as a timeline,
// its body shows as text, JSON tree and hex, and Replay moves it back to the
// queue it came from — leaving it in exactly one place. Also the actions
// that move, copy, delete and purge, each confirmed first.

#include "GuiTestSupport.h"
#include "ui/Translations.h"
#include "ui/client/BrokerClient.h"
#include "ui/models/JsonTreeModel.h"
#include "ui/models/MessageListModel.h"
#include "ui/models/QueueListModel.h"
#include "ui/views/MainWindow.h"
#include "ui/views/MessageInspector.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QDateTime>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
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
        ensureEnglishPlurals(*qApp); // "1 key", not "1 key(s)"
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
        // Keys in the document's order, not QJsonObject's sorted one.
        QCOMPARE(model.index(0, JsonTreeModel::Key, root).data().toString(), QStringLiteral("order"));
        const QModelIndex items = model.index(1, 0, root);
        QCOMPARE(items.data().toString(), QStringLiteral("items"));
        QCOMPARE(model.rowCount(items), 2);
        QCOMPARE(model.index(0, JsonTreeModel::Key, items).data().toString(), QStringLiteral("[0]"));
        QCOMPARE(model.index(0, JsonTreeModel::Value, items).data().toString(), QStringLiteral("{1 key}"));
        QCOMPARE(model.index(0, JsonTreeModel::Value, model.index(0, 0, items)).data().toString(), QStringLiteral("a"));
        QCOMPARE(model.index(0, JsonTreeModel::Value, root).data().toString(), QStringLiteral("7"));
        QCOMPARE(model.index(2, JsonTreeModel::Type, root).data().toString(), QStringLiteral("boolean"));
        QCOMPARE(model.index(3, JsonTreeModel::Value, root).data().toString(), QStringLiteral("null"));
        QCOMPARE(model.parent(items), root);
        // Numbers keep their spelling, duplicate keys both show, escapes are read.
        QVERIFY(model.setJson("{\"z\": 1.50, \"price\": 1.0E+2, \"z\": 2, \"text\": \"a\\\"b\\u00e9\\n\", \"id\": 12345678901234567890}"));
        const QModelIndex top = model.index(0, 0);
        QCOMPARE(model.rowCount(top), 5);
        QCOMPARE(model.index(0, JsonTreeModel::Value, top).data().toString(), QStringLiteral("1.50"));
        QCOMPARE(model.index(1, JsonTreeModel::Value, top).data().toString(), QStringLiteral("1.0E+2"));
        QCOMPARE(model.index(2, JsonTreeModel::Key, top).data().toString(), QStringLiteral("z"));
        QCOMPARE(model.index(3, JsonTreeModel::Value, top).data().toString(), QStringLiteral("a\"b\u00e9\n"));
        QCOMPARE(model.index(3, JsonTreeModel::Type, top).data().toString(), QStringLiteral("string"));
        QCOMPARE(model.index(4, JsonTreeModel::Value, top).data().toString(), QStringLiteral("12345678901234567890"));
        QVERIFY(model.setJson("[ [], {}, \"\\ud83d\\ude00\", -0.0 ]"));
        const QModelIndex list = model.index(0, 0);
        QCOMPARE(model.rowCount(list), 4);
        QCOMPARE(model.index(0, JsonTreeModel::Value, list).data().toString(), QStringLiteral("[0 items]"));
        QCOMPARE(model.index(1, JsonTreeModel::Value, list).data().toString(), QStringLiteral("{0 keys}"));
        QCOMPARE(model.index(2, JsonTreeModel::Value, list).data().toString(), QString::fromUtf8("\xF0\x9F\x98\x80"));
        QCOMPARE(model.index(3, JsonTreeModel::Value, list).data().toString(), QStringLiteral("-0.0"));
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
        QVERIFY(timeline->topLevelItem(0)->text(1).startsWith(QStringLiteral("rejected in work, 1 time:")));
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

    // A dead letter arrived in its dead-letter queue after it was first
    // enqueued elsewhere: the inspector shows both times, and where.
    void deadLetterShowsWhenItWasFirstEnqueued()
    {
        test::makeDeadLetters(*m_service, QStringLiteral("orders"), 1);
        QString first;
        QString here;
        test::onBroker(*m_service, [&](Engine &engine) {
            const MessageView v = engine.browse(QStringLiteral("orders.dlq"), 0, 1).at(0);
            const auto time = [](qint64 ms) {
                return QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
            };
            QVERIFY(v.state.content->origin);
            first = time(v.state.content->origin->enqueuedAt);
            here = time(v.state.enqueuedAt);
        });
        inspectFirst(QStringLiteral("orders.dlq"));
        QTreeWidget *properties = m_window->inspector()->propertiesTree();
        const QList<QTreeWidgetItem *> items = properties->findItems(QStringLiteral("Enqueued"), Qt::MatchExactly, 0);
        QCOMPARE(items.size(), 1);
        QCOMPARE(items.first()->text(1),
            QStringLiteral("first enqueued %1 in orders, here since %2").arg(first, here));
        // An ordinary message, still where it was first enqueued: one time.
        test::publishMessages(*m_service, QStringLiteral("orders"), 1);
        inspectFirst(QStringLiteral("orders"));
        const QList<QTreeWidgetItem *> plain
            = m_window->inspector()->propertiesTree()->findItems(QStringLiteral("Enqueued"), Qt::MatchExactly, 0);
        QCOMPARE(plain.size(), 1);
        QVERIFY(!plain.first()->text(1).contains(QStringLiteral("first enqueued")));
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
        QVERIFY2(m_confirmations.first().contains(QStringLiteral("Undo (Ctrl+Z) brings it back within 30 seconds")),
            qPrintable(m_confirmations.first()));
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

    // Consumers take messages ahead of the one being read: the rows shift up
    // under it. The inspector keeps that message and the selection follows
    // it to its new row, instead of showing whichever message now sits in
    // the old row; when the message itself leaves, the inspector says so.
    void inspectedMessageKeepsItsPlaceWhileTheQueueMoves()
    {
        const QString queue = QStringLiteral("feed");
        test::declareQueue(*m_service, queue);
        test::publishMessages(*m_service, queue, 10);
        inspectRow(queue, 3);
        const MessageId id = m_window->inspector()->message()->state.id;
        QCOMPARE(m_window->inspector()->message()->state.content->body, QByteArray("message 3"));

        deleteHead(queue, 2);
        QTRY_COMPARE_WITH_TIMEOUT(m_window->messageView()->currentIndex().row(), 1, 5000);
        QCOMPARE(m_window->messageModel()->index(1, 0).data(MessageListModel::MessageIdRole).toULongLong(), id);
        QVERIFY(m_window->inspector()->message().has_value());
        QCOMPARE(m_window->inspector()->message()->state.id, id);
        QCOMPARE(m_window->messageView()->selectionModel()->selectedRows().size(), 1);

        // Rows move while the message stays put: it is now at the top.
        deleteHead(queue, 1);
        QTRY_COMPARE_WITH_TIMEOUT(m_window->messageView()->currentIndex().row(), 0, 5000);
        QCOMPARE(m_window->inspector()->message()->state.id, id);

        // Now it leaves the queue itself.
        deleteHead(queue, 1);
        QTRY_VERIFY_WITH_TIMEOUT(!m_window->inspector()->message().has_value(), 5000);
        QVERIFY(m_window->inspector()->titleLabel()->text().contains(QStringLiteral("left the queue")));
        QVERIFY(!m_window->messageView()->currentIndex().isValid());
        QVERIFY(m_window->messageView()->selectionModel()->selectedRows().isEmpty());
        // Nothing chosen any more: later moves do not pick a message for the user.
        deleteHead(queue, 1);
        QTRY_COMPARE_WITH_TIMEOUT(total(queue), 5ull, 5000);
        QTest::qWait(300);
        QVERIFY(!m_window->inspector()->message().has_value());
    }

    // The same with a filter: Refresh scans the matches again (a filtered
    // list does not rescan by itself), and the inspected message is found
    // among the new matches.
    void inspectedMatchKeepsItsPlaceWhenTheFilterScansAgain()
    {
        const QString queue = QStringLiteral("filtered");
        test::declareQueue(*m_service, queue);
        test::publishMessages(*m_service, queue, 10, QStringLiteral("order"));
        test::publishMessages(*m_service, queue, 10, QStringLiteral("refund"));
        QTRY_VERIFY_WITH_TIMEOUT(m_window->queueModel()->rowOf(queue) >= 0 && total(queue) == 20, 5000);
        QVERIFY(m_window->selectQueue(queue));
        m_window->messageFilter()->setText(QStringLiteral("refund"));
        QTest::keyClick(m_window->messageFilter(), Qt::Key_Return);
        QTRY_COMPARE_WITH_TIMEOUT(m_window->messageModel()->rowCount(), 10, 5000);
        QTRY_VERIFY_WITH_TIMEOUT(!m_window->messageModel()->isScanning(), 5000);
        m_window->messageView()->setCurrentIndex(m_window->messageModel()->index(4, 0));
        QTRY_VERIFY_WITH_TIMEOUT(m_window->inspector()->message().has_value(), 5000);
        const MessageId id = m_window->inspector()->message()->state.id;
        QCOMPARE(m_window->inspector()->message()->state.content->body, QByteArray("refund 4"));

        // Two refunds ahead of it go (and orders, which do not match).
        QList<MessageId> gone;
        test::onBroker(*m_service, [&](Engine &engine) {
            for (const MessageView &v : engine.browse(queue, 0, 20)) {
                const QByteArray body = v.state.content->body;
                if (body.startsWith("order") || body == "refund 0" || body == "refund 1")
                    gone << v.state.id;
            }
            QCOMPARE(engine.deleteMessages(queue, gone).value, quint64(12));
        });
        QTRY_COMPARE_WITH_TIMEOUT(total(queue), 8ull, 5000);
        m_window->action(QStringLiteral("refresh"))->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(m_window->messageModel()->rowCount(), 8, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(m_window->messageView()->currentIndex().row(), 2, 5000);
        QCOMPARE(m_window->messageModel()->index(2, 0).data(MessageListModel::MessageIdRole).toULongLong(), id);
        QVERIFY(m_window->inspector()->message().has_value());
        QCOMPARE(m_window->inspector()->message()->state.id, id);
    }

    // Shift+click far down or Ctrl+A selects rows that were never shown (not
    // loaded): Delete takes every selected message, not only the loaded ones.
    void actionsTakeSelectedRowsThatWereNeverShown()
    {
        const QString queue = QStringLiteral("many");
        test::declareQueue(*m_service, queue);
        test::publishMessages(*m_service, queue, 1000);
        test::publishMessages(*m_service, queue, 5, QStringLiteral("keep"));
        inspectRow(queue, 0);
        QCOMPARE(m_window->messageModel()->shownIds(999, 999), QList<MessageId>{0});   // never shown
        QItemSelectionModel *selection = m_window->messageView()->selectionModel();
        const QItemSelection rows(m_window->messageModel()->index(0, 0),
                                  m_window->messageModel()->index(999, MessageListModel::ColumnCount - 1));
        selection->select(rows, QItemSelectionModel::ClearAndSelect);
        QTRY_VERIFY_WITH_TIMEOUT(m_window->action(QStringLiteral("delete"))->isEnabled(), 5000);
        m_window->action(QStringLiteral("delete"))->trigger();
        QCOMPARE(m_confirmations.size(), 1);
        QVERIFY2(m_confirmations.first().contains(QStringLiteral("1,000")) || m_confirmations.first().contains(QStringLiteral("1000")),
                 qPrintable(m_confirmations.first()));
        QTRY_COMPARE_WITH_TIMEOUT(total(queue), 5ull, 5000);
        test::onBroker(*m_service, [&](Engine &engine) {
            for (const MessageView &v : engine.browse(queue, 0, 10))
                QVERIFY(v.state.content->body.startsWith("keep"));
        });
    }

    // Several rows selected, and consumers take messages ahead of them: the
    // selection follows its messages, and Delete removes those, not the ones
    // that moved into the rows.
    void selectionFollowsItsMessagesWhenTheQueueMoves()
    {
        const QString queue = QStringLiteral("moving");
        test::declareQueue(*m_service, queue);
        test::publishMessages(*m_service, queue, 10);
        inspectRow(queue, 4);
        QItemSelectionModel *selection = m_window->messageView()->selectionModel();
        selection->select(QItemSelection(m_window->messageModel()->index(4, 0),
                                         m_window->messageModel()->index(6, MessageListModel::ColumnCount - 1)),
                          QItemSelectionModel::ClearAndSelect);
        QTRY_VERIFY_WITH_TIMEOUT(m_window->action(QStringLiteral("delete"))->isEnabled(), 5000);

        deleteHead(queue, 2);
        QTRY_VERIFY_WITH_TIMEOUT(selectedRowNumbers() == (QList<int>{2, 3, 4}), 5000);
        for (int row : {2, 3, 4}) {
            QCOMPARE(m_window->messageModel()->index(row, MessageListModel::Body).data().toString(),
                     QStringLiteral("message %1").arg(row + 2));
        }
        m_window->action(QStringLiteral("delete"))->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(total(queue), 5ull, 5000);
        QList<QByteArray> left;
        test::onBroker(*m_service, [&](Engine &engine) {
            for (const MessageView &v : engine.browse(queue, 0, 10))
                left << v.state.content->body;
        });
        QCOMPARE(left, (QList<QByteArray>{"message 2", "message 3", "message 7", "message 8", "message 9"}));
    }

private:
    QList<int> selectedRowNumbers() const
    {
        QList<int> rows;
        for (const QModelIndex &index : m_window->messageView()->selectionModel()->selectedRows())
            rows << index.row();
        std::sort(rows.begin(), rows.end());
        return rows;
    }

    void deleteHead(const QString &queue, int count)
    {
        test::onBroker(*m_service, [&](Engine &engine) {
            QList<MessageId> ids;
            for (const MessageView &v : engine.browse(queue, 0, quint64(count)))
                ids << v.state.id;
            QCOMPARE(engine.deleteMessages(queue, ids).value, quint64(count));
        });
    }

    void inspectRow(const QString &queue, int row)
    {
        QTRY_VERIFY_WITH_TIMEOUT(m_window->queueModel()->rowOf(queue) >= 0 && total(queue) > quint64(row), 5000);
        QVERIFY(m_window->selectQueue(queue));
        QTRY_VERIFY_WITH_TIMEOUT(m_window->messageModel()->rowCount() > row, 5000);
        m_window->messageModel()->index(row, 0).data();
        QTRY_VERIFY_WITH_TIMEOUT(m_window->messageModel()->index(row, 0).data(MessageListModel::LoadedRole).toBool(), 5000);
        m_window->messageView()->setCurrentIndex(m_window->messageModel()->index(row, 0));
        QTRY_VERIFY_WITH_TIMEOUT(m_window->inspector()->message().has_value(), 5000);
    }

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
