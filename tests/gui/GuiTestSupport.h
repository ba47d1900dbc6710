#pragma once

// Helpers for Depot's GUI tests: a real broker (in memory, free ports) on its
// own thread, and synchronous shortcuts for setting up state on it.

#include "broker/core/BrokerService.h"
#include "broker/engine/Engine.h"

#include <QJsonObject>
#include <QString>

#include <functional>
#include <memory>

namespace depot::test {

// Starts an in-memory BrokerService on any free ports and waits until it
// runs. Returns null (and fails the current test) if it does not start.
std::unique_ptr<BrokerService> startBroker();

// Runs fn on the broker thread and waits for it (test set-up only: the
// window itself never waits on the broker).
void onBroker(BrokerService &service, std::function<void(Engine &)> fn);

// Declares a queue with optional arguments.
void declareQueue(BrokerService &service, const QString &name, const QVariantMap &arguments = {});
// Publishes `count` messages with bodies "<prefix> <n>" to a queue via the default exchange.
void publishMessages(BrokerService &service, const QString &queue, int count, const QString &prefix = QStringLiteral("message"),
                     const QVariantMap &headers = {});
// Declares work queue `queue` whose rejected messages go to `queue`.dlq, and
// makes `count` dead letters there by getting and rejecting them.
void makeDeadLetters(BrokerService &service, const QString &queue, int count);

// Calls the broker's SQS API (AWS JSON 1.0, as current AWS SDKs send it) and
// waits for the answer: `action` is e.g. "CreateQueue". Returns the answer's
// JSON; a failed call fails the current test and returns {"__type": ...}.
QJsonObject sqsCall(BrokerService &service, const QString &action, const QJsonObject &params);
// The queue URL an SQS client would use for `name`.
QString sqsQueueUrl(BrokerService &service, const QString &name);

// Where tests put the PNGs they render (created on demand).
QString screenshotDir();

} // namespace depot::test
