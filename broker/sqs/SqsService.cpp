#include "broker/sqs/SqsService.h"

#include "broker/core/PublishGate.h"
#include "broker/sqs/SqsParams.h"
#include "broker/sqs/SqsQueueAttributes.h"

#include <QUrl>

namespace depot::sqs {

namespace {

using Action = void (SqsService::*)(SqsService::Call &);

} // namespace

void SqsService::Call::dropDeadline()
{
    // Possibly from inside the timer's own timeout: deleted later.
    if (deadline) {
        deadline->stop();
        deadline.release()->deleteLater();
    }
}

void SqsService::Call::answer(const SqsResult &result)
{
    if (answered)
        return;
    answered = true;
    dropDeadline();
    reply(result, std::nullopt);
}

void SqsService::Call::fail(const SqsError &error)
{
    if (answered)
        return;
    answered = true;
    dropDeadline();
    reply(SqsResult(), error);
}

SqsService::SqsService(Engine &engine, core::PublishGate &gate, SqsServiceOptions options, QObject *parent)
    : QObject(parent)
    , m_engine(engine)
    , m_gate(gate)
    , m_options(std::move(options))
{
    connect(&m_gate, &core::PublishGate::storeCommitted, this, &SqsService::onCommitted);
    connect(&m_engine, &Engine::transferProgress, this, &SqsService::onTransferProgress);
    connect(&m_engine, &Engine::transferFinished, this, &SqsService::onTransferFinished);
}

SqsService::~SqsService()
{
    for (const auto &[ticket, call] : m_pending) {
        if (call->watch)
            m_engine.unwatchReady(call->watch);
    }
}

quint64 SqsService::handle(const SqsRequest &request, SqsReply reply)
{
    static const QHash<QString, Action> actions{
        {QStringLiteral("CreateQueue"), &SqsService::createQueue},
        {QStringLiteral("GetQueueUrl"), &SqsService::getQueueUrl},
        {QStringLiteral("ListQueues"), &SqsService::listQueues},
        {QStringLiteral("DeleteQueue"), &SqsService::deleteQueue},
        {QStringLiteral("GetQueueAttributes"), &SqsService::getQueueAttributes},
        {QStringLiteral("SetQueueAttributes"), &SqsService::setQueueAttributes},
        {QStringLiteral("PurgeQueue"), &SqsService::purgeQueue},
        {QStringLiteral("TagQueue"), &SqsService::tagQueue},
        {QStringLiteral("UntagQueue"), &SqsService::untagQueue},
        {QStringLiteral("ListQueueTags"), &SqsService::listQueueTags},
        {QStringLiteral("ListDeadLetterSourceQueues"), &SqsService::listDeadLetterSourceQueues},
        {QStringLiteral("AddPermission"), &SqsService::addPermission},
        {QStringLiteral("RemovePermission"), &SqsService::removePermission},
        {QStringLiteral("SendMessage"), &SqsService::sendMessage},
        {QStringLiteral("SendMessageBatch"), &SqsService::sendMessageBatch},
        {QStringLiteral("ReceiveMessage"), &SqsService::receiveMessage},
        {QStringLiteral("DeleteMessage"), &SqsService::deleteMessage},
        {QStringLiteral("DeleteMessageBatch"), &SqsService::deleteMessageBatch},
        {QStringLiteral("ChangeMessageVisibility"), &SqsService::changeMessageVisibility},
        {QStringLiteral("ChangeMessageVisibilityBatch"), &SqsService::changeMessageVisibilityBatch},
        {QStringLiteral("StartMessageMoveTask"), &SqsService::startMessageMoveTask},
        {QStringLiteral("ListMessageMoveTasks"), &SqsService::listMessageMoveTasks},
        {QStringLiteral("CancelMessageMoveTask"), &SqsService::cancelMessageMoveTask},
    };
    auto call = std::make_shared<Call>();
    call->request = request;
    call->reply = std::move(reply);
    call->ticket = m_nextTicket++;
    const quint64 ticket = call->ticket;
    const Action action = actions.value(request.action);
    if (!action) {
        call->fail(sqsError(ErrorCode::InvalidAction,
            QStringLiteral("The action %1 is not valid for this endpoint.").arg(request.action)));
        return ticket;
    }
    // Registered first: an action that answers later finds itself here.
    m_pending.emplace(ticket, call);
    // What the request does to messages is this SQS request's (their stories say so).
    // Named by the action and the caller's address (the queue is the
    // story's routing key).
    const Engine::ActingAs acting = m_engine.actingAs(HistoryActor{HistoryActor::Kind::Sqs, request.action,
        request.peer, request.accessKey, QStringLiteral("SQS")});
    try {
        (this->*action)(*call);
    } catch (const SqsFailure &failure) {
        call->fail(failure.error);
    }
    if (call->answered)
        m_pending.erase(ticket);
    return ticket;
}

void SqsService::cancel(quint64 ticket)
{
    const auto it = m_pending.find(ticket);
    if (it == m_pending.end())
        return;
    it->second->answered = true; // nothing more is sent for it
    it->second->deadline.reset();
    finish(ticket);
}

void SqsService::finish(quint64 ticket)
{
    const auto it = m_pending.find(ticket);
    if (it == m_pending.end())
        return;
    if (it->second->watch)
        m_engine.unwatchReady(it->second->watch);
    it->second->watch = 0;
    it->second->dropDeadline();
    m_pending.erase(it);
}

// ---- queues ----

QString SqsService::region(const Call &call) const
{
    return call.request.region.isEmpty() ? m_options.defaultRegion : call.request.region;
}

QString SqsService::queueUrl(const Call &call, const QString &name) const
{
    const QByteArray host = call.request.host.isEmpty() ? m_options.defaultHost : call.request.host;
    return QStringLiteral("http://") + QString::fromLatin1(host) + QLatin1Char('/') + m_options.accountId
        + QLatin1Char('/') + name;
}

QString SqsService::queueArn(const Call &call, const QString &name) const
{
    return QStringLiteral("arn:aws:sqs:%1:%2:%3").arg(region(call), m_options.accountId, name);
}

QVariantMap SqsService::arguments(const QString &queue) const
{
    const auto info = m_engine.queue(queue);
    return info ? info->def.arguments : QVariantMap();
}

void SqsService::replaceArguments(const QString &queue, const QVariantMap &arguments)
{
    // Stored with the queue; what the engine acts on applies from now on.
    const auto replaced = m_engine.setQueueArguments(queue, arguments);
    if (replaced.error.kind == ErrorKind::NotFound)
        fail(ErrorCode::QueueDoesNotExist);
    if (!replaced.ok())
        fail(ErrorCode::InvalidAttributeValue, replaced.error.text);
}

std::optional<SqsService::QueueRef> SqsService::findQueue(const QString &name) const
{
    auto info = m_engine.queue(name);
    if (!info)
        return std::nullopt;
    QueueRef ref;
    ref.name = name;
    ref.arguments = arguments(name);
    // Only the queues this service declared are SQS queues.
    if (!ref.arguments.contains(kCreatedArg))
        return std::nullopt;
    ref.info = *info;
    ref.fifo = ref.arguments.value(kAttrPrefix + QStringLiteral("FifoQueue")).toString() == QLatin1String("true");
    return ref;
}

QList<SqsService::QueueRef> SqsService::sqsQueues() const
{
    QList<QueueRef> out;
    for (const QueueInfo &info : m_engine.queues()) {
        if (auto ref = findQueue(info.def.name))
            out.append(*ref);
    }
    std::sort(out.begin(), out.end(), [](const QueueRef &a, const QueueRef &b) { return a.name < b.name; });
    return out;
}

SqsService::QueueRef SqsService::resolveQueue(const Call &call) const
{
    const Params params(call.request.params, call.request.protocol);
    QString url = params.string(QStringLiteral("QueueUrl")).value_or(QString());
    // A request sent to the queue's URL needs no QueueUrl (AWS accepts both).
    if (url.isEmpty() && call.request.path.count(QLatin1Char('/')) == 2 && call.request.path.size() > 1)
        url = call.request.path;
    if (url.isEmpty())
        failMissing(QStringLiteral("QueueUrl"));
    QString name;
    if (url.contains(QLatin1Char('/'))) {
        QString path = url;
        if (const qsizetype scheme = url.indexOf(QLatin1String("://")); scheme >= 0) {
            // The path after the authority. QUrl only when there is
            // something to decode: parsing every request's URL with it was a
            // measurable share of a SendMessageBatch.
            if (url.contains(QLatin1Char('%')) || url.contains(QLatin1Char('?')) || url.contains(QLatin1Char('#'))) {
                path = QUrl(url).path();
            } else {
                const qsizetype slash = url.indexOf(QLatin1Char('/'), scheme + 3);
                path = slash < 0 ? QString() : url.mid(slash);
            }
        }
        const QStringList parts = path.split(QLatin1Char('/'), Qt::SkipEmptyParts);
        if (parts.size() != 2)
            fail(ErrorCode::QueueDoesNotExist);
        name = parts[1];
    } else {
        name = url; // a bare queue name, as AWS accepts
    }
    const auto ref = findQueue(name);
    if (!ref)
        fail(ErrorCode::QueueDoesNotExist);
    return *ref;
}

// ---- answering later ----

void SqsService::awaitCommit(const std::shared_ptr<Call> &call, quint64 sequence, std::function<void()> then)
{
    if (sequence == 0 || m_gate.committedSequence() >= sequence) {
        then();
        return;
    }
    m_commitWaits.emplace(sequence, std::make_pair(call->ticket, std::move(then)));
}

void SqsService::onCommitted(quint64 sequence)
{
    while (!m_commitWaits.empty() && m_commitWaits.begin()->first <= sequence) {
        auto node = m_commitWaits.extract(m_commitWaits.begin());
        const quint64 ticket = node.mapped().first;
        const auto it = m_pending.find(ticket);
        if (it == m_pending.end() || it->second->answered)
            continue; // the client went away; the message stays sent
        node.mapped().second();
        if (it->second->answered)
            finish(ticket);
    }
}

void SqsService::watch(const std::shared_ptr<Call> &call)
{
    const quint64 ticket = call->ticket;
    call->watch = m_engine.watchReady(call->receive.queue, [this, ticket] { woken(ticket); });
    if (call->watch == 0) { // the queue is gone
        call->fail(sqsError(ErrorCode::QueueDoesNotExist));
        finish(ticket);
    }
}

void SqsService::woken(quint64 ticket)
{
    const auto it = m_pending.find(ticket);
    if (it == m_pending.end())
        return;
    std::shared_ptr<Call> call = it->second;
    call->watch = 0; // a watch wakes once
    if (tryReceive(call) || call->answered) {
        finish(ticket);
        return;
    }
    watch(call); // another poll took it first: wait on
}

} // namespace depot::sqs
