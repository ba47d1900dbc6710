#include "broker/amqp/codec/Wire.h"

namespace depot::amqp::wire {

void putShortStrBytes(QByteArray &out, QByteArrayView bytes)
{
    qsizetype n = bytes.size();
    if (n > 255) {
        n = 255;
        // Back up to a character boundary so the truncated string stays UTF-8.
        while (n > 0 && (quint8(bytes[n]) & 0xC0) == 0x80)
            --n;
    }
    putU8(out, quint8(n));
    out.append(bytes.data(), n);
}

void putShortStr(QByteArray &out, const QString &s)
{
    // Most names are ASCII and short: encode into the output directly and
    // patch the length, instead of building a temporary QByteArray.
    const qsizetype lengthAt = out.size();
    out.append('\0');
    const qsizetype start = out.size();
    const qsizetype size = s.size();
    const QChar *chars = s.constData();
    bool ascii = size <= 255;
    for (qsizetype i = 0; ascii && i < size; ++i)
        ascii = chars[i].unicode() < 0x80;
    if (ascii) {
        out.resize(start + size);
        char *dst = out.data() + start;
        for (qsizetype i = 0; i < size; ++i)
            dst[i] = char(chars[i].unicode());
        out[lengthAt] = char(quint8(size));
        return;
    }
    out.chop(1);
    putShortStrBytes(out, s.toUtf8());
}

void appendUtf8(QByteArray &out, const QString &s)
{
    const qsizetype size = s.size();
    const QChar *chars = s.constData();
    qsizetype i = 0;
    while (i < size && chars[i].unicode() < 0x80)
        ++i;
    if (i == size) {
        const qsizetype start = out.size();
        out.resize(start + size);
        char *dst = out.data() + start;
        for (qsizetype k = 0; k < size; ++k)
            dst[k] = char(chars[k].unicode());
        return;
    }
    out.append(s.toUtf8());
}

void putLongStr(QByteArray &out, QByteArrayView bytes)
{
    putU32(out, quint32(bytes.size()));
    out.append(bytes.data(), bytes.size());
}

QString utf8ToString(QByteArrayView utf8)
{
    if (utf8.startsWith("\xef\xbb\xbf"))
        return QChar(0xFEFF) + QString::fromUtf8(utf8.sliced(3));
    return QString::fromUtf8(utf8);
}

bool isStrictUtf8(QByteArrayView bytes)
{
    const auto *p = reinterpret_cast<const quint8 *>(bytes.data());
    const auto *end = p + bytes.size();
    while (p < end) {
        const quint8 c = *p;
        if (c < 0x80) {
            ++p;
            continue;
        }
        int extra;
        quint32 cp;
        quint32 min;
        if ((c & 0xE0) == 0xC0) {
            extra = 1, cp = c & 0x1F, min = 0x80;
        } else if ((c & 0xF0) == 0xE0) {
            extra = 2, cp = c & 0x0F, min = 0x800;
        } else if ((c & 0xF8) == 0xF0) {
            extra = 3, cp = c & 0x07, min = 0x10000;
        } else {
            return false;
        }
        if (end - p <= extra)
            return false;
        for (int i = 1; i <= extra; ++i) {
            if ((p[i] & 0xC0) != 0x80)
                return false;
            cp = (cp << 6) | (p[i] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        p += extra + 1;
    }
    return true;
}

} // namespace depot::amqp::wire
