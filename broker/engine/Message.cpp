#include "broker/engine/Message.h"

namespace depot {

QString exchangeTypeName(ExchangeType type)
{
    switch (type) {
    case ExchangeType::Direct: return QStringLiteral("direct");
    case ExchangeType::Fanout: return QStringLiteral("fanout");
    case ExchangeType::Topic: return QStringLiteral("topic");
    case ExchangeType::Headers: return QStringLiteral("headers");
    case ExchangeType::DelayedMessage: return QStringLiteral("x-delayed-message");
    }
    return QString();
}

std::optional<ExchangeType> exchangeTypeFromName(const QString &name)
{
    for (auto t : {ExchangeType::Direct, ExchangeType::Fanout, ExchangeType::Topic, ExchangeType::Headers,
                   ExchangeType::DelayedMessage}) {
        if (exchangeTypeName(t) == name)
            return t;
    }
    return std::nullopt;
}

void registerValueMetaTypes()
{
    qRegisterMetaType<Decimal>("depot::Decimal");
    qRegisterMetaType<RawString>("depot::RawString");
}

} // namespace depot
