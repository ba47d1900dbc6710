#include "ui/models/JsonTreeModel.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace depot::ui {

JsonTreeModel::JsonTreeModel(QObject *parent)
    : QAbstractItemModel(parent)
    , m_root(std::make_unique<Node>())
{
}

JsonTreeModel::~JsonTreeModel() = default;

void JsonTreeModel::build(Node *node, const QJsonValue &value)
{
    node->type = value.type();
    const auto add = [node](const QString &key, const QJsonValue &v) {
        auto child = std::make_unique<Node>();
        child->key = key;
        child->parent = node;
        child->row = int(node->children.size());
        build(child.get(), v);
        node->children.push_back(std::move(child));
    };
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it)
            add(it.key(), it.value());
    } else if (value.isArray()) {
        const QJsonArray array = value.toArray();
        for (qsizetype i = 0; i < array.size(); ++i)
            add(QStringLiteral("[%1]").arg(i), array.at(i));
    } else {
        node->value = value;
    }
}

bool JsonTreeModel::setJson(const QByteArray &json, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    beginResetModel();   // a different document: there is nothing to keep
    m_root = std::make_unique<Node>();
    const bool ok = parseError.error == QJsonParseError::NoError;
    if (ok) {
        auto top = std::make_unique<Node>();
        top->key = doc.isArray() ? tr("(array)") : tr("(object)");
        top->parent = m_root.get();
        build(top.get(), doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object()));
        m_root->children.push_back(std::move(top));
    } else if (error) {
        *error = tr("Not JSON: %1 at offset %2").arg(parseError.errorString()).arg(parseError.offset);
    }
    endResetModel();
    return ok;
}

void JsonTreeModel::clear()
{
    beginResetModel();
    m_root = std::make_unique<Node>();
    endResetModel();
}

const JsonTreeModel::Node *JsonTreeModel::nodeOf(const QModelIndex &index) const
{
    return index.isValid() ? static_cast<const Node *>(index.internalPointer()) : m_root.get();
}

QModelIndex JsonTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    if (!hasIndex(row, column, parent))
        return {};
    const Node *p = nodeOf(parent);
    return createIndex(row, column, p->children.at(size_t(row)).get());
}

QModelIndex JsonTreeModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return {};
    const Node *p = nodeOf(child)->parent;
    if (!p || p == m_root.get())
        return {};
    return createIndex(p->row, 0, const_cast<Node *>(p));
}

int JsonTreeModel::rowCount(const QModelIndex &parent) const
{
    if (parent.column() > 0)
        return 0;
    return int(nodeOf(parent)->children.size());
}

int JsonTreeModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QVariant JsonTreeModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid) || role != Qt::DisplayRole)
        return {};
    const Node *n = nodeOf(index);
    switch (index.column()) {
    case Key:
        return n->key;
    case Value:
        switch (n->type) {
        case QJsonValue::Object:
            return tr("{%Ln key(s)}", nullptr, int(n->children.size()));
        case QJsonValue::Array:
            return tr("[%Ln item(s)]", nullptr, int(n->children.size()));
        case QJsonValue::String: return n->value.toString();
        case QJsonValue::Double: return QString::number(n->value.toDouble(), 'g', 15);
        case QJsonValue::Bool: return n->value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
        case QJsonValue::Null: return QStringLiteral("null");
        case QJsonValue::Undefined: return {};
        }
        return {};
    case Type:
        switch (n->type) {
        case QJsonValue::Object: return tr("object");
        case QJsonValue::Array: return tr("array");
        case QJsonValue::String: return tr("string");
        case QJsonValue::Double: return tr("number");
        case QJsonValue::Bool: return tr("boolean");
        case QJsonValue::Null: return tr("null");
        case QJsonValue::Undefined: return {};
        }
    }
    return {};
}

QVariant JsonTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Key: return tr("Key");
    case Value: return tr("Value");
    case Type: return tr("Type");
    }
    return {};
}

} // namespace depot::ui
