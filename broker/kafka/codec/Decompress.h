#pragma once

// The codecs of compressed record batches (attributes bits 0-2): gzip,
// snappy (raw, or in the xerial framing Kafka's Java clients and
// kafka-python write), lz4 (the LZ4 frame format) and zstd. Depot only
// decompresses to look inside a batch (ListOffsets by time, the window, the
// HTTP API); what it stores and serves stays as the producer compressed it.

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <optional>

namespace depot::kafka {

enum class Compression : quint8 { None = 0, Gzip = 1, Snappy = 2, Lz4 = 3, Zstd = 4 };

QString compressionName(Compression c);

// `in` decompressed with codec `c` (not None), or nullopt with `why` set
// when it does not decompress (damaged, truncated, an unknown codec) or
// would grow past `limit` bytes: a small batch claiming gigabytes is
// refused before it is allocated.
std::optional<QByteArray> decompress(Compression c, QByteArrayView in, qsizetype limit, QString *why);

} // namespace depot::kafka
