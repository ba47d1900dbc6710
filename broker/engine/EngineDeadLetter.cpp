#include "broker/engine/EnginePrivate.h"

// EngineDeadLetter.cpp: dead-lettering (rejected, expired, maxlen,
// delivery_limit). The dead letter is a new message published to the queue's
// dead-letter exchange, its typed death history (DeathHistory) updated the way
// RabbitMQ updates x-death; the AMQP adapter renders that history as x-death.

namespace depot {

using namespace engine_detail;

namespace {

const QString kCc = QStringLiteral("CC");

} // namespace

void Engine::Private::deadLetter(Queue *queue, Entry &&e, DeathReason reason)
{
    const auto &dlx = queue->args.deadLetterExchange;
    // SQS moves a message to its dead-letter queue only for its receive
    // count (maxReceiveCount); what expires (retention) or is refused is gone.
    const bool dropped = queue->args.isSqs() && reason != DeathReason::DeliveryLimit;
    HistoryBook::StoryPtr story;
    if (history.enabled() && storyOf(queue->def.name, e)) {
        story = history.find(e.m.id);
        if (reason == DeathReason::Expired)
            history.record(story.get(), historyEvent(HistoryEventKind::Expired, queue->def.name, 0));
    }
    if (dropped || !dlx || !registry.contains(*dlx)) {
        // No dead-letter exchange (or it is gone): the message is dropped.
        if (story && reason != DeathReason::Expired) {
            HistoryEvent ev = historyEvent(HistoryEventKind::Dropped, queue->def.name, 0);
            ev.reason = deathReasonName(reason) + QStringLiteral(", no dead-letter exchange");
            history.record(story.get(), std::move(ev));
        }
        dropEntry(queue, std::move(e));
        return;
    }
    const ContentPtr original = contentOf(e);
    const qint64 enqueuedAt = e.m.enqueuedAt;
    // The story goes on with the dead letter: dropping the source's copy
    // does not end it.
    if (story)
        story->inTransit = true;
    // The source's copy goes now; its dead letters are written in this same
    // event-loop turn, so the store commits both in one transaction.
    dropEntry(queue, std::move(e));
    // Ends the story when no dead letter took it on.
    auto endStory = [&](const QString &why) {
        if (!story || !story->inTransit)
            return;
        HistoryEvent ev = historyEvent(HistoryEventKind::Dropped, queue->def.name, 0);
        ev.reason = why;
        history.record(story.get(), std::move(ev));
        history.goneStory(story, now());
    };
    if (!original) {
        endStory(QStringLiteral("body unreadable"));
        return;
    }
    stats.add(Counter::DeadLettered, queue->def.name);

    MessageContent content = *original;
    content.origin = original->originFrom(queue->def.name, enqueuedAt);
    // A dead letter is not published by the original's publisher: its story
    // is the original's, carried (or, without one, begun anew).
    content.publisher.reset();
    static const QVariantMap noHeaders;
    const QVariantMap &headers = content.properties.headers ? *content.properties.headers : noHeaders;

    QStringList routingKeys{original->routingKey};
    for (const QVariant &cc : headers.value(kCc).toList())
        routingKeys.append(cc.toString());

    // Its own TTL moves into the history, or it would expire again at once;
    // the properties' wire form of it goes with it (consumers of a dead
    // letter see no expiration, as RabbitMQ's). The history keeps it as the
    // decimal text AMQP's original-expiration carries.
    std::optional<QString> originalExpiration;
    if (content.ttlMs)
        originalExpiration = QString::number(*content.ttlMs);
    content.ttlMs.reset();
    content.properties.expiration.reset();
    content.deaths.record(queue->def.name, reason, now(),
                          original->exchange, routingKeys, originalExpiration);

    const QString routingKey = queue->args.deadLetterRoutingKey.value_or(original->routingKey);
    content.exchange = *dlx;
    content.routingKey = routingKey;
    // As RabbitMQ: without x-dead-letter-routing-key the dead letter is
    // routed by every key it was published with (CC's too); with one, by that
    // key alone, and its CC header goes.
    if (queue->args.deadLetterRoutingKey) {
        routingKeys = QStringList{routingKey};
        if (content.properties.headers)
            content.properties.headers->remove(kCc);
    }

    // Routed on the message's own headers: the history is not among them (as
    // in RabbitMQ 3.13 and later, where deaths are annotations rendered as
    // x-death only when a client receives the message).
    const auto queueExists = [this](const QString &name) { return queues.find(name) != queues.end(); };
    QList<QString> targets = registry.route(*dlx, routingKeys, headers, queueExists);
    if (targets.isEmpty()) {
        endStory(deathReasonName(reason) + QStringLiteral(", dead-letter exchange '%1' routes it nowhere").arg(*dlx));
        return;
    }
    // A message that comes back to a queue it already died in, with no
    // rejection anywhere on its way, is in an automatic cycle: drop it there.
    bool rejectedOnTheWay = false;
    QSet<QString> diedIn;
    for (const DeathRecord &d : std::as_const(content.deaths.records)) {
        diedIn.insert(d.queue);
        rejectedOnTheWay = rejectedOnTheWay || d.reason == DeathReason::Rejected;
    }
    const ContentPtr shared = trackContent(std::move(content));
    // The dead letter continues the story (noteEnqueued): saved and restored
    // around the enqueues, which may dead-letter others (drop-head).
    auto savedCarry = std::exchange(historyCarry, story);
    const QString *savedRoutedTo = std::exchange(historyRoutedTo, nullptr);
    const bool savedCarryUsed = std::exchange(historyCarryUsed, false);
    if (story) {
        HistoryEvent ev = historyEvent(HistoryEventKind::DeadLettered, queue->def.name, 0);
        ev.detail = QStringList(targets).join(QStringLiteral(", "));
        ev.reason = deathReasonName(reason);
        history.record(story.get(), std::move(ev));
    }
    ++depth;
    for (const QString &name : std::as_const(targets)) {
        if (!rejectedOnTheWay && diedIn.contains(name))
            continue;
        if (Queue *target = findQueue(name))
            // Its TTL was moved into the death record (no TTL of its own);
            // it keeps the priority it was published with.
            enqueue(target, shared, 0, nullptr);
    }
    --depth;
    historyCarry = std::move(savedCarry);
    historyCarryUsed = savedCarryUsed;
    historyRoutedTo = savedRoutedTo;
    endStory(QStringLiteral("dead-lettered in a cycle, or refused by every dead-letter queue"));
}

} // namespace depot
