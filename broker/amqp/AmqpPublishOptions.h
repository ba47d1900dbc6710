#pragma once

// The one translation of AMQP 0-9-1 message fields into the engine's typed
// publish options, used by every RabbitMQ-shaped producer: the AMQP channel,
// the HTTP API's publish (RabbitMQ's management API takes AMQP properties),
// the window's publish and the demo traffic. So a message means the same
// whichever way it arrives:
//  - `expiration`: a non-negative decimal number of milliseconds becomes the
//    per-message TTL; anything else is refused as RabbitMQ refuses it
//    (PreconditionFailed "invalid expiration '...'"), after the exchange
//    checks publish() makes, so errors come in the same order as before;
//  - header `x-delay` (integer ms > 0) delays the message, on exchanges of
//    type x-delayed-message only (RabbitMQ's delayed-message plugin);
//  - `priority` is the message priority;
//  - headers `CC` and `BCC` (arrays of strings) add routing keys on the same
//    exchange (RabbitMQ's sender-selected distribution); BCC is removed
//    before the message is stored, so no consumer sees it (nor does the
//    publisher in a basic.return, as in RabbitMQ); a CC or BCC that
//    is not an array refuses the message (PreconditionFailed), as RabbitMQ.
// The properties stay in the message as given (consumers see them), BCC
// excepted.

#include "broker/engine/Engine.h"

namespace depot {

Result<PublishOptions> amqpPublishOptions(
    const Engine &engine, const QString &exchange, const MessageProperties &properties, bool mandatory = false);

} // namespace depot
