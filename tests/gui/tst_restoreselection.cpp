// Restarting Depot brings back the queue and message the user had open, so
// Messages and Charts do not open empty; the quick start's snippets point at
// 127.0.0.1 (where Depot listens), not localhost (::1 first on some systems),
// and the Java snippet keeps its connection open while it consumes.

#include "GuiTestSupport.h"
#include "ui/client/BrokerClient.h"
#include "ui/models/MessageListModel.h"
#include "ui/models/QueueListModel.h"
#include "ui/views/ChartsView.h"
#include "ui/views/MainWindow.h"
#include "ui/views/MessageInspector.h"
#include "ui/views/QuickStartPanel.h"

#include <QPlainTextEdit>
#include <QSettings>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace depot;
using namespace depot::ui;

class TestRestoreSelection final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_settingsDir.isValid());
        QCoreApplication::setOrganizationName(QStringLiteral("DepotTests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_restoreselection"));
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
        m_service = test::startBroker();
        QVERIFY(m_service);
    }

    void cleanupTestCase() { m_service.reset(); }

    void selectedQueueAndMessageComeBack()
    {
        test::declareQueue(*m_service, QStringLiteral("alpha"));
        test::declareQueue(*m_service, QStringLiteral("orders"));
        test::publishMessages(*m_service, QStringLiteral("orders"), 30);
        MessageId chosen = 0;
        {
            MainWindow first(m_service.get());
            first.resize(1280, 800);
            first.show();
            QVERIFY(QTest::qWaitForWindowExposed(&first));
            QTRY_VERIFY_WITH_TIMEOUT(first.queueModel()->rowOf(QStringLiteral("orders")) >= 0, 5000);
            QVERIFY(first.selectQueue(QStringLiteral("orders")));
            first.tabs()->setCurrentIndex(MainWindow::MessagesTab);
            QTRY_VERIFY_WITH_TIMEOUT(first.messageModel()->rowCount() == 30, 5000);
            first.messageModel()->index(12, 0).data();
            QTRY_VERIFY_WITH_TIMEOUT(
                first.messageModel()->index(12, 0).data(MessageListModel::LoadedRole).toBool(), 5000);
            first.messageView()->selectRow(12);
            QTRY_VERIFY_WITH_TIMEOUT(first.inspector()->message().has_value(), 5000);
            chosen = first.inspector()->message()->state.id;
            // Two consumed ahead of it before the restart: it is now row 10.
            test::onBroker(*m_service, [](Engine &engine) {
                const QList<MessageView> head = engine.browse(QStringLiteral("orders"), 0, 2);
                engine.deleteMessages(QStringLiteral("orders"), {head.at(0).state.id, head.at(1).state.id});
            });
            QVERIFY(first.close());
        }
        MainWindow second(m_service.get());
        second.resize(1280, 800);
        second.show();
        QVERIFY(QTest::qWaitForWindowExposed(&second));
        QTRY_COMPARE_WITH_TIMEOUT(second.currentQueue(), QStringLiteral("orders"), 5000);
        QTRY_VERIFY_WITH_TIMEOUT(second.inspector()->message().has_value(), 5000);
        QCOMPARE(second.inspector()->message()->state.id, chosen);
        QCOMPARE(second.messageView()->currentIndex().row(), 10);
        QVERIFY(second.messageView()->selectionModel()->isRowSelected(10, {}));
        // The charts show that queue's depth, not an empty "select a queue".
        second.tabs()->setCurrentIndex(MainWindow::ChartsTab);
        QVERIFY(second.grab().save(test::screenshotDir() + QStringLiteral("/restored-selection.png")));
        second.close();
        QSettings().clear();
    }

    void snippetsUseTheLoopbackAddress()
    {
        QuickStartPanel panel;
        panel.setPorts({{QStringLiteral("amqp"), 5673}, {QStringLiteral("http"), 15673}});
        QCOMPARE(panel.connectionUrl(), QStringLiteral("amqp://guest:guest@127.0.0.1:5673/"));
        for (int language = 0; language < 3; ++language) {
            QVERIFY(panel.snippet(language).contains(QStringLiteral("127.0.0.1:5673")));
            QVERIFY(!panel.snippet(language).contains(QStringLiteral("localhost")));
        }
        for (QPlainTextEdit *edit : panel.findChildren<QPlainTextEdit *>())
            QCOMPARE(edit->lineWrapMode(), QPlainTextEdit::NoWrap);
    }

    // try-with-resources closed the connection as soon as basicConsume
    // returned, so the consumer never saw a message.
    void javaSnippetKeepsItsConnectionWhileConsuming()
    {
        QuickStartPanel panel;
        panel.setPorts({{QStringLiteral("amqp"), 5672}});
        const QString java = panel.snippet(2);
        QVERIFY2(!java.contains(QStringLiteral("try (")), qPrintable(java));
        QVERIFY(java.contains(QStringLiteral("public static void main")));
        QVERIFY(java.indexOf(QStringLiteral("basicConsume")) < java.indexOf(QStringLiteral("connection.close()")));
        // Each statement on its own lines, none longer than the panel shows.
        for (const QString &line : java.split(u'\n'))
            QVERIFY2(line.size() <= 100, qPrintable(line));
    }

private:
    QTemporaryDir m_settingsDir;
    std::unique_ptr<BrokerService> m_service;
};

QTEST_MAIN(TestRestoreSelection)
#include "tst_restoreselection.moc"
