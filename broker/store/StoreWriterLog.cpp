#include "broker/store/StoreWriter.h"

// StoreWriterLog.cpp: the log engine's operations on the writer thread
// (schema version 8: log_topics, log_partitions, log_batches,
// group_offsets; version 12: log_removals). They ride in the same hand-overs, and so the same group
// commits, as the queue engine's. Every statement is idempotent, so a retry
// after a commit that failed its check (StoreWriter::commitPending) applies
// the same operations again without harm.

namespace depot::store {

namespace {

QString text(const QString &s)
{
    return s.isNull() ? QString(QLatin1String("")) : s;
}

} // namespace

bool LogStoreWriter::prepare(QSqlDatabase &db, QSqlError *error)
{
    const auto prepareOne = [&](std::unique_ptr<QSqlQuery> &query, const QString &sql) {
        query = std::make_unique<QSqlQuery>(db);
        if (query->prepare(sql))
            return true;
        *error = query->lastError();
        return false;
    };
    return prepareOne(m_putTopic,
               QStringLiteral("INSERT OR REPLACE INTO log_topics (id, name, partitions, settings) VALUES (?, ?, ?, ?)"))
        && prepareOne(m_putPartition,
            QStringLiteral("INSERT OR IGNORE INTO log_partitions (topic_id, partition, log_start_offset)"
                           " VALUES (?, ?, 0)"))
        && prepareOne(m_removeTopic, QStringLiteral("DELETE FROM log_topics WHERE id = ?"))
        && prepareOne(m_removePartitions, QStringLiteral("DELETE FROM log_partitions WHERE topic_id = ?"))
        && prepareOne(m_removeBatches, QStringLiteral("DELETE FROM log_batches WHERE topic_id = ?"))
        && prepareOne(m_appendBatch,
            QStringLiteral("INSERT OR REPLACE INTO log_batches (topic_id, partition, base_offset, last_offset,"
                           " max_timestamp, producer_id, producer_epoch, base_sequence, bytes, appended_at,"
                           " producer) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"))
        && prepareOne(m_truncateBatches,
            QStringLiteral("DELETE FROM log_batches WHERE topic_id = ? AND partition = ? AND base_offset < ?"))
        && prepareOne(m_truncatePartition,
            QStringLiteral("UPDATE log_partitions SET log_start_offset = ? WHERE topic_id = ? AND partition = ?"))
        && prepareOne(m_putGroupOffset,
            QStringLiteral("INSERT OR REPLACE INTO group_offsets (group_id, topic, partition, committed_offset,"
                           " metadata, committed_at, committer) VALUES (?, ?, ?, ?, ?, ?, ?)"))
        && prepareOne(m_removeGroupOffsets, QStringLiteral("DELETE FROM group_offsets WHERE group_id = ?"))
        && prepareOne(m_removeBatch,
            QStringLiteral("DELETE FROM log_batches WHERE topic_id = ? AND partition = ? AND base_offset = ?"))
        && prepareOne(m_putRemoval,
            QStringLiteral("INSERT OR REPLACE INTO log_removals (topic_id, partition, from_offset, to_offset, at, why)"
                           " VALUES (?, ?, ?, ?, ?, ?)"))
        && prepareOne(m_trimRemovals,
            QStringLiteral("DELETE FROM log_removals WHERE topic_id = ? AND partition = ? AND rowid NOT IN"
                           " (SELECT rowid FROM log_removals WHERE topic_id = ? AND partition = ?"
                           " ORDER BY rowid DESC LIMIT ?)"))
        && prepareOne(m_removeRemovals, QStringLiteral("DELETE FROM log_removals WHERE topic_id = ?"));
}

void LogStoreWriter::reset()
{
    for (auto *q : {&m_putTopic, &m_putPartition, &m_removeTopic, &m_removePartitions, &m_removeBatches,
             &m_appendBatch, &m_truncateBatches, &m_truncatePartition, &m_putGroupOffset, &m_removeGroupOffsets,
             &m_removeBatch, &m_putRemoval, &m_trimRemovals, &m_removeRemovals})
        q->reset();
}

bool LogStoreWriter::apply(const StoreOp &op, QSqlError *error)
{
    const auto exec = [error](QSqlQuery &q) {
        if (q.exec())
            return true;
        *error = q.lastError();
        return false;
    };
    using Kind = StoreOp::Kind;
    switch (op.kind) {
    case Kind::PutTopic:
        m_putTopic->bindValue(0, op.queueId);
        m_putTopic->bindValue(1, text(op.strings.value(0)));
        m_putTopic->bindValue(2, op.number);
        m_putTopic->bindValue(3, op.blob);
        if (!exec(*m_putTopic))
            return false;
        for (qint64 partition = 0; partition < op.number; ++partition) {
            m_putPartition->bindValue(0, op.queueId);
            m_putPartition->bindValue(1, partition);
            if (!exec(*m_putPartition))
                return false;
        }
        return true;
    case Kind::RemoveTopic:
        m_removeBatches->bindValue(0, op.queueId);
        m_removePartitions->bindValue(0, op.queueId);
        m_removeTopic->bindValue(0, op.queueId);
        m_removeRemovals->bindValue(0, op.queueId);
        return exec(*m_removeBatches) && exec(*m_removePartitions) && exec(*m_removeTopic)
            && exec(*m_removeRemovals);
    case Kind::AppendBatch:
        m_appendBatch->bindValue(0, op.queueId);
        m_appendBatch->bindValue(1, op.number);
        m_appendBatch->bindValue(2, op.number2);
        m_appendBatch->bindValue(3, qint64(op.id));
        m_appendBatch->bindValue(4, op.number3);
        m_appendBatch->bindValue(5, op.number4);
        m_appendBatch->bindValue(6, qint64(qint16(quint16(quint64(op.number5) >> 32))));
        m_appendBatch->bindValue(7, qint64(qint32(quint32(quint64(op.number5) & 0xffffffffu))));
        m_appendBatch->bindValue(8, op.blob);
        m_appendBatch->bindValue(9, op.message.enqueuedAt);
        m_appendBatch->bindValue(10, text(op.strings.value(0)));
        return exec(*m_appendBatch);
    case Kind::TruncateLog:
        m_truncateBatches->bindValue(0, op.queueId);
        m_truncateBatches->bindValue(1, op.number);
        m_truncateBatches->bindValue(2, op.number2);
        m_truncatePartition->bindValue(0, op.number2);
        m_truncatePartition->bindValue(1, op.queueId);
        m_truncatePartition->bindValue(2, op.number);
        return exec(*m_truncateBatches) && exec(*m_truncatePartition);
    case Kind::PutGroupOffset:
        m_putGroupOffset->bindValue(0, text(op.strings.value(0)));
        m_putGroupOffset->bindValue(1, text(op.strings.value(1)));
        m_putGroupOffset->bindValue(2, op.number);
        m_putGroupOffset->bindValue(3, op.number2);
        // A null metadata stays NULL: OffsetFetch tells it from "".
        m_putGroupOffset->bindValue(4, op.strings.value(2).isNull() ? QVariant(QMetaType(QMetaType::QString))
                                                                    : QVariant(op.strings.value(2)));
        m_putGroupOffset->bindValue(5, op.number3);
        m_putGroupOffset->bindValue(6, text(op.strings.value(3)));
        return exec(*m_putGroupOffset);
    case Kind::RemoveGroupOffsets:
        m_removeGroupOffsets->bindValue(0, text(op.strings.value(0)));
        return exec(*m_removeGroupOffsets);
    case Kind::RemoveBatch:
        m_removeBatch->bindValue(0, op.queueId);
        m_removeBatch->bindValue(1, op.number);
        m_removeBatch->bindValue(2, op.number2);
        return exec(*m_removeBatch);
    case Kind::PutRemoval:
        m_putRemoval->bindValue(0, op.queueId);
        m_putRemoval->bindValue(1, op.number);
        m_putRemoval->bindValue(2, op.number2);
        m_putRemoval->bindValue(3, op.number3);
        m_putRemoval->bindValue(4, op.number4);
        m_putRemoval->bindValue(5, text(op.strings.value(0)));
        m_trimRemovals->bindValue(0, op.queueId);
        m_trimRemovals->bindValue(1, op.number);
        m_trimRemovals->bindValue(2, op.queueId);
        m_trimRemovals->bindValue(3, op.number);
        m_trimRemovals->bindValue(4, op.number5);
        return exec(*m_putRemoval) && exec(*m_trimRemovals);
    default:
        return true;
    }
}

} // namespace depot::store
