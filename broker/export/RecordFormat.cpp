#include "broker/export/RecordFormat.h"

#include "broker/export/ExportValues.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <limits>

namespace depot::exportformat {

using namespace detail;

namespace {

// The reverse; a missing field is refused (null is written for none).
bool readBytes(Fields &f, const QString &name, std::optional<QByteArray> *out, Reader &r)
{
    const QJsonValue v = f.value(name);
    if (v.isUndefined())
        return r.fail(f.path(name), QStringLiteral("is missing (null for none)"));
    if (v.isNull()) {
        out->reset();
        return !f.has(name + QStringLiteral("_encoding"))
            || r.fail(f.path(name + QStringLiteral("_encoding")), QStringLiteral("must not be given for null"));
    }
    if (!v.isString())
        return r.fail(f.path(name), QStringLiteral("must be a string or null"));
    const QString encoding = f.string(name + QStringLiteral("_encoding"), false).value_or(QStringLiteral("text"));
    if (f.failed())
        return false;
    if (encoding == QLatin1String("text")) {
        *out = v.toString().toUtf8();
        return true;
    }
    if (encoding == QLatin1String("base64")) {
        const auto decoded
            = QByteArray::fromBase64Encoding(v.toString().toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded)
            return r.fail(f.path(name), QStringLiteral("is not valid base64"));
        *out = *decoded;
        return true;
    }
    return r.fail(f.path(name + QStringLiteral("_encoding")),
        QStringLiteral("must be \"text\" or \"base64\", not \"%1\"").arg(encoding));
}

} // namespace

namespace detail {

void writeBytes(QJsonObject &o, const QString &name, const std::optional<QByteArray> &bytes, const QString &textWord)
{
    if (!bytes) {
        o.insert(name, QJsonValue::Null);
        return;
    }
    QString text;
    const bool isText = isUtf8(*bytes, &text);
    o.insert(name, isText ? text : QString::fromLatin1(bytes->toBase64()));
    o.insert(name + QStringLiteral("_encoding"), isText ? textWord : QStringLiteral("base64"));
}

} // namespace detail

bool ExportedRecord::operator==(const ExportedRecord &o) const
{
    if (partition != o.partition || offset != o.offset || timestamp != o.timestamp
        || logAppendTime != o.logAppendTime || key != o.key || value != o.value || headers.size() != o.headers.size())
        return false;
    for (qsizetype i = 0; i < headers.size(); ++i) {
        if (headers[i].key != o.headers[i].key || headers[i].value != o.headers[i].value)
            return false;
    }
    return true;
}

void writeKeyValueHeaders(QJsonObject &o, const std::optional<QByteArray> &key, const std::optional<QByteArray> &value,
    const QList<kafka::RecordHeader> &headers, const QString &textWord)
{
    writeBytes(o, QStringLiteral("key"), key, textWord);
    writeBytes(o, QStringLiteral("value"), value, textWord);
    QJsonArray list;
    for (const kafka::RecordHeader &h : headers) {
        QJsonObject header{{QStringLiteral("key"), h.key}};
        writeBytes(header, QStringLiteral("value"), h.value, textWord);
        list.append(header);
    }
    o.insert(QStringLiteral("headers"), list);
}

QByteArray encodeRecord(const ExportedRecord &r)
{
    QJsonObject o{
        {QStringLiteral("partition"), r.partition},
        {QStringLiteral("offset"), r.offset},
        {QStringLiteral("timestamp"), r.timestamp},
    };
    if (r.logAppendTime)
        o.insert(QStringLiteral("timestamp_type"), QStringLiteral("LogAppendTime"));
    writeKeyValueHeaders(o, r.key, r.value, r.headers);
    return QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n';
}

bool decodeRecord(QByteArrayView line, qint64 lineNumber, ExportedRecord *out, DecodeError *error)
{
    Reader r;
    const auto object = parseLine(line, r);
    if (!object)
        return finish(r, lineNumber, error);
    Fields f(*object, QString(), r);
    ExportedRecord record;
    if (!f.only({QStringLiteral("partition"), QStringLiteral("offset"), QStringLiteral("timestamp"),
            QStringLiteral("timestamp_type"), QStringLiteral("key"), QStringLiteral("key_encoding"),
            QStringLiteral("value"), QStringLiteral("value_encoding"), QStringLiteral("headers")}))
        return finish(r, lineNumber, error);
    record.partition = qint32(f.integer(QStringLiteral("partition"), 0, std::numeric_limits<qint32>::max(), true).value_or(0));
    record.offset = f.integer(QStringLiteral("offset"), 0, std::numeric_limits<qint64>::max(), true).value_or(0);
    record.timestamp = f.integer(QStringLiteral("timestamp"), -1, std::numeric_limits<qint64>::max(), true).value_or(0);
    if (const auto type = f.string(QStringLiteral("timestamp_type"), false)) {
        if (*type != QLatin1String("LogAppendTime") && *type != QLatin1String("CreateTime"))
            r.fail(QStringLiteral("timestamp_type"),
                QStringLiteral("must be \"CreateTime\" or \"LogAppendTime\", not \"%1\"").arg(*type));
        record.logAppendTime = *type == QLatin1String("LogAppendTime");
    }
    if (!f.failed() && readBytes(f, QStringLiteral("key"), &record.key, r)
        && readBytes(f, QStringLiteral("value"), &record.value, r)) {
        const QJsonValue headers = f.value(QStringLiteral("headers"));
        if (!headers.isUndefined() && !headers.isArray())
            r.fail(QStringLiteral("headers"), QStringLiteral("must be a list of {\"key\", \"value\"}"));
        const QJsonArray list = headers.toArray();
        for (qsizetype i = 0; i < list.size() && r.error.isEmpty(); ++i) {
            const QString path = QStringLiteral("headers[%1]").arg(i);
            if (!list[i].isObject()) {
                r.fail(path, QStringLiteral("must be an object with key and value"));
                break;
            }
            Fields h(list[i].toObject(), path, r);
            kafka::RecordHeader header;
            if (!h.only({QStringLiteral("key"), QStringLiteral("value"), QStringLiteral("value_encoding")}))
                break;
            header.key = h.string(QStringLiteral("key"), true).value_or(QString());
            if (h.failed() || !readBytes(h, QStringLiteral("value"), &header.value, r))
                break;
            record.headers.append(std::move(header));
        }
    }
    if (!finish(r, lineNumber, error))
        return false;
    *out = std::move(record);
    return true;
}

std::optional<qint64> decodeRecordsFile(
    QByteArrayView file, Header *header, DecodeError *error, const std::function<void(ExportedRecord &&)> &visit)
{
    return decodeLines(file, header, error, [&](QByteArrayView line, qint64 lineNumber, const Header &h) {
        if (lineNumber == 1) {
            if (!h.topic.isEmpty())
                return true;
            if (error)
                *error = DecodeError{lineNumber, QStringLiteral("topic"),
                    QStringLiteral("is missing: this file holds messages of queue '%1', not Kafka records").arg(h.queue)};
            return false;
        }
        ExportedRecord r;
        if (!decodeRecord(line, lineNumber, &r, error))
            return false;
        if (visit)
            visit(std::move(r));
        return true;
    });
}

} // namespace depot::exportformat
