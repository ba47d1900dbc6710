#pragma once

// RemoteBrokers: the window's open remote RabbitMQ brokers. It owns the
// broker selector ("This Depot" and each open remote), a page per remote in
// the window's stack (RemoteBrokerView), the Connect to RabbitMQ… dialog,
// the saved profiles (RemoteProfileStore) and their passwords
// (PasswordVault). Several remotes can be open at once; each polls only
// while it is open, and each page polls the views it shows.

#include "ui/remote/RemoteProfile.h"

#include <QObject>
#include <QPointer>

class QComboBox;
class QSettings;
class QStackedWidget;

namespace depot::ui {

namespace remote {
class RemoteBroker;
}
class ConnectRemoteDialog;
class RemoteBrokerView;

class RemoteBrokers final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RemoteBrokers)

public:
    // `stack` holds the local broker's page at index 0.
    RemoteBrokers(QStackedWidget *stack, QWidget *window);
    ~RemoteBrokers() override;

    QComboBox *selector() const { return m_selector; }
    // Opens the connect dialog (non-modal); returns it for tests.
    ConnectRemoteDialog *showConnectDialog();
    // Opens a remote broker with this profile and password and shows it.
    RemoteBrokerView *open(const remote::RemoteProfile &profile, const QString &password);
    // Closes the remote shown now (if one is).
    void closeCurrent();
    // The remote page shown now, or null for This Depot.
    RemoteBrokerView *current() const;
    QList<RemoteBrokerView *> views() const { return m_views; }
    // The settings profiles go to (tests hand in their own); null: the application's.
    void setSettings(QSettings *settings) { m_store = remote::RemoteProfileStore(settings); }
    remote::RemoteProfileStore &store() { return m_store; }

Q_SIGNALS:
    // The selector moved: `remote` is null for This Depot.
    void currentChanged(depot::ui::RemoteBrokerView *remote);

private:
    void onDialogAccepted(ConnectRemoteDialog *dialog);
    void askPassword(RemoteBrokerView *view);
    void select(int index);

    QStackedWidget *m_stack; // the window's
    QWidget *m_window;
    QComboBox *m_selector = nullptr;
    QList<RemoteBrokerView *> m_views; // page i+1 of the stack, entry i+1 of the selector
    remote::RemoteProfileStore m_store;
    QPointer<ConnectRemoteDialog> m_dialog;
};

} // namespace depot::ui
