#pragma once

// Every listener of the registry on a free port of its own (port 0), so that
// brokers started by tests running side by side never ask for the same
// default port. A new protocol's listener is covered without editing tests.

#include "broker/core/BrokerOptions.h"
#include "broker/core/ListenerRegistry.h"

namespace depot::test {

inline void anyFreePorts(BrokerOptions &options)
{
    for (const ListenerEntry &listener : listenerRegistry())
        options.setPort(listener.name, 0);
}

} // namespace depot::test
