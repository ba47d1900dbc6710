// Fuzzes the AMQP field-table decoder (broker/amqp/codec/FieldTable.h): the
// input is read once as a whole table and once as one typed value. What
// decodes must encode back to the same bytes (or, where §5 of
// docs/ARCHITECTURE.md allows a difference, to bytes a second round trip
// leaves unchanged); what does not decode must be a 502 with a reason.

#include "FuzzSupport.h"

#include "broker/amqp/codec/FieldTable.h"

using namespace depot::amqp;
using namespace depot::fuzz;

namespace {

void checkRefusal(const CodecError &error)
{
    DEPOT_FUZZ_CHECK(error.replyCode == ReplyCode::SyntaxError);
    DEPOT_FUZZ_CHECK(!error.text.isEmpty());
}

void fuzzTable(QByteArrayView in)
{
    const Decoded<QVariantMap> table = decodeFieldTable(in);
    if (!table.ok()) {
        checkRefusal(table.error());
        return;
    }
    WireWalker walker(in);
    walker.table();
    DEPOT_FUZZ_CHECK(walker.ok && walker.atEnd());

    const QByteArray encoded = encodeFieldTable(table.value());
    if (walker.canonical)
        DEPOT_FUZZ_CHECK_BYTES(encoded, in);
    const Decoded<QVariantMap> again = decodeFieldTable(encoded);
    DEPOT_FUZZ_CHECK(again.ok());
    DEPOT_FUZZ_CHECK(again.value().size() == table.value().size());
    DEPOT_FUZZ_CHECK_BYTES(encodeFieldTable(again.value()), encoded);
}

void fuzzValue(QByteArrayView in)
{
    const Decoded<QVariant> value = decodeFieldValue(in);
    if (!value.ok()) {
        checkRefusal(value.error());
        return;
    }
    WireWalker walker(in);
    walker.value();
    DEPOT_FUZZ_CHECK(walker.ok && walker.atEnd());

    QByteArray encoded;
    appendFieldValue(encoded, value.value());
    if (walker.canonical)
        DEPOT_FUZZ_CHECK_BYTES(encoded, in);
    const Decoded<QVariant> again = decodeFieldValue(encoded);
    DEPOT_FUZZ_CHECK(again.ok());
    DEPOT_FUZZ_CHECK(again.value().typeId() == value.value().typeId());
    QByteArray encodedAgain;
    appendFieldValue(encodedAgain, again.value());
    DEPOT_FUZZ_CHECK_BYTES(encodedAgain, encoded);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView in = bytesOf(data, size);
    fuzzTable(in);
    fuzzValue(in);
    return 0;
}
