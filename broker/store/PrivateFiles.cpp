#include "broker/store/PrivateFiles.h"

#include <QDir>
#include <QFileInfo>

#ifdef Q_OS_UNIX
#include <cerrno>
#include <cstring>
#include <sys/stat.h>
#include <unistd.h>
#endif

namespace depot::store {

QString claimPrivateDirectory(const QString &dir, QString *tightened)
{
    if (tightened)
        tightened->clear();
#ifdef Q_OS_UNIX
    const QByteArray path = QFile::encodeName(dir);
    struct stat st
    {
    };
    if (::stat(path.constData(), &st) != 0) {
        if (errno != ENOENT)
            return QString::fromLocal8Bit(std::strerror(errno));
        // The parents as the user's umask makes them (they are not ours to
        // close); the directory itself private from its first moment.
        const QString parent = QFileInfo(dir).absolutePath();
        if (!QDir().mkpath(parent))
            return QStringLiteral("its parent %1 cannot be created").arg(QDir::toNativeSeparators(parent));
        if (::mkdir(path.constData(), 0700) != 0 && errno != EEXIST)
            return QStringLiteral("it cannot be created (%1)").arg(QString::fromLocal8Bit(std::strerror(errno)));
        if (::stat(path.constData(), &st) != 0)
            return QString::fromLocal8Bit(std::strerror(errno));
    }
    if (!S_ISDIR(st.st_mode))
        return QStringLiteral("it exists and is not a directory");
    if (st.st_uid != ::geteuid())
        return QStringLiteral("it belongs to another user (uid %1), who could read and change what Depot "
                              "stores there")
            .arg(st.st_uid);
    const mode_t mode = st.st_mode & 07777;
    if (mode != 0700) {
        if (::chmod(path.constData(), 0700) != 0)
            return QStringLiteral("it cannot be made private (chmod 0700: %1)")
                .arg(QString::fromLocal8Bit(std::strerror(errno)));
        // A directory Depot just made had only the umask's say in it; one
        // that was there already was open to others: the log says so.
        if (tightened && (mode & 077))
            *tightened = QStringLiteral("data directory %1 was readable by other users (mode %2); it is now 0700")
                             .arg(QDir::toNativeSeparators(dir))
                             .arg(mode, 4, 8, QLatin1Char('0'));
    }
    return {};
#else
    if (!QDir().mkpath(dir))
        return QStringLiteral("it cannot be created");
    return {};
#endif
}

bool makeFilePrivate(const QString &path)
{
#ifdef Q_OS_UNIX
    const QByteArray name = QFile::encodeName(path);
    struct stat st
    {
    };
    if (::stat(name.constData(), &st) != 0)
        return false;
    if ((st.st_mode & 0777) == 0600)
        return true;
    return ::chmod(name.constData(), 0600) == 0;
#else
    Q_UNUSED(path);
    return true;
#endif
}

bool openPrivateFile(QFile &file, QString *error)
{
    const QFile::Permissions ownerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
    // The permissions first, the bytes after: no moment where others could
    // open it and read along.
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate, ownerOnly) || !file.setPermissions(ownerOnly)) {
        *error = file.errorString();
        file.close();
        return false;
    }
    return true;
}

bool writePrivateFile(const QString &path, const QByteArray &data, QString *error)
{
    QFile file(path);
    if (!openPrivateFile(file, error))
        return false;
    if (file.write(data) != data.size() || !file.flush()) {
        *error = file.errorString();
        return false;
    }
    return true;
}

} // namespace depot::store
