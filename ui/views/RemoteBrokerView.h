#pragma once

// RemoteBrokerView: the window's page for one open remote RabbitMQ. A
// banner when the broker cannot be read (unreachable, credentials refused,
// an untrusted certificate with its fingerprint and "Trust it"), a line with
// the broker's overview, and the same queue list, exchanges, connections
// (with their channels and consumers) and charts views as Depot's own, fed
// from the RemoteBroker's snapshots (the charts from its sampled histories),
// and a Messages tab (RemoteMessagesPanel) for the queue chosen in the list:
// reading, replaying, moving, copying and purging. The broker polls what a
// tab shows only while that tab is shown on a page that is shown.

#include "ui/client/BrokerSnapshot.h"

#include <QWidget>

class QFrame;
class QLabel;
class QPushButton;
class QTabWidget;

namespace depot::ui {

namespace remote {
class RemoteBroker;
}
class ChartsView;
class ConnectionsPanel;
class ExchangesPanel;
class QueueListPanel;
class RemoteMessagesPanel;

class RemoteBrokerView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RemoteBrokerView)

public:
    enum Tab { ExchangesTab, ConnectionsTab, MessagesTab, ChartsTab };

    RemoteBrokerView(remote::RemoteBroker *broker, QWidget *parent = nullptr);
    ~RemoteBrokerView() override;

    remote::RemoteBroker *broker() const { return m_broker; }
    QueueListPanel *queuePanel() const { return m_queues; }
    ExchangesPanel *exchangesPanel() const { return m_exchanges; }
    ConnectionsPanel *connectionsPanel() const { return m_connections; }
    RemoteMessagesPanel *messagesPanel() const { return m_messages; }
    ChartsView *charts() const { return m_charts; }
    QTabWidget *tabs() const { return m_tabs; }
    QFrame *banner() const { return m_banner; }
    QLabel *bannerText() const { return m_bannerText; }
    QLabel *overviewLabel() const { return m_overview; }
    QPushButton *passwordButton() const { return m_passwordButton; }
    QPushButton *trustButton() const { return m_trustButton; }
    QPushButton *retryButton() const { return m_retryButton; }

Q_SIGNALS:
    // The user asked to enter the password again (the banner's button).
    void passwordWanted();

private:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;
    void onSnapshot(const SnapshotPtr &snapshot);
    void onStateChanged();
    void updateWantedViews();

    remote::RemoteBroker *m_broker; // not owned
    QFrame *m_banner = nullptr;
    QLabel *m_bannerText = nullptr;
    QPushButton *m_retryButton = nullptr;
    QPushButton *m_passwordButton = nullptr;
    QPushButton *m_trustButton = nullptr;
    QLabel *m_overview = nullptr;
    QueueListPanel *m_queues = nullptr;
    QTabWidget *m_tabs = nullptr;
    ExchangesPanel *m_exchanges = nullptr;
    ConnectionsPanel *m_connections = nullptr;
    RemoteMessagesPanel *m_messages = nullptr;
    ChartsView *m_charts = nullptr;
};

} // namespace depot::ui
