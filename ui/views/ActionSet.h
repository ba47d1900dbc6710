#pragma once

// ActionSet: what the window's action holders (MessageActions,
// MessageDataActions, RetryActions, TopologyActions) share: their actions by
// object name, the window they act in, questions that tests can answer, and
// the status bar's short reports.

#include <QHash>
#include <QObject>
#include <functional>

class QAction;
class QIcon;
class QKeySequence;
class QMainWindow;

namespace depot::ui {

class ActionSet : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ActionSet)

public:
    // By object name (each holder's header lists its names).
    QAction *action(const QString &objectName) const { return m_actions.value(objectName); }

    // Tests answer the questions (the text asked) without a dialog.
    void setConfirmForTests(std::function<bool(const QString &)> confirm) { m_testConfirm = std::move(confirm); }

protected:
    explicit ActionSet(QMainWindow *window);
    ~ActionSet() override;

    // An action of the window, registered under `name`, running `slot`.
    QAction *addAction(const char *name, const QIcon &icon, const QString &text, const QKeySequence &key,
        std::function<void()> slot);
    // An action made elsewhere (an undo action, a menu), registered by its object name.
    void registerAction(QAction *action);
    // Yes or Cancel, Cancel first.
    bool confirm(const QString &title, const QString &text);
    void showStatus(const QString &text, int milliseconds = 8000);

    QMainWindow *m_window;
    QHash<QString, QAction *> m_actions;

private:
    std::function<bool(const QString &)> m_testConfirm;
};

} // namespace depot::ui
