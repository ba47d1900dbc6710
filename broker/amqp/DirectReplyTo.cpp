#include "broker/amqp/DirectReplyTo.h"

#include <QRandomGenerator>

namespace depot::amqp {

bool DirectReplyTo::isReplyAddress(const QString &routingKey)
{
    static const QString prefix = pseudoQueue() + QLatin1Char('.');
    return routingKey.size() > prefix.size() && routingKey.startsWith(prefix);
}

QString DirectReplyTo::add(AmqpChannel *channel)
{
    QString address;
    do {
        // 128 random bits: a reply address cannot be guessed by another
        // client, so only the server that received the request can answer.
        const quint64 a = QRandomGenerator::system()->generate64();
        const quint64 b = QRandomGenerator::system()->generate64();
        address = pseudoQueue() + QLatin1Char('.') + QString::number(a, 16).rightJustified(16, QLatin1Char('0'))
            + QString::number(b, 16).rightJustified(16, QLatin1Char('0'));
    } while (m_channels.contains(address));
    m_channels.insert(address, channel);
    return address;
}

void DirectReplyTo::remove(const QString &address)
{
    m_channels.remove(address);
}

AmqpChannel *DirectReplyTo::find(const QString &address) const
{
    return m_channels.value(address, nullptr);
}

} // namespace depot::amqp
