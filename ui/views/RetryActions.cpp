#include "ui/views/RetryActions.h"

#include "broker/core/BrokerService.h"
#include "ui/client/MessageRow.h"
#include "ui/models/RetrySchedule.h"
#include "ui/views/MessageBrowser.h"
#include "ui/views/MessageInspector.h"
#include "ui/views/QueueListPanel.h"
#include "ui/views/RetryEditorDialog.h"
#include "ui/views/WindowParts.h"

#include <QAction>
#include <QLocale>
#include <QMainWindow>
#include <QTableView>

namespace depot::ui {

RetryActions::RetryActions(QMainWindow *window, const Parts &parts)
    : ActionSet(window)
    , m_service(parts.service)
    , m_client(parts.client)
    , m_queues(parts.queues)
    , m_browser(parts.browser)
{
    const auto add = [this](const char *name, const QString &text, std::function<void()> slot) {
        return addAction(name, {}, text, {}, std::move(slot));
    };
    add("retryNow", tr("Re&try now"), [this] { retryNow(m_browser->selectedIds()); });
    add("giveUp", tr("&Give up (dead-letter now)…"), [this] { giveUp(m_browser->selectedIds()); });
    add("resetAttempts", tr("Reset &attempts"), [this] { resetAttempts(m_browser->selectedIds()); });
    add("retryAllWaiting", tr("Retry all &waiting now"), [this] { retryAllWaiting(); });
    add("editRetrySchedule", tr("Retry &schedule…"), [this] { editSchedule(); });
    action(QStringLiteral("retryNow"))
        ->setToolTip(tr("Deliver the selected waiting messages now; their attempts "
                        "so far still count"));
    action(QStringLiteral("resetAttempts"))
        ->setToolTip(tr("Count the selected messages' deliveries from zero: the retry schedule starts over"));

    for (const char *name : {"retryNow", "giveUp", "resetAttempts"})
        m_browser->view()->addAction(action(QLatin1String(name)));
    for (const char *name : {"editRetrySchedule", "retryAllWaiting"})
        m_queues->view()->addAction(action(QLatin1String(name)));

    MessageInspector *inspector = m_browser->inspector();
    const auto inspected = [inspector] {
        return inspector->message() ? QList<MessageId>{inspector->message()->state.id} : QList<MessageId>();
    };
    connect(inspector, &MessageInspector::retryNowRequested, this, [this, inspected] { retryNow(inspected()); });
    connect(inspector, &MessageInspector::giveUpRequested, this, [this, inspected] { giveUp(inspected()); });
    connect(
        inspector, &MessageInspector::resetAttemptsRequested, this, [this, inspected] { resetAttempts(inspected()); });
    connect(m_browser, &MessageBrowser::stateChanged, this, &RetryActions::update);
    connect(m_client, &BrokerClient::snapshotUpdated, this, &RetryActions::update);
    update();
}

RetryActions::~RetryActions() = default;

QString RetryActions::queueForQueueActions() const
{
    return m_queues->currentQueue();
}

void RetryActions::update()
{
    const bool running = m_service->isRunning();
    const SnapshotPtr snapshot = m_client->snapshot();
    // On messages: what the selection allows. A consumer settles what it holds.
    const QueueRow *shown = snapshot->queue(m_browser->queue());
    bool anyWaiting = false;
    bool anyHere = false;
    bool anyAttempted = false;
    const QList<MessageRow> rows = m_browser->hasSelection() ? m_browser->selectedRows() : QList<MessageRow>();
    for (const MessageRow &row : rows) {
        if (row.unacked)
            continue;
        anyHere = true;
        anyWaiting = anyWaiting || RetrySchedule::isWaiting(row.deliveryCount, row.readyAtMs);
        anyAttempted = anyAttempted || row.deliveryCount > 0;
    }
    // Shown where retries mean something: a queue with a schedule, or a
    // waiting message (its schedule removed meanwhile).
    const bool retrying = (shown && !RetrySchedule::delaysOf(*shown).isEmpty()) || anyWaiting;
    for (const char *name : {"retryNow", "giveUp", "resetAttempts"})
        action(QLatin1String(name))->setVisible(retrying);
    action(QStringLiteral("retryNow"))->setEnabled(running && anyWaiting);
    action(QStringLiteral("giveUp"))->setEnabled(running && anyHere);
    action(QStringLiteral("resetAttempts"))->setEnabled(running && anyAttempted);
    // On the queue selected in the list.
    const QueueRow *listed = snapshot->queue(queueForQueueActions());
    action(QStringLiteral("editRetrySchedule"))->setEnabled(running && listed);
    action(QStringLiteral("retryAllWaiting"))->setEnabled(running && listed && listed->delayed > 0);
}

void RetryActions::retryNow(const QList<MessageId> &ids)
{
    act(BrokerClient::RetryAction::RetryNow, m_browser->queue(), ids);
}

void RetryActions::giveUp(const QList<MessageId> &ids)
{
    const QString queue = m_browser->queue();
    if (ids.isEmpty() || queue.isEmpty())
        return;
    // A dead letter can be replayed; a dropped message is gone: ask first.
    const QueueRow *q = m_client->snapshot()->queue(queue);
    if (q && !q->arguments.contains(QStringLiteral("x-dead-letter-exchange"))
        && !confirm(tr("Give up"),
            tr("%1 has no dead-letter exchange: giving up drops %Ln message(s) for good. Drop them?", nullptr,
                int(ids.size()))
                .arg(queue)))
        return;
    act(BrokerClient::RetryAction::GiveUp, queue, ids);
}

void RetryActions::resetAttempts(const QList<MessageId> &ids)
{
    act(BrokerClient::RetryAction::ResetAttempts, m_browser->queue(), ids);
}

void RetryActions::act(BrokerClient::RetryAction what, const QString &queue, const QList<MessageId> &ids)
{
    if (ids.isEmpty() || queue.isEmpty())
        return;
    m_client->retryMessages(this, queue, what, ids, [this, what, queue](Result<quint64> result) {
        const int n = int(result.value);
        QString done;
        switch (what) {
        case BrokerClient::RetryAction::RetryNow:
            done = tr("%Ln message(s) of %1 delivered again now.", nullptr, n).arg(queue);
            break;
        case BrokerClient::RetryAction::GiveUp:
            done = tr("Gave up on %Ln message(s) of %1.", nullptr, n).arg(queue);
            break;
        case BrokerClient::RetryAction::ResetAttempts:
            done = tr("Attempts of %Ln message(s) of %1 reset.", nullptr, n).arg(queue);
            break;
        }
        if (!result.ok())
            done = n > 0 ? done + QLatin1Char(' ') + tr("Not all: %1").arg(result.error.text) : result.error.text;
        showStatus(done);
        if (m_browser->queue() == queue) {
            if (what == BrokerClient::RetryAction::GiveUp)
                m_browser->reload(); // they left the queue
            else
                m_browser->messagesChanged();
        }
        m_client->refreshNow();
    });
}

void RetryActions::retryAllWaiting()
{
    const QString queue = queueForQueueActions();
    if (queue.isEmpty())
        return;
    m_client->retryAllWaiting(this, queue, [this, queue](Result<quint64> result) {
        if (!result.ok()) {
            showStatus(result.error.text);
            return;
        }
        showStatus(
            tr("%Ln waiting message(s) of %1 delivered again now.", nullptr, int(result.value)).arg(queue), 8000);
        if (m_browser->queue() == queue)
            m_browser->messagesChanged();
        m_client->refreshNow();
    });
}

QString RetryActions::afterLastText(const QueueRow &q)
{
    const QString dlxKey = QStringLiteral("x-dead-letter-exchange");
    if (!q.arguments.contains(dlxKey))
        return tr("it is dropped (the queue has no dead-letter exchange).");
    const QString exchange = q.arguments.value(dlxKey).toString();
    const QString key = q.arguments.value(QStringLiteral("x-dead-letter-routing-key")).toString();
    QString text = tr("it is dead-lettered (x-death reason delivery_limit) to %1")
                       .arg(exchange.isEmpty() ? tr("the default exchange") : tr("exchange %1").arg(exchange));
    if (!key.isEmpty())
        text += tr(" with routing key %1").arg(key);
    if (!q.deadLettersGoTo.isEmpty())
        text += tr(", which routes it to %1").arg(q.deadLettersGoTo.join(QStringLiteral(", ")));
    return text + QLatin1Char('.');
}

RetryEditorDialog *RetryActions::editSchedule()
{
    const QString queue = queueForQueueActions();
    const QueueRow *q = m_client->snapshot()->queue(queue);
    if (!q)
        return nullptr;
    auto *dialog = new RetryEditorDialog(queue, RetrySchedule::delaysOf(*q), afterLastText(*q), m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setSender([this, queue](const QList<qint64> &delays, RetryEditorDialog::Answer answer) {
        const bool posted
            = m_client->setRetryDelays(this, queue, delays, [this, queue, delays, answer](Result<QueueInfo> r) {
                  if (!r.ok()) {
                      answer(r.error.text);
                      return;
                  }
                  answer({});
                  showStatus(delays.isEmpty()
                          ? tr("%1 has no retry delays now.").arg(queue)
                          : tr("Retry schedule of %1: %2.").arg(queue, RetrySchedule::toText(delays)),
                      8000);
                  m_client->refreshNow();
              });
        if (!posted)
            answer(tr("The broker is not running."));
    });
    dialog->setWindowModality(Qt::WindowModal);
    dialog->open();
    return dialog;
}

} // namespace depot::ui
