#include "broker/amqp/AmqpPublishOptions.h"

#include "broker/engine/QueueArguments.h"

namespace depot {

namespace {

const QString kDelay = QStringLiteral("x-delay");
const QString kCc = QStringLiteral("CC");
const QString kBcc = QStringLiteral("BCC");

// Sender-selected distribution: the CC and BCC headers, arrays of strings,
// add their routing keys. As RabbitMQ, entries that are not strings are
// skipped, and a header of another type refuses the message.
bool takeRoutingHeader(const QVariantMap &headers, const QString &name, QStringList *keys, Error *error)
{
    const auto it = headers.constFind(name);
    if (it == headers.constEnd())
        return true;
    if (it->typeId() != QMetaType::QVariantList) {
        *error = Error{ErrorKind::PreconditionFailed,
            QStringLiteral("invalid message: header '%1' must be an array of routing keys, got %2")
                .arg(name, QueueArguments::fieldTypeName(*it))};
        return false;
    }
    for (const QVariant &key : it->toList()) {
        if (key.typeId() == QMetaType::QString)
            keys->append(key.toString());
    }
    return true;
}

// A per-message expiration: a non-negative integer in a decimal string.
std::optional<qint64> parseExpiration(const QString &s)
{
    bool ok = false;
    const qint64 v = s.toLongLong(&ok);
    if (!ok || v < 0)
        return std::nullopt;
    return v;
}

} // namespace

Result<PublishOptions> amqpPublishOptions(
    const Engine &engine, const QString &exchange, const MessageProperties &properties, bool mandatory)
{
    PublishOptions options;
    options.delayMs = 0; // AMQP names no delay but x-delay: never a queue's default
    options.mandatory = mandatory;
    options.priority = properties.priority.value_or(0);
    if (properties.expiration) {
        const auto ttl = parseExpiration(*properties.expiration);
        if (!ttl) {
            if (Error e = engine.publishAddressError(exchange))
                return {{}, e};
            return {{},
                Error{ErrorKind::PreconditionFailed,
                    QStringLiteral("invalid expiration '%1'").arg(*properties.expiration)}};
        }
        options.ttlMs = *ttl;
    }
    // The header lookup first: most messages have no x-delay, and then the
    // exchange is not looked up twice.
    if (properties.headers) {
        if (const auto it = properties.headers->constFind(kDelay); it != properties.headers->constEnd()) {
            if (const auto delay = QueueArguments::integer(*it);
                delay && *delay > 0 && engine.exchangeType(exchange) == ExchangeType::DelayedMessage)
                options.delayMs = *delay;
        }
    }
    if (properties.headers && (properties.headers->contains(kCc) || properties.headers->contains(kBcc))) {
        Error bad;
        if (!takeRoutingHeader(*properties.headers, kCc, &options.extraRoutingKeys, &bad)
            || !takeRoutingHeader(*properties.headers, kBcc, &options.extraRoutingKeys, &bad)) {
            if (Error e = engine.publishAddressError(exchange))
                return {{}, e};
            return {{}, bad};
        }
        if (properties.headers->contains(kBcc))
            options.hiddenHeaders.append(kBcc);
    }
    return {options, {}};
}

} // namespace depot
