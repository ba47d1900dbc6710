#pragma once

// ExchangeTreeModel: the Exchanges tab. One row per exchange (type,
// durability and the other features, the policy that applies), its bindings
// beneath it as child rows (destination, routing key, arguments).
//
// Refreshed from BrokerClient's snapshots without ever resetting: exchanges
// and bindings that appear are inserted at their place (exchanges sorted by
// name, bindings by destination and key), those that go are removed, an
// exchange whose settings or policy changed gets dataChanged. The view's
// expansion, selection and scroll position survive every refresh.

#include "ui/client/BrokerSnapshot.h"

#include <QAbstractItemModel>
#include <memory>
#include <optional>
#include <vector>

namespace depot::ui {

class ExchangeTreeModel final : public QAbstractItemModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ExchangeTreeModel)

public:
    enum Column { Name, Type, Features, Policy, RoutingKey, Arguments, ColumnCount };

    explicit ExchangeTreeModel(QObject *parent = nullptr);
    ~ExchangeTreeModel() override;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void updateFromSnapshot(const SnapshotPtr &snapshot);
    void update(const QList<ExchangeDef> &exchanges, const QList<BindingDef> &bindings,
        const QHash<QString, AppliedPolicy> &policies);

    // What a row shows: the exchange of an exchange row or of a binding row
    // (the binding's source); the binding of a binding row only.
    const ExchangeDef *exchangeAt(const QModelIndex &index) const;
    std::optional<BindingDef> bindingAt(const QModelIndex &index) const;
    // Invalid when not listed.
    QModelIndex indexOfExchange(const QString &name) const;
    QModelIndex indexOfBinding(const BindingDef &binding) const;

    // "x-match = any, region = "eu", attempt = 3": strings quoted, so a
    // header that must be a number reads differently from one that must be text.
    static QString typedArgumentsText(const QVariantMap &arguments);

private:
    struct Node
    {
        ExchangeDef exchange;
        AppliedPolicy policy;
        QList<BindingDef> bindings; // sorted by bindingKey
        QStringList keys; // bindingKey of each, kept alongside
        int row = 0; // where the node is among m_nodes
    };
    static QString bindingKey(const BindingDef &binding);
    void updateBindings(Node &node, const QModelIndex &parent, QList<BindingDef> incoming);
    void renumber();
    QVariant exchangeData(const Node &node, int column, int role) const;
    QVariant bindingData(const BindingDef &binding, int column, int role) const;

    // Sorted by exchange name; the nodes stay put in memory, so a child
    // index can point at its parent's node whatever rows come and go.
    std::vector<std::unique_ptr<Node>> m_nodes;
};

} // namespace depot::ui
