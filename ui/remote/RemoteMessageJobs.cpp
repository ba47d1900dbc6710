#include "ui/remote/RemoteMessageJobs.h"

#include "broker/net/TlsThreadState.h"

namespace depot::ui::remote {

namespace {

// A stream read ends after this long without a delivery: the stream's end.
constexpr int StreamIdleMs = 1500;

} // namespace

RemoteMessageJobs::RemoteMessageJobs(QObject *parent)
    : QObject(parent)
    , m_thread(new QThread)
    , m_worker(new QObject)
{
    m_thread->setObjectName(QStringLiteral("depot-remote-amqp"));
    // amqps connections made here use OpenSSL (TlsThreadState.h).
    net::releaseThreadTlsStateWhenFinished(m_thread.get());
    m_worker->moveToThread(m_thread.get());
    connect(m_thread.get(), &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread->start();
}

RemoteMessageJobs::~RemoteMessageJobs()
{
    m_cancel.store(true);
    m_thread.reset(); // waits for the job in hand
}

void RemoteMessageJobs::setBusy(bool busy)
{
    if (m_busy == busy)
        return;
    m_busy = busy;
    Q_EMIT busyChanged(busy);
}

void RemoteMessageJobs::readStream(const AmqpSession::Options &options, const QString &queue, qint64 offset, int max)
{
    if (m_busy)
        return;
    setBusy(true);
    QMetaObject::invokeMethod(m_worker, [this, options, queue, offset, max] {
        AmqpSession session;
        QList<RemoteMessage> messages;
        QString error;
        if (session.open(options, AmqpSession::Publishing::None)) {
            const QList<AmqpMessage> read = session.readStream(queue, offset, max, StreamIdleMs);
            for (const AmqpMessage &m : read)
                messages.append(messageFromAmqp(m, quint64(messages.size())));
            error = session.error();
        } else {
            error = session.error();
        }
        QMetaObject::invokeMethod(this, [this, messages, error] {
            setBusy(false);
            Q_EMIT streamRead(messages, error);
        }, Qt::QueuedConnection);
    }, Qt::QueuedConnection);
}

void RemoteMessageJobs::startTransfer(const AmqpSession::Options &options, const TransferJob &job)
{
    if (m_busy)
        return;
    m_cancel.store(false);
    setBusy(true);
    QMetaObject::invokeMethod(m_worker, [this, options, job] {
        const TransferSummary summary = RemoteTransfer::run(options, job, m_cancel,
            [this](quint64 examined, quint64 done, quint64 total) {
                QMetaObject::invokeMethod(this, [this, examined, done, total] {
                    Q_EMIT transferProgress(examined, done, total);
                }, Qt::QueuedConnection);
            });
        QMetaObject::invokeMethod(this, [this, summary] {
            setBusy(false);
            Q_EMIT transferFinished(summary);
        }, Qt::QueuedConnection);
    }, Qt::QueuedConnection);
}

} // namespace depot::ui::remote
