#pragma once

// OpenSSL's per-thread state, released by the thread that made it.
//
// OpenSSL (loaded by Qt's TLS backend: QAbstractHttpServer's constructor
// builds a QSslConfiguration on the broker thread; and by rabbitmq-c for
// amqps on the remote AMQP thread) keeps some state per thread and frees it
// twice when a thread is still ending while the process exits: once from
// its exit handler on the main thread (OPENSSL_cleanup) and once from the
// ending thread's own thread-local destructor. QThread::wait() returns before
// that destructor has run, so "stop the broker, then return from main" was
// enough to hit it (a double free seen under AddressSanitizer, about one
// start/stop in thirty on a loaded machine).
//
// releaseThreadTlsStateWhenFinished(thread) makes the thread release its
// OpenSSL state itself (OPENSSL_thread_stop) as the very last thing it does,
// before wait() returns; nothing is left for the late destructor. OpenSSL is
// looked up only if the process has already loaded it: Depot does not load
// it for this.

class QThread;

namespace depot::net {

// Releases the calling thread's OpenSSL state; true when OpenSSL was loaded
// and its OPENSSL_thread_stop ran, false when there was no OpenSSL to ask.
bool releaseThreadTlsState();

// Calls releaseThreadTlsState() on `thread` itself when it finishes.
void releaseThreadTlsStateWhenFinished(QThread *thread);

} // namespace depot::net
