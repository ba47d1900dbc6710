#pragma once

// The HTTP API's entry in the listener registry
// (broker/core/ListenerRegistry.h): --http-port, default 15672.

#include "broker/core/ListenerRegistry.h"

namespace depot::http {

ListenerEntry listenerEntry();

} // namespace depot::http
