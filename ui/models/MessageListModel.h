#pragma once

// MessageListModel: the messages of one queue, for the browser.
//
// Windowed: rowCount() is the queue's depth from the latest snapshot, and
// only the pages the view actually asks data() for are fetched, with
// Engine::browse(offset, limit) on the broker thread. A row not loaded yet
// shows a placeholder while its page is on its way; pages are cached (least
// recently used are dropped), so opening a queue of a million messages costs
// one page. When the queue moves, cached pages are marked stale and the
// visible ones are fetched again, old text staying on screen meanwhile.
//
// Filtered: with a text or regex filter the model scans the queue on the
// broker thread in chunks (the broker stays responsive between them),
// reports progress, and lists the matches as they are found.

#include "broker/engine/Engine.h"
#include "ui/client/BrokerSnapshot.h"
#include "ui/client/MessageRow.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QSet>

#include <functional>

class QTimer;

namespace depot::ui {

class BrokerClient;

class MessageListModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MessageListModel)

public:
    enum Column { Position, Enqueued, Size, Deliveries, RoutingKey, ContentType, DeadLetter, Body, ColumnCount };
    enum Role { MessageIdRole = Qt::UserRole + 1, LoadedRole };
    static constexpr int PageSize = 100;
    static constexpr int MaxCachedPages = 64;
    static constexpr int ScanChunk = 5000;
    static constexpr int MaxMatches = 100000;

    explicit MessageListModel(BrokerClient *client, QObject *parent = nullptr);
    ~MessageListModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Shows another queue (or none, with an empty name). depth is its current
    // total; later snapshots keep it up to date.
    void setQueue(const QString &queue, quint64 depth);
    QString queue() const { return m_queue; }
    void setFilter(const MessageFilter &filter);
    MessageFilter filter() const { return m_filter; }
    bool isFiltered() const { return !m_filter.isEmpty(); }
    bool isScanning() const { return m_scanning; }
    void cancelScan();

    void updateFromSnapshot(const SnapshotPtr &snapshot);
    // Marks every cached page stale (F5, or after an action changed the queue).
    void invalidate();

    // The loaded row, or nullptr while its page is on its way.
    const MessageRow *rowAt(int row) const;
    // The row that shows message `id` in the rows loaded since the queue last
    // moved (or among the filter's matches), or -1. The window uses it to keep
    // the selection on the message being inspected while rows shift.
    int loadedRowOf(MessageId id) const;
    // Message ids of rows [first, last] as shown: loaded rows give their id,
    // rows not loaded (or read before the queue moved) give 0. Asks for nothing.
    QList<MessageId> shownIds(int first, int last) const;
    // Rows of the given messages among the rows loaded since the queue last
    // moved (or the filter's matches); messages not among them are left out.
    QList<int> loadedRowsOf(const QSet<MessageId> &ids) const;

    // The clock the waiting messages' countdown reads (tests set a fixed one).
    void setClock(std::function<qint64()> clock) { m_clock = std::move(clock); }
    // The queue's retry schedule (x-retry-delays) as the last snapshot had it.
    const QList<qint64> &retryDelays() const { return m_retryDelays; }

    // Bumps each time the queue moved and the cached pages went stale.
    quint64 generation() const { return m_generation; }

    // For tests and the status line: pages asked of the broker so far, and held now.
    int pagesRequested() const { return m_pagesRequested; }
    int pagesCached() const { return int(m_pages.size()); }

Q_SIGNALS:
    void pageLoaded(int firstRow, int lastRow);
    void scanProgress(quint64 scanned, quint64 total, quint64 matches);
    void scanFinished(quint64 matches, bool truncated);

private:
    struct Page
    {
        QList<MessageRow> rows;
        quint64 generation = 0;   // stale when below m_generation
        quint64 lastUse = 0;
        quint64 depthAtRequest = 0;
    };

    void requestPage(quint64 page) const;
    void receivePage(quint64 page, quint64 generation, quint64 queueToken, quint64 depth, QList<MessageRow> rows);
    void evictPages();
    void resizeTo(quint64 depth);
    void scanNext();

    qint64 now() const;

    BrokerClient *m_client;   // not owned
    QTimer *m_countdown; // repaints the Deliveries column while messages wait
    std::function<qint64()> m_clock;
    QList<qint64> m_retryDelays;
    QString m_queue;
    quint64 m_depth = 0;
    quint64 m_queueToken = 0;   // bumps on every queue or filter change: late answers are dropped
    quint64 m_generation = 1;
    qint64 m_lastInvalidateMs = 0;
    bool m_refreshOwed = false;   // the queue moved since the pages were last marked stale
    QueueRow m_lastSeen;
    bool m_hasLastSeen = false;

    mutable QHash<quint64, Page> m_pages;
    mutable QSet<quint64> m_pending;
    mutable quint64 m_useCounter = 0;
    mutable int m_pagesRequested = 0;

    MessageFilter m_filter;
    QList<MessageRow> m_matches;
    bool m_scanning = false;
    quint64 m_scanned = 0;
    BrowseCursor m_scanCursor; // the filter's walk over the queue
};

} // namespace depot::ui
