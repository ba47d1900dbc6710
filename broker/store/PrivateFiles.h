#pragma once

// PrivateFiles: Depot's data directory holds every stored message body and
// the accounts; no other user of the machine may read it, whatever the umask
// (docs/security.md). The directory is 0700 and each file Depot writes there
// (depot.db and SQLite's -wal and -shm beside it, depot.lock, users.json) or
// exports is 0600. On other systems than Unix these are no-ops.

#include <QByteArray>
#include <QString>

class QFile;

namespace depot::store {

// Creates `dir` (and its parents) with mode 0700, or makes an existing one
// of ours 0700. Returns why it cannot be used (it belongs to another user,
// it cannot be created), or an empty string. *tightened is set to a line
// for the log when an existing directory was open to others and no longer is.
QString claimPrivateDirectory(const QString &dir, QString *tightened);

// chmod 0600 when the file exists (it stays as it is when that fails: the
// directory's 0700 still keeps others out). True when it is private now.
bool makeFilePrivate(const QString &path);

// Writes `data` to `path` as a file only its owner can read (0600, also
// when it replaces a file that was not), for exports of message bodies. On
// failure returns false with *error saying why.
bool writePrivateFile(const QString &path, const QByteArray &data, QString *error);

// Opens `file` (its name set) for writing from empty as a file only its
// owner can read (0600 before the first byte, also when it replaces a file
// that was not), for exports written as they stream in. On failure returns
// false with *error saying why.
bool openPrivateFile(QFile &file, QString *error);

} // namespace depot::store
