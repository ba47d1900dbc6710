#include "ui/views/MessageDataActions.h"

#include "broker/core/BrokerService.h"
#include "ui/client/BrokerClient.h"
#include "ui/client/MessageFileJob.h"
#include "ui/views/CompareDialog.h"
#include "ui/views/MessageBrowser.h"
#include "ui/views/MessageInspector.h"
#include "ui/views/QueueListPanel.h"
#include "ui/views/RecordBrowser.h"
#include "ui/views/WindowParts.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMainWindow>
#include <QMenu>
#include <QMessageBox>
#include <QProgressDialog>
#include <QPushButton>
#include <QTableView>
#include <QRegularExpression>
#include <QSet>
#include <QVBoxLayout>
#include <climits>

namespace depot::ui {

namespace {

QString messageTitle(const QString &queue, MessageId id)
{
    return MessageDataActions::tr("#%1 in %2").arg(id).arg(queue);
}

// The import's choices, asked in a small window-modal dialog that does not
// block: `accepted` runs when the user presses Import.
void askImportChoices(QWidget *parent, const QString &queue, const QString &path,
    std::function<void(ImportChoices)> accepted)
{
    auto *dialog = new QDialog(parent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setObjectName(QStringLiteral("importDialog"));
    dialog->setWindowTitle(MessageDataActions::tr("Import messages"));
    auto *layout = new QVBoxLayout(dialog);
    auto *text = new QLabel(MessageDataActions::tr("Import the messages of %1 into queue %2.").arg(path, queue), dialog);
    text->setWordWrap(true);
    layout->addWidget(text);
    auto *keepIds = new QCheckBox(MessageDataActions::tr("Keep message ids (else each gets a new one)"), dialog);
    auto *keepTimestamps = new QCheckBox(MessageDataActions::tr("Keep timestamps (else each is stamped now)"), dialog);
    keepIds->setChecked(true);
    keepTimestamps->setChecked(true);
    layout->addWidget(keepIds);
    layout->addWidget(keepTimestamps);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, dialog);
    buttons->addButton(MessageDataActions::tr("Import"), QDialogButtonBox::AcceptRole);
    layout->addWidget(buttons);
    QObject::connect(buttons, &QDialogButtonBox::accepted, dialog, &QDialog::accept);
    QObject::connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    QObject::connect(dialog, &QDialog::accepted, dialog, [keepIds, keepTimestamps, accepted] {
        accepted(ImportChoices{keepIds->isChecked(), keepTimestamps->isChecked()});
    });
    fitTitle(dialog);
    dialog->open();
}

} // namespace

MessageDataActions::MessageDataActions(QMainWindow *window, const Parts &parts)
    : ActionSet(window)
    , m_service(parts.service)
    , m_client(parts.client)
    , m_queues(parts.queues)
    , m_browser(parts.browser)
{
    const auto add = [this](const char *name, const QString &text, const QKeySequence &key,
                         std::function<void()> slot) {
        return addAction(name, {}, text, key, std::move(slot));
    };
    m_copyAsMenu = new QMenu(tr("Copy &as"), m_window);
    m_copyAsMenu->setObjectName(QStringLiteral("copyAsMenu"));
    for (const CopyAsCommand::Format format : CopyAsCommand::Formats) {
        QAction *a = m_copyAsMenu->addAction(CopyAsCommand::formatName(format), this, [this, format] { copyAs(format); });
        a->setObjectName(CopyAsCommand::objectName(format));
        registerAction(a);
    }
    QAction *copyAsAction = m_copyAsMenu->menuAction();
    copyAsAction->setObjectName(QStringLiteral("copyAs"));
    copyAsAction->setToolTip(tr("A command that publishes this message again, exactly"));
    registerAction(copyAsAction);

    add("compare", tr("Co&mpare messages"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_D), [this] { compare(); });
    add("compareWith", tr("Compare &with…"), {}, [this] { pinForComparison(); });
    add("exportSelected", tr("E&xport selected messages…"), {}, [this] { exportMessages(true); });
    add("exportQueue", tr("Export &queue…"), {}, [this] { exportMessages(false); });
    add("importMessages", tr("&Import messages…"), {}, [this] { importMessages(); });
    action(QStringLiteral("compareWith"))
        ->setToolTip(tr("Keep this message to compare it with another one, in this queue or any other"));

    QTableView *list = m_browser->view();
    list->addAction(copyAsAction);
    for (const char *name : {"compare", "compareWith", "exportSelected"})
        list->addAction(action(QLatin1String(name)));
    for (const char *name : {"exportQueue", "importMessages"})
        m_queues->view()->addAction(action(QLatin1String(name)));

    m_copyAsButton = new QPushButton(tr("Copy as"), m_browser->inspector());
    m_copyAsButton->setObjectName(QStringLiteral("copyAsButton"));
    m_copyAsButton->setMenu(m_copyAsMenu);
    m_browser->inspector()->addButton(m_copyAsButton);

    if (parts.records) {
        connect(parts.records, &RecordBrowser::exportRequested, this, &MessageDataActions::exportTopic);
        connect(parts.records, &RecordBrowser::exportSeveralRequested, this, &MessageDataActions::exportTopics);
    }

    connect(m_browser, &MessageBrowser::stateChanged, this, &MessageDataActions::update);
    connect(m_queues, &QueueListPanel::currentQueueChanged, this, &MessageDataActions::update);
    connect(m_client, &BrokerClient::brokerStateChanged, this, &MessageDataActions::update);
    update();
}

MessageDataActions::~MessageDataActions() = default;

void MessageDataActions::addToMenus(QMenu *file, QMenu *edit, QMenu *messages)
{
    // Above the separator before Quit, the File menu's last entry.
    QAction *before = nullptr;
    for (QAction *a : file->actions()) {
        if (a->isSeparator())
            before = a;
    }
    for (const char *name : {"exportSelected", "exportQueue", "importMessages"})
        file->insertAction(before, action(QLatin1String(name)));
    file->insertSeparator(action(QStringLiteral("exportSelected")));
    edit->addMenu(m_copyAsMenu);
    messages->addSeparator();
    messages->addAction(action(QStringLiteral("compare")));
    messages->addAction(action(QStringLiteral("compareWith")));
}

void MessageDataActions::update()
{
    const bool running = m_service->isRunning();
    const bool inspecting = m_browser->inspector()->message().has_value();
    const bool two = m_browser->hasSelection() && m_browser->selectedIds().size() == 2;
    const auto &shown = m_browser->inspector()->message();
    const bool otherThanPinned = m_pinned && shown
        && (m_pinned->queue != m_browser->inspector()->queue() || m_pinned->message.state.id != shown->state.id);
    const auto enable = [this](const char *name, bool on) { action(QLatin1String(name))->setEnabled(on); };
    enable("copyAs", inspecting);
    m_copyAsButton->setEnabled(inspecting);
    QAction *compareAction = action(QStringLiteral("compare"));
    compareAction->setEnabled(running && (two || otherThanPinned));
    compareAction->setText(m_pinned && !two
            ? tr("Co&mpare with %1").arg(messageTitle(m_pinned->queue, m_pinned->message.state.id))
            : tr("Co&mpare messages"));
    enable("compareWith", inspecting);
    const bool idle = running && !m_jobRunning;
    enable("exportSelected", idle && m_browser->hasSelection());
    enable("exportQueue", idle && !m_queues->currentQueue().isEmpty());
    enable("importMessages", idle && !m_queues->currentQueue().isEmpty());
}

void MessageDataActions::say(const QString &text)
{
    showStatus(text, 15000);
}

CopyTarget MessageDataActions::copyTarget() const
{
    const BrokerOptions &options = m_service->options();
    CopyTarget target;
    const QHostAddress bind = options.bindAddress;
    if (!bind.isLoopback() && bind != QHostAddress::Any && bind != QHostAddress::AnyIPv4
        && bind != QHostAddress::AnyIPv6)
        target.host = bind.toString();
    target.amqpPort = m_service->port(QStringLiteral("amqp"));
    target.httpPort = m_service->port(QStringLiteral("http"));
    target.user = options.user;
    target.password = options.password;
    target.sourceQueue = m_browser->inspector()->queue();
    return target;
}

CopyAsCommand::Outcome MessageDataActions::copyAs(CopyAsCommand::Format format)
{
    const auto &message = m_browser->inspector()->message();
    if (!message || !message->state.content)
        return {{}, tr("No message is selected.")};
    const CopyAsCommand::Outcome outcome = CopyAsCommand::generate(format, *message->state.content, copyTarget());
    if (!outcome.ok()) {
        say(outcome.refusal);
        auto *box = new QMessageBox(QMessageBox::Information, tr("Copy as %1").arg(CopyAsCommand::formatName(format)),
            outcome.refusal, QMessageBox::Ok, m_window);
        box->setObjectName(QStringLiteral("copyAsRefusal"));
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
        return outcome;
    }
    QApplication::clipboard()->setText(outcome.text);
    say(tr("Copied %1 for message %2.")
            .arg(CopyAsCommand::formatName(format), messageTitle(m_browser->inspector()->queue(), message->state.id)));
    return outcome;
}

void MessageDataActions::pinForComparison()
{
    const auto &message = m_browser->inspector()->message();
    if (!message)
        return;
    m_pinned = Pinned{m_browser->inspector()->queue(), *message};
    say(tr("Kept %1 for comparison: select another message, in any queue, and choose Compare.")
            .arg(messageTitle(m_pinned->queue, message->state.id)));
    update();
}

void MessageDataActions::compare()
{
    const QString queue = m_browser->queue();
    const QList<MessageId> ids = m_browser->hasSelection() ? m_browser->selectedIds() : QList<MessageId>();
    if (ids.size() == 2) {
        // Both read from the broker; the dialog opens when both are in.
        struct Pair
        {
            std::optional<MessageView> left;
            std::optional<MessageView> right;
            int answers = 0;
        };
        auto pair = std::make_shared<Pair>();
        const auto arrived = [this, queue, pair] {
            if (++pair->answers < 2)
                return;
            if (!pair->left || !pair->right) {
                say(tr("One of the two messages has left %1 meanwhile.").arg(queue));
                return;
            }
            openComparison(queue, *pair->left, queue, *pair->right);
        };
        m_client->message(this, queue, ids.at(0), [pair, arrived](std::optional<MessageView> m) {
            pair->left = std::move(m);
            arrived();
        });
        m_client->message(this, queue, ids.at(1), [pair, arrived](std::optional<MessageView> m) {
            pair->right = std::move(m);
            arrived();
        });
        return;
    }
    const auto &shown = m_browser->inspector()->message();
    if (m_pinned && shown)
        openComparison(m_pinned->queue, m_pinned->message, m_browser->inspector()->queue(), *shown);
}

void MessageDataActions::openComparison(
    const QString &leftQueue, const MessageView &left, const QString &rightQueue, const MessageView &right)
{
    if (!left.state.content || !right.state.content)
        return;
    const MessageComparison comparison = MessageComparison::compare(*left.state.content, *right.state.content);
    auto *dialog = new CompareDialog(comparison, messageTitle(leftQueue, left.state.id),
        messageTitle(rightQueue, right.state.id), m_window);
    m_lastComparison = dialog;
    dialog->show();
    Q_EMIT comparisonOpened(dialog);
}

QString MessageDataActions::chooseFile(bool save, const QString &suggested, const QString &title)
{
    if (m_testFile)
        return m_testFile(save);
    const QString filter = tr("Depot exports (*.depot.jsonl *.jsonl);;All files (*)");
    return save ? QFileDialog::getSaveFileName(m_window, title.isEmpty() ? tr("Export messages") : title, suggested,
                      filter)
                : QFileDialog::getOpenFileName(m_window, tr("Import messages"), QString(), filter);
}

ExportJob *MessageDataActions::exportMessages(bool selectedOnly)
{
    const QString queue = selectedOnly ? m_browser->queue() : m_queues->currentQueue();
    if (queue.isEmpty() || m_jobRunning)
        return nullptr;
    const QList<MessageId> ids = selectedOnly ? m_browser->selectedIds() : QList<MessageId>();
    if (selectedOnly && ids.isEmpty())
        return nullptr;
    return exportFrom(queue, ids);
}

QString MessageDataActions::exportFileName(const QString &queue)
{
    QString fileName = queue;
    fileName.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9._-]")), QStringLiteral("_"));
    return fileName + QStringLiteral(".depot.jsonl");
}

ExportJob *MessageDataActions::exportFrom(const QString &queue, const QList<MessageId> &ids, const query::Query &query)
{
    if (queue.isEmpty() || m_jobRunning)
        return nullptr;
    const QString path = chooseFile(true, exportFileName(queue));
    if (path.isEmpty())
        return nullptr;
    quint64 depth = 0;
    if (const QueueRow *row = m_client->snapshot()->queue(queue))
        depth = row->ready + row->unacked + row->delayed;
    auto *job = new ExportJob(m_client, queue, ids, path, depth, this);
    if (ids.isEmpty())
        job->setQuery(query);
    runExport(job, tr("Exporting %1…").arg(queue));
    return job;
}

ExportJob *MessageDataActions::exportTopic(const kafka::TopicQuerySpec &spec, const QList<QPair<qint32, qint64>> &records)
{
    const QString topic = spec.topics.value(0);
    if (topic.isEmpty() || m_jobRunning) {
        if (m_jobRunning)
            say(tr("Another export or import is running: wait for it, or cancel it."));
        return nullptr;
    }
    const QString path = chooseFile(true, exportFileName(topic), tr("Export records"));
    if (path.isEmpty())
        return nullptr;
    auto *job = new ExportJob(m_client, spec, records, path, this);
    runExport(job, records.isEmpty() ? tr("Exporting what the query matches in %1…").arg(topic)
                                     : tr("Exporting %n record(s) of %1…", nullptr, int(records.size())).arg(topic));
    return job;
}

bool MessageDataActions::exportTopics(const TopicExportParts &parts)
{
    if (m_jobRunning) {
        say(tr("Another export or import is running: wait for it, or cancel it."));
        return false;
    }
    QList<ExportPart> files;
    for (const auto &[spec, records] : parts)
        files.append({spec.topics.value(0), {}, {}, spec, records});
    return exportSeveral(files);
}

void MessageDataActions::runExport(ExportJob *job, const QString &title)
{
    watch(job, title, job->total());
    followProgress(job);
    connect(job, &ExportJob::finished, this, [this, job](bool ok, const QString &text) {
        say(text);
        if (!ok && !job->cancelledByUser()) {
            // A file that could not be written (or a topic gone) is not a
            // status line that passes unseen: the box names the file.
            auto *box = new QMessageBox(QMessageBox::Warning, tr("Export"), text, QMessageBox::Ok, m_window);
            box->setObjectName(QStringLiteral("exportFailed"));
            box->setAttribute(Qt::WA_DeleteOnClose);
            box->open();
        }
        job->deleteLater();
    });
    job->start();
}

// The progress dialog follows `job` (an ExportJob or ImportJob).
void MessageDataActions::followProgress(QObject *job)
{
    const auto show = [this](quint64 done, quint64 total) {
        if (m_progress) {
            m_progress->setMaximum(int(std::min<quint64>(total, INT_MAX)));
            m_progress->setValue(int(std::min<quint64>(done, INT_MAX)));
        }
    };
    if (auto *e = qobject_cast<ExportJob *>(job))
        connect(e, &ExportJob::progress, this, show);
    else if (auto *i = qobject_cast<ImportJob *>(job))
        connect(i, &ImportJob::progress, this, show);
}

bool MessageDataActions::exportSeveral(const QList<ExportPart> &parts)
{
    if (parts.isEmpty() || m_jobRunning)
        return false;
    const bool topics = parts.front().topic.has_value();
    const QString folder = m_testFile ? m_testFile(true)
                                      : QFileDialog::getExistingDirectory(m_window,
                                            topics ? tr("Export to a folder (one file per topic)")
                                                   : tr("Export to a folder (one file per queue)"));
    if (folder.isEmpty())
        return false;
    // Two queues whose names make the same file name get -2, -3 ...
    auto files = std::make_shared<QList<std::pair<ExportPart, QString>>>();
    QSet<QString> names;
    QStringList existing;
    for (const ExportPart &part : parts) {
        QString name = exportFileName(part.queue);
        for (int n = 2; names.contains(name); ++n)
            name = exportFileName(part.queue).replace(QStringLiteral(".depot.jsonl"),
                QStringLiteral("-%1.depot.jsonl").arg(n));
        names.insert(name);
        const QString path = QDir(folder).filePath(name);
        if (QFileInfo::exists(path))
            existing << name;
        files->append({part, path});
    }
    if (!existing.isEmpty()) {
        // Never over an earlier export: choose another folder, or move those away.
        say(tr("Nothing was exported: %1 already holds %2.").arg(folder, existing.join(QStringLiteral(", "))));
        return false;
    }
    exportNext(files, 0, 0);
    return true;
}

void MessageDataActions::exportNext(std::shared_ptr<QList<std::pair<ExportPart, QString>>> files, qsizetype next,
    quint64 written)
{
    if (next >= files->size()) {
        const QString folder = QFileInfo(files->front().second).absolutePath();
        say(files->front().first.topic
                ? tr("Exported %Ln record(s) to %1, one file per topic.", nullptr, int(written)).arg(folder)
                : tr("Exported %Ln message(s) to %1, one file per queue.", nullptr, int(written)).arg(folder));
        return;
    }
    const auto &[part, path] = files->at(next);
    ExportJob *job = nullptr;
    if (part.topic) {
        job = new ExportJob(m_client, *part.topic, part.records, path, this);
    } else {
        quint64 depth = 0;
        if (const QueueRow *row = m_client->snapshot()->queue(part.queue))
            depth = row->ready + row->unacked + row->delayed;
        job = new ExportJob(m_client, part.queue, part.ids, path, depth, this);
        if (part.ids.isEmpty())
            job->setQuery(part.query);
    }
    watch(job, tr("Exporting %1 (%2 of %3)…").arg(part.queue).arg(next + 1).arg(files->size()), job->total());
    followProgress(job);
    connect(job, &ExportJob::finished, this, [this, job, files, next, written](bool ok, const QString &text) {
        const quint64 total = written + job->written();
        job->deleteLater();
        if (!ok) {
            // The files written before stay: each is whole.
            say(next > 0 ? tr("%1 The files written before it are complete.").arg(text) : text);
            return;
        }
        exportNext(files, next + 1, total);
    });
    job->start();
}

ImportJob *MessageDataActions::importMessages()
{
    const QString queue = m_queues->currentQueue();
    if (queue.isEmpty() || m_jobRunning)
        return nullptr;
    const QString path = chooseFile(false, {});
    if (path.isEmpty())
        return nullptr;
    if (m_testChoices) {
        const auto choices = m_testChoices();
        if (!choices)
            return nullptr;
        startImport(queue, path, *choices);
        return findChildren<ImportJob *>().value(0);
    }
    askImportChoices(m_window, queue, path, [this, queue, path](ImportChoices choices) {
        startImport(queue, path, choices);
    });
    return nullptr;
}

void MessageDataActions::startImport(const QString &queue, const QString &path, ImportChoices choices)
{
    auto *job = new ImportJob(m_client, queue, path, choices, this);
    watch(job, tr("Importing into %1…").arg(queue), 0);
    followProgress(job);
    connect(job, &ImportJob::finished, this, [this, job](bool ok, const QString &text) {
        say(text);
        m_browser->reload();
        if (!ok) {
            auto *box = new QMessageBox(QMessageBox::Warning, tr("Import messages"), text, QMessageBox::Ok, m_window);
            box->setObjectName(QStringLiteral("importSummary"));
            box->setAttribute(Qt::WA_DeleteOnClose);
            box->open();
        }
        job->deleteLater();
    });
    job->start();
}

// A progress dialog for a running job, whose Cancel cancels it; one job at a time.
void MessageDataActions::watch(QObject *job, const QString &title, quint64 total)
{
    m_jobRunning = true;
    update();
    auto *progress = new QProgressDialog(title, tr("Cancel"), 0, int(std::min<quint64>(total, INT_MAX)), m_window);
    progress->setObjectName(QStringLiteral("fileJobProgress"));
    progress->setWindowTitle(title);
    progress->setAttribute(Qt::WA_DeleteOnClose);
    progress->setAutoClose(false);
    progress->setAutoReset(false);
    progress->setMinimumDuration(0);
    progress->setWindowModality(Qt::NonModal);
    m_progress = progress;
    const auto cancel = [job] {
        if (auto *e = qobject_cast<ExportJob *>(job))
            e->cancel();
        else if (auto *i = qobject_cast<ImportJob *>(job))
            i->cancel();
    };
    connect(progress, &QProgressDialog::canceled, job, cancel);
    const auto done = [this, progress = QPointer<QProgressDialog>(progress)] {
        m_jobRunning = false;
        if (progress) {
            // Closing a progress dialog says "canceled": not to a job that is over.
            disconnect(progress, &QProgressDialog::canceled, nullptr, nullptr);
            progress->close();
        }
        update();
    };
    if (auto *e = qobject_cast<ExportJob *>(job))
        connect(e, &ExportJob::finished, this, done);
    else if (auto *i = qobject_cast<ImportJob *>(job))
        connect(i, &ImportJob::finished, this, done);
    progress->show();
}

} // namespace depot::ui
