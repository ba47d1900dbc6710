#include "broker/sqs/codec/SqsReceipt.h"

#include <QByteArray>
#include <QList>

namespace depot::sqs {

namespace {
constexpr char kVersion[] = "d1";
}

QString encodeReceiptHandle(const QString &queue, quint64 messageId, quint64 lease)
{
    const QByteArray plain = QByteArray(kVersion) + ':' + QByteArray::number(lease) + ':'
        + QByteArray::number(messageId) + ':' + queue.toUtf8();
    return QString::fromLatin1(plain.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

std::optional<ReceiptHandle> decodeReceiptHandle(const QString &text)
{
    if (text.isEmpty() || text.size() > 1024)
        return std::nullopt;
    for (QChar c : text) {
        const bool ok = (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9') || c == u'-'
            || c == u'_';
        if (!ok)
            return std::nullopt;
    }
    const auto decoded = QByteArray::fromBase64Encoding(text.toLatin1(),
        QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return std::nullopt;
    const QList<QByteArray> parts = decoded.decoded.split(':');
    if (parts.size() != 4 || parts[0] != kVersion || parts[3].isEmpty())
        return std::nullopt;
    bool okLease = false;
    bool okId = false;
    ReceiptHandle handle;
    handle.lease = parts[1].toULongLong(&okLease);
    handle.messageId = parts[2].toULongLong(&okId);
    handle.queue = QString::fromUtf8(parts[3]);
    if (!okLease || !okId || handle.lease == 0)
        return std::nullopt;
    // Only the one spelling Depot hands out: a handle whose last base64
    // character carries stray bits, or whose numbers have leading zeros,
    // decodes to the same values but is not a handle Depot issued.
    if (encodeReceiptHandle(handle.queue, handle.messageId, handle.lease) != text)
        return std::nullopt;
    return handle;
}

} // namespace depot::sqs
