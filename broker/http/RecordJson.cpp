#include "broker/http/RecordJson.h"

#include "broker/export/ExportValues.h"
#include "broker/export/RecordFormat.h"
#include "broker/http/JsonMapping.h"

#include <QDateTime>

namespace depot::http {

QString isoTime(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
}

void putBytes(QJsonObject &o, const QString &field, const std::optional<QByteArray> &bytes)
{
    exportformat::detail::writeBytes(o, field, bytes, QStringLiteral("string"));
}

// The reverse: `field` (absent or null: none) with `field_encoding`
// ("string", the default, or "base64"). `where` names the object in errors.
bool readBytes(const QJsonObject &o, const QString &field, const QString &where, std::optional<QByteArray> *out,
               QString *error)
{
    const QJsonValue v = o.value(field);
    if (v.isUndefined() || v.isNull()) {
        out->reset();
        return true;
    }
    if (!v.isString()) {
        *error = QStringLiteral("%1%2 must be a string or null").arg(where, field);
        return false;
    }
    const QString encoding = o.value(field + QStringLiteral("_encoding")).toString(QStringLiteral("string"));
    if (encoding == QLatin1String("string")) {
        *out = v.toString().toUtf8();
        return true;
    }
    if (encoding == QLatin1String("base64")) {
        const auto decoded = QByteArray::fromBase64Encoding(v.toString().toLatin1(),
                                                            QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded) {
            *error = QStringLiteral("%1%2 is not valid base64").arg(where, field);
            return false;
        }
        *out = *decoded;
        return true;
    }
    *error = QStringLiteral("%1%2_encoding must be \"string\" or \"base64\", not \"%3\"").arg(where, field, encoding);
    return false;
}

QJsonObject recordJson(const kafka::RecordView &r)
{
    QJsonObject o{
        {QStringLiteral("topic"), r.topic},
        {QStringLiteral("partition"), r.partition},
        {QStringLiteral("offset"), r.offset},
        {QStringLiteral("timestamp"), r.timestamp},
        {QStringLiteral("timestamp_iso"), isoTime(r.timestamp)},
        {QStringLiteral("timestamp_type"), r.logAppendTime ? QStringLiteral("LogAppendTime") : QStringLiteral("CreateTime")},
        {QStringLiteral("compression"), compressionName(r.compression)},
        {QStringLiteral("producer_id"), r.producerId},
    };
    exportformat::writeKeyValueHeaders(o, r.key, r.value, r.headers, QStringLiteral("string"));
    return o;
}

} // namespace depot::http
