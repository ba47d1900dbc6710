#include "ui/models/QueryResultModel.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QLocale>

namespace depot::ui {

namespace {

// The columns the message list has too keep its wording (and translations).
QString listText(const char *text)
{
    return QCoreApplication::translate("depot::ui::MessageListModel", text);
}

} // namespace

QueryResultModel::QueryResultModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

QueryResultModel::~QueryResultModel() = default;

int QueryResultModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_results.size());
}

int QueryResultModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant QueryResultModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const BrokerClient::QueryResult &result = m_results.at(index.row());
    const MessageRow &m = result.row;
    const QLocale locale;
    switch (role) {
    case MessageIdRole:
        return QVariant::fromValue<qulonglong>(m.id);
    case QueueRole:
        return result.queue;
    case Qt::DisplayRole:
        switch (index.column()) {
        case Queue:
            return result.queue;
        case Id:
            return QString::number(m.id);
        case Enqueued:
            return QDateTime::fromMSecsSinceEpoch(m.enqueuedAtMs).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
        case Size:
            return locale.formattedDataSize(m.size, 1, QLocale::DataSizeTraditionalFormat);
        case Deliveries:
            return locale.toString(m.deliveryCount);
        case RoutingKey:
            return m.routingKey;
        case DeadLetter:
            return m.deathReason.isEmpty() ? QString() : listText("%1 in %2").arg(m.deathReason, m.deathQueue);
        case Body:
            return m.preview;
        }
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == Id || index.column() == Size || index.column() == Deliveries)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::ToolTipRole:
        return index.column() == Body ? QVariant(m.preview) : QVariant();
    default:
        return {};
    }
}

QVariant QueryResultModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Queue:
        return tr("Queue");
    case Id:
        return tr("Message id");
    case Enqueued:
        return listText("Enqueued");
    case Size:
        return listText("Size");
    case Deliveries:
        return listText("Deliveries");
    case RoutingKey:
        return listText("Routing key");
    case DeadLetter:
        return listText("Dead-lettered");
    case Body:
        return listText("Body");
    }
    return {};
}

void QueryResultModel::clear()
{
    if (m_results.isEmpty())
        return;
    beginResetModel(); // a new query: nothing of the old result is kept
    m_results.clear();
    endResetModel();
}

qsizetype QueryResultModel::append(const QList<BrokerClient::QueryResult> &results)
{
    const qsizetype room = std::max<qsizetype>(0, MaxResults - m_results.size());
    const qsizetype taken = std::min(room, results.size());
    if (taken > 0) {
        beginInsertRows({}, int(m_results.size()), int(m_results.size() + taken - 1));
        m_results.append(results.mid(0, taken));
        endInsertRows();
    }
    return results.size() - taken;
}

} // namespace depot::ui
