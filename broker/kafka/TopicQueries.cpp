#include "broker/kafka/TopicQueries.h"

#include <QDateTime>
#include <QTimer>

namespace depot::kafka {

TopicQueries::TopicQueries(const log::LogEngine &logs, QObject *parent)
    : QObject(parent)
    , m_logs(logs)
{
    qRegisterMetaType<depot::kafka::TopicQueryProgress>();
    qRegisterMetaType<QList<depot::kafka::RecordView>>();
}

TopicQueries::~TopicQueries() = default;

Result<quint64> TopicQueries::start(const TopicQuerySpec &spec)
{
    auto started = TopicQueryScan::start(m_logs, spec);
    if (!started.ok())
        return {0, started.error};
    const quint64 id = m_nextId++;
    started.value->progress().id = id;
    m_scans.emplace(id, std::move(started.value));
    schedule(id);
    return {id, {}};
}

void TopicQueries::schedule(quint64 id)
{
    QTimer::singleShot(0, this, [this, id] {
        const auto it = m_scans.find(id);
        if (it == m_scans.end())
            return;   // cancelled
        // Held by this slice: a slot connected to a signal below may cancel it.
        const std::shared_ptr<TopicQueryScan> scan = it->second;
        const QList<RecordView> records = scan->next(TopicQueryScan::Slice, QDateTime::currentMSecsSinceEpoch());
        if (!records.isEmpty())
            Q_EMIT matched(id, records);
        if (!m_scans.contains(id))
            return;
        Q_EMIT progress(scan->progress());
        if (!m_scans.contains(id))
            return;
        if (scan->done()) {
            m_scans.erase(id);
            Q_EMIT finished(scan->progress());
        } else {
            schedule(id);
        }
    });
}

void TopicQueries::cancel(quint64 id)
{
    const auto it = m_scans.find(id);
    if (it == m_scans.end())
        return;
    const std::shared_ptr<TopicQueryScan> scan = it->second;
    m_scans.erase(it);
    scan->progress().cancelled = true;
    Q_EMIT finished(scan->progress());
}

} // namespace depot::kafka
