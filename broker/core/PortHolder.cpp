#include "broker/core/PortHolder.h"

#include <QDir>
#include <QFile>
#include <QSet>

#include <unistd.h>

namespace depot {

namespace {

// Socket inodes of listening sockets on `port`, from one /proc/net table.
void collectListeningInodes(const QString &table, quint16 port, QSet<QByteArray> *inodes)
{
    QFile file(table);
    if (!file.open(QIODevice::ReadOnly))
        return;
    file.readLine();   // header
    while (!file.atEnd()) {
        const QList<QByteArray> fields = file.readLine().simplified().split(' ');
        // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
        if (fields.size() < 10)
            continue;
        const QByteArray &local = fields.at(1);
        const int colon = local.lastIndexOf(':');
        bool ok = false;
        const uint localPort = local.mid(colon + 1).toUInt(&ok, 16);
        constexpr char Listen[] = "0A";
        if (ok && localPort == port && fields.at(3) == Listen && fields.at(9) != "0")
            inodes->insert(fields.at(9));
    }
}

} // namespace

std::optional<PortHolderInfo> findPortHolder(quint16 port)
{
    QSet<QByteArray> inodes;
    collectListeningInodes(QStringLiteral("/proc/net/tcp"), port, &inodes);
    collectListeningInodes(QStringLiteral("/proc/net/tcp6"), port, &inodes);
    if (inodes.isEmpty())
        return std::nullopt;

    QSet<QString> targets;
    for (const QByteArray &inode : std::as_const(inodes))
        targets.insert(QStringLiteral("socket:[%1]").arg(QString::fromLatin1(inode)));

    const QDir proc(QStringLiteral("/proc"));
    const QStringList pids = proc.entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &pidText : pids) {
        bool isPid = false;
        const qint64 pid = pidText.toLongLong(&isPid);
        if (!isPid)
            continue;
        // Other users' fd directories are unreadable unless we are root: then
        // the holder stays unnamed, which is fine for a hint.
        const QDir fdDir(proc.filePath(pidText + QStringLiteral("/fd")));
        const QStringList fds = fdDir.entryList(QDir::Files | QDir::System | QDir::NoDotAndDotDot);
        for (const QString &fd : fds) {
            // readlink, not QFile::symLinkTarget: the target "socket:[n]" is
            // not a path, and Qt would resolve it against the fd directory.
            char target[64] = {};
            const QByteArray link = QFile::encodeName(fdDir.filePath(fd));
            const ssize_t n = ::readlink(link.constData(), target, sizeof(target) - 1);
            if (n <= 0 || !targets.contains(QString::fromLatin1(target, n)))
                continue;
            QFile comm(proc.filePath(pidText + QStringLiteral("/comm")));
            PortHolderInfo info;
            info.pid = pid;
            if (comm.open(QIODevice::ReadOnly))
                info.name = QString::fromLocal8Bit(comm.readAll().trimmed());
            return info;
        }
    }
    return std::nullopt;
}

} // namespace depot
