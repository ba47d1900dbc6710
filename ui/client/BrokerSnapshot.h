#pragma once

// BrokerSnapshot: one coalesced picture of the broker's topology and counts,
// taken on the broker thread and handed to the GUI thread as an immutable,
// shared value. Every view refreshes from the same snapshot, so the queue
// list, the status bar, the exchanges, topics and groups tabs never disagree
// within a tick.

#include "broker/engine/Engine.h"
#include "broker/kafka/KafkaAdmin.h"
#include "broker/stats/Stats.h"

#include <QList>
#include <QMap>
#include <QString>

#include <memory>

namespace depot::ui {

struct QueueRow
{
    QString name;
    quint64 ready = 0;
    quint64 delayed = 0;          // of `ready`, those not visible yet (a delay)
    quint64 unacked = 0;          // SQS: in flight
    quint64 bytes = 0;
    quint32 consumers = 0;
    double inRate = 0;            // messages enqueued per second (last stats sample)
    double outRate = 0;           // messages delivered per second
    quint64 deadLettered = 0;     // dead letters this queue produced since start
    bool durable = true;
    bool exclusive = false;
    bool autoDelete = false;
    bool paused = false;          // delivery stopped by the user
    QString deadLetterExchange;   // empty: none
    QString deadLetterRoutingKey;
    QVariantMap arguments;
    // The RabbitMQ policy and operator policy that apply (empty: none) and
    // what they set (their effective definition).
    QString policy;
    QString operatorPolicy;
    QVariantMap policyDefinition;

    // Derived on the GUI side from all queues and bindings (see linkDeadLetters).
    bool isDeadLetterQueue = false;
    QStringList deadLettersGoTo;  // queues this queue's dead letters are routed to
    QStringList fedBy;            // queues whose dead letters arrive here

    quint64 total() const { return ready + unacked; }

    // SQS queues are Depot queues of kind (x-queue-type) sqs or sqs-fifo;
    // the SQS adapter keeps their attributes as x-sqs-attr-<Name>.
    bool isSqs() const;
    bool isSqsFifo() const;
    // A RabbitMQ stream (x-queue-type stream): a log in the log engine.
    bool isStream() const;
    // "SQS", "SQS FIFO", "AMQP stream", or "AMQP" for every other queue.
    QString kindText() const;
    // The queue's default visibility timeout in seconds (SQS's default 30);
    // -1 for queues that are not SQS queues.
    qint64 visibilityTimeoutSeconds() const;
    // maxReceiveCount of an SQS redrive policy (x-delivery-limit); 0: none.
    qint64 maxReceiveCount() const;
};

struct BrokerSnapshot
{
    qint64 takenAtMs = 0;
    QList<QueueRow> queues;
    QList<ExchangeDef> exchanges;
    // The policies that apply to exchanges, for those that have one.
    QHash<QString, AppliedPolicy> exchangePolicies;
    QList<BindingDef> bindings;
    QList<ConnectionSummary> connections;
    QList<ConsumerInfo> consumers;
    Counters totals;
    std::array<double, CounterCount> rates{};
    // Raised alarms (Engine::alarms): source ("disk", "memory") -> text the
    // user reads. Empty when all is well.
    QMap<QString, QString> alarms;
    // Kafka's topics (their partitions' offsets and sizes, no records) and
    // consumer groups (members, committed offsets, lag), by name.
    QList<kafka::TopicView> topics;
    QList<kafka::GroupView> groups;

    const QueueRow *queue(const QString &name) const;
    const kafka::TopicView *topic(const QString &name) const;
    const kafka::GroupView *group(const QString &name) const;
};
using SnapshotPtr = std::shared_ptr<const BrokerSnapshot>;

// Fills isDeadLetterQueue, deadLettersGoTo and fedBy: a queue is a dead-letter
// queue when another queue's x-dead-letter-exchange routes to it, or when its
// name says so (*.dlq, *dead*), which catches queues whose feeders are not
// declared yet.
void linkDeadLetters(QList<QueueRow> &queues, const QList<ExchangeDef> &exchanges,
                     const QList<BindingDef> &bindings);

} // namespace depot::ui
