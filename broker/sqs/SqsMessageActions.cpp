// The SQS message actions: SendMessage(+Batch), ReceiveMessage,
// DeleteMessage(+Batch), ChangeMessageVisibility(+Batch). Semantics
// (visibility, delay, retention, redrive) are the engine's: these translate.

#include "broker/core/PublishGate.h"
#include "broker/sqs/SqsParams.h"
#include "broker/sqs/SqsQueueAttributes.h"
#include "broker/sqs/SqsService.h"
#include "broker/sqs/codec/JsonText.h"
#include "broker/sqs/codec/SqsReceipt.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QJsonDocument>
#include <QSet>
#include <QUuid>

namespace depot::sqs {

namespace {

constexpr int kMaxBatchEntries = 10;
constexpr qint64 kMaxBatchBytes = 1048576;
constexpr qint64 kMaxVisibilitySeconds = 43200;

const QString kSentHeader = QStringLiteral("x-sqs-sent-timestamp");
const QString kSenderHeader = QStringLiteral("x-sqs-sender-id");
const QString kTraceHeader = QStringLiteral("x-sqs-aws-trace-header");

struct PreparedSend
{
    QString id; // batch entry id
    QByteArray body;
    MessageAttributes attributes;
    MessageAttributes systemAttributes;
    std::optional<qint64> delaySeconds;
    QString groupId;
    QString deduplicationId;
};

// The batch rules AWS checks before any entry: not empty, at most ten, ids
// valid and distinct. Returns the entries.
QJsonArray checkBatch(const Params &params, const QString &action)
{
    if (!params.has(QStringLiteral("Entries")))
        fail(ErrorCode::EmptyBatchRequest,
            QStringLiteral("There should be at least one %1RequestEntry in the request.").arg(action));
    const QJsonArray entries = params.array(QStringLiteral("Entries"));
    if (entries.isEmpty())
        fail(ErrorCode::EmptyBatchRequest,
            QStringLiteral("There should be at least one %1RequestEntry in the request.").arg(action));
    if (entries.size() > kMaxBatchEntries)
        fail(ErrorCode::TooManyEntriesInBatchRequest,
            QStringLiteral("Maximum number of entries per request are %1. You have sent %2.")
                .arg(kMaxBatchEntries)
                .arg(entries.size()));
    QSet<QString> ids;
    for (const QJsonValue &entry : entries) {
        if (!entry.isObject())
            fail(params.protocol() == Protocol::Json ? ErrorCode::SerializationException
                                                     : ErrorCode::InvalidParameterValue,
                QStringLiteral("Batch entries must be objects."));
        const QJsonValue idValue = entry.toObject().value(QStringLiteral("Id"));
        if (idValue.isUndefined())
            failMissing(QStringLiteral("%1RequestEntry.Id").arg(action));
        const QString id = idValue.toString();
        if (!isSqsName(id))
            fail(ErrorCode::InvalidBatchEntryId,
                QStringLiteral("A batch entry id can only contain alphanumeric characters, hyphens and underscores. "
                               "It can be at most 80 letters long."));
        if (ids.contains(id))
            fail(ErrorCode::BatchEntryIdsNotDistinct, QStringLiteral("Id %1 repeated.").arg(id));
        ids.insert(id);
    }
    return entries;
}

PreparedSend prepareSend(const SqsService::QueueRef &queue, const QJsonObject &entry, Protocol protocol)
{
    const Params params(entry, protocol);
    PreparedSend send;
    const auto body = params.string(QStringLiteral("MessageBody"));
    if (!body || body->isEmpty())
        failMissing(QStringLiteral("MessageBody"));
    send.delaySeconds = params.integer(QStringLiteral("DelaySeconds"));
    if (send.delaySeconds && (*send.delaySeconds < 0 || *send.delaySeconds > 900))
        failValue(QStringLiteral("DelaySeconds"), QString::number(*send.delaySeconds),
            QStringLiteral("DelaySeconds must be >= 0 and <= 900."));
    if (queue.fifo && send.delaySeconds)
        failValue(QStringLiteral("DelaySeconds"), QString::number(*send.delaySeconds),
            QStringLiteral("The request include parameter that is not valid for this queue type."));
    if (const auto error
        = parseMessageAttributes(entry.value(QStringLiteral("MessageAttributes")), false, &send.attributes))
        throw SqsFailure{*error};
    if (const auto error
        = parseMessageAttributes(entry.value(QStringLiteral("MessageSystemAttributes")), true, &send.systemAttributes))
        throw SqsFailure{*error};
    if (const auto bad = firstInvalidCharacter(*body))
        throw SqsFailure{invalidCharacterError(*bad)};
    send.groupId = params.string(QStringLiteral("MessageGroupId")).value_or(QString());
    send.deduplicationId = params.string(QStringLiteral("MessageDeduplicationId")).value_or(QString());
    if (!queue.fifo && !send.deduplicationId.isEmpty())
        failValue(QStringLiteral("MessageDeduplicationId"), send.deduplicationId,
            QStringLiteral("The request include parameter that is not valid for this queue type."));
    if (queue.fifo && send.groupId.isEmpty())
        failMissing(QStringLiteral("MessageGroupId"));
    for (const QString *id : {&send.groupId, &send.deduplicationId}) {
        if (id->size() > 128)
            fail(ErrorCode::InvalidParameterValue,
                QStringLiteral("MessageGroupId and MessageDeduplicationId are at most 128 characters."));
        for (QChar c : *id) {
            if (c.unicode() < 0x21 || c.unicode() > 0x7e)
                fail(ErrorCode::InvalidParameterValue,
                    QStringLiteral(
                        "MessageGroupId and MessageDeduplicationId can contain only printable ASCII characters."));
        }
    }
    send.body = body->toUtf8();
    if (queue.fifo && send.deduplicationId.isEmpty()) {
        if (queue.arguments.value(kAttrPrefix + QStringLiteral("ContentBasedDeduplication")).toString()
            != QLatin1String("true"))
            fail(ErrorCode::InvalidParameterValue,
                QStringLiteral("The queue should either have ContentBasedDeduplication enabled or "
                               "MessageDeduplicationId provided explicitly"));
        send.deduplicationId
            = QString::fromLatin1(QCryptographicHash::hash(send.body, QCryptographicHash::Sha256).toHex());
    }
    const qint64 maxSize
        = queue.arguments.value(kAttrPrefix + QStringLiteral("MaximumMessageSize"), 1048576).toLongLong();
    if (send.body.size() + attributesSize(send.attributes) > maxSize)
        fail(ErrorCode::InvalidParameterValue,
            QStringLiteral("One or more parameters are invalid. Reason: Message must be shorter than %1 bytes.")
                .arg(maxSize));
    return send;
}

QJsonObject sendResult(const PreparedSend &send, const QString &messageId, quint64 sequenceNumber)
{
    QJsonObject r{{QStringLiteral("MessageId"), messageId},
        {QStringLiteral("MD5OfMessageBody"), QString::fromLatin1(md5Hex(send.body))}};
    if (sequenceNumber != 0)
        r.insert(QStringLiteral("SequenceNumber"), QString::number(sequenceNumber));
    if (!send.attributes.isEmpty())
        r.insert(QStringLiteral("MD5OfMessageAttributes"), md5OfMessageAttributes(send.attributes));
    if (!send.systemAttributes.isEmpty())
        r.insert(QStringLiteral("MD5OfMessageSystemAttributes"), md5OfMessageAttributes(send.systemAttributes));
    return r;
}

// One entry of a batch answer: in Successful (with a send's results) or in
// Failed (with its error).
struct BatchEntry
{
    QString id;
    std::optional<SqsError> error;
    // SendMessageBatch's members of a successful entry (empty for the others).
    QString messageId;
    QString md5OfBody;
    QString md5OfAttributes;
    QString md5OfSystemAttributes;
    quint64 sequenceNumber = 0;
};

BatchEntry sentEntry(const QString &id, const PreparedSend &send, const QString &messageId, quint64 sequenceNumber)
{
    BatchEntry e;
    e.id = id;
    e.messageId = messageId;
    e.md5OfBody = QString::fromLatin1(md5Hex(send.body));
    if (!send.attributes.isEmpty())
        e.md5OfAttributes = md5OfMessageAttributes(send.attributes);
    if (!send.systemAttributes.isEmpty())
        e.md5OfSystemAttributes = md5OfMessageAttributes(send.systemAttributes);
    e.sequenceNumber = sequenceNumber;
    return e;
}

// {"Successful": [...], "Failed": [...]}, written once for both writers:
// JSON text for a JSON request (the batch answers are the ones sent most),
// an object for the query protocol's XML.
template <class Writer>
void writeBatch(Writer &json, const std::vector<BatchEntry> &entries)
{
    json.beginObject().key(QLatin1StringView("Successful")).beginArray();
    for (const BatchEntry &e : entries) {
        if (e.error)
            continue;
        json.beginObject().key(QLatin1StringView("Id")).string(e.id);
        if (!e.messageId.isEmpty()) {
            json.key(QLatin1StringView("MessageId")).string(e.messageId);
            json.key(QLatin1StringView("MD5OfMessageBody")).string(e.md5OfBody);
        }
        if (e.sequenceNumber != 0)
            json.key(QLatin1StringView("SequenceNumber")).string(QString::number(e.sequenceNumber));
        if (!e.md5OfAttributes.isEmpty())
            json.key(QLatin1StringView("MD5OfMessageAttributes")).string(e.md5OfAttributes);
        if (!e.md5OfSystemAttributes.isEmpty())
            json.key(QLatin1StringView("MD5OfMessageSystemAttributes")).string(e.md5OfSystemAttributes);
        json.endObject();
    }
    json.endArray().key(QLatin1StringView("Failed")).beginArray();
    for (const BatchEntry &e : entries) {
        if (!e.error)
            continue;
        json.beginObject()
            .key(QLatin1StringView("Id"))
            .string(e.id)
            .key(QLatin1StringView("SenderFault"))
            .boolean(e.error->senderFault())
            .key(QLatin1StringView("Code"))
            .string(e.error->queryCode())
            .key(QLatin1StringView("Message"))
            .string(e.error->message)
            .endObject();
    }
    json.endArray().endObject();
}

// The answer in the request's protocol, from one writer template.
template <class Entries>
SqsResult resultFor(Protocol protocol, const Entries &entries, void (*writeJson)(JsonText &, const Entries &),
    void (*writeTree)(JsonTree &, const Entries &))
{
    if (protocol == Protocol::Json) {
        JsonText json;
        writeJson(json, entries);
        return SqsResult::jsonText(json.take());
    }
    JsonTree tree;
    writeTree(tree, entries);
    return tree.take();
}

SqsResult batchResult(Protocol protocol, const std::vector<BatchEntry> &entries)
{
    return resultFor(protocol, entries, &writeBatch<JsonText>, &writeBatch<JsonTree>);
}

bool wantsAttribute(const QStringList &names, const QString &name)
{
    for (const QString &n : names) {
        if (n == QLatin1String("All") || n == QLatin1String(".*") || n == name)
            return true;
        if (n.endsWith(QLatin1String(".*")) && name.startsWith(n.chopped(1)))
            return true;
    }
    return false;
}

} // namespace

// Publishes one checked send; the error (if any) is the entry's.
static std::optional<SqsError> publishOne(core::PublishGate &gate, const SqsService::QueueRef &queue,
    const SqsRequest &request, const QString &accountId, const PreparedSend &send, QString *messageId,
    quint64 *sequence, quint64 *sequenceNumber)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    MessageProperties properties;
    properties.deliveryMode = 2;
    *messageId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    properties.messageId = *messageId;
    properties.timestamp = now / 1000;
    QVariantMap headers;
    writeAttributeHeaders(send.attributes, &headers);
    headers.insert(kSentHeader, now);
    headers.insert(kSenderHeader, request.accessKey.isEmpty() ? accountId : request.accessKey);
    QString trace = send.systemAttributes.value(QStringLiteral("AWSTraceHeader")).stringValue;
    if (trace.isEmpty())
        trace = request.traceHeader;
    if (!trace.isEmpty())
        headers.insert(kTraceHeader, trace);
    properties.headers = headers;
    // No delay given: the queue's (DelaySeconds). No TTL and no priority:
    // SQS has neither per message (retention is the queue's).
    PublishOptions options;
    options.groupKey = send.groupId;
    options.deduplicationId = send.deduplicationId;
    if (send.delaySeconds)
        options.delayMs = *send.delaySeconds * 1000;
    const core::GatedPublish published = gate.publish(QString(), queue.name, properties, send.body, options);
    if (!published.refused.isEmpty())
        return sqsError(ErrorCode::ServiceUnavailable, published.refused);
    if (published.result.error || !published.result.routed)
        return sqsError(ErrorCode::QueueDoesNotExist);
    if (published.result.rejected)
        return sqsError(ErrorCode::OverLimit, QStringLiteral("The queue refused the message."));
    *sequence = published.result.confirmSequence;
    // sqs-fifo: a duplicate within the window is accepted and not enqueued
    // again; the answer names the first copy, as AWS's does.
    if (published.result.duplicateOf && !published.result.duplicateOf->publisherMessageId.isEmpty())
        *messageId = published.result.duplicateOf->publisherMessageId;
    *sequenceNumber = published.result.sequence;
    return std::nullopt;
}

void SqsService::sendMessage(Call &call)
{
    const QueueRef queue = resolveQueue(call);
    const PreparedSend send = prepareSend(queue, call.request.params, call.request.protocol);
    if (const QString refused = m_gate.refusal(); !refused.isEmpty())
        fail(ErrorCode::ServiceUnavailable, refused);
    QString messageId;
    quint64 sequence = 0;
    quint64 sequenceNumber = 0;
    if (const auto error
        = publishOne(m_gate, queue, call.request, m_options.accountId, send, &messageId, &sequence, &sequenceNumber))
        throw SqsFailure{*error};
    const std::shared_ptr<Call> shared = m_pending.at(call.ticket);
    const QJsonObject result = sendResult(send, messageId, sequenceNumber);
    awaitCommit(shared, sequence, [shared, result] { shared->ok(result); });
}

void SqsService::sendMessageBatch(Call &call)
{
    const Params params(call.request.params, call.request.protocol);
    const QueueRef queue = resolveQueue(call);
    const QJsonArray entries = checkBatch(params, QStringLiteral("SendMessageBatch"));
    qint64 total = 0;
    for (const QJsonValue &entry : entries) {
        const QJsonObject e = entry.toObject();
        total += e.value(QStringLiteral("MessageBody")).toString().toUtf8().size();
        MessageAttributes attributes;
        if (!parseMessageAttributes(e.value(QStringLiteral("MessageAttributes")), false, &attributes))
            total += attributesSize(attributes);
    }
    if (total > kMaxBatchBytes)
        fail(ErrorCode::BatchRequestTooLong,
            QStringLiteral("Batch requests cannot be longer than %1 bytes. You have sent %2 bytes.")
                .arg(kMaxBatchBytes)
                .arg(total));
    if (const QString refused = m_gate.refusal(); !refused.isEmpty())
        fail(ErrorCode::ServiceUnavailable, refused);
    std::vector<BatchEntry> answers;
    answers.reserve(size_t(entries.size()));
    quint64 last = 0;
    for (const QJsonValue &entry : entries) {
        const QJsonObject e = entry.toObject();
        const QString id = e.value(QStringLiteral("Id")).toString();
        try {
            const PreparedSend send = prepareSend(queue, e, call.request.protocol);
            QString messageId;
            quint64 sequence = 0;
            quint64 sequenceNumber = 0;
            if (const auto error = publishOne(
                    m_gate, queue, call.request, m_options.accountId, send, &messageId, &sequence, &sequenceNumber)) {
                answers.push_back(BatchEntry{id, *error});
                continue;
            }
            last = std::max(last, sequence);
            answers.push_back(sentEntry(id, send, messageId, sequenceNumber));
        } catch (const SqsFailure &failure) {
            answers.push_back(BatchEntry{id, failure.error});
        }
    }
    const std::shared_ptr<Call> shared = m_pending.at(call.ticket);
    awaitCommit(shared, last,
        [shared, result = batchResult(call.request.protocol, answers)] { shared->answer(result); });
}

void SqsService::receiveMessage(Call &call)
{
    const Params params(call.request.params, call.request.protocol);
    const QueueRef queue = resolveQueue(call);
    const auto max = params.integerIn(
        QStringLiteral("MaxNumberOfMessages"), 1, 10, QStringLiteral("Must be between 1 and 10, if provided."));
    const auto visibility = params.integerIn(QStringLiteral("VisibilityTimeout"), 0, kMaxVisibilitySeconds,
        QStringLiteral("Must be between 0 and 43200, if provided."));
    const auto wait = params.integerIn(
        QStringLiteral("WaitTimeSeconds"), 0, 20, QStringLiteral("Must be >= 0 and <= 20, if provided."));
    const QString attempt = params.string(QStringLiteral("ReceiveRequestAttemptId")).value_or(QString());
    if (attempt.size() > 128)
        failValue(
            QStringLiteral("ReceiveRequestAttemptId"), attempt, QStringLiteral("Must be at most 128 characters."));
    const QueueAttributes stored = storedAttributes(queue.arguments);
    Call::Receive &r = call.receive;
    r.max = quint32(max.value_or(1));
    r.visibilityMs
        = visibility.value_or(stored.value(QStringLiteral("VisibilityTimeout"), QStringLiteral("30")).toLongLong())
        * 1000;
    r.systemNames = params.strings(QStringLiteral("AttributeNames"))
        + params.strings(QStringLiteral("MessageSystemAttributeNames"));
    r.attributeNames = params.strings(QStringLiteral("MessageAttributeNames"));
    const qint64 waitSeconds = wait.value_or(
        stored.value(QStringLiteral("ReceiveMessageWaitTimeSeconds"), QStringLiteral("0")).toLongLong());
    r.queue = queue.name;
    // Only FIFO queues act on it (AWS: "applies only to FIFO queues").
    if (queue.fifo)
        r.attemptId = attempt;
    if (const auto again = retriedReceive(r.queue, r.attemptId, r.visibilityMs)) {
        call.answer(*again);
        return;
    }
    const std::shared_ptr<Call> shared = m_pending.at(call.ticket);
    if (tryReceive(shared) || waitSeconds <= 0) {
        if (!call.answered)
            answerReceive(shared, {});
        return;
    }
    // A long poll: the engine wakes it when the queue may have a message;
    // the timer ends the wait.
    call.deadline = std::make_unique<QTimer>();
    call.deadline->setSingleShot(true);
    const quint64 ticket = call.ticket;
    connect(call.deadline.get(), &QTimer::timeout, this, [this, ticket] {
        const auto it = m_pending.find(ticket);
        if (it == m_pending.end())
            return;
        std::shared_ptr<Call> waiting = it->second;
        if (!tryReceive(waiting))
            answerReceive(waiting, {});
        finish(ticket);
    });
    call.deadline->start(int(waitSeconds * 1000));
    watch(shared);
}

bool SqsService::tryReceive(const std::shared_ptr<Call> &call)
{
    if (call->answered)
        return true;
    const auto queue = findQueue(call->receive.queue);
    if (!queue) {
        call->fail(sqsError(ErrorCode::QueueDoesNotExist));
        return true;
    }
    const auto leased = m_engine.lease(queue->name, call->receive.max, call->receive.visibilityMs, 0);
    if (!leased.ok()) {
        call->fail(sqsError(ErrorCode::QueueDoesNotExist));
        return true;
    }
    if (leased.value.isEmpty())
        return false;
    answerReceive(call, leased.value);
    return true;
}

namespace {

// One message of a ReceiveMessage answer.
struct ReceivedMessage
{
    QString messageId;
    QString receiptHandle;
    QString md5OfBody;
    QString body;
    QList<QPair<QString, QString>> attributes; // system attributes asked for
    QString md5OfMessageAttributes;
    QJsonObject messageAttributes; // empty: none asked for or none there
};

// {"Messages": [...]} (no member when none), for either writer.
template <class Writer>
void writeReceive(Writer &json, const std::vector<ReceivedMessage> &messages)
{
    json.beginObject();
    if (!messages.empty()) {
        json.key(QLatin1StringView("Messages")).beginArray();
        for (const ReceivedMessage &m : messages) {
            json.beginObject()
                .key(QLatin1StringView("MessageId"))
                .string(m.messageId)
                .key(QLatin1StringView("ReceiptHandle"))
                .string(m.receiptHandle)
                .key(QLatin1StringView("MD5OfBody"))
                .string(m.md5OfBody)
                .key(QLatin1StringView("Body"))
                .string(m.body);
            if (!m.attributes.isEmpty()) {
                json.key(QLatin1StringView("Attributes")).beginObject();
                for (const auto &[name, value] : m.attributes)
                    json.key(QLatin1StringView(name.toLatin1())).string(value);
                json.endObject();
            }
            if (!m.messageAttributes.isEmpty()) {
                json.key(QLatin1StringView("MD5OfMessageAttributes")).string(m.md5OfMessageAttributes);
                json.key(QLatin1StringView("MessageAttributes")).object(m.messageAttributes);
            }
            json.endObject();
        }
        json.endArray();
    }
    json.endObject();
}

SqsResult receiveResult(Protocol protocol, const std::vector<ReceivedMessage> &messages)
{
    return resultFor(protocol, messages, &writeReceive<JsonText>, &writeReceive<JsonTree>);
}

} // namespace

void SqsService::answerReceive(const std::shared_ptr<Call> &call, const QList<Delivery> &deliveries)
{
    const Call::Receive &r = call->receive;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    std::vector<ReceivedMessage> messages;
    messages.reserve(size_t(deliveries.size()));
    for (const Delivery &d : deliveries) {
        const MessageContent &content = *d.content;
        const QVariantMap headers = content.properties.headers.value_or(QVariantMap());
        ReceivedMessage m;
        m.body = QString::fromUtf8(content.body);
        m.messageId = content.properties.messageId.value_or(QString::number(d.id));
        m.receiptHandle = encodeReceiptHandle(d.queue, d.id, d.lease);
        m.md5OfBody = QString::fromLatin1(md5Hex(m.body.toUtf8()));
        const auto put = [&](const QString &name, const QString &value) {
            if (!value.isEmpty() && wantsAttribute(r.systemNames, name))
                m.attributes.append({name, value});
        };
        if (!r.systemNames.isEmpty()) {
            const qint64 sent = headers.contains(kSentHeader)
                ? headers.value(kSentHeader).toLongLong()
                : content.properties.timestamp.value_or(now / 1000) * 1000;
            put(QStringLiteral("SenderId"), headers.value(kSenderHeader, m_options.accountId).toString());
            put(QStringLiteral("SentTimestamp"), QString::number(sent));
            put(QStringLiteral("ApproximateReceiveCount"), QString::number(std::max<quint32>(d.deliveryCount, 1)));
            put(QStringLiteral("ApproximateFirstReceiveTimestamp"),
                QString::number(d.firstDeliveredAt ? d.firstDeliveredAt : now));
            put(QStringLiteral("AWSTraceHeader"), headers.value(kTraceHeader).toString());
            put(QStringLiteral("MessageGroupId"), content.groupKey);
            put(QStringLiteral("MessageDeduplicationId"), content.deduplicationId);
            if (d.sequence != 0)
                put(QStringLiteral("SequenceNumber"), QString::number(d.sequence));
            if (!content.deaths.records.isEmpty())
                put(QStringLiteral("DeadLetterQueueSourceArn"), queueArn(*call, content.deaths.records.first().queue));
        }
        if (!r.attributeNames.isEmpty()) {
            MessageAttributes attributes;
            const MessageAttributes all = readAttributeHeaders(headers);
            for (auto it = all.cbegin(); it != all.cend(); ++it) {
                if (wantsAttribute(r.attributeNames, it.key()))
                    attributes.insert(it.key(), it.value());
            }
            if (!attributes.isEmpty()) {
                m.md5OfMessageAttributes = md5OfMessageAttributes(attributes);
                m.messageAttributes = messageAttributesToJson(attributes);
            }
        }
        messages.push_back(std::move(m));
    }
    const SqsResult result = receiveResult(call->request.protocol, messages);
    rememberReceive(r.queue, r.attemptId, result, deliveries);
    call->answer(result);
}

namespace {

// AWS's window for retrying a ReceiveMessage with its ReceiveRequestAttemptId.
constexpr qint64 kAttemptWindowMs = 5 * 60 * 1000;

} // namespace

std::optional<SqsResult> SqsService::retriedReceive(
    const QString &queue, const QString &attemptId, qint64 visibilityMs)
{
    if (attemptId.isEmpty())
        return std::nullopt;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    forgetOldReceiveAttempts(now);
    const auto it = m_receiveAttempts.find({queue, attemptId});
    if (it == m_receiveAttempts.end())
        return std::nullopt;
    // The same messages while all are still in flight; a retry resets their
    // visibility timeout, as AWS documents. One deleted or visible again: the
    // attempt is over, and this is a new receive.
    for (const LeaseHandle lease : std::as_const(it->leases)) {
        if (!m_engine.extendLease(lease, visibilityMs).ok()) {
            m_receiveAttempts.erase(it);
            return std::nullopt;
        }
    }
    return it->result;
}

void SqsService::rememberReceive(
    const QString &queue, const QString &attemptId, const SqsResult &result, const QList<Delivery> &deliveries)
{
    if (attemptId.isEmpty() || deliveries.isEmpty())
        return;
    ReceiveAttempt attempt;
    attempt.atMs = QDateTime::currentMSecsSinceEpoch();
    attempt.result = result;
    for (const Delivery &d : deliveries)
        attempt.leases.append(d.lease);
    forgetOldReceiveAttempts(attempt.atMs);
    m_receiveAttempts.insert({queue, attemptId}, attempt);
    m_receiveAttemptOrder.emplace_back(attempt.atMs, qMakePair(queue, attemptId));
}

void SqsService::forgetOldReceiveAttempts(qint64 nowMs)
{
    while (!m_receiveAttemptOrder.empty() && nowMs - m_receiveAttemptOrder.front().first > kAttemptWindowMs) {
        const auto &[at, key] = m_receiveAttemptOrder.front();
        // Only if not remembered again since (a later receive with the same id).
        if (const auto it = m_receiveAttempts.constFind(key); it != m_receiveAttempts.cend() && it->atMs == at)
            m_receiveAttempts.erase(it);
        m_receiveAttemptOrder.pop_front();
    }
}

// ---- settling ----

namespace {

ReceiptHandle checkedHandle(const QString &text, const QString &queue)
{
    const auto handle = decodeReceiptHandle(text);
    if (!handle || handle->queue != queue)
        fail(ErrorCode::ReceiptHandleIsInvalid,
            QStringLiteral("The input receipt handle \"%1\" is not a valid receipt handle.").arg(text.left(1024)));
    return *handle;
}

} // namespace

void SqsService::deleteMessage(Call &call)
{
    const Params params(call.request.params, call.request.protocol);
    const QueueRef queue = resolveQueue(call);
    const ReceiptHandle handle = checkedHandle(params.requiredString(QStringLiteral("ReceiptHandle")), queue.name);
    // A handle whose lease has ended (its visibility ran out, or the message
    // was deleted already) deletes nothing and succeeds, as AWS answers.
    m_engine.settle(handle.lease);
    call.ok({});
}

void SqsService::deleteMessageBatch(Call &call)
{
    const QueueRef queue = resolveQueue(call);
    settleBatch(call, QStringLiteral("DeleteMessageBatch"), [&](const Params &entry) {
        m_engine.settle(checkedHandle(entry.requiredString(QStringLiteral("ReceiptHandle")), queue.name).lease);
    });
}

void SqsService::changeMessageVisibility(Call &call)
{
    const Params params(call.request.params, call.request.protocol);
    const QueueRef queue = resolveQueue(call);
    changeVisibility(params, queue);
    call.ok({});
}

void SqsService::changeMessageVisibilityBatch(Call &call)
{
    const QueueRef queue = resolveQueue(call);
    settleBatch(call, QStringLiteral("ChangeMessageVisibilityBatch"),
        [&](const Params &entry) { changeVisibility(entry, queue); });
}

void SqsService::changeVisibility(const Params &params, const QueueRef &queue)
{
    const ReceiptHandle handle = checkedHandle(params.requiredString(QStringLiteral("ReceiptHandle")), queue.name);
    const auto timeout = params.integerIn(QStringLiteral("VisibilityTimeout"), 0, kMaxVisibilitySeconds,
        QStringLiteral("Must be between 0 and 43200, if provided."));
    if (!timeout)
        failMissing(QStringLiteral("VisibilityTimeout"));
    if (!m_engine.extendLease(handle.lease, *timeout * 1000).ok())
        fail(ErrorCode::MessageNotInflight);
}

void SqsService::settleBatch(Call &call, const QString &action, const std::function<void(const Params &)> &each)
{
    const Params params(call.request.params, call.request.protocol);
    const QJsonArray entries = checkBatch(params, action);
    std::vector<BatchEntry> answers;
    answers.reserve(size_t(entries.size()));
    for (const QJsonValue &entry : entries) {
        const QJsonObject e = entry.toObject();
        const QString id = e.value(QStringLiteral("Id")).toString();
        try {
            each(Params(e, call.request.protocol));
            answers.push_back(BatchEntry{id, std::nullopt});
        } catch (const SqsFailure &failure) {
            answers.push_back(BatchEntry{id, failure.error});
        }
    }
    call.answer(batchResult(call.request.protocol, answers));
}

} // namespace depot::sqs
