#include "broker/sqs/codec/SqsProtocol.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QMap>
#include <QSet>
#include <algorithm>
#include <cmath>

namespace depot::sqs {

namespace {

const QByteArray kNamespace = "http://queue.amazonaws.com/doc/2012-11-05/";

struct ErrorInfo
{
    int status;
    const char *queryCode;
    const char *jsonType;
    const char *defaultMessage;
};

ErrorInfo info(ErrorCode code)
{
    switch (code) {
    case ErrorCode::QueueDoesNotExist:
        return {400, "AWS.SimpleQueueService.NonExistentQueue", "com.amazonaws.sqs#QueueDoesNotExist",
            "The specified queue does not exist."};
    case ErrorCode::QueueNameExists:
        return {400, "QueueAlreadyExists", "com.amazonaws.sqs#QueueNameExists",
            "A queue already exists with the same name and a different value for attribute(s)."};
    case ErrorCode::QueueDeletedRecently:
        return {400, "AWS.SimpleQueueService.QueueDeletedRecently", "com.amazonaws.sqs#QueueDeletedRecently",
            "You must wait 60 seconds after deleting a queue before you can create another queue with the same name."};
    case ErrorCode::BatchEntryIdsNotDistinct:
        return {400, "AWS.SimpleQueueService.BatchEntryIdsNotDistinct", "com.amazonaws.sqs#BatchEntryIdsNotDistinct",
            "Two or more batch entries in the request have the same Id."};
    case ErrorCode::TooManyEntriesInBatchRequest:
        return {400, "AWS.SimpleQueueService.TooManyEntriesInBatchRequest",
            "com.amazonaws.sqs#TooManyEntriesInBatchRequest", "Maximum number of entries per request are 10."};
    case ErrorCode::EmptyBatchRequest:
        return {400, "AWS.SimpleQueueService.EmptyBatchRequest", "com.amazonaws.sqs#EmptyBatchRequest",
            "There should be at least one entry in the request."};
    case ErrorCode::InvalidBatchEntryId:
        return {400, "AWS.SimpleQueueService.InvalidBatchEntryId", "com.amazonaws.sqs#InvalidBatchEntryId",
            "A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 "
            "letters long."};
    case ErrorCode::BatchRequestTooLong:
        return {400, "AWS.SimpleQueueService.BatchRequestTooLong", "com.amazonaws.sqs#BatchRequestTooLong",
            "Batch requests cannot be longer than 1048576 bytes."};
    case ErrorCode::UnsupportedOperation:
        return {400, "AWS.SimpleQueueService.UnsupportedOperation", "com.amazonaws.sqs#UnsupportedOperation",
            "The operation is not supported."};
    case ErrorCode::MessageNotInflight:
        return {400, "AWS.SimpleQueueService.MessageNotInflight", "com.amazonaws.sqs#MessageNotInflight",
            "The message referred to isn't in flight."};
    case ErrorCode::PurgeQueueInProgress:
        return {403, "AWS.SimpleQueueService.PurgeQueueInProgress", "com.amazonaws.sqs#PurgeQueueInProgress",
            "Only one PurgeQueue operation on a queue is allowed every 60 seconds."};
    case ErrorCode::ReceiptHandleIsInvalid:
        // 404 in both protocols: the model's awsQueryError and httpError traits.
        return {404, "ReceiptHandleIsInvalid", "com.amazonaws.sqs#ReceiptHandleIsInvalid",
            "The specified receipt handle isn't valid."};
    case ErrorCode::InvalidAttributeName:
        return {400, "InvalidAttributeName", "com.amazonaws.sqs#InvalidAttributeName",
            "The specified attribute doesn't exist."};
    case ErrorCode::InvalidAttributeValue:
        return {400, "InvalidAttributeValue", "com.amazonaws.sqs#InvalidAttributeValue",
            "A queue attribute value is invalid."};
    case ErrorCode::InvalidMessageContents:
        return {400, "InvalidMessageContents", "com.amazonaws.sqs#InvalidMessageContents",
            "The message contains characters outside the allowed set."};
    case ErrorCode::InvalidParameterValue:
        return {400, "InvalidParameterValue", "com.amazonaws.sqs#InvalidParameterValue",
            "An invalid or out-of-range value was supplied for the input parameter."};
    case ErrorCode::InvalidParameterCombination:
        return {400, "InvalidParameterCombination", "com.amazonaws.sqs#InvalidParameterCombination",
            "Parameters that must not be used together were used together."};
    case ErrorCode::MissingParameter:
        return {400, "MissingParameter", "com.amazonaws.sqs#MissingParameter",
            "A required parameter for the specified action is not supplied."};
    case ErrorCode::InvalidAction:
        return {
            400, "InvalidAction", "com.amazonaws.sqs#InvalidAction", "The action or operation requested is invalid."};
    case ErrorCode::MissingAction:
        return {400, "MissingAction", "com.amazonaws.sqs#MissingAction",
            "The request is missing an action or a required parameter."};
    case ErrorCode::InvalidAddress:
        return {404, "InvalidAddress", "com.amazonaws.sqs#InvalidAddress", "The specified ID is invalid."};
    case ErrorCode::OverLimit:
        return {403, "OverLimit", "com.amazonaws.sqs#OverLimit", "The limit for this action was reached."};
    case ErrorCode::ResourceNotFound:
        return {404, "ResourceNotFoundException", "com.amazonaws.sqs#ResourceNotFoundException",
            "One or more specified resources don't exist."};
    case ErrorCode::SerializationException:
        return {400, "SerializationException", "com.amazon.coral.service#SerializationException",
            "The request body could not be read."};
    case ErrorCode::UnknownOperation:
        return {400, "UnknownOperationException", "com.amazon.coral.service#UnknownOperationException",
            "The requested operation is not recognized."};
    case ErrorCode::RequestEntityTooLarge:
        return {413, "RequestEntityTooLarge", "com.amazon.coral.service#RequestEntityTooLarge",
            "The request body is too large."};
    case ErrorCode::LengthRequired:
        return {411, "MissingContentLength", "com.amazon.coral.service#MissingContentLength",
            "The request has no Content-Length."};
    case ErrorCode::MalformedRequest:
        return {400, "MalformedRequest", "com.amazon.coral.service#MalformedRequest",
            "The request is not well-formed HTTP."};
    case ErrorCode::AccessDenied:
        return {
            403, "AccessDenied", "com.amazon.coral.service#AccessDeniedException", "Access to the resource is denied."};
    case ErrorCode::MissingAuthenticationToken:
        return {403, "MissingAuthenticationToken", "com.amazon.coral.service#MissingAuthenticationTokenException",
            "The request must contain a valid (registered) AWS access key ID."};
    case ErrorCode::InvalidClientTokenId:
        return {403, "InvalidClientTokenId", "com.amazon.coral.service#InvalidClientTokenId",
            "The security token included in the request is invalid."};
    case ErrorCode::SignatureDoesNotMatch:
        return {403, "SignatureDoesNotMatch", "com.amazon.coral.service#SignatureDoesNotMatch",
            "The request signature we calculated does not match the signature you provided."};
    case ErrorCode::ServiceUnavailable:
        return {503, "ServiceUnavailable", "com.amazon.coral.availability#ServiceUnavailableException",
            "The request has failed due to a temporary failure of the server."};
    case ErrorCode::InternalFailure:
        break;
    }
    return {500, "InternalFailure", "com.amazon.coral.service#InternalFailure",
        "The request processing has failed because of an unknown error."};
}

const QStringList &allActions()
{
    static const QStringList actions{
        QStringLiteral("AddPermission"),
        QStringLiteral("CancelMessageMoveTask"),
        QStringLiteral("ChangeMessageVisibility"),
        QStringLiteral("ChangeMessageVisibilityBatch"),
        QStringLiteral("CreateQueue"),
        QStringLiteral("DeleteMessage"),
        QStringLiteral("DeleteMessageBatch"),
        QStringLiteral("DeleteQueue"),
        QStringLiteral("GetQueueAttributes"),
        QStringLiteral("GetQueueUrl"),
        QStringLiteral("ListDeadLetterSourceQueues"),
        QStringLiteral("ListMessageMoveTasks"),
        QStringLiteral("ListQueueTags"),
        QStringLiteral("ListQueues"),
        QStringLiteral("PurgeQueue"),
        QStringLiteral("ReceiveMessage"),
        QStringLiteral("RemovePermission"),
        QStringLiteral("SendMessage"),
        QStringLiteral("SendMessageBatch"),
        QStringLiteral("SetQueueAttributes"),
        QStringLiteral("StartMessageMoveTask"),
        QStringLiteral("TagQueue"),
        QStringLiteral("UntagQueue"),
    };
    return actions;
}

// Actions whose answer has a result element (the query protocol's
// <ActionResult>); the others answer with ResponseMetadata alone.
bool hasResult(const QString &action)
{
    static const QSet<QString> withResult{
        QStringLiteral("CreateQueue"),
        QStringLiteral("GetQueueUrl"),
        QStringLiteral("ListQueues"),
        QStringLiteral("GetQueueAttributes"),
        QStringLiteral("SendMessage"),
        QStringLiteral("SendMessageBatch"),
        QStringLiteral("ReceiveMessage"),
        QStringLiteral("DeleteMessageBatch"),
        QStringLiteral("ChangeMessageVisibilityBatch"),
        QStringLiteral("ListQueueTags"),
        QStringLiteral("ListDeadLetterSourceQueues"),
        QStringLiteral("StartMessageMoveTask"),
        QStringLiteral("ListMessageMoveTasks"),
        QStringLiteral("CancelMessageMoveTask"),
    };
    return withResult.contains(action);
}

// ---- the query protocol's flattened keys ----

struct Node
{
    std::optional<QString> value;
    QMap<QString, Node> children;
};

bool isIndex(const QString &key)
{
    if (key.isEmpty() || key.size() > 9)
        return false;
    return std::all_of(key.begin(), key.end(), [](QChar c) { return c >= u'0' && c <= u'9'; });
}

// Children of a list node in index order; "member" (the non-flattened form)
// is looked through.
QList<const Node *> indexed(const Node &node)
{
    const Node *n = &node;
    if (n->children.size() == 1 && n->children.contains(QStringLiteral("member")))
        n = &n->children.first();
    QList<QPair<int, const Node *>> items;
    for (auto it = n->children.cbegin(); it != n->children.cend(); ++it) {
        if (!isIndex(it.key()))
            return {};
        items.append({it.key().toInt(), &it.value()});
    }
    std::sort(items.begin(), items.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
    QList<const Node *> out;
    for (const auto &item : items)
        out.append(item.second);
    return out;
}

QJsonValue toJson(const Node &node);

QJsonObject objectToJson(const Node &node)
{
    // Flattened lists and maps of the SQS model, by their query names (and,
    // as some clients send, their JSON member names).
    static const QHash<QString, QString> lists{
        {QStringLiteral("AttributeName"), QStringLiteral("AttributeNames")},
        {QStringLiteral("AttributeNames"), QStringLiteral("AttributeNames")},
        {QStringLiteral("MessageSystemAttributeName"), QStringLiteral("MessageSystemAttributeNames")},
        {QStringLiteral("MessageSystemAttributeNames"), QStringLiteral("MessageSystemAttributeNames")},
        {QStringLiteral("MessageAttributeName"), QStringLiteral("MessageAttributeNames")},
        {QStringLiteral("MessageAttributeNames"), QStringLiteral("MessageAttributeNames")},
        {QStringLiteral("TagKey"), QStringLiteral("TagKeys")},
        {QStringLiteral("TagKeys"), QStringLiteral("TagKeys")},
        {QStringLiteral("AWSAccountId"), QStringLiteral("AWSAccountIds")},
        {QStringLiteral("AWSAccountIds"), QStringLiteral("AWSAccountIds")},
        {QStringLiteral("ActionName"), QStringLiteral("Actions")},
        {QStringLiteral("Actions"), QStringLiteral("Actions")},
        {QStringLiteral("StringListValue"), QStringLiteral("StringListValues")},
        {QStringLiteral("StringListValues"), QStringLiteral("StringListValues")},
        {QStringLiteral("BinaryListValue"), QStringLiteral("BinaryListValues")},
        {QStringLiteral("BinaryListValues"), QStringLiteral("BinaryListValues")},
        {QStringLiteral("SendMessageBatchRequestEntry"), QStringLiteral("Entries")},
        {QStringLiteral("DeleteMessageBatchRequestEntry"), QStringLiteral("Entries")},
        {QStringLiteral("ChangeMessageVisibilityBatchRequestEntry"), QStringLiteral("Entries")},
        {QStringLiteral("Entries"), QStringLiteral("Entries")},
    };
    static const QHash<QString, QString> maps{
        {QStringLiteral("Attribute"), QStringLiteral("Attributes")},
        {QStringLiteral("Attributes"), QStringLiteral("Attributes")},
        {QStringLiteral("Tag"), QStringLiteral("Tags")},
        {QStringLiteral("Tags"), QStringLiteral("Tags")},
        {QStringLiteral("MessageAttribute"), QStringLiteral("MessageAttributes")},
        {QStringLiteral("MessageAttributes"), QStringLiteral("MessageAttributes")},
        {QStringLiteral("MessageSystemAttribute"), QStringLiteral("MessageSystemAttributes")},
        {QStringLiteral("MessageSystemAttributes"), QStringLiteral("MessageSystemAttributes")},
    };
    QJsonObject out;
    for (auto it = node.children.cbegin(); it != node.children.cend(); ++it) {
        const Node &child = it.value();
        if (child.children.isEmpty()) {
            // An empty list or map is sent as its bare name ("Entries=", as
            // botocore serialises []): the empty list or map, not a string.
            const bool empty = child.value.value_or(QString()).isEmpty();
            if (const auto l = lists.constFind(it.key()); empty && l != lists.cend())
                out.insert(*l, QJsonArray());
            else if (const auto m = maps.constFind(it.key()); empty && m != maps.cend())
                out.insert(*m, QJsonObject());
            else
                out.insert(it.key(), child.value.value_or(QString()));
            continue;
        }
        if (const auto m = maps.constFind(it.key()); m != maps.cend()) {
            QJsonObject map = out.value(*m).toObject();
            for (const Node *entry : indexed(child)) {
                const Node *key = nullptr;
                if (auto k = entry->children.constFind(QStringLiteral("Name")); k != entry->children.cend())
                    key = &k.value();
                else if (auto k2 = entry->children.constFind(QStringLiteral("Key")); k2 != entry->children.cend())
                    key = &k2.value();
                if (!key || !key->value)
                    continue;
                const auto v = entry->children.constFind(QStringLiteral("Value"));
                map.insert(*key->value, v == entry->children.cend() ? QJsonValue(QString()) : toJson(v.value()));
            }
            out.insert(*m, map);
            continue;
        }
        if (const auto l = lists.constFind(it.key()); l != lists.cend()) {
            QJsonArray array;
            for (const Node *entry : indexed(child))
                array.append(toJson(*entry));
            out.insert(*l, array);
            continue;
        }
        out.insert(it.key(), toJson(child));
    }
    return out;
}

QJsonValue toJson(const Node &node)
{
    if (node.children.isEmpty())
        return node.value.value_or(QString());
    return objectToJson(node);
}

bool ignoredQueryKey(const QString &key)
{
    static const QSet<QString> ignored{
        QStringLiteral("Action"),
        QStringLiteral("Version"),
        QStringLiteral("AWSAccessKeyId"),
        QStringLiteral("Signature"),
        QStringLiteral("SignatureMethod"),
        QStringLiteral("SignatureVersion"),
        QStringLiteral("Timestamp"),
        QStringLiteral("Expires"),
        QStringLiteral("SecurityToken"),
    };
    return ignored.contains(key) || key.startsWith(QLatin1String("X-Amz-"), Qt::CaseInsensitive);
}

// "AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/sqs/aws4_request, ..."
void readCredential(const QString &credential, SqsRequest *request)
{
    const QStringList parts = credential.split(QLatin1Char('/'));
    if (parts.size() >= 3) {
        request->accessKey = parts[0];
        request->region = parts[2];
    } else if (!parts.isEmpty()) {
        request->accessKey = parts[0];
    }
}

void readSignature(const HttpRequest &http, const QList<QPair<QString, QString>> &queryPairs, SqsRequest *request)
{
    const QString authorization = QString::fromLatin1(http.header("authorization"));
    const qsizetype at = authorization.indexOf(QLatin1String("Credential="));
    if (at >= 0) {
        const qsizetype start = at + 11;
        qsizetype end = authorization.indexOf(QLatin1Char(','), start);
        if (end < 0)
            end = authorization.size();
        readCredential(authorization.mid(start, end - start).trimmed(), request);
        return;
    }
    for (const auto &pair : queryPairs) {
        if (pair.first.compare(QLatin1String("X-Amz-Credential"), Qt::CaseInsensitive) == 0) {
            readCredential(pair.second, request);
            return;
        }
    }
}

QByteArray requestIdHeader(const QByteArray &requestId)
{
    return requestId;
}

void appendScalar(QByteArray &out, const QJsonValue &v)
{
    if (v.isBool())
        out += v.toBool() ? "true" : "false";
    else if (v.isDouble()) {
        const double d = v.toDouble();
        if (std::floor(d) == d && std::abs(d) < 9.0e15)
            out += QByteArray::number(qint64(d));
        else
            out += QByteArray::number(d);
    } else
        out += xmlEscape(v.toString()).toUtf8();
}

void appendMembers(QByteArray &out, const QString &action, const QJsonObject &o);

QByteArray listElement(const QString &action, const QString &key)
{
    if (key == QLatin1String("QueueUrls") || key == QLatin1String("queueUrls"))
        return "QueueUrl";
    if (key == QLatin1String("Messages"))
        return "Message";
    if (key == QLatin1String("Successful"))
        return action.toUtf8() + "ResultEntry";
    if (key == QLatin1String("Failed"))
        return "BatchResultErrorEntry";
    if (key == QLatin1String("Results"))
        return "ListMessageMoveTasksResultEntry";
    if (key == QLatin1String("StringListValues"))
        return "StringListValue";
    if (key == QLatin1String("BinaryListValues"))
        return "BinaryListValue";
    return key.toUtf8();
}

// Whether `key` can name an XML element as AWS's member names do (ASCII
// letters, digits, '_', '-', '.', not starting with a digit, '-' or '.').
bool isElementName(const QString &key)
{
    if (key.isEmpty())
        return false;
    for (qsizetype i = 0; i < key.size(); ++i) {
        const char16_t c = key[i].unicode();
        const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
        const bool other = (c >= '0' && c <= '9') || c == '-' || c == '.';
        if (!letter && (i == 0 || !other))
            return false;
    }
    return true;
}

void appendMembers(QByteArray &out, const QString &action, const QJsonObject &o)
{
    for (auto it = o.begin(); it != o.end(); ++it) {
        const QString &key = it.key();
        // Results carry Depot's own member names; a key that cannot name an
        // element (never one of those) is left out rather than breaking the XML.
        if (!isElementName(key))
            continue;
        const QJsonValue v = it.value();
        const QByteArray name = key.toUtf8();
        if (v.isObject()
            && (key == QLatin1String("Attributes") || key == QLatin1String("Tags")
                || key == QLatin1String("MessageAttributes"))) {
            const bool tags = key == QLatin1String("Tags");
            const bool messageAttributes = key == QLatin1String("MessageAttributes");
            const QByteArray element = tags ? "Tag" : messageAttributes ? "MessageAttribute" : "Attribute";
            const QByteArray keyName = tags ? "Key" : "Name";
            const QJsonObject map = v.toObject();
            for (auto e = map.begin(); e != map.end(); ++e) {
                out += '<' + element + "><" + keyName + '>' + xmlEscape(e.key()).toUtf8() + "</" + keyName + "><Value>";
                if (e.value().isObject())
                    appendMembers(out, action, e.value().toObject());
                else
                    appendScalar(out, e.value());
                out += "</Value></" + element + '>';
            }
        } else if (v.isArray()) {
            const QByteArray element = listElement(action, key);
            for (const QJsonValue &item : v.toArray()) {
                out += '<' + element + '>';
                if (item.isObject())
                    appendMembers(out, action, item.toObject());
                else
                    appendScalar(out, item);
                out += "</" + element + '>';
            }
        } else if (v.isObject()) {
            out += '<' + name + '>';
            appendMembers(out, action, v.toObject());
            out += "</" + name + '>';
        } else if (!v.isNull() && !v.isUndefined()) {
            out += '<' + name + '>';
            appendScalar(out, v);
            out += "</" + name + '>';
        }
    }
}

QByteArray queryErrorHeader(const SqsError &error)
{
    return error.queryCode().toUtf8() + (error.senderFault() ? ";Sender" : ";Receiver");
}

} // namespace

int SqsError::httpStatus() const
{
    return info(code).status;
}

QString SqsError::queryCode() const
{
    return QString::fromLatin1(info(code).queryCode);
}

QString SqsError::jsonType() const
{
    return QString::fromLatin1(info(code).jsonType);
}

SqsError sqsError(ErrorCode code, const QString &message)
{
    SqsError e;
    e.code = code;
    e.message = message.isEmpty() ? QString::fromLatin1(info(code).defaultMessage) : message;
    return e;
}

bool isSqsAction(const QString &action)
{
    return allActions().contains(action);
}

QJsonObject queryParamsToJson(const QString &action, const QList<QPair<QString, QString>> &pairs)
{
    Node root;
    for (const auto &pair : pairs) {
        if (ignoredQueryKey(pair.first))
            continue;
        const QStringList path = pair.first.split(QLatin1Char('.'));
        if (path.size() > 8)
            continue; // deeper than any SQS shape: cannot name a parameter
        Node *node = &root;
        for (const QString &segment : path)
            node = &node->children[segment];
        if (!node->value)
            node->value = pair.second; // the first of repeated keys counts
    }
    QJsonObject params = objectToJson(root);
    if (action == QLatin1String("CreateQueue") && params.contains(QStringLiteral("Tags"))) {
        params.insert(QStringLiteral("tags"), params.value(QStringLiteral("Tags")));
        params.remove(QStringLiteral("Tags"));
    }
    return params;
}

ParsedRequest parseSqsRequest(const HttpRequest &http)
{
    ParsedRequest parsed;
    SqsRequest &request = parsed.request;
    request.host = http.header("host");
    request.path = QString::fromUtf8(percentDecode(http.path, false));
    request.traceHeader = QString::fromLatin1(http.header("x-amzn-trace-id"));
    const QList<QPair<QString, QString>> queryPairs = parseFormPairs(http.query);
    readSignature(http, queryPairs, &request);

    const QByteArray contentType = http.header("content-type").toLower();
    const qsizetype semicolon = contentType.indexOf(';');
    const QByteArray mediaType = (semicolon < 0 ? contentType : contentType.left(semicolon)).trimmed();
    if (mediaType == "application/x-amz-json-1.0") {
        request.protocol = Protocol::Json;
        const QByteArray target = http.header("x-amz-target");
        if (target.isNull()) {
            parsed.error
                = sqsError(ErrorCode::UnknownOperation, QStringLiteral("The request has no X-Amz-Target header."));
            return parsed;
        }
        const QString action = target.startsWith("AmazonSQS.") ? QString::fromUtf8(target.mid(10)) : QString();
        if (!isSqsAction(action)) {
            parsed.error = sqsError(ErrorCode::UnknownOperation);
            return parsed;
        }
        request.action = action;
        if (!http.body.trimmed().isEmpty()) {
            QJsonParseError error;
            const QJsonDocument doc = QJsonDocument::fromJson(http.body, &error);
            if (error.error != QJsonParseError::NoError || !doc.isObject()) {
                parsed.error = sqsError(ErrorCode::SerializationException,
                    error.error != QJsonParseError::NoError
                        ? QStringLiteral("The body is not valid JSON: %1 at offset %2.")
                              .arg(error.errorString())
                              .arg(error.offset)
                        : QStringLiteral("The body must be a JSON object."));
                return parsed;
            }
            request.params = doc.object();
        }
        return parsed;
    }

    request.protocol = Protocol::Query;
    QList<QPair<QString, QString>> pairs = queryPairs;
    if (http.method == "POST" && mediaType == "application/x-www-form-urlencoded")
        pairs += parseFormPairs(http.body);
    QString action;
    bool haveAction = false;
    for (const auto &pair : pairs) {
        if (pair.first == QLatin1String("Action")) {
            action = pair.second;
            haveAction = true;
            break;
        }
    }
    if (!haveAction) {
        parsed.error = sqsError(ErrorCode::MissingAction,
            http.method == "POST" && !http.body.isEmpty() && mediaType != "application/x-www-form-urlencoded"
                ? QStringLiteral("The request has no Action; a query request's body must be "
                                 "application/x-www-form-urlencoded, a JSON request's application/x-amz-json-1.0 "
                                 "with X-Amz-Target.")
                : QStringLiteral("The request must contain the parameter Action."));
        return parsed;
    }
    if (!isSqsAction(action)) {
        parsed.error = sqsError(ErrorCode::InvalidAction,
            QStringLiteral("The action %1 is not valid for this endpoint.").arg(action.left(100)));
        return parsed;
    }
    request.action = action;
    request.params = queryParamsToJson(action, pairs);
    return parsed;
}

QString xmlEscape(const QString &text)
{
    QString out;
    out.reserve(text.size() + 8);
    const qsizetype n = text.size();
    for (qsizetype i = 0; i < n; ++i) {
        const char16_t c = text[i].unicode();
        switch (c) {
        case '&':
            out += QLatin1String("&amp;");
            break;
        case '<':
            out += QLatin1String("&lt;");
            break;
        case '>':
            out += QLatin1String("&gt;");
            break;
        case '"':
            out += QLatin1String("&quot;");
            break;
        case '\'':
            out += QLatin1String("&apos;");
            break;
        case '\r':
            out += QLatin1String("&#xD;");
            break;
        default:
            // Characters XML 1.0 cannot carry at all, not even as references
            // (they reach here only in text a client sent and Depot echoes,
            // e.g. in an error message): U+FFFD instead.
            if (c >= 0xD800 && c <= 0xDBFF && i + 1 < n && text[i + 1].unicode() >= 0xDC00
                && text[i + 1].unicode() <= 0xDFFF) {
                out += text[i];
                out += text[++i];
            } else if ((c < 0x20 && c != '\t' && c != '\n') || (c >= 0xD800 && c <= 0xDFFF) || c == 0xFFFE
                || c == 0xFFFF) {
                out += QChar(0xFFFD);
            } else {
                out += QChar(c);
            }
        }
    }
    return out;
}

QByteArray queryResponseBody(const QString &action, const QJsonObject &result, const QByteArray &requestId)
{
    const QByteArray name = action.toUtf8();
    QByteArray out;
    out.reserve(256);
    out += "<?xml version=\"1.0\"?><" + name + "Response xmlns=\"" + kNamespace + "\">";
    if (hasResult(action)) {
        out += '<' + name + "Result>";
        appendMembers(out, action, result);
        out += "</" + name + "Result>";
    }
    out += "<ResponseMetadata><RequestId>" + requestId + "</RequestId></ResponseMetadata></" + name + "Response>";
    return out;
}

QJsonObject SqsResult::object() const
{
    return isJsonText() ? QJsonDocument::fromJson(m_json).object() : m_object;
}

QByteArray SqsResult::json() const
{
    return isJsonText() ? m_json : QJsonDocument(m_object).toJson(QJsonDocument::Compact);
}

QByteArray renderResponse(
    const SqsRequest &request, const SqsResult &result, const QByteArray &requestId, bool keepAlive)
{
    QList<QPair<QByteArray, QByteArray>> headers{{"x-amzn-RequestId", requestIdHeader(requestId)}};
    if (request.protocol == Protocol::Json) {
        headers.append(qMakePair(QByteArray("Content-Type"), QByteArray("application/x-amz-json-1.0")));
        return httpResponse(200, headers, result.json(), keepAlive);
    }
    headers.append(qMakePair(QByteArray("Content-Type"), QByteArray("text/xml")));
    return httpResponse(200, headers, queryResponseBody(request.action, result.object(), requestId), keepAlive);
}

QByteArray renderError(Protocol protocol, const SqsError &error, const QByteArray &requestId, bool keepAlive)
{
    QList<QPair<QByteArray, QByteArray>> headers{
        {"x-amzn-RequestId", requestIdHeader(requestId)},
        {"x-amzn-query-error", queryErrorHeader(error)},
    };
    if (protocol == Protocol::Json) {
        headers.append(qMakePair(QByteArray("Content-Type"), QByteArray("application/x-amz-json-1.0")));
        QJsonObject body{{QStringLiteral("__type"), error.jsonType()}, {QStringLiteral("message"), error.message}};
        return httpResponse(error.httpStatus(), headers, QJsonDocument(body).toJson(QJsonDocument::Compact), keepAlive);
    }
    headers.append(qMakePair(QByteArray("Content-Type"), QByteArray("text/xml")));
    QByteArray body = "<?xml version=\"1.0\"?><ErrorResponse xmlns=\"" + kNamespace + "\"><Error><Type>"
        + (error.senderFault() ? "Sender" : "Receiver") + "</Type><Code>" + xmlEscape(error.queryCode()).toUtf8()
        + "</Code><Message>" + xmlEscape(error.message).toUtf8() + "</Message><Detail/></Error><RequestId>" + requestId
        + "</RequestId></ErrorResponse>";
    return httpResponse(error.httpStatus(), headers, body, keepAlive);
}

} // namespace depot::sqs
