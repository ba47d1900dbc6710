#include "ui/views/QueryActions.h"

#include "ui/Translations.h"
#include "ui/client/BrokerClient.h"
#include "ui/models/QueryResultModel.h"
#include "ui/views/MessageDataActions.h"
#include "ui/views/MessageInspector.h"
#include "ui/views/QueryPanel.h"
#include "ui/views/UndoBar.h"
#include "ui/views/WindowParts.h"

#include <QAction>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QKeySequence>
#include <QLocale>
#include <QMainWindow>
#include <QMap>
#include <QSet>
#include <QTableView>
#include <QToolButton>

namespace depot::ui {

QueryActions::QueryActions(
    QMainWindow *window, BrokerClient *client, QueryPanel *panel, UndoBar *undo, MessageDataActions *data)
    : ActionSet(window)
    , m_client(client)
    , m_panel(panel)
    , m_undo(undo)
    , m_data(data)
{
    addAction("queryReplay", depotIcon("replay"), tr("&Replay results…"), {}, [this] { replay(); });
    addAction("queryMove", depotIcon("move"), tr("&Move results…"), {}, [this] { transfer(TransferSpec::Mode::Move); });
    addAction("queryCopy", depotIcon("copy"), tr("&Copy results…"), {}, [this] { transfer(TransferSpec::Mode::Copy); });
    addAction(
        "queryDelete", depotIcon("delete"), tr("&Delete results…"), QKeySequence::Delete, [this] { deleteResults(); });
    addAction("queryExport", {}, tr("&Export results…"), {}, [this] { exportResults(); });
    // Delete acts on the result list, never while typing a query.
    action(QStringLiteral("queryDelete"))->setShortcutContext(Qt::WidgetShortcut);
    auto *bar = qobject_cast<QHBoxLayout *>(m_panel->actionBar()->layout());
    for (const char *name : {"queryReplay", "queryMove", "queryCopy", "queryDelete", "queryExport"}) {
        QAction *a = action(QLatin1String(name));
        auto *button = new QToolButton(m_panel->actionBar());
        button->setDefaultAction(a);
        button->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
        button->setAutoRaise(true);
        bar->addWidget(button);
        m_panel->view()->addAction(a);
    }
    bar->addStretch(1);
    connect(m_panel, &QueryPanel::stateChanged, this, &QueryActions::update);
    // The inspector's Replay: that one message, back where it came from.
    connect(m_panel->inspector(), &MessageInspector::replayRequested, this, [this] {
        if (m_working || !m_panel->inspector()->message())
            return;
        TransferSpec spec;
        spec.source = m_panel->inspector()->queue();
        spec.ids = {m_panel->inspector()->message()->state.id};
        runTransfers(tr("Replaying"), {spec});
    });
    connect(m_client, &BrokerClient::transferProgress, this, &QueryActions::onTransferProgress);
    connect(m_client, &BrokerClient::transferFinished, this, &QueryActions::onTransferFinished);
    connect(m_client, &BrokerClient::queryMatched, this,
        [this](quint64 id, const QList<BrokerClient::QueryResult> &results) {
            if (id != m_deleteQuery || id == 0)
                return;
            for (const BrokerClient::QueryResult &result : results)
                m_toDelete[result.queue].append(result.row.id);
        });
    connect(m_client, &BrokerClient::queryProgress, this, [this](const QueryProgress &progress) {
        if (progress.id == m_deleteQuery && m_deleteQuery != 0)
            m_panel->showWork(
                tr("Finding what matches now: %1 of %2 messages looked at")
                    .arg(QLocale().toString(progress.scanned), QLocale().toString(progress.messagesTotal)),
                progress.scanned, progress.messagesTotal, [this] { m_client->cancelQuery(m_deleteQuery); });
    });
    connect(m_client, &BrokerClient::queryFinished, this, [this](const QueryProgress &progress) {
        if (progress.id != m_deleteQuery || m_deleteQuery == 0)
            return;
        m_deleteQuery = 0;
        if (progress.cancelled) {
            m_toDelete.clear();
            finish(tr("Cancelled: nothing was deleted."));
            return;
        }
        setAsideAll(std::exchange(m_toDelete, {}));
    });
    update();
}

QueryActions::~QueryActions()
{
    if (m_deleteQuery != 0 && m_client)
        m_client->cancelQuery(m_deleteQuery);
}

void QueryActions::update()
{
    const bool can = !m_working && m_panel->hasResults() && !m_panel->isRunning();
    for (QAction *a : std::as_const(m_actions))
        a->setEnabled(can);
    const bool selected = !m_panel->selectedResults().isEmpty();
    action(QStringLiteral("queryReplay"))->setText(selected ? tr("&Replay selected…") : tr("&Replay all results…"));
    action(QStringLiteral("queryMove"))->setText(selected ? tr("&Move selected…") : tr("&Move all results…"));
    action(QStringLiteral("queryCopy"))->setText(selected ? tr("&Copy selected…") : tr("&Copy all results…"));
    action(QStringLiteral("queryDelete"))->setText(selected ? tr("&Delete selected…") : tr("&Delete all results…"));
    action(QStringLiteral("queryExport"))->setText(selected ? tr("&Export selected…") : tr("&Export results…"));
}

std::optional<QString> QueryActions::chooseTarget(const QString &title, bool offerOriginal)
{
    QStringList items;
    const QString original = tr("The queue each message came from (its dead-letter history)");
    if (offerOriginal)
        items << original;
    for (const QueueRow &q : m_client->snapshot()->queues)
        items << q.name;
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
        return QString();
    return choice;
}

QString QueryActions::scopeText() const
{
    const QStringList queues = m_panel->resultSpec().queues;
    return queues.isEmpty() ? tr("every queue") : queues.join(QStringLiteral(", "));
}

QList<TransferSpec> QueryActions::specs(TransferSpec::Mode mode, const QString &target) const
{
    QList<TransferSpec> list;
    const QList<BrokerClient::QueryResult> selected = m_panel->selectedResults();
    if (!selected.isEmpty()) {
        QMap<QString, QList<MessageId>> byQueue;
        for (const BrokerClient::QueryResult &result : selected)
            byQueue[result.queue].append(result.row.id);
        for (auto it = byQueue.cbegin(); it != byQueue.cend(); ++it) {
            if (it.key() == target)
                continue; // already there
            TransferSpec spec;
            spec.source = it.key();
            spec.target = target;
            spec.mode = mode;
            spec.ids = it.value();
            list.append(spec);
        }
        return list;
    }
    for (const QString &queue : m_panel->scopeQueues()) {
        if (queue == target)
            continue;
        TransferSpec spec;
        spec.source = queue;
        spec.target = target;
        spec.mode = mode;
        spec.filter.query = m_panel->resultSpec().query;
        list.append(spec);
    }
    return list;
}

void QueryActions::replay()
{
    if (m_working || !m_panel->hasResults())
        return;
    const bool selected = !m_panel->selectedResults().isEmpty();
    const std::optional<QString> target = chooseTarget(tr("Replay messages"), true);
    if (!target)
        return;
    const QString where = target->isEmpty() ? tr("the queues they came from") : *target;
    if (!selected
        && !confirm(tr("Replay messages"),
            tr("Replay the messages matching “%1” in %2 to %3?")
                .arg(m_panel->resultSpec().query.text(), scopeText(), where)))
        return;
    runTransfers(tr("Replaying"), specs(TransferSpec::Mode::Move, *target));
}

void QueryActions::transfer(TransferSpec::Mode mode)
{
    if (m_working || !m_panel->hasResults())
        return;
    const bool move = mode == TransferSpec::Mode::Move;
    const bool selected = !m_panel->selectedResults().isEmpty();
    const QString title = move ? tr("Move messages") : tr("Copy messages");
    const std::optional<QString> target = chooseTarget(title, false);
    if (!target || target->isEmpty())
        return;
    if (!selected) {
        const QString query = m_panel->resultSpec().query.text();
        const QString question = move
            ? tr("Move the messages matching “%1” in %2 to %3?").arg(query, scopeText(), *target)
            : tr("Copy the messages matching “%1” in %2 to %3?").arg(query, scopeText(), *target);
        if (!confirm(title, question))
            return;
    }
    runTransfers(move ? tr("Moving") : tr("Copying"), specs(mode, *target));
}

void QueryActions::runTransfers(const QString &verb, const QList<TransferSpec> &specs)
{
    m_working = true;
    m_cancelled = false;
    m_verb = verb;
    m_running.clear();
    m_early.clear();
    m_done = 0;
    m_skipped = 0;
    m_errors.clear();
    m_unanswered = specs.size();
    update();
    m_panel->showWork(verb + QStringLiteral("…"), 0, 0, [this] { cancelTransfers(); });
    // Posted together: the broker thread starts them all (each choosing its
    // messages) before the first slice of any runs.
    for (const TransferSpec &spec : specs) {
        const bool posted = m_client->startTransfer(this, spec, [this, spec](Result<quint64> started) {
            --m_unanswered;
            if (!started.ok()) {
                m_errors << spec.source + QStringLiteral(": ") + started.error.text;
            } else {
                m_running.insert(started.value, {0, 0});
                if (m_cancelled)
                    m_client->cancelTransfer(started.value);
                if (m_early.contains(started.value))
                    onTransferFinished(m_early.take(started.value));
            }
            finishTransfers();
        });
        if (!posted) {
            --m_unanswered;
            m_errors << tr("Depot is not running.");
        }
    }
    finishTransfers();
}

void QueryActions::cancelTransfers()
{
    m_cancelled = true;
    for (auto it = m_running.cbegin(); it != m_running.cend(); ++it)
        m_client->cancelTransfer(it.key());
}

void QueryActions::onTransferProgress(quint64 id, quint64 done, quint64 total)
{
    if (!m_working || !m_running.contains(id))
        return;
    m_running[id] = {done, total};
    quint64 allDone = m_done;
    quint64 allTotal = m_done;
    for (const auto &[d, t] : std::as_const(m_running)) {
        allDone += d;
        allTotal += t;
    }
    m_panel->showWork(
        tr("%1: %2 of %3 messages").arg(m_verb, QLocale().toString(allDone), QLocale().toString(allTotal)), allDone,
        allTotal, [this] { cancelTransfers(); });
}

void QueryActions::onTransferFinished(const TransferReport &report)
{
    if (!m_working)
        return;
    if (!m_running.contains(report.id)) {
        if (m_unanswered > 0)
            m_early.insert(report.id, report); // its start's answer may still be on its way
        return;
    }
    m_running.remove(report.id);
    m_done += report.done;
    m_skipped += report.skipped;
    if (!report.error.isEmpty())
        m_errors << report.error;
    m_cancelled = m_cancelled || report.cancelled;
    finishTransfers();
}

void QueryActions::finishTransfers()
{
    if (!m_working || m_unanswered > 0 || !m_running.isEmpty())
        return;
    QString summary = m_cancelled
        ? tr("Cancelled after %Ln message(s); the rest stayed where they were.", nullptr, pluralCount(m_done))
        : tr("Done: %Ln message(s).", nullptr, pluralCount(m_done));
    if (m_skipped > 0)
        summary += QLatin1Char(' ')
            + tr("%Ln skipped (no original queue, or the target is gone).", nullptr, pluralCount(m_skipped));
    if (!m_errors.isEmpty())
        summary += QLatin1Char(' ') + m_errors.join(QLatin1Char(' '));
    finish(summary);
}

void QueryActions::deleteResults()
{
    if (m_working || !m_panel->hasResults())
        return;
    const QList<BrokerClient::QueryResult> selected = m_panel->selectedResults();
    const QString undo = m_undo->undoAction()->shortcut().toString(QKeySequence::NativeText);
    const QString seconds = QLocale().toString(Engine::AsideHoldMs / 1000);
    if (!selected.isEmpty()) {
        if (!confirm(tr("Delete messages"),
                tr("Delete %Ln selected message(s)? Undo (%1) brings them back within %2 seconds.", nullptr,
                    int(selected.size()))
                    .arg(undo, seconds)))
            return;
        QHash<QString, QList<MessageId>> byQueue;
        for (const BrokerClient::QueryResult &result : selected)
            byQueue[result.queue].append(result.row.id);
        m_working = true;
        update();
        setAsideAll(byQueue);
        return;
    }
    if (!confirm(tr("Delete messages"),
            tr("Delete the messages matching “%1” in %2? Undo (%3) brings them back within %4 seconds.")
                .arg(m_panel->resultSpec().query.text(), scopeText(), undo, seconds)))
        return;
    // What matches now, not what the list holds: the query runs again and
    // what it finds is set aside.
    m_working = true;
    m_toDelete.clear();
    update();
    const bool posted = m_client->startQuery(this, m_panel->resultSpec(), [this](Result<quint64> started) {
        if (!started.ok()) {
            finish(started.error.text);
            return;
        }
        m_deleteQuery = started.value;
    });
    if (!posted)
        finish(tr("Depot is not running."));
    else
        m_panel->showWork(tr("Finding what matches now…"), 0, 0, [this] {
            if (m_deleteQuery != 0)
                m_client->cancelQuery(m_deleteQuery);
        });
}

void QueryActions::exportResults()
{
    if (m_working || !m_panel->hasResults())
        return;
    // Selected rows: those messages, by id. None: all results, which is the
    // query, run by each queue's export over the whole queue (so matches
    // past the listed ones go too). One queue makes one file; several, a
    // folder with one file per queue.
    QMap<QString, QList<MessageId>> byQueue;
    for (const BrokerClient::QueryResult &result : m_panel->selectedResults())
        byQueue[result.queue].append(result.row.id);
    QList<MessageDataActions::ExportPart> parts;
    if (!byQueue.isEmpty()) {
        for (auto it = byQueue.cbegin(); it != byQueue.cend(); ++it)
            parts.append({it.key(), it.value(), {}});
    } else {
        const query::Query &query = m_panel->resultSpec().query;
        QStringList queues = m_panel->scopeQueues();
        if (m_panel->leftOut() == 0) {
            // Everything that matched is listed: the queues without a match
            // get no empty file.
            QSet<QString> matched;
            for (const BrokerClient::QueryResult &result : m_panel->model()->results())
                matched.insert(result.queue);
            queues.removeIf([&matched](const QString &queue) { return !matched.contains(queue); });
        }
        for (const QString &queue : std::as_const(queues))
            parts.append({queue, {}, query});
    }
    if (parts.size() == 1)
        m_data->exportFrom(parts.front().queue, parts.front().ids, parts.front().query);
    else
        m_data->exportSeveral(parts);
}

void QueryActions::setAsideAll(QHash<QString, QList<MessageId>> byQueue)
{
    if (byQueue.isEmpty()) {
        finish(tr("Nothing matches now: nothing was deleted."));
        return;
    }
    m_panel->showWork(tr("Deleting…"), 0, 0, {});
    auto pending = std::make_shared<qsizetype>(byQueue.size());
    auto removed = std::make_shared<quint64>(0);
    auto problems = std::make_shared<QStringList>();
    for (auto it = byQueue.cbegin(); it != byQueue.cend(); ++it) {
        const QString queue = it.key();
        const bool posted = m_client->setAside(
            this, queue, it.value(), [this, queue, pending, removed, problems](Result<AsideReport> result) {
                if (result.ok()) {
                    *removed += result.value.count;
                    m_undo->offer(UndoBar::Kind::Deleted, result.value);
                } else {
                    *problems << queue + QStringLiteral(": ") + result.error.text;
                }
                if (--*pending > 0)
                    return;
                QString summary = tr("Deleted %Ln message(s).", nullptr, pluralCount(*removed));
                if (!problems->isEmpty())
                    summary += QLatin1Char(' ') + problems->join(QLatin1Char(' '));
                m_client->refreshNow();
                finish(summary);
            });
        if (!posted) {
            finish(tr("Depot is not running."));
            return;
        }
    }
}

void QueryActions::finish(const QString &summary)
{
    m_working = false;
    m_running.clear();
    m_early.clear();
    showStatus(summary, 15000);
    m_panel->endWork();
    update();
}

} // namespace depot::ui
