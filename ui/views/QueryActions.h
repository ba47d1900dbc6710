#pragma once

// QueryActions: what the user does with a query's result in the Query tab:
// replay (to where each message came from, or a queue), move, copy and
// delete. With rows selected they act on those messages by id; with none,
// on "all results", which is the query itself: each queue the query ran over
// gets a transfer with the query as its filter (Engine's query-driven
// transfer), so it takes exactly what matches when it runs, messages that
// arrived since the list was made included. All of them start in one go, so
// each has chosen its messages before any has moved one: a message replayed
// into a queue that comes later is not acted on twice. Delete sets the messages aside
// as the message list's Delete does (Undo brings them back); for all results
// it runs the query afresh and sets aside what it finds. Progress and Cancel
// show in the panel;
// what asks first asks as MessageActions does (everything but a selection's
// replay, move and copy), and the query runs again when it is over. Export
// writes the selected rows by id, or all results by the query (matches past
// the listed ones too): one queue to a file, several to a folder, one file
// per queue (MessageDataActions::exportSeveral).

#include "broker/engine/Engine.h"
#include "ui/views/ActionSet.h"

#include <QHash>
#include <QPointer>
#include <functional>
#include <optional>

class QMainWindow;

namespace depot::ui {

class BrokerClient;
class MessageDataActions;
class QueryPanel;
class UndoBar;

class QueryActions final : public ActionSet
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(QueryActions)

public:
    QueryActions(QMainWindow *window, BrokerClient *client, QueryPanel *panel, UndoBar *undo, MessageDataActions *data);
    ~QueryActions() override;

    // By object name: queryReplay, queryMove, queryCopy, queryDelete, queryExport.
    void update();

    void replay();
    void transfer(TransferSpec::Mode mode);
    void deleteResults();
    // Export… of the selected rows, or of every listed result, to a file in
    // Depot's export format (MessageDataActions::exportFrom); the file holds
    // one queue's messages, so the results must all be in one queue.
    void exportResults();
    bool isWorking() const { return m_working; }

    // Tests choose the replay/move/copy target without a dialog.
    void setTargetChooserForTests(std::function<std::optional<QString>(const QStringList &)> chooser)
    {
        m_testChooser = std::move(chooser);
    }

private:
    // Empty string: each message's original queue (offered for replay only).
    std::optional<QString> chooseTarget(const QString &title, bool offerOriginal);
    // The selection's transfers, one per queue, or the query's over `sources`.
    QList<TransferSpec> specs(TransferSpec::Mode mode, const QString &target) const;
    QString scopeText() const;
    void runTransfers(const QString &verb, const QList<TransferSpec> &specs);
    void cancelTransfers();
    void finishTransfers();
    void onTransferProgress(quint64 id, quint64 done, quint64 total);
    void onTransferFinished(const TransferReport &report);
    void setAsideAll(QHash<QString, QList<MessageId>> byQueue);
    void finish(const QString &summary);

    QPointer<BrokerClient> m_client; // the window's, which may go first when it closes
    QueryPanel *m_panel;
    UndoBar *m_undo;
    MessageDataActions *m_data;
    std::function<std::optional<QString>(const QStringList &)> m_testChooser;

    // The work under way: transfers (all started at once), or a delete.
    bool m_working = false;
    bool m_cancelled = false;
    QString m_verb;
    qsizetype m_unanswered = 0; // transfers whose start has not been answered yet
    QHash<quint64, std::pair<quint64, quint64>> m_running; // transfer id -> (done, total)
    quint64 m_done = 0;
    quint64 m_skipped = 0;
    QStringList m_errors;
    QHash<quint64, TransferReport> m_early; // finished before their start was answered
    quint64 m_deleteQuery = 0; // the fresh query a delete of all results runs
    QHash<QString, QList<MessageId>> m_toDelete;
};

} // namespace depot::ui
