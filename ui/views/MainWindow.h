#pragma once

// MainWindow: Depot's window. Queues on the left (live, sortable, filterable,
// dead-letter queues marked and linked to the queues that feed them); on the
// right the message browser with its inspector, exchanges and bindings,
// connections and consumers, throughput charts, and the quick start. Every
// action that destroys something asks first; long ones run on the broker
// thread with a progress bar and Cancel in the status bar.
//
// It reaches the broker only through BrokerClient: the GUI thread never
// waits on the broker or the disk.

#include "broker/engine/Engine.h"
#include "ui/client/BrokerSnapshot.h"

#include <QMainWindow>

class QAction;
class QActionGroup;
class QCheckBox;
class QFrame;
class QLabel;
class QPushButton;
class QLineEdit;
class QProgressBar;
class QSortFilterProxyModel;
class QSplitter;
class QSystemTrayIcon;
class QTabWidget;
class QTableView;
class QToolButton;

namespace depot {
class BrokerService;
}

namespace depot::ui {

class BindingListModel;
class BrokerClient;
class ChannelListModel;
class ChartsView;
class ConsumerListModel;
class MessageInspector;
class MessageListModel;
class PublishDialog;
struct PublishRequest;
class QueueListModel;
class QuickStartPanel;

class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    enum class Scope { Selected, All, MatchingFilter };
    enum Tab { MessagesTab, ExchangesTab, ConnectionsTab, ChartsTab, QuickStartTab };

    explicit MainWindow(BrokerService *service, QWidget *parent = nullptr);
    ~MainWindow() override;

    // Shown in place of the broker state when the broker could not start.
    // When a port was taken the window also offers a free one (see portOffer).
    void showStartError(const QString &error);
    // Starts the built-in demo traffic now, or as soon as the broker runs
    // (for `depot --demo`).
    void runDemo();
    void stopDemo();

    // ---- for tests and screenshots ----
    BrokerClient *client() const { return m_client; }
    QueueListModel *queueModel() const { return m_queueModel; }
    QSortFilterProxyModel *queueProxy() const { return m_queueProxy; }
    QTableView *queueView() const { return m_queueView; }
    MessageListModel *messageModel() const { return m_messageModel; }
    QTableView *messageView() const { return m_messageView; }
    MessageInspector *inspector() const { return m_inspector; }
    ChartsView *charts() const { return m_charts; }
    QuickStartPanel *quickStart() const { return m_quickStart; }
    QTableView *consumerView() const { return m_consumerView; }
    QTableView *channelView() const { return m_channelView; }
    ChannelListModel *channelModel() const { return m_channelModel; }
    QFrame *alarmBanner() const { return m_alarmBanner; }
    QLabel *alarmText() const { return m_alarmText; }
    QLabel *stateLabel() const { return m_stateLabel; }
    QLabel *portsLabel() const { return m_portsLabel; }
    QSplitter *mainSplitter() const { return m_mainSplitter; }
    QSplitter *messageSplitter() const { return m_messageSplitter; }
    // The bar offering another port after a taken one; its button starts the broker there.
    QFrame *portOffer() const { return m_portOffer; }
    QPushButton *portOfferButton() const { return m_portOfferButton; }
    bool demoRunning() const { return m_demoRunning; }
    // What the tray icon's tooltip says for a snapshot (totals, alarms).
    static QString trayToolTip(const BrokerSnapshot &snapshot, bool running);
    QString currentTrayToolTip() const;
    QTabWidget *tabs() const { return m_tabs; }
    QLineEdit *queueFilter() const { return m_queueFilter; }
    QLineEdit *messageFilter() const { return m_messageFilter; }
    QAction *action(const QString &objectName) const;
    bool selectQueue(const QString &name);
    QString currentQueue() const { return m_currentQueue; }
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

protected:
    void closeEvent(QCloseEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void buildActions();
    void buildMenus();
    void buildCentral();
    void buildStatusBar();
    void buildTray();
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
    void onQueueSelectionChanged();
    void onMessageCurrentChanged();
    // The message being inspected keeps its place while the queue moves under
    // it (consumed ahead of it, delivered, requeued): the selection follows it
    // to its new row, and if it has left the queue the inspector says so; the
    // inspector never switches to whichever message now sits in the old row.
    void followInspectedMessage(int first, int last);
    void locateInspectedMessage();
    void moveCurrentMessageRow(int row);
    // The messages the user selected are kept by id, read when the selection
    // is made (rows not loaded then are read from the engine, the bulk actions
    // wait until they are): Replay, Move, Copy and Delete act on those
    // messages, and once the queue has moved the selection's rows follow them.
    void onMessageSelectionChanged();
    void followSelection();
    void forgetSelection();
    void applyMessageFilter();
    void updateActions();
    void updateStatus(const SnapshotPtr &snapshot);
    void updateAlarms(const SnapshotPtr &snapshot);
    void updateDemoAction();
    void onStartFailed(const QString &error);
    void offerPorts(quint16 amqpPort, quint16 httpPort, const QString &what);

    QList<MessageId> selectedMessageIds() const;
    // The connection of the row selected in the Connections tab.
    std::optional<ConnectionSummary> selectedConnection() const;
    void closeSelectedConnection();
    std::optional<QString> chooseTarget(const QString &title, bool offerOriginal);
    bool confirm(const QString &title, const QString &text);
    void startTransfer(const TransferSpec &spec, const QString &verb);
    void onTransferProgress(quint64 id, quint64 done, quint64 total);
    void onTransferFinished(const TransferReport &report);
    static PublishRequest publishRequest(const PublishDialog &dialog);

    BrokerService *m_service;   // not owned; outlives the window
    BrokerClient *m_client = nullptr;
    QString m_currentQueue;
    QString m_startError;
    bool m_demoPending = false;
    bool m_demoRunning = false;
    qint64 m_demoToggledAtMs = 0;   // snapshots older than a second after it do not decide the toggle
    QString m_selectOnArrival;   // a queue to select as soon as it exists (demo)
    QMap<QString, QString> m_alarms;   // shown now

    QueueListModel *m_queueModel = nullptr;
    QSortFilterProxyModel *m_queueProxy = nullptr;
    QTableView *m_queueView = nullptr;
    int m_queueListWidth = 680;   // what the queue list needs for all its columns
    QLineEdit *m_queueFilter = nullptr;
    QLabel *m_queueTitle = nullptr;

    MessageListModel *m_messageModel = nullptr;
    QTableView *m_messageView = nullptr;
    QLineEdit *m_messageFilter = nullptr;
    QCheckBox *m_regex = nullptr;
    QCheckBox *m_caseSensitive = nullptr;
    QProgressBar *m_scanProgress = nullptr;
    QToolButton *m_scanCancel = nullptr;
    QLabel *m_messageCount = nullptr;
    MessageInspector *m_inspector = nullptr;
    MessageId m_inspectedId = 0;
    bool m_followingMessage = false;   // the window, not the user, moves the current row
    QList<MessageId> m_selectionIds;   // what the user selected, in row order
    bool m_selectionResolving = false; // rows of the selection are being read from the engine
    quint64 m_selectionToken = 0;      // late answers for an older selection are dropped
    quint64 m_selectionGeneration = 0; // the message model's generation when it was made

    BindingListModel *m_bindingModel = nullptr;
    SnapshotPtr m_bindingsShown;      // the snapshot m_bindingModel shows
    SnapshotPtr m_connectionsShown;   // ... and m_consumerModel and m_channelModel
    ConsumerListModel *m_consumerModel = nullptr;
    ChartsView *m_charts = nullptr;
    QuickStartPanel *m_quickStart = nullptr;
    QTabWidget *m_tabs = nullptr;
    QSplitter *m_mainSplitter = nullptr;
    QSplitter *m_messageSplitter = nullptr;
    QTableView *m_bindingView = nullptr;
    QTableView *m_consumerView = nullptr;
    ChannelListModel *m_channelModel = nullptr;
    QTableView *m_channelView = nullptr;

    QFrame *m_alarmBanner = nullptr;
    QLabel *m_alarmText = nullptr;
    QFrame *m_portOffer = nullptr;
    QLabel *m_portOfferText = nullptr;
    QPushButton *m_portOfferButton = nullptr;
    quint64 m_portProbeGeneration = 0;

    QLabel *m_stateLabel = nullptr;
    QLabel *m_portsLabel = nullptr;
    QLabel *m_totalsLabel = nullptr;
    QProgressBar *m_transferProgress = nullptr;
    QToolButton *m_transferCancel = nullptr;
    quint64 m_activeTransfer = 0;
    QString m_transferVerb;

    QSystemTrayIcon *m_tray = nullptr;
    QActionGroup *m_themeGroup = nullptr;
    QHash<QString, QAction *> m_actions;

    std::function<std::optional<QString>(const QStringList &)> m_testChooser;
    std::function<bool(const QString &)> m_testConfirm;
};

} // namespace depot::ui
