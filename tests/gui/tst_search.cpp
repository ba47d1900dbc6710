// Search as a user leans on it: a queue's message filter survives switching
// to another queue and back; the queue filter finds dead-letter queues and
// queues by their arguments; Ctrl+G jumps to "#N" or a message id; one
// search runs over every queue with the matches grouped by queue.

#include "GuiTestSupport.h"
#include "ui/client/BrokerClient.h"
#include "ui/models/MessageListModel.h"
#include "ui/models/QueueListModel.h"
#include "ui/views/MainWindow.h"
#include "ui/views/MessageBrowser.h"
#include "ui/views/MessageInspector.h"
#include "ui/views/SearchAllDialog.h"

#include <QAction>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QTabWidget>
#include <QTableView>
#include <QTest>
#include <QTreeWidget>

using namespace depot;
using namespace depot::ui;

class TestSearch final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("DepotTests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_search"));
        QSettings().clear();
        m_service = test::startBroker();
        QVERIFY(m_service);
        test::declareQueue(*m_service, QStringLiteral("alpha"));
        test::publishMessages(*m_service, QStringLiteral("alpha"), 30, QStringLiteral("apple"));
        test::publishMessages(*m_service, QStringLiteral("alpha"), 3, QStringLiteral("needle"));
        test::declareQueue(*m_service, QStringLiteral("beta"), {{QStringLiteral("x-message-ttl"), 6000}});
        test::publishMessages(*m_service, QStringLiteral("beta"), 5, QStringLiteral("needle"));
        test::makeDeadLetters(*m_service, QStringLiteral("gamma"), 2);
        m_window = std::make_unique<MainWindow>(m_service.get());
        m_window->resize(1280, 800);
        m_window->show();
        m_window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
        QTRY_VERIFY_WITH_TIMEOUT(m_window->queueModel()->rowOf(QStringLiteral("gamma.dlq")) >= 0, 5000);
    }

    void cleanupTestCase()
    {
        m_window.reset();
        m_service.reset();
        QSettings().clear();
    }

    // The filter was cleared whenever another queue was picked.
    void filterSurvivesSwitchingQueues()
    {
        QVERIFY(m_window->selectQueue(QStringLiteral("alpha")));
        m_window->tabs()->setCurrentIndex(MainWindow::MessagesTab);
        QLineEdit *filter = m_window->messageFilter();
        filter->setText(QStringLiteral("needle"));
        QTest::keyClick(filter, Qt::Key_Return);
        QTRY_COMPARE_WITH_TIMEOUT(m_window->messageModel()->rowCount(), 3, 5000);
        QVERIFY(m_window->selectQueue(QStringLiteral("beta")));
        QCOMPARE(filter->text(), QString()); // beta has none of its own
        QTRY_COMPARE_WITH_TIMEOUT(m_window->messageModel()->rowCount(), 5, 5000);
        QVERIFY(m_window->selectQueue(QStringLiteral("alpha")));
        QCOMPARE(filter->text(), QStringLiteral("needle"));
        QTRY_COMPARE_WITH_TIMEOUT(m_window->messageModel()->rowCount(), 3, 5000);
        QVERIFY(m_window->messageModel()->isFiltered());
        filter->clear(); // cleared, it is forgotten
        QVERIFY(m_window->selectQueue(QStringLiteral("beta")));
        QVERIFY(m_window->selectQueue(QStringLiteral("alpha")));
        QCOMPARE(filter->text(), QString());
    }

    void queueFilterMatchesKindAndArguments()
    {
        QSortFilterProxyModel *proxy = m_window->queueProxy();
        const auto shown = [proxy] {
            QStringList names;
            for (int r = 0; r < proxy->rowCount(); ++r)
                names << proxy->index(r, QueueListModel::Name).data(QueueListModel::QueueNameRole).toString();
            names.sort();
            return names;
        };
        m_window->queueFilter()->setText(QStringLiteral("dead-letter-queue"));
        QCOMPARE(shown(), QStringList{QStringLiteral("gamma.dlq")});
        m_window->queueFilter()->setText(QStringLiteral("message-ttl"));
        QCOMPARE(shown(), QStringList{QStringLiteral("beta")});
        m_window->queueFilter()->setText(QStringLiteral("ttl=6000"));
        QCOMPARE(shown(), QStringList{QStringLiteral("beta")});
        m_window->queueFilter()->setText(QStringLiteral("alp"));
        QCOMPARE(shown(), QStringList{QStringLiteral("alpha")});
        m_window->queueFilter()->clear();
    }

    void goToPositionOrId()
    {
        QVERIFY(m_window->selectQueue(QStringLiteral("alpha")));
        m_window->tabs()->setCurrentIndex(MainWindow::MessagesTab);
        QTRY_COMPARE_WITH_TIMEOUT(m_window->messageModel()->rowCount(), 33, 5000);
        m_window->messageActions()->setGoToForTests([] { return QStringLiteral("#25"); });
        m_window->activateWindow();
        QTest::keyClick(m_window->messageView(), Qt::Key_G, Qt::ControlModifier);
        QTRY_COMPARE_WITH_TIMEOUT(m_window->messageView()->currentIndex().row(), 24, 5000);
        QTRY_VERIFY_WITH_TIMEOUT(body() == QByteArray("apple 24"), 5000);
        MessageId id = 0;
        test::onBroker(
            *m_service, [&id](Engine &engine) { id = engine.browse(QStringLiteral("alpha"), 31, 1).first().state.id; });
        m_window->messageActions()->setGoToForTests([id] { return QString::number(id); });
        QTest::keyClick(m_window->messageView(), Qt::Key_G, Qt::ControlModifier);
        QTRY_COMPARE_WITH_TIMEOUT(m_window->messageView()->currentIndex().row(), 31, 5000);
        QTRY_VERIFY_WITH_TIMEOUT(body() == QByteArray("needle 1"), 5000);
    }

    void searchAcrossQueues()
    {
        SearchAllDialog *dialog = m_window->searchAllQueues();
        dialog->textEdit()->setText(QStringLiteral("needle"));
        dialog->search();
        QTRY_VERIFY_WITH_TIMEOUT(!dialog->isSearching(), 10000);
        QCOMPARE(dialog->statusLabel()->text(), QStringLiteral("8 matches"));
        QTreeWidget *results = dialog->results();
        QCOMPARE(results->topLevelItemCount(), 2);
        QCOMPARE(results->topLevelItem(0)->text(0), QStringLiteral("alpha (3 matches)"));
        QCOMPARE(results->topLevelItem(1)->text(0), QStringLiteral("beta (5 matches)"));
        QVERIFY(dialog->grab().save(test::screenshotDir() + QStringLiteral("/search-all-queues.png")));
        // A set of queues.
        dialog->queuesEdit()->setText(QStringLiteral("bet"));
        dialog->search();
        QTRY_VERIFY_WITH_TIMEOUT(!dialog->isSearching(), 10000);
        QCOMPARE(results->topLevelItemCount(), 1);
        // Opening a match shows it in the window.
        QTreeWidgetItem *third = results->topLevelItem(0)->child(2);
        QVERIFY(third);
        Q_EMIT results->itemActivated(third, 0);
        QTRY_COMPARE_WITH_TIMEOUT(m_window->currentQueue(), QStringLiteral("beta"), 5000);
        QTRY_VERIFY_WITH_TIMEOUT(body() == QByteArray("needle 2"), 5000);
        dialog->close();
    }

private:
    QByteArray body() const
    {
        const auto &m = m_window->inspector()->message();
        return m && m->state.content ? m->state.content->body : QByteArray();
    }

    std::unique_ptr<BrokerService> m_service;
    std::unique_ptr<MainWindow> m_window;
};

QTEST_MAIN(TestSearch)
#include "tst_search.moc"
