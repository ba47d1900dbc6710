// A replayed message that will expire again is shown for what it is: the
// replay summary warns when the target queue's TTL is shorter than the
// messages' age, and the inspector's timeline says "sent back, then expired
// again" rather than one line with a count.

#include "GuiTestSupport.h"
#include "ui/Translations.h"
#include "ui/client/BrokerClient.h"
#include "ui/client/MessageRow.h"
#include "ui/models/MessageListModel.h"
#include "ui/models/QueueListModel.h"
#include "ui/views/MainWindow.h"
#include "ui/views/MessageInspector.h"

#include <QAction>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTest>
#include <QTreeWidget>

using namespace depot;
using namespace depot::ui;

class TestReplayExpiry final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("DepotTests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_replayexpiry"));
        QSettings().clear();
        ensureEnglishPlurals(*qApp);
    }

    void warningOnlyWhenTheTtlIsShorterThanTheAge()
    {
        BrokerSnapshot snapshot;
        QueueRow fast;
        fast.name = QStringLiteral("fast");
        fast.arguments = {{QStringLiteral("x-message-ttl"), 6000}};
        QueueRow slow;
        slow.name = QStringLiteral("slow");
        slow.arguments = {{QStringLiteral("x-message-ttl"), 600000}};
        QueueRow none;
        none.name = QStringLiteral("none");
        snapshot.queues = {fast, slow, none};
        const qint64 now = 1'000'000'000;
        MessageRow row;
        row.originQueue = QStringLiteral("fast");
        row.firstDeathMs = now - 20000;
        row.enqueuedAtMs = now - 1000;
        const QString warning = MessageActions::replayExpiryWarning({row}, QString(), snapshot, now);
        QVERIFY2(warning.contains(QStringLiteral("fast expires messages after 6 s")), qPrintable(warning));
        QVERIFY2(warning.contains(QStringLiteral("the age of 1 replayed message (up to 20 s)")), qPrintable(warning));
        QVERIFY(MessageActions::replayExpiryWarning({row}, QStringLiteral("slow"), snapshot, now).isEmpty());
        QVERIFY(MessageActions::replayExpiryWarning({row}, QStringLiteral("none"), snapshot, now).isEmpty());
        row.firstDeathMs = now - 1000; // younger than the TTL
        QVERIFY(MessageActions::replayExpiryWarning({row}, QString(), snapshot, now).isEmpty());
    }

    void replayedThenExpiredAgain()
    {
        auto service = test::startBroker();
        QVERIFY(service);
        MainWindow window(service.get());
        window.resize(1280, 800);
        window.show();
        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        window.setTargetChooserForTests([](const QStringList &items) { return std::optional<QString>(items.first()); });
        window.setConfirmForTests([](const QString &) { return true; });

        test::declareQueue(*service, QStringLiteral("short.dlq"));
        test::declareQueue(*service, QStringLiteral("short"),
            {{QStringLiteral("x-message-ttl"), 300}, {QStringLiteral("x-dead-letter-exchange"), QString()},
                {QStringLiteral("x-dead-letter-routing-key"), QStringLiteral("short.dlq")}});
        test::publishMessages(*service, QStringLiteral("short"), 1, QStringLiteral("late"));
        const auto total = [&window](const QString &queue) {
            const QueueRow *q = window.client()->snapshot()->queue(queue);
            return q ? q->total() : 0;
        };
        QTRY_COMPARE_WITH_TIMEOUT(total(QStringLiteral("short.dlq")), 1ull, 10000);
        QTest::qWait(400); // older than the queue's TTL now

        QVERIFY(window.selectQueue(QStringLiteral("short.dlq")));
        window.tabs()->setCurrentIndex(MainWindow::MessagesTab);
        QTRY_VERIFY_WITH_TIMEOUT(window.messageModel()->rowCount() == 1, 5000);
        window.messageModel()->index(0, 0).data();
        QTRY_VERIFY_WITH_TIMEOUT(window.messageModel()->index(0, 0).data(MessageListModel::LoadedRole).toBool(), 5000);
        window.messageView()->setFocus();
        window.messageView()->selectRow(0);
        QTRY_VERIFY_WITH_TIMEOUT(window.action(QStringLiteral("replay"))->isEnabled(), 5000);
        QTRY_VERIFY_WITH_TIMEOUT(window.inspector()->message().has_value(), 5000);
        const MessageId replayed = window.inspector()->message()->state.id;
        QTest::keyClick(window.messageView(), Qt::Key_R, Qt::ControlModifier);
        QTRY_VERIFY_WITH_TIMEOUT(
            window.statusBar()->currentMessage().contains(QStringLiteral("Warning: short expires")), 5000);
        QVERIFY(window.statusBar()->currentMessage().contains(QStringLiteral("dead-lettered again")));

        // It expires again and is back in the dead-letter queue: the
        // timeline says so.
        QTRY_COMPARE_WITH_TIMEOUT(total(QStringLiteral("short")), 0ull, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(total(QStringLiteral("short.dlq")), 1ull, 10000);
        window.messageModel()->invalidate();
        QTRY_VERIFY_WITH_TIMEOUT(window.messageModel()->rowCount() == 1, 5000);
        // Until its page is read again, the row shows the message replayed.
        QTRY_VERIFY_WITH_TIMEOUT(
            window.messageModel()->index(0, 0).data(MessageListModel::MessageIdRole).toULongLong() != replayed, 5000);
        // Not selectRow(): it reads the keyboard modifiers, which the Ctrl+R
        // click may leave set on the offscreen platform (Ctrl toggles the row off).
        const auto choose = [&window] {
            window.messageView()->selectionModel()->clearCurrentIndex(); // the view may have made row 0 current
            window.messageView()->selectionModel()->setCurrentIndex(
                window.messageModel()->index(0, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        };
        choose();
        // About one run in three on the offscreen platform, the replay's own
        // "select the next message" lands after this choice and the inspector
        // is left empty (noted on the window's issue): choose again until it
        // shows a message; what this test checks is what it then shows.
        const auto deaths = [&window, &choose] {
            const auto &m = window.inspector()->message();
            if (!m || !m->state.content) {
                choose();
                return QStringLiteral("nothing inspected");
            }
            QStringList records;
            for (const DeathRecord &d : m->state.content->deaths.records)
                records << QStringLiteral("%1/%2/%3").arg(d.queue, deathReasonName(d.reason)).arg(d.count);
            return records.join(u',');
        };
        QTRY_VERIFY2_WITH_TIMEOUT(deaths() == QStringLiteral("short/expired/2"), qPrintable(deaths()), 5000);
        QTreeWidget *timeline = window.inspector()->deathTimeline();
        QString again;
        for (int i = 0; i < timeline->topLevelItemCount(); ++i) {
            QTreeWidgetItem *item = timeline->topLevelItem(i);
            for (int c = 0; c < item->childCount(); ++c)
                if (item->child(c)->text(0) == QStringLiteral("again"))
                    again = item->child(c)->text(1);
        }
        QVERIFY2(again.contains(QStringLiteral("then expired again, 2 times in all")), qPrintable(again));
        window.inspector()->sectionTabs()->setCurrentWidget(timeline);
        QVERIFY(window.inspector()->grab().save(test::screenshotDir() + QStringLiteral("/expired-again.png")));
    }
};

QTEST_MAIN(TestReplayExpiry)
#include "tst_replayexpiry.moc"
