#pragma once

// RetryActions: the window's retry controls (x-retry-delays). On messages
// (the message list's context menu, the Messages menu and the inspector's
// buttons): Retry now, Give up (dead-letter now), Reset attempts; on a
// queue (the queue list's context menu, the Messages menu): Retry all
// waiting now and the retry schedule editor. Everything goes through
// BrokerClient's typed requests; the GUI thread never waits.

#include "ui/views/ActionSet.h"
#include "broker/engine/Engine.h"
#include "ui/client/BrokerClient.h"

#include <QHash>
#include <QObject>
#include <functional>

class QAction;
class QMainWindow;

namespace depot {
class BrokerService;
}

namespace depot::ui {

struct QueueRow;
class MessageBrowser;
class QueueListPanel;
class RetryEditorDialog;

class RetryActions final : public ActionSet
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RetryActions)

public:
    struct Parts
    {
        BrokerService *service = nullptr;
        BrokerClient *client = nullptr;
        QueueListPanel *queues = nullptr;
        MessageBrowser *browser = nullptr;
    };

    RetryActions(QMainWindow *window, const Parts &parts);
    ~RetryActions() override;

    // By object name: retryNow, giveUp, resetAttempts (the selected
    // messages), retryAllWaiting, editRetrySchedule (the queue selected in
    // the queue list).
    const QHash<QString, QAction *> &actions() const { return m_actions; }
    // Enables and shows what makes sense for the queue and selection now.
    void update();

    void retryNow(const QList<MessageId> &ids);
    void giveUp(const QList<MessageId> &ids);
    void resetAttempts(const QList<MessageId> &ids);
    void retryAllWaiting();
    // Opens the retry editor for the queue selected in the list
    // (window-modal, not blocking); returns it for tests.
    RetryEditorDialog *editSchedule();

    // What happens to a message of `queue` once its attempts are used up.
    static QString afterLastText(const QueueRow &queue);

    // Tests answer questions without dialogs.

private:
    void act(BrokerClient::RetryAction action, const QString &queue, const QList<MessageId> &ids);
    QString queueForQueueActions() const;

    BrokerService *m_service;
    BrokerClient *m_client;
    QueueListPanel *m_queues;
    MessageBrowser *m_browser;
};

} // namespace depot::ui
