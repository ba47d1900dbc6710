// Retry controls in the window. Pause and resume a queue from the queue
// list's context menu: the action pauses the selected queue (a consumer
// attached to it gets nothing while messages keep arriving), the list marks
// it, and the same action, now "Resume delivery", lets the waiting messages
// go out. A message waiting for its next attempt (x-retry-delays) shows when
// it is due in the message list and the inspector.

#include "GuiTestSupport.h"
#include "ui/client/BrokerClient.h"
#include "ui/models/MessageListModel.h"
#include "ui/models/QueueListModel.h"
#include "ui/views/MainWindow.h"
#include "ui/views/MessageInspector.h"

#include <QAction>
#include <QApplication>
#include <QDateTime>
#include <QSettings>
#include <QStatusBar>
#include <QTableView>
#include <QTest>
#include <QTreeWidget>

using namespace depot;
using namespace depot::ui;

namespace {

// A consumer on the broker thread that counts what it is given.
class CountingSink final : public DeliverySink
{
public:
    void deliver(const Delivery &) override { delivered.fetch_add(1); }
    void consumerCancelled(const QString &) override { }
    std::atomic<int> delivered{0};
};

} // namespace

class TestRetryControls final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("DepotTests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_retrycontrols"));
        QSettings().clear();
    }

    void pauseAndResumeFromTheQueueList()
    {
        auto service = test::startBroker();
        QVERIFY(service);
        MainWindow window(service.get());
        window.resize(1400, 860);
        window.show();
        test::declareQueue(*service, QStringLiteral("orders"));
        CountingSink sink;
        bool consuming = false;
        test::onBroker(*service, [&sink, &consuming](Engine &engine) {
            const SessionId s = engine.openSession(engine.openConnection({}), &sink);
            ConsumeSpec spec;
            spec.queue = QStringLiteral("orders");
            spec.noAck = true;
            consuming = engine.consume(s, spec).ok();
        });
        QVERIFY(consuming);
        QTRY_VERIFY_WITH_TIMEOUT(window.selectQueue(QStringLiteral("orders")), 5000);

        QAction *pause = window.action(QStringLiteral("pauseQueue"));
        QVERIFY(pause);
        QVERIFY(window.queueView()->actions().contains(pause)); // in the list's context menu
        QTRY_VERIFY_WITH_TIMEOUT(pause->isEnabled(), 5000);
        QCOMPARE(pause->text().remove(u'&'), QStringLiteral("Pause delivery"));
        pause->trigger();

        QueueListModel *model = window.queueModel();
        const auto row = [model] { return model->index(model->rowOf(QStringLiteral("orders")), QueueListModel::Name); };
        QTRY_VERIFY_WITH_TIMEOUT(row().data(QueueListModel::PausedRole).toBool(), 5000);
        QVERIFY(row().data(Qt::DisplayRole).toString().contains(QStringLiteral("paused")));
        QVERIFY(row().data(Qt::ToolTipRole).toString().contains(QStringLiteral("Paused")));
        QTRY_COMPARE_WITH_TIMEOUT(pause->text().remove(u'&'), QStringLiteral("Resume delivery"), 5000);
        save(window, QStringLiteral("paused-queue.png"));
        bool pausedOnBroker = false;
        test::onBroker(*service,
            [&pausedOnBroker](Engine &engine) { pausedOnBroker = engine.queue(QStringLiteral("orders"))->paused; });
        QVERIFY(pausedOnBroker);

        // Publishing goes on; the attached consumer gets nothing.
        test::publishMessages(*service, QStringLiteral("orders"), 3);
        QTRY_COMPARE_WITH_TIMEOUT(model->index(model->rowOf(QStringLiteral("orders")), QueueListModel::Ready)
                                      .data(QueueListModel::SortRole)
                                      .toULongLong(),
            3ull, 5000);
        QCOMPARE(sink.delivered.load(), 0);

        pause->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(sink.delivered.load(), 3, 5000);
        QTRY_VERIFY_WITH_TIMEOUT(!row().data(QueueListModel::PausedRole).toBool(), 5000);
        QCOMPARE(row().data(Qt::DisplayRole).toString(), QStringLiteral("orders"));
        QTRY_COMPARE_WITH_TIMEOUT(pause->text().remove(u'&'), QStringLiteral("Pause delivery"), 5000);
    }

    void waitingMessageShowsWhenItIsDue()
    {
        auto service = test::startBroker();
        QVERIFY(service);
        MainWindow window(service.get());
        window.resize(1400, 860);
        window.show();
        test::declareQueue(
            *service, QStringLiteral("jobs"), {{QStringLiteral("x-retry-delays"), QVariantList{600000}}});
        test::publishMessages(*service, QStringLiteral("jobs"), 1);
        qint64 due = 0;
        test::onBroker(*service, [&due](Engine &engine) {
            const SessionId s = engine.openSession(engine.openConnection({}), nullptr);
            const auto got = engine.get(s, QStringLiteral("jobs"), false);
            if (got.value && engine.nack(s, got.value->deliveryTag, false, true).ok())
                due = engine.browse(QStringLiteral("jobs"), 0, 1).value(0).state.readyAt;
        });
        QVERIFY(due > 0);
        const QString dueText = QDateTime::fromMSecsSinceEpoch(due).toString(QStringLiteral("HH:mm:ss"));
        QTRY_VERIFY_WITH_TIMEOUT(window.selectQueue(QStringLiteral("jobs")), 5000);
        MessageListModel *messages = window.messageModel();
        QTRY_VERIFY_WITH_TIMEOUT(messages->rowCount() > 0, 5000);
        messages->index(0, 0).data();
        QTRY_VERIFY_WITH_TIMEOUT(messages->index(0, 0).data(MessageListModel::LoadedRole).toBool(), 5000);
        const QModelIndex deliveries = messages->index(0, MessageListModel::Deliveries);
        // Its attempt and when the next comes (tst_retrymessages has the countdown).
        QVERIFY2(deliveries.data().toString().startsWith(QStringLiteral("attempt 2 of 2, next delivery in ")),
            qPrintable(deliveries.data().toString()));
        QVERIFY2(deliveries.data(Qt::ToolTipRole).toString().contains(QStringLiteral("x-retry-delays")),
            qPrintable(deliveries.data(Qt::ToolTipRole).toString()));
        window.messageView()->setCurrentIndex(messages->index(0, 0));
        QTRY_VERIFY_WITH_TIMEOUT(window.inspector()->message().has_value(), 5000);
        QVERIFY(!window.inspector()->findChildren<QTreeWidget *>().isEmpty());
        bool shown = false;
        for (QTreeWidget *tree : window.inspector()->findChildren<QTreeWidget *>()) {
            for (QTreeWidgetItem *item : tree->findItems(QStringLiteral("Next delivery at"), Qt::MatchExactly))
                shown = shown || item->text(1).contains(dueText);
        }
        QVERIFY(shown);
    }

private:
    static void save(MainWindow &window, const QString &name)
    {
        window.statusBar()->clearMessage();
        QApplication::processEvents();
        const QImage image = window.grab().toImage();
        QVERIFY(!image.isNull());
        const QString path = test::screenshotDir() + QLatin1Char('/') + name;
        QVERIFY2(image.save(path), qPrintable(path));
        qInfo("rendered %s", qPrintable(path));
    }
};

QTEST_MAIN(TestRetryControls)
#include "tst_retrycontrols.moc"
