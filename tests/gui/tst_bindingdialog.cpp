// Creating bindings from the window: the dialog refuses what cannot be a
// binding (no destination, an unknown queue or exchange, a binding there
// already, headers without a name or with a value not of their type) with
// the reason; "Create binding to this queue…" in the queue list's context
// menu starts from that queue, and the binding it makes routes messages;
// headers bindings carry typed values (a number matches only a number);
// exchange-to-exchange bindings route on.

#include "GuiTestSupport.h"
#include "ui/client/BrokerClient.h"
#include "ui/models/QueueListModel.h"
#include "ui/views/BindingDialog.h"
#include "ui/views/MainWindow.h"
#include "ui/views/QueueListPanel.h"
#include "ui/views/TopologyActions.h"

#include <QAction>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QTableView>
#include <QTableWidget>
#include <QTest>

using namespace depot;
using namespace depot::ui;

namespace {

ExchangeDef exchange(const QString &name, ExchangeType type)
{
    ExchangeDef e;
    e.name = name;
    e.type = type;
    return e;
}

} // namespace

class TestBindingDialog final : public QObject, public test::WindowFixture
{
    Q_OBJECT

private:
    void declareExchanges()
    {
        test::onBroker(*m_service, [](Engine &engine) {
            engine.declareExchange(exchange(QStringLiteral("shop"), ExchangeType::Topic), false);
            engine.declareExchange(exchange(QStringLiteral("events"), ExchangeType::Headers), false);
            engine.declareExchange(exchange(QStringLiteral("audit"), ExchangeType::Fanout), false);
        });
    }

    static bool send(BindingDialog *dialog)
    {
        QPointer<BindingDialog> open(dialog);
        dialog->buttons()->button(QDialogButtonBox::Ok)->click();
        return QTest::qWaitFor([&] { return !open; }, 5000);
    }

    // "Create binding to this queue…" from the queue list, once the
    // exchanges are listed; *dialog is the dialog it opened.
    void openFromQueueList(const QString &queue, BindingDialog **dialog)
    {
        QTRY_VERIFY_WITH_TIMEOUT(m_window->queueModel()->rowOf(queue) >= 0, 5000);
        QTRY_VERIFY_WITH_TIMEOUT(m_window->client()->snapshot()->exchanges.size() >= 9, 5000);
        QVERIFY(m_window->selectQueue(queue));
        QAction *bind = m_window->action(QStringLiteral("bindQueue"));
        QVERIFY(m_window->queueView()->actions().contains(bind)); // the queue list's context menu
        QTRY_VERIFY_WITH_TIMEOUT(bind->isEnabled(), 5000);
        bind->trigger();
        *dialog = m_window->findChild<BindingDialog *>();
    }

private Q_SLOTS:
    void initTestCase() { prepareApplication(QStringLiteral("tst_bindingdialog")); }
    void init() { QVERIFY(openWindow()); }
    void cleanup() { closeWindow(); }

    void validation_data()
    {
        QTest::addColumn<QString>("source");
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("destination");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QStringList>("header"); // name, type (0 text, 1 whole, 2 number, 3 bool), value
        QTest::addColumn<QString>("problem");
        const int queue = int(DestinationKind::Queue);
        const int toExchange = int(DestinationKind::Exchange);
        const auto S = [](const char *text) { return QString::fromUtf8(text); };
        const auto header = [&S](const char *name, const char *type, const char *value) {
            return QStringList({S(name), S(type), S(value)});
        };
        QTest::addRow("no destination") << S("shop") << queue << QString() << QString() << QStringList()
                                        << S("Choose the queue the messages go to.");
        QTest::addRow("unknown queue") << S("shop") << queue << S("nope") << QString() << QStringList()
                                       << S("There is no queue named nope.");
        QTest::addRow("unknown exchange") << S("shop") << toExchange << S("nope") << QString() << QStringList()
                                          << S("There is no exchange named nope.");
        QTest::addRow("bound already") << S("shop") << queue << S("orders") << S("order.*") << QStringList()
                                       << S("This binding exists already.");
        QTest::addRow("key too long") << S("shop") << queue << S("orders") << QString(256, u'k') << QStringList()
                                      << S("The routing key is longer than 255 bytes.");
        QTest::addRow("header without a name") << S("events") << queue << S("orders") << QString()
                                               << header("", "0", "eu") << S("Header 1 in the list has no name.");
        QTest::addRow("not a whole number") << S("events") << queue << S("orders") << QString()
                                            << header("attempt", "1", "three")
                                            << S("The header attempt must be a whole number.");
        QTest::addRow("not true or false") << S("events") << queue << S("orders") << QString()
                                           << header("urgent", "3", "yes") << S("The header urgent must be true or false.");
        QTest::addRow("x-match as a header") << S("events") << queue << S("orders") << QString()
                                             << header("x-match", "0", "any")
                                             << S("x-match is set by the Match choice above, not as a header.");
        QTest::addRow("fine") << S("shop") << queue << S("orders") << S("order.#") << QStringList() << QString();
        QTest::addRow("fine, to an exchange") << S("shop") << toExchange << S("audit") << S("#") << QStringList()
                                              << QString();
        QTest::addRow("fine, typed header") << S("events") << queue << S("orders") << QString()
                                            << header("attempt", "1", "3") << QString();
    }

    void validation()
    {
        QFETCH(QString, source);
        QFETCH(int, kind);
        QFETCH(QString, destination);
        QFETCH(QString, key);
        QFETCH(QStringList, header);
        QFETCH(QString, problem);
        const QList<ExchangeDef> exchanges = {exchange(QString(), ExchangeType::Direct),
            exchange(QStringLiteral("shop"), ExchangeType::Topic), exchange(QStringLiteral("events"), ExchangeType::Headers),
            exchange(QStringLiteral("audit"), ExchangeType::Fanout)};
        const QList<BindingDef> bindings
            = {{QStringLiteral("shop"), QStringLiteral("orders"), DestinationKind::Queue, QStringLiteral("order.*"), {}}};
        BindingDialog dialog(exchanges, {QStringLiteral("orders")}, bindings);
        QCOMPARE(dialog.sourceBox()->count(), 3); // not the default exchange
        dialog.setSource(source);
        dialog.setDestination(DestinationKind(kind), destination);
        dialog.routingKeyEdit()->setText(key);
        if (!header.isEmpty())
            dialog.addArgument(header.at(0), BindingDialog::ValueType(header.at(1).toInt()), header.at(2));
        QCOMPARE(dialog.problemLabel()->text(), problem);
        QCOMPARE(dialog.buttons()->button(QDialogButtonBox::Ok)->isEnabled(), problem.isEmpty());
        // The headers table belongs to headers exchanges only.
        QCOMPARE(dialog.argumentsTable()->isVisibleTo(&dialog), source == u"events");
    }

    void fromTheQueueListItRoutes()
    {
        declareExchanges();
        test::declareQueue(*m_service, QStringLiteral("orders"));
        BindingDialog *dialog = nullptr;
        openFromQueueList(QStringLiteral("orders"), &dialog);
        QVERIFY(dialog && dialog->isVisible());
        QCOMPARE(dialog->destinationBox()->currentText(), QStringLiteral("orders")); // pre-filled
        QCOMPARE(dialog->destinationKindBox()->currentData().toInt(), int(DestinationKind::Queue));
        QVERIFY(!dialog->sourceBox()->currentData().toString().startsWith(QStringLiteral("amq."))); // one of the user's
        dialog->setSource(QStringLiteral("shop"));
        QTest::keyClicks(dialog->routingKeyEdit(), QStringLiteral("order.*.eu"));
        QVERIFY(dialog->problemLabel()->text().isEmpty());
        QVERIFY(!test::publishThrough(*m_service, QStringLiteral("shop"), QStringLiteral("order.created.eu")));
        QVERIFY(send(dialog));
        QVERIFY(test::publishThrough(*m_service, QStringLiteral("shop"), QStringLiteral("order.created.eu")));
        QVERIFY(!test::publishThrough(*m_service, QStringLiteral("shop"), QStringLiteral("order.created.us")));
        QCOMPARE(test::depth(*m_service, QStringLiteral("orders")), 1ull);
    }

    void headersBindingsAreTyped()
    {
        declareExchanges();
        test::declareQueue(*m_service, QStringLiteral("retries"));
        BindingDialog *dialog = nullptr;
        openFromQueueList(QStringLiteral("retries"), &dialog);
        QVERIFY(dialog);
        dialog->setSource(QStringLiteral("events"));
        QVERIFY(dialog->argumentsTable()->isVisible());
        dialog->matchBox()->setCurrentIndex(dialog->matchBox()->findData(QStringLiteral("all")));
        dialog->addArgument(QStringLiteral("attempt"), BindingDialog::ValueType::Integer, QStringLiteral("3"));
        dialog->addArgument(QStringLiteral("region"), BindingDialog::ValueType::Text, QStringLiteral("eu"));
        QVERIFY(send(dialog));
        QList<BindingDef> bindings;
        test::onBroker(*m_service, [&](Engine &engine) { bindings = engine.bindings(); });
        const auto made = std::find_if(
            bindings.cbegin(), bindings.cend(), [](const BindingDef &b) { return b.source == u"events"; });
        QVERIFY(made != bindings.cend());
        QCOMPARE(made->arguments.value(QStringLiteral("x-match")).toString(), QStringLiteral("all"));
        QCOMPARE(made->arguments.value(QStringLiteral("attempt")).typeId(), QMetaType::LongLong);
        const QVariantMap number{{QStringLiteral("attempt"), 3}, {QStringLiteral("region"), QStringLiteral("eu")}};
        const QVariantMap text{{QStringLiteral("attempt"), QStringLiteral("3")}, {QStringLiteral("region"), QStringLiteral("eu")}};
        QVERIFY(test::publishThrough(*m_service, QStringLiteral("events"), QString(), number));
        QVERIFY(!test::publishThrough(*m_service, QStringLiteral("events"), QString(), text)); // "3" is not 3
        QCOMPARE(test::depth(*m_service, QStringLiteral("retries")), 1ull);
    }

    void exchangeToExchange()
    {
        declareExchanges();
        test::declareQueue(*m_service, QStringLiteral("log"));
        test::onBroker(*m_service, [](Engine &engine) {
            engine.bind(BindingDef{QStringLiteral("audit"), QStringLiteral("log"), DestinationKind::Queue, {}, {}});
        });
        QTRY_VERIFY_WITH_TIMEOUT(m_window->action(QStringLiteral("createBinding"))->isEnabled(), 5000);
        QTRY_VERIFY_WITH_TIMEOUT(m_window->client()->snapshot()->exchanges.size() >= 9, 5000);
        BindingDialog *dialog = m_window->topologyActions()->createBinding(
            QStringLiteral("shop"), std::make_pair(DestinationKind::Exchange, QStringLiteral("audit")));
        dialog->routingKeyEdit()->setText(QStringLiteral("#"));
        QVERIFY2(dialog->problemLabel()->text().isEmpty(), qPrintable(dialog->problemLabel()->text()));
        QVERIFY(send(dialog));
        QVERIFY(test::publishThrough(*m_service, QStringLiteral("shop"), QStringLiteral("anything.at.all")));
        QCOMPARE(test::depth(*m_service, QStringLiteral("log")), 1ull);
    }

    void screenshot()
    {
        declareExchanges();
        test::declareQueue(*m_service, QStringLiteral("retries"));
        BindingDialog *dialog = nullptr;
        openFromQueueList(QStringLiteral("retries"), &dialog);
        QVERIFY(dialog);
        dialog->setSource(QStringLiteral("events"));
        dialog->matchBox()->setCurrentIndex(dialog->matchBox()->findData(QStringLiteral("any")));
        dialog->addArgument(QStringLiteral("attempt"), BindingDialog::ValueType::Integer, QStringLiteral("3"));
        dialog->addArgument(QStringLiteral("region"), BindingDialog::ValueType::Text, QStringLiteral("eu"));
        dialog->adjustSize();
        QVERIFY(dialog->grab().save(test::screenshotDir() + QStringLiteral("/create-binding.png")));
        dialog->reject();
    }
};

QTEST_MAIN(TestBindingDialog)
#include "tst_bindingdialog.moc"
