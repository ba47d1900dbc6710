// AmqpChannel, the consuming side of the basic class: prefetch, consumers,
// basic.get, acks, nacks and rejects (mapped from wire delivery tags to the
// engine's), and recovery.

#include "broker/amqp/AmqpChannel.h"

#include "broker/amqp/AmqpConnection.h"
#include "broker/amqp/DirectReplyTo.h"
#include "broker/amqp/codec/Methods.h"

#include <QRandomGenerator>

namespace depot::amqp {

namespace {

QString generatedConsumerTag()
{
    return QStringLiteral("amq.ctag-%1").arg(QRandomGenerator::global()->generate64(), 16, 16, QLatin1Char('0'));
}

} // namespace

AmqpFault AmqpChannel::on(const BasicQos &m)
{
    if (m.prefetchSize != 0)
        return methodFault(m, Reply::NotImplemented, QStringLiteral("prefetch_size!=0 (%1)").arg(m.prefetchSize));
    // RabbitMQ's reading: global=false limits each consumer started
    // afterwards, global=true the channel as a whole.
    if (m.global)
        m_engine.setSessionPrefetch(m_session, m.prefetchCount);
    else
        m_engine.setConsumerPrefetch(m_session, m.prefetchCount);
    appendMethodFrame(m_connection.out(), m_number, BasicQosOk{});
    return {};
}

AmqpFault AmqpChannel::on(BasicConsume &m)
{
    QByteArray &out = m_connection.out();
    QString tag = m.consumerTag.isEmpty() ? generatedConsumerTag() : m.consumerTag;
    if (DirectReplyTo::isPseudoQueue(m.queue)) {
        if (!m.noAck)
            return methodFault(m, Reply::PreconditionFailed, QStringLiteral("reply consumer cannot acknowledge"));
        if (!m_replyAddress.isEmpty())
            return methodFault(m, Reply::PreconditionFailed, QStringLiteral("reply consumer already set"));
        m_replyAddress = m_connection.server().directReplyTo().add(this);
        m_replyConsumerTag = tag;
        if (!m.noWait)
            appendMethodFrame(out, m_number, BasicConsumeOk{tag});
        return {};
    }
    if (AmqpFault f = resolveQueueName(m.queue, m.kClassId, m.kMethodId))
        return f;
    if (tag == m_replyConsumerTag && !m_replyAddress.isEmpty())
        return methodFault(m, Reply::NotAllowed, QStringLiteral("attempt to reuse consumer tag '%1'").arg(tag));
    // consume-ok must precede the deliveries the engine makes during
    // consume(): write it first and take it back if consume() fails.
    const qsizetype mark = out.size();
    if (!m.noWait)
        appendMethodFrame(out, m_number, BasicConsumeOk{tag});
    ConsumeSpec spec;
    spec.queue = m.queue;
    spec.consumerTag = tag;
    spec.noAck = m.noAck;
    spec.exclusive = m.exclusive;
    spec.arguments = m.arguments;
    const Result<QString> r = m_engine.consume(m_session, spec);
    if (!r.ok()) {
        out.truncate(mark);
        return engineFault(m, r.error);
    }
    return {};
}

AmqpFault AmqpChannel::on(const BasicCancel &m)
{
    if (!m_replyAddress.isEmpty() && m.consumerTag == m_replyConsumerTag) {
        m_connection.server().directReplyTo().remove(m_replyAddress);
        m_replyAddress.clear();
        m_replyConsumerTag.clear();
    } else {
        // An unknown tag is not an error in AMQP: the consumer may have
        // been cancelled by Depot a moment ago.
        m_engine.cancel(m_session, m.consumerTag);
    }
    if (!m.noWait)
        appendMethodFrame(m_connection.out(), m_number, BasicCancelOk{m.consumerTag});
    return {};
}

AmqpFault AmqpChannel::on(BasicGet &m)
{
    QByteArray &out = m_connection.out();
    if (AmqpFault f = resolveQueueName(m.queue, m.kClassId, m.kMethodId))
        return f;
    const Result<std::optional<Delivery>> r = m_engine.get(m_session, m.queue, m.noAck);
    if (!r.ok())
        return engineFault(m, r.error);
    if (!r.value) {
        appendMethodFrame(out, m_number, BasicGetEmpty{});
        return {};
    }
    const Delivery &d = *r.value;
    const quint64 wire = d.deliveryTag ? wireTagFor(d.deliveryTag) : ++m_lastWireTag;
    appendMethodFrame(out, m_number,
                      BasicGetOk{wire, d.redelivered, d.content->exchange, d.content->routingKey, d.messageCount});
    appendDeliveryContent(out, d);
    return {};
}

AmqpFault AmqpChannel::on(const BasicAck &m)
{
    return settleOrBuffer(Settle{Settle::Kind::Ack, m.deliveryTag, m.multiple, false});
}

AmqpFault AmqpChannel::on(const BasicReject &m)
{
    return settleOrBuffer(Settle{Settle::Kind::Reject, m.deliveryTag, false, m.requeue});
}

AmqpFault AmqpChannel::on(const BasicNack &m)
{
    return settleOrBuffer(Settle{Settle::Kind::Nack, m.deliveryTag, m.multiple, m.requeue});
}

AmqpFault AmqpChannel::settleOrBuffer(const Settle &s)
{
    // In a transaction a settlement waits for tx.commit.
    if (m_txMode) {
        m_txSettles.push_back(s);
        return {};
    }
    return settle(s);
}

AmqpFault AmqpChannel::on(const BasicRecoverAsync &m)
{
    return recover(m.requeue, m.kClassId, m.kMethodId);
}

AmqpFault AmqpChannel::on(const BasicRecover &m)
{
    if (AmqpFault f = recover(m.requeue, m.kClassId, m.kMethodId))
        return f;
    appendMethodFrame(m_connection.out(), m_number, BasicRecoverOk{});
    return {};
}

AmqpFault AmqpChannel::recover(bool requeue, quint16 classId, quint16 methodId)
{
    if (Result<void> r = m_engine.recoverSession(m_session, requeue); !r.ok())
        return faultFromEngine(r.error, classId, methodId);
    return {};
}

// ---- settlements and delivery tags ----

AmqpFault AmqpChannel::settle(const Settle &s)
{
    const quint16 methodId = s.kind == Settle::Kind::Ack ? BasicAck::kMethodId
        : s.kind == Settle::Kind::Nack                   ? BasicNack::kMethodId
                                                         : BasicReject::kMethodId;
    auto unknown = [&] {
        return makeFault(Reply::PreconditionFailed, QStringLiteral("unknown delivery tag %1").arg(s.tag),
                         BasicAck::kClassId, methodId);
    };
    quint64 engineTag = 0;
    if (!(s.multiple && s.tag == 0)) {
        const std::optional<quint64> mapped = engineTagFor(s.tag, s.multiple);
        if (!mapped)
            return unknown();
        engineTag = *mapped;
    }
    Result<void> r;
    switch (s.kind) {
    case Settle::Kind::Ack: r = m_engine.ack(m_session, engineTag, s.multiple); break;
    case Settle::Kind::Nack: r = m_engine.nack(m_session, engineTag, s.multiple, s.requeue); break;
    case Settle::Kind::Reject: r = m_engine.reject(m_session, engineTag, s.requeue); break;
    }
    if (!r.ok()) {
        if (r.error.kind == ErrorKind::PreconditionFailed)
            return unknown();
        return faultFromEngine(r.error, BasicAck::kClassId, methodId);
    }
    if (s.multiple)
        pruneSegments(engineTag == 0 ? m_segments.empty() ? 0 : m_segments.back().lastEngine : engineTag);
    return {};
}

quint64 AmqpChannel::wireTagFor(quint64 engineTag)
{
    const quint64 wire = ++m_lastWireTag;
    const quint64 offset = wire - engineTag;
    if (m_segments.empty() || m_segments.back().offset != offset)
        m_segments.push_back(TagSegment{wire, offset, engineTag});
    else
        m_segments.back().lastEngine = engineTag;
    return wire;
}

std::optional<quint64> AmqpChannel::engineTagFor(quint64 wireTag, bool multiple) const
{
    for (auto it = m_segments.rbegin(); it != m_segments.rend(); ++it) {
        if (it->wireStart > wireTag)
            continue;
        quint64 engineTag = wireTag - it->offset;
        if (engineTag > it->lastEngine) {
            // A tag of a no-ack delivery (or one never sent): for multiple,
            // everything below it; alone, it names nothing to settle.
            if (!multiple)
                return std::nullopt;
            engineTag = it->lastEngine;
        }
        return engineTag;
    }
    return std::nullopt;
}

void AmqpChannel::pruneSegments(quint64 settledEngineTag)
{
    while (m_segments.size() > 1 && m_segments.front().lastEngine <= settledEngineTag)
        m_segments.pop_front();
}

} // namespace depot::amqp
