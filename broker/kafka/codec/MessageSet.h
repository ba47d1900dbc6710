#pragma once

// Kafka's message sets before record batches (protocol guide, "Message
// sets"; KIP-31/32): messages of magic 0 and 1, which Produce v0-v2 may
// carry. Each message is
//   offset int64, message size int32, CRC-32 (IEEE, over the rest) uint32,
//   magic int8, attributes int8 (bits 0-2: compression; magic 1, bit 3:
//   LogAppendTime), timestamp int64 (magic 1 only), key bytes, value bytes
// and a compressed message is a wrapper whose value is a whole message set
// (of the same magic) compressed with the wrapper's codec.
//
// Depot's log holds magic-2 batches only, as Kafka's does since 0.11 (its
// message.format.version): a message set is converted to one uncompressed
// magic-2 batch of the same records (keys, values, timestamps; magic 0 has
// no timestamp: -1) before it is checked and stored like any other batch.
// Kafka recompresses a converted set with the producer's codec; Depot
// stores it uncompressed (docs/kafka.md). As Kafka does, the LZ4 frame
// header checksum of a magic-0 message is not held against it (Kafka 0.8
// computed it wrongly).

#include "broker/kafka/codec/RecordBatch.h"

#include <QByteArray>
#include <QByteArrayView>
#include <optional>

namespace depot::kafka {

// The CRC-32 (IEEE, zlib's) a message carries over its bytes from the
// magic on.
quint32 messageCrc(QByteArrayView bytes);

// True when `records` starts with a message of magic 0 or 1 (rather than a
// magic-2 batch): what convertMessageSet takes.
bool isMessageSet(QByteArrayView records);

// `records` (a whole message set: every message of one magic, 0 or 1)
// as one uncompressed magic-2 batch in `batch`. Refused as Kafka refuses
// them: a size that does not fit, a message cut short, bytes left over, a
// null or negative-length key or value that does not fit, a CRC-32 that does
// not match (all CORRUPT_MESSAGE), a compressed message inside a compressed
// one or compressed data that does not decompress (CORRUPT_MESSAGE), magics
// mixed or an attribute bit Kafka does not define (INVALID_RECORD), zstd
// (which needs magic 2) or an unknown codec (UNSUPPORTED_COMPRESSION_TYPE),
// no message at all (CORRUPT_MESSAGE). The error text names the byte where
// the bad message starts.
std::optional<BatchError> convertMessageSet(QByteArrayView records, QByteArray *batch);

} // namespace depot::kafka
