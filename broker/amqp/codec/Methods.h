#pragma once

// Every method of the AMQP 0-9-1 classes Depot speaks (connection, channel,
// exchange, queue, basic, confirm, tx, with RabbitMQ's extensions:
// connection.blocked/unblocked/update-secret, exchange.bind/unbind,
// basic.nack, confirm.select) as a plain struct, and the functions that turn
// a method frame's payload into one of them and back.
//
// Each struct lists its arguments once, in wire order, in fields(); the
// encoder and the decoder both walk that list, so they cannot disagree.
// Consecutive bit arguments share an octet, lowest bit first, as the spec
// packs them.
//
// Argument types: octet quint8, short quint16, long quint32, longlong quint64,
// bit bool, shortstr QString (must be UTF-8 on the wire, else 502), longstr
// QByteArray (SASL responses and secrets are bytes), table QVariantMap (see
// FieldTable.h).
//
// The access class (30) is not here: RabbitMQ removed it and no current
// client sends it; it decodes as an unknown class.

#include "broker/amqp/codec/CodecError.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <QVariantMap>

#include <variant>

namespace depot::amqp {

// connection (10)
struct ConnectionStart
{
    static constexpr quint16 kClassId = 10;
    static constexpr quint16 kMethodId = 10;
    quint8 versionMajor = 0;
    quint8 versionMinor = 9;
    QVariantMap serverProperties;
    QByteArray mechanisms;
    QByteArray locales;

    template <typename Self, typename Visitor>
    static void fields(Self &s, Visitor &v)
    {
        v.u8(s.versionMajor);
        v.u8(s.versionMinor);
        v.table(s.serverProperties);
        v.longStr(s.mechanisms);
        v.longStr(s.locales);
    }
    bool operator==(const ConnectionStart &) const = default;
};

struct ConnectionStartOk
{
    static constexpr quint16 kClassId = 10;
    static constexpr quint16 kMethodId = 11;
    QVariantMap clientProperties;
    QString mechanism;
    QByteArray response;
    QString locale;

    template <typename Self, typename Visitor>
    static void fields(Self &s, Visitor &v)
    {
        v.table(s.clientProperties);
        v.shortStr(s.mechanism);
        v.longStr(s.response);
        v.shortStr(s.locale);
    }
    bool operator==(const ConnectionStartOk &) const = default;
};

struct ConnectionSecure
{
    static constexpr quint16 kClassId = 10;
    static constexpr quint16 kMethodId = 20;
    QByteArray challenge;

    template <typename Self, typename Visitor>
    static void fields(Self &s, Visitor &v)
    {
        v.longStr(s.challenge);
    }
    bool operator==(const ConnectionSecure &) const = default;
};

struct ConnectionSecureOk
{
    static constexpr quint16 kClassId = 10;
    static constexpr quint16 kMethodId = 21;
    QByteArray response;

    template <typename Self, typename Visitor>
    static void fields(Self &s, Visitor &v)
    {
        v.longStr(s.response);
    }
    bool operator==(const ConnectionSecureOk &) const = default;
};

struct ConnectionTune
{
    static constexpr quint16 kClassId = 10;
    static constexpr quint16 kMethodId = 30;
    quint16 channelMax = 0;
    quint32 frameMax = 0;
    quint16 heartbeat = 0;

    template <typename Self, typename Visitor>
    static void fields(Self &s, Visitor &v)
    {
        v.u16(s.channelMax);
        v.u32(s.frameMax);
        v.u16(s.heartbeat);
    }
    bool operator==(const ConnectionTune &) const = default;
};

struct ConnectionTuneOk
{
    static constexpr quint16 kClassId = 10;
    static constexpr quint16 kMethodId = 31;
    quint16 channelMax = 0;
    quint32 frameMax = 0;
    quint16 heartbeat = 0;

    template <typename Self, typename Visitor>
    static void fields(Self &s, Visitor &v)
    {
        v.u16(s.channelMax);
        v.u32(s.frameMax);
        v.u16(s.heartbeat);
    }
    bool operator==(const ConnectionTuneOk &) const = default;
};

struct ConnectionOpen
{
    static constexpr quint16 kClassId = 10;
    static constexpr quint16 kMethodId = 40;
    QString virtualHost;
    QString capabilities;
    bool insist = false;

    template <typename Self, typename Visitor>
    static void fields(Self &s, Visitor &v)
    {
        v.shortStr(s.virtualHost);
        v.shortStr(s.capabilities);
        v.bit(s.insist);
    }
    bool operator==(const ConnectionOpen &) const = default;
};

struct ConnectionOpenOk
{
    static constexpr quint16 kClassId = 10;
    static constexpr quint16 kMethodId = 41;
    QString knownHosts;

    template <typename Self, typename Visitor>
    static void fields(Self &s, Visitor &v)
    {
        v.shortStr(s.knownHosts);
    }
    bool operator==(const ConnectionOpenOk &) const = default;
};

struct ConnectionClose
{
    static constexpr quint16 kClassId = 10;
    static constexpr quint16 kMethodId = 50;
    quint16 replyCode = 0;
    QString replyText;
    quint16 classId = 0;
    quint16 methodId = 0;

    template <typename Self, typename Visitor>
    static void fields(Self &s, Visitor &v)
    {
        v.u16(s.replyCode);
        v.shortStr(s.replyText);
        v.u16(s.classId);
        v.u16(s.methodId);
    }
    bool operator==(const ConnectionClose &) const = default;
};

struct ConnectionCloseOk
{
    static constexpr quint16 kClassId = 10;
    static constexpr quint16 kMethodId = 51;

    template <typename Self, typename Visitor>
    static void fields(Self &, Visitor &)
    {
    }
    bool operator==(const ConnectionCloseOk &) const = default;
};

struct ConnectionBlocked
{
    static constexpr quint16 kClassId = 10;
    static constexpr quint16 kMethodId = 60;
    QString reason;

    template <typename Self, typename Visitor>
    static void fields(Self &s, Visitor &v)
    {
        v.shortStr(s.reason);
    }
    bool operator==(const ConnectionBlocked &) const = default;
};

struct ConnectionUnblocked
{
    static constexpr quint16 kClassId = 10;
    static constexpr quint16 kMethodId = 61;

    template <typename Self, typename Visitor>
    static void fields(Self &, Visitor &)
    {
    }
    bool operator==(const ConnectionUnblocked &) const = default;
};

struct ConnectionUpdateSecret
{
    static constexpr quint16 kClassId = 10;
    static constexpr quint16 kMethodId = 70;
    QByteArray newSecret;
    QString reason;

    template <typename Self, typename Visitor>
    static void fields(Self &s, Visitor &v)
    {
        v.longStr(s.newSecret);
        v.shortStr(s.reason);
    }
    bool operator==(const ConnectionUpdateSecret &) const = default;
};

struct ConnectionUpdateSecretOk
{
    static constexpr quint16 kClassId = 10;
    static constexpr quint16 kMethodId = 71;

    template <typename Self, typename Visitor>
    static void fields(Self &, Visitor &)
    {
    }
    bool operator==(const ConnectionUpdateSecretOk &) const = default;
};

// channel (20)
struct ChannelOpen
{
    static constexpr quint16 kClassId = 20;
    static constexpr quint16 kMethodId = 10;
    QString outOfBand;

    template <typename Self, typename Visitor>
    static void fields(Self &s, Visitor &v)
    {
        v.shortStr(s.outOfBand);
    }
    bool operator==(const ChannelOpen &) const = default;
};

struct ChannelOpenOk
{
    static constexpr quint16 kClassId = 20;
    static constexpr quint16 kMethodId = 11;
    QByteArray channelId;

    template <typename Self, typename Visitor>
    static void fields(Self &s, Visitor &v)
    {
        v.longStr(s.channelId);
    }
    bool operator==(const ChannelOpenOk &) const = default;
};

struct ChannelFlow
{
    static constexpr quint16 kClassId = 20;
    static constexpr quint16 kMethodId = 20;
    bool active = false;

    template <typename Self, typename Visitor>
    static void fields(Self &s, Visitor &v)
    {
        v.bit(s.active);
    }
    bool operator==(const ChannelFlow &) const = default;
};

struct ChannelFlowOk
{
    static constexpr quint16 kClassId = 20;
    static constexpr quint16 kMethodId = 21;
    bool active = false;

    template <typename Self, typename Visitor>
    static void fields(Self &s, Visitor &v)
    {
        v.bit(s.active);
    }
    bool operator==(const ChannelFlowOk &) const = default;
};

struct ChannelClose
{
    static constexpr quint16 kClassId = 20;
    static constexpr quint16 kMethodId = 40;
    quint16 replyCode = 0;
    QString replyText;
    quint16 classId = 0;
    quint16 methodId = 0;

    template <typename Self, typename Visitor>
    static void fields(Self &s, Visitor &v)
    {
        v.u16(s.replyCode);
        v.shortStr(s.replyText);
        v.u16(s.classId);
        v.u16(s.methodId);
    }
    bool operator==(const ChannelClose &) const = default;
};

struct ChannelCloseOk
{
    static constexpr quint16 kClassId = 20;
    static constexpr quint16 kMethodId = 41;

    template <typename Self, typename Visitor>
    static void fields(Self &, Visitor &)
    {
    }
    bool operator==(const ChannelCloseOk &) const = default;
};

// exchange (40)
struct ExchangeDeclare
{
    static constexpr quint16 kClassId = 40;
    static constexpr quint16 kMethodId = 10;
    quint16 ticket = 0;
    QString exchange;
    QString type;
    bool passive = false;
    bool durable = false;
    bool autoDelete = false;
    bool internal = false;
    bool noWait = false;
    QVariantMap arguments;

    template <typename Self, typename Visitor>
    static void fields(Self &s, Visitor &v)
    {
        v.u16(s.ticket);
        v.shortStr(s.exchange);
        v.shortStr(s.type);
        v.bit(s.passive);
        v.bit(s.durable);
        v.bit(s.autoDelete);
        v.bit(s.internal);
        v.bit(s.noWait);
        v.table(s.arguments);
    }
    bool operator==(const ExchangeDeclare &) const = default;
};

struct ExchangeDeclareOk
{
    static constexpr quint16 kClassId = 40;
    static constexpr quint16 kMethodId = 11;

    template <typename Self, typename Visitor>
    static void fields(Self &, Visitor &)
    {
    }
    bool operator==(const ExchangeDeclareOk &) const = default;
};

struct ExchangeDelete
{
    static constexpr quint16 kClassId = 40;
    static constexpr quint16 kMethodId = 20;
    quint16 ticket = 0;
    QString exchange;
    bool ifUnused = false;
    bool noWait = false;

    template <typename Self, typename Visitor>
    static void fields(Self &s, Visitor &v)
    {
        v.u16(s.ticket);
        v.shortStr(s.exchange);
        v.bit(s.ifUnused);
        v.bit(s.noWait);
    }
    bool operator==(const ExchangeDelete &) const = default;
};

struct ExchangeDeleteOk
{
    static constexpr quint16 kClassId = 40;
    static constexpr quint16 kMethodId = 21;

    template <typename Self, typename Visitor>
    static void fields(Self &, Visitor &)
    {
    }
    bool operator==(const ExchangeDeleteOk &) const = default;
};

struct ExchangeBind
{
    static constexpr quint16 kClassId = 40;
    static constexpr quint16 kMethodId = 30;
    quint16 ticket = 0;
    QString destination;
    QString source;
    QString routingKey;
    bool noWait = false;
    QVariantMap arguments;

    template <typename Self, typename Visitor>
    static void fields(Self &s, Visitor &v)
    {
        v.u16(s.ticket);
        v.shortStr(s.destination);
        v.shortStr(s.source);
        v.shortStr(s.routingKey);
        v.bit(s.noWait);
        v.table(s.arguments);
    }
    bool operator==(const ExchangeBind &) const = default;
};

struct ExchangeBindOk
{
    static constexpr quint16 kClassId = 40;
    static constexpr quint16 kMethodId = 31;

    template <typename Self, typename Visitor>
    static void fields(Self &, Visitor &)
    {
    }
    bool operator==(const ExchangeBindOk &) const = default;
};

struct ExchangeUnbind
{
    static constexpr quint16 kClassId = 40;
    static constexpr quint16 kMethodId = 40;
    quint16 ticket = 0;
    QString destination;
    QString source;
    QString routingKey;
    bool noWait = false;
    QVariantMap arguments;

    template <typename Self, typename Visitor>
    static void fields(Self &s, Visitor &v)
    {
        v.u16(s.ticket);
        v.shortStr(s.destination);
        v.shortStr(s.source);
        v.shortStr(s.routingKey);
        v.bit(s.noWait);
        v.table(s.arguments);
    }
    bool operator==(const ExchangeUnbind &) const = default;
};

struct ExchangeUnbindOk
{
    static constexpr quint16 kClassId = 40;
    static constexpr quint16 kMethodId = 51;

    template <typename Self, typename Visitor>
    static void fields(Self &, Visitor &)
    {
    }
    bool operator==(const ExchangeUnbindOk &) const = default;
};

// queue (50)
struct QueueDeclare
{
    static constexpr quint16 kClassId = 50;
    static constexpr quint16 kMethodId = 10;
    quint16 ticket = 0;
    QString queue;
    bool passive = false;
    bool durable = false;
    bool exclusive = false;
    bool autoDelete = false;
    bool noWait = false;
    QVariantMap arguments;

    template <typename Self, typename Visitor>
    static void fields(Self &s, Visitor &v)
    {
        v.u16(s.ticket);
        v.shortStr(s.queue);
        v.bit(s.passive);
        v.bit(s.durable);
        v.bit(s.exclusive);
        v.bit(s.autoDelete);
        v.bit(s.noWait);
        v.table(s.arguments);
    }
    bool operator==(const QueueDeclare &) const = default;
};

struct QueueDeclareOk
{
    static constexpr quint16 kClassId = 50;
    static constexpr quint16 kMethodId = 11;
    QString queue;
    quint32 messageCount = 0;
    quint32 consumerCount = 0;

    template <typename Self, typename Visitor>
    static void fields(Self &s, Visitor &v)
    {
        v.shortStr(s.queue);
        v.u32(s.messageCount);
        v.u32(s.consumerCount);
    }
    bool operator==(const QueueDeclareOk &) const = default;
};

struct QueueBind
{
    static constexpr quint16 kClassId = 50;
    static constexpr quint16 kMethodId = 20;
    quint16 ticket = 0;
    QString queue;
    QString exchange;
    QString routingKey;
    bool noWait = false;
    QVariantMap arguments;

    template <typename Self, typename Visitor>
    static void fields(Self &s, Visitor &v)
    {
        v.u16(s.ticket);
        v.shortStr(s.queue);
        v.shortStr(s.exchange);
        v.shortStr(s.routingKey);
        v.bit(s.noWait);
        v.table(s.arguments);
    }
    bool operator==(const QueueBind &) const = default;
};

struct QueueBindOk
{
    static constexpr quint16 kClassId = 50;
    static constexpr quint16 kMethodId = 21;

    template <typename Self, typename Visitor>
    static void fields(Self &, Visitor &)
    {
    }
    bool operator==(const QueueBindOk &) const = default;
};

struct QueuePurge
{
    static constexpr quint16 kClassId = 50;
    static constexpr quint16 kMethodId = 30;
    quint16 ticket = 0;
    QString queue;
    bool noWait = false;

    template <typename Self, typename Visitor>
    static void fields(Self &s, Visitor &v)
    {
        v.u16(s.ticket);
        v.shortStr(s.queue);
        v.bit(s.noWait);
    }
    bool operator==(const QueuePurge &) const = default;
};

struct QueuePurgeOk
{
    static constexpr quint16 kClassId = 50;
    static constexpr quint16 kMethodId = 31;
    quint32 messageCount = 0;

    template <typename Self, typename Visitor>
    static void fields(Self &s, Visitor &v)
    {
        v.u32(s.messageCount);
    }
    bool operator==(const QueuePurgeOk &) const = default;
};

struct QueueDelete
{
    static constexpr quint16 kClassId = 50;
    static constexpr quint16 kMethodId = 40;
    quint16 ticket = 0;
    QString queue;
    bool ifUnused = false;
    bool ifEmpty = false;
    bool noWait = false;

    template <typename Self, typename Visitor>
    static void fields(Self &s, Visitor &v)
    {
        v.u16(s.ticket);
        v.shortStr(s.queue);
        v.bit(s.ifUnused);
        v.bit(s.ifEmpty);
        v.bit(s.noWait);
    }
    bool operator==(const QueueDelete &) const = default;
};

struct QueueDeleteOk
{
    static constexpr quint16 kClassId = 50;
    static constexpr quint16 kMethodId = 41;
    quint32 messageCount = 0;

    template <typename Self, typename Visitor>
    static void fields(Self &s, Visitor &v)
    {
        v.u32(s.messageCount);
    }
    bool operator==(const QueueDeleteOk &) const = default;
};

struct QueueUnbind
{
    static constexpr quint16 kClassId = 50;
    static constexpr quint16 kMethodId = 50;
    quint16 ticket = 0;
    QString queue;
    QString exchange;
    QString routingKey;
    QVariantMap arguments;

    template <typename Self, typename Visitor>
    static void fields(Self &s, Visitor &v)
    {
        v.u16(s.ticket);
        v.shortStr(s.queue);
        v.shortStr(s.exchange);
        v.shortStr(s.routingKey);
        v.table(s.arguments);
    }
    bool operator==(const QueueUnbind &) const = default;
};

struct QueueUnbindOk
{
    static constexpr quint16 kClassId = 50;
    static constexpr quint16 kMethodId = 51;

    template <typename Self, typename Visitor>
    static void fields(Self &, Visitor &)
    {
    }
    bool operator==(const QueueUnbindOk &) const = default;
};

// basic (60)
struct BasicQos
{
    static constexpr quint16 kClassId = 60;
    static constexpr quint16 kMethodId = 10;
    quint32 prefetchSize = 0;
    quint16 prefetchCount = 0;
    bool global = false;

    template <typename Self, typename Visitor>
    static void fields(Self &s, Visitor &v)
    {
        v.u32(s.prefetchSize);
        v.u16(s.prefetchCount);
        v.bit(s.global);
    }
    bool operator==(const BasicQos &) const = default;
};

struct BasicQosOk
{
    static constexpr quint16 kClassId = 60;
    static constexpr quint16 kMethodId = 11;

    template <typename Self, typename Visitor>
    static void fields(Self &, Visitor &)
    {
    }
    bool operator==(const BasicQosOk &) const = default;
};

struct BasicConsume
{
    static constexpr quint16 kClassId = 60;
    static constexpr quint16 kMethodId = 20;
    quint16 ticket = 0;
    QString queue;
    QString consumerTag;
    bool noLocal = false;
    bool noAck = false;
    bool exclusive = false;
    bool noWait = false;
    QVariantMap arguments;

    template <typename Self, typename Visitor>
    static void fields(Self &s, Visitor &v)
    {
        v.u16(s.ticket);
        v.shortStr(s.queue);
        v.shortStr(s.consumerTag);
        v.bit(s.noLocal);
        v.bit(s.noAck);
        v.bit(s.exclusive);
        v.bit(s.noWait);
        v.table(s.arguments);
    }
    bool operator==(const BasicConsume &) const = default;
};

struct BasicConsumeOk
{
    static constexpr quint16 kClassId = 60;
    static constexpr quint16 kMethodId = 21;
    QString consumerTag;

    template <typename Self, typename Visitor>
    static void fields(Self &s, Visitor &v)
    {
        v.shortStr(s.consumerTag);
    }
    bool operator==(const BasicConsumeOk &) const = default;
};

struct BasicCancel
{
    static constexpr quint16 kClassId = 60;
    static constexpr quint16 kMethodId = 30;
    QString consumerTag;
    bool noWait = false;

    template <typename Self, typename Visitor>
    static void fields(Self &s, Visitor &v)
    {
        v.shortStr(s.consumerTag);
        v.bit(s.noWait);
    }
    bool operator==(const BasicCancel &) const = default;
};

struct BasicCancelOk
{
    static constexpr quint16 kClassId = 60;
    static constexpr quint16 kMethodId = 31;
    QString consumerTag;

    template <typename Self, typename Visitor>
    static void fields(Self &s, Visitor &v)
    {
        v.shortStr(s.consumerTag);
    }
    bool operator==(const BasicCancelOk &) const = default;
};

struct BasicPublish
{
    static constexpr quint16 kClassId = 60;
    static constexpr quint16 kMethodId = 40;
    quint16 ticket = 0;
    QString exchange;
    QString routingKey;
    bool mandatory = false;
    bool immediate = false;

    template <typename Self, typename Visitor>
    static void fields(Self &s, Visitor &v)
    {
        v.u16(s.ticket);
        v.shortStr(s.exchange);
        v.shortStr(s.routingKey);
        v.bit(s.mandatory);
        v.bit(s.immediate);
    }
    bool operator==(const BasicPublish &) const = default;
};

struct BasicReturn
{
    static constexpr quint16 kClassId = 60;
    static constexpr quint16 kMethodId = 50;
    quint16 replyCode = 0;
    QString replyText;
    QString exchange;
    QString routingKey;

    template <typename Self, typename Visitor>
    static void fields(Self &s, Visitor &v)
    {
        v.u16(s.replyCode);
        v.shortStr(s.replyText);
        v.shortStr(s.exchange);
        v.shortStr(s.routingKey);
    }
    bool operator==(const BasicReturn &) const = default;
};

struct BasicDeliver
{
    static constexpr quint16 kClassId = 60;
    static constexpr quint16 kMethodId = 60;
    QString consumerTag;
    quint64 deliveryTag = 0;
    bool redelivered = false;
    QString exchange;
    QString routingKey;

    template <typename Self, typename Visitor>
    static void fields(Self &s, Visitor &v)
    {
        v.shortStr(s.consumerTag);
        v.u64(s.deliveryTag);
        v.bit(s.redelivered);
        v.shortStr(s.exchange);
        v.shortStr(s.routingKey);
    }
    bool operator==(const BasicDeliver &) const = default;
};

struct BasicGet
{
    static constexpr quint16 kClassId = 60;
    static constexpr quint16 kMethodId = 70;
    quint16 ticket = 0;
    QString queue;
    bool noAck = false;

    template <typename Self, typename Visitor>
    static void fields(Self &s, Visitor &v)
    {
        v.u16(s.ticket);
        v.shortStr(s.queue);
        v.bit(s.noAck);
    }
    bool operator==(const BasicGet &) const = default;
};

struct BasicGetOk
{
    static constexpr quint16 kClassId = 60;
    static constexpr quint16 kMethodId = 71;
    quint64 deliveryTag = 0;
    bool redelivered = false;
    QString exchange;
    QString routingKey;
    quint32 messageCount = 0;

    template <typename Self, typename Visitor>
    static void fields(Self &s, Visitor &v)
    {
        v.u64(s.deliveryTag);
        v.bit(s.redelivered);
        v.shortStr(s.exchange);
        v.shortStr(s.routingKey);
        v.u32(s.messageCount);
    }
    bool operator==(const BasicGetOk &) const = default;
};

struct BasicGetEmpty
{
    static constexpr quint16 kClassId = 60;
    static constexpr quint16 kMethodId = 72;
    QString clusterId;

    template <typename Self, typename Visitor>
    static void fields(Self &s, Visitor &v)
    {
        v.shortStr(s.clusterId);
    }
    bool operator==(const BasicGetEmpty &) const = default;
};

struct BasicAck
{
    static constexpr quint16 kClassId = 60;
    static constexpr quint16 kMethodId = 80;
    quint64 deliveryTag = 0;
    bool multiple = false;

    template <typename Self, typename Visitor>
    static void fields(Self &s, Visitor &v)
    {
        v.u64(s.deliveryTag);
        v.bit(s.multiple);
    }
    bool operator==(const BasicAck &) const = default;
};

struct BasicReject
{
    static constexpr quint16 kClassId = 60;
    static constexpr quint16 kMethodId = 90;
    quint64 deliveryTag = 0;
    bool requeue = false;

    template <typename Self, typename Visitor>
    static void fields(Self &s, Visitor &v)
    {
        v.u64(s.deliveryTag);
        v.bit(s.requeue);
    }
    bool operator==(const BasicReject &) const = default;
};

struct BasicRecoverAsync
{
    static constexpr quint16 kClassId = 60;
    static constexpr quint16 kMethodId = 100;
    bool requeue = false;

    template <typename Self, typename Visitor>
    static void fields(Self &s, Visitor &v)
    {
        v.bit(s.requeue);
    }
    bool operator==(const BasicRecoverAsync &) const = default;
};

struct BasicRecover
{
    static constexpr quint16 kClassId = 60;
    static constexpr quint16 kMethodId = 110;
    bool requeue = false;

    template <typename Self, typename Visitor>
    static void fields(Self &s, Visitor &v)
    {
        v.bit(s.requeue);
    }
    bool operator==(const BasicRecover &) const = default;
};

struct BasicRecoverOk
{
    static constexpr quint16 kClassId = 60;
    static constexpr quint16 kMethodId = 111;

    template <typename Self, typename Visitor>
    static void fields(Self &, Visitor &)
    {
    }
    bool operator==(const BasicRecoverOk &) const = default;
};

struct BasicNack
{
    static constexpr quint16 kClassId = 60;
    static constexpr quint16 kMethodId = 120;
    quint64 deliveryTag = 0;
    bool multiple = false;
    bool requeue = false;

    template <typename Self, typename Visitor>
    static void fields(Self &s, Visitor &v)
    {
        v.u64(s.deliveryTag);
        v.bit(s.multiple);
        v.bit(s.requeue);
    }
    bool operator==(const BasicNack &) const = default;
};

// confirm (85)
struct ConfirmSelect
{
    static constexpr quint16 kClassId = 85;
    static constexpr quint16 kMethodId = 10;
    bool noWait = false;

    template <typename Self, typename Visitor>
    static void fields(Self &s, Visitor &v)
    {
        v.bit(s.noWait);
    }
    bool operator==(const ConfirmSelect &) const = default;
};

struct ConfirmSelectOk
{
    static constexpr quint16 kClassId = 85;
    static constexpr quint16 kMethodId = 11;

    template <typename Self, typename Visitor>
    static void fields(Self &, Visitor &)
    {
    }
    bool operator==(const ConfirmSelectOk &) const = default;
};

// tx (90)
struct TxSelect
{
    static constexpr quint16 kClassId = 90;
    static constexpr quint16 kMethodId = 10;

    template <typename Self, typename Visitor>
    static void fields(Self &, Visitor &)
    {
    }
    bool operator==(const TxSelect &) const = default;
};

struct TxSelectOk
{
    static constexpr quint16 kClassId = 90;
    static constexpr quint16 kMethodId = 11;

    template <typename Self, typename Visitor>
    static void fields(Self &, Visitor &)
    {
    }
    bool operator==(const TxSelectOk &) const = default;
};

struct TxCommit
{
    static constexpr quint16 kClassId = 90;
    static constexpr quint16 kMethodId = 20;

    template <typename Self, typename Visitor>
    static void fields(Self &, Visitor &)
    {
    }
    bool operator==(const TxCommit &) const = default;
};

struct TxCommitOk
{
    static constexpr quint16 kClassId = 90;
    static constexpr quint16 kMethodId = 21;

    template <typename Self, typename Visitor>
    static void fields(Self &, Visitor &)
    {
    }
    bool operator==(const TxCommitOk &) const = default;
};

struct TxRollback
{
    static constexpr quint16 kClassId = 90;
    static constexpr quint16 kMethodId = 30;

    template <typename Self, typename Visitor>
    static void fields(Self &, Visitor &)
    {
    }
    bool operator==(const TxRollback &) const = default;
};

struct TxRollbackOk
{
    static constexpr quint16 kClassId = 90;
    static constexpr quint16 kMethodId = 31;

    template <typename Self, typename Visitor>
    static void fields(Self &, Visitor &)
    {
    }
    bool operator==(const TxRollbackOk &) const = default;
};

// X(struct, class id, method id, wire name) for every method above, in
// variant order.
#define DEPOT_AMQP_METHODS(X) \
    X(ConnectionStart, 10, 10, "connection.start") \
    X(ConnectionStartOk, 10, 11, "connection.start-ok") \
    X(ConnectionSecure, 10, 20, "connection.secure") \
    X(ConnectionSecureOk, 10, 21, "connection.secure-ok") \
    X(ConnectionTune, 10, 30, "connection.tune") \
    X(ConnectionTuneOk, 10, 31, "connection.tune-ok") \
    X(ConnectionOpen, 10, 40, "connection.open") \
    X(ConnectionOpenOk, 10, 41, "connection.open-ok") \
    X(ConnectionClose, 10, 50, "connection.close") \
    X(ConnectionCloseOk, 10, 51, "connection.close-ok") \
    X(ConnectionBlocked, 10, 60, "connection.blocked") \
    X(ConnectionUnblocked, 10, 61, "connection.unblocked") \
    X(ConnectionUpdateSecret, 10, 70, "connection.update-secret") \
    X(ConnectionUpdateSecretOk, 10, 71, "connection.update-secret-ok") \
    X(ChannelOpen, 20, 10, "channel.open") \
    X(ChannelOpenOk, 20, 11, "channel.open-ok") \
    X(ChannelFlow, 20, 20, "channel.flow") \
    X(ChannelFlowOk, 20, 21, "channel.flow-ok") \
    X(ChannelClose, 20, 40, "channel.close") \
    X(ChannelCloseOk, 20, 41, "channel.close-ok") \
    X(ExchangeDeclare, 40, 10, "exchange.declare") \
    X(ExchangeDeclareOk, 40, 11, "exchange.declare-ok") \
    X(ExchangeDelete, 40, 20, "exchange.delete") \
    X(ExchangeDeleteOk, 40, 21, "exchange.delete-ok") \
    X(ExchangeBind, 40, 30, "exchange.bind") \
    X(ExchangeBindOk, 40, 31, "exchange.bind-ok") \
    X(ExchangeUnbind, 40, 40, "exchange.unbind") \
    X(ExchangeUnbindOk, 40, 51, "exchange.unbind-ok") \
    X(QueueDeclare, 50, 10, "queue.declare") \
    X(QueueDeclareOk, 50, 11, "queue.declare-ok") \
    X(QueueBind, 50, 20, "queue.bind") \
    X(QueueBindOk, 50, 21, "queue.bind-ok") \
    X(QueuePurge, 50, 30, "queue.purge") \
    X(QueuePurgeOk, 50, 31, "queue.purge-ok") \
    X(QueueDelete, 50, 40, "queue.delete") \
    X(QueueDeleteOk, 50, 41, "queue.delete-ok") \
    X(QueueUnbind, 50, 50, "queue.unbind") \
    X(QueueUnbindOk, 50, 51, "queue.unbind-ok") \
    X(BasicQos, 60, 10, "basic.qos") \
    X(BasicQosOk, 60, 11, "basic.qos-ok") \
    X(BasicConsume, 60, 20, "basic.consume") \
    X(BasicConsumeOk, 60, 21, "basic.consume-ok") \
    X(BasicCancel, 60, 30, "basic.cancel") \
    X(BasicCancelOk, 60, 31, "basic.cancel-ok") \
    X(BasicPublish, 60, 40, "basic.publish") \
    X(BasicReturn, 60, 50, "basic.return") \
    X(BasicDeliver, 60, 60, "basic.deliver") \
    X(BasicGet, 60, 70, "basic.get") \
    X(BasicGetOk, 60, 71, "basic.get-ok") \
    X(BasicGetEmpty, 60, 72, "basic.get-empty") \
    X(BasicAck, 60, 80, "basic.ack") \
    X(BasicReject, 60, 90, "basic.reject") \
    X(BasicRecoverAsync, 60, 100, "basic.recover-async") \
    X(BasicRecover, 60, 110, "basic.recover") \
    X(BasicRecoverOk, 60, 111, "basic.recover-ok") \
    X(BasicNack, 60, 120, "basic.nack") \
    X(ConfirmSelect, 85, 10, "confirm.select") \
    X(ConfirmSelectOk, 85, 11, "confirm.select-ok") \
    X(TxSelect, 90, 10, "tx.select") \
    X(TxSelectOk, 90, 11, "tx.select-ok") \
    X(TxCommit, 90, 20, "tx.commit") \
    X(TxCommitOk, 90, 21, "tx.commit-ok") \
    X(TxRollback, 90, 30, "tx.rollback") \
    X(TxRollbackOk, 90, 31, "tx.rollback-ok")

// One alternative per method, in the order of DEPOT_AMQP_METHODS.
using Method = std::variant<
    ConnectionStart,
    ConnectionStartOk,
    ConnectionSecure,
    ConnectionSecureOk,
    ConnectionTune,
    ConnectionTuneOk,
    ConnectionOpen,
    ConnectionOpenOk,
    ConnectionClose,
    ConnectionCloseOk,
    ConnectionBlocked,
    ConnectionUnblocked,
    ConnectionUpdateSecret,
    ConnectionUpdateSecretOk,
    ChannelOpen,
    ChannelOpenOk,
    ChannelFlow,
    ChannelFlowOk,
    ChannelClose,
    ChannelCloseOk,
    ExchangeDeclare,
    ExchangeDeclareOk,
    ExchangeDelete,
    ExchangeDeleteOk,
    ExchangeBind,
    ExchangeBindOk,
    ExchangeUnbind,
    ExchangeUnbindOk,
    QueueDeclare,
    QueueDeclareOk,
    QueueBind,
    QueueBindOk,
    QueuePurge,
    QueuePurgeOk,
    QueueDelete,
    QueueDeleteOk,
    QueueUnbind,
    QueueUnbindOk,
    BasicQos,
    BasicQosOk,
    BasicConsume,
    BasicConsumeOk,
    BasicCancel,
    BasicCancelOk,
    BasicPublish,
    BasicReturn,
    BasicDeliver,
    BasicGet,
    BasicGetOk,
    BasicGetEmpty,
    BasicAck,
    BasicReject,
    BasicRecoverAsync,
    BasicRecover,
    BasicRecoverOk,
    BasicNack,
    ConfirmSelect,
    ConfirmSelectOk,
    TxSelect,
    TxSelectOk,
    TxCommit,
    TxCommitOk,
    TxRollback,
    TxRollbackOk>;

// The "class.method" name for error texts and logs; empty if unknown.
QString methodName(quint16 classId, quint16 methodId);
// Whether the method is followed by a content header and body frames
// (basic.publish, basic.return, basic.deliver, basic.get-ok).
bool methodHasContent(quint16 classId, quint16 methodId);
quint16 methodClassId(const Method &method);
quint16 methodMethodId(const Method &method);
// Whether a frame's class and method id name method M, for code that looks
// at the ids before (or instead of) decoding the arguments.
template <typename M>
constexpr bool isMethod(quint16 classId, quint16 methodId)
{
    return classId == M::kClassId && methodId == M::kMethodId;
}

// Decodes a method's arguments. Unknown class or method: 540 NOT_IMPLEMENTED
// (RabbitMQ drops the connection without a reply there; a close with a reason
// tells the user more). Arguments that do not fit the method's layout
// (truncated anywhere, field tables included, or bytes left after the last
// argument): 501 FRAME_ERROR "cannot decode", as RabbitMQ answers. Invalid
// UTF-8 in a shortstr, an unknown field value type, tables nested too deep, or
// bits set beyond the defined bit arguments: 502.
Decoded<Method> decodeMethod(quint16 classId, quint16 methodId, QByteArrayView arguments);
// The same from a method frame's whole payload (class id, method id, arguments).
Decoded<Method> decodeMethodPayload(QByteArrayView payload);

// Appends class id, method id and arguments.
void appendMethodPayload(QByteArray &out, const Method &method);
QByteArray encodeMethodPayload(const Method &method);
// Appends a complete method frame.
void appendMethodFrame(QByteArray &out, quint16 channel, const Method &method);

} // namespace depot::amqp
