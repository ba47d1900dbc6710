// Fuzzes the AMQP content-header decoder (broker/amqp/codec/ContentHeader.h):
// class id, weight, body size, property flags and the properties they
// announce. A decoded header must re-encode to the same bytes unless its
// headers table is an exception §5 of docs/ARCHITECTURE.md documents, and
// then a second round trip must change nothing.

#include "FuzzSupport.h"

#include "broker/amqp/codec/ContentHeader.h"

using namespace depot::amqp;
using namespace depot::fuzz;

namespace {

// The property layout, walked apart from the codec; flags highest bit first.
void walkProperties(WireWalker &w)
{
    w.take(12);   // class id, weight, body size
    const quint16 flags = quint16(w.uint(2));
    const auto has = [flags](int bit) { return (flags >> bit) & 1; };
    if (has(15)) w.shortStr();   // content-type
    if (has(14)) w.shortStr();   // content-encoding
    if (has(13)) w.table();      // headers
    if (has(12)) w.take(1);      // delivery-mode
    if (has(11)) w.take(1);      // priority
    for (int bit = 10; bit >= 7; --bit)
        if (has(bit)) w.shortStr();   // correlation-id, reply-to, expiration, message-id
    if (has(6)) w.take(8);       // timestamp
    for (int bit = 5; bit >= 2; --bit)
        if (has(bit)) w.shortStr();   // type, user-id, app-id, cluster-id
    if (has(1) || has(0))
        w.ok = false;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView in = bytesOf(data, size);
    const Decoded<ContentHeader> decoded = decodeContentHeader(in);
    if (!decoded.ok()) {
        const quint16 code = decoded.error().replyCode;
        DEPOT_FUZZ_CHECK(code == ReplyCode::SyntaxError || code == ReplyCode::UnexpectedFrame
                         || code == ReplyCode::FrameError);
        DEPOT_FUZZ_CHECK(!decoded.error().text.isEmpty());
        return 0;
    }
    const ContentHeader &header = decoded.value();
    DEPOT_FUZZ_CHECK(header.classId == kBasicClassId);

    WireWalker walker(in);
    walkProperties(walker);
    DEPOT_FUZZ_CHECK(walker.ok && walker.atEnd());

    const QByteArray encoded = encodeContentHeaderPayload(header);
    if (walker.canonical)
        DEPOT_FUZZ_CHECK_BYTES(encoded, in);
    const Decoded<ContentHeader> again = decodeContentHeader(encoded);
    DEPOT_FUZZ_CHECK(again.ok());
    DEPOT_FUZZ_CHECK(again.value().bodySize == header.bodySize);
    DEPOT_FUZZ_CHECK_BYTES(encodeContentHeaderPayload(again.value()), encoded);
    return 0;
}
