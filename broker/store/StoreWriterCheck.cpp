#include "broker/store/StoreWriter.h"

// StoreWriterCheck.cpp: the writer's commit check (with --durability
// fsync): a journal handle asked for after every COMMIT, so that a sync
// ext4 answered with success for a commit it dropped is seen as the failure
// it is (the comment before openCommitCheck).

#include "broker/store/SqliteCodes.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QSqlError>

#if defined(Q_OS_LINUX)
#include <array>
#include <cerrno>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

Q_DECLARE_LOGGING_CATEGORY(lcDepotStore)

namespace depot::store {

namespace {

#if defined(Q_OS_LINUX)
// The commit check's file, beside depot.db; one block of it is enough.
constexpr off_t CheckFileSize = 4096;

QString checkFilePath(const QString &databasePath)
{
    return databasePath + QStringLiteral("-check");
}

// A failure of the commit check in SQLite's terms, so that describeFailure()
// and the alarm treat it like the same failure of a COMMIT; `step` says
// whether a commit was being checked or the check file being prepared.
enum class CheckStep { Prepare, AfterCommit };

QSqlError checkError(CheckStep step, const QString &databasePath, int error)
{
    int code = sqlite::IoErr;
    if (error == EROFS)
        code = sqlite::ReadOnly;
    else if (error == ENOSPC || error == EDQUOT)
        code = sqlite::Full;
    const QString reason = qt_error_string(error);
    if (step == CheckStep::Prepare)
        return QSqlError(QStringLiteral("cannot prepare the commit check"),
                         QStringLiteral("cannot write %1: %2")
                             .arg(QDir::toNativeSeparators(checkFilePath(databasePath)), reason),
                         QSqlError::ConnectionError, QString::number(code));
    return QSqlError(QStringLiteral("the commit could not be confirmed durable"),
                     QStringLiteral("the file system failed during the commit: %1").arg(reason),
                     QSqlError::TransactionError, QString::number(code));
}
#endif

} // namespace

// ext4 can answer fdatasync() with success for a commit that never reached
// the disk. When its journal aborts (after an error, with errors=remount-ro)
// while a sync waits for the file's data, the
// journal completes the transaction holding the file's new size and blocks
// without writing it, and the sync, which then finds that transaction
// complete, returns 0; it looks at the abort only when it had to wait for
// the commit. The file system turns read-only only a few milliseconds later
// (after the superblock is written), and statvfs() never says so on Linux 6.6
// and later. What does see the abort at once is the start of any journal
// handle. So after every COMMIT (with --durability fsync, where a confirm
// means "on disk") the writer asks for a journal handle that changes
// nothing: fallocate(KEEP_SIZE) over the first block of a small file beside
// the database, a block that is already there. If that fails, the journal
// may have dropped the commit, which then counts as failed: its batches stay
// pending and nothing of it is confirmed. Any sync that returned 0 falsely
// did so after the abort, so a check after it always sees the abort. The
// price is one syscall per group commit (docs/ARCHITECTURE.md, durability).
bool StoreWriter::openCommitCheck()
{
    closeCommitCheck();
#if defined(Q_OS_LINUX)
    if (m_durability != Durability::Fsync || m_commitCheckUnsupported)
        return true;
    const QByteArray path = QFile::encodeName(checkFilePath(m_path));
    int fd = -1;
    do
        fd = ::open(path.constData(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    while (fd < 0 && errno == EINTR);
    if (fd < 0)
        return fail(checkError(CheckStep::Prepare, m_path, errno));
    struct stat info;
    if (::fstat(fd, &info) != 0 || info.st_size < CheckFileSize) {
        // Written and synced once, so the check never allocates.
        const std::array<char, CheckFileSize> zeros{};
        if (::pwrite(fd, zeros.data(), zeros.size(), 0) != CheckFileSize || ::fdatasync(fd) != 0) {
            const int error = errno;
            ::close(fd);
            return fail(checkError(CheckStep::Prepare, m_path, error));
        }
    }
    m_commitCheckFd = fd;
    return journalStillWorks(false);
#else
    return true;
#endif
}

void StoreWriter::closeCommitCheck()
{
#if defined(Q_OS_LINUX)
    if (m_commitCheckFd >= 0)
        ::close(m_commitCheckFd);
#endif
    m_commitCheckFd = -1;
}

bool StoreWriter::journalStillWorks(bool afterCommit)
{
#if defined(Q_OS_LINUX)
    if (m_commitCheckFd < 0)
        return true;
    int rc = 0;
    do
        rc = ::fallocate(m_commitCheckFd, FALLOC_FL_KEEP_SIZE, 0, CheckFileSize);
    while (rc != 0 && errno == EINTR);
    if (rc == 0)
        return true;
    const int error = errno;
    if (error == EOPNOTSUPP || error == ENOSYS) {
        // A file system without fallocate() has no such check; commits are
        // trusted as SQLite reports them, as before the check existed.
        qCInfo(lcDepotStore).noquote() << QStringLiteral("%1 does not support fallocate; commits are not checked "
                                                         "after their sync")
                                              .arg(QDir::toNativeSeparators(QFileInfo(m_path).absolutePath()));
        m_commitCheckUnsupported = true;
        closeCommitCheck();
        return true;
    }
    return fail(checkError(afterCommit ? CheckStep::AfterCommit : CheckStep::Prepare, m_path, error));
#else
    Q_UNUSED(afterCommit);
    return true;
#endif
}

} // namespace depot::store
