#pragma once

// MessageDataActions: messages as data, in the window. Copy as… (a command
// that republishes the inspected message: CopyAsCommand), Compare (two
// selected messages, or one pinned with "Compare with…" against another in
// any queue: CompareDialog), Export… (the selected messages or the whole
// queue to a file in Depot's export format: ExportJob; a query's result
// across queues, one file per queue in a folder; the Topics tab's query
// results or selected records, in the format's version 2) and Import… (a file
// into the selected queue: ImportJob), each with progress and Cancel.
// It owns those actions, puts them in the message list's and queue list's
// context menus and the inspector, and offers them to the window's menus.

#include "ui/views/ActionSet.h"
#include "broker/amqp/ImportPublish.h"
#include "broker/engine/Engine.h"
#include "broker/kafka/TopicQueryScan.h"
#include "ui/models/CopyAsCommand.h"
#include "ui/views/CompareDialog.h"
#include "ui/views/RecordBrowser.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QProgressDialog>
#include <functional>
#include <optional>

class QAction;
class QMainWindow;
class QMenu;
class QPushButton;

namespace depot {
class BrokerService;
}

namespace depot::ui {

class BrokerClient;
class ExportJob;
class ImportJob;
class MessageBrowser;
class QueueListPanel;

class MessageDataActions final : public ActionSet
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MessageDataActions)

public:
    struct Parts
    {
        BrokerService *service = nullptr;
        BrokerClient *client = nullptr;
        QueueListPanel *queues = nullptr;
        MessageBrowser *browser = nullptr;
        RecordBrowser *records = nullptr; // the Topics tab's: its Export… comes here
    };

    MessageDataActions(QMainWindow *window, const Parts &parts);
    ~MessageDataActions() override;

    // By object name: copyAs (its menu holds copyAsCurl, copyAsPika,
    // copyAsAmqpPublish), compare, compareWith, exportSelected, exportQueue,
    // importMessages.
    QMenu *copyAsMenu() const { return m_copyAsMenu; }
    // Adds the actions to the window's File, Edit and Messages menus.
    void addToMenus(QMenu *file, QMenu *edit, QMenu *messages);
    void update();

    // Where the commands send messages: this Depot's address, ports and account.
    CopyTarget copyTarget() const;
    // Puts the command for the inspected message on the clipboard; when the
    // tool cannot express the message, says why instead (returned too).
    CopyAsCommand::Outcome copyAs(CopyAsCommand::Format format);

    // Keeps the inspected message for a comparison with another one.
    void pinForComparison();
    bool hasPinned() const { return m_pinned.has_value(); }
    // Opens the comparison of the two selected messages, or of the pinned
    // one with the inspected one (read from the broker, not waited for).
    void compare();
    CompareDialog *lastComparison() const { return m_lastComparison; }

    // Asks for a file and starts the export (null when none was chosen).
    ExportJob *exportMessages(bool selectedOnly);
    // Asks for a file and exports messages `ids` of `queue` (when empty: the
    // whole queue, or what `query` matches in it): the Query tab's Export.
    ExportJob *exportFrom(const QString &queue, const QList<MessageId> &ids, const query::Query &query = {});
    // Asks for a file and exports the records of `spec`'s one topic that its
    // query matches, or (`records` not empty) those (partition, offset): the
    // Topics tab's Export…. Null when none was chosen or a job runs.
    ExportJob *exportTopic(const kafka::TopicQuerySpec &spec, const QList<QPair<qint32, qint64>> &records);
    // The Topics tab's export of several topics: exportSeveral, a file per topic.
    bool exportTopics(const TopicExportParts &parts);
    // One queue's part of an export of several: by ids, or (none) what the
    // query matches there. Or, with `topic` set, one topic's: its records
    // (partition, offset), or (none) what the spec's query matches there;
    // `queue` is then the topic's name.
    struct ExportPart
    {
        QString queue;
        QList<MessageId> ids;
        query::Query query;
        std::optional<kafka::TopicQuerySpec> topic;
        QList<QPair<qint32, qint64>> records;
    };
    // Asks for a folder and writes one export file per queue (or topic)
    // into it (<name>.depot.jsonl, the format unchanged), one after another,
    // each with progress and Cancel. Refuses a folder that already holds one
    // of those files. False when nothing was started.
    bool exportSeveral(const QList<ExportPart> &parts);
    // Asks for a file and the choices, and starts the import into the queue
    // selected in the list (null when none was chosen).
    ImportJob *importMessages();
    QProgressDialog *progressDialog() const { return m_progress; }

    // Tests choose files and import choices without dialogs.
    void setFileChooserForTests(std::function<QString(bool save)> chooser) { m_testFile = std::move(chooser); }
    void setImportChoicesForTests(std::function<std::optional<ImportChoices>()> choices)
    {
        m_testChoices = std::move(choices);
    }

Q_SIGNALS:
    void comparisonOpened(depot::ui::CompareDialog *dialog);

private:
    struct Pinned
    {
        QString queue;
        MessageView message;
    };
    QString chooseFile(bool save, const QString &suggested, const QString &title = {});
    // Shows `job`'s progress (watch) and what it did in the status bar, and starts it.
    void runExport(ExportJob *job, const QString &title);
    void followProgress(QObject *job);
    void openComparison(const QString &leftQueue, const MessageView &left, const QString &rightQueue,
        const MessageView &right);
    void startImport(const QString &queue, const QString &path, ImportChoices choices);
    void watch(QObject *job, const QString &title, quint64 total);
    void say(const QString &text);
    void exportNext(std::shared_ptr<QList<std::pair<ExportPart, QString>>> files, qsizetype next, quint64 written);
    static QString exportFileName(const QString &queue);

    BrokerService *m_service;
    BrokerClient *m_client;
    QueueListPanel *m_queues;
    MessageBrowser *m_browser;
    QMenu *m_copyAsMenu = nullptr;
    QPushButton *m_copyAsButton = nullptr; // in the inspector
    std::optional<Pinned> m_pinned;
    QPointer<CompareDialog> m_lastComparison;
    QPointer<QProgressDialog> m_progress;
    bool m_jobRunning = false;
    std::function<QString(bool)> m_testFile;
    std::function<std::optional<ImportChoices>()> m_testChoices;
};

} // namespace depot::ui
