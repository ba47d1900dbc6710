#include "broker/http/PrometheusMetrics.h"

#include "broker/engine/Engine.h"
#include "broker/kafka/KafkaAdmin.h"
#include "broker/store/Store.h"

namespace depot::http {

namespace {

QByteArray labelValue(const QString &value)
{
    QByteArray out;
    for (const char c : value.toUtf8()) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '"')
            out += "\\\"";
        else if (c == '\n')
            out += "\\n";
        else
            out += c;
    }
    return out;
}

class Writer final
{
public:
    void family(const char *name, const char *type, const char *help)
    {
        m_out += QByteArray("# HELP ") + name + ' ' + help + "\n# TYPE " + name + ' ' + type + '\n';
    }
    void sample(const char *name, double value) { m_out += QByteArray(name) + ' ' + number(value) + '\n'; }
    void queueSample(const char *name, const QString &queue, double value)
    {
        m_out += QByteArray(name) + "{vhost=\"/\",queue=\"" + labelValue(queue) + "\"} " + number(value) + '\n';
    }
    void labelledSample(const char *name, const char *label, const QString &value, double v)
    {
        m_out += QByteArray(name) + '{' + label + "=\"" + labelValue(value) + "\"} " + number(v) + '\n';
    }
    // Any number of labels, in the order given.
    void labelsSample(const char *name, std::initializer_list<std::pair<const char *, QString>> labels, double v)
    {
        m_out += QByteArray(name) + '{';
        bool first = true;
        for (const auto &[label, value] : labels) {
            if (!first)
                m_out += ',';
            first = false;
            m_out += QByteArray(label) + "=\"" + labelValue(value) + '"';
        }
        m_out += "} " + number(v) + '\n';
    }
    QByteArray take() { return std::move(m_out); }

private:
    static QByteArray number(double v) { return QByteArray::number(v, 'g', 17); }
    QByteArray m_out;
};

struct CounterMetric
{
    Counter counter;
    const char *global;
    const char *perQueue;
    const char *help;
};

const CounterMetric kCounters[] = {
    {Counter::Published, "depot_messages_published_total", "depot_queue_messages_published_total",
     "Messages published (routed into a queue)."},
    {Counter::Delivered, "depot_messages_delivered_total", "depot_queue_messages_delivered_total",
     "Messages delivered to consumers or fetched by get."},
    {Counter::Acknowledged, "depot_messages_acked_total", "depot_queue_messages_acked_total",
     "Messages acknowledged."},
    {Counter::DeadLettered, "depot_messages_dead_lettered_total", "depot_queue_messages_dead_lettered_total",
     "Messages dead-lettered (rejected, expired, overflowed or over the delivery limit)."},
    {Counter::Redelivered, "depot_messages_redelivered_total", "depot_queue_messages_redelivered_total",
     "Messages delivered again after a requeue."},
    {Counter::Expired, "depot_messages_expired_total", "depot_queue_messages_expired_total",
     "Messages whose TTL passed."},
};

// Kafka's partitions and consumer groups: one sample per partition (and
// per group and partition), labelled as kafka_exporter labels its own.
void kafkaMetrics(Writer &w, const kafka::KafkaAdmin &kafka)
{
    const QList<kafka::TopicView> topics = kafka.topics();
    const auto perPartition = [&](const char *name, const char *help, auto value) {
        w.family(name, "gauge", help);
        for (const kafka::TopicView &t : topics)
            for (const kafka::PartitionView &p : t.partitions)
                w.labelsSample(name, {{"topic", t.name}, {"partition", QString::number(p.partition)}}, double(value(p)));
    };
    perPartition("depot_kafka_partition_log_start_offset", "The first offset a consumer can read.",
                 [](const kafka::PartitionView &p) { return p.logStartOffset; });
    perPartition("depot_kafka_partition_log_end_offset", "The high watermark: the end of what consumers can read.",
                 [](const kafka::PartitionView &p) { return p.highWatermark; });
    perPartition("depot_kafka_partition_size_bytes", "Bytes of record batches the partition holds.",
                 [](const kafka::PartitionView &p) { return p.sizeBytes; });

    const QList<kafka::GroupView> groups = kafka.groups();
    w.family("depot_kafka_group_members", "gauge", "Members of the consumer group.");
    for (const kafka::GroupView &g : groups)
        w.labelledSample("depot_kafka_group_members", "group", g.name, double(g.members.size()));
    const auto perOffset = [&](const char *name, const char *help, auto value) {
        w.family(name, "gauge", help);
        for (const kafka::GroupView &g : groups)
            for (const kafka::GroupOffsetView &o : g.offsets)
                if (o.committed >= 0)
                    w.labelsSample(name, {{"group", g.name}, {"topic", o.topic}, {"partition", QString::number(o.partition)}},
                                   double(value(o)));
    };
    perOffset("depot_kafka_group_committed_offset", "The offset the group committed for the partition.",
              [](const kafka::GroupOffsetView &o) { return o.committed; });
    perOffset("depot_kafka_group_lag", "Records between the group's committed offset and the partition's end.",
              [](const kafka::GroupOffsetView &o) { return qMax<qint64>(o.lag, 0); });
}

} // namespace

QByteArray prometheusMetrics(const Engine &engine, const kafka::KafkaAdmin *kafka)
{
    Writer w;
    const QList<QueueInfo> queues = engine.queues();
    w.family("depot_queue_messages_ready", "gauge", "Messages ready for delivery.");
    for (const QueueInfo &q : queues)
        w.queueSample("depot_queue_messages_ready", q.def.name, double(q.ready));
    w.family("depot_queue_messages_unacked", "gauge", "Messages delivered and not yet acknowledged.");
    for (const QueueInfo &q : queues)
        w.queueSample("depot_queue_messages_unacked", q.def.name, double(q.unacked));
    w.family("depot_queue_consumers", "gauge", "Consumers on the queue.");
    for (const QueueInfo &q : queues)
        w.queueSample("depot_queue_consumers", q.def.name, double(q.consumers));

    const auto snapshot = engine.stats().snapshot();
    for (const CounterMetric &m : kCounters) {
        w.family(m.global, "counter", m.help);
        w.sample(m.global, snapshot ? double(snapshot->totals[m.counter]) : 0.0);
    }
    for (const CounterMetric &m : kCounters) {
        w.family(m.perQueue, "counter", m.help);
        for (const QueueInfo &q : queues) {
            double value = 0;
            if (snapshot) {
                const auto it = snapshot->queues.constFind(q.def.name);
                if (it != snapshot->queues.constEnd())
                    value = double(it->totals[m.counter]);
            }
            w.queueSample(m.perQueue, q.def.name, value);
        }
    }

    const QList<ConnectionSummary> connections = engine.connections();
    qsizetype channels = 0;
    for (const ConnectionSummary &c : connections)
        channels += c.sessions.size();
    w.family("depot_connections", "gauge", "Open client connections.");
    w.sample("depot_connections", double(connections.size()));
    w.family("depot_channels", "gauge", "Open channels.");
    w.sample("depot_channels", double(channels));

    // One gauge per alarm source, 1 while raised. The sources Depot raises
    // itself are always present (0 when clear), so an alert rule finds them.
    w.family("depot_alarm", "gauge", "1 while the alarm of this source is raised (publishers are blocked).");
    const QMap<QString, QString> alarms = engine.alarms();
    QStringList sources{QStringLiteral("disk"), QStringLiteral("memory")};
    for (auto it = alarms.cbegin(); it != alarms.cend(); ++it) {
        if (!sources.contains(it.key()))
            sources.append(it.key());
    }
    for (const QString &source : std::as_const(sources))
        w.labelledSample("depot_alarm", "source", source, alarms.contains(source) ? 1.0 : 0.0);

    // Without a store (--in-memory) the store families are left out rather
    // than reported as zero, so a dashboard does not mistake it for a fast disk.
    if (const store::Store *store = engine.store()) {
        const store::Store::Stats s = store->stats();
        w.family("depot_store_commits_total", "counter", "Store transactions committed.");
        w.sample("depot_store_commits_total", double(s.transactions));
        w.family("depot_store_commit_latency_seconds", "gauge", "Duration of the last store commit.");
        w.sample("depot_store_commit_latency_seconds", s.lastCommitMs / 1000.0);
        w.family("depot_store_commit_latency_max_seconds", "gauge", "Longest store commit since start.");
        w.sample("depot_store_commit_latency_max_seconds", s.maxCommitMs / 1000.0);
    }
    if (kafka)
        kafkaMetrics(w, *kafka);
    return w.take();
}

} // namespace depot::http
