#include "ui/views/ChartsView.h"

#include "ui/client/BrokerClient.h"

#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QLegend>
#include <QLineSeries>
#include <QTimer>
#include <QVBoxLayout>
#include <QValueAxis>
#include <algorithm>
#include <cmath>

namespace depot::ui {

namespace {

constexpr Counter ChartedCounters[] = {Counter::Published, Counter::Delivered, Counter::Acknowledged,
                                       Counter::Redelivered, Counter::DeadLettered};

// Depot's own broker: its stats' per-second history.
class LocalChartSource final : public ChartSource
{
public:
    explicit LocalChartSource(BrokerClient *client)
        : m_client(client)
    {
    }
    bool chartsReady() const override { return m_client->service()->isRunning(); }
    bool hasHistory(Counter) const override { return true; }
    ChartSeries rateHistory(Counter counter, int seconds) override
    {
        return chartSeriesOf(m_client->service()->globalHistory(counter, seconds), QDateTime::currentMSecsSinceEpoch());
    }
    void depthHistory(QObject *context, const QString &queue, int seconds,
                      std::function<void(ChartSeries)> done) override
    {
        m_client->depthHistory(context, queue, seconds, [done = std::move(done)](const RateSeries &series) {
            done(chartSeriesOf(series, QDateTime::currentMSecsSinceEpoch()));
        });
    }

private:
    BrokerClient *m_client;
};

double maxOf(const QList<QPointF> &points, double max)
{
    for (const QPointF &p : points)
        max = std::max(max, p.y());
    return max;
}

double niceCeiling(double v)
{
    if (v <= 5)
        return 5;
    double magnitude = std::pow(10.0, std::floor(std::log10(v)));
    for (double step : {1.0, 2.0, 2.5, 5.0, 10.0}) {
        if (step * magnitude >= v)
            return step * magnitude;
    }
    return 10 * magnitude;
}

} // namespace

ChartsView::ChartsView(BrokerClient *client, QWidget *parent)
    : ChartsView(std::make_unique<LocalChartSource>(client), nullptr, parent)
{
}

ChartsView::ChartsView(ChartSource *source, QWidget *parent)
    : ChartsView(nullptr, source, parent)
{
}

ChartsView::ChartsView(std::unique_ptr<ChartSource> own, ChartSource *source, QWidget *parent)
    : QWidget(parent)
    , m_ownSource(std::move(own))
    , m_source(m_ownSource ? m_ownSource.get() : source)
{
    auto *layout = new QVBoxLayout(this);
    auto *top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Window:"), this));
    m_window = new QComboBox(this);
    m_window->addItem(tr("1 minute"), 60);
    m_window->addItem(tr("5 minutes"), 300);
    m_window->addItem(tr("1 hour"), 3600);
    top->addWidget(m_window);
    top->addStretch(1);
    layout->addLayout(top);
    connect(m_window, &QComboBox::currentIndexChanged, this, [this] {
        if (isVisible())
            refresh();
    });

    m_ratesView = makeChart(tr("Messages per second"), m_ratesAxes);
    const QStringList names = {tr("published"), tr("delivered"), tr("acknowledged"), tr("redelivered"),
                               tr("dead-lettered")};
    const QList<QColor> colors = {QColor(0x3b, 0x82, 0xf6), QColor(0x10, 0xb9, 0x81), QColor(0x8b, 0x5c, 0xf6),
                                  QColor(0xf5, 0x9e, 0x0b), QColor(0xef, 0x44, 0x44)};
    for (qsizetype i = 0; i < names.size(); ++i) {
        if (!m_source->hasHistory(ChartedCounters[i])) {
            m_rates.append(nullptr);
            continue;
        }
        auto *series = new QLineSeries(m_ratesView->chart());
        series->setName(names.at(i));
        series->setPen(QPen(colors.at(i), 2));
        m_ratesView->chart()->addSeries(series);
        series->attachAxis(m_ratesAxes.x);
        series->attachAxis(m_ratesAxes.y);
        m_rates.append(series);
    }
    m_depthView = makeChart(tr("Queue depth"), m_depthAxes);
    m_depth = new QLineSeries(m_depthView->chart());
    m_depth->setName(tr("ready + unacked"));
    m_depth->setPen(QPen(QColor(0x3b, 0x82, 0xf6), 2));
    m_depthView->chart()->addSeries(m_depth);
    m_depth->attachAxis(m_depthAxes.x);
    m_depth->attachAxis(m_depthAxes.y);
    layout->addWidget(m_ratesView, 3);
    layout->addWidget(m_depthView, 2);
    applyTheme();

    m_timer = new QTimer(this);
    m_timer->setInterval(1000);
    connect(m_timer, &QTimer::timeout, this, &ChartsView::refresh);
    // Started by showEvent: a hidden chart costs the GUI thread nothing.
}

ChartsView::~ChartsView() = default;

QChartView *ChartsView::makeChart(const QString &title, Axes &axes)
{
    auto *chart = new QChart;
    chart->setTitle(title);
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setMargins(QMargins(4, 4, 4, 4));
    axes.x = new QDateTimeAxis(chart);
    axes.x->setFormat(QStringLiteral("HH:mm:ss"));
    axes.x->setTickCount(7);
    axes.y = new QValueAxis(chart);
    axes.y->setLabelFormat(QStringLiteral("%.0f"));
    // Never the axes' own defaults (0..1 read as "0, 0, 1, 1, 1"; the epoch
    // read as "00:00:00" at every tick): a chart without data yet shows the
    // window it will fill, from zero.
    setCountRange(axes.y, 0);
    setTimeRange(axes.x, QDateTime::currentMSecsSinceEpoch(), windowSeconds());
    chart->addAxis(axes.x, Qt::AlignBottom);
    chart->addAxis(axes.y, Qt::AlignLeft);
    auto *view = new QChartView(chart, this);   // takes the chart
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumHeight(160);
    return view;
}

void ChartsView::setCountRange(QValueAxis *axis, double max)
{
    const double top = niceCeiling(max * 1.1);
    // niceCeiling gives 5, or 1, 2, 2.5 or 5 times a power of ten: 2 splits
    // into four whole steps, the others into five.
    const double mantissa = top / std::pow(10.0, std::floor(std::log10(top)));
    axis->setRange(0, top);
    axis->setTickCount(std::abs(mantissa - 2.0) < 1e-9 ? 5 : 6);
}

void ChartsView::setTimeRange(QDateTimeAxis *axis, qint64 endMs, int seconds)
{
    axis->setRange(
        QDateTime::fromMSecsSinceEpoch(endMs - qint64(seconds - 1) * 1000), QDateTime::fromMSecsSinceEpoch(endMs));
    axis->setFormat(seconds > 600 ? QStringLiteral("HH:mm") : QStringLiteral("HH:mm:ss"));
}

QStringList ChartsView::axisLabels(bool depth, Qt::Orientation orientation) const
{
    const Axes &axes = depth ? m_depthAxes : m_ratesAxes;
    QStringList labels;
    if (orientation == Qt::Vertical) {
        const int n = axes.y->tickCount();
        for (int i = 0; i < n; ++i) {
            const double v = axes.y->min() + (axes.y->max() - axes.y->min()) * i / (n - 1);
            labels << QString::asprintf(axes.y->labelFormat().toUtf8().constData(), v);
        }
    } else {
        const int n = axes.x->tickCount();
        const qint64 from = axes.x->min().toMSecsSinceEpoch();
        const qint64 to = axes.x->max().toMSecsSinceEpoch();
        for (int i = 0; i < n; ++i)
            labels << QDateTime::fromMSecsSinceEpoch(from + (to - from) * i / (n - 1)).toString(axes.x->format());
    }
    return labels;
}

void ChartsView::applyTheme()
{
    const QPalette pal = palette();
    for (QChartView *view : {m_ratesView, m_depthView}) {
        QChart *chart = view->chart();
        chart->setBackgroundBrush(pal.base());
        chart->setTitleBrush(pal.text());
        chart->legend()->setLabelColor(pal.text().color());
        for (QAbstractAxis *axis : chart->axes()) {
            axis->setLabelsColor(pal.text().color());
            QColor grid = pal.text().color();
            grid.setAlpha(40);
            axis->setGridLineColor(grid);
            axis->setLinePenColor(grid);
        }
        view->setBackgroundBrush(pal.window());
    }
}

bool ChartsView::event(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange)
        applyTheme();
    return QWidget::event(event);
}

void ChartsView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    refresh();
    m_timer->start();
}

void ChartsView::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    m_timer->stop();
}

int ChartsView::windowSeconds() const
{
    return m_window->currentData().toInt();
}

void ChartsView::setWindowSeconds(int seconds)
{
    const int i = m_window->findData(seconds);
    if (i >= 0)
        m_window->setCurrentIndex(i);
}

qsizetype ChartsView::pointCount(int series) const
{
    return m_rates.value(series) ? m_rates.at(series)->count() : 0;
}

QList<QPointF> ChartsView::points(int series) const
{
    return m_rates.value(series) ? m_rates.at(series)->points() : QList<QPointF>();
}

QList<QPointF> ChartsView::depthPoints() const
{
    return m_depth->points();
}

void ChartsView::setQueue(const QString &queue)
{
    if (queue == m_queue)
        return;
    m_queue = queue;
    m_depthView->chart()->setTitle(queue.isEmpty() ? tr("Queue depth (select a queue)")
                                                    : tr("Depth of %1").arg(queue));
    m_depth->clear();
    if (isVisible())
        refresh();
}

void ChartsView::refresh()
{
    if (!m_source->chartsReady())
        return;
    ++m_refreshes;
    const int seconds = windowSeconds();
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    double maxRate = 0;
    qint64 endMs = now;
    for (qsizetype i = 0; i < m_rates.size(); ++i) {
        if (!m_rates.at(i))
            continue;
        const ChartSeries series = m_source->rateHistory(ChartedCounters[i], seconds);
        if (series.endMs > 0)
            endMs = series.endMs;
        maxRate = maxOf(series.points, maxRate);
        m_rates.at(i)->replace(series.points);
    }
    setTimeRange(m_ratesAxes.x, endMs, seconds);
    setCountRange(m_ratesAxes.y, maxRate);

    if (m_queue.isEmpty()) {
        // No queue yet: an empty chart over the same window, from zero.
        setTimeRange(m_depthAxes.x, endMs, seconds);
        setCountRange(m_depthAxes.y, 0);
        return;
    }
    const QString queue = m_queue;
    m_source->depthHistory(this, queue, seconds, [this, queue, seconds, now](const ChartSeries &series) {
        if (queue != m_queue)
            return;
        m_depth->replace(series.points);
        setTimeRange(m_depthAxes.x, series.endMs > 0 ? series.endMs : now, seconds);
        setCountRange(m_depthAxes.y, maxOf(series.points, 0));
    });
}

} // namespace depot::ui
