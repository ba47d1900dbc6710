// Fuzzes the record-batch decoder: the input is the records field of a
// Produce request (one or more magic-2 batches, as a producer sends them).
//
// Checked: a refusal carries one of the codes a Produce answer may hold;
// accepted batches tile the input exactly; each accepted batch decodes (the
// gzip, snappy, lz4 and zstd decoders included) and re-encodes (encodeBatch) into a batch that is accepted and decodes to the
// same records; rewriting the base offset or stamping LogAppendTime keeps a
// batch acceptable.
//
// Random bytes almost never carry a right CRC-32C, so the records inside
// would go unexplored: an input whose first byte is odd is taken as one
// batch after that byte, with its length and CRC made right first.
//
// An input whose first byte is 2 modulo 4 is a message set of magic 0 or 1
// after that byte (Produce v0-v2), its first message's size (when it does
// not fit) and CRC-32 made right: a refusal carries a Produce answer's code and says why; an
// accepted set becomes one uncompressed magic-2 batch that splitBatches
// accepts and that decodes.

#include "FuzzSupport.h"
#include "broker/kafka/codec/Crc32c.h"
#include "broker/kafka/codec/MessageSet.h"
#include "broker/kafka/codec/RecordBatch.h"

using namespace depot;
using namespace depot::fuzz;
using namespace depot::kafka;

namespace {

bool sameRecords(const QList<Record> &a, const QList<Record> &b)
{
    if (a.size() != b.size())
        return false;
    for (qsizetype i = 0; i < a.size(); ++i) {
        if (a[i].key != b[i].key || a[i].value != b[i].value || a[i].headers.size() != b[i].headers.size())
            return false;
        for (qsizetype k = 0; k < a[i].headers.size(); ++k)
            if (a[i].headers[k].key != b[i].headers[k].key || a[i].headers[k].value != b[i].headers[k].value)
                return false;
    }
    return true;
}

bool producible(ErrorCode code)
{
    return code == ErrorCode::CorruptMessage || code == ErrorCode::InvalidRecord
        || code == ErrorCode::UnsupportedCompressionType || code == ErrorCode::InvalidTimestamp;
}

int fuzzMessageSet(QByteArrayView input)
{
    QByteArray set = input.toByteArray();
    constexpr qsizetype LogOverhead = 12;   // offset and size
    if (set.size() >= LogOverhead + 4) {
        // The size it says when that fits, else the rest of the input.
        qint32 messageSize = qFromBigEndian<qint32>(set.constData() + 8);
        if (messageSize < 4 || messageSize > set.size() - LogOverhead) {
            messageSize = qint32(set.size() - LogOverhead);
            qToBigEndian(messageSize, set.data() + 8);
        }
        qToBigEndian(messageCrc(QByteArrayView(set).sliced(LogOverhead + 4, messageSize - 4)),
                     set.data() + LogOverhead);
    }
    QByteArray batch;
    if (const std::optional<BatchError> error = convertMessageSet(set, &batch)) {
        DEPOT_FUZZ_CHECK(producible(error->code));
        DEPOT_FUZZ_CHECK(!error->text.isEmpty());
        return 0;
    }
    QList<BatchView> batches;
    DEPOT_FUZZ_CHECK(!splitBatches(batch, &batches));
    DEPOT_FUZZ_CHECK(batches.size() == 1 && batches[0].header.compression() == Compression::None);
    QList<Record> records;
    DEPOT_FUZZ_CHECK(!decodeRecords(batches[0], &records));
    DEPOT_FUZZ_CHECK(!records.isEmpty());
    return 0;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    QByteArray fixed;
    QByteArrayView input = bytesOf(data, size);
    if (!input.isEmpty() && (input[0] & 3) == 2)
        return fuzzMessageSet(input.sliced(1));
    if (!input.isEmpty() && (input[0] & 1)) {
        fixed = input.sliced(1).toByteArray();
        if (fixed.size() >= BatchHeader::Size) {
            qToBigEndian(qint32(fixed.size() - BatchHeader::LengthOverhead), fixed.data() + BatchHeader::LengthAt);
            qToBigEndian(crc32c(QByteArrayView(fixed).sliced(BatchHeader::AttributesAt)), fixed.data() + BatchHeader::CrcAt);
        }
        input = fixed;
    }
    QList<BatchView> batches;
    if (const std::optional<BatchError> error = splitBatches(input, &batches)) {
        DEPOT_FUZZ_CHECK(producible(error->code));
        DEPOT_FUZZ_CHECK(!error->text.isEmpty());
        return 0;
    }
    qsizetype covered = 0;
    for (const BatchView &batch : batches) {
        DEPOT_FUZZ_CHECK(batch.bytes.data() == input.data() + covered);
        covered += batch.bytes.size();

        // An accepted batch decodes: compressed ones were decompressed to
        // be checked.
        QList<Record> records;
        DEPOT_FUZZ_CHECK(!decodeRecords(batch, &records));
        DEPOT_FUZZ_CHECK(records.size() == batch.header.recordCount);
        const QByteArray again = encodeBatch(records);
        QList<BatchView> reparsed;
        DEPOT_FUZZ_CHECK(!splitBatches(again, &reparsed));
        DEPOT_FUZZ_CHECK(reparsed.size() == 1);
        QList<Record> back;
        DEPOT_FUZZ_CHECK(!decodeRecords(reparsed[0], &back));
        DEPOT_FUZZ_CHECK(sameRecords(records, back));

        QByteArray stamped = batch.bytes.toByteArray();
        setBaseOffset(stamped, 123456);
        stampLogAppendTime(stamped, 1800000000000);
        QList<BatchView> restamped;
        DEPOT_FUZZ_CHECK(!splitBatches(stamped, &restamped));
        DEPOT_FUZZ_CHECK(restamped[0].header.baseOffset == 123456);
    }
    DEPOT_FUZZ_CHECK(covered == input.size());
    return 0;
}
