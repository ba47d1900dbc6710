#pragma once

// ExchangeRegistry: every exchange of the vhost with its bindings, and the
// routing of a message (routing key + headers) to a set of queue names,
// following exchange-to-exchange bindings. No queues, no delivery here: the
// engine asks where a message goes and does the rest.
//
// Matching rules follow RabbitMQ:
//  - default exchange (""): routes to the queue named by the routing key when
//    that queue exists (the engine passes a predicate for it);
//  - direct: binding key == routing key;
//  - fanout: every binding;
//  - topic: words separated by '.', '*' matches exactly one word, '#' zero or
//    more words;
//  - headers: x-match all (default) / any, and all-with-x / any-with-x which
//    also compare headers starting with "x-"; a binding argument with an empty
//    value... compared by value; arguments starting with "x-" are ignored by
//    all/any;
//  - x-delayed-message: routes like its x-delayed-type (the engine holds the
//    message until its x-delay passed first).
// Exchange-to-exchange bindings are followed recursively; each exchange is
// visited at most once per message, so cycles terminate.

#include "broker/engine/Message.h"

#include <QHash>
#include <QList>
#include <QSet>
#include <QString>

#include <functional>

namespace depot {

class ExchangeRegistry final
{
public:
    ExchangeRegistry();   // creates the default exchange and amq.direct, amq.fanout, amq.topic, amq.headers, amq.match

    bool contains(const QString &name) const;
    const ExchangeDef *find(const QString &name) const;
    QList<ExchangeDef> exchanges() const;

    // Adds an exchange (caller checked equivalence with an existing one).
    void add(const ExchangeDef &def);
    // Removes it and every binding where it is source or destination; returns
    // the removed bindings so the caller can delete them from the store.
    QList<BindingDef> remove(const QString &name);

    // Returns false if an identical binding already exists (nothing changes).
    bool bind(const BindingDef &binding);
    bool unbind(const BindingDef &binding);
    // Removes every binding whose destination is this queue; returns them.
    QList<BindingDef> removeQueueBindings(const QString &queue);
    QList<BindingDef> bindings() const;                        // all, excluding the default exchange's implicit ones
    QList<BindingDef> bindingsFrom(const QString &exchange) const;
    QList<BindingDef> bindingsTo(const QString &destination, DestinationKind kind) const;
    bool hasBindingsFrom(const QString &exchange) const;       // for if-unused and auto-delete
    bool hasBindingsTo(const QString &exchange) const;

    // Where a message goes. `queueExists` answers for the default exchange.
    // Returns queue names, each once, in a deterministic order.
    QList<QString> route(const QString &exchange, const QString &routingKey, const QVariantMap &headers,
                         const std::function<bool(const QString &)> &queueExists) const;

    // The single matching predicates, public for the data-driven tests.
    static bool topicMatches(const QString &bindingKey, const QString &routingKey);
    static bool headersMatch(const QVariantMap &bindingArguments, const QVariantMap &headers);

private:
    struct Entry
    {
        ExchangeDef def;
        QList<BindingDef> bindings;   // bindings whose source is this exchange
    };
    QHash<QString, Entry> m_exchanges;
};

} // namespace depot
