#pragma once

// Message attributes and bodies as SQS defines them: the checks AWS makes on
// a send (names, data types, values, the characters a body may hold), the
// MD5 digests it answers with (MD5OfMessageBody, MD5OfMessageAttributes,
// MD5OfMessageSystemAttributes), and how Depot keeps attributes in a
// message's headers so that each comes back with its exact data type.
//
// The attribute digest is AWS's documented encoding, over the attributes
// sorted by name: for each, its name, its data type (each as a 4-byte
// big-endian length and UTF-8 bytes), one transport byte (1 for String and
// Number values, 2 for Binary), then the value (length and bytes).

#include "broker/sqs/codec/SqsProtocol.h"

#include <QByteArray>
#include <QJsonObject>
#include <QMap>
#include <QString>
#include <QVariantMap>
#include <optional>

namespace depot::sqs {

struct MessageAttribute
{
    QString dataType; // "String", "Number", "Binary", or one with a custom part: "Number.float"
    QString stringValue; // String and Number types
    QByteArray binaryValue; // Binary types
    bool isBinary() const { return dataType.startsWith(QLatin1String("Binary")); }
    bool operator==(const MessageAttribute &) const = default;
};

// By name: the order AWS digests them in.
using MessageAttributes = QMap<QString, MessageAttribute>;

// The JSON shape {"name": {"DataType": ..., "StringValue"|"BinaryValue": ...}}
// (BinaryValue base64), checked as AWS checks a SendMessage's attributes.
// `system`: MessageSystemAttributes (only AWSTraceHeader, a String).
std::optional<SqsError> parseMessageAttributes(const QJsonValue &value, bool system, MessageAttributes *out);
// The JSON shape of attributes (for ReceiveMessage).
QJsonObject messageAttributesToJson(const MessageAttributes &attributes);

// Lower-case hex MD5.
QByteArray md5Hex(const QByteArray &bytes);
// AWS's MD5OfMessageAttributes; an empty string for no attributes.
QString md5OfMessageAttributes(const MessageAttributes &attributes);

// Bytes the attributes count toward MaximumMessageSize (name, type and value).
qint64 attributesSize(const MessageAttributes &attributes);

// The first character a message body (or string attribute value) may not hold
// as AWS allows them (#x9 | #xA | #xD | #x20-#xD7FF | #xE000-#xFFFD |
// #x10000-#x10FFFF), or nullopt when all are allowed. The code point is returned.
std::optional<char32_t> firstInvalidCharacter(const QString &text);
// The InvalidMessageContents error naming that character.
SqsError invalidCharacterError(char32_t c);

// Header names Depot itself uses on SQS messages start with this; an
// attribute may not be called so (the only name AWS allows and Depot refuses).
inline const QString kSystemHeaderPrefix = QStringLiteral("x-sqs-");

// Attributes into headers and back. A String attribute is a string header, a
// Binary one a byte-array header, any other type (Number, custom types) a map
// {DataType, StringValue|BinaryValue}, so the type comes back exactly. Headers
// a client of another protocol set read back as String attributes (numbers
// as Number), headers starting with kSystemHeaderPrefix not at all.
void writeAttributeHeaders(const MessageAttributes &attributes, QVariantMap *headers);
MessageAttributes readAttributeHeaders(const QVariantMap &headers);

} // namespace depot::sqs
