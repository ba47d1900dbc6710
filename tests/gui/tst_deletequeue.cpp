// Deleting a queue from the window: in the queue list's context menu and the
// Messages menu, asked first (saying how many messages go with it, and whose
// dead letters lose their queue), done on the broker thread, the list
// following once it is gone. Declined, nothing changes.

#include "GuiTestSupport.h"
#include "ui/Translations.h"
#include "ui/client/BrokerClient.h"
#include "ui/models/QueueListModel.h"
#include "ui/views/MainWindow.h"
#include "ui/views/QueueListPanel.h"

#include <QAction>
#include <QApplication>
#include <QSettings>
#include <QTableView>
#include <QTest>

using namespace depot;
using namespace depot::ui;

class TestDeleteQueue final : public QObject, public test::WindowFixture
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { prepareApplication(QStringLiteral("tst_deletequeue")); }

    void init()
    {
        QVERIFY(openWindow());
        m_confirmations.clear();
        m_window->setConfirmForTests([this](const QString &text) {
            m_confirmations << text;
            return m_answer;
        });
    }

    void cleanup() { closeWindow(); }

    void inTheQueueListsContextMenu()
    {
        QAction *remove = m_window->action(QStringLiteral("deleteQueue"));
        QVERIFY(remove);
        QVERIFY(m_window->queueView()->actions().contains(remove));
        QCOMPARE(m_window->queueView()->contextMenuPolicy(), Qt::ActionsContextMenu);
        QVERIFY(!remove->isEnabled()); // no queue chosen yet
    }

    void asksFirstThenDeletes()
    {
        test::makeDeadLetters(*m_service, QStringLiteral("orders"), 3);
        QTRY_VERIFY_WITH_TIMEOUT(m_window->queueModel()->rowOf(QStringLiteral("orders.dlq")) >= 0, 5000);
        QVERIFY(m_window->selectQueue(QStringLiteral("orders.dlq")));
        QAction *remove = m_window->action(QStringLiteral("deleteQueue"));
        QTRY_VERIFY_WITH_TIMEOUT(remove->isEnabled(), 5000);
        // The question counts what the window shows: wait until its snapshot
        // has the three dead letters (the queue can appear a refresh earlier).
        QTRY_COMPARE_WITH_TIMEOUT(shownTotal(QStringLiteral("orders.dlq")), quint64(3), 5000);

        m_answer = false;
        remove->trigger();
        QCOMPARE(m_confirmations.size(), 1);
        QVERIFY2(m_confirmations.first().contains(QStringLiteral("Delete the queue orders.dlq and the 3 messages")),
            qPrintable(m_confirmations.first()));
        QVERIFY2(m_confirmations.first().contains(QStringLiteral("dead-letter queue of orders")),
            qPrintable(m_confirmations.first()));
        QTest::qWait(500);
        QVERIFY(m_window->queueModel()->rowOf(QStringLiteral("orders.dlq")) >= 0); // declined: still there

        m_answer = true;
        remove->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(m_window->queueModel()->rowOf(QStringLiteral("orders.dlq")) < 0, 5000);
        QVERIFY(m_window->queueModel()->rowOf(QStringLiteral("orders")) >= 0); // only that one
        bool gone = false;
        test::onBroker(*m_service, [&](Engine &engine) { gone = !engine.queue(QStringLiteral("orders.dlq")); });
        QVERIFY(gone);
    }

private:
    QStringList m_confirmations;
    bool m_answer = true;
};

QTEST_MAIN(TestDeleteQueue)
#include "tst_deletequeue.moc"
