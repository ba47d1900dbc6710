// The window's state against a real broker: channels of a real AMQP
// connection, alarms raised on the engine, a system theme that changes
// while Depot runs, the layout one window saves and the next restores, the
// tray's tooltip text, another port offered when one is taken, and the demo
// action as a toggle.

#include "GuiTestSupport.h"
#include "tests/support/AnyFreePorts.h"

#include "../unit/amqpserver/RawAmqpClient.h"

#include "ui/Theme.h"
#include "ui/client/BrokerClient.h"
#include "broker/demo/DemoTraffic.h"
#include "ui/models/QueueListModel.h"
#include "ui/models/TopologyModels.h"
#include "ui/views/ChartsView.h"
#include "ui/views/MainWindow.h"
#include "ui/views/QuickStartPanel.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QFrame>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

using namespace depot;
using namespace depot::ui;
using depot::amqp::test::RawAmqpClient;

namespace {

QString plain(QString text)
{
    return text.remove(u'&');
}

QPalette lightSystem()
{
    QPalette p(QColor(0xee, 0xee, 0xee));
    p.setColor(QPalette::Window, QColor(0xf0, 0xf0, 0xf0));
    p.setColor(QPalette::WindowText, Qt::black);
    return p;
}

QPalette darkSystem()
{
    QPalette p(QColor(0x30, 0x30, 0x30));
    p.setColor(QPalette::Window, QColor(0x20, 0x20, 0x20));
    p.setColor(QPalette::WindowText, Qt::white);
    return p;
}

bool appLooksDark()
{
    const QPalette p = QApplication::palette();
    return p.color(QPalette::Window).lightness() < p.color(QPalette::WindowText).lightness();
}

} // namespace

class TestWindowState final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_settingsDir.isValid());
        QCoreApplication::setOrganizationName(QStringLiteral("DepotTests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_windowstate"));
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
        m_service = test::startBroker();
        QVERIFY(m_service);
        m_window = std::make_unique<MainWindow>(m_service.get());
        m_window->resize(1400, 860);
        m_window->show();
    }

    void cleanupTestCase()
    {
        setSystemPaletteSource({});
        m_window.reset();
        m_service.reset();
    }

    // The connections tables follow the snapshots only while their tab is
    // shown (at 1,000 connections they are the GUI thread's dearest work per
    // snapshot); showing the tab brings them up to date at once, and from
    // then on they follow again.
    void connectionTablesFollowOnlyWhileShown()
    {
        m_window->tabs()->setCurrentIndex(MainWindow::QuickStartTab);
        ChannelListModel *model = m_window->channelModel();
        const auto channelsIn = [](const BrokerSnapshot &snapshot, quint16 number) {
            int n = 0;
            for (const ConnectionSummary &c : snapshot.connections) {
                for (const SessionSummary &s : c.channels)
                    n += s.channel == number && c.id != 0 ? 1 : 0;
            }
            return n;
        };
        const auto rowsFor = [model](quint16 number) {
            int n = 0;
            for (int r = 0; r < model->rowCount(); ++r)
                n += model->rowAt(r).channel.channel == number && model->rowAt(r).connection != 0 ? 1 : 0;
            return n;
        };
        const int shown = model->rowCount();
        QSignalSpy changes(model, &QAbstractItemModel::rowsInserted);

        RawAmqpClient client(m_service->port(QStringLiteral("amqp")));
        QVERIFY(client.handshake());
        QVERIFY(client.openChannel(9));
        QTRY_COMPARE_WITH_TIMEOUT(channelsIn(*m_window->client()->snapshot(), 9), 1, 5000);
        const qint64 seen = m_window->client()->snapshot()->takenAtMs;
        QTRY_VERIFY_WITH_TIMEOUT(m_window->client()->snapshot()->takenAtMs > seen, 5000);   // one more for good measure
        QCOMPARE(model->rowCount(), shown);   // hidden: left alone
        QCOMPARE(changes.count(), 0);

        m_window->tabs()->setCurrentIndex(MainWindow::ConnectionsTab);
        QCOMPARE(rowsFor(9), 1);   // at once, not at the next snapshot
        int expected = 0;
        for (const ConnectionSummary &c : m_window->client()->snapshot()->connections)
            expected += int(c.channels.size());
        QCOMPARE(model->rowCount(), expected);

        // Shown, it follows: channel 9 closes and its row goes.
        client.sendMethod(9, amqp::ChannelClose{200, QStringLiteral("bye"), 0, 0});
        QVERIFY(client.expect<amqp::ChannelCloseOk>());
        QTRY_COMPARE_WITH_TIMEOUT(rowsFor(9), 0, 5000);
        m_window->tabs()->setCurrentIndex(MainWindow::QuickStartTab);
    }

    // The charts redraw once a second only while shown; showing them
    // redraws at once.
    void chartsRedrawOnlyWhileShown()
    {
        m_window->tabs()->setCurrentIndex(MainWindow::QuickStartTab);
        ChartsView *charts = m_window->charts();
        const int hidden = charts->refreshCount();
        QTest::qWait(2500);   // two and a half of the charts' 1 s ticks
        QCOMPARE(charts->refreshCount(), hidden);
        m_window->tabs()->setCurrentIndex(MainWindow::ChartsTab);
        QVERIFY(charts->refreshCount() > hidden);
        const int shown = charts->refreshCount();
        QTRY_VERIFY_WITH_TIMEOUT(charts->refreshCount() > shown, 3000);
        m_window->tabs()->setCurrentIndex(MainWindow::QuickStartTab);
    }

    void channelsOfARealConnection()
    {
        test::declareQueue(*m_service, QStringLiteral("channel-work"));
        test::publishMessages(*m_service, QStringLiteral("channel-work"), 3);

        RawAmqpClient client(m_service->port(QStringLiteral("amqp")));
        QVERIFY(client.connected());
        QVERIFY(client.handshake());
        QVERIFY(client.openChannel(1));
        QVERIFY(client.openChannel(5));
        client.sendMethod(5, amqp::BasicQos{0, 7, true});
        QVERIFY(client.expect<amqp::BasicQosOk>());
        client.sendMethod(5, amqp::ConfirmSelect{false});
        QVERIFY(client.expect<amqp::ConfirmSelectOk>());
        client.sendMethod(1, amqp::ChannelFlow{false});
        QVERIFY(client.expect<amqp::ChannelFlowOk>());
        amqp::BasicConsume consume;
        consume.queue = QStringLiteral("channel-work");
        consume.consumerTag = QStringLiteral("watcher");
        client.sendMethod(5, consume);
        QVERIFY(client.expect<amqp::BasicConsumeOk>());

        m_window->tabs()->setCurrentIndex(MainWindow::ConnectionsTab);
        ChannelListModel *model = m_window->channelModel();
        const auto rowFor = [model](quint16 channel) {
            for (int r = 0; r < model->rowCount(); ++r) {
                if (model->rowAt(r).channel.channel == channel && model->rowAt(r).connection != 0)
                    return r;
            }
            return -1;
        };
        const auto cell = [model](int row, int column) { return model->index(row, column).data().toString(); };
        QTRY_VERIFY_WITH_TIMEOUT(rowFor(5) >= 0 && cell(rowFor(5), ChannelListModel::Unacked) == u"3", 5000);
        const int five = rowFor(5);
        QCOMPARE(cell(five, ChannelListModel::Channel), QStringLiteral("5"));
        QCOMPARE(cell(five, ChannelListModel::Prefetch), QStringLiteral("7"));
        QCOMPARE(cell(five, ChannelListModel::ConsumerPrefetch), QStringLiteral("unlimited"));
        QCOMPARE(cell(five, ChannelListModel::Consumers), QStringLiteral("1"));
        QCOMPARE(cell(five, ChannelListModel::Confirms), QStringLiteral("confirms"));
        QCOMPARE(cell(five, ChannelListModel::Flow), QStringLiteral("flowing"));
        QVERIFY(cell(five, ChannelListModel::Connection).contains(QStringLiteral("127.0.0.1")));
        QTRY_VERIFY_WITH_TIMEOUT(rowFor(1) >= 0 && cell(rowFor(1), ChannelListModel::Flow) == u"paused", 5000);
        const int one = rowFor(1);
        QCOMPARE(cell(one, ChannelListModel::Prefetch), QStringLiteral("unlimited"));
        QCOMPARE(cell(one, ChannelListModel::Confirms), QStringLiteral("off"));
        QCOMPARE(cell(one, ChannelListModel::Consumers), QStringLiteral("0"));
        new QAbstractItemModelTester(model, QAbstractItemModelTester::FailureReportingMode::QtTest, model);

        // The connections table counts both channels.
        QAbstractItemModel *connections = m_window->consumerView()->model();
        bool counted = false;
        for (int r = 0; r < connections->rowCount(); ++r) {
            if (connections->index(r, ConsumerListModel::ConsumerTag).data().toString() == u"watcher")
                counted = connections->index(r, ConsumerListModel::Channels).data().toString() == u"2";
        }
        QVERIFY(counted);

        // A closed channel leaves the table.
        client.sendMethod(1, amqp::ChannelClose{200, QStringLiteral("bye"), 0, 0});
        // Channel 5's deliveries arrive meanwhile; skip them.
        bool closed = false;
        while (!closed) {
            const std::optional<amqp::test::OwnedFrame> frame = client.nextFrame();
            QVERIFY(frame);
            if (frame->type == amqp::FrameType::Method && frame->channel == 1) {
                const auto method = amqp::decodeMethodPayload(frame->payload);
                QVERIFY(method.ok());
                closed = std::holds_alternative<amqp::ChannelCloseOk>(method.value());
            }
        }
        QTRY_COMPARE_WITH_TIMEOUT(rowFor(1), -1, 5000);
        QVERIFY(rowFor(5) >= 0);
    }

    // "Close connection…" on a row of the Connections tab: after asking, the
    // client is told 320 CONNECTION_FORCED with the reason and the row goes.
    void closeConnectionFromTheWindow()
    {
        RawAmqpClient client(m_service->port(QStringLiteral("amqp")));
        QVERIFY(client.connected());
        QVERIFY(client.handshake());
        QVERIFY(client.openChannel(1));
        const QString peer = QStringLiteral("127.0.0.1:%1").arg(client.localPort());
        m_window->tabs()->setCurrentIndex(MainWindow::ConnectionsTab);
        QTableView *view = m_window->consumerView();
        const auto rowOfClient = [view, peer] {
            for (int r = 0; r < view->model()->rowCount(); ++r) {
                if (view->model()->index(r, ConsumerListModel::Connection).data().toString().contains(peer))
                    return r;
            }
            return -1;
        };
        QTRY_VERIFY_WITH_TIMEOUT(rowOfClient() >= 0, 5000);
        QAction *close = m_window->action(QStringLiteral("closeConnection"));
        view->clearSelection();
        QTRY_VERIFY(!close->isEnabled());
        view->selectionModel()->setCurrentIndex(view->model()->index(rowOfClient(), 0),
                                                QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        QVERIFY(close->isEnabled());
        QVERIFY(view->actions().contains(close));   // in the table's context menu

        QStringList asked;
        bool answer = false;
        m_window->setConfirmForTests([&](const QString &text) {
            asked << text;
            return answer;
        });
        close->trigger();   // declined: nothing happens
        QCOMPARE(asked.size(), 1);
        QVERIFY2(asked.first().contains(peer), qPrintable(asked.first()));
        QTest::qWait(200);
        QVERIFY(client.connected());
        QCOMPARE(rowOfClient() >= 0, true);

        answer = true;
        close->trigger();
        const std::optional<amqp::ConnectionClose> closing = client.expect<amqp::ConnectionClose>(5000);
        m_window->setConfirmForTests({});
        QVERIFY(closing);
        QCOMPARE(closing->replyCode, quint16(320));
        QVERIFY2(closing->replyText.contains(QStringLiteral("Closed from the Depot window")), qPrintable(closing->replyText));
        client.sendMethod(0, amqp::ConnectionCloseOk{});
        QTRY_COMPARE_WITH_TIMEOUT(rowOfClient(), -1, 5000);
    }

    void alarmBannerAppearsAndClears()
    {
        const QString text = QStringLiteral("Depot cannot write to /tmp/depot: disk is full; publishers are blocked");
        QVERIFY(m_window->alarmBanner()->isHidden());
        test::onBroker(*m_service, [text](Engine &engine) { engine.raiseAlarm(QStringLiteral("disk"), text); });
        QTRY_VERIFY_WITH_TIMEOUT(!m_window->alarmBanner()->isHidden(), 5000);
        QVERIFY(m_window->alarmBanner()->isVisible());
        QVERIFY(m_window->alarmText()->text().contains(text));
        QVERIFY(m_window->alarmText()->wordWrap());
        QVERIFY(m_window->stateLabel()->text().contains(QStringLiteral("Publishers blocked")));
        QVERIFY(m_window->stateLabel()->text().contains(QStringLiteral("disk")));
        QVERIFY(m_window->currentTrayToolTip().contains(text));

        test::onBroker(*m_service, [](Engine &engine) { engine.clearAlarm(QStringLiteral("disk")); });
        QTRY_VERIFY_WITH_TIMEOUT(m_window->alarmBanner()->isHidden(), 5000);
        QVERIFY(!m_window->stateLabel()->text().contains(QStringLiteral("blocked")));
        QVERIFY(!m_window->currentTrayToolTip().contains(text));
    }

    void followSystemTracksLiveChanges()
    {
        QPalette system = lightSystem();
        setSystemPaletteSource([&system] { return system; });
        applyTheme(ThemeMode::System);
        QVERIFY(!appLooksDark());

        // The system switches to dark while Depot runs.
        system = darkSystem();
        QEvent themeChange(QEvent::ThemeChange);
        QCoreApplication::sendEvent(m_window.get(), &themeChange);
        QTRY_VERIFY_WITH_TIMEOUT(appLooksDark(), 2000);
        QCOMPARE(currentTheme(), ThemeMode::System);

        // And back, this time announced as a palette change.
        system = lightSystem();
        QEvent paletteChange(QEvent::ApplicationPaletteChange);
        QCoreApplication::sendEvent(qApp, &paletteChange);
        QTRY_VERIFY_WITH_TIMEOUT(!appLooksDark(), 2000);

        // A chosen theme stays put whatever the system does.
        applyTheme(ThemeMode::Light);
        system = darkSystem();
        QCoreApplication::sendEvent(m_window.get(), &themeChange);
        QTest::qWait(50);
        QVERIFY(!appLooksDark());
        QCOMPARE(currentTheme(), ThemeMode::Light);

        // Without a test source, "follow system" reads the platform's palette
        // again even after Depot's own dark one covered it (offscreen is light).
        setSystemPaletteSource({});
        applyTheme(ThemeMode::Dark);
        QVERIFY(appLooksDark());
        applyTheme(ThemeMode::System);
        QVERIFY(!appLooksDark());
        QVERIFY(!systemPrefersDark());
    }

    void trayToolTipReflectsTotals()
    {
        BrokerSnapshot snapshot;
        QueueRow orders;
        orders.name = QStringLiteral("orders");
        orders.ready = 1200;
        orders.unacked = 34;
        QueueRow dlq;
        dlq.name = QStringLiteral("orders.dlq");
        dlq.ready = 56;
        dlq.isDeadLetterQueue = true;
        snapshot.queues = {orders, dlq};
        const QString tip = MainWindow::trayToolTip(snapshot, true);
        QVERIFY2(tip.contains(QStringLiteral("1,256 ready")), qPrintable(tip));
        QVERIFY2(tip.contains(QStringLiteral("34 unacked")), qPrintable(tip));
        QVERIFY2(tip.contains(QStringLiteral("56 dead letters")), qPrintable(tip));
        QVERIFY2(tip.contains(QStringLiteral("2 queues")), qPrintable(tip));
        QVERIFY(!tip.contains(u'⚠'));

        snapshot.alarms.insert(QStringLiteral("memory"), QStringLiteral("Depot uses 3 GB of memory"));
        QVERIFY(MainWindow::trayToolTip(snapshot, true).contains(QStringLiteral("⚠ Depot uses 3 GB of memory")));
        QVERIFY(MainWindow::trayToolTip(snapshot, false).contains(QStringLiteral("not running")));
    }

    void layoutIsRestoredByTheNextWindow()
    {
        QList<int> mainSizes;
        QList<int> messageSizes;
        {
            MainWindow first(m_service.get());
            first.resize(1200, 760);
            first.show();
            QVERIFY(QTest::qWaitForWindowExposed(&first));
            first.mainSplitter()->setSizes({430, 770});
            first.messageSplitter()->setSizes({200, 400});
            first.queueView()->horizontalHeader()->resizeSection(QueueListModel::Name, 211);
            first.tabs()->setCurrentIndex(MainWindow::ChartsTab);
            mainSizes = first.mainSplitter()->sizes();
            messageSizes = first.messageSplitter()->sizes();
            QVERIFY(first.close());
        }
        QVERIFY(QFile::exists(QSettings().fileName()));
        MainWindow second(m_service.get());
        second.show();
        QVERIFY(QTest::qWaitForWindowExposed(&second));
        QCOMPARE(second.size(), QSize(1200, 760));
        QCOMPARE(second.mainSplitter()->sizes(), mainSizes);
        QCOMPARE(second.messageSplitter()->sizes(), messageSizes);
        QCOMPARE(second.queueView()->horizontalHeader()->sectionSize(QueueListModel::Name), 211);
        QCOMPARE(second.tabs()->currentIndex(), int(MainWindow::ChartsTab));
        second.hide();
        QSettings().clear();
    }

    void takenPortIsReplacedByAnOfferedOne_data()
    {
        QTest::addColumn<QString>("listener");
        QTest::addColumn<QString>("title");
        QTest::addRow("amqp") << QStringLiteral("amqp") << QStringLiteral("AMQP");
        QTest::addRow("kafka") << QStringLiteral("kafka") << QStringLiteral("Kafka");
    }

    void takenPortIsReplacedByAnOfferedOne()
    {
        QFETCH(QString, listener);
        QFETCH(QString, title);
        QTcpServer holder;
        QVERIFY(holder.listen(QHostAddress::LocalHost, 0));
        const quint16 taken = holder.serverPort();
        BrokerOptions options;
        options.inMemory = true;
        depot::test::anyFreePorts(options);
        options.setPort(listener, taken);
        BrokerService service(options);
        MainWindow window(&service);
        window.show();
        QSignalSpy failed(&service, &BrokerService::startFailed);
        service.start();
        QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 10000);
        QVERIFY2(failed.constFirst().constFirst().toString().contains(
                     QStringLiteral("%1 port %2 is already in use").arg(title).arg(taken)),
                 qPrintable(failed.constFirst().constFirst().toString()));
        QTRY_VERIFY_WITH_TIMEOUT(!window.portOfferButton()->isHidden(), 10000);
        QVERIFY(!window.portOffer()->isHidden());
        QVERIFY2(window.portOfferButton()->text().startsWith(QStringLiteral("Use port ")),
                 qPrintable(window.portOfferButton()->text()));
        const quint16 offered = window.portOfferButton()->text().section(u' ', 2, 2).toUShort();
        QVERIFY(offered != 0 && offered != taken);

        QTest::mouseClick(window.portOfferButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(service.isRunning(), 10000);
        QCOMPARE(service.port(listener), offered);
        QVERIFY(window.portOffer()->isHidden());
        QVERIFY2(window.portsLabel()->text().contains(QStringLiteral("%1 127.0.0.1:%2").arg(title).arg(offered)),
                 qPrintable(window.portsLabel()->text()));
        if (listener == QLatin1String("amqp"))
            QVERIFY(window.quickStart()->connectionUrl().contains(QStringLiteral(":%1").arg(offered)));
        QVERIFY(holder.isListening());   // the other program keeps its port
    }

    void demoActionIsAToggle()
    {
        auto service = test::startBroker();
        QVERIFY(service);
        MainWindow window(service.get());
        window.show();
        QCOMPARE(window.tabs()->currentIndex(), int(MainWindow::QuickStartTab));   // first run
        QAction *demo = window.action(QStringLiteral("demo"));
        QCOMPARE(plain(demo->text()), QStringLiteral("Run demo traffic"));
        QVERIFY(!demo->isChecked());

        // The quick start's button is the same action.
        auto *panelButton = window.quickStart()->findChild<QToolButton *>(QStringLiteral("quickStartDemo"));
        QVERIFY(panelButton);
        QCOMPARE(panelButton->defaultAction(), demo);
        QTest::mouseClick(panelButton, Qt::LeftButton);
        QVERIFY(window.demoRunning());
        QVERIFY(demo->isChecked());
        QCOMPARE(plain(demo->text()), QStringLiteral("Stop demo traffic"));
        QCOMPARE(plain(panelButton->text()), QStringLiteral("Stop demo traffic"));
        QCOMPARE(window.tabs()->currentIndex(), int(MainWindow::MessagesTab));
        QTRY_COMPARE_WITH_TIMEOUT(window.currentQueue(), QStringLiteral("orders"), 5000);
        bool running = false;
        test::onBroker(*service, [&running](Engine &engine) { running = demo::DemoTraffic::isRunning(engine); });
        QVERIFY(running);

        demo->trigger();
        QVERIFY(!window.demoRunning());
        QVERIFY(!demo->isChecked());
        QCOMPARE(plain(demo->text()), QStringLiteral("Run demo traffic"));
        test::onBroker(*service, [&running](Engine &engine) { running = demo::DemoTraffic::isRunning(engine); });
        QVERIFY(!running);

        // Closing the demo's connection elsewhere (the HTTP API) stops the
        // demo, and the window's toggle follows.
        demo->trigger();
        QVERIFY(demo->isChecked());
        QTest::qWait(1200);   // past the moment of this window's own start
        bool asked = false;
        test::onBroker(*service, [&asked](Engine &engine) {
            for (const ConnectionSummary &c : engine.connections()) {
                if (c.info.protocol == u"demo")
                    asked = engine.requestConnectionClose(c.id, QStringLiteral("test"));
            }
        });
        QVERIFY(asked);
        QTRY_VERIFY_WITH_TIMEOUT(!demo->isChecked(), 5000);
        QVERIFY(!window.demoRunning());
        QCOMPARE(plain(demo->text()), QStringLiteral("Run demo traffic"));
        test::onBroker(*service, [&running](Engine &engine) { running = demo::DemoTraffic::isRunning(engine); });
        QVERIFY(!running);
    }

private:
    QTemporaryDir m_settingsDir;
    std::unique_ptr<BrokerService> m_service;
    std::unique_ptr<MainWindow> m_window;
};

QTEST_MAIN(TestWindowState)
#include "tst_windowstate.moc"
