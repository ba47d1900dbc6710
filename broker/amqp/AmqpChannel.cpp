#include "broker/amqp/AmqpChannel.h"

#include "broker/amqp/AmqpConnection.h"
#include "broker/amqp/DirectReplyTo.h"
#include "broker/amqp/codec/ContentHeader.h"
#include "broker/amqp/codec/XDeath.h"
#include "broker/amqp/codec/Frame.h"
#include "broker/amqp/codec/Methods.h"
#include "broker/amqp/codec/Wire.h"

#include <QRandomGenerator>

namespace depot::amqp {

namespace {

constexpr quint16 kBasic = 60;
constexpr quint16 kPublish = 40;

constexpr quint32 key(quint16 classId, quint16 methodId)
{
    return (quint32(classId) << 16) | methodId;
}

// basic.deliver written field by field: it is the hottest frame Depot sends,
// and going through the Method variant would copy every string once more.
void appendDeliverFrame(QByteArray &out, quint16 channel, const QString &consumerTag, quint64 deliveryTag,
                        bool redelivered, const QString &exchange, const QString &routingKey)
{
    const qsizetype start = beginFrame(out, FrameType::Method, channel);
    wire::putU16(out, kBasic);
    wire::putU16(out, BasicDeliver::kMethodId);
    wire::putShortStr(out, consumerTag);
    wire::putU64(out, deliveryTag);
    wire::putU8(out, redelivered ? 1 : 0);
    wire::putShortStr(out, exchange);
    wire::putShortStr(out, routingKey);
    endFrame(out, start);
}

void appendConfirmFrame(QByteArray &out, quint16 channel, quint16 methodId, quint64 tag, quint8 bits)
{
    const qsizetype start = beginFrame(out, FrameType::Method, channel);
    wire::putU16(out, kBasic);
    wire::putU16(out, methodId);
    wire::putU64(out, tag);
    wire::putU8(out, bits);
    endFrame(out, start);
}

QString generatedConsumerTag()
{
    return QStringLiteral("amq.ctag-%1").arg(QRandomGenerator::global()->generate64(), 16, 16, QLatin1Char('0'));
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
    if (classId == kBasic && methodId == kPublish)
        return beginPublish(arguments);
    return dispatch(classId, methodId, arguments);
}

AmqpFault AmqpChannel::handleHeader(QByteArrayView payload)
{
    Decoded<ContentHeader> header = decodeContentHeader(payload);
    if (!header.ok())
        return makeFault(header.error().replyCode, header.error().text, kBasic, kPublish);
    const quint64 size = header.value().bodySize;
    const quint64 max = m_connection.server().options().maxMessageSize;
    m_incoming.properties = std::move(header.value().properties);
    if (size > max) {
        m_content = ContentState::None;
        return makeFault(Reply::PreconditionFailed,
                         QStringLiteral("message size %1 is larger than configured max size %2").arg(size).arg(max),
                         kBasic, kPublish);
    }
    m_incomingSize = size;
    if (size == 0)
        return finishPublish();
    m_content = ContentState::AwaitingBody;
    return {};
}

AmqpFault AmqpChannel::handleBody(QByteArrayView payload)
{
    if (quint64(m_incoming.body.size()) + quint64(payload.size()) > m_incomingSize) {
        m_content = ContentState::None;
        return makeFault(Reply::UnexpectedFrame,
                         QStringLiteral("content body frames on channel %1 exceed the announced body size %2")
                             .arg(m_number)
                             .arg(m_incomingSize),
                         kBasic, kPublish);
    }
    if (m_incoming.body.isEmpty()) {
        if (quint64(payload.size()) == m_incomingSize) {
            m_incoming.body = payload.toByteArray();   // the common single-frame body: one exact allocation
            return finishPublish();
        }
        // Reserve what is announced only up to a bound: a header and one
        // frame alone must not make Depot allocate 128 MiB.
        m_incoming.body.reserve(qsizetype(std::min<quint64>(m_incomingSize, 8 * 1024 * 1024)));
    }
    m_incoming.body.append(payload.data(), payload.size());
    if (quint64(m_incoming.body.size()) == m_incomingSize)
        return finishPublish();
    return {};
}

std::optional<QString> AmqpChannel::cachedShortStr(StringCache &cache, QByteArrayView bytes)
{
    if (QByteArrayView(cache.bytes) == bytes && !(bytes.isEmpty() && cache.string.isNull()))
        return cache.string;
    if (!wire::isStrictUtf8(bytes))
        return std::nullopt;
    cache.bytes = bytes.toByteArray();
    cache.string = wire::utf8ToString(bytes);
    if (cache.string.isNull())
        cache.string = QString(QLatin1StringView(""));
    return cache.string;
}

AmqpFault AmqpChannel::beginPublish(QByteArrayView arguments)
{
    wire::Reader in(arguments);
    in.u16("ticket");
    const QByteArrayView exchange = in.shortStrBytes("exchange");
    const QByteArrayView routingKey = in.shortStrBytes("routing-key");
    const quint8 bits = in.u8("mandatory/immediate bits");
    // Arguments that do not fit the layout: 501, as the codec answers for
    // every other method.
    if (in.failed())
        return makeFault(Reply::FrameError, QStringLiteral("basic.publish: cannot decode the arguments: ") + in.error().text,
                         kBasic, kPublish);
    if (!in.atEnd())
        return makeFault(Reply::FrameError,
                         QStringLiteral("basic.publish: cannot decode the arguments: %1 bytes after the last argument")
                             .arg(in.remaining()),
                         kBasic, kPublish);
    if (bits & ~0x03)
        return makeFault(Reply::SyntaxError, QStringLiteral("basic.publish: undefined bits set"), kBasic, kPublish);
    if (bits & 0x02)
        return makeFault(Reply::NotImplemented, QStringLiteral("immediate=true"), kBasic, kPublish);
    std::optional<QString> ex = cachedShortStr(m_exchangeCache, exchange);
    std::optional<QString> rk = cachedShortStr(m_routingKeyCache, routingKey);
    if (!ex || !rk)
        return makeFault(Reply::SyntaxError, QStringLiteral("basic.publish: a name is not valid UTF-8"), kBasic, kPublish);
    m_incoming = Publish{std::move(*ex), std::move(*rk), bool(bits & 0x01), {}, {}};
    m_incomingSize = 0;
    m_content = ContentState::AwaitingHeader;
    return {};
}

AmqpFault AmqpChannel::finishPublish()
{
    m_content = ContentState::None;
    Publish p = std::move(m_incoming);
    m_incoming = Publish{};
    // A user-id property vouches for the sender, so it must name the user
    // this connection logged in as (RabbitMQ's rule and text).
    if (p.properties.userId && *p.properties.userId != m_connection.user())
        return makeFault(Reply::PreconditionFailed,
                         QStringLiteral("user_id property set to '%1' but authenticated user was '%2'")
                             .arg(*p.properties.userId, m_connection.user()),
                         kBasic, kPublish);
    if (m_txMode) {
        m_txBytes += quint64(p.body.size());
        // A transaction keeps its publishes in memory until commit: bound it
        // like one message.
        if (m_txBytes > m_connection.server().options().maxMessageSize)
            return makeFault(Reply::PreconditionFailed,
                             QStringLiteral("transaction holds more than %1 bytes of messages; commit more often")
                                 .arg(m_connection.server().options().maxMessageSize),
                             kBasic, kPublish);
        m_txPublishes.push_back(std::move(p));
        return {};
    }
    quint64 sequence = 0;
    return publish(std::move(p), &sequence);
}

AmqpFault AmqpChannel::publish(Publish &&p, quint64 *storeSequence)
{
    *storeSequence = 0;
    const quint64 size = quint64(p.body.size());
    DirectReplyTo &replyTo = m_connection.server().directReplyTo();
    if (p.properties.replyTo && DirectReplyTo::isPseudoQueue(*p.properties.replyTo)) {
        if (m_replyAddress.isEmpty())
            return makeFault(Reply::PreconditionFailed, QStringLiteral("fast reply consumer does not exist"), kBasic,
                             kPublish);
        p.properties.replyTo = m_replyAddress;
    }
    if (p.exchange.isEmpty() && DirectReplyTo::isReplyAddress(p.routingKey)) {
        if (AmqpChannel *target = replyTo.find(p.routingKey)) {
            auto content = std::make_shared<MessageContent>();
            content->exchange = p.exchange;
            content->routingKey = p.routingKey;
            content->properties = std::move(p.properties);
            content->body = std::move(p.body);
            target->deliverReply(content);
        } else if (p.mandatory) {
            appendReturn(p);
        }
        if (m_confirmMode)
            queueConfirm(0, false);
        return {};
    }

    // A republished dead letter brings its history as x-death headers: the
    // engine keeps it typed (a return still sends the headers as published).
    MessageProperties properties = p.mandatory ? p.properties : std::move(p.properties);
    DeathHistory deaths = xdeath::takeHistory(properties);
    PublishResult r = p.mandatory
        ? m_engine.publish(p.exchange, p.routingKey, std::move(properties), p.body, true, std::move(deaths))
        : m_engine.publish(p.exchange, p.routingKey, std::move(properties), std::move(p.body), false,
                           std::move(deaths));
    if (r.error)
        return faultFromEngine(r.error, kBasic, kPublish);
    if (!r.routed && p.mandatory)
        appendReturn(p);
    if (m_confirmMode)
        queueConfirm(r.confirmSequence, r.rejected);
    if (r.confirmSequence) {
        m_connection.server().notePendingStore(r.confirmSequence, size);
        *storeSequence = r.confirmSequence;
    }
    // This publish may itself have made the store fall behind or memory
    // cross its mark: then it is the one that blocks this connection.
    m_connection.notePublish();
    return {};
}

void AmqpChannel::appendReturn(const Publish &p)
{
    QByteArray &out = m_connection.out();
    appendMethodFrame(out, m_number,
                      BasicReturn{Reply::NoRoute, QStringLiteral("NO_ROUTE"), p.exchange, p.routingKey});
    MessageContent content{p.exchange, p.routingKey, p.properties, p.body};
    appendContent(out, content, quint64(p.body.size()));
}

void AmqpChannel::queueConfirm(quint64 storeSequence, bool nack)
{
    m_confirms.push_back(PendingConfirm{++m_publishSeq, storeSequence, nack});
    m_connection.addUnconfirmed(1);
}

void AmqpChannel::flushConfirms(quint64 committedSequence)
{
    if (m_shutdown)
        return;
    QByteArray &out = m_connection.out();
    if (!m_confirms.empty()) {
        quint64 runEnd = 0;
        quint64 runLength = 0;
        qint64 popped = 0;
        auto emitRun = [&] {
            if (runLength) {
                // Everything below the run is confirmed already, so one
                // multiple ack covers the whole run.
                appendConfirmFrame(out, m_number, BasicAck::kMethodId, runEnd, runLength > 1 ? 1 : 0);
                runLength = 0;
            }
        };
        while (!m_confirms.empty()) {
            const PendingConfirm &c = m_confirms.front();
            if (c.storeSequence > committedSequence)
                break;
            if (c.nack) {
                emitRun();
                appendConfirmFrame(out, m_number, BasicNack::kMethodId, c.tag, 0);
            } else {
                runEnd = c.tag;
                ++runLength;
            }
            m_confirms.pop_front();
            ++popped;
        }
        emitRun();
        if (popped)
            m_connection.addUnconfirmed(-popped);
    }
    if (m_txCommitWait && m_txCommitWait <= committedSequence) {
        m_txCommitWait = 0;
        appendMethodFrame(out, m_number, TxCommitOk{});
    }
}

// ---- delivery tags ----

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

AmqpFault AmqpChannel::settle(const Settle &s)
{
    const quint16 methodId = s.kind == Settle::Kind::Ack ? BasicAck::kMethodId
        : s.kind == Settle::Kind::Nack                   ? BasicNack::kMethodId
                                                         : BasicReject::kMethodId;
    auto unknown = [&] {
        return makeFault(Reply::PreconditionFailed, QStringLiteral("unknown delivery tag %1").arg(s.tag), kBasic,
                         methodId);
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
        return faultFromEngine(r.error, kBasic, methodId);
    }
    if (s.multiple)
        pruneSegments(engineTag == 0 ? m_segments.empty() ? 0 : m_segments.back().lastEngine : engineTag);
    return {};
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
    if (!d.countsDeliveries) {
        appendContent(out, content, quint64(content.body.size()));
        return;
    }
    // Queues that count deliveries (x-delivery-limit, quorum) tell the
    // consumer how often the message was delivered before, as RabbitMQ's
    // quorum queues do: x-delivery-count 0 on the first delivery, 1 on the
    // first redelivery, and so on. The stored message keeps its headers.
    MessageProperties props = xdeath::renderedProperties(content);
    QVariantMap headers = props.headers.value_or(QVariantMap{});
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

// ---- methods ----

AmqpFault AmqpChannel::commitTransaction()
{
    quint64 maxSequence = 0;
    std::vector<Publish> publishes = std::move(m_txPublishes);
    std::vector<Settle> settles = std::move(m_txSettles);
    m_txPublishes.clear();
    m_txSettles.clear();
    m_txBytes = 0;
    for (Publish &p : publishes) {
        quint64 sequence = 0;
        if (AmqpFault f = publish(std::move(p), &sequence))
            return f;
        maxSequence = std::max(maxSequence, sequence);
    }
    for (const Settle &s : settles) {
        if (AmqpFault f = settle(s))
            return f;
    }
    // Like a confirm, commit-ok promises durability: it waits for the store.
    if (maxSequence > m_connection.server().storePressure().committed())
        m_txCommitWait = maxSequence;
    else
        appendMethodFrame(m_connection.out(), m_number, TxCommitOk{});
    return {};
}

AmqpFault AmqpChannel::dispatch(quint16 classId, quint16 methodId, QByteArrayView arguments)
{
    Decoded<Method> decoded = decodeMethod(classId, methodId, arguments);
    if (!decoded.ok())
        return makeFault(decoded.error().replyCode, decoded.error().text, classId, methodId);
    Method &method = decoded.value();
    QByteArray &out = m_connection.out();
    const ConnectionId conn = m_connection.engineConnection();
    auto engineFault = [&](const Error &e) { return faultFromEngine(e, classId, methodId); };

    switch (key(classId, methodId)) {
    case key(20, 20): {   // channel.flow
        const auto &m = std::get<ChannelFlow>(method);
        // flow-ok first: resuming may deliver at once.
        appendMethodFrame(out, m_number, ChannelFlowOk{m.active});
        m_clientFlow = m.active;
        applyFlow();
        return {};
    }
    case key(20, 21):     // channel.flow-ok: Depot never asks, nothing to do
        return {};

    case key(40, 10): {   // exchange.declare
        const auto &m = std::get<ExchangeDeclare>(method);
        ExchangeDef def;
        def.name = m.exchange;
        def.durable = m.durable;
        def.autoDelete = m.autoDelete;
        def.internal = m.internal;
        def.arguments = m.arguments;
        if (!m.passive) {
            const std::optional<ExchangeType> type = exchangeTypeFromName(m.type);
            if (!type)
                return makeFault(Reply::CommandInvalid, QStringLiteral("unknown exchange type '%1'").arg(m.type),
                                 classId, methodId);
            def.type = *type;
        }
        if (Result<void> r = m_engine.declareExchange(def, m.passive); !r.ok())
            return engineFault(r.error);
        if (!m.noWait)
            appendMethodFrame(out, m_number, ExchangeDeclareOk{});
        return {};
    }
    case key(40, 20): {   // exchange.delete
        const auto &m = std::get<ExchangeDelete>(method);
        // Deleting what is not there succeeds, as in RabbitMQ.
        if (Result<void> r = m_engine.deleteExchange(m.exchange, m.ifUnused);
            !r.ok() && r.error.kind != ErrorKind::NotFound)
            return engineFault(r.error);
        if (!m.noWait)
            appendMethodFrame(out, m_number, ExchangeDeleteOk{});
        return {};
    }
    case key(40, 30):     // exchange.bind
    case key(40, 40): {   // exchange.unbind
        const bool bind = methodId == 30;
        BindingDef b;
        b.destinationKind = DestinationKind::Exchange;
        bool noWait = false;
        if (bind) {
            const auto &m = std::get<ExchangeBind>(method);
            b.destination = m.destination;
            b.source = m.source;
            b.routingKey = m.routingKey;
            b.arguments = m.arguments;
            noWait = m.noWait;
        } else {
            const auto &m = std::get<ExchangeUnbind>(method);
            b.destination = m.destination;
            b.source = m.source;
            b.routingKey = m.routingKey;
            b.arguments = m.arguments;
            noWait = m.noWait;
        }
        const Result<void> r = bind ? m_engine.bind(b) : m_engine.unbind(b);
        if (!r.ok())
            return engineFault(r.error);
        if (!noWait) {
            if (bind)
                appendMethodFrame(out, m_number, ExchangeBindOk{});
            else
                appendMethodFrame(out, m_number, ExchangeUnbindOk{});
        }
        return {};
    }

    case key(50, 10): {   // queue.declare
        const auto &m = std::get<QueueDeclare>(method);
        if (DirectReplyTo::isPseudoQueue(m.queue) || DirectReplyTo::isReplyAddress(m.queue)) {
            // The pseudo-queue always "exists" for clients that check it passively.
            if (!m.noWait)
                appendMethodFrame(out, m_number, QueueDeclareOk{m.queue, 0, 0});
            return {};
        }
        QueueDef def;
        def.name = m.queue;
        def.durable = m.durable;
        def.exclusive = m.exclusive;
        def.autoDelete = m.autoDelete;
        def.arguments = m.arguments;
        def.owner = m.exclusive ? conn : 0;
        const Result<QueueInfo> r = m_engine.declareQueue(def, m.passive, conn);
        if (!r.ok())
            return engineFault(r.error);
        m_lastQueue = r.value.def.name;
        if (!m.noWait)
            appendMethodFrame(out, m_number,
                              QueueDeclareOk{r.value.def.name, quint32(std::min<quint64>(r.value.ready, 0xffffffffu)),
                                             r.value.consumers});
        return {};
    }
    case key(50, 20):     // queue.bind
    case key(50, 50): {   // queue.unbind
        const bool bind = methodId == 20;
        BindingDef b;
        b.destinationKind = DestinationKind::Queue;
        bool noWait = false;
        if (bind) {
            const auto &m = std::get<QueueBind>(method);
            b.destination = m.queue;
            b.source = m.exchange;
            b.routingKey = m.routingKey;
            b.arguments = m.arguments;
            noWait = m.noWait;
        } else {
            const auto &m = std::get<QueueUnbind>(method);
            b.destination = m.queue;
            b.source = m.exchange;
            b.routingKey = m.routingKey;
            b.arguments = m.arguments;
        }
        if (AmqpFault f = resolveQueueName(b.destination, classId, methodId))
            return f;
        const Result<void> r = bind ? m_engine.bind(b) : m_engine.unbind(b);
        if (!r.ok())
            return engineFault(r.error);
        if (!noWait) {
            if (bind)
                appendMethodFrame(out, m_number, QueueBindOk{});
            else
                appendMethodFrame(out, m_number, QueueUnbindOk{});
        }
        return {};
    }
    case key(50, 30): {   // queue.purge
        auto &m = std::get<QueuePurge>(method);
        if (AmqpFault f = resolveQueueName(m.queue, classId, methodId))
            return f;
        const Result<quint64> r = m_engine.purgeQueue(m.queue, conn);
        if (!r.ok())
            return engineFault(r.error);
        if (!m.noWait)
            appendMethodFrame(out, m_number, QueuePurgeOk{quint32(std::min<quint64>(r.value, 0xffffffffu))});
        return {};
    }
    case key(50, 40): {   // queue.delete
        auto &m = std::get<QueueDelete>(method);
        if (AmqpFault f = resolveQueueName(m.queue, classId, methodId))
            return f;
        const Result<quint64> r = m_engine.deleteQueue(m.queue, m.ifUnused, m.ifEmpty, conn);
        if (!r.ok() && r.error.kind != ErrorKind::NotFound)   // idempotent, as in RabbitMQ
            return engineFault(r.error);
        if (!m.noWait)
            appendMethodFrame(out, m_number, QueueDeleteOk{quint32(std::min<quint64>(r.value, 0xffffffffu))});
        return {};
    }

    case key(60, 10): {   // basic.qos
        const auto &m = std::get<BasicQos>(method);
        if (m.prefetchSize != 0)
            return makeFault(Reply::NotImplemented, QStringLiteral("prefetch_size!=0 (%1)").arg(m.prefetchSize), classId,
                             methodId);
        // RabbitMQ's reading: global=false limits each consumer started
        // afterwards, global=true the channel as a whole.
        if (m.global)
            m_engine.setSessionPrefetch(m_session, m.prefetchCount);
        else
            m_engine.setConsumerPrefetch(m_session, m.prefetchCount);
        appendMethodFrame(out, m_number, BasicQosOk{});
        return {};
    }
    case key(60, 20): {   // basic.consume
        auto &m = std::get<BasicConsume>(method);
        QString tag = m.consumerTag.isEmpty() ? generatedConsumerTag() : m.consumerTag;
        if (DirectReplyTo::isPseudoQueue(m.queue)) {
            if (!m.noAck)
                return makeFault(Reply::PreconditionFailed, QStringLiteral("reply consumer cannot acknowledge"), classId,
                                 methodId);
            if (!m_replyAddress.isEmpty())
                return makeFault(Reply::PreconditionFailed, QStringLiteral("reply consumer already set"), classId,
                                 methodId);
            m_replyAddress = m_connection.server().directReplyTo().add(this);
            m_replyConsumerTag = tag;
            if (!m.noWait)
                appendMethodFrame(out, m_number, BasicConsumeOk{tag});
            return {};
        }
        if (AmqpFault f = resolveQueueName(m.queue, classId, methodId))
            return f;
        if (tag == m_replyConsumerTag && !m_replyAddress.isEmpty())
            return makeFault(Reply::NotAllowed, QStringLiteral("attempt to reuse consumer tag '%1'").arg(tag), classId,
                             methodId);
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
            return engineFault(r.error);
        }
        return {};
    }
    case key(60, 30): {   // basic.cancel
        const auto &m = std::get<BasicCancel>(method);
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
            appendMethodFrame(out, m_number, BasicCancelOk{m.consumerTag});
        return {};
    }
    case key(60, 70): {   // basic.get
        auto &m = std::get<BasicGet>(method);
        if (AmqpFault f = resolveQueueName(m.queue, classId, methodId))
            return f;
        const Result<std::optional<Delivery>> r = m_engine.get(m_session, m.queue, m.noAck);
        if (!r.ok())
            return engineFault(r.error);
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
    case key(60, 80): {   // basic.ack
        const auto &m = std::get<BasicAck>(method);
        const Settle s{Settle::Kind::Ack, m.deliveryTag, m.multiple, false};
        if (m_txMode) {
            m_txSettles.push_back(s);
            return {};
        }
        return settle(s);
    }
    case key(60, 90): {   // basic.reject
        const auto &m = std::get<BasicReject>(method);
        const Settle s{Settle::Kind::Reject, m.deliveryTag, false, m.requeue};
        if (m_txMode) {
            m_txSettles.push_back(s);
            return {};
        }
        return settle(s);
    }
    case key(60, 120): {  // basic.nack
        const auto &m = std::get<BasicNack>(method);
        const Settle s{Settle::Kind::Nack, m.deliveryTag, m.multiple, m.requeue};
        if (m_txMode) {
            m_txSettles.push_back(s);
            return {};
        }
        return settle(s);
    }
    case key(60, 100):    // basic.recover-async
    case key(60, 110): {  // basic.recover
        const bool requeue = methodId == 100 ? std::get<BasicRecoverAsync>(method).requeue
                                             : std::get<BasicRecover>(method).requeue;
        if (Result<void> r = m_engine.recoverSession(m_session, requeue); !r.ok())
            return engineFault(r.error);
        if (methodId == 110)
            appendMethodFrame(out, m_number, BasicRecoverOk{});
        return {};
    }

    case key(85, 10): {   // confirm.select
        const auto &m = std::get<ConfirmSelect>(method);
        if (m_txMode)
            return makeFault(Reply::PreconditionFailed, QStringLiteral("cannot switch from tx to confirm mode"), classId,
                             methodId);
        m_confirmMode = true;
        m_engine.setSessionConfirms(m_session, true);
        if (!m.noWait)
            appendMethodFrame(out, m_number, ConfirmSelectOk{});
        return {};
    }
    case key(90, 10):     // tx.select
        if (m_confirmMode)
            return makeFault(Reply::PreconditionFailed, QStringLiteral("cannot switch from confirm to tx mode"), classId,
                             methodId);
        m_txMode = true;
        appendMethodFrame(out, m_number, TxSelectOk{});
        return {};
    case key(90, 20):     // tx.commit
        if (!m_txMode)
            return makeFault(Reply::PreconditionFailed, QStringLiteral("channel is not transactional"), classId, methodId);
        return commitTransaction();
    case key(90, 30):     // tx.rollback
        if (!m_txMode)
            return makeFault(Reply::PreconditionFailed, QStringLiteral("channel is not transactional"), classId, methodId);
        m_txPublishes.clear();
        m_txSettles.clear();
        m_txBytes = 0;
        appendMethodFrame(out, m_number, TxRollbackOk{});
        return {};

    default:
        break;
    }
    if (classId == 10)
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
