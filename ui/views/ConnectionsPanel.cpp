#include "ui/views/ConnectionsPanel.h"

#include "ui/models/TopologyModels.h"
#include "ui/views/WindowParts.h"

#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>
#include <algorithm>

namespace depot::ui {

ConnectionsPanel::ConnectionsPanel(QWidget *parent)
    : QSplitter(Qt::Vertical, parent)
{
    setObjectName(QStringLiteral("connectionsSplitter"));
    m_consumerModel = new ConsumerListModel(this);
    m_consumerView = makeTable(this);
    auto *consumerProxy = new QSortFilterProxyModel(this);
    consumerProxy->setSourceModel(m_consumerModel);
    m_consumerView->setModel(consumerProxy);
    m_consumerView->setSortingEnabled(true);
    m_consumerView->sortByColumn(ConsumerListModel::Connection, Qt::AscendingOrder);
    m_consumerView->horizontalHeader()->resizeSection(ConsumerListModel::Connection, 180);
    m_consumerView->horizontalHeader()->resizeSection(ConsumerListModel::AckMode,
        m_consumerView->fontMetrics().horizontalAdvance(ConsumerListModel::tr("automatic")) + 16);
    m_consumerView->setObjectName(QStringLiteral("consumerView"));
    m_consumerView->setContextMenuPolicy(Qt::ActionsContextMenu);
    connect(m_consumerView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
        &ConnectionsPanel::selectionChanged);

    // Each connection's channels, below its consumers.
    m_channelModel = new ChannelListModel(this);
    addWidget(m_consumerView);
    auto *channelsPanel = new QWidget(this);
    auto *channelsLayout = new QVBoxLayout(channelsPanel);
    channelsLayout->setContentsMargins(0, 4, 0, 0);
    auto *channelsTitle = new QLabel(tr("<b>Channels</b>"), channelsPanel);
    channelsLayout->addWidget(channelsTitle);
    m_channelView = makeTable(channelsPanel);
    m_channelView->setObjectName(QStringLiteral("channelView"));
    auto *channelProxy = new QSortFilterProxyModel(this);
    channelProxy->setSourceModel(m_channelModel);
    channelProxy->setSortRole(ChannelListModel::SortRole);
    m_channelView->setModel(channelProxy);
    m_channelView->setSortingEnabled(true);
    m_channelView->sortByColumn(ChannelListModel::Connection, Qt::AscendingOrder);
    m_channelView->horizontalHeader()->resizeSection(ChannelListModel::Connection, 160);
    for (int c = ChannelListModel::Channel; c < ChannelListModel::ColumnCount; ++c) {
        const QString label = m_channelModel->headerData(c, Qt::Horizontal).toString();
        const int words = m_channelView->fontMetrics().horizontalAdvance(QStringLiteral("unlimited")) + 10;
        m_channelView->horizontalHeader()->resizeSection(c,
            std::max(c <= ChannelListModel::ConsumerPrefetch ? words : 40,
                m_channelView->fontMetrics().horizontalAdvance(label) + 14));
    }
    channelsLayout->addWidget(m_channelView, 1);
    addWidget(channelsPanel);
    // Selecting a connection above shows its channels first below.
    connect(m_consumerView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        [this, consumerProxy](const QModelIndex &current) {
            if (!current.isValid())
                return;
            const ConnectionId id = m_consumerModel->rowAt(consumerProxy->mapToSource(current).row()).connection.id;
            for (int r = 0; r < m_channelView->model()->rowCount(); ++r) {
                const QModelIndex index = m_channelView->model()->index(r, 0);
                const int source
                    = static_cast<QSortFilterProxyModel *>(m_channelView->model())->mapToSource(index).row();
                if (m_channelModel->rowAt(source).connection == id) {
                    m_channelView->scrollTo(index, QAbstractItemView::PositionAtTop);
                    m_channelView->selectionModel()->setCurrentIndex(
                        index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
                    break;
                }
            }
        });
}

ConnectionsPanel::~ConnectionsPanel() = default;

void ConnectionsPanel::updateFromSnapshot(const SnapshotPtr &snapshot)
{
    if (m_shown == snapshot)
        return;
    m_consumerModel->updateFromSnapshot(snapshot);
    m_channelModel->updateFromSnapshot(snapshot);
    m_shown = snapshot;
}

std::optional<ConnectionSummary> ConnectionsPanel::selectedConnection() const
{
    const QModelIndexList rows = m_consumerView->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return std::nullopt;
    const auto *proxy = static_cast<const QSortFilterProxyModel *>(m_consumerView->model());
    const int source = proxy->mapToSource(rows.first()).row();
    if (source < 0 || source >= m_consumerModel->rowCount())
        return std::nullopt;
    return m_consumerModel->rowAt(source).connection;
}

} // namespace depot::ui
