#pragma once

// OpenFileLimit: every AMQP or HTTP client is one socket, so the number of
// connections Depot can hold is bounded by RLIMIT_NOFILE. Many systems still
// start processes with a soft limit of 1024 while allowing far more (the hard
// limit); depot raises the soft limit to the hard one at start-up and says so
// when even that is too low for the configured connection limit.

#include <QString>

namespace depot::app {

struct OpenFileLimit
{
    quint64 before = 0; // soft limit at start-up
    quint64 soft = 0; // soft limit now
    quint64 hard = 0;
    QString error; // set when the limit could not be read or raised
};

// Descriptors Depot needs besides its client sockets: listeners, the store's
// database and journal, the self-pipe, the window's X/Wayland connection,
// fonts and icons, with a margin.
inline constexpr quint64 ReservedFileDescriptors = 128;

// Raises the soft RLIMIT_NOFILE to the hard limit (no-op where it already is).
OpenFileLimit raiseOpenFileLimit();

// One line for the log when `limit` cannot hold `maxConnections` clients
// (0 = unlimited, which is never warned about), or an empty string.
QString openFileLimitWarning(const OpenFileLimit &limit, int maxConnections);

} // namespace depot::app
