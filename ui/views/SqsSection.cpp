#include "ui/views/SqsSection.h"

#include "broker/sqs/codec/SqsMessageAttributes.h"

#include <QDateTime>
#include <QFont>
#include <QHeaderView>
#include <QLocale>
#include <QTimer>

namespace depot::ui {

SqsSection::SqsSection(QWidget *parent)
    : QTreeWidget(parent)
    , m_visibilityTick(new QTimer(this))
{
    setObjectName(QStringLiteral("sqsTree"));
    setHeaderLabels({tr("Attribute"), tr("Value")});
    setRootIsDecorated(true);
    setUniformRowHeights(true);
    header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_visibilityTick->setInterval(1000);
    connect(m_visibilityTick, &QTimer::timeout, this, &SqsSection::updateVisibility);
}

SqsSection::~SqsSection() = default;

void SqsSection::clearMessage()
{
    clear();
    m_message.reset();
    m_visibilityItem = nullptr;
    m_visibilityTick->stop();
}

void SqsSection::showMessage(const MessageView &message, bool fifo)
{
    clear();
    m_message = message;
    const QueuedMessage &m = message.state;
    const MessageContent &c = *m.content;
    const QVariantMap headers = c.properties.headers.value_or(QVariantMap());
    const QLocale locale;
    const auto time = [](qint64 ms) {
        return QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
    };
    const auto group = [this](const QString &title) {
        auto *item = new QTreeWidgetItem(this, {title});
        QFont bold = item->font(0);
        bold.setBold(true);
        item->setFont(0, bold);
        item->setFirstColumnSpanned(true);
        return item;
    };
    const auto pair = [](QTreeWidgetItem *parent, const QString &key, const QString &value) {
        auto *item = new QTreeWidgetItem(parent, {key, value});
        item->setToolTip(1, value);
        return item;
    };

    // Receipts: what the engine keeps of them (first receive, count, the
    // current lease's deadline), which is what SQS reports too.
    QTreeWidgetItem *receipts = group(tr("Receipts"));
    m_visibilityItem = pair(receipts, tr("Visibility"), QString());
    pair(receipts, QStringLiteral("ApproximateReceiveCount"), locale.toString(m.deliveryCount));
    pair(receipts, QStringLiteral("ApproximateFirstReceiveTimestamp"),
        m.firstDeliveredAt() ? time(m.firstDeliveredAt()) : tr("not received yet"));
    if (m.deliveryCount > 0) {
        const QString history = m.deliveryCount == 1
            ? tr("received once, at %1").arg(time(m.firstDeliveredAt()))
            : tr("first received at %1, received %Ln time(s) in all", nullptr, int(m.deliveryCount))
                  .arg(m.firstDeliveredAt() ? time(m.firstDeliveredAt()) : tr("(unknown)"));
        pair(receipts, tr("History"), history);
    }

    // System attributes, by the names a ReceiveMessage returns them under.
    QTreeWidgetItem *system = group(tr("System attributes"));
    const qint64 sent = headers.contains(QStringLiteral("x-sqs-sent-timestamp"))
        ? headers.value(QStringLiteral("x-sqs-sent-timestamp")).toLongLong()
        : (c.properties.timestamp ? *c.properties.timestamp * 1000 : m.enqueuedAt);
    pair(system, QStringLiteral("SentTimestamp"), QStringLiteral("%1 (%2)").arg(time(sent)).arg(sent));
    if (const QString sender = headers.value(QStringLiteral("x-sqs-sender-id")).toString(); !sender.isEmpty())
        pair(system, QStringLiteral("SenderId"), sender);
    if (c.properties.messageId)
        pair(system, QStringLiteral("MessageId"), *c.properties.messageId);
    if (!c.groupKey.isEmpty())
        pair(system, QStringLiteral("MessageGroupId"), c.groupKey);
    if (!c.deduplicationId.isEmpty())
        pair(system, QStringLiteral("MessageDeduplicationId"), c.deduplicationId);
    if (fifo)
        pair(system, QStringLiteral("SequenceNumber"), QString::number(m.id));
    if (const QString trace = headers.value(QStringLiteral("x-sqs-aws-trace-header")).toString(); !trace.isEmpty())
        pair(system, QStringLiteral("AWSTraceHeader"), trace);
    if (!c.deaths.records.isEmpty())
        pair(system, QStringLiteral("DeadLetterQueueSourceArn"), tr("queue %1").arg(c.deaths.records.first().queue));

    // Message attributes, as an SQS client sent (and receives) them.
    const sqs::MessageAttributes attributes = sqs::readAttributeHeaders(headers);
    QTreeWidgetItem *attrs = group(tr("Message attributes (%1)").arg(attributes.size()));
    for (auto it = attributes.cbegin(); it != attributes.cend(); ++it) {
        const QString value = it->isBinary() ? QString::fromLatin1(it->binaryValue.toBase64()) : it->stringValue;
        QTreeWidgetItem *item = pair(attrs, it.key(), value);
        item->setText(0, QStringLiteral("%1 (%2)").arg(it.key(), it->dataType));
    }
    expandAll();
    updateVisibility();
}

QString SqsSection::visibilityText() const
{
    return m_visibilityItem ? m_visibilityItem->text(1) : QString();
}

void SqsSection::updateVisibility()
{
    if (!m_visibilityItem || !m_message) {
        m_visibilityTick->stop();
        return;
    }
    const qint64 now = m_clock ? m_clock() : QDateTime::currentMSecsSinceEpoch();
    const auto at = [](qint64 ms) { return QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("HH:mm:ss")); };
    // "23 s", "9 min 48 s", "2 h 5 min": a visibility timeout runs up to 12 h.
    const auto in = [now](qint64 ms) {
        const qint64 seconds = (ms - now + 999) / 1000;
        const QLocale locale;
        if (seconds < 120)
            return tr("%1 s").arg(locale.toString(seconds));
        if (seconds < 7200)
            return tr("%1 min %2 s").arg(locale.toString(seconds / 60), locale.toString(seconds % 60));
        return tr("%1 h %2 min").arg(locale.toString(seconds / 3600), locale.toString(seconds % 3600 / 60));
    };
    const MessageView &v = *m_message;
    QString text;
    bool ticking = false;
    if (v.unacked && v.leaseDeadline > 0) {
        if (v.leaseDeadline > now) {
            text = tr("in flight: visible again in %1 (at %2)").arg(in(v.leaseDeadline), at(v.leaseDeadline));
            ticking = true;
        } else {
            text = tr("visible again since %1 (its visibility timeout ran out)").arg(at(v.leaseDeadline));
            if (m_visibilityTick->isActive())
                QTimer::singleShot(0, this, &SqsSection::visibilityChanged); // it ran out while shown
        }
    } else if (v.unacked) {
        text = tr("in flight until its consumer settles it (no visibility timeout)");
    } else if (v.state.readyAt > now) {
        text = tr("delayed: visible in %1 (at %2)").arg(in(v.state.readyAt), at(v.state.readyAt));
        ticking = true;
    } else {
        text = tr("visible: the next receive can take it");
        if (m_visibilityTick->isActive() && v.state.readyAt > 0)
            QTimer::singleShot(0, this, &SqsSection::visibilityChanged); // its delay passed while shown
    }
    m_visibilityItem->setText(1, text);
    m_visibilityItem->setToolTip(1, text);
    if (ticking && !m_visibilityTick->isActive())
        m_visibilityTick->start();
    else if (!ticking)
        m_visibilityTick->stop();
}

} // namespace depot::ui
