// Retry controls on messages in the window: a message waiting for its next
// attempt reads "attempt 3 of 6, next delivery in 12 s" in the message list
// and the inspector, counting down; Retry now, Give up and Reset attempts
// from the inspector's buttons and the message list's context menu; Retry
// all waiting now from the queue list; the "Waiting to be retried" filter.

#include "GuiTestSupport.h"
#include "ui/Translations.h"
#include "ui/client/BrokerClient.h"
#include "ui/models/MessageListModel.h"
#include "ui/views/MainWindow.h"
#include "ui/views/MessageBrowser.h"
#include "ui/views/MessageInspector.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QDateTime>
#include <QItemSelectionModel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTableView>
#include <QTest>
#include <QTreeWidget>
#include <algorithm>

using namespace depot;
using namespace depot::ui;

namespace {

const QString kJobs = QStringLiteral("jobs");
const QString kDlq = QStringLiteral("jobs.dlq");

// One message in each state a retry schedule gives.
struct Jobs
{
    MessageId twice = 0; // failed twice: attempt 3 of 6, waiting 5 min
    MessageId once = 0; // failed once: attempt 2 of 6, waiting 1 min
    MessageId fresh = 0; // never delivered, ready
    qint64 twiceDue = 0;
};

struct State
{
    bool found = false;
    quint32 deliveryCount = 0;
    qint64 readyAt = 0;
};

State stateOf(BrokerService &service, const QString &queue, MessageId id)
{
    State out;
    test::onBroker(service, [&](Engine &engine) {
        if (const auto view = engine.message(queue, id)) {
            out.found = true;
            out.deliveryCount = view->state.deliveryCount;
            out.readyAt = view->state.readyAt;
        }
    });
    return out;
}

} // namespace

class TestRetryMessages final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("DepotTests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_retrymessages"));
        QSettings().clear();
        ensureEnglishPlurals(*qApp);
    }

    // The window and its broker, as every test here needs them.
    void init()
    {
        m_service = test::startBroker();
        QVERIFY(m_service);
        m_window = std::make_unique<MainWindow>(m_service.get());
        m_window->resize(1400, 860);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        m_window->setConfirmForTests([](const QString &) { return true; });
    }

    void cleanup()
    {
        m_window.reset();
        m_service.reset();
    }

    void waitingMessageShowsItsAttempt()
    {
        const Jobs jobs = makeJobs();
        MessageListModel *model = m_window->messageModel();
        MessageInspector *inspector = m_window->inspector();
        auto now = std::make_shared<qint64>(jobs.twiceDue - 12'000);
        model->setClock([now] { return *now; });
        inspector->setClock([now] { return *now; });
        const int row = loadedRow(jobs.twice);
        QVERIFY(row >= 0);
        const QModelIndex deliveries = model->index(row, MessageListModel::Deliveries);
        QTRY_COMPARE_WITH_TIMEOUT(
            deliveries.data().toString(), QStringLiteral("attempt 3 of 6, next delivery in 12 s"), 5000);
        QVERIFY2(deliveries.data(Qt::ToolTipRole).toString().contains(QStringLiteral("x-retry-delays")),
            qPrintable(deliveries.data(Qt::ToolTipRole).toString()));
        // Live: the column is repainted every second while messages wait.
        QSignalSpy repainted(model, &QAbstractItemModel::dataChanged);
        *now += 1000;
        QTRY_VERIFY_WITH_TIMEOUT(std::any_of(repainted.cbegin(), repainted.cend(),
                                     [row](const QList<QVariant> &args) {
                                         const auto first = args.at(0).value<QModelIndex>();
                                         const auto last = args.at(1).value<QModelIndex>();
                                         return first.column() <= MessageListModel::Deliveries
                                             && last.column() >= MessageListModel::Deliveries && first.row() <= row
                                             && last.row() >= row;
                                     }),
            5000);
        QCOMPARE(deliveries.data().toString(), QStringLiteral("attempt 3 of 6, next delivery in 11 s"));
        const int onceRow = loadedRow(jobs.once);
        QCOMPARE(model->index(onceRow, MessageListModel::Deliveries).data().toString().left(15),
            QStringLiteral("attempt 2 of 6,"));
        QCOMPARE(
            model->index(loadedRow(jobs.fresh), MessageListModel::Deliveries).data().toString(), QStringLiteral("0"));

        // The inspector: the same line first among the properties, counting down, and the buttons.
        inspect(jobs.twice);
        const QString at = QDateTime::fromMSecsSinceEpoch(jobs.twiceDue).toString(QStringLiteral("HH:mm:ss"));
        QCOMPARE(inspector->retryText(), QStringLiteral("attempt 3 of 6, next delivery in 11 s (at %1)").arg(at));
        *now += 1000;
        QTRY_COMPARE_WITH_TIMEOUT(
            inspector->retryText(), QStringLiteral("attempt 3 of 6, next delivery in 10 s (at %1)").arg(at), 5000);
        auto *properties = qobject_cast<QTreeWidget *>(inspector->sectionTabs()->widget(0));
        QVERIFY(properties);
        QCOMPARE(properties->topLevelItem(0)->text(0), QStringLiteral("Retry"));
        for (QPushButton *b :
            {inspector->retryNowButton(), inspector->giveUpButton(), inspector->resetAttemptsButton()}) {
            QVERIFY2(b->isVisible(), qPrintable(b->text()));
            QVERIFY2(b->isEnabled(), qPrintable(b->text()));
        }
        // The list's Deliveries column in view (the body comes first).
        m_window->messageView()->scrollTo(deliveries, QAbstractItemView::EnsureVisible);
        save(QStringLiteral("retry-waiting.png"));

        // A message not waiting: how many attempts it made, no Retry now.
        inspect(jobs.fresh);
        QVERIFY(inspector->retryText().isEmpty());
        QCOMPARE(properties->topLevelItem(0)->text(1), QStringLiteral("0 of 6 attempts made"));
        QVERIFY(inspector->retryNowButton()->isVisible());
        QVERIFY(!inspector->retryNowButton()->isEnabled());
        QVERIFY(inspector->giveUpButton()->isEnabled());
        QVERIFY(!inspector->resetAttemptsButton()->isEnabled()); // nothing to reset
    }

    void retryNowFromTheInspector()
    {
        const Jobs jobs = makeJobs();
        inspect(jobs.twice);
        MessageInspector *inspector = m_window->inspector();
        QVERIFY(inspector->retryNowButton()->isEnabled());
        inspector->retryNowButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(stateOf(*m_service, kJobs, jobs.twice).readyAt == 0, 5000);
        QCOMPARE(stateOf(*m_service, kJobs, jobs.twice).deliveryCount, 2u); // its attempts kept
        // The inspector reads it again: ready now, two attempts made.
        QTRY_VERIFY_WITH_TIMEOUT(!inspector->retryNowButton()->isEnabled(), 5000);
        QVERIFY(inspector->retryText().isEmpty());
        QVERIFY2(m_window->statusBar()->currentMessage().contains(QStringLiteral("delivered again now")),
            qPrintable(m_window->statusBar()->currentMessage()));
    }

    void giveUpFromTheInspector()
    {
        const Jobs jobs = makeJobs();
        inspect(jobs.once);
        MessageInspector *inspector = m_window->inspector();
        inspector->giveUpButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(!stateOf(*m_service, kJobs, jobs.once).found, 5000);
        QString reason;
        QString from;
        test::onBroker(*m_service, [&](Engine &engine) {
            const QList<MessageView> dead = engine.browse(kDlq, 0, 10);
            if (dead.size() == 1 && !dead.at(0).state.content->deaths.records.isEmpty()) {
                reason = deathReasonName(dead.at(0).state.content->deaths.records.at(0).reason);
                from = dead.at(0).state.content->deaths.records.at(0).queue;
            }
        });
        QCOMPARE(reason, QStringLiteral("delivery_limit"));
        QCOMPARE(from, kJobs);
        // The inspector does not go on showing a message that left.
        QTRY_VERIFY_WITH_TIMEOUT(!inspector->message() || inspector->message()->state.id != jobs.once, 5000);
    }

    void resetAttemptsFromTheContextMenu()
    {
        const Jobs jobs = makeJobs();
        select(jobs.twice);
        QAction *reset = m_window->action(QStringLiteral("resetAttempts"));
        QVERIFY(reset);
        QVERIFY(m_window->messageView()->actions().contains(reset));
        for (const char *name : {"retryNow", "giveUp"})
            QVERIFY(m_window->messageView()->actions().contains(m_window->action(QLatin1String(name))));
        QTRY_VERIFY_WITH_TIMEOUT(reset->isEnabled() && reset->isVisible(), 5000);
        reset->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(stateOf(*m_service, kJobs, jobs.twice).deliveryCount == 0, 5000);
        QCOMPARE(stateOf(*m_service, kJobs, jobs.twice).readyAt, qint64(0)); // no attempt to wait after

        // Retry now from the menu, on the one that still waits.
        select(jobs.once);
        QAction *retry = m_window->action(QStringLiteral("retryNow"));
        QTRY_VERIFY_WITH_TIMEOUT(retry->isEnabled(), 5000);
        retry->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(stateOf(*m_service, kJobs, jobs.once).readyAt == 0, 5000);
        QCOMPARE(stateOf(*m_service, kJobs, jobs.once).deliveryCount, 1u);
    }

    void giveUpWithoutDeadLetterExchangeAsksFirst()
    {
        test::declareQueue(
            *m_service, QStringLiteral("plain"), {{QStringLiteral("x-retry-delays"), QVariantList{600'000}}});
        test::publishMessages(*m_service, QStringLiteral("plain"), 1);
        MessageId id = 0;
        test::onBroker(*m_service, [&id](Engine &engine) {
            const SessionId s = engine.openSession(engine.openConnection({}), nullptr);
            const auto got = engine.get(s, QStringLiteral("plain"), false);
            if (got.value && engine.nack(s, got.value->deliveryTag, false, true).ok())
                id = got.value->id;
        });
        QVERIFY(id);
        QTRY_VERIFY_WITH_TIMEOUT(m_window->selectQueue(QStringLiteral("plain")), 5000);
        inspect(id);
        QStringList asked;
        bool answer = false;
        m_window->setConfirmForTests([&asked, &answer](const QString &text) {
            asked << text;
            return answer;
        });
        m_window->inspector()->giveUpButton()->click();
        QCOMPARE(asked.size(), 1);
        QVERIFY2(asked.at(0).contains(QStringLiteral("no dead-letter exchange")), qPrintable(asked.at(0)));
        QTest::qWait(200); // nothing was asked of the broker; the message stays
        QVERIFY(stateOf(*m_service, QStringLiteral("plain"), id).found);
        answer = true;
        m_window->inspector()->giveUpButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(!stateOf(*m_service, QStringLiteral("plain"), id).found, 5000);
    }

    void waitingFilter()
    {
        const Jobs jobs = makeJobs();
        MessageListModel *model = m_window->messageModel();
        QCOMPARE(model->rowCount(), 3);
        QCheckBox *waiting = m_window->browser()->waitingRetryFilter();
        QVERIFY(waiting);
        QCOMPARE(waiting->text(), QStringLiteral("Waiting to be retried"));
        waiting->setChecked(true);
        QTRY_VERIFY_WITH_TIMEOUT(!model->isScanning() && model->rowCount() == 2, 5000);
        QCOMPARE(model->filter().waitingRetry, true);
        QSet<MessageId> shown;
        for (int r = 0; r < model->rowCount(); ++r)
            shown.insert(model->index(r, 0).data(MessageListModel::MessageIdRole).toULongLong());
        QCOMPARE(shown, (QSet<MessageId>{jobs.twice, jobs.once}));
        // With text too: both must hold.
        m_window->messageFilter()->setText(QStringLiteral("job 1")); // the one that failed once
        QTest::keyClick(m_window->messageFilter(), Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(!model->isScanning() && model->rowCount() == 1, 5000);
        QCOMPARE(model->index(0, 0).data(MessageListModel::MessageIdRole).toULongLong(), jobs.once);
        m_window->messageFilter()->clear();
        waiting->setChecked(false);
        QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 3, 5000);
        QVERIFY(!model->isFiltered());
    }

    void retryAllWaitingFromTheQueueList()
    {
        makeJobs();
        QAction *all = m_window->action(QStringLiteral("retryAllWaiting"));
        QVERIFY(all);
        QVERIFY(m_window->queueView()->actions().contains(all));
        QTRY_VERIFY_WITH_TIMEOUT(all->isEnabled(), 5000);
        all->trigger();
        quint64 delayed = 1;
        QTRY_VERIFY_WITH_TIMEOUT(
            (test::onBroker(*m_service, [&delayed](Engine &engine) { delayed = engine.queue(kJobs)->delayed; }),
                delayed == 0),
            5000);
        QTRY_VERIFY_WITH_TIMEOUT(!all->isEnabled(), 5000); // nothing waits any more
    }

private:
    // jobs (a schedule of five delays, dead letters to jobs.dlq) with one
    // message that failed twice, one that failed once and one never
    // delivered; the window shows the queue with all three loaded.
    Jobs makeJobs()
    {
        Jobs jobs;
        test::declareQueue(*m_service, kDlq);
        test::declareQueue(*m_service, kJobs,
            {{QStringLiteral("x-retry-delays"), QVariantList{60'000, 300'000, 600'000, 1'800'000, 3'600'000}},
                {QStringLiteral("x-dead-letter-exchange"), QString()},
                {QStringLiteral("x-dead-letter-routing-key"), kDlq}});
        test::publishMessages(*m_service, kJobs, 3, QStringLiteral("job"));
        test::onBroker(*m_service, [&jobs](Engine &engine) {
            const SessionId s = engine.openSession(engine.openConnection({}), nullptr);
            const auto failOnce = [&engine, s]() -> MessageId {
                const auto got = engine.get(s, kJobs, false);
                if (!got.value || !engine.nack(s, got.value->deliveryTag, false, true).ok())
                    return 0;
                return got.value->id;
            };
            jobs.twice = failOnce();
            jobs.once = failOnce();
            if (!engine.retryNow(kJobs, jobs.twice).ok() || failOnce() != jobs.twice)
                jobs.twice = 0;
            for (const MessageView &v : engine.browse(kJobs, 0, 10)) {
                if (v.state.id == jobs.twice)
                    jobs.twiceDue = v.state.readyAt;
                else if (v.state.id != jobs.once)
                    jobs.fresh = v.state.id;
            }
        });
        if (!jobs.twice || !jobs.once || !jobs.fresh || !jobs.twiceDue)
            qFatal("could not set up the jobs queue");
        if (!QTest::qWaitFor([this] { return m_window->selectQueue(kJobs); }, 5000))
            qFatal("the window does not list the jobs queue");
        MessageListModel *model = m_window->messageModel();
        if (!QTest::qWaitFor([model] { return model->rowCount() == 3; }, 5000))
            qFatal("the jobs queue does not show its 3 messages");
        model->index(0, 0).data(); // asks for the page
        if (!QTest::qWaitFor([model] { return model->index(2, 0).data(MessageListModel::LoadedRole).toBool(); }, 5000))
            qFatal("the jobs queue's first page does not load");
        return jobs;
    }

    int loadedRow(MessageId id)
    {
        MessageListModel *model = m_window->messageModel();
        int row = -1;
        // -1 when it never loads: the caller's checks then fail naming the row.
        (void)QTest::qWaitFor(
            [&] {
                model->index(0, 0).data();
                row = model->loadedRowOf(id);
                return row >= 0;
            },
            5000);
        return row;
    }

    void select(MessageId id)
    {
        const int row = loadedRow(id);
        QVERIFY(row >= 0);
        m_window->messageView()->selectionModel()->setCurrentIndex(
            m_window->messageModel()->index(row, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        QTRY_VERIFY_WITH_TIMEOUT(m_window->browser()->hasSelection(), 5000);
    }

    void inspect(MessageId id)
    {
        select(id);
        QTRY_VERIFY_WITH_TIMEOUT(
            m_window->inspector()->message() && m_window->inspector()->message()->state.id == id, 5000);
    }

    void save(const QString &name)
    {
        m_window->statusBar()->clearMessage();
        QApplication::processEvents();
        const QImage image = m_window->grab().toImage();
        QVERIFY(!image.isNull());
        const QString path = test::screenshotDir() + QLatin1Char('/') + name;
        QVERIFY2(image.save(path), qPrintable(path));
        qInfo("rendered %s", qPrintable(path));
    }

    std::unique_ptr<BrokerService> m_service;
    std::unique_ptr<MainWindow> m_window;
};

QTEST_MAIN(TestRetryMessages)
#include "tst_retrymessages.moc"
