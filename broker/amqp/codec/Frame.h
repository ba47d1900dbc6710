#pragma once

// AMQP 0-9-1 framing: the protocol header a client opens with, and the frames
// (type, channel, size, payload, frame-end octet) everything after it travels
// in. Pure functions over bytes: the connection hands in what the socket gave
// it and learns whether a whole frame is there, how long it was, or why the
// connection must close.

#include "broker/amqp/codec/CodecError.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

namespace depot::amqp {

enum class FrameType : quint8 {
    Method = 1,
    Header = 2,
    Body = 3,
    Heartbeat = 8,
};

inline constexpr quint8 kFrameEnd = 0xCE;
inline constexpr qsizetype kFrameHeaderSize = 7;  // type, channel, payload size
inline constexpr qsizetype kFrameOverhead = 8;    // header and frame-end octet
inline constexpr quint32 kFrameMinSize = 4096;    // frame_max before tune, and its floor

struct Frame
{
    FrameType type = FrameType::Heartbeat;
    quint16 channel = 0;
    QByteArrayView payload;  // points into the buffer given to decodeFrame
};

struct FrameDecodeResult
{
    enum class Status { NeedMore, Complete, Error };

    Status status = Status::NeedMore;
    Frame frame;             // when Complete
    qsizetype consumed = 0;  // when Complete: bytes to drop from the buffer
    CodecError error;        // when Error: close the connection with it
};

// Looks at the start of `buffer` for one frame. `frameMax` is the negotiated
// largest frame size, header and frame-end included (0: no limit); a payload
// above frameMax - 8 is a 501 as soon as the header announces it, so a peer
// cannot make Depot wait for (or buffer) a frame it would refuse. Also 501: an
// unknown frame type, a heartbeat with a payload, and a last octet that is not
// 0xCE. A heartbeat on a channel other than 0 is 505, as RabbitMQ answers.
FrameDecodeResult decodeFrame(QByteArrayView buffer, quint32 frameMax);

// "AMQP" 0 0 9 1, what a 0-9-1 client sends first and what Depot answers a
// client that sent something else with, before closing.
QByteArrayView protocolHeader();

enum class ProtocolHeaderCheck { Ok, NeedMore, Wrong };
// Classifies the first bytes a client sent. Wrong as soon as a byte differs,
// so an HTTP request or an AMQP 1.0 client is answered without waiting for 8.
ProtocolHeaderCheck checkProtocolHeader(QByteArrayView firstBytes);

// Encoders append to `out`, so a burst of frames goes out in one write.
void appendFrame(QByteArray &out, FrameType type, quint16 channel, QByteArrayView payload);
void appendHeartbeatFrame(QByteArray &out);
// Starts a frame whose payload the caller appends next; endFrame() fills in
// the size and the frame-end octet. Lets method and header encoders write
// their payload in place.
qsizetype beginFrame(QByteArray &out, FrameType type, quint16 channel);
void endFrame(QByteArray &out, qsizetype frameStart);

// Largest body-frame payload for a frame_max (frame_max - 8; 0: no limit).
qsizetype maxBodyPayload(quint32 frameMax);
// The body as the body frames carry it: pieces of maxBodyPayload() bytes, the
// last one shorter; an empty body has no body frames.
QList<QByteArrayView> splitBody(QByteArrayView body, quint32 frameMax);
void appendBodyFrames(QByteArray &out, quint16 channel, QByteArrayView body, quint32 frameMax);

} // namespace depot::amqp
