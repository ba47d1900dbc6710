#pragma once

// Small builders shared by the routing tests (tst_exchangeregistry,
// tst_routecache).

#include "broker/engine/routing/ExchangeRegistry.h"

#include <QStringList>

namespace depot::test {

inline ExchangeDef exchange(const QString &name, ExchangeType type, const QVariantMap &args = {})
{
    ExchangeDef def;
    def.name = name;
    def.type = type;
    def.arguments = args;
    return def;
}

inline BindingDef toQueue(const QString &source, const QString &queue, const QString &key = {},
    const QVariantMap &args = {})
{
    return BindingDef{source, queue, DestinationKind::Queue, key, args};
}

inline BindingDef toExchange(const QString &source, const QString &dest, const QString &key = {})
{
    return BindingDef{source, dest, DestinationKind::Exchange, key, {}};
}

inline const auto noQueues = [](const QString &) { return false; };

inline QStringList sorted(QList<QString> l)
{
    l.sort();
    return l;
}

} // namespace depot::test
