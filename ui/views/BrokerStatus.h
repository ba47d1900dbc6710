#pragma once

// BrokerStatus: what the window says about the broker itself. The status
// bar (state, listeners, totals), the progress of a running transfer
// (replay, move, copy) with Cancel, the red banner of raised alarms, and
// after a failed start the bar that offers a free port. The widget is the
// banner area across the top of the window; the status bar is the window's.

#include "broker/engine/Engine.h"
#include "ui/client/BrokerSnapshot.h"

#include <QMap>
#include <QWidget>

class QFrame;
class QLabel;
class QProgressBar;
class QPushButton;
class QStatusBar;
class QToolButton;

namespace depot {
class BrokerService;
}

namespace depot::ui {

class BrokerClient;

class BrokerStatus final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BrokerStatus)

public:
    BrokerStatus(BrokerService *service, BrokerClient *client, QStatusBar *statusBar, QWidget *parent = nullptr);
    ~BrokerStatus() override;

    // Shown in place of the broker state when the broker could not start.
    void showStartError(const QString &error);
    // Another banner below the alarms and the port offer (the undo offer).
    void addBanner(QWidget *banner);
    // The broker started, stopped or failed.
    void refresh();
    void updateFromSnapshot(const SnapshotPtr &snapshot);
    // The status bar's words about Depot's broker, hidden while the window
    // shows a remote broker (RemoteActions describes that one there).
    void setStatusBarShown(bool shown);
    const QMap<QString, QString> &alarms() const { return m_alarms; }

    // Runs a transfer with its progress and Cancel in the status bar;
    // `verb` names it there ("Replaying").
    void startTransfer(const TransferSpec &spec, const QString &verb);
    bool transferRunning() const { return m_activeTransfer != 0; }

    QFrame *alarmBanner() const { return m_alarmBanner; }
    QLabel *alarmText() const { return m_alarmText; }
    QLabel *stateLabel() const { return m_stateLabel; }
    QLabel *portsLabel() const { return m_portsLabel; }
    QLabel *totalsLabel() const { return m_totalsLabel; }
    QFrame *portOffer() const { return m_portOffer; }
    QPushButton *portOfferButton() const { return m_portOfferButton; }

Q_SIGNALS:
    // A transfer started or ended: actions that wait for it may change state.
    void transferStateChanged();
    void transferFinished(const depot::TransferReport &report);

private:
    void updateTotals(const SnapshotPtr &snapshot);
    void updateAlarms(const SnapshotPtr &snapshot);
    void onStartFailed(const QString &error);
    void offerPorts(const QMap<QString, quint16> &ports, const QStringList &changed, const QString &what);
    void onTransferProgress(quint64 id, quint64 done, quint64 total);
    void onTransferFinished(const TransferReport &report);

    BrokerService *m_service; // not owned
    BrokerClient *m_client; // not owned
    QStatusBar *m_statusBar; // the window's
    QString m_startError;
    QMap<QString, QString> m_alarms; // shown now

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
};

} // namespace depot::ui
