#pragma once

// Rows of a tree view whose text wraps at the width its column has now.
// QTreeView sizes rows without knowing column widths (a delegate's size hint
// gets no width), so wrapped text would be cut off or elided: this installs a
// delegate that measures each cell at its column's width, and has the view
// measure its rows again, once per event-loop turn, whenever a column or the
// view changes width or the view is first shown. Used by the inspector's
// dead-letter timeline and by the life-story timeline (HistoryTimeline).

class QTreeView;

namespace depot::ui {

void wrapRowsAtColumnWidth(QTreeView *view);

} // namespace depot::ui
