#include "ui/views/SparklineDelegate.h"

#include <QPainter>
#include <QPainterPath>

#include <algorithm>

namespace depot::ui {

SparklineDelegate::SparklineDelegate(int historyRole, QObject *parent)
    : QStyledItemDelegate(parent)
    , m_role(historyRole)
{
}

SparklineDelegate::~SparklineDelegate() = default;

void SparklineDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyledItemDelegate::paint(painter, option, index);   // background and selection
    const QList<double> history = index.data(m_role).value<QList<double>>();
    if (history.size() < 2)
        return;
    const QRectF area = QRectF(option.rect).adjusted(3, 4, -3, -4);
    const auto [minIt, maxIt] = std::minmax_element(history.begin(), history.end());
    // Zero-based unless the queue never came near zero, so a flat-but-full
    // queue does not look empty and small wiggles stay visible.
    const double low = *minIt > 0.5 * *maxIt ? *minIt : 0.0;
    const double span = std::max(1.0, *maxIt - low);
    const double step = area.width() / double(history.size() - 1);

    QPainterPath line;
    for (qsizetype i = 0; i < history.size(); ++i) {
        const QPointF p(area.left() + double(i) * step, area.bottom() - (history.at(i) - low) / span * area.height());
        if (i == 0)
            line.moveTo(p);
        else
            line.lineTo(p);
    }
    QPainterPath fill = line;
    fill.lineTo(area.right(), area.bottom());
    fill.lineTo(area.left(), area.bottom());
    fill.closeSubpath();

    const bool selected = option.state & QStyle::State_Selected;
    QColor color = selected ? option.palette.highlightedText().color() : option.palette.highlight().color();
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    QColor fillColor = color;
    fillColor.setAlpha(50);
    painter->fillPath(fill, fillColor);
    painter->setPen(QPen(color, 1.3));
    painter->drawPath(line);
    painter->restore();
}

QSize SparklineDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    return QSize(110, QStyledItemDelegate::sizeHint(option, index).height());
}

} // namespace depot::ui
