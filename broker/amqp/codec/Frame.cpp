#include "broker/amqp/codec/Frame.h"

#include "broker/amqp/codec/Wire.h"

#include <limits>

namespace depot::amqp {

using namespace wire;

namespace {

constexpr char kProtocolHeader[8] = {'A', 'M', 'Q', 'P', 0, 0, 9, 1};

FrameDecodeResult frameError(QString text, quint16 replyCode = ReplyCode::FrameError)
{
    FrameDecodeResult r;
    r.status = FrameDecodeResult::Status::Error;
    r.error = CodecError{replyCode, std::move(text)};
    return r;
}

bool knownFrameType(quint8 t)
{
    return t == quint8(FrameType::Method) || t == quint8(FrameType::Header) || t == quint8(FrameType::Body)
        || t == quint8(FrameType::Heartbeat);
}

} // namespace

FrameDecodeResult decodeFrame(QByteArrayView buffer, quint32 frameMax)
{
    // Checks run as soon as the bytes they need are there: a bad type is
    // reported from one byte, an oversized frame from its header.
    if (buffer.isEmpty())
        return {};
    const quint8 type = quint8(buffer[0]);
    if (!knownFrameType(type))
        return frameError(QStringLiteral("unknown frame type %1").arg(type));
    if (buffer.size() < 3)
        return {};
    const auto *p = buffer.data();
    const quint16 channel = qFromBigEndian<quint16>(p + 1);
    // A well-formed frame of the wrong kind where it arrived: 505, as
    // RabbitMQ answers it (the spec's text leaves room for 501).
    if (type == quint8(FrameType::Heartbeat) && channel != 0)
        return frameError(QStringLiteral("heartbeat frame on channel %1; heartbeats belong to channel 0").arg(channel),
                          ReplyCode::UnexpectedFrame);
    if (buffer.size() < kFrameHeaderSize)
        return {};

    const quint32 size = qFromBigEndian<quint32>(p + 3);
    if (type == quint8(FrameType::Heartbeat)) {
        if (size != 0)
            return frameError(QStringLiteral("heartbeat frame with a %1-byte payload; heartbeats are empty").arg(size));
    }
    if (frameMax != 0 && quint64(size) + kFrameOverhead > frameMax)
        return frameError(QStringLiteral("frame of %1 bytes is larger than frame_max %2").arg(quint64(size) + kFrameOverhead).arg(frameMax));

    const qint64 total = qint64(size) + kFrameOverhead;
    if (buffer.size() < total)
        return {};
    const quint8 end = quint8(buffer[total - 1]);
    if (end != kFrameEnd)
        return frameError(QStringLiteral("frame-end octet is 0x%1, expected 0xce").arg(end, 2, 16, QLatin1Char('0')));

    FrameDecodeResult r;
    r.status = FrameDecodeResult::Status::Complete;
    r.frame.type = FrameType(type);
    r.frame.channel = channel;
    r.frame.payload = buffer.sliced(kFrameHeaderSize, size);
    r.consumed = total;
    return r;
}

QByteArrayView protocolHeader()
{
    return QByteArrayView(kProtocolHeader, 8);
}

ProtocolHeaderCheck checkProtocolHeader(QByteArrayView firstBytes)
{
    const qsizetype n = qMin<qsizetype>(firstBytes.size(), 8);
    for (qsizetype i = 0; i < n; ++i) {
        if (firstBytes[i] != kProtocolHeader[i])
            return ProtocolHeaderCheck::Wrong;
    }
    return n == 8 ? ProtocolHeaderCheck::Ok : ProtocolHeaderCheck::NeedMore;
}

qsizetype beginFrame(QByteArray &out, FrameType type, quint16 channel)
{
    const qsizetype start = out.size();
    putU8(out, quint8(type));
    putU16(out, channel);
    putU32(out, 0);
    return start;
}

void endFrame(QByteArray &out, qsizetype frameStart)
{
    patchU32(out, frameStart + 3, quint32(out.size() - frameStart - kFrameHeaderSize));
    putU8(out, kFrameEnd);
}

void appendFrame(QByteArray &out, FrameType type, quint16 channel, QByteArrayView payload)
{
    putU8(out, quint8(type));
    putU16(out, channel);
    putU32(out, quint32(payload.size()));
    out.append(payload.data(), payload.size());
    putU8(out, kFrameEnd);
}

void appendHeartbeatFrame(QByteArray &out)
{
    appendFrame(out, FrameType::Heartbeat, 0, {});
}

qsizetype maxBodyPayload(quint32 frameMax)
{
    if (frameMax == 0)
        return std::numeric_limits<quint32>::max();
    // A frame_max below the overhead is a caller bug; one byte per frame
    // still terminates.
    return qMax<qsizetype>(qsizetype(frameMax) - kFrameOverhead, 1);
}

QList<QByteArrayView> splitBody(QByteArrayView body, quint32 frameMax)
{
    const qsizetype chunk = maxBodyPayload(frameMax);
    QList<QByteArrayView> pieces;
    pieces.reserve((body.size() + chunk - 1) / chunk);
    for (qsizetype at = 0; at < body.size(); at += chunk)
        pieces.append(body.sliced(at, qMin(chunk, body.size() - at)));
    return pieces;
}

void appendBodyFrames(QByteArray &out, quint16 channel, QByteArrayView body, quint32 frameMax)
{
    const qsizetype chunk = maxBodyPayload(frameMax);
    out.reserve(out.size() + body.size() + ((body.size() + chunk - 1) / chunk) * kFrameOverhead);
    for (qsizetype at = 0; at < body.size(); at += chunk)
        appendFrame(out, FrameType::Body, channel, body.sliced(at, qMin(chunk, body.size() - at)));
}

} // namespace depot::amqp
