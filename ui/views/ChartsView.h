#pragma once

// ChartsView: global publish / deliver / ack / redeliver / dead-letter rates
// over 1 min, 5 min or 1 h, and the depth of one queue over the same window.
// Redrawn once a second (the stats' resolution) with one replace() per
// series, never a point at a time, and only while shown: the history comes
// from the stats, so showing the tab redraws the whole window at once.
// The history comes from a ChartSource: Depot's own stats (the BrokerClient
// constructor), or a remote RabbitMQ's management API (RemoteBroker), whose
// lines the source does not count (a dead-letter rate) are left out.

#include "ui/client/ChartSource.h"

#include <QWidget>

#include <memory>

class QChart;
class QChartView;
class QComboBox;
class QDateTimeAxis;
class QLabel;
class QLineSeries;
class QTimer;
class QValueAxis;

namespace depot::ui {

class BrokerClient;

class ChartsView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChartsView)

public:
    // Charts of Depot's own broker.
    explicit ChartsView(BrokerClient *client, QWidget *parent = nullptr);
    // Charts of what `source` (not owned; it outlives the view) reports.
    explicit ChartsView(ChartSource *source, QWidget *parent = nullptr);
    ~ChartsView() override;

    // The queue whose depth the lower chart shows.
    void setQueue(const QString &queue);
    void refresh();

    int windowSeconds() const;
    void setWindowSeconds(int seconds);
    // For tests: points in one global series (0 for a line left out), the
    // points themselves, the depth chart's, and redraws so far.
    qsizetype pointCount(int series) const;
    QList<QPointF> points(int series) const;
    QList<QPointF> depthPoints() const;
    int refreshCount() const { return m_refreshes; }
    // For tests: the labels each axis of the depth chart (false: the rates
    // chart) shows at its ticks, as drawn.
    QStringList axisLabels(bool depth, Qt::Orientation orientation) const;

    // Sets a count axis to 0..a round number at or above `max`, with ticks
    // on whole numbers, so the labels never repeat (0, 0, 1, 1, 1).
    static void setCountRange(QValueAxis *axis, double max);

private:
    ChartsView(std::unique_ptr<ChartSource> own, ChartSource *source, QWidget *parent);

    struct Axes
    {
        QDateTimeAxis *x = nullptr;
        QValueAxis *y = nullptr;
    };
    QChartView *makeChart(const QString &title, Axes &axes);
    void applyTheme();
    void setTimeRange(QDateTimeAxis *axis, qint64 endMs, int seconds);
    bool event(QEvent *event) override;
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

    std::unique_ptr<ChartSource> m_ownSource; // Depot's own stats (BrokerClient constructor)
    ChartSource *m_source;
    QString m_queue;
    QComboBox *m_window = nullptr;
    QChartView *m_ratesView = nullptr;
    QChartView *m_depthView = nullptr;
    Axes m_ratesAxes;
    Axes m_depthAxes;
    QList<QLineSeries *> m_rates; // per charted counter; null for those the source has not
    QLineSeries *m_depth = nullptr;
    QTimer *m_timer = nullptr;
    int m_refreshes = 0;
};

} // namespace depot::ui
