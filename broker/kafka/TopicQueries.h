#pragma once

// TopicQueries: queries over Kafka topics run in slices on the broker
// thread's event loop (TopicQueryScan), for callers that cannot drive a scan
// themselves: the window, through BrokerClient, starts one, receives its
// matches and progress as signals and may cancel it, as Engine::startQuery
// does for queues. Each slice looks at no more than TopicQueryScan::Slice
// records; producers, consumers and other clients get their turn between two
// slices. KafkaAdmin owns it (KafkaAdmin::queries()), on the broker thread.

#include "broker/kafka/TopicQueryScan.h"

#include <QObject>

#include <map>

namespace depot::kafka {

class TopicQueries final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TopicQueries)

public:
    explicit TopicQueries(const log::LogEngine &logs, QObject *parent = nullptr);
    ~TopicQueries() override;

    // Its id, or TopicQueryScan::start's refusal. Nothing is emitted before
    // this returns: the first slice runs on a later turn of the event loop.
    Result<quint64> start(const TopicQuerySpec &spec);
    // Stops it at once: finished (cancelled) is emitted from this call;
    // nothing for an id that is over or unknown.
    void cancel(quint64 id);
    quint64 running() const { return quint64(m_scans.size()); }

Q_SIGNALS:
    void matched(quint64 id, const QList<depot::kafka::RecordView> &records);
    void progress(const depot::kafka::TopicQueryProgress &progress);
    void finished(const depot::kafka::TopicQueryProgress &progress);

private:
    void schedule(quint64 id);

    const log::LogEngine &m_logs;
    std::map<quint64, std::shared_ptr<TopicQueryScan>> m_scans;
    quint64 m_nextId = 1;
};

} // namespace depot::kafka

Q_DECLARE_METATYPE(depot::kafka::TopicQueryProgress)
