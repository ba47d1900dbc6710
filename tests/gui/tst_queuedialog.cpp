// Creating a queue from the window: the dialog refuses what cannot be a queue
// (no name, a reserved "amq." name, a name taken, arguments that are not
// numbers) with the reason under the form; a queue it creates carries the
// arguments chosen; and when the broker refuses (the name was taken meanwhile
// with other arguments) the dialog says so and stays open with the form.

#include "GuiTestSupport.h"
#include "ui/Translations.h"
#include "ui/client/BrokerClient.h"
#include "ui/models/QueueListModel.h"
#include "ui/views/MainWindow.h"
#include "ui/views/MessageActions.h"
#include "ui/views/QueueDialog.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QTableView>
#include <QTest>

using namespace depot;
using namespace depot::ui;

class TestQueueDialog final : public QObject, public test::WindowFixture
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { prepareApplication(QStringLiteral("tst_queuedialog")); }

    void init() { QVERIFY(openWindow()); }

    void cleanup() { closeWindow(); }

    void validation_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("ttl");
        QTest::addColumn<QString>("limit");
        QTest::addColumn<QString>("problem");
        QTest::addRow("no name") << QString() << QString() << QString() << QStringLiteral("Give the queue a name.");
        QTest::addRow("reserved") << QStringLiteral("amq.mine") << QString() << QString()
                                  << QStringLiteral("Names starting with “amq.” are reserved for the broker.");
        QTest::addRow("taken") << QStringLiteral("existing") << QString() << QString()
                               << QStringLiteral("A queue named existing already exists.");
        QTest::addRow("ttl not a number")
            << QStringLiteral("q") << QStringLiteral("6s") << QString()
            << QStringLiteral("The message TTL must be a whole number of milliseconds, 0 or more.");
        QTest::addRow("limit zero") << QStringLiteral("q") << QString() << QStringLiteral("0")
                                    << QStringLiteral("The delivery limit must be a whole number, 1 or more.");
        QTest::addRow("fine") << QStringLiteral("q") << QStringLiteral("6000") << QStringLiteral("3") << QString();
    }

    void validation()
    {
        QFETCH(QString, name);
        QFETCH(QString, ttl);
        QFETCH(QString, limit);
        QFETCH(QString, problem);
        QueueDialog dialog({QStringLiteral("existing")});
        dialog.nameEdit()->setText(name);
        dialog.ttlEdit()->setText(ttl);
        dialog.deliveryLimitEdit()->setText(limit);
        QCOMPARE(dialog.problemLabel()->text(), problem);
        QCOMPARE(dialog.buttons()->button(QDialogButtonBox::Ok)->isEnabled(), problem.isEmpty());
    }

    void createsTheQueueWithItsArguments()
    {
        QAction *create = m_window->action(QStringLiteral("createQueue"));
        QVERIFY(create);
        QVERIFY(m_window->queueView()->actions().contains(create)); // in the queue list's context menu
        QTRY_VERIFY_WITH_TIMEOUT(create->isEnabled(), 5000);
        QueueDialog *dialog = m_window->messageActions()->createQueue();
        QVERIFY(dialog->isVisible());
        QTest::keyClicks(dialog->nameEdit(), QStringLiteral("payments"));
        dialog->deadLetterKeyEdit()->setText(QStringLiteral("payments.dlq"));
        dialog->ttlEdit()->setText(QStringLiteral("60000"));
        dialog->maxLengthEdit()->setText(QStringLiteral("1000"));
        dialog->typeBox()->setCurrentIndex(dialog->typeBox()->findData(QStringLiteral("quorum")));
        QPointer<QueueDialog> open(dialog);
        dialog->buttons()->button(QDialogButtonBox::Ok)->click();
        QTRY_VERIFY_WITH_TIMEOUT(!open, 5000); // closed once the broker created it
        QTRY_VERIFY_WITH_TIMEOUT(m_window->queueModel()->rowOf(QStringLiteral("payments")) >= 0, 5000);
        std::optional<QueueInfo> info;
        test::onBroker(*m_service, [&](Engine &engine) { info = engine.queue(QStringLiteral("payments")); });
        QVERIFY(info);
        QVERIFY(info->def.durable);
        QCOMPARE(info->def.arguments.value(QStringLiteral("x-dead-letter-exchange")).toString(), QString());
        QVERIFY(info->def.arguments.contains(QStringLiteral("x-dead-letter-exchange")));
        QCOMPARE(info->def.arguments.value(QStringLiteral("x-dead-letter-routing-key")).toString(),
            QStringLiteral("payments.dlq"));
        QCOMPARE(info->def.arguments.value(QStringLiteral("x-message-ttl")).toLongLong(), 60000);
        QCOMPARE(info->def.arguments.value(QStringLiteral("x-max-length")).toLongLong(), 1000);
        QCOMPARE(info->def.arguments.value(QStringLiteral("x-queue-type")).toString(), QStringLiteral("quorum"));
        QVERIFY(!info->def.arguments.contains(QStringLiteral("x-delivery-limit")));
    }

    void streamTakesItsOwnFields()
    {
        QueueDialog dialog({});
        dialog.nameEdit()->setText(QStringLiteral("events"));
        dialog.durableBox()->setChecked(false);
        dialog.typeBox()->setCurrentIndex(dialog.typeBox()->findData(QStringLiteral("stream")));
        // A stream is durable and takes no dead-lettering, TTL, length or limit.
        QVERIFY(dialog.durableBox()->isChecked());
        QVERIFY(!dialog.durableBox()->isEnabled());
        QVERIFY(!dialog.ttlEdit()->isEnabled());
        QVERIFY(!dialog.deadLetterExchangeEdit()->isEnabled());
        QVERIFY(!dialog.deliveryLimitEdit()->isEnabled());
        QVERIFY(dialog.maxAgeEdit()->isEnabled());
        dialog.maxAgeEdit()->setText(QStringLiteral("7 days"));
        QCOMPARE(dialog.problemLabel()->text(),
            QStringLiteral("The max age is a whole number and a unit: Y, M, D, h, m or s (e.g. 7D)."));
        dialog.maxAgeEdit()->setText(QStringLiteral("7D"));
        dialog.maxBytesEdit()->setText(QStringLiteral("0"));
        QCOMPARE(dialog.problemLabel()->text(), QStringLiteral("The max size must be a whole number of bytes, 1 or more."));
        dialog.maxBytesEdit()->setText(QStringLiteral("1000000"));
        QCOMPARE(dialog.problemLabel()->text(), QString());
        // Back to classic: the stream's fields are off and not sent.
        dialog.ttlEdit()->setText(QStringLiteral("5000"));
        dialog.typeBox()->setCurrentIndex(dialog.typeBox()->findData(QStringLiteral("classic")));
        QVERIFY(!dialog.maxAgeEdit()->isEnabled());
        QVERIFY(dialog.durableBox()->isEnabled());
        QVERIFY(!dialog.queue().arguments.contains(QStringLiteral("x-max-age")));
        QCOMPARE(dialog.queue().arguments.value(QStringLiteral("x-message-ttl")).toLongLong(), 5000);
    }

    void createsAStream()
    {
        QueueDialog *dialog = m_window->messageActions()->createQueue();
        dialog->nameEdit()->setText(QStringLiteral("audit"));
        dialog->ttlEdit()->setText(QStringLiteral("1000")); // typed first, then the type changed: not sent
        dialog->typeBox()->setCurrentIndex(dialog->typeBox()->findData(QStringLiteral("stream")));
        dialog->maxAgeEdit()->setText(QStringLiteral("12h"));
        dialog->maxBytesEdit()->setText(QStringLiteral("5000000"));
        QPointer<QueueDialog> open(dialog);
        dialog->buttons()->button(QDialogButtonBox::Ok)->click();
        QTRY_VERIFY_WITH_TIMEOUT(!open, 5000);
        std::optional<QueueInfo> info;
        test::onBroker(*m_service, [&](Engine &engine) { info = engine.queue(QStringLiteral("audit")); });
        QVERIFY(info);
        QVERIFY(info->def.durable);
        QCOMPARE(info->def.arguments.value(QStringLiteral("x-queue-type")).toString(), QStringLiteral("stream"));
        QCOMPARE(info->def.arguments.value(QStringLiteral("x-max-age")).toString(), QStringLiteral("12h"));
        QCOMPARE(info->def.arguments.value(QStringLiteral("x-max-length-bytes")).toLongLong(), 5000000);
        QVERIFY(!info->def.arguments.contains(QStringLiteral("x-message-ttl")));
    }

    void brokerRefusalKeepsTheDialogOpen()
    {
        QueueDialog *dialog = m_window->messageActions()->createQueue();
        dialog->nameEdit()->setText(QStringLiteral("race"));
        dialog->ttlEdit()->setText(QStringLiteral("1000"));
        // Someone else declares it meanwhile, with other arguments.
        test::declareQueue(*m_service, QStringLiteral("race"), {{QStringLiteral("x-message-ttl"), 5}});
        QPointer<QueueDialog> open(dialog);
        dialog->buttons()->button(QDialogButtonBox::Ok)->click();
        QTRY_VERIFY_WITH_TIMEOUT(dialog->problemLabel()->text().startsWith(QStringLiteral("Depot refused: ")), 5000);
        QVERIFY(open && dialog->isVisible());
        QCOMPARE(dialog->nameEdit()->text(), QStringLiteral("race"));
        QVERIFY(dialog->buttons()->button(QDialogButtonBox::Ok)->isEnabled()); // may try again
        std::optional<QueueInfo> info;
        test::onBroker(*m_service, [&](Engine &engine) { info = engine.queue(QStringLiteral("race")); });
        QCOMPARE(info->def.arguments.value(QStringLiteral("x-message-ttl")).toLongLong(), 5); // unchanged
        dialog->reject();
    }

    void screenshot()
    {
        QueueDialog *dialog = m_window->messageActions()->createQueue();
        dialog->nameEdit()->setText(QStringLiteral("payments"));
        dialog->deadLetterKeyEdit()->setText(QStringLiteral("payments.dlq"));
        dialog->ttlEdit()->setText(QStringLiteral("60000"));
        dialog->deliveryLimitEdit()->setText(QStringLiteral("5"));
        dialog->adjustSize();
        QVERIFY(dialog->grab().save(test::screenshotDir() + QStringLiteral("/create-queue.png")));
        dialog->typeBox()->setCurrentIndex(dialog->typeBox()->findData(QStringLiteral("stream")));
        dialog->nameEdit()->setText(QStringLiteral("audit"));
        dialog->maxAgeEdit()->setText(QStringLiteral("7D"));
        QVERIFY(dialog->grab().save(test::screenshotDir() + QStringLiteral("/create-stream.png")));
        dialog->reject();
    }
};

QTEST_MAIN(TestQueueDialog)
#include "tst_queuedialog.moc"
