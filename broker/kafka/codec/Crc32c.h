#pragma once

// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), the checksum of a
// Kafka record batch (magic 2) over everything from its attributes to its end.

#include <QByteArrayView>

namespace depot::kafka {

// With the processor's CRC32 instruction where it has one (x86-64 with
// SSE 4.2: every x86-64 processor since 2008), slicing-by-8 tables otherwise.
quint32 crc32c(QByteArrayView bytes, quint32 crc = 0);

// The tables alone, whatever the processor has (tests compare the two).
quint32 crc32cPortable(QByteArrayView bytes, quint32 crc = 0);

} // namespace depot::kafka
