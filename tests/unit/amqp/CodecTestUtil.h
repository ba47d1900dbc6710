#pragma once

// Helpers for the codec tests: hex vectors and a QVariant comparison that,
// unlike QVariant::operator==, tells qint8(1) from qint32(1) and compares
// floating point values bit for bit.

#include "broker/engine/Message.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <QVariant>

#include <cstring>

namespace depot::amqp::test {

// "01 0000 0000000c ..." -> bytes; spaces are there for the reader.
inline QByteArray hex(const char *spaced)
{
    return QByteArray::fromHex(QByteArray(spaced).replace(' ', ""));
}

inline QString describe(const QVariant &v)
{
    return QStringLiteral("%1(%2)").arg(QLatin1StringView(v.metaType().name() ? v.metaType().name() : "invalid"),
                                        v.toString());
}

// Empty when `a` and `b` hold the same type and the same value; else where
// they first differ.
inline QString strictDifference(const QVariant &a, const QVariant &b, const QString &path = QStringLiteral("$"))
{
    if (a.isValid() != b.isValid() || (a.isValid() && a.typeId() != b.typeId()))
        return path + QStringLiteral(": ") + describe(a) + QStringLiteral(" vs ") + describe(b);
    if (!a.isValid())
        return {};
    switch (a.typeId()) {
    case QMetaType::QVariantMap: {
        const QVariantMap ma = a.toMap(), mb = b.toMap();
        if (ma.keys() != mb.keys())
            return path + QStringLiteral(": keys differ");
        for (auto it = ma.cbegin(); it != ma.cend(); ++it) {
            const QString d = strictDifference(it.value(), mb.value(it.key()), path + QLatin1Char('.') + it.key());
            if (!d.isEmpty())
                return d;
        }
        return {};
    }
    case QMetaType::QVariantList: {
        const QVariantList la = a.toList(), lb = b.toList();
        if (la.size() != lb.size())
            return path + QStringLiteral(": array sizes differ");
        for (qsizetype i = 0; i < la.size(); ++i) {
            const QString d = strictDifference(la[i], lb[i], path + QStringLiteral("[%1]").arg(i));
            if (!d.isEmpty())
                return d;
        }
        return {};
    }
    case QMetaType::Float: {
        const float fa = a.value<float>(), fb = b.value<float>();
        return std::memcmp(&fa, &fb, sizeof fa) == 0 ? QString() : path + QStringLiteral(": float bits differ");
    }
    case QMetaType::Double: {
        const double da = a.toDouble(), db = b.toDouble();
        return std::memcmp(&da, &db, sizeof da) == 0 ? QString() : path + QStringLiteral(": double bits differ");
    }
    case QMetaType::QDateTime: {
        const QDateTime ta = a.toDateTime(), tb = b.toDateTime();
        if (ta != tb || ta.timeSpec() != tb.timeSpec())
            return path + QStringLiteral(": ") + ta.toString(Qt::ISODate) + QStringLiteral(" vs ") + tb.toString(Qt::ISODate);
        return {};
    }
    default:
        break;
    }
    if (a.typeId() == qMetaTypeId<depot::Decimal>())
        return a.value<depot::Decimal>() == b.value<depot::Decimal>() ? QString() : path + QStringLiteral(": decimals differ");
    if (a.typeId() == qMetaTypeId<depot::RawString>())
        return a.value<depot::RawString>() == b.value<depot::RawString>() ? QString() : path + QStringLiteral(": raw strings differ");
    return a == b ? QString() : path + QStringLiteral(": ") + describe(a) + QStringLiteral(" vs ") + describe(b);
}

} // namespace depot::amqp::test
