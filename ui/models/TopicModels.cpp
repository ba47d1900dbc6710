#include "ui/models/TopicModels.h"

#include "ui/models/QueueListModel.h"   // rateText

#include <QDateTime>
#include <QFont>
#include <QLocale>
#include <QSet>
#include <QStringDecoder>

#include <algorithm>

namespace depot::ui {

namespace {

QString sizeText(qint64 bytes)
{
    return QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeTraditionalFormat);
}

QString count(qint64 n)
{
    return QLocale().toString(n);
}

} // namespace

// ---- PartitionRates ----

void PartitionRates::update(const QList<kafka::TopicView> &topics, qint64 atMs)
{
    QSet<QPair<QString, qint32>> seen;
    m_partitions.clear();
    for (const kafka::TopicView &topic : topics) {
        m_partitions.insert(topic.name, qint32(topic.partitions.size()));
        for (const kafka::PartitionView &p : topic.partitions) {
            const QPair<QString, qint32> key(topic.name, p.partition);
            seen.insert(key);
            Track &track = m_tracks[key];
            if (track.end < 0) {
                track.end = p.highWatermark;
                track.atMs = atMs;
                continue;
            }
            const qint64 elapsed = atMs - track.atMs;
            if (elapsed < SampleMs)
                continue;
            // A topic deleted and created again between two samples starts
            // lower: nothing was appended as far as a rate goes.
            const qint64 appended = std::max<qint64>(0, p.highWatermark - track.end);
            track.history.append(double(appended) * 1000.0 / double(elapsed));
            if (track.history.size() > HistoryLength)
                track.history.removeFirst();
            track.end = p.highWatermark;
            track.atMs = atMs;
        }
    }
    for (auto it = m_tracks.begin(); it != m_tracks.end();) {
        if (seen.contains(it.key()))
            ++it;
        else
            it = m_tracks.erase(it);
    }
}

double PartitionRates::rate(const QString &topic, qint32 partition) const
{
    const auto it = m_tracks.constFind({topic, partition});
    return it == m_tracks.constEnd() || it->history.isEmpty() ? 0.0 : it->history.last();
}

QList<double> PartitionRates::history(const QString &topic, qint32 partition) const
{
    return m_tracks.value({topic, partition}).history;
}

double PartitionRates::topicRate(const QString &topic) const
{
    double sum = 0;
    for (qint32 p = 0; p < m_partitions.value(topic); ++p)
        sum += rate(topic, p);
    return sum;
}

QList<double> PartitionRates::topicHistory(const QString &topic) const
{
    // Partitions sample together (one snapshot): their newest samples line
    // up; a partition with a shorter history adds to the newest ones only.
    QList<double> sum;
    for (qint32 p = 0; p < m_partitions.value(topic); ++p) {
        const QList<double> h = history(topic, p);
        if (h.size() > sum.size())
            sum.insert(0, h.size() - sum.size(), 0.0);
        const qsizetype shift = sum.size() - h.size();
        for (qsizetype i = 0; i < h.size(); ++i)
            sum[shift + i] += h.at(i);
    }
    return sum;
}

// ---- TopicListModel ----

void TopicListModel::update(const QList<kafka::TopicView> &topics, const PartitionRates &rates)
{
    QList<TopicRow> rows;
    rows.reserve(topics.size());
    for (const kafka::TopicView &t : topics) {
        TopicRow row;
        row.name = t.name;
        row.partitions = qint32(t.partitions.size());
        for (const kafka::PartitionView &p : t.partitions) {
            row.records += p.records();
            row.sizeBytes += p.sizeBytes;
        }
        row.rate = rates.topicRate(t.name);
        row.history = rates.topicHistory(t.name);
        rows.append(std::move(row));
    }
    applyRows(std::move(rows));
}

QVariant TopicListModel::cell(const TopicRow &row, int column, int role) const
{
    if (role == HistoryRole)
        return column == Trend ? QVariant::fromValue(row.history) : QVariant();
    if (role == Qt::TextAlignmentRole)
        return column == Name ? QVariant() : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role == SortRole) {
        switch (column) {
        case Name: return row.name;
        case Partitions: return row.partitions;
        case Records: return row.records;
        case Size: return row.sizeBytes;
        case Rate:
        case Trend: return row.rate;
        default: return {};
        }
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (column) {
    case Name: return row.name;
    case Partitions: return count(row.partitions);
    case Records: return count(row.records);
    case Size: return sizeText(row.sizeBytes);
    case Rate: return rateText(row.rate);
    default: return {};
    }
}

QString TopicListModel::header(int column) const
{
    switch (column) {
    case Name: return tr("Topic");
    case Partitions: return tr("Partitions");
    case Records: return tr("Records");
    case Size: return tr("Size");
    case Rate: return tr("In/s");
    case Trend: return tr("Last minute");
    default: return {};
    }
}

// ---- PartitionListModel ----

void PartitionListModel::update(const kafka::TopicView *topic, const PartitionRates &rates)
{
    QList<PartitionRow> rows;
    if (topic) {
        for (const kafka::PartitionView &p : topic->partitions)
            rows.append({p, rates.rate(topic->name, p.partition), rates.history(topic->name, p.partition)});
    }
    applyRows(std::move(rows));
}

QVariant PartitionListModel::cell(const PartitionRow &row, int column, int role) const
{
    const kafka::PartitionView &p = row.partition;
    if (role == HistoryRole)
        return column == Trend ? QVariant::fromValue(row.history) : QVariant();
    if (role == Qt::TextAlignmentRole)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role == SortRole) {
        switch (column) {
        case Partition: return p.partition;
        case Start: return p.logStartOffset;
        case End: return p.highWatermark;
        case Records: return p.records();
        case Size: return p.sizeBytes;
        case Rate:
        case Trend: return row.rate;
        default: return {};
        }
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (column) {
    case Partition: return p.partition;
    case Start: return count(p.logStartOffset);
    case End: return count(p.highWatermark);
    case Records: return count(p.records());
    case Size: return sizeText(p.sizeBytes);
    case Rate: return rateText(row.rate);
    default: return {};
    }
}

QString PartitionListModel::header(int column) const
{
    switch (column) {
    case Partition: return tr("Partition");
    case Start: return tr("Log start");
    case End: return tr("Log end");
    case Records: return tr("Records");
    case Size: return tr("Size");
    case Rate: return tr("In/s");
    case Trend: return tr("Last minute");
    default: return {};
    }
}

QString PartitionListModel::headerTip(int column) const
{
    switch (column) {
    case Start: return tr("The first offset still in the log (retention moves it)");
    case End: return tr("The high watermark: the offset the next record gets");
    default: return {};
    }
}

// ---- RecordListModel ----

void RecordListModel::setRecords(QList<kafka::RecordView> records)
{
    beginResetModel();
    m_records = std::move(records);
    endResetModel();
}

qsizetype RecordListModel::append(const QList<kafka::RecordView> &records)
{
    const qsizetype room = std::max<qsizetype>(0, MaxResults - m_records.size());
    const qsizetype taken = std::min(room, records.size());
    if (taken > 0) {
        beginInsertRows({}, int(m_records.size()), int(m_records.size() + taken - 1));
        m_records.append(records.mid(0, taken));
        endInsertRows();
    }
    return records.size() - taken;
}

int RecordListModel::rowOf(qint32 partition, qint64 offset) const
{
    for (qsizetype i = 0; i < m_records.size(); ++i) {
        if (m_records.at(i).partition == partition && m_records.at(i).offset == offset)
            return int(i);
    }
    return -1;
}

QString RecordListModel::preview(const std::optional<QByteArray> &bytes, int chars)
{
    if (!bytes)
        return tr("null");
    // The first bytes only (a value may be 1 MiB); a character cut at the
    // end stays in the decoder's state, it is no error.
    QStringDecoder decoder(QStringDecoder::Utf8);
    QString text = decoder.decode(bytes->left(chars * 4));
    if (decoder.hasError())
        return tr("binary, %1").arg(sizeText(bytes->size()));
    const bool cut = text.size() > chars || bytes->size() > chars * 4;
    text = text.left(chars);
    text.replace(u'\n', u' ').replace(u'\r', u' ').replace(u'\t', u' ');
    return cut ? text + u'…' : text;
}

QString RecordListModel::timestampText(qint64 ms)
{
    if (ms < 0)
        return tr("none");
    return QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
}

QVariant RecordListModel::data(const QModelIndex &index, int role) const
{
    const kafka::RecordView *r = recordAt(index.row());
    if (!r || !index.isValid())
        return {};
    if (role == Qt::TextAlignmentRole) {
        const bool number = index.column() == Partition || index.column() == Offset || index.column() == Headers;
        return number ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    }
    if (role == Qt::ToolTipRole && index.column() == Timestamp)
        return r->logAppendTime ? tr("Set by Depot when the record was appended (LogAppendTime)")
                                : tr("Set by the producer (CreateTime)");
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Partition: return r->partition;
    case Offset: return r->offset;
    case Timestamp: return timestampText(r->timestamp);
    case Key: return preview(r->key, 40);
    case Value: return r->value ? preview(r->value) : tr("tombstone (no value)");
    case Headers: return int(r->headers.size());
    case Topic: return r->topic;
    default: return {};
    }
}

QVariant RecordListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Partition: return tr("Partition");
    case Offset: return tr("Offset");
    case Timestamp: return tr("Timestamp");
    case Key: return tr("Key");
    case Value: return tr("Value");
    case Headers: return tr("Headers");
    case Topic: return tr("Topic");
    default: return {};
    }
}

// ---- GroupListModel ----

qint64 shownLag(const kafka::GroupOffsetView &o)
{
    // -1: committed, but the topic is gone (no log end to count to).
    return o.committed < 0 ? qMax<qint64>(0, o.highWatermark - o.logStartOffset) : o.lag;
}

qint64 shownLag(const kafka::GroupView &group)
{
    qint64 total = 0;
    for (const kafka::GroupOffsetView &o : group.offsets)
        total += qMax<qint64>(0, shownLag(o));
    return total;
}

QVariant GroupListModel::cell(const kafka::GroupView &g, int column, int role) const
{
    if (role == Qt::TextAlignmentRole)
        return column == Members || column == Lag ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    if (role == SortRole) {
        switch (column) {
        case Name: return g.name;
        case State: return g.state;
        case Members: return int(g.members.size());
        case Lag: return shownLag(g);
        default: return {};
        }
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (column) {
    case Name: return g.name;
    case State: return g.state;   // Kafka's own names, as its tools show them
    case Members: return count(g.members.size());
    case Lag: return count(shownLag(g));
    default: return {};
    }
}

QString GroupListModel::header(int column) const
{
    switch (column) {
    case Name: return tr("Group");
    case State: return tr("State");
    case Members: return tr("Members");
    case Lag: return tr("Lag");
    default: return {};
    }
}

// ---- GroupMemberModel ----

QString GroupMemberModel::assignmentText(const QList<QPair<QString, QList<qint32>>> &assignment)
{
    QStringList parts;
    for (const auto &[topic, partitions] : assignment) {
        QStringList numbers;
        for (qint32 p : partitions)
            numbers << QString::number(p);
        parts << topic + QStringLiteral(": ") + numbers.join(QStringLiteral(", "));
    }
    return parts.join(QStringLiteral("; "));
}

QVariant GroupMemberModel::cell(const kafka::GroupMemberView &m, int column, int role) const
{
    if (role != Qt::DisplayRole && role != SortRole)
        return {};
    switch (column) {
    case ClientId: return m.clientId;
    case Host: return m.clientHost;
    case Assignment: return assignmentText(m.assignment);
    case InstanceId: return m.groupInstanceId;
    case MemberId: return m.memberId;
    default: return {};
    }
}

QString GroupMemberModel::header(int column) const
{
    switch (column) {
    case ClientId: return tr("Client id");
    case Host: return tr("Host");
    case Assignment: return tr("Assigned partitions");
    case InstanceId: return tr("Instance id");
    case MemberId: return tr("Member id");
    default: return {};
    }
}

// ---- GroupOffsetModel ----

QVariant GroupOffsetModel::cell(const kafka::GroupOffsetView &o, int column, int role) const
{
    if (role == Qt::TextAlignmentRole)
        return column == Topic ? QVariant() : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    const qint64 lag = shownLag(o);
    if (role == SortRole) {
        switch (column) {
        case Topic: return o.topic;
        case Partition: return o.partition;
        case Committed: return o.committed;
        case End: return o.highWatermark;
        case Lag: return lag;
        default: return {};
        }
    }
    if (role == Qt::ToolTipRole && column == Committed && !o.metadata.isEmpty())
        return tr("Metadata: %1").arg(o.metadata);
    if (role == Qt::ToolTipRole && o.committed < 0 && (column == Committed || column == Lag))
        return tr("Assigned to a member, with no offset committed yet: the lag counts every record from the log "
                  "start (%1) to the log end").arg(count(o.logStartOffset));
    if (role == Qt::FontRole && o.committed < 0 && column == Committed) {
        QFont italic;
        italic.setItalic(true);
        return italic;
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (column) {
    case Topic: return o.topic;
    case Partition: return o.partition;
    case Committed: return o.committed < 0 ? tr("no commit") : count(o.committed);
    case End: return count(o.highWatermark);
    case Lag: return lag < 0 ? QStringLiteral("–") : count(lag);
    default: return {};
    }
}

QString GroupOffsetModel::header(int column) const
{
    switch (column) {
    case Topic: return tr("Topic");
    case Partition: return tr("Partition");
    case Committed: return tr("Committed");
    case End: return tr("Log end");
    case Lag: return tr("Lag");
    default: return {};
    }
}

} // namespace depot::ui
