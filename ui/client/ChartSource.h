#pragma once

// ChartSource: where the Charts tab (ChartsView) reads its history, so the
// same charts show Depot's own broker (its stats, one value a second) and a
// remote RabbitMQ (its management API's samples; RemoteBroker). Every call is
// made on the GUI thread and never waits on a broker: a source answers from
// what it has, or later through the callback.

#include "broker/stats/Stats.h"

#include <QList>
#include <QObject>
#include <QPointF>

#include <functional>

namespace depot::ui {

// Points of one chart line: x in ms since the epoch, y per second (rates) or
// a count (depths), oldest first; endMs is the newest sample's time (0: the
// source has none yet).
struct ChartSeries
{
    qint64 endMs = 0;
    QList<QPointF> points;
};

// One value a second ending at series.endMs (at `nowMs` when it has none).
inline ChartSeries chartSeriesOf(const RateSeries &series, qint64 nowMs)
{
    ChartSeries chart;
    chart.endMs = series.endMs > 0 ? series.endMs : nowMs;
    const qsizetype n = series.perSecond.size();
    chart.points.reserve(n);
    for (qsizetype i = 0; i < n; ++i)
        chart.points.append(QPointF(double(chart.endMs - (n - 1 - i) * 1000), series.perSecond.at(i)));
    if (series.endMs <= 0)
        chart.endMs = 0;
    return chart;
}

class ChartSource
{
public:
    ChartSource() = default;
    virtual ~ChartSource() = default;
    Q_DISABLE_COPY_MOVE(ChartSource)

    // False while there is nothing to chart (Depot's broker is not running).
    virtual bool chartsReady() const = 0;
    // Whether the source counts `counter` at all (RabbitMQ's management API
    // has no dead-letter rate): the charts leave out the lines it has not.
    virtual bool hasHistory(Counter counter) const = 0;
    // The rate of `counter` over the last `seconds`. A remote source answers
    // with its latest samples and polls this window from then on.
    virtual ChartSeries rateHistory(Counter counter, int seconds) = 0;
    // The depth (ready + unacked) of `queue` over the last `seconds`, handed
    // to `done` on the GUI thread unless `context` is gone by then.
    virtual void depthHistory(QObject *context, const QString &queue, int seconds,
                              std::function<void(ChartSeries)> done) = 0;
};

} // namespace depot::ui
