#pragma once

// RemoteActions: the window's wiring for remote RabbitMQ brokers. It holds
// the open remotes (RemoteBrokers: the selector, their pages, the connect
// dialog), the File menu's "Connect to RabbitMQ…" and "Close remote broker",
// and what changes while a remote's page is shown: the actions that act on
// Depot's own broker are off (and come back as they were), the title names
// the remote, and the status bar describes the remote broker (its name,
// where it is, reachable or not and why, its totals) instead of Depot's.

#include "ui/views/ActionSet.h"

#include <QList>
#include <QMetaObject>

class QLabel;
class QMenu;
class QToolBar;
class QStackedWidget;

namespace depot::ui {

class BrokerStatus;
class RemoteBrokerView;
class RemoteBrokers;

class RemoteActions final : public ActionSet
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RemoteActions)

public:
    // Actions: connectRemote, closeRemote. `localShownAgain` runs when This
    // Depot is shown again, after the local actions got their state back.
    RemoteActions(QMainWindow *window, QStackedWidget *stack, BrokerStatus *localStatus,
        std::function<void()> localShownAgain);
    ~RemoteActions() override;

    RemoteBrokers *brokers() const { return m_remotes; }
    bool remoteShown() const { return m_shown != nullptr; }
    // The status bar's words for the remote shown (hidden for This Depot).
    QLabel *statusLabel() const { return m_statusLabel; }
    // Everything that acts on Depot's own broker, off while a remote is
    // shown: the entries of `menus` and the toolbar's actions, but for this
    // holder's own and `keep`, and `more` besides.
    void setLocalActions(const QList<QMenu *> &menus, QToolBar *toolbar, const QList<QAction *> &keep,
        const QList<QAction *> &more);

private:
    void onShown(RemoteBrokerView *remote);
    void describe();

    RemoteBrokers *m_remotes = nullptr;
    BrokerStatus *m_localStatus; // not owned
    std::function<void()> m_localShownAgain;
    RemoteBrokerView *m_shown = nullptr;
    QMetaObject::Connection m_stateConnection;
    QMetaObject::Connection m_snapshotConnection;
    QList<QAction *> m_localActions;
    QHash<QAction *, bool> m_savedEnabled; // the local actions' state when a remote was shown
    QLabel *m_statusLabel = nullptr;
};

} // namespace depot::ui
