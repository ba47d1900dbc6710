#include "app/UiLagProbe.h"

#include <QDateTime>
#include <QFile>
#include <QThread>
#include <algorithm>
#include <cmath>

namespace depot::app {

namespace {

constexpr qint64 NsPerMs = 1000000;

double percentile(const std::vector<double> &sorted, double p)
{
    if (sorted.empty())
        return 0;
    const auto rank = size_t(std::ceil(p * double(sorted.size()))) - 1;
    return sorted[std::min(rank, sorted.size() - 1)];
}

QByteArray ms(double value)
{
    return QByteArray::number(value, 'f', 2);
}

} // namespace

void UiLagProbe::ThreadStopper::operator()(QThread *thread) const
{
    thread->quit();
    thread->wait();
    delete thread;
}

UiLagProbe::UiLagProbe(const QString &path, QObject *parent)
    : QObject(parent)
{
    auto file = std::make_unique<QFile>(path);
    if (!file->open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Text)) {
        m_error = QStringLiteral("%1=%2: cannot open the file: %3")
                      .arg(QLatin1StringView(EnvironmentVariable), path, file->errorString());
        return;
    }
    file->write("# depot window lag: a 50 ms timer on the GUI thread; lag = how late it fired, in ms\n");
    file->flush();

    // Writing happens off the GUI thread: the window never waits on the disk,
    // not even for its own measurements.
    m_writerThread.reset(new QThread);
    m_writerThread->setObjectName(QStringLiteral("depot-uilag"));
    m_file = file.release();
    m_file->moveToThread(m_writerThread.get());
    m_writerThread->start(QThread::LowPriority);

    m_lagsMs.reserve(2 * 1000 / IntervalMs);
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &UiLagProbe::onTimeout);
    m_clock.start();
    m_armedNs = m_secondStartNs = m_clock.nsecsElapsed();
    m_timer.start(IntervalMs);
}

UiLagProbe::~UiLagProbe()
{
    if (!m_file)
        return;
    m_timer.stop();
    if (!m_lagsMs.empty())
        emitSecond();
    QFile *file = m_file;
    // The last lines must reach the file before the thread stops; this is
    // shutdown, so the GUI thread may wait for it.
    QMetaObject::invokeMethod(
        file, [file] { file->close(); }, Qt::BlockingQueuedConnection);
    m_writerThread.reset();
    delete file;
}

void UiLagProbe::onTimeout()
{
    const qint64 now = m_clock.nsecsElapsed();
    const qint64 lateNs = now - m_armedNs - qint64(IntervalMs) * NsPerMs;
    m_lagsMs.push_back(double(std::max<qint64>(0, lateNs)) / double(NsPerMs));
    if (now - m_secondStartNs >= 1000 * NsPerMs) {
        emitSecond();
        m_secondStartNs = now;
    }
    m_armedNs = m_clock.nsecsElapsed();
    m_timer.start(IntervalMs);
}

void UiLagProbe::emitSecond()
{
    QByteArray lags;
    for (double lag : m_lagsMs) {
        if (!lags.isEmpty())
            lags += ',';
        lags += ms(lag);
    }
    std::vector<double> sorted = m_lagsMs;
    std::sort(sorted.begin(), sorted.end());
    QByteArray line = QByteArray::number(QDateTime::currentMSecsSinceEpoch())
        + " n=" + QByteArray::number(qsizetype(sorted.size())) + " p50=" + ms(percentile(sorted, 0.50)) + " p99="
        + ms(percentile(sorted, 0.99)) + " max=" + ms(sorted.empty() ? 0 : sorted.back()) + " lags=" + lags + '\n';
    m_lagsMs.clear();
    write(std::move(line));
}

void UiLagProbe::write(QByteArray line)
{
    QFile *file = m_file;
    QMetaObject::invokeMethod(
        file,
        [file, line = std::move(line)] {
            file->write(line);
            file->flush();
        },
        Qt::QueuedConnection);
}

} // namespace depot::app
