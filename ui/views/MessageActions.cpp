#include "ui/views/MessageActions.h"

#include "broker/core/BrokerService.h"
#include "ui/Translations.h"
#include "ui/client/BrokerClient.h"
#include "ui/models/MessageListModel.h"
#include "ui/views/BrokerStatus.h"
#include "ui/views/ConnectionsPanel.h"
#include "ui/views/MessageBrowser.h"
#include "ui/views/MessageInspector.h"
#include "ui/views/PublishDialog.h"
#include "ui/views/QueueDialog.h"
#include "ui/views/QueueListPanel.h"
#include "ui/views/UndoBar.h"
#include "ui/views/WindowParts.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDateTime>
#include <QInputDialog>
#include <QLineEdit>
#include <QLocale>
#include <QMainWindow>
#include <QMessageBox>
#include <QPointer>
#include <QSpinBox>
#include <QStatusBar>
#include <QTableView>

namespace depot::ui {

MessageActions::MessageActions(QMainWindow *window, const Parts &parts)
    : ActionSet(window)
    , m_service(parts.service)
    , m_client(parts.client)
    , m_queues(parts.queues)
    , m_browser(parts.browser)
    , m_connections(parts.connections)
    , m_status(parts.status)
    , m_stopDemo(parts.stopDemo)
{
    const auto add = [this](const char *name, const QIcon &ic, const QString &text, const QKeySequence &key,
                         std::function<void()> slot) {
        return addAction(name, ic, text, key, std::move(slot));
    };
    add("publish", depotIcon("publish"), tr("&Publish message…"), QKeySequence(Qt::CTRL | Qt::Key_P),
        [this] { publish(); });
    add("copyBody", {}, tr("&Copy message body"), {}, [this] { m_browser->inspector()->copyBody(); });
    add("saveBody", {}, tr("&Save message body…"), QKeySequence::Save, [this] { m_browser->inspector()->saveBody(); });
    add("replay", depotIcon("replay"), tr("&Replay selected dead letters"), QKeySequence(Qt::CTRL | Qt::Key_R),
        [this] { replay(Scope::Selected); });
    add("replayAll", {}, tr("Replay &all dead letters in this queue…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R),
        [this] { replay(Scope::All); });
    add("replayMatching", {}, tr("Replay dead letters &matching the filter…"), {},
        [this] { replay(Scope::MatchingFilter); });
    add("move", depotIcon("move"), tr("&Move to queue…"), QKeySequence(Qt::CTRL | Qt::Key_M),
        [this] { transfer(TransferSpec::Mode::Move); });
    add("copy", {}, tr("C&opy to queue…"), {}, [this] { transfer(TransferSpec::Mode::Copy); });
    add("delete", depotIcon("delete"), tr("&Delete selected messages…"), QKeySequence::Delete,
        [this] { deleteSelected(); });
    add("purge", depotIcon("purge"), tr("P&urge queue…"), {}, [this] { purgeQueue(); });
    add("deleteQueue", {}, tr("De&lete queue…"), {}, [this] { deleteQueue(); });
    add("createQueue", depotIcon("queue"), tr("Create &queue…"), {}, [this] { createQueue(); });
    add("resend", {}, tr("&Edit and resend…"), QKeySequence(Qt::CTRL | Qt::Key_E), [this] { editAndResend(); });
    add("closeConnection", {}, tr("C&lose connection…"), {}, [this] { closeSelectedConnection(); });
    add("goTo", {}, tr("&Go to message…"), QKeySequence(Qt::CTRL | Qt::Key_G), [this] { goToMessage(); });
    // The message actions act on the browser's table: Delete must not fire
    // while typing in a filter box.
    m_actions.value(QStringLiteral("delete"))->setShortcutContext(Qt::WidgetWithChildrenShortcut);

    // Undo for Delete and Purge: a banner among the window's notifications.
    m_undo = new UndoBar(m_client, m_window);
    m_status->addBanner(m_undo);
    m_window->addAction(m_undo->undoAction());
    m_actions.insert(QStringLiteral("undo"), m_undo->undoAction());
    connect(m_undo, &UndoBar::restored, this, &MessageActions::onRestored);
    connect(m_undo, &UndoBar::failed, this, [this](const QString &text) {
        showStatus(text);
    });

    for (const char *name : {"replay", "move", "copy", "resend", "delete"})
        m_browser->view()->addAction(action(QLatin1String(name)));
    m_connections->consumerView()->setContextMenuPolicy(Qt::ActionsContextMenu);
    // The queue list's context menu: what acts on the queue as a whole.
    add("copyQueueName", {}, tr("Copy queue &name"), {}, [this] {
        if (!m_queues->currentQueue().isEmpty())
            QApplication::clipboard()->setText(m_queues->currentQueue());
    });
    // Stops or resumes delivery from the queue; its text says which it does.
    add("pauseQueue", {}, tr("&Pause delivery"), {}, [this] { togglePause(); });
    connect(m_client, &BrokerClient::snapshotUpdated, this, &MessageActions::updatePauseAction);
    m_queues->view()->setContextMenuPolicy(Qt::ActionsContextMenu);
    for (const char *name : {"createQueue", "replayAll", "purge", "pauseQueue", "deleteQueue", "copyQueueName"})
        m_queues->view()->addAction(action(QLatin1String(name)));
    m_connections->consumerView()->addAction(action(QStringLiteral("closeConnection")));
    connect(m_browser->inspector(), &MessageInspector::replayRequested, this, [this] {
        if (const auto &m = m_browser->inspector()->message()) {
            TransferSpec spec;
            spec.source = m_browser->inspector()->queue();
            spec.ids = {m->state.id};
            startTransfer(spec, tr("Replaying"));
        }
    });
    connect(m_browser->inspector(), &MessageInspector::editAndResendRequested, this, &MessageActions::editAndResend);
    connect(m_browser, &MessageBrowser::stateChanged, this, &MessageActions::update);
    connect(m_connections, &ConnectionsPanel::selectionChanged, this, &MessageActions::update);
    connect(m_status, &BrokerStatus::transferStateChanged, this, &MessageActions::update);
    connect(m_status, &BrokerStatus::transferFinished, this, [this](const TransferReport &report) {
        if (!m_afterTransfer.warning.isEmpty() && report.done > 0) {
            showStatus(
                m_window->statusBar()->currentMessage() + QLatin1Char(' ') + m_afterTransfer.warning, 30000);
        }
        // A replay or move of a selection: the next message takes its place.
        const bool moved = m_afterTransfer.row >= 0 && m_afterTransfer.queue == m_browser->queue();
        if (moved)
            m_browser->selectAfterRemoval(m_afterTransfer.row, report.done);
        else
            m_browser->reload();
        m_afterTransfer = {};
    });
}

MessageActions::~MessageActions() = default;

void MessageActions::update()
{
    const bool running = m_service->isRunning();
    const QString queue = m_browser->queue();
    const bool hasQueue = running && !queue.isEmpty();
    const bool hasSelection = hasQueue && m_browser->hasSelection();
    const bool idle = !m_status->transferRunning();
    const QueueRow *q = m_client->snapshot()->queue(queue);
    const bool isDlq = q && q->isDeadLetterQueue;
    const bool inspecting = m_browser->inspector()->message().has_value();
    const auto enable = [this](const char *name, bool on) { action(QLatin1String(name))->setEnabled(on); };
    enable("publish", running);
    // Replay sends each message back to the queue it died in: only a dead
    // letter has one. Enabled for an ordinary message it ended in "Done: 0 of
    // 1 messages. 1 skipped"; now disabled, and the tooltip says why.
    const bool replayable = hasSelection && (isDlq || m_browser->selectionHasDeadLetter());
    enable("replay", replayable && idle);
    QAction *replay = action(QStringLiteral("replay"));
    replay->setToolTip(!hasSelection ? tr("Select dead letters to replay them to the queues they came from")
            : !replayable            ? tr("The selected messages never died: they have no queue to go back to. "
                                                     "Use Move to send them to another queue.")
            : !idle                  ? tr("Wait for the running transfer to finish")
                                     : tr("Replay the selected dead letters to the queues they came from (%1)")
                          .arg(replay->shortcut().toString(QKeySequence::NativeText)));
    enable("replayAll", hasQueue && idle && isDlq);
    enable("replayMatching", hasQueue && idle && m_browser->model()->isFiltered());
    enable("move", hasQueue && idle);
    enable("copy", hasQueue && idle);
    enable("delete", hasSelection && idle);
    enable("purge", hasQueue && idle);
    enable("deleteQueue", hasQueue && idle);
    enable("createQueue", running);
    enable("resend", hasQueue && inspecting);
    enable("copyBody", inspecting);
    enable("saveBody", inspecting);
    enable("goTo", hasQueue);
    enable("copyQueueName", !m_queues->currentQueue().isEmpty());
    updatePauseAction();
    enable("closeConnection", running && m_connections->selectedConnection().has_value());
}

QStringList MessageActions::exchangeNames() const
{
    QStringList names;
    for (const ExchangeDef &e : m_client->snapshot()->exchanges)
        names.append(e.name);
    names.sort();
    names.removeDuplicates();
    return names;
}

void MessageActions::goToMessage()
{
    if (m_browser->queue().isEmpty())
        return;
    QString where;
    if (m_testGoTo) {
        where = m_testGoTo();
    } else {
        bool ok = false;
        where = QInputDialog::getText(m_window, tr("Go to message"),
            tr("#N for the N-th message listed, or a message id:"), QLineEdit::Normal, QString(), &ok);
        if (!ok)
            return;
    }
    m_browser->goTo(where, [this](const QString &problem) {
        if (!problem.isEmpty())
            showStatus(problem);
    });
}

void MessageActions::setGoToForTests(std::function<QString()> ask)
{
    m_testGoTo = std::move(ask);
}

void MessageActions::closeSelectedConnection()
{
    const std::optional<ConnectionSummary> c = m_connections->selectedConnection();
    if (!c)
        return;
    const QString name = c->info.name.isEmpty() ? c->info.peer : tr("%1 (%2)").arg(c->info.name, c->info.peer);
    if (c->info.protocol == QLatin1String("demo")) {
        if (confirm(tr("Close connection"), tr("Stop the demo traffic (%1)?").arg(name)))
            m_stopDemo();
        return;
    }
    if (!confirm(tr("Close connection"),
            tr("Close the connection %1? The client is told CONNECTION_FORCED (320); its unacknowledged "
               "messages go back to their queues, and it may reconnect.")
                .arg(name)))
        return;
    const ConnectionId id = c->id;
    const QString reason = QStringLiteral("Closed from the Depot window"); // protocol text: not translated
    m_client->closeConnection(this, id, reason, [this, name](bool closed) {
        showStatus(
            closed ? tr("Closed the connection %1.").arg(name) : tr("The connection %1 had already gone.").arg(name),
            5000);
        m_client->refreshNow();
    });
}

void MessageActions::setTargetChooserForTests(std::function<std::optional<QString>(const QStringList &)> chooser)
{
    m_testChooser = std::move(chooser);
}

std::optional<QString> MessageActions::chooseTarget(const QString &title, bool offerOriginal)
{
    QStringList items;
    const QString original = tr("The queue each message came from (its dead-letter history)");
    if (offerOriginal)
        items << original;
    for (const QString &name : m_queues->queueNames()) {
        if (name != m_browser->queue())
            items << name;
    }
    std::optional<QString> choice;
    if (m_testChooser) {
        choice = m_testChooser(items);
    } else {
        QInputDialog *dialog = makeTargetDialog(m_window, title, tr("Send to:"), items);
        const std::unique_ptr<QInputDialog> owner(dialog);
        if (dialog->exec() == QDialog::Accepted)
            choice = dialog->textValue();
    }
    if (choice && offerOriginal && *choice == original)
        return QString(); // the engine's "original queue"
    return choice;
}

void MessageActions::replay(Scope scope)
{
    if (m_browser->queue().isEmpty())
        return;
    TransferSpec spec;
    spec.source = m_browser->queue();
    spec.mode = TransferSpec::Mode::Move;
    const QLocale locale;
    QString what;
    switch (scope) {
    case Scope::Selected:
        spec.ids = m_browser->selectedIds();
        if (spec.ids.isEmpty())
            return;
        what = tr("%Ln selected message(s)", nullptr, int(spec.ids.size()));
        break;
    case Scope::All: {
        const QueueRow *q = m_client->snapshot()->queue(m_browser->queue());
        const quint64 ready = q ? q->ready : 0;
        what = tr("all %1 message(s) in %2", nullptr, pluralCount(ready))
                   .arg(locale.toString(ready), m_browser->queue());
    } break;
    case Scope::MatchingFilter:
        spec.filter = m_browser->model()->filter();
        what = tr("the messages in %1 matching “%2”").arg(m_browser->queue(), spec.filter.text);
        break;
    }
    const std::optional<QString> target = chooseTarget(tr("Replay dead letters"), true);
    if (!target)
        return;
    spec.target = *target;
    if (scope != Scope::Selected) {
        const QString where = target->isEmpty() ? tr("the queues they came from") : *target;
        if (!confirm(tr("Replay dead letters"), tr("Move %1 to %2?").arg(what, where)))
            return;
    }
    const QString warning = scope == Scope::Selected ? replayExpiryWarning(m_browser->selectedRows(), spec.target,
                                *m_client->snapshot(), QDateTime::currentMSecsSinceEpoch())
                                                     : QString();
    startTransfer(spec, tr("Replaying"), warning);
}

void MessageActions::transfer(TransferSpec::Mode mode)
{
    if (m_browser->queue().isEmpty())
        return;
    const bool move = mode == TransferSpec::Mode::Move;
    TransferSpec spec;
    spec.source = m_browser->queue();
    spec.mode = mode;
    spec.ids = m_browser->selectedIds();
    if (spec.ids.isEmpty() && m_browser->model()->isFiltered())
        spec.filter = m_browser->model()->filter();
    const std::optional<QString> target = chooseTarget(move ? tr("Move messages") : tr("Copy messages"), false);
    if (!target || target->isEmpty())
        return;
    spec.target = *target;
    QString what;
    if (!spec.ids.isEmpty())
        what = tr("%Ln selected message(s)", nullptr, int(spec.ids.size()));
    else if (!spec.filter.isEmpty())
        what = tr("the messages matching “%1”").arg(spec.filter.text);
    else
        what = tr("every ready message");
    const QString question = move ? tr("Move %1 from %2 to %3?").arg(what, m_browser->queue(), *target)
                                  : tr("Copy %1 from %2 to %3?").arg(what, m_browser->queue(), *target);
    if (spec.ids.isEmpty() && !confirm(move ? tr("Move messages") : tr("Copy messages"), question))
        return;
    startTransfer(spec, move ? tr("Moving") : tr("Copying"));
}

void MessageActions::startTransfer(const TransferSpec &spec, const QString &verb, const QString &warning)
{
    const bool removesSelection = spec.mode == TransferSpec::Mode::Move && !spec.ids.isEmpty();
    m_afterTransfer = removesSelection ? AfterTransfer{spec.source, m_browser->firstSelectedRow(), warning}
                                       : AfterTransfer{QString(), -1, warning};
    m_status->startTransfer(spec, verb);
}

QString MessageActions::replayExpiryWarning(
    const QList<MessageRow> &rows, const QString &target, const BrokerSnapshot &snapshot, qint64 nowMs)
{
    // Depot gives a replayed message the target's TTL afresh; one older than
    // that TTL was already too slow for it once (the demo's 6 s queue): unless
    // a consumer takes it within the TTL, it is dead-lettered again.
    QMap<QString, std::pair<qint64, int>> short_; // queue -> (ttl, messages older than it)
    qint64 oldest = 0;
    for (const MessageRow &row : rows) {
        const QString queue = target.isEmpty() ? row.originQueue : target;
        const QueueRow *q = queue.isEmpty() ? nullptr : snapshot.queue(queue);
        if (!q || !q->arguments.contains(QStringLiteral("x-message-ttl")))
            continue;
        const qint64 ttl = q->arguments.value(QStringLiteral("x-message-ttl")).toLongLong();
        const qint64 since = row.firstDeathMs > 0 ? row.firstDeathMs : row.enqueuedAtMs;
        const qint64 age = nowMs - since;
        if (since <= 0 || age <= ttl)
            continue;
        auto &entry = short_[queue];
        entry.first = ttl;
        ++entry.second;
        oldest = std::max(oldest, age);
    }
    if (short_.isEmpty())
        return {};
    QStringList parts;
    const QLocale locale;
    for (auto it = short_.cbegin(); it != short_.cend(); ++it) {
        parts << tr("%1 expires messages after %2 s", nullptr, it.value().second)
                     .arg(it.key(), locale.toString(double(it.value().first) / 1000.0, 'g', 3));
    }
    int count = 0;
    for (const auto &entry : short_)
        count += entry.second;
    return tr("Warning: %1, less than the age of %Ln replayed message(s) (up to %2 s): unless consumed in "
              "time they will expire and be dead-lettered again.",
        nullptr, count)
        .arg(parts.join(QStringLiteral("; ")), locale.toString(oldest / 1000));
}

void MessageActions::deleteSelected()
{
    const QList<MessageId> ids = m_browser->selectedIds();
    if (ids.isEmpty() || m_browser->queue().isEmpty())
        return;
    if (!confirm(tr("Delete messages"),
            tr("Delete %Ln message(s) from %1? Undo (%2) brings them back within %3 seconds.", nullptr,
                int(ids.size()))
                .arg(m_browser->queue(), undoShortcut(), QLocale().toString(Engine::AsideHoldMs / 1000))))
        return;
    const QString queue = m_browser->queue();
    const int firstRow = m_browser->firstSelectedRow();
    m_client->setAside(this, queue, ids, [this, ids, queue, firstRow](Result<AsideReport> result) {
        if (!result.ok()) {
            QMessageBox::warning(m_window, tr("Delete messages"), result.error.text);
            return;
        }
        m_undo->offer(UndoBar::Kind::Deleted, result.value);
        if (result.value.count < quint64(ids.size())) {
            showStatus(
                tr("%Ln of the selected messages were unacknowledged or already gone.", nullptr,
                    int(quint64(ids.size()) - result.value.count)),
                8000);
        }
        if (m_browser->queue() == queue)
            m_browser->selectAfterRemoval(firstRow, result.value.count);
        else
            m_browser->reload();
        m_client->refreshNow();
    });
}

QString MessageActions::undoShortcut() const
{
    return m_undo->undoAction()->shortcut().toString(QKeySequence::NativeText);
}

void MessageActions::onRestored(const QString &queue, quint64 count)
{
    showStatus(
        tr("Put %1 message(s) back into %2.", nullptr, pluralCount(count)).arg(QLocale().toString(count), queue),
        8000);
    if (m_browser->queue() == queue)
        m_browser->model()->invalidate();
    m_client->refreshNow();
}

void MessageActions::updatePauseAction()
{
    QAction *pause = action(QStringLiteral("pauseQueue"));
    const QString queue = m_queues->currentQueue();
    const QueueRow *q = queue.isEmpty() ? nullptr : m_client->snapshot()->queue(queue);
    const bool paused = q && q->paused;
    pause->setEnabled(m_service->isRunning() && q);
    pause->setText(paused ? tr("Resume &delivery") : tr("&Pause delivery"));
    pause->setToolTip(paused ? tr("Deliver this queue's messages to its consumers again")
                             : tr("Stop delivering this queue's messages: publishing goes on, consumers stay "
                                  "connected and get nothing until it is resumed"));
}

void MessageActions::togglePause()
{
    const QString queue = m_queues->currentQueue();
    const QueueRow *q = queue.isEmpty() ? nullptr : m_client->snapshot()->queue(queue);
    if (!q)
        return;
    const bool pause = !q->paused;
    m_client->setQueuePaused(this, queue, pause, [this, queue, pause](Result<QueueInfo> result) {
        if (!result.ok()) {
            showStatus(result.error.text);
            return;
        }
        showStatus(pause ? tr("Delivery from %1 paused: publishing goes on, consumers get "
                                                      "nothing until it is resumed.")
                                                       .arg(queue)
                                                 : tr("Delivery from %1 resumed.").arg(queue),
            8000);
        m_client->refreshNow();
    });
}

void MessageActions::purgeQueue()
{
    if (m_browser->queue().isEmpty())
        return;
    const QueueRow *q = m_client->snapshot()->queue(m_browser->queue());
    // However many there are, they stay in the broker (not in the window)
    // until the undo time has passed.
    if (!confirm(tr("Purge queue"),
            tr("Remove all %1 ready message(s) from %2? Undo (%3) brings them back within %4 seconds; after "
               "that they are gone.",
                nullptr, pluralCount(q ? q->ready : 0))
                .arg(QLocale().toString(q ? q->ready : 0), m_browser->queue(), undoShortcut(),
                    QLocale().toString(Engine::AsideHoldMs / 1000))))
        return;
    const QString queue = m_browser->queue();
    m_client->setAsideAll(this, queue, [this](Result<AsideReport> result) {
        if (!result.ok()) {
            QMessageBox::warning(m_window, tr("Purge queue"), result.error.text);
            return;
        }
        m_undo->offer(UndoBar::Kind::Purged, result.value);
        m_browser->model()->invalidate();
        m_client->refreshNow();
    });
}

QueueDialog *MessageActions::createQueue()
{
    auto *dialog = new QueueDialog(m_queues->queueNames(), m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setSender([this](const QueueDef &queue, QueueDialog::Answer answer) {
        const bool posted = m_client->declareQueue(this, queue, [this, name = queue.name, answer](Result<QueueInfo> r) {
            if (!r.ok()) {
                answer(tr("Depot refused: %1").arg(r.error.text));
                return;
            }
            answer(QString());
            showStatus(tr("Created the queue %1.").arg(name));
            m_client->refreshNow();
        });
        if (!posted)
            answer(tr("Depot is not running."));
    });
    dialog->open();
    return dialog;
}

void MessageActions::deleteQueue()
{
    const QString queue = m_browser->queue();
    if (queue.isEmpty())
        return;
    const QueueRow *q = m_client->snapshot()->queue(queue);
    const quint64 total = q ? q->total() : 0;
    QString question = tr("Delete the queue %1 and the %2 message(s) in it? This cannot be undone.", nullptr,
        pluralCount(total))
                           .arg(queue, QLocale().toString(total));
    if (q && !q->fedBy.isEmpty())
        question += QLatin1Char(' ')
            + tr("It is the dead-letter queue of %1: their dead letters will have nowhere to go.")
                  .arg(q->fedBy.join(QStringLiteral(", ")));
    if (q && q->consumers > 0)
        question += QLatin1Char(' ') + tr("Its %Ln consumer(s) will be cancelled.", nullptr, int(q->consumers));
    if (!confirm(tr("Delete queue"), question))
        return;
    m_client->deleteQueue(this, queue, [this, queue](Result<quint64> result) {
        if (!result.ok()) {
            QMessageBox::warning(m_window, tr("Delete queue"), result.error.text);
            return;
        }
        showStatus(
            tr("Deleted the queue %1 with %Ln message(s).", nullptr, int(std::min<quint64>(result.value, INT_MAX)))
                .arg(queue),
            8000);
        m_client->refreshNow();
    });
}

// The dialog sends through the broker's publish gate and stays open when the
// broker refuses (an alarm, the store behind) or fails: the reason shows under
// the form, the draft is kept, and the repeat count is what is left to send.
// It closes once every copy is in (publish answers after the commit).
void MessageActions::sendFromDialog(PublishDialog &dialog, const std::shared_ptr<PublishReply> &total,
                                    MessageId editedFrom)
{
    QPointer<PublishDialog> guard(&dialog);
    dialog.setSender([this, guard, total, editedFrom](PublishDialog::Answer answer) {
        if (!guard)
            return;
        PublishRequest request = publishRequest(*guard);
        request.editedFrom = editedFrom;
        const int count = request.count;
        const bool posted = m_client->publish(guard, request, [guard, total, count, answer](PublishReply reply) {
            total->sent += reply.sent;
            total->warning = reply.warning;
            if (reply.refused.isEmpty() && reply.error.isEmpty()) {
                answer(QString());
                return;
            }
            if (guard && reply.sent > 0)
                guard->repeatBox()->setValue(count - reply.sent);
            const QString why = reply.refused.isEmpty() ? reply.error : tr("Refused: %1").arg(reply.refused);
            answer(reply.sent > 0 ? tr("Sent %Ln message(s), then stopped. ", nullptr, reply.sent) + why : why);
        });
        if (!posted)
            answer(tr("Depot is not running."));
    });
}

void MessageActions::publish()
{
    PublishDialog dialog(exchangeNames(), m_window);
    if (!m_browser->queue().isEmpty()) {
        dialog.exchangeBox()->setCurrentIndex(dialog.exchangeBox()->findData(QString()));
        dialog.routingKeyEdit()->setText(m_browser->queue());
    }
    const auto total = std::make_shared<PublishReply>();
    sendFromDialog(dialog, total);
    const bool sent = dialog.exec() == QDialog::Accepted;
    if (total->sent == 0 && !sent)
        return;
    if (!total->warning.isEmpty())
        QMessageBox::warning(m_window, tr("Publish message"), total->warning);
    showStatus(tr("Published %Ln message(s).", nullptr, total->sent));
    m_browser->model()->invalidate();
    m_client->refreshNow();
}

PublishRequest MessageActions::publishRequest(const PublishDialog &dialog)
{
    PublishRequest request;
    request.exchange = dialog.exchange();
    request.routingKey = dialog.routingKey();
    request.properties = dialog.properties();
    request.body = dialog.body();
    request.count = dialog.repeatCount();
    request.deaths = dialog.deaths();
    return request;
}

void MessageActions::editAndResend()
{
    const std::optional<MessageView> message = m_browser->inspector()->message();
    if (!message)
        return;
    PublishDialog dialog(exchangeNames(), m_window);
    const QString queue = m_browser->inspector()->queue();
    dialog.setMessage(*message->state.content, message->unacked ? QString() : queue);
    const auto total = std::make_shared<PublishReply>();
    // The copies' stories and the original's are linked ("edited from").
    sendFromDialog(dialog, total, message->state.id);
    const bool accepted = dialog.exec() == QDialog::Accepted;
    const QString sent = tr("Sent %Ln message(s).", nullptr, total->sent);
    if (!accepted) {
        // Cancelled, perhaps after part of the copies went out: the original stays.
        if (total->sent > 0) {
            showStatus(sent);
            m_browser->model()->invalidate();
            m_client->refreshNow();
        }
        return;
    }
    // The dialog closed once every copy was published and committed. The
    // original goes only if every copy reached a queue: a failed resend never
    // loses the message. It is removed by id, once, whatever the copies were.
    const bool remove = dialog.removeOriginal();
    const MessageId id = message->state.id;
    if (!total->warning.isEmpty()) {
        QMessageBox::warning(m_window, tr("Edit and resend"),
                             remove ? tr("%1\n\nThe original stays in %2.").arg(total->warning, queue)
                                    : total->warning);
        showStatus(sent);
    } else if (!remove) {
        showStatus(sent);
    } else {
        m_client->deleteMessages(this, queue, {id}, [this, sent, queue](Result<quint64> removed) {
            if (!removed.ok())
                QMessageBox::warning(m_window, tr("Edit and resend"),
                                     tr("%1 The original could not be removed from %2: %3")
                                         .arg(sent, queue, removed.error.text));
            else if (removed.value == 0)
                showStatus(tr("%1 The original had already left %2 (consumed, moved or "
                                                      "expired), so nothing was removed.")
                                                       .arg(sent, queue),
                                                   20000);
            else
                showStatus(tr("%1 Removed the original from %2.").arg(sent, queue));
            m_browser->model()->invalidate();
            m_client->refreshNow();
        });
    }
    m_browser->model()->invalidate();
    m_client->refreshNow();
}

} // namespace depot::ui
