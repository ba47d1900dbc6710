#include "ui/views/CountDelegate.h"

#include <QApplication>
#include <QPainter>
#include <QStyle>

namespace depot::ui {

namespace {

constexpr int CachedTexts = 4096;

} // namespace

CountDelegate::CountDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
    , m_texts(CachedTexts)
{
}

CountDelegate::~CountDelegate() = default;

void CountDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const QString text = index.data(Qt::DisplayRole).toString();
    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    // What QCommonStyle's item-view text leaves on each side.
    const int margin = style->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, widget) + 1;
    const QRect area = option.rect.adjusted(margin, 0, -margin, 0);
    if (option.font != m_font) {
        m_texts.clear();
        m_font = option.font;
    }
    QStaticText *prepared = text.isEmpty() ? nullptr : m_texts.object(text);
    if (!prepared && !text.isEmpty()) {
        prepared = new QStaticText(text);
        prepared->setTextFormat(Qt::PlainText);
        prepared->prepare(QTransform(), option.font);
        m_texts.insert(text, prepared);
    }
    const QSizeF size = prepared ? prepared->size() : QSizeF();
    if (size.width() > area.width()) {
        QStyledItemDelegate::paint(painter, option, index);   // elided
        return;
    }

    // Background and selection, as the standard delegate draws them.
    style->drawPrimitive(QStyle::PE_PanelItemViewItem, &option, painter, widget);
    if (!prepared)
        return;
    QPalette::ColorGroup group = option.state & QStyle::State_Enabled ? QPalette::Normal : QPalette::Disabled;
    if (group == QPalette::Normal && !(option.state & QStyle::State_Active))
        group = QPalette::Inactive;
    const QVariant foreground = index.data(Qt::ForegroundRole);
    const QColor color = option.state & QStyle::State_Selected ? option.palette.color(group, QPalette::HighlightedText)
        : foreground.canConvert<QColor>()                       ? foreground.value<QColor>()
                                                                : option.palette.color(group, QPalette::Text);
    const QVariant alignment = index.data(Qt::TextAlignmentRole);
    const Qt::Alignment align = alignment.isValid() ? alignment.value<Qt::Alignment>() : option.displayAlignment;
    const qreal x = align & Qt::AlignRight ? area.right() + 1 - size.width()
        : align & Qt::AlignHCenter         ? area.left() + (area.width() - size.width()) / 2
                                           : area.left();
    const qreal y = area.top() + (area.height() - size.height()) / 2;
    painter->save();
    painter->setFont(option.font);
    painter->setPen(color);
    painter->drawStaticText(QPointF(x, y), *prepared);
    painter->restore();
}

} // namespace depot::ui
