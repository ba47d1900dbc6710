#include "broker/export/ExportFormat.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QSet>
#include <QStringDecoder>
#include <cmath>
#include <limits>

namespace depot::exportformat {

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

QString join(const QString &path, const QString &key)
{
    return path.isEmpty() ? key : QString(path + QLatin1Char('.') + key);
}

std::optional<QVariant> decodeValue(const QJsonValue &json, const QString &path, int depth, Reader &r);

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

// Properties by the names RabbitMQ's management API gives them.
const QString kContentType = QStringLiteral("content_type");
const QString kContentEncoding = QStringLiteral("content_encoding");
const QString kDeliveryMode = QStringLiteral("delivery_mode");
const QString kPriority = QStringLiteral("priority");
const QString kCorrelationId = QStringLiteral("correlation_id");
const QString kReplyTo = QStringLiteral("reply_to");
const QString kExpiration = QStringLiteral("expiration");
const QString kMessageId = QStringLiteral("message_id");
const QString kTimestampProperty = QStringLiteral("timestamp");
const QString kType = QStringLiteral("type");
const QString kUserId = QStringLiteral("user_id");
const QString kAppId = QStringLiteral("app_id");
const QString kClusterId = QStringLiteral("cluster_id");

QJsonObject propertiesJson(const MessageProperties &p)
{
    QJsonObject o;
    const auto put = [&o](const QString &key, const std::optional<QString> &v) {
        if (v)
            o.insert(key, *v);
    };
    put(kContentType, p.contentType);
    put(kContentEncoding, p.contentEncoding);
    if (p.deliveryMode)
        o.insert(kDeliveryMode, int(*p.deliveryMode));
    if (p.priority)
        o.insert(kPriority, int(*p.priority));
    put(kCorrelationId, p.correlationId);
    put(kReplyTo, p.replyTo);
    put(kExpiration, p.expiration);
    put(kMessageId, p.messageId);
    if (p.timestamp)
        o.insert(kTimestampProperty, *p.timestamp);
    put(kType, p.type);
    put(kUserId, p.userId);
    put(kAppId, p.appId);
    put(kClusterId, p.clusterId);
    return o;
}

bool readProperties(const QJsonObject &json, const QString &path, MessageProperties *p, Reader &r)
{
    Fields f(json, path, r);
    if (!f.only({kContentType, kContentEncoding, kDeliveryMode, kPriority, kCorrelationId, kReplyTo, kExpiration,
            kMessageId, kTimestampProperty, kType, kUserId, kAppId, kClusterId}))
        return false;
    p->contentType = f.string(kContentType, false);
    p->contentEncoding = f.string(kContentEncoding, false);
    if (const auto v = f.integer(kDeliveryMode, 1, 2, false))
        p->deliveryMode = quint8(*v);
    if (const auto v = f.integer(kPriority, 0, 255, false))
        p->priority = quint8(*v);
    p->correlationId = f.string(kCorrelationId, false);
    p->replyTo = f.string(kReplyTo, false);
    p->expiration = f.string(kExpiration, false);
    p->messageId = f.string(kMessageId, false);
    if (const auto v = f.integer(kTimestampProperty, 0, std::numeric_limits<qint64>::max(), false))
        p->timestamp = *v;
    p->type = f.string(kType, false);
    p->userId = f.string(kUserId, false);
    p->appId = f.string(kAppId, false);
    p->clusterId = f.string(kClusterId, false);
    return !f.failed();
}

QJsonObject deathJson(const DeathRecord &d)
{
    QJsonObject o{
        {QStringLiteral("queue"), d.queue},
        {QStringLiteral("reason"), deathReasonName(d.reason)},
        {QStringLiteral("count"), d.count},
        {QStringLiteral("time"), d.timeMs},
        {QStringLiteral("exchange"), d.exchange},
        {QStringLiteral("routing_keys"), QJsonArray::fromStringList(d.routingKeys)},
    };
    if (d.originalExpiration)
        o.insert(QStringLiteral("original_expiration"), *d.originalExpiration);
    return o;
}

std::optional<DeathReason> readReason(Fields &f, const QString &key, Reader &r)
{
    const auto name = f.string(key, true);
    if (!name)
        return std::nullopt;
    const auto reason = deathReasonFromName(*name);
    if (!reason)
        r.fail(f.path(key), QStringLiteral("must be rejected, expired, maxlen or delivery_limit, not '%1'").arg(*name));
    return reason;
}

bool readDeath(const QJsonValue &json, const QString &path, DeathRecord *d, Reader &r)
{
    if (!json.isObject())
        return r.fail(path, QStringLiteral("must be an object"));
    Fields f(json.toObject(), path, r);
    if (!f.only({QStringLiteral("queue"), QStringLiteral("reason"), QStringLiteral("count"), QStringLiteral("time"),
            QStringLiteral("exchange"), QStringLiteral("routing_keys"), QStringLiteral("original_expiration")}))
        return false;
    const auto queue = f.string(QStringLiteral("queue"), true);
    const auto reason = queue ? readReason(f, QStringLiteral("reason"), r) : std::nullopt;
    const auto count = f.integer(QStringLiteral("count"), 1, std::numeric_limits<qint64>::max(), true);
    const auto time = f.integer(QStringLiteral("time"), 0, std::numeric_limits<qint64>::max(), true);
    const auto exchange = f.string(QStringLiteral("exchange"), true);
    if (f.failed())
        return false;
    d->queue = *queue;
    d->reason = *reason;
    d->count = *count;
    d->timeMs = *time;
    d->exchange = *exchange;
    const QJsonValue keys = f.value(QStringLiteral("routing_keys"));
    if (!keys.isArray())
        return r.fail(f.path(QStringLiteral("routing_keys")), QStringLiteral("must be an array of strings"));
    for (const QJsonValue &k : keys.toArray()) {
        if (!k.isString())
            return r.fail(f.path(QStringLiteral("routing_keys")), QStringLiteral("must be an array of strings"));
        d->routingKeys.append(k.toString());
    }
    d->originalExpiration = f.string(QStringLiteral("original_expiration"), false);
    return !f.failed();
}

QString isoNow()
{
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
}

// The line as a JSON object, or why not.
std::optional<QJsonObject> parseLine(QByteArrayView line, Reader &r)
{
    if (line.endsWith('\r'))
        line.chop(1);
    if (line.trimmed().isEmpty()) {
        r.fail(QString(), QStringLiteral("is empty"));
        return std::nullopt;
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(line.toByteArray(), &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        r.fail(QString(),
            QStringLiteral("is not JSON (%1 at column %2)").arg(parseError.errorString()).arg(parseError.offset + 1));
        return std::nullopt;
    }
    if (!doc.isObject()) {
        r.fail(QString(), QStringLiteral("must be a JSON object"));
        return std::nullopt;
    }
    return doc.object();
}

bool finish(const Reader &r, qint64 lineNumber, DecodeError *error)
{
    if (r.error.isEmpty())
        return true;
    if (error) {
        error->line = lineNumber;
        error->field = r.field;
        error->text = r.error;
    }
    return false;
}

} // namespace

QString DecodeError::message() const
{
    if (field.isEmpty())
        return QStringLiteral("line %1 %2").arg(line).arg(text);
    return QStringLiteral("line %1: field '%2' %3").arg(line).arg(field, text);
}

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

QByteArray encodeHeader(const Header &h)
{
    QJsonObject o{
        {QStringLiteral("format"), QLatin1String(FormatName)},
        {QStringLiteral("version"), h.version},
        {QStringLiteral("exported_at"), h.exportedAt.isEmpty() ? isoNow() : h.exportedAt},
        {QStringLiteral("vhost"), h.vhost},
        {QStringLiteral("queue"), h.queue},
    };
    if (!h.filter.isEmpty()) {
        o.insert(QStringLiteral("filter"),
            QJsonObject{{QStringLiteral("text"), h.filter}, {QStringLiteral("regex"), h.filterRegex},
                {QStringLiteral("case_sensitive"), h.filterCaseSensitive}});
    }
    if (!h.producer.isEmpty())
        o.insert(QStringLiteral("producer"), h.producer);
    return QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n';
}

QByteArray encodeMessage(const ExportedMessage &m)
{
    const MessageContent &c = m.content;
    QJsonObject o{
        {QStringLiteral("id"), qint64(m.id)},
        {QStringLiteral("exchange"), c.exchange},
        {QStringLiteral("routing_key"), c.routingKey},
        {QStringLiteral("properties"), propertiesJson(c.properties)},
        {QStringLiteral("redelivered"), m.redelivered},
        {QStringLiteral("delivery_count"), qint64(m.deliveryCount)},
        {QStringLiteral("enqueued_at"), m.enqueuedAt},
    };
    // Absent headers and an empty table are different properties.
    if (c.properties.headers)
        o.insert(QStringLiteral("headers"), encodeTable(*c.properties.headers));
    QString text;
    if (isUtf8(c.body, &text)) {
        o.insert(QStringLiteral("body"), text);
        o.insert(QStringLiteral("body_encoding"), QStringLiteral("text"));
    } else {
        o.insert(QStringLiteral("body"), QString::fromLatin1(c.body.toBase64()));
        o.insert(QStringLiteral("body_encoding"), QStringLiteral("base64"));
    }
    if (!c.deaths.records.isEmpty()) {
        QJsonArray deaths;
        for (const DeathRecord &d : c.deaths.records)
            deaths.append(deathJson(d));
        o.insert(QStringLiteral("deaths"), deaths);
    }
    if (c.deaths.first) {
        o.insert(QStringLiteral("first_death"),
            QJsonObject{{QStringLiteral("queue"), c.deaths.first->queue},
                {QStringLiteral("reason"), deathReasonName(c.deaths.first->reason)},
                {QStringLiteral("exchange"), c.deaths.first->exchange}});
    }
    if (!c.deaths.asPublished.isEmpty())
        o.insert(QStringLiteral("x_death_as_published"), encodeTable(c.deaths.asPublished));
    if (c.origin) {
        o.insert(QStringLiteral("first_enqueued"),
            QJsonObject{{QStringLiteral("queue"), c.origin->queue}, {QStringLiteral("at"), c.origin->enqueuedAt}});
    }
    if (!c.groupKey.isEmpty())
        o.insert(QStringLiteral("group_key"), c.groupKey);
    if (!c.deduplicationId.isEmpty())
        o.insert(QStringLiteral("deduplication_id"), c.deduplicationId);
    return QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n';
}

bool decodeHeader(QByteArrayView line, qint64 lineNumber, Header *out, DecodeError *error)
{
    Reader r;
    const auto object = parseLine(line, r);
    if (!object)
        return finish(r, lineNumber, error);
    if (object->contains(QStringLiteral("body")) && !object->contains(QStringLiteral("format"))) {
        r.fail(QString(),
            QStringLiteral("is a message, but the first line must be the header "
                           "({\"format\": \"depot-export\", \"version\": 1, ...})"));
        return finish(r, lineNumber, error);
    }
    Fields f(*object, QString(), r);
    Header h;
    const auto format = f.string(QStringLiteral("format"), true);
    if (format && *format != QLatin1String(FormatName)) {
        r.fail(QStringLiteral("format"),
            QStringLiteral("must be \"%1\", not \"%2\": this is not a Depot export")
                .arg(QLatin1String(FormatName), *format));
        return finish(r, lineNumber, error);
    }
    if (!format)
        return finish(r, lineNumber, error);
    const auto version = f.integer(QStringLiteral("version"), 1, std::numeric_limits<int>::max(), true);
    if (!version)
        return finish(r, lineNumber, error);
    if (*version > FormatVersion) {
        r.fail(QStringLiteral("version"),
            QStringLiteral("is %1, newer than this Depot reads (%2): import it with a "
                           "newer Depot")
                .arg(*version)
                .arg(FormatVersion));
        return finish(r, lineNumber, error);
    }
    if (!f.only({QStringLiteral("format"), QStringLiteral("version"), QStringLiteral("exported_at"),
            QStringLiteral("vhost"), QStringLiteral("queue"), QStringLiteral("filter"), QStringLiteral("producer")}))
        return finish(r, lineNumber, error);
    h.version = int(*version);
    h.exportedAt = f.string(QStringLiteral("exported_at"), false).value_or(QString());
    h.vhost = f.string(QStringLiteral("vhost"), false).value_or(QStringLiteral("/"));
    h.queue = f.string(QStringLiteral("queue"), false).value_or(QString());
    h.producer = f.string(QStringLiteral("producer"), false).value_or(QString());
    if (const auto filter = f.object(QStringLiteral("filter"))) {
        Fields ff(*filter, QStringLiteral("filter"), r);
        if (ff.only({QStringLiteral("text"), QStringLiteral("regex"), QStringLiteral("case_sensitive")})) {
            h.filter = ff.string(QStringLiteral("text"), true).value_or(QString());
            h.filterRegex = ff.boolean(QStringLiteral("regex")).value_or(false);
            h.filterCaseSensitive = ff.boolean(QStringLiteral("case_sensitive")).value_or(false);
        }
    }
    if (!finish(r, lineNumber, error))
        return false;
    *out = h;
    return true;
}

bool decodeMessage(QByteArrayView line, qint64 lineNumber, ExportedMessage *out, DecodeError *error)
{
    Reader r;
    const auto object = parseLine(line, r);
    if (!object)
        return finish(r, lineNumber, error);
    Fields f(*object, QString(), r);
    if (!f.only({QStringLiteral("id"), QStringLiteral("exchange"), QStringLiteral("routing_key"),
            QStringLiteral("properties"), QStringLiteral("headers"), QStringLiteral("body"),
            QStringLiteral("body_encoding"), QStringLiteral("deaths"), QStringLiteral("first_death"),
            QStringLiteral("x_death_as_published"), QStringLiteral("redelivered"), QStringLiteral("delivery_count"),
            QStringLiteral("enqueued_at"), QStringLiteral("first_enqueued"), QStringLiteral("group_key"),
            QStringLiteral("deduplication_id")}))
        return finish(r, lineNumber, error);
    ExportedMessage m;
    MessageContent &c = m.content;
    m.id = MessageId(f.integer(QStringLiteral("id"), 0, std::numeric_limits<qint64>::max(), false).value_or(0));
    c.exchange = f.string(QStringLiteral("exchange"), false).value_or(QString());
    c.routingKey = f.string(QStringLiteral("routing_key"), false).value_or(QString());
    m.redelivered = f.boolean(QStringLiteral("redelivered")).value_or(false);
    m.deliveryCount = quint32(
        f.integer(QStringLiteral("delivery_count"), 0, std::numeric_limits<quint32>::max(), false).value_or(0));
    m.enqueuedAt = f.integer(QStringLiteral("enqueued_at"), 0, std::numeric_limits<qint64>::max(), false).value_or(0);
    c.groupKey = f.string(QStringLiteral("group_key"), false).value_or(QString());
    c.deduplicationId = f.string(QStringLiteral("deduplication_id"), false).value_or(QString());
    if (f.failed())
        return finish(r, lineNumber, error);
    if (const auto properties = f.object(QStringLiteral("properties"))) {
        if (!readProperties(*properties, QStringLiteral("properties"), &c.properties, r))
            return finish(r, lineNumber, error);
    }
    if (const auto headers = f.object(QStringLiteral("headers"))) {
        auto table = decodeTableAt(*headers, QStringLiteral("headers"), 0, r);
        if (!table)
            return finish(r, lineNumber, error);
        c.properties.headers = std::move(*table);
    }
    if (f.failed())
        return finish(r, lineNumber, error);

    const auto encoding = f.string(QStringLiteral("body_encoding"), false).value_or(QStringLiteral("text"));
    const auto body = f.string(QStringLiteral("body"), true);
    if (f.failed())
        return finish(r, lineNumber, error);
    if (encoding == QLatin1String("text")) {
        c.body = body->toUtf8();
    } else if (encoding == QLatin1String("base64")) {
        auto decoded = QByteArray::fromBase64Encoding(body->toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded) {
            r.fail(QStringLiteral("body"), QStringLiteral("is not valid base64"));
            return finish(r, lineNumber, error);
        }
        c.body = decoded.decoded;
    } else {
        r.fail(QStringLiteral("body_encoding"),
            QStringLiteral("must be \"text\" or \"base64\", not \"%1\"").arg(encoding));
        return finish(r, lineNumber, error);
    }

    const QJsonValue deaths = f.value(QStringLiteral("deaths"));
    if (!deaths.isUndefined()) {
        if (!deaths.isArray()) {
            r.fail(QStringLiteral("deaths"), QStringLiteral("must be an array"));
            return finish(r, lineNumber, error);
        }
        const QJsonArray list = deaths.toArray();
        for (qsizetype i = 0; i < list.size(); ++i) {
            DeathRecord d;
            if (!readDeath(list.at(i), QStringLiteral("deaths[%1]").arg(i), &d, r))
                return finish(r, lineNumber, error);
            c.deaths.records.append(d);
        }
    }
    if (const auto first = f.object(QStringLiteral("first_death"))) {
        Fields ff(*first, QStringLiteral("first_death"), r);
        if (!ff.only({QStringLiteral("queue"), QStringLiteral("reason"), QStringLiteral("exchange")}))
            return finish(r, lineNumber, error);
        const auto queue = ff.string(QStringLiteral("queue"), true);
        const auto reason = queue ? readReason(ff, QStringLiteral("reason"), r) : std::nullopt;
        const auto exchange = reason ? ff.string(QStringLiteral("exchange"), true) : std::nullopt;
        if (!exchange)
            return finish(r, lineNumber, error);
        c.deaths.first = FirstDeath{*queue, *reason, *exchange};
    }
    if (const auto origin = f.object(QStringLiteral("first_enqueued"))) {
        Fields of(*origin, QStringLiteral("first_enqueued"), r);
        if (!of.only({QStringLiteral("queue"), QStringLiteral("at")}))
            return finish(r, lineNumber, error);
        const auto queue = of.string(QStringLiteral("queue"), true);
        const auto at = queue ? of.integer(QStringLiteral("at"), 0, std::numeric_limits<qint64>::max(), true)
                              : std::nullopt;
        if (!at)
            return finish(r, lineNumber, error);
        c.origin = MessageOrigin{*queue, *at};
    }
    if (const auto published = f.object(QStringLiteral("x_death_as_published"))) {
        auto table = decodeTableAt(*published, QStringLiteral("x_death_as_published"), 0, r);
        if (!table)
            return finish(r, lineNumber, error);
        c.deaths.asPublished = std::move(*table);
    }
    if (!finish(r, lineNumber, error))
        return false;
    *out = std::move(m);
    return true;
}

std::optional<qint64> decodeFile(
    QByteArrayView file, Header *header, DecodeError *error, const std::function<void(ExportedMessage &&)> &visit)
{
    qint64 lineNumber = 0;
    qint64 count = 0;
    qsizetype start = 0;
    bool headerRead = false;
    while (start < file.size()) {
        qsizetype end = file.indexOf('\n', start);
        if (end < 0)
            end = file.size();
        const QByteArrayView line = file.sliced(start, end - start);
        start = end + 1;
        ++lineNumber;
        if (!headerRead) {
            Header h;
            if (!decodeHeader(line, lineNumber, &h, error))
                return std::nullopt;
            if (header)
                *header = h;
            headerRead = true;
            continue;
        }
        ExportedMessage m;
        if (!decodeMessage(line, lineNumber, &m, error))
            return std::nullopt;
        ++count;
        if (visit)
            visit(std::move(m));
    }
    if (!headerRead) {
        if (error)
            *error = DecodeError{1, QString(),
                QStringLiteral("is missing: the file is empty, and a Depot export "
                               "starts with its header line")};
        return std::nullopt;
    }
    return count;
}

} // namespace depot::exportformat
