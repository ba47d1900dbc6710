#include "broker/net/AcceptGuard.h"

#include <QLoggingCategory>
#include <QTcpServer>
#include <QTimer>

#ifdef Q_OS_UNIX
#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>
#endif

namespace depot::net {

namespace {
Q_LOGGING_CATEGORY(lcNet, "depot.net")
}

bool descriptorsRunningOut(qintptr fd)
{
#ifdef Q_OS_UNIX
    rlimit limit{};
    if (fd < 0 || ::getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY)
        return false;
    const int probe = ::fcntl(int(fd), F_DUPFD_CLOEXEC, 0);
    if (probe < 0)
        return true;
    ::close(probe);
    return rlim_t(probe) + DescriptorHeadroom >= limit.rlim_cur;
#else
    Q_UNUSED(fd)
    return false;
#endif
}

AcceptGuard::AcceptGuard(QTcpServer *server, QString what, QObject *parent)
    : QObject(parent), m_server(server), m_what(std::move(what))
{
    connect(server, &QTcpServer::newConnection, this, &AcceptGuard::check);
    // Qt pauses a server whose accept() failed with a resource error and
    // never resumes it: the guard does, once descriptors are free again.
    connect(server, &QTcpServer::acceptError, this, [this](QAbstractSocket::SocketError error) {
        if (error == QAbstractSocket::SocketResourceError || error == QAbstractSocket::TemporaryError)
            pause();
    });
}

void AcceptGuard::check()
{
    if (!m_paused && m_server && descriptorsRunningOut(m_server->socketDescriptor()))
        pause();
}

void AcceptGuard::pause()
{
    if (!m_server)
        return;
    if (!m_paused)
        qCWarning(lcNet).noquote()
            << QStringLiteral("cannot accept more %1 connections for now: the process is near its open-file limit; "
                              "new clients wait until others close (raise the limit: ulimit -Hn, LimitNOFILE=)")
                   .arg(m_what);
    m_paused = true;
    m_server->pauseAccepting();
    QTimer::singleShot(AcceptRetryMs, this, [this] {
        if (!m_server)
            return;
        if (descriptorsRunningOut(m_server->socketDescriptor()))
            return pause();   // still short: look again later
        qCInfo(lcNet).noquote() << QStringLiteral("accepting %1 connections again").arg(m_what);
        m_paused = false;
        m_server->resumeAccepting();
    });
}

} // namespace depot::net
