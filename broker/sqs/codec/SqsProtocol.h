#pragma once

// SqsProtocol: the two wire protocols of Amazon SQS at the edges, as pure
// functions. AWS chooses the protocol per request, and so does Depot:
//   - AWS JSON 1.0: Content-Type application/x-amz-json-1.0 and
//     X-Amz-Target: AmazonSQS.<Action>; the body is the action's input
//     shape; answers are JSON, errors {"__type": ..., "message": ...};
//   - the query protocol: Action=... in a form-encoded POST body or a GET's
//     query string; lists and maps are flattened into numbered keys
//     (Attribute.1.Name, SendMessageBatchRequestEntry.2.Id); answers are XML
//     in the 2012-11-05 namespace with ResponseMetadata/RequestId.
// Both are turned into one request type whose parameters use the JSON
// protocol's member names (botocore's service model for sqs), so an action is
// written once; the response is built in the same terms and rendered back in
// the request's protocol. Errors carry both their query code
// ("AWS.SimpleQueueService.NonExistentQueue") and their JSON type
// ("com.amazonaws.sqs#QueueDoesNotExist"); either protocol's answer also has
// the x-amzn-query-error header, which AWS's JSON SDKs read the code from.

#include "broker/sqs/codec/HttpFraming.h"

#include <QJsonObject>
#include <QString>
#include <optional>

namespace depot::sqs {

enum class Protocol { Query, Json };

enum class ErrorCode {
    QueueDoesNotExist,
    QueueNameExists,
    QueueDeletedRecently,
    BatchEntryIdsNotDistinct,
    TooManyEntriesInBatchRequest,
    EmptyBatchRequest,
    InvalidBatchEntryId,
    BatchRequestTooLong,
    UnsupportedOperation,
    MessageNotInflight,
    PurgeQueueInProgress,
    ReceiptHandleIsInvalid,
    InvalidAttributeName,
    InvalidAttributeValue,
    InvalidMessageContents,
    InvalidParameterValue,
    InvalidParameterCombination,
    MissingParameter,
    InvalidAction,
    MissingAction,
    InvalidAddress,
    OverLimit,
    ResourceNotFound,
    SerializationException,
    UnknownOperation,
    RequestEntityTooLarge,
    LengthRequired,
    MalformedRequest,
    AccessDenied,
    MissingAuthenticationToken,
    InvalidClientTokenId,
    SignatureDoesNotMatch,
    ServiceUnavailable,
    InternalFailure,
};

struct SqsError
{
    ErrorCode code = ErrorCode::InternalFailure;
    QString message;

    int httpStatus() const;
    QString queryCode() const; // "AWS.SimpleQueueService.NonExistentQueue"
    QString jsonType() const; // "com.amazonaws.sqs#QueueDoesNotExist"
    bool senderFault() const { return httpStatus() < 500; }
};

SqsError sqsError(ErrorCode code, const QString &message = {});

// Every action of the SQS API (2012-11-05), by its name.
bool isSqsAction(const QString &action);

struct SqsRequest
{
    Protocol protocol = Protocol::Query;
    QString action; // "SendMessage"
    QJsonObject params; // the input shape, JSON member names; query values are strings
    QByteArray host; // the Host header as the client sent it ("127.0.0.1:9324")
    QString path; // the request's path, decoded ("/000000000000/orders")
    QString region; // from the signature's credential scope; empty when unsigned
    QString accessKey; // from the signature's credential; empty when unsigned
    QString traceHeader; // X-Amzn-Trace-Id, for AWSTraceHeader
    QString peer; // the caller's host ("127.0.0.1"), set by the server; for message stories
};

// What parsing gave: the request, or an error to answer in `request.protocol`'s
// shape (as far as it could be told which protocol the client speaks).
struct ParsedRequest
{
    SqsRequest request;
    std::optional<SqsError> error;
};

ParsedRequest parseSqsRequest(const HttpRequest &http);

// The query protocol's flattened keys as the JSON shape they stand for:
// {"Attribute.1.Name": "A", "Attribute.1.Value": "1"} -> {"Attributes": {"A": "1"}}.
QJsonObject queryParamsToJson(const QString &action, const QList<QPair<QString, QString>> &pairs);

// What an action answers with: its members as a QJsonObject (JSON member
// names, rendered as JSON or as the query protocol's XML); or, for the batch
// answers sent most, AWS JSON text already written with JsonText, for a
// request in the JSON protocol only.
class SqsResult final
{
public:
    SqsResult() = default;
    SqsResult(QJsonObject object) // NOLINT(google-explicit-constructor): most actions answer an object
        : m_object(std::move(object))
    {
    }
    static SqsResult jsonText(QByteArray text)
    {
        SqsResult r;
        r.m_json = std::move(text);
        return r;
    }

    bool isJsonText() const { return !m_json.isNull(); }
    // The members (for a JSON text result: parsed from it).
    QJsonObject object() const;
    // The JSON protocol's body.
    QByteArray json() const;

private:
    QJsonObject m_object;
    QByteArray m_json;
};

// The answers, as bytes ready to write (status line, headers, body).
QByteArray renderResponse(
    const SqsRequest &request, const SqsResult &result, const QByteArray &requestId, bool keepAlive);
QByteArray renderError(Protocol protocol, const SqsError &error, const QByteArray &requestId, bool keepAlive);

// The body of a query-protocol answer alone (tests read it).
QByteArray queryResponseBody(const QString &action, const QJsonObject &result, const QByteArray &requestId);

QString xmlEscape(const QString &text);

} // namespace depot::sqs
