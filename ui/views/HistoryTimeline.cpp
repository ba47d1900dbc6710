#include "ui/views/HistoryTimeline.h"

#include "ui/views/WrappedRows.h"

#include <QDateTime>
#include <QFrame>
#include <QHeaderView>
#include <QLabel>
#include <QPainter>
#include <QPixmap>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace depot::ui {

namespace {

QString quoted(const QString &name)
{
    return HistoryTimeline::tr("“%1”").arg(name);
}

QString exchangeName(const QString &name)
{
    return name.isEmpty() ? HistoryTimeline::tr("the default exchange") : HistoryTimeline::tr("exchange %1").arg(quoted(name));
}

QColor dotColour(HistoryEventKind kind)
{
    switch (kind) {
    case HistoryEventKind::Published:
    case HistoryEventKind::Routed:
    case HistoryEventKind::Acked:
    case HistoryEventKind::Restored:
        return QColor(0x2e, 0x9d, 0x4f);
    case HistoryEventKind::Delivered:
        return QColor(0x2f, 0x6f, 0xd6);
    case HistoryEventKind::Rejected:
    case HistoryEventKind::Expired:
    case HistoryEventKind::Unroutable:
        return QColor(0xd9, 0x8a, 0x12);
    case HistoryEventKind::DeadLettered:
    case HistoryEventKind::Dropped:
    case HistoryEventKind::Purged:
    case HistoryEventKind::Deleted:
        return QColor(0xc8, 0x3a, 0x3a);
    case HistoryEventKind::Moved:
    case HistoryEventKind::Copied:
    case HistoryEventKind::Replayed:
    case HistoryEventKind::Edited:
        return QColor(0x8a, 0x4f, 0xc4);
    }
    return Qt::gray;
}

QIcon dot(HistoryEventKind kind)
{
    QPixmap pixmap(12, 12);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(Qt::NoPen);
    painter.setBrush(dotColour(kind));
    painter.drawEllipse(QRectF(1, 1, 10, 10));
    return QIcon(pixmap);
}

QString timeText(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
}

// The Time column: the time of day only, so the details keep the room; the
// date is in its tooltip and the pane below.
QString shortTimeText(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("HH:mm:ss.zzz"));
}

} // namespace

HistoryTimeline::HistoryTimeline(QWidget *parent)
    : QWidget(parent)
    , m_summary(new QLabel(this))
    , m_events(new QTreeWidget(this))
    , m_details(new QLabel(this))
{
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_events->setObjectName(QStringLiteral("historyEvents"));
    m_events->setRootIsDecorated(false);
    m_events->setAlternatingRowColors(true);
    m_events->setHeaderLabels({tr("Time"), tr("Event"), tr("By"), tr("Details")});
    m_events->header()->setStretchLastSection(true);
    m_events->header()->setSectionResizeMode(QHeaderView::Interactive);
    // Details wrap at their column's width (a narrow inspector would cut
    // them off); rows grow to fit.
    wrapRowsAtColumnWidth(m_events);
    m_details->setObjectName(QStringLiteral("historyEventDetails"));
    m_details->setWordWrap(true);
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_details->setTextFormat(Qt::PlainText);
    m_details->setFrameShape(QFrame::StyledPanel);
    m_details->setMargin(4);
    // Room for the event's two lines (three when the details wrap) even
    // where the tab is short: the list above gives way first.
    m_details->setMinimumHeight(m_details->fontMetrics().lineSpacing() * 3 + 2 * 4 + 2 * m_details->frameWidth());
    m_details->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    connect(m_events, &QTreeWidget::currentItemChanged, this, &HistoryTimeline::showCurrentEvent);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_summary);
    layout->addWidget(m_events, 1);
    layout->addWidget(m_details);
    showNote(QString());
}

HistoryTimeline::~HistoryTimeline() = default;

QString HistoryTimeline::eventLabel(HistoryEventKind kind)
{
    switch (kind) {
    case HistoryEventKind::Published: return tr("Published");
    case HistoryEventKind::Routed: return tr("Routed");
    case HistoryEventKind::Unroutable: return tr("Unroutable");
    case HistoryEventKind::Delivered: return tr("Delivered");
    case HistoryEventKind::Acked: return tr("Acknowledged");
    case HistoryEventKind::Rejected: return tr("Rejected");
    case HistoryEventKind::Expired: return tr("Expired");
    case HistoryEventKind::DeadLettered: return tr("Dead-lettered");
    case HistoryEventKind::Moved: return tr("Moved");
    case HistoryEventKind::Copied: return tr("Copied");
    case HistoryEventKind::Replayed: return tr("Replayed");
    case HistoryEventKind::Edited: return tr("Edited and resent");
    case HistoryEventKind::Purged: return tr("Purged");
    case HistoryEventKind::Deleted: return tr("Deleted");
    case HistoryEventKind::Dropped: return tr("Dropped");
    case HistoryEventKind::Restored: return tr("Restored");
    }
    return QString();
}

QString HistoryTimeline::actorText(const HistoryActor &actor)
{
    switch (actor.kind) {
    case HistoryActor::Kind::Broker:
        return tr("Depot");
    case HistoryActor::Kind::Window:
        return tr("the window");
    case HistoryActor::Kind::Http:
        return tr("HTTP API, user %1").arg(actor.user);
    case HistoryActor::Kind::Sqs:
        return actor.user.isEmpty() ? tr("SQS %1").arg(actor.name) : tr("SQS %1, key %2").arg(actor.name, actor.user);
    case HistoryActor::Kind::Connection:
        if (actor.name.isEmpty())
            return tr("a connection without a name");
        if (actor.name != actor.address && !actor.address.isEmpty())
            return tr("%1 (%2, user %3)").arg(actor.name, actor.address, actor.user);
        return tr("%1 (user %2)").arg(actor.name, actor.user);
    }
    return QString();
}

QString HistoryTimeline::detailsText(const HistoryEvent &e)
{
    QString text;
    switch (e.kind) {
    case HistoryEventKind::Published:
        text = tr("to %1 with routing key %2").arg(exchangeName(e.where), quoted(e.detail));
        break;
    case HistoryEventKind::Routed:
        text = tr("to %1").arg(e.detail);
        break;
    case HistoryEventKind::Unroutable:
        text = e.flag ? tr("no queue for routing key %1 on %2; returned to the publisher").arg(quoted(e.detail), exchangeName(e.where))
                      : tr("no queue for routing key %1 on %2").arg(quoted(e.detail), exchangeName(e.where));
        break;
    case HistoryEventKind::Delivered:
        text = e.detail.isEmpty() ? tr("from %1 (get), delivery %2").arg(quoted(e.where)).arg(e.count)
                                  : tr("from %1 to consumer %2, delivery %3").arg(quoted(e.where), e.detail).arg(e.count);
        break;
    case HistoryEventKind::Rejected:
        text = e.flag ? tr("in %1, requeued").arg(quoted(e.where)) : tr("in %1, not requeued").arg(quoted(e.where));
        // A requeue nobody asked for says why ("channel closed", "lease expired").
        if (!e.reason.isEmpty())
            text = tr("%1 (%2)").arg(text, e.reason);
        break;
    case HistoryEventKind::DeadLettered:
        text = tr("from %1 to %2 (%3)").arg(quoted(e.where), e.detail, e.reason);
        break;
    case HistoryEventKind::Moved:
    case HistoryEventKind::Replayed:
        text = tr("from %1 to %2, now id %3").arg(quoted(e.where), quoted(e.detail)).arg(e.link);
        break;
    case HistoryEventKind::Copied:
        text = e.reason.isEmpty() ? tr("from %1 to %2, the copy is id %3").arg(quoted(e.where), quoted(e.detail)).arg(e.link)
                                  : tr("a copy of id %1, from %2 to %3").arg(e.link).arg(quoted(e.where), quoted(e.detail));
        break;
    case HistoryEventKind::Edited:
        // The original's side names the copy (and where it went); the copy's names the original.
        text = e.reason.isEmpty() ? tr("edited and resent as id %1 to %2").arg(e.link).arg(quoted(e.detail))
                                  : tr("edited from id %1 in %2").arg(e.link).arg(quoted(e.where));
        break;
    default:
        text = tr("in %1").arg(quoted(e.where));
        if (!e.reason.isEmpty())
            text = tr("%1 (%2)").arg(text, e.reason);
        break;
    }
    return text;
}

QString HistoryTimeline::storySummary(const MessageStory &story)
{
    QStringList ids;
    for (MessageId id : story.ids)
        ids.append(QString::number(id));
    QStringList parts{tr("Id %1").arg(ids.join(QStringLiteral(" → ")))};
    if (!story.messageId.isEmpty())
        parts.append(tr("message-id %1").arg(story.messageId));
    if (!story.correlationId.isEmpty())
        parts.append(tr("correlation-id %1").arg(story.correlationId));
    parts.append(story.goneAt ? tr("gone since %1").arg(timeText(story.goneAt))
                              : tr("in %1").arg(quoted(story.queue)));
    return parts.join(QStringLiteral(" · "));
}

void HistoryTimeline::showStory(const MessageStory &story)
{
    m_summary->setText(storySummary(story));
    m_events->clear();
    QList<QTreeWidgetItem *> items;
    for (const HistoryEntry &entry : story.events) {
        auto *item = new QTreeWidgetItem(
            QStringList{shortTimeText(entry.event.at), eventLabel(entry.event.kind), actorText(entry.actor),
                detailsText(entry.event)});
        item->setData(TimeColumn, Qt::UserRole, entry.event.at);
        item->setToolTip(TimeColumn, timeText(entry.event.at));
        item->setIcon(EventColumn, dot(entry.event.kind));
        item->setData(EventColumn, Qt::UserRole, int(entry.event.kind));
        item->setToolTip(DetailsColumn, item->text(DetailsColumn));
        item->setToolTip(ActorColumn, item->text(ActorColumn));
        items.append(item);
    }
    m_events->addTopLevelItems(items);
    m_events->setEnabled(true);
    for (int column : {TimeColumn, EventColumn, ActorColumn})
        m_events->resizeColumnToContents(column);
    // Who did it gets at most ~9 wide characters' width (it wraps; the pane
    // below and its tooltip have it whole), so the details keep room even
    // in a narrow inspector.
    const int actorCap = m_events->fontMetrics().horizontalAdvance(QLatin1Char('M')) * 9;
    if (m_events->columnWidth(ActorColumn) > actorCap)
        m_events->setColumnWidth(ActorColumn, actorCap);
    // The last event (where the message is now, or why it went) is shown whole.
    if (!items.isEmpty())
        m_events->setCurrentItem(items.back());
    showCurrentEvent();
}

void HistoryTimeline::showCurrentEvent()
{
    const QTreeWidgetItem *item = m_events->currentItem();
    m_details->setVisible(item != nullptr);
    if (!item)
        return;
    m_details->setText(tr("%1 · %2 · by %3\n%4")
                           .arg(timeText(item->data(TimeColumn, Qt::UserRole).toLongLong()), item->text(EventColumn),
                               item->text(ActorColumn),
                               item->text(DetailsColumn)));
}

void HistoryTimeline::showNote(const QString &note)
{
    m_summary->setText(note);
    m_events->clear();
    m_events->setEnabled(false);
    showCurrentEvent();
}

} // namespace depot::ui
