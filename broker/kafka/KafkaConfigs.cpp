#include "broker/kafka/KafkaConfigs.h"

#include "broker/kafka/KafkaService.h"

namespace depot::kafka {

namespace {

const QString RetentionMs = QStringLiteral("retention.ms");
const QString RetentionBytes = QStringLiteral("retention.bytes");
const QString MaxMessageBytes = QStringLiteral("max.message.bytes");
const QString TimestampType = QStringLiteral("message.timestamp.type");
const QString CleanupPolicy = QStringLiteral("cleanup.policy");
const QString DeleteRetentionMs = QStringLiteral("delete.retention.ms");

QString invalidValue(const QString &name, const QString &value)
{
    return QStringLiteral("Invalid value %1 for configuration %2").arg(value, name);
}

std::optional<QString> readLong(qint64 &into, const QString &name, const QString &value, qint64 minimum)
{
    bool ok = false;
    const qint64 v = value.toLongLong(&ok);
    if (!ok || v < minimum)
        return invalidValue(name, value);
    into = v;
    return std::nullopt;
}

std::optional<QString> readCleanupPolicy(log::TopicSettings &settings, const QString &value)
{
    bool compact = false;
    bool deletePolicy = false;
    for (const QString &part : value.split(QLatin1Char(','))) {
        const QString policy = part.trimmed();
        if (policy == QLatin1String("compact"))
            compact = true;
        else if (policy == QLatin1String("delete"))
            deletePolicy = true;
        else
            return QStringLiteral("Invalid value %1 for configuration cleanup.policy: String must be one of: "
                                  "compact, delete")
                .arg(value);
    }
    settings.compact = compact;
    settings.deletePolicy = deletePolicy;
    return std::nullopt;
}

std::optional<QString> readTopicConfig(log::TopicSettings &settings, const QString &name, const QString &value)
{
    if (name == RetentionMs)
        return readLong(settings.retentionMs, name, value, -1);
    if (name == RetentionBytes)
        return readLong(settings.retentionBytes, name, value, -1);
    if (name == DeleteRetentionMs)
        return readLong(settings.deleteRetentionMs, name, value, 0);
    if (name == MaxMessageBytes) {
        qint64 bytes = 0;
        if (readLong(bytes, name, value, 0) || bytes > std::numeric_limits<qint32>::max())
            return invalidValue(name, value);
        settings.maxMessageBytes = qint32(bytes);
        return std::nullopt;
    }
    if (name == TimestampType) {
        if (value == QLatin1String("CreateTime"))
            settings.logAppendTime = false;
        else if (value == QLatin1String("LogAppendTime"))
            settings.logAppendTime = true;
        else
            return QStringLiteral("Invalid value %1 for configuration message.timestamp.type: String must be one of: "
                                  "CreateTime, LogAppendTime")
                .arg(value);
        return std::nullopt;
    }
    if (name == CleanupPolicy)
        return readCleanupPolicy(settings, value);
    return QStringLiteral("Depot does not support the topic config '%1'").arg(name);
}

// A topic config: its value on the topic, and the broker setting behind its
// default (Kafka's name and value for it).
struct TopicConfig
{
    QString name;
    QString value;
    QString brokerName;
    QString brokerDefault;
};

QList<TopicConfig> topicConfigs(const log::TopicSettings &s)
{
    const log::TopicSettings d;
    return {
        {CleanupPolicy, s.cleanupPolicy(), QStringLiteral("log.cleanup.policy"), d.cleanupPolicy()},
        {DeleteRetentionMs, QString::number(s.deleteRetentionMs), QStringLiteral("log.cleaner.delete.retention.ms"),
            QString::number(d.deleteRetentionMs)},
        {MaxMessageBytes, QString::number(s.maxMessageBytes), QStringLiteral("message.max.bytes"),
            QString::number(d.maxMessageBytes)},
        {TimestampType, s.logAppendTime ? QStringLiteral("LogAppendTime") : QStringLiteral("CreateTime"),
            QStringLiteral("log.message.timestamp.type"), QStringLiteral("CreateTime")},
        {RetentionBytes, QString::number(s.retentionBytes), QStringLiteral("log.retention.bytes"),
            QString::number(d.retentionBytes)},
        // Kafka's default stands behind log.retention.hours.
        {RetentionMs, QString::number(s.retentionMs), QStringLiteral("log.retention.hours"),
            QString::number(d.retentionMs / 3600000)},
    };
}

bool wanted(const std::optional<QStringList> &keys, const QString &name)
{
    return !keys || keys->contains(name);
}

} // namespace

std::optional<QString> applyTopicConfig(log::TopicSettings &settings, const QString &name, const QString &value)
{
    if (std::optional<QString> refused = readTopicConfig(settings, name, value))
        return refused;
    if (!settings.configsSet.contains(name))
        settings.configsSet << name;
    return std::nullopt;
}

QList<DescribedConfig> describeTopicConfigs(
    const log::TopicSettings &settings, const std::optional<QStringList> &keys, bool synonyms)
{
    QList<DescribedConfig> configs;
    for (const TopicConfig &c : topicConfigs(settings)) {
        if (!wanted(keys, c.name))
            continue;
        DescribedConfig config;
        config.name = c.name;
        config.value = c.value;
        const bool set = settings.configsSet.contains(c.name);
        config.source = set ? ConfigSource::DynamicTopicConfig : ConfigSource::DefaultConfig;
        if (synonyms) {
            if (set)
                config.synonyms.append({c.name, c.value, ConfigSource::DynamicTopicConfig});
            config.synonyms.append({c.brokerName, c.brokerDefault, ConfigSource::DefaultConfig});
        }
        configs.append(std::move(config));
    }
    return configs;
}

QList<DescribedConfig> describeBrokerConfigs(
    const KafkaServiceOptions &options, const std::optional<QStringList> &keys, bool synonyms)
{
    const log::TopicSettings d;
    const KafkaServiceOptions defaults;
    // name, value, the default (a value that differs came from Depot's command line).
    const QList<std::tuple<QString, QString, QString>> settings{
        {QStringLiteral("auto.create.topics.enable"),
            options.autoCreateTopics ? QStringLiteral("true") : QStringLiteral("false"),
            defaults.autoCreateTopics ? QStringLiteral("true") : QStringLiteral("false")},
        {QStringLiteral("broker.id"), QStringLiteral("0"), QStringLiteral("0")},
        {QStringLiteral("log.cleaner.delete.retention.ms"), QString::number(d.deleteRetentionMs),
            QString::number(d.deleteRetentionMs)},
        {QStringLiteral("log.cleanup.policy"), d.cleanupPolicy(), d.cleanupPolicy()},
        {QStringLiteral("log.message.timestamp.type"), QStringLiteral("CreateTime"), QStringLiteral("CreateTime")},
        {QStringLiteral("log.retention.bytes"), QString::number(d.retentionBytes), QString::number(d.retentionBytes)},
        {QStringLiteral("log.retention.check.interval.ms"), QString::number(options.retentionCheckIntervalMs),
            QString::number(defaults.retentionCheckIntervalMs)},
        {QStringLiteral("log.retention.hours"), QString::number(d.retentionMs / 3600000),
            QString::number(d.retentionMs / 3600000)},
        {QStringLiteral("message.max.bytes"), QString::number(d.maxMessageBytes), QString::number(d.maxMessageBytes)},
        {QStringLiteral("num.partitions"), QString::number(options.defaultPartitions),
            QString::number(defaults.defaultPartitions)},
        {QStringLiteral("socket.request.max.bytes"), QString::number(options.maxRequestBytes),
            QString::number(defaults.maxRequestBytes)},
    };
    QList<DescribedConfig> configs;
    for (const auto &[name, value, fallback] : settings) {
        if (!wanted(keys, name))
            continue;
        DescribedConfig config;
        config.name = name;
        config.value = value;
        config.readOnly = true;
        config.source = value == fallback ? ConfigSource::DefaultConfig : ConfigSource::StaticBrokerConfig;
        if (synonyms) {
            if (config.source == ConfigSource::StaticBrokerConfig)
                config.synonyms.append({name, value, ConfigSource::StaticBrokerConfig});
            config.synonyms.append({name, fallback, ConfigSource::DefaultConfig});
        }
        configs.append(std::move(config));
    }
    return configs;
}

} // namespace depot::kafka
