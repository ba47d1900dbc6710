#pragma once

// SparklineDelegate: draws a queue's recent depth (QueueListModel's
// DepthHistoryRole) as a small filled line inside its cell.

#include <QStyledItemDelegate>

namespace depot::ui {

class SparklineDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SparklineDelegate)

public:
    explicit SparklineDelegate(int historyRole, QObject *parent = nullptr);
    ~SparklineDelegate() override;

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

private:
    int m_role;
};

} // namespace depot::ui
