#pragma once

// Small pieces the window's parts share: icons, the look of their tables,
// and the coloured bars across the top of the window.

#include <QHash>
#include <QString>

#include <functional>

class QAction;
class QFrame;
class QIcon;
class QKeySequence;
class QObject;
class QTableView;
class QWidget;

namespace depot::ui {

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

} // namespace depot::ui
