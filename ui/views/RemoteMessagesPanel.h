#pragma once

// RemoteMessagesPanel: the Messages tab of a remote broker's page. It reads
// the messages of the queue chosen in the page's queue list and shows them
// in the same MessageInspector as Depot's own (properties, headers, the
// x-death timeline, JSON and hex views), and replays, moves, copies and
// purges them.
//
// Honest about side effects: a classic queue can only be read by taking its
// messages, so Depot uses the management API's get with ack_requeue_true and
// asks first, saying that this requeues them and sets their redelivered
// flag. A stream (x-queue-type=stream) is read from an offset over AMQP,
// which changes nothing. Replay (to where their x-death says they came from,
// a chosen queue, or an exchange with a routing key), move and copy run over
// AMQP on a worker thread (RemoteMessageJobs / RemoteTransfer: in
// transactions to a queue, with publisher confirms to an exchange), with
// progress, Cancel and a summary; purge asks first.

#include "ui/remote/RemoteMessage.h"
#include "ui/remote/RemoteTransfer.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QMessageBox;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTreeWidget;

namespace depot::ui {

namespace remote {
class RemoteBroker;
class RemoteMessageJobs;
}
class MessageInspector;

class RemoteMessagesPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RemoteMessagesPanel)

public:
    enum Column { Position, RoutingKey, Redelivered, DeadLetter, Body, ColumnCount };
    // The entries of targetKindCombo(): where replayed, moved or copied messages go.
    enum TargetKind { ToOrigin, ToQueue, ToExchange };

    explicit RemoteMessagesPanel(remote::RemoteBroker *broker, QWidget *parent = nullptr);
    ~RemoteMessagesPanel() override;

    void setQueue(const QString &queue);
    QString queue() const { return m_queue; }
    bool isStream() const;

    // Reads messages: a stream at once; a classic queue after the question.
    void read();
    void replaySelected();
    // Every message (that matches the filter, when one is typed).
    void replayAll();
    void moveAll();
    void copyAll();
    void purge();

    const QList<remote::RemoteMessage> &messages() const { return m_messages; }
    remote::RemoteMessageJobs *jobs() const { return m_jobs; }
    // The question open now (reading a classic queue, purging), or null.
    QMessageBox *question() const { return m_question; }
    const std::optional<remote::TransferSummary> &lastSummary() const { return m_lastSummary; }

    QTreeWidget *list() const { return m_list; }
    MessageInspector *inspector() const { return m_inspector; }
    QPushButton *readButton() const { return m_read; }
    QSpinBox *countBox() const { return m_count; }
    QSpinBox *offsetBox() const { return m_offset; }
    QLineEdit *filterEdit() const { return m_filter; }
    QComboBox *targetKindCombo() const { return m_targetKind; }
    QComboBox *targetCombo() const { return m_target; } // the queue's or exchange's name
    QLineEdit *routingKeyEdit() const { return m_routingKey; }
    QPushButton *cancelButton() const { return m_cancel; }
    QProgressBar *progressBar() const { return m_progress; }
    QLabel *statusLabel() const { return m_status; }

Q_SIGNALS:
    // A read, transfer or purge finished (tests, the queue list's refresh).
    void readFinished();
    void transferFinished();
    void purged();

private:
    void ask(const QString &objectName, const QString &text, const QString &yes, std::function<void()> then);
    void getClassic();
    void showMessages(const QList<remote::RemoteMessage> &messages);
    void showCurrent();
    void startTransfer(remote::TransferJob job, const QString &what);
    void onProgress(quint64 examined, quint64 done, quint64 total);
    void onTransferFinished(const remote::TransferSummary &summary);
    // Why `job` (queue targets, Auto) should use confirms: a possible target
    // queue of `vhost` refuses publishes when full. Empty when none does.
    QString refusingTargetOf(const remote::TransferJob &job, const QString &vhost) const;
    void updateButtons();
    QString chosenTarget() const; // the queue or exchange; empty: where they died
    void fillTargets();
    QString queuePath(const QString &suffix) const;

    remote::RemoteBroker *m_broker; // not owned
    remote::RemoteMessageJobs *m_jobs = nullptr;
    QString m_queue;
    QString m_transferWhat; // what the running transfer does, for its summary
    QList<remote::RemoteMessage> m_messages;
    std::optional<remote::TransferSummary> m_lastSummary;
    QMessageBox *m_question = nullptr;
    bool m_reading = false;

    QLabel *m_title = nullptr;
    QPushButton *m_read = nullptr;
    QSpinBox *m_count = nullptr;
    QLabel *m_offsetLabel = nullptr;
    QSpinBox *m_offset = nullptr;
    QLineEdit *m_filter = nullptr;
    QComboBox *m_targetKind = nullptr;
    QComboBox *m_target = nullptr;
    QLineEdit *m_routingKey = nullptr;
    QPushButton *m_replaySelected = nullptr;
    QPushButton *m_replayAll = nullptr;
    QPushButton *m_move = nullptr;
    QPushButton *m_copy = nullptr;
    QPushButton *m_purge = nullptr;
    QPushButton *m_cancel = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_status = nullptr;
    QTreeWidget *m_list = nullptr;
    MessageInspector *m_inspector = nullptr;
};

} // namespace depot::ui
