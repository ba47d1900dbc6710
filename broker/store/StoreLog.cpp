#include "broker/store/StorePrivate.h"

#include <QDir>
#include <QLoggingCategory>
#include <QSqlError>
#include <QSqlQuery>

// StoreLog.cpp: the log engine's side of the store (schema version 8).
// Topics, their partitions' log start offsets and the index of their
// batches are loaded at open; batch bytes are read on demand through the
// read-only connection (the log engine keeps recent ones in memory).
// Mutations are buffered and group-committed with the queue engine's.

Q_DECLARE_LOGGING_CATEGORY(lcDepotStore)

namespace depot::store {

bool Store::loadLogState(QSqlDatabase &db, QString *error)
{
    Private &d = *this->d;
    QSqlQuery q(db);
    q.setForwardOnly(true);
    auto damaged = [&](const QString &what) {
        *error = QStringLiteral("depot: %1 is damaged (%2); refusing to start — move it away or choose another"
                                " --data-dir")
                     .arg(QDir::toNativeSeparators(d.path), what);
        return false;
    };
    RecoveredLogs &logs = d.recoveredLogs;
    QHash<qint64, qsizetype> topicIndex;
    if (!q.exec(QStringLiteral("SELECT id, name, partitions, settings FROM log_topics ORDER BY name")))
        return damaged(q.lastError().text());
    while (q.next()) {
        RecoveredTopic topic;
        topic.storeId = q.value(0).toLongLong();
        topic.name = q.value(1).toString();
        const qint64 partitions = q.value(2).toLongLong();
        if (partitions < 1 || partitions > 1000000)
            return damaged(QStringLiteral("topic '%1' has %2 partitions").arg(topic.name).arg(partitions));
        topic.partitions.resize(partitions);
        topic.settings = q.value(3).toByteArray();
        d.maxTopicId = qMax(d.maxTopicId, topic.storeId);
        topicIndex.insert(topic.storeId, logs.topics.size());
        logs.topics.append(std::move(topic));
    }
    if (q.lastError().isValid())
        return damaged(q.lastError().text());
    const auto partitionOf = [&](qint64 topicId, qint64 partition) -> RecoveredPartition * {
        const qsizetype index = topicIndex.value(topicId, -1);
        if (index < 0 || partition < 0 || partition >= logs.topics[index].partitions.size())
            return nullptr;
        return &logs.topics[index].partitions[partition];
    };
    if (!q.exec(QStringLiteral("SELECT topic_id, partition, log_start_offset FROM log_partitions")))
        return damaged(q.lastError().text());
    while (q.next()) {
        if (RecoveredPartition *p = partitionOf(q.value(0).toLongLong(), q.value(1).toLongLong()))
            p->logStartOffset = q.value(2).toLongLong();
    }
    // The index only: length() of a blob is read from the row's header,
    // never from its overflow pages.
    if (!q.exec(QStringLiteral("SELECT topic_id, partition, base_offset, last_offset, max_timestamp, length(bytes),"
                               " producer_id, producer_epoch, base_sequence, appended_at, producer"
                               " FROM log_batches ORDER BY topic_id, partition, base_offset")))
        return damaged(q.lastError().text());
    quint64 orphans = 0;
    while (q.next()) {
        RecoveredPartition *p = partitionOf(q.value(0).toLongLong(), q.value(1).toLongLong());
        if (!p) {
            ++orphans;
            continue;
        }
        StoredBatch batch;
        batch.baseOffset = q.value(2).toLongLong();
        batch.lastOffset = q.value(3).toLongLong();
        batch.maxTimestamp = q.value(4).toLongLong();
        batch.size = qint32(q.value(5).toLongLong());
        batch.producerId = q.value(6).toLongLong();
        batch.producerEpoch = qint16(q.value(7).toInt());
        batch.baseSequence = q.value(8).toInt();
        batch.appendedAt = q.value(9).toLongLong();
        batch.producer = q.value(10).toString();
        if (batch.lastOffset < batch.baseOffset
            || (!p->batches.isEmpty() && batch.baseOffset <= p->batches.last().lastOffset))
            return damaged(QStringLiteral("overlapping batches at offset %1 of a partition").arg(batch.baseOffset));
        p->batches.append(batch);
    }
    if (q.lastError().isValid())
        return damaged(q.lastError().text());
    if (!q.exec(QStringLiteral("SELECT topic_id, partition, from_offset, to_offset, at, why FROM log_removals"
                               " ORDER BY topic_id, partition, rowid")))
        return damaged(q.lastError().text());
    while (q.next()) {
        if (RecoveredPartition *p = partitionOf(q.value(0).toLongLong(), q.value(1).toLongLong()))
            p->removals.append(StoredRemoval{q.value(2).toLongLong(), q.value(3).toLongLong(), q.value(4).toLongLong(),
                                             q.value(5).toString()});
    }
    if (q.lastError().isValid())
        return damaged(q.lastError().text());
    if (!q.exec(QStringLiteral("SELECT group_id, topic, partition, committed_offset, metadata, committed_at, committer"
                               " FROM group_offsets ORDER BY group_id, topic, partition")))
        return damaged(q.lastError().text());
    while (q.next()) {
        const QVariant metadata = q.value(4);
        logs.offsets.append(StoredGroupOffset{q.value(0).toString(), q.value(1).toString(), q.value(2).toInt(),
                                              q.value(3).toLongLong(),
                                              metadata.isNull() ? QString() : metadata.toString(),
                                              q.value(5).toLongLong(), q.value(6).toString()});
    }
    if (q.lastError().isValid())
        return damaged(q.lastError().text());
    for (const RecoveredTopic &topic : std::as_const(logs.topics)) {
        qint64 batches = 0;
        for (const RecoveredPartition &p : topic.partitions)
            batches += p.batches.size();
        qCInfo(lcDepotStore).noquote() << QStringLiteral("recovered topic '%1': %2 partitions, %3 batches")
                                              .arg(topic.name)
                                              .arg(topic.partitions.size())
                                              .arg(batches);
    }
    if (orphans)
        qCWarning(lcDepotStore).noquote()
            << QStringLiteral("%1 stored batches belong to no stored topic; ignored").arg(orphans);
    return true;
}

RecoveredLogs Store::recoverLogs()
{
    if (d->recoveredLogsTaken) {
        qCWarning(lcDepotStore) << "recoverLogs() called twice; the durable logs were already handed out";
        return {};
    }
    d->recoveredLogsTaken = true;
    return std::exchange(d->recoveredLogs, RecoveredLogs{});
}

qint64 Store::putTopic(const QString &name, qint32 partitions, const QByteArray &settings)
{
    StoreOp op;
    op.kind = StoreOp::Kind::PutTopic;
    op.queueId = ++d->maxTopicId;
    op.strings = QStringList{name};
    op.number = partitions;
    op.blob = settings;
    enqueue(std::move(op));
    return d->maxTopicId;
}

void Store::updateTopic(qint64 topicId, const QString &name, qint32 partitions, const QByteArray &settings)
{
    // PutTopic replaces the topic's row; its partitions' rows are kept.
    StoreOp op;
    op.kind = StoreOp::Kind::PutTopic;
    op.queueId = topicId;
    op.strings = QStringList{name};
    op.number = partitions;
    op.blob = settings;
    enqueue(std::move(op));
}

void Store::removeTopic(qint64 topicId)
{
    StoreOp op;
    op.kind = StoreOp::Kind::RemoveTopic;
    op.queueId = topicId;
    enqueue(std::move(op));
}

void Store::appendBatch(qint64 topicId, qint32 partition, const StoredBatch &batch, const QByteArray &bytes)
{
    StoreOp op;
    op.kind = StoreOp::Kind::AppendBatch;
    op.queueId = topicId;
    op.number = partition;
    op.number2 = batch.baseOffset;
    op.id = MessageId(batch.lastOffset);
    op.number3 = batch.maxTimestamp;
    op.number4 = batch.producerId;
    op.number5 = qint64((quint64(quint16(batch.producerEpoch)) << 32) | quint32(batch.baseSequence));
    op.blob = bytes;   // shared, not copied
    op.message.enqueuedAt = batch.appendedAt;
    if (!batch.producer.isEmpty())
        op.strings = QStringList{batch.producer};
    enqueue(std::move(op));
}

namespace {

// An operation on one partition at one offset (TruncateLog, RemoveBatch).
StoreOp partitionOp(StoreOp::Kind kind, qint64 topicId, qint32 partition, qint64 offset)
{
    StoreOp op;
    op.kind = kind;
    op.queueId = topicId;
    op.number = partition;
    op.number2 = offset;
    return op;
}

} // namespace

void Store::truncateLog(qint64 topicId, qint32 partition, qint64 logStartOffset)
{
    enqueue(partitionOp(StoreOp::Kind::TruncateLog, topicId, partition, logStartOffset));
}

void Store::removeBatch(qint64 topicId, qint32 partition, qint64 baseOffset)
{
    enqueue(partitionOp(StoreOp::Kind::RemoveBatch, topicId, partition, baseOffset));
}

void Store::putRemoval(qint64 topicId, qint32 partition, const StoredRemoval &removal, int keep)
{
    StoreOp op;
    op.kind = StoreOp::Kind::PutRemoval;
    op.queueId = topicId;
    op.number = partition;
    op.number2 = removal.from;
    op.number3 = removal.to;
    op.number4 = removal.at;
    op.number5 = keep;
    op.strings = QStringList{removal.why};
    enqueue(std::move(op));
}

void Store::putGroupOffset(const StoredGroupOffset &offset)
{
    StoreOp op;
    op.kind = StoreOp::Kind::PutGroupOffset;
    op.strings = QStringList{offset.group, offset.topic, offset.metadata, offset.committer};
    op.number = offset.partition;
    op.number2 = offset.offset;
    op.number3 = offset.committedAt;
    enqueue(std::move(op));
}

void Store::removeGroupOffsets(const QString &group)
{
    StoreOp op;
    op.kind = StoreOp::Kind::RemoveGroupOffsets;
    op.strings = QStringList{group};
    enqueue(std::move(op));
}

QList<QByteArray> Store::loadBatches(qint64 topicId, qint32 partition, qint64 fromBaseOffset, qint64 toBaseOffset,
                                     bool *ok)
{
    QList<QByteArray> result;
    if (ok)
        *ok = true;
    if (d->path.isEmpty())
        return result;
    QString failure;
    QSqlDatabase db = readDatabase(&failure);
    if (failure.isEmpty()) {
        QSqlQuery q(db);
        q.setForwardOnly(true);
        if (!q.prepare(QStringLiteral("SELECT bytes FROM log_batches WHERE topic_id = ? AND partition = ?"
                                      " AND base_offset >= ? AND base_offset <= ? ORDER BY base_offset"))) {
            failure = q.lastError().text();
        } else {
            q.addBindValue(topicId);
            q.addBindValue(partition);
            q.addBindValue(fromBaseOffset);
            q.addBindValue(toBaseOffset);
            if (!q.exec())
                failure = q.lastError().text();
            while (failure.isEmpty() && q.next())
                result.append(q.value(0).toByteArray());
            if (failure.isEmpty() && q.lastError().isValid())
                failure = q.lastError().text();
        }
    }
    noteReadResult(failure, QStringLiteral("log batches"));
    if (!failure.isEmpty()) {
        if (ok)
            *ok = false;
        return {};
    }
    return result;
}

} // namespace depot::store
