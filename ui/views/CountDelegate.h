#pragma once

// CountDelegate: draws short text cells that change at every snapshot (the
// queue list's counts and rates) from prepared text layouts (QStaticText),
// kept per distinct text. Qt's item-view text path lays out and shapes every
// cell's text again at every repaint; at 100 busy queues repainted four times
// a second that was most of the window thread's remaining time. Counts
// repeat (rates hover, depths wander in a range), so most texts are cached.
// A text wider than its cell is drawn the standard way, elided.

#include <QCache>
#include <QFont>
#include <QStaticText>
#include <QStyledItemDelegate>

namespace depot::ui {

class CountDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CountDelegate)

public:
    explicit CountDelegate(QObject *parent = nullptr);
    ~CountDelegate() override;

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    // For tests: prepared texts held.
    int cachedTexts() const { return int(m_texts.size()); }

private:
    mutable QCache<QString, QStaticText> m_texts;
    mutable QFont m_font;   // the font m_texts were prepared with
};

} // namespace depot::ui
