#pragma once

// Receipt handles: what a ReceiveMessage hands out to name the receipt later.
// Depot's handle is the queue, the message's id and the engine's lease handle,
// in a URL-safe base64 text. The lease handle has a generation, so a handle
// from an earlier receive of the same message never names the later lease.
// Decoding checks the form only; whether the lease is still held is the
// engine's answer.

#include <QString>
#include <optional>

namespace depot::sqs {

struct ReceiptHandle
{
    QString queue;
    quint64 messageId = 0;
    quint64 lease = 0;
    bool operator==(const ReceiptHandle &) const = default;
};

QString encodeReceiptHandle(const QString &queue, quint64 messageId, quint64 lease);
std::optional<ReceiptHandle> decodeReceiptHandle(const QString &text);

} // namespace depot::sqs
