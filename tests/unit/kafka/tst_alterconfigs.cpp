// AlterConfigs (33) and IncrementalAlterConfigs (44, v1 flexible) through
// the Kafka service over an in-memory log engine, as bytes laid out by
// Kafka's message definitions: AlterConfigs replaces every config set on a
// topic (the others return to their defaults); IncrementalAlterConfigs sets,
// deletes, and appends to or subtracts from cleanup.policy; both check as
// CreateTopics does (INVALID_CONFIG naming the config, nothing changed);
// validate-only changes nothing; an unknown topic, the broker and other
// resource types are refused in their own resource; DescribeConfigs then
// answers the new values as DYNAMIC_TOPIC_CONFIG. Both are in ApiVersions.

#include "broker/kafka/KafkaConfigs.h"
#include "broker/kafka/KafkaService.h"
#include "broker/kafka/codec/KafkaConfigMessages.h"
#include "broker/log/LogEngine.h"

#include <QTest>

using namespace depot;
using namespace depot::kafka;
using namespace depot::log;
using namespace Qt::StringLiterals;

namespace {

constexpr qint8 Topic = 2;
constexpr qint8 Broker = 4;

struct Resource
{
    qint8 type;
    QString name;
    QList<AlterableConfig> configs;
};

QByteArray alterRequest(const QList<Resource> &resources, bool validateOnly)
{
    QByteArray out;
    wire::Writer w(out);
    w.arrayLength(qint32(resources.size()));
    for (const Resource &r : resources) {
        w.int8(r.type);
        w.string(r.name);
        w.arrayLength(qint32(r.configs.size()));
        for (const AlterableConfig &c : r.configs) {
            w.string(c.name);
            w.string(c.value);
        }
    }
    w.boolean(validateOnly);
    return out;
}

// IncrementalAlterConfigs v1: compact strings and arrays, tagged fields.
QByteArray incrementalRequest(const QList<Resource> &resources, bool validateOnly)
{
    QByteArray out;
    wire::Writer w(out);
    w.compactArrayLength(qint32(resources.size()));
    for (const Resource &r : resources) {
        w.int8(r.type);
        w.compactString(r.name);
        w.compactArrayLength(qint32(r.configs.size()));
        for (const AlterableConfig &c : r.configs) {
            w.compactString(c.name);
            w.int8(c.operation);
            w.compactString(c.value);
            w.emptyTaggedFields();
        }
        w.emptyTaggedFields();
    }
    w.boolean(validateOnly);
    w.emptyTaggedFields();
    return out;
}

struct Answer
{
    qint16 error = 0;
    QString message;
    qint8 type = 0;
    QString name;
};

QList<Answer> parse(const QByteArray &body, bool flexible)
{
    wire::Reader r(body);
    QList<Answer> answers;
    r.int32();
    const qint32 n = flexible ? r.compactArrayLength() : r.arrayLength();
    for (qint32 i = 0; i < n && !r.failed(); ++i) {
        Answer a;
        a.error = r.int16();
        a.message = flexible ? r.compactString(true) : r.string(true);
        a.type = r.int8();
        a.name = flexible ? r.compactString() : r.string();
        if (flexible)
            r.skipTaggedFields();
        answers.append(a);
    }
    if (flexible)
        r.skipTaggedFields();
    if (r.failed() || !r.atEnd())
        qWarning() << "the answer does not parse:" << r.error() << r.remaining();
    return answers;
}

AlterableConfig set(const QString &name, const QString &value, ConfigOperation op = ConfigOperation::Set)
{
    return {name, qint8(op), value};
}

class Fixture
{
public:
    Fixture()
        : service(logs, groups, KafkaServiceOptions{})
    {
        TopicSettings settings;
        settings.partitions = 2;
        settings.retentionMs = 5000;
        settings.configsSet << u"retention.ms"_s;
        logs.createTopic(u"orders"_s, settings);
    }

    QList<Answer> send(ApiKey api, qint16 version, const QByteArray &body)
    {
        wire::Reader reader(body);
        QByteArray answer;
        QString error;
        service.handle(
            RequestHeader{qint16(api), version, 1, QString()}, reader, {},
            [&](std::optional<QByteArray> b) { answer = *b; }, &error);
        if (!error.isEmpty())
            qWarning().noquote() << error;
        return parse(answer, api == ApiKey::IncrementalAlterConfigs && version >= 1);
    }
    QList<Answer> alter(const QList<Resource> &resources, bool validateOnly = false, qint16 version = 1)
    {
        return send(ApiKey::AlterConfigs, version, alterRequest(resources, validateOnly));
    }
    QList<Answer> incremental(const QList<Resource> &resources, bool validateOnly = false)
    {
        return send(ApiKey::IncrementalAlterConfigs, 1, incrementalRequest(resources, validateOnly));
    }
    TopicSettings settings() const { return logs.topic(u"orders"_s)->settings; }
    // DescribeConfigs' answer for one config: its value and source.
    QPair<QString, ConfigSource> described(const QString &name) const
    {
        const QList<DescribedConfig> configs = describeTopicConfigs(settings(), QStringList{name}, false);
        return configs.isEmpty() ? QPair<QString, ConfigSource>{} : qMakePair(configs[0].value, configs[0].source);
    }

    LogEngine logs;
    GroupCoordinator groups;
    KafkaService service;
};

} // namespace

class TstAlterConfigs final : public QObject
{
    Q_OBJECT

private slots:
    void bothAreListedInApiVersions()
    {
        const ApiSupport *alter = findApi(33);
        const ApiSupport *incremental = findApi(44);
        QVERIFY(alter && incremental);
        QCOMPARE(alter->maxVersion, qint16(1));
        QCOMPARE(alter->firstFlexibleVersion, qint16(2));
        QCOMPARE(incremental->maxVersion, qint16(1));
        QCOMPARE(incremental->firstFlexibleVersion, qint16(1));
    }

    void alterConfigsReplacesWhatIsSetOnTheTopic()
    {
        Fixture f;
        const QList<Answer> a = f.alter({{Topic, u"orders"_s,
            {set(u"cleanup.policy"_s, u"compact"_s), set(u"min.compaction.lag.ms"_s, u"60000"_s),
                set(u"min.cleanable.dirty.ratio"_s, u"0.1"_s), set(u"max.message.bytes"_s, QString())}}});
        QCOMPARE(a.size(), 1);
        QCOMPARE(a[0].error, qint16(0));
        QVERIFY(a[0].message.isNull());
        QCOMPARE(a[0].name, u"orders"_s);
        const TopicSettings s = f.settings();
        QVERIFY(s.compact && !s.deletePolicy);
        QCOMPARE(s.minCompactionLagMs, qint64(60000));
        QCOMPARE(s.minCleanableDirtyRatio, 0.1);
        QCOMPARE(s.partitions, 2);
        // retention.ms was set before and is not named now: back to its default.
        QCOMPARE(s.retentionMs, TopicSettings{}.retentionMs);
        QCOMPARE(f.described(u"retention.ms"_s).second, ConfigSource::DefaultConfig);
        QCOMPARE(f.described(u"min.compaction.lag.ms"_s), qMakePair(u"60000"_s, ConfigSource::DynamicTopicConfig));
        QCOMPARE(f.described(u"min.cleanable.dirty.ratio"_s), qMakePair(u"0.1"_s, ConfigSource::DynamicTopicConfig));
        QCOMPARE(f.described(u"max.message.bytes"_s).second, ConfigSource::DefaultConfig);
    }

    void incrementalSetsDeletesAppendsAndSubtracts()
    {
        Fixture f;
        QCOMPARE(f.incremental({{Topic, u"orders"_s,
                     {set(u"retention.bytes"_s, u"1024"_s), set(u"cleanup.policy"_s, u"compact"_s, ConfigOperation::Append),
                         set(u"retention.ms"_s, QString(), ConfigOperation::Delete)}}})[0]
                     .error,
            qint16(0));
        TopicSettings s = f.settings();
        QCOMPARE(s.retentionBytes, qint64(1024));
        QCOMPARE(s.cleanupPolicy(), u"compact,delete"_s);
        QCOMPARE(s.retentionMs, TopicSettings{}.retentionMs);
        QVERIFY(!s.configsSet.contains(u"retention.ms"_s));
        QCOMPARE(f.described(u"retention.bytes"_s), qMakePair(u"1024"_s, ConfigSource::DynamicTopicConfig));
        QCOMPARE(f.described(u"cleanup.policy"_s), qMakePair(u"compact,delete"_s, ConfigSource::DynamicTopicConfig));
        QCOMPARE(f.incremental({{Topic, u"orders"_s,
                     {set(u"cleanup.policy"_s, u"delete"_s, ConfigOperation::Subtract)}}})[0].error,
            qint16(0));
        QCOMPARE(f.settings().cleanupPolicy(), u"compact"_s);
        // Only a list config takes append and subtract.
        const Answer listOnly
            = f.incremental({{Topic, u"orders"_s, {set(u"retention.ms"_s, u"5"_s, ConfigOperation::Append)}}})[0];
        QCOMPARE(listOnly.error, qint16(ErrorCode::InvalidConfig));
        QVERIFY(listOnly.message.contains(u"retention.ms"_s));
    }

    void refusedConfigsChangeNothing()
    {
        Fixture f;
        const TopicSettings before = f.settings();
        const QList<Answer> a = f.alter({{Topic, u"orders"_s,
            {set(u"retention.bytes"_s, u"7"_s), set(u"segment.ms"_s, u"1000"_s)}}});
        QCOMPARE(a[0].error, qint16(ErrorCode::InvalidConfig));
        QVERIFY2(a[0].message.contains(u"segment.ms"_s), qPrintable(a[0].message));
        const Answer ratio = f.incremental(
            {{Topic, u"orders"_s, {set(u"retention.bytes"_s, u"7"_s), set(u"min.cleanable.dirty.ratio"_s, u"1.5"_s)}}})[0];
        QCOMPARE(ratio.error, qint16(ErrorCode::InvalidConfig));
        QVERIFY(ratio.message.contains(u"min.cleanable.dirty.ratio"_s));
        const Answer lag
            = f.incremental({{Topic, u"orders"_s, {set(u"min.compaction.lag.ms"_s, u"-1"_s)}}})[0];
        QCOMPARE(lag.error, qint16(ErrorCode::InvalidConfig));
        const Answer twice = f.alter({{Topic, u"orders"_s,
            {set(u"retention.bytes"_s, u"7"_s), set(u"retention.bytes"_s, u"8"_s)}}})[0];
        QCOMPARE(twice.error, qint16(ErrorCode::InvalidRequest));
        QCOMPARE(f.settings().retentionBytes, before.retentionBytes);
        QCOMPARE(f.settings().configsSet, before.configsSet);
        // Validate only: checked and answered, not changed.
        QCOMPARE(f.alter({{Topic, u"orders"_s, {set(u"retention.bytes"_s, u"7"_s)}}}, true)[0].error, qint16(0));
        QCOMPARE(f.incremental({{Topic, u"orders"_s, {set(u"retention.bytes"_s, u"7"_s)}}}, true)[0].error, qint16(0));
        QCOMPARE(f.settings().retentionBytes, before.retentionBytes);
    }

    void otherResourcesAreRefusedInTheirOwnAnswer()
    {
        Fixture f;
        const QList<Answer> a = f.alter({{Topic, u"nowhere"_s, {set(u"retention.ms"_s, u"1"_s)}},
            {Broker, u"0"_s, {set(u"log.retention.hours"_s, u"1"_s)}}, {3, u"some-group"_s, {}},
            {Topic, u"orders"_s, {set(u"retention.ms"_s, u"9"_s)}}}, false, 0);
        QCOMPARE(a.size(), 4);
        QCOMPARE(a[0].error, qint16(ErrorCode::UnknownTopicOrPartition));
        QCOMPARE(a[1].error, qint16(ErrorCode::InvalidConfig));
        QVERIFY(a[1].message.contains(u"log.retention.hours"_s));
        QCOMPARE(a[2].error, qint16(ErrorCode::InvalidRequest));
        QCOMPARE(a[3].error, qint16(0));
        QCOMPARE(f.settings().retentionMs, qint64(9));
    }
};

QTEST_GUILESS_MAIN(TstAlterConfigs)
#include "tst_alterconfigs.moc"
