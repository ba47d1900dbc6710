#include "broker/export/JsonLine.h"

#include "broker/json/JsonString.h"

#include <QJsonDocument>

namespace depot::exportformat::detail {

void JsonLine::beforeValue()
{
    if (m_afterKey)
        m_afterKey = false;
}

void JsonLine::beginObject()
{
    beforeValue();
    m_out += '{';
    m_first = true;
}

void JsonLine::endObject()
{
    m_out += '}';
    m_first = false;
}

void JsonLine::key(const char *name)
{
    if (!m_first)
        m_out += ',';
    m_first = false;
    m_out += '"';
    m_out += name;
    m_out += "\":";
    m_afterKey = true;
}

void JsonLine::string(const QString &text)
{
    utf8String(text.toUtf8());
}

void JsonLine::utf8String(QByteArrayView utf8)
{
    beforeValue();
    json::appendString(m_out, utf8);
}

void JsonLine::plainString(QByteArrayView ascii)
{
    beforeValue();
    m_out += '"';
    m_out += ascii;
    m_out += '"';
}

void JsonLine::number(qint64 value)
{
    beforeValue();
    char digits[24];
    char *p = digits + sizeof digits;
    quint64 v = value < 0 ? 0 - quint64(value) : quint64(value);
    do {
        *--p = char('0' + v % 10);
        v /= 10;
    } while (v);
    if (value < 0)
        *--p = '-';
    m_out.append(p, digits + sizeof digits - p);
}

void JsonLine::boolean(bool value)
{
    beforeValue();
    m_out += value ? "true" : "false";
}

void JsonLine::object(const QJsonObject &value)
{
    beforeValue();
    m_out += QJsonDocument(value).toJson(QJsonDocument::Compact);
}

void JsonLine::array(const QJsonArray &value)
{
    beforeValue();
    m_out += QJsonDocument(value).toJson(QJsonDocument::Compact);
}

bool isUtf8Text(QByteArrayView bytes)
{
    const auto *p = reinterpret_cast<const unsigned char *>(bytes.data());
    const unsigned char *end = p + bytes.size();
    if (bytes.size() >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
        return false;   // Qt's decoder drops a leading byte order mark
    while (p < end) {
        // Eight ASCII bytes at a time while they last.
        while (end - p >= 8) {
            quint64 word;
            memcpy(&word, p, 8);
            if (word & 0x8080808080808080ULL)
                break;
            p += 8;
        }
        if (p >= end)
            break;
        const unsigned char c = *p;
        if (c < 0x80) {
            ++p;
            continue;
        }
        // RFC 3629: no overlong forms, no surrogates, nothing past U+10FFFF.
        int more = 0;
        unsigned char lo = 0x80, hi = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) {
            more = 1;
        } else if (c == 0xE0) {
            more = 2;
            lo = 0xA0;
        } else if (c == 0xED) {
            more = 2;
            hi = 0x9F;
        } else if (c >= 0xE1 && c <= 0xEF) {
            more = 2;
        } else if (c == 0xF0) {
            more = 3;
            lo = 0x90;
        } else if (c >= 0xF1 && c <= 0xF3) {
            more = 3;
        } else if (c == 0xF4) {
            more = 3;
            hi = 0x8F;
        } else {
            return false;
        }
        if (end - p <= more)
            return false;
        if (p[1] < lo || p[1] > hi)
            return false;
        for (int i = 2; i <= more; ++i) {
            if (p[i] < 0x80 || p[i] > 0xBF)
                return false;
        }
        p += more + 1;
    }
    return true;
}

} // namespace depot::exportformat::detail
