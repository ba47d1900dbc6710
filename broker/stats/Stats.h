#pragma once

// Stats: message counters per queue and for the whole broker, and their
// per-second rates over the last hour.
//
// The engine owns one Stats on the broker thread and bumps counters inline
// (plain integer increments, no locks). Once per second (sample()) it turns
// the counter deltas into one rate sample per series and publishes an
// immutable StatsSnapshot; any thread may read the latest snapshot and the
// rate history at any time (mutex-protected hand-over of shared, immutable
// data: readers never see a half-updated state).

#include <QHash>
#include <QList>
#include <QMutex>
#include <QString>

#include <array>
#include <memory>

namespace depot {

enum class Counter : int {
    Published,
    Delivered,      // deliveries to consumers and gets
    Acknowledged,
    Redelivered,
    DeadLettered,
    Expired,
    Returned,       // unroutable mandatory messages handed back to publishers
    Count_
};
constexpr int CounterCount = int(Counter::Count_);
QString counterName(Counter c);   // "published", "delivered", ... (HTTP/metrics field names)

struct Counters
{
    std::array<quint64, CounterCount> values{};
    quint64 &operator[](Counter c) { return values[size_t(c)]; }
    quint64 operator[](Counter c) const { return values[size_t(c)]; }
};

// Depth and consumer gauges the engine reports at sampling time.
struct QueueGauges
{
    quint64 ready = 0;
    quint64 unacked = 0;
    quint64 bytes = 0;
    quint32 consumers = 0;
};

struct QueueStats
{
    QString name;
    Counters totals;
    std::array<double, CounterCount> rates{};   // per second, last sample
    QueueGauges gauges;
};

struct StatsSnapshot
{
    qint64 takenAtMs = 0;
    Counters totals;
    std::array<double, CounterCount> rates{};   // per second, last sample
    QHash<QString, QueueStats> queues;
};

// Per-second samples of a series, oldest first.
struct RateSeries
{
    qint64 endMs = 0;           // time of the newest sample
    QList<double> perSecond;    // at most 3600 values
};

class Stats final
{
    Q_DISABLE_COPY_MOVE(Stats)

public:
    static constexpr int HistorySeconds = 3600;

    Stats();
    ~Stats();

    // ---- broker thread ----
    void add(Counter c, const QString &queue, quint64 n = 1);   // bumps queue and global
    void addGlobal(Counter c, quint64 n = 1);                   // no queue (e.g. returned)
    void removeQueue(const QString &queue);
    // Takes a sample: rates since the last sample, depth history, and
    // publishes a new snapshot. `gauges` holds every queue's current depth.
    void sample(qint64 nowMs, const QHash<QString, QueueGauges> &gauges);

    // ---- any thread ----
    std::shared_ptr<const StatsSnapshot> snapshot() const;
    // Global rate history of one counter for the last `seconds` seconds.
    RateSeries globalHistory(Counter c, int seconds = HistorySeconds) const;
    RateSeries queueHistory(const QString &queue, Counter c, int seconds = HistorySeconds) const;
    // Depth (ready + unacked) history of a queue, one sample per second.
    RateSeries depthHistory(const QString &queue, int seconds = HistorySeconds) const;

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace depot
