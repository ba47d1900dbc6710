#pragma once

// MainWindow: Depot's window, put together from its parts. Queues on the
// left (QueueListPanel); on the right the message browser with its filter,
// selection and inspector (MessageBrowser), exchanges and bindings, Kafka's
// topics with their records (TopicsPanel) and consumer groups (GroupsPanel),
// a query over queues with its results (QueryPanel, QueryActions),
// connections and channels (ConnectionsPanel), throughput charts and the
// quick start; the broker's state, alarms, start problems and running
// transfers (BrokerStatus); the actions on messages, queues and connections
// (MessageActions). The window itself keeps the menus, the tray, the demo
// toggle, the layout it saves, and hands each snapshot to the parts.
//
// It reaches the broker only through BrokerClient: the GUI thread never
// waits on the broker or the disk.

#include "broker/engine/Engine.h"
#include "ui/client/BrokerSnapshot.h"
#include "ui/views/MessageActions.h"

#include <QMainWindow>

class QAction;
class QActionGroup;
class QFocusFrame;
class QFrame;
class QLabel;
class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QSplitter;
class QStackedWidget;
class QSystemTrayIcon;
class QTabWidget;
class QTableView;

namespace depot {
class BrokerService;
}

namespace depot::ui {

class BrokerClient;
class BrokerStatus;
class ChannelListModel;
class ChartsView;
class ConnectionsPanel;
class ExchangesPanel;
class GroupsPanel;
class MessageBrowser;
class MessageDataActions;
class MessageInspector;
class MessageListModel;
class QueryActions;
class QueryPanel;
class QueueListModel;
class QueueListPanel;
class QuickStartPanel;
class RemoteActions;
class RemoteBrokers;
class RetryActions;
class SearchAllDialog;
class HistorySearchDialog;
class TopicsPanel;
class TopologyActions;

class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    using Scope = MessageActions::Scope;
    enum Tab { MessagesTab, ExchangesTab, TopicsTab, GroupsTab, ConnectionsTab, ChartsTab, QuickStartTab, QueryTab };

    explicit MainWindow(BrokerService *service, QWidget *parent = nullptr);
    ~MainWindow() override;

    // Shown in place of the broker state when the broker could not start.
    // When a port was taken the window also offers a free one (see portOffer).
    void showStartError(const QString &error);
    // Starts the built-in demo traffic now, or as soon as the broker runs
    // (for `depot --demo`).
    void runDemo();
    void stopDemo();

    // ---- the parts, for tests and screenshots ----
    BrokerClient *client() const { return m_client; }
    QueueListPanel *queuePanel() const { return m_queues; }
    MessageBrowser *browser() const { return m_browser; }
    ConnectionsPanel *connectionsPanel() const { return m_connections; }
    BrokerStatus *brokerStatus() const { return m_status; }
    MessageActions *messageActions() const { return m_messageActions; }
    RetryActions *retryActions() const { return m_retryActions; }
    MessageDataActions *dataActions() const { return m_dataActions; }
    ExchangesPanel *exchangesPanel() const { return m_exchanges; }
    TopicsPanel *topicsPanel() const { return m_topicsPanel; }
    GroupsPanel *groupsPanel() const { return m_groupsPanel; }
    TopologyActions *topologyActions() const { return m_topologyActions; }
    QueryPanel *queryPanel() const { return m_queryPanel; }
    QueryActions *queryActions() const { return m_queryActions; }
    QueueListModel *queueModel() const;
    QSortFilterProxyModel *queueProxy() const;
    QTableView *queueView() const;
    MessageListModel *messageModel() const;
    QTableView *messageView() const;
    MessageInspector *inspector() const;
    ChartsView *charts() const { return m_charts; }
    QuickStartPanel *quickStart() const { return m_quickStart; }
    QTableView *consumerView() const;
    QTableView *channelView() const;
    ChannelListModel *channelModel() const;
    QFrame *alarmBanner() const;
    QLabel *alarmText() const;
    QLabel *stateLabel() const;
    QLabel *portsLabel() const;
    QSplitter *mainSplitter() const { return m_mainSplitter; }
    QSplitter *messageSplitter() const;
    // The bar offering another port after a taken one; its button starts the broker there.
    QFrame *portOffer() const;
    QPushButton *portOfferButton() const;
    bool demoRunning() const { return m_demoRunning; }
    // What the tray icon's tooltip says for a snapshot (totals, alarms).
    static QString trayToolTip(const BrokerSnapshot &snapshot, bool running);
    QString currentTrayToolTip() const;
    QTabWidget *tabs() const { return m_tabs; }
    // The open remote RabbitMQ brokers and the selector between them.
    RemoteBrokers *remoteBrokers() const;
    RemoteActions *remoteActions() const { return m_remoteActions; }
    QLineEdit *queueFilter() const;
    QLineEdit *messageFilter() const;
    QAction *action(const QString &objectName) const;
    bool selectQueue(const QString &name);
    QString currentQueue() const;
    // Chooses the replay/move target without a dialog (tests); empty = ask.
    void setTargetChooserForTests(std::function<std::optional<QString>(const QStringList &)> chooser);
    void setConfirmForTests(std::function<bool(const QString &)> confirm);

    // Actions (also bound to menu items and shortcuts).
    void replay(Scope scope);
    void transfer(TransferSpec::Mode mode);
    void deleteSelected();
    void purgeQueue();
    void publish();
    void editAndResend();
    void refresh();
    // The panes F6 goes through, in order: the queue list, then the current
    // tab's lists (on Messages: the message list and the inspector).
    QList<QWidget *> panes() const;
    // Moves the keyboard to the next (+1) or previous (-1) pane; returns the
    // widget that has it now.
    QWidget *focusPane(int step);
    QFocusFrame *focusFrame() const { return m_focusFrame; }
    // Ctrl+Shift+F: one search over every queue, matches grouped by queue.
    SearchAllDialog *searchAllQueues();
    // Ctrl+K: the Query tab, with the keyboard in its query line.
    void focusQueryBar();
    // Messages ▸ Find a Gone Message…: the life stories of messages by id,
    // message-id or correlation-id (created on first use).
    HistorySearchDialog *findGoneMessage();

protected:
    void closeEvent(QCloseEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void buildWindowActions();
    void buildMenus();
    void buildCentral();
    void buildTray();
    void buildKeyboard();
    void restoreLayout();
    void saveLayout();

    void onSnapshot(const SnapshotPtr &snapshot);
    // The exchanges and connections tables follow the snapshots only while
    // their tab is shown: with 1,000+ connections the two connections models
    // cost the GUI thread 10-35 ms per snapshot, for a table nobody sees.
    // Showing the tab applies the latest snapshot at once.
    void refreshShownTables();
    void refreshBindings();
    void onBrokerStateChanged();
    void onQueueChanged(const QString &name);
    // Shows message `id` of `queue` on the Messages tab (a search's or a
    // query's result), then opens Edit and resend for it when asked.
    void openMessage(const QString &queue, MessageId id, bool editAndResend);
    void updateActions();
    void updateDemoAction();

    BrokerService *m_service; // not owned; outlives the window
    BrokerClient *m_client = nullptr;
    bool m_demoPending = false;
    bool m_demoRunning = false;
    qint64 m_demoToggledAtMs = 0; // snapshots older than a second after it do not decide the toggle
    QString m_selectOnArrival; // a queue to select as soon as it exists (demo, or the last run's)
    MessageId m_restoreMessage = 0; // ... and the message to open in it (the last run's)

    QueueListPanel *m_queues = nullptr;
    MessageBrowser *m_browser = nullptr;
    ConnectionsPanel *m_connections = nullptr;
    BrokerStatus *m_status = nullptr;
    MessageActions *m_messageActions = nullptr;
    RetryActions *m_retryActions = nullptr;
    MessageDataActions *m_dataActions = nullptr; // copy as, compare, export, import
    TopologyActions *m_topologyActions = nullptr;
    QueryPanel *m_queryPanel = nullptr; // the Query tab: a query over queues and its result
    QueryActions *m_queryActions = nullptr;
    ExchangesPanel *m_exchanges = nullptr;
    SnapshotPtr m_exchangesShown; // the snapshot m_exchanges shows
    TopicsPanel *m_topicsPanel = nullptr;
    GroupsPanel *m_groupsPanel = nullptr;
    ChartsView *m_charts = nullptr;
    QuickStartPanel *m_quickStart = nullptr;
    QTabWidget *m_tabs = nullptr;
    QSplitter *m_mainSplitter = nullptr;
    QStackedWidget *m_stack = nullptr; // This Depot's page, then one per open remote
    RemoteActions *m_remoteActions = nullptr; // the remote brokers and what changes while one is shown

    QSystemTrayIcon *m_tray = nullptr;
    QFocusFrame *m_focusFrame = nullptr; // around the pane with the keyboard
    // Application-wide: ended in the destructor, before ~QWidget deletes the
    // panes and moves the focus while this is no longer a MainWindow.
    QMetaObject::Connection m_focusWatch;
    SearchAllDialog *m_searchAll = nullptr;
    HistorySearchDialog *m_historySearch = nullptr;
    QActionGroup *m_themeGroup = nullptr;
    QHash<QString, QAction *> m_actions; // the window's own; message actions are MessageActions'
};

} // namespace depot::ui
