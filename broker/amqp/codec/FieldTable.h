#pragma once

// AMQP field tables and arrays (headers, queue and consumer arguments, client
// and server properties) to and from the Qt values the engine and the store use.
//
// Wire type  ->  QVariant                 (and back: the same bytes)
//   t bool       bool                     (any non-zero octet reads as true; see below)
//   b int8       qint8  (QMetaType::SChar)
//   B uint8      quint8 (QMetaType::UChar)
//   s int16      qint16
//   u uint16     quint16
//   I int32      qint32
//   i uint32     quint32
//   l int64      qint64
//   f float      float
//   d double     double
//   D decimal    depot::Decimal
//   S longstr    QString when the bytes are strict UTF-8, else depot::RawString
//   x bytes      QByteArray
//   A array      QVariantList
//   T timestamp  QDateTime (UTC, whole seconds)
//   F table      QVariantMap
//   V void       an invalid QVariant
//
// Decoding then encoding gives the received bytes back, with two documented
// exceptions: a table's keys come back in QVariantMap order (sorted) rather
// than wire order, and a later duplicate key replaces an earlier one; a bool
// octet other than 0 or 1 (the spec says non-zero is true) comes back as 1.
//
// Encoding values the decoder never produces: Char as 'b', Long as 'l',
// ULong/ULongLong as 'l' when they fit and as their decimal text ('S') when
// not, QVariantHash as 'F', QStringList as 'A', a QDateTime before 1970 as 0;
// any other type that converts to QString as 'S', anything else as 'V'.

#include "broker/amqp/codec/CodecError.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QVariant>
#include <QVariantList>
#include <QVariantMap>

#include <limits>

namespace depot::amqp {

namespace wire {
class Reader;
}

// Tables and arrays nested deeper than this (the outermost counts as 1) are
// refused with 502: it bounds the decoder's recursion whatever a peer sends.
inline constexpr int kMaxFieldNesting = 64;

// A table timestamp is refused (502) above this many seconds: QDateTime
// counts milliseconds in 64 bits and could not hold it.
inline constexpr quint64 kMaxTimestampSeconds = quint64(std::numeric_limits<qint64>::max() / 1000);

void appendFieldTable(QByteArray &out, const QVariantMap &table);   // long-uint size, then the pairs
void appendFieldArray(QByteArray &out, const QVariantList &array);  // long-uint size, then the values
void appendFieldValue(QByteArray &out, const QVariant &value);      // type octet, then the value
QByteArray encodeFieldTable(const QVariantMap &table);

// Decodes one table (size prefix included) that must fill `bytes` exactly.
Decoded<QVariantMap> decodeFieldTable(QByteArrayView bytes);
// Decodes one typed value (type octet included) that must fill `bytes` exactly.
Decoded<QVariant> decodeFieldValue(QByteArrayView bytes);

namespace wire {
// For the other decoders: reads a table at the reader's position.
QVariantMap readFieldTable(Reader &in, int depth = 1);
} // namespace wire

} // namespace depot::amqp
