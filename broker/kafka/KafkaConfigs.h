#pragma once

// Kafka's configs as Depot knows them: the topic configs it honours (how a
// CreateTopics value is read, and what DescribeConfigs answers for a topic)
// and the broker settings it has (what DescribeConfigs answers for broker 0).
// A config Depot would not act on is neither taken nor described.

#include "broker/kafka/codec/KafkaConfigMessages.h"
#include "broker/log/LogEngine.h"

#include <optional>

namespace depot::kafka {

struct KafkaServiceOptions;

// Reads `value` into `settings` and notes `name` as set on the topic; the
// reason (for INVALID_CONFIG) when the name is not one Depot honours or the
// value is not valid for it.
std::optional<QString> applyTopicConfig(log::TopicSettings &settings, const QString &name, const QString &value);

// AlterConfigs (`incremental` false: the configs given replace every one
// set on the topic, the others return to their defaults; a null value is
// left out) and IncrementalAlterConfigs (each config set, deleted back to
// its default, or, for a list such as cleanup.policy, appended to or
// subtracted from), checked as CreateTopics checks them. `settings` changes
// only when every config is taken; otherwise the error (INVALID_CONFIG,
// INVALID_REQUEST) and why.
struct ConfigRefusal
{
    ErrorCode error;
    QString message;
};
std::optional<ConfigRefusal> alterTopicConfigs(
    log::TopicSettings &settings, const QList<AlterableConfig> &configs, bool incremental);

// Every topic config Depot honours with the topic's value: DYNAMIC_TOPIC_CONFIG
// when set on the topic, DEFAULT_CONFIG otherwise; `keys` (when given) keeps
// only those names. With `synonyms`, each lists the topic's own value (when
// set) and the broker default behind it, as Kafka does.
QList<DescribedConfig> describeTopicConfigs(
    const log::TopicSettings &settings, const std::optional<QStringList> &keys, bool synonyms);

// Broker 0's settings (read-only: Depot takes them from its command line or
// has them fixed).
QList<DescribedConfig> describeBrokerConfigs(
    const KafkaServiceOptions &options, const std::optional<QStringList> &keys, bool synonyms);

} // namespace depot::kafka
