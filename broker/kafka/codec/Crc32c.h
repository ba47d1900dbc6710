#pragma once

// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), the checksum of a
// Kafka record batch (magic 2) over everything from its attributes to its end.

#include <QByteArrayView>

namespace depot::kafka {

quint32 crc32c(QByteArrayView bytes, quint32 crc = 0);

} // namespace depot::kafka
