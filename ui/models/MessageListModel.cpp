#include "ui/models/MessageListModel.h"

#include "ui/client/BrokerClient.h"
#include "ui/models/RetrySchedule.h"

#include <QDateTime>
#include <QFont>
#include <QLocale>
#include <QTimer>

#include <algorithm>
#include <limits>

namespace depot::ui {

namespace {

// A queue that keeps moving is re-read at most this often; a still queue never.
constexpr qint64 MinRefreshIntervalMs = 1000;

QString sizeText(quint32 bytes)
{
    return QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeTraditionalFormat);
}

} // namespace

MessageListModel::MessageListModel(BrokerClient *client, QObject *parent)
    : QAbstractTableModel(parent)
    , m_client(client)
    , m_countdown(new QTimer(this))
{
    m_countdown->setInterval(1000);
    connect(m_countdown, &QTimer::timeout, this, [this] {
        if (rowCount() > 0)
            Q_EMIT dataChanged(index(0, Deliveries), index(rowCount() - 1, Deliveries), {Qt::DisplayRole});
    });
}

qint64 MessageListModel::now() const
{
    return m_clock ? m_clock() : QDateTime::currentMSecsSinceEpoch();
}

MessageListModel::~MessageListModel() = default;

int MessageListModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid())
        return 0;
    if (isFiltered())
        return int(m_matches.size());
    // A view cannot show more than INT_MAX rows; a queue that deep is browsed from its head.
    return int(std::min<quint64>(m_depth, quint64(std::numeric_limits<int>::max())));
}

int MessageListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

const MessageRow *MessageListModel::rowAt(int row) const
{
    if (row < 0 || row >= rowCount())
        return nullptr;
    if (isFiltered())
        return &m_matches.at(row);
    const quint64 pageNo = quint64(row) / PageSize;
    auto it = m_pages.find(pageNo);
    if (it == m_pages.end()) {
        requestPage(pageNo);
        return nullptr;
    }
    it->lastUse = ++m_useCounter;
    if (it->generation < m_generation)
        requestPage(pageNo);   // keep showing the old rows until the new ones arrive
    const qsizetype inPage = row % PageSize;
    if (inPage < it->rows.size())
        return &it->rows.at(inPage);
    // Read when the queue was shorter: messages arrived since. (A page that is
    // short although the queue has not grown is not asked for again and again.)
    if (it->depthAtRequest < m_depth)
        requestPage(pageNo);
    return nullptr;
}

int MessageListModel::loadedRowOf(MessageId id) const
{
    if (isFiltered()) {
        for (qsizetype i = 0; i < m_matches.size(); ++i) {
            if (m_matches.at(i).id == id)
                return int(i);
        }
        return -1;
    }
    for (auto it = m_pages.cbegin(); it != m_pages.cend(); ++it) {
        if (it->generation < m_generation)
            continue;   // read before the queue moved: positions may be old
        for (qsizetype i = 0; i < it->rows.size(); ++i) {
            if (it->rows.at(i).id == id) {
                const quint64 row = it.key() * PageSize + quint64(i);
                return row < quint64(rowCount()) ? int(row) : -1;
            }
        }
    }
    return -1;
}

QList<MessageId> MessageListModel::shownIds(int first, int last) const
{
    QList<MessageId> ids;
    first = std::max(first, 0);
    last = std::min(last, rowCount() - 1);
    if (last < first)
        return ids;
    ids.reserve(last - first + 1);
    if (isFiltered()) {
        for (int row = first; row <= last; ++row)
            ids.append(m_matches.at(row).id);
        return ids;
    }
    for (int row = first; row <= last;) {
        const quint64 pageNo = quint64(row) / PageSize;
        const int pageEnd = std::min(last, int((pageNo + 1) * PageSize) - 1);
        const auto it = m_pages.constFind(pageNo);
        const bool usable = it != m_pages.cend() && it->generation >= m_generation;
        for (; row <= pageEnd; ++row) {
            const qsizetype inPage = row % PageSize;
            ids.append(usable && inPage < it->rows.size() ? it->rows.at(inPage).id : MessageId(0));
        }
    }
    return ids;
}

QList<int> MessageListModel::loadedRowsOf(const QSet<MessageId> &ids) const
{
    QList<int> rows;
    if (isFiltered()) {
        for (qsizetype i = 0; i < m_matches.size(); ++i) {
            if (ids.contains(m_matches.at(i).id))
                rows.append(int(i));
        }
        return rows;
    }
    for (auto it = m_pages.cbegin(); it != m_pages.cend(); ++it) {
        if (it->generation < m_generation)
            continue;
        for (qsizetype i = 0; i < it->rows.size(); ++i) {
            const quint64 row = it.key() * PageSize + quint64(i);
            if (row < quint64(rowCount()) && ids.contains(it->rows.at(i).id))
                rows.append(int(row));
        }
    }
    std::sort(rows.begin(), rows.end());
    return rows;
}

QVariant MessageListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const MessageRow *m = rowAt(index.row());
    if (role == LoadedRole)
        return m != nullptr;
    if (!m) {
        if (role != Qt::DisplayRole)
            return {};
        return index.column() == Position ? QVariant(QLocale().toString(index.row() + 1)) : QVariant(QStringLiteral("…"));
    }
    const QLocale locale;
    switch (role) {
    case MessageIdRole:
        return m->id;
    case Qt::DisplayRole:
        switch (index.column()) {
        case Position: return locale.toString(m->position + 1);
        case Enqueued:
            return QDateTime::fromMSecsSinceEpoch(m->enqueuedAtMs).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
        case Size: return sizeText(m->size);
        case Deliveries:
            if (RetrySchedule::isWaiting(m->deliveryCount, m->readyAtMs))
                return RetrySchedule::attemptText(m->deliveryCount, m->readyAtMs, int(m_retryDelays.size()), now());
            if (m->readyAtMs > 0) // delayed: when it is due
                return tr("%1 · due %2")
                    .arg(locale.toString(m->deliveryCount),
                        QDateTime::fromMSecsSinceEpoch(m->readyAtMs).toString(QStringLiteral("HH:mm:ss")));
            return locale.toString(m->deliveryCount);
        case RoutingKey: return m->routingKey;
        case ContentType: return m->contentType;
        case DeadLetter:
            return m->deathReason.isEmpty() ? QString() : tr("%1 in %2").arg(m->deathReason, m->deathQueue);
        case Body: return m->preview;
        }
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == Position || index.column() == Size || index.column() == Deliveries)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::ToolTipRole:
        if (index.column() == Position && m->unacked)
            return tr("Delivered to a consumer, not yet acknowledged");
        if (index.column() == Deliveries && m->readyAtMs > 0)
            return (m->deliveryCount > 0 ? tr("Waiting to be delivered again (x-retry-delays) until %1")
                                         : tr("Delayed until %1"))
                .arg(QDateTime::fromMSecsSinceEpoch(m->readyAtMs).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz")));
        if (index.column() == Deliveries && m->redelivered)
            return tr("Redelivered");
        if (index.column() == Body)
            return m->preview;
        return {};
    case Qt::FontRole:
        if (m->unacked) {
            QFont font;
            font.setItalic(true);
            return font;
        }
        return {};
    default:
        return {};
    }
}

QVariant MessageListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Position: return tr("#");
    case Enqueued: return tr("Enqueued");
    case Size: return tr("Size");
    case Deliveries: return tr("Deliveries");
    case RoutingKey: return tr("Routing key");
    case ContentType: return tr("Content type");
    case DeadLetter: return tr("Dead-lettered");
    case Body: return tr("Body");
    }
    return {};
}

void MessageListModel::setQueue(const QString &queue, quint64 depth)
{
    if (queue == m_queue && !isFiltered())
        return;
    cancelScan();
    beginResetModel();   // a different queue: nothing of the old one is worth keeping
    m_queue = queue;
    m_depth = queue.isEmpty() ? 0 : depth;
    // Its schedule as the latest snapshot has it, before the next one comes.
    const QueueRow *row = queue.isEmpty() ? nullptr : m_client->snapshot()->queue(queue);
    m_retryDelays = row ? RetrySchedule::delaysOf(*row) : QList<qint64>();
    m_filter = {};
    m_matches.clear();
    m_pages.clear();
    m_pending.clear();
    m_hasLastSeen = false;
    // The first page is fetched by the view right away; no need to refetch it
    // on the next snapshot.
    m_lastInvalidateMs = QDateTime::currentMSecsSinceEpoch();
    m_refreshOwed = false;
    ++m_queueToken;
    endResetModel();
}

void MessageListModel::setFilter(const MessageFilter &filter)
{
    cancelScan();
    beginResetModel();
    m_filter = filter;
    m_matches.clear();
    m_pages.clear();
    m_pending.clear();
    ++m_queueToken;
    endResetModel();
    if (!m_filter.isEmpty() && !m_queue.isEmpty()) {
        m_scanning = true;
        m_scanned = 0;
        m_scanCursor = {};
        scanNext();
    }
}

void MessageListModel::cancelScan()
{
    if (!m_scanning)
        return;
    m_scanning = false;
    ++m_queueToken;   // the chunk in flight is dropped on arrival
    Q_EMIT scanFinished(quint64(m_matches.size()), true);
}

void MessageListModel::scanNext()
{
    const quint64 token = m_queueToken;
    const QString queue = m_queue;
    const MessageFilter filter = m_filter;
    const bool posted = m_client->scan(
        this, queue, filter, m_scanCursor, ScanChunk,
        [this, token](ScanResult chunk) {
            if (token != m_queueToken)
                return;
            const qsizetype room = MaxMatches - m_matches.size();
            if (chunk.matches.size() > room)
                chunk.matches.resize(room);
            if (!chunk.matches.isEmpty()) {
                const int first = int(m_matches.size());
                beginInsertRows({}, first, first + int(chunk.matches.size()) - 1);
                m_matches.append(std::move(chunk.matches));
                endInsertRows();
            }
            m_scanCursor = std::move(chunk.cursor);
            m_scanned = m_scanCursor.visited;
            Q_EMIT scanProgress(m_scanned, std::max(chunk.total, m_scanned), quint64(m_matches.size()));
            const bool truncated = m_matches.size() >= MaxMatches;
            if (m_scanCursor.done || truncated) {
                m_scanning = false;
                Q_EMIT scanFinished(quint64(m_matches.size()), truncated);
                return;
            }
            scanNext();
        });
    if (!posted) {
        m_scanning = false;
        Q_EMIT scanFinished(quint64(m_matches.size()), false);
    }
}

void MessageListModel::requestPage(quint64 page) const
{
    if (m_pending.contains(page) || m_queue.isEmpty())
        return;
    m_pending.insert(page);
    ++m_pagesRequested;
    auto *self = const_cast<MessageListModel *>(this);
    const quint64 generation = m_generation;
    const quint64 token = m_queueToken;
    const quint64 depth = m_depth;
    m_client->browse(self, m_queue, page * PageSize, PageSize,
                     [self, page, generation, token, depth](QList<MessageRow> rows) {
                         self->receivePage(page, generation, token, depth, std::move(rows));
                     });
}

void MessageListModel::receivePage(quint64 page, quint64 generation, quint64 queueToken, quint64 depth,
                                   QList<MessageRow> rows)
{
    if (queueToken != m_queueToken)
        return;
    m_pending.remove(page);
    m_pages.insert(page, Page{std::move(rows), generation, ++m_useCounter, depth});
    evictPages();
    const int first = int(page * PageSize);
    const int last = std::min(rowCount(), first + PageSize) - 1;
    if (first <= last) {
        Q_EMIT dataChanged(index(first, 0), index(last, ColumnCount - 1));
        Q_EMIT pageLoaded(first, last);
    }
}

void MessageListModel::evictPages()
{
    while (m_pages.size() > MaxCachedPages) {
        auto oldest = m_pages.begin();
        for (auto it = m_pages.begin(); it != m_pages.end(); ++it) {
            if (it->lastUse < oldest->lastUse)
                oldest = it;
        }
        m_pages.erase(oldest);
    }
}

void MessageListModel::resizeTo(quint64 depth)
{
    const int before = rowCount();
    m_depth = depth;
    const int after = int(std::min<quint64>(depth, quint64(std::numeric_limits<int>::max())));
    if (after == before)
        return;
    // Tell the view what changed by a structural signal, keeping the model
    // consistent with rowCount() at every signal.
    m_depth = quint64(before);
    if (after > before) {
        beginInsertRows({}, before, after - 1);
        m_depth = depth;
        endInsertRows();
    } else {
        beginRemoveRows({}, after, before - 1);
        m_depth = depth;
        endRemoveRows();
    }
}

void MessageListModel::updateFromSnapshot(const SnapshotPtr &snapshot)
{
    if (m_queue.isEmpty())
        return;
    const QueueRow *q = snapshot->queue(m_queue);
    // Waiting messages count down once a second while the queue has delayed ones.
    m_retryDelays = q ? RetrySchedule::delaysOf(*q) : QList<qint64>();
    if (q && q->delayed > 0)
        m_countdown->start();
    else
        m_countdown->stop();
    if (isFiltered())
        return;
    if (!q) {
        resizeTo(0);   // deleted
        return;
    }
    // A waiting message that became ready (its time came, Retry now) moves
    // nothing in the totals, only the delayed count.
    const bool moved = !m_hasLastSeen || q->ready != m_lastSeen.ready || q->unacked != m_lastSeen.unacked
        || q->delayed != m_lastSeen.delayed || q->inRate > 0 || q->outRate > 0;
    m_lastSeen = *q;
    m_hasLastSeen = true;
    resizeTo(q->total());
    // A move seen within the interval is owed, not forgotten: the queue may
    // be still by the next snapshot (a delete from the window, a last get).
    m_refreshOwed = m_refreshOwed || moved;
    if (m_refreshOwed && snapshot->takenAtMs - m_lastInvalidateMs >= MinRefreshIntervalMs) {
        m_lastInvalidateMs = snapshot->takenAtMs;
        m_refreshOwed = false;
        invalidate();
    }
}

void MessageListModel::invalidate()
{
    if (isFiltered()) {
        setFilter(m_filter);   // scan again
        return;
    }
    ++m_generation;
    if (rowCount() > 0)
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

} // namespace depot::ui
