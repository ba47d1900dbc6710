// ExchangeTreeModel: one row per exchange with its bindings as children, and
// refreshes that never reset: an exchange or binding that comes is inserted
// at its place, one that goes is removed, a changed exchange repaints its
// row, so what a view expanded or selected (persistent indexes) stays put.

#include "ui/Translations.h"
#include "ui/models/ExchangeTreeModel.h"

#include <QAbstractItemModelTester>
#include <QPersistentModelIndex>
#include <QSignalSpy>
#include <QTest>

using namespace depot;
using namespace depot::ui;

namespace {

ExchangeDef exchange(const QString &name, ExchangeType type = ExchangeType::Direct)
{
    ExchangeDef e;
    e.name = name;
    e.type = type;
    return e;
}

BindingDef toQueue(const QString &source, const QString &queue, const QString &key = {}, const QVariantMap &args = {})
{
    return BindingDef{source, queue, DestinationKind::Queue, key, args};
}

} // namespace

class TestExchangeTreeModel final : public QObject
{
    Q_OBJECT

private:
    QList<ExchangeDef> m_exchanges;
    QList<BindingDef> m_bindings;

    // The demo's shape: shop (topic) with four bindings, the built-in ones.
    void seed()
    {
        m_exchanges = {exchange(QString()), exchange(QStringLiteral("amq.direct")),
            exchange(QStringLiteral("shop"), ExchangeType::Topic), exchange(QStringLiteral("zeta"), ExchangeType::Fanout)};
        m_bindings = {toQueue(QStringLiteral("shop"), QStringLiteral("orders"), QStringLiteral("order.*")),
            toQueue(QStringLiteral("shop"), QStringLiteral("payments"), QStringLiteral("payment.*")),
            toQueue(QStringLiteral("shop"), QStringLiteral("audit"), QStringLiteral("#")),
            BindingDef{QStringLiteral("shop"), QStringLiteral("zeta"), DestinationKind::Exchange, QStringLiteral("#"), {}},
            toQueue(QStringLiteral("zeta"), QStringLiteral("audit"))};
    }

    static QStringList column(const QAbstractItemModel &model, const QModelIndex &parent, int col = 0)
    {
        QStringList out;
        for (int r = 0; r < model.rowCount(parent); ++r)
            out << model.index(r, col, parent).data().toString();
        return out;
    }

private Q_SLOTS:
    void initTestCase() { ensureEnglishPlurals(*qApp); }
    void init() { seed(); }

    void oneRowPerExchangeWithItsBindingsBeneath()
    {
        ExchangeTreeModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.update(m_exchanges, m_bindings, {});
        QCOMPARE(column(model, {}),
            QStringList({QStringLiteral("(default)"), QStringLiteral("amq.direct"), QStringLiteral("shop"),
                QStringLiteral("zeta")}));
        const QModelIndex shop = model.indexOfExchange(QStringLiteral("shop"));
        QCOMPARE(model.rowCount(shop), 4); // shop once, its four bindings beneath
        // Exchanges before queues, then by name.
        QCOMPARE(column(model, shop),
            QStringList({QStringLiteral("exchange zeta"), QStringLiteral("queue audit"), QStringLiteral("queue orders"),
                QStringLiteral("queue payments")}));
        QCOMPARE(column(model, shop, ExchangeTreeModel::RoutingKey),
            QStringList({QStringLiteral("#"), QStringLiteral("#"), QStringLiteral("order.*"), QStringLiteral("payment.*")}));
        QCOMPARE(model.index(shop.row(), ExchangeTreeModel::Type).data().toString(), QStringLiteral("topic"));
        QCOMPARE(model.index(shop.row(), ExchangeTreeModel::Features).data().toString(), QStringLiteral("durable"));
        QCOMPARE(model.rowCount(model.index(0, 0, shop)), 0); // bindings have no children
        QCOMPARE(model.bindingAt(model.index(2, 0, shop))->destination, QStringLiteral("orders"));
        QCOMPARE(model.exchangeAt(model.index(2, 0, shop))->name, QStringLiteral("shop")); // a binding's exchange
        QVERIFY(!model.bindingAt(shop));
        QVERIFY(model.index(shop.row(), 0).data(Qt::ToolTipRole).toString().contains(QStringLiteral("4 bindings")));
    }

    void refreshesInPlaceKeepingPersistentIndexes()
    {
        ExchangeTreeModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.update(m_exchanges, m_bindings, {});
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        const QPersistentModelIndex orders = model.indexOfBinding(m_bindings.at(0));
        const QPersistentModelIndex zeta = model.indexOfExchange(QStringLiteral("zeta"));
        QVERIFY(orders.isValid() && zeta.isValid());

        // The same snapshot again: nothing moves, nothing repaints.
        model.update(m_exchanges, m_bindings, {});
        QCOMPARE(inserted.size() + removed.size() + changed.size(), 0);

        // A new exchange sorting before shop, and a new binding of shop.
        m_exchanges.append(exchange(QStringLiteral("billing")));
        m_bindings.append(toQueue(QStringLiteral("shop"), QStringLiteral("refunds"), QStringLiteral("refund.*")));
        model.update(m_exchanges, m_bindings, {});
        QCOMPARE(inserted.size(), 2);
        QCOMPARE(inserted.at(0).at(0).value<QModelIndex>(), QModelIndex());
        QCOMPARE(inserted.at(0).at(1).toInt(), 2); // billing, between amq.direct and shop
        QCOMPARE(inserted.at(1).at(0).value<QModelIndex>(), model.indexOfExchange(QStringLiteral("shop")));
        QCOMPARE(model.rowCount(model.indexOfExchange(QStringLiteral("shop"))), 5);
        // What a view holds still names the same things.
        QCOMPARE(orders.data().toString(), QStringLiteral("queue orders"));
        QCOMPARE(orders.parent().data().toString(), QStringLiteral("shop"));
        QCOMPARE(zeta.data().toString(), QStringLiteral("zeta"));

        // A binding goes; an exchange changes (durable to transient, a policy).
        m_bindings.removeAt(1); // payments
        m_exchanges.last().durable = false;
        const auto zetaAt = std::find_if(m_exchanges.begin(), m_exchanges.end(),
            [](const ExchangeDef &e) { return e.name == u"zeta"; });
        zetaAt->autoDelete = true;
        AppliedPolicy policy;
        policy.policy = QStringLiteral("ae");
        policy.effectiveDefinition.insert(QStringLiteral("alternate-exchange"), QStringLiteral("unrouted"));
        changed.clear();
        model.update(m_exchanges, m_bindings, {{QStringLiteral("zeta"), policy}});
        QCOMPARE(removed.size(), 1);
        QCOMPARE(removed.at(0).at(0).value<QModelIndex>(), model.indexOfExchange(QStringLiteral("shop")));
        QCOMPARE(changed.size(), 2); // billing and zeta, one row each
        for (const auto &args : changed)
            QCOMPARE(args.at(0).value<QModelIndex>().row(), args.at(1).value<QModelIndex>().row());
        QCOMPARE(orders.data().toString(), QStringLiteral("queue orders"));
        QCOMPARE(model.index(zeta.row(), ExchangeTreeModel::Features).data().toString(),
            QStringLiteral("durable, auto-delete, alternate exchange unrouted"));
        QCOMPARE(model.index(zeta.row(), ExchangeTreeModel::Policy).data().toString(), QStringLiteral("ae"));

        // An exchange goes with its bindings.
        m_exchanges.removeIf([](const ExchangeDef &e) { return e.name == u"zeta"; });
        m_bindings.removeIf([](const BindingDef &b) { return b.source == u"zeta" || b.destination == u"zeta"; });
        model.update(m_exchanges, m_bindings, {});
        QVERIFY(!zeta.isValid());
        QVERIFY(!model.indexOfExchange(QStringLiteral("zeta")).isValid());
        QCOMPARE(orders.data().toString(), QStringLiteral("queue orders"));
        QCOMPARE(resets.size(), 0);
    }

    void argumentsShowTheirTypes()
    {
        const QVariantMap args{{QStringLiteral("x-match"), QStringLiteral("any")},
            {QStringLiteral("attempt"), qint64(3)}, {QStringLiteral("region"), QStringLiteral("eu")},
            {QStringLiteral("urgent"), true}};
        QCOMPARE(ExchangeTreeModel::typedArgumentsText(args),
            QStringLiteral("attempt = 3, region = \"eu\", urgent = true, x-match = any"));
        // Two bindings differing only in a value's type are two rows.
        ExchangeTreeModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.update({exchange(QStringLiteral("h"), ExchangeType::Headers)},
            {toQueue(QStringLiteral("h"), QStringLiteral("q"), {}, {{QStringLiteral("n"), qint64(3)}}),
                toQueue(QStringLiteral("h"), QStringLiteral("q"), {}, {{QStringLiteral("n"), QStringLiteral("3")}})},
            {});
        const QModelIndex h = model.indexOfExchange(QStringLiteral("h"));
        QCOMPARE(model.rowCount(h), 2);
        QCOMPARE(QSet<QString>({model.index(0, ExchangeTreeModel::Arguments, h).data().toString(),
                     model.index(1, ExchangeTreeModel::Arguments, h).data().toString()}),
            QSet<QString>({QStringLiteral("n = 3"), QStringLiteral("n = \"3\"")}));
    }
};

QTEST_MAIN(TestExchangeTreeModel)
#include "tst_exchangetreemodel.moc"
