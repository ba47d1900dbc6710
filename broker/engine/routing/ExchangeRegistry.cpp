#include "broker/engine/routing/ExchangeRegistry.h"

#include <QMetaType>
#include <QVarLengthArray>

#include <algorithm>
#include <map>

namespace depot {

namespace {

using Words = QVarLengthArray<QStringView, 16>;

// Splits a topic key into words without copying them. As in RabbitMQ, the
// empty key has zero words, while "a." and "." keep their empty words.
void splitWords(QStringView key, Words &out)
{
    out.clear();
    if (key.isEmpty())
        return;
    qsizetype start = 0;
    for (qsizetype i = 0; i < key.size(); ++i) {
        if (key.at(i) == u'.') {
            out.append(key.mid(start, i - start));
            start = i + 1;
        }
    }
    out.append(key.mid(start));
}

// Bindings and the reverse index key destinations by kind and name, since a
// queue and an exchange may share a name.
QString destinationKey(DestinationKind kind, const QString &name)
{
    return (kind == DestinationKind::Queue ? u'q' : u'e') + name;
}

ExchangeType routingTypeOf(const ExchangeDef &def)
{
    if (def.type != ExchangeType::DelayedMessage)
        return def.type;
    const QString delayed = def.arguments.value(QStringLiteral("x-delayed-type")).toString();
    if (delayed == u"fanout")
        return ExchangeType::Fanout;
    if (delayed == u"topic")
        return ExchangeType::Topic;
    if (delayed == u"headers")
        return ExchangeType::Headers;
    return ExchangeType::Direct;
}

// The exchange's own alternate-exchange argument wins over a policy's (as
// in RabbitMQ's rabbit_exchange); `policy` is the policy's, empty for none.
QString alternateExchangeOf(const ExchangeDef &def, const QString &policy)
{
    const auto it = def.arguments.constFind(QStringLiteral("alternate-exchange"));
    if (it == def.arguments.constEnd())
        return policy;
    // The engine refuses a declaration whose value is not a string; a stored
    // one of another type (never written by Depot) routes nowhere.
    if (it == def.arguments.constEnd() || (it->typeId() != QMetaType::QString && it->typeId() != QMetaType::QByteArray))
        return QString();
    return it->toString();
}

// ---- headers matching -------------------------------------------------------

enum class ValueClass { Void, Signed, Unsigned, Float, String, Bool, Other };

ValueClass classify(const QVariant &v)
{
    if (!v.isValid())
        return ValueClass::Void;
    switch (v.typeId()) {
    case QMetaType::Nullptr:
        return ValueClass::Void;
    case QMetaType::Char:
    case QMetaType::SChar:
    case QMetaType::Short:
    case QMetaType::Int:
    case QMetaType::Long:
    case QMetaType::LongLong:
        return ValueClass::Signed;
    case QMetaType::UChar:
    case QMetaType::UShort:
    case QMetaType::UInt:
    case QMetaType::ULong:
    case QMetaType::ULongLong:
        return ValueClass::Unsigned;
    case QMetaType::Float:
    case QMetaType::Double:
        return ValueClass::Float;
    case QMetaType::QString:
    case QMetaType::QByteArray:
        return ValueClass::String;
    case QMetaType::Bool:
        return ValueClass::Bool;
    default:
        if (v.typeId() == qMetaTypeId<RawString>())
            return ValueClass::String;
        return ValueClass::Other;
    }
}

// The bytes of an AMQP string, whichever C++ type carries it; RabbitMQ
// compares long strings and byte arrays as the binaries they are.
QByteArray stringBytes(const QVariant &v)
{
    if (v.typeId() == QMetaType::QString)
        return v.toString().toUtf8();
    if (v.typeId() == QMetaType::QByteArray)
        return v.toByteArray();
    return v.value<RawString>().bytes;
}

bool isNumber(ValueClass c)
{
    return c == ValueClass::Signed || c == ValueClass::Unsigned || c == ValueClass::Float;
}

// AMQP tables carry integers of every width and signedness, and clients pick
// whichever fits; RabbitMQ compares numbers by value, so Depot does too.
bool numbersEqual(const QVariant &a, ValueClass ca, const QVariant &b, ValueClass cb)
{
    if (ca == ValueClass::Float || cb == ValueClass::Float) {
        const auto toLong = [](const QVariant &v, ValueClass c) -> long double {
            if (c == ValueClass::Signed)
                return static_cast<long double>(v.toLongLong());
            if (c == ValueClass::Unsigned)
                return static_cast<long double>(v.toULongLong());
            return static_cast<long double>(v.toDouble());
        };
        return toLong(a, ca) == toLong(b, cb);
    }
    if (ca == cb)
        return ca == ValueClass::Signed ? a.toLongLong() == b.toLongLong() : a.toULongLong() == b.toULongLong();
    const qint64 s = ca == ValueClass::Signed ? a.toLongLong() : b.toLongLong();
    const quint64 u = ca == ValueClass::Unsigned ? a.toULongLong() : b.toULongLong();
    return s >= 0 && quint64(s) == u;
}

bool valuesEqual(const QVariant &pattern, const QVariant &data)
{
    const ValueClass cp = classify(pattern);
    const ValueClass cd = classify(data);
    if (isNumber(cp) && isNumber(cd))
        return numbersEqual(pattern, cp, data, cd);
    if (cp != cd)
        return false;
    switch (cp) {
    case ValueClass::Void:
        return true;
    case ValueClass::String:
        // A codec hands over an AMQP string as text, as RawString (not
        // UTF-8) or as a byte array; the bytes decide.
        if (pattern.typeId() == QMetaType::QString && data.typeId() == QMetaType::QString)
            return pattern.toString() == data.toString();
        return stringBytes(pattern) == stringBytes(data);
    case ValueClass::Bool:
        return pattern.toBool() == data.toBool();
    default:
        return pattern.typeId() == data.typeId() && pattern == data;
    }
}

} // namespace

// ---- private types ------------------------------------------------------------

struct ExchangeRegistry::Destination
{
    QString name;
    DestinationKind kind = DestinationKind::Queue;
    bool operator==(const Destination &) const = default;
};

struct ExchangeRegistry::TopicNode
{
    std::unordered_map<QString, std::unique_ptr<TopicNode>, NameHash, std::equal_to<>> words;
    std::unique_ptr<TopicNode> star;   // '*'
    std::unique_ptr<TopicNode> hash;   // '#'
    QList<Destination> destinations;   // bindings whose key ends here, one entry each

    bool isEmpty() const { return words.empty() && !star && !hash && destinations.isEmpty(); }

    std::unique_ptr<TopicNode> &childSlot(QStringView word)
    {
        if (word == u"*")
            return star;
        if (word == u"#")
            return hash;
        auto it = words.find(word);
        if (it == words.end())
            it = words.emplace(word.toString(), nullptr).first;
        return it->second;
    }

    void insert(const Words &key, qsizetype i, const Destination &dest)
    {
        if (i == key.size()) {
            destinations.append(dest);
            return;
        }
        auto &slot = childSlot(key[i]);
        if (!slot)
            slot = std::make_unique<TopicNode>();
        slot->insert(key, i + 1, dest);
    }

    // Removes one entry for `dest` under `key`, pruning nodes left empty.
    bool remove(const Words &key, qsizetype i, const Destination &dest)
    {
        if (i == key.size()) {
            const qsizetype at = destinations.indexOf(dest);
            if (at < 0)
                return false;
            destinations.removeAt(at);
            return true;
        }
        auto &slot = childSlot(key[i]);
        const bool removed = slot && slot->remove(key, i + 1, dest);
        if (!slot || slot->isEmpty()) {
            slot.reset();
            if (key[i] != u"*" && key[i] != u"#")
                words.erase(words.find(key[i]));
        }
        return removed;
    }
};

struct ExchangeRegistry::Entry
{
    ExchangeDef def;
    ExchangeType routeAs = ExchangeType::Direct;
    // The alternate-exchange argument, read once: route() needs it for every
    // message this exchange's own bindings do not take.
    QString alternate;
    QString policyAlternate; // a policy's alternate-exchange (setPolicyAlternate)
    std::map<quint64, BindingDef> bindings;       // by sequence: declaration order
    QHash<QString, QList<quint64>> seqsByDestination;
    // The routing index, by routeAs: direct looks the key up in a hash, topic
    // walks a trie; fanout and headers go through `bindings`.
    QHash<QString, QList<Destination>> direct;
    std::unique_ptr<TopicNode> topic;
};

struct ExchangeRegistry::RouteState
{
    const ExchangeRegistry *registry = nullptr;
    QList<QString> queues;
    QSet<QString> queueSet;                       // only once `queues` grows past a few
    QVarLengthArray<const Entry *, 8> seenExchanges;
    QVarLengthArray<const Entry *, 8> pending;
    // Topic matching: '#' nodes already entered at a word position, so
    // patterns like "#.#" do not explore the same state twice.
    QVarLengthArray<std::pair<const TopicNode *, qsizetype>, 16> seenHash;
    Words words;

    static constexpr qsizetype LinearLimit = 8;

    // Destinations the exchange being collected matched, counted before
    // duplicates are dropped: an exchange whose bindings matched anything,
    // even a queue already reached, does not use its alternate exchange.
    qsizetype matched = 0;
    // Whether a headers exchange was consulted: then the route depends on
    // the message's headers and is not cached.
    bool readHeaders = false;

    void reach(const Destination &d)
    {
        ++matched;
        if (d.kind == DestinationKind::Queue) {
            if (queues.size() < LinearLimit) {
                if (queues.contains(d.name))
                    return;
                queues.append(d.name);
                if (queues.size() == LinearLimit)
                    queueSet = QSet<QString>(queues.cbegin(), queues.cend());
                return;
            }
            if (queueSet.contains(d.name))
                return;
            queueSet.insert(d.name);
            queues.append(d.name);
            return;
        }
        const auto it = registry->m_exchanges.find(d.name);
        if (it == registry->m_exchanges.end() || it->first.isEmpty())
            return;
        const Entry *e = it->second.get();
        if (std::find(seenExchanges.cbegin(), seenExchanges.cend(), e) != seenExchanges.cend())
            return;
        seenExchanges.append(e);
        pending.append(e);
    }

    void reachAll(const QList<Destination> &ds)
    {
        for (const Destination &d : ds)
            reach(d);
    }

    void visitTopic(const TopicNode *node, qsizetype i)
    {
        if (node->hash) {
            for (qsizetype j = i; j <= words.size(); ++j) {
                const std::pair<const TopicNode *, qsizetype> state{node->hash.get(), j};
                if (std::find(seenHash.cbegin(), seenHash.cend(), state) != seenHash.cend())
                    continue;
                seenHash.append(state);
                visitTopic(node->hash.get(), j);
            }
        }
        if (i == words.size()) {
            reachAll(node->destinations);
            return;
        }
        const auto it = node->words.find(words[i]);
        if (it != node->words.end())
            visitTopic(it->second.get(), i + 1);
        if (node->star)
            visitTopic(node->star.get(), i + 1);
    }

    void collect(const Entry &e, const QString *keys, qsizetype keyCount, const QVariantMap &headers)
    {
        switch (e.routeAs) {
        case ExchangeType::Direct:
        case ExchangeType::DelayedMessage:
            for (qsizetype k = 0; k < keyCount; ++k) {
                const auto it = e.direct.constFind(keys[k]);
                if (it != e.direct.cend())
                    reachAll(*it);
            }
            break;
        case ExchangeType::Fanout:
            for (const auto &[seq, b] : e.bindings)
                reach({b.destination, b.destinationKind});
            break;
        case ExchangeType::Topic:
            if (e.topic) {
                for (qsizetype k = 0; k < keyCount; ++k) {
                    splitWords(keys[k], words);
                    seenHash.clear();
                    visitTopic(e.topic.get(), 0);
                }
            }
            break;
        case ExchangeType::Headers:
            readHeaders = true;
            for (const auto &[seq, b] : e.bindings) {
                if (headersMatch(b.arguments, headers))
                    reach({b.destination, b.destinationKind});
            }
            break;
        }
    }
};

// ---- ExchangeRegistry ---------------------------------------------------------

ExchangeRegistry::ExchangeRegistry()
{
    const auto builtin = [this](const QString &name, ExchangeType type) {
        ExchangeDef def;
        def.name = name;
        def.type = type;
        def.durable = true;
        add(def);
    };
    builtin(QString(), ExchangeType::Direct);
    builtin(QStringLiteral("amq.direct"), ExchangeType::Direct);
    builtin(QStringLiteral("amq.fanout"), ExchangeType::Fanout);
    builtin(QStringLiteral("amq.topic"), ExchangeType::Topic);
    builtin(QStringLiteral("amq.headers"), ExchangeType::Headers);
    builtin(QStringLiteral("amq.match"), ExchangeType::Headers);
}

ExchangeRegistry::~ExchangeRegistry() = default;

bool ExchangeRegistry::contains(const QString &name) const
{
    return m_exchanges.find(name) != m_exchanges.end();
}

const ExchangeDef *ExchangeRegistry::find(const QString &name) const
{
    const auto it = m_exchanges.find(name);
    return it == m_exchanges.end() ? nullptr : &it->second->def;
}

QList<ExchangeDef> ExchangeRegistry::exchanges() const
{
    QList<ExchangeDef> out;
    out.reserve(qsizetype(m_exchanges.size()));
    for (const auto &[name, entry] : m_exchanges)
        out.append(entry->def);
    std::sort(out.begin(), out.end(), [](const ExchangeDef &a, const ExchangeDef &b) { return a.name < b.name; });
    return out;
}

void ExchangeRegistry::add(const ExchangeDef &def)
{
    routesChanged();
    auto &slot = m_exchanges[def.name];
    if (!slot) {
        slot = std::make_unique<Entry>();
        slot->def = def;
        slot->routeAs = routingTypeOf(def);
        slot->alternate = alternateExchangeOf(def, slot->policyAlternate);
        return;
    }
    const ExchangeType before = slot->routeAs;
    slot->def = def;
    slot->routeAs = routingTypeOf(def);
    slot->alternate = alternateExchangeOf(def, slot->policyAlternate);
    if (slot->routeAs != before)
        reindex(*slot);
}

bool ExchangeRegistry::setPolicyAlternate(const QString &exchange, const QString &alternate)
{
    const auto it = m_exchanges.find(exchange);
    if (it == m_exchanges.end() || it->second->policyAlternate == alternate)
        return false;
    it->second->policyAlternate = alternate;
    it->second->alternate = alternateExchangeOf(it->second->def, alternate);
    routesChanged();
    return true;
}

QList<BindingDef> ExchangeRegistry::remove(const QString &name)
{
    QList<BindingDef> removed;
    // The default exchange always exists: every queue is reachable through it.
    if (name.isEmpty())
        return removed;
    const auto it = m_exchanges.find(name);
    if (it == m_exchanges.end())
        return removed;
    routesChanged();
    std::unique_ptr<Entry> entry = std::move(it->second);
    m_exchanges.erase(it);

    for (const auto &[seq, b] : entry->bindings) {
        removed.append(b);
        const QString key = destinationKey(b.destinationKind, b.destination);
        auto src = m_sources.find(key);
        if (src != m_sources.end()) {
            src->remove(name);
            if (src->isEmpty())
                m_sources.erase(src);
        }
    }

    removed += removeBindingsTo(destinationKey(DestinationKind::Exchange, name));
    return removed;
}

bool ExchangeRegistry::bind(const BindingDef &binding)
{
    if (binding.source.isEmpty())
        return false;
    if (binding.destinationKind == DestinationKind::Exchange
        && (binding.destination.isEmpty() || !contains(binding.destination)))
        return false;
    const auto it = m_exchanges.find(binding.source);
    if (it == m_exchanges.end())
        return false;
    Entry &entry = *it->second;
    const QString key = destinationKey(binding.destinationKind, binding.destination);
    QList<quint64> &seqs = entry.seqsByDestination[key];
    for (quint64 seq : std::as_const(seqs)) {
        if (entry.bindings.at(seq) == binding)
            return false;
    }
    routesChanged();
    const quint64 seq = m_nextSeq++;
    entry.bindings.emplace(seq, binding);
    seqs.append(seq);
    ++m_sources[key][binding.source];
    indexBinding(entry, binding);
    return true;
}

bool ExchangeRegistry::unbind(const BindingDef &binding)
{
    const auto it = m_exchanges.find(binding.source);
    if (it == m_exchanges.end())
        return false;
    Entry &entry = *it->second;
    const QList<quint64> seqs =
        entry.seqsByDestination.value(destinationKey(binding.destinationKind, binding.destination));
    for (quint64 seq : seqs) {
        if (entry.bindings.at(seq) == binding) {
            routesChanged();
            eraseBinding(entry, seq, true);
            return true;
        }
    }
    return false;
}

QList<BindingDef> ExchangeRegistry::removeQueueBindings(const QString &queue)
{
    return removeBindingsTo(destinationKey(DestinationKind::Queue, queue));
}

QList<BindingDef> ExchangeRegistry::removeBindingsTo(const QString &key)
{
    // Visit the sources in name order so the removed list is deterministic.
    QList<BindingDef> removed;
    const QHash<QString, int> sources = m_sources.take(key);
    if (!sources.isEmpty())
        routesChanged();
    QStringList sourceNames = sources.keys();
    sourceNames.sort();
    for (const QString &sourceName : std::as_const(sourceNames)) {
        const auto s = m_exchanges.find(sourceName);
        if (s == m_exchanges.end())
            continue;
        Entry &source = *s->second;
        const QList<quint64> seqs = source.seqsByDestination.value(key);
        for (quint64 seq : seqs) {
            removed.append(source.bindings.at(seq));
            eraseBinding(source, seq, false);
        }
    }
    return removed;
}

QList<BindingDef> ExchangeRegistry::bindings() const
{
    QList<BindingDef> out;
    for (const ExchangeDef &def : exchanges())
        out.append(bindingsFrom(def.name));
    return out;
}

QList<BindingDef> ExchangeRegistry::bindingsFrom(const QString &exchange) const
{
    QList<BindingDef> out;
    const auto it = m_exchanges.find(exchange);
    if (it == m_exchanges.end())
        return out;
    out.reserve(qsizetype(it->second->bindings.size()));
    for (const auto &[seq, b] : it->second->bindings)
        out.append(b);
    return out;
}

QList<BindingDef> ExchangeRegistry::bindingsTo(const QString &destination, DestinationKind kind) const
{
    QList<BindingDef> out;
    const QString key = destinationKey(kind, destination);
    const auto src = m_sources.constFind(key);
    if (src == m_sources.cend())
        return out;
    QStringList sourceNames = src->keys();
    sourceNames.sort();
    for (const QString &sourceName : std::as_const(sourceNames)) {
        const auto s = m_exchanges.find(sourceName);
        if (s == m_exchanges.end())
            continue;
        const Entry &source = *s->second;
        for (quint64 seq : source.seqsByDestination.value(key))
            out.append(source.bindings.at(seq));
    }
    return out;
}

bool ExchangeRegistry::hasBindingsFrom(const QString &exchange) const
{
    const auto it = m_exchanges.find(exchange);
    return it != m_exchanges.end() && !it->second->bindings.empty();
}

bool ExchangeRegistry::hasBindingsTo(const QString &exchange) const
{
    return m_sources.contains(destinationKey(DestinationKind::Exchange, exchange));
}

QList<QString> ExchangeRegistry::route(const QString &exchange, const QString &routingKey, const QVariantMap &headers,
                                       const std::function<bool(const QString &)> &queueExists) const
{
    return routeKeys(exchange, &routingKey, 1, headers, queueExists);
}

QList<QString> ExchangeRegistry::route(const QString &exchange, const QStringList &routingKeys,
    const QVariantMap &headers, const std::function<bool(const QString &)> &queueExists) const
{
    return routeKeys(exchange, routingKeys.constData(), routingKeys.size(), headers, queueExists);
}

QList<QString> ExchangeRegistry::routeKeys(const QString &exchange, const QString *keys, qsizetype keyCount,
    const QVariantMap &headers, const std::function<bool(const QString &)> &queueExists) const
{
    if (exchange.isEmpty()) {
        if (keyCount == 1 && m_lastDefaultRoute.size() == 1 && m_lastDefaultRoute.front() == keys[0]
            && queueExists && queueExists(keys[0]))
            return m_lastDefaultRoute;
        QList<QString> out;
        for (qsizetype k = 0; k < keyCount; ++k) {
            if (queueExists && !keys[k].isEmpty() && !out.contains(keys[k]) && queueExists(keys[k]))
                out.append(keys[k]);
        }
        if (keyCount == 1 && out.size() == 1)
            m_lastDefaultRoute = out;
        return out;
    }
    if (keyCount == 1) {
        const auto cached = m_routeCache.constFind(RouteKey{exchange, keys[0]});
        if (cached != m_routeCache.cend())
            return *cached;
    }
    const auto it = m_exchanges.find(exchange);
    if (it == m_exchanges.end())
        return {};

    RouteState state;
    state.registry = this;
    state.seenExchanges.append(it->second.get());
    state.pending.append(it->second.get());
    // Breadth first, so queues bound directly come before those reached
    // through other exchanges; `pending` only grows, so index it.
    for (qsizetype i = 0; i < state.pending.size(); ++i) {
        const Entry &e = *state.pending[i];
        state.matched = 0;
        state.collect(e, keys, keyCount, headers);
        // As RabbitMQ: an exchange whose own bindings matched nothing hands
        // the message to its alternate exchange, which may have its own.
        // Each exchange is visited once, so a loop of alternates ends.
        if (state.matched == 0 && !e.alternate.isEmpty())
            state.reach({e.alternate, DestinationKind::Exchange});
    }
    if (keyCount == 1 && !state.readHeaders) {
        if (m_routeCache.size() >= RouteCacheLimit)
            m_routeCache.clear();
        m_routeCache.insert(RouteKey{exchange, keys[0]}, state.queues);
    }
    return state.queues;
}

bool ExchangeRegistry::topicMatches(const QString &bindingKey, const QString &routingKey)
{
    TopicNode root;
    Words key;
    splitWords(bindingKey, key);
    root.insert(key, 0, Destination{QStringLiteral("match"), DestinationKind::Queue});
    RouteState state;
    splitWords(routingKey, state.words);
    state.visitTopic(&root, 0);
    return !state.queues.isEmpty();
}

bool ExchangeRegistry::headersMatch(const QVariantMap &bindingArguments, const QVariantMap &headers)
{
    const QString mode = bindingArguments.value(QStringLiteral("x-match")).toString();
    const bool any = mode == u"any" || mode == u"any-with-x";
    const bool withX = mode == u"all-with-x" || mode == u"any-with-x";
    for (auto it = bindingArguments.cbegin(); it != bindingArguments.cend(); ++it) {
        const QString &name = it.key();
        if (name == u"x-match" || (!withX && name.startsWith(u"x-")))
            continue;
        const auto h = headers.constFind(name);
        const bool matched = h != headers.cend() && (classify(*it) == ValueClass::Void || valuesEqual(*it, *h));
        if (matched && any)
            return true;
        if (!matched && !any)
            return false;
    }
    // all: nothing failed (also true for an empty binding); any: nothing matched.
    return !any;
}

// ---- index maintenance -------------------------------------------------------

void ExchangeRegistry::indexBinding(Entry &entry, const BindingDef &b)
{
    const Destination d{b.destination, b.destinationKind};
    switch (entry.routeAs) {
    case ExchangeType::Direct:
    case ExchangeType::DelayedMessage:
        entry.direct[b.routingKey].append(d);
        break;
    case ExchangeType::Topic: {
        if (!entry.topic)
            entry.topic = std::make_unique<TopicNode>();
        Words key;
        splitWords(b.routingKey, key);
        entry.topic->insert(key, 0, d);
        break;
    }
    case ExchangeType::Fanout:
    case ExchangeType::Headers:
        break;
    }
}

void ExchangeRegistry::unindexBinding(Entry &entry, const BindingDef &b)
{
    const Destination d{b.destination, b.destinationKind};
    switch (entry.routeAs) {
    case ExchangeType::Direct:
    case ExchangeType::DelayedMessage: {
        auto it = entry.direct.find(b.routingKey);
        if (it != entry.direct.end()) {
            it->removeOne(d);
            if (it->isEmpty())
                entry.direct.erase(it);
        }
        break;
    }
    case ExchangeType::Topic:
        if (entry.topic) {
            Words key;
            splitWords(b.routingKey, key);
            entry.topic->remove(key, 0, d);
        }
        break;
    case ExchangeType::Fanout:
    case ExchangeType::Headers:
        break;
    }
}

void ExchangeRegistry::reindex(Entry &entry)
{
    entry.direct.clear();
    entry.topic.reset();
    for (const auto &[seq, b] : entry.bindings)
        indexBinding(entry, b);
}

void ExchangeRegistry::eraseBinding(Entry &entry, quint64 seq, bool dropSourceRef)
{
    const auto it = entry.bindings.find(seq);
    if (it == entry.bindings.end())
        return;
    const BindingDef b = it->second;
    const QString key = destinationKey(b.destinationKind, b.destination);
    unindexBinding(entry, b);
    entry.bindings.erase(it);
    auto seqs = entry.seqsByDestination.find(key);
    if (seqs != entry.seqsByDestination.end()) {
        seqs->removeOne(seq);
        if (seqs->isEmpty())
            entry.seqsByDestination.erase(seqs);
    }
    if (dropSourceRef) {
        auto src = m_sources.find(key);
        if (src != m_sources.end()) {
            auto count = src->find(b.source);
            if (count != src->end() && --*count <= 0)
                src->erase(count);
            if (src->isEmpty())
                m_sources.erase(src);
        }
    }
}

} // namespace depot
