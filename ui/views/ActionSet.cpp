#include "ui/views/ActionSet.h"

#include "ui/views/WindowParts.h"

#include <QAction>
#include <QIcon>
#include <QKeySequence>
#include <QMainWindow>
#include <QMessageBox>
#include <QStatusBar>

namespace depot::ui {

ActionSet::ActionSet(QMainWindow *window)
    : QObject(window)
    , m_window(window)
{
}

ActionSet::~ActionSet() = default;

QAction *ActionSet::addAction(const char *name, const QIcon &icon, const QString &text, const QKeySequence &key,
    std::function<void()> slot)
{
    return makeAction(m_window, this, m_actions, name, icon, text, key, std::move(slot));
}

void ActionSet::registerAction(QAction *action)
{
    m_actions.insert(action->objectName(), action);
}

bool ActionSet::confirm(const QString &title, const QString &text)
{
    if (m_testConfirm)
        return m_testConfirm(text);
    return QMessageBox::question(m_window, title, text, QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel)
        == QMessageBox::Yes;
}

void ActionSet::showStatus(const QString &text, int milliseconds)
{
    m_window->statusBar()->showMessage(text, milliseconds);
}

} // namespace depot::ui
