#include "broker/amqp/AmqpChannel.h"

#include "broker/amqp/AmqpConnection.h"
#include "broker/amqp/DirectReplyTo.h"
#include "broker/amqp/codec/ContentHeader.h"
#include "broker/amqp/codec/XDeath.h"
#include "broker/amqp/codec/Frame.h"
#include "broker/amqp/codec/Methods.h"
#include "broker/amqp/codec/Wire.h"

#include <variant>

// The method handlers live by concern in AmqpChannelTopology.cpp,
// AmqpChannelBasic.cpp and AmqpChannelPublish.cpp; this file has the
// channel's life, dispatch, channel.flow and deliveries.

namespace depot::amqp {

namespace {

// basic.deliver written field by field: it is the hottest frame Depot sends,
// and going through the Method variant would copy every string once more.
void appendDeliverFrame(QByteArray &out, quint16 channel, const QString &consumerTag, quint64 deliveryTag,
                        bool redelivered, const QString &exchange, const QString &routingKey)
{
    const qsizetype start = beginFrame(out, FrameType::Method, channel);
    wire::putU16(out, BasicDeliver::kClassId);
    wire::putU16(out, BasicDeliver::kMethodId);
    wire::putShortStr(out, consumerTag);
    wire::putU64(out, deliveryTag);
    wire::putU8(out, redelivered ? 1 : 0);
    wire::putShortStr(out, exchange);
    wire::putShortStr(out, routingKey);
    endFrame(out, start);
}

} // namespace

AmqpChannel::AmqpChannel(AmqpConnection &connection, quint16 number)
    : m_connection(connection), m_engine(connection.engine()), m_number(number)
{
    m_session = m_engine.openSession(connection.engineConnection(), this, number);
}

AmqpChannel::~AmqpChannel()
{
    shutdown();
}

void AmqpChannel::shutdown()
{
    if (m_shutdown)
        return;
    m_shutdown = true;
    if (!m_replyAddress.isEmpty())
        m_connection.server().directReplyTo().remove(m_replyAddress);
    m_replyAddress.clear();
    if (!m_confirms.empty())
        m_connection.addUnconfirmed(-qint64(m_confirms.size()));
    m_confirms.clear();
    m_txPublishes.clear();
    m_txSettles.clear();
    // Last: closing the session requeues unacked messages, which may be
    // dispatched to other channels right away.
    m_engine.closeSession(m_session);
}

void AmqpChannel::abandon()
{
    if (!m_replyAddress.isEmpty())
        m_connection.server().directReplyTo().remove(m_replyAddress);
    m_replyAddress.clear();
    m_shutdown = true;
}

// ---- frames ----

AmqpFault AmqpChannel::handleMethod(quint16 classId, quint16 methodId, QByteArrayView arguments)
{
    // basic.publish, the hottest method, skips the Method variant: its
    // names are read in place and cached (see beginPublish()).
    if (classId == BasicPublish::kClassId && methodId == BasicPublish::kMethodId)
        return beginPublish(arguments);
    return dispatch(classId, methodId, arguments);
}

AmqpFault AmqpChannel::dispatch(quint16 classId, quint16 methodId, QByteArrayView arguments)
{
    Decoded<Method> decoded = decodeMethod(classId, methodId, arguments);
    if (!decoded.ok())
        return makeFault(decoded.error().replyCode, decoded.error().text, classId, methodId);
    // The method names its handler by type; a method no handler takes is
    // answered by notAChannelMethod(). Handlers that fill in an empty queue
    // name take the method by non-const reference, so it is visited as such.
    return std::visit(
        [this](auto &method) -> AmqpFault {
            using M = std::decay_t<decltype(method)>;
            if constexpr (requires { this->on(method); })
                return on(method);
            else
                return notAChannelMethod(M::kClassId, M::kMethodId);
        },
        decoded.value());
}

AmqpFault AmqpChannel::notAChannelMethod(quint16 classId, quint16 methodId) const
{
    if (classId == ConnectionStart::kClassId)
        return makeFault(Reply::CommandInvalid,
                         QStringLiteral("%1 on channel %2: connection methods belong on channel 0")
                             .arg(methodName(classId, methodId))
                             .arg(m_number),
                         classId, methodId);
    // Decodable, but only a server sends it (basic.deliver, queue.declare-ok ...).
    return makeFault(Reply::NotImplemented,
                     QStringLiteral("%1 is not a method a client sends").arg(methodName(classId, methodId)), classId,
                     methodId);
}

// ---- channel ----

AmqpFault AmqpChannel::on(const ChannelFlow &m)
{
    // flow-ok first: resuming may deliver at once.
    appendMethodFrame(m_connection.out(), m_number, ChannelFlowOk{m.active});
    m_clientFlow = m.active;
    applyFlow();
    return {};
}

AmqpFault AmqpChannel::on(const ChannelFlowOk &)
{
    return {};   // Depot never asks a client to stop, so there is nothing to do
}

// ---- deliveries ----

void AmqpChannel::appendContent(QByteArray &out, const MessageContent &content, quint64 bodySize,
                                const MessageProperties *override)
{
    ContentHeader header;
    header.bodySize = bodySize;
    // The dead-letter history goes out as x-death headers.
    header.properties = override ? *override : xdeath::renderedProperties(content);
    appendContentHeaderFrame(out, m_number, header);
    appendBodyFrames(out, m_number, content.body, m_connection.frameMax());
}

void AmqpChannel::deliver(const Delivery &d)
{
    if (m_shutdown)
        return;
    QByteArray &out = m_connection.out();
    const quint64 wire = d.deliveryTag ? wireTagFor(d.deliveryTag) : ++m_lastWireTag;
    const MessageContent &content = *d.content;
    appendDeliverFrame(out, m_number, d.consumerTag, wire, d.redelivered, content.exchange, content.routingKey);
    appendDeliveryContent(out, d);
    m_connection.scheduleFlush();
}

void AmqpChannel::appendDeliveryContent(QByteArray &out, const Delivery &d)
{
    const MessageContent &content = *d.content;
    if (!d.countsDeliveries && d.streamOffset < 0) [[likely]] {
        appendContent(out, content, quint64(content.body.size()));
        return;
    }
    // Queues that count deliveries (x-delivery-limit, quorum) tell the
    // consumer how often the message was delivered before, as RabbitMQ's
    // quorum queues do: x-delivery-count 0 on the first delivery, 1 on the
    // first redelivery, and so on. The stored message keeps its headers.
    MessageProperties props = xdeath::renderedProperties(content);
    QVariantMap headers = props.headers.value_or(QVariantMap{});
    if (d.streamOffset >= 0)
        headers.insert(QStringLiteral("x-stream-offset"), d.streamOffset);   // as RabbitMQ's streams, a long
    else
        headers.insert(QStringLiteral("x-delivery-count"), qint64(d.deliveryCount) - 1);
    props.headers = std::move(headers);
    appendContent(out, content, quint64(content.body.size()), &props);
}

void AmqpChannel::deliverReply(const ContentPtr &content)
{
    if (m_shutdown || m_replyAddress.isEmpty())
        return;
    QByteArray &out = m_connection.out();
    appendDeliverFrame(out, m_number, m_replyConsumerTag, ++m_lastWireTag, false, content->exchange,
                       content->routingKey);
    appendContent(out, *content, quint64(content->body.size()));
    m_connection.scheduleFlush();
}

void AmqpChannel::consumerCancelled(const QString &consumerTag)
{
    if (m_shutdown || !m_connection.clientHas(QStringLiteral("consumer_cancel_notify")))
        return;
    appendMethodFrame(m_connection.out(), m_number, BasicCancel{consumerTag, true});
    m_connection.scheduleFlush();
}

void AmqpChannel::setCongested(bool congested)
{
    if (m_congested == congested)
        return;
    m_congested = congested;
    applyFlow();
}

void AmqpChannel::applyFlow()
{
    if (!m_shutdown)
        m_engine.setFlow(m_session, m_clientFlow && !m_congested);
}

} // namespace depot::amqp
