#pragma once

// DescribeConfigs (API key 32), versions 0-2, as Kafka's message definitions
// (DescribeConfigsRequest.json, DescribeConfigsResponse.json) lay them out:
// none of these versions is flexible. v0 answers each config's "is default";
// v1 replaces it with its source and adds the synonyms (when the request
// asks for them); v2 is v1.
//
// AlterConfigs (33) v0-1 (v1 only changes throttling; neither is flexible)
// and IncrementalAlterConfigs (44) v0-1 (v1 is flexible), with one answer
// layout: an error, a message, the resource's type and name per resource.

#include "broker/kafka/codec/KafkaProtocol.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

namespace depot::kafka {

// org.apache.kafka.common.resource.ResourceType, as the wire carries it.
enum class ResourceType : qint8 {
    Unknown = 0,
    Any = 1,
    Topic = 2,
    Group = 3,
    Broker = 4,
    TransactionalId = 5,
    DelegationToken = 6,
    User = 7,
    BrokerLogger = 8,
};
// Kafka's name for a resource type ("TOPIC"), or the number for one it has none for.
QString resourceTypeName(qint8 type);

// DescribeConfigsResponse's ConfigSource.
enum class ConfigSource : qint8 {
    Unknown = 0,
    DynamicTopicConfig = 1,
    DynamicBrokerConfig = 2,
    DynamicDefaultBrokerConfig = 3,
    StaticBrokerConfig = 4,
    DefaultConfig = 5,
    DynamicBrokerLoggerConfig = 6,
};

struct DescribeConfigsResource
{
    qint8 type = 0;
    QString name;
    std::optional<QStringList> keys; // nullopt: every config
};
struct DescribeConfigsRequest
{
    QList<DescribeConfigsResource> resources;
    bool includeSynonyms = false; // v1+
};
DescribeConfigsRequest decodeDescribeConfigs(wire::Reader &r, qint16 version);

struct ConfigSynonym
{
    QString name;
    QString value;
    ConfigSource source = ConfigSource::DefaultConfig;
};
struct DescribedConfig
{
    QString name;
    QString value;
    bool readOnly = false;
    ConfigSource source = ConfigSource::DefaultConfig;
    bool sensitive = false;
    QList<ConfigSynonym> synonyms; // v1+, only when asked for
};
struct DescribeConfigsResult
{
    ErrorCode error = ErrorCode::None;
    QString message; // null with no error
    qint8 type = 0;
    QString name;
    QList<DescribedConfig> configs;
};
void encodeDescribeConfigs(QByteArray &out, qint16 version, const QList<DescribeConfigsResult> &results);

// IncrementalAlterConfigs' operations (AlterConfigOp.OpType).
enum class ConfigOperation : qint8 { Set = 0, Delete = 1, Append = 2, Subtract = 3 };
struct AlterableConfig
{
    QString name;
    qint8 operation = 0;   // IncrementalAlterConfigs only (AlterConfigs: Set)
    QString value;         // null allowed
};
struct AlterConfigsResource
{
    qint8 type = 0;
    QString name;
    QList<AlterableConfig> configs;
};
struct AlterConfigsRequest
{
    QList<AlterConfigsResource> resources;
    bool validateOnly = false;
};
AlterConfigsRequest decodeAlterConfigs(wire::Reader &r, qint16 version);
AlterConfigsRequest decodeIncrementalAlterConfigs(wire::Reader &r, qint16 version);
struct AlterConfigsResult
{
    ErrorCode error = ErrorCode::None;
    QString message;   // null with no error
    qint8 type = 0;
    QString name;
};
// Both APIs' answer; `flexible` for IncrementalAlterConfigs v1.
void encodeAlterConfigs(QByteArray &out, bool flexible, const QList<AlterConfigsResult> &results);

} // namespace depot::kafka
