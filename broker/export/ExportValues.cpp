#include "broker/export/ExportValues.h"

#include "broker/export/ExportFormat.h"

#include <QDateTime>
#include <QJsonArray>
#include <QStringDecoder>
#include <cmath>
#include <limits>

namespace depot::exportformat {

namespace detail {

namespace {

// Typed JSON forms of field values, by AMQP type (docs/export-format.md).
const QString kByte = QStringLiteral("byte"); // b  int8
const QString kUbyte = QStringLiteral("ubyte"); // B  uint8
const QString kShort = QStringLiteral("short"); // s  int16
const QString kUshort = QStringLiteral("ushort"); // u  uint16
const QString kInt = QStringLiteral("int"); // I  int32
const QString kUint = QStringLiteral("uint"); // i  uint32
const QString kLong = QStringLiteral("long"); // l  int64
const QString kFloat = QStringLiteral("float"); // f
const QString kDouble = QStringLiteral("double"); // d
const QString kDecimal = QStringLiteral("decimal"); // D
const QString kBytes = QStringLiteral("bytes"); // x  byte array
const QString kRawString = QStringLiteral("raw_string"); // S  whose bytes are not UTF-8
const QString kTimestamp = QStringLiteral("timestamp"); // T  seconds
const QString kTable = QStringLiteral("table"); // F

// Field values past this depth are refused, as the AMQP codec refuses them.
constexpr int MaxNesting = 64;
constexpr quint64 MaxTimestampSeconds = quint64(std::numeric_limits<qint64>::max() / 1000);

QJsonValue floatingJson(double d)
{
    // JSON has no NaN or infinities; their names keep them.
    if (std::isnan(d))
        return QStringLiteral("NaN");
    if (std::isinf(d))
        return d > 0 ? QStringLiteral("Infinity") : QStringLiteral("-Infinity");
    return d;
}

std::optional<double> floatingOf(const QJsonValue &v)
{
    if (v.isDouble())
        return v.toDouble();
    if (v.isString()) {
        const QString s = v.toString();
        if (s == QLatin1String("NaN"))
            return std::numeric_limits<double>::quiet_NaN();
        if (s == QLatin1String("Infinity"))
            return std::numeric_limits<double>::infinity();
        if (s == QLatin1String("-Infinity"))
            return -std::numeric_limits<double>::infinity();
    }
    return std::nullopt;
}

QJsonObject tagged(const QString &type, const QJsonValue &value)
{
    return QJsonObject{{type, value}};
}

} // namespace

std::optional<qint64> integerOf(const QJsonValue &v)
{
    if (!v.isDouble())
        return std::nullopt;
    // toInteger() answers its default for a fraction or a value out of
    // range: two different defaults tell that apart from a real value.
    const qint64 a = v.toInteger(0);
    const qint64 b = v.toInteger(1);
    if (a != b)
        return std::nullopt;
    return a;
}

bool isUtf8(const QByteArray &bytes, QString *text)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    QString s = decoder(bytes);
    if (decoder.hasError())
        return false;
    // Whatever the decoder lets through, the text must give back the bytes.
    if (s.toUtf8() != bytes)
        return false;
    *text = std::move(s);
    return true;
}

QJsonValue encodeValue(const QVariant &value)
{
    if (!value.isValid())
        return QJsonValue::Null;
    const int type = value.typeId();
    switch (type) {
    case QMetaType::Bool:
        return value.toBool();
    case QMetaType::SChar:
    case QMetaType::Char:
        return tagged(kByte, int(*static_cast<const signed char *>(value.constData())));
    case QMetaType::UChar:
        return tagged(kUbyte, int(*static_cast<const quint8 *>(value.constData())));
    case QMetaType::Short:
        return tagged(kShort, int(*static_cast<const qint16 *>(value.constData())));
    case QMetaType::UShort:
        return tagged(kUshort, int(*static_cast<const quint16 *>(value.constData())));
    case QMetaType::Int:
        return tagged(kInt, *static_cast<const qint32 *>(value.constData()));
    case QMetaType::UInt:
        return tagged(kUint, qint64(*static_cast<const quint32 *>(value.constData())));
    case QMetaType::Long:
    case QMetaType::LongLong:
        return tagged(kLong, value.toLongLong());
    case QMetaType::ULong:
    case QMetaType::ULongLong: {
        // AMQP has no unsigned 64-bit type: the codec sends larger ones as
        // text, and so are they written here.
        const quint64 u = value.toULongLong();
        if (u <= quint64(std::numeric_limits<qint64>::max()))
            return tagged(kLong, qint64(u));
        return QString::number(u);
    }
    case QMetaType::Float:
        return tagged(kFloat, floatingJson(double(*static_cast<const float *>(value.constData()))));
    case QMetaType::Double:
        return tagged(kDouble, floatingJson(*static_cast<const double *>(value.constData())));
    case QMetaType::QString:
        return value.toString();
    case QMetaType::QByteArray:
        return tagged(kBytes, QString::fromLatin1(value.toByteArray().toBase64()));
    case QMetaType::QVariantMap:
        return tagged(kTable, encodeTable(value.toMap()));
    case QMetaType::QVariantHash: {
        QVariantMap sorted;
        const QVariantHash h = value.toHash();
        for (auto it = h.cbegin(); it != h.cend(); ++it)
            sorted.insert(it.key(), it.value());
        return tagged(kTable, encodeTable(sorted));
    }
    case QMetaType::QVariantList: {
        QJsonArray array;
        for (const QVariant &item : value.toList())
            array.append(encodeValue(item));
        return array;
    }
    case QMetaType::QStringList:
        return QJsonArray::fromStringList(value.toStringList());
    case QMetaType::QDateTime:
        return tagged(kTimestamp, value.toDateTime().toSecsSinceEpoch());
    case QMetaType::Nullptr:
        return QJsonValue::Null;
    default:
        break;
    }
    if (type == qMetaTypeId<Decimal>()) {
        const Decimal d = value.value<Decimal>();
        return tagged(
            kDecimal, QJsonObject{{QStringLiteral("scale"), int(d.scale)}, {QStringLiteral("value"), d.value}});
    }
    if (type == qMetaTypeId<RawString>())
        return tagged(kRawString, QString::fromLatin1(value.value<RawString>().bytes.toBase64()));
    // What the AMQP codec would send for any other type: its text.
    if (value.canConvert<QString>())
        return value.toString();
    return QJsonValue::Null;
}

namespace {

std::optional<QVariant> decodeRanged(
    const QJsonValue &v, const QString &path, const QString &type, qint64 min, qint64 max, Reader &r)
{
    const auto n = integerOf(v);
    if (!n || *n < min || *n > max) {
        r.fail(path, QStringLiteral("must be an integer from %1 to %2").arg(min).arg(max));
        return std::nullopt;
    }
    if (type == kByte)
        return QVariant::fromValue(qint8(*n));
    if (type == kUbyte)
        return QVariant::fromValue(quint8(*n));
    if (type == kShort)
        return QVariant::fromValue(qint16(*n));
    if (type == kUshort)
        return QVariant::fromValue(quint16(*n));
    if (type == kInt)
        return QVariant::fromValue(qint32(*n));
    if (type == kUint)
        return QVariant::fromValue(quint32(*n));
    return QVariant::fromValue(qint64(*n));
}

std::optional<QByteArray> base64Of(const QJsonValue &v, const QString &path, Reader &r)
{
    if (!v.isString()) {
        r.fail(path, QStringLiteral("must be a base64 string"));
        return std::nullopt;
    }
    auto decoded = QByteArray::fromBase64Encoding(v.toString().toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded) {
        r.fail(path, QStringLiteral("is not valid base64"));
        return std::nullopt;
    }
    return decoded.decoded;
}

std::optional<QVariant> decodeTagged(const QJsonObject &o, const QString &path, int depth, Reader &r)
{
    static const QStringList known{kByte, kUbyte, kShort, kUshort, kInt, kUint, kLong, kFloat, kDouble, kDecimal,
        kBytes, kRawString, kTimestamp, kTable};
    if (o.size() != 1 || !known.contains(o.constBegin().key())) {
        r.fail(path,
            QStringLiteral("an object here must have exactly one key naming its type (one of %1), not %2")
                .arg(known.join(QStringLiteral(", ")),
                    o.isEmpty() ? QStringLiteral("none") : o.keys().join(QStringLiteral(", "))));
        return std::nullopt;
    }
    const QString type = o.constBegin().key();
    const QJsonValue v = o.constBegin().value();
    const QString at = join(path, type);
    if (type == kByte)
        return decodeRanged(v, at, type, std::numeric_limits<qint8>::min(), std::numeric_limits<qint8>::max(), r);
    if (type == kUbyte)
        return decodeRanged(v, at, type, 0, std::numeric_limits<quint8>::max(), r);
    if (type == kShort)
        return decodeRanged(v, at, type, std::numeric_limits<qint16>::min(), std::numeric_limits<qint16>::max(), r);
    if (type == kUshort)
        return decodeRanged(v, at, type, 0, std::numeric_limits<quint16>::max(), r);
    if (type == kInt)
        return decodeRanged(v, at, type, std::numeric_limits<qint32>::min(), std::numeric_limits<qint32>::max(), r);
    if (type == kUint)
        return decodeRanged(v, at, type, 0, std::numeric_limits<quint32>::max(), r);
    if (type == kLong)
        return decodeRanged(v, at, type, std::numeric_limits<qint64>::min(), std::numeric_limits<qint64>::max(), r);
    if (type == kFloat || type == kDouble) {
        const auto d = floatingOf(v);
        if (!d) {
            r.fail(at, QStringLiteral("must be a number, \"NaN\", \"Infinity\" or \"-Infinity\""));
            return std::nullopt;
        }
        if (type == kFloat)
            return QVariant::fromValue(float(*d));
        return QVariant::fromValue(*d);
    }
    if (type == kDecimal) {
        if (!v.isObject()) {
            r.fail(at, QStringLiteral("must be an object {\"scale\": 0..255, \"value\": int32}"));
            return std::nullopt;
        }
        const QJsonObject d = v.toObject();
        for (auto it = d.constBegin(); it != d.constEnd(); ++it) {
            if (it.key() != QLatin1String("scale") && it.key() != QLatin1String("value")) {
                r.fail(join(at, it.key()), QStringLiteral("is unknown"));
                return std::nullopt;
            }
        }
        const auto scale = integerOf(d.value(QStringLiteral("scale")));
        const auto value = integerOf(d.value(QStringLiteral("value")));
        if (!scale || *scale < 0 || *scale > 255) {
            r.fail(join(at, QStringLiteral("scale")), QStringLiteral("must be an integer from 0 to 255"));
            return std::nullopt;
        }
        if (!value || *value < std::numeric_limits<qint32>::min() || *value > std::numeric_limits<qint32>::max()) {
            r.fail(join(at, QStringLiteral("value")), QStringLiteral("must be a 32-bit integer"));
            return std::nullopt;
        }
        return QVariant::fromValue(Decimal{quint8(*scale), qint32(*value)});
    }
    if (type == kBytes) {
        auto bytes = base64Of(v, at, r);
        return bytes ? std::optional<QVariant>(QVariant(*bytes)) : std::nullopt;
    }
    if (type == kRawString) {
        auto bytes = base64Of(v, at, r);
        return bytes ? std::optional<QVariant>(QVariant::fromValue(RawString{*bytes})) : std::nullopt;
    }
    if (type == kTimestamp) {
        const auto secs = integerOf(v);
        if (!secs || *secs < 0 || quint64(*secs) > MaxTimestampSeconds) {
            r.fail(at, QStringLiteral("must be whole seconds since 1970 (0 to %1)").arg(MaxTimestampSeconds));
            return std::nullopt;
        }
        return QVariant(QDateTime::fromSecsSinceEpoch(*secs, Qt::UTC));
    }
    // kTable
    if (!v.isObject()) {
        r.fail(at, QStringLiteral("must be an object"));
        return std::nullopt;
    }
    auto table = decodeTableAt(v.toObject(), at, depth + 1, r);
    return table ? std::optional<QVariant>(QVariant(*table)) : std::nullopt;
}

} // namespace

std::optional<QVariantMap> decodeTableAt(const QJsonObject &json, const QString &path, int depth, Reader &r)
{
    if (depth > MaxNesting) {
        r.fail(path, QStringLiteral("tables and arrays nested deeper than %1 levels").arg(MaxNesting));
        return std::nullopt;
    }
    QVariantMap out;
    for (auto it = json.constBegin(); it != json.constEnd(); ++it) {
        if (it.key().toUtf8().size() > 255) {
            r.fail(join(path, it.key()), QStringLiteral("a field name is at most 255 bytes"));
            return std::nullopt;
        }
        auto value = decodeValue(it.value(), join(path, it.key()), depth + 1, r);
        if (!value)
            return std::nullopt;
        out.insert(it.key(), *value);
    }
    return out;
}

std::optional<QVariant> decodeValue(const QJsonValue &json, const QString &path, int depth, Reader &r)
{
    if (depth > MaxNesting) {
        r.fail(path, QStringLiteral("tables and arrays nested deeper than %1 levels").arg(MaxNesting));
        return std::nullopt;
    }
    switch (json.type()) {
    case QJsonValue::Null:
        return QVariant();
    case QJsonValue::Bool:
        return QVariant(json.toBool());
    case QJsonValue::String:
        return QVariant(json.toString());
    case QJsonValue::Double: {
        // Depot writes every number with its type; a bare one (a file
        // written by hand) is a long when whole, else a double.
        if (const auto n = integerOf(json))
            return QVariant::fromValue(qint64(*n));
        return QVariant::fromValue(json.toDouble());
    }
    case QJsonValue::Array: {
        QVariantList list;
        const QJsonArray array = json.toArray();
        for (qsizetype i = 0; i < array.size(); ++i) {
            auto item = decodeValue(array.at(i), path + QStringLiteral("[%1]").arg(i), depth + 1, r);
            if (!item)
                return std::nullopt;
            list.append(*item);
        }
        return QVariant(list);
    }
    case QJsonValue::Object:
        return decodeTagged(json.toObject(), path, depth, r);
    case QJsonValue::Undefined:
        break;
    }
    r.fail(path, QStringLiteral("is not a value"));
    return std::nullopt;
}

} // namespace detail

using namespace detail;

QJsonValue encodeFieldValue(const QVariant &value)
{
    return encodeValue(value);
}

QJsonObject encodeTable(const QVariantMap &table)
{
    QJsonObject o;
    for (auto it = table.cbegin(); it != table.cend(); ++it)
        o.insert(it.key(), encodeValue(it.value()));
    return o;
}

std::optional<QVariant> decodeFieldValue(const QJsonValue &json, const QString &path, QString *error)
{
    Reader r;
    auto v = decodeValue(json, path, 0, r);
    if (!v && error)
        *error = QStringLiteral("field '%1' %2").arg(r.field, r.error);
    return v;
}

std::optional<QVariantMap> decodeTable(const QJsonObject &json, const QString &path, QString *error)
{
    Reader r;
    auto v = decodeTableAt(json, path, 0, r);
    if (!v && error)
        *error = QStringLiteral("field '%1' %2").arg(r.field, r.error);
    return v;
}

} // namespace depot::exportformat
