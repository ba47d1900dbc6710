// Fuzzes the AMQP frame decoder (broker/amqp/codec/Frame.h) the way a
// connection uses it: the bytes a client sent, read frame after frame from
// one buffer, optionally behind the protocol header. The first input byte
// picks frame_max (none, the 4096 floor, 128 KiB, or a tiny one).
//
// Checked for every frame: it re-encodes to exactly the bytes it came from,
// no prefix of it is anything but need-more, it respects frame_max, and its
// payload goes through the method or content-header decoder (or, for a body,
// through Depot's body splitting and back).

#include "FuzzSupport.h"

#include "broker/amqp/codec/ContentHeader.h"
#include "broker/amqp/codec/Frame.h"
#include "broker/amqp/codec/Methods.h"

using namespace depot::amqp;
using namespace depot::fuzz;

namespace {

void checkBodySplit(QByteArrayView body, quint16 channel, quint32 frameMax)
{
    QByteArray frames;
    appendBodyFrames(frames, channel, body, frameMax);
    const QList<QByteArrayView> pieces = splitBody(body, frameMax);
    QByteArray joined;
    QByteArrayView rest(frames);
    qsizetype count = 0;
    while (!rest.isEmpty()) {
        const FrameDecodeResult r = decodeFrame(rest, frameMax);
        DEPOT_FUZZ_CHECK(r.status == FrameDecodeResult::Status::Complete);
        DEPOT_FUZZ_CHECK(r.frame.type == FrameType::Body && r.frame.channel == channel);
        DEPOT_FUZZ_CHECK(count < pieces.size());
        DEPOT_FUZZ_CHECK_BYTES(r.frame.payload, pieces[count]);
        joined += r.frame.payload;
        rest = rest.sliced(r.consumed);
        ++count;
    }
    DEPOT_FUZZ_CHECK(count == pieces.size());
    DEPOT_FUZZ_CHECK_BYTES(joined, body);
}

void checkFrame(QByteArrayView stream, const FrameDecodeResult &r, quint32 frameMax)
{
    const Frame &f = r.frame;
    DEPOT_FUZZ_CHECK(r.consumed == f.payload.size() + kFrameOverhead);
    DEPOT_FUZZ_CHECK(r.consumed <= stream.size());
    DEPOT_FUZZ_CHECK(f.payload.data() == stream.data() + kFrameHeaderSize);
    if (frameMax != 0)
        DEPOT_FUZZ_CHECK(quint64(r.consumed) <= frameMax);
    if (f.type == FrameType::Heartbeat)
        DEPOT_FUZZ_CHECK(f.channel == 0 && f.payload.isEmpty());

    QByteArray encoded;
    appendFrame(encoded, f.type, f.channel, f.payload);
    DEPOT_FUZZ_CHECK_BYTES(encoded, stream.first(r.consumed));

    // Whatever arrives in pieces: a frame's prefixes only ever need more.
    for (qsizetype k : {qsizetype(0), qsizetype(1), qsizetype(2), qsizetype(3), kFrameHeaderSize - 1,
                        kFrameHeaderSize, r.consumed - 1}) {
        if (k < r.consumed)
            DEPOT_FUZZ_CHECK(decodeFrame(stream.first(k), frameMax).status == FrameDecodeResult::Status::NeedMore);
    }

    switch (f.type) {
    case FrameType::Method:
        (void)decodeMethodPayload(f.payload);
        break;
    case FrameType::Header:
        (void)decodeContentHeader(f.payload);
        break;
    case FrameType::Body:
        checkBodySplit(f.payload, f.channel, frameMax);
        break;
    case FrameType::Heartbeat:
        break;
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const quint8 selector = data[0];
    static constexpr quint32 kLimits[] = {0, kFrameMinSize, 131072};
    const quint32 frameMax = (selector & 3) < 3 ? kLimits[selector & 3] : 9 + (selector >> 2);
    QByteArrayView stream = bytesOf(data + 1, size - 1);

    const ProtocolHeaderCheck header = checkProtocolHeader(stream);
    const QByteArrayView expected = protocolHeader();
    if (stream.startsWith(expected))
        DEPOT_FUZZ_CHECK(header == ProtocolHeaderCheck::Ok);
    else if (stream.size() < expected.size() && expected.startsWith(stream))
        DEPOT_FUZZ_CHECK(header == ProtocolHeaderCheck::NeedMore);
    else
        DEPOT_FUZZ_CHECK(header == ProtocolHeaderCheck::Wrong);
    if (header == ProtocolHeaderCheck::Ok)
        stream = stream.sliced(expected.size());

    while (true) {
        const FrameDecodeResult r = decodeFrame(stream, frameMax);
        if (r.status == FrameDecodeResult::Status::NeedMore) {
            DEPOT_FUZZ_CHECK(r.consumed == 0);
            break;
        }
        if (r.status == FrameDecodeResult::Status::Error) {
            DEPOT_FUZZ_CHECK(r.error.replyCode == ReplyCode::FrameError
                             || r.error.replyCode == ReplyCode::UnexpectedFrame);
            DEPOT_FUZZ_CHECK(!r.error.text.isEmpty());
            break;
        }
        checkFrame(stream, r, frameMax);
        stream = stream.sliced(r.consumed);
    }
    return 0;
}
