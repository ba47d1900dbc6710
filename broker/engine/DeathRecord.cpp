#include "broker/engine/DeathRecord.h"

#include <limits>

namespace depot {

QString deathReasonName(DeathReason reason)
{
    switch (reason) {
    case DeathReason::Rejected:
        return QStringLiteral("rejected");
    case DeathReason::Expired:
        return QStringLiteral("expired");
    case DeathReason::MaxLen:
        return QStringLiteral("maxlen");
    case DeathReason::DeliveryLimit:
        return QStringLiteral("delivery_limit");
    }
    return QString();
}

std::optional<DeathReason> deathReasonFromName(const QString &name)
{
    for (auto r : {DeathReason::Rejected, DeathReason::Expired, DeathReason::MaxLen, DeathReason::DeliveryLimit}) {
        if (deathReasonName(r) == name)
            return r;
    }
    return std::nullopt;
}

QString DeathHistory::originalQueue() const
{
    if (first)
        return first->queue;
    return records.isEmpty() ? QString() : records.constLast().queue;
}

void DeathHistory::record(const QString &queue, DeathReason reason, qint64 timeMs, const QString &exchange,
    const QStringList &routingKeys, const std::optional<QString> &originalExpiration)
{
    DeathRecord entry;
    entry.count = 0;
    for (qsizetype i = 0; i < records.size(); ++i) {
        if (records.at(i).queue == queue && records.at(i).reason == reason) {
            entry = records.takeAt(i);
            break;
        }
    }
    entry.queue = queue;
    entry.reason = reason;
    if (entry.count < std::numeric_limits<qint64>::max())
        ++entry.count;
    entry.timeMs = timeMs;
    entry.exchange = exchange;
    entry.routingKeys = routingKeys;
    if (originalExpiration)
        entry.originalExpiration = originalExpiration;
    records.prepend(std::move(entry));
    if (!first)
        first = FirstDeath{queue, reason, exchange};
    asPublished.clear();
}

} // namespace depot
