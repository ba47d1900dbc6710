// A thread that used OpenSSL releases OpenSSL's state for itself when it
// finishes (TlsThreadState.h), so nothing is left for the thread-local
// destructor that raced OpenSSL's exit handler (a double free under ASan).
//
// OpenSSL's error queue is per-thread state: an error raised on a thread
// stays queued until that thread's state is released. The check runs on the
// finishing thread, after the release (direct connections run in order).

#include "broker/net/TlsThreadState.h"

#include <QSslConfiguration>
#include <QTest>
#include <QThread>

#include <openssl/err.h>

#include <atomic>

using namespace depot;

namespace {

// Raises an OpenSSL error on the running thread, the way a failed TLS call
// would, after Qt's TLS backend has set OpenSSL up here as the HTTP server does.
class OpenSslUser final : public QThread
{
protected:
    void run() override
    {
        QSslConfiguration configuration; // loads and initialises OpenSSL on this thread
        ERR_raise(ERR_LIB_SYS, 1);
        queuedBeforeEnd.store(ERR_peek_error() != 0);
    }

public:
    std::atomic<bool> queuedBeforeEnd{false};
};

// Runs an OpenSslUser (with the release wired first when asked) and returns
// whether an OpenSSL error was still queued on it as it finished; the check
// is connected after the release, so it runs after it on the finishing thread.
int queuedAtFinish(bool release)
{
    OpenSslUser thread;
    if (release)
        net::releaseThreadTlsStateWhenFinished(&thread);
    std::atomic<int> queued{-1};
    QObject::connect(&thread, &QThread::finished, &thread,
        [&queued] { queued.store(ERR_peek_error() != 0 ? 1 : 0); }, Qt::DirectConnection);
    thread.start();
    if (!thread.wait(10000) || !thread.queuedBeforeEnd.load())
        return -1;
    return queued.load();
}

} // namespace

class TestTlsThreadState final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // Without the release the error is still queued at the thread's end: the
    // state that the late destructor would free.
    void stateOutlivesTheThreadsWorkWithoutIt() { QCOMPARE(queuedAtFinish(false), 1); }

    void theFinishingThreadReleasesItsState() { QCOMPARE(queuedAtFinish(true), 0); }

    // Called directly, it says whether there was an OpenSSL to release (this
    // test links it) and clears the calling thread's queue.
    void releaseOnTheCallingThread()
    {
        ERR_raise(ERR_LIB_SYS, 2);
        QVERIFY(ERR_peek_error() != 0);
        QVERIFY(net::releaseThreadTlsState());
        QCOMPARE(ERR_peek_error(), 0UL);
    }
};

QTEST_GUILESS_MAIN(TestTlsThreadState)
#include "tst_tlsthreadstate.moc"
