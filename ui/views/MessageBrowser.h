#pragma once

// MessageBrowser: the Messages tab. One queue's messages in a windowed list,
// the filter that scans them on the broker thread (progress and Stop), the
// selection kept as message ids, and the inspector of the current message.
// It reads through BrokerClient and never waits on the broker; the actions
// that change messages (replay, move, delete...) live in MessageActions and
// ask it what is selected.

#include "broker/engine/Engine.h"
#include "ui/client/BrokerSnapshot.h"
#include "ui/client/MessageRow.h"

#include <QHash>
#include <QWidget>
#include <functional>

class QCheckBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QSplitter;
class QTableView;
class QToolButton;

namespace depot::ui {

class BrokerClient;
class MessageInspector;
class MessageListModel;

class MessageBrowser final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MessageBrowser)

public:
    explicit MessageBrowser(BrokerClient *client, QWidget *parent = nullptr);
    ~MessageBrowser() override;

    // Shows another queue (empty: none): the filter, selection and inspector start afresh.
    void setQueue(const QString &name);
    QString queue() const { return m_queue; }
    // Title, count and the list's rows follow the broker.
    void updateFromSnapshot(const SnapshotPtr &snapshot);
    // An action changed the queue: forget the selection and read the rows again.
    void reload();
    // An action changed messages in place (retried, attempts reset): the
    // rows and the inspected message are read again, the selection kept.
    void messagesChanged();
    // After `removed` messages left the queue from a selection whose first
    // row was `row` (delete, replay, move): the message now in that row (the
    // next one), or the new last one, becomes the current and selected row,
    // so Del and Ctrl+R go on working from the keyboard.
    void selectAfterRemoval(int row, quint64 removed);
    // The first selected row, -1 for none.
    int firstSelectedRow() const;

    // The messages the user selected, in row order; empty while rows of the
    // selection that were never shown are still being read.
    QList<MessageId> selectedIds() const;
    bool hasSelection() const { return !m_selectionResolving && !m_selectionIds.isEmpty(); }
    // Whether any selected message shown so far has a dead-letter history,
    // so somewhere to be replayed to.
    bool selectionHasDeadLetter() const;
    // The selected rows loaded so far (for what an action will meet).
    QList<MessageRow> selectedRows() const;
    // Ctrl+F goes to the message filter when the browser is in use.
    bool isInUse() const;
    void focusFilter();
    // Selects and inspects message `id` of the current queue wherever it is
    // now (asked of the broker, never waited for): the window restores the
    // message the user had open when Depot last closed.
    void selectMessage(MessageId id);
    // Jumps to "#N" (the N-th row as listed) or "N" (Depot's message id, as
    // the inspector shows it). `answer` gets what went wrong, or an empty
    // string once the row is selected.
    void goTo(const QString &where, std::function<void(const QString &problem)> answer);
    // The message the inspector shows, 0 for none.
    MessageId inspectedId() const { return m_inspectedId; }

    MessageListModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    MessageInspector *inspector() const { return m_inspector; }
    QLineEdit *filterEdit() const { return m_filter; }
    QCheckBox *waitingRetryFilter() const { return m_waitingRetry; }
    QSplitter *splitter() const { return m_splitter; }
    QProgressBar *scanProgressBar() const { return m_scanProgress; }
    QToolButton *scanStopButton() const { return m_scanCancel; }
    QLabel *countLabel() const { return m_count; }

    // At least this wide, the inspector sits beside the list (the list keeps
    // the window's height: 20+ rows at 1280x800); narrower, below it.
    static constexpr int InspectorBesideMinWidth = 760;

Q_SIGNALS:
    // The selection, the inspected message or the filter changed: actions
    // that depend on them may change state.
    void stateChanged();

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void onCurrentChanged();
    // The message being inspected keeps its place while the queue moves under
    // it (consumed ahead of it, delivered, requeued): the selection follows it
    // to its new row, and if it has left the queue the inspector says so; the
    // inspector never switches to whichever message now sits in the old row.
    void followInspectedMessage(int first, int last);
    void locateInspectedMessage();
    void rereadInspectedMessage();   // the inspected message, shown again as it is now
    void moveCurrentRow(int row);
    // The messages the user selected are kept by id, read when the selection
    // is made (rows not loaded then are read from the engine, the bulk actions
    // wait until they are): Replay, Move, Copy and Delete act on those
    // messages, and once the queue has moved the selection's rows follow them.
    void onSelectionChanged();
    void followSelection();
    void forgetSelection();
    void applyFilter();

    BrokerClient *m_client; // not owned
    QString m_queue;
    QHash<QString, MessageFilter> m_filters; // each queue's filter, kept while the user looks elsewhere
    QLabel *m_title = nullptr;
    QLabel *m_count = nullptr;
    QLineEdit *m_filter = nullptr;
    QCheckBox *m_regex = nullptr;
    QCheckBox *m_caseSensitive = nullptr;
    QCheckBox *m_waitingRetry = nullptr;
    QProgressBar *m_scanProgress = nullptr;
    QToolButton *m_scanCancel = nullptr;
    QSplitter *m_splitter = nullptr;
    MessageListModel *m_model = nullptr;
    QTableView *m_view = nullptr;
    MessageInspector *m_inspector = nullptr;

    MessageId m_inspectedId = 0;
    int m_pendingRow = -1; // selected once its page is read again (after a removal)
    bool m_followingMessage = false; // the browser, not the user, moves the current row
    bool m_rereading = false;        // a re-read of the inspected message is under way
    QList<MessageId> m_selectionIds; // what the user selected, in row order
    bool m_selectionResolving = false; // rows of the selection are being read from the engine
    quint64 m_selectionToken = 0; // late answers for an older selection are dropped
    quint64 m_selectionGeneration = 0; // the message model's generation when it was made
};

} // namespace depot::ui
