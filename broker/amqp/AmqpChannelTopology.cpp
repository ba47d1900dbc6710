// AmqpChannel, the topology methods: exchanges, queues and the bindings
// between them, declared, deleted and purged through the engine.

#include "broker/amqp/AmqpChannel.h"

#include "broker/amqp/AmqpConnection.h"
#include "broker/amqp/DirectReplyTo.h"
#include "broker/amqp/codec/Methods.h"

namespace depot::amqp {

namespace {

// exchange.bind and exchange.unbind carry the same fields.
template <typename M>
BindingDef exchangeBinding(const M &m)
{
    BindingDef b;
    b.destinationKind = DestinationKind::Exchange;
    b.destination = m.destination;
    b.source = m.source;
    b.routingKey = m.routingKey;
    b.arguments = m.arguments;
    return b;
}

} // namespace

// ---- exchange ----

AmqpFault AmqpChannel::on(const ExchangeDeclare &m)
{
    ExchangeDef def;
    def.name = m.exchange;
    def.durable = m.durable;
    def.autoDelete = m.autoDelete;
    def.internal = m.internal;
    def.arguments = m.arguments;
    if (!m.passive) {
        const std::optional<ExchangeType> type = exchangeTypeFromName(m.type);
        if (!type)
            return methodFault(m, Reply::CommandInvalid, QStringLiteral("unknown exchange type '%1'").arg(m.type));
        def.type = *type;
    }
    if (Result<void> r = m_engine.declareExchange(def, m.passive); !r.ok())
        return engineFault(m, r.error);
    if (!m.noWait)
        appendMethodFrame(m_connection.out(), m_number, ExchangeDeclareOk{});
    return {};
}

AmqpFault AmqpChannel::on(const ExchangeDelete &m)
{
    // Deleting what is not there succeeds, as in RabbitMQ.
    if (Result<void> r = m_engine.deleteExchange(m.exchange, m.ifUnused);
        !r.ok() && r.error.kind != ErrorKind::NotFound)
        return engineFault(m, r.error);
    if (!m.noWait)
        appendMethodFrame(m_connection.out(), m_number, ExchangeDeleteOk{});
    return {};
}

AmqpFault AmqpChannel::on(const ExchangeBind &m)
{
    if (AmqpFault f = bindOrUnbind(exchangeBinding(m), true, m.kClassId, m.kMethodId))
        return f;
    if (!m.noWait)
        appendMethodFrame(m_connection.out(), m_number, ExchangeBindOk{});
    return {};
}

AmqpFault AmqpChannel::on(const ExchangeUnbind &m)
{
    if (AmqpFault f = bindOrUnbind(exchangeBinding(m), false, m.kClassId, m.kMethodId))
        return f;
    if (!m.noWait)
        appendMethodFrame(m_connection.out(), m_number, ExchangeUnbindOk{});
    return {};
}

// ---- queue ----

AmqpFault AmqpChannel::on(const QueueDeclare &m)
{
    QByteArray &out = m_connection.out();
    if (DirectReplyTo::isPseudoQueue(m.queue) || DirectReplyTo::isReplyAddress(m.queue)) {
        // The pseudo-queue always "exists" for clients that check it passively.
        if (!m.noWait)
            appendMethodFrame(out, m_number, QueueDeclareOk{m.queue, 0, 0});
        return {};
    }
    const ConnectionId conn = m_connection.engineConnection();
    QueueDef def;
    def.name = m.queue;
    def.durable = m.durable;
    def.exclusive = m.exclusive;
    def.autoDelete = m.autoDelete;
    def.arguments = m.arguments;
    def.owner = m.exclusive ? conn : 0;
    const Result<QueueInfo> r = m_engine.declareQueue(def, m.passive, conn);
    if (!r.ok())
        return engineFault(m, r.error);
    m_lastQueue = r.value.def.name;
    if (!m.noWait)
        appendMethodFrame(out, m_number,
                          QueueDeclareOk{r.value.def.name, quint32(std::min<quint64>(r.value.ready, 0xffffffffu)),
                                         r.value.consumers});
    return {};
}

AmqpFault AmqpChannel::on(QueueBind &m)
{
    BindingDef b;
    b.destinationKind = DestinationKind::Queue;
    b.destination = m.queue;
    b.source = m.exchange;
    b.routingKey = m.routingKey;
    b.arguments = m.arguments;
    if (AmqpFault f = resolveQueueName(b.destination, m.kClassId, m.kMethodId))
        return f;
    if (AmqpFault f = bindOrUnbind(b, true, m.kClassId, m.kMethodId))
        return f;
    if (!m.noWait)
        appendMethodFrame(m_connection.out(), m_number, QueueBindOk{});
    return {};
}

AmqpFault AmqpChannel::on(QueueUnbind &m)
{
    BindingDef b;
    b.destinationKind = DestinationKind::Queue;
    b.destination = m.queue;
    b.source = m.exchange;
    b.routingKey = m.routingKey;
    b.arguments = m.arguments;
    if (AmqpFault f = resolveQueueName(b.destination, m.kClassId, m.kMethodId))
        return f;
    if (AmqpFault f = bindOrUnbind(b, false, m.kClassId, m.kMethodId))
        return f;
    // queue.unbind has no no-wait bit: unbind-ok always answers.
    appendMethodFrame(m_connection.out(), m_number, QueueUnbindOk{});
    return {};
}

AmqpFault AmqpChannel::on(QueuePurge &m)
{
    if (AmqpFault f = resolveQueueName(m.queue, m.kClassId, m.kMethodId))
        return f;
    const Result<quint64> r = m_engine.purgeQueue(m.queue, m_connection.engineConnection());
    if (!r.ok())
        return engineFault(m, r.error);
    if (!m.noWait)
        appendMethodFrame(m_connection.out(), m_number, QueuePurgeOk{quint32(std::min<quint64>(r.value, 0xffffffffu))});
    return {};
}

AmqpFault AmqpChannel::on(QueueDelete &m)
{
    if (AmqpFault f = resolveQueueName(m.queue, m.kClassId, m.kMethodId))
        return f;
    const Result<quint64> r = m_engine.deleteQueue(m.queue, m.ifUnused, m.ifEmpty, m_connection.engineConnection());
    if (!r.ok() && r.error.kind != ErrorKind::NotFound)   // idempotent, as in RabbitMQ
        return engineFault(m, r.error);
    if (!m.noWait)
        appendMethodFrame(m_connection.out(), m_number, QueueDeleteOk{quint32(std::min<quint64>(r.value, 0xffffffffu))});
    return {};
}

// ---- shared ----

AmqpFault AmqpChannel::bindOrUnbind(const BindingDef &binding, bool bind, quint16 classId, quint16 methodId)
{
    const Result<void> r = bind ? m_engine.bind(binding) : m_engine.unbind(binding);
    if (!r.ok())
        return faultFromEngine(r.error, classId, methodId);
    return {};
}

AmqpFault AmqpChannel::resolveQueueName(QString &queue, quint16 classId, quint16 methodId) const
{
    // AMQP lets a client name "the queue this channel declared last" with
    // an empty name; RabbitMQ supports it, and so does Depot.
    if (!queue.isEmpty())
        return {};
    if (m_lastQueue.isEmpty())
        return makeFault(Reply::NotFound, QStringLiteral("no previously declared queue"), classId, methodId);
    queue = m_lastQueue;
    return {};
}

} // namespace depot::amqp
