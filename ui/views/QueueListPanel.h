#pragma once

// QueueListPanel: the queues on the left of the window. Live counts, rates
// and depth sparklines, sortable, filtered by name, dead-letter queues marked
// and linked to the queues that feed them. Picking a row picks the queue the
// rest of the window shows.

#include "ui/client/BrokerSnapshot.h"

#include <QWidget>

class QLineEdit;
class QSortFilterProxyModel;
class QTableView;

namespace depot::ui {

class QueueListModel;

class QueueListPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(QueueListPanel)

public:
    explicit QueueListPanel(QWidget *parent = nullptr);
    ~QueueListPanel() override;

    void updateFromSnapshot(const SnapshotPtr &snapshot);
    // Selects a queue by name; false when it is not listed (unknown, filtered out).
    bool selectQueue(const QString &name);
    QString currentQueue() const;
    QStringList queueNames() const;
    // The width the list needs to show all its columns.
    int preferredWidth() const { return m_preferredWidth; }
    void focusFilter();
    // Opens the queue a row's dead-letter link names (its DLQ, or the queue
    // feeding it); false when the row links nowhere or the queue is not listed.
    bool followLink(const QModelIndex &proxyIndex);
    // The SQS columns (kind, in flight, delayed, visibility) show themselves
    // once when the first SQS queue is listed; remembered with the layout so
    // a user who hid them again keeps them hidden.
    bool sqsColumnsOffered() const { return m_sqsColumnsOffered; }
    void setSqsColumnsOffered(bool offered) { m_sqsColumnsOffered = offered; }

    QueueListModel *model() const { return m_model; }
    QSortFilterProxyModel *proxy() const { return m_proxy; }
    QTableView *view() const { return m_view; }
    QLineEdit *filterEdit() const { return m_filter; }

Q_SIGNALS:
    void currentQueueChanged(const QString &name);
    // The SQS columns appeared: the list needs this much room to show them.
    void preferredWidthChanged(int width);

private:
    QueueListModel *m_model = nullptr;
    QSortFilterProxyModel *m_proxy = nullptr;
    QTableView *m_view = nullptr;
    QLineEdit *m_filter = nullptr;
    int m_preferredWidth = 680;
    bool m_sqsColumnsOffered = false;
};

} // namespace depot::ui
