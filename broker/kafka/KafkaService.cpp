#include "broker/kafka/KafkaService.h"

#include "broker/kafka/KafkaConfigs.h"
#include "broker/kafka/codec/MessageSet.h"
#include "broker/log/LogEngine.h"

#include <QDateTime>
#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcKafka)

namespace depot::kafka {

namespace {

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

} // namespace

KafkaService::KafkaService(log::LogEngine &logs, GroupCoordinator &groups, KafkaServiceOptions options)
    : m_logs(logs), m_groups(groups), m_options(std::move(options))
{
}

KafkaService::~KafkaService() = default;

void KafkaService::respondWhenDurable(const Responder &respond, std::optional<QByteArray> body)
{
    // Held, never failed: while the disk cannot be written the client waits
    // (and times out by its own rules), as an AMQP publisher's confirm does.
    m_logs.whenDurable([respond, body = std::move(body)] { respond(body); });
}

void KafkaService::handle(const RequestHeader &header, wire::Reader &request, const ConnectionAddress &address,
                          Responder respond, QString *error)
{
    const qint16 v = header.apiVersion;
    QByteArray body;
    // Who asked, as records' stories name it.
    const auto client = [&] {
        return header.clientId.isEmpty() ? QStringLiteral("a Kafka client at %1").arg(address.peerHost)
                                         : QStringLiteral("%1 at %2").arg(header.clientId, address.peerHost);
    };
    // Decodes the body with `decode`; when it decodes, `answer` turns it into
    // the response (nullopt: none is sent).
    const auto reply = [&](auto decode, auto answer) {
        const auto decoded = decode(request, v);
        if (request.failed()) {
            *error = QStringLiteral("%1 v%2 request does not decode: %3")
                         .arg(apiName(header.apiKey))
                         .arg(v)
                         .arg(request.error());
            return;
        }
        answer(decoded);
    };
    switch (ApiKey(header.apiKey)) {
    case ApiKey::ApiVersions:
        reply(decodeApiVersions, [&](const ApiVersionsRequest &) {
            encodeApiVersions(body, v, ErrorCode::None);
            respond(body);
        });
        return;
    case ApiKey::Metadata:
        reply(decodeMetadata, [&](const MetadataRequest &r) { respond(metadata(v, r, address)); });
        return;
    case ApiKey::CreateTopics:
        reply(decodeCreateTopics, [&](const CreateTopicsRequest &r) { respondWhenDurable(respond, createTopics(v, r)); });
        return;
    case ApiKey::DeleteTopics:
        reply(decodeDeleteTopics, [&](const DeleteTopicsRequest &r) { respondWhenDurable(respond, deleteTopics(v, r)); });
        return;
    case ApiKey::Produce:
        // acks=0 gets no answer, but the connection still waits for the
        // commit before it reads the next request: a producer that never
        // waits is paced by the disk instead of filling memory.
        reply(decodeProduce, [&](const ProduceRequest &r) { respondWhenDurable(respond, produce(v, r, client())); });
        return;
    case ApiKey::ListOffsets:
        reply(decodeListOffsets, [&](const ListOffsetsRequest &r) { respond(listOffsets(v, r)); });
        return;
    case ApiKey::FindCoordinator:
        reply(decodeFindCoordinator, [&](const FindCoordinatorRequest &r) {
            Coordinator c;
            if (r.keyType != 0) {
                c.error = ErrorCode::CoordinatorNotAvailable;
                c.message = QStringLiteral("Depot has no transaction coordinator");
                c.nodeId = -1;
                c.port = -1;
                c.host = QStringLiteral("");
            } else {
                c.host = m_options.advertisedHost.isEmpty() ? address.host : m_options.advertisedHost;
                c.port = address.port;
            }
            encodeFindCoordinator(body, v, c);
            respond(body);
        });
        return;
    case ApiKey::JoinGroup:
        reply(decodeJoinGroup, [&](const JoinGroupRequest &r) {
            m_groups.join(
                r, v, header.clientId, nowMs(),
                [respond, v](const JoinGroupResponse &response) {
                    QByteArray out;
                    encodeJoinGroup(out, v, response);
                    respond(out);
                },
                QLatin1Char('/') + address.peerHost); // Kafka's form: "/127.0.0.1"
        });
        return;
    case ApiKey::SyncGroup:
        reply(decodeSyncGroup, [&](const SyncGroupRequest &r) {
            m_groups.sync(r, [respond, v](ErrorCode e, const QByteArray &assignment) {
                QByteArray out;
                encodeSyncGroup(out, v, e, assignment);
                respond(out);
            });
        });
        return;
    case ApiKey::Heartbeat:
        reply(decodeHeartbeat, [&](const HeartbeatRequest &r) {
            encodeHeartbeat(body, v, m_groups.heartbeat(r, nowMs()));
            respond(body);
        });
        return;
    case ApiKey::LeaveGroup:
        reply(decodeLeaveGroup, [&](const LeaveGroupRequest &r) {
            QList<LeavingMember> members;
            const ErrorCode e = m_groups.leave(r, &members, nowMs());
            encodeLeaveGroup(body, v, e, members);
            respond(body);
        });
        return;
    case ApiKey::DescribeGroups:
        reply(decodeDescribeGroups, [&](const DescribeGroupsRequest &r) {
            QList<DescribedGroup> groups;
            for (const QString &group : r.groups) {
                DescribedGroup d = m_groups.describe(group);
                if (group.isEmpty())
                    d.error = ErrorCode::InvalidGroupId;
                groups.append(d);
            }
            encodeDescribeGroups(body, v, groups);
            respond(body);
        });
        return;
    case ApiKey::ListGroups:
        reply(decodeListGroups, [&](const ListGroupsRequest &) {
            encodeListGroups(body, v, ErrorCode::None, m_groups.list());
            respond(body);
        });
        return;
    case ApiKey::InitProducerId:
        reply(decodeInitProducerId, [&](const InitProducerIdRequest &r) {
            // An idempotent producer gets a new id, epoch 0. Depot has no
            // transaction coordinator: a transactional id is answered as
            // FindCoordinator answers for transactions.
            if (!r.transactionalId.isNull())
                encodeInitProducerId(body, v, ErrorCode::CoordinatorNotAvailable, -1, -1);
            else
                encodeInitProducerId(body, v, ErrorCode::None, m_logs.allocateProducerId(), 0);
            respond(body);
        });
        return;
    case ApiKey::OffsetCommit:
        reply(decodeOffsetCommit, [&](const OffsetCommitRequest &r) { respondWhenDurable(respond, offsetCommit(v, r, client(), nowMs())); });
        return;
    case ApiKey::OffsetFetch:
        reply(decodeOffsetFetch, [&](const OffsetFetchRequest &r) { respond(offsetFetch(v, r)); });
        return;
    case ApiKey::DescribeConfigs:
        reply(decodeDescribeConfigs, [&](const DescribeConfigsRequest &r) { respond(describeConfigs(v, r)); });
        return;
    case ApiKey::AlterConfigs:
        reply(decodeAlterConfigs,
            [&](const AlterConfigsRequest &r) { respondWhenDurable(respond, alterConfigs(v, r, false)); });
        return;
    case ApiKey::IncrementalAlterConfigs:
        reply(decodeIncrementalAlterConfigs,
            [&](const AlterConfigsRequest &r) { respondWhenDurable(respond, alterConfigs(v, r, true)); });
        return;
    default:
        *error = QStringLiteral("%1 is not answered here").arg(apiName(header.apiKey));
        return;
    }
}

QByteArray KafkaService::offsetCommit(qint16 version, const OffsetCommitRequest &request, const QString &client, qint64 now)
{
    const ErrorCode membership = m_groups.checkCommit(request);
    QList<QPair<QString, QList<PartitionError>>> results;
    for (const OffsetCommitTopic &topic : request.topics) {
        const std::optional<log::TopicInfo> info = m_logs.topic(topic.name);
        QList<PartitionError> partitions;
        for (const OffsetCommitPartition &p : topic.partitions) {
            ErrorCode e = membership;
            if (e == ErrorCode::None && (!info || p.partition < 0 || p.partition >= info->partitions.size()))
                e = ErrorCode::UnknownTopicOrPartition;
            if (e == ErrorCode::None) {
                m_groups.storeOffset(request.groupId, topic.name, p.partition, p.offset, p.metadata);
                m_logs.commitOffset({request.groupId, topic.name, p.partition, p.offset, p.metadata, now, client});
            }
            partitions.append({p.partition, e});
        }
        results.append({topic.name, partitions});
    }
    QByteArray body;
    encodeOffsetCommit(body, version, results);
    return body;
}

QByteArray KafkaService::offsetFetch(qint16 version, const OffsetFetchRequest &request)
{
    QList<QPair<QString, QList<qint32>>> asked;
    if (request.topics) {
        asked = *request.topics;
    } else {
        const QMap<QString, QList<qint32>> all = m_groups.committedPartitions(request.groupId);
        for (auto it = all.constBegin(); it != all.constEnd(); ++it)
            asked.append({it.key(), it.value()});
    }
    QList<QPair<QString, QList<FetchedOffset>>> topics;
    for (const auto &[topic, partitions] : asked) {
        QList<FetchedOffset> offsets;
        for (qint32 p : partitions)
            offsets.append(m_groups.committed(request.groupId, topic, p));
        topics.append({topic, offsets});
    }
    QByteArray body;
    encodeOffsetFetch(body, version, ErrorCode::None, topics);
    return body;
}

ErrorCode KafkaService::ensureTopic(const QString &name, bool create)
{
    if (m_logs.hasTopic(name))
        return ErrorCode::None;
    if (log::LogEngine::topicNameError(name))
        return ErrorCode::InvalidTopicException;
    if (!create || !m_options.autoCreateTopics)
        return ErrorCode::UnknownTopicOrPartition;
    log::TopicSettings settings;
    settings.partitions = m_options.defaultPartitions;
    const ErrorCode created = m_logs.createTopic(name, settings);
    return created == ErrorCode::TopicAlreadyExists ? ErrorCode::None : created;
}

QByteArray KafkaService::metadata(qint16 version, const MetadataRequest &request, const ConnectionAddress &address)
{
    MetadataResponse response;
    response.nodeId = 0;
    response.host = m_options.advertisedHost.isEmpty() ? address.host : m_options.advertisedHost;
    response.port = address.port;
    response.clusterId = m_options.clusterId;
    const QStringList names = request.topics ? *request.topics : m_logs.topicNames();
    for (const QString &name : names) {
        MetadataTopic topic;
        topic.name = name;
        // Kafka answers a topic it has just auto-created with
        // LEADER_NOT_AVAILABLE while it elects a leader; Depot's topics
        // have their leader at once, so they are answered in full.
        topic.error = ensureTopic(name, request.allowAutoTopicCreation && request.topics.has_value());
        if (topic.error == ErrorCode::None) {
            const std::optional<log::TopicInfo> info = m_logs.topic(name);
            for (qint32 p = 0; info && p < info->partitions.size(); ++p)
                topic.partitions.append({ErrorCode::None, p, response.nodeId});
        }
        response.topics.append(std::move(topic));
    }
    QByteArray body;
    encodeMetadata(body, version, response);
    return body;
}

QByteArray KafkaService::createTopics(qint16 version, const CreateTopicsRequest &request)
{
    QList<TopicResult> results;
    for (const CreatableTopic &topic : request.topics) {
        TopicResult result;
        result.name = topic.name;
        log::TopicSettings settings;
        settings.partitions = topic.numPartitions == -1 ? m_options.defaultPartitions : topic.numPartitions;
        if (topic.replicationFactor != -1 && topic.replicationFactor != 1) {
            result.error = ErrorCode::InvalidReplicationFactor;
            result.message = QStringLiteral("Unable to replicate the partition %1 time(s): The target replication "
                                            "factor of %1 cannot be reached because only 1 broker(s) are registered.")
                                 .arg(topic.replicationFactor);
        } else if (topic.hasAssignments) {
            result.error = ErrorCode::InvalidRequest;
            result.message = QStringLiteral("Depot has one broker and does not take replica assignments");
        } else if (settings.partitions < 1) {
            result.error = ErrorCode::InvalidPartitions;
            result.message = QStringLiteral("Number of partitions was set to an invalid non-positive value.");
        }
        for (const auto &[name, value] : topic.configs) {
            if (result.error != ErrorCode::None || value.isNull())
                continue;
            if (const std::optional<QString> why = applyTopicConfig(settings, name, value)) {
                result.error = ErrorCode::InvalidConfig;
                result.message = *why;
            }
        }
        if (result.error == ErrorCode::None) {
            if (const auto nameError = log::LogEngine::topicNameError(topic.name)) {
                result.error = ErrorCode::InvalidTopicException;
                result.message = *nameError;
            } else if (m_logs.hasTopic(topic.name)) {
                result.error = ErrorCode::TopicAlreadyExists;
                result.message = QStringLiteral("Topic '%1' already exists.").arg(topic.name);
            } else if (!request.validateOnly) {
                result.error = m_logs.createTopic(topic.name, settings, &result.message);
                if (result.error == ErrorCode::None)
                    result.message = QString();
            }
        }
        results.append(result);
    }
    QByteArray body;
    encodeCreateTopics(body, version, results);
    return body;
}

QByteArray KafkaService::deleteTopics(qint16 version, const DeleteTopicsRequest &request)
{
    QList<TopicResult> results;
    for (const QString &name : request.names)
        results.append({name, m_logs.deleteTopic(name), QString()});
    QByteArray body;
    encodeDeleteTopics(body, version, results);
    return body;
}

std::optional<QByteArray> KafkaService::produce(qint16 version, const ProduceRequest &request, const QString &client)
{
    QList<ProduceTopicResult> results;
    const qint64 now = nowMs();
    const bool validAcks = request.acks == 0 || request.acks == 1 || request.acks == -1;
    for (const ProduceTopic &topic : request.topics) {
        ProduceTopicResult topicResult;
        topicResult.name = topic.name;
        const ErrorCode topicError = validAcks ? ensureTopic(topic.name, true) : ErrorCode::InvalidRequiredAcks;
        for (const ProducePartition &partition : topic.partitions) {
            ProducePartitionResult result;
            result.index = partition.index;
            if (topicError != ErrorCode::None) {
                result.error = topicError;
            } else if (!request.transactionalId.isNull()) {
                result.error = ErrorCode::InvalidRequest;   // transactions: not in Depot
            } else if (!partition.records) {
                result.error = ErrorCode::CorruptMessage;
            } else {
                // Produce v0-v2 may carry a message set of magic 0 or 1:
                // stored as one magic-2 batch of its records, as Kafka's log
                // holds them (MessageSet.h). v3+ takes magic 2 only.
                QByteArrayView records = *partition.records;
                QByteArray converted;
                std::optional<BatchError> refused;
                if (version <= 2 && isMessageSet(records)) {
                    refused = convertMessageSet(records, &converted);
                    records = converted;
                }
                QList<BatchView> batches;
                if (!refused)
                    refused = splitBatches(records, &batches);
                if (refused) {
                    qCInfo(lcKafka).noquote() << QStringLiteral("Kafka Produce to partition %1 of topic '%2' refused "
                                                                "(error %3): %4")
                                                     .arg(partition.index)
                                                     .arg(topic.name)
                                                     .arg(int(refused->code))
                                                     .arg(refused->text);
                    result.error = refused->code;
                } else {
                    const log::AppendResult appended = m_logs.append(topic.name, partition.index, batches, now, client);
                    result.error = appended.error;
                    result.baseOffset = appended.baseOffset;
                    result.logAppendTimeMs = appended.logAppendTime;
                    result.logStartOffset = appended.logStartOffset;
                }
            }
            topicResult.partitions.append(result);
        }
        results.append(std::move(topicResult));
    }
    if (request.acks == 0)
        return std::nullopt;   // the producer waits for nothing
    QByteArray body;
    encodeProduce(body, version, results);
    return body;
}

QByteArray KafkaService::listOffsets(qint16 version, const ListOffsetsRequest &request)
{
    QList<ListOffsetsTopicResult> results;
    for (const ListOffsetsTopicRequest &topic : request.topics) {
        ListOffsetsTopicResult topicResult;
        topicResult.name = topic.name;
        for (const ListOffsetsPartitionRequest &partition : topic.partitions) {
            const log::OffsetResult found = m_logs.offsetForTimestamp(topic.name, partition.partition, partition.timestamp);
            topicResult.partitions.append({partition.partition, found.error, found.timestamp, found.offset});
        }
        results.append(std::move(topicResult));
    }
    QByteArray body;
    encodeListOffsets(body, version, results);
    return body;
}

QByteArray KafkaService::describeConfigs(qint16 version, const DescribeConfigsRequest &request)
{
    // Synonyms exist from v1 on, and only when asked for.
    const bool synonyms = version >= 1 && request.includeSynonyms;
    QList<DescribeConfigsResult> results;
    for (const DescribeConfigsResource &resource : request.resources) {
        DescribeConfigsResult result;
        result.type = resource.type;
        result.name = resource.name;
        if (resource.type == qint8(ResourceType::Topic)) {
            if (const auto nameError = log::LogEngine::topicNameError(resource.name)) {
                result.error = ErrorCode::InvalidTopicException;
                result.message = *nameError;
            } else if (const std::optional<log::TopicInfo> topic = m_logs.topic(resource.name)) {
                result.configs = describeTopicConfigs(topic->settings, resource.keys, synonyms);
            } else {
                result.error = ErrorCode::UnknownTopicOrPartition;
                result.message = QStringLiteral("The topic '%1' does not exist.").arg(resource.name);
            }
        } else if (resource.type == qint8(ResourceType::Broker)) {
            if (resource.name == QLatin1String("0")) {
                result.configs = describeBrokerConfigs(m_options, resource.keys, synonyms);
            } else {
                result.error = ErrorCode::InvalidRequest;
                result.message = QStringLiteral("Depot is one broker, broker 0; there is no broker '%1'").arg(resource.name);
            }
        } else {
            result.error = ErrorCode::InvalidRequest;
            result.message = QStringLiteral("Depot describes the configs of topics and of broker 0, not of %1 resources")
                                 .arg(resourceTypeName(resource.type));
        }
        results.append(std::move(result));
    }
    QByteArray body;
    encodeDescribeConfigs(body, version, results);
    return body;
}

QByteArray KafkaService::alterConfigs(qint16 version, const AlterConfigsRequest &request, bool incremental)
{
    QList<AlterConfigsResult> results;
    for (const AlterConfigsResource &resource : request.resources) {
        AlterConfigsResult result;
        result.type = resource.type;
        result.name = resource.name;
        const std::optional<log::TopicInfo> topic
            = resource.type == qint8(ResourceType::Topic) ? m_logs.topic(resource.name) : std::nullopt;
        if (resource.type == qint8(ResourceType::Broker)) {
            QStringList names;
            for (const AlterableConfig &c : resource.configs)
                names << c.name;
            result.error = ErrorCode::InvalidConfig;
            result.message = QStringLiteral("Depot's broker configs cannot be changed while it runs (they come from "
                                            "its command line): %1")
                                 .arg(names.join(QStringLiteral(", ")));
        } else if (resource.type != qint8(ResourceType::Topic)) {
            result.error = ErrorCode::InvalidRequest;
            result.message = QStringLiteral("Depot alters the configs of topics, not of %1 resources")
                                 .arg(resourceTypeName(resource.type));
        } else if (const auto nameError = log::LogEngine::topicNameError(resource.name)) {
            result.error = ErrorCode::InvalidTopicException;
            result.message = *nameError;
        } else if (!topic) {
            result.error = ErrorCode::UnknownTopicOrPartition;
            result.message = QStringLiteral("The topic '%1' does not exist.").arg(resource.name);
        } else if (topic->settings.stream) {
            result.error = ErrorCode::InvalidRequest;
            result.message = QStringLiteral("'%1' is the log of a stream queue: its arguments set its retention")
                                 .arg(resource.name);
        } else {
            log::TopicSettings settings = topic->settings;
            if (const std::optional<ConfigRefusal> refused = alterTopicConfigs(settings, resource.configs, incremental)) {
                result.error = refused->error;
                result.message = refused->message;
            } else if (!request.validateOnly) {
                result.error = m_logs.alterTopic(resource.name, settings);
            }
        }
        results.append(std::move(result));
    }
    QByteArray body;
    encodeAlterConfigs(body, incremental && version >= 1, results);
    return body;
}

KafkaService::FetchOutcome KafkaService::fetch(const FetchRequest &request) const
{
    FetchOutcome outcome;
    qint64 budget = request.maxBytes;
    for (const FetchTopicRequest &topic : request.topics) {
        FetchTopicResult topicResult;
        topicResult.name = topic.name;
        for (const FetchPartitionRequest &partition : topic.partitions) {
            FetchPartitionResult result;
            result.partition = partition.partition;
            // The first partition with data is answered even past max bytes
            // (its first batch), so a consumer always makes progress.
            const qint32 limit = qint32(qMin<qint64>(partition.partitionMaxBytes, qMax<qint64>(budget, 0)));
            if (limit <= 0 && outcome.bytes > 0) {
                const log::ReadResult state = m_logs.read(topic.name, partition.partition, partition.fetchOffset, 0);
                result.error = state.error;
                result.highWatermark = state.highWatermark;
                result.logStartOffset = state.logStartOffset;
            } else {
                log::ReadResult read = m_logs.read(topic.name, partition.partition, partition.fetchOffset, qMax(limit, 1));
                result.error = read.error;
                result.highWatermark = read.highWatermark;
                result.logStartOffset = read.logStartOffset;
                result.records = std::move(read.batches);
                outcome.bytes += result.records.size();
                budget -= result.records.size();
            }
            topicResult.partitions.append(std::move(result));
        }
        outcome.results.append(std::move(topicResult));
    }
    return outcome;
}

QByteArray KafkaService::encodeFetchBody(qint16 version, const FetchOutcome &outcome)
{
    QByteArray body;
    encodeFetch(body, version, ErrorCode::None, outcome.results);
    return body;
}

} // namespace depot::kafka
