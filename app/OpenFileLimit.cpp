#include "app/OpenFileLimit.h"

#include <cerrno>
#include <cstring>
#include <limits>
#include <sys/resource.h>

namespace depot::app {

namespace {

quint64 toCount(rlim_t value)
{
    return value == RLIM_INFINITY ? std::numeric_limits<quint64>::max() : quint64(value);
}

} // namespace

OpenFileLimit raiseOpenFileLimit()
{
    OpenFileLimit result;
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) {
        result.error
            = QStringLiteral("cannot read the open-file limit: %1").arg(QString::fromLocal8Bit(std::strerror(errno)));
        return result;
    }
    result.before = result.soft = toCount(limit.rlim_cur);
    result.hard = toCount(limit.rlim_max);
    if (limit.rlim_cur == limit.rlim_max)
        return result;
    const rlim_t previous = limit.rlim_cur;
    limit.rlim_cur = limit.rlim_max;
    if (::setrlimit(RLIMIT_NOFILE, &limit) != 0) {
        result.error = QStringLiteral("cannot raise the open-file limit from %1 to %2: %3")
                           .arg(quint64(previous))
                           .arg(result.hard)
                           .arg(QString::fromLocal8Bit(std::strerror(errno)));
        return result;
    }
    result.soft = result.hard;
    return result;
}

QString openFileLimitWarning(const OpenFileLimit &limit, int maxConnections)
{
    if (maxConnections <= 0 || limit.soft == 0)
        return {};
    const quint64 needed = quint64(maxConnections) + ReservedFileDescriptors;
    if (limit.soft >= needed)
        return {};
    const quint64 room = limit.soft > ReservedFileDescriptors ? limit.soft - ReservedFileDescriptors : 0;
    return QStringLiteral("the open-file limit is %1 (hard limit %2), too low for %3 connections (needs about %4): "
                          "clients beyond about %5 will wait until others disconnect; raise it with `ulimit -Hn` "
                          "or LimitNOFILE= in the service unit")
        .arg(limit.soft)
        .arg(limit.hard)
        .arg(maxConnections)
        .arg(needed)
        .arg(room);
}

} // namespace depot::app
