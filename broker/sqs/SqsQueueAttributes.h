#pragma once

// Queue attributes as SQS clients set and read them, and how they are kept
// in a Depot queue's arguments:
//   - every settable attribute is kept as the string AWS reports, under
//     x-sqs-attr-<Name> (the engine ignores these; they are stored with the
//     queue and survive a restart);
//   - the ones the engine acts on are also turned into its own arguments:
//     MessageRetentionPeriod -> x-message-retention (ms), DelaySeconds ->
//     x-default-delay (ms), RedrivePolicy -> x-dead-letter-exchange "" +
//     x-dead-letter-routing-key <dead-letter queue> + x-delivery-limit
//     <maxReceiveCount>, DeduplicationScope -> x-deduplication-scope.
// Values are checked with AWS's ranges; an unknown or read-only name is
// InvalidAttributeName, a bad value InvalidAttributeValue.

#include <QMap>
#include <QString>
#include <QStringList>
#include <QVariantMap>
#include <functional>

class QJsonObject;

namespace depot::sqs {

inline const QString kAttrPrefix = QStringLiteral("x-sqs-attr-");
inline const QString kCreatedArg = QStringLiteral("x-sqs-created"); // seconds since the epoch
inline const QString kModifiedArg = QStringLiteral("x-sqs-modified"); // seconds since the epoch
inline const QString kTagsArg = QStringLiteral("x-sqs-tags"); // QVariantMap key -> value

// Attribute name -> the value as AWS reports it.
using QueueAttributes = QMap<QString, QString>;

// Given a dead-letter target ARN, the name of that queue if it exists and is
// an SQS queue of the right kind, else an empty string.
using ArnResolver = std::function<QString(const QString &arn)>;

// Checks the attributes of a CreateQueue or SetQueueAttributes (`creating`)
// for a standard or FIFO queue; returns them normalised (booleans in lower
// case, JSON policies compacted). Throws SqsFailure.
QueueAttributes validateQueueAttributes(
    const QJsonObject &requested, bool fifo, bool creating, const ArnResolver &deadLetterTarget);
// Checks the rules between attributes on the full set a queue would have
// (FifoThroughputLimit perMessageGroupId needs DeduplicationScope
// messageGroup). Throws SqsFailure.
void checkAttributeCombination(const QueueAttributes &attributes);
// AWS's defaults for what was not given at creation.
QueueAttributes defaultQueueAttributes(bool fifo);

// The attributes kept in a queue's arguments.
QueueAttributes storedAttributes(const QVariantMap &arguments);
// Writes `attributes` (the full set) into `arguments`, with the engine's
// arguments derived from them; `deadLetterQueue` names the RedrivePolicy's
// target queue (empty: none).
void writeAttributes(const QueueAttributes &attributes, const QString &deadLetterQueue, QVariantMap *arguments);

// Every name GetQueueAttributes knows, in AWS's order, and which of them
// only FIFO queues have.
const QStringList &readableQueueAttributeNames();
bool isFifoOnlyAttribute(const QString &name);

// The queue names SQS accepts: 1 to 80 of [A-Za-z0-9_-], plus ".fifo" for
// FIFO queues (counted in the 80).
bool validQueueName(const QString &name);

} // namespace depot::sqs
