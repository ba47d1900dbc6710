#pragma once

// Small pieces the window's parts share: icons, the look of their tables,
// and the coloured bars across the top of the window.

#include <QHash>
#include <QString>
#include <QStringList>
#include <functional>

class QAction;
class QFrame;
class QIcon;
class QInputDialog;
class QKeySequence;
class QLabel;
class QLineEdit;
class QObject;
class QTableView;
class QWidget;

namespace depot::ui {

// The organisation the window's QSettings are kept under: Depot sets none
// (its data dir is ~/.local/share/Depot), and a QSettings without one writes
// to "Unknown Organization" and reports an access error, so the window's
// settings go to ~/.config/Depot/Depot.conf. Tests set one of their own, kept.
QString settingsOrganization();

// An icon of ui/icons by name ("replay").
QIcon depotIcon(const char *name);
// A table of whole rows, no grid, compact rows, the last column stretched.
QTableView *makeTable(QWidget *parent);
// A coloured bar (alarms, start problems), hidden until shown.
QFrame *makeBanner(QWidget *parent, const char *objectName, const QString &background);
// An action owned by `parent`, named `name` (tests find it by that name),
// kept in `registry`, running `slot` in `context` when triggered.
QAction *makeAction(QWidget *parent, QObject *context, QHash<QString, QAction *> &registry, const char *name,
                    const QIcon &icon, const QString &text, const QKeySequence &key, std::function<void()> slot);

// Lets the user show, hide (the header's context menu) and reorder (drag)
// a table's columns; the window saves the header's state with its layout.
void makeColumnsConfigurable(QTableView *view);

// Gives a small dialog room for its whole title: window managers cut a title
// wider than the window ("Move ... sages"), and a dialog's width follows its
// contents, not its title.
void fitTitle(QWidget *dialog);
// The dialog that asks where to send messages (replay, move, copy): a list to
// choose from, wide enough for its title and the longest name.
QInputDialog *makeTargetDialog(QWidget *parent, const QString &title, const QString &label, const QStringList &items);

// A query's error (docs/query.md) where the user typed it: `label` shows the
// query (a window around the position when it is long) with a caret under
// the position and `message` under it (only the message for position 0), and
// the line edit's text from the position on is underlined, its cursor put
// there and the focus given to it. unmarkQueryError() takes both away.
void markQueryError(QLineEdit *edit, QLabel *label, qsizetype position, const QString &message);
void unmarkQueryError(QLineEdit *edit, QLabel *label);

} // namespace depot::ui
