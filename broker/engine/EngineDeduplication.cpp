#include "broker/engine/EnginePrivate.h"

// EngineDeduplication.cpp: the deduplication window of sqs-fifo queues. A
// publish whose deduplication id was seen in its scope (the queue, or its
// message group) within the window is accepted and not enqueued again. The
// ids seen are kept per queue in memory and, for durable queues, in the
// store's deduplication table, so the window survives a restart.

namespace depot {

using namespace engine_detail;

namespace {

QString keyOf(const QueueArguments &args, const MessageContent &content)
{
    if (!args.deduplicationPerGroup)
        return content.deduplicationId;
    return content.groupKey + QChar(0x1f) + content.deduplicationId;
}

// Forgets what left the window (oldest first: one window for the queue).
void expireSeen(Queue *queue, qint64 nowMs, store::Store *store)
{
    bool expired = false;
    while (!queue->deduplicationOrder.empty() && queue->deduplicationOrder.front().first <= nowMs) {
        const auto &[at, key] = queue->deduplicationOrder.front();
        const auto it = queue->deduplication.find(key);
        if (it != queue->deduplication.end() && it->second.expiresAt == at)
            queue->deduplication.erase(it);
        queue->deduplicationOrder.pop_front();
        expired = true;
    }
    if (expired && store && queue->storeId)
        store->expireDeduplication(queue->storeId, nowMs);
}

} // namespace

bool Engine::Private::isDuplicate(Queue *queue, const MessageContent &content, qint64 nowMs, PublishResult *result)
{
    if (content.deduplicationId.isEmpty() || queue->args.deduplicationWindowMs <= 0)
        return false;
    expireSeen(queue, nowMs, store);
    const auto it = queue->deduplication.find(keyOf(queue->args, content));
    if (it == queue->deduplication.end())
        return false;
    if (result && !result->duplicateOf) {
        result->duplicateOf = PublishResult::Duplicate{it->second.id, it->second.publisherMessageId};
        if (!result->messageId) {
            result->messageId = it->second.id;
            result->sequence = it->second.id;
        }
    }
    return true;
}

void Engine::Private::rememberDeduplication(Queue *queue, const MessageContent &content, MessageId id, qint64 nowMs)
{
    if (content.deduplicationId.isEmpty() || queue->args.deduplicationWindowMs <= 0)
        return;
    QString key = keyOf(queue->args, content);
    const qint64 expiresAt = nowMs + queue->args.deduplicationWindowMs;
    const QString publisherMessageId = content.properties.messageId.value_or(QString());
    if (store && queue->storeId)
        store->putDeduplication(queue->storeId, key, id, publisherMessageId, expiresAt);
    queue->deduplication[key] = Queue::Seen{id, publisherMessageId, expiresAt};
    queue->deduplicationOrder.emplace_back(expiresAt, std::move(key));
}

} // namespace depot
