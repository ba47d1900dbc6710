// Messages ▸ Find a Gone Message… (HistorySearchDialog): "where did my
// message go?" Messages are published with a message-id and a
// correlation-id, then consumed and acknowledged or purged; the dialog,
// driven as a user drives it (menu, field, typed text, Enter), finds them by
// message-id, correlation-id and Depot id and shows the chosen one's story.
// A message that never came, or a Depot id that is not a number, says so.

#include "GuiTestSupport.h"
#include "ui/views/HistorySearchDialog.h"
#include "ui/views/HistoryTimeline.h"
#include "ui/views/MainWindow.h"

#include <QAction>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QTest>
#include <QTreeWidget>

using namespace depot;
using namespace depot::ui;

class TestHistorySearch final : public QObject, public test::WindowFixture
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { prepareApplication(QStringLiteral("tst_historysearch")); }

    void init()
    {
        QVERIFY(openWindow(QSize(1200, 800)));
        test::declareQueue(*m_service, QStringLiteral("orders"));
        // order-10003 is consumed and acknowledged, order-10004 purged; both
        // carry the same correlation-id.
        test::onBroker(*m_service, [this](Engine &engine) {
            MessageProperties p;
            p.correlationId = QStringLiteral("checkout-7");
            p.messageId = QStringLiteral("order-10003");
            m_acked = engine.publish(QString(), QStringLiteral("orders"), p, "first").messageId;
            p.messageId = QStringLiteral("order-10004");
            m_purged = engine.publish(QString(), QStringLiteral("orders"), p, "second").messageId;
            QVERIFY(m_acked != 0 && m_purged != 0);
            const ConnectionId connection = engine.openConnection({});
            const SessionId session = engine.openSession(connection, nullptr);
            const auto got = engine.get(session, QStringLiteral("orders"), false);
            QVERIFY(got.ok() && got.value.has_value());
            QCOMPARE(got.value->id, m_acked);
            QVERIFY(engine.ack(session, got.value->deliveryTag, false).ok());
            engine.closeConnection(connection);
            QCOMPARE(engine.purgeQueue(QStringLiteral("orders")).value, 1u);
        });
    }

    void cleanup() { closeWindow(); }

    void findsAnAcknowledgedMessageByMessageId()
    {
        HistorySearchDialog *dialog = openDialog();
        QVERIFY(dialog);
        find(dialog, HistorySearchDialog::MessageIdField, QStringLiteral("order-10003"));
        QTRY_COMPARE_WITH_TIMEOUT(dialog->results()->count(), 1, 5000);
        QCOMPARE(dialog->statusLabel()->text(), QStringLiteral("1 message found."));
        QVERIFY2(dialog->results()->item(0)->text().contains(QStringLiteral("order-10003")),
            qPrintable(dialog->results()->item(0)->text()));
        QCOMPARE(events(dialog), (QStringList{QStringLiteral("Published"), QStringLiteral("Routed"),
                                     QStringLiteral("Delivered"), QStringLiteral("Acknowledged")}));
        QVERIFY2(dialog->timeline()->summary()->text().contains(QStringLiteral("gone since")),
            qPrintable(dialog->timeline()->summary()->text()));
        QVERIFY(dialog->grab().save(test::screenshotDir() + QStringLiteral("/find-gone-message.png")));
    }

    void findsBothByCorrelationIdAndOneByDepotId()
    {
        HistorySearchDialog *dialog = openDialog();
        QVERIFY(dialog);
        find(dialog, HistorySearchDialog::CorrelationIdField, QStringLiteral("checkout-7"));
        QTRY_COMPARE_WITH_TIMEOUT(dialog->results()->count(), 2, 5000);
        // Each found story shows its own timeline when chosen.
        const int purged = dialog->results()->item(0)->text().contains(QStringLiteral("order-10004")) ? 0 : 1;
        QVERIFY(dialog->results()->item(purged)->text().contains(QStringLiteral("order-10004")));
        QVERIFY(dialog->results()->item(1 - purged)->text().contains(QStringLiteral("order-10003")));
        dialog->results()->setCurrentRow(purged);
        QCOMPARE(events(dialog).last(), QStringLiteral("Purged"));
        dialog->results()->setCurrentRow(1 - purged);
        QCOMPARE(events(dialog).last(), QStringLiteral("Acknowledged"));

        find(dialog, HistorySearchDialog::DepotIdField, QString::number(m_purged));
        QTRY_COMPARE_WITH_TIMEOUT(dialog->results()->count(), 1, 5000);
        QVERIFY(dialog->results()->item(0)->text().contains(QStringLiteral("order-10004")));
        QCOMPARE(events(dialog),
            (QStringList{QStringLiteral("Published"), QStringLiteral("Routed"), QStringLiteral("Purged")}));
    }

    void notFoundAndNotANumberSaySo()
    {
        HistorySearchDialog *dialog = openDialog();
        QVERIFY(dialog);
        find(dialog, HistorySearchDialog::MessageIdField, QStringLiteral("order-10003"));
        QTRY_COMPARE_WITH_TIMEOUT(dialog->results()->count(), 1, 5000);

        find(dialog, HistorySearchDialog::MessageIdField, QStringLiteral("order-99999"));
        QTRY_VERIFY_WITH_TIMEOUT(dialog->statusLabel()->text().startsWith(QStringLiteral("No message found")), 5000);
        QCOMPARE(dialog->results()->count(), 0);
        QCOMPARE(dialog->timeline()->events()->topLevelItemCount(), 0); // the last story is not left showing

        find(dialog, HistorySearchDialog::DepotIdField, QStringLiteral("order-10003"));
        QCOMPARE(dialog->statusLabel()->text(), QStringLiteral("A Depot id is a whole number above 0, such as 42."));
    }

private:
    HistorySearchDialog *openDialog()
    {
        auto *action = m_window->findChild<QAction *>(QStringLiteral("findGoneMessage"));
        if (!action)
            return nullptr;
        action->trigger();
        auto *dialog = m_window->findChild<HistorySearchDialog *>();
        return dialog && dialog->isVisible() ? dialog : nullptr;
    }

    // Picks the field, types the text as a user does and presses Enter.
    static void find(HistorySearchDialog *dialog, int field, const QString &text)
    {
        dialog->fieldBox()->setCurrentIndex(field);
        dialog->textEdit()->clear();
        QTest::keyClicks(dialog->textEdit(), text);
        QTest::keyClick(dialog->textEdit(), Qt::Key_Return);
    }

    static QStringList events(HistorySearchDialog *dialog)
    {
        QStringList out;
        const QTreeWidget *tree = dialog->timeline()->events();
        for (int i = 0; i < tree->topLevelItemCount(); ++i)
            out << tree->topLevelItem(i)->text(HistoryTimeline::EventColumn);
        return out;
    }

    MessageId m_acked = 0;
    MessageId m_purged = 0;
};

QTEST_MAIN(TestHistorySearch)
#include "tst_historysearch.moc"
