#include "broker/sqs/codec/SqsMessageAttributes.h"

#include "broker/engine/Message.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QRegularExpression>
#include <QtEndian>

namespace depot::sqs {

namespace {

constexpr int kMaxAttributes = 10;
constexpr int kMaxNameLength = 256;

void appendLengthPrefixed(QByteArray &out, const QByteArray &bytes)
{
    char length[4];
    qToBigEndian(quint32(bytes.size()), length);
    out.append(length, 4);
    out.append(bytes);
}

SqsError invalid(const QString &message)
{
    return sqsError(ErrorCode::InvalidParameterValue, message);
}

bool validName(const QString &name)
{
    if (name.isEmpty() || name.size() > kMaxNameLength)
        return false;
    if (name.startsWith(QLatin1Char('.')) || name.endsWith(QLatin1Char('.')) || name.contains(QLatin1String("..")))
        return false;
    for (QChar c : name) {
        const bool ok = (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9') || c == u'_'
            || c == u'-' || c == u'.';
        if (!ok)
            return false;
    }
    return true;
}

bool validNumber(const QString &text)
{
    static const QRegularExpression number(QStringLiteral("^[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?$"));
    return number.match(text).hasMatch();
}

} // namespace

QByteArray md5Hex(const QByteArray &bytes)
{
    return QCryptographicHash::hash(bytes, QCryptographicHash::Md5).toHex();
}

QString md5OfMessageAttributes(const MessageAttributes &attributes)
{
    if (attributes.isEmpty())
        return {};
    QByteArray encoded;
    for (auto it = attributes.cbegin(); it != attributes.cend(); ++it) {
        appendLengthPrefixed(encoded, it.key().toUtf8());
        appendLengthPrefixed(encoded, it->dataType.toUtf8());
        if (it->isBinary()) {
            encoded.append(char(2));
            appendLengthPrefixed(encoded, it->binaryValue);
        } else {
            encoded.append(char(1));
            appendLengthPrefixed(encoded, it->stringValue.toUtf8());
        }
    }
    return QString::fromLatin1(md5Hex(encoded));
}

qint64 attributesSize(const MessageAttributes &attributes)
{
    qint64 size = 0;
    for (auto it = attributes.cbegin(); it != attributes.cend(); ++it) {
        size += it.key().toUtf8().size() + it->dataType.toUtf8().size();
        size += it->isBinary() ? it->binaryValue.size() : it->stringValue.toUtf8().size();
    }
    return size;
}

std::optional<char32_t> firstInvalidCharacter(const QString &text)
{
    const char16_t *p = reinterpret_cast<const char16_t *>(text.utf16());
    const qsizetype n = text.size();
    for (qsizetype i = 0; i < n; ++i) {
        const char16_t c = p[i];
        if (c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD))
            continue;
        if (c >= 0xD800 && c <= 0xDBFF && i + 1 < n && p[i + 1] >= 0xDC00 && p[i + 1] <= 0xDFFF) {
            ++i; // a pair: #x10000 to #x10FFFF
            continue;
        }
        return char32_t(c);
    }
    return std::nullopt;
}

SqsError invalidCharacterError(char32_t c)
{
    return sqsError(ErrorCode::InvalidMessageContents,
        QStringLiteral("Invalid binary character '#x%1' was found in the message body, the set of allowed characters "
                       "is #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF")
            .arg(QString::number(quint32(c), 16).toUpper()));
}

std::optional<SqsError> parseMessageAttributes(const QJsonValue &value, bool system, MessageAttributes *out)
{
    out->clear();
    if (value.isUndefined() || value.isNull())
        return std::nullopt;
    if (!value.isObject())
        return sqsError(ErrorCode::SerializationException,
            system ? QStringLiteral("MessageSystemAttributes must be an object.")
                   : QStringLiteral("MessageAttributes must be an object."));
    const QJsonObject map = value.toObject();
    if (!system && map.size() > kMaxAttributes)
        return invalid(QStringLiteral("Number of message attributes [%1] exceeds the allowed maximum [%2].")
                           .arg(map.size())
                           .arg(kMaxAttributes));
    for (auto it = map.begin(); it != map.end(); ++it) {
        const QString &name = it.key();
        if (system) {
            if (name != QLatin1String("AWSTraceHeader"))
                return invalid(QStringLiteral("Message system attribute name '%1' is invalid.").arg(name.left(256)));
        } else {
            if (!validName(name))
                return invalid(QStringLiteral("Message attribute name '%1' is invalid. Names can contain alphanumeric "
                                              "characters, hyphens, underscores and periods, 1 to 256 of them, "
                                              "and may not start or end with a period or hold two in a row.")
                                   .arg(name.left(256)));
            if (name.startsWith(QLatin1String("AWS."), Qt::CaseInsensitive)
                || name.startsWith(QLatin1String("Amazon."), Qt::CaseInsensitive))
                return invalid(QStringLiteral("You can't use message attribute names beginning with 'AWS.' or "
                                              "'Amazon.'. These strings are reserved for internal use."));
            if (name.startsWith(kSystemHeaderPrefix, Qt::CaseInsensitive))
                return invalid(QStringLiteral("Message attribute names beginning with '%1' are reserved by Depot.")
                                   .arg(kSystemHeaderPrefix));
        }
        if (!it.value().isObject())
            return sqsError(ErrorCode::SerializationException,
                QStringLiteral("The value of message attribute '%1' must be an object.").arg(name.left(256)));
        const QJsonObject v = it.value().toObject();
        MessageAttribute attribute;
        attribute.dataType = v.value(QStringLiteral("DataType")).toString();
        if (attribute.dataType.isEmpty())
            return invalid(
                QStringLiteral("The message attribute '%1' must contain non-empty message attribute type.").arg(name));
        const QString base = attribute.dataType.section(QLatin1Char('.'), 0, 0);
        if ((base != QLatin1String("String") && base != QLatin1String("Number") && base != QLatin1String("Binary"))
            || attribute.dataType.size() > kMaxNameLength
            || (attribute.dataType.contains(QLatin1Char('.'))
                && attribute.dataType.section(QLatin1Char('.'), 1).isEmpty()))
            return invalid(QStringLiteral("The type of message attribute '%1' is invalid. You must use only the "
                                          "following supported type prefixes: Binary, Number, String.")
                               .arg(name));
        if (system && attribute.dataType != QLatin1String("String"))
            return invalid(QStringLiteral("The message system attribute 'AWSTraceHeader' must be of type String."));
        if (v.contains(QStringLiteral("StringListValues")) || v.contains(QStringLiteral("BinaryListValues"))) {
            const bool empty = v.value(QStringLiteral("StringListValues")).toArray().isEmpty()
                && v.value(QStringLiteral("BinaryListValues")).toArray().isEmpty();
            if (!empty)
                return invalid(
                    QStringLiteral("Message attribute list values in SendMessage operation are not supported."));
        }
        if (base == QLatin1String("Binary")) {
            const QJsonValue b = v.value(QStringLiteral("BinaryValue"));
            const auto decoded
                = QByteArray::fromBase64Encoding(b.toString().toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
            if (!b.isString() || b.toString().isEmpty() || !decoded || decoded.decoded.isEmpty())
                return invalid(
                    QStringLiteral("The message attribute '%1' with type 'Binary' must use field 'Binary'.").arg(name));
            attribute.binaryValue = decoded.decoded;
        } else {
            const QJsonValue s = v.value(QStringLiteral("StringValue"));
            if (!s.isString() || s.toString().isEmpty())
                return invalid(QStringLiteral("The message attribute '%1' must contain non-empty message attribute "
                                              "value for message attribute type '%2'.")
                                   .arg(name, base));
            attribute.stringValue = s.toString();
            if (const auto bad = firstInvalidCharacter(attribute.stringValue))
                return invalidCharacterError(*bad);
            if (base == QLatin1String("Number") && !validNumber(attribute.stringValue))
                return invalid(
                    QStringLiteral("Can't cast the value of message (user) attribute '%1' to a number.").arg(name));
        }
        out->insert(name, attribute);
    }
    return std::nullopt;
}

QJsonObject messageAttributesToJson(const MessageAttributes &attributes)
{
    QJsonObject out;
    for (auto it = attributes.cbegin(); it != attributes.cend(); ++it) {
        QJsonObject v{{QStringLiteral("DataType"), it->dataType}};
        if (it->isBinary())
            v.insert(QStringLiteral("BinaryValue"), QString::fromLatin1(it->binaryValue.toBase64()));
        else
            v.insert(QStringLiteral("StringValue"), it->stringValue);
        out.insert(it.key(), v);
    }
    return out;
}

void writeAttributeHeaders(const MessageAttributes &attributes, QVariantMap *headers)
{
    for (auto it = attributes.cbegin(); it != attributes.cend(); ++it) {
        if (it->dataType == QLatin1String("String")) {
            headers->insert(it.key(), it->stringValue);
        } else if (it->dataType == QLatin1String("Binary")) {
            headers->insert(it.key(), it->binaryValue);
        } else {
            QVariantMap typed{{QStringLiteral("DataType"), it->dataType}};
            if (it->isBinary())
                typed.insert(QStringLiteral("BinaryValue"), it->binaryValue);
            else
                typed.insert(QStringLiteral("StringValue"), it->stringValue);
            headers->insert(it.key(), typed);
        }
    }
}

MessageAttributes readAttributeHeaders(const QVariantMap &headers)
{
    MessageAttributes out;
    for (auto it = headers.cbegin(); it != headers.cend(); ++it) {
        if (it.key().startsWith(kSystemHeaderPrefix) || it.key().isEmpty())
            continue;
        const QVariant &v = it.value();
        MessageAttribute a;
        switch (v.typeId()) {
        case QMetaType::QString:
            a.dataType = QStringLiteral("String");
            a.stringValue = v.toString();
            break;
        case QMetaType::QByteArray:
            a.dataType = QStringLiteral("Binary");
            a.binaryValue = v.toByteArray();
            break;
        case QMetaType::QVariantMap: {
            const QVariantMap m = v.toMap();
            a.dataType = m.value(QStringLiteral("DataType")).toString();
            if (a.dataType.isEmpty())
                continue; // a table from another protocol: no SQS counterpart
            if (a.isBinary())
                a.binaryValue = m.value(QStringLiteral("BinaryValue")).toByteArray();
            else
                a.stringValue = m.value(QStringLiteral("StringValue")).toString();
            break;
        }
        case QMetaType::Bool:
            a.dataType = QStringLiteral("String");
            a.stringValue = v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
            break;
        case QMetaType::Int:
        case QMetaType::UInt:
        case QMetaType::LongLong:
        case QMetaType::ULongLong:
        case QMetaType::Short:
        case QMetaType::UShort:
        case QMetaType::SChar:
        case QMetaType::UChar:
        case QMetaType::Double:
        case QMetaType::Float:
            a.dataType = QStringLiteral("Number");
            a.stringValue = v.toString();
            break;
        default:
            if (v.typeId() == qMetaTypeId<RawString>()) {
                a.dataType = QStringLiteral("Binary");
                a.binaryValue = v.value<RawString>().bytes;
                break;
            }
            if (!v.canConvert<QString>() || v.toString().isEmpty())
                continue;
            a.dataType = QStringLiteral("String");
            a.stringValue = v.toString();
        }
        if (!a.isBinary() && a.stringValue.isEmpty())
            continue;
        if (a.isBinary() && a.binaryValue.isEmpty())
            continue;
        out.insert(it.key(), a);
    }
    return out;
}

} // namespace depot::sqs
