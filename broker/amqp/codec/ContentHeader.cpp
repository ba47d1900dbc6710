#include "broker/amqp/codec/ContentHeader.h"

#include "broker/amqp/codec/FieldTable.h"
#include "broker/amqp/codec/Frame.h"
#include "broker/amqp/codec/Wire.h"

namespace depot::amqp {

using namespace wire;

namespace {

enum PropertyFlag : quint16 {
    ContentType = 1u << 15,
    ContentEncoding = 1u << 14,
    Headers = 1u << 13,
    DeliveryMode = 1u << 12,
    Priority = 1u << 11,
    CorrelationId = 1u << 10,
    ReplyTo = 1u << 9,
    Expiration = 1u << 8,
    MessageIdFlag = 1u << 7,
    Timestamp = 1u << 6,
    Type = 1u << 5,
    UserId = 1u << 4,
    AppId = 1u << 3,
    ClusterId = 1u << 2,
    Reserved = 1u << 1,
    Continuation = 1u << 0,
};

void readShort(Reader &in, quint16 flags, quint16 flag, std::optional<QString> &into, const char *what)
{
    if (flags & flag)
        into = in.shortStr(what);
}

void putShort(QByteArray &out, const std::optional<QString> &v)
{
    if (v)
        putShortStr(out, *v);
}

} // namespace

Decoded<ContentHeader> decodeContentHeader(QByteArrayView payload)
{
    Reader in(payload);
    ContentHeader h;
    h.classId = in.u16("content header class id");
    const quint16 weight = in.u16("content header weight");
    h.bodySize = in.u64("content header body size");
    const quint16 flags = in.u16("property flags");
    if (in.failed())
        return in.error();
    if (h.classId != kBasicClassId) {
        return CodecError{ReplyCode::UnexpectedFrame,
                          QStringLiteral("content header for class %1; only basic (60) carries content").arg(h.classId)};
    }
    if (weight != 0)
        return CodecError{ReplyCode::SyntaxError, QStringLiteral("content header weight is %1, must be 0").arg(weight)};
    if (flags & (Reserved | Continuation)) {
        return CodecError{ReplyCode::SyntaxError,
                          QStringLiteral("property flags 0x%1 set bits basic does not define").arg(flags, 4, 16, QLatin1Char('0'))};
    }

    MessageProperties &p = h.properties;
    readShort(in, flags, ContentType, p.contentType, "content-type property");
    readShort(in, flags, ContentEncoding, p.contentEncoding, "content-encoding property");
    if (flags & Headers)
        p.headers = readFieldTable(in);
    if (flags & DeliveryMode)
        p.deliveryMode = in.u8("delivery-mode property");
    if (flags & Priority)
        p.priority = in.u8("priority property");
    readShort(in, flags, CorrelationId, p.correlationId, "correlation-id property");
    readShort(in, flags, ReplyTo, p.replyTo, "reply-to property");
    readShort(in, flags, Expiration, p.expiration, "expiration property");
    readShort(in, flags, MessageIdFlag, p.messageId, "message-id property");
    if (flags & Timestamp)
        p.timestamp = qint64(in.u64("timestamp property"));
    readShort(in, flags, Type, p.type, "type property");
    readShort(in, flags, UserId, p.userId, "user-id property");
    readShort(in, flags, AppId, p.appId, "app-id property");
    readShort(in, flags, ClusterId, p.clusterId, "cluster-id property");
    if (!in.failed() && !in.atEnd())
        in.fail(QStringLiteral("%1 bytes after the last property").arg(in.remaining()));
    if (in.failed())
        return in.error();
    return h;
}

void appendContentHeaderPayload(QByteArray &out, const ContentHeader &h)
{
    const MessageProperties &p = h.properties;
    quint16 flags = 0;
    flags |= p.contentType ? ContentType : 0;
    flags |= p.contentEncoding ? ContentEncoding : 0;
    flags |= p.headers ? Headers : 0;
    flags |= p.deliveryMode ? DeliveryMode : 0;
    flags |= p.priority ? Priority : 0;
    flags |= p.correlationId ? CorrelationId : 0;
    flags |= p.replyTo ? ReplyTo : 0;
    flags |= p.expiration ? Expiration : 0;
    flags |= p.messageId ? MessageIdFlag : 0;
    flags |= p.timestamp ? Timestamp : 0;
    flags |= p.type ? Type : 0;
    flags |= p.userId ? UserId : 0;
    flags |= p.appId ? AppId : 0;
    flags |= p.clusterId ? ClusterId : 0;

    putU16(out, h.classId);
    putU16(out, 0);
    putU64(out, h.bodySize);
    putU16(out, flags);
    putShort(out, p.contentType);
    putShort(out, p.contentEncoding);
    if (p.headers)
        appendFieldTable(out, *p.headers);
    if (p.deliveryMode)
        putU8(out, *p.deliveryMode);
    if (p.priority)
        putU8(out, *p.priority);
    putShort(out, p.correlationId);
    putShort(out, p.replyTo);
    putShort(out, p.expiration);
    putShort(out, p.messageId);
    if (p.timestamp)
        putU64(out, quint64(*p.timestamp));
    putShort(out, p.type);
    putShort(out, p.userId);
    putShort(out, p.appId);
    putShort(out, p.clusterId);
}

QByteArray encodeContentHeaderPayload(const ContentHeader &header)
{
    QByteArray out;
    out.reserve(64);
    appendContentHeaderPayload(out, header);
    return out;
}

void appendContentHeaderFrame(QByteArray &out, quint16 channel, const ContentHeader &header)
{
    const qsizetype start = beginFrame(out, FrameType::Header, channel);
    appendContentHeaderPayload(out, header);
    endFrame(out, start);
}

} // namespace depot::amqp
