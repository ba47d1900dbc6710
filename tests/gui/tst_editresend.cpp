// Edit and resend, driven as a user drives it: pick a message in the window,
// open the dialog (Ctrl+E), tick "Remove the original", press Send. The
// message must then exist exactly once (counted across all queues), the
// original must be gone only after the copy is in, and the body must go out
// byte for byte as it came unless the user edited it.

#include "GuiTestSupport.h"
#include "tests/support/AnyFreePorts.h"
#include "broker/store/Store.h"
#include "ui/client/BrokerClient.h"
#include "ui/models/MessageListModel.h"
#include "ui/models/QueueListModel.h"
#include "ui/views/HistoryTimeline.h"
#include "ui/views/MainWindow.h"
#include "ui/views/MessageInspector.h"
#include "ui/views/PublishDialog.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScopeGuard>
#include <QSettings>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTreeWidget>

using namespace depot;
using namespace depot::ui;

class TestEditResend final : public QObject, public test::WindowFixture
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { prepareApplication(QStringLiteral("tst_editresend"), Plurals::Untranslated); }

    void init() { QVERIFY(openWindow({}, Wait::Active)); }

    void cleanup() { closeWindow(); }

    // The bug: the status said "Sent 1 message(s)." and the original stayed,
    // so every edit duplicated the message.
    void removeOriginalRemovesItOnce_data()
    {
        QTest::addColumn<QString>("queue");
        QTest::addColumn<bool>("deadLetter");
        QTest::addRow("dead letter") << "orders.dlq" << true;
        QTest::addRow("ordinary") << "plain" << false;
    }

    void removeOriginalRemovesItOnce()
    {
        QFETCH(QString, queue);
        QFETCH(bool, deadLetter);
        if (deadLetter) {
            test::makeDeadLetters(*m_service, QStringLiteral("orders"), 3);
        } else {
            test::declareQueue(*m_service, queue);
            test::publishMessages(*m_service, queue, 3);
        }
        inspectRow(queue, 1);
        const MessageId original = m_window->inspector()->message()->state.id;
        const QByteArray body = m_window->inspector()->message()->state.content->body;
        const quint64 before = messagesEverywhere();
        QCOMPARE(before, 3ull);

        resendWithDialog([](PublishDialog *dialog) {
            QVERIFY(dialog->removeOriginalBox()->isVisible());
            QTest::mouseClick(
                dialog->removeOriginalBox(), Qt::LeftButton, {}, QPoint(5, dialog->removeOriginalBox()->height() / 2));
            QVERIFY(dialog->removeOriginalBox()->isChecked());
        });
        QTRY_VERIFY_WITH_TIMEOUT(
            m_window->statusBar()->currentMessage().contains(QStringLiteral("Removed the original")), 5000);
        QCOMPARE(messagesEverywhere(), before);
        QVERIFY(!contains(queue, original));
        QCOMPARE(bodiesEverywhere().count(body), 1); // the copy, once

        // And without ticking the box, the original stays: one more message.
        inspectRow(queue, 0);
        resendWithDialog([](PublishDialog *dialog) { QVERIFY(!dialog->removeOriginalBox()->isChecked()); });
        QTRY_VERIFY_WITH_TIMEOUT(
            m_window->statusBar()->currentMessage().startsWith(QStringLiteral("Sent 1 message")), 5000);
        QTRY_COMPARE_WITH_TIMEOUT(messagesEverywhere(), before + 1, 5000);
    }

    // The original left the queue while the dialog was open: the copy goes
    // out, nothing else is removed, and the window says what happened.
    void originalGoneMeanwhileIsSaid()
    {
        const QString queue = QStringLiteral("jobs");
        test::declareQueue(*m_service, queue);
        test::publishMessages(*m_service, queue, 2);
        inspectRow(queue, 0);
        const MessageId original = m_window->inspector()->message()->state.id;
        resendWithDialog([this, queue, original](PublishDialog *dialog) {
            dialog->removeOriginalBox()->setChecked(true);
            test::onBroker(
                *m_service, [&](Engine &engine) { QCOMPARE(engine.deleteMessages(queue, {original}).value, 1ull); });
        });
        QTRY_VERIFY_WITH_TIMEOUT(
            m_window->statusBar()->currentMessage().contains(QStringLiteral("had already left jobs")), 5000);
        QCOMPARE(messagesEverywhere(), 2ull); // the other one and the copy
    }

    // A copy that reaches no queue is no reason to drop the original.
    void failedResendKeepsTheOriginal()
    {
        const QString queue = QStringLiteral("keep");
        test::declareQueue(*m_service, queue);
        test::publishMessages(*m_service, queue, 1);
        inspectRow(queue, 0);
        bool warned = false;
        resendWithDialog([this, &warned](PublishDialog *dialog) {
            dialog->removeOriginalBox()->setChecked(true);
            dialog->routingKeyEdit()->setText(QStringLiteral("no-such-queue"));
            // The warning about the dropped copy is modal: read and close it.
            QTimer::singleShot(0, this, [&warned] { closeModal(&warned); });
        });
        QTRY_VERIFY_WITH_TIMEOUT(warned, 5000);
        QTest::qWait(200);
        QCOMPARE(messagesEverywhere(), 1ull);
    }

    // An unchanged body goes out byte for byte: compact JSON stays compact,
    // its keys in their order, its numbers as written.
    void unchangedBodyIsSentAsItCame()
    {
        const QString queue = QStringLiteral("raw");
        test::declareQueue(*m_service, queue);
        const QByteArray body = R"({"z":1,"a":{"y":2.50,"b":[1,2]},  "tag":"caf\u00e9 ü"})";
        test::onBroker(*m_service, [&](Engine &engine) {
            MessageProperties p;
            p.contentType = QStringLiteral("application/json");
            engine.publish(QString(), queue, p, body);
        });
        inspectRow(queue, 0);
        MessageInspector *inspector = m_window->inspector();
        // The Text tab shows the body as it is; Pretty is a view of it.
        QCOMPARE(inspector->bodyText()->toPlainText(), QString::fromUtf8(body));
        QVERIFY(inspector->prettyToggle()->isEnabled());
        inspector->prettyToggle()->setChecked(true);
        const QString pretty = inspector->bodyText()->toPlainText();
        QVERIFY2(pretty.indexOf(QStringLiteral("\"z\"")) < pretty.indexOf(QStringLiteral("\"a\"")), qPrintable(pretty));
        QVERIFY(pretty.contains(QStringLiteral("\"y\": 2.50")));
        QVERIFY(pretty.contains(u'\n'));
        inspector->bodyTabs()->setCurrentIndex(0);
        QVERIFY(inspector->grab().save(test::screenshotDir() + QStringLiteral("/inspector-text-pretty.png")));
        inspector->prettyToggle()->setChecked(false);
        QCOMPARE(inspector->bodyText()->toPlainText(), QString::fromUtf8(body));

        resendWithDialog([&body](PublishDialog *dialog) {
            QCOMPARE(dialog->bodyEdit()->toPlainText(), QString::fromUtf8(body));
            QVERIFY(dialog->grab().save(test::screenshotDir() + QStringLiteral("/edit-and-resend.png")));
            dialog->removeOriginalBox()->setChecked(true);
        });
        QTRY_VERIFY_WITH_TIMEOUT(
            m_window->statusBar()->currentMessage().contains(QStringLiteral("Removed the original")), 5000);
        QCOMPARE(bodiesEverywhere(), QList<QByteArray>{body});
    }

    // What the user types is what goes out.
    void editedBodyIsSentAsEdited()
    {
        const QString queue = QStringLiteral("edited");
        test::declareQueue(*m_service, queue);
        test::publishMessages(*m_service, queue, 1, QStringLiteral("draft"));
        inspectRow(queue, 0);
        resendWithDialog([](PublishDialog *dialog) {
            dialog->bodyEdit()->selectAll();
            QTest::keyClicks(dialog->bodyEdit(), QStringLiteral("final {\"b\":1,\"a\":2}"));
            dialog->removeOriginalBox()->setChecked(true);
        });
        QTRY_VERIFY_WITH_TIMEOUT(
            m_window->statusBar()->currentMessage().contains(QStringLiteral("Removed the original")), 5000);
        QCOMPARE(bodiesEverywhere(), QList<QByteArray>{"final {\"b\":1,\"a\":2}"});
    }

    // The two stories link: the original's History tab says it was edited
    // and resent as the copy's id, the copy's that it was edited from the
    // original's.
    void originalAndCopyLinkTheirStories()
    {
        const QString queue = QStringLiteral("stories");
        test::declareQueue(*m_service, queue);
        test::publishMessages(*m_service, queue, 1, QStringLiteral("first"));
        inspectRow(queue, 0);
        const MessageId original = m_window->inspector()->message()->state.id;
        resendWithDialog([](PublishDialog *dialog) {
            dialog->bodyEdit()->selectAll();
            QTest::keyClicks(dialog->bodyEdit(), QStringLiteral("second"));
        });
        QTRY_VERIFY_WITH_TIMEOUT(
            m_window->statusBar()->currentMessage().startsWith(QStringLiteral("Sent 1 message")), 5000);
        MessageId copy = 0;
        test::onBroker(*m_service, [&](Engine &engine) {
            for (const MessageView &v : engine.browse(queue, 0, 10))
                if (v.state.id != original)
                    copy = v.state.id;
        });
        QVERIFY(copy != 0);

        const QString resentAs = QStringLiteral("edited and resent as id %1 to \u201cstories\u201d").arg(copy);
        const QString editedFrom = QStringLiteral("edited from id %1 in \u201cstories\u201d").arg(original);
        m_window->messageModel()->invalidate();
        inspectRow(queue, 0);
        QTRY_COMPARE_WITH_TIMEOUT(m_window->inspector()->message()->state.id, original, 5000);
        m_window->inspector()->sectionTabs()->setCurrentIndex(MessageInspector::HistoryTab);
        QTRY_COMPARE_WITH_TIMEOUT(lastEvent(), (QStringList{QStringLiteral("Edited and resent"), resentAs}), 5000);
        inspectRow(queue, 1);
        QTRY_COMPARE_WITH_TIMEOUT(m_window->inspector()->message()->state.id, copy, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(lastEvent(), (QStringList{QStringLiteral("Edited and resent"), editedFrom}), 5000);
    }

    // The original goes only once the copy is committed to the store. A
    // second connection holds SQLite's write lock, so the store cannot commit
    // the copy: the original must stay (and the window must not claim it
    // was removed) until the lock is released.
    void originalStaysUntilTheCopyIsCommitted()
    {
        m_window.reset();
        m_service.reset();
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        BrokerOptions options;
        options.dataDir = dir.path();
        depot::test::anyFreePorts(options);
        m_service = std::make_unique<BrokerService>(options);
        QSignalSpy started(m_service.get(), &BrokerService::started);
        m_service->start();
        QTRY_VERIFY_WITH_TIMEOUT(!started.isEmpty(), 20000);
        m_window = std::make_unique<MainWindow>(m_service.get());
        m_window->show();
        m_window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));

        const QString queue = QStringLiteral("durable");
        test::onBroker(*m_service, [&](Engine &engine) {
            QueueDef def;
            def.name = queue;
            def.durable = true;
            QVERIFY(engine.declareQueue(def, false).ok());
            MessageProperties p;
            p.deliveryMode = 2;
            p.contentType = QStringLiteral("text/plain");
            engine.publish(QString(), queue, p, "keep me safe");
        });
        bool flushed = false;
        test::onBroker(*m_service, [&](Engine &engine) {
            engine.flushStore();
            flushed = engine.store()->flush();
        });
        QVERIFY(flushed);
        inspectRow(queue, 0);
        const MessageId original = m_window->inspector()->message()->state.id;

        {
            QSqlDatabase lock = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("lock"));
            lock.setDatabaseName(dir.filePath(QStringLiteral("depot.db")));
            QVERIFY(lock.open());
            QSqlQuery begin(lock);
            QVERIFY2(begin.exec(QStringLiteral("BEGIN EXCLUSIVE")), qPrintable(begin.lastError().text()));

            // The dialog sends and waits for the answer, which comes only
            // after the commit: while SQLite is locked it stays open, the
            // copy is published (a call queued after the request on the broker
            // thread has run) and the original is still there.
            resendWithDialog(
                [](PublishDialog *dialog) {
                    QVERIFY(dialog->properties().persistent());
                    dialog->removeOriginalBox()->setChecked(true);
                },
                [&](PublishDialog *dialog) {
                    const auto unlock = qScopeGuard([&lock] {
                        QSqlQuery end(lock);
                        end.exec(QStringLiteral("ROLLBACK"));
                    });
                    test::onBroker(*m_service, [](Engine &) {});
                    QCoreApplication::processEvents();
                    test::onBroker(*m_service, [](Engine &) {});
                    QCoreApplication::processEvents();
                    QVERIFY(dialog->isVisible());
                    QVERIFY(contains(queue, original));
                    QCOMPARE(messagesEverywhere(), 2ull);
                });
            lock.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("lock"));
        QTRY_VERIFY_WITH_TIMEOUT(
            m_window->statusBar()->currentMessage().contains(QStringLiteral("Removed the original")), 20000);
        QVERIFY(!contains(queue, original));
        QCOMPARE(bodiesEverywhere(), QList<QByteArray>{"keep me safe"});
    }

private:
    // The last row of the inspector's timeline: its event and details.
    QStringList lastEvent()
    {
        const QTreeWidget *events = m_window->inspector()->historyTimeline()->events();
        const int n = events->topLevelItemCount();
        if (n == 0)
            return {};
        const QTreeWidgetItem *item = events->topLevelItem(n - 1);
        return {item->text(HistoryTimeline::EventColumn), item->text(HistoryTimeline::DetailsColumn)};
    }

    // Opens the dialog with Ctrl+E as a user does, lets `edit` fill it in, then
    // presses its Send button.
    void resendWithDialog(std::function<void(PublishDialog *)> edit, std::function<void(PublishDialog *)> afterSend = {})
    {
        m_window->statusBar()->clearMessage();
        m_window->activateWindow(); // back from the last dialog: shortcuts go to the active window
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
        bool seen = false;
        QTimer::singleShot(0, this, [&seen, edit, afterSend] {
            auto *dialog = qobject_cast<PublishDialog *>(QApplication::activeModalWidget());
            QVERIFY2(dialog, "no edit-and-resend dialog opened");
            seen = true;
            // Whatever fails below, never leave the test blocked in exec().
            bool sent = false;   // after Send the dialog waits for the broker's answer
            const auto unblock = qScopeGuard([dialog, &sent] {
                if (!sent && dialog->isVisible())
                    dialog->reject();
            });
            QCOMPARE(dialog->windowTitle(), QStringLiteral("Edit and resend"));
            edit(dialog);
            QPushButton *send = dialog->buttons()->button(QDialogButtonBox::Ok);
            QVERIFY2(send->isEnabled(), qPrintable(dialog->errorLabel()->text()));
            QTest::mouseClick(send, Qt::LeftButton);
            sent = true;
            if (afterSend)
                afterSend(dialog);
        });
        m_window->messageView()->setFocus();
        QTest::keyClick(m_window->messageView(), Qt::Key_E, Qt::ControlModifier);
        QVERIFY(seen);
    }

    static void closeModal(bool *seen)
    {
        QWidget *modal = QApplication::activeModalWidget();
        if (!modal || qobject_cast<PublishDialog *>(modal)) {
            QTimer::singleShot(20, qApp, [seen] { closeModal(seen); });
            return;
        }
        *seen = true;
        modal->close();
    }

    quint64 messagesEverywhere()
    {
        quint64 n = 0;
        test::onBroker(*m_service, [&](Engine &engine) {
            for (const QueueInfo &q : engine.queues())
                n += q.ready + q.unacked;
        });
        return n;
    }

    QList<QByteArray> bodiesEverywhere()
    {
        QList<QByteArray> bodies;
        test::onBroker(*m_service, [&](Engine &engine) {
            for (const QueueInfo &q : engine.queues()) {
                for (const MessageView &v : engine.browse(q.def.name, 0, 1000))
                    bodies << v.state.content->body;
            }
        });
        return bodies;
    }

    bool contains(const QString &queue, MessageId id)
    {
        bool found = false;
        test::onBroker(*m_service, [&](Engine &engine) { found = engine.message(queue, id).has_value(); });
        return found;
    }

    void inspectRow(const QString &queue, int row)
    {
        showRow(queue, row);
        if (QTest::currentTestFailed())
            return;
        m_window->messageView()->setCurrentIndex(m_window->messageModel()->index(row, 0));
        QTRY_VERIFY_WITH_TIMEOUT(m_window->inspector()->message().has_value(), 5000);
        QTRY_VERIFY_WITH_TIMEOUT(m_window->action(QStringLiteral("resend"))->isEnabled(), 5000);
    }
};

QTEST_MAIN(TestEditResend)
#include "tst_editresend.moc"
