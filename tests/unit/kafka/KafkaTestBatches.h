#pragma once

// Record batches the Kafka unit tests share: a gzip batch as a real client
// wrote it, and batches split into the views the log engine appends.

#include "broker/kafka/codec/RecordBatch.h"

#include <QByteArray>
#include <QList>

namespace depot::kafka::test {

// kafka-python's DefaultRecordBatchBuilder with compression_type=1 (gzip):
// three records "gzip record N " * 10 at 1700000000000 + N, no key.
inline const QByteArray kGzipBatch = QByteArray::fromHex(
    "0000000000000000000000760000000002cd84147e0001000000020000018bcfe568000000018bcfe56802ffffffffffffffffffffff"
    "ffffff000000031f8b08007a8e0f6b02ff5bc6c4c0c0c0388329bd2ab340a1283539bf2845c1406160790ccb98189898d01c65a830b0"
    "3c90a35858d01c65a430b03c0600bb6e39f2bf010000");

inline QList<BatchView> views(const QByteArray &bytes)
{
    QList<BatchView> out;
    const auto error = splitBatches(bytes, &out);
    Q_ASSERT(!error);
    Q_UNUSED(error);
    return out;
}

} // namespace depot::kafka::test
