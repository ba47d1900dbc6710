#include "ui/models/QueueListModel.h"

#include "ui/Translations.h"

#include <QFont>
#include <QGuiApplication>
#include <QIcon>
#include <QLocale>
#include <QPalette>
#include <algorithm>

namespace depot::ui {

QString rateText(double perSecond)
{
    if (perSecond <= 0)
        return QStringLiteral("0");
    const QLocale locale;
    return perSecond < 10 ? locale.toString(perSecond, 'f', 1) : locale.toString(qRound64(perSecond));
}

namespace {

// Whether SparklineDelegate draws the two histories alike: it draws nothing
// below two samples, and any flat history as the same line along the bottom
// (however long, at whatever depth), so a quiet queue is not repainted.
bool drawnAlike(const QList<double> &a, const QList<double> &b)
{
    const auto flat = [](const QList<double> &h) {
        return std::all_of(h.begin(), h.end(), [&](double v) { return v == h.first(); });
    };
    if (a.size() < 2 || b.size() < 2)
        return a.size() < 2 && b.size() < 2;
    return flat(a) && flat(b);
}

// A visibility timeout as a user sets it: seconds, or whole minutes/hours.
QString durationText(qint64 seconds)
{
    const QLocale locale;
    if (seconds >= 3600 && seconds % 3600 == 0)
        return QueueListModel::tr("%1 h").arg(locale.toString(seconds / 3600));
    if (seconds >= 120 && seconds % 60 == 0)
        return QueueListModel::tr("%1 min").arg(locale.toString(seconds / 60));
    return QueueListModel::tr("%1 s").arg(locale.toString(seconds));
}

// What a policy sets, as its keys and values read in its JSON
// ("max-length = 2, dead-letter-exchange = \"\", retry-delays = [300, 600]"):
// the names are RabbitMQ's, which is what a user types in a policy.
QString policyText(const QVariantMap &definition)
{
    const auto value = [](const QVariant &v) -> QString {
        if (v.typeId() == QMetaType::QString)
            return QStringLiteral("\"%1\"").arg(v.toString());
        if (v.typeId() == QMetaType::QVariantList) {
            QStringList items;
            for (const QVariant &item : v.toList())
                items << item.toString();
            return QStringLiteral("[%1]").arg(items.join(QStringLiteral(", ")));
        }
        return v.toString();
    };
    QStringList parts;
    for (auto it = definition.cbegin(); it != definition.cend(); ++it)
        parts << QStringLiteral("%1 = %2").arg(it.key(), value(it.value()));
    return parts.join(QStringLiteral(", "));
}

} // namespace

QueueListModel::QueueListModel(QObject *parent)
    : SnapshotTableModel<QueueListRow>(parent)
{
}

QueueListModel::~QueueListModel() = default;

int QueueListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

ColumnSpan QueueListModel::changedColumns(const QueueListRow &before, const QueueListRow &after) const
{
    const QueueRow &a = before.queue;
    const QueueRow &b = after.queue;
    ColumnSpan span;
    // The name cell: its icon, and red while a dead-letter queue holds messages.
    if (a.isDeadLetterQueue != b.isDeadLetterQueue || (a.isDeadLetterQueue && (a.total() > 0) != (b.total() > 0))
        || a.paused != b.paused
        // the filter text and tooltip name the policy
        || a.policy != b.policy || a.operatorPolicy != b.operatorPolicy || a.policyDefinition != b.policyDefinition)
        span.add(Name);
    if (a.ready != b.ready)
        span.add(Ready);
    if (a.unacked != b.unacked)
        span.add(Unacked);
    if (a.total() != b.total())
        span.add(Total);
    if (a.consumers != b.consumers)
        span.add(Consumers);
    if (a.inRate != b.inRate)
        span.add(InRate);
    if (a.outRate != b.outRate)
        span.add(OutRate);
    if (!drawnAlike(before.depthHistory, after.depthHistory))
        span.add(Depth);
    if (a.deadLettersGoTo != b.deadLettersGoTo || a.fedBy != b.fedBy || a.maxReceiveCount() != b.maxReceiveCount())
        span.add(DeadLetterLink);
    if (a.kindText() != b.kindText())
        span.add(Kind);
    // Only SQS queues show an in-flight count: an AMQP queue's unacked
    // changes repaint no more than before.
    if ((a.isSqs() || b.isSqs()) && (a.unacked != b.unacked || a.isSqs() != b.isSqs()))
        span.add(InFlight);
    if (a.delayed != b.delayed)
        span.add(Delayed);
    if (a.visibilityTimeoutSeconds() != b.visibilityTimeoutSeconds())
        span.add(Visibility);
    return span;
}

void QueueListModel::updateFromSnapshot(const SnapshotPtr &snapshot)
{
    QList<QueueListRow> rows;
    rows.reserve(snapshot->queues.size());
    QHash<QString, QList<double>> history;
    for (const QueueRow &q : snapshot->queues) {
        QList<double> h = m_history.value(q.name);
        h.append(double(q.total()));
        if (h.size() > HistoryLength)
            h.remove(0, h.size() - HistoryLength);
        history.insert(q.name, h);
        rows.append(QueueListRow{q, h});
    }
    m_history = std::move(history);   // forgets deleted queues
    applyRows(std::move(rows));
}

QStringList QueueListModel::queueNames() const
{
    QStringList names;
    for (const QueueListRow &r : m_rows)
        names.append(r.queue.name);
    names.sort();
    return names;
}

bool QueueListModel::hasSqsQueue() const
{
    return std::any_of(m_rows.cbegin(), m_rows.cend(), [](const QueueListRow &r) { return r.queue.isSqs(); });
}

QVariant QueueListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const QueueListRow &row = m_rows.at(index.row());
    const QueueRow &q = row.queue;
    const QLocale locale;

    switch (role) {
    case QueueNameRole:
        return q.name;
    case FilterTextRole: {
        // The queue filter finds queues by name, by kind ("dead-letter",
        // "dlq") and by their arguments ("x-message-ttl", "ttl=6000").
        QStringList words = {q.name};
        if (q.isDeadLetterQueue)
            words << QStringLiteral("dead-letter-queue dlq");
        words << q.kindText();
        words << (q.durable ? QStringLiteral("durable") : QStringLiteral("transient"));
        if (q.paused)
            words << QStringLiteral("paused");
        if (!q.policy.isEmpty())
            words << QStringLiteral("policy=") + q.policy;
        if (!q.operatorPolicy.isEmpty())
            words << QStringLiteral("operator-policy=") + q.operatorPolicy;
        for (auto it = q.arguments.cbegin(); it != q.arguments.cend(); ++it) {
            words << it.key() + u'=' + it.value().toString();
            if (it.key().startsWith(QStringLiteral("x-")))
                words << it.key().mid(2) + u'=' + it.value().toString();
        }
        return words.join(u'\n');
    }
    case IsDeadLetterQueueRole:
        return q.isDeadLetterQueue;
    case IsSqsRole:
        return q.isSqs();
    case LinkTargetRole:
        // A queue's redrive target first (where its dead letters go), else
        // the first queue feeding this dead-letter queue.
        if (!q.deadLettersGoTo.isEmpty())
            return q.deadLettersGoTo.first();
        return q.fedBy.isEmpty() ? QString() : q.fedBy.first();
    case DepthHistoryRole:
        return QVariant::fromValue(row.depthHistory);
    case PausedRole:
        return q.paused;
    case SortRole:
        switch (index.column()) {
        case Name: return q.name;
        case Ready: return q.ready;
        case Unacked: return q.unacked;
        case Total: return q.total();
        case Consumers: return q.consumers;
        case InRate: return q.inRate;
        case OutRate: return q.outRate;
        case Depth: return q.total();
        case DeadLetterLink: return QString(q.deadLettersGoTo.join(u' ') + q.fedBy.join(u' '));
        case Kind: return q.kindText();
        case InFlight: return q.isSqs() ? q.unacked : 0;
        case Delayed: return q.delayed;
        case Visibility: return q.visibilityTimeoutSeconds();
        }
        return {};
    case Qt::DisplayRole:
        switch (index.column()) {
        case Name: {
            const QString name = q.name.isEmpty() ? tr("(unnamed)") : q.name;
            return q.paused ? tr("%1  ⏸ paused").arg(name) : name;
        }
        case Ready: return locale.toString(q.ready);
        case Unacked: return locale.toString(q.unacked);
        case Total: return locale.toString(q.total());
        case Consumers: return locale.toString(q.consumers);
        case InRate: return rateText(q.inRate);
        case OutRate: return rateText(q.outRate);
        case Depth: return {};
        case DeadLetterLink:
            if (!q.fedBy.isEmpty())
                return tr("← fed by %1").arg(q.fedBy.join(QStringLiteral(", ")));
            if (!q.deadLettersGoTo.isEmpty())
                return tr("→ %1").arg(q.deadLettersGoTo.join(QStringLiteral(", ")));
            return {};
        case Kind: return q.kindText();
        case InFlight: return q.isSqs() ? locale.toString(q.unacked) : QString();
        case Delayed: return locale.toString(q.delayed);
        case Visibility: return q.isSqs() ? durationText(q.visibilityTimeoutSeconds()) : QString();
        }
        return {};
    case Qt::TextAlignmentRole:
        if ((index.column() >= Ready && index.column() <= OutRate) || index.column() >= InFlight)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::DecorationRole:
        if (index.column() == Name) {
            // One icon each for the model's life: a QIcon made per call would
            // parse and render its SVG again on every repaint (measured: most of
            // a 20-27 ms queue-list repaint with 100 queues).
            if (m_queueIcon.isNull()) {
                m_queueIcon = QIcon(QStringLiteral(":/depot/ui/icons/queue.svg"));
                m_deadLetterIcon = QIcon(QStringLiteral(":/depot/ui/icons/dead-letter.svg"));
            }
            return q.isDeadLetterQueue ? m_deadLetterIcon : m_queueIcon;
        }
        return {};
    case Qt::ForegroundRole:
        if (index.column() == Name && q.isDeadLetterQueue && q.total() > 0)
            return QColor(0xd0, 0x3a, 0x2f);
        if (index.column() == Name && q.paused)
            return QColor(0xb0, 0x6a, 0x00);
        // The dead-letter column is a link: a click opens the queue it names.
        if (index.column() == DeadLetterLink && (!q.deadLettersGoTo.isEmpty() || !q.fedBy.isEmpty()))
            return QGuiApplication::palette().color(QPalette::Link);
        return {};
    case Qt::FontRole:
        if (index.column() == DeadLetterLink && (!q.deadLettersGoTo.isEmpty() || !q.fedBy.isEmpty())) {
            QFont font;
            font.setUnderline(true);
            return font;
        }
        return {};
    case Qt::ToolTipRole: {
        QStringList lines;
        lines << tr("Queue %1").arg(q.name);
        if (q.paused)
            lines << tr("Paused: consumers stay attached and get nothing until it is resumed");
        if (q.isDeadLetterQueue)
            lines << tr("Dead-letter queue");
        if (!q.fedBy.isEmpty())
            lines << tr("Fed by the dead letters of: %1").arg(q.fedBy.join(QStringLiteral(", ")));
        if (!q.deadLettersGoTo.isEmpty())
            lines << tr("Dead letters go to: %1").arg(q.deadLettersGoTo.join(QStringLiteral(", ")));
        else if (!q.deadLetterExchange.isEmpty())
            lines << tr("Dead-letter exchange: %1 (no queue bound yet)").arg(q.deadLetterExchange);
        lines << tr("%1 ready, %2 unacknowledged, %3 byte(s)", nullptr, pluralCount(q.bytes))
                     .arg(locale.toString(q.ready), locale.toString(q.unacked), locale.toString(q.bytes));
        if (q.isStream())
            lines << tr("Stream: a log read from an offset, nothing removed by reading; browse it by offset or "
                        "time in the Kafka tab's topics");
        if (q.isSqs()) {
            lines << (q.isSqsFifo() ? tr("Amazon SQS FIFO queue") : tr("Amazon SQS standard queue"));
            lines << tr("%1 message(s) in flight (received, not deleted yet)", nullptr, pluralCount(q.unacked))
                         .arg(locale.toString(q.unacked));
            lines << tr("%1 message(s) delayed", nullptr, pluralCount(q.delayed)).arg(locale.toString(q.delayed));
            lines << tr("Visibility timeout: %1").arg(durationText(q.visibilityTimeoutSeconds()));
            if (q.maxReceiveCount() > 0 && !q.deadLettersGoTo.isEmpty())
                lines << tr("Redrive: after %Ln receive(s) a message moves to %1", nullptr, pluralCount(q.maxReceiveCount()))
                             .arg(q.deadLettersGoTo.join(QStringLiteral(", ")));
        }
        if (!q.policy.isEmpty())
            lines << tr("Policy: %1").arg(q.policy);
        if (!q.operatorPolicy.isEmpty())
            lines << tr("Operator policy: %1").arg(q.operatorPolicy);
        if (!q.policyDefinition.isEmpty())
            lines << tr("Set by policy: %1").arg(policyText(q.policyDefinition));
        if (index.column() == DeadLetterLink && (!q.deadLettersGoTo.isEmpty() || !q.fedBy.isEmpty()))
            lines << tr("Click to open %1").arg(
                q.deadLettersGoTo.isEmpty() ? q.fedBy.first() : q.deadLettersGoTo.first());
        lines << (q.durable ? tr("Durable") : tr("Transient"));
        return lines.join(u'\n');
    }
    default:
        return {};
    }
}

QVariant QueueListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::DisplayRole) {
        switch (section) {
        case Name: return tr("Queue");
        case Ready: return tr("Ready");
        case Unacked: return tr("Unacked");
        case Total: return tr("Total");
        case Consumers: return tr("Consumers");
        case InRate: return tr("In/s");
        case OutRate: return tr("Out/s");
        case Depth: return tr("Depth");
        case DeadLetterLink: return tr("Dead letters");
        case Kind: return tr("Kind");
        case InFlight: return tr("In flight");
        case Delayed: return tr("Delayed");
        case Visibility: return tr("Visibility");
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case InRate: return tr("Messages enqueued per second");
        case OutRate: return tr("Messages delivered per second");
        case Depth: return tr("Ready + unacknowledged over the last 30 seconds");
        case DeadLetterLink: return tr("Where this queue's dead letters go (→), or which queues feed it (←); click to open that queue");
        case Kind: return tr("AMQP, or an Amazon SQS standard or FIFO queue");
        case InFlight: return tr("SQS: messages received and not deleted yet, invisible until their visibility timeout runs out");
        case Delayed: return tr("Messages not visible yet because of a delay (SQS DelaySeconds)");
        case Visibility: return tr("SQS: the queue's default visibility timeout");
        }
    }
    return {};
}

} // namespace depot::ui
