#include "ui/views/WindowParts.h"

#include <QAction>
#include <QApplication>
#include <QCoreApplication>
#include <QFontMetrics>
#include <QFrame>
#include <QHeaderView>
#include <QIcon>
#include <QInputDialog>
#include <QKeySequence>
#include <QInputMethodEvent>
#include <QLabel>
#include <QLineEdit>
#include <QTextCharFormat>
#include <QLayout>
#include <QMenu>
#include <QStyle>
#include <QTableView>
#include <algorithm>

namespace depot::ui {

QString settingsOrganization()
{
    const QString organization = QCoreApplication::organizationName();
    return organization.isEmpty() ? QCoreApplication::applicationName() : organization;
}

QIcon depotIcon(const char *name)
{
    return QIcon(QStringLiteral(":/depot/ui/icons/%1.svg").arg(QLatin1String(name)));
}

QTableView *makeTable(QWidget *parent)
{
    auto *view = new QTableView(parent);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setAlternatingRowColors(true);
    view->verticalHeader()->hide();
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 8);
    view->horizontalHeader()->setHighlightSections(false);
    view->horizontalHeader()->setStretchLastSection(true);
    view->setWordWrap(false);
    view->setShowGrid(false);
    // Tab leaves the table for the next pane; the arrow keys move within it.
    // (With tab navigation Tab walked the queue list cell by cell, changing
    // the selected queue every nine presses.)
    view->setTabKeyNavigation(false);
    return view;
}

QFrame *makeBanner(QWidget *parent, const char *objectName, const QString &background)
{
    auto *banner = new QFrame(parent);
    banner->setObjectName(QLatin1String(objectName));
    banner->setAutoFillBackground(true);
    banner->setStyleSheet(QStringLiteral("QFrame#%1 { background: %2; border-radius: 4px; }"
                                         "QFrame#%1 QLabel { color: white; }")
                              .arg(QLatin1String(objectName), background));
    banner->hide();
    return banner;
}

QAction *makeAction(QWidget *parent, QObject *context, QHash<QString, QAction *> &registry, const char *name,
                    const QIcon &icon, const QString &text, const QKeySequence &key, std::function<void()> slot)
{
    auto *a = new QAction(icon, text, parent);
    a->setObjectName(QLatin1String(name));
    if (!key.isEmpty())
        a->setShortcut(key);
    QObject::connect(a, &QAction::triggered, context, [slot = std::move(slot)] { slot(); });
    registry.insert(QLatin1String(name), a);
    return a;
}

void makeColumnsConfigurable(QTableView *view)
{
    QHeaderView *header = view->horizontalHeader();
    header->setSectionsMovable(true);
    header->setContextMenuPolicy(Qt::CustomContextMenu);
    QObject::connect(header, &QWidget::customContextMenuRequested, view, [view, header](const QPoint &at) {
        QMenu menu(view);
        QAbstractItemModel *model = view->model();
        int shown = 0;
        for (int c = 0; c < header->count(); ++c)
            shown += header->isSectionHidden(c) ? 0 : 1;
        // In the order the user sees them.
        for (int visual = 0; visual < header->count(); ++visual) {
            const int c = header->logicalIndex(visual);
            QAction *a = menu.addAction(model->headerData(c, Qt::Horizontal).toString());
            a->setCheckable(true);
            a->setChecked(!header->isSectionHidden(c));
            a->setEnabled(header->isSectionHidden(c) || shown > 1); // never hide the last one
            QObject::connect(a, &QAction::toggled, header, [header, c](bool on) {
                header->setSectionHidden(c, !on);
                if (on && header->sectionSize(c) < 40)
                    header->resizeSection(c, 100);
            });
        }
        menu.exec(header->mapToGlobal(at));
    });
}

void fitTitle(QWidget *dialog)
{
    // The title bar's font is the window manager's; a bold title font is
    // about a fifth wider than the application's. Room for the icon and the
    // buttons beside it: ~160 px on the common themes.
    const QFontMetrics metrics(QApplication::font(dialog));
    const int title = metrics.horizontalAdvance(dialog->windowTitle()) * 6 / 5 + 160;
    dialog->setMinimumWidth(std::max(dialog->minimumWidth(), title));
    // A dialog whose layout sets its size (QInputDialog: min and max from
    // the contents) ignores its own minimum: widen the contents instead.
    // (Its layout may not exist yet: margins as the style gives them.)
    if (auto *label = dialog->findChild<QLabel *>(QString(), Qt::FindDirectChildrenOnly)) {
        const QLayout *layout = dialog->layout();
        const int margins = layout ? layout->contentsMargins().left() + layout->contentsMargins().right()
                                   : 2 * dialog->style()->pixelMetric(QStyle::PM_LayoutLeftMargin);
        label->setMinimumWidth(title - margins);
    }
}

QInputDialog *makeTargetDialog(QWidget *parent, const QString &title, const QString &label, const QStringList &items)
{
    auto *dialog = new QInputDialog(parent);
    dialog->setWindowTitle(title);
    dialog->setLabelText(label);
    dialog->setComboBoxItems(items);
    dialog->setComboBoxEditable(false);
    dialog->setOption(QInputDialog::UseListViewForComboBoxItems, items.size() > 8);
    fitTitle(dialog);
    return dialog;
}

namespace {

// The error's line under the query: the query (a window around the position
// when it is long), a caret under the position, and what was expected.
QString caretText(const QString &query, qsizetype position, const QString &message)
{
    constexpr qsizetype Around = 48;
    const qsizetype at = std::clamp<qsizetype>(position - 1, 0, query.size());
    const qsizetype from = std::max<qsizetype>(0, at - Around);
    const qsizetype to = std::min<qsizetype>(query.size(), at + Around);
    const QString shown = (from > 0 ? QStringLiteral("…") : QString()) + query.mid(from, to - from)
        + (to < query.size() ? QStringLiteral("…") : QString());
    const qsizetype column = at - from + (from > 0 ? 1 : 0);
    return shown + QLatin1Char('\n') + QString(column, QLatin1Char(' ')) + QLatin1Char('^') + QLatin1Char('\n')
        + message;
}

} // namespace

void markQueryError(QLineEdit *edit, QLabel *label, qsizetype position, const QString &message)
{
    label->setText(position > 0 ? caretText(edit->text(), position, message) : message);
    label->show();
    if (position <= 0)
        return;
    // The character at the position underlined in the line itself, with the
    // cursor before it (an input method's formatting: the line edit has no
    // other way to mark part of its text).
    const qsizetype at = std::clamp<qsizetype>(position - 1, 0, edit->text().size());
    edit->setCursorPosition(int(at));
    QTextCharFormat format;
    format.setUnderlineStyle(QTextCharFormat::WaveUnderline);
    format.setUnderlineColor(QColor(0xd0, 0x3a, 0x2f));
    const int length = at < edit->text().size() ? int(edit->text().size() - at) : 0;
    QInputMethodEvent event(QString(), {QInputMethodEvent::Attribute(QInputMethodEvent::TextFormat, 0, length, format)});
    QCoreApplication::sendEvent(edit, &event);
    edit->setFocus(Qt::OtherFocusReason);
}

void unmarkQueryError(QLineEdit *edit, QLabel *label)
{
    label->hide();
    label->clear();
    QInputMethodEvent event(QString(), {});
    QCoreApplication::sendEvent(edit, &event);
}

} // namespace depot::ui
