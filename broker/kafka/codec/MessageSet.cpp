#include "broker/kafka/codec/MessageSet.h"

#include "broker/kafka/codec/KafkaWire.h"

#include <QtEndian>
#include <zlib.h>

namespace depot::kafka {

namespace {

// Offset and message size: what comes before each message's CRC.
constexpr qsizetype LogOverhead = 12;
// CRC, magic, attributes and the key and value lengths; magic 1 adds the
// 8-byte timestamp.
constexpr qsizetype MinMessageSize = 4 + 1 + 1 + 4 + 4;
constexpr qint8 TimestampTypeBit = 0x08;
constexpr qint8 CompressionBits = 0x07;

BatchError corrupt(const QString &text)
{
    return {ErrorCode::CorruptMessage, text};
}

// xxHash32 of fewer than 16 bytes (its short path): what an LZ4 frame's
// header checksum is made of.
quint32 xxh32Short(QByteArrayView bytes, quint32 seed = 0)
{
    constexpr quint32 P1 = 2654435761U, P2 = 2246822519U, P3 = 3266489917U, P4 = 668265263U, P5 = 374761393U;
    const auto rotl = [](quint32 x, int r) { return (x << r) | (x >> (32 - r)); };
    quint32 h = seed + P5 + quint32(bytes.size());
    qsizetype i = 0;
    for (; i + 4 <= bytes.size(); i += 4) {
        h += qFromLittleEndian<quint32>(bytes.data() + i) * P3;
        h = rotl(h, 17) * P4;
    }
    for (; i < bytes.size(); ++i) {
        h += quint32(quint8(bytes[i])) * P5;
        h = rotl(h, 11) * P1;
    }
    h ^= h >> 15;
    h *= P2;
    h ^= h >> 13;
    h *= P3;
    h ^= h >> 16;
    return h;
}

// Kafka 0.8's producers wrote lz4 in magic-0 messages with a wrong frame
// header checksum (over the magic number too, KAFKA-3160), and Kafka skips
// that checksum for magic 0: the right one is put in before decompressing.
// A frame too short to hold its header is left as it is (and refused).
void fixKafka08Lz4Checksum(QByteArray &frame)
{
    constexpr qsizetype DescriptorAt = 4; // after the magic number
    if (frame.size() < DescriptorAt + 3)
        return;
    const quint8 flags = quint8(frame[DescriptorAt]);
    const qsizetype descriptor = 2 + ((flags & 0x08) ? 8 : 0) + ((flags & 0x01) ? 4 : 0);
    if (frame.size() <= DescriptorAt + descriptor)
        return;
    const quint32 hash = xxh32Short(QByteArrayView(frame).sliced(DescriptorAt, descriptor));
    frame[DescriptorAt + descriptor] = char((hash >> 8) & 0xFF);
}

// A key or value: int32 length (-1: null) and the bytes.
std::optional<QByteArray> readBytes(wire::Reader &r, bool *bad)
{
    const qint32 length = r.int32();
    if (r.failed() || length < -1 || length > r.remaining()) {
        *bad = true;
        return std::nullopt;
    }
    if (length == -1)
        return std::nullopt;
    const QByteArrayView bytes = r.take(length);
    return QByteArray(bytes.data(), bytes.size());
}

struct Reading
{
    qint8 magic = -1; // of the first message: every other must have it
    QList<Record> records;
};

// Reads the messages of `set` into `reading`; `at` is where `set` starts
// in the request's records (for the error texts); `inside` is the wrapper
// message whose value `set` is (-1 at the top level).
std::optional<BatchError> readMessages(QByteArrayView set, qsizetype at, qsizetype inside, Reading &reading)
{
    qsizetype pos = 0;
    const QString where
        = inside < 0 ? QString() : QStringLiteral(" inside the compressed message at byte %1").arg(inside);
    while (pos < set.size()) {
        const qsizetype start = at + pos;
        const QByteArrayView rest = set.sliced(pos);
        if (rest.size() < LogOverhead + MinMessageSize)
            return corrupt(QStringLiteral("the message at byte %1%2 is cut short: %3 bytes")
                               .arg(start)
                               .arg(where)
                               .arg(rest.size()));
        const qint32 size = qFromBigEndian<qint32>(rest.data() + 8);
        if (size < MinMessageSize || size > rest.size() - LogOverhead)
            return corrupt(QStringLiteral("the message at byte %1%2 says it has %3 bytes, %4 remain")
                               .arg(start)
                               .arg(where)
                               .arg(size)
                               .arg(rest.size() - LogOverhead));
        const QByteArrayView message = rest.sliced(LogOverhead, size);
        const quint32 stored = qFromBigEndian<quint32>(message.data());
        const quint32 computed = messageCrc(message.sliced(4));
        if (stored != computed)
            return corrupt(QStringLiteral("the message at byte %1%2 fails its CRC-32 (stored %3, computed %4)")
                               .arg(start)
                               .arg(where)
                               .arg(stored, 8, 16, QLatin1Char('0'))
                               .arg(computed, 8, 16, QLatin1Char('0')));
        wire::Reader r(message.sliced(4));
        const qint8 magic = r.int8();
        const qint8 attributes = r.int8();
        if (magic != 0 && magic != 1)
            return {{ErrorCode::InvalidRecord,
                QStringLiteral("the message at byte %1%2 has magic %3 in a message set")
                    .arg(start)
                    .arg(where)
                    .arg(magic)}};
        if (reading.magic < 0)
            reading.magic = magic;
        if (magic != reading.magic)
            return {{ErrorCode::InvalidRecord,
                QStringLiteral("the message at byte %1%2 has magic %3 after messages of magic %4")
                    .arg(start)
                    .arg(where)
                    .arg(magic)
                    .arg(reading.magic)}};
        const qint8 defined = magic == 0 ? CompressionBits : qint8(CompressionBits | TimestampTypeBit);
        if (attributes & ~defined)
            return {{ErrorCode::InvalidRecord,
                QStringLiteral("the message at byte %1%2 has attributes 0x%3, which magic %4 does not define")
                    .arg(start)
                    .arg(where)
                    .arg(quint8(attributes), 2, 16, QLatin1Char('0'))
                    .arg(magic)}};
        const qint64 timestamp = magic == 1 ? r.int64() : -1;
        bool bad = r.failed();
        // Kafka refuses a negative timestamp other than -1 ("none"); it also
        // keeps the batch's timestamp deltas representable.
        if (!bad && timestamp < -1)
            return {{ErrorCode::InvalidTimestamp,
                QStringLiteral("the message at byte %1%2 has the timestamp %3; a timestamp is -1 or not negative")
                    .arg(start)
                    .arg(where)
                    .arg(timestamp)}};
        const std::optional<QByteArray> key = readBytes(r, &bad);
        const std::optional<QByteArray> value = readBytes(r, &bad);
        if (bad || !r.atEnd())
            return corrupt(QStringLiteral("the message at byte %1%2: its key and value do not fill its %3 bytes")
                               .arg(start)
                               .arg(where)
                               .arg(size));

        const auto compression = Compression(attributes & CompressionBits);
        if (compression == Compression::None) {
            Record record;
            record.timestamp = timestamp;
            record.key = key;
            record.value = value;
            reading.records.append(std::move(record));
        } else {
            if (inside >= 0)
                return corrupt(QStringLiteral("the message at byte %1%2 is compressed inside a compressed message")
                                   .arg(start)
                                   .arg(where));
            if (compression == Compression::Zstd || int(compression) > int(Compression::Zstd))
                return {{ErrorCode::UnsupportedCompressionType,
                    QStringLiteral("the message at byte %1 has compression %2, which magic %3 does not have%4")
                        .arg(start)
                        .arg(int(compression))
                        .arg(magic)
                        .arg(compression == Compression::Zstd ? QStringLiteral(" (zstd needs magic 2)") : QString())}};
            if (!value)
                return corrupt(QStringLiteral("the compressed message at byte %1 has a null value").arg(start));
            QByteArray compressed = *value;
            if (magic == 0 && compression == Compression::Lz4)
                fixKafka08Lz4Checksum(compressed);
            QString why;
            const std::optional<QByteArray> inflated = decompress(compression, compressed, MaxInflatedRecords, &why);
            if (!inflated)
                return corrupt(QStringLiteral("the compressed message at byte %1 (%2): %3")
                                   .arg(start)
                                   .arg(compressionName(compression), why));
            const qsizetype before = reading.records.size();
            if (auto error = readMessages(*inflated, 0, start, reading))
                return error;
            if (reading.records.size() == before)
                return corrupt(QStringLiteral("the compressed message at byte %1 holds no message").arg(start));
            // A LogAppendTime wrapper's timestamp is every inner message's.
            if (attributes & TimestampTypeBit) {
                for (qsizetype i = before; i < reading.records.size(); ++i)
                    reading.records[i].timestamp = timestamp;
            }
        }
        pos += LogOverhead + size;
    }
    return std::nullopt;
}

} // namespace

quint32 messageCrc(QByteArrayView bytes)
{
    uLong crc = crc32(0L, Z_NULL, 0);
    // zlib takes at most uInt at a time; a message is far below that.
    crc = crc32(crc, reinterpret_cast<const Bytef *>(bytes.data()), uInt(bytes.size()));
    return quint32(crc);
}

bool isMessageSet(QByteArrayView records)
{
    return records.size() > BatchHeader::MagicAt
        && (records[BatchHeader::MagicAt] == 0 || records[BatchHeader::MagicAt] == 1);
}

std::optional<BatchError> convertMessageSet(QByteArrayView records, QByteArray *batch)
{
    Reading reading;
    if (auto error = readMessages(records, 0, -1, reading))
        return error;
    if (reading.records.isEmpty())
        return corrupt(QStringLiteral("no message"));
    *batch = encodeBatch(reading.records);
    return std::nullopt;
}

} // namespace depot::kafka
