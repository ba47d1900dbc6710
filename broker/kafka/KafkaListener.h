#pragma once

// The Kafka listener's entry in the listener registry
// (broker/core/ListenerRegistry.h): --kafka-port, usually 9092. Off unless
// --kafka-port is given while the Kafka API is being built
// (docs/ARCHITECTURE.md §14).

#include "broker/core/ListenerRegistry.h"

namespace depot::kafka {

ListenerEntry listenerEntry();

} // namespace depot::kafka
