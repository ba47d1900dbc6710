#pragma once

// ProducerSequences: what one partition knows of its idempotent producers
// (Kafka's producer state, idempotence only: Depot has no transactions).
// A producer (id and epoch from InitProducerId) numbers its batches per
// partition; a batch must continue its producer's sequence, a retry of one
// of its last five batches is recognised and answered with the offset it
// got then, anything else is refused, so a retried Produce is never stored
// twice and a lost one never skipped. Rebuilt at start from the producer
// fields kept in the store's index of batches.

#include "broker/kafka/codec/KafkaProtocol.h"

#include <QHash>
#include <QString>

#include <deque>
#include <optional>

namespace depot::log {

class ProducerSequences
{
public:
    // Kafka keeps this many batches per producer (max.in.flight for idempotence).
    static constexpr int RecentBatches = 5;

    struct Check
    {
        kafka::ErrorCode error = kafka::ErrorCode::None;
        QString message;
        std::optional<qint64> duplicateOf;   // the base offset the batch got the first time
    };

    // The sequence of a batch's last record (sequences wrap after INT32_MAX).
    static qint32 lastSequence(qint32 baseSequence, qint32 lastOffsetDelta);

    Check check(qint64 producerId, qint16 epoch, qint32 firstSequence, qint32 lastSequence) const;
    void record(qint64 producerId, qint16 epoch, qint32 firstSequence, qint32 lastSequence, qint64 baseOffset);

private:
    struct Batch
    {
        qint32 firstSequence = 0;
        qint32 lastSequence = 0;
        qint64 baseOffset = 0;
    };
    struct Producer
    {
        qint16 epoch = -1;
        std::deque<Batch> recent;   // oldest first
    };
    QHash<qint64, Producer> m_producers;
};

} // namespace depot::log
