#include "broker/kafka/codec/RecordBatch.h"

#include "broker/kafka/codec/Crc32c.h"

#include <QtEndian>

namespace depot::kafka {

namespace {

BatchError corrupt(const QString &text)
{
    return {ErrorCode::CorruptMessage, text};
}

BatchError invalid(const QString &text)
{
    return {ErrorCode::InvalidRecord, text};
}

// Decodes the batch's records from `r` into `out` (or only checks them when
// `out` is null), nothing left over. `contiguous`: each record's offset delta
// must be its index, as a producer writes them; otherwise (a stored batch,
// which compaction may have rewritten with gaps) the deltas must rise and
// stay within the batch's last offset delta.
std::optional<BatchError> readRecords(wire::Reader &r, const BatchHeader &h, QList<Record> *out, bool contiguous)
{
    qint32 previousDelta = -1;
    for (qint32 i = 0; i < h.recordCount; ++i) {
        const qint32 length = r.varint();
        if (r.failed() || length < 0 || length > r.remaining())
            return invalid(QStringLiteral("record %1 of %2 has length %3 with %4 bytes left")
                               .arg(i)
                               .arg(h.recordCount)
                               .arg(length)
                               .arg(r.remaining()));
        wire::Reader body(r.take(length));
        Record rec;
        body.int8();   // attributes: unused in magic 2
        const qint64 timestampDelta = body.varlong();
        const qint32 offsetDelta = body.varint();
        const qint32 keyLength = body.varint();
        // Without `out` (validation on the produce path) nothing is copied.
        if (keyLength >= 0) {
            const QByteArrayView key = body.take(keyLength);
            if (out)
                rec.key = key.toByteArray();
        }
        else if (keyLength != -1)
            body.fail(QStringLiteral("key length %1").arg(keyLength));
        const qint32 valueLength = body.varint();
        if (valueLength >= 0) {
            const QByteArrayView value = body.take(valueLength);
            if (out)
                rec.value = value.toByteArray();
        }
        else if (valueLength != -1)
            body.fail(QStringLiteral("value length %1").arg(valueLength));
        const qint32 headerCount = body.varint();
        if (headerCount < 0 || headerCount > body.remaining())
            body.fail(QStringLiteral("%1 headers").arg(headerCount));
        for (qint32 k = 0; k < headerCount && !body.failed(); ++k) {
            RecordHeader header;
            const qint32 keyLen = body.varint();
            if (keyLen < 0) {
                body.fail(QStringLiteral("header key length %1").arg(keyLen));
                break;
            }
            const QByteArrayView hk = body.take(keyLen);
            const qint32 valueLen = body.varint();
            QByteArrayView hv;
            if (valueLen >= 0)
                hv = body.take(valueLen);
            else if (valueLen != -1)
                body.fail(QStringLiteral("header value length %1").arg(valueLen));
            if (out) {
                header.key = QString::fromUtf8(hk.data(), hk.size());
                if (valueLen >= 0)
                    header.value = hv.toByteArray();
                rec.headers.append(std::move(header));
            }
        }
        if (body.failed())
            return invalid(QStringLiteral("record %1 does not decode: %2").arg(i).arg(body.error()));
        if (!body.atEnd())
            return invalid(QStringLiteral("record %1 has %2 bytes after its headers").arg(i).arg(body.remaining()));
        if (contiguous ? offsetDelta != i : (offsetDelta <= previousDelta || offsetDelta > h.lastOffsetDelta))
            return invalid(QStringLiteral("record %1 has offset delta %2").arg(i).arg(offsetDelta));
        previousDelta = offsetDelta;
        rec.offset = h.baseOffset + offsetDelta;
        rec.timestamp = h.logAppendTime() ? h.maxTimestamp : h.baseTimestamp + timestampDelta;
        if (out)
            out->append(std::move(rec));
    }
    if (!r.atEnd())
        return invalid(QStringLiteral("%1 bytes after the batch's %2 records").arg(r.remaining()).arg(h.recordCount));
    return std::nullopt;
}

} // namespace

namespace {
std::optional<BatchError> readBatchRecords(const BatchView &batch, QList<Record> *records, bool contiguous);
} // namespace

BatchHeader readBatchHeader(QByteArrayView bytes)
{
    wire::Reader r(bytes);
    BatchHeader h;
    h.baseOffset = r.int64();
    h.batchLength = r.int32();
    h.partitionLeaderEpoch = r.int32();
    h.magic = r.int8();
    h.crc = r.uint32();
    h.attributes = r.int16();
    h.lastOffsetDelta = r.int32();
    h.baseTimestamp = r.int64();
    h.maxTimestamp = r.int64();
    h.producerId = r.int64();
    h.producerEpoch = r.int16();
    h.baseSequence = r.int32();
    h.recordCount = r.int32();
    return h;
}

std::optional<BatchError> splitBatches(QByteArrayView records, QList<BatchView> *batches)
{
    qsizetype at = 0;
    while (at < records.size()) {
        const QByteArrayView rest = records.sliced(at);
        if (rest.size() < BatchHeader::MagicAt + 1)
            return corrupt(QStringLiteral("%1 bytes at byte %2 are too few for a record batch").arg(rest.size()).arg(at));
        const qint8 magic = qint8(rest[BatchHeader::MagicAt]);
        if (magic != 2)
            return invalid(QStringLiteral("the batch at byte %1 has magic %2; only record batches with magic 2 are "
                                          "accepted")
                               .arg(at)
                               .arg(magic));
        if (rest.size() < BatchHeader::Size)
            return corrupt(QStringLiteral("the batch at byte %1 is truncated in its header").arg(at));
        const BatchHeader h = readBatchHeader(rest);
        if (h.batchLength < BatchHeader::Size - BatchHeader::LengthOverhead || h.totalSize() > rest.size())
            return corrupt(QStringLiteral("the batch at byte %1 claims length %2 with %3 bytes left")
                               .arg(at)
                               .arg(h.batchLength)
                               .arg(rest.size() - BatchHeader::LengthOverhead));
        const QByteArrayView bytes = rest.first(h.totalSize());
        const quint32 crc = crc32c(bytes.sliced(BatchHeader::AttributesAt));
        if (crc != h.crc)
            return corrupt(QStringLiteral("the batch at byte %1 fails its CRC-32C (stored %2, computed %3)")
                               .arg(at)
                               .arg(h.crc, 8, 16, QLatin1Char('0'))
                               .arg(crc, 8, 16, QLatin1Char('0')));
        if (h.recordCount <= 0 || h.lastOffsetDelta != h.recordCount - 1)
            return invalid(QStringLiteral("the batch at byte %1 has %2 records and last offset delta %3")
                               .arg(at)
                               .arg(h.recordCount)
                               .arg(h.lastOffsetDelta));
        BatchView view{h, bytes};
        // Checked as Kafka checks them: compressed records too, decompressed
        // (nothing is kept of them but the verdict).
        if (auto error = readBatchRecords(view, nullptr, true))
            return error;
        if (batches)
            batches->append(view);
        at += h.totalSize();
    }
    if (at == 0)
        return corrupt(QStringLiteral("no record batch"));
    return std::nullopt;
}

std::optional<BatchError> decodeRecords(const BatchView &batch, QList<Record> *records)
{
    return readBatchRecords(batch, records, false);
}

namespace {

std::optional<BatchError> readBatchRecords(const BatchView &batch, QList<Record> *records, bool contiguous)
{
    const BatchHeader &h = batch.header;
    const QByteArrayView payload = batch.bytes.sliced(BatchHeader::Size);
    switch (h.compression()) {
    case Compression::None: {
        wire::Reader r(payload);
        return readRecords(r, h, records, contiguous);
    }
    case Compression::Gzip:
    case Compression::Snappy:
    case Compression::Lz4:
    case Compression::Zstd: {
        QString why;
        const std::optional<QByteArray> inflated = decompress(h.compression(), payload, MaxInflatedRecords, &why);
        if (!inflated)
            return corrupt(QStringLiteral("the batch's records: %1").arg(why));
        wire::Reader r(*inflated);
        return readRecords(r, h, records, contiguous);
    }
    }
    return BatchError{ErrorCode::UnsupportedCompressionType,
                      QStringLiteral("unknown compression %1").arg(int(h.compression()))};
}

} // namespace

void setBaseOffset(QByteArray &batch, qint64 baseOffset)
{
    qToBigEndian(baseOffset, batch.data() + BatchHeader::BaseOffsetAt);
}

void stampLogAppendTime(QByteArray &batch, qint64 timestamp)
{
    char *p = batch.data();
    const qint16 attributes = qFromBigEndian<qint16>(p + BatchHeader::AttributesAt);
    qToBigEndian(qint16(attributes | 0x08), p + BatchHeader::AttributesAt);
    qToBigEndian(timestamp, p + BatchHeader::MaxTimestampAt);
    qToBigEndian(crc32c(QByteArrayView(batch).sliced(BatchHeader::AttributesAt)), p + BatchHeader::CrcAt);
}

namespace {

// The records of a batch after its header: offset deltas from `baseOffset`
// (consecutive from 0 when `keepOffsets` is false), timestamp deltas from
// `baseTimestamp`.
void writeRecords(wire::Writer &w, const QList<Record> &records, qint64 baseOffset, qint64 baseTimestamp,
                  bool keepOffsets)
{
    QByteArray body;
    for (qsizetype i = 0; i < records.size(); ++i) {
        const Record &rec = records[i];
        body.clear();
        wire::Writer b(body);
        b.int8(0);
        b.varlong(rec.timestamp - baseTimestamp);
        b.varint(keepOffsets ? qint32(rec.offset - baseOffset) : qint32(i));
        b.varint(rec.key ? qint32(rec.key->size()) : -1);
        if (rec.key)
            b.raw(*rec.key);
        b.varint(rec.value ? qint32(rec.value->size()) : -1);
        if (rec.value)
            b.raw(*rec.value);
        b.varint(qint32(rec.headers.size()));
        for (const RecordHeader &header : rec.headers) {
            const QByteArray key = header.key.toUtf8();
            b.varint(qint32(key.size()));
            b.raw(key);
            b.varint(header.value ? qint32(header.value->size()) : -1);
            if (header.value)
                b.raw(*header.value);
        }
        w.varint(qint32(body.size()));
        w.raw(body);
    }
}

// The header fields that differ between a new batch and a rewritten one.
struct HeaderFields
{
    qint64 baseOffset = 0;
    qint16 attributes = 0;
    qint32 lastOffsetDelta = 0;
    qint64 baseTimestamp = 0;
    qint64 maxTimestamp = 0;
    qint64 producerId = -1;
    qint16 producerEpoch = -1;
    qint32 baseSequence = -1;
};

QByteArray writeBatch(const HeaderFields &h, const QList<Record> &records, bool keepOffsets)
{
    QByteArray out;
    wire::Writer w(out);
    w.int64(h.baseOffset);
    w.int32(0);                  // batch length, patched below
    w.int32(-1);                 // partition leader epoch
    w.int8(2);                   // magic
    w.uint32(0);                 // CRC, patched below
    w.int16(h.attributes);
    w.int32(h.lastOffsetDelta);
    w.int64(h.baseTimestamp);
    w.int64(h.maxTimestamp);
    w.int64(h.producerId);
    w.int16(h.producerEpoch);
    w.int32(h.baseSequence);
    w.int32(qint32(records.size()));
    writeRecords(w, records, h.baseOffset, h.baseTimestamp, keepOffsets);
    w.patchInt32(BatchHeader::LengthAt, qint32(out.size() - BatchHeader::LengthOverhead));
    w.patchInt32(BatchHeader::CrcAt, qint32(crc32c(QByteArrayView(out).sliced(BatchHeader::AttributesAt))));
    return out;
}

} // namespace

QByteArray encodeBatch(const QList<Record> &records, qint64 producerId, qint16 producerEpoch, qint32 baseSequence)
{
    HeaderFields h;
    h.baseTimestamp = records.isEmpty() ? 0 : records.first().timestamp;
    h.maxTimestamp = h.baseTimestamp;
    for (const Record &r : records)
        h.maxTimestamp = qMax(h.maxTimestamp, r.timestamp);
    h.lastOffsetDelta = qint32(records.size()) - 1;
    h.producerId = producerId;
    h.producerEpoch = producerEpoch;
    h.baseSequence = baseSequence;
    return writeBatch(h, records, false);
}

QByteArray encodeCompactedBatch(const BatchHeader &original, const QList<Record> &kept)
{
    HeaderFields h;
    h.baseOffset = original.baseOffset;
    // Uncompressed; the timestamp type and the transactional and control bits stay.
    h.attributes = qint16(original.attributes & ~0x07);
    h.lastOffsetDelta = original.lastOffsetDelta;
    h.baseTimestamp = kept.isEmpty() ? original.baseTimestamp : kept.first().timestamp;
    if (original.logAppendTime() || kept.isEmpty()) {
        h.maxTimestamp = original.maxTimestamp;
    } else {
        h.maxTimestamp = h.baseTimestamp;
        for (const Record &r : kept)
            h.maxTimestamp = qMax(h.maxTimestamp, r.timestamp);
    }
    h.producerId = original.producerId;
    h.producerEpoch = original.producerEpoch;
    h.baseSequence = original.baseSequence;
    return writeBatch(h, kept, true);
}

} // namespace depot::kafka
