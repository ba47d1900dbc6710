#include "broker/amqp/codec/XDeath.h"

#include <QDateTime>
#include <cmath>
#include <limits>
#include <utility>

namespace depot::amqp::xdeath {

namespace {

const QString kXDeath = QStringLiteral("x-death");
const QString kFirstReason = QStringLiteral("x-first-death-reason");
const QString kFirstQueue = QStringLiteral("x-first-death-queue");
const QString kFirstExchange = QStringLiteral("x-first-death-exchange");
const QString kLastReason = QStringLiteral("x-last-death-reason");
const QString kLastQueue = QStringLiteral("x-last-death-queue");
const QString kLastExchange = QStringLiteral("x-last-death-exchange");
const QString kCount = QStringLiteral("count");
const QString kReason = QStringLiteral("reason");
const QString kQueue = QStringLiteral("queue");
const QString kTime = QStringLiteral("time");
const QString kExchange = QStringLiteral("exchange");
const QString kRoutingKeys = QStringLiteral("routing-keys");
const QString kOriginalExpiration = QStringLiteral("original-expiration");

// The reason of a death as x-death names it: RabbitMQ's names, a wire
// contract of their own (what Depot shows elsewhere may read differently).
QString wireName(DeathReason reason)
{
    switch (reason) {
    case DeathReason::Rejected:
        return QStringLiteral("rejected");
    case DeathReason::Expired:
        return QStringLiteral("expired");
    case DeathReason::MaxLen:
        return QStringLiteral("maxlen");
    case DeathReason::DeliveryLimit:
        return QStringLiteral("delivery_limit");
    }
    return QString();
}

std::optional<DeathReason> reasonFromWire(const QString &name)
{
    for (auto r : {DeathReason::Rejected, DeathReason::Expired, DeathReason::MaxLen, DeathReason::DeliveryLimit}) {
        if (wireName(r) == name)
            return r;
    }
    return std::nullopt;
}

// A string field as any client may have typed it (longstr, bytes).
std::optional<QString> text(const QVariant &v)
{
    switch (v.typeId()) {
    case QMetaType::QString:
        return v.toString();
    case QMetaType::QByteArray:
        return QString::fromUtf8(v.toByteArray());
    default:
        break;
    }
    if (v.metaType() == QMetaType::fromType<RawString>())
        return QString::fromUtf8(v.value<RawString>().bytes);
    return std::nullopt;
}

std::optional<qint64> integer(const QVariant &v)
{
    switch (v.typeId()) {
    case QMetaType::Int:
    case QMetaType::Short:
    case QMetaType::SChar:
    case QMetaType::Char:
    case QMetaType::Long:
    case QMetaType::LongLong:
    case QMetaType::UInt:
    case QMetaType::UShort:
    case QMetaType::UChar:
    case QMetaType::ULong:
        return v.toLongLong();
    case QMetaType::ULongLong: {
        const quint64 u = v.toULongLong();
        return u > quint64(std::numeric_limits<qint64>::max()) ? std::numeric_limits<qint64>::max() : qint64(u);
    }
    case QMetaType::Float:
    case QMetaType::Double: {
        const double d = v.toDouble();
        if (std::isfinite(d) && std::floor(d) == d && std::fabs(d) < 9.0e18)
            return qint64(d);
        return std::nullopt;
    }
    default:
        return std::nullopt;
    }
}

// One x-death table; nullopt when it names no queue or no reason Depot knows.
std::optional<DeathRecord> parseRecord(const QVariant &v)
{
    if (v.typeId() != QMetaType::QVariantMap)
        return std::nullopt;
    const QVariantMap m = v.toMap();
    const std::optional<QString> queue = text(m.value(kQueue));
    const std::optional<QString> reasonName = text(m.value(kReason));
    const std::optional<DeathReason> reason = reasonName ? reasonFromWire(*reasonName) : std::nullopt;
    if (!queue || !reason)
        return std::nullopt;
    DeathRecord r;
    r.queue = *queue;
    r.reason = *reason;
    // A missing count counts as none so far, as Depot has always read it.
    r.count = integer(m.value(kCount)).value_or(0);
    const QVariant time = m.value(kTime);
    if (time.typeId() == QMetaType::QDateTime)
        r.timeMs = time.toDateTime().toMSecsSinceEpoch();
    else if (const auto secs = integer(time))
        r.timeMs = *secs * 1000;
    r.exchange = text(m.value(kExchange)).value_or(QString());
    for (const QVariant &key : m.value(kRoutingKeys).toList())
        r.routingKeys.append(text(key).value_or(QString()));
    if (m.contains(kOriginalExpiration))
        r.originalExpiration = text(m.value(kOriginalExpiration)).value_or(QString());
    return r;
}

QVariantMap renderRecord(const DeathRecord &r)
{
    QVariantList keys;
    keys.reserve(r.routingKeys.size());
    for (const QString &k : r.routingKeys)
        keys.append(k);
    QVariantMap m{
        {kCount, QVariant::fromValue<qint64>(r.count)},
        {kReason, wireName(r.reason)},
        {kQueue, r.queue},
        // AMQP timestamps are whole seconds.
        {kTime, QDateTime::fromSecsSinceEpoch(r.timeMs / 1000, Qt::UTC)},
        {kExchange, r.exchange},
        {kRoutingKeys, keys},
    };
    if (r.originalExpiration)
        m.insert(kOriginalExpiration, *r.originalExpiration);
    return m;
}

} // namespace

const QStringList &headerNames()
{
    static const QStringList names{
        kXDeath, kFirstReason, kFirstQueue, kFirstExchange, kLastReason, kLastQueue, kLastExchange};
    return names;
}

QVariantMap render(const DeathHistory &h)
{
    if (!h.asPublished.isEmpty())
        return h.asPublished;
    QVariantMap out;
    if (!h.records.isEmpty()) {
        QVariantList deaths;
        deaths.reserve(h.records.size());
        for (const DeathRecord &r : h.records)
            deaths.append(renderRecord(r));
        out.insert(kXDeath, deaths);
        const DeathRecord &last = h.records.constFirst();
        out.insert(kLastReason, wireName(last.reason));
        out.insert(kLastQueue, last.queue);
        out.insert(kLastExchange, last.exchange);
    }
    if (h.first) {
        out.insert(kFirstReason, wireName(h.first->reason));
        out.insert(kFirstQueue, h.first->queue);
        out.insert(kFirstExchange, h.first->exchange);
    }
    return out;
}

std::optional<QVariantMap> renderedHeaders(const MessageContent &content)
{
    if (content.deaths.isEmpty())
        return content.properties.headers;
    QVariantMap headers = content.properties.headers.value_or(QVariantMap());
    // A header of the same name the content carries anyway (published by a
    // producer that does not read histories) gives way to the history.
    for (const QString &name : headerNames())
        headers.remove(name);
    const QVariantMap rendered = render(content.deaths);
    for (auto it = rendered.cbegin(); it != rendered.cend(); ++it)
        headers.insert(it.key(), it.value());
    return headers;
}

MessageProperties renderedProperties(const MessageContent &content)
{
    MessageProperties p = content.properties;
    if (!content.deaths.isEmpty())
        p.headers = renderedHeaders(content);
    return p;
}

DeathHistory takeHistory(QVariantMap &headers)
{
    QVariantMap published;
    for (const QString &name : headerNames()) {
        // Looked up through the const side first: a mutable find() would
        // detach (copy) the publisher's shared headers map on every publish,
        // although almost no message carries these headers.
        if (std::as_const(headers).constFind(name) == headers.constEnd())
            continue;
        const auto it = headers.find(name);
        if (it != headers.end()) {
            published.insert(name, it.value());
            headers.erase(it);
        }
    }
    DeathHistory h;
    if (published.isEmpty())
        return h;
    const QVariant xDeath = published.value(kXDeath);
    if (xDeath.typeId() == QMetaType::QVariantList) {
        for (const QVariant &entry : xDeath.toList()) {
            if (std::optional<DeathRecord> r = parseRecord(entry))
                h.records.append(std::move(*r));
        }
    }
    if (const auto reasonName = text(published.value(kFirstReason))) {
        if (const auto reason = reasonFromWire(*reasonName))
            h.first = FirstDeath{text(published.value(kFirstQueue)).value_or(QString()), *reason,
                text(published.value(kFirstExchange)).value_or(QString())};
    }
    const QVariantMap typed = render(h);
    bool same = typed.size() == published.size();
    for (auto it = typed.cbegin(); same && it != typed.cend(); ++it)
        same = published.contains(it.key()) && sameFieldValue(it.value(), published.value(it.key()));
    if (!same)
        h.asPublished = published;
    return h;
}

DeathHistory takeHistory(MessageProperties &properties)
{
    return properties.headers ? takeHistory(*properties.headers) : DeathHistory();
}

bool sameFieldValue(const QVariant &a, const QVariant &b)
{
    if (a.metaType() != b.metaType())
        return false;
    switch (a.typeId()) {
    case QMetaType::QVariantMap: {
        const QVariantMap x = a.toMap();
        const QVariantMap y = b.toMap();
        if (x.size() != y.size())
            return false;
        for (auto i = x.cbegin(), j = y.cbegin(); i != x.cend(); ++i, ++j) {
            if (i.key() != j.key() || !sameFieldValue(i.value(), j.value()))
                return false;
        }
        return true;
    }
    case QMetaType::QVariantList: {
        const QVariantList x = a.toList();
        const QVariantList y = b.toList();
        if (x.size() != y.size())
            return false;
        for (qsizetype i = 0; i < x.size(); ++i) {
            if (!sameFieldValue(x.at(i), y.at(i)))
                return false;
        }
        return true;
    }
    case QMetaType::QDateTime:
        // The wire carries whole seconds; the offset is not part of it.
        return a.toDateTime().toMSecsSinceEpoch() == b.toDateTime().toMSecsSinceEpoch();
    default:
        return a == b;
    }
}

} // namespace depot::amqp::xdeath
