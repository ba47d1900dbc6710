#pragma once

// AmqpChannel: one open AMQP channel — an engine session plus what AMQP adds
// on top: assembling a publish from its method, header and body frames,
// publisher confirms, transactions, delivery tags on the wire, basic.return
// and direct reply-to. It receives deliveries from the engine as the
// session's DeliverySink and writes them into its connection's output buffer.

#include "broker/amqp/AmqpFault.h"
#include "broker/engine/Engine.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <deque>
#include <optional>
#include <vector>

namespace depot::amqp {

class AmqpConnection;
struct Frame;
struct ChannelFlow;
struct ChannelFlowOk;
struct ExchangeDeclare;
struct ExchangeDelete;
struct ExchangeBind;
struct ExchangeUnbind;
struct QueueDeclare;
struct QueueBind;
struct QueueUnbind;
struct QueuePurge;
struct QueueDelete;
struct BasicQos;
struct BasicConsume;
struct BasicCancel;
struct BasicGet;
struct BasicAck;
struct BasicReject;
struct BasicNack;
struct BasicRecoverAsync;
struct BasicRecover;
struct ConfirmSelect;
struct TxSelect;
struct TxCommit;
struct TxRollback;

class AmqpChannel final : public DeliverySink
{
public:
    AmqpChannel(AmqpConnection &connection, quint16 number);
    ~AmqpChannel() override;   // calls shutdown()
    AmqpChannel(const AmqpChannel &) = delete;
    AmqpChannel &operator=(const AmqpChannel &) = delete;

    quint16 number() const { return m_number; }
    SessionId session() const { return m_session; }

    // Frames after channel.open (channel.open/close/close-ok are the
    // connection's). A returned fault closes this channel or, for hard
    // errors, the connection.
    AmqpFault handleMethod(quint16 classId, quint16 methodId, QByteArrayView arguments);
    AmqpFault handleHeader(QByteArrayView payload);
    AmqpFault handleBody(QByteArrayView payload);
    // A method or content frame arrived while a publish waits for its header
    // or body: that is the connection's 505.
    bool expectsContent() const { return m_content != ContentState::None; }
    bool expectsHeader() const { return m_content == ContentState::AwaitingHeader; }

    // Closes the engine session (unacked messages return to their queues) and
    // leaves the direct reply-to registry. Idempotent.
    void shutdown();
    // The engine is already gone (server torn down after it): forget the
    // session without calling the engine.
    void abandon();

    // Confirms that can go out now, coalesced (multiple=true over runs).
    void flushConfirms(quint64 committedSequence);
    bool hasPendingConfirms() const { return !m_confirms.empty() || m_txCommitWait != 0; }
    // The peer does not read: stop deliveries until it drains.
    void setCongested(bool congested);

    // A reply published to this channel's direct reply-to address.
    void deliverReply(const ContentPtr &content);

    // DeliverySink
    void deliver(const Delivery &delivery) override;
    void consumerCancelled(const QString &consumerTag) override;

private:
    enum class ContentState { None, AwaitingHeader, AwaitingBody };

    struct Publish
    {
        QString exchange;
        QString routingKey;
        bool mandatory = false;
        MessageProperties properties;
        QByteArray body;
    };
    // A settlement buffered by a transaction.
    struct Settle
    {
        enum class Kind { Ack, Nack, Reject } kind;
        quint64 tag;
        bool multiple;
        bool requeue;
    };
    struct PendingConfirm
    {
        quint64 tag;
        quint64 storeSequence;   // 0: confirm at once
        bool nack;
    };
    // Wire delivery tags count every delivery, engine tags only those that
    // expect an ack; one segment per run where the two differ by a constant.
    struct TagSegment
    {
        quint64 wireStart;
        quint64 offset;      // wire - engine
        quint64 lastEngine;
    };
    // The bytes of a shortstr seen last, with its QString: publishers
    // usually repeat their exchange and routing key, so the hot path neither
    // validates nor converts them again.
    struct StringCache
    {
        QByteArray bytes;
        QString string;
    };

    // Decodes a method's arguments and calls its handler below; a method
    // without one is not for a channel (connection methods) or not one a
    // client sends (basic.deliver, queue.declare-ok ...).
    AmqpFault dispatch(quint16 classId, quint16 methodId, QByteArrayView arguments);
    AmqpFault notAChannelMethod(quint16 classId, quint16 methodId) const;

    // One handler per method a client sends on an open channel.
    // AmqpChannel.cpp: channel.flow, channel.flow-ok.
    AmqpFault on(const ChannelFlow &m);
    AmqpFault on(const ChannelFlowOk &m);
    // AmqpChannelTopology.cpp: exchanges, queues, bindings.
    AmqpFault on(const ExchangeDeclare &m);
    AmqpFault on(const ExchangeDelete &m);
    AmqpFault on(const ExchangeBind &m);
    AmqpFault on(const ExchangeUnbind &m);
    AmqpFault on(const QueueDeclare &m);
    AmqpFault on(QueueBind &m);
    AmqpFault on(QueueUnbind &m);
    AmqpFault on(QueuePurge &m);
    AmqpFault on(QueueDelete &m);
    // AmqpChannelBasic.cpp: consumers, gets, settlements, recovery, prefetch.
    AmqpFault on(const BasicQos &m);
    AmqpFault on(BasicConsume &m);
    AmqpFault on(const BasicCancel &m);
    AmqpFault on(BasicGet &m);
    AmqpFault on(const BasicAck &m);
    AmqpFault on(const BasicReject &m);
    AmqpFault on(const BasicNack &m);
    AmqpFault on(const BasicRecoverAsync &m);
    AmqpFault on(const BasicRecover &m);
    // AmqpChannelPublish.cpp: publishes, confirms, transactions.
    // basic.publish does not come here: beginPublish() reads it in place.
    AmqpFault on(const ConfirmSelect &m);
    AmqpFault on(const TxSelect &m);
    AmqpFault on(const TxCommit &m);
    AmqpFault on(const TxRollback &m);

    AmqpFault bindOrUnbind(const BindingDef &binding, bool bind, quint16 classId, quint16 methodId);
    AmqpFault settleOrBuffer(const Settle &s);
    AmqpFault recover(bool requeue, quint16 classId, quint16 methodId);
    AmqpFault beginPublish(QByteArrayView arguments);
    AmqpFault finishPublish();
    AmqpFault publish(Publish &&p, quint64 *storeSequence);
    AmqpFault settle(const Settle &s);
    AmqpFault commitTransaction();
    AmqpFault resolveQueueName(QString &queue, quint16 classId, quint16 methodId) const;
    std::optional<QString> cachedShortStr(StringCache &cache, QByteArrayView bytes);

    quint64 wireTagFor(quint64 engineTag);
    std::optional<quint64> engineTagFor(quint64 wireTag, bool multiple) const;
    void pruneSegments(quint64 settledEngineTag);

    void appendContent(QByteArray &out, const MessageContent &content, quint64 bodySize,
                       const MessageProperties *override = nullptr);
    // The content of a deliver or get-ok, with x-delivery-count where the
    // queue counts deliveries.
    void appendDeliveryContent(QByteArray &out, const Delivery &d);
    void appendReturn(const Publish &p);
    void queueConfirm(quint64 storeSequence, bool nack);
    void applyFlow();

    AmqpConnection &m_connection;
    Engine &m_engine;
    quint16 m_number;
    SessionId m_session = 0;

    ContentState m_content = ContentState::None;
    Publish m_incoming;
    quint64 m_incomingSize = 0;
    StringCache m_exchangeCache;
    StringCache m_routingKeyCache;

    bool m_confirmMode = false;
    quint64 m_publishSeq = 0;
    std::deque<PendingConfirm> m_confirms;

    bool m_txMode = false;
    std::vector<Publish> m_txPublishes;
    std::vector<Settle> m_txSettles;
    quint64 m_txBytes = 0;
    quint64 m_txCommitWait = 0;   // tx.commit-ok waits for this store sequence

    quint64 m_lastWireTag = 0;
    std::deque<TagSegment> m_segments;

    bool m_clientFlow = true;
    bool m_congested = false;

    QString m_lastQueue;        // for methods that name the queue with ""
    QString m_replyAddress;     // direct reply-to: set while consuming from the pseudo-queue
    QString m_replyConsumerTag;
    bool m_shutdown = false;
};

} // namespace depot::amqp
