#pragma once

// Shared by Depot's fuzz targets: a check that stops the run with a readable
// line (libFuzzer then saves the input that broke it), and a small walker
// over AMQP wire bytes, written apart from the codec, that says whether
// Depot's encoder must give a decoded value back byte for byte.
//
// The codec promises exact round trips except where docs/ARCHITECTURE.md §5
// says otherwise: a field table's keys come back sorted (QString order) with
// a repeated key keeping its last value, and a bool octet other than 0 or 1
// comes back as 1. The walker finds those cases, so a target can demand
// exact bytes everywhere else and, there, that a second round trip changes
// nothing.

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <QStringDecoder>
#include <QtEndian>

#include <cstdio>
#include <cstdlib>

namespace depot::fuzz {

[[noreturn]] inline void failCheck(const char *file, int line, const char *what, QByteArrayView got = {},
                                   QByteArrayView want = {})
{
    std::fprintf(stderr, "%s:%d: fuzz check failed: %s\n", file, line, what);
    if (!got.isNull() || !want.isNull()) {
        std::fprintf(stderr, "  got  (%lld bytes): %s\n", qlonglong(got.size()),
                     got.first(qMin<qsizetype>(got.size(), 256)).toByteArray().toHex(' ').constData());
        std::fprintf(stderr, "  want (%lld bytes): %s\n", qlonglong(want.size()),
                     want.first(qMin<qsizetype>(want.size(), 256)).toByteArray().toHex(' ').constData());
    }
    std::abort();
}

#define DEPOT_FUZZ_CHECK(cond)                                        \
    do {                                                              \
        if (!(cond))                                                  \
            ::depot::fuzz::failCheck(__FILE__, __LINE__, #cond);      \
    } while (0)

// Binds by reference so a temporary QByteArray lives through the compare.
#define DEPOT_FUZZ_CHECK_BYTES(got, want)                                                           \
    do {                                                                                            \
        const auto &got_ = (got);                                                                   \
        const auto &want_ = (want);                                                                 \
        if (QByteArrayView(got_) != QByteArrayView(want_))                                          \
            ::depot::fuzz::failCheck(__FILE__, __LINE__, #got " == " #want, got_, want_);           \
    } while (0)

inline QByteArrayView bytesOf(const uint8_t *data, size_t size)
{
    return QByteArrayView(reinterpret_cast<const char *>(data), qsizetype(size));
}

// A bounded cursor over bytes the codec has already accepted. It follows the
// AMQP layout on its own; `ok` turns false if the bytes do not fit it, which
// for accepted bytes is itself a codec bug the targets check for.
class WireWalker final
{
public:
    explicit WireWalker(QByteArrayView bytes) : m_bytes(bytes) {}

    bool ok = true;
    bool canonical = true;   // false once a sorted-keys or bool exception is seen

    qsizetype pos() const { return m_pos; }
    bool atEnd() const { return m_pos == m_bytes.size(); }

    QByteArrayView take(qsizetype n)
    {
        if (!ok || n < 0 || n > m_bytes.size() - m_pos) {
            ok = false;
            return {};
        }
        const QByteArrayView v = m_bytes.sliced(m_pos, n);
        m_pos += n;
        return v;
    }
    quint64 uint(int width)
    {
        const QByteArrayView v = take(width);
        quint64 r = 0;
        for (char c : v)
            r = (r << 8) | quint8(c);
        return r;
    }
    QByteArrayView shortStr() { return take(qsizetype(uint(1))); }
    QByteArrayView longStr() { return take(qsizetype(uint(4))); }

    void table()
    {
        WireWalker body(longStr());
        if (!ok)
            return;
        QString previous;
        bool first = true;
        while (body.ok && !body.atEnd()) {
            // Keys keep a leading byte order mark, as the codec's do.
            QStringDecoder toUtf16(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless | QStringDecoder::Flag::ConvertInitialBom);
            const QString key = toUtf16(body.shortStr());
            if (!first && !(previous < key))
                canonical = false;
            previous = key;
            first = false;
            body.value();
        }
        ok = ok && body.ok;
        canonical = canonical && body.canonical;
    }
    void array()
    {
        WireWalker body(longStr());
        while (ok && body.ok && !body.atEnd())
            body.value();
        ok = ok && body.ok;
        canonical = canonical && body.canonical;
    }
    void value()
    {
        const char type = char(uint(1));
        if (!ok)
            return;
        switch (type) {
        case 't':
            if (uint(1) > 1)
                canonical = false;
            return;
        case 'b': case 'B': take(1); return;
        case 's': case 'u': take(2); return;
        case 'I': case 'i': case 'f': take(4); return;
        case 'l': case 'd': case 'T': take(8); return;
        case 'D': take(5); return;
        case 'S': case 'x': longStr(); return;
        case 'A': array(); return;
        case 'F': table(); return;
        case 'V': return;
        default: ok = false; return;
        }
    }

private:
    QByteArrayView m_bytes;
    qsizetype m_pos = 0;
};

} // namespace depot::fuzz
