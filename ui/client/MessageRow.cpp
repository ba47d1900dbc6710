#include "ui/client/MessageRow.h"

#include <QStringDecoder>
#include <algorithm>

namespace depot::ui {

QString bodyPreview(const QByteArray &body, int maxChars)
{
    // Decode only a prefix: a preview must cost the same for 100 bytes and 10 MB.
    const QByteArray head = body.left(maxChars * 4);
    QStringDecoder decoder(QStringDecoder::Utf8);
    QString text = decoder.decode(head);
    const bool binary = decoder.hasError() && head.size() == body.size();
    if (binary || text.contains(QChar(0))) {
        return QString::fromLatin1(body.left(maxChars / 3).toHex(' '));
    }
    text.truncate(maxChars);
    for (QChar &c : text) {
        if (c == u'\n' || c == u'\r' || c == u'\t')
            c = u' ';
    }
    return text;
}

MessageRow MessageRow::fromView(const MessageView &view)
{
    MessageRow row;
    const QueuedMessage &m = view.state;
    row.id = m.id;
    row.position = view.position;
    row.enqueuedAtMs = m.enqueuedAt;
    row.size = m.bodySize;
    row.deliveryCount = m.deliveryCount;
    row.readyAtMs = m.readyAt;
    row.redelivered = m.redelivered;
    row.unacked = view.unacked;
    if (m.content) {
        row.exchange = m.content->exchange;
        row.routingKey = m.content->routingKey;
        row.contentType = m.content->properties.contentType.value_or(QString());
        row.preview = bodyPreview(m.content->body);
        if (row.size == 0)
            row.size = quint32(m.content->body.size());
        if (const QList<DeathRecord> &deaths = m.content->deaths.records; !deaths.isEmpty()) {
            row.deathReason = deathReasonName(deaths.constFirst().reason);
            row.deathQueue = deaths.constFirst().queue;
            row.originQueue = m.content->deaths.originalQueue();
            row.firstDeathMs = deaths.constFirst().timeMs;
            for (const DeathRecord &d : deaths)
                row.firstDeathMs = std::min(row.firstDeathMs, d.timeMs);
        }
    }
    return row;
}

} // namespace depot::ui
