#pragma once

// The frame around every Kafka request and response, the request header,
// and the table of APIs and versions Depot answers (values from Kafka's
// protocol guide and its message definitions, common/message/*.json).

#include "broker/kafka/codec/KafkaWire.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace depot::kafka {

enum class ApiKey : qint16 {
    Produce = 0,
    Fetch = 1,
    ListOffsets = 2,
    Metadata = 3,
    OffsetCommit = 8,
    OffsetFetch = 9,
    FindCoordinator = 10,
    JoinGroup = 11,
    Heartbeat = 12,
    LeaveGroup = 13,
    SyncGroup = 14,
    DescribeGroups = 15,
    ListGroups = 16,
    ApiVersions = 18,
    CreateTopics = 19,
    DeleteTopics = 20,
    InitProducerId = 22,
    DescribeConfigs = 32,
    AlterConfigs = 33,
    IncrementalAlterConfigs = 44,
};

// Kafka's error codes (org.apache.kafka.common.protocol.Errors), those Depot
// answers with.
enum class ErrorCode : qint16 {
    UnknownServerError = -1,
    None = 0,
    OffsetOutOfRange = 1,
    CorruptMessage = 2,
    UnknownTopicOrPartition = 3,
    InvalidFetchSize = 4,
    LeaderNotAvailable = 5,
    NotLeaderOrFollower = 6,
    RequestTimedOut = 7,
    MessageTooLarge = 10,
    CoordinatorNotAvailable = 15,
    NotCoordinator = 16,
    InvalidTopicException = 17,
    RecordListTooLarge = 18,
    InvalidRequiredAcks = 21,
    IllegalGeneration = 22,
    InconsistentGroupProtocol = 23,
    InvalidGroupId = 24,
    UnknownMemberId = 25,
    InvalidSessionTimeout = 26,
    RebalanceInProgress = 27,
    InvalidCommitOffsetSize = 28,
    InvalidTimestamp = 32,
    UnsupportedVersion = 35,
    TopicAlreadyExists = 36,
    InvalidPartitions = 37,
    InvalidReplicationFactor = 38,
    InvalidConfig = 40,
    InvalidRequest = 42,
    UnsupportedForMessageFormat = 43,
    PolicyViolation = 44,
    OutOfOrderSequenceNumber = 45,
    DuplicateSequenceNumber = 46,
    InvalidProducerEpoch = 47,
    KafkaStorageError = 56,
    UnknownProducerId = 59,
    NonEmptyGroup = 68,
    GroupIdNotFound = 69,
    MemberIdRequired = 79,
    FencedInstanceId = 82,
    UnsupportedCompressionType = 76,
    InvalidRecord = 87,
};

// An API Depot answers: its versions, and the first version whose messages
// are "flexible" (compact strings and arrays, tagged fields).
struct ApiSupport
{
    ApiKey key;
    const char *name;
    qint16 minVersion;
    qint16 maxVersion;
    qint16 firstFlexibleVersion;
};

// Every API Depot answers, in key order (what ApiVersions lists).
const QList<ApiSupport> &supportedApis();
// Null when Depot does not answer that key at all.
const ApiSupport *findApi(qint16 key);
QString apiName(qint16 key);

bool isFlexible(const ApiSupport &api, qint16 version);
// Request header v1 (client id) or v2 (v1 plus tagged fields).
int requestHeaderVersion(const ApiSupport &api, qint16 version);
// Response header v0 (correlation id) or v1 (plus tagged fields).
// ApiVersions always answers with v0, whatever its version, so a client can
// read the answer before it knows what the broker speaks.
int responseHeaderVersion(const ApiSupport &api, qint16 version);

struct RequestHeader
{
    qint16 apiKey = 0;
    qint16 apiVersion = 0;
    qint32 correlationId = 0;
    QString clientId;   // null when the client sent none
};

// The request header at the start of `request` (a frame's payload, without
// its size). The key, version and correlation id are read first and are
// valid whenever `reader` has not failed after them, so an answer can name
// the correlation id even when the rest is not understood. The flexible
// header's tagged fields are read only for an API and version Depot speaks.
RequestHeader readRequestHeader(wire::Reader &reader);

// Starts a response: the size placeholder and the response header. Finish
// with finishResponse once the body is written.
qsizetype beginResponse(QByteArray &out, qint32 correlationId, int headerVersion);
void finishResponse(QByteArray &out, qsizetype start);

// Frames: a big-endian int32 size, then that many bytes.
enum class FrameStatus { Complete, NeedMore, Invalid };
struct FrameSlice
{
    FrameStatus status = FrameStatus::NeedMore;
    qint32 size = 0;   // the payload's size (Complete, or Invalid: what was claimed)
};
// Looks at the start of `buffer`: a whole frame, not yet, or a size that is
// negative or above `maxSize` (socket.request.max.bytes: the connection
// closes without reading it).
FrameSlice peekFrame(QByteArrayView buffer, qint32 maxSize);

} // namespace depot::kafka
