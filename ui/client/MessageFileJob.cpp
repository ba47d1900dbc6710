#include "ui/client/MessageFileJob.h"

#include "broker/export/ExportFormat.h"
#include "broker/store/PrivateFiles.h"
#include "ui/client/BrokerClient.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFile>
#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>

namespace depot::ui {

namespace {

// Runs `work` on Qt's pool and `then(result)` on `context`'s thread once it
// is done, unless `context` is gone by then (the watcher goes with it).
template <typename R>
void runThen(QObject *context, std::function<R()> work, std::function<void(R)> then)
{
    auto *watcher = new QFutureWatcher<R>(context);
    QObject::connect(watcher, &QFutureWatcher<R>::finished, context, [watcher, then = std::move(then)] {
        watcher->deleteLater();
        then(watcher->result());
    });
    watcher->setFuture(QtConcurrent::run(std::move(work)));
}

} // namespace

// ---- export ----

ExportJob::ExportJob(BrokerClient *client, const QString &queue, const QList<MessageId> &ids, const QString &path,
    quint64 total, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_queue(queue)
    , m_path(path)
    , m_file(std::make_shared<QFile>(path))
    , m_cursor(std::make_shared<ExportCursor>())
    , m_total(ids.isEmpty() ? total : quint64(ids.size()))
{
    m_cursor->ids = ids;
}

ExportJob::ExportJob(BrokerClient *client, const kafka::TopicQuerySpec &spec,
    const QList<QPair<qint32, qint64>> &records, const QString &path, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_path(path)
    , m_file(std::make_shared<QFile>(path))
    , m_topicCursor(std::make_shared<TopicExportCursor>())
    , m_total(quint64(records.size()))
{
    m_topicCursor->spec = spec;
    m_topicCursor->records = records;
}

ExportJob::~ExportJob() = default;

void ExportJob::setQuery(const query::Query &query)
{
    m_cursor->filter.query = query;
}

void ExportJob::onDisk(std::function<QString()> work, std::function<void(const QString &)> then)
{
    runThen<QString>(this, std::move(work), [then = std::move(then)](QString error) { then(error); });
}

void ExportJob::start()
{
    exportformat::Header header;
    header.exportedAt = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
    if (m_topicCursor) {
        // As the HTTP topic export writes it; a selection names no query.
        header.topic = m_topicCursor->spec.topics.value(0);
        if (m_topicCursor->records.isEmpty()) {
            header.partition = m_topicCursor->spec.partition;
            header.query = m_topicCursor->spec.query.text();
        }
    } else {
        header.queue = m_queue;
        header.query = m_cursor->filter.query.text();
    }
    header.producer = QStringLiteral("Depot %1").arg(QCoreApplication::applicationVersion());
    const QByteArray first = exportformat::encodeHeader(header);
    onDisk(
        [file = m_file, first] {
            // 0600 before the first byte, as `depot export --output`: the
            // file holds message bodies (docs/security.md).
            QString error;
            if (!store::openPrivateFile(*file, &error))
                return error;
            if (file->write(first) != first.size())
                return file->errorString();
            return QString();
        },
        [this](const QString &error) {
            if (!error.isEmpty()) {
                m_finished = true;
                Q_EMIT finished(false, tr("Could not write %1: %2").arg(m_path, error));
                return;
            }
            nextSlice();
        });
}

void ExportJob::cancel()
{
    m_cancelled = true;
}

void ExportJob::nextSlice()
{
    if (m_cancelled) {
        fail(tr("Export cancelled; %1 was removed.").arg(m_path));
        return;
    }
    const auto arrived = [this](const ExportChunk &chunk) { sliceArrived(chunk); };
    const bool asked = m_topicCursor ? m_client->exportTopicSlice(this, m_topicCursor, Slice, arrived)
                                     : m_client->exportSlice(this, m_queue, m_cursor, Slice, arrived);
    if (!asked)
        fail(tr("Depot is not running; %1 was removed.").arg(m_path));
}

void ExportJob::sliceArrived(const ExportChunk &chunk)
{
    if (!chunk.error.isEmpty()) {
        fail(tr("%1 %2 was removed.").arg(chunk.error, m_path));
        return;
    }
    onDisk(
        [file = m_file, lines = chunk.lines, done = chunk.done] {
            if (file->write(lines) != lines.size())
                return file->errorString();
            if (done && !file->flush())
                return file->errorString();
            if (done)
                file->close();
            return QString();
        },
        [this, count = chunk.messages, scanned = chunk.scanned, scanTotal = chunk.scanTotal,
            done = chunk.done](const QString &error) {
            if (!error.isEmpty()) {
                fail(tr("Could not write %1: %2").arg(m_path, error));
                return;
            }
            m_written += count;
            if (scanTotal > 0) {
                // A query over a topic: how far its scan has looked.
                m_total = scanTotal;
                Q_EMIT progress(done ? scanTotal : std::min(scanned, scanTotal), m_total);
            } else {
                m_total = std::max(m_total, m_written);
                Q_EMIT progress(m_written, m_total);
            }
            if (!done) {
                nextSlice();
                return;
            }
            m_finished = true;
            if (m_topicCursor)
                Q_EMIT finished(true, tr("Exported %n record(s) from topic %1 to %2.", nullptr, int(m_written))
                                          .arg(m_topicCursor->spec.topics.value(0), m_path));
            else
                Q_EMIT finished(true, tr("Exported %n message(s) from %1 to %2.", nullptr, int(m_written))
                                          .arg(m_queue, m_path));
        });
}

void ExportJob::fail(const QString &text)
{
    if (m_finished)
        return;
    m_finished = true;
    // The file goes: a partial export must not pass for a whole one.
    onDisk(
        [file = m_file] {
            file->close();
            file->remove();
            return QString();
        },
        [this, text](const QString &) { Q_EMIT finished(false, text); });
}

// ---- import ----

ImportJob::ImportJob(
    BrokerClient *client, const QString &queue, const QString &path, ImportChoices choices, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_queue(queue)
    , m_path(path)
    , m_choices(choices)
{
}

ImportJob::~ImportJob() = default;

void ImportJob::start()
{
    struct Read
    {
        std::shared_ptr<std::vector<exportformat::ExportedMessage>> messages;
        QString error;
    };
    runThen<Read>(
        this,
        [path = m_path] {
            Read read;
            QFile file(path);
            if (!file.open(QIODevice::ReadOnly)) {
                read.error = tr("Could not read %1: %2").arg(path, file.errorString());
                return read;
            }
            const QByteArray data = file.readAll();
            auto messages = std::make_shared<std::vector<exportformat::ExportedMessage>>();
            exportformat::DecodeError error;
            // The whole file is checked before anything goes in.
            const auto count = exportformat::decodeFile(
                data, nullptr, &error, [&](exportformat::ExportedMessage &&m) { messages->push_back(std::move(m)); });
            if (!count) {
                read.error = tr("%1 cannot be imported, nothing was: %2").arg(path, error.message());
                return read;
            }
            read.messages = std::move(messages);
            return read;
        },
        [this](Read read) {
            if (!read.error.isEmpty()) {
                finish(false, read.error);
                return;
            }
            m_total = read.messages->size();
            m_messages = std::move(read.messages);
            Q_EMIT progress(0, m_total);
            nextSlice();
        });
}

void ImportJob::cancel()
{
    m_cancelled = true;
}

void ImportJob::nextSlice()
{
    if (m_cancelled) {
        finish(false, tr("Import cancelled.") + QLatin1Char(' ') + summary());
        return;
    }
    if (m_next >= m_messages->size()) {
        finish(m_skipped.isEmpty(), summary());
        return;
    }
    const size_t from = m_next;
    const size_t count = std::min(Slice, m_messages->size() - from);
    const bool asked = m_client->importSlice(this, m_queue, m_messages, from, count, m_choices,
        [this, from, count](ImportSliceReport report) {
            m_imported += report.imported;
            m_skipped += report.skipped;
            m_next = from + count;
            Q_EMIT progress(quint64(m_next), m_total);
            if (!report.stopped.isEmpty()) {
                m_stopped = report.stopped;
                finish(false, summary());
                return;
            }
            nextSlice();
        });
    if (!asked) {
        m_stopped = tr("Depot is not running.");
        finish(false, summary());
    }
}

QString ImportJob::summary() const
{
    QString text = tr("Imported %1 of %n message(s) into %2.", nullptr, int(m_total)).arg(m_imported).arg(m_queue);
    if (!m_skipped.isEmpty()) {
        constexpr qsizetype Shown = 5;
        QStringList reasons = m_skipped.mid(0, Shown);
        if (m_skipped.size() > Shown)
            reasons.append(tr("… and %n more", nullptr, int(m_skipped.size() - Shown)));
        text += QLatin1Char(' ')
            + tr("Skipped %n message(s): %1.", nullptr, int(m_skipped.size())).arg(reasons.join(QStringLiteral("; ")));
    }
    if (!m_stopped.isEmpty())
        text += QLatin1Char(' ') + tr("Stopped: %1").arg(m_stopped);
    return text;
}

void ImportJob::finish(bool ok, const QString &text)
{
    if (m_finished)
        return;
    m_finished = true;
    Q_EMIT finished(ok, text);
}

} // namespace depot::ui
