// StartMessageMoveTask, ListMessageMoveTasks, CancelMessageMoveTask: SQS's
// dead-letter redrive, over the engine's transfers (a move whose target is
// each message's source queue, from its typed death history, or the given
// destination).

#include "broker/sqs/SqsParams.h"
#include "broker/sqs/SqsService.h"

#include <QDateTime>
#include <QUuid>

namespace depot::sqs {

namespace {

constexpr int kKeptTasks = 100;

QString arnQueue(const QString &arn, const QString &account)
{
    const QStringList parts = arn.split(QLatin1Char(':'));
    if (parts.size() != 6 || parts[0] != QLatin1String("arn") || parts[2] != QLatin1String("sqs")
        || parts[4] != account)
        return {};
    return parts[5];
}

} // namespace

void SqsService::startMessageMoveTask(Call &call)
{
    const Params params(call.request.params, call.request.protocol);
    const QString sourceArn = params.requiredString(QStringLiteral("SourceArn"));
    const QString destinationArn = params.string(QStringLiteral("DestinationArn")).value_or(QString());
    const auto rate = params.integerIn(QStringLiteral("MaxNumberOfMessagesPerSecond"), 1, 500,
        QStringLiteral("Must be between 1 and 500, if provided."));
    const auto source = findQueue(arnQueue(sourceArn, m_options.accountId));
    if (!source)
        fail(ErrorCode::ResourceNotFound,
            QStringLiteral("The resource that you specified for the SourceArn parameter doesn't exist."));
    bool isDeadLetterQueue = false;
    for (const QueueRef &ref : sqsQueues()) {
        if (ref.arguments.value(QStringLiteral("x-dead-letter-routing-key")).toString() == source->name
            && ref.arguments.contains(QStringLiteral("x-dead-letter-exchange")))
            isDeadLetterQueue = true;
    }
    if (!isDeadLetterQueue)
        fail(ErrorCode::InvalidParameterValue,
            QStringLiteral("Source queue must be configured as a Dead Letter Queue."));
    QString target;
    if (!destinationArn.isEmpty()) {
        const auto destination = findQueue(arnQueue(destinationArn, m_options.accountId));
        if (!destination)
            fail(ErrorCode::ResourceNotFound,
                QStringLiteral("The resource that you specified for the DestinationArn parameter doesn't exist."));
        target = destination->name;
    }
    for (const MoveTask &task : std::as_const(m_moveTasks)) {
        if (task.source == source->name && task.status == QLatin1String("RUNNING"))
            fail(ErrorCode::UnsupportedOperation,
                QStringLiteral("There is already a task running. Only one active task is allowed for a source queue "
                               "arn at a given time."));
    }
    TransferSpec spec;
    spec.source = source->name;
    spec.target = target;
    spec.mode = TransferSpec::Mode::Move;
    const auto started = m_engine.startTransfer(spec);
    if (!started.ok())
        fail(ErrorCode::InvalidParameterValue, started.error.text);
    MoveTask task;
    task.transferId = started.value;
    task.handle = QString::fromLatin1(
        (QUuid::createUuid().toString(QUuid::WithoutBraces) + QLatin1Char(':') + sourceArn).toUtf8().toBase64());
    task.source = source->name;
    task.sourceArn = sourceArn;
    task.destinationArn = destinationArn;
    task.maxPerSecond = rate.value_or(0);
    task.startedMs = QDateTime::currentMSecsSinceEpoch();
    task.toMove = source->info.ready;
    task.status = QStringLiteral("RUNNING");
    m_moveTasks.prepend(task);
    while (m_moveTasks.size() > kKeptTasks)
        m_moveTasks.removeLast();
    call.ok({{QStringLiteral("TaskHandle"), task.handle}});
}

void SqsService::listMessageMoveTasks(Call &call)
{
    const Params params(call.request.params, call.request.protocol);
    const QString sourceArn = params.requiredString(QStringLiteral("SourceArn"));
    const auto max = params.integerIn(
        QStringLiteral("MaxResults"), 1, 10, QStringLiteral("Must be between 1 and 10, if provided."));
    if (!findQueue(arnQueue(sourceArn, m_options.accountId)))
        fail(ErrorCode::ResourceNotFound,
            QStringLiteral("The resource that you specified for the SourceArn parameter doesn't exist."));
    QJsonArray results;
    for (const MoveTask &task : std::as_const(m_moveTasks)) {
        if (task.sourceArn != sourceArn)
            continue;
        if (results.size() >= max.value_or(1))
            break;
        QJsonObject r{
            {QStringLiteral("Status"), task.status},
            {QStringLiteral("SourceArn"), task.sourceArn},
            {QStringLiteral("ApproximateNumberOfMessagesMoved"), qint64(task.moved)},
            {QStringLiteral("ApproximateNumberOfMessagesToMove"), qint64(task.toMove)},
            {QStringLiteral("StartedTimestamp"), task.startedMs},
        };
        if (task.status == QLatin1String("RUNNING"))
            r.insert(QStringLiteral("TaskHandle"), task.handle);
        if (!task.destinationArn.isEmpty())
            r.insert(QStringLiteral("DestinationArn"), task.destinationArn);
        if (task.maxPerSecond > 0)
            r.insert(QStringLiteral("MaxNumberOfMessagesPerSecond"), task.maxPerSecond);
        if (!task.failureReason.isEmpty())
            r.insert(QStringLiteral("FailureReason"), task.failureReason);
        results.append(r);
    }
    QJsonObject result;
    if (!results.isEmpty())
        result.insert(QStringLiteral("Results"), results);
    call.ok(result);
}

void SqsService::cancelMessageMoveTask(Call &call)
{
    const Params params(call.request.params, call.request.protocol);
    const QString handle = params.requiredString(QStringLiteral("TaskHandle"));
    for (MoveTask &task : m_moveTasks) {
        if (task.handle != handle)
            continue;
        if (task.status != QLatin1String("RUNNING"))
            break;
        task.status = QStringLiteral("CANCELLING");
        m_engine.cancelTransfer(task.transferId);
        call.ok({{QStringLiteral("ApproximateNumberOfMessagesMoved"), qint64(task.moved)}});
        return;
    }
    fail(ErrorCode::ResourceNotFound,
        QStringLiteral("The resource that you specified for the TaskHandle parameter doesn't exist."));
}

void SqsService::onTransferProgress(quint64 transferId, quint64 done, quint64 total)
{
    for (MoveTask &task : m_moveTasks) {
        if (task.transferId == transferId) {
            task.moved = done;
            task.toMove = total;
        }
    }
}

void SqsService::onTransferFinished(const TransferReport &report)
{
    for (MoveTask &task : m_moveTasks) {
        if (task.transferId != report.id)
            continue;
        task.moved = report.done;
        task.toMove = report.total;
        if (report.cancelled)
            task.status = QStringLiteral("CANCELLED");
        else if (!report.error.isEmpty() && report.done < report.total)
            task.status = QStringLiteral("FAILED"), task.failureReason = report.error;
        else
            task.status = QStringLiteral("COMPLETED");
    }
}

} // namespace depot::sqs
