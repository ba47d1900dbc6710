#pragma once

// UiLagProbe: measures how responsive the window is. A precise single-shot
// QTimer on the GUI thread is re-armed for 50 ms each time it fires; how much
// later than asked it fires is the time the event loop was busy with
// something else (painting, models, queued results) and could not react to
// the user. Once a second it hands one line to a writer thread:
//
//     <unix time ms> n=<samples> p50=<ms> p99=<ms> max=<ms> lags=<ms>,<ms>,...
//
// Opt-in with DEPOT_UI_LAG_LOG=<file>; without it nothing is created, so
// normal runs pay nothing. bench_load reads the file to report the window's
// lag under 1,000+ connections.

#include <QElapsedTimer>
#include <QObject>
#include <QString>
#include <QTimer>
#include <memory>
#include <vector>

class QFile;
class QThread;

namespace depot::app {

class UiLagProbe final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(UiLagProbe)

public:
    static constexpr int IntervalMs = 50;
    static constexpr const char *EnvironmentVariable = "DEPOT_UI_LAG_LOG";

    // Opens (truncates) `path` and starts measuring on the calling thread's
    // event loop. Check error() afterwards.
    explicit UiLagProbe(const QString &path, QObject *parent = nullptr);
    // Writes what it has and stops the writer thread.
    ~UiLagProbe() override;

    QString error() const { return m_error; }

private:
    struct ThreadStopper
    {
        void operator()(QThread *thread) const;
    };

    void onTimeout();
    void emitSecond();
    void write(QByteArray line);

    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_armedNs = 0;
    qint64 m_secondStartNs = 0;
    std::vector<double> m_lagsMs; // this second's samples
    QString m_error;
    std::unique_ptr<QThread, ThreadStopper> m_writerThread;
    QFile *m_file = nullptr; // lives on m_writerThread, deleted after it stopped
};

} // namespace depot::app
