#include "broker/log/ProducerSequences.h"

#include <limits>

namespace depot::log {

using kafka::ErrorCode;

qint32 ProducerSequences::lastSequence(qint32 baseSequence, qint32 lastOffsetDelta)
{
    const qint64 last = qint64(baseSequence) + lastOffsetDelta;
    const qint64 span = qint64(std::numeric_limits<qint32>::max()) + 1;
    return qint32(last % span);
}

ProducerSequences::Check ProducerSequences::check(qint64 producerId, qint16 epoch, qint32 firstSequence,
                                                  qint32 lastSequence) const
{
    Check result;
    const auto it = m_producers.constFind(producerId);
    if (it == m_producers.constEnd()) {
        // A producer this partition has not seen starts at 0 (Kafka's rule);
        // anything else means its earlier batches are unknown here.
        if (firstSequence != 0) {
            result.error = ErrorCode::UnknownProducerId;
            result.message = QStringLiteral("Producer %1 is not known to this partition and its batch starts at"
                                            " sequence %2, not 0")
                                 .arg(producerId)
                                 .arg(firstSequence);
        }
        return result;
    }
    const Producer &producer = *it;
    if (epoch < producer.epoch) {
        result.error = ErrorCode::InvalidProducerEpoch;
        result.message = QStringLiteral("Producer %1's epoch %2 is older than its current epoch %3")
                             .arg(producerId)
                             .arg(epoch)
                             .arg(producer.epoch);
        return result;
    }
    if (epoch > producer.epoch) {
        if (firstSequence != 0) {
            result.error = ErrorCode::OutOfOrderSequenceNumber;
            result.message = QStringLiteral("Invalid sequence number for new epoch %1 of producer %2: %3 (expected 0)")
                                 .arg(epoch)
                                 .arg(producerId)
                                 .arg(firstSequence);
        }
        return result;
    }
    for (const Batch &b : producer.recent) {
        if (b.firstSequence == firstSequence && b.lastSequence == lastSequence) {
            result.duplicateOf = b.baseOffset;
            return result;
        }
    }
    const qint32 last = producer.recent.empty() ? -1 : producer.recent.back().lastSequence;
    const qint32 expected = last == std::numeric_limits<qint32>::max() ? 0 : last + 1;
    if (firstSequence != expected) {
        // Older than the batches kept: a duplicate Depot can no longer
        // answer with its offset; newer: a batch in between is missing.
        const bool older = !producer.recent.empty() && firstSequence < producer.recent.front().firstSequence
            && firstSequence < expected;
        result.error = older ? ErrorCode::DuplicateSequenceNumber : ErrorCode::OutOfOrderSequenceNumber;
        result.message = QStringLiteral("Out of order sequence number for producer %1: %2 (expected %3)")
                             .arg(producerId)
                             .arg(firstSequence)
                             .arg(expected);
    }
    return result;
}

void ProducerSequences::record(qint64 producerId, qint16 epoch, qint32 firstSequence, qint32 lastSequence,
                               qint64 baseOffset)
{
    Producer &producer = m_producers[producerId];
    if (epoch != producer.epoch) {
        producer.epoch = epoch;
        producer.recent.clear();
    }
    producer.recent.push_back(Batch{firstSequence, lastSequence, baseOffset});
    while (producer.recent.size() > size_t(RecentBatches))
        producer.recent.pop_front();
}

} // namespace depot::log
