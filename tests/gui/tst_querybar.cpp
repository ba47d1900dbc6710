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
#include <QDir>
#include <QFile>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
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

// The lines of an export file: its header, then one per message.
QStringList exportedLines(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
}

QByteArray customer(const char *name, int n)
{
    return QStringLiteral("{\"customer\": \"%1\", \"n\": %2}").arg(QLatin1String(name)).arg(n).toUtf8();
}

// A queue "big" of ten query slices of messages none of which matches, and
// the broker thread held at the end of a query's first slice until
// release(): what the window does meanwhile reaches the engine with at most
// one more slice done, of ten.
class FirstSliceHold
{
public:
    explicit FirstSliceHold(BrokerService &service) : m_service(service)
    {
        QList<QByteArray> many;
        for (int i = 0; i < 10 * int(Engine::QuerySlice); ++i)
            many << customer("bob", i);
        publishBodies(service, QStringLiteral("big"), many);
        test::onBroker(service, [this](Engine &engine) {
            m_watch = new QObject; // on the broker thread
            QObject::connect(&engine, &Engine::queryProgress, m_watch, [this](const QueryProgress &progress) {
                if (progress.scanned == Engine::QuerySlice) {
                    m_reached.release();
                    m_hold.acquire();
                }
            });
            QObject::connect(&engine, &Engine::queryFinished, m_watch, [this](const QueryProgress &progress) {
                if (progress.cancelled)
                    ++m_cancelled;
            });
        });
    }
    ~FirstSliceHold()
    {
        release(); // never left held by a failure
        test::onBroker(m_service, [this](Engine &) { delete m_watch; });
    }
    Q_DISABLE_COPY_MOVE(FirstSliceHold)

    bool reached() const { return m_reached.available() == 1; }
    void release()
    {
        if (!std::exchange(m_released, true))
            m_hold.release();
    }
    quint64 runningQueries()
    {
        quint64 running = 99;
        test::onBroker(m_service, [&running](Engine &engine) { running = engine.runningQueries(); });
        return running;
    }
    // Queries the engine ended as cancelled.
    quint64 cancelled()
    {
        quint64 n = 0;
        test::onBroker(m_service, [this, &n](Engine &) { n = m_cancelled; });
        return n;
    }

private:
    BrokerService &m_service;
    QSemaphore m_reached;
    QSemaphore m_hold;
    QObject *m_watch = nullptr;
    quint64 m_cancelled = 0; // read and written on the broker thread
    bool m_released = false;
};

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
        FirstSliceHold held(*m_service);
        QueryPanel *panel = m_window->queryPanel();
        QSignalSpy finished(panel, &QueryPanel::finished);
        panel->queryEdit()->setText(QStringLiteral("body.customer = \"frances\""));
        QVERIFY(panel->run());
        QTRY_VERIFY_WITH_TIMEOUT(held.reached() && panel->runningQueryId() != 0, 5000);
        QVERIFY(panel->cancelButton()->isEnabled());
        QTest::mouseClick(panel->cancelButton(), Qt::LeftButton);
        held.release();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
        const auto end = finished.at(0).at(0).value<QueryProgress>();
        QVERIFY(end.cancelled);
        QVERIFY(end.scanned < end.messagesTotal);
        QVERIFY(!panel->isRunning());
        QVERIFY(!panel->cancelButton()->isEnabled());
        QVERIFY(panel->statusLabel()->text().startsWith(QLatin1String("Cancelled")));
        QCOMPARE(held.runningQueries(), quint64(0));
    }

    // Closing the window, or destroying it, cancels a running query: the
    // broker stops scanning for a list nobody sees.
    void closingTheWindowCancelsTheQuery_data()
    {
        QTest::addColumn<bool>("destroy");
        QTest::addRow("closed") << false;
        QTest::addRow("destroyed") << true;
    }

    void closingTheWindowCancelsTheQuery()
    {
        QFETCH(bool, destroy);
        FirstSliceHold held(*m_service);
        QueryPanel *panel = m_window->queryPanel();
        panel->queryEdit()->setText(QStringLiteral("body.customer = \"frances\""));
        QVERIFY(panel->run());
        QTRY_VERIFY_WITH_TIMEOUT(held.reached() && panel->runningQueryId() != 0, 5000);
        if (destroy)
            m_window.reset();
        else
            QVERIFY(m_window->close());
        held.release();
        QTRY_COMPARE_WITH_TIMEOUT(held.runningQueries(), quint64(0), 10000);
        QCOMPARE(held.cancelled(), quint64(1)); // cancelled, not run to its end
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

    // Export of all results is the query, run by each queue's export:
    // results in two queues make a folder with one file per queue (a queue
    // with no match gets none), each in Depot's export format naming the
    // query; the rows selected in one queue make one file with those only.
    void exportWritesTheResultsOfEachQueue()
    {
        publishBodies(*m_service, QStringLiteral("orders.eu"),
            {customer("frances", 1), customer("bob", 2), customer("frances", 3)});
        publishBodies(*m_service, QStringLiteral("orders.us"), {customer("frances", 4)});
        publishBodies(*m_service, QStringLiteral("orders.uk"), {customer("bob", 5)});
        QTRY_VERIFY_WITH_TIMEOUT(shownTotal(QStringLiteral("orders.uk")) == 1, 5000);
        QTemporaryDir dir;
        QString path = dir.path(); // the folder first
        m_window->dataActions()->setFileChooserForTests([&path](bool) { return path; });
        QueryPanel *panel = m_window->queryPanel();
        QSignalSpy finished(panel, &QueryPanel::finished);
        panel->queryEdit()->setText(QStringLiteral("body.customer = \"frances\""));
        QVERIFY(panel->run());
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
        QCOMPARE(panel->model()->rowCount(), 3);
        m_window->action(QStringLiteral("queryExport"))->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(
            m_window->statusBar()->currentMessage().startsWith(QLatin1String("Exported 3 message")), 10000);
        QDir folder(dir.path());
        QCOMPARE(folder.entryList(QDir::Files),
            (QStringList{QStringLiteral("orders.eu.depot.jsonl"), QStringLiteral("orders.us.depot.jsonl")}));
        const QStringList eu = exportedLines(folder.filePath(QStringLiteral("orders.eu.depot.jsonl")));
        QCOMPARE(eu.size(), 1 + 2);
        QVERIFY2(eu.at(0).contains(QLatin1String("\"query\":\"body.customer = \\\"frances\\\"\"")), qPrintable(eu.at(0)));
        QVERIFY(eu.at(1).contains(QLatin1String("\\\"n\\\": 1")) && eu.at(2).contains(QLatin1String("\\\"n\\\": 3")));
        QCOMPARE(exportedLines(folder.filePath(QStringLiteral("orders.us.depot.jsonl"))).size(), 1 + 1);
        // A second export into the same folder writes nothing over the first.
        m_window->action(QStringLiteral("queryExport"))->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(
            m_window->statusBar()->currentMessage().startsWith(QLatin1String("Nothing was exported")), 10000);
        QCOMPARE(exportedLines(folder.filePath(QStringLiteral("orders.us.depot.jsonl"))).size(), 1 + 1);

        path = dir.filePath(QStringLiteral("frances.depot.jsonl"));
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

    // More matches than the list holds: Export of all results writes every
    // match, the ones past the listed 10,000 too.
    void exportOfAllResultsTakesThoseNotListed()
    {
        QList<QByteArray> many;
        for (int i = 0; i < QueryResultModel::MaxResults + 5; ++i)
            many << customer("frances", i);
        publishBodies(*m_service, QStringLiteral("big"), many);
        publishBodies(*m_service, QStringLiteral("small"), {customer("frances", 0), customer("bob", 1)});
        QTRY_VERIFY_WITH_TIMEOUT(shownTotal(QStringLiteral("small")) == 2, 5000); // the window knows both queues
        QTemporaryDir dir;
        m_window->dataActions()->setFileChooserForTests([&dir](bool) { return dir.path(); });
        QueryPanel *panel = m_window->queryPanel();
        QSignalSpy finished(panel, &QueryPanel::finished);
        panel->queryEdit()->setText(QStringLiteral("body.customer = \"frances\""));
        QVERIFY(panel->run());
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 30000);
        QCOMPARE(panel->model()->rowCount(), QueryResultModel::MaxResults);
        QCOMPARE(panel->leftOut(), qsizetype(6));
        QVERIFY2(panel->statusLabel()->text().contains(QLatin1String("the first 10,000 listed")),
            qPrintable(panel->statusLabel()->text()));
        m_window->action(QStringLiteral("queryExport"))->trigger();
        QTRY_VERIFY2_WITH_TIMEOUT(
            m_window->statusBar()->currentMessage().startsWith(QLatin1String("Exported 10,006 message")),
            qPrintable(m_window->statusBar()->currentMessage()), 30000);
        QCOMPARE(exportedLines(QDir(dir.path()).filePath(QStringLiteral("big.depot.jsonl"))).size(),
            1 + QueryResultModel::MaxResults + 5);
        QCOMPARE(exportedLines(QDir(dir.path()).filePath(QStringLiteral("small.depot.jsonl"))).size(), 1 + 1);
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
