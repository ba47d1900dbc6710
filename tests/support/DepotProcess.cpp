#include "tests/support/DepotProcess.h"

#include "tests/support/TestSupport.h"

#include <QDeadlineTimer>

#include <csignal>

namespace depot::test {

namespace {

constexpr QByteArrayView ReadyPrefix = "depot ready:";
constexpr int StartAttempts = 3;

} // namespace

QStringList outputLines(const QByteArray &output)
{
    QStringList lines;
    const QList<QByteArray> raw = output.split('\n');
    for (const QByteArray &line : raw) {
        const QByteArray trimmed = line.trimmed();
        if (!trimmed.isEmpty())
            lines << QString::fromUtf8(trimmed);
    }
    return lines;
}

DepotProcess::DepotProcess() = default;

DepotProcess::~DepotProcess()
{
    if (isRunning())
        kill();
}

DepotProcess::Outcome DepotProcess::run(const QStringList &arguments, int timeoutMs)
{
    Outcome outcome;
    QProcess process;
    process.start(depotBinary(), arguments);
    if (!process.waitForStarted(timeoutMs))
        return outcome;
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
    } else {
        outcome.finished = process.exitStatus() == QProcess::NormalExit;
        outcome.exitCode = process.exitCode();
    }
    outcome.standardOutput = process.readAllStandardOutput();
    outcome.standardError = process.readAllStandardError();
    return outcome;
}

bool DepotProcess::start(const QStringList &arguments, int timeoutMs)
{
    for (int attempt = 0; attempt < StartAttempts; ++attempt) {
        if (startOnce(arguments, timeoutMs))
            return true;
        // Only a port lost to another process between freePort() and the
        // bind is worth another try; anything else is the test's finding.
        if (!m_error.contains(QLatin1String("already in use")))
            return false;
    }
    return false;
}

bool DepotProcess::startOnce(const QStringList &arguments, int timeoutMs)
{
    if (isRunning()) {
        m_error = QStringLiteral("already running");
        return false;
    }
    m_readyLine.clear();
    m_error.clear();
    m_amqpPort = freePort();
    do {
        m_httpPort = freePort();
    } while (m_httpPort == m_amqpPort);
    do {
        m_sqsPort = freePort();
    } while (m_sqsPort == m_amqpPort || m_sqsPort == m_httpPort);
    do {
        m_kafkaPort = freePort();   // never Kafka's 9092: tests run side by side
    } while (m_kafkaPort == m_amqpPort || m_kafkaPort == m_httpPort || m_kafkaPort == m_sqsPort);

    QStringList args;
    if (m_headless)
        args << QStringLiteral("--headless");
    args << QStringLiteral("--amqp-port") << QString::number(m_amqpPort) << QStringLiteral("--http-port")
         << QString::number(m_httpPort) << QStringLiteral("--sqs-port") << QString::number(m_sqsPort)
         << QStringLiteral("--kafka-port") << QString::number(m_kafkaPort) << arguments;

    m_process = std::make_unique<QProcess>();
    if (!m_environment.isEmpty())
        m_process->setProcessEnvironment(m_environment);
    if (!m_workingDirectory.isEmpty())
        m_process->setWorkingDirectory(m_workingDirectory);
    m_process->start(depotBinary(), args);
    if (!m_process->waitForStarted(timeoutMs)) {
        m_error = QStringLiteral("cannot start %1: %2").arg(depotBinary(), m_process->errorString());
        return false;
    }

    // Each start's output is appended, so a test sees a restart's whole story.
    const qsizetype stdoutStart = m_stdout.size();
    const QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        drain();
        // Only lines whose newline has arrived are complete.
        QByteArray output = m_stdout.mid(stdoutStart);
        output.truncate(output.lastIndexOf('\n') + 1);
        const QList<QByteArray> lines = output.split('\n');
        for (const QByteArray &line : lines) {
            if (line.startsWith(ReadyPrefix)) {
                m_readyLine = QString::fromUtf8(line.trimmed());
                return true;
            }
        }
        if (m_process->state() == QProcess::NotRunning)
            break;
        m_process->waitForReadyRead(50);
    }
    drain();
    if (m_process->state() == QProcess::NotRunning) {
        const QStringList errors = outputLines(m_stderr);
        m_error = QStringLiteral("depot exited with code %1: %2")
                      .arg(m_process->exitCode())
                      .arg(errors.isEmpty() ? QStringLiteral("(no output)") : errors.constLast());
    } else {
        m_error = QStringLiteral("no readiness line within %1 ms").arg(timeoutMs);
        m_process->kill();
        m_process->waitForFinished();
        drain();
    }
    return false;
}

bool DepotProcess::isRunning() const
{
    return m_process && m_process->state() != QProcess::NotRunning;
}

int DepotProcess::stop(int timeoutMs)
{
    return signalAndWait(SIGTERM, timeoutMs);
}

int DepotProcess::interrupt(int timeoutMs)
{
    return signalAndWait(SIGINT, timeoutMs);
}

int DepotProcess::signalAndWait(int signalNumber, int timeoutMs)
{
    if (!isRunning())
        return -1;
    ::kill(pid_t(m_process->processId()), signalNumber);
    if (!m_process->waitForFinished(timeoutMs)) {
        kill();
        return -1;
    }
    drain();
    return m_process->exitStatus() == QProcess::NormalExit ? m_process->exitCode() : -1;
}

void DepotProcess::kill()
{
    if (!isRunning())
        return;
    m_process->kill();   // SIGKILL on Unix
    m_process->waitForFinished();
    drain();
}

QByteArray DepotProcess::standardOutput()
{
    drain();
    return m_stdout;
}

QByteArray DepotProcess::standardError()
{
    drain();
    return m_stderr;
}

void DepotProcess::drain()
{
    if (!m_process)
        return;
    m_stdout += m_process->readAllStandardOutput();
    m_stderr += m_process->readAllStandardError();
}

} // namespace depot::test
