#pragma once

// StoreCodec: the binary layouts Depot writes into its SQLite columns.
//
// Message rows are kept compact because the writer inserts hundreds of
// thousands of them per second and recovery scans all of them:
//   state   fixed 34 bytes, little-endian (see encodeState), read at recovery;
//   content a versioned, length-prefixed record of exchange, routing key,
//           properties, dead-letter history, group key, deduplication id,
//           typed TTL and priority, origin (where it was first enqueued),
//           and body, read only when a body is
//           needed.
// Definitions (queues, exchanges, binding arguments) are rare and use
// QDataStream behind a format byte.
//
// Decoders validate every length: a damaged row yields nullopt/null, never a
// crash or an out-of-bounds read.

#include "broker/engine/Message.h"

#include <QByteArray>
#include <QByteArrayView>

#include <optional>
#include <vector>

namespace depot::store::codec {

// ---- message state (the compact index entry) ----
constexpr int StateSize = 34;

struct State
{
    qint64 enqueuedAt = 0;
    qint64 expiresAt = 0;
    qint64 readyAt = 0;
    quint32 bodySize = 0;
    quint32 deliveryCount = 0;
    quint8 priority = 0;
    bool redelivered = false;
    bool persistent = true;

    bool operator==(const State &) const = default;
};

State stateOf(const QueuedMessage &message);
void encodeState(const State &state, char out[StateSize]);
std::optional<State> decodeState(QByteArrayView bytes);

// deliveryCount and redelivered change on every delivery; the writer stores
// them in a separate integer column instead of rewriting the state blob.
constexpr qint64 packDelivery(quint32 deliveryCount, bool redelivered)
{
    return (qint64(deliveryCount) << 1) | (redelivered ? 1 : 0);
}

// The `delivery` column holds the packed state with bit 40 set, so every
// value Depot writes there takes SQLite's same 6-byte integer form (a packed
// state is below 2^34). An UPDATE that keeps a row's size is done in place,
// writing only the pages that changed; one that changes it (NULL to a 1-byte
// integer) rewrites the whole row, the overflow pages of a large body
// included: measured on a 64 KiB body, 267 us and 22 KB of WAL per update
// against 33 us and 0.5 KB. Rows written before (NULL, or a plain packed
// value from a requeue) read the same through packedFromColumn.
constexpr qint64 DeliveryColumnMark = qint64(1) << 40;
constexpr qint64 deliveryColumn(qint64 packed)
{
    return DeliveryColumnMark | packed;
}
constexpr qint64 packedFromColumn(qint64 value)
{
    return value & (DeliveryColumnMark - 1);
}

// ---- message content ----
// Appends the encoding of `content` to `out` (which the caller reuses between
// messages so the hot path does not allocate).
void appendContent(const MessageContent &content, std::vector<char> &out);
QByteArray encodeContent(const MessageContent &content);
ContentPtr decodeContent(QByteArrayView bytes);

// ---- definitions ----
QByteArray encodeQueueDef(const QueueDef &def);
std::optional<QueueDef> decodeQueueDef(QByteArrayView bytes);
QByteArray encodeExchangeDef(const ExchangeDef &def);
std::optional<ExchangeDef> decodeExchangeDef(QByteArrayView bytes);
// Deterministic for equal maps (QMap order), so bindings can be unique on it.
QByteArray encodeArguments(const QVariantMap &arguments);
std::optional<QVariantMap> decodeArguments(QByteArrayView bytes);

} // namespace depot::store::codec
