// The SQS queue actions: CreateQueue, GetQueueUrl, ListQueues, DeleteQueue,
// Get/SetQueueAttributes, PurgeQueue, Tag/Untag/ListQueueTags,
// ListDeadLetterSourceQueues, Add/RemovePermission.

#include "broker/sqs/SqsParams.h"
#include "broker/sqs/SqsQueueAttributes.h"
#include "broker/sqs/SqsService.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>

namespace depot::sqs {

namespace {

constexpr int kMaxTags = 50;

QString nowSeconds()
{
    return QString::number(QDateTime::currentMSecsSinceEpoch() / 1000);
}

// The queue name an SQS ARN of this account names, or an empty string.
QString arnQueueName(const QString &arn, const QString &account)
{
    const QStringList parts = arn.split(QLatin1Char(':'));
    if (parts.size() != 6 || parts[0] != QLatin1String("arn") || parts[2] != QLatin1String("sqs")
        || parts[4] != account)
        return {};
    return parts[5];
}

QVariantMap tagsOf(const QVariantMap &arguments)
{
    return arguments.value(kTagsArg).toMap();
}

// The dead-letter queue's RedriveAllowPolicy decides which queues may name it.
void checkRedriveAllowed(const SqsService::QueueRef &deadLetterQueue, const QString &sourceArn)
{
    const QString allow = storedAttributes(deadLetterQueue.arguments).value(QStringLiteral("RedriveAllowPolicy"));
    if (allow.isEmpty())
        return;
    const QJsonObject policy = QJsonDocument::fromJson(allow.toUtf8()).object();
    const QString permission = policy.value(QStringLiteral("redrivePermission")).toString();
    const bool allowed = permission == QLatin1String("allowAll")
        || (permission == QLatin1String("byQueue")
            && policy.value(QStringLiteral("sourceQueueArns")).toArray().contains(QJsonValue(sourceArn)));
    if (!allowed)
        fail(ErrorCode::InvalidParameterValue,
            QStringLiteral("Value for parameter RedrivePolicy is invalid. Reason: Queue %1 does not allow this queue "
                           "as a dead-letter source (its RedriveAllowPolicy).")
                .arg(deadLetterQueue.name));
}

void checkTags(const QJsonObject &tags, const QString &parameter)
{
    for (auto it = tags.begin(); it != tags.end(); ++it) {
        if (it.key().isEmpty() || it.key().size() > 128)
            failValue(parameter, it.key(), QStringLiteral("Tag keys must be 1 to 128 characters."));
        if (!it.value().isString() || it.value().toString().size() > 256)
            failValue(parameter, it.key(), QStringLiteral("Tag values must be strings of at most 256 characters."));
    }
}

// ListQueues' and ListDeadLetterSourceQueues' paging: of the queues (in name
// order) that `wanted` keeps, those after the NextToken's, at most MaxResults
// (1-1000). The URLs are under kPageUrls (each action names the key); a
// NextToken only when the client asked for pages (AWS answers so).
const QString kPageUrls = QStringLiteral("urls");

QJsonObject pageOfQueueUrls(const Params &params, const QList<SqsService::QueueRef> &queues,
    const std::function<bool(const SqsService::QueueRef &)> &wanted, const std::function<QString(const QString &)> &url)
{
    const auto max = params.integerIn(
        QStringLiteral("MaxResults"), 1, 1000, QStringLiteral("MaxResults must be an integer between 1 and 1000."));
    const QString token = params.string(QStringLiteral("NextToken")).value_or(QString());
    QString after;
    if (!token.isEmpty()) {
        const auto decoded = QByteArray::fromBase64Encoding(token.toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded || !decoded.decoded.startsWith("q:"))
            failValue(QStringLiteral("NextToken"), token, QStringLiteral("Invalid NextToken value."));
        after = QString::fromUtf8(decoded.decoded.mid(2));
    }
    QJsonArray urls;
    QString last;
    bool more = false;
    for (const SqsService::QueueRef &ref : queues) {
        if (!wanted(ref) || (!after.isEmpty() && ref.name <= after))
            continue;
        if (urls.size() >= max.value_or(1000)) {
            more = true;
            break;
        }
        urls.append(url(ref.name));
        last = ref.name;
    }
    QJsonObject result{{kPageUrls, urls}};
    if (more && max)
        result.insert(QStringLiteral("NextToken"), QString::fromLatin1(QByteArray("q:" + last.toUtf8()).toBase64()));
    return result;
}

// A queue's Policy attribute as JSON (empty when it has none).
QJsonObject policyOf(const QueueAttributes &attributes)
{
    return QJsonDocument::fromJson(attributes.value(QStringLiteral("Policy")).toUtf8()).object();
}

} // namespace

void SqsService::createQueue(Call &call)
{
    const Params params(call.request.params, call.request.protocol);
    const QString name = params.requiredString(QStringLiteral("QueueName"));
    const QJsonObject requested = params.map(QStringLiteral("Attributes"));
    // The queue's kind is FifoQueue's, never the name's: a standard queue's
    // name has no '.', a FIFO queue's ends in ".fifo" (AWS's two messages).
    const bool fifo
        = requested.value(QStringLiteral("FifoQueue")).toString().compare(QLatin1String("true"), Qt::CaseInsensitive)
        == 0;
    if (fifo && (!name.endsWith(QLatin1String(".fifo")) || !validQueueName(name)))
        fail(ErrorCode::InvalidParameterValue,
            QStringLiteral("The name of a FIFO queue can only include alphanumeric characters, hyphens, or "
                           "underscores, must end with .fifo suffix and be 1 to 80 in length."));
    if (!fifo && (name.endsWith(QLatin1String(".fifo")) || !validQueueName(name)))
        fail(ErrorCode::InvalidParameterValue,
            QStringLiteral("Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length"));
    const QJsonObject requestedTags = params.map(QStringLiteral("tags"));
    checkTags(requestedTags, QStringLiteral("tags"));
    if (requestedTags.size() > kMaxTags)
        fail(ErrorCode::InvalidParameterValue, QStringLiteral("Too many tags added for queue %1.").arg(name));
    QString deadLetterQueue;
    const QueueAttributes given = validateQueueAttributes(requested, fifo, true, [&](const QString &arn) {
        const QString target = arnQueueName(arn, m_options.accountId);
        const auto ref = findQueue(target);
        if (!ref || ref->fifo != fifo)
            return QString();
        checkRedriveAllowed(*ref, queueArn(call, name));
        deadLetterQueue = target;
        return target;
    });

    QueueAttributes attributes = defaultQueueAttributes(fifo);
    for (auto it = given.cbegin(); it != given.cend(); ++it)
        attributes.insert(it.key(), it.value());
    checkAttributeCombination(attributes);

    if (const auto existing = findQueue(name)) {
        // Same name: the URL again when every given attribute has the value
        // the queue has, QueueAlreadyExists otherwise (as AWS).
        const QueueAttributes have = storedAttributes(existing->arguments);
        for (auto it = given.cbegin(); it != given.cend(); ++it) {
            if (have.value(it.key()) != it.value())
                fail(ErrorCode::QueueNameExists,
                    QStringLiteral("A queue already exists with the same name and a different value for attribute %1")
                        .arg(it.key()));
        }
        call.ok({{QStringLiteral("QueueUrl"), queueUrl(call, name)}});
        return;
    }
    if (m_engine.queue(name))
        fail(ErrorCode::QueueNameExists,
            QStringLiteral("A queue named %1 exists already and is not an SQS queue.").arg(name));

    if (given.contains(QStringLiteral("KmsMasterKeyId")) && !given.contains(QStringLiteral("SqsManagedSseEnabled")))
        attributes.insert(QStringLiteral("SqsManagedSseEnabled"), QStringLiteral("false"));

    QueueDef def;
    def.name = name;
    def.durable = true;
    def.arguments.insert(QStringLiteral("x-queue-type"), fifo ? QStringLiteral("sqs-fifo") : QStringLiteral("sqs"));
    writeAttributes(attributes, deadLetterQueue, &def.arguments);
    const QString now = nowSeconds();
    def.arguments.insert(kCreatedArg, now);
    def.arguments.insert(kModifiedArg, now);
    if (!requestedTags.isEmpty())
        def.arguments.insert(kTagsArg, requestedTags.toVariantMap());
    const auto declared = m_engine.declareQueue(def, false);
    if (!declared.ok())
        fail(ErrorCode::InvalidParameterValue, declared.error.text);
    call.ok({{QStringLiteral("QueueUrl"), queueUrl(call, name)}});
}

void SqsService::getQueueUrl(Call &call)
{
    const Params params(call.request.params, call.request.protocol);
    const QString name = params.requiredString(QStringLiteral("QueueName"));
    if (!findQueue(name))
        fail(ErrorCode::QueueDoesNotExist);
    call.ok({{QStringLiteral("QueueUrl"), queueUrl(call, name)}});
}

void SqsService::listQueues(Call &call)
{
    const Params params(call.request.params, call.request.protocol);
    const QString prefix = params.string(QStringLiteral("QueueNamePrefix")).value_or(QString());
    QJsonObject result = pageOfQueueUrls(
        params, sqsQueues(), [&](const QueueRef &ref) { return ref.name.startsWith(prefix); },
        [&](const QString &name) { return queueUrl(call, name); });
    // No QueueUrls key when nothing matches (AWS leaves it out).
    if (result.value(kPageUrls).toArray().isEmpty())
        result.remove(kPageUrls);
    else
        result.insert(QStringLiteral("QueueUrls"), result.take(kPageUrls));
    call.ok(result);
}

void SqsService::deleteQueue(Call &call)
{
    const QueueRef queue = resolveQueue(call);
    const auto deleted = m_engine.deleteQueue(queue.name, false, false);
    if (!deleted.ok())
        fail(ErrorCode::QueueDoesNotExist);
    call.ok({});
}

void SqsService::getQueueAttributes(Call &call)
{
    const Params params(call.request.params, call.request.protocol);
    const QueueRef queue = resolveQueue(call);
    const QStringList asked = params.strings(QStringLiteral("AttributeNames"));
    const QStringList &known = readableQueueAttributeNames();
    QStringList names;
    for (const QString &name : asked) {
        if (name == QLatin1String("All")) {
            names = known;
            break;
        }
        if (!known.contains(name) || (!queue.fifo && isFifoOnlyAttribute(name)))
            fail(ErrorCode::InvalidAttributeName, QStringLiteral("Unknown Attribute %1.").arg(name.left(256)));
        names.append(name);
    }
    const QueueAttributes stored = storedAttributes(queue.arguments);
    QJsonObject attributes;
    for (const QString &name : std::as_const(names)) {
        if (!queue.fifo && isFifoOnlyAttribute(name))
            continue;
        QString value;
        if (name == QLatin1String("ApproximateNumberOfMessages"))
            value = QString::number(queue.info.ready - std::min(queue.info.delayed, queue.info.ready));
        else if (name == QLatin1String("ApproximateNumberOfMessagesNotVisible"))
            value = QString::number(queue.info.unacked);
        else if (name == QLatin1String("ApproximateNumberOfMessagesDelayed"))
            value = QString::number(queue.info.delayed);
        else if (name == QLatin1String("CreatedTimestamp"))
            value = queue.arguments.value(kCreatedArg).toString();
        else if (name == QLatin1String("LastModifiedTimestamp"))
            value = queue.arguments.value(kModifiedArg).toString();
        else if (name == QLatin1String("QueueArn"))
            value = queueArn(call, queue.name);
        else if (name == QLatin1String("KmsDataKeyReusePeriodSeconds")
            && !stored.contains(QStringLiteral("KmsMasterKeyId")))
            continue; // reported with a KMS key only, as AWS does
        else
            value = stored.value(name);
        if (!value.isEmpty())
            attributes.insert(name, value);
    }
    QJsonObject result;
    if (!attributes.isEmpty())
        result.insert(QStringLiteral("Attributes"), attributes);
    call.ok(result);
}

void SqsService::setQueueAttributes(Call &call)
{
    const Params params(call.request.params, call.request.protocol);
    const QueueRef queue = resolveQueue(call);
    if (!params.has(QStringLiteral("Attributes")))
        failMissing(QStringLiteral("Attributes"));
    QString deadLetterQueue;
    QueueAttributes attributes = storedAttributes(queue.arguments);
    // The current target stays unless the policy changes.
    if (const QString dlq = queue.arguments.value(QStringLiteral("x-dead-letter-routing-key")).toString();
        !dlq.isEmpty())
        deadLetterQueue = dlq;
    const QueueAttributes given
        = validateQueueAttributes(params.map(QStringLiteral("Attributes")), queue.fifo, false, [&](const QString &arn) {
              const QString target = arnQueueName(arn, m_options.accountId);
              const auto ref = findQueue(target);
              if (!ref || ref->fifo != queue.fifo || target == queue.name)
                  return QString();
              checkRedriveAllowed(*ref, queueArn(call, queue.name));
              deadLetterQueue = target;
              return target;
          });
    for (auto it = given.cbegin(); it != given.cend(); ++it)
        attributes.insert(it.key(), it.value());
    checkAttributeCombination(attributes);
    if (attributes.value(QStringLiteral("RedrivePolicy")).isEmpty())
        deadLetterQueue.clear();
    QVariantMap arguments = queue.arguments;
    writeAttributes(attributes, deadLetterQueue, &arguments);
    arguments.insert(kModifiedArg, nowSeconds());
    replaceArguments(queue.name, arguments);
    call.ok({});
}

void SqsService::purgeQueue(Call &call)
{
    const QueueRef queue = resolveQueue(call);
    // In-flight messages too, as SQS: their receipt handles then fail.
    const auto purged = m_engine.purgeQueue(queue.name, 0, Engine::Purge::LeasedToo);
    if (!purged.ok())
        fail(ErrorCode::QueueDoesNotExist);
    call.ok({});
}

void SqsService::tagQueue(Call &call)
{
    const Params params(call.request.params, call.request.protocol);
    const QueueRef queue = resolveQueue(call);
    if (!params.has(QStringLiteral("Tags")))
        failMissing(QStringLiteral("Tags"));
    const QJsonObject tags = params.map(QStringLiteral("Tags"));
    if (tags.isEmpty())
        fail(ErrorCode::MissingParameter, QStringLiteral("The request must contain the parameter Tags."));
    checkTags(tags, QStringLiteral("Tags"));
    QVariantMap all = tagsOf(queue.arguments);
    for (auto it = tags.begin(); it != tags.end(); ++it)
        all.insert(it.key(), it.value().toString());
    if (all.size() > kMaxTags)
        fail(ErrorCode::InvalidParameterValue, QStringLiteral("Too many tags added for queue %1.").arg(queue.name));
    QVariantMap arguments = queue.arguments;
    arguments.insert(kTagsArg, all);
    replaceArguments(queue.name, arguments);
    call.ok({});
}

void SqsService::untagQueue(Call &call)
{
    const Params params(call.request.params, call.request.protocol);
    const QueueRef queue = resolveQueue(call);
    const QStringList keys = params.strings(QStringLiteral("TagKeys"));
    if (keys.isEmpty())
        failMissing(QStringLiteral("TagKeys"));
    QVariantMap all = tagsOf(queue.arguments);
    for (const QString &key : keys)
        all.remove(key);
    QVariantMap arguments = queue.arguments;
    if (all.isEmpty())
        arguments.remove(kTagsArg);
    else
        arguments.insert(kTagsArg, all);
    replaceArguments(queue.name, arguments);
    call.ok({});
}

void SqsService::listQueueTags(Call &call)
{
    const QueueRef queue = resolveQueue(call);
    const QVariantMap tags = tagsOf(queue.arguments);
    QJsonObject result;
    if (!tags.isEmpty())
        result.insert(QStringLiteral("Tags"), QJsonObject::fromVariantMap(tags));
    call.ok(result);
}

void SqsService::listDeadLetterSourceQueues(Call &call)
{
    const Params params(call.request.params, call.request.protocol);
    const QueueRef queue = resolveQueue(call);
    QJsonObject result = pageOfQueueUrls(
        params, sqsQueues(),
        [&](const QueueRef &ref) {
            return ref.arguments.value(QStringLiteral("x-dead-letter-routing-key")).toString() == queue.name
                && ref.arguments.contains(QStringLiteral("x-dead-letter-exchange"));
        },
        [&](const QString &name) { return queueUrl(call, name); });
    // queueUrls is required in this answer, empty or not.
    result.insert(QStringLiteral("queueUrls"), result.take(kPageUrls));
    call.ok(result);
}

void SqsService::addPermission(Call &call)
{
    const Params params(call.request.params, call.request.protocol);
    const QueueRef queue = resolveQueue(call);
    const QString label = params.requiredString(QStringLiteral("Label"));
    const QStringList accounts = params.strings(QStringLiteral("AWSAccountIds"));
    const QStringList actions = params.strings(QStringLiteral("Actions"));
    if (accounts.isEmpty())
        failMissing(QStringLiteral("AWSAccountIds"));
    if (actions.isEmpty())
        failMissing(QStringLiteral("Actions"));
    if (label.size() > 80)
        failValue(QStringLiteral("Label"), label, QStringLiteral("Labels are at most 80 characters."));
    QJsonObject policy = policyOf(storedAttributes(queue.arguments));
    if (policy.isEmpty()) {
        policy.insert(QStringLiteral("Version"), QStringLiteral("2012-10-17"));
        policy.insert(QStringLiteral("Id"), QString(queueArn(call, queue.name) + QStringLiteral("/SQSDefaultPolicy")));
    }
    QJsonArray statements = policy.value(QStringLiteral("Statement")).toArray();
    for (const QJsonValue &s : std::as_const(statements)) {
        if (s.toObject().value(QStringLiteral("Sid")).toString() == label)
            failValue(QStringLiteral("Label"), label, QStringLiteral("Already exists."));
    }
    QJsonArray principals;
    for (const QString &account : accounts)
        principals.append(QStringLiteral("arn:aws:iam::%1:root").arg(account));
    QJsonArray actionList;
    for (const QString &action : actions)
        actionList.append(action.startsWith(QLatin1String("SQS:")) ? action : QStringLiteral("SQS:") + action);
    // One principal or action is written as a string, several as a list, as
    // AWS writes the policy it generates.
    const auto oneOrList = [](const QJsonArray &list) { return list.size() == 1 ? list.first() : QJsonValue(list); };
    statements.append(QJsonObject{
        {QStringLiteral("Sid"), label},
        {QStringLiteral("Effect"), QStringLiteral("Allow")},
        {QStringLiteral("Principal"), QJsonObject{{QStringLiteral("AWS"), oneOrList(principals)}}},
        {QStringLiteral("Action"), oneOrList(actionList)},
        {QStringLiteral("Resource"), queueArn(call, queue.name)},
    });
    policy.insert(QStringLiteral("Statement"), statements);
    storePolicy(queue, policy);
    call.ok({});
}

void SqsService::removePermission(Call &call)
{
    const Params params(call.request.params, call.request.protocol);
    const QueueRef queue = resolveQueue(call);
    const QString label = params.requiredString(QStringLiteral("Label"));
    QJsonObject policy = policyOf(storedAttributes(queue.arguments));
    QJsonArray statements = policy.value(QStringLiteral("Statement")).toArray();
    qsizetype found = -1;
    for (qsizetype i = 0; i < statements.size(); ++i) {
        if (statements[i].toObject().value(QStringLiteral("Sid")).toString() == label)
            found = i;
    }
    if (found < 0)
        failValue(QStringLiteral("Label"), label, QStringLiteral("can't find label on existing policy."));
    statements.removeAt(found);
    policy.insert(QStringLiteral("Statement"), statements);
    storePolicy(queue, statements.isEmpty() ? QJsonObject() : policy);
    call.ok({});
}

void SqsService::storePolicy(const QueueRef &queue, const QJsonObject &policy)
{
    QueueAttributes attributes = storedAttributes(queue.arguments);
    if (policy.isEmpty())
        attributes.remove(QStringLiteral("Policy"));
    else
        attributes.insert(
            QStringLiteral("Policy"), QString::fromUtf8(QJsonDocument(policy).toJson(QJsonDocument::Compact)));
    QVariantMap arguments = queue.arguments;
    writeAttributes(attributes, arguments.value(QStringLiteral("x-dead-letter-routing-key")).toString(), &arguments);
    replaceArguments(queue.name, arguments);
}

} // namespace depot::sqs
