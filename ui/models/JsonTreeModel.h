#pragma once

// JsonTreeModel: a JSON document as a collapsible tree (key, value, type) for
// the inspector's JSON body view. Like prettyJson (ui/views/JsonText.h) it
// shows the document as written: keys in their order (duplicates too),
// numbers in their spelling. QJsonObject would sort the keys.

#include <QAbstractItemModel>
#include <QJsonValue>

#include <memory>
#include <vector>

namespace depot::ui {

class JsonTreeModel final : public QAbstractItemModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(JsonTreeModel)

public:
    enum Column { Key, Value, Type, ColumnCount };

    explicit JsonTreeModel(QObject *parent = nullptr);
    ~JsonTreeModel() override;

    // Returns false (and shows nothing) when `json` is not a JSON document;
    // *error then says where parsing stopped.
    bool setJson(const QByteArray &json, QString *error = nullptr);
    void clear();

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Node
    {
        QString key;
        QString text;       // scalars only, as written (strings unescaped); containers keep their children
        QJsonValue::Type type = QJsonValue::Null;
        Node *parent = nullptr;
        int row = 0;
        std::vector<std::unique_ptr<Node>> children;
    };
    class Reader;
    const Node *nodeOf(const QModelIndex &index) const;

    std::unique_ptr<Node> m_root;
};

} // namespace depot::ui
