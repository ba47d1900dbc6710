#include "ui/views/WrappedRows.h"

#include <QEvent>
#include <QHeaderView>
#include <QStyledItemDelegate>
#include <QTimer>
#include <QTreeView>

namespace depot::ui {

namespace {

class WrappingDelegate final : public QStyledItemDelegate
{
public:
    explicit WrappingDelegate(QTreeView *view)
        : QStyledItemDelegate(view), m_view(view)
    {
    }

    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        QSize size = QStyledItemDelegate::sizeHint(option, index);
        int width = m_view->header()->sectionSize(index.column());
        if (index.column() == 0) {
            int depth = 0;
            for (QModelIndex p = index.parent(); p.isValid(); p = p.parent())
                ++depth;
            width -= m_view->indentation() * (depth + (m_view->rootIsDecorated() ? 1 : 0));
        }
        if (!index.data(Qt::DecorationRole).isNull())
            width -= option.decorationSize.width() + 4;
        width -= 8;   // the style's text margins
        if (width <= 20)
            return size;
        const QString text = index.data(Qt::DisplayRole).toString();
        const QRect bounds = option.fontMetrics.boundingRect(QRect(0, 0, width, 100000),
                                                             Qt::TextWordWrap | Qt::AlignLeft, text);
        size.setHeight(std::max(size.height(), bounds.height() + 6));
        return size;
    }

private:
    QTreeView *m_view;
};

// Starts the relayout when the view is resized or first shown.
class RelayoutOnResize final : public QObject
{
public:
    RelayoutOnResize(QTimer *relayout) : QObject(relayout), m_relayout(relayout) {}

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Resize || event->type() == QEvent::Show)
            m_relayout->start();
        return QObject::eventFilter(watched, event);
    }

private:
    QTimer *m_relayout;
};

} // namespace

void wrapRowsAtColumnWidth(QTreeView *view)
{
    view->setWordWrap(true);
    view->setUniformRowHeights(false);
    view->setTextElideMode(Qt::ElideNone);
    view->setItemDelegate(new WrappingDelegate(view));
    auto *relayout = new QTimer(view);
    relayout->setSingleShot(true);
    relayout->setInterval(0);
    QObject::connect(relayout, &QTimer::timeout, view, [view] { view->doItemsLayout(); });
    QObject::connect(view->header(), &QHeaderView::sectionResized, relayout, qOverload<>(&QTimer::start));
    QObject::connect(view->header(), &QHeaderView::geometriesChanged, relayout, qOverload<>(&QTimer::start));
    view->viewport()->installEventFilter(new RelayoutOnResize(relayout));
}

} // namespace depot::ui
