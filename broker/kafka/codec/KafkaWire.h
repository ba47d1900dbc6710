#pragma once

// Kafka's primitive types (protocol guide, "Protocol Primitive Types"), read
// from and written to byte buffers. Big-endian fixed-width integers; zig-zag
// varint/varlong (record fields); unsigned varints (lengths in flexible
// versions); STRING/NULLABLE_STRING with an int16 length, COMPACT_STRING with
// length+1 as an unsigned varint; BYTES with an int32 length; ARRAY with an
// int32 count (-1 = null), COMPACT_ARRAY with count+1; tagged fields.
//
// Pure functions over bytes from a peer: every read is bounds-checked and the
// first failure is kept, so a decoder reads a run of fields and checks once.

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <optional>

namespace depot::kafka::wire {

class Reader final
{
public:
    explicit Reader(QByteArrayView bytes) : m_begin(bytes.data()), m_pos(bytes.data()), m_end(bytes.data() + bytes.size())
    {
    }
    // The reader points into the bytes: a temporary would be gone before
    // the first read.
    explicit Reader(QByteArray &&) = delete;

    bool failed() const { return !m_error.isEmpty(); }
    // What went wrong first, for the log: "truncated INT32 at byte 12".
    const QString &error() const { return m_error; }
    qsizetype remaining() const { return m_end - m_pos; }
    qsizetype position() const { return m_pos - m_begin; }
    bool atEnd() const { return m_pos == m_end; }
    void fail(const QString &why);

    qint8 int8();
    qint16 int16();
    qint32 int32();
    qint64 int64();
    quint32 uint32();
    bool boolean();
    // Zig-zag encoded, at most 5 (varint) or 10 (varlong) bytes.
    qint32 varint();
    qint64 varlong();
    // Unsigned, at most 5 bytes.
    quint32 unsignedVarint();

    // STRING / NULLABLE_STRING (int16 length, -1 = null) and their compact
    // forms. Strings must be UTF-8; a null one reads as a null QString.
    QString string(bool nullable = false);
    QString compactString(bool nullable = false);
    // BYTES / NULLABLE_BYTES and compact forms: views into the buffer.
    std::optional<QByteArrayView> bytes(bool nullable = false);
    std::optional<QByteArrayView> compactBytes(bool nullable = false);
    // The element count of an ARRAY (int32) or a COMPACT_ARRAY (uvarint
    // count+1); -1 for null. A count no remaining bytes could hold (each
    // element needs at least `minElementSize` bytes) fails the read.
    qint32 arrayLength(int minElementSize = 1);
    qint32 compactArrayLength(int minElementSize = 1);
    // Skips a flexible version's tagged fields (none is known to Depot in
    // the versions it answers; unknown ones are ignored, as Kafka does).
    void skipTaggedFields();
    // Takes `n` raw bytes.
    QByteArrayView take(qsizetype n);

private:
    // Inline: the record decoder asks for every byte of every varint.
    bool need(qsizetype n, const char *what)
    {
        if (Q_LIKELY(m_error.isEmpty() && n >= 0 && m_end - m_pos >= n))
            return true;
        return refuse(n, what);
    }
    bool refuse(qsizetype n, const char *what);

    const char *m_begin;
    const char *m_pos;
    const char *m_end;
    QString m_error;
};

// Appends to a buffer; an encoder builds a whole response in one QByteArray.
class Writer final
{
public:
    explicit Writer(QByteArray &out) : m_out(out) {}

    QByteArray &buffer() { return m_out; }
    qsizetype size() const { return m_out.size(); }

    void int8(qint8 v);
    void int16(qint16 v);
    void int32(qint32 v);
    void int64(qint64 v);
    void uint32(quint32 v);
    void boolean(bool v) { int8(v ? 1 : 0); }
    void varint(qint32 v);
    void varlong(qint64 v);
    void unsignedVarint(quint32 v);
    // A null QString writes a null (NULLABLE_STRING) string.
    void string(const QString &s);
    void compactString(const QString &s);
    void bytes(std::optional<QByteArrayView> b);
    void compactBytes(std::optional<QByteArrayView> b);
    void arrayLength(qint32 n) { int32(n); }
    void compactArrayLength(qint32 n) { unsignedVarint(n < 0 ? 0 : quint32(n) + 1); }
    // No tagged fields.
    void emptyTaggedFields() { unsignedVarint(0); }
    void raw(QByteArrayView b) { m_out.append(b.data(), b.size()); }
    // Overwrites 4 bytes at `at` (a size or CRC written after what it covers).
    void patchInt32(qsizetype at, qint32 v);

private:
    QByteArray &m_out;
};

} // namespace depot::kafka::wire
