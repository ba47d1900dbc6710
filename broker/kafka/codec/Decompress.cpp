#include "broker/kafka/codec/Decompress.h"

#include <QScopeGuard>
#include <QtEndian>

#include <lz4frame.h>
#include <memory>
#include <snappy-c.h>
#include <zlib.h>
#include <zstd.h>

namespace depot::kafka {

namespace {

// Output grows by doubling from 4 KiB up to the limit, so a batch costs
// what it really inflates to, not what its header might claim.
bool grow(QByteArray &out, qsizetype limit)
{
    if (out.size() >= limit)
        return false;
    out.resize(qMin(limit, qMax<qsizetype>(out.size() * 2, 4096)));
    return true;
}

// gzip (RFC 1952) through zlib.
std::optional<QByteArray> gunzip(QByteArrayView in, qsizetype limit, QString *why)
{
    z_stream z{};
    if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) {
        *why = QStringLiteral("zlib could not start");
        return std::nullopt;
    }
    const auto end = qScopeGuard([&z] { inflateEnd(&z); });
    QByteArray out;
    qsizetype used = 0;
    z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(in.data()));
    z.avail_in = uInt(in.size());
    int rc = Z_OK;
    while (rc != Z_STREAM_END) {
        if (used == out.size() && !grow(out, limit)) {
            *why = QStringLiteral("the gzip data inflates past %1 bytes").arg(limit);
            return std::nullopt;
        }
        z.next_out = reinterpret_cast<Bytef *>(out.data() + used);
        z.avail_out = uInt(out.size() - used);
        rc = inflate(&z, Z_NO_FLUSH);
        used = out.size() - qsizetype(z.avail_out);
        if (rc != Z_OK && rc != Z_STREAM_END) {
            *why = QStringLiteral("the gzip data does not inflate");
            return std::nullopt;
        }
        if (rc == Z_OK && z.avail_in == 0 && z.avail_out != 0) {
            *why = QStringLiteral("the gzip data is truncated");
            return std::nullopt;
        }
    }
    out.truncate(used);
    return out;
}

// One raw snappy block appended to `out`.
bool unsnappyBlock(QByteArrayView block, qsizetype limit, QByteArray &out, QString *why)
{
    size_t length = 0;
    if (snappy_uncompressed_length(block.data(), size_t(block.size()), &length) != SNAPPY_OK) {
        *why = QStringLiteral("the snappy data has no valid length");
        return false;
    }
    if (qsizetype(length) > limit - out.size()) {
        *why = QStringLiteral("the snappy data claims %1 bytes, more than the %2 allowed").arg(length).arg(limit);
        return false;
    }
    const qsizetype at = out.size();
    out.resize(at + qsizetype(length));
    size_t written = length;
    if (snappy_uncompress(block.data(), size_t(block.size()), out.data() + at, &written) != SNAPPY_OK
        || written != length) {
        *why = QStringLiteral("the snappy data does not decompress");
        return false;
    }
    return true;
}

// Snappy, raw or in xerial's framing: an 8-byte magic, two 4-byte version
// numbers, then blocks each after its big-endian 4-byte length.
std::optional<QByteArray> unsnappy(QByteArrayView in, qsizetype limit, QString *why)
{
    static constexpr char XerialMagic[8] = {char(0x82), 'S', 'N', 'A', 'P', 'P', 'Y', 0};
    static constexpr qsizetype XerialHeader = 16;
    QByteArray out;
    if (!in.startsWith(QByteArrayView(XerialMagic, 8))) {
        if (!unsnappyBlock(in, limit, out, why))
            return std::nullopt;
        return out;
    }
    if (in.size() < XerialHeader) {
        *why = QStringLiteral("the snappy framing header is truncated");
        return std::nullopt;
    }
    qsizetype at = XerialHeader;
    while (at < in.size()) {
        if (in.size() - at < 4) {
            *why = QStringLiteral("a snappy block length is truncated at byte %1").arg(at);
            return std::nullopt;
        }
        const quint32 length = qFromBigEndian<quint32>(in.data() + at);
        at += 4;
        if (length > quint64(in.size() - at)) {
            *why = QStringLiteral("a snappy block claims %1 bytes with %2 left").arg(length).arg(in.size() - at);
            return std::nullopt;
        }
        if (!unsnappyBlock(in.sliced(at, qsizetype(length)), limit, out, why))
            return std::nullopt;
        at += qsizetype(length);
    }
    return out;
}

// The LZ4 frame format (magic 0x184D2204), as Kafka writes it for magic-2
// batches.
std::optional<QByteArray> unlz4(QByteArrayView in, qsizetype limit, QString *why)
{
    LZ4F_dctx *raw = nullptr;
    if (LZ4F_isError(LZ4F_createDecompressionContext(&raw, LZ4F_VERSION))) {
        *why = QStringLiteral("lz4 could not start");
        return std::nullopt;
    }
    const std::unique_ptr<LZ4F_dctx, decltype(&LZ4F_freeDecompressionContext)> ctx(
        raw, &LZ4F_freeDecompressionContext);
    QByteArray out;
    qsizetype used = 0;
    qsizetype consumed = 0;
    size_t hint = 1;
    while (hint != 0) {
        if (used == out.size() && !grow(out, limit)) {
            *why = QStringLiteral("the lz4 data decompresses past %1 bytes").arg(limit);
            return std::nullopt;
        }
        size_t dstSize = size_t(out.size() - used);
        size_t srcSize = size_t(in.size() - consumed);
        hint = LZ4F_decompress(ctx.get(), out.data() + used, &dstSize, in.data() + consumed, &srcSize, nullptr);
        if (LZ4F_isError(hint)) {
            *why = QStringLiteral("the lz4 data does not decompress: %1").arg(QString::fromLatin1(LZ4F_getErrorName(hint)));
            return std::nullopt;
        }
        used += qsizetype(dstSize);
        consumed += qsizetype(srcSize);
        if (hint != 0 && consumed == in.size() && dstSize == 0 && srcSize == 0) {
            *why = QStringLiteral("the lz4 frame is truncated");
            return std::nullopt;
        }
    }
    if (consumed != in.size()) {
        *why = QStringLiteral("%1 bytes after the lz4 frame").arg(in.size() - consumed);
        return std::nullopt;
    }
    out.truncate(used);
    return out;
}

// zstd: one or more frames.
std::optional<QByteArray> unzstd(QByteArrayView in, qsizetype limit, QString *why)
{
    const std::unique_ptr<ZSTD_DCtx, decltype(&ZSTD_freeDCtx)> ctx(ZSTD_createDCtx(), &ZSTD_freeDCtx);
    if (!ctx) {
        *why = QStringLiteral("zstd could not start");
        return std::nullopt;
    }
    QByteArray out;
    ZSTD_inBuffer input{in.data(), size_t(in.size()), 0};
    size_t used = 0;
    size_t pending = 1;
    while (pending != 0 || input.pos < input.size) {
        if (qsizetype(used) == out.size() && !grow(out, limit)) {
            *why = QStringLiteral("the zstd data decompresses past %1 bytes").arg(limit);
            return std::nullopt;
        }
        ZSTD_outBuffer output{out.data(), size_t(out.size()), used};
        const size_t before = input.pos;
        pending = ZSTD_decompressStream(ctx.get(), &output, &input);
        if (ZSTD_isError(pending)) {
            *why = QStringLiteral("the zstd data does not decompress: %1")
                       .arg(QString::fromLatin1(ZSTD_getErrorName(pending)));
            return std::nullopt;
        }
        const bool progressed = output.pos != used || input.pos != before;
        used = output.pos;
        if (pending != 0 && !progressed && input.pos == input.size) {
            *why = QStringLiteral("the zstd frame is truncated");
            return std::nullopt;
        }
    }
    out.truncate(qsizetype(used));
    return out;
}

} // namespace

QString compressionName(Compression c)
{
    switch (c) {
    case Compression::None:
        return QStringLiteral("none");
    case Compression::Gzip:
        return QStringLiteral("gzip");
    case Compression::Snappy:
        return QStringLiteral("snappy");
    case Compression::Lz4:
        return QStringLiteral("lz4");
    case Compression::Zstd:
        return QStringLiteral("zstd");
    }
    return QStringLiteral("compression %1").arg(int(c));
}

std::optional<QByteArray> decompress(Compression c, QByteArrayView in, qsizetype limit, QString *why)
{
    switch (c) {
    case Compression::Gzip:
        return gunzip(in, limit, why);
    case Compression::Snappy:
        return unsnappy(in, limit, why);
    case Compression::Lz4:
        return unlz4(in, limit, why);
    case Compression::Zstd:
        return unzstd(in, limit, why);
    case Compression::None:
        break;
    }
    *why = QStringLiteral("unknown compression %1").arg(int(c));
    return std::nullopt;
}

} // namespace depot::kafka
