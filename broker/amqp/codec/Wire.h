#pragma once

// Primitive big-endian reads and writes shared by every part of the codec.
// Internal to depot_amqp_codec: the public entry points are in Frame.h,
// FieldTable.h, Methods.h and ContentHeader.h.

#include "broker/amqp/codec/CodecError.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <QtEndian>

#include <cstring>

namespace depot::amqp::wire {

// Appends write straight into the caller's buffer: the encoders build a whole
// frame (or a run of frames) in one QByteArray without per-field temporaries.
inline void putU8(QByteArray &out, quint8 v) { out.append(char(v)); }
inline void putU16(QByteArray &out, quint16 v)
{
    const char b[2] = {char(v >> 8), char(v)};
    out.append(b, 2);
}
inline void putU32(QByteArray &out, quint32 v)
{
    const char b[4] = {char(v >> 24), char(v >> 16), char(v >> 8), char(v)};
    out.append(b, 4);
}
inline void putU64(QByteArray &out, quint64 v)
{
    putU32(out, quint32(v >> 32));
    putU32(out, quint32(v));
}
inline void patchU32(QByteArray &out, qsizetype at, quint32 v)
{
    qToBigEndian(v, out.data() + at);
}

// A shortstr holds at most 255 bytes. The encoders truncate longer strings
// at a UTF-8 character boundary rather than emit a corrupt frame; callers that
// must refuse long names (queue names, consumer tags) check before encoding.
void putShortStr(QByteArray &out, const QString &s);
void putShortStrBytes(QByteArray &out, QByteArrayView bytes);
void putLongStr(QByteArray &out, QByteArrayView bytes);
// Appends the string's UTF-8; ASCII (most names and header values) is copied
// straight in, without a temporary QByteArray.
void appendUtf8(QByteArray &out, const QString &s);

// Strict UTF-8 check: no overlong forms, no surrogates, nothing above
// U+10FFFF. Exactly the byte strings that survive QString and back unchanged.
bool isStrictUtf8(QByteArrayView bytes);
// QString::fromUtf8 drops a leading byte order mark; this keeps it, so the
// string encodes back to the bytes it came from.
QString utf8ToString(QByteArrayView utf8);

// A bounded cursor over a payload. Every read checks the remaining length
// first; on the first failure it records a 502 and stays failed, so decoders
// can read a run of fields and check once.
class Reader final
{
public:
    explicit Reader(QByteArrayView bytes)
        : m_pos(bytes.data()), m_end(bytes.data() + bytes.size())
    {
    }

    bool failed() const { return m_error.has_value(); }
    const CodecError &error() const { return *m_error; }
    // Whether the first failure was one of layout: bytes missing where the
    // encoding needs them (a length running past the end, a truncated value)
    // or bytes left over. Method decoders report those as 501, as RabbitMQ
    // does; a well-laid-out value Depot refuses (bad UTF-8, an unknown type)
    // stays 502.
    bool layoutFailed() const { return m_layoutFailure; }
    qsizetype remaining() const { return m_end - m_pos; }
    bool atEnd() const { return m_pos == m_end; }

    void fail(const QString &text)
    {
        if (!m_error)
            m_error = CodecError{ReplyCode::SyntaxError, text};
        m_pos = m_end;
    }
    void failLayout(const QString &text)
    {
        if (!m_error)
            m_layoutFailure = true;
        fail(text);
    }
    // Takes over the first failure of a nested reader, with its kind.
    void failLike(const Reader &nested)
    {
        if (nested.layoutFailed())
            failLayout(nested.error().text);
        else
            fail(nested.error().text);
    }

    bool need(qsizetype n, const char *what)
    {
        if (failed())
            return false;
        if (n > remaining()) {
            failLayout(QStringLiteral("truncated %1: needs %2 bytes, %3 left").arg(QLatin1StringView(what)).arg(n).arg(remaining()));
            return false;
        }
        return true;
    }

    quint8 u8(const char *what)
    {
        if (!need(1, what))
            return 0;
        return quint8(*m_pos++);
    }
    quint16 u16(const char *what)
    {
        if (!need(2, what))
            return 0;
        const quint16 v = qFromBigEndian<quint16>(m_pos);
        m_pos += 2;
        return v;
    }
    quint32 u32(const char *what)
    {
        if (!need(4, what))
            return 0;
        const quint32 v = qFromBigEndian<quint32>(m_pos);
        m_pos += 4;
        return v;
    }
    quint64 u64(const char *what)
    {
        if (!need(8, what))
            return 0;
        const quint64 v = qFromBigEndian<quint64>(m_pos);
        m_pos += 8;
        return v;
    }
    // A view of the next n bytes; the length is checked against what is left
    // before anything is allocated from it.
    QByteArrayView bytes(qsizetype n, const char *what)
    {
        if (!need(n, what))
            return {};
        QByteArrayView v(m_pos, n);
        m_pos += n;
        return v;
    }

    QByteArrayView shortStrBytes(const char *what)
    {
        const quint8 n = u8(what);
        return bytes(n, what);
    }
    QByteArrayView longStrBytes(const char *what)
    {
        const quint32 n = u32(what);
        return bytes(qsizetype(n), what);
    }
    // Shortstrs in method arguments and properties become QString, so they
    // must be UTF-8 or Depot would hand back different bytes than it got.
    QString shortStr(const char *what)
    {
        const QByteArrayView b = shortStrBytes(what);
        if (failed())
            return {};
        if (!isStrictUtf8(b)) {
            fail(QStringLiteral("%1 is not valid UTF-8").arg(QLatin1StringView(what)));
            return {};
        }
        return utf8ToString(b);
    }

private:
    const char *m_pos;
    const char *m_end;
    std::optional<CodecError> m_error;
    bool m_layoutFailure = false;
};

} // namespace depot::amqp::wire
