#pragma once

// SqsService: the SQS API's actions over the engine. One request type in
// (SqsRequest, either protocol), one dispatcher, one function per action; an
// action answers through its Call now or later (a send once the store has
// committed it, a long poll once a message is ready or its wait is over).
//
// An SQS queue is a Depot queue declared by this service: the attributes the
// engine acts on become its arguments (x-message-retention, x-default-delay,
// the dead-letter arguments of a RedrivePolicy), the ones only SQS clients see
// are kept beside them as x-sqs-attr-<Name> (stored with the queue, ignored by
// the engine). Visibility timeouts are leases with a deadline; receipt handles
// name the lease. See docs/ARCHITECTURE.md, "SQS adapter".
//
// Lives on the broker thread, beside the engine.

#include "broker/engine/Engine.h"
#include "broker/sqs/codec/SqsMessageAttributes.h"
#include "broker/sqs/codec/SqsProtocol.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <deque>
#include <functional>
#include <map>
#include <memory>

namespace depot::core {
class PublishGate;
}

namespace depot::sqs {

class Params;

struct SqsServiceOptions
{
    QString accountId = QStringLiteral("000000000000");
    QString defaultRegion = QStringLiteral("us-east-1");
    // The host:port queue URLs name when a request has no Host header.
    QByteArray defaultHost = "127.0.0.1:9324";
};

// What an action answers with: a result (JSON member names), or an error.
using SqsReply = std::function<void(const SqsResult &result, const std::optional<SqsError> &error)>;

class SqsService final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SqsService)

public:
    SqsService(Engine &engine, core::PublishGate &gate, SqsServiceOptions options, QObject *parent = nullptr);
    ~SqsService() override;

    // Runs one request. `reply` is called exactly once, now or later, unless
    // cancel(ticket) comes first. Returns the ticket.
    quint64 handle(const SqsRequest &request, SqsReply reply);
    // The client went away: its request is dropped without an answer (a long
    // poll stops waiting and takes nothing).
    void cancel(quint64 ticket);

    const SqsServiceOptions &options() const { return m_options; }
    void setDefaultHost(const QByteArray &host) { m_options.defaultHost = host; }

    // Requests waiting (long polls, sends awaiting the store). For tests.
    int pendingCount() const { return int(m_pending.size()); }

    struct Call;
    struct QueueRef;

private:
    // ---- queue actions (SqsQueueActions.cpp) ----
    void createQueue(Call &call);
    void getQueueUrl(Call &call);
    void listQueues(Call &call);
    void deleteQueue(Call &call);
    void getQueueAttributes(Call &call);
    void setQueueAttributes(Call &call);
    void purgeQueue(Call &call);
    void tagQueue(Call &call);
    void untagQueue(Call &call);
    void listQueueTags(Call &call);
    void listDeadLetterSourceQueues(Call &call);
    void addPermission(Call &call);
    void removePermission(Call &call);
    // ---- message actions (SqsMessageActions.cpp) ----
    void sendMessage(Call &call);
    void sendMessageBatch(Call &call);
    void receiveMessage(Call &call);
    void deleteMessage(Call &call);
    void deleteMessageBatch(Call &call);
    void changeMessageVisibility(Call &call);
    void changeMessageVisibilityBatch(Call &call);
    // ---- move tasks (SqsMoveTasks.cpp) ----
    void startMessageMoveTask(Call &call);
    void listMessageMoveTasks(Call &call);
    void cancelMessageMoveTask(Call &call);

public:
    // Shared by the actions (SqsService.cpp).
    QueueRef resolveQueue(const Call &call) const;
    std::optional<QueueRef> findQueue(const QString &name) const;
    QString queueUrl(const Call &call, const QString &name) const;
    QString queueArn(const Call &call, const QString &name) const;
    QString region(const Call &call) const;
    QVariantMap arguments(const QString &queue) const;
    // Throws SqsFailure when the engine refuses them.
    void replaceArguments(const QString &queue, const QVariantMap &arguments);
    // Keeps `policy` as the queue's Policy attribute (empty: none).
    void storePolicy(const QueueRef &queue, const QJsonObject &policy);
    QList<QueueRef> sqsQueues() const;

private:
    struct Pending;
    void finish(quint64 ticket);
    void awaitCommit(const std::shared_ptr<Call> &call, quint64 sequence, std::function<void()> then);
    void onCommitted(quint64 sequence);
    bool tryReceive(const std::shared_ptr<Call> &call);
    void watch(const std::shared_ptr<Call> &call);
    void woken(quint64 ticket);
    void answerReceive(const std::shared_ptr<Call> &call, const QList<Delivery> &deliveries);
    void onTransferProgress(quint64 transferId, quint64 done, quint64 total);
    void onTransferFinished(const TransferReport &report);

    Engine &m_engine;
    core::PublishGate &m_gate;
    SqsServiceOptions m_options;
    quint64 m_nextTicket = 1;
    // Requests answered later, by ticket.
    std::map<quint64, std::shared_ptr<Call>> m_pending;
    // Sends waiting for the store: sequence -> what to do then.
    std::multimap<quint64, std::pair<quint64, std::function<void()>>> m_commitWaits;
    // StartMessageMoveTask's tasks, newest first (engine transfers).
    struct MoveTask
    {
        quint64 transferId = 0;
        QString handle;
        QString source;
        QString sourceArn;
        QString destinationArn; // empty: each message's source queue
        qint64 maxPerSecond = 0; // 0: not given
        qint64 startedMs = 0;
        quint64 moved = 0;
        quint64 toMove = 0;
        QString status; // RUNNING, COMPLETED, CANCELLING, CANCELLED, FAILED
        QString failureReason;
    };
    QList<MoveTask> m_moveTasks;
    // FIFO ReceiveMessage answers by (queue, ReceiveRequestAttemptId), for
    // AWS's retry within 5 minutes: the same messages and receipt handles
    // while every one of them is still in flight.
    struct ReceiveAttempt
    {
        qint64 atMs = 0;
        SqsResult result;
        QList<LeaseHandle> leases;
    };
    QHash<QPair<QString, QString>, ReceiveAttempt> m_receiveAttempts;
    // The same keys in the order they were remembered, to forget them when
    // their 5 minutes are over without scanning the table.
    std::deque<std::pair<qint64, QPair<QString, QString>>> m_receiveAttemptOrder;
    void forgetOldReceiveAttempts(qint64 nowMs);
    // ChangeMessageVisibility of one entry. Throws SqsFailure.
    void changeVisibility(const Params &params, const QueueRef &queue);
    // A DeleteMessageBatch or ChangeMessageVisibilityBatch: the batch rules,
    // then `each` per entry, whose SqsFailure fails that entry alone.
    void settleBatch(Call &call, const QString &action, const std::function<void(const Params &)> &each);
    std::optional<SqsResult> retriedReceive(const QString &queue, const QString &attemptId, qint64 visibilityMs);
    void rememberReceive(
        const QString &queue, const QString &attemptId, const SqsResult &result, const QList<Delivery> &deliveries);

    friend struct Call;
};

// One request being answered.
struct SqsService::Call
{
    SqsRequest request;
    SqsReply reply;
    quint64 ticket = 0;
    bool answered = false;
    // A long poll: the engine's watch on its queue (0: none).
    quint64 watch = 0;
    // ReceiveMessage's parsed arguments (kept while it waits).
    struct Receive
    {
        QString queue;
        quint32 max = 1;
        qint64 visibilityMs = 30000;
        QStringList systemNames;
        QStringList attributeNames;
        QString attemptId; // ReceiveRequestAttemptId, on a FIFO queue
    } receive;
    std::unique_ptr<QTimer> deadline;

    void ok(const QJsonObject &result) { answer(SqsResult(result)); }
    void answer(const SqsResult &result);
    void fail(const SqsError &error);
    void dropDeadline();
};

struct SqsService::QueueRef
{
    QString name;
    QVariantMap arguments;
    QueueInfo info;
    bool fifo = false;
};

} // namespace depot::sqs
