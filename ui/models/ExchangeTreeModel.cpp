#include "ui/models/ExchangeTreeModel.h"

#include "broker/engine/Policy.h"

#include <QIcon>
#include <QSet>
#include <algorithm>

namespace depot::ui {

namespace {

const QString kAlternateExchange = QStringLiteral("alternate-exchange");

QString valueText(const QVariant &value)
{
    switch (value.typeId()) {
    case QMetaType::QString:
    case QMetaType::QByteArray:
        return u'"' + value.toString() + u'"';
    case QMetaType::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    default:
        return value.isValid() ? value.toString() : ExchangeTreeModel::tr("(any value)");
    }
}

// One icon each for the model's life (a QIcon per call would be a new
// cache key, and a repaint, every time).
const QIcon &icon(const char *name)
{
    static QHash<QByteArray, QIcon> icons;
    auto it = icons.find(name);
    if (it == icons.end())
        it = icons.insert(name, QIcon(QStringLiteral(":/depot/ui/icons/%1.svg").arg(QLatin1String(name))));
    return *it;
}

} // namespace

QString ExchangeTreeModel::typedArgumentsText(const QVariantMap &arguments)
{
    QStringList parts;
    for (auto it = arguments.cbegin(); it != arguments.cend(); ++it) {
        // x-match's value is a word, not a header to compare with: unquoted.
        const bool word = it.key() == u"x-match" || it.key() == u"x-delayed-type" || it.key() == kAlternateExchange;
        parts << it.key() + QStringLiteral(" = ") + (word ? it.value().toString() : valueText(it.value()));
    }
    return parts.join(QStringLiteral(", "));
}

QString ExchangeTreeModel::bindingKey(const BindingDef &binding)
{
    // Queues after exchanges, then by name and key; the arguments with their
    // types, so bindings differing only in an argument's type stay two rows.
    QString key = (binding.destinationKind == DestinationKind::Queue ? u'1' : u'0') + binding.destination + u'\x1f'
        + binding.routingKey;
    for (auto it = binding.arguments.cbegin(); it != binding.arguments.cend(); ++it)
        key += u'\x1f' + it.key() + u'\x1e' + QString::number(it.value().typeId()) + u'\x1e' + it.value().toString();
    return key;
}

ExchangeTreeModel::ExchangeTreeModel(QObject *parent)
    : QAbstractItemModel(parent)
{
}

ExchangeTreeModel::~ExchangeTreeModel() = default;

QModelIndex ExchangeTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    if (!hasIndex(row, column, parent))
        return {};
    if (!parent.isValid())
        return createIndex(row, column, nullptr);
    // A binding row points at its exchange's node.
    return createIndex(row, column, m_nodes.at(size_t(parent.row())).get());
}

QModelIndex ExchangeTreeModel::parent(const QModelIndex &child) const
{
    if (!child.isValid() || !child.internalPointer())
        return {};
    return createIndex(static_cast<const Node *>(child.internalPointer())->row, 0, nullptr);
}

int ExchangeTreeModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return int(m_nodes.size());
    if (parent.internalPointer() || parent.column() != 0)
        return 0; // bindings have no children
    return int(m_nodes.at(size_t(parent.row()))->bindings.size());
}

int ExchangeTreeModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

const ExchangeDef *ExchangeTreeModel::exchangeAt(const QModelIndex &index) const
{
    // The view's current index, often none: no warning for that.
    if (!index.isValid() || !checkIndex(index, CheckIndexOption::IndexIsValid))
        return nullptr;
    if (const auto *node = static_cast<const Node *>(index.internalPointer()))
        return &node->exchange;
    return &m_nodes.at(size_t(index.row()))->exchange;
}

std::optional<BindingDef> ExchangeTreeModel::bindingAt(const QModelIndex &index) const
{
    if (!index.isValid() || !checkIndex(index, CheckIndexOption::IndexIsValid) || !index.internalPointer())
        return std::nullopt;
    return static_cast<const Node *>(index.internalPointer())->bindings.at(index.row());
}

QModelIndex ExchangeTreeModel::indexOfExchange(const QString &name) const
{
    for (const auto &node : m_nodes) {
        if (node->exchange.name == name)
            return index(node->row, 0);
    }
    return {};
}

QModelIndex ExchangeTreeModel::indexOfBinding(const BindingDef &binding) const
{
    const QModelIndex parent = indexOfExchange(binding.source);
    if (!parent.isValid())
        return {};
    const Node &node = *m_nodes.at(size_t(parent.row()));
    const qsizetype row = node.keys.indexOf(bindingKey(binding));
    return row < 0 ? QModelIndex() : index(int(row), 0, parent);
}

void ExchangeTreeModel::updateFromSnapshot(const SnapshotPtr &snapshot)
{
    update(snapshot->exchanges, snapshot->bindings, snapshot->exchangePolicies);
}

void ExchangeTreeModel::renumber()
{
    for (size_t i = 0; i < m_nodes.size(); ++i)
        m_nodes[i]->row = int(i);
}

void ExchangeTreeModel::update(
    const QList<ExchangeDef> &exchanges, const QList<BindingDef> &bindings, const QHash<QString, AppliedPolicy> &policies)
{
    QList<ExchangeDef> sorted = exchanges;
    std::sort(sorted.begin(), sorted.end(), [](const ExchangeDef &a, const ExchangeDef &b) { return a.name < b.name; });
    QHash<QString, QList<BindingDef>> bySource;
    for (const BindingDef &b : bindings)
        bySource[b.source].append(b);
    QSet<QString> names;
    for (const ExchangeDef &e : sorted)
        names.insert(e.name);

    // Exchanges that went, in runs from the end so earlier rows stay put.
    for (qsizetype i = qsizetype(m_nodes.size()) - 1; i >= 0;) {
        if (names.contains(m_nodes[size_t(i)]->exchange.name)) {
            --i;
            continue;
        }
        qsizetype first = i;
        while (first > 0 && !names.contains(m_nodes[size_t(first - 1)]->exchange.name))
            --first;
        beginRemoveRows({}, int(first), int(i));
        m_nodes.erase(m_nodes.begin() + first, m_nodes.begin() + i + 1);
        renumber();
        endRemoveRows();
        i = first - 1;
    }

    // Both lists are sorted by name and every shown exchange is among the
    // incoming ones: walk them together, inserting what is new at its place.
    size_t at = 0;
    for (const ExchangeDef &e : sorted) {
        const AppliedPolicy policy = policies.value(e.name);
        QList<BindingDef> incoming = bySource.take(e.name);
        if (at < m_nodes.size() && m_nodes[at]->exchange.name == e.name) {
            Node &node = *m_nodes[at];
            if (node.exchange != e || node.policy != policy) {
                node.exchange = e;
                node.policy = policy;
                Q_EMIT dataChanged(index(int(at), 0), index(int(at), ColumnCount - 1));
            }
            updateBindings(node, index(int(at), 0), std::move(incoming));
        } else {
            auto node = std::make_unique<Node>();
            node->exchange = e;
            node->policy = policy;
            beginInsertRows({}, int(at), int(at));
            m_nodes.insert(m_nodes.begin() + qsizetype(at), std::move(node));
            renumber();
            endInsertRows();
            // Its bindings as children of the new row, so a view sees them arrive.
            updateBindings(*m_nodes[at], index(int(at), 0), std::move(incoming));
        }
        ++at;
    }
}

void ExchangeTreeModel::updateBindings(Node &node, const QModelIndex &parent, QList<BindingDef> incoming)
{
    QList<std::pair<QString, BindingDef>> keyed;
    keyed.reserve(incoming.size());
    for (BindingDef &b : incoming) {
        QString key = bindingKey(b);
        keyed.append({std::move(key), std::move(b)});
    }
    std::sort(keyed.begin(), keyed.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
    QSet<QString> keys;
    for (const auto &k : keyed)
        keys.insert(k.first);

    for (qsizetype i = node.keys.size() - 1; i >= 0;) {
        if (keys.contains(node.keys.at(i))) {
            --i;
            continue;
        }
        qsizetype first = i;
        while (first > 0 && !keys.contains(node.keys.at(first - 1)))
            --first;
        beginRemoveRows(parent, int(first), int(i));
        node.bindings.remove(first, i - first + 1);
        node.keys.remove(first, i - first + 1);
        endRemoveRows();
        i = first - 1;
    }

    // A binding is its key (source, destination, key, typed arguments):
    // nothing of a listed one can change, only new ones come in.
    qsizetype at = 0;
    for (qsizetype j = 0; j < keyed.size();) {
        if (at < node.keys.size() && node.keys.at(at) == keyed.at(j).first) {
            ++at;
            ++j;
            continue;
        }
        // A run of new bindings that all sort before the next listed one.
        qsizetype end = j + 1;
        while (end < keyed.size() && (at >= node.keys.size() || keyed.at(end).first < node.keys.at(at)))
            ++end;
        beginInsertRows(parent, int(at), int(at + end - j - 1));
        for (qsizetype k = j; k < end; ++k) {
            node.keys.insert(at + (k - j), keyed.at(k).first);
            node.bindings.insert(at + (k - j), keyed.at(k).second);
        }
        endInsertRows();
        at += end - j;
        j = end;
    }
}

QVariant ExchangeTreeModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    if (const auto *node = static_cast<const Node *>(index.internalPointer()))
        return bindingData(node->bindings.at(index.row()), index.column(), role);
    return exchangeData(*m_nodes.at(size_t(index.row())), index.column(), role);
}

QVariant ExchangeTreeModel::exchangeData(const Node &node, int column, int role) const
{
    const ExchangeDef &e = node.exchange;
    if (role == Qt::DecorationRole && column == Name)
        return icon("exchange");
    if (role == Qt::ToolTipRole && column == Name) {
        if (e.name.isEmpty())
            return tr("The default exchange routes a message to the queue its routing key names. "
                      "It has no bindings to list, and cannot be changed or deleted.");
        return tr("%1: %Ln binding(s)", nullptr, int(node.bindings.size())).arg(e.name);
    }
    if (role == Qt::ToolTipRole && column == Policy && !node.policy.effectiveDefinition.isEmpty())
        return tr("Set by policy: %1").arg(typedArgumentsText(node.policy.effectiveDefinition));
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    switch (column) {
    case Name:
        return e.name.isEmpty() ? tr("(default)") : e.name;
    case Type:
        if (e.type == ExchangeType::DelayedMessage)
            return tr("%1, routes as %2").arg(exchangeTypeName(e.type), e.arguments.value(QStringLiteral("x-delayed-type")).toString());
        return exchangeTypeName(e.type);
    case Features: {
        QStringList f;
        f << (e.durable ? tr("durable") : tr("transient"));
        if (e.autoDelete)
            f << tr("auto-delete");
        if (e.internal)
            f << tr("internal");
        // Where unroutable messages go, set by the exchange or its policy
        // (the exchange's own argument wins, as in routing).
        const QString ae = policy::effectiveAlternateExchange(e.arguments, node.policy.effectiveDefinition);
        if (!ae.isEmpty())
            f << tr("alternate exchange %1").arg(ae);
        return f.join(QStringLiteral(", "));
    }
    case Policy: {
        QStringList p;
        if (!node.policy.policy.isEmpty())
            p << node.policy.policy;
        if (!node.policy.operatorPolicy.isEmpty())
            p << tr("operator policy %1").arg(node.policy.operatorPolicy);
        return p.join(QStringLiteral(", "));
    }
    case Arguments: {
        // The rest: the alternate exchange is a feature, the delayed type the type.
        QVariantMap rest = e.arguments;
        rest.remove(kAlternateExchange);
        rest.remove(QStringLiteral("x-delayed-type"));
        return typedArgumentsText(rest);
    }
    }
    return {};
}

QVariant ExchangeTreeModel::bindingData(const BindingDef &b, int column, int role) const
{
    const bool toQueue = b.destinationKind == DestinationKind::Queue;
    if (role == Qt::DecorationRole && column == Name)
        return icon(toQueue ? "queue" : "exchange");
    if (role == Qt::ToolTipRole && column == Name)
        return toQueue ? tr("Messages from %1 that match go to the queue %2.").arg(b.source, b.destination)
                       : tr("Messages from %1 that match go on to the exchange %2.").arg(b.source, b.destination);
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    switch (column) {
    case Name:
        return toQueue ? tr("queue %1").arg(b.destination) : tr("exchange %1").arg(b.destination);
    case RoutingKey:
        return b.routingKey;
    case Arguments:
        return typedArgumentsText(b.arguments);
    }
    return {};
}

QVariant ExchangeTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Name: return tr("Exchange / bound to");
    case Type: return tr("Type");
    case Features: return tr("Features");
    case Policy: return tr("Policy");
    case RoutingKey: return tr("Routing key");
    case Arguments: return tr("Arguments");
    }
    return {};
}

} // namespace depot::ui
