#include "broker/kafka/codec/KafkaWire.h"

#include <QtEndian>

namespace depot::kafka::wire {

void Reader::fail(const QString &why)
{
    if (m_error.isEmpty())
        m_error = why;
    m_pos = m_end;   // nothing after a failure is read
}

bool Reader::refuse(qsizetype n, const char *what)
{
    if (failed())
        return false;
    fail(QStringLiteral("truncated %1 at byte %2 (%3 bytes needed, %4 left)")
             .arg(QLatin1String(what))
             .arg(position())
             .arg(n)
             .arg(remaining()));
    return false;
}

qint8 Reader::int8()
{
    if (!need(1, "INT8"))
        return 0;
    return qint8(*m_pos++);
}

qint16 Reader::int16()
{
    if (!need(2, "INT16"))
        return 0;
    const qint16 v = qFromBigEndian<qint16>(m_pos);
    m_pos += 2;
    return v;
}

qint32 Reader::int32()
{
    if (!need(4, "INT32"))
        return 0;
    const qint32 v = qFromBigEndian<qint32>(m_pos);
    m_pos += 4;
    return v;
}

quint32 Reader::uint32()
{
    return quint32(int32());
}

qint64 Reader::int64()
{
    if (!need(8, "INT64"))
        return 0;
    const qint64 v = qFromBigEndian<qint64>(m_pos);
    m_pos += 8;
    return v;
}

bool Reader::boolean()
{
    return int8() != 0;
}

quint32 Reader::unsignedVarint()
{
    quint32 value = 0;
    for (int shift = 0; shift < 35; shift += 7) {
        if (!need(1, "UNSIGNED_VARINT"))
            return 0;
        const quint8 b = quint8(*m_pos++);
        if (shift == 28 && (b & 0xf0)) {
            fail(QStringLiteral("UNSIGNED_VARINT at byte %1 does not fit 32 bits").arg(position() - 5));
            return 0;
        }
        value |= quint32(b & 0x7f) << shift;
        if (!(b & 0x80))
            return value;
    }
    return 0;   // unreachable: the fifth byte either ends it or fails
}

qint32 Reader::varint()
{
    const quint32 raw = unsignedVarint();
    return qint32((raw >> 1) ^ (~(raw & 1) + 1));
}

qint64 Reader::varlong()
{
    quint64 raw = 0;
    for (int shift = 0; shift < 70; shift += 7) {
        if (!need(1, "VARLONG"))
            return 0;
        const quint8 b = quint8(*m_pos++);
        if (shift == 63 && (b & 0xfe)) {
            fail(QStringLiteral("VARLONG at byte %1 does not fit 64 bits").arg(position() - 10));
            return 0;
        }
        raw |= quint64(b & 0x7f) << shift;
        if (!(b & 0x80))
            return qint64((raw >> 1) ^ (~(raw & 1) + 1));
    }
    return 0;
}

QByteArrayView Reader::take(qsizetype n)
{
    if (!need(n, "BYTES"))
        return {};
    const QByteArrayView v(m_pos, n);
    m_pos += n;
    return v;
}

QString Reader::string(bool nullable)
{
    const qint16 length = int16();
    if (failed())
        return {};
    if (length < 0) {
        if (length != -1 || !nullable)
            fail(QStringLiteral("STRING at byte %1 has length %2").arg(position() - 2).arg(length));
        return {};
    }
    // Kafka decodes strings as Java does: invalid UTF-8 becomes U+FFFD.
    const QByteArrayView utf8 = take(length);
    return failed() ? QString() : QString::fromUtf8(utf8.data(), utf8.size());
}

QString Reader::compactString(bool nullable)
{
    const qint64 start = position();
    const quint32 lengthPlusOne = unsignedVarint();
    if (failed())
        return {};
    if (lengthPlusOne == 0) {
        if (!nullable)
            fail(QStringLiteral("COMPACT_STRING at byte %1 is null").arg(start));
        return {};
    }
    const QByteArrayView utf8 = take(qsizetype(lengthPlusOne - 1));
    return failed() ? QString() : QString::fromUtf8(utf8.data(), utf8.size());
}

std::optional<QByteArrayView> Reader::bytes(bool nullable)
{
    const qint32 length = int32();
    if (failed())
        return std::nullopt;
    if (length < 0) {
        if (length != -1 || !nullable)
            fail(QStringLiteral("BYTES at byte %1 has length %2").arg(position() - 4).arg(length));
        return std::nullopt;
    }
    const QByteArrayView b = take(length);
    if (failed())
        return std::nullopt;
    return b;
}

std::optional<QByteArrayView> Reader::compactBytes(bool nullable)
{
    const qint64 start = position();
    const quint32 lengthPlusOne = unsignedVarint();
    if (failed())
        return std::nullopt;
    if (lengthPlusOne == 0) {
        if (!nullable)
            fail(QStringLiteral("COMPACT_BYTES at byte %1 is null").arg(start));
        return std::nullopt;
    }
    const QByteArrayView b = take(qsizetype(lengthPlusOne - 1));
    if (failed())
        return std::nullopt;
    return b;
}

namespace {

// A count that the remaining bytes cannot hold is refused before anything
// is allocated for it.
qint32 checkedCount(Reader &r, qint64 count, int minElementSize, qint64 at, const char *what)
{
    if (count < -1 || count * qMax(minElementSize, 1) > r.remaining()) {
        r.fail(QStringLiteral("%1 at byte %2 claims %3 elements in %4 bytes")
                   .arg(QLatin1String(what))
                   .arg(at)
                   .arg(count)
                   .arg(r.remaining()));
        return -1;
    }
    return qint32(count);
}

} // namespace

qint32 Reader::arrayLength(int minElementSize)
{
    const qint64 at = position();
    const qint32 count = int32();
    if (failed())
        return -1;
    return checkedCount(*this, count, minElementSize, at, "ARRAY");
}

qint32 Reader::compactArrayLength(int minElementSize)
{
    const qint64 at = position();
    const quint32 countPlusOne = unsignedVarint();
    if (failed())
        return -1;
    return checkedCount(*this, qint64(countPlusOne) - 1, minElementSize, at, "COMPACT_ARRAY");
}

void Reader::skipTaggedFields()
{
    const quint32 count = unsignedVarint();
    for (quint32 i = 0; i < count && !failed(); ++i) {
        unsignedVarint();   // tag
        const quint32 size = unsignedVarint();
        take(qsizetype(size));
    }
}

void Writer::int8(qint8 v)
{
    m_out.append(char(v));
}

void Writer::int16(qint16 v)
{
    char b[2];
    qToBigEndian(v, b);
    m_out.append(b, 2);
}

void Writer::int32(qint32 v)
{
    char b[4];
    qToBigEndian(v, b);
    m_out.append(b, 4);
}

void Writer::uint32(quint32 v)
{
    int32(qint32(v));
}

void Writer::int64(qint64 v)
{
    char b[8];
    qToBigEndian(v, b);
    m_out.append(b, 8);
}

void Writer::unsignedVarint(quint32 v)
{
    while (v >= 0x80) {
        m_out.append(char((v & 0x7f) | 0x80));
        v >>= 7;
    }
    m_out.append(char(v));
}

void Writer::varint(qint32 v)
{
    unsignedVarint((quint32(v) << 1) ^ quint32(v >> 31));
}

void Writer::varlong(qint64 v)
{
    quint64 raw = (quint64(v) << 1) ^ quint64(v >> 63);
    while (raw >= 0x80) {
        m_out.append(char((raw & 0x7f) | 0x80));
        raw >>= 7;
    }
    m_out.append(char(raw));
}

void Writer::string(const QString &s)
{
    if (s.isNull()) {
        int16(-1);
        return;
    }
    const QByteArray utf8 = s.toUtf8();
    int16(qint16(utf8.size()));
    m_out.append(utf8);
}

void Writer::compactString(const QString &s)
{
    if (s.isNull()) {
        unsignedVarint(0);
        return;
    }
    const QByteArray utf8 = s.toUtf8();
    unsignedVarint(quint32(utf8.size()) + 1);
    m_out.append(utf8);
}

void Writer::bytes(std::optional<QByteArrayView> b)
{
    if (!b) {
        int32(-1);
        return;
    }
    int32(qint32(b->size()));
    raw(*b);
}

void Writer::compactBytes(std::optional<QByteArrayView> b)
{
    if (!b) {
        unsignedVarint(0);
        return;
    }
    unsignedVarint(quint32(b->size()) + 1);
    raw(*b);
}

void Writer::patchInt32(qsizetype at, qint32 v)
{
    qToBigEndian(v, m_out.data() + at);
}

} // namespace depot::kafka::wire
