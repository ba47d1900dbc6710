// Creating an exchange from the window: the dialog refuses what cannot be
// an exchange (no name, amq., a name taken, too long, its own alternate)
// with the reason; an exchange it creates has the chosen type and settings
// in the engine and routes (a binding made from the Exchanges tab, then a
// publish through it reaching the queue); delayed and alternate exchanges
// work as the engine honours them; the broker's refusal shows in the open
// dialog.

#include "GuiTestSupport.h"
#include "ui/client/BrokerClient.h"
#include "ui/views/BindingDialog.h"
#include "ui/views/ExchangeDialog.h"
#include "ui/views/ExchangesPanel.h"
#include "ui/views/MainWindow.h"
#include "ui/views/TopologyActions.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QTabWidget>
#include <QTest>
#include <QTreeView>

using namespace depot;
using namespace depot::ui;

class TestExchangeDialog final : public QObject, public test::WindowFixture
{
    Q_OBJECT

private:
    std::optional<ExchangeDef> engineExchange(const QString &name)
    {
        std::optional<ExchangeDef> found;
        test::onBroker(*m_service, [&](Engine &engine) {
            for (const ExchangeDef &e : engine.exchanges()) {
                if (e.name == name)
                    found = e;
            }
        });
        return found;
    }

    // Fills and sends the dialog; true once it closed (the broker created it).
    static bool send(FormDialog *dialog)
    {
        QPointer<FormDialog> open(dialog);
        dialog->buttons()->button(QDialogButtonBox::Ok)->click();
        return QTest::qWaitFor([&] { return !open; }, 5000);
    }

    static void chooseType(ExchangeDialog *dialog, ExchangeType type)
    {
        dialog->typeBox()->setCurrentIndex(dialog->typeBox()->findData(exchangeTypeName(type)));
    }

private Q_SLOTS:
    void initTestCase() { prepareApplication(QStringLiteral("tst_exchangedialog")); }
    void init() { QVERIFY(openWindow()); }
    void cleanup() { closeWindow(); }

    void validation_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("alternate");
        QTest::addColumn<QString>("problem");
        QTest::addRow("no name") << QString() << QString() << QStringLiteral("Give the exchange a name.");
        QTest::addRow("blank name") << QStringLiteral("   ") << QString() << QStringLiteral("Give the exchange a name.");
        QTest::addRow("reserved") << QStringLiteral("amq.mine") << QString()
                                  << QStringLiteral("Names starting with “amq.” are reserved for the broker.");
        QTest::addRow("taken") << QStringLiteral("shop") << QString()
                               << QStringLiteral("An exchange named shop already exists.");
        QTest::addRow("too long") << QString(256, u'x') << QString()
                                  << QStringLiteral("The name is longer than 255 bytes.");
        QTest::addRow("its own alternate") << QStringLiteral("loop") << QStringLiteral("loop")
                                           << QStringLiteral("An exchange cannot be its own alternate exchange.");
        QTest::addRow("fine") << QStringLiteral("events") << QStringLiteral("shop") << QString();
    }

    void validation()
    {
        QFETCH(QString, name);
        QFETCH(QString, alternate);
        QFETCH(QString, problem);
        ExchangeDialog dialog({QString(), QStringLiteral("amq.direct"), QStringLiteral("shop")});
        dialog.nameEdit()->setText(name);
        dialog.alternateBox()->setCurrentText(alternate);
        QCOMPARE(dialog.problemLabel()->text(), problem);
        QCOMPARE(dialog.buttons()->button(QDialogButtonBox::Ok)->isEnabled(), problem.isEmpty());
        // The delayed type's row shows only for x-delayed-message.
        QVERIFY(dialog.delayedTypeBox()->isHidden());
        chooseType(&dialog, ExchangeType::DelayedMessage);
        QVERIFY(!dialog.delayedTypeBox()->isHidden());
    }

    void createsAnExchangeThatRoutes()
    {
        test::declareQueue(*m_service, QStringLiteral("orders"));
        m_window->tabs()->setCurrentIndex(MainWindow::ExchangesTab);
        QAction *create = m_window->action(QStringLiteral("createExchange"));
        QVERIFY(m_window->exchangesPanel()->view()->actions().contains(create)); // the tab's context menu
        QTRY_VERIFY_WITH_TIMEOUT(create->isEnabled(), 5000);
        ExchangeDialog *dialog = m_window->topologyActions()->createExchange();
        QVERIFY(dialog->isVisible());
        QTest::keyClicks(dialog->nameEdit(), QStringLiteral("shop"));
        chooseType(dialog, ExchangeType::Topic);
        dialog->durableBox()->setChecked(false);
        dialog->internalBox()->setChecked(false);
        QVERIFY(send(dialog));
        const auto shop = engineExchange(QStringLiteral("shop"));
        QVERIFY(shop);
        QCOMPARE(shop->type, ExchangeType::Topic);
        QVERIFY(!shop->durable);
        QVERIFY(!shop->autoDelete);
        QVERIFY(!shop->internal);
        QVERIFY(shop->arguments.isEmpty());

        // From the Exchanges tab: Create binding starts from that exchange.
        QTRY_VERIFY_WITH_TIMEOUT(m_window->exchangesPanel()->selectExchange(QStringLiteral("shop")), 5000);
        QAction *bind = m_window->action(QStringLiteral("createBinding"));
        QVERIFY(m_window->exchangesPanel()->view()->actions().contains(bind));
        bind->trigger();
        auto *binding = m_window->findChild<BindingDialog *>();
        QVERIFY(binding && binding->isVisible());
        QCOMPARE(binding->sourceBox()->currentData().toString(), QStringLiteral("shop"));
        binding->destinationBox()->setCurrentText(QStringLiteral("orders"));
        binding->routingKeyEdit()->setText(QStringLiteral("order.*"));
        QVERIFY(send(binding));
        // Topic routing through the new exchange reaches the bound queue.
        QVERIFY(test::publishThrough(*m_service, QStringLiteral("shop"), QStringLiteral("order.created")));
        QVERIFY(!test::publishThrough(*m_service, QStringLiteral("shop"), QStringLiteral("payment.created")));
        QCOMPARE(test::depth(*m_service, QStringLiteral("orders")), 1ull);
    }

    void delayedAndAlternateExchanges()
    {
        test::declareQueue(*m_service, QStringLiteral("unrouted"));
        test::onBroker(*m_service, [](Engine &engine) {
            ExchangeDef catchAll;
            catchAll.name = QStringLiteral("catch-all");
            catchAll.type = ExchangeType::Fanout;
            engine.declareExchange(catchAll, false);
            engine.bind(BindingDef{QStringLiteral("catch-all"), QStringLiteral("unrouted"), DestinationKind::Queue, {}, {}});
        });
        QTRY_VERIFY_WITH_TIMEOUT(m_window->action(QStringLiteral("createExchange"))->isEnabled(), 5000);
        QTRY_VERIFY_WITH_TIMEOUT(m_window->client()->snapshot()->exchanges.size() > 6, 5000);
        ExchangeDialog *dialog = m_window->topologyActions()->createExchange();
        QVERIFY(dialog->alternateBox()->findText(QStringLiteral("catch-all")) >= 0); // offered
        dialog->nameEdit()->setText(QStringLiteral("later"));
        chooseType(dialog, ExchangeType::DelayedMessage);
        dialog->delayedTypeBox()->setCurrentIndex(dialog->delayedTypeBox()->findData(QStringLiteral("topic")));
        dialog->alternateBox()->setCurrentText(QStringLiteral("catch-all"));
        dialog->autoDeleteBox()->setChecked(true);
        QVERIFY(send(dialog));
        const auto later = engineExchange(QStringLiteral("later"));
        QVERIFY(later);
        QCOMPARE(later->type, ExchangeType::DelayedMessage);
        QCOMPARE(later->arguments.value(QStringLiteral("x-delayed-type")).toString(), QStringLiteral("topic"));
        QCOMPARE(later->arguments.value(QStringLiteral("alternate-exchange")).toString(), QStringLiteral("catch-all"));
        QVERIFY(later->autoDelete);
        // Nothing is bound to it: what it cannot route goes to its alternate.
        QVERIFY(test::publishThrough(*m_service, QStringLiteral("later"), QStringLiteral("anything")));
        QCOMPARE(test::depth(*m_service, QStringLiteral("unrouted")), 1ull);
    }

    void brokerRefusalKeepsTheDialogOpen()
    {
        QTRY_VERIFY_WITH_TIMEOUT(m_window->action(QStringLiteral("createExchange"))->isEnabled(), 5000);
        ExchangeDialog *dialog = m_window->topologyActions()->createExchange();
        dialog->nameEdit()->setText(QStringLiteral("race"));
        chooseType(dialog, ExchangeType::Fanout);
        // Someone else declares it meanwhile.
        test::onBroker(*m_service, [](Engine &engine) {
            ExchangeDef race;
            race.name = QStringLiteral("race");
            race.type = ExchangeType::Fanout;
            engine.declareExchange(race, false);
        });
        QPointer<ExchangeDialog> open(dialog);
        dialog->buttons()->button(QDialogButtonBox::Ok)->click();
        QTRY_COMPARE_WITH_TIMEOUT(dialog->problemLabel()->text(),
            QStringLiteral("Depot refused: an exchange named race exists already"), 5000);
        QVERIFY(open && dialog->isVisible());
        QCOMPARE(dialog->nameEdit()->text(), QStringLiteral("race"));
        QVERIFY(dialog->buttons()->button(QDialogButtonBox::Ok)->isEnabled()); // may try again
        dialog->reject();
    }
};

QTEST_MAIN(TestExchangeDialog)
#include "tst_exchangedialog.moc"
