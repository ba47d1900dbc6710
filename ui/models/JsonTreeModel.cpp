#include "ui/models/JsonTreeModel.h"

#include <QJsonDocument>

namespace depot::ui {

JsonTreeModel::JsonTreeModel(QObject *parent)
    : QAbstractItemModel(parent)
    , m_root(std::make_unique<Node>())
{
}

JsonTreeModel::~JsonTreeModel() = default;

// Reads a document QJsonDocument has already accepted, so it only tells the
// parts apart: no error paths beyond staying inside the bytes.
class JsonTreeModel::Reader
{
public:
    explicit Reader(const QByteArray &json) : m_json(json) {}

    void value(Node *node)
    {
        skipSpace();
        if (m_pos >= m_json.size())
            return;
        const char c = m_json.at(m_pos);
        if (c == '{' || c == '[') {
            node->type = c == '{' ? QJsonValue::Object : QJsonValue::Array;
            const char close = c == '{' ? '}' : ']';
            ++m_pos;
            skipSpace();
            while (m_pos < m_json.size() && m_json.at(m_pos) != close) {
                auto child = std::make_unique<Node>();
                child->parent = node;
                child->row = int(node->children.size());
                if (node->type == QJsonValue::Object) {
                    child->key = string();
                    skipSpace();
                    ++m_pos;   // ':'
                } else {
                    child->key = QStringLiteral("[%1]").arg(child->row);
                }
                value(child.get());
                node->children.push_back(std::move(child));
                skipSpace();
                if (m_pos < m_json.size() && m_json.at(m_pos) == ',') {
                    ++m_pos;
                    skipSpace();
                }
            }
            ++m_pos;   // the closing bracket
        } else if (c == '"') {
            node->type = QJsonValue::String;
            node->text = string();
        } else {
            const qsizetype start = m_pos;
            while (m_pos < m_json.size() && !isDelimiter(m_json.at(m_pos)))
                ++m_pos;
            node->text = QString::fromLatin1(m_json.constData() + start, m_pos - start);
            node->type = c == 't' || c == 'f' ? QJsonValue::Bool
                       : c == 'n'             ? QJsonValue::Null
                                              : QJsonValue::Double;
        }
    }

private:
    static bool isDelimiter(char c)
    {
        return c == ',' || c == '}' || c == ']' || c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }
    void skipSpace()
    {
        while (m_pos < m_json.size()) {
            const char c = m_json.at(m_pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
                return;
            ++m_pos;
        }
    }
    int hex4()
    {
        const int v = m_json.mid(m_pos, 4).toInt(nullptr, 16);
        m_pos += 4;
        return v;
    }
    // A string at m_pos ('"'), unescaped; m_pos ends after its closing quote.
    QString string()
    {
        ++m_pos;
        QString out;
        qsizetype run = m_pos;   // start of the bytes not yet copied
        const auto flush = [&] { out += QString::fromUtf8(m_json.constData() + run, m_pos - run); };
        while (m_pos < m_json.size() && m_json.at(m_pos) != '"') {
            if (m_json.at(m_pos) != '\\') {
                ++m_pos;
                continue;
            }
            flush();
            const char e = m_pos + 1 < m_json.size() ? m_json.at(m_pos + 1) : '\\';
            m_pos += 2;
            switch (e) {
            case 'b': out += u'\b'; break;
            case 'f': out += u'\f'; break;
            case 'n': out += u'\n'; break;
            case 'r': out += u'\r'; break;
            case 't': out += u'\t'; break;
            case 'u': out += QChar(char16_t(hex4())); break;   // surrogate pairs arrive as two halves
            default: out += QChar::fromLatin1(e); break;     // " \\ /
            }
            run = m_pos;
        }
        flush();
        ++m_pos;   // the closing quote
        return out;
    }

    const QByteArray &m_json;
    qsizetype m_pos = 0;
};

bool JsonTreeModel::setJson(const QByteArray &json, QString *error)
{
    // Validity from Qt (exactly the JSON grammar); the Reader then keeps the
    // order and spelling QJsonDocument would lose.
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    beginResetModel();   // a different document: there is nothing to keep
    m_root = std::make_unique<Node>();
    const bool ok = parseError.error == QJsonParseError::NoError;
    if (ok) {
        auto top = std::make_unique<Node>();
        top->key = doc.isArray() ? tr("(array)") : tr("(object)");
        top->parent = m_root.get();
        Reader(json).value(top.get());
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
        case QJsonValue::String:
        case QJsonValue::Double:
        case QJsonValue::Bool:
        case QJsonValue::Null:
            return n->text;
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
