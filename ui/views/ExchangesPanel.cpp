#include "ui/views/ExchangesPanel.h"

#include "ui/models/ExchangeTreeModel.h"

#include <QHeaderView>
#include <QTreeView>
#include <QVBoxLayout>

namespace depot::ui {

ExchangesPanel::ExchangesPanel(QWidget *parent)
    : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_model = new ExchangeTreeModel(this);
    m_view = new QTreeView(this);
    m_view->setObjectName(QStringLiteral("exchangeTree"));
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setUniformRowHeights(true);
    m_view->setAlternatingRowColors(true);
    m_view->header()->setStretchLastSection(true);
    // Every column in view at the default 1280 px window (the tab gets ~820).
    m_view->header()->resizeSection(ExchangeTreeModel::Name, 190);
    m_view->header()->resizeSection(ExchangeTreeModel::Type, 80);
    m_view->header()->resizeSection(ExchangeTreeModel::Features, 230);
    m_view->header()->resizeSection(ExchangeTreeModel::Policy, 80);
    m_view->header()->resizeSection(ExchangeTreeModel::RoutingKey, 90);
    layout->addWidget(m_view);
    // A new exchange shows its bindings; one the user collapsed stays so,
    // since refreshes never reset the model.
    connect(m_model, &QAbstractItemModel::rowsInserted, this, [this](const QModelIndex &parent, int first, int last) {
        if (parent.isValid())
            return;
        for (int row = first; row <= last; ++row)
            m_view->expand(m_model->index(row, 0));
    });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this, &ExchangesPanel::currentChanged);
}

ExchangesPanel::~ExchangesPanel() = default;

void ExchangesPanel::updateFromSnapshot(const SnapshotPtr &snapshot)
{
    m_model->updateFromSnapshot(snapshot);
}

std::optional<QString> ExchangesPanel::currentExchange() const
{
    if (const ExchangeDef *e = m_model->exchangeAt(m_view->currentIndex()))
        return e->name;
    return std::nullopt;
}

std::optional<BindingDef> ExchangesPanel::currentBinding() const
{
    return m_model->bindingAt(m_view->currentIndex());
}

bool ExchangesPanel::select(const QModelIndex &index)
{
    if (!index.isValid())
        return false;
    m_view->setCurrentIndex(index);
    m_view->scrollTo(index);
    return true;
}

bool ExchangesPanel::selectExchange(const QString &name)
{
    return select(m_model->indexOfExchange(name));
}

bool ExchangesPanel::selectBinding(const BindingDef &binding)
{
    return select(m_model->indexOfBinding(binding));
}

} // namespace depot::ui
