#pragma once

// DirectReplyTo: RabbitMQ's direct reply-to (amq.rabbitmq.reply-to) for RPC.
//
// A channel that consumes from the pseudo-queue "amq.rabbitmq.reply-to" (in
// no-ack mode) gets a token. Its requests published with reply_to
// "amq.rabbitmq.reply-to" carry "amq.rabbitmq.reply-to.<token>" instead, and a
// reply published to the default exchange with that routing key goes straight
// to the consumer, past every queue. It lives in the AMQP layer, not the
// engine: no queue exists, nothing is stored, and when the requesting channel
// is gone the reply is simply unroutable, exactly as in RabbitMQ.

#include <QByteArray>
#include <QHash>
#include <QString>

namespace depot::amqp {

class AmqpChannel;

class DirectReplyTo final
{
public:
    static QString pseudoQueue() { return QStringLiteral("amq.rabbitmq.reply-to"); }
    static bool isPseudoQueue(const QString &name) { return name == pseudoQueue(); }
    // "amq.rabbitmq.reply-to.<token>": the address a reply is published to.
    static bool isReplyAddress(const QString &routingKey);

    // Registers a consuming channel; returns its reply address.
    QString add(AmqpChannel *channel);
    void remove(const QString &address);
    // The consuming channel for a reply address, or null when it is gone.
    AmqpChannel *find(const QString &address) const;

private:
    QHash<QString, AmqpChannel *> m_channels;
};

} // namespace depot::amqp
