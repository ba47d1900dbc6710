#pragma once

// DepotProcess: runs the real `depot` executable (DEPOT_BINARY) for tests.
// start() picks free loopback ports, adds --headless (unless told not to)
// and the ports, waits for the readiness line, and retries with other ports
// if one was taken in between (free-port races are a test artefact, not the
// behaviour under test). stop() sends SIGTERM and returns the exit code.

#include <QByteArray>
#include <QProcess>
#include <QStringList>

#include <memory>

namespace depot::test {

class DepotProcess final
{
    Q_DISABLE_COPY_MOVE(DepotProcess)

public:
    static constexpr int DefaultTimeoutMs = 20000;

    DepotProcess();
    ~DepotProcess();   // kills a process still running

    // Runs depot with exactly `arguments` until it exits (--help, bad
    // options, refused starts). Returns false on timeout or crash.
    struct Outcome
    {
        bool finished = false;        // exited normally within the timeout
        int exitCode = -1;
        QByteArray standardOutput;
        QByteArray standardError;
    };
    static Outcome run(const QStringList &arguments, int timeoutMs = DefaultTimeoutMs);

    // Starts `depot --headless --amqp-port A --http-port H --sqs-port S --kafka-port K <arguments>` and
    // waits for "depot ready:". Pass --data-dir or --in-memory in `arguments`.
    bool start(const QStringList &arguments, int timeoutMs = DefaultTimeoutMs);
    void setHeadless(bool headless) { m_headless = headless; }
    void setEnvironment(const QProcessEnvironment &environment) { m_environment = environment; }
    void setWorkingDirectory(const QString &dir) { m_workingDirectory = dir; }

    bool isRunning() const;
    quint16 amqpPort() const { return m_amqpPort; }
    quint16 httpPort() const { return m_httpPort; }
    quint16 sqsPort() const { return m_sqsPort; }
    quint16 kafkaPort() const { return m_kafkaPort; }
    QString readyLine() const { return m_readyLine; }
    QString errorString() const { return m_error; }   // why start() failed

    // SIGTERM (or SIGINT), wait, return the exit code; -1 on crash or timeout.
    int stop(int timeoutMs = DefaultTimeoutMs);
    int interrupt(int timeoutMs = DefaultTimeoutMs);
    // SIGKILL, as a power cut would; waits until the process is gone.
    void kill();

    // Everything the process wrote so far (kept across stop/kill).
    QByteArray standardOutput();
    QByteArray standardError();

private:
    bool startOnce(const QStringList &arguments, int timeoutMs);
    int signalAndWait(int signalNumber, int timeoutMs);
    void drain();

    std::unique_ptr<QProcess> m_process;
    bool m_headless = true;
    QProcessEnvironment m_environment;
    QString m_workingDirectory;
    quint16 m_amqpPort = 0;
    quint16 m_httpPort = 0;
    quint16 m_sqsPort = 0;
    quint16 m_kafkaPort = 0;
    QString m_readyLine;
    QString m_error;
    QByteArray m_stdout;
    QByteArray m_stderr;
};

// The non-empty lines of a process's output, trimmed.
QStringList outputLines(const QByteArray &output);

} // namespace depot::test
