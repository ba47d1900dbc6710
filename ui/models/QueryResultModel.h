#pragma once

// QueryResultModel: what a query from the query bar found, across queues, in
// the order the scan found it (queue by queue, each in delivery order). Rows
// are appended as the broker thread streams matches in (begin/endInsertRows,
// never a reset while a query runs, so the selection and scroll stay put);
// the columns are the message list's, with the queue and Depot's message id
// (what Go to takes) in front of the body instead of the row number. Past
// MaxResults the model stops listing; the panel says how many it left out.

#include "ui/client/BrokerClient.h"

#include <QAbstractTableModel>

namespace depot::ui {

class QueryResultModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(QueryResultModel)

public:
    enum Column { Queue, Id, Body, DeadLetter, Deliveries, Size, Enqueued, RoutingKey, ColumnCount };
    enum Role { MessageIdRole = Qt::UserRole + 1, QueueRole };
    static constexpr int MaxResults = 10000;

    explicit QueryResultModel(QObject *parent = nullptr);
    ~QueryResultModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void clear();
    // Appends up to MaxResults in all; returns how many it left out.
    qsizetype append(const QList<BrokerClient::QueryResult> &results);
    const BrokerClient::QueryResult &resultAt(int row) const { return m_results.at(row); }
    const QList<BrokerClient::QueryResult> &results() const { return m_results; }

private:
    QList<BrokerClient::QueryResult> m_results;
};

} // namespace depot::ui
