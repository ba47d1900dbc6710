// Undo for Delete and Purge, driven as a user drives it: select messages,
// press Delete, confirm, then press the status bar's Undo; purge a queue,
// then Ctrl+Z. Messages are counted across all queues before and after: a
// misclick loses nothing, and Undo brings back the very messages in their
// order, once.

#include "GuiTestSupport.h"
#include "ui/client/BrokerClient.h"
#include "ui/models/MessageListModel.h"
#include "ui/models/QueueListModel.h"
#include "ui/views/MainWindow.h"
#include "ui/views/MessageInspector.h"
#include "ui/views/UndoBar.h"

#include <QAction>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPushButton>
#include <QStatusBar>
#include <QTableView>
#include <QTest>

using namespace depot;
using namespace depot::ui;

class TestUndo final : public QObject, public test::WindowFixture
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { prepareApplication(QStringLiteral("tst_undo")); }

    void init()
    {
        QVERIFY(openWindow({}, Wait::Active));
        m_confirmations.clear();
        m_window->setConfirmForTests([this](const QString &text) {
            m_confirmations << text;
            return true;
        });
    }

    void cleanup() { closeWindow(); }

    void deleteThenUndoPutsThemBack()
    {
        test::declareQueue(*m_service, QStringLiteral("orders"));
        test::publishMessages(*m_service, QStringLiteral("orders"), 6);
        test::declareQueue(*m_service, QStringLiteral("other"));
        test::publishMessages(*m_service, QStringLiteral("other"), 2);
        const QList<std::pair<MessageId, QByteArray>> before = contents(QStringLiteral("orders"));
        const quint64 everywhere = messagesEverywhere();
        QCOMPARE(everywhere, 8ull);
        UndoBar *bar = m_window->findChild<UndoBar *>();
        QVERIFY(bar);
        QVERIFY(!bar->isVisible());
        QVERIFY(!m_window->action(QStringLiteral("undo"))->isEnabled());

        showRow(QStringLiteral("orders"), 4);
        QTableView *view = m_window->messageView();
        view->setFocus();
        view->selectionModel()->select(QItemSelection(m_window->messageModel()->index(1, 0),
                                           m_window->messageModel()->index(3, 0)),
            QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        QTest::keyClick(view, Qt::Key_Delete);
        QCOMPARE(m_confirmations.size(), 1);
        QVERIFY2(m_confirmations.first().contains(QStringLiteral("Delete 3 messages from orders?")),
            qPrintable(m_confirmations.first()));
        QVERIFY(m_confirmations.first().contains(QStringLiteral("30 seconds")));
        QTRY_COMPARE_WITH_TIMEOUT(messagesEverywhere(), everywhere - 3, 5000);

        QTRY_VERIFY_WITH_TIMEOUT(bar->isVisible(), 5000);
        QVERIFY2(bar->label()->text().startsWith(QStringLiteral("Deleted 3 messages from orders. Undo within ")),
            qPrintable(bar->label()->text()));
        QVERIFY(m_window->action(QStringLiteral("undo"))->isEnabled());
        QTest::mouseClick(bar->undoButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(messagesEverywhere(), everywhere, 5000);
        QCOMPARE(contents(QStringLiteral("orders")), before); // the same ids and bodies, in their order
        QTRY_VERIFY_WITH_TIMEOUT(
            m_window->statusBar()->currentMessage() == QStringLiteral("Put 3 messages back into orders."), 5000);
        QVERIFY(!bar->isVisible());
        QVERIFY(!m_window->action(QStringLiteral("undo"))->isEnabled());
        // Nothing left to undo: Ctrl+Z changes nothing.
        QTest::keyClick(view, Qt::Key_Z, Qt::ControlModifier);
        QTest::qWait(200);
        QCOMPARE(messagesEverywhere(), everywhere);
    }

    void purgeThenCtrlZPutsThemBack()
    {
        test::declareQueue(*m_service, QStringLiteral("big"));
        test::publishMessages(*m_service, QStringLiteral("big"), 2500);
        test::declareQueue(*m_service, QStringLiteral("other"));
        test::publishMessages(*m_service, QStringLiteral("other"), 2);
        const QList<std::pair<MessageId, QByteArray>> before = contents(QStringLiteral("big"));
        QCOMPARE(messagesEverywhere(), 2502ull);
        showRow(QStringLiteral("big"), 0);

        m_window->action(QStringLiteral("purge"))->trigger();
        QCOMPARE(m_confirmations.size(), 1);
        QVERIFY2(m_confirmations.first().contains(QStringLiteral("Remove all 2,500 ready messages from big?")),
            qPrintable(m_confirmations.first()));
        QVERIFY(m_confirmations.first().contains(QStringLiteral("within 30 seconds")));
        QTRY_COMPARE_WITH_TIMEOUT(messagesEverywhere(), 2ull, 5000);
        UndoBar *bar = m_window->findChild<UndoBar *>();
        QTRY_VERIFY_WITH_TIMEOUT(bar->isVisible(), 5000);
        QVERIFY2(bar->label()->text().startsWith(QStringLiteral("Purged 2,500 messages from big. Undo within ")),
            qPrintable(bar->label()->text()));
        QTRY_COMPARE_WITH_TIMEOUT(m_window->messageModel()->rowCount(), 0, 5000);
        QVERIFY(m_window->grab().save(test::screenshotDir() + QStringLiteral("/undo-purge.png")));

        m_window->messageView()->setFocus();
        QTest::keyClick(m_window->messageView(), Qt::Key_Z, Qt::ControlModifier);
        QTRY_COMPARE_WITH_TIMEOUT(messagesEverywhere(), 2502ull, 5000);
        QCOMPARE(contents(QStringLiteral("big")), before);
        QTRY_COMPARE_WITH_TIMEOUT(m_window->messageModel()->rowCount(), 2500, 5000);
    }

    // Two deletes: Undo takes back the newer first, then the older.
    void undoTakesBackTheNewestFirst()
    {
        test::declareQueue(*m_service, QStringLiteral("q"));
        test::publishMessages(*m_service, QStringLiteral("q"), 4);
        const QList<std::pair<MessageId, QByteArray>> before = contents(QStringLiteral("q"));
        UndoBar *bar = m_window->findChild<UndoBar *>();
        for (int deleted = 1; deleted <= 2; ++deleted) {
            showRow(QStringLiteral("q"), 0);
            // The list shows the queue as it is now: its first row is the next message.
            QTRY_COMPARE_WITH_TIMEOUT(
                m_window->messageModel()->index(0, 0).data(MessageListModel::MessageIdRole).toULongLong(),
                before.at(deleted - 1).first, 5000);
            m_window->messageView()->selectionModel()->select(m_window->messageModel()->index(0, 0),
                QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
            m_window->deleteSelected();
            QTRY_COMPARE_WITH_TIMEOUT(messagesEverywhere(), 4ull - quint64(deleted), 5000);
            QTRY_COMPARE_WITH_TIMEOUT(bar->openOffers(), deleted, 5000);
        }
        bar->undo();
        QTRY_COMPARE_WITH_TIMEOUT(messagesEverywhere(), 3ull, 5000);
        QCOMPARE(contents(QStringLiteral("q")), before.mid(1));
        QVERIFY(bar->isVisible()); // the first delete can still be undone
        bar->undo();
        QTRY_COMPARE_WITH_TIMEOUT(messagesEverywhere(), 4ull, 5000);
        QCOMPARE(contents(QStringLiteral("q")), before);
        QVERIFY(!bar->isVisible());
    }

private:
    quint64 messagesEverywhere()
    {
        quint64 n = 0;
        test::onBroker(*m_service, [&](Engine &engine) {
            for (const QueueInfo &q : engine.queues())
                n += q.ready + q.unacked;
        });
        return n;
    }

    QList<std::pair<MessageId, QByteArray>> contents(const QString &queue)
    {
        QList<std::pair<MessageId, QByteArray>> out;
        test::onBroker(*m_service, [&](Engine &engine) {
            for (const MessageView &v : engine.browse(queue, 0, 100'000))
                out.append({v.state.id, v.state.content->body});
        });
        return out;
    }

    QStringList m_confirmations;
};

QTEST_MAIN(TestUndo)
#include "tst_undo.moc"
