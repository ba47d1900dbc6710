#include "broker/kafka/KafkaConfigs.h"

#include "broker/kafka/KafkaService.h"

#include <QSet>

namespace depot::kafka {

namespace {

const QString RetentionMs = QStringLiteral("retention.ms");
const QString RetentionBytes = QStringLiteral("retention.bytes");
const QString MaxMessageBytes = QStringLiteral("max.message.bytes");
const QString TimestampType = QStringLiteral("message.timestamp.type");
const QString CleanupPolicy = QStringLiteral("cleanup.policy");
const QString DeleteRetentionMs = QStringLiteral("delete.retention.ms");
const QString MinCompactionLagMs = QStringLiteral("min.compaction.lag.ms");
const QString MinCleanableDirtyRatio = QStringLiteral("min.cleanable.dirty.ratio");

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

QString unsupported(const QString &name)
{
    return QStringLiteral("Depot does not support the topic config '%1'").arg(name);
}

std::optional<QString> readTopicConfig(log::TopicSettings &settings, const QString &name, const QString &value)
{
    if (name == RetentionMs)
        return readLong(settings.retentionMs, name, value, -1);
    if (name == RetentionBytes)
        return readLong(settings.retentionBytes, name, value, -1);
    if (name == DeleteRetentionMs)
        return readLong(settings.deleteRetentionMs, name, value, 0);
    if (name == MinCompactionLagMs)
        return readLong(settings.minCompactionLagMs, name, value, 0);
    if (name == MinCleanableDirtyRatio) {
        bool ok = false;
        const double ratio = value.trimmed().toDouble(&ok);
        if (!ok || !(ratio >= 0.0 && ratio <= 1.0))
            return QStringLiteral("Invalid value %1 for configuration min.cleanable.dirty.ratio: Value must be "
                                  "between 0 and 1")
                .arg(value);
        settings.minCleanableDirtyRatio = ratio;
        return std::nullopt;
    }
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
    return unsupported(name);
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
        {MinCleanableDirtyRatio, QString::number(s.minCleanableDirtyRatio),
            QStringLiteral("log.cleaner.min.cleanable.ratio"), QString::number(d.minCleanableDirtyRatio)},
        {MinCompactionLagMs, QString::number(s.minCompactionLagMs), QStringLiteral("log.cleaner.min.compaction.lag.ms"),
            QString::number(d.minCompactionLagMs)},
        {RetentionBytes, QString::number(s.retentionBytes), QStringLiteral("log.retention.bytes"),
            QString::number(d.retentionBytes)},
        // Kafka's default stands behind log.retention.hours.
        {RetentionMs, QString::number(s.retentionMs), QStringLiteral("log.retention.hours"),
            QString::number(d.retentionMs / 3600000)},
    };
}

// A topic config's default value; null for a name Depot does not honour.
QString defaultValue(const QString &name)
{
    for (const TopicConfig &known : topicConfigs(log::TopicSettings{}))
        if (known.name == name)
            return known.value;
    return QString();
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

std::optional<ConfigRefusal> alterTopicConfigs(
    log::TopicSettings &settings, const QList<AlterableConfig> &configs, bool incremental)
{
    QSet<QString> names;
    for (const AlterableConfig &c : configs) {
        if (names.contains(c.name))
            return ConfigRefusal{ErrorCode::InvalidRequest, QStringLiteral("Error due to duplicate config keys")};
        names.insert(c.name);
    }
    log::TopicSettings out = settings;
    if (!incremental) {
        out = log::TopicSettings{};
        out.partitions = settings.partitions;
        out.segmentBytes = settings.segmentBytes;
        out.stream = settings.stream;
    }
    const auto invalid = [](const QString &why) { return ConfigRefusal{ErrorCode::InvalidConfig, why}; };
    for (const AlterableConfig &c : configs) {
        if (!incremental) {
            if (c.value.isNull())
                continue;
            if (std::optional<QString> why = applyTopicConfig(out, c.name, c.value))
                return invalid(*why);
            continue;
        }
        switch (ConfigOperation(c.operation)) {
        case ConfigOperation::Set:
            if (c.value.isNull())
                return ConfigRefusal{ErrorCode::InvalidRequest, QStringLiteral("Null value not supported for : %1").arg(c.name)};
            if (std::optional<QString> why = applyTopicConfig(out, c.name, c.value))
                return invalid(*why);
            break;
        case ConfigOperation::Delete: {
            // Back to the default: the default's value, and no longer set.
            const QString fallback = defaultValue(c.name);
            if (fallback.isNull())
                return invalid(unsupported(c.name));
            readTopicConfig(out, c.name, fallback);
            out.configsSet.removeAll(c.name);
            break;
        }
        case ConfigOperation::Append:
        case ConfigOperation::Subtract: {
            const bool append = ConfigOperation(c.operation) == ConfigOperation::Append;
            if (c.name != CleanupPolicy) {
                if (defaultValue(c.name).isNull())
                    return invalid(unsupported(c.name));
                return invalid(QStringLiteral("Config value %1 is not allowed for config key: %2")
                                   .arg(append ? QStringLiteral("append") : QStringLiteral("subtract"), c.name));
            }
            QStringList policies = out.cleanupPolicy().split(QLatin1Char(','));
            for (const QString &part : c.value.split(QLatin1Char(','))) {
                const QString policy = part.trimmed();
                if (append && !policies.contains(policy))
                    policies << policy;
                if (!append)
                    policies.removeAll(policy);
            }
            if (std::optional<QString> why = applyTopicConfig(out, c.name, policies.join(QLatin1Char(','))))
                return invalid(*why);
            break;
        }
        default:
            return ConfigRefusal{ErrorCode::InvalidRequest,
                QStringLiteral("Unknown config operation %1 for %2").arg(c.operation).arg(c.name)};
        }
    }
    settings = out;
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
        {QStringLiteral("log.cleaner.min.cleanable.ratio"), QString::number(d.minCleanableDirtyRatio),
            QString::number(d.minCleanableDirtyRatio)},
        {QStringLiteral("log.cleaner.min.compaction.lag.ms"), QString::number(d.minCompactionLagMs),
            QString::number(d.minCompactionLagMs)},
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
