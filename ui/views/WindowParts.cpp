#include "ui/views/WindowParts.h"

#include <QAction>
#include <QFrame>
#include <QHeaderView>
#include <QIcon>
#include <QKeySequence>
#include <QTableView>

namespace depot::ui {

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

} // namespace depot::ui
