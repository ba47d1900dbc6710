#pragma once

// MessageActions: what the user can do to messages, queues and connections
// from the window: publish, edit and resend, replay, move, copy, delete,
// purge, close a connection, copy and save a body. It owns those QActions
// (their shortcuts, enabled state and menus' entries) and carries them out
// through BrokerClient's typed requests: every action that destroys
// something asks first, long ones run as transfers in BrokerStatus.

#include "ui/views/ActionSet.h"
#include "broker/engine/Engine.h"

#include <QHash>
#include <QObject>
#include <functional>
#include <memory>
#include <optional>

class QAction;
class QMainWindow;

namespace depot {
class BrokerService;
}

namespace depot::ui {

class QueueDialog;
class UndoBar;

class BrokerClient;
struct BrokerSnapshot;
struct MessageRow;
class BrokerStatus;
class ConnectionsPanel;
class MessageBrowser;
class PublishDialog;
class QueueListPanel;
struct PublishReply;
struct PublishRequest;

class MessageActions final : public ActionSet
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MessageActions)

public:
    enum class Scope { Selected, All, MatchingFilter };

    // The parts of the window the actions read and act through; none owned.
    struct Parts
    {
        BrokerService *service = nullptr;
        BrokerClient *client = nullptr;
        QueueListPanel *queues = nullptr;
        MessageBrowser *browser = nullptr;
        ConnectionsPanel *connections = nullptr;
        BrokerStatus *status = nullptr;
        std::function<void()> stopDemo; // closing the demo's connection stops the demo
    };

    MessageActions(QMainWindow *window, const Parts &parts);
    ~MessageActions() override;

    // By object name: publish, replay, replayAll, replayMatching, move, copy,
    // delete, purge, undo, pauseQueue, resend, copyBody, saveBody, closeConnection.
    const QHash<QString, QAction *> &actions() const { return m_actions; }
    // Enables what makes sense for the queue, selection and transfer now.
    void update();

    void replay(Scope scope);
    void transfer(TransferSpec::Mode mode);
    // Both set the messages aside: the undo bar offers them back for a while.
    void deleteSelected();
    void purgeQueue();
    UndoBar *undoBar() const { return m_undo; }
    // Pauses the queue selected in the list, or resumes it when paused.
    void togglePause();
    void deleteQueue(); // the queue the list has selected, after asking
    // Opens the create-queue dialog (window-modal, not blocking: the answer
    // comes back from the broker thread); returns it for tests.
    QueueDialog *createQueue();
    void publish();
    void editAndResend();
    void closeSelectedConnection();
    // Ctrl+G: jump to "#N" or a message id in the current queue.
    void goToMessage();
    void setGoToForTests(std::function<QString()> ask);

    // For a replay of `rows` to `target` (empty: each one's original queue):
    // a warning when a target queue's TTL is shorter than the messages' age,
    // so they will expire there again unless consumed in time; else empty.
    static QString replayExpiryWarning(
        const QList<MessageRow> &rows, const QString &target, const BrokerSnapshot &snapshot, qint64 nowMs);

    // Tests choose the replay/move target and answer questions without dialogs.
    void setTargetChooserForTests(std::function<std::optional<QString>(const QStringList &)> chooser);

private:
    std::optional<QString> chooseTarget(const QString &title, bool offerOriginal);
    QStringList exchangeNames() const;
    void updatePauseAction();
    QString undoShortcut() const;
    void onRestored(const QString &queue, quint64 count);
    static PublishRequest publishRequest(const PublishDialog &dialog);
    // `editedFrom`: edit and resend of that message (PublishRequest::editedFrom).
    void sendFromDialog(PublishDialog &dialog, const std::shared_ptr<PublishReply> &total, MessageId editedFrom = 0);

    BrokerService *m_service;
    BrokerClient *m_client;
    QueueListPanel *m_queues;
    MessageBrowser *m_browser;
    ConnectionsPanel *m_connections;
    BrokerStatus *m_status;
    std::function<void()> m_stopDemo;
    UndoBar *m_undo = nullptr;
    // Where the selection was when a replay or move of it started: the row
    // the next message is selected in once it is done.
    struct AfterTransfer
    {
        QString queue;
        int row = -1;
        QString warning; // added to the summary (a replay into a TTL shorter than the messages' age)
    };
    AfterTransfer m_afterTransfer;
    void startTransfer(const TransferSpec &spec, const QString &verb, const QString &warning = {});
    std::function<std::optional<QString>(const QStringList &)> m_testChooser;
    std::function<QString()> m_testGoTo;
};

} // namespace depot::ui
