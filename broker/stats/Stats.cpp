#include "broker/stats/Stats.h"

#include <QMutexLocker>

#include <algorithm>
#include <cmath>
#include <vector>

namespace depot {

QString counterName(Counter c)
{
    switch (c) {
    case Counter::Published: return QStringLiteral("published");
    case Counter::Delivered: return QStringLiteral("delivered");
    case Counter::Acknowledged: return QStringLiteral("acknowledged");
    case Counter::Redelivered: return QStringLiteral("redelivered");
    case Counter::DeadLettered: return QStringLiteral("dead_lettered");
    case Counter::Expired: return QStringLiteral("expired");
    case Counter::Returned: return QStringLiteral("returned");
    case Counter::Count_: break;
    }
    return QString();
}

namespace {

// The last HistorySeconds values of one series. Storage is allocated on the
// first non-zero value: most queues are idle for most counters, and an hour
// of doubles is 28 KB per series.
class Ring final
{
public:
    static constexpr int Capacity = Stats::HistorySeconds;

    void push(double v, int times = 1)
    {
        times = std::min(times, Capacity);
        if (m_data.empty()) {
            if (v == 0.0) {
                m_count = std::min(m_count + times, Capacity);
                return;
            }
            // Every value so far was zero, so any head position is right.
            m_data.assign(Capacity, 0.0);
            m_head = 0;
        }
        for (int i = 0; i < times; ++i) {
            m_data[size_t(m_head)] = v;
            m_head = (m_head + 1) % Capacity;
        }
        m_count = std::min(m_count + times, Capacity);
    }

    QList<double> last(int n) const
    {
        n = std::clamp(n, 0, m_count);
        QList<double> out(n, 0.0);
        if (m_data.empty())
            return out;
        for (int i = 0; i < n; ++i)
            out[i] = m_data[size_t((m_head - n + i + Capacity) % Capacity)];
        return out;
    }

private:
    std::vector<double> m_data;
    int m_head = 0;    // where the next value goes
    int m_count = 0;   // values held, at most Capacity
};

struct QueueCounters
{
    Counters totals;
    Counters atLastSample;
    QueueGauges gauges;
    std::array<double, CounterCount> rates{};
};

struct QueueHistory
{
    std::array<Ring, CounterCount> rates;
    Ring depth;
};

} // namespace

struct Stats::Private
{
    // ---- broker thread only, no lock ----
    Counters totals;
    Counters totalsAtLastSample;
    std::array<double, CounterCount> rates{};
    QHash<QString, QueueCounters> queues;
    // The queue add() counted last: a publish, its delivery and its ack
    // name the same queue, so most calls find it here without hashing its
    // name. Reset whenever `queues` gains or loses a key (a pointer into a
    // QHash does not survive that).
    QString lastQueue;
    Counters *lastCounters = nullptr;
    qint64 lastSampleMs = 0;
    bool sampled = false;

    // ---- shared with readers, under `mutex` ----
    mutable QMutex mutex;
    std::shared_ptr<const StatsSnapshot> snapshot = std::make_shared<const StatsSnapshot>();
    std::array<Ring, CounterCount> globalRates;
    QHash<QString, QueueHistory> queueHistory;
    qint64 historyEndMs = 0;
};

Stats::Stats()
    : d(std::make_unique<Private>())
{
}

Stats::~Stats() = default;

void Stats::add(Counter c, const QString &queue, quint64 n)
{
    d->totals[c] += n;
    if (!d->lastCounters || d->lastQueue != queue) {
        d->lastCounters = &d->queues[queue].totals;
        d->lastQueue = queue;
    }
    (*d->lastCounters)[c] += n;
}

void Stats::addGlobal(Counter c, quint64 n)
{
    d->totals[c] += n;
}

void Stats::removeQueue(const QString &queue)
{
    d->lastCounters = nullptr;
    d->queues.remove(queue);
    QMutexLocker lock(&d->mutex);
    d->queueHistory.remove(queue);
}

void Stats::sample(qint64 nowMs, const QHash<QString, QueueGauges> &gauges)
{
    // A queue the engine reports but that never counted anything still gets
    // its depth history.
    d->lastCounters = nullptr;
    for (auto it = gauges.cbegin(); it != gauges.cend(); ++it)
        d->queues[it.key()].gauges = *it;

    // How many one-second slots this sample covers. The first sample has no
    // predecessor and counts as one second. A sample less than half a second
    // after the last one would give a second two values: it refreshes totals
    // and gauges only, and its counts go into the next sample's rates.
    int seconds = 1;
    double elapsedSeconds = 1.0;
    if (d->sampled) {
        const qint64 elapsedMs = nowMs - d->lastSampleMs;
        seconds = elapsedMs < 500 ? 0 : int(std::min<qint64>((elapsedMs + 500) / 1000, HistorySeconds));
        elapsedSeconds = double(elapsedMs) / 1000.0;
    }

    const auto rate = [elapsedSeconds](quint64 now, quint64 before) {
        return double(now - before) / elapsedSeconds;
    };

    if (seconds > 0) {
        for (int c = 0; c < CounterCount; ++c)
            d->rates[size_t(c)] = rate(d->totals.values[size_t(c)], d->totalsAtLastSample.values[size_t(c)]);
        d->totalsAtLastSample = d->totals;
        for (QueueCounters &q : d->queues) {
            for (int c = 0; c < CounterCount; ++c)
                q.rates[size_t(c)] = rate(q.totals.values[size_t(c)], q.atLastSample.values[size_t(c)]);
            q.atLastSample = q.totals;
        }
        d->lastSampleMs = nowMs;
        d->sampled = true;
    }

    auto snap = std::make_shared<StatsSnapshot>();
    snap->takenAtMs = nowMs;
    snap->totals = d->totals;
    snap->rates = d->rates;
    snap->queues.reserve(d->queues.size());
    for (auto it = d->queues.cbegin(); it != d->queues.cend(); ++it) {
        QueueStats &qs = snap->queues[it.key()];
        qs.name = it.key();
        qs.totals = it->totals;
        qs.rates = it->rates;
        qs.gauges = it->gauges;
    }

    QMutexLocker lock(&d->mutex);
    if (seconds > 0) {
        // A late sample spreads its average over every second it covers, so
        // the history keeps one value per second and its sum stays the count.
        for (int c = 0; c < CounterCount; ++c)
            d->globalRates[size_t(c)].push(d->rates[size_t(c)], seconds);
        for (auto it = d->queues.cbegin(); it != d->queues.cend(); ++it) {
            QueueHistory &h = d->queueHistory[it.key()];
            for (int c = 0; c < CounterCount; ++c)
                h.rates[size_t(c)].push(it->rates[size_t(c)], seconds);
            h.depth.push(double(it->gauges.ready + it->gauges.unacked), seconds);
        }
        d->historyEndMs = nowMs;
    }
    d->snapshot = std::move(snap);
}

std::shared_ptr<const StatsSnapshot> Stats::snapshot() const
{
    QMutexLocker lock(&d->mutex);
    return d->snapshot;
}

RateSeries Stats::globalHistory(Counter c, int seconds) const
{
    RateSeries out;
    if (c < Counter::Published || c >= Counter::Count_)
        return out;
    QMutexLocker lock(&d->mutex);
    out.endMs = d->historyEndMs;
    out.perSecond = d->globalRates[size_t(c)].last(seconds);
    return out;
}

RateSeries Stats::queueHistory(const QString &queue, Counter c, int seconds) const
{
    RateSeries out;
    if (c < Counter::Published || c >= Counter::Count_)
        return out;
    QMutexLocker lock(&d->mutex);
    const auto it = d->queueHistory.constFind(queue);
    if (it == d->queueHistory.cend())
        return out;
    out.endMs = d->historyEndMs;
    out.perSecond = it->rates[size_t(c)].last(seconds);
    return out;
}

RateSeries Stats::depthHistory(const QString &queue, int seconds) const
{
    RateSeries out;
    QMutexLocker lock(&d->mutex);
    const auto it = d->queueHistory.constFind(queue);
    if (it == d->queueHistory.cend())
        return out;
    out.endMs = d->historyEndMs;
    out.perSecond = it->depth.last(seconds);
    return out;
}

} // namespace depot
