#pragma once

// What the query benchmarks measure of a scan run in slices, as the broker
// thread runs it: per round, the whole scan's time and its slices' median,
// 99th percentile and longest (wall time, and the thread's own CPU time,
// which leaves out waiting for a core on a loaded machine); printed as the
// medians over the rounds.

#include <QElapsedTimer>
#include <QString>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <vector>

namespace depot::bench {

// The calling thread's CPU time, ms.
inline double threadCpuMs()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

inline double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

class SliceTimings
{
public:
    // One round: `start()` makes the scan (counted in the whole time);
    // `slice(scan)` runs one slice of it and returns how many it matched,
    // until scan.done().
    template <typename Start, typename Slice>
    void round(Start start, Slice slice)
    {
        QElapsedTimer total;
        total.start();
        auto scan = start();
        std::vector<double> slices;
        double cpuMax = 0;
        quint64 found = 0;
        while (!scan->done()) {
            QElapsedTimer one;
            one.start();
            const double cpu = threadCpuMs();
            found += quint64(slice(*scan));
            cpuMax = std::max(cpuMax, threadCpuMs() - cpu);
            slices.push_back(double(one.nsecsElapsed()) / 1e6);
        }
        m_totals.push_back(double(total.nsecsElapsed()) / 1e6);
        m_cpuLongest.push_back(cpuMax);
        std::sort(slices.begin(), slices.end());
        if (!slices.empty()) {
            m_longest.push_back(slices.back());
            m_p50s.push_back(slices[slices.size() / 2]);
            m_p99s.push_back(slices[slices.size() * 99 / 100]);
        }
        m_matches = found;
    }

    // One row: the query (in a column `width` wide), the whole time, items
    // per second, the slices' figures and the matches.
    void print(int width, const QString &query, double items) const
    {
        const double ms = median(m_totals);
        std::printf("%-*s %8.1f %12.0f %9.2f %9.2f %9.2f %9.2f %8llu\n", width, qPrintable(query), ms,
            items / (ms / 1000.0), median(m_p50s), median(m_p99s), median(m_longest), median(m_cpuLongest),
            static_cast<unsigned long long>(m_matches));
    }

private:
    std::vector<double> m_totals, m_p50s, m_p99s, m_longest, m_cpuLongest;
    quint64 m_matches = 0;
};

} // namespace depot::bench
