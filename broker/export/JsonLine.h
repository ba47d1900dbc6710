#pragma once

// JsonLine: compact JSON written straight into a byte array, the way Qt's
// QJsonDocument::toJson(Compact) writes it (the same escapes, integers as
// integers), for the export's hot path: building a QJsonObject per message
// and rendering it was most of an export's cost (docs/performance.md,
// "Export"). Members are written in the order the caller gives, so a
// caller that wants the file to read as Qt would write it gives them in
// Qt's order, sorted by name. Strings are escaped by json::appendString,
// as the SQS answers' sqs::JsonText escapes them.

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>

namespace depot::exportformat::detail {

class JsonLine final
{
public:
    explicit JsonLine(qsizetype reserve = 256) { m_out.reserve(reserve); }

    void beginObject();
    void endObject();
    // A member's name (plain ASCII, nothing to escape); its value follows.
    void key(const char *name);
    void string(const QString &text);
    // `utf8` must be valid UTF-8 (isUtf8Text).
    void utf8String(QByteArrayView utf8);
    // The bytes between quotes as they are (base64, ASCII names).
    void plainString(QByteArrayView ascii);
    void number(qint64 value);
    void boolean(bool value);
    void object(const QJsonObject &value);
    void array(const QJsonArray &value);

    QByteArray take() { return std::move(m_out); }

private:
    void beforeValue();

    QByteArray m_out;
    bool m_first = true;      // no member yet in the open object
    bool m_afterKey = false;
};

// Whether `bytes` is text the export writes as such: well-formed UTF-8 that
// Qt's decoder gives back byte for byte (no leading byte order mark, which
// it drops). The same verdict as detail::isUtf8, without making a QString.
bool isUtf8Text(QByteArrayView bytes);

} // namespace depot::exportformat::detail
