#pragma once

// Small pieces the window's parts share: icons, the look of their tables,
// and the coloured bars across the top of the window.

#include <QString>

class QFrame;
class QIcon;
class QTableView;
class QWidget;

namespace depot::ui {

// An icon of ui/icons by name ("replay").
QIcon depotIcon(const char *name);
// A table of whole rows, no grid, compact rows, the last column stretched.
QTableView *makeTable(QWidget *parent);
// A coloured bar (alarms, start problems), hidden until shown.
QFrame *makeBanner(QWidget *parent, const char *objectName, const QString &background);

} // namespace depot::ui
