#pragma once

// SignalWatcher: turns SIGINT and SIGTERM into a Qt signal on the main
// thread, so shutdown (stop accepting, flush, close the store) runs as
// ordinary code rather than inside a signal handler. The handler only writes
// the signal number to a pipe (async-signal-safe); a QSocketNotifier reads it.
//
// After the first signal the default action is restored: a second Ctrl-C
// during a slow shutdown ends the process at once, as users expect. SQLite's
// WAL keeps the data file consistent either way.

#include <QObject>

#include <memory>

class QSocketNotifier;

namespace depot::app {

class SignalWatcher final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SignalWatcher)

public:
    explicit SignalWatcher(QObject *parent = nullptr);
    ~SignalWatcher() override;

    bool isValid() const { return m_notifier != nullptr; }

Q_SIGNALS:
    void shutdownRequested(int signalNumber);

private:
    void readPipe();

    std::unique_ptr<QSocketNotifier> m_notifier;
};

} // namespace depot::app
