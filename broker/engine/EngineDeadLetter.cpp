#include "broker/engine/EnginePrivate.h"

// EngineDeadLetter.cpp: dead-lettering (rejected, expired, maxlen,
// delivery_limit). The dead letter is a new message published to the queue's
// dead-letter exchange, carrying the x-death history RabbitMQ clients read.

namespace depot {

using namespace engine_detail;

namespace {

const QString kXDeath = QStringLiteral("x-death");
const QString kCount = QStringLiteral("count");
const QString kReason = QStringLiteral("reason");
const QString kQueue = QStringLiteral("queue");
const QString kTime = QStringLiteral("time");
const QString kExchange = QStringLiteral("exchange");
const QString kRoutingKeys = QStringLiteral("routing-keys");
const QString kOriginalExpiration = QStringLiteral("original-expiration");
const QString kCc = QStringLiteral("CC");
const QString kFirstReason = QStringLiteral("x-first-death-reason");
const QString kFirstQueue = QStringLiteral("x-first-death-queue");
const QString kFirstExchange = QStringLiteral("x-first-death-exchange");
const QString kLastReason = QStringLiteral("x-last-death-reason");
const QString kLastQueue = QStringLiteral("x-last-death-queue");
const QString kLastExchange = QStringLiteral("x-last-death-exchange");
const QString kRejected = QStringLiteral("rejected");

} // namespace

void Engine::Private::deadLetter(Queue *queue, Entry &&e, const QString &reason)
{
    const auto &dlx = queue->args.deadLetterExchange;
    if (!dlx || !registry.contains(*dlx)) {
        // No dead-letter exchange (or it is gone): the message is dropped.
        dropEntry(queue, std::move(e));
        return;
    }
    const ContentPtr original = contentOf(e);
    // The source's copy goes now; its dead letters are written in this same
    // event-loop turn, so the store commits both in one transaction.
    dropEntry(queue, std::move(e));
    if (!original)
        return;
    stats.add(Counter::DeadLettered, queue->def.name);

    MessageContent content = *original;
    QVariantMap headers = content.properties.headers.value_or(QVariantMap());

    QVariantList routingKeys{original->routingKey};
    for (const QVariant &cc : headers.value(kCc).toList())
        routingKeys.append(cc.toString());

    // x-death: one entry per (queue, reason), most recent first.
    QVariantList deaths = headers.value(kXDeath).toList();
    QVariantMap entry;
    for (qsizetype i = 0; i < deaths.size(); ++i) {
        const QVariantMap m = deaths.at(i).toMap();
        if (m.value(kQueue).toString() == queue->def.name && m.value(kReason).toString() == reason) {
            entry = m;
            deaths.removeAt(i);
            break;
        }
    }
    const qint64 count = entry.isEmpty() ? 1 : QueueArguments::integer(entry.value(kCount)).value_or(0) + 1;
    entry.insert(kCount, QVariant::fromValue<qint64>(count));
    entry.insert(kReason, reason);
    entry.insert(kQueue, queue->def.name);
    entry.insert(kTime, QDateTime::fromSecsSinceEpoch(now() / 1000, Qt::UTC));
    entry.insert(kExchange, original->exchange);
    entry.insert(kRoutingKeys, routingKeys);
    if (content.properties.expiration) {
        entry.insert(kOriginalExpiration, *content.properties.expiration);
        content.properties.expiration.reset();   // or it would expire again at once
    }
    deaths.prepend(entry);
    headers.insert(kXDeath, deaths);
    if (!headers.contains(kFirstReason)) {
        headers.insert(kFirstReason, reason);
        headers.insert(kFirstQueue, queue->def.name);
        headers.insert(kFirstExchange, original->exchange);
    }
    headers.insert(kLastReason, reason);
    headers.insert(kLastQueue, queue->def.name);
    headers.insert(kLastExchange, original->exchange);
    content.properties.headers = headers;

    const QString routingKey = queue->args.deadLetterRoutingKey.value_or(original->routingKey);
    content.exchange = *dlx;
    content.routingKey = routingKey;

    QList<QString> targets = registry.route(*dlx, routingKey, headers,
                                            [this](const QString &name) { return queues.find(name) != queues.end(); });
    if (targets.isEmpty())
        return;
    // A message that comes back to a queue it already died in, with no
    // rejection anywhere on its way, is in an automatic cycle: drop it there.
    bool rejectedOnTheWay = false;
    QSet<QString> diedIn;
    for (const QVariant &d : std::as_const(deaths)) {
        const QVariantMap m = d.toMap();
        diedIn.insert(m.value(kQueue).toString());
        rejectedOnTheWay = rejectedOnTheWay || m.value(kReason).toString() == kRejected;
    }
    const ContentPtr shared = trackContent(std::move(content));
    ++depth;
    for (const QString &name : std::as_const(targets)) {
        if (!rejectedOnTheWay && diedIn.contains(name))
            continue;
        if (Queue *target = findQueue(name))
            // Its expiration was moved into the death record (no TTL of its
            // own); it keeps the priority it was published with.
            enqueue(target, shared, 0, -1, shared->properties.priority.value_or(0), nullptr);
    }
    --depth;
}

} // namespace depot
