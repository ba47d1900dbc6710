#pragma once

// PortHolder: names the process that listens on a local TCP port, so the
// "port already in use" line can say who to stop instead of leaving the user
// to run ss or lsof. Linux only (reads /proc/net/tcp{,6} and /proc/*/fd);
// elsewhere, or when the holder belongs to another user, it finds nothing.

#include <QString>

#include <optional>

namespace depot {

struct PortHolderInfo
{
    qint64 pid = 0;
    QString name;     // the process's command name (/proc/<pid>/comm)
};

std::optional<PortHolderInfo> findPortHolder(quint16 port);

} // namespace depot
