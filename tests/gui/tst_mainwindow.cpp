// The whole window against a real broker running the demo traffic: queues
// appear and move, dead-letter queues are marked and linked, the inspector
// shows a dead letter's history, and every panel renders to PNG files in the
// build directory (the screenshots in docs/screenshots/ come from here).

#include "../unit/amqpserver/RawAmqpClient.h"
#include "GuiTestSupport.h"
#include "ui/Theme.h"
#include "ui/Translations.h"
#include "ui/client/BrokerClient.h"
#include "ui/models/MessageListModel.h"
#include "ui/models/QueueListModel.h"
#include "ui/models/TopologyModels.h"
#include "ui/views/ChartsView.h"
#include "ui/views/MainWindow.h"
#include "ui/views/MessageInspector.h"

#include <QAction>
#include <QApplication>
#include <QFrame>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStatusBar>
#include <QStyle>
#include <QTabBar>
#include <QTabWidget>
#include <QTableView>
#include <QTest>
#include <QTranslator>
#include <QTreeWidget>

using namespace depot;
using namespace depot::ui;

class TestMainWindow final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("DepotTests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_mainwindow"));
        QSettings().clear();
        m_service = test::startBroker();
        QVERIFY(m_service);
        m_window = std::make_unique<MainWindow>(m_service.get());
        m_window->resize(1400, 860);
        m_window->show();
        m_window->runDemo();
    }

    void demoQueuesAppearAndMove()
    {
        QueueListModel *model = m_window->queueModel();
        QTRY_VERIFY_WITH_TIMEOUT(model->rowOf(QStringLiteral("orders")) >= 0, 5000);
        for (const char *name : {"orders", "payments", "emails", "audit", "orders.dlq", "payments.dlq"})
            QVERIFY2(model->rowOf(QLatin1String(name)) >= 0, name);
        const auto total = [model](const char *name) {
            return model->index(model->rowOf(QLatin1String(name)), QueueListModel::Total)
                .data(QueueListModel::SortRole)
                .toULongLong();
        };
        QTRY_VERIFY_WITH_TIMEOUT(total("audit") > 50, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(total("orders.dlq") > 0, 20000);
    }

    void deadLetterQueuesAreLinkedBothWays()
    {
        QueueListModel *model = m_window->queueModel();
        const QModelIndex dlq = model->index(model->rowOf(QStringLiteral("orders.dlq")), QueueListModel::Name);
        const QModelIndex orders = model->index(model->rowOf(QStringLiteral("orders")), QueueListModel::Name);
        QVERIFY(dlq.data(QueueListModel::IsDeadLetterQueueRole).toBool());
        QVERIFY(!orders.data(QueueListModel::IsDeadLetterQueueRole).toBool());
        QVERIFY(dlq.data(Qt::ToolTipRole).toString().contains(QStringLiteral("orders")));
        QCOMPARE(model->index(dlq.row(), QueueListModel::DeadLetterLink).data().toString(), QStringLiteral("← fed by orders"));
        QCOMPARE(model->index(orders.row(), QueueListModel::DeadLetterLink).data().toString(),
                 QStringLiteral("→ orders.dlq"));
    }

    // A new window at its own default size (not the 1400 px the renders use)
    // shows the dead-letter links whole: "<- fed by payments" fits its column
    // and the column ends inside the queue list.
    void deadLetterColumnFitsAtDefaultSize()
    {
        QSettings().clear();
        MainWindow fresh(m_service.get());
        fresh.show();
        QVERIFY(QTest::qWaitForWindowExposed(&fresh));
        QTableView *view = fresh.queueView();
        QTRY_VERIFY_WITH_TIMEOUT(fresh.queueModel()->rowOf(QStringLiteral("payments.dlq")) >= 0, 10000);
        const QHeaderView *header = view->horizontalHeader();
        const int column = QueueListModel::DeadLetterLink;
        const int end = header->sectionViewportPosition(column) + header->sectionSize(column);
        QVERIFY2(end <= view->viewport()->width(),
                 qPrintable(QStringLiteral("the dead-letter column ends at %1, the list is %2 wide")
                                .arg(end).arg(view->viewport()->width())));
        const QString text = fresh.queueModel()
                                 ->index(fresh.queueModel()->rowOf(QStringLiteral("payments.dlq")), column)
                                 .data()
                                 .toString();
        QVERIFY(!text.isEmpty());
        const int needed = view->fontMetrics().horizontalAdvance(text) + 2 * view->style()->pixelMetric(QStyle::PM_FocusFrameHMargin) + 4;
        QVERIFY2(header->sectionSize(column) >= needed,
                 qPrintable(QStringLiteral("'%1' needs %2 px, its column has %3").arg(text).arg(needed).arg(header->sectionSize(column))));
        fresh.close();
        m_window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    }

    // At the default size (1280 px) the inspector beside the queue list must
    // still show its section tabs whole, and the message filter must be
    // usable.
    void inspectorFitsAtDefaultSize()
    {
        QSettings().clear();
        MainWindow fresh(m_service.get());
        fresh.show();
        QVERIFY(QTest::qWaitForWindowExposed(&fresh));
        QCOMPARE(fresh.width(), 1280);
        QTRY_VERIFY_WITH_TIMEOUT(fresh.queueModel()->rowOf(QStringLiteral("orders.dlq")) >= 0, 10000);
        QVERIFY(fresh.selectQueue(QStringLiteral("orders.dlq")));
        QTRY_VERIFY_WITH_TIMEOUT(fresh.messageModel()->rowCount() > 0, 10000);
        fresh.messageModel()->index(0, 0).data();
        QTRY_VERIFY_WITH_TIMEOUT(fresh.messageModel()->index(0, 0).data(MessageListModel::LoadedRole).toBool(), 5000);
        fresh.messageView()->setCurrentIndex(fresh.messageModel()->index(0, 0));
        QTRY_VERIFY_WITH_TIMEOUT(fresh.inspector()->message().has_value(), 5000);
        QApplication::processEvents();
        const QTabBar *tabs = fresh.inspector()->sectionTabs()->tabBar();
        int needed = 0;
        for (int i = 0; i < tabs->count(); ++i)
            needed += tabs->tabRect(i).width();
        QVERIFY2(needed <= tabs->width(),
                 qPrintable(QStringLiteral("the inspector's tabs need %1 px, the bar has %2").arg(needed).arg(tabs->width())));
        QVERIFY2(fresh.messageFilter()->width() >= 200,
                 qPrintable(QStringLiteral("the message filter is %1 px wide").arg(fresh.messageFilter()->width())));
        const QImage image = fresh.grab().toImage();
        QVERIFY(image.save(test::screenshotDir() + QStringLiteral("/default-size.png")));
        fresh.close();
        m_window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    }

    void shortcutsAreInTheMenus()
    {
        QCOMPARE(m_window->action(QStringLiteral("find"))->shortcut(), QKeySequence(QKeySequence::Find));
        QCOMPARE(m_window->action(QStringLiteral("replay"))->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_R));
        QCOMPARE(m_window->action(QStringLiteral("publish"))->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_P));
        QCOMPARE(m_window->action(QStringLiteral("refresh"))->shortcut(), QKeySequence(QKeySequence::Refresh));
        QCOMPARE(m_window->action(QStringLiteral("delete"))->shortcut(), QKeySequence(QKeySequence::Delete));
        // Ctrl+F from the queue list lands in the queue filter.
        m_window->activateWindow();
        m_window->queueView()->setFocus();
        m_window->action(QStringLiteral("find"))->trigger();
        QVERIFY(m_window->queueFilter()->hasFocus());
    }

    void queueFilterHidesOthers()
    {
        m_window->queueFilter()->setText(QStringLiteral("dlq"));
        QCOMPARE(m_window->queueProxy()->rowCount(), 2);
        m_window->queueFilter()->clear();
        QCOMPARE(m_window->queueProxy()->rowCount(), m_window->queueModel()->rowCount());
    }

    void renderMainWindow()
    {
        QVERIFY(m_window->selectQueue(QStringLiteral("audit")));
        m_window->tabs()->setCurrentIndex(MainWindow::MessagesTab);
        QTRY_VERIFY_WITH_TIMEOUT(m_window->messageModel()->rowCount() > 0, 5000);
        QTRY_VERIFY_WITH_TIMEOUT(m_window->messageModel()->index(0, 0).data(MessageListModel::LoadedRole).toBool(), 5000);
        m_window->messageView()->setCurrentIndex(m_window->messageModel()->index(2, 0));
        QTRY_VERIFY_WITH_TIMEOUT(m_window->inspector()->message().has_value(), 5000);
        // Let the sparklines and charts gather a few seconds of history.
        QTest::qWait(qEnvironmentVariableIntValue("DEPOT_SCREENSHOT_WAIT_MS") + 1500);
        save(QStringLiteral("main-window.png"));
    }

    // The window at 1920x1080: the message list (and its body preview) takes the room.
    void renderFullHd()
    {
        const QSize before = m_window->size();
        m_window->resize(1920, 1080);
        QApplication::processEvents();
        QVERIFY(m_window->selectQueue(QStringLiteral("orders.dlq")));
        m_window->tabs()->setCurrentIndex(MainWindow::MessagesTab);
        QTRY_VERIFY_WITH_TIMEOUT(
            m_window->messageModel()->index(0, 0).data(MessageListModel::LoadedRole).toBool(), 5000);
        m_window->messageView()->setCurrentIndex(m_window->messageModel()->index(0, 0));
        QTRY_VERIFY_WITH_TIMEOUT(m_window->inspector()->message().has_value(), 5000);
        QCOMPARE(m_window->messageSplitter()->orientation(), Qt::Horizontal);
        save(QStringLiteral("main-window-1920x1080.png"));
        m_window->resize(before);
        QApplication::processEvents();
    }

    void renderInspectorOnDeadLetter()
    {
        QVERIFY(m_window->selectQueue(QStringLiteral("orders.dlq")));
        QTRY_VERIFY_WITH_TIMEOUT(m_window->messageModel()->index(0, 0).data(MessageListModel::LoadedRole).toBool(), 5000);
        m_window->messageView()->setCurrentIndex(m_window->messageModel()->index(0, 0));
        QTRY_VERIFY_WITH_TIMEOUT(m_window->inspector()->message().has_value(), 5000);
        QVERIFY(m_window->inspector()->isDeadLetter());
        QVERIFY(m_window->inspector()->replayButton()->isEnabled());
        QTreeWidget *timeline = m_window->inspector()->deathTimeline();
        QVERIFY(timeline->topLevelItemCount() >= 1);
        QVERIFY(timeline->topLevelItem(0)->text(1).contains(QStringLiteral("orders")));
        QVERIFY(timelineShowsWholeText(timeline));
        save(QStringLiteral("inspector-dead-letter.png"));
    }

    void renderCharts()
    {
        m_window->tabs()->setCurrentIndex(MainWindow::ChartsTab);
        m_window->charts()->refresh();
        QTRY_VERIFY_WITH_TIMEOUT(m_window->charts()->pointCount(0) > 3, 10000);
        QTest::qWait(300);
        save(QStringLiteral("charts.png"));
    }

    void renderDarkTheme()
    {
        applyTheme(ThemeMode::Dark);
        QVERIFY(QApplication::palette().color(QPalette::Window).lightness() < 100);
        m_window->tabs()->setCurrentIndex(MainWindow::MessagesTab);
        QVERIFY(m_window->selectQueue(QStringLiteral("payments.dlq")) || m_window->selectQueue(QStringLiteral("orders.dlq")));
        QTRY_VERIFY_WITH_TIMEOUT(m_window->messageModel()->rowCount() > 0, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(m_window->messageModel()->index(0, 0).data(MessageListModel::LoadedRole).toBool(), 5000);
        m_window->messageView()->setCurrentIndex(m_window->messageModel()->index(0, 0));
        QTRY_VERIFY_WITH_TIMEOUT(m_window->inspector()->message().has_value(), 5000);
        QTRY_VERIFY_WITH_TIMEOUT(timelineShowsWholeText(m_window->inspector()->deathTimeline()), 2000);
        save(QStringLiteral("dark-theme.png"));
        applyTheme(ThemeMode::Light);
    }

    void renderQuickStart()
    {
        m_window->tabs()->setCurrentIndex(MainWindow::QuickStartTab);
        save(QStringLiteral("quick-start.png"));
    }

    void renderConnectionsWithChannels()
    {
        // Two real AMQP clients next to the demo's in-process connection.
        using amqp::test::RawAmqpClient;
        RawAmqpClient worker(m_service->port(QStringLiteral("amqp")));
        QVERIFY(worker.handshake());
        QVERIFY(worker.openChannel(1));
        QVERIFY(worker.openChannel(2));
        worker.sendMethod(1, amqp::BasicQos{0, 10, true});
        QVERIFY(worker.expect<amqp::BasicQosOk>());
        amqp::BasicConsume consume;
        consume.queue = QStringLiteral("audit");
        consume.consumerTag = QStringLiteral("audit-archiver");
        worker.sendMethod(1, consume);
        QVERIFY(worker.expect<amqp::BasicConsumeOk>());
        worker.sendMethod(2, amqp::ConfirmSelect{false});
        RawAmqpClient paused(m_service->port(QStringLiteral("amqp")));
        QVERIFY(paused.handshake());
        QVERIFY(paused.openChannel(1));
        paused.sendMethod(1, amqp::ChannelFlow{false});
        QVERIFY(paused.expect<amqp::ChannelFlowOk>());

        m_window->tabs()->setCurrentIndex(MainWindow::ConnectionsTab);
        ChannelListModel *channels = m_window->channelModel();
        QTRY_VERIFY_WITH_TIMEOUT(channels->rowCount() >= 6, 5000);   // 3 demo sessions + 3 channels
        const auto has = [channels](int column, const QString &text) {
            for (int r = 0; r < channels->rowCount(); ++r) {
                if (channels->index(r, column).data().toString() == text)
                    return true;
            }
            return false;
        };
        QTRY_VERIFY_WITH_TIMEOUT(has(ChannelListModel::Unacked, QStringLiteral("10")), 5000);
        QTRY_VERIFY_WITH_TIMEOUT(has(ChannelListModel::Confirms, QStringLiteral("confirms")), 5000);
        QVERIFY(has(ChannelListModel::Flow, QStringLiteral("paused")));
        save(QStringLiteral("connections-channels.png"));
    }

    void renderAlarmBanner()
    {
        m_window->tabs()->setCurrentIndex(MainWindow::MessagesTab);
        QVERIFY(m_window->selectQueue(QStringLiteral("audit")));   // nobody consumes it: the view stays put
        QTRY_VERIFY_WITH_TIMEOUT(m_window->messageModel()->index(0, 0).data(MessageListModel::LoadedRole).toBool(), 5000);
        m_window->messageView()->setCurrentIndex(m_window->messageModel()->index(0, 0));
        QTRY_VERIFY_WITH_TIMEOUT(m_window->inspector()->message().has_value(), 5000);
        const QString text = QStringLiteral("Depot cannot write to /home/dev/.local/share/Depot/depot.db: disk is full; "
                                            "publishers are blocked until there is room again");
        test::onBroker(*m_service, [text](Engine &engine) { engine.raiseAlarm(QStringLiteral("disk"), text); });
        QTRY_VERIFY_WITH_TIMEOUT(!m_window->alarmBanner()->isHidden(), 5000);
        QVERIFY(m_window->alarmText()->text().contains(QStringLiteral("disk is full")));
        QTest::qWait(300);
        save(QStringLiteral("alarm-banner.png"));
        test::onBroker(*m_service, [](Engine &engine) { engine.clearAlarm(QStringLiteral("disk")); });
        QTRY_VERIFY_WITH_TIMEOUT(m_window->alarmBanner()->isHidden(), 5000);
    }

    void renderJapanese()
    {
        const QList<QTranslator *> before = qApp->findChildren<QTranslator *>();
        QVERIFY(installTranslators(*qApp, QLocale(QStringLiteral("ja_JP"))));
        QLocale::setDefault(QLocale(QStringLiteral("ja_JP")));
        {
            MainWindow window(m_service.get());
            window.resize(1400, 860);
            window.show();
            window.runDemo();
            QCOMPARE(window.action(QStringLiteral("demo"))->text(), QStringLiteral("デモトラフィックを停止(&D)"));
            QTRY_VERIFY_WITH_TIMEOUT(window.selectQueue(QStringLiteral("orders.dlq")), 5000);
            QTRY_VERIFY_WITH_TIMEOUT(window.messageModel()->index(0, 0).data(MessageListModel::LoadedRole).toBool(), 5000);
            window.messageView()->setCurrentIndex(window.messageModel()->index(0, 0));
            QTRY_VERIFY_WITH_TIMEOUT(window.inspector()->message().has_value(), 5000);
            QTest::qWait(600);
            window.statusBar()->clearMessage();
            QApplication::processEvents();
            const QImage image = window.grab().toImage();
            const QString path = test::screenshotDir() + QStringLiteral("/japanese.png");
            QVERIFY2(image.save(path), qPrintable(path));
            window.hide();
        }
        QLocale::setDefault(QLocale(QStringLiteral("en_US")));
        for (QTranslator *t : qApp->findChildren<QTranslator *>()) {
            if (!before.contains(t)) {
                QCoreApplication::removeTranslator(t);
                delete t;
            }
        }
    }

    void cleanupTestCase()
    {
        m_window.reset();
        if (m_service)
            m_service->stop();
    }

private:
    // Every row of the x-death timeline is tall enough for its wrapped text
    // at the width its column has now (nothing is cut off or elided).
    static bool timelineShowsWholeText(QTreeWidget *timeline)
    {
        QApplication::processEvents();
        const int width = timeline->header()->sectionSize(1) - 8;
        for (int i = 0; i < timeline->topLevelItemCount(); ++i) {
            QTreeWidgetItem *item = timeline->topLevelItem(i);
            const QRect needed = timeline->fontMetrics().boundingRect(QRect(0, 0, width, 100000), Qt::TextWordWrap,
                                                                      item->text(1));
            if (timeline->visualItemRect(item).height() < needed.height())
                return false;
        }
        return true;
    }

    void save(const QString &name)
    {
        m_window->statusBar()->clearMessage();   // show the ports and totals, not a passing message
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

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
