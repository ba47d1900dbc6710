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
//    also compare binding arguments starting with "x-" (x-match itself is
//    never compared); arguments starting with "x-" are ignored by all/any; a
//    binding argument without a value (invalid or nullptr QVariant) matches
//    the mere presence of the header; values compare as AMQP values do in
//    RabbitMQ: numbers by value whatever their width or signedness (int 1 ==
//    qint64 1 == double 1.0), strings as strings (QString == QByteArray by
//    UTF-8), everything else by type and value; an empty binding matches
//    every message with all and none with any;
//  - x-delayed-message: routes like its x-delayed-type (the engine holds the
//    message until its x-delay passed first); direct when that is missing.
// Topic keys split like RabbitMQ's: "" is zero words, "a..b" is three words
// (the middle one empty), "." is two empty words.
// Exchange-to-exchange bindings are followed recursively; each exchange is
// visited at most once per message, so cycles terminate. Alternate exchanges
// (the `alternate-exchange` argument) are followed the same way, for an
// exchange whose own bindings matched nothing (a missing one is skipped).

#include "broker/engine/Message.h"

#include <QHash>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>
#include <functional>
#include <memory>
#include <unordered_map>

namespace depot {

class ExchangeRegistry final
{
public:
    ExchangeRegistry();   // creates the default exchange and amq.direct, amq.fanout, amq.topic, amq.headers, amq.match
    ~ExchangeRegistry();
    ExchangeRegistry(const ExchangeRegistry &) = delete;
    ExchangeRegistry &operator=(const ExchangeRegistry &) = delete;

    bool contains(const QString &name) const;
    const ExchangeDef *find(const QString &name) const;
    QList<ExchangeDef> exchanges() const;

    // Adds an exchange (caller checked equivalence with an existing one).
    // Adding a name that exists replaces its definition and keeps its bindings.
    void add(const ExchangeDef &def);
    // The alternate exchange a policy gives it (empty: none), used while the
    // exchange has no alternate-exchange argument of its own. False when
    // there is no such exchange or nothing changed.
    bool setPolicyAlternate(const QString &exchange, const QString &alternate);
    // Removes it and every binding where it is source or destination; returns
    // the removed bindings so the caller can delete them from the store.
    QList<BindingDef> remove(const QString &name);

    // Returns false if an identical binding already exists (nothing changes).
    // Also false, changing nothing, when the source exchange does not exist,
    // or when the binding involves the default exchange (which takes none) or
    // an exchange destination that does not exist: the engine reports those
    // before calling, this is a last line of defence.
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
    // Returns queue names, each once, in a deterministic order. An exchange
    // whose bindings match nothing passes the message to its
    // `alternate-exchange` (when that exists), as RabbitMQ does.
    QList<QString> route(const QString &exchange, const QString &routingKey, const QVariantMap &headers,
                         const std::function<bool(const QString &)> &queueExists) const;
    // The same for a message with several routing keys (AMQP's CC and BCC
    // headers add theirs to the published one): a queue any key reaches gets
    // it once.
    QList<QString> route(const QString &exchange, const QStringList &routingKeys, const QVariantMap &headers,
        const std::function<bool(const QString &)> &queueExists) const;

    // The single matching predicates, public for the data-driven tests.
    static bool topicMatches(const QString &bindingKey, const QString &routingKey);
    static bool headersMatch(const QVariantMap &bindingArguments, const QVariantMap &headers);

private:
    struct Destination; // a queue or exchange a binding leads to
    struct Entry;       // one exchange: definition, bindings, routing index
    struct TopicNode;   // topic exchanges: a trie over the binding keys' words
    struct RouteState;  // one route() call: results, visited exchanges
    struct NameHash
    {
        using is_transparent = void;
        size_t operator()(QStringView s) const noexcept { return qHash(s); }
    };

    QList<QString> routeKeys(const QString &exchange, const QString *keys, qsizetype keyCount,
        const QVariantMap &headers, const std::function<bool(const QString &)> &queueExists) const;
    void indexBinding(Entry &entry, const BindingDef &binding);
    void unindexBinding(Entry &entry, const BindingDef &binding);
    void reindex(Entry &entry);
    void eraseBinding(Entry &entry, quint64 seq, bool dropSourceRef);
    // Removes every binding whose destination has this key; returns them.
    QList<BindingDef> removeBindingsTo(const QString &destinationKey);

    // unique_ptr so that Entry (with its topic trie) can stay out of this
    // header; transparent hashing lets route() look names up without copies.
    std::unordered_map<QString, std::unique_ptr<Entry>, NameHash, std::equal_to<>> m_exchanges;
    // Reverse index: destination key -> source exchange -> number of
    // bindings, so deleting a queue touches only the exchanges bound to it.
    QHash<QString, QHash<QString, int>> m_sources;
    quint64 m_nextSeq = 1;

    // Routes of single-key publishes already worked out, by exchange and
    // routing key: services publish with few distinct keys, and a hit costs
    // one lookup and no allocation (the list is shared). Routes that read
    // headers are not kept; any change to exchanges or bindings clears it
    // (routesChanged), and so does growing past RouteCacheLimit entries.
    struct RouteKey
    {
        QString exchange;
        QString routingKey;
        bool operator==(const RouteKey &) const = default;
        friend size_t qHash(const RouteKey &k, size_t seed = 0) noexcept
        {
            return qHashMulti(seed, k.exchange, k.routingKey);
        }
    };
    static constexpr qsizetype RouteCacheLimit = 4096;
    mutable QHash<RouteKey, QList<QString>> m_routeCache;
    // The default exchange's last route (one queue): the queue may go
    // without any binding changing, so a hit is checked with queueExists.
    mutable QList<QString> m_lastDefaultRoute;
    void routesChanged() { m_routeCache.clear(); }
};

} // namespace depot
