// AmqpChannel, the publishing side: basic.publish assembled from its method,
// header and body frames, mandatory returns, direct reply-to, publisher
// confirms and transactions.

#include "broker/amqp/AmqpChannel.h"

#include "broker/amqp/AmqpConnection.h"
#include "broker/amqp/AmqpPublishOptions.h"
#include "broker/amqp/DirectReplyTo.h"
#include "broker/amqp/codec/ContentHeader.h"
#include "broker/amqp/codec/XDeath.h"
#include "broker/amqp/codec/Frame.h"
#include "broker/amqp/codec/Methods.h"
#include "broker/amqp/codec/Wire.h"

namespace depot::amqp {

namespace {

// Faults about a publish name basic.publish, whichever frame revealed them.
constexpr quint16 kBasic = BasicPublish::kClassId;
constexpr quint16 kPublish = BasicPublish::kMethodId;

void appendConfirmFrame(QByteArray &out, quint16 channel, quint16 methodId, quint64 tag, quint8 bits)
{
    const qsizetype start = beginFrame(out, FrameType::Method, channel);
    wire::putU16(out, kBasic);
    wire::putU16(out, methodId);
    wire::putU64(out, tag);
    wire::putU8(out, bits);
    endFrame(out, start);
}

} // namespace

// ---- basic.publish and its content ----

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

    Result<PublishOptions> options = amqpPublishOptions(m_engine, p.exchange, p.properties, p.mandatory);
    if (!options.ok())
        return faultFromEngine(options.error, kBasic, kPublish);
    // A republished dead letter brings its history as x-death headers: the
    // engine keeps it typed (a return still sends the headers as published).
    MessageProperties properties = p.mandatory ? p.properties : std::move(p.properties);
    options.value.deaths = xdeath::takeHistory(properties);
    // Its story names this connection as the publisher.
    const Engine::ActingAs acting = m_engine.actingAsConnection(m_connection.engineConnection());
    PublishResult r = p.mandatory
        ? m_engine.publish(p.exchange, p.routingKey, std::move(properties), p.body, options.value)
        : m_engine.publish(p.exchange, p.routingKey, std::move(properties), std::move(p.body), options.value);
    if (r.error)
        return faultFromEngine(r.error, kBasic, kPublish);
    if (!r.routed && p.mandatory) {
        // RabbitMQ returns the message without its BCC header too (checked
        // with 3.10.8): the publisher gets back what a consumer would see.
        if (p.properties.headers) {
            for (const QString &name : options.value.hiddenHeaders)
                p.properties.headers->remove(name);
        }
        appendReturn(p);
    }
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

// ---- confirm and tx ----

AmqpFault AmqpChannel::on(const ConfirmSelect &m)
{
    if (m_txMode)
        return methodFault(m, Reply::PreconditionFailed, QStringLiteral("cannot switch from tx to confirm mode"));
    m_confirmMode = true;
    m_engine.setSessionConfirms(m_session, true);
    if (!m.noWait)
        appendMethodFrame(m_connection.out(), m_number, ConfirmSelectOk{});
    return {};
}

AmqpFault AmqpChannel::on(const TxSelect &m)
{
    if (m_confirmMode)
        return methodFault(m, Reply::PreconditionFailed, QStringLiteral("cannot switch from confirm to tx mode"));
    m_txMode = true;
    appendMethodFrame(m_connection.out(), m_number, TxSelectOk{});
    return {};
}

AmqpFault AmqpChannel::on(const TxCommit &m)
{
    if (!m_txMode)
        return methodFault(m, Reply::PreconditionFailed, QStringLiteral("channel is not transactional"));
    return commitTransaction();
}

AmqpFault AmqpChannel::on(const TxRollback &m)
{
    if (!m_txMode)
        return methodFault(m, Reply::PreconditionFailed, QStringLiteral("channel is not transactional"));
    m_txPublishes.clear();
    m_txSettles.clear();
    m_txBytes = 0;
    appendMethodFrame(m_connection.out(), m_number, TxRollbackOk{});
    return {};
}

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

} // namespace depot::amqp
