#pragma once

// The AMQP 0-9-1 listener's entry in the listener registry
// (broker/core/ListenerRegistry.h): --amqp-port, default 5672.

#include "broker/core/ListenerRegistry.h"

namespace depot::amqp {

ListenerEntry listenerEntry();

} // namespace depot::amqp
