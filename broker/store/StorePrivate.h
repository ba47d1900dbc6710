#pragma once

// Store's private state, shared by Store.cpp (the running store) and
// StoreOpen.cpp (opening, checking and loading a database).

#include "broker/store/Store.h"
#include "broker/store/StoreWriter.h"

#include <QString>
#include <QThread>

#include <memory>
#include <vector>

namespace depot::store {

// A number for naming a new QSqlDatabase connection, unique in the process.
quint64 nextConnectionNumber();

struct ThreadStopper
{
    void operator()(QThread *thread) const
    {
        thread->quit();
        thread->wait();
        delete thread;
    }
};

struct Store::Private
{
    QString dataDir;
    QString path;
    Durability durability = Durability::Normal;

    std::shared_ptr<StoreShared> shared = std::make_shared<StoreShared>();
    std::unique_ptr<QThread, ThreadStopper> thread;
    StoreWriter *writer = nullptr;   // lives on `thread`, deleted when it finishes

    std::vector<StoreOp> buffer;
    std::vector<DeliveryRecord> deliveries;   // this hand-over's delivery states
    size_t lastBatchSize = 0;
    size_t lastDeliveriesSize = 0;
    quint64 submitted = 0;
    quint64 committed = 0;
    bool submitScheduled = false;
    std::function<void()> submitHook;   // Store::setSubmitHook
    bool closed = false;
    QList<MessageId> staleLeases;   // lease deadlines of messages not stored any more
    bool recoveredTaken = false;

    qint64 maxQueueId = 0;
    QHash<QString, qint64> queueIds;
    RecoveredState recovered;
    RecoveredLogs recoveredLogs;
    bool recoveredLogsTaken = false;
    qint64 maxTopicId = 0;

    QString readConnection;
    bool readFailing = false;   // the last read failed; said once in the log
};

} // namespace depot::store
