// Counts read as a person writes them: plural forms through Qt's translation
// system (English has its own .ts for them), numbers grouped by the locale,
// and the status bar's connection count agreeing with the Connections tab.

#include "GuiTestSupport.h"
#include "ui/Translations.h"
#include "ui/client/BrokerClient.h"
#include "ui/models/MessageListModel.h"
#include "ui/models/QueueListModel.h"
#include "ui/models/TopologyModels.h"
#include "ui/views/BrokerStatus.h"
#include "ui/views/ConnectionsPanel.h"
#include "ui/views/MainWindow.h"
#include "ui/views/MessageBrowser.h"

#include <QLabel>
#include <QSettings>
#include <QTabWidget>
#include <QTableView>
#include <QTest>
#include <QTranslator>

using namespace depot;
using namespace depot::ui;

class TestPlurals final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("DepotTests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_plurals"));
        QSettings().clear();
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    }

    void init()
    {
        m_service = test::startBroker();
        QVERIFY(m_service);
        m_window = std::make_unique<MainWindow>(m_service.get());
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }

    void cleanup()
    {
        m_window.reset();
        m_service.reset();
    }

    // "1 queues", "1 matches", "message(s)": one of each, then many.
    void countsHavePluralForms()
    {
        test::declareQueue(*m_service, QStringLiteral("single"));
        test::publishMessages(*m_service, QStringLiteral("single"), 1);
        QTRY_VERIFY_WITH_TIMEOUT(total(QStringLiteral("single")) == 1, 5000);
        QVERIFY(m_window->selectQueue(QStringLiteral("single")));
        QLabel *totals = m_window->brokerStatus()->totalsLabel();
        QTRY_VERIFY_WITH_TIMEOUT(totals->text().startsWith(QStringLiteral("1 queue ·")), 5000);
        QVERIFY2(!totals->text().contains(QStringLiteral("(s)")), qPrintable(totals->text()));
        QCOMPARE(m_window->browser()->countLabel()->text(), QStringLiteral("1 message"));

        // Matches of a filter.
        Q_EMIT m_window->browser()->model()->scanFinished(1, false);
        QCOMPARE(m_window->browser()->countLabel()->text(), QStringLiteral("1 match"));
        Q_EMIT m_window->browser()->model()->scanFinished(12345, false);
        QCOMPARE(m_window->browser()->countLabel()->text(), QStringLiteral("12,345 matches"));
    }

    // One number format everywhere: "10,000 messages", not "10000".
    void numbersAreGroupedByTheLocale()
    {
        test::declareQueue(*m_service, QStringLiteral("big"));
        test::publishMessages(*m_service, QStringLiteral("big"), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(total(QStringLiteral("big")) == 10000, 10000);
        QVERIFY(m_window->selectQueue(QStringLiteral("big")));
        QTRY_COMPARE_WITH_TIMEOUT(m_window->browser()->countLabel()->text(), QStringLiteral("10,000 messages"), 5000);
        QTRY_VERIFY_WITH_TIMEOUT(
            m_window->brokerStatus()->totalsLabel()->text().contains(QStringLiteral("10,000 ready")), 5000);
    }

    // The demo showed "1 connections" while the Connections tab listed three
    // rows (one connection, three consumers): the status bar counts what the
    // tab lists.
    void statusBarAgreesWithTheConnectionsTab()
    {
        test::declareQueue(*m_service, QStringLiteral("work"));
        struct NullSink final : DeliverySink
        {
            void deliver(const Delivery &) override { }
            void consumerCancelled(const QString &) override { }
        };
        static NullSink sink;
        test::onBroker(*m_service, [](Engine &engine) {
            ConnectionInfo info;
            info.name = QStringLiteral("worker");
            info.protocol = QStringLiteral("amqp");
            const ConnectionId connection = engine.openConnection(info);
            const SessionId session = engine.openSession(connection, &sink);
            for (int i = 0; i < 3; ++i) {
                ConsumeSpec spec;
                spec.queue = QStringLiteral("work");
                spec.consumerTag = QStringLiteral("c%1").arg(i);
                QVERIFY(engine.consume(session, spec).ok());
            }
            ConnectionInfo idle;
            idle.name = QStringLiteral("idle");
            idle.protocol = QStringLiteral("amqp");
            engine.openConnection(idle); // a second one, without consumers
        });
        m_window->tabs()->setCurrentIndex(MainWindow::ConnectionsTab);
        QTableView *view = m_window->consumerView();
        QTRY_COMPARE_WITH_TIMEOUT(view->model()->rowCount(), 4, 5000);
        QSet<QString> listed;
        for (int r = 0; r < view->model()->rowCount(); ++r)
            listed.insert(view->model()->index(r, ConsumerListModel::Connection).data().toString());
        QLabel *totals = m_window->brokerStatus()->totalsLabel();
        QTRY_VERIFY_WITH_TIMEOUT(totals->text().contains(QStringLiteral("2 connections, 3 consumers")), 5000);
        QCOMPARE(listed.size(), 2);
    }

    // German and Japanese have the plural forms of the same strings.
    void translatedPlurals()
    {
        installTranslators(*qApp, QLocale(QStringLiteral("de_DE")));
        QLocale::setDefault(QLocale(QStringLiteral("de_DE")));
        QCOMPARE(QCoreApplication::translate("depot::ui::BrokerStatus", "%Ln connection(s)", nullptr, 1),
            QStringLiteral("1 Verbindung"));
        QCOMPARE(QCoreApplication::translate("depot::ui::MessageBrowser", "%Ln match(es)", nullptr, 10000),
            QStringLiteral("10.000 Treffer"));
        // A remote broker's status bar counts its connections with their own plural.
        QCOMPARE(QCoreApplication::translate("depot::ui::RemoteActions", "%Ln connection(s)", nullptr, 1),
            QStringLiteral("1 Verbindung"));
        QCOMPARE(QCoreApplication::translate("depot::ui::RemoteActions", "%Ln connection(s)", nullptr, 2),
            QStringLiteral("2 Verbindungen"));
        installTranslators(*qApp, QLocale(QStringLiteral("ja_JP")));
        QLocale::setDefault(QLocale(QStringLiteral("ja_JP")));
        QCOMPARE(QCoreApplication::translate("depot::ui::BrokerStatus", "%Ln queue(s)", nullptr, 2),
            QStringLiteral("2 個のキュー"));
        installTranslators(*qApp, QLocale(QStringLiteral("en_US")));
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
        QCOMPARE(QCoreApplication::translate("depot::ui::BrokerStatus", "%Ln queue(s)", nullptr, 1),
            QStringLiteral("1 queue"));
        QCOMPARE(QCoreApplication::translate("depot::ui::RemoteActions", "%Ln connection(s)", nullptr, 1),
            QStringLiteral("1 connection"));
    }

private:
    quint64 total(const QString &queue) const
    {
        const QueueRow *q = m_window->client()->snapshot()->queue(queue);
        return q ? q->total() : 0;
    }

    std::unique_ptr<BrokerService> m_service;
    std::unique_ptr<MainWindow> m_window;
};

QTEST_MAIN(TestPlurals)
#include "tst_plurals.moc"
