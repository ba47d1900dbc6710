#include "broker/query/QueryJson.h"

#include <charconv>
#include <cstring>

namespace depot::query::json {

namespace {

class Scanner
{
public:
    explicit Scanner(QByteArrayView bytes)
        : m_p(bytes.data())
        , m_end(bytes.data() + bytes.size())
    {
    }

    void space()
    {
        while (m_p < m_end && (*m_p == ' ' || *m_p == '\t' || *m_p == '\n' || *m_p == '\r'))
            ++m_p;
    }
    bool at(char c)
    {
        space();
        return m_p < m_end && *m_p == c;
    }
    bool take(char c)
    {
        if (!at(c))
            return false;
        ++m_p;
        return true;
    }

    // A string's raw bytes between its quotes (escapes undone only when
    // asked); the scanner stands on its opening quote.
    bool rawString(QByteArrayView *raw, bool *escaped)
    {
        const char *start = ++m_p;
        *escaped = false;
        while (m_p < m_end && *m_p != '"') {
            if (*m_p == '\\') {
                *escaped = true;
                if (++m_p >= m_end)
                    return false;
            }
            ++m_p;
        }
        if (m_p >= m_end)
            return false;
        *raw = QByteArrayView(start, m_p - start);
        ++m_p;
        return true;
    }

    bool skipValue()
    {
        space();
        if (m_p >= m_end)
            return false;
        switch (*m_p) {
        case '"': {
            QByteArrayView raw;
            bool escaped = false;
            return rawString(&raw, &escaped);
        }
        case '{':
        case '[': return skipNested();
        case 't': return word("true");
        case 'f': return word("false");
        case 'n': return word("null");
        default: return !number().isEmpty();
        }
    }

    // The value the scanner stands on.
    Found value()
    {
        Found f;
        space();
        if (m_p >= m_end)
            return f;
        switch (*m_p) {
        case '"': {
            QByteArrayView raw;
            bool escaped = false;
            if (!rawString(&raw, &escaped))
                return f;
            f.type = Found::Type::String;
            f.string = escaped ? unescape(raw) : QString::fromUtf8(raw);
            return f;
        }
        case '{':
        case '[':
            f.type = Found::Type::Compound;
            return f;
        case 't':
        case 'f': {
            const bool truth = *m_p == 't';
            if (word(truth ? "true" : "false")) {
                f.type = Found::Type::Bool;
                f.boolean = truth;
            }
            return f;
        }
        case 'n':
            if (word("null"))
                f.type = Found::Type::Null;
            return f;
        default: {
            const QByteArrayView digits = number();
            double n = 0;
            const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
            // A number ends where its value does: 12x is not a number.
            const bool delimited = m_p == m_end || *m_p == ',' || *m_p == '}' || *m_p == ']' || *m_p == ' '
                || *m_p == '\t' || *m_p == '\n' || *m_p == '\r';
            if (!digits.isEmpty() && delimited && error == std::errc() && end == digits.data() + digits.size()) {
                f.type = Found::Type::Number;
                f.number = n;
            }
            return f;
        }
        }
    }

    // Into the member `key` of the object the scanner stands on.
    bool member(const QByteArray &key)
    {
        if (!take('{'))
            return false;
        if (at('}'))
            return false;
        for (;;) {
            if (!at('"'))
                return false;
            QByteArrayView raw;
            bool escaped = false;
            if (!rawString(&raw, &escaped))
                return false;
            const bool match = escaped ? unescape(raw).toUtf8() == key : raw == QByteArrayView(key);
            if (!take(':'))
                return false;
            if (match)
                return true;
            if (!skipValue())
                return false;
            if (!take(','))
                return false;
        }
    }

    // Into element `index` of the array the scanner stands on.
    bool element(qsizetype index)
    {
        if (!take('['))
            return false;
        if (at(']'))
            return false;
        for (qsizetype i = 0;; ++i) {
            if (i == index)
                return true;
            if (!skipValue() || !take(','))
                return false;
        }
    }

private:
    bool word(const char *w)
    {
        const size_t n = std::strlen(w);
        if (size_t(m_end - m_p) < n || std::memcmp(m_p, w, n) != 0)
            return false;
        m_p += n;
        return true;
    }

    QByteArrayView number()
    {
        const char *start = m_p;
        while (m_p < m_end && ((*m_p >= '0' && *m_p <= '9') || *m_p == '-' || *m_p == '+' || *m_p == '.'
                                  || *m_p == 'e' || *m_p == 'E'))
            ++m_p;
        return QByteArrayView(start, m_p - start);
    }

    bool skipNested()
    {
        int depth = 0;
        while (m_p < m_end) {
            const char c = *m_p;
            if (c == '"') {
                QByteArrayView raw;
                bool escaped = false;
                if (!rawString(&raw, &escaped))
                    return false;
                continue;
            }
            if (c == '{' || c == '[') {
                ++depth;
            } else if (c == '}' || c == ']') {
                if (--depth == 0) {
                    ++m_p;
                    return true;
                }
            }
            ++m_p;
        }
        return false;
    }

    static QString unescape(QByteArrayView raw)
    {
        QString out;
        out.reserve(raw.size());
        qsizetype plainFrom = 0;
        const auto flush = [&](qsizetype to) {
            if (to > plainFrom)
                out += QString::fromUtf8(raw.sliced(plainFrom, to - plainFrom));
        };
        for (qsizetype i = 0; i < raw.size(); ++i) {
            if (raw.at(i) != '\\' || i + 1 >= raw.size())
                continue;
            flush(i);
            const char e = raw.at(i + 1);
            i += 1;
            switch (e) {
            case 'n': out += QLatin1Char('\n'); break;
            case 't': out += QLatin1Char('\t'); break;
            case 'r': out += QLatin1Char('\r'); break;
            case 'b': out += QLatin1Char('\b'); break;
            case 'f': out += QLatin1Char('\f'); break;
            case 'u':
                if (i + 4 < raw.size()) {
                    bool ok = false;
                    const ushort unit = raw.sliced(i + 1, 4).toByteArray().toUShort(&ok, 16);
                    if (ok) {
                        out += QChar(unit);   // surrogate pairs join as two UTF-16 units
                        i += 4;
                        break;
                    }
                }
                out += QLatin1Char('u');
                break;
            default: out += QLatin1Char(e); break;
            }
            plainFrom = i + 1;
        }
        flush(raw.size());
        return out;
    }

    const char *m_p;
    const char *m_end;
};

} // namespace

Found find(QByteArrayView body, const std::vector<PathStep> &path)
{
    Scanner s(body);
    for (const PathStep &step : path) {
        // A number steps into an array, or names a member ("0") of an object.
        const bool into = step.index >= 0 && !s.at('{') ? s.element(step.index) : s.member(step.keyUtf8);
        if (!into)
            return Found();
    }
    return s.value();
}

} // namespace depot::query::json
