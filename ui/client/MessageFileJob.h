#pragma once

// ExportJob and ImportJob: the window's Export… and Import… (docs/export-format.md).
//
// An export asks the broker thread for one slice at a time (BrokerClient::
// exportSlice: a few hundred messages read and encoded with the export
// format's encoder; a topic's records: BrokerClient::exportTopicSlice, a
// slice of the query's scan, in the format's version 2), and hands each slice to a pool thread that writes it to
// the file; the next slice is asked for once it is written, so memory stays
// bounded. The file is created as `depot export --output` creates it
// (store::openPrivateFile: 0600 before the first byte); an export that is
// cancelled or cut short removes it, so no file that looks whole is left.
//
// An import reads and checks the whole file on a pool thread first (a bad
// line imports nothing, as the HTTP import), then sends it in slices
// (BrokerClient::importSlice), each committed before the next goes.
//
// The GUI thread only passes byte arrays along: it never waits on the
// broker or the disk. Both report progress and end with finished().

#include "broker/amqp/ImportPublish.h"
#include "broker/engine/Message.h"
#include "broker/kafka/TopicQueryScan.h"

#include <QObject>
#include <QPointer>
#include <QStringList>
#include <functional>
#include <memory>

class QFile;

namespace depot::exportformat {
struct ExportedMessage;
}
namespace depot::query {
class Query;
}

namespace depot::ui {

class BrokerClient;
struct ExportChunk;
struct ExportCursor;
struct TopicExportCursor;

class ExportJob final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ExportJob)

public:
    // Messages looked at per slice.
    static constexpr quint64 Slice = 500;

    // `ids` empty: the whole queue (`total` is its depth now, for progress).
    ExportJob(BrokerClient *client, const QString &queue, const QList<MessageId> &ids, const QString &path,
        quint64 total, QObject *parent = nullptr);
    // The records of the one topic `spec` names that its query matches (in
    // its partition when it has one), as the HTTP topic export writes them;
    // or, when `records` (partition, offset) is not empty, only those.
    ExportJob(BrokerClient *client, const kafka::TopicQuerySpec &spec, const QList<QPair<qint32, qint64>> &records,
        const QString &path, QObject *parent = nullptr);
    ~ExportJob() override;

    // Before start(), for a whole-queue export: only the messages `query`
    // matches when the walk reaches them (the header names the query).
    void setQuery(const query::Query &query);
    void start();
    // Stops after the slice in flight; the file is removed.
    void cancel();

    QString path() const { return m_path; }
    bool cancelledByUser() const { return m_cancelled; }
    quint64 written() const { return m_written; }
    quint64 total() const { return m_total; }

Q_SIGNALS:
    // Messages or records written of `total`; for a query over a topic,
    // records looked at of those the topic held when it began.
    void progress(quint64 done, quint64 total);
    // ok: the file is complete; `text` says what was written or why not.
    void finished(bool ok, const QString &text);

private:
    void nextSlice();
    void sliceArrived(const ExportChunk &chunk);
    void fail(const QString &text);
    // Runs `work` (returning an error text, empty when fine) on a pool
    // thread and `then` with its answer back here.
    void onDisk(std::function<QString()> work, std::function<void(const QString &)> then);

    BrokerClient *m_client;
    QString m_queue;
    QString m_path;
    std::shared_ptr<QFile> m_file; // used by one pool task at a time
    std::shared_ptr<ExportCursor> m_cursor;
    std::shared_ptr<TopicExportCursor> m_topicCursor; // set: an export of a topic's records
    quint64 m_total = 0;
    quint64 m_written = 0;
    bool m_cancelled = false;
    bool m_finished = false;
};

class ImportJob final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ImportJob)

public:
    // Messages per slice (one commit each), as `depot import` sends them.
    static constexpr size_t Slice = 2000;

    ImportJob(BrokerClient *client, const QString &queue, const QString &path, ImportChoices choices,
        QObject *parent = nullptr);
    ~ImportJob() override;

    void start();
    // Stops after the slice in flight: what was committed stays.
    void cancel();

    quint64 imported() const { return m_imported; }
    quint64 total() const { return m_total; }
    const QStringList &skipped() const { return m_skipped; }
    // "Imported 3 messages into orders. Skipped 1: ..."
    QString summary() const;

Q_SIGNALS:
    void progress(quint64 done, quint64 total);
    void finished(bool ok, const QString &text);

private:
    void nextSlice();
    void finish(bool ok, const QString &text);

    BrokerClient *m_client;
    QString m_queue;
    QString m_path;
    ImportChoices m_choices;
    std::shared_ptr<const std::vector<exportformat::ExportedMessage>> m_messages;
    size_t m_next = 0;
    quint64 m_total = 0;
    quint64 m_imported = 0;
    QStringList m_skipped;
    QString m_stopped;
    bool m_cancelled = false;
    bool m_finished = false;
};

} // namespace depot::ui
