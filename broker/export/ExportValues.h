#pragma once

// Inside the export format (ExportFormat.h): the typed JSON forms of AMQP
// field values (docs/export-format.md) and the reader that names the first
// field a line gets wrong. ExportValues.cpp writes and reads field values;
// ExportFormat.cpp reads whole lines with the same reader.

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QStringList>
#include <QVariant>

#include <optional>

#include <functional>

namespace depot::exportformat {
struct DecodeError;
struct Header;
}

namespace depot::exportformat::detail {

struct Reader
{
    QString error;
    QString field;

    bool fail(const QString &path, const QString &text)
    {
        if (error.isEmpty()) {
            field = path;
            error = text;
        }
        return false;
    }
};

inline QString join(const QString &path, const QString &key)
{
    return path.isEmpty() ? key : QString(path + QLatin1Char('.') + key);
}

// Shared by the readers of lines (ExportFormat.cpp, RecordFormat.cpp): now
// in ISO 8601 UTC; one line parsed as a JSON object (or r failed); r's error,
// if any, as *error at `lineNumber` (false when there is one).
QString isoNow();
std::optional<QJsonObject> parseLine(QByteArrayView line, Reader &r);
bool finish(const Reader &r, qint64 lineNumber, DecodeError *error);

// Walks a file's lines: the header is read first (line 1, refused as
// decodeHeader refuses), then `each` is called with every line, the header's
// too (line 1, to check what it says), until it returns false. The number of
// lines after the header, or nullopt with *error set (an empty file too).
std::optional<qint64> decodeLines(QByteArrayView file, Header *header, DecodeError *error,
    const std::function<bool(QByteArrayView line, qint64 lineNumber, const Header &header)> &each);

// Bytes as `name` and `name_encoding` (`textWord` for text, "base64"
// otherwise), or JSON null for none.
void writeBytes(QJsonObject &o, const QString &name, const std::optional<QByteArray> &bytes,
    const QString &textWord = QStringLiteral("text"));

// A JSON number that is an integer (not a fraction, in qint64's range).
std::optional<qint64> integerOf(const QJsonValue &v);
// The bytes as text when they are UTF-8 that gives them back exactly.
bool isUtf8(const QByteArray &bytes, QString *text);

QJsonValue encodeValue(const QVariant &value);
std::optional<QVariant> decodeValue(const QJsonValue &json, const QString &path, int depth, Reader &r);
std::optional<QVariantMap> decodeTableAt(const QJsonObject &json, const QString &path, int depth, Reader &r);

// The fields of one object, checked against what the format knows.
class Fields
{
public:
    Fields(const QJsonObject &o, const QString &path, Reader &r)
        : m_object(o)
        , m_path(path)
        , m_r(r)
    {
    }

    bool only(const QStringList &known)
    {
        for (auto it = m_object.constBegin(); it != m_object.constEnd(); ++it) {
            if (!known.contains(it.key()))
                return m_r.fail(join(m_path, it.key()), QStringLiteral("is unknown"));
        }
        return true;
    }
    bool has(const QString &key) const { return m_object.contains(key); }
    QJsonValue value(const QString &key) const { return m_object.value(key); }

    std::optional<QString> string(const QString &key, bool required)
    {
        const QJsonValue v = m_object.value(key);
        if (v.isUndefined()) {
            if (required)
                m_r.fail(join(m_path, key), QStringLiteral("is missing"));
            return std::nullopt;
        }
        if (!v.isString()) {
            m_r.fail(join(m_path, key), QStringLiteral("must be a string"));
            return std::nullopt;
        }
        return v.toString();
    }
    std::optional<qint64> integer(const QString &key, qint64 min, qint64 max, bool required)
    {
        const QJsonValue v = m_object.value(key);
        if (v.isUndefined()) {
            if (required)
                m_r.fail(join(m_path, key), QStringLiteral("is missing"));
            return std::nullopt;
        }
        const auto n = integerOf(v);
        if (!n || *n < min || *n > max) {
            m_r.fail(join(m_path, key), QStringLiteral("must be an integer from %1 to %2").arg(min).arg(max));
            return std::nullopt;
        }
        return n;
    }
    std::optional<bool> boolean(const QString &key)
    {
        const QJsonValue v = m_object.value(key);
        if (v.isUndefined())
            return std::nullopt;
        if (!v.isBool()) {
            m_r.fail(join(m_path, key), QStringLiteral("must be true or false"));
            return std::nullopt;
        }
        return v.toBool();
    }
    std::optional<QJsonObject> object(const QString &key)
    {
        const QJsonValue v = m_object.value(key);
        if (v.isUndefined())
            return std::nullopt;
        if (!v.isObject()) {
            m_r.fail(join(m_path, key), QStringLiteral("must be an object"));
            return std::nullopt;
        }
        return v.toObject();
    }
    bool failed() const { return !m_r.error.isEmpty(); }
    QString path(const QString &key) const { return join(m_path, key); }

private:
    QJsonObject m_object;
    QString m_path;
    Reader &m_r;
};

} // namespace depot::exportformat::detail
