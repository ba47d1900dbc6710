#pragma once

// Helpers shared by the engine's tests: a sink that records what the engine
// pushes, a fake clock, and short ways to declare and publish.

#include "broker/engine/Engine.h"

#include <QTest>

#include <functional>
#include <memory>

namespace depot::test {

class RecordingSink final : public DeliverySink
{
public:
    void deliver(const Delivery &delivery) override
    {
        deliveries.append(delivery);
        if (onDeliver)
            onDeliver(delivery);
    }
    void consumerCancelled(const QString &consumerTag) override { cancelled.append(consumerTag); }

    QStringList bodies() const
    {
        QStringList out;
        for (const Delivery &d : deliveries)
            out.append(QString::fromUtf8(d.content->body));
        return out;
    }
    quint64 lastTag() const { return deliveries.isEmpty() ? 0 : deliveries.constLast().deliveryTag; }
    void clear() { deliveries.clear(); }

    QList<Delivery> deliveries;
    QStringList cancelled;
    std::function<void(const Delivery &)> onDeliver;
};

// Time stands still until a test moves it.
struct FakeClock
{
    std::shared_ptr<qint64> ms = std::make_shared<qint64>(1'700'000'000'000);
    Engine::Clock clock() const
    {
        auto p = ms;
        return [p] { return *p; };
    }
    void advance(Engine &engine, qint64 by)
    {
        *ms += by;
        engine.processTimers();
    }
};

inline QueueDef queueDef(const QString &name, QVariantMap args = {}, bool durable = false)
{
    QueueDef def;
    def.name = name;
    def.durable = durable;
    def.arguments = std::move(args);
    return def;
}

inline void declare(Engine &engine, const QString &name, QVariantMap args = {}, bool durable = false)
{
    const auto r = engine.declareQueue(queueDef(name, std::move(args), durable), false);
    QVERIFY2(r.ok(), qPrintable(r.error.text));
}

inline PublishResult publishTo(Engine &engine, const QString &queue, const QString &body,
                               MessageProperties props = {}, const QString &exchange = QString(),
                               const PublishOptions &options = {})
{
    return engine.publish(exchange, queue, std::move(props), body.toUtf8(), options);
}

inline PublishOptions withPriorityOption(int priority)
{
    PublishOptions o;
    o.priority = quint8(priority);
    return o;
}

inline PublishOptions withTtl(qint64 ms)
{
    PublishOptions o;
    o.ttlMs = ms;
    return o;
}

inline MessageProperties withExpiration(const QString &ms)
{
    MessageProperties p;
    p.expiration = ms;
    return p;
}

inline MessageProperties withPriority(int priority)
{
    MessageProperties p;
    p.priority = quint8(priority);
    return p;
}

inline MessageProperties persistent()
{
    MessageProperties p;
    p.deliveryMode = 2;
    return p;
}

inline QStringList drain(Engine &engine, SessionId session, const QString &queue)
{
    QStringList out;
    for (;;) {
        const auto r = engine.get(session, queue, true);
        if (!r.ok() || !r.value)
            return out;
        out.append(QString::fromUtf8(r.value->content->body));
    }
}

inline QStringList browseBodies(const Engine &engine, const QString &queue)
{
    QStringList out;
    for (const MessageView &v : engine.browse(queue, 0, 1'000'000))
        out.append(QString::fromUtf8(v.state.content->body));
    return out;
}

inline ConsumeSpec consumeSpec(const QString &queue, quint32 prefetch = 0, bool noAck = false)
{
    ConsumeSpec spec;
    spec.queue = queue;
    spec.prefetch = prefetch;
    spec.noAck = noAck;
    return spec;
}

} // namespace depot::test
