// The message list is the window's main area: at the default 1280x800 it
// shows at least 20 rows (it showed 7) with a body preview early in the row
// (the body was the last column, off-screen); columns can be hidden, shown
// and reordered, and the window remembers them.

#include "GuiTestSupport.h"
#include "ui/client/BrokerClient.h"
#include "ui/models/MessageListModel.h"
#include "ui/models/QueueListModel.h"
#include "ui/views/MainWindow.h"
#include "ui/views/MessageInspector.h"

#include <QHeaderView>
#include <QMenu>
#include <QSettings>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace depot;
using namespace depot::ui;

class TestMessageRoom final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_settingsDir.isValid());
        QCoreApplication::setOrganizationName(QStringLiteral("DepotTests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_messageroom"));
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
        QSettings().clear();
        m_service = test::startBroker();
        QVERIFY(m_service);
        test::declareQueue(*m_service, QStringLiteral("orders"));
        test::onBroker(*m_service, [](Engine &engine) {
            for (int i = 0; i < 60; ++i) {
                MessageProperties p;
                p.contentType = QStringLiteral("application/json");
                engine.publish(QString(), QStringLiteral("orders"), p,
                    QStringLiteral(R"({"order":%1,"customer":"c-%2","total":%3.50,"items":["book","pen"]})")
                        .arg(1000 + i)
                        .arg(i * 7)
                        .arg(i + 10)
                        .toUtf8());
            }
        });
    }

    void cleanupTestCase() { m_service.reset(); }

    void twentyRowsWithTheBodyAtTheDefaultSize()
    {
        MainWindow window(m_service.get());
        QCOMPARE(window.size(), QSize(1280, 800));
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        openOrders(window);
        QTableView *view = window.messageView();
        const int rowHeight = view->verticalHeader()->defaultSectionSize();
        const int rows = view->viewport()->height() / rowHeight;
        QVERIFY2(rows >= 20, qPrintable(QStringLiteral("%1 rows visible").arg(rows)));
        // The body preview column comes early and is on screen, wide enough to read.
        const QHeaderView *header = view->horizontalHeader();
        QVERIFY(header->visualIndex(MessageListModel::Body) <= 1);
        const int x = header->sectionViewportPosition(MessageListModel::Body);
        QVERIFY(x >= 0 && x < view->viewport()->width() / 3);
        QVERIFY(std::min(header->sectionSize(MessageListModel::Body), view->viewport()->width() - x) >= 250);
        QTRY_VERIFY_WITH_TIMEOUT(view->model()
                                     ->index(19, MessageListModel::Body)
                                     .data()
                                     .toString()
                                     .contains(QStringLiteral("\"order\":1019")),
            5000);
        // The queue list leaves the room: at most 38% of the window (it took
        // the 680 px its columns asked for).
        QVERIFY2(window.queueView()->width() <= window.width() * 38 / 100,
            qPrintable(QString::number(window.queueView()->width())));
        view->selectRow(0);
        QTRY_VERIFY_WITH_TIMEOUT(window.inspector()->message().has_value(), 5000);
        QVERIFY(window.grab().save(test::screenshotDir() + QStringLiteral("/message-list-1280x800.png")));
        window.close();
        QSettings().clear();
    }

    void columnsCanBeHiddenAndAreRemembered()
    {
        {
            MainWindow window(m_service.get());
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            openOrders(window);
            QHeaderView *header = window.messageView()->horizontalHeader();
            QVERIFY(header->sectionsMovable());
            QVERIFY(!header->isSectionHidden(MessageListModel::RoutingKey));
            // Right-click the header, untick "Routing key".
            bool seen = false;
            QTimer::singleShot(0, this, [&seen] {
                auto *menu = qobject_cast<QMenu *>(QApplication::activePopupWidget());
                QVERIFY(menu);
                for (QAction *a : menu->actions()) {
                    if (a->text() == QStringLiteral("Routing key")) {
                        seen = true;
                        a->trigger();
                    }
                }
                menu->close();
            });
            Q_EMIT header->customContextMenuRequested(QPoint(10, 5));
            QVERIFY(seen);
            QVERIFY(header->isSectionHidden(MessageListModel::RoutingKey));
            header->moveSection(header->visualIndex(MessageListModel::Size), 0);
            window.close();
        }
        MainWindow again(m_service.get());
        again.show();
        QVERIFY(QTest::qWaitForWindowExposed(&again));
        const QHeaderView *header = again.messageView()->horizontalHeader();
        QVERIFY(header->isSectionHidden(MessageListModel::RoutingKey));
        QCOMPARE(header->visualIndex(MessageListModel::Size), 0);
        again.close();
        QSettings().clear();
    }

private:
    void openOrders(MainWindow &window)
    {
        QTRY_VERIFY_WITH_TIMEOUT(window.queueModel()->rowOf(QStringLiteral("orders")) >= 0, 5000);
        QVERIFY(window.selectQueue(QStringLiteral("orders")));
        window.tabs()->setCurrentIndex(MainWindow::MessagesTab);
        QTRY_COMPARE_WITH_TIMEOUT(window.messageModel()->rowCount(), 60, 5000);
    }

    QTemporaryDir m_settingsDir;
    std::unique_ptr<BrokerService> m_service;
};

QTEST_MAIN(TestMessageRoom)
#include "tst_messageroom.moc"
