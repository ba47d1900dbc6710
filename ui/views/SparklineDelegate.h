#pragma once

// SparklineDelegate: draws a queue's recent depth (QueueListModel's
// DepthHistoryRole) as a small filled line inside its cell. The line is
// rendered into a small image pixel by pixel and drawn with one drawImage:
// cheap enough for 100 busy queues repainted four times a second.

#include <QImage>
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

    // The sparkline of `history` (oldest first) in an image of `pixels`
    // device pixels, transparent where nothing is drawn.
    static QImage render(const QList<double> &history, QSize pixels, const QColor &color);

private:
    int m_role;
};

} // namespace depot::ui
