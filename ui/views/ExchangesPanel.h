#pragma once

// ExchangesPanel: the Exchanges tab. A tree of the exchanges with their
// bindings beneath (ExchangeTreeModel), refreshed in place so what the user
// expanded, collapsed and selected stays so. Exchanges that appear come in
// expanded. The tab's context menu is TopologyActions'.

#include "ui/client/BrokerSnapshot.h"

#include <QWidget>
#include <optional>

class QTreeView;

namespace depot::ui {

class ExchangeTreeModel;

class ExchangesPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ExchangesPanel)

public:
    explicit ExchangesPanel(QWidget *parent = nullptr);
    ~ExchangesPanel() override;

    void updateFromSnapshot(const SnapshotPtr &snapshot);
    // The exchange of the current row (a binding row's source); nothing when
    // no row is current. The default exchange is "".
    std::optional<QString> currentExchange() const;
    // The binding of the current row, when it is a binding row.
    std::optional<BindingDef> currentBinding() const;
    bool selectExchange(const QString &name);
    bool selectBinding(const BindingDef &binding);

    ExchangeTreeModel *model() const { return m_model; }
    QTreeView *view() const { return m_view; }

Q_SIGNALS:
    void currentChanged();

private:
    bool select(const QModelIndex &index);

    ExchangeTreeModel *m_model = nullptr;
    QTreeView *m_view = nullptr;
};

} // namespace depot::ui
