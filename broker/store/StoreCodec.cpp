#include "broker/store/StoreCodec.h"

#include <QDataStream>
#include <QIODevice>
#include <QStringDecoder>
#include <QStringEncoder>
#include <QtEndian>
#include <algorithm>
#include <cstring>
#include <limits>

namespace depot::store::codec {

namespace {

constexpr quint8 ContentFormat = 1;
constexpr quint8 DefinitionFormat = 1;
// Pinned so files written by this Depot stay readable by later Qt versions.
constexpr QDataStream::Version StreamVersion = QDataStream::Qt_6_4;

// Presence bits of the optional properties, in the order they are written.
enum PropertyBit : quint16 {
    ContentType = 1 << 0,
    ContentEncoding = 1 << 1,
    Headers = 1 << 2,
    DeliveryMode = 1 << 3,
    Priority = 1 << 4,
    CorrelationId = 1 << 5,
    ReplyTo = 1 << 6,
    Expiration = 1 << 7,
    MessageIdBit = 1 << 8,
    Timestamp = 1 << 9,
    Type = 1 << 10,
    UserId = 1 << 11,
    AppId = 1 << 12,
    ClusterId = 1 << 13,
    // Not a property: the content's typed dead-letter history follows the
    // properties (schema version 2; version 1 kept it as x-death headers).
    Deaths = 1 << 14,
    // Not a property either: a varint of ExtensionBit flags follows the
    // history, then the fields they name (schema version 4).
    Extension = 1 << 15,
    KnownBits = 0xffff,
};

// Fields of the content beyond AMQP's properties, present when their bit is set.
enum ExtensionBit : quint64 {
    GroupKey = 1 << 0,
    DeduplicationId = 1 << 1,
    // The typed per-message TTL (a varint of ms) and priority (one byte) the
    // engine acts on (schema version 6; before, the engine parsed the AMQP
    // properties, and the migration to 6 types them once).
    TimeToLive = 1 << 2,
    PriorityField = 1 << 3,
    // Where and when it was first enqueued (MessageOrigin: the queue's name,
    // then a varint of ms since the epoch), once it left that queue (schema
    // version 9).
    OriginField = 1 << 4,
    // Who published it (MessageContent::publisher: a varint of the history
    // book's actor number), while message history is on (schema version 11).
    PublisherField = 1 << 5,
    KnownExtensionBits = (1 << 6) - 1,
};

void appendVarint(std::vector<char> &out, quint64 v)
{
    while (v >= 0x80) {
        out.push_back(char(v | 0x80));
        v >>= 7;
    }
    out.push_back(char(v));
}

void appendRaw(std::vector<char> &out, const char *data, size_t size)
{
    out.insert(out.end(), data, data + size);
}

void appendString(std::vector<char> &out, const QString &s)
{
    // Encode straight into the output buffer: no temporary QByteArray per string.
    const size_t lengthAt = out.size();
    out.resize(lengthAt + 5 + size_t(s.size()) * 3);
    char *begin = out.data() + lengthAt + 5;
    QStringEncoder encoder(QStringConverter::Utf8, QStringConverter::Flag::Stateless);
    char *end = encoder.appendToBuffer(begin, s);
    const quint64 length = quint64(end - begin);
    // Write the length as a fixed 5-byte varint so the bytes need not move.
    char *p = out.data() + lengthAt;
    quint64 v = length;
    for (int i = 0; i < 4; ++i) {
        p[i] = char((v & 0x7f) | 0x80);
        v >>= 7;
    }
    p[4] = char(v & 0x7f);
    out.resize(lengthAt + 5 + size_t(length));
}

void appendBytes(std::vector<char> &out, QByteArrayView bytes)
{
    appendVarint(out, quint64(bytes.size()));
    appendRaw(out, bytes.data(), size_t(bytes.size()));
}

// Bounds-checked reader over one column value.
class Reader
{
public:
    explicit Reader(QByteArrayView bytes)
        : m_p(bytes.data())
        , m_end(bytes.data() + bytes.size())
    {
    }

    bool ok() const { return m_ok; }
    bool atEnd() const { return m_p == m_end; }

    quint8 u8()
    {
        if (m_end - m_p < 1)
            return fail(), 0;
        return quint8(*m_p++);
    }
    qint64 i64()
    {
        if (m_end - m_p < 8)
            return fail(), 0;
        const qint64 v = qFromLittleEndian<qint64>(m_p);
        m_p += 8;
        return v;
    }
    quint64 varint()
    {
        quint64 v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (m_p == m_end)
                return fail(), 0;
            const quint8 b = quint8(*m_p++);
            v |= quint64(b & 0x7f) << shift;
            if (!(b & 0x80))
                return v;
        }
        return fail(), 0;
    }
    QByteArrayView bytes()
    {
        const quint64 n = varint();
        if (!m_ok || quint64(m_end - m_p) < n)
            return fail(), QByteArrayView();
        QByteArrayView v(m_p, qsizetype(n));
        m_p += n;
        return v;
    }
    QString string()
    {
        const QByteArrayView b = bytes();
        return m_ok ? QString::fromUtf8(b) : QString();
    }

private:
    void fail()
    {
        m_ok = false;
        m_p = m_end;
    }
    const char *m_p;
    const char *m_end;
    bool m_ok = true;
};

void appendI64(std::vector<char> &out, qint64 v)
{
    char b[8];
    qToLittleEndian<qint64>(v, b);
    appendRaw(out, b, 8);
}

// Reading a QVariant looks its type up by name: Depot's own header value
// types must be registered before the first stored map is read.
void ensureValueTypes()
{
    static const bool registered = (registerValueMetaTypes(), true);
    Q_UNUSED(registered);
}

QByteArray streamMap(const QVariantMap &map)
{
    QByteArray out;
    QDataStream stream(&out, QIODevice::WriteOnly);
    stream.setVersion(StreamVersion);
    stream << map;
    return out;
}

std::optional<QVariantMap> unstreamMap(QByteArrayView bytes)
{
    ensureValueTypes();
    const QByteArray copy = bytes.toByteArray();
    QDataStream stream(copy);
    stream.setVersion(StreamVersion);
    QVariantMap map;
    stream >> map;
    if (stream.status() != QDataStream::Ok || !stream.atEnd())
        return std::nullopt;
    return map;
}

void appendDeaths(std::vector<char> &out, const DeathHistory &h)
{
    appendVarint(out, quint64(h.records.size()));
    for (const DeathRecord &d : h.records) {
        appendString(out, d.queue);
        out.push_back(char(d.reason));
        appendI64(out, d.count);
        appendI64(out, d.timeMs);
        appendString(out, d.exchange);
        appendVarint(out, quint64(d.routingKeys.size()));
        for (const QString &k : d.routingKeys)
            appendString(out, k);
        out.push_back(char(d.originalExpiration ? 1 : 0));
        if (d.originalExpiration)
            appendString(out, *d.originalExpiration);
    }
    out.push_back(char(h.first ? 1 : 0));
    if (h.first) {
        appendString(out, h.first->queue);
        out.push_back(char(h.first->reason));
        appendString(out, h.first->exchange);
    }
    appendBytes(out, h.asPublished.isEmpty() ? QByteArray() : streamMap(h.asPublished));
}

std::optional<DeathReason> reasonOf(quint8 v)
{
    if (v > quint8(DeathReason::DeliveryLimit))
        return std::nullopt;
    return DeathReason(v);
}

bool readDeaths(Reader &r, DeathHistory *h)
{
    const quint64 n = r.varint();
    for (quint64 i = 0; r.ok() && i < n; ++i) {
        DeathRecord d;
        d.queue = r.string();
        const auto reason = reasonOf(r.u8());
        if (!reason)
            return false;
        d.reason = *reason;
        d.count = r.i64();
        d.timeMs = r.i64();
        d.exchange = r.string();
        const quint64 keys = r.varint();
        for (quint64 k = 0; r.ok() && k < keys; ++k)
            d.routingKeys.append(r.string());
        const quint8 hasExpiration = r.u8();
        if (hasExpiration > 1)
            return false;
        if (hasExpiration)
            d.originalExpiration = r.string();
        h->records.append(std::move(d));
    }
    const quint8 hasFirst = r.u8();
    if (hasFirst > 1)
        return false;
    if (hasFirst) {
        FirstDeath f;
        f.queue = r.string();
        const auto reason = reasonOf(r.u8());
        if (!reason)
            return false;
        f.reason = *reason;
        f.exchange = r.string();
        h->first = std::move(f);
    }
    const QByteArrayView published = r.bytes();
    if (!r.ok())
        return false;
    if (!published.isEmpty()) {
        std::optional<QVariantMap> map = unstreamMap(published);
        if (!map)
            return false;
        h->asPublished = std::move(*map);
    }
    return r.ok();
}

} // namespace

State stateOf(const QueuedMessage &m)
{
    return State{
        m.enqueuedAt, m.expiresAt, m.readyAt, m.bodySize, m.deliveryCount, m.priority, m.redelivered, m.persistent};
}

void encodeState(const State &s, char out[StateSize])
{
    qToLittleEndian<qint64>(s.enqueuedAt, out);
    qToLittleEndian<qint64>(s.expiresAt, out + 8);
    qToLittleEndian<qint64>(s.readyAt, out + 16);
    qToLittleEndian<quint32>(s.bodySize, out + 24);
    qToLittleEndian<quint32>(s.deliveryCount, out + 28);
    out[32] = char(s.priority);
    out[33] = char((s.redelivered ? 1 : 0) | (s.persistent ? 2 : 0));
}

std::optional<State> decodeState(QByteArrayView b)
{
    if (b.size() != StateSize)
        return std::nullopt;
    const char *p = b.data();
    State s;
    s.enqueuedAt = qFromLittleEndian<qint64>(p);
    s.expiresAt = qFromLittleEndian<qint64>(p + 8);
    s.readyAt = qFromLittleEndian<qint64>(p + 16);
    s.bodySize = qFromLittleEndian<quint32>(p + 24);
    s.deliveryCount = qFromLittleEndian<quint32>(p + 28);
    s.priority = quint8(p[32]);
    const quint8 flags = quint8(p[33]);
    if (flags & ~quint8(3))
        return std::nullopt;
    s.redelivered = flags & 1;
    s.persistent = flags & 2;
    return s;
}

void appendContent(const MessageContent &c, std::vector<char> &out)
{
    const MessageProperties &p = c.properties;
    quint16 bits = 0;
    bits |= p.contentType ? ContentType : 0;
    bits |= p.contentEncoding ? ContentEncoding : 0;
    bits |= p.headers ? Headers : 0;
    bits |= p.deliveryMode ? DeliveryMode : 0;
    bits |= p.priority ? Priority : 0;
    bits |= p.correlationId ? CorrelationId : 0;
    bits |= p.replyTo ? ReplyTo : 0;
    bits |= p.expiration ? Expiration : 0;
    bits |= p.messageId ? MessageIdBit : 0;
    bits |= p.timestamp ? Timestamp : 0;
    bits |= p.type ? Type : 0;
    bits |= p.userId ? UserId : 0;
    bits |= p.appId ? AppId : 0;
    bits |= p.clusterId ? ClusterId : 0;
    bits |= c.deaths.isEmpty() ? 0 : Deaths;
    quint64 extension = 0;
    extension |= c.groupKey.isEmpty() ? 0 : quint64(GroupKey);
    extension |= c.deduplicationId.isEmpty() ? 0 : quint64(DeduplicationId);
    extension |= c.ttlMs ? quint64(TimeToLive) : 0;
    extension |= c.priority ? quint64(PriorityField) : 0;
    extension |= c.origin ? quint64(OriginField) : 0;
    extension |= c.publisher ? quint64(PublisherField) : 0;
    bits |= extension ? Extension : 0;

    out.reserve(out.size() + 32 + size_t(c.exchange.size() + c.routingKey.size()) * 3 + size_t(c.body.size()));
    out.push_back(char(ContentFormat));
    out.push_back(char(bits & 0xff));
    out.push_back(char(bits >> 8));
    appendString(out, c.exchange);
    appendString(out, c.routingKey);
    if (p.contentType)
        appendString(out, *p.contentType);
    if (p.contentEncoding)
        appendString(out, *p.contentEncoding);
    if (p.headers)
        appendBytes(out, streamMap(*p.headers));
    if (p.deliveryMode)
        out.push_back(char(*p.deliveryMode));
    if (p.priority)
        out.push_back(char(*p.priority));
    if (p.correlationId)
        appendString(out, *p.correlationId);
    if (p.replyTo)
        appendString(out, *p.replyTo);
    if (p.expiration)
        appendString(out, *p.expiration);
    if (p.messageId)
        appendString(out, *p.messageId);
    if (p.timestamp) {
        char ts[8];
        qToLittleEndian<qint64>(*p.timestamp, ts);
        appendRaw(out, ts, 8);
    }
    if (p.type)
        appendString(out, *p.type);
    if (p.userId)
        appendString(out, *p.userId);
    if (p.appId)
        appendString(out, *p.appId);
    if (p.clusterId)
        appendString(out, *p.clusterId);
    if (bits & Deaths)
        appendDeaths(out, c.deaths);
    if (extension) {
        appendVarint(out, extension);
        if (extension & GroupKey)
            appendString(out, c.groupKey);
        if (extension & DeduplicationId)
            appendString(out, c.deduplicationId);
        if (extension & TimeToLive)
            appendVarint(out, quint64(std::max<qint64>(0, *c.ttlMs)));
        if (extension & PriorityField)
            out.push_back(char(c.priority));
        if (extension & OriginField) {
            appendString(out, c.origin->queue);
            appendVarint(out, quint64(std::max<qint64>(0, c.origin->enqueuedAt)));
        }
        if (extension & PublisherField)
            appendVarint(out, *c.publisher);
    }
    appendBytes(out, c.body);
}

QByteArray encodeContent(const MessageContent &content)
{
    std::vector<char> buffer;
    appendContent(content, buffer);
    return QByteArray(buffer.data(), qsizetype(buffer.size()));
}

ContentPtr decodeContent(QByteArrayView bytes)
{
    Reader r(bytes);
    if (r.u8() != ContentFormat)
        return nullptr;
    const quint16 bits = quint16(r.u8() | (r.u8() << 8));
    if (!r.ok() || (bits & ~KnownBits))
        return nullptr;
    auto c = std::make_shared<MessageContent>();
    MessageProperties &p = c->properties;
    c->exchange = r.string();
    c->routingKey = r.string();
    if (bits & ContentType)
        p.contentType = r.string();
    if (bits & ContentEncoding)
        p.contentEncoding = r.string();
    if (bits & Headers) {
        const QByteArrayView h = r.bytes();
        if (!r.ok())
            return nullptr;
        p.headers = unstreamMap(h);
        if (!p.headers)
            return nullptr;
    }
    if (bits & DeliveryMode)
        p.deliveryMode = r.u8();
    if (bits & Priority)
        p.priority = r.u8();
    if (bits & CorrelationId)
        p.correlationId = r.string();
    if (bits & ReplyTo)
        p.replyTo = r.string();
    if (bits & Expiration)
        p.expiration = r.string();
    if (bits & MessageIdBit)
        p.messageId = r.string();
    if (bits & Timestamp)
        p.timestamp = r.i64();
    if (bits & Type)
        p.type = r.string();
    if (bits & UserId)
        p.userId = r.string();
    if (bits & AppId)
        p.appId = r.string();
    if (bits & ClusterId)
        p.clusterId = r.string();
    if ((bits & Deaths) && !readDeaths(r, &c->deaths))
        return nullptr;
    if (bits & Extension) {
        const quint64 extension = r.varint();
        if (!r.ok() || (extension & ~quint64(KnownExtensionBits)))
            return nullptr;
        if (extension & GroupKey)
            c->groupKey = r.string();
        if (extension & DeduplicationId)
            c->deduplicationId = r.string();
        if (extension & TimeToLive) {
            const quint64 ttl = r.varint();
            if (ttl > quint64(std::numeric_limits<qint64>::max()))
                return nullptr;
            c->ttlMs = qint64(ttl);
        }
        if (extension & PriorityField)
            c->priority = r.u8();
        if (extension & OriginField) {
            MessageOrigin origin;
            origin.queue = r.string();
            const quint64 at = r.varint();
            if (at > quint64(std::numeric_limits<qint64>::max()))
                return nullptr;
            origin.enqueuedAt = qint64(at);
            c->origin = std::move(origin);
        }
        if (extension & PublisherField) {
            const quint64 publisher = r.varint();
            if (publisher > std::numeric_limits<quint32>::max())
                return nullptr;
            c->publisher = quint32(publisher);
        }
    }
    const QByteArrayView body = r.bytes();
    if (!r.ok() || !r.atEnd())
        return nullptr;
    c->body = body.toByteArray();
    return c;
}

QByteArray encodeQueueDef(const QueueDef &def)
{
    QByteArray out;
    QDataStream s(&out, QIODevice::WriteOnly);
    s.setVersion(StreamVersion);
    s << quint8(DefinitionFormat) << def.name << def.durable << def.exclusive << def.autoDelete << def.arguments
      << quint64(def.owner);
    return out;
}

std::optional<QueueDef> decodeQueueDef(QByteArrayView bytes)
{
    const QByteArray copy = bytes.toByteArray();
    QDataStream s(copy);
    s.setVersion(StreamVersion);
    quint8 format = 0;
    quint64 owner = 0;
    QueueDef def;
    ensureValueTypes();
    s >> format;
    if (format != DefinitionFormat)
        return std::nullopt;
    s >> def.name >> def.durable >> def.exclusive >> def.autoDelete >> def.arguments >> owner;
    if (s.status() != QDataStream::Ok || !s.atEnd())
        return std::nullopt;
    def.owner = owner;
    return def;
}

QByteArray encodeExchangeDef(const ExchangeDef &def)
{
    QByteArray out;
    QDataStream s(&out, QIODevice::WriteOnly);
    s.setVersion(StreamVersion);
    s << quint8(DefinitionFormat) << def.name << quint8(def.type) << def.durable << def.autoDelete << def.internal
      << def.arguments;
    return out;
}

std::optional<ExchangeDef> decodeExchangeDef(QByteArrayView bytes)
{
    const QByteArray copy = bytes.toByteArray();
    QDataStream s(copy);
    s.setVersion(StreamVersion);
    quint8 format = 0;
    quint8 type = 0;
    ExchangeDef def;
    ensureValueTypes();
    s >> format;
    if (format != DefinitionFormat)
        return std::nullopt;
    s >> def.name >> type >> def.durable >> def.autoDelete >> def.internal >> def.arguments;
    if (s.status() != QDataStream::Ok || !s.atEnd() || type > quint8(ExchangeType::DelayedMessage))
        return std::nullopt;
    def.type = ExchangeType(type);
    return def;
}

QByteArray encodeArguments(const QVariantMap &arguments)
{
    return streamMap(arguments);
}

std::optional<QVariantMap> decodeArguments(QByteArrayView bytes)
{
    return unstreamMap(bytes);
}

} // namespace depot::store::codec
