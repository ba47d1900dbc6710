#pragma once

// The SQS API's entry in the listener registry
// (broker/core/ListenerRegistry.h): --sqs-port, default 9324 (ElasticMQ's).

#include "broker/core/ListenerRegistry.h"

namespace depot::sqs {

ListenerEntry listenerEntry();

} // namespace depot::sqs
