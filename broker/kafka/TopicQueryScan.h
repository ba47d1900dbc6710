#pragma once

// TopicQueryScan: one query (docs/query.md, "Topics") run over the records of
// a set of Kafka topics in bounded steps, on the broker thread, as QueryScan
// runs one over queues. Each next() looks at `budget` records (or SliceBytes
// of keys and values) and the rest of the batch they ran out in, so each
// batch is decoded (and inflated) once; whoever drives it (TopicQueries for
// the window, the HTTP API's stream that writes as the client reads) holds
// the broker thread briefly and chooses when the next step runs.
//
// The topics are picked once, at the start, from the names and patterns asked
// for; those the query's own topic conditions rule out (topic like "a.*") are
// counted done without reading a record. Each partition is walked by offset
// from its log start up to its high watermark as it was when the scan began:
// a record produced after that is not looked at, and, a log being append-only,
// every record still there is looked at exactly once whatever producers,
// consumers and retention do meanwhile. Records that retention or compaction
// removes before the walk reaches them are not looked at; a topic deleted
// meanwhile ends its walk.

#include "broker/kafka/KafkaAdmin.h"
#include "broker/query/Query.h"

#include <memory>
#include <vector>

namespace depot::kafka {

// Which records, where. `topics` names topics, or picks them with `*` and `?`
// ("orders.*"); empty: every topic. A name without a wildcard must name a
// topic that exists; a pattern may pick none. `partition` (not -1) keeps to
// one partition of each topic picked (the window's "this partition").
struct TopicQuerySpec
{
    query::Query query;   // parsed for records (query::Over::Records)
    QStringList topics;
    qint32 partition = -1;
};

// How far a query over topics has got. The totals are the topics picked and
// the records their partitions held when it began (offsets from the log start
// to the high watermark: compaction may have removed some of them).
struct TopicQueryProgress
{
    quint64 id = 0;   // TopicQueries' id; 0 for a scan driven by its owner
    quint64 topicsTotal = 0;
    quint64 topicsDone = 0;
    quint64 recordsTotal = 0;
    quint64 scanned = 0;
    quint64 matched = 0;
    bool done = false;
    bool cancelled = false;
    QString error;   // a partition that could not be read ended it
};

class TopicQueryScan
{
public:
    // Records looked at in one slice at most, and bytes of keys and values.
    static constexpr quint64 Slice = 2000;
    static constexpr qint64 SliceBytes = 4 * 1024 * 1024;

    // The topics `patterns` pick among those that exist, in name order.
    // NotFound for a plain name without a topic.
    static Result<QStringList> pickTopics(const log::LogEngine &logs, const QStringList &patterns);

    // Checks the spec (InvalidArgument for an invalid query or one over
    // messages, or a partition with several topics; NotFound as pickTopics,
    // or for a partition the topic lacks) and reads nothing yet.
    static Result<std::shared_ptr<TopicQueryScan>> start(const log::LogEngine &logs, const TopicQuerySpec &spec);

    // The next matches, from looking at `budget` records and the rest of the
    // batch the budget ran out in (fewer when the scan ends; SliceBytes of
    // keys and values end the budget too); `now` (ms since the epoch)
    // is what age counts from. progress() counts them; a partition that
    // cannot be read ends the scan with progress().error set.
    QList<RecordView> next(quint64 budget, qint64 now);

    bool done() const { return m_progress.done; }
    const TopicQueryProgress &progress() const { return m_progress; }
    TopicQueryProgress &progress() { return m_progress; }
    const QStringList &topics() const { return m_topics; }

private:
    struct Walk
    {
        QString topic;
        qint32 partition = 0;
        qint64 next = 0;   // the next offset to look at
        qint64 end = 0;    // the high watermark when the scan began
        bool lastOfTopic = false;
    };

    TopicQueryScan(const log::LogEngine &logs, const TopicQuerySpec &spec, const QStringList &topics);
    void finishWalk();

    const log::LogEngine &m_logs;
    query::Query m_query;
    QStringList m_topics;
    std::vector<Walk> m_walks;
    size_t m_current = 0;
    TopicQueryProgress m_progress;
};

} // namespace depot::kafka
