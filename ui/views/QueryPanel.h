#pragma once

// QueryPanel: the Query tab. One line for a query (docs/query.md) and where
// it runs (the queue selected in the list, queues matching a pattern, or all
// queues); the query is checked before anything runs, and an error is shown
// under the line with a caret at its position and what was expected there.
// A valid query runs on the broker thread (BrokerClient::startQuery): its
// progress (messages looked at of those there were) and Cancel show while it
// runs, and the matches are listed as the slices find them, with their queue;
// the inspector shows the selected one. What the user does with the result
// (replay, move, copy, delete) lives in QueryActions, which asks this panel
// for the query and the selection. Queries can be kept under a name
// (SavedQueries) and picked again from the Saved menu.

#include "broker/engine/Engine.h"
#include "ui/client/BrokerClient.h"
#include "ui/views/QueryRun.h"
#include "ui/views/SavedQueries.h"

#include <QPointer>
#include <QWidget>
#include <functional>

class QComboBox;
class QLabel;
class QLineEdit;
class QMenu;
class QProgressBar;
class QPushButton;
class QSplitter;
class QTableView;
class QToolButton;

namespace depot::ui {

class MessageInspector;
class QueryResultModel;

class QueryPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(QueryPanel)

public:
    enum class Scope { ThisQueue, Matching, AllQueues };

    explicit QueryPanel(BrokerClient *client, QWidget *parent = nullptr);
    ~QueryPanel() override;

    // The queue selected in the queue list: where "This queue" runs.
    void setCurrentQueue(const QString &queue);
    void setScope(Scope scope, const QString &pattern = {});
    Scope scope() const;

    // Checks the query in the bar and runs it in place of the one before.
    // False, with the error shown and nothing run, when it is invalid or
    // has nowhere to run.
    bool run();
    void cancel();
    // Cancels the running query (not the work on its results); the window
    // does when it closes.
    void stopQuery();
    bool isRunning() const { return m_queryRun.running(); }
    // The engine's id of the query running, 0 before the engine answered.
    quint64 runningQueryId() const { return m_queryRun.id(); }
    // Ctrl+K: the keyboard goes to the query line, its text selected.
    void focusQuery();

    // ---- what QueryActions acts on ----
    // The query and queues the results come from (what "all results" means).
    const QuerySpec &resultSpec() const { return m_spec; }
    bool hasResults() const;
    // Matches found but not listed (past QueryResultModel::MaxResults).
    qsizetype leftOut() const { return m_leftOut; }
    // The queues the results' scope picks now, among those that exist and
    // that the query does not rule out by name.
    QStringList scopeQueues() const;
    QList<BrokerClient::QueryResult> selectedResults() const;
    // An action's own work on the result, in the progress line, with Cancel
    // when `cancel` is given (none: the work cannot be stopped, Run waits).
    void showWork(const QString &text, quint64 done, quint64 total, std::function<void()> cancel);
    // The action is over: the query is run again, so the list shows what
    // matches now.
    void endWork();

    // ---- saved queries ----
    // Keeps the bar's query (text and scope) under `name`.
    void saveQuery(const QString &name);
    // Puts a saved query in the bar and runs it.
    void openSaved(const SavedQuery &query);
    // Tests answer the name questions (Save as, Rename) without a dialog.
    void setNameAskerForTests(std::function<QString(const QString &current)> ask) { m_testName = std::move(ask); }

    // ---- for tests and screenshots ----
    QLineEdit *queryEdit() const { return m_edit; }
    QComboBox *scopeBox() const { return m_scope; }
    QLineEdit *patternEdit() const { return m_pattern; }
    QPushButton *runButton() const { return m_run; }
    QPushButton *cancelButton() const { return m_cancel; }
    QToolButton *savedButton() const { return m_saved; }
    QMenu *savedMenu() const { return m_savedMenu; }
    QProgressBar *progressBar() const { return m_progress; }
    QLabel *statusLabel() const { return m_status; }
    QLabel *errorLabel() const { return m_error; }
    // Where the shown error points (1-based), 0 when none is shown.
    qsizetype errorPosition() const { return m_errorPosition; }
    QueryResultModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    MessageInspector *inspector() const { return m_inspector; }
    QWidget *actionBar() const { return m_actionBar; }

Q_SIGNALS:
    // The results or their selection changed: the actions may change state.
    void stateChanged();
    // A query ended (done or cancelled).
    void finished(const depot::QueryProgress &progress);
    // A result was activated (double-click, Enter), or its Edit and resend
    // was asked for in the inspector: the Messages tab is the place for it.
    void openMessage(const QString &queue, depot::MessageId id, bool editAndResend);

private:
    // Runs a checked query in place of the one before (run(), endWork()).
    bool start(const QuerySpec &spec);
    void showError(qsizetype position, const QString &message);
    void clearError();
    void onMatched(quint64 id, const QList<BrokerClient::QueryResult> &results);
    void onProgress(const QueryProgress &progress);
    void onFinished(const QueryProgress &progress);
    void showProgress(const QueryProgress &progress);
    void inspectCurrent();
    void updateScope();
    void updateButtons();
    void fillSavedMenu();
    void manageSaved();
    QString askName(const QString &title, const QString &current);

    // Not owned; the window's, which may go first when the window closes.
    QPointer<BrokerClient> m_client;
    QString m_currentQueue;
    QLineEdit *m_edit = nullptr;
    QComboBox *m_scope = nullptr;
    QLineEdit *m_pattern = nullptr;
    QPushButton *m_run = nullptr;
    QPushButton *m_cancel = nullptr;
    QToolButton *m_saved = nullptr;
    QMenu *m_savedMenu = nullptr;
    QLabel *m_error = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_status = nullptr;
    QSplitter *m_splitter = nullptr;
    QueryResultModel *m_model = nullptr;
    QTableView *m_view = nullptr;
    MessageInspector *m_inspector = nullptr;
    QWidget *m_actionBar = nullptr;

    QuerySpec m_spec; // of the results shown
    QueryRun m_queryRun; // the query running, and its id once the engine answered
    qsizetype m_leftOut = 0; // matches past QueryResultModel::MaxResults
    qsizetype m_errorPosition = 0;
    quint64 m_inspectToken = 0;
    bool m_working = false; // an action works on the result
    std::function<void()> m_cancelWork; // how to stop it, when it can be stopped
    std::function<QString(const QString &)> m_testName;
};

} // namespace depot::ui
