#include "broker/kafka/codec/KafkaConfigMessages.h"

namespace depot::kafka {

QString resourceTypeName(qint8 type)
{
    static const char *const names[] = {
        "UNKNOWN", "ANY", "TOPIC", "GROUP", "BROKER", "TRANSACTIONAL_ID", "DELEGATION_TOKEN", "USER", "BROKER_LOGGER"};
    if (type >= 0 && size_t(type) < std::size(names))
        return QString::fromLatin1(names[type]);
    return QStringLiteral("resource type %1").arg(type);
}

DescribeConfigsRequest decodeDescribeConfigs(wire::Reader &r, qint16 version)
{
    DescribeConfigsRequest request;
    // A resource: its type, a name (2+) and the key list (4).
    const qint32 count = r.arrayLength(1 + 2 + 4);
    for (qint32 i = 0; i < count && !r.failed(); ++i) {
        DescribeConfigsResource resource;
        resource.type = r.int8();
        resource.name = r.string();
        const qint32 keys = r.arrayLength(2);
        if (keys >= 0) {
            QStringList names;
            for (qint32 k = 0; k < keys && !r.failed(); ++k)
                names << r.string();
            resource.keys = names;
        }
        request.resources.append(std::move(resource));
    }
    if (version >= 1)
        request.includeSynonyms = r.boolean();
    return request;
}

void encodeDescribeConfigs(QByteArray &out, qint16 version, const QList<DescribeConfigsResult> &results)
{
    wire::Writer w(out);
    w.int32(0); // throttle time
    w.arrayLength(qint32(results.size()));
    for (const DescribeConfigsResult &result : results) {
        w.int16(qint16(result.error));
        w.string(result.error == ErrorCode::None ? QString() : result.message);
        w.int8(result.type);
        w.string(result.name);
        w.arrayLength(qint32(result.configs.size()));
        for (const DescribedConfig &config : result.configs) {
            w.string(config.name);
            w.string(config.value);
            w.boolean(config.readOnly);
            if (version == 0)
                w.boolean(config.source == ConfigSource::DefaultConfig);
            else
                w.int8(qint8(config.source));
            w.boolean(config.sensitive);
            if (version >= 1) {
                w.arrayLength(qint32(config.synonyms.size()));
                for (const ConfigSynonym &synonym : config.synonyms) {
                    w.string(synonym.name);
                    w.string(synonym.value);
                    w.int8(qint8(synonym.source));
                }
            }
        }
    }
}

AlterConfigsRequest decodeAlterConfigs(wire::Reader &r, qint16)
{
    AlterConfigsRequest request;
    const qint32 count = r.arrayLength(1 + 2 + 4);
    for (qint32 i = 0; i < count && !r.failed(); ++i) {
        AlterConfigsResource resource;
        resource.type = r.int8();
        resource.name = r.string();
        const qint32 configs = r.arrayLength(2 + 2);
        for (qint32 c = 0; c < configs && !r.failed(); ++c) {
            AlterableConfig config;
            config.name = r.string();
            config.value = r.string(true);
            resource.configs.append(config);
        }
        request.resources.append(std::move(resource));
    }
    request.validateOnly = r.boolean();
    return request;
}

AlterConfigsRequest decodeIncrementalAlterConfigs(wire::Reader &r, qint16 version)
{
    const bool flexible = version >= 1;
    const auto array = [&](int minimum) { return flexible ? r.compactArrayLength(minimum) : r.arrayLength(minimum); };
    const auto string = [&](bool nullable) { return flexible ? r.compactString(nullable) : r.string(nullable); };
    AlterConfigsRequest request;
    const qint32 count = array(1 + 1 + 1);
    for (qint32 i = 0; i < count && !r.failed(); ++i) {
        AlterConfigsResource resource;
        resource.type = r.int8();
        resource.name = string(false);
        const qint32 configs = array(1 + 1 + 1);
        for (qint32 c = 0; c < configs && !r.failed(); ++c) {
            AlterableConfig config;
            config.name = string(false);
            config.operation = r.int8();
            config.value = string(true);
            if (flexible)
                r.skipTaggedFields();
            resource.configs.append(config);
        }
        if (flexible)
            r.skipTaggedFields();
        request.resources.append(std::move(resource));
    }
    request.validateOnly = r.boolean();
    if (flexible)
        r.skipTaggedFields();
    return request;
}

void encodeAlterConfigs(QByteArray &out, bool flexible, const QList<AlterConfigsResult> &results)
{
    wire::Writer w(out);
    const auto string = [&](const QString &s) { flexible ? w.compactString(s) : w.string(s); };
    w.int32(0); // throttle time
    if (flexible)
        w.compactArrayLength(qint32(results.size()));
    else
        w.arrayLength(qint32(results.size()));
    for (const AlterConfigsResult &result : results) {
        w.int16(qint16(result.error));
        string(result.error == ErrorCode::None ? QString() : result.message);
        w.int8(result.type);
        string(result.name);
        if (flexible)
            w.emptyTaggedFields();
    }
    if (flexible)
        w.emptyTaggedFields();
}

} // namespace depot::kafka
