// Fuzzes the AMQP method-argument decoder (broker/amqp/codec/Methods.h) with
// what a method frame carries: class id, method id, then the arguments.
// A decoded method must re-encode to the same bytes unless one of its field
// tables is an exception §5 of docs/ARCHITECTURE.md documents, and then a
// second round trip must change nothing. The argument layout is also walked
// independently of the codec, from each method's fields() list.

#include "FuzzSupport.h"

#include "broker/amqp/codec/Methods.h"

#include <variant>

using namespace depot::amqp;
using namespace depot::fuzz;

namespace {

// Walks a method's argument list over the wire bytes with WireWalker, bits
// packed into shared octets as the spec packs them.
class LayoutWalker final
{
public:
    explicit LayoutWalker(WireWalker &w) : m_w(w) {}

    template <typename T> void u8(T &) { endBits(), m_w.take(1); }
    template <typename T> void u16(T &) { endBits(), m_w.take(2); }
    template <typename T> void u32(T &) { endBits(), m_w.take(4); }
    template <typename T> void u64(T &) { endBits(), m_w.take(8); }
    template <typename T> void shortStr(T &) { endBits(), m_w.shortStr(); }
    template <typename T> void longStr(T &) { endBits(), m_w.longStr(); }
    template <typename T> void table(T &) { endBits(), m_w.table(); }
    template <typename T> void bit(T &)
    {
        if (m_bits == 0 || m_bits == 8) {
            m_w.take(1);
            m_bits = 0;
        }
        ++m_bits;
    }

private:
    void endBits() { m_bits = 0; }

    WireWalker &m_w;
    int m_bits = 0;
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView in = bytesOf(data, size);
    const Decoded<Method> decoded = decodeMethodPayload(in);
    if (!decoded.ok()) {
        const quint16 code = decoded.error().replyCode;
        DEPOT_FUZZ_CHECK(code == ReplyCode::FrameError || code == ReplyCode::SyntaxError
                         || code == ReplyCode::NotImplemented);
        DEPOT_FUZZ_CHECK(!decoded.error().text.isEmpty());
        return 0;
    }
    const Method &method = decoded.value();
    DEPOT_FUZZ_CHECK(in.size() >= 4);
    DEPOT_FUZZ_CHECK(methodClassId(method) == qFromBigEndian<quint16>(in.data()));
    DEPOT_FUZZ_CHECK(methodMethodId(method) == qFromBigEndian<quint16>(in.data() + 2));
    DEPOT_FUZZ_CHECK(!methodName(methodClassId(method), methodMethodId(method)).isEmpty());

    WireWalker walker(in.sliced(4));
    std::visit(
        [&walker](const auto &m) {
            using M = std::decay_t<decltype(m)>;
            M copy = m;
            LayoutWalker layout(walker);
            M::fields(copy, layout);
        },
        method);
    DEPOT_FUZZ_CHECK(walker.ok && walker.atEnd());

    const QByteArray encoded = encodeMethodPayload(method);
    if (walker.canonical)
        DEPOT_FUZZ_CHECK_BYTES(encoded, in);
    const Decoded<Method> again = decodeMethodPayload(encoded);
    DEPOT_FUZZ_CHECK(again.ok());
    DEPOT_FUZZ_CHECK(again.value().index() == method.index());
    DEPOT_FUZZ_CHECK_BYTES(encodeMethodPayload(again.value()), encoded);
    return 0;
}
