// The query bar (the Query tab) against a real engine: a typed query runs
// and its matches stream in from several queues; a bad query shows where it
// is wrong and runs nothing; Cancel stops a running query in the engine;
// replay and delete of the results act on exactly the matching messages
// (all results through the query itself, selected rows by id); "This
// queue" follows the queue list, the inspector's Replay sends its message
// back, an unknown queue is refused; Export writes one queue's results;
// saved queries are there after the window is opened again; Ctrl+K
// reaches the bar.

#include "GuiTestSupport.h"
#include "broker/query/Query.h"
#include "ui/client/BrokerClient.h"
#include "ui/models/QueryResultModel.h"
#include "ui/views/MainWindow.h"
#include "ui/views/MessageDataActions.h"
#include "ui/views/MessageInspector.h"
#include "ui/views/QueryActions.h"
#include "ui/views/QueryPanel.h"
#include "ui/views/UndoBar.h"

#include <QAction>
#include <QComboBox>
#include <QFile>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QScopeGuard>
#include <QSemaphore>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace depot;
using namespace depot::ui;

namespace {

void publishBodies(BrokerService &service, const QString &queue, const QList<QByteArray> &bodies)
{
    test::declareQueue(service, queue);
    test::onBroker(service, [&](Engine &engine) {
        MessageProperties props;
        props.contentType = QStringLiteral("application/json");
        for (const QByteArray &body : bodies)
            engine.publish(QString(), queue, props, body);
    });
}

QByteArray customer(const char *name, int n)
{
    return QStringLiteral("{\"customer\": \"%1\", \"n\": %2}").arg(QLatin1String(name)).arg(n).toUtf8();
}

// The bodies in `queue`, in delivery order.
QStringList bodies(BrokerService &service, const QString &queue)
{
    QStringList list;
    test::onBroker(service, [&](Engine &engine) {
        for (const MessageView &view : engine.browse(queue, 0, 100000))
            list << QString::fromUtf8(view.state.content->body);
    });
    return list;
}

} // namespace

class TestQueryBar final : public QObject, private test::WindowFixture
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { prepareApplication(QStringLiteral("tst_querybar")); }

    void init()
    {
        QVERIFY(openWindow({1280, 800}, Wait::Active));
        m_window->setConfirmForTests([this](const QString &text) {
            m_asked << text;
            return true;
        });
        m_asked.clear();
    }

    void cleanup() { closeWindow(); }

    // Typing a query and Enter runs it over the queues its scope picks;
    // matches arrive slice by slice (the first queue has more messages than
    // one slice looks at), each row naming its queue; a selected row is
    // shown in the inspector.
    void typedQueryStreamsResultsFromSeveralQueues()
    {
        QList<QByteArray> eu = {customer("frances", 0)};
        for (int i = 0; i < int(Engine::QuerySlice) + 500; ++i)
            eu << customer("bob", i);
        eu << customer("frances", 2);
        publishBodies(*m_service, QStringLiteral("orders.eu"), eu);
        publishBodies(*m_service, QStringLiteral("orders.us"), {customer("frances", 3), customer("bob", 4)});
        publishBodies(*m_service, QStringLiteral("mail"), {customer("frances", 5)});
        QTRY_VERIFY_WITH_TIMEOUT(shownTotal(QStringLiteral("mail")) == 1, 5000);

        QueryPanel *panel = m_window->queryPanel();
        m_window->tabs()->setCurrentIndex(MainWindow::QueryTab);
        QSignalSpy inserted(panel->model(), &QAbstractItemModel::rowsInserted);
        QSignalSpy progress(m_window->client(), &BrokerClient::queryProgress);
        QSignalSpy finished(panel, &QueryPanel::finished);
        panel->scopeBox()->setCurrentIndex(int(QueryPanel::Scope::Matching));
        panel->patternEdit()->setText(QStringLiteral("orders.*"));
        QTest::keyClicks(panel->queryEdit(), QStringLiteral("body.customer = \"frances\""));
        QTest::keyClick(panel->queryEdit(), Qt::Key_Return);
        QVERIFY(panel->isRunning());
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
        const auto done = finished.at(0).at(0).value<QueryProgress>();
        QVERIFY(!done.cancelled);
        QCOMPARE(done.matched, quint64(3));
        QCOMPARE(done.queuesTotal, quint64(2)); // mail is not in orders.*
        QCOMPARE(done.scanned, quint64(eu.size() + 2));
        QVERIFY(progress.size() >= 2); // one per slice
        QVERIFY(inserted.size() >= 2); // the matches came in as found, not at the end
        QCOMPARE(panel->model()->rowCount(), 3);
        QStringList queues;
        for (int row = 0; row < 3; ++row)
            queues << panel->model()->index(row, QueryResultModel::Queue).data().toString();
        QCOMPARE(queues,
            (QStringList{QStringLiteral("orders.eu"), QStringLiteral("orders.eu"), QStringLiteral("orders.us")}));
        QVERIFY(panel->model()->index(2, QueryResultModel::Body).data().toString().contains(QLatin1String("\"n\": 3")));
        QVERIFY(panel->statusLabel()->text().contains(QLatin1String("3 matches")));

        panel->view()->selectionModel()->setCurrentIndex(
            panel->model()->index(2, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        // (The first match was shown as it arrived; the selected one replaces it.)
        const MessageId selected = panel->model()->resultAt(2).row.id;
        QTRY_VERIFY_WITH_TIMEOUT(
            panel->inspector()->message() && panel->inspector()->message()->state.id == selected, 5000);
        QCOMPARE(panel->inspector()->queue(), QStringLiteral("orders.us"));
        QCOMPARE(panel->inspector()->message()->state.content->body, customer("frances", 3));

        // All queues: mail's match too.
        panel->scopeBox()->setCurrentIndex(int(QueryPanel::Scope::AllQueues));
        QVERIFY(panel->run());
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, 10000);
        QCOMPARE(panel->model()->rowCount(), 4);
        QCOMPARE(panel->model()->index(0, QueryResultModel::Queue).data().toString(), QStringLiteral("mail"));
        panel->view()->selectionModel()->setCurrentIndex(
            panel->model()->index(3, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        const MessageId shown = panel->model()->resultAt(3).row.id;
        QTRY_VERIFY_WITH_TIMEOUT(
            panel->inspector()->message() && panel->inspector()->message()->state.id == shown, 5000);
        QVERIFY(m_window->grab().save(test::screenshotDir() + QStringLiteral("/query-bar.png")));
    }

    // A query with a mistake is not run: the line under the bar shows the
    // query with a caret at the position the parser names, and what it
    // expected; the engine starts nothing.
    void badQueryShowsPositionAndRunsNothing()
    {
        publishBodies(*m_service, QStringLiteral("orders"), {customer("frances", 1)});
        QueryPanel *panel = m_window->queryPanel();
        QSignalSpy progress(m_window->client(), &BrokerClient::queryProgress);
        const QString text = QStringLiteral("body.customer = \"frances\" and deaths.count >");
        query::QueryError expected;
        QVERIFY(!query::Query::parse(text, &expected).isValid());
        QVERIFY(expected.position > 1);

        m_window->tabs()->setCurrentIndex(MainWindow::QueryTab);
        QTest::keyClicks(panel->queryEdit(), text);
        QTest::keyClick(panel->queryEdit(), Qt::Key_Return);
        QVERIFY(!panel->isRunning());
        QVERIFY(panel->errorLabel()->isVisible());
        QCOMPARE(panel->errorPosition(), expected.position);
        const QStringList lines = panel->errorLabel()->text().split(QLatin1Char('\n'));
        QCOMPARE(lines.size(), 3);
        QCOMPARE(lines.at(0), text);
        QCOMPARE(lines.at(1).indexOf(QLatin1Char('^')), expected.position - 1);
        QVERIFY(lines.at(2).contains(expected.message));
        QVERIFY(lines.at(2).contains(QLatin1String("expected")));
        QCOMPARE(panel->queryEdit()->cursorPosition(), int(expected.position - 1));
        quint64 running = 99;
        test::onBroker(*m_service, [&](Engine &engine) { running = engine.runningQueries(); });
        QCOMPARE(running, quint64(0));
        QCOMPARE(panel->model()->rowCount(), 0);
        QCOMPARE(progress.size(), 0);

        // Typing clears the error; the corrected query runs.
        QTest::keyClicks(panel->queryEdit(), QStringLiteral(" 2"));
        QVERIFY(!panel->errorLabel()->isVisible());
        QCOMPARE(panel->errorPosition(), 0);
    }

    // Cancel stops the query in the engine: it reports cancelled having
    // looked at fewer messages than there were, and no query is left running.
    void cancelStopsIt()
    {
        QList<QByteArray> many;
        for (int i = 0; i < 10 * int(Engine::QuerySlice); ++i)
            many << customer("bob", i);
        publishBodies(*m_service, QStringLiteral("big"), many);
        // The broker thread is held at the end of the query's first slice
        // until the Cancel below has been sent: the engine gets it with at
        // most one more slice done, of ten.
        QSemaphore firstSlice;
        QSemaphore hold;
        const auto unhold = qScopeGuard([&hold] { hold.release(); }); // never left held by a failure
        QObject *watch = nullptr; // on the broker thread
        test::onBroker(*m_service, [&](Engine &engine) {
            watch = new QObject;
            connect(&engine, &Engine::queryProgress, watch, [&firstSlice, &hold](const QueryProgress &progress) {
                if (progress.scanned == Engine::QuerySlice) {
                    firstSlice.release();
                    hold.acquire();
                }
            });
        });
        QueryPanel *panel = m_window->queryPanel();
        QSignalSpy finished(panel, &QueryPanel::finished);
        panel->queryEdit()->setText(QStringLiteral("body.customer = \"frances\""));
        QVERIFY(panel->run());
        QTRY_VERIFY_WITH_TIMEOUT(firstSlice.available() == 1 && panel->runningQueryId() != 0, 5000);
        QVERIFY(panel->cancelButton()->isEnabled());
        QTest::mouseClick(panel->cancelButton(), Qt::LeftButton);
        hold.release();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
        const auto end = finished.at(0).at(0).value<QueryProgress>();
        QVERIFY(end.cancelled);
        QVERIFY(end.scanned < end.messagesTotal);
        QVERIFY(!panel->isRunning());
        QVERIFY(!panel->cancelButton()->isEnabled());
        QVERIFY(panel->statusLabel()->text().startsWith(QLatin1String("Cancelled")));
        quint64 running = 99;
        test::onBroker(*m_service, [&](Engine &engine) {
            running = engine.runningQueries();
            delete watch;
        });
        QCOMPARE(running, quint64(0));
    }

    // Replay of all results is the query run by the engine's transfers:
    // exactly the dead letters that match go back, the others stay. Delete
    // of selected rows removes those messages and no other.
    void replayAndDeleteActOnExactlyTheMatches()
    {
        test::makeDeadLetters(*m_service, QStringLiteral("work"), 6); // bodies {"order": 0..5, ...}
        publishBodies(*m_service, QStringLiteral("other"), {QByteArray("{\"order\": 4}")}); // no death
        QTRY_VERIFY_WITH_TIMEOUT(shownTotal(QStringLiteral("work.dlq")) == 6, 5000);
        m_window->setTargetChooserForTests([](const QStringList &items) { return std::optional(items.first()); });

        QueryPanel *panel = m_window->queryPanel();
        m_window->tabs()->setCurrentIndex(MainWindow::QueryTab);
        QSignalSpy finished(panel, &QueryPanel::finished);
        panel->queryEdit()->setText(QStringLiteral("body.order >= 3 and deaths.count >= 1"));
        QVERIFY(panel->run());
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
        QCOMPARE(panel->model()->rowCount(), 3);
        QAction *replay = m_window->action(QStringLiteral("queryReplay"));
        QVERIFY(replay && replay->isEnabled());
        QVERIFY(replay->text().contains(QLatin1String("all results")));
        replay->trigger();
        QCOMPARE(m_asked.size(), 1); // all results: asked first
        QVERIFY(m_asked.first().contains(QLatin1String("body.order >= 3")));
        QTRY_COMPARE_WITH_TIMEOUT(test::depth(*m_service, QStringLiteral("work")), quint64(3), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(!m_window->queryActions()->isWorking(), 10000);
        QCOMPARE(test::depth(*m_service, QStringLiteral("work.dlq")), quint64(3));
        QCOMPARE(test::depth(*m_service, QStringLiteral("other")), quint64(1));
        for (const QString &body : bodies(*m_service, QStringLiteral("work")))
            QVERIFY2(body.contains(QRegularExpression(QStringLiteral("\"order\": [345]"))), qPrintable(body));
        for (const QString &body : bodies(*m_service, QStringLiteral("work.dlq")))
            QVERIFY2(body.contains(QRegularExpression(QStringLiteral("\"order\": [012]"))), qPrintable(body));

        // The query ran again after the replay: the same three, now in work.
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, 10000);
        QCOMPARE(panel->model()->rowCount(), 3);
        for (int row = 0; row < 3; ++row)
            QCOMPARE(panel->model()->index(row, QueryResultModel::Queue).data().toString(), QStringLiteral("work"));

        // Delete two selected rows: those two go, the third stays.
        const MessageId first = panel->model()->resultAt(0).row.id;
        const MessageId third = panel->model()->resultAt(2).row.id;
        QItemSelectionModel *selection = panel->view()->selectionModel();
        selection->select(panel->model()->index(0, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
        selection->select(panel->model()->index(2, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
        QAction *remove = m_window->action(QStringLiteral("queryDelete"));
        QVERIFY(remove->text().contains(QLatin1String("selected")));
        m_asked.clear();
        panel->view()->setFocus();
        QTest::keyClick(panel->view(), Qt::Key_Delete); // the list's Delete key, not the message list's
        QCOMPARE(m_asked.size(), 1);
        QVERIFY2(m_asked.first().contains(QLatin1String("2 selected messages")), qPrintable(m_asked.first()));
        QTRY_COMPARE_WITH_TIMEOUT(test::depth(*m_service, QStringLiteral("work")), quint64(1), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 3, 10000);
        QCOMPARE(panel->model()->rowCount(), 1);
        const MessageId left = panel->model()->resultAt(0).row.id;
        QVERIFY(left != first && left != third);
        QCOMPARE(test::depth(*m_service, QStringLiteral("work.dlq")), quint64(3));
        QCOMPARE(m_window->messageActions()->undoBar()->openOffers(), 1);

        // Delete all results: what matches now (the one left) goes.
        QVERIFY(!remove->text().contains(QLatin1String("selected")));
        remove->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(test::depth(*m_service, QStringLiteral("work")), quint64(0), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 4, 10000);
        QCOMPARE(panel->model()->rowCount(), 0);
        QCOMPARE(test::depth(*m_service, QStringLiteral("work.dlq")), quint64(3));
        QCOMPARE(test::depth(*m_service, QStringLiteral("other")), quint64(1));
    }

    // "This queue" is the queue selected in the list; the inspector's Replay
    // sends the shown dead letter back; a queue named without a wildcard
    // that does not exist is the engine's refusal, shown, with nothing run.
    void thisQueueInspectorReplayAndUnknownQueue()
    {
        test::makeDeadLetters(*m_service, QStringLiteral("job"), 2);
        publishBodies(*m_service, QStringLiteral("other"), {QByteArray("{\"order\": 1}")});
        QTRY_VERIFY_WITH_TIMEOUT(shownTotal(QStringLiteral("job.dlq")) == 2, 5000);
        QVERIFY(m_window->selectQueue(QStringLiteral("job.dlq")));
        QueryPanel *panel = m_window->queryPanel();
        m_window->tabs()->setCurrentIndex(MainWindow::QueryTab);
        QSignalSpy finished(panel, &QueryPanel::finished);
        panel->setScope(QueryPanel::Scope::ThisQueue);
        QVERIFY(panel->scopeBox()->currentText().contains(QLatin1String("job.dlq")));
        panel->queryEdit()->setText(QStringLiteral("body.order exists"));
        QVERIFY(panel->run());
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
        QCOMPARE(panel->model()->rowCount(), 2); // not other's
        QCOMPARE(panel->resultSpec().queues, QStringList{QStringLiteral("job.dlq")});

        panel->view()->selectionModel()->setCurrentIndex(
            panel->model()->index(0, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        const MessageId id = panel->model()->resultAt(0).row.id;
        QTRY_VERIFY_WITH_TIMEOUT(panel->inspector()->message() && panel->inspector()->message()->state.id == id
                && panel->inspector()->replayButton()->isEnabled(),
            5000);
        panel->inspector()->replayButton()->click();
        QTRY_COMPARE_WITH_TIMEOUT(test::depth(*m_service, QStringLiteral("job")), quint64(1), 10000);
        QCOMPARE(test::depth(*m_service, QStringLiteral("job.dlq")), quint64(1));

        QTRY_VERIFY_WITH_TIMEOUT(!m_window->queryActions()->isWorking() && !panel->isRunning(), 10000);
        panel->setScope(QueryPanel::Scope::Matching, QStringLiteral("nosuch"));
        panel->run();
        QTRY_VERIFY_WITH_TIMEOUT(panel->errorLabel()->isVisible(), 5000);
        QVERIFY2(
            panel->errorLabel()->text().contains(QLatin1String("nosuch")), qPrintable(panel->errorLabel()->text()));
        QVERIFY(!panel->isRunning());
        QCOMPARE(panel->model()->rowCount(), 0);
    }

    // Export writes the results of one queue to a file in Depot's export
    // format: results from two queues are refused with the reason; the rows
    // selected in one queue are written, and nothing else.
    void exportWritesTheResultsOfOneQueue()
    {
        publishBodies(*m_service, QStringLiteral("orders.eu"),
            {customer("frances", 1), customer("bob", 2), customer("frances", 3)});
        publishBodies(*m_service, QStringLiteral("orders.us"), {customer("frances", 4)});
        QTRY_VERIFY_WITH_TIMEOUT(shownTotal(QStringLiteral("orders.us")) == 1, 5000);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("frances.depot.jsonl"));
        m_window->dataActions()->setFileChooserForTests([&path](bool) { return path; });
        QueryPanel *panel = m_window->queryPanel();
        QSignalSpy finished(panel, &QueryPanel::finished);
        panel->queryEdit()->setText(QStringLiteral("body.customer = \"frances\""));
        QVERIFY(panel->run());
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
        QCOMPARE(panel->model()->rowCount(), 3);
        m_window->action(QStringLiteral("queryExport"))->trigger();
        QVERIFY(!QFile::exists(path));
        QVERIFY(m_window->statusBar()->currentMessage().contains(QLatin1String("one queue")));

        QItemSelectionModel *selection = panel->view()->selectionModel();
        selection->select(panel->model()->index(0, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
        selection->select(panel->model()->index(1, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
        QCOMPARE(panel->model()->resultAt(1).queue, QStringLiteral("orders.eu"));
        m_window->action(QStringLiteral("queryExport"))->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(m_window->statusBar()->currentMessage().contains(path)
                || m_window->statusBar()->currentMessage().contains(QLatin1String("Exported")),
            10000);
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QStringList lines = QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        lines.removeIf([](const QString &line) { return !line.contains(QLatin1String("customer")); });
        QCOMPARE(lines.size(), 2);
        QVERIFY(lines.at(0).contains(QLatin1String("\\\"n\\\": 1")));
        QVERIFY(lines.at(1).contains(QLatin1String("\\\"n\\\": 3")));
    }

    // Saved queries are kept in the settings: saved, renamed and deleted in
    // one window, they are there (or gone) in the next, and picking one from
    // the Saved menu puts it in the bar with its scope and runs it.
    void savedQueriesPersistAcrossRestart()
    {
        publishBodies(*m_service, QStringLiteral("orders.eu"), {customer("frances", 1)});
        QTRY_VERIFY_WITH_TIMEOUT(shownTotal(QStringLiteral("orders.eu")) == 1, 5000);
        QueryPanel *panel = m_window->queryPanel();
        panel->setNameAskerForTests([](const QString &) { return QStringLiteral("frances"); });
        panel->queryEdit()->setText(QStringLiteral("body.customer = \"frances\""));
        panel->setScope(QueryPanel::Scope::Matching, QStringLiteral("orders.*"));
        panel->savedMenu()->findChild<QAction *>(QStringLiteral("saveQuery"))->trigger();
        panel->queryEdit()->setText(QStringLiteral("age > 1h"));
        panel->setScope(QueryPanel::Scope::AllQueues);
        panel->saveQuery(QStringLiteral("stale"));
        panel->saveQuery(QStringLiteral("gone"));
        QVERIFY(SavedQueries::rename(QStringLiteral("frances"), QStringLiteral("frances in orders")));
        QVERIFY(!SavedQueries::rename(QStringLiteral("stale"), QStringLiteral("frances in orders"))); // taken
        SavedQueries::remove(QStringLiteral("gone"));

        // A window restart: everything new but the settings.
        closeWindow();
        QVERIFY(openWindow({1280, 800}, Wait::Active));
        panel = m_window->queryPanel();
        QCOMPARE(panel->queryEdit()->text(), QString());
        emit panel->savedMenu()->aboutToShow();
        QStringList entries;
        QAction *open = nullptr;
        for (QAction *a : panel->savedMenu()->actions()) {
            if (!a->isSeparator())
                entries << a->text();
            if (a->text() == QLatin1String("frances in orders"))
                open = a;
        }
        QVERIFY2(entries.contains(QLatin1String("frances in orders")), qPrintable(entries.join(QStringLiteral(", "))));
        QVERIFY(entries.contains(QLatin1String("stale")));
        QVERIFY(!entries.contains(QLatin1String("gone")));
        QVERIFY(!entries.contains(QLatin1String("frances")));
        QSignalSpy finished(panel, &QueryPanel::finished);
        publishBodies(*m_service, QStringLiteral("orders.eu"), {customer("frances", 1)}); // a new broker too
        QTRY_VERIFY_WITH_TIMEOUT(shownTotal(QStringLiteral("orders.eu")) == 1, 5000);
        open->trigger();
        QCOMPARE(panel->queryEdit()->text(), QStringLiteral("body.customer = \"frances\""));
        QCOMPARE(panel->scope(), QueryPanel::Scope::Matching);
        QCOMPARE(panel->patternEdit()->text(), QStringLiteral("orders.*"));
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
        QCOMPARE(panel->model()->rowCount(), 1);
    }

    // Ctrl+K (free among the window's shortcuts) opens the Query tab with
    // the keyboard in the query line.
    void ctrlKFocusesTheQueryBar()
    {
        m_window->tabs()->setCurrentIndex(MainWindow::MessagesTab);
        m_window->queueView()->setFocus();
        QTest::keySequence(m_window.get(), QKeySequence(Qt::CTRL | Qt::Key_K));
        QCOMPARE(m_window->tabs()->currentIndex(), int(MainWindow::QueryTab));
        QTRY_COMPARE_WITH_TIMEOUT(QApplication::focusWidget(), m_window->queryPanel()->queryEdit(), 2000);
        // No other action of the window answers Ctrl+K.
        for (QAction *a : m_window->findChildren<QAction *>()) {
            if (a->shortcuts().contains(QKeySequence(Qt::CTRL | Qt::Key_K)))
                QCOMPARE(a->objectName(), QStringLiteral("focusQuery"));
        }
    }

private:
    QStringList m_asked;
};

QTEST_MAIN(TestQueryBar)
#include "tst_querybar.moc"
