// Fuzzes the Kafka request decoders as the listener runs them: a request
// header, then the body of the API and version it names, each decoded from
// the same bytes a client could send.
//
// The input's first two bytes choose an API among those Depot answers and a
// version inside its range (so every decoder is reached, not only the ones
// random keys happen to hit); the rest is the request as it follows the size
// field: header, then body.
//
// Checked: nothing reads out of bounds or allocates without limit (ASan,
// UBSan, the reader's bounds); a reader that fails says why; a request whose
// header decodes names the API and version it was given.

#include "FuzzSupport.h"
#include "broker/kafka/codec/KafkaConfigMessages.h"
#include "broker/kafka/codec/KafkaGroupMessages.h"
#include "broker/kafka/codec/KafkaMessages.h"
#include "broker/kafka/codec/KafkaProtocol.h"

using namespace depot;
using namespace depot::fuzz;
using namespace depot::kafka;

namespace {

template <typename Decode> void decodeBody(Decode decode, wire::Reader &body, qint16 version)
{
    (void)decode(body, version);
    DEPOT_FUZZ_CHECK(!body.failed() || !body.error().isEmpty());
}

void decodeApi(ApiKey key, wire::Reader &body, qint16 version)
{
    switch (key) {
    case ApiKey::Produce:
        return decodeBody(decodeProduce, body, version);
    case ApiKey::InitProducerId:
        return decodeBody(decodeInitProducerId, body, version);
    case ApiKey::Fetch:
        return decodeBody(decodeFetch, body, version);
    case ApiKey::ListOffsets:
        return decodeBody(decodeListOffsets, body, version);
    case ApiKey::Metadata:
        return decodeBody(decodeMetadata, body, version);
    case ApiKey::OffsetCommit:
        return decodeBody(decodeOffsetCommit, body, version);
    case ApiKey::OffsetFetch:
        return decodeBody(decodeOffsetFetch, body, version);
    case ApiKey::FindCoordinator:
        return decodeBody(decodeFindCoordinator, body, version);
    case ApiKey::JoinGroup:
        return decodeBody(decodeJoinGroup, body, version);
    case ApiKey::Heartbeat:
        return decodeBody(decodeHeartbeat, body, version);
    case ApiKey::LeaveGroup:
        return decodeBody(decodeLeaveGroup, body, version);
    case ApiKey::SyncGroup:
        return decodeBody(decodeSyncGroup, body, version);
    case ApiKey::DescribeGroups:
        return decodeBody(decodeDescribeGroups, body, version);
    case ApiKey::ListGroups:
        return decodeBody(decodeListGroups, body, version);
    case ApiKey::ApiVersions:
        return decodeBody(decodeApiVersions, body, version);
    case ApiKey::CreateTopics:
        return decodeBody(decodeCreateTopics, body, version);
    case ApiKey::DeleteTopics:
        return decodeBody(decodeDeleteTopics, body, version);
    case ApiKey::DescribeConfigs:
        return decodeBody(decodeDescribeConfigs, body, version);
    case ApiKey::AlterConfigs:
        return decodeBody(decodeAlterConfigs, body, version);
    case ApiKey::IncrementalAlterConfigs:
        return decodeBody(decodeIncrementalAlterConfigs, body, version);
    default:
        // Every API in the table has a decoder above: a new entry needs one here.
        DEPOT_FUZZ_CHECK(false);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    const QList<ApiSupport> &apis = supportedApis();
    const ApiSupport &api = apis[data[0] % apis.size()];
    const qint16 version = qint16(api.minVersion + data[1] % (api.maxVersion - api.minVersion + 1));

    // The header as a client writes it: key, version, correlation id, client
    // id (and tagged fields when flexible), forced to the chosen API and
    // version so the body reaches that decoder.
    QByteArray request = bytesOf(data + 2, size - 2).toByteArray();
    if (request.size() >= 4) {
        qToBigEndian(qint16(api.key), request.data());
        qToBigEndian(version, request.data() + 2);
    }
    wire::Reader reader(request);
    const RequestHeader header = readRequestHeader(reader);
    if (reader.failed()) {
        DEPOT_FUZZ_CHECK(!reader.error().isEmpty());
        return 0;
    }
    DEPOT_FUZZ_CHECK(header.apiKey == qint16(api.key));
    DEPOT_FUZZ_CHECK(header.apiVersion == version);
    decodeApi(api.key, reader, version);
    return 0;
}
