#include "broker/core/PublishGate.h"

#include "broker/store/Store.h"

#include <QStringList>

namespace depot::core {

PublishGate::PublishGate(Engine &engine, PublishGateOptions options, QObject *parent)
    : QObject(parent)
    , m_engine(&engine)
    , m_options(options)
    , m_pressure(m_options.maxStorePendingBytes, engine.store() ? engine.store()->committedSequence() : 0)
{
    connect(&engine, &Engine::committed, this, &PublishGate::onCommitted);
    connect(&engine, &Engine::alarmsChanged, this, &PublishGate::update);
    update();
    if (m_options.memoryHighWatermark > 0)
        m_memory = std::make_unique<MemoryWatermark>(
            engine, m_options.memoryHighWatermark, [this] { return bufferedBytes(); },
            [this](QStringList *holders) { return retainedBytes(holders); });
}

PublishGate::~PublishGate()
{
    if (m_engine)
        m_engine->disconnect(this);
    // The watermark clears the alarm it raised: nothing else would.
    m_memory.reset();
}

QString PublishGate::refusal()
{
    notePublishing();
    return m_closed ? m_reason : QString();
}

void PublishGate::notePublishing()
{
    if (m_memory)
        m_memory->onPublish();
}

void PublishGate::accepted(quint64 sequence, quint64 bytes)
{
    if (m_pressure.add(sequence, bytes))
        update();
    notePublishing();
}

GatedPublish PublishGate::publish(const QString &exchange, const QString &routingKey, MessageProperties properties,
                                  QByteArray body, const PublishOptions &options)
{
    GatedPublish out;
    if (!m_engine) {
        out.refused = QStringLiteral("the broker is shutting down");
        return out;
    }
    out.refused = refusal();
    if (!out.refused.isEmpty())
        return out;
    const quint64 size = quint64(body.size());
    out.result = m_engine->publish(exchange, routingKey, std::move(properties), std::move(body), options);
    if (!out.result.error)
        accepted(out.result.confirmSequence, size);
    return out;
}

void PublishGate::addBufferedBytes(QObject *owner, std::function<quint64()> bytes)
{
    m_buffered.emplace_back(QPointer<QObject>(owner), std::move(bytes));
}

void PublishGate::addRetainedBytes(QObject *owner, std::function<quint64()> bytes, const QString &what)
{
    m_retained.push_back({QPointer<QObject>(owner), std::move(bytes), what});
}

quint64 PublishGate::retainedBytes(QStringList *holders) const
{
    quint64 n = 0;
    for (const Retained &r : m_retained) {
        if (!r.owner || !r.bytes)
            continue;
        const quint64 bytes = r.bytes();
        n += bytes;
        if (bytes > 0 && holders)
            holders->append(QStringLiteral("%1 of them %2").arg(formatBytes(bytes), r.what));
    }
    return n;
}

quint64 PublishGate::bufferedBytes() const
{
    quint64 n = 0;
    for (const auto &[owner, bytes] : m_buffered) {
        if (owner && bytes)
            n += bytes();
    }
    return n;
}

void PublishGate::onCommitted(quint64 sequence)
{
    const bool relieved = m_pressure.commit(sequence);
    Q_EMIT storeCommitted(m_pressure.committed());
    if (relieved)
        update();
}

void PublishGate::update()
{
    QStringList reasons;
    if (m_engine) {
        const QMap<QString, QString> alarms = m_engine->alarms();
        for (auto it = alarms.cbegin(); it != alarms.cend(); ++it)
            reasons.append(it.value().isEmpty() ? it.key() + QStringLiteral(" alarm") : it.value());
    }
    if (m_pressure.high())
        reasons.append(QStringLiteral("Depot's store is catching up with publishers"));
    const bool closed = !reasons.isEmpty();
    QString reason = reasons.join(QStringLiteral("; "));
    if (closed == m_closed && reason == m_reason)
        return;
    m_closed = closed;
    m_reason = std::move(reason);
    Q_EMIT changed();
}

} // namespace depot::core
