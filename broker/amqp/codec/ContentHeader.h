#pragma once

// The content header frame that follows basic.publish, basic.deliver,
// basic.return and basic.get-ok: class id, weight (always 0), body size and
// the basic class's 14 properties behind a property-flags word. A property
// whose flag is clear is absent (std::nullopt), which is not the same as
// present and empty.
//
// Flags, highest bit first: content-type, content-encoding, headers,
// delivery-mode, priority, correlation-id, reply-to, expiration, message-id,
// timestamp, type, user-id, app-id, cluster-id; bit 1 is unused and bit 0
// would announce another flags word, which the basic class never needs.

#include "broker/amqp/codec/CodecError.h"
#include "broker/engine/Message.h"

#include <QByteArray>
#include <QByteArrayView>

namespace depot::amqp {

inline constexpr quint16 kBasicClassId = 60;

struct ContentHeader
{
    quint16 classId = kBasicClassId;
    quint64 bodySize = 0;
    MessageProperties properties;

    bool operator==(const ContentHeader &) const = default;
};

// Refuses with 502 a weight other than 0, property flags with bit 1 or the
// continuation bit set, truncated or trailing property bytes, invalid UTF-8 in
// a shortstr property, a bad headers table; with 505 a class other than basic.
Decoded<ContentHeader> decodeContentHeader(QByteArrayView payload);

void appendContentHeaderPayload(QByteArray &out, const ContentHeader &header);
QByteArray encodeContentHeaderPayload(const ContentHeader &header);
void appendContentHeaderFrame(QByteArray &out, quint16 channel, const ContentHeader &header);

} // namespace depot::amqp
