// LogCompaction.cpp: the log engine's periodic check and compaction
// (cleanup.policy=compact or compact,delete), kept apart from appends and
// reads (LogEngine.cpp).
//
// What compaction does, as Kafka's log cleaner does it:
//   - It keeps the last record of each key. The keys' last offsets are taken
//     over every committed batch; the newest batch of the partition is never
//     rewritten (Kafka never cleans the active segment), every older
//     committed batch may be.
//   - A tombstone (a record with a null value) removes its key's earlier
//     records; the tombstone itself is kept for delete.retention.ms after its
//     timestamp (1 day by default), then removed too.
//   - A batch that loses records is written again, uncompressed, at the same
//     base offset with the same last offset, producer id, epoch and base
//     sequence: offsets and timestamps stay, with gaps where records went,
//     and an idempotent producer's sequence state is rebuilt at start exactly
//     as before. A batch that loses all its records goes, unless it is its
//     producer's newest one (kept empty, as Kafka keeps it, for the sequence).
//   - The log start offset does not move; Fetch serves batches whose records
//     skip offsets, as Kafka's do.
//   - Rewritten and removed batches go through the store's group commit, so
//     a restart sees the compacted log.
//   - min.compaction.lag.ms holds back the batches younger than it (by
//     their newest timestamp), and every batch after the first of them:
//     neither rewritten nor counted for the keys' last offsets.
//   - min.cleanable.dirty.ratio: a run compacts only when the bytes added
//     since the last run (the "dirty" part) are more than this share of the
//     compactable bytes; the first run after a start always does (Depot
//     keeps no cleaner checkpoint). Expired tombstones are removed whatever
//     the ratio.
// It runs at the periodic check for a partition whose high watermark moved
// since the last run, whose oldest kept tombstone has expired, or whose
// oldest held-back batch reached min.compaction.lag.ms.

#include "broker/log/LogEngine.h"
#include "broker/store/Store.h"

#include <QDateTime>
#include <QLoggingCategory>
#include <QTimer>

Q_DECLARE_LOGGING_CATEGORY(lcLog)

namespace depot::log {

void LogEngine::setCheckInterval(qint64 intervalMs)
{
    if (!m_checkTimer) {
        m_checkTimer = new QTimer(this);
        connect(m_checkTimer, &QTimer::timeout, this, [this] { checkLogs(QDateTime::currentMSecsSinceEpoch()); });
    }
    m_checkTimer->stop();
    if (intervalMs > 0)
        m_checkTimer->start(int(qMin<qint64>(intervalMs, std::numeric_limits<int>::max())));
}

void LogEngine::checkLogs(qint64 now)
{
    for (const std::shared_ptr<Topic> &topic : std::as_const(m_topics)) {
        for (size_t i = 0; i < topic->partitions.size(); ++i) {
            Partition &p = topic->partitions[i];
            if (enforceRetention(*topic, qint32(i), p, now) && m_store)
                m_store->truncateLog(topic->storeId, qint32(i), p.logStartOffset);
            if (topic->settings.compact
                && (p.highWatermark != p.compactedAt || now >= p.tombstoneExpiry || now >= p.lagDue))
                compact(*topic, qint32(i), now);
        }
    }
}

std::optional<QString> LogEngine::refusedByCompaction(const kafka::BatchView &batch)
{
    QList<kafka::Record> records;
    if (kafka::decodeRecords(batch, &records))
        return std::nullopt; // checked (and refused) by splitBatches before this
    for (const kafka::Record &record : std::as_const(records))
        if (!record.key)
            return QStringLiteral("Compacted topic cannot accept message without key in topic partition %1.");
    return std::nullopt;
}

bool LogEngine::compact(Topic &topic, qint32 partition, qint64 now)
{
    Partition &p = topic.partitions[size_t(partition)];
    p.compactedAt = p.highWatermark;
    p.lagDue = std::numeric_limits<qint64>::max();
    const bool tombstonesDue = now >= p.tombstoneExpiry;
    // The compactable part: the committed batches up to the first one
    // younger than min.compaction.lag.ms (held back, with all after it).
    const qint64 lag = topic.settings.minCompactionLagMs;
    std::vector<const Batch *> committed;
    bool heldBack = false;
    for (const Batch &b : p.batches) {
        if (b.lastOffset >= p.highWatermark)
            break;
        if (lag > 0 && b.maxTimestamp > now - lag) {
            heldBack = true;
            p.lagDue = b.maxTimestamp + lag;
            break;
        }
        committed.push_back(&b);
    }
    // The newest batch is never rewritten, but a batch followed by held
    // back ones is not the newest.
    const size_t rewritable = heldBack ? committed.size() : (committed.empty() ? 0 : committed.size() - 1);
    if (rewritable == 0)
        return false;
    // min.cleanable.dirty.ratio: the bytes not compacted yet (past what the
    // last run compacted) against all the rewritable ones; expired
    // tombstones are removed whatever the ratio.
    qint64 clean = 0;
    qint64 dirty = 0;
    for (size_t i = 0; i < rewritable; ++i)
        (committed[i]->lastOffset < p.cleanedTo ? clean : dirty) += committed[i]->size;
    if (!tombstonesDue && double(dirty) <= topic.settings.minCleanableDirtyRatio * double(clean + dirty))
        return false;
    p.tombstoneExpiry = std::numeric_limits<qint64>::max();
    p.cleanedTo = committed[rewritable - 1]->lastOffset + 1;
    QList<QByteArray> bytes;
    if (!fillBytes(topic, partition, committed, &bytes)) {
        qCWarning(lcLog).noquote() << QStringLiteral(
            "partition %1 of topic '%2' is not compacted: the store cannot be read")
                                          .arg(partition)
                                          .arg(topic.name);
        return false;
    }
    // Each key's last offset, and each producer's newest batch.
    QList<QList<kafka::Record>> records(qsizetype(committed.size()));
    QList<kafka::BatchHeader> headers(qsizetype(committed.size()));
    QHash<QByteArray, qint64> lastOffset;
    QHash<qint64, qsizetype> producerNewest;
    for (qsizetype i = 0; i < bytes.size(); ++i) {
        headers[i] = kafka::readBatchHeader(bytes[i]);
        if (headers[i].producerId >= 0)
            producerNewest.insert(headers[i].producerId, i);
        if (kafka::decodeRecords(kafka::BatchView{headers[i], bytes[i]}, &records[i])) {
            records[i].clear(); // cannot be looked into: kept as it is
            headers[i].recordCount = -1;
            continue;
        }
        for (const kafka::Record &r : std::as_const(records[i]))
            if (r.key)
                lastOffset.insert(*r.key, r.offset);
    }
    const qint64 compactedFrom = committed.front()->baseOffset;
    bool changed = false;
    std::deque<Batch> kept;
    qsizetype at = 0;
    for (Batch &batch : p.batches) {
        const qsizetype i = at++;
        if (i >= qsizetype(rewritable) || headers[i].recordCount < 0) {
            kept.push_back(std::move(batch)); // the newest, uncommitted, or unreadable: as it is
            continue;
        }
        QList<kafka::Record> keep;
        for (const kafka::Record &r : std::as_const(records[i])) {
            if (r.key && lastOffset.value(*r.key) != r.offset)
                continue; // a later record of its key
            if (r.key && !r.value) {
                const qint64 expiry = r.timestamp + topic.settings.deleteRetentionMs;
                if (now >= expiry)
                    continue; // a tombstone past delete.retention.ms
                p.tombstoneExpiry = qMin(p.tombstoneExpiry, expiry);
            }
            keep.append(r);
        }
        if (keep.size() == records[i].size()) {
            kept.push_back(std::move(batch));
            continue;
        }
        changed = true;
        dropBytes(batch);
        p.sizeBytes -= batch.size;
        if (keep.isEmpty() && producerNewest.value(headers[i].producerId, -1) != i) {
            if (m_store)
                m_store->removeBatch(topic.storeId, partition, batch.baseOffset);
            continue;
        }
        batch.bytes = kafka::encodeCompactedBatch(headers[i], keep);
        batch.size = qint32(batch.bytes.size());
        batch.maxTimestamp = kafka::readBatchHeader(batch.bytes).maxTimestamp;
        p.sizeBytes += batch.size;
        if (m_store) {
            const kafka::BatchHeader &h = headers[i];
            m_store->appendBatch(topic.storeId, partition,
                store::StoredBatch{batch.baseOffset, batch.lastOffset, batch.maxTimestamp, batch.size, h.producerId,
                    h.producerEpoch, h.baseSequence, batch.appendedAt, producerName(batch.producer)},
                batch.bytes);
            batch.rewrittenIn = m_store->pendingSequence();
            m_cached.push_back(Pending{m_topics.value(topic.name), partition, batch.baseOffset, batch.rewrittenIn});
            m_cachedBytes += batch.size;
        }
        kept.push_back(std::move(batch));
    }
    p.batches = std::move(kept);
    if (changed) {
        noteRemoval(topic, partition, p, compactedFrom, p.cleanedTo, now, QStringLiteral("compaction"));
        trimCache();
        emit topicsChanged();
    }
    return changed;
}

} // namespace depot::log
