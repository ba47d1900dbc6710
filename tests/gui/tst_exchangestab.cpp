// The Exchanges tab: one row per exchange with its bindings beneath, live
// without losing what the user expanded, collapsed or selected; its context
// menu (right click, the Menu key, Shift+F10); deleting an exchange (asked
// first, naming its bindings and the queues dead-lettering to it; the
// default exchange and amq.* refused with the reason) and a binding.

#include "GuiTestSupport.h"
#include "ui/client/BrokerClient.h"
#include "ui/models/ExchangeTreeModel.h"
#include "ui/views/ExchangesPanel.h"
#include "ui/views/MainWindow.h"
#include "ui/views/TopologyActions.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QContextMenuEvent>
#include <QStatusBar>
#include <QTabWidget>
#include <QTest>
#include <QTreeView>

using namespace depot;
using namespace depot::ui;

class TestExchangesTab final : public QObject, public test::WindowFixture
{
    Q_OBJECT

private:
    QStringList m_confirmations;
    bool m_answer = true;

    ExchangesPanel *panel() const { return m_window->exchangesPanel(); }
    ExchangeTreeModel *model() const { return panel()->model(); }
    QTreeView *tree() const { return panel()->view(); }
    static BindingDef binding(const QString &source, const QString &queue, const QString &key)
    {
        return BindingDef{source, queue, DestinationKind::Queue, key, {}};
    }

    // The demo's shape: shop routing to four queues; orders dead-letters to shop.dlx.
    void declareShop()
    {
        for (const char *q : {"payments", "audit", "refunds", "orders.dlq"})
            test::declareQueue(*m_service, QLatin1String(q));
        test::declareQueue(*m_service, QStringLiteral("orders"),
            {{QStringLiteral("x-dead-letter-exchange"), QStringLiteral("shop.dlx")}});
        test::onBroker(*m_service, [](Engine &engine) {
            ExchangeDef shop;
            shop.name = QStringLiteral("shop");
            shop.type = ExchangeType::Topic;
            engine.declareExchange(shop, false);
            ExchangeDef dlx;
            dlx.name = QStringLiteral("shop.dlx");
            dlx.type = ExchangeType::Fanout;
            engine.declareExchange(dlx, false);
            engine.bind(binding(QStringLiteral("shop"), QStringLiteral("orders"), QStringLiteral("order.*")));
            engine.bind(binding(QStringLiteral("shop"), QStringLiteral("payments"), QStringLiteral("payment.*")));
            engine.bind(binding(QStringLiteral("shop"), QStringLiteral("audit"), QStringLiteral("#")));
            engine.bind(binding(QStringLiteral("shop"), QStringLiteral("refunds"), QStringLiteral("refund.*")));
            engine.bind(binding(QStringLiteral("shop.dlx"), QStringLiteral("orders.dlq"), QString()));
        });
        m_window->tabs()->setCurrentIndex(MainWindow::ExchangesTab);
        QTRY_VERIFY_WITH_TIMEOUT(model()->rowCount(model()->indexOfExchange(QStringLiteral("shop"))) == 4, 5000);
    }

    // Selects the exchange and asks to delete it, declining: the question.
    QString askToDelete(const QString &exchange)
    {
        if (!panel()->selectExchange(exchange))
            return QStringLiteral("(not selected)");
        QAction *remove = m_window->action(QStringLiteral("deleteExchange"));
        if (!QTest::qWaitFor([remove] { return remove->isEnabled(); }, 5000))
            return QStringLiteral("(delete not enabled)");
        m_answer = false;
        const qsizetype before = m_confirmations.size();
        remove->trigger();
        return m_confirmations.size() == before + 1 ? m_confirmations.last() : QStringLiteral("(not asked)");
    }

private Q_SLOTS:
    void initTestCase() { prepareApplication(QStringLiteral("tst_exchangestab")); }

    void init()
    {
        QVERIFY(openWindow(QSize(1280, 800)));
        m_confirmations.clear();
        m_answer = true;
        m_window->setConfirmForTests([this](const QString &text) {
            m_confirmations << text;
            return m_answer;
        });
    }

    void cleanup() { closeWindow(); }

    void oneRowPerExchangeWithItsBindings()
    {
        declareShop();
        QCOMPARE(tree()->model(), model());
        int shopRows = 0;
        for (int r = 0; r < model()->rowCount(); ++r)
            shopRows += model()->index(r, 0).data().toString() == u"shop";
        QCOMPARE(shopRows, 1); // not once per binding
        const QModelIndex shop = model()->indexOfExchange(QStringLiteral("shop"));
        QStringList destinations;
        for (int r = 0; r < model()->rowCount(shop); ++r)
            destinations << model()->index(r, 0, shop).data().toString();
        QCOMPARE(destinations,
            QStringList({QStringLiteral("queue audit"), QStringLiteral("queue orders"), QStringLiteral("queue payments"),
                QStringLiteral("queue refunds")}));
        QVERIFY(tree()->isExpanded(shop)); // a new exchange shows its bindings
    }

    void refreshesKeepExpansionAndSelection()
    {
        declareShop();
        const QModelIndex shop = model()->indexOfExchange(QStringLiteral("shop"));
        const QModelIndex dlx = model()->indexOfExchange(QStringLiteral("shop.dlx"));
        tree()->collapse(dlx);
        QVERIFY(panel()->selectBinding(binding(QStringLiteral("shop"), QStringLiteral("payments"), QStringLiteral("payment.*"))));
        // The broker changes under the tab: a new exchange sorting first, a
        // new binding of shop, one of shop gone; snapshots keep coming.
        test::declareQueue(*m_service, QStringLiteral("invoices"));
        test::onBroker(*m_service, [](Engine &engine) {
            ExchangeDef billing;
            billing.name = QStringLiteral("billing");
            engine.declareExchange(billing, false);
            engine.bind(binding(QStringLiteral("shop"), QStringLiteral("invoices"), QStringLiteral("invoice.*")));
            engine.unbind(binding(QStringLiteral("shop"), QStringLiteral("audit"), QStringLiteral("#")));
        });
        QTRY_VERIFY_WITH_TIMEOUT(model()->indexOfExchange(QStringLiteral("billing")).isValid(), 5000);
        QTRY_VERIFY_WITH_TIMEOUT(!model()->indexOfBinding(binding(QStringLiteral("shop"), QStringLiteral("audit"),
                                                         QStringLiteral("#"))).isValid(), 5000);
        QTest::qWait(3 * BrokerClient::DefaultRefreshMs);
        QVERIFY(tree()->isExpanded(model()->indexOfExchange(QStringLiteral("shop"))));
        QVERIFY(!tree()->isExpanded(model()->indexOfExchange(QStringLiteral("shop.dlx")))); // still collapsed
        QCOMPARE(panel()->currentBinding()->destination, QStringLiteral("payments")); // still selected
        QCOMPARE(tree()->selectionModel()->selectedRows().size(), 1);
        QCOMPARE(tree()->selectionModel()->selectedRows().first().data().toString(), QStringLiteral("queue payments"));
        Q_UNUSED(shop);
    }

    void contextMenuByMouseMenuKeyAndShiftF10()
    {
        declareShop();
        QVERIFY(panel()->selectExchange(QStringLiteral("shop")));
        tree()->setFocus();
        QTRY_VERIFY(tree()->hasFocus());
        const QStringList wanted = {QStringLiteral("Create e&xchange…"), QStringLiteral("Delete exc&hange…"),
            QStringLiteral("Create &binding…"), QStringLiteral("Delete bindin&g…"), QStringLiteral("Copy &name")};
        // Shift+F10 first: offscreen, a closed menu does not give the keyboard back.
        const QStringList byShiftF10
            = test::contextMenuEntries([&] { QTest::keyClick(tree(), Qt::Key_F10, Qt::ShiftModifier); });
        QVERIFY2(byShiftF10.contains(QStringLiteral("Delete exc&hange…")), qPrintable(byShiftF10.join(u'|')));
        const QRect row = tree()->visualRect(tree()->currentIndex());
        const QStringList byMouse = test::contextMenuEntries([&] {
            QContextMenuEvent event(QContextMenuEvent::Mouse, row.center(), tree()->viewport()->mapToGlobal(row.center()));
            QApplication::sendEvent(tree()->viewport(), &event);
        });
        for (const QString &entry : wanted)
            QVERIFY2(byMouse.contains(entry), qPrintable(byMouse.join(u'|')));
        // The Menu key reaches a widget as the platform makes it (xcb): a
        // keyboard context menu event for the focus widget.
        const QStringList byMenuKey = test::contextMenuEntries([&] {
            QContextMenuEvent event(QContextMenuEvent::Keyboard, row.center(), tree()->viewport()->mapToGlobal(row.center()));
            QApplication::sendEvent(tree(), &event); // the tree has the keyboard
        });
        QVERIFY2(byMenuKey.contains(QStringLiteral("Delete exc&hange…")), qPrintable(byMenuKey.join(u'|')));
    }

    void deleteExchangeAsksNamingWhatDependsOnIt()
    {
        declareShop();
        QAction *remove = m_window->action(QStringLiteral("deleteExchange"));
        const QString asked = askToDelete(QStringLiteral("shop.dlx"));
        QVERIFY2(asked.contains(QStringLiteral("Its 1 binding goes with it: queue orders.dlq.")), qPrintable(asked));
        QVERIFY2(asked.contains(QStringLiteral("dead-letter exchange of orders")), qPrintable(asked));
        QTest::qWait(3 * BrokerClient::DefaultRefreshMs);
        QVERIFY(model()->indexOfExchange(QStringLiteral("shop.dlx")).isValid()); // declined: still there

        QVERIFY(panel()->selectExchange(QStringLiteral("shop")));
        QTRY_VERIFY_WITH_TIMEOUT(remove->isEnabled(), 5000);
        m_answer = true;
        remove->trigger();
        QVERIFY2(m_confirmations.last().contains(QStringLiteral(
                     "Its 4 bindings go with it: queue audit (key #), queue orders (key order.*), queue payments (key "
                     "payment.*), queue refunds (key refund.*).")),
            qPrintable(m_confirmations.last()));
        QTRY_VERIFY_WITH_TIMEOUT(!model()->indexOfExchange(QStringLiteral("shop")).isValid(), 5000);
        bool exists = true;
        QList<BindingDef> bindings;
        test::onBroker(*m_service, [&](Engine &engine) {
            exists = engine.exchangeType(QStringLiteral("shop")).has_value();
            bindings = engine.bindings();
        });
        QVERIFY(!exists);
        QVERIFY(std::none_of(bindings.cbegin(), bindings.cend(), [](const BindingDef &b) { return b.source == u"shop"; }));
        QVERIFY(model()->indexOfExchange(QStringLiteral("shop.dlx")).isValid()); // only that one
    }

    // Where an exchange sends what its bindings miss is in its row, whether
    // its own argument or a policy set it, and deleting that alternate says
    // which exchanges lose it.
    void alternateExchangeShownByArgumentAndPolicy()
    {
        declareShop();
        bool policySet = false;
        test::onBroker(*m_service, [&](Engine &engine) {
            ExchangeDef events;
            events.name = QStringLiteral("events");
            events.type = ExchangeType::Fanout;
            events.arguments.insert(QStringLiteral("alternate-exchange"), QStringLiteral("shop.dlx"));
            engine.declareExchange(events, false);
            ExchangeDef billing;
            billing.name = QStringLiteral("billing");
            engine.declareExchange(billing, false);
            PolicyDef catchAll;
            catchAll.name = QStringLiteral("catch-unrouted");
            catchAll.pattern = QStringLiteral("^billing$");
            catchAll.applyTo = PolicyDef::ApplyTo::Exchanges;
            catchAll.definition.insert(QStringLiteral("alternate-exchange"), QStringLiteral("shop.dlx"));
            policySet = engine.setPolicy(PolicyKind::Policy, catchAll).ok();
        });
        QVERIFY(policySet);
        const auto cell = [this](const QString &exchange, int column) {
            const QModelIndex row = model()->indexOfExchange(exchange);
            return row.isValid() ? tree()->model()->index(row.row(), column, row.parent()).data().toString() : QString();
        };
        QTRY_COMPARE_WITH_TIMEOUT(cell(QStringLiteral("events"), ExchangeTreeModel::Features),
            QStringLiteral("durable, alternate exchange shop.dlx"), 5000);
        QTRY_COMPARE_WITH_TIMEOUT(cell(QStringLiteral("billing"), ExchangeTreeModel::Features),
            QStringLiteral("durable, alternate exchange shop.dlx"), 5000);
        QCOMPARE(cell(QStringLiteral("billing"), ExchangeTreeModel::Policy), QStringLiteral("catch-unrouted"));
        QCOMPARE(cell(QStringLiteral("shop"), ExchangeTreeModel::Features), QStringLiteral("durable"));
        QVERIFY(!tree()->isColumnHidden(ExchangeTreeModel::Features));

        const QString asked = askToDelete(QStringLiteral("shop.dlx"));
        QVERIFY2(asked.contains(QStringLiteral(
                     "It is the alternate exchange of billing, events: what they cannot route will be dropped.")),
            qPrintable(asked));
    }

    void builtInExchangesCannotBeDeleted_data()
    {
        QTest::addColumn<QString>("exchange");
        QTest::addColumn<QString>("reason");
        QTest::addRow("default") << QString() << QStringLiteral("The default exchange is part of AMQP itself");
        QTest::addRow("amq.topic") << QStringLiteral("amq.topic") << QStringLiteral("Exchanges named amq.* are the broker's own");
    }

    void builtInExchangesCannotBeDeleted()
    {
        QFETCH(QString, exchange);
        QFETCH(QString, reason);
        m_window->tabs()->setCurrentIndex(MainWindow::ExchangesTab);
        QTRY_VERIFY_WITH_TIMEOUT(model()->indexOfExchange(exchange).isValid(), 5000);
        QVERIFY(panel()->selectExchange(exchange));
        QAction *remove = m_window->action(QStringLiteral("deleteExchange"));
        QTRY_VERIFY_WITH_TIMEOUT(m_window->action(QStringLiteral("createExchange"))->isEnabled(), 5000);
        QVERIFY(!remove->isEnabled());
        QVERIFY2(remove->toolTip().startsWith(reason), qPrintable(remove->toolTip()));
        m_window->topologyActions()->deleteExchange(); // asked anyway: says why, asks nothing
        QVERIFY(m_confirmations.isEmpty());
        QVERIFY(m_window->statusBar()->currentMessage().startsWith(reason));
    }

    void deleteBindingStopsTheRouting()
    {
        declareShop();
        QVERIFY(test::publishThrough(*m_service, QStringLiteral("shop"), QStringLiteral("refund.created")));
        QCOMPARE(test::depth(*m_service, QStringLiteral("refunds")), 1ull);
        QAction *unbind = m_window->action(QStringLiteral("deleteBinding"));
        QVERIFY(panel()->selectExchange(QStringLiteral("shop")));
        QTRY_VERIFY_WITH_TIMEOUT(m_window->action(QStringLiteral("createExchange"))->isEnabled(), 5000);
        QVERIFY(!unbind->isEnabled()); // an exchange row has no binding to delete
        QVERIFY(panel()->selectBinding(binding(QStringLiteral("shop"), QStringLiteral("refunds"), QStringLiteral("refund.*"))));
        QVERIFY(unbind->isEnabled());
        QVERIFY(!m_window->action(QStringLiteral("deleteExchange"))->isEnabled()); // a binding row: not the exchange
        unbind->trigger();
        QCOMPARE(m_confirmations.size(), 1);
        QVERIFY2(m_confirmations.first().startsWith(
                     QStringLiteral("Delete the binding from shop to queue refunds (key refund.*)?")),
            qPrintable(m_confirmations.first()));
        QTRY_VERIFY_WITH_TIMEOUT(model()->rowCount(model()->indexOfExchange(QStringLiteral("shop"))) == 3, 5000);
        QVERIFY(test::publishThrough(*m_service, QStringLiteral("shop"), QStringLiteral("refund.created"))); // audit's #
        QCOMPARE(test::depth(*m_service, QStringLiteral("refunds")), 1ull); // refunds no longer gets it
        QVERIFY(test::publishThrough(*m_service, QStringLiteral("shop"), QStringLiteral("order.created"))); // the rest stay
    }

    void copyNameCopiesWhatTheRowNames()
    {
        declareShop();
        QAction *copy = m_window->action(QStringLiteral("copyExchangeName"));
        QVERIFY(tree()->actions().contains(copy));
        QVERIFY(panel()->selectExchange(QStringLiteral("shop")));
        copy->trigger();
        QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("shop"));
        QVERIFY(panel()->selectBinding(binding(QStringLiteral("shop"), QStringLiteral("payments"), QStringLiteral("payment.*"))));
        copy->trigger();
        QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("payments")); // where the binding leads
        QVERIFY(panel()->selectExchange(QString()));
        QVERIFY(!copy->isEnabled()); // the default exchange has no name to copy
    }

    void screenshot()
    {
        declareShop();
        test::onBroker(*m_service, [](Engine &engine) {
            ExchangeDef events;
            events.name = QStringLiteral("events");
            events.type = ExchangeType::Headers;
            events.arguments.insert(QStringLiteral("alternate-exchange"), QStringLiteral("shop.dlx"));
            engine.declareExchange(events, false);
            engine.bind(BindingDef{QStringLiteral("events"), QStringLiteral("audit"), DestinationKind::Queue, QString(),
                {{QStringLiteral("x-match"), QStringLiteral("any")}, {QStringLiteral("attempt"), qint64(3)},
                    {QStringLiteral("region"), QStringLiteral("eu")}}});
            engine.bind(BindingDef{QStringLiteral("shop"), QStringLiteral("events"), DestinationKind::Exchange,
                QStringLiteral("#"), {}});
        });
        QTRY_VERIFY_WITH_TIMEOUT(model()->rowCount(model()->indexOfExchange(QStringLiteral("events"))) == 1, 5000);
        QVERIFY(panel()->selectBinding(binding(QStringLiteral("shop"), QStringLiteral("orders"), QStringLiteral("order.*"))));
        QVERIFY(m_window->grab().save(test::screenshotDir() + QStringLiteral("/exchanges-tree.png")));
    }
};

QTEST_MAIN(TestExchangesTab)
#include "tst_exchangestab.moc"
