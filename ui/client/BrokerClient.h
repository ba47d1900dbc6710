#pragma once

// BrokerClient: the window's only way to the broker (DESIGN.md §2).
//
// It lives on the GUI thread and never waits: work is posted to the broker
// thread with BrokerService::post(), and results come back as queued calls
// into callbacks. Every callback is bound to a context QObject and dropped
// when that object (or this client) is gone, so a closed window or a replaced
// model never receives a late answer.
//
// A timer (about 4 Hz) asks the broker thread for one coalesced snapshot of
// queues, exchanges, bindings, connections and consumers, merges the stats
// snapshot in, and emits it as one batched signal. At most one snapshot
// request is in flight: a slow broker thread makes the window update less
// often, it never piles up requests.

#include "broker/BrokerService.h"
#include "broker/engine/Engine.h"
#include "ui/client/BrokerSnapshot.h"
#include "ui/client/MessageRow.h"

#include <QCoreApplication>
#include <QObject>
#include <QPointer>

#include <functional>
#include <type_traits>

class QTimer;

namespace depot::ui {

// One message from the window's publish dialog, sent `count` times.
struct PublishRequest
{
    QString exchange;
    QString routingKey;
    MessageProperties properties;
    QByteArray body;
    int count = 1;
    DeathHistory deaths;   // a resent dead letter keeps its history
};

struct PublishReply
{
    int sent = 0;        // copies the broker took
    // Not empty: the broker's publish gate refused the rest (an alarm, the
    // store behind); the text says why, as AMQP clients are told.
    QString refused;
    QString error;       // anything else that stopped it (unknown exchange, ...)
    QString warning;     // taken, but not routed or rejected by a full queue
};

class BrokerClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BrokerClient)

public:
    static constexpr int DefaultRefreshMs = 250;

    explicit BrokerClient(BrokerService *service, QObject *parent = nullptr);
    ~BrokerClient() override;

    BrokerService *service() const { return m_service; }
    // The latest snapshot; never null (empty until the first one arrives).
    SnapshotPtr snapshot() const { return m_snapshot; }

    void setRefreshInterval(int ms);
    // Asks for a snapshot now (F5), unless one is already on its way.
    void refreshNow();

    // Runs `work(engine)` on the broker thread and `done(result)` later on the
    // GUI thread, unless `context` or this client has been destroyed by then.
    // Returns false when the broker is not running (done is never called).
    template <typename Work, typename Done>
    bool call(QObject *context, Work work, Done done)
    {
        using R = std::invoke_result_t<Work, Engine &>;
        QPointer<QObject> guard(context);
        QPointer<BrokerClient> self(this);
        return m_service->post([guard, self, work = std::move(work), done = std::move(done)](Engine &engine) mutable {
            R result = work(engine);
            // qApp lives on the GUI thread for the whole run; the guards are
            // only read there, never on the broker thread.
            QMetaObject::invokeMethod(
                QCoreApplication::instance(),
                [guard, self, done = std::move(done), result = std::move(result)]() mutable {
                    if (guard && self)
                        done(std::move(result));
                },
                Qt::QueuedConnection);
        });
    }
    // Fire and forget.
    bool run(std::function<void(Engine &)> work) { return m_service->post(std::move(work)); }

    // ---- typed requests used by several views ----
    // Rows [offset, offset+limit) of a queue in delivery order; peeking changes nothing.
    void browse(QObject *context, const QString &queue, quint64 offset, quint64 limit,
                std::function<void(QList<MessageRow>)> done);
    // One message with its whole body and headers, or nothing when it is gone.
    void message(QObject *context, const QString &queue, MessageId id,
                 std::function<void(std::optional<MessageView>)> done);
    void startTransfer(QObject *context, const TransferSpec &spec, std::function<void(Result<quint64>)> done);
    void cancelTransfer(quint64 transferId);
    // Publishes through the broker's publish gate, as every producer does.
    // Stops at the first refusal or error and says how many went out.
    void publish(QObject *context, PublishRequest request, std::function<void(PublishReply)> done);
    // Depth (ready + unacked) per second of one queue, oldest first.
    void depthHistory(QObject *context, const QString &queue, int seconds, std::function<void(RateSeries)> done);

Q_SIGNALS:
    void snapshotUpdated(const depot::ui::SnapshotPtr &snapshot);
    void transferProgress(quint64 transferId, quint64 done, quint64 total);
    void transferFinished(const depot::TransferReport &report);
    // Started, stopped or failed: read service()->state().
    void brokerStateChanged();

private:
    void requestSnapshot();
    void receiveSnapshot(std::shared_ptr<BrokerSnapshot> snapshot);
    void attachEngineSignals();

    BrokerService *m_service;   // not owned; outlives the client
    SnapshotPtr m_snapshot;
    QTimer *m_timer = nullptr;
    bool m_snapshotPending = false;
    quint64 m_requestGeneration = 0;
};

} // namespace depot::ui
