// BrokerClient's requests for export and import from the window
// (docs/export-format.md): the broker thread reads and encodes an export in
// slices with the same encoder as the HTTP API (a topic's records: a
// TopicQueryScan as the HTTP topic export runs, and RecordFormat's encoder), and puts an import's
// messages in with the same preparation (broker/amqp/ImportPublish). Files
// are read and written elsewhere (ui/client/MessageFileJob), never here.

#include "broker/core/PublishGate.h"
#include "broker/export/RecordFormat.h"
#include "ui/client/BrokerClient.h"

#include <QDateTime>

namespace depot::ui {

namespace {

exportformat::ExportedMessage exported(const MessageView &view)
{
    exportformat::ExportedMessage m;
    m.id = view.state.id;
    m.content = *view.state.content;
    m.redelivered = view.state.redelivered;
    m.deliveryCount = view.state.deliveryCount;
    m.enqueuedAt = view.state.enqueuedAt;
    return m;
}

} // namespace

bool BrokerClient::exportSlice(QObject *context, const QString &queue, std::shared_ptr<ExportCursor> cursor,
    quint64 budget, std::function<void(ExportChunk)> done)
{
    return call(
        context,
        [queue, cursor, budget](Engine &engine) {
            ExportChunk chunk;
            if (!engine.queue(queue)) {
                chunk.error = tr("Queue %1 was deleted during the export.").arg(queue);
                chunk.done = true;
                return chunk;
            }
            if (!cursor->ids.isEmpty()) {
                // Only the selected messages: each looked up by id; one
                // that left the queue meanwhile is not exported.
                const qsizetype end = std::min(cursor->ids.size(), cursor->nextId + qsizetype(budget));
                for (; cursor->nextId < end; ++cursor->nextId) {
                    const auto view = engine.message(queue, cursor->ids.at(cursor->nextId));
                    if (!view || !view->state.content)
                        continue;
                    chunk.lines += exportformat::encodeMessage(exported(*view));
                    ++chunk.messages;
                }
                chunk.done = cursor->nextId >= cursor->ids.size();
                return chunk;
            }
            const QList<MessageView> views = engine.browseNext(queue, &cursor->walk, budget);
            const qint64 now = engine.now();
            for (const MessageView &view : views) {
                if (!cursor->filter.isEmpty() && !cursor->filter.matches(queue, view.state, now))
                    continue;
                chunk.lines += exportformat::encodeMessage(exported(view));
                ++chunk.messages;
            }
            chunk.done = cursor->walk.done;
            return chunk;
        },
        std::move(done));
}

bool BrokerClient::exportTopicSlice(
    QObject *context, std::shared_ptr<TopicExportCursor> cursor, quint64 budget, std::function<void(ExportChunk)> done)
{
    return callKafka(
        context,
        [cursor, budget](Engine &, kafka::KafkaAdmin &admin) {
            ExportChunk chunk;
            const QString topic = cursor->spec.topics.value(0);
            const auto stop = [&chunk](const QString &error) {
                chunk.error = error;
                chunk.done = true;
                return chunk;
            };
            // A topic deleted meanwhile ends a scan's walk quietly: an export
            // that stopped there would look whole.
            if (!admin.topic(topic).ok())
                return stop(tr("Topic %1 was deleted during the export.").arg(topic));
            const auto encode = [&chunk](const kafka::RecordView &r) {
                chunk.lines += exportformat::encodeRecord(
                    {r.partition, r.offset, r.timestamp, r.logAppendTime, r.key, r.value, r.headers});
                ++chunk.messages;
            };
            if (!cursor->records.isEmpty()) {
                // Only the selected records, each read at its offset; one that
                // retention removed meanwhile is not exported.
                const qsizetype end = std::min(cursor->records.size(), cursor->next + qsizetype(budget));
                for (; cursor->next < end; ++cursor->next) {
                    const auto [partition, offset] = cursor->records.at(cursor->next);
                    const Result<kafka::RecordPage> page
                        = admin.records(topic, partition, {kafka::RecordsFrom::Kind::Offset, offset}, 1);
                    if (page.ok() && !page.value.records.isEmpty() && page.value.records.first().offset == offset)
                        encode(page.value.records.first());
                }
                chunk.done = cursor->next >= cursor->records.size();
                return chunk;
            }
            if (!cursor->scan) {
                auto started = kafka::TopicQueryScan::start(admin.logs(), cursor->spec);
                if (!started.ok())
                    return stop(started.error.text);
                cursor->scan = std::move(started.value);
                cursor->logs = &admin.logs();
            } else if (cursor->logs != &admin.logs()) {
                return stop(tr("Depot's topics were restarted during the export."));
            }
            const QList<kafka::RecordView> matches
                = cursor->scan->next(kafka::TopicQueryScan::Slice, QDateTime::currentMSecsSinceEpoch());
            for (const kafka::RecordView &r : matches)
                encode(r);
            const kafka::TopicQueryProgress &progress = cursor->scan->progress();
            if (!progress.error.isEmpty())
                return stop(progress.error);
            chunk.scanned = progress.scanned;
            chunk.scanTotal = progress.recordsTotal;
            chunk.done = cursor->scan->done();
            return chunk;
        },
        std::move(done));
}

bool BrokerClient::importSlice(QObject *context, const QString &queue,
    std::shared_ptr<const std::vector<exportformat::ExportedMessage>> messages, size_t from, size_t count,
    ImportChoices choices, std::function<void(ImportSliceReport)> done)
{
    auto answer = replier<ImportSliceReport>(context, std::move(done));
    return m_service->postProducer(
        [queue, messages, from, count, choices, answer](Engine &engine, core::PublishGate &gate) {
            ImportSliceReport report;
            if (!engine.queue(queue)) {
                report.stopped = tr("Queue %1 no longer exists.").arg(queue);
                answer(std::move(report));
                return;
            }
            // Through the publish gate, as every producer: closed, nothing of
            // this slice goes in, and the window says why.
            if (const QString refused = gate.refusal(); !refused.isEmpty()) {
                report.stopped = refused;
                answer(std::move(report));
                return;
            }
            const qint64 nowSeconds = engine.now() / 1000;
            quint64 bytes = 0;
            const size_t end = std::min(messages->size(), from + count);
            for (size_t i = from; i < end; ++i) {
                MessageContent content = messages->at(i).content;
                const Result<PublishOptions> options = prepareImport(engine, {}, content, choices, nowSeconds);
                if (!options.ok()) {
                    report.skipped.append(
                        tr("line %1: its properties are refused (%2)").arg(i + 2).arg(options.error.text));
                    continue;
                }
                const quint64 size = quint64(content.body.size());
                const PublishResult result = engine.publishToQueue(queue, std::move(content), options.value);
                if (result.error) {
                    report.stopped = result.error.text;
                    break;
                }
                if (!result.routed || result.rejected) {
                    report.skipped.append(tr("line %1: the queue refused it (full)").arg(i + 2));
                    continue;
                }
                bytes += size;
                ++report.imported;
            }
            // One hand-over for the slice: the store commits it at once.
            const quint64 sequence = engine.flushStore();
            gate.accepted(sequence, bytes);
            whenCommitted(engine, sequence, [answer, report]() mutable { answer(std::move(report)); });
        });
}

} // namespace depot::ui
