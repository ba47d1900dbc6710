#include "broker/engine/Engine.h"

// MessageFilter: text or regular-expression search over what a developer
// looks for in a message — its body (as UTF-8), its routing key, and its
// header names and values rendered as text, and its dead-letter history.

namespace depot {

namespace {

void renderValue(const QVariant &v, QString *out)
{
    switch (v.typeId()) {
    case QMetaType::QVariantMap: {
        const QVariantMap m = v.toMap();
        for (auto it = m.constBegin(); it != m.constEnd(); ++it) {
            out->append(it.key());
            out->append(QLatin1Char('='));
            renderValue(it.value(), out);
            out->append(QLatin1Char('\n'));
        }
        break;
    }
    case QMetaType::QVariantList:
        for (const QVariant &item : v.toList()) {
            renderValue(item, out);
            out->append(QLatin1Char('\n'));
        }
        break;
    case QMetaType::QByteArray:
        out->append(QString::fromUtf8(v.toByteArray()));
        break;
    case QMetaType::QDateTime:
        out->append(v.toDateTime().toString(Qt::ISODate));
        break;
    default:
        out->append(v.toString());
    }
}

// The dead-letter history reads as its fields did when it was a header (a
// developer filters a dead-letter queue by reason or by the queue they died in).
void renderDeaths(const DeathHistory &h, QString *out)
{
    for (const DeathRecord &d : h.records) {
        out->append(QStringLiteral("queue=%1\nreason=%2\ncount=%3\ntime=%4\nexchange=%5\nrouting-keys=%6\n")
                        .arg(d.queue, deathReasonName(d.reason), QString::number(d.count),
                             QDateTime::fromMSecsSinceEpoch(d.timeMs / 1000 * 1000, Qt::UTC).toString(Qt::ISODate),
                             d.exchange, d.routingKeys.join(QLatin1Char('\n'))));
        if (d.originalExpiration)
            out->append(QStringLiteral("original-expiration=%1\n").arg(*d.originalExpiration));
    }
    if (!h.asPublished.isEmpty())
        renderValue(h.asPublished, out);
}

// The regex is compiled once per filter text, not per message: the broker
// thread filters many messages with the same filter in a row.
const QRegularExpression &compiled(const MessageFilter &f)
{
    thread_local QString pattern;
    thread_local bool caseSensitive = false;
    thread_local QRegularExpression re;
    if (pattern != f.text || caseSensitive != f.caseSensitive || !re.isValid() || re.pattern() != f.text) {
        pattern = f.text;
        caseSensitive = f.caseSensitive;
        re = QRegularExpression(f.text, f.caseSensitive ? QRegularExpression::NoPatternOption
                                                        : QRegularExpression::CaseInsensitiveOption);
        re.optimize();
    }
    return re;
}

} // namespace

bool MessageFilter::matches(const MessageContent &content) const
{
    if (text.isEmpty())
        return true;
    QString headersText;
    if (content.properties.headers)
        renderValue(*content.properties.headers, &headersText);
    renderDeaths(content.deaths, &headersText);
    const QString body = QString::fromUtf8(content.body);
    if (regex) {
        const QRegularExpression &re = compiled(*this);
        if (!re.isValid())
            return false;
        return re.match(body).hasMatch() || re.match(content.routingKey).hasMatch()
            || re.match(headersText).hasMatch();
    }
    const Qt::CaseSensitivity cs = caseSensitive ? Qt::CaseSensitive : Qt::CaseInsensitive;
    return body.contains(text, cs) || content.routingKey.contains(text, cs) || headersText.contains(text, cs);
}

bool MessageFilter::matches(const QueuedMessage &m) const
{
    if (waitingRetry && !(m.readyAt > 0 && m.deliveryCount > 0))
        return false;
    return text.isEmpty() || (m.content && matches(*m.content));
}

bool MessageFilter::matches(const QString &queue, const QueuedMessage &m, qint64 now) const
{
    return matches(m) && (query.isEmpty() || (m.content && query.matches(queue, m, now)));
}

} // namespace depot
