// Replay sends messages back to the queue they died in. For a message that
// never died there is nowhere to send it: the toolbar's Replay was enabled
// anyway and ended in "Done: 0 of 1 messages. 1 skipped". It is enabled only
// for a selection with a dead letter in it, and its tooltip says why not.

#include "GuiTestSupport.h"
#include "ui/client/BrokerClient.h"
#include "ui/models/MessageListModel.h"
#include "ui/models/QueueListModel.h"
#include "ui/views/MainWindow.h"

#include <QAction>
#include <QSettings>
#include <QTabWidget>
#include <QTableView>
#include <QTest>

using namespace depot;
using namespace depot::ui;

class TestReplayTarget final : public QObject, public test::WindowFixture
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { prepareApplication(QStringLiteral("tst_replaytarget"), Plurals::Untranslated); }

    void init() { QVERIFY(openWindow()); }

    void cleanup() { closeWindow(); }

    void ordinaryMessageCannotBeReplayed()
    {
        test::declareQueue(*m_service, QStringLiteral("plain"));
        test::publishMessages(*m_service, QStringLiteral("plain"), 2);
        selectRow(QStringLiteral("plain"), 0);
        QAction *replay = m_window->action(QStringLiteral("replay"));
        QTRY_VERIFY_WITH_TIMEOUT(m_window->action(QStringLiteral("move"))->isEnabled(), 5000);
        QVERIFY(!replay->isEnabled());
        QVERIFY2(replay->toolTip().contains(QStringLiteral("never died")), qPrintable(replay->toolTip()));
    }

    void deadLetterCanBeReplayed()
    {
        test::makeDeadLetters(*m_service, QStringLiteral("orders"), 2);
        selectRow(QStringLiteral("orders.dlq"), 1);
        QAction *replay = m_window->action(QStringLiteral("replay"));
        QTRY_VERIFY_WITH_TIMEOUT(replay->isEnabled(), 5000);
        QVERIFY2(replay->toolTip().contains(QStringLiteral("queues they came from")), qPrintable(replay->toolTip()));
    }

    // A dead letter parked in a queue that is not a dead-letter queue (moved
    // there by hand) still has its origin: Replay is enabled for it.
    void parkedDeadLetterCanBeReplayed()
    {
        test::makeDeadLetters(*m_service, QStringLiteral("jobs"), 1);
        test::declareQueue(*m_service, QStringLiteral("parking"));
        test::onBroker(*m_service, [](Engine &engine) {
            const QList<MessageView> views = engine.browse(QStringLiteral("jobs.dlq"), 0, 10);
            QCOMPARE(views.size(), 1);
            TransferSpec spec;
            spec.source = QStringLiteral("jobs.dlq");
            spec.target = QStringLiteral("parking");
            spec.ids = {views.first().state.id};
            engine.startTransfer(spec);
        });
        QTRY_VERIFY_WITH_TIMEOUT(shownTotal(QStringLiteral("parking")) == 1, 5000);
        selectRow(QStringLiteral("parking"), 0);
        QTRY_VERIFY_WITH_TIMEOUT(m_window->action(QStringLiteral("replay"))->isEnabled(), 5000);
    }

private:
    void selectRow(const QString &queue, int row)
    {
        showRow(queue, row);
        if (QTest::currentTestFailed())
            return;
        m_window->messageView()->selectRow(row);
        QTRY_VERIFY_WITH_TIMEOUT(m_window->action(QStringLiteral("delete"))->isEnabled(), 5000);
    }
};

QTEST_MAIN(TestReplayTarget)
#include "tst_replaytarget.moc"
