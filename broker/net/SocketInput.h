#pragma once

// What a client has sent that Depot has not looked at yet.

class QAbstractSocket;

namespace depot::net {

// Whether bytes from the peer are waiting: in the socket's own buffer or,
// not yet read from the kernel, in the operating system's receive queue.
// A heartbeat check asks before it calls a client silent: after Depot itself
// stalled, the client's heartbeats are there, only unread.
bool bytesWaiting(const QAbstractSocket &socket);

} // namespace depot::net
