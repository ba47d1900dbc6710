#include "broker/amqp/codec/FieldTable.h"

#include "broker/amqp/codec/Wire.h"
#include "broker/engine/Message.h"

#include <QDateTime>
#include <QStringList>

#include <cstring>

namespace depot::amqp {

using namespace wire;

namespace {

template <typename T>
quint32 bitsOf(T v)
{
    static_assert(sizeof(T) == 4);
    quint32 b;
    std::memcpy(&b, &v, 4);
    return b;
}

quint64 bitsOf64(double v)
{
    quint64 b;
    std::memcpy(&b, &v, 8);
    return b;
}

void putTimestamp(QByteArray &out, const QDateTime &dt)
{
    const qint64 secs = dt.isValid() ? dt.toSecsSinceEpoch() : 0;
    putU64(out, quint64(qMax<qint64>(secs, 0)));
}

// Writes a long-uint size placeholder, runs `body`, patches the size in.
template <typename Body>
void sized(QByteArray &out, Body body)
{
    const qsizetype at = out.size();
    putU32(out, 0);
    body();
    patchU32(out, at, quint32(out.size() - at - 4));
}

void putStringValue(QByteArray &out, const QString &s)
{
    putU8(out, 'S');
    const qsizetype at = out.size();
    putU32(out, 0);
    // Append UTF-8 in place; the size is known only afterwards.
    appendUtf8(out, s);
    patchU32(out, at, quint32(out.size() - at - 4));
}

} // namespace

void appendFieldTable(QByteArray &out, const QVariantMap &table)
{
    sized(out, [&] {
        for (auto it = table.cbegin(); it != table.cend(); ++it) {
            putShortStr(out, it.key());
            appendFieldValue(out, it.value());
        }
    });
}

void appendFieldArray(QByteArray &out, const QVariantList &array)
{
    sized(out, [&] {
        for (const QVariant &v : array)
            appendFieldValue(out, v);
    });
}

void appendFieldValue(QByteArray &out, const QVariant &value)
{
    if (!value.isValid()) {
        putU8(out, 'V');
        return;
    }
    const int type = value.typeId();
    switch (type) {
    case QMetaType::Bool:
        putU8(out, 't');
        putU8(out, value.toBool() ? 1 : 0);
        return;
    case QMetaType::SChar:
    case QMetaType::Char:
        putU8(out, 'b');
        putU8(out, quint8(*static_cast<const char *>(value.constData())));
        return;
    case QMetaType::UChar:
        putU8(out, 'B');
        putU8(out, *static_cast<const quint8 *>(value.constData()));
        return;
    case QMetaType::Short:
        putU8(out, 's');
        putU16(out, quint16(*static_cast<const qint16 *>(value.constData())));
        return;
    case QMetaType::UShort:
        putU8(out, 'u');
        putU16(out, *static_cast<const quint16 *>(value.constData()));
        return;
    case QMetaType::Int:
        putU8(out, 'I');
        putU32(out, quint32(*static_cast<const qint32 *>(value.constData())));
        return;
    case QMetaType::UInt:
        putU8(out, 'i');
        putU32(out, *static_cast<const quint32 *>(value.constData()));
        return;
    case QMetaType::LongLong:
    case QMetaType::Long:
        putU8(out, 'l');
        putU64(out, quint64(value.toLongLong()));
        return;
    case QMetaType::ULongLong:
    case QMetaType::ULong: {
        const quint64 v = value.toULongLong();
        if (v <= quint64(std::numeric_limits<qint64>::max())) {
            putU8(out, 'l');
            putU64(out, v);
        } else {
            // AMQP has no unsigned 64-bit field type; the text keeps the value.
            putStringValue(out, QString::number(v));
        }
        return;
    }
    case QMetaType::Float:
        putU8(out, 'f');
        putU32(out, bitsOf(*static_cast<const float *>(value.constData())));
        return;
    case QMetaType::Double:
        putU8(out, 'd');
        putU64(out, bitsOf64(*static_cast<const double *>(value.constData())));
        return;
    case QMetaType::QString:
        putStringValue(out, *static_cast<const QString *>(value.constData()));
        return;
    case QMetaType::QByteArray:
        putU8(out, 'x');
        putLongStr(out, *static_cast<const QByteArray *>(value.constData()));
        return;
    case QMetaType::QVariantMap:
        putU8(out, 'F');
        appendFieldTable(out, *static_cast<const QVariantMap *>(value.constData()));
        return;
    case QMetaType::QVariantHash: {
        const QVariantHash &h = *static_cast<const QVariantHash *>(value.constData());
        QVariantMap sorted;
        for (auto it = h.cbegin(); it != h.cend(); ++it)
            sorted.insert(it.key(), it.value());
        putU8(out, 'F');
        appendFieldTable(out, sorted);
        return;
    }
    case QMetaType::QVariantList:
        putU8(out, 'A');
        appendFieldArray(out, *static_cast<const QVariantList *>(value.constData()));
        return;
    case QMetaType::QStringList: {
        const QStringList &l = *static_cast<const QStringList *>(value.constData());
        putU8(out, 'A');
        sized(out, [&] {
            for (const QString &s : l)
                putStringValue(out, s);
        });
        return;
    }
    case QMetaType::QDateTime:
        putU8(out, 'T');
        putTimestamp(out, *static_cast<const QDateTime *>(value.constData()));
        return;
    case QMetaType::Nullptr:
        putU8(out, 'V');
        return;
    default:
        break;
    }
    if (type == qMetaTypeId<depot::Decimal>()) {
        const auto *d = static_cast<const depot::Decimal *>(value.constData());
        putU8(out, 'D');
        putU8(out, d->scale);
        putU32(out, quint32(d->value));
        return;
    }
    if (type == qMetaTypeId<depot::RawString>()) {
        putU8(out, 'S');
        putLongStr(out, static_cast<const depot::RawString *>(value.constData())->bytes);
        return;
    }
    if (value.canConvert<QString>()) {
        putStringValue(out, value.toString());
        return;
    }
    putU8(out, 'V');
}

QByteArray encodeFieldTable(const QVariantMap &table)
{
    QByteArray out;
    out.reserve(64);
    appendFieldTable(out, table);
    return out;
}

namespace {

QVariant readValue(Reader &in, int depth);

QVariantList readArray(Reader &in, int depth)
{
    QVariantList list;
    if (depth > kMaxFieldNesting) {
        in.fail(QStringLiteral("field tables and arrays nested deeper than %1 levels").arg(kMaxFieldNesting));
        return list;
    }
    const quint32 size = in.u32("field array size");
    Reader body(in.bytes(qsizetype(size), "field array"));
    if (in.failed())
        return list;
    while (!body.atEnd() && !body.failed())
        list.append(readValue(body, depth));
    if (body.failed())
        in.failLike(body);
    return list;
}

QVariant readValue(Reader &in, int depth)
{
    const quint8 type = in.u8("field value type");
    if (in.failed())
        return {};
    switch (type) {
    case 't': {
        // The spec reads any non-zero octet as true; so does Depot.
        const quint8 b = in.u8("bool field value");
        return in.failed() ? QVariant() : QVariant(b != 0);
    }
    case 'b': {
        const quint8 b = in.u8("int8 field value");
        return in.failed() ? QVariant() : QVariant::fromValue(qint8(b));
    }
    case 'B': {
        const quint8 b = in.u8("uint8 field value");
        return in.failed() ? QVariant() : QVariant::fromValue(quint8(b));
    }
    case 's': {
        const quint16 v = in.u16("int16 field value");
        return in.failed() ? QVariant() : QVariant::fromValue(qint16(v));
    }
    case 'u': {
        const quint16 v = in.u16("uint16 field value");
        return in.failed() ? QVariant() : QVariant::fromValue(quint16(v));
    }
    case 'I': {
        const quint32 v = in.u32("int32 field value");
        return in.failed() ? QVariant() : QVariant::fromValue(qint32(v));
    }
    case 'i': {
        const quint32 v = in.u32("uint32 field value");
        return in.failed() ? QVariant() : QVariant::fromValue(quint32(v));
    }
    case 'l': {
        const quint64 v = in.u64("int64 field value");
        return in.failed() ? QVariant() : QVariant::fromValue(qint64(v));
    }
    case 'f': {
        const quint32 v = in.u32("float field value");
        float f;
        std::memcpy(&f, &v, 4);
        return in.failed() ? QVariant() : QVariant::fromValue(f);
    }
    case 'd': {
        const quint64 v = in.u64("double field value");
        double d;
        std::memcpy(&d, &v, 8);
        return in.failed() ? QVariant() : QVariant::fromValue(d);
    }
    case 'D': {
        depot::Decimal d;
        d.scale = in.u8("decimal scale");
        d.value = qint32(in.u32("decimal value"));
        return in.failed() ? QVariant() : QVariant::fromValue(d);
    }
    case 'S': {
        const QByteArrayView b = in.longStrBytes("longstr field value");
        if (in.failed())
            return {};
        if (isStrictUtf8(b))
            return utf8ToString(b);
        return QVariant::fromValue(depot::RawString{b.toByteArray()});
    }
    case 'x': {
        const QByteArrayView b = in.longStrBytes("byte array field value");
        return in.failed() ? QVariant() : QVariant(b.toByteArray());
    }
    case 'A': {
        QVariantList l = readArray(in, depth + 1);
        return in.failed() ? QVariant() : QVariant(std::move(l));
    }
    case 'T': {
        const quint64 secs = in.u64("timestamp field value");
        if (in.failed())
            return {};
        if (secs > kMaxTimestampSeconds) {
            in.fail(QStringLiteral("timestamp field value %1 is out of range").arg(secs));
            return {};
        }
        return QDateTime::fromSecsSinceEpoch(qint64(secs), Qt::UTC);
    }
    case 'F': {
        QVariantMap m = readFieldTable(in, depth + 1);
        return in.failed() ? QVariant() : QVariant(std::move(m));
    }
    case 'V':
        return {};
    default:
        in.fail(QStringLiteral("unknown field value type 0x%1").arg(type, 2, 16, QLatin1Char('0')));
        return {};
    }
}

} // namespace

namespace wire {

QVariantMap readFieldTable(Reader &in, int depth)
{
    QVariantMap table;
    if (depth > kMaxFieldNesting) {
        in.fail(QStringLiteral("field tables and arrays nested deeper than %1 levels").arg(kMaxFieldNesting));
        return table;
    }
    const quint32 size = in.u32("field table size");
    Reader body(in.bytes(qsizetype(size), "field table"));
    if (in.failed())
        return table;
    while (!body.atEnd() && !body.failed()) {
        QString key = body.shortStr("field table key");
        QVariant value = readValue(body, depth);
        if (!body.failed())
            table.insert(std::move(key), std::move(value));
    }
    if (body.failed()) {
        in.failLike(body);
        table.clear();
    }
    return table;
}

} // namespace wire

Decoded<QVariantMap> decodeFieldTable(QByteArrayView bytes)
{
    Reader in(bytes);
    QVariantMap table = readFieldTable(in);
    if (!in.failed() && !in.atEnd())
        in.failLayout(QStringLiteral("%1 bytes after the field table").arg(in.remaining()));
    if (in.failed())
        return in.error();
    return table;
}

Decoded<QVariant> decodeFieldValue(QByteArrayView bytes)
{
    Reader in(bytes);
    QVariant value = readValue(in, 0);
    if (!in.failed() && !in.atEnd())
        in.failLayout(QStringLiteral("%1 bytes after the field value").arg(in.remaining()));
    if (in.failed())
        return in.error();
    return value;
}

} // namespace depot::amqp
