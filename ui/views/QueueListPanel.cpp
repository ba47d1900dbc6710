#include "ui/views/QueueListPanel.h"

#include "ui/models/QueueListModel.h"
#include "ui/views/CountDelegate.h"
#include "ui/views/SparklineDelegate.h"
#include "ui/views/WindowParts.h"

#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLineEdit>
#include <QScrollBar>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>
#include <algorithm>

namespace depot::ui {

QueueListPanel::QueueListPanel(QWidget *parent)
    : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 0, 6);
    m_filter = new QLineEdit(this);
    m_filter->setPlaceholderText(tr("Filter queues (Ctrl+F)"));
    m_filter->setClearButtonEnabled(true);
    layout->addWidget(m_filter);
    m_model = new QueueListModel(this);
    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(QueueListModel::SortRole);
    m_proxy->setFilterRole(QueueListModel::FilterTextRole);
    m_proxy->setFilterKeyColumn(QueueListModel::Name);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setSortCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setDynamicSortFilter(true);
    connect(m_filter, &QLineEdit::textChanged, m_proxy, &QSortFilterProxyModel::setFilterFixedString);
    m_view = makeTable(this);
    m_view->setObjectName(QStringLiteral("queueView"));
    m_view->setModel(m_proxy);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(QueueListModel::Name, Qt::AscendingOrder);
    m_view->setItemDelegateForColumn(
        QueueListModel::Depth, new SparklineDelegate(QueueListModel::DepthHistoryRole, m_view));
    // The counts and rates change at every snapshot under load: drawn from prepared texts.
    auto *counts = new CountDelegate(m_view);
    for (int c = QueueListModel::Ready; c <= QueueListModel::OutRate; ++c)
        m_view->setItemDelegateForColumn(c, counts);
    // Numbers get what their header (in the user's language) or a six-digit
    // count needs, no more, so the dead-letter column stays in view; it
    // stretches and elides in the middle, its tooltip has the whole text.
    {
        QHeaderView *header = m_view->horizontalHeader();
        const QFontMetrics fm(header->font());
        const int digits = fm.horizontalAdvance(QStringLiteral("00,000")) + 14;
        header->resizeSection(QueueListModel::Name, fm.horizontalAdvance(QStringLiteral("payments.dlq")) + 36);
        for (int c = QueueListModel::Ready; c <= QueueListModel::OutRate; ++c) {
            const QString label = m_model->headerData(c, Qt::Horizontal).toString();
            header->resizeSection(c, std::max(digits, fm.horizontalAdvance(label) + 12));
        }
        header->resizeSection(QueueListModel::Depth, 64);
        header->setMinimumSectionSize(40);
        m_view->setTextElideMode(Qt::ElideMiddle);
        // The link column shows a typical "<- fed by payments" whole; the
        // splitter below gives the list room for every column.
        const QString typicalLink = QueueListModel::tr("← fed by %1").arg(QStringLiteral("payments"));
        header->resizeSection(QueueListModel::DeadLetterLink, fm.horizontalAdvance(typicalLink) + 24);
        // Narrow by default, so the message list gets the room: unacked (in
        // the total), the rates and the consumer count are a right-click on
        // the header away (the sparkline shows the queue moving). The window remembers the choice.
        for (int c : {int(QueueListModel::Unacked), int(QueueListModel::Consumers), int(QueueListModel::InRate),
                 int(QueueListModel::OutRate), int(QueueListModel::Kind), int(QueueListModel::InFlight),
                 int(QueueListModel::Delayed), int(QueueListModel::Visibility)})
            header->setSectionHidden(c, true);
        // The SQS columns, when shown, sit beside the name and the counts.
        header->resizeSection(QueueListModel::Kind, fm.horizontalAdvance(QStringLiteral("SQS FIFO")) + 16);
        for (int c : {int(QueueListModel::InFlight), int(QueueListModel::Delayed), int(QueueListModel::Visibility)}) {
            const QString label = m_model->headerData(c, Qt::Horizontal).toString();
            header->resizeSection(c, std::max(digits, fm.horizontalAdvance(label) + 12));
        }
        header->moveSection(header->visualIndex(QueueListModel::Kind), header->visualIndex(QueueListModel::Ready));
        for (int c : {int(QueueListModel::InFlight), int(QueueListModel::Delayed), int(QueueListModel::Visibility)})
            header->moveSection(header->visualIndex(c), header->visualIndex(QueueListModel::Depth));
        makeColumnsConfigurable(m_view);
        m_preferredWidth
            = header->length() + m_view->verticalScrollBar()->sizeHint().width() + 2 * m_view->frameWidth() + 8;
    }
    layout->addWidget(m_view, 1);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
        [this] { Q_EMIT currentQueueChanged(currentQueue()); });
    // The dead-letter column links a queue to its DLQ (SQS: its redrive
    // target) and a DLQ to the queue feeding it: a click, or Enter on the
    // cell, opens the queue it names.
    const auto follow = [this](const QModelIndex &index) {
        if (index.column() == QueueListModel::DeadLetterLink)
            followLink(index);
    };
    connect(m_view, &QAbstractItemView::clicked, this, follow);
    connect(m_view, &QAbstractItemView::activated, this, follow);
}

QueueListPanel::~QueueListPanel() = default;

void QueueListPanel::updateFromSnapshot(const SnapshotPtr &snapshot)
{
    m_model->updateFromSnapshot(snapshot);
    if (!m_sqsColumnsOffered && m_model->hasSqsQueue()) {
        m_sqsColumnsOffered = true;
        QHeaderView *header = m_view->horizontalHeader();
        for (int c : {int(QueueListModel::Kind), int(QueueListModel::InFlight), int(QueueListModel::Delayed),
                 int(QueueListModel::Visibility)})
            header->setSectionHidden(c, false);
        // SQS names run longer ("shipments-dlq.fifo"): the name column
        // takes what the names listed now need, within reason.
        const int nameWidth
            = std::min(static_cast<QAbstractItemView *>(m_view)->sizeHintForColumn(QueueListModel::Name) + 8, 240);
        if (nameWidth > header->sectionSize(QueueListModel::Name))
            header->resizeSection(QueueListModel::Name, nameWidth);
        m_preferredWidth
            = header->length() + m_view->verticalScrollBar()->sizeHint().width() + 2 * m_view->frameWidth() + 8;
        Q_EMIT preferredWidthChanged(m_preferredWidth);
    }
}

bool QueueListPanel::followLink(const QModelIndex &proxyIndex)
{
    const QString target
        = proxyIndex.siblingAtColumn(QueueListModel::DeadLetterLink).data(QueueListModel::LinkTargetRole).toString();
    if (target.isEmpty())
        return false;
    if (selectQueue(target))
        return true;
    // Filtered out of the list: clear the filter rather than do nothing.
    m_filter->clear();
    return selectQueue(target);
}

bool QueueListPanel::selectQueue(const QString &name)
{
    const int sourceRow = m_model->rowOf(name);
    if (sourceRow < 0)
        return false;
    const QModelIndex proxyIndex = m_proxy->mapFromSource(m_model->index(sourceRow, 0));
    if (!proxyIndex.isValid())
        return false;
    m_view->selectionModel()->setCurrentIndex(
        proxyIndex, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_view->scrollTo(proxyIndex);
    return true;
}

QString QueueListPanel::currentQueue() const
{
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    return rows.isEmpty() ? QString() : rows.first().data(QueueListModel::QueueNameRole).toString();
}

QStringList QueueListPanel::queueNames() const
{
    return m_model->queueNames();
}

void QueueListPanel::focusFilter()
{
    m_filter->setFocus();
    m_filter->selectAll();
}

} // namespace depot::ui
