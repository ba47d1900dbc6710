#pragma once

// RemoteMessageJobs: the AMQP work on one remote RabbitMQ, on a worker
// thread of its own ("depot-remote-amqp"): reading a stream from an offset
// and transfers (replay, move, copy; RemoteTransfer). rabbitmq-c blocks on
// the network, so none of it ever runs on the GUI thread; results and
// progress come back as signals on the GUI thread. One job at a time.
//
// The thread is owned with a deleter that cancels the running job and waits
// for it: no thread outlives the window's page for the broker. A cancelled
// transfer stops after the batch in hand (its commit or confirms are
// awaited, so nothing is left half-done) and requeues what it held.

#include "ui/remote/AmqpSession.h"
#include "ui/remote/RemoteMessage.h"
#include "ui/remote/RemoteTransfer.h"

#include <QObject>
#include <QThread>

#include <atomic>
#include <memory>

namespace depot::ui::remote {

class RemoteMessageJobs final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RemoteMessageJobs)

public:
    explicit RemoteMessageJobs(QObject *parent = nullptr);
    ~RemoteMessageJobs() override;

    bool isBusy() const { return m_busy; }
    // Reads up to `max` messages of the stream `queue` from `offset` (-1: the first).
    void readStream(const AmqpSession::Options &options, const QString &queue, qint64 offset, int max);
    void startTransfer(const AmqpSession::Options &options, const TransferJob &job);
    void cancel() { m_cancel.store(true); }

Q_SIGNALS:
    void streamRead(const QList<depot::ui::remote::RemoteMessage> &messages, const QString &error);
    void transferProgress(quint64 examined, quint64 done, quint64 total);
    void transferFinished(const depot::ui::remote::TransferSummary &summary);
    void busyChanged(bool busy);

private:
    struct ThreadStop
    {
        void operator()(QThread *thread) const
        {
            thread->quit();
            thread->wait();
            delete thread;
        }
    };
    void setBusy(bool busy);

    std::unique_ptr<QThread, ThreadStop> m_thread;
    QObject *m_worker = nullptr; // lives on m_thread; deleted when it finishes
    std::atomic<bool> m_cancel{false};
    bool m_busy = false;
};

} // namespace depot::ui::remote
