// Stream queues (x-queue-type stream): routed to like any queue, kept in a
// StreamLog, read by consumers from an offset without being consumed. A
// stream consumer's deliveries take delivery tags of its session like any
// other (StreamLease in the session's list), and settling them, whichever
// way, only gives the consumer its credit back, as RabbitMQ's streams do.

#include "broker/engine/EnginePrivate.h"
#include "broker/engine/StreamLog.h"

#include <QLoggingCategory>

namespace depot {

Q_LOGGING_CATEGORY(lcStreams, "depot.streams")

using namespace engine_detail;

namespace {

const QString kOffsetArg = QStringLiteral("x-stream-offset");
// Records one read of the log asks for at most.
constexpr int ReadBatch = 256;

StreamSettings settingsOf(const QueueArguments &args)
{
    return StreamSettings{args.maxAgeMs, args.maxLengthBytes, args.maxSegmentSizeBytes};
}

QString queueRef(const QString &name)
{
    return QStringLiteral("queue '%1' in vhost '/'").arg(name);
}

} // namespace

void Engine::setStreamLog(StreamLog *log)
{
    if (d->streams)
        d->streams->onReadable = nullptr;
    d->streams = log;
    if (!log)
        return;
    log->onReadable = [this](const QString &name) {
        Queue *queue = d->findQueue(name);
        if (!queue || !queue->args.isStream())
            return;
        ++d->depth;
        d->dispatchStream(queue);
        --d->depth;
        d->flushGraveyard();
    };
    // Streams recovered from the store find their logs again.
    for (const auto &[name, queue] : d->queues) {
        if (!queue->args.isStream())
            continue;
        if (const Error e = d->openStream(name, queue->args))
            qCWarning(lcStreams).noquote() << QStringLiteral("stream '%1': %2").arg(name, e.text);
    }
}

Error Engine::Private::openStream(const QString &name, const QueueArguments &args)
{
    return streams->open(name, settingsOf(args));
}

void Engine::Private::appendToStream(Queue *queue, const ContentPtr &content, PublishResult *result)
{
    if (!streams)
        return;   // set before any stream is declared; recovered ones wait for it
    if (const Error e = streams->append(queue->def.name, *content, now())) {
        qCWarning(lcStreams).noquote() << QStringLiteral("stream '%1': %2").arg(queue->def.name, e.text);
        if (result)
            result->rejected = true;   // the publisher gets a nack
        return;
    }
    // Confirmed once the log's write is committed.
    if (result && store)
        result->confirmSequence = std::max(result->confirmSequence, store->pendingSequence());
    stats.add(Counter::Published, queue->def.name);
}

Error Engine::Private::setUpStreamConsumer(Queue *queue, Session *s, Consumer *c, const ConsumeSpec &spec)
{
    // RabbitMQ's refusals (rabbit_stream_queue:consume), in its order.
    const QString name = queue->def.name;
    if (c->prefetch == 0)
        return err(ErrorKind::PreconditionFailed,
                   QStringLiteral("consumer prefetch count is not set for stream %1").arg(queueRef(name)));
    if (c->noAck)
        return err(ErrorKind::NotImplemented,
                   QStringLiteral("automatic acknowledgement not supported by stream %1").arg(queueRef(name)));
    if (s->prefetch > 0)
        return err(ErrorKind::NotImplemented, QStringLiteral("%1 does not support global qos").arg(queueRef(name)));
    if (!streams)
        return err(ErrorKind::Internal, QStringLiteral("stream %1 has no log").arg(queueRef(name)));
    const StreamState state = streams->state(name);
    qint64 start = state.nextOffset;   // RabbitMQ's default: next
    if (const auto it = spec.arguments.constFind(kOffsetArg); it != spec.arguments.constEnd()) {
        const QVariant &v = *it;
        bool ok = true;
        if (v.typeId() == QMetaType::QDateTime) {
            start = streams->offsetAt(name, v.toDateTime().toMSecsSinceEpoch());
        } else if (v.typeId() == QMetaType::QString || v.typeId() == QMetaType::QByteArray) {
            const QString text = v.toString();
            if (text == QLatin1String("first"))
                start = state.firstOffset;
            else if (text == QLatin1String("last"))
                start = state.nextOffset > state.firstOffset ? state.nextOffset - 1 : state.nextOffset;
            else if (text == QLatin1String("next"))
                start = state.nextOffset;
            else if (const auto ms = QueueArguments::parseMaxAge(text))
                start = streams->offsetAt(name, now() - *ms);
            else
                ok = false;
        } else if (const auto n = QueueArguments::integer(v); n && *n >= 0) {
            // Before the first kept: from the first; past the end: the next.
            start = std::clamp(*n, state.firstOffset, state.nextOffset);
        } else {
            ok = false;
        }
        if (!ok)
            return err(ErrorKind::InvalidArgument,
                       QStringLiteral("invalid arg '%1' for consumer on queue '%2': expected first, last, next, an "
                                      "offset, a timestamp or an interval such as 30m or 7D, got '%3' of type '%4'")
                           .arg(kOffsetArg, name, v.toString(), QueueArguments::fieldTypeName(v)));
    }
    c->stream = true;
    c->streamNext = start;
    return {};
}

void Engine::Private::dispatchStream(Queue *queue)
{
    if (queue->dispatching) {
        queue->dispatchAgain = true;
        return;
    }
    if (!streams || queue->consumers.empty() || queue->paused)
        return;
    queue->dispatching = true;
    ++depth;
    const QString name = queue->def.name;
    // Serves one consumer what its credit allows; false when the consumers
    // changed meanwhile (a sink cancelled one), so the caller starts over.
    auto serve = [&](Consumer *c) {
        const quint64 epoch = consumerEpoch;
        Session *s = c->session;
        while (!queue->deleted && s->flow && c->unacked < c->prefetch) {
            const int want = int(std::min<quint32>(c->prefetch - c->unacked, ReadBatch));
            const Result<QList<StreamRecord>> got = streams->read(name, c->streamNext, want);
            if (!got.ok()) {
                // Tried again at the next append or settlement.
                qCWarning(lcStreams).noquote() << QStringLiteral("stream '%1': %2").arg(name, got.error.text);
                return true;
            }
            if (got.value.isEmpty())
                return true;
            for (const StreamRecord &r : got.value) {
                c->streamNext = r.offset + 1;
                Delivery dl;
                dl.session = s->id;
                dl.consumerTag = c->tag;
                dl.queue = name;
                dl.deliveryCount = 1;
                dl.streamOffset = r.offset;
                dl.content = r.content;
                dl.deliveryTag = s->nextTag();
                s->leases.push_back(StreamLease);
                s->streamTags.emplace(dl.deliveryTag, c->tag);
                ++c->unacked;
                stats.add(Counter::Delivered, name);
                if (s->sink)
                    s->sink->deliver(dl);
                if (consumerEpoch != epoch || queue->deleted)
                    return false;
            }
        }
        return true;
    };
    do {
        queue->dispatchAgain = false;
        const std::vector<Consumer *> consumers = queue->consumers;
        for (Consumer *c : consumers) {
            if (!serve(c)) {
                queue->dispatchAgain = true;
                break;
            }
        }
    } while (queue->dispatchAgain && !queue->deleted);
    queue->dispatching = false;
    --depth;
}

void Engine::Private::settleStreamTag(Session *s, quint64 tag, std::vector<quint64> *touched)
{
    const auto it = s->streamTags.find(tag);
    if (it == s->streamTags.end())
        return;
    const auto cit = s->consumers.find(it->second);
    s->streamTags.erase(it);
    // Its consumer may be gone (cancelled): then nobody waits for the credit.
    if (cit == s->consumers.end() || !cit->second->stream)
        return;
    Consumer *c = cit->second.get();
    if (c->unacked > 0)
        --c->unacked;
    touched->push_back(c->queue->serial);
}

} // namespace depot
