#include "broker/net/TlsThreadState.h"

#include <QThread>

#include <dlfcn.h>

namespace depot::net {

bool releaseThreadTlsState()
{
    // RTLD_NOLOAD: a handle only when libcrypto is already in the process.
    void *crypto = dlopen("libcrypto.so.3", RTLD_LAZY | RTLD_NOLOAD);
    if (!crypto)
        return false;
    using ThreadStop = void (*)();
    auto stop = reinterpret_cast<ThreadStop>(dlsym(crypto, "OPENSSL_thread_stop"));
    if (stop)
        stop();
    dlclose(crypto); // drops the reference RTLD_NOLOAD took
    return stop != nullptr;
}

void releaseThreadTlsStateWhenFinished(QThread *thread)
{
    // Direct: QThread::finished is emitted on the ending thread itself, after
    // its event loop and before wait() returns.
    QObject::connect(thread, &QThread::finished, thread, [] { releaseThreadTlsState(); }, Qt::DirectConnection);
}

} // namespace depot::net
