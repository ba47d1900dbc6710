#pragma once

// Kafka record batches, magic 2 (protocol guide, "Record Batch"): the unit a
// producer sends, the log stores and a consumer fetches. Depot stores a
// batch as its producer sent it (compressed ones stay compressed) and serves
// it verbatim; only the base offset is rewritten on append (it lies outside
// the CRC), and the timestamps for a LogAppendTime topic (then the CRC is
// computed again). Records are decoded only where something must look
// inside them: validation, the window, the HTTP API, search.

#include "broker/kafka/codec/Decompress.h"
#include "broker/kafka/codec/KafkaProtocol.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

#include <optional>

namespace depot::kafka {

struct BatchHeader
{
    // Byte offsets inside a batch.
    static constexpr int BaseOffsetAt = 0;
    static constexpr int LengthAt = 8;
    static constexpr int MagicAt = 16;
    static constexpr int CrcAt = 17;
    static constexpr int AttributesAt = 21;
    static constexpr int MaxTimestampAt = 35;
    static constexpr int Size = 61;   // everything before the first record
    // batchLength counts from the leader epoch on: 12 bytes fewer than the batch.
    static constexpr int LengthOverhead = 12;

    qint64 baseOffset = 0;
    qint32 batchLength = 0;
    qint32 partitionLeaderEpoch = 0;
    qint8 magic = 0;
    quint32 crc = 0;
    qint16 attributes = 0;
    qint32 lastOffsetDelta = 0;
    qint64 baseTimestamp = 0;
    qint64 maxTimestamp = 0;
    qint64 producerId = -1;
    qint16 producerEpoch = -1;
    qint32 baseSequence = -1;
    qint32 recordCount = 0;

    Compression compression() const { return Compression(attributes & 0x07); }
    bool logAppendTime() const { return attributes & 0x08; }
    bool transactional() const { return attributes & 0x10; }
    bool control() const { return attributes & 0x20; }
    qsizetype totalSize() const { return qsizetype(batchLength) + LengthOverhead; }
};

struct RecordHeader
{
    QString key;
    std::optional<QByteArray> value;
};

struct Record
{
    qint64 offset = 0;
    qint64 timestamp = 0;
    std::optional<QByteArray> key;     // null key: nullopt
    std::optional<QByteArray> value;   // null value (a tombstone): nullopt
    QList<RecordHeader> headers;
};

// A batch found in a records blob, pointing into it.
struct BatchView
{
    BatchHeader header;
    QByteArrayView bytes;   // the whole batch, header included
};

// What a compressed batch (or message) may decompress to at most: more is
// CORRUPT_MESSAGE, refused before it is allocated. Kafka's own default
// message.max.bytes is 1 MiB per batch, compressed; 64 MiB decompressed
// covers any well-meant batch.
constexpr qsizetype MaxInflatedRecords = 64 * 1024 * 1024;

// Why a records blob was refused, in Kafka's terms.
struct BatchError
{
    ErrorCode code = ErrorCode::None;
    QString text;
};

// Reads the fixed header of the batch at the start of `bytes` (at least
// BatchHeader::Size bytes); does not check the CRC.
BatchHeader readBatchHeader(QByteArrayView bytes);

// Splits a Produce request's records into batches and checks each as the
// log will store it: magic 2 (INVALID_RECORD otherwise), a length that fits
// (CORRUPT_MESSAGE), the CRC-32C (CORRUPT_MESSAGE), a record count that
// agrees with lastOffsetDelta, compressed data that decompresses
// (CORRUPT_MESSAGE; an unknown codec: UNSUPPORTED_COMPRESSION_TYPE) and
// records that decode with consecutive offset deltas and no bytes left over
// (INVALID_RECORD). At least one batch.
std::optional<BatchError> splitBatches(QByteArrayView records, QList<BatchView> *batches);

// The records of one batch (offsets and timestamps made absolute; a stored
// batch that compaction rewrote skips the offsets of the records it removed),
// decompressed first when the batch is compressed (every codec Kafka has is
// built in; compressed data that does not decompress is CORRUPT_MESSAGE).
std::optional<BatchError> decodeRecords(const BatchView &batch, QList<Record> *records);

// Rewrites the batch's base offset in place (it is not covered by the CRC).
void setBaseOffset(QByteArray &batch, qint64 baseOffset);
// Marks the batch LogAppendTime with `timestamp` as its max timestamp and
// computes its CRC again (message.timestamp.type=LogAppendTime topics).
void stampLogAppendTime(QByteArray &batch, qint64 timestamp);

// Builds an uncompressed batch of `records` (offsets from 0, timestamps
// relative to the first): what the window and the HTTP API produce with,
// and the tests' source of well-formed batches.
QByteArray encodeBatch(const QList<Record> &records, qint64 producerId = -1, qint16 producerEpoch = -1,
                       qint32 baseSequence = -1);

// Rewrites a batch with only the `kept` records (compaction): the same base
// offset, last offset delta, producer id, epoch and base sequence, so the
// batch covers the same offsets and sequence numbers with records skipping
// the removed ones (Kafka's cleaner does the same); uncompressed; timestamps
// as the kept records have them (LogAppendTime: the batch's). `kept` may be
// empty: a batch kept only for its producer's sequence.
QByteArray encodeCompactedBatch(const BatchHeader &original, const QList<Record> &kept);

} // namespace depot::kafka
