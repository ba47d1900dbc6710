// The window from the keyboard alone: Tab goes from the queue list to the
// message list and the inspector (it walked the queue list cell by cell,
// changing the selected queue every nine presses), F6 cycles the panes, the
// pane with the keyboard is framed, and after delete, replay or move the next
// message is selected so Del and Ctrl+R keep working.

#include "GuiTestSupport.h"
#include "ui/client/BrokerClient.h"
#include "ui/models/MessageListModel.h"
#include "ui/models/QueueListModel.h"
#include "ui/views/MainWindow.h"
#include "ui/views/MessageBrowser.h"
#include "ui/views/MessageInspector.h"

#include <QAction>
#include <QApplication>
#include <QFocusFrame>
#include <QMenu>
#include <QSettings>
#include <QTabWidget>
#include <QTableView>
#include <QTest>
#include <QTimer>

using namespace depot;
using namespace depot::ui;

class TestKeyboard final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("DepotTests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_keyboard"));
        QSettings().clear();
    }

    void init()
    {
        m_service = test::startBroker();
        QVERIFY(m_service);
        m_window = std::make_unique<MainWindow>(m_service.get());
        m_window->resize(1280, 800);
        m_window->show();
        m_window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
        m_window->setConfirmForTests([](const QString &) { return true; });
        m_window->setTargetChooserForTests(
            [](const QStringList &items) { return std::optional<QString>(items.first()); });
    }

    void cleanup()
    {
        m_window.reset();
        m_service.reset();
        QSettings().clear();
    }

    void tabLeavesTheQueueList()
    {
        for (const QString &q : {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")})
            test::declareQueue(*m_service, q);
        QTRY_VERIFY_WITH_TIMEOUT(m_window->queueModel()->rowCount() >= 3, 5000);
        QVERIFY(m_window->selectQueue(QStringLiteral("a")));
        m_window->tabs()->setCurrentIndex(MainWindow::MessagesTab);
        m_window->queueView()->setFocus();
        QTRY_VERIFY(m_window->queueView()->hasFocus());
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        QVERIFY2(m_window->messageView()->hasFocus(),
            qPrintable(QApplication::focusWidget() ? QApplication::focusWidget()->objectName() : QString()));
        QCOMPARE(m_window->currentQueue(), QStringLiteral("a"));
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        QVERIFY(m_window->inspector()->isAncestorOf(QApplication::focusWidget()));
        // And back.
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Backtab);
        QVERIFY(m_window->messageView()->hasFocus());
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Backtab);
        QVERIFY(m_window->queueView()->hasFocus());
        QCOMPARE(m_window->currentQueue(), QStringLiteral("a"));
    }

    void f6CyclesThePanesAndFocusIsVisible()
    {
        test::declareQueue(*m_service, QStringLiteral("a"));
        QTRY_VERIFY_WITH_TIMEOUT(m_window->queueModel()->rowCount() >= 1, 5000);
        m_window->tabs()->setCurrentIndex(MainWindow::MessagesTab);
        m_window->queueView()->setFocus();
        QTRY_VERIFY(m_window->queueView()->hasFocus());
        QVERIFY(m_window->focusFrame()->isVisible());
        QCOMPARE(m_window->focusFrame()->widget(), m_window->queueView());
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_F6);
        QVERIFY(m_window->messageView()->hasFocus());
        QCOMPARE(m_window->focusFrame()->widget(), m_window->messageView());
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_F6);
        QVERIFY(m_window->inspector()->isAncestorOf(QApplication::focusWidget()));
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_F6);
        QVERIFY(m_window->queueView()->hasFocus());
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_F6, Qt::ShiftModifier);
        QVERIFY(m_window->inspector()->isAncestorOf(QApplication::focusWidget()));
        m_window->queueView()->setFocus();
        QVERIFY(m_window->grab().save(test::screenshotDir() + QStringLiteral("/keyboard-focus.png")));
    }

    // Shift+F10 opens the context menu like the Menu key; the queue list has one.
    void shiftF10OpensTheContextMenu()
    {
        test::declareQueue(*m_service, QStringLiteral("menu"));
        QTRY_VERIFY_WITH_TIMEOUT(m_window->queueModel()->rowOf(QStringLiteral("menu")) >= 0, 5000);
        QVERIFY(m_window->selectQueue(QStringLiteral("menu")));
        m_window->queueView()->setFocus();
        QTRY_VERIFY(m_window->queueView()->hasFocus());
        QStringList entries;
        QTimer::singleShot(0, this, [&entries] {
            QWidget *popup = QApplication::activePopupWidget();
            if (auto *menu = qobject_cast<QMenu *>(popup)) {
                for (QAction *a : menu->actions())
                    entries << a->text();
                menu->close();
            }
        });
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_F10, Qt::ShiftModifier);
        QVERIFY2(entries.contains(QStringLiteral("P&urge queue…")), qPrintable(entries.join(u'|')));
        QVERIFY(entries.contains(QStringLiteral("Copy queue &name")));
    }

    void deleteSelectsTheNextMessage()
    {
        test::declareQueue(*m_service, QStringLiteral("work"));
        test::publishMessages(*m_service, QStringLiteral("work"), 5);
        selectRow(QStringLiteral("work"), 1);
        QCOMPARE(inspectedBody(), QByteArray("message 1"));
        QTest::keyClick(m_window->messageView(), Qt::Key_Delete);
        QTRY_COMPARE_WITH_TIMEOUT(inspectedBody(), QByteArray("message 2"), 5000);
        QCOMPARE(m_window->messageView()->currentIndex().row(), 1);
        QTRY_VERIFY_WITH_TIMEOUT(m_window->action(QStringLiteral("delete"))->isEnabled(), 5000);
        QTest::keyClick(m_window->messageView(), Qt::Key_Delete);
        QTRY_COMPARE_WITH_TIMEOUT(inspectedBody(), QByteArray("message 3"), 5000);
        QTRY_COMPARE_WITH_TIMEOUT(total(QStringLiteral("work")), 3ull, 5000);
    }

    void deletingTheLastSelectsTheNewLast()
    {
        test::declareQueue(*m_service, QStringLiteral("tail"));
        test::publishMessages(*m_service, QStringLiteral("tail"), 3);
        selectRow(QStringLiteral("tail"), 2);
        QTest::keyClick(m_window->messageView(), Qt::Key_Delete);
        QTRY_COMPARE_WITH_TIMEOUT(inspectedBody(), QByteArray("message 1"), 5000);
        QCOMPARE(m_window->messageView()->currentIndex().row(), 1);
    }

    void replaySelectsTheNextMessage()
    {
        test::makeDeadLetters(*m_service, QStringLiteral("orders"), 3);
        selectRow(QStringLiteral("orders.dlq"), 0);
        const MessageId first = m_window->inspector()->message()->state.id;
        QTRY_VERIFY_WITH_TIMEOUT(m_window->action(QStringLiteral("replay"))->isEnabled(), 5000);
        QTest::keyClick(m_window->messageView(), Qt::Key_R, Qt::ControlModifier);
        QTRY_COMPARE_WITH_TIMEOUT(total(QStringLiteral("orders")), 1ull, 5000);
        QTRY_VERIFY_WITH_TIMEOUT(
            m_window->inspector()->message() && m_window->inspector()->message()->state.id != first, 5000);
        QCOMPARE(m_window->messageView()->currentIndex().row(), 0);
        QTRY_VERIFY_WITH_TIMEOUT(m_window->action(QStringLiteral("replay"))->isEnabled(), 5000);
        QTest::keyClick(m_window->messageView(), Qt::Key_R, Qt::ControlModifier);
        QTRY_COMPARE_WITH_TIMEOUT(total(QStringLiteral("orders")), 2ull, 5000);
    }

private:
    QByteArray inspectedBody() const
    {
        const auto &m = m_window->inspector()->message();
        return m && m->state.content ? m->state.content->body : QByteArray();
    }

    quint64 total(const QString &queue) const
    {
        const QueueRow *q = m_window->client()->snapshot()->queue(queue);
        return q ? q->total() : 0;
    }

    void selectRow(const QString &queue, int row)
    {
        QTRY_VERIFY_WITH_TIMEOUT(m_window->queueModel()->rowOf(queue) >= 0 && total(queue) > quint64(row), 5000);
        QVERIFY(m_window->selectQueue(queue));
        m_window->tabs()->setCurrentIndex(MainWindow::MessagesTab);
        QTRY_VERIFY_WITH_TIMEOUT(m_window->messageModel()->rowCount() > row, 5000);
        m_window->messageModel()->index(row, 0).data();
        QTRY_VERIFY_WITH_TIMEOUT(
            m_window->messageModel()->index(row, 0).data(MessageListModel::LoadedRole).toBool(), 5000);
        m_window->messageView()->setFocus();
        // Not selectRow(): it reads the keyboard modifiers, which an earlier
        // Shift+key click may leave set on the offscreen platform.
        m_window->messageView()->selectionModel()->setCurrentIndex(
            m_window->messageModel()->index(row, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        QTRY_VERIFY_WITH_TIMEOUT(m_window->inspector()->message().has_value(), 5000);
        QTRY_VERIFY2_WITH_TIMEOUT(m_window->action(QStringLiteral("delete"))->isEnabled(),
            qPrintable(QStringLiteral("selected %1, ids %2, current %3, running %4")
                           .arg(m_window->messageView()->selectionModel()->selectedRows().size())
                           .arg(m_window->browser()->selectedIds().size())
                           .arg(m_window->messageView()->currentIndex().row())
                           .arg(m_service->isRunning())),
            5000);
    }

    std::unique_ptr<BrokerService> m_service;
    std::unique_ptr<MainWindow> m_window;
};

QTEST_MAIN(TestKeyboard)
#include "tst_keyboard.moc"
