// DescribeConfigs (32) through the Kafka service over an in-memory log
// engine, request and answer as bytes laid out by Kafka's message
// definitions: a topic answers every config Depot honours, with its source
// (set on the topic or the default) and, when asked in v1+, its synonyms;
// asked names filter; an unknown topic, another broker and another resource
// type are refused in their own resource; v0 answers "is default" instead of
// the source.

#include "broker/kafka/KafkaService.h"
#include "broker/kafka/codec/KafkaConfigMessages.h"
#include "broker/log/LogEngine.h"

#include <QTest>

using namespace depot;
using namespace depot::kafka;
using namespace depot::log;
using namespace Qt::StringLiterals;

namespace {

struct Resource
{
    qint8 type;
    QString name;
    std::optional<QStringList> keys;
};

QByteArray request(qint16 version, const QList<Resource> &resources, bool synonyms)
{
    QByteArray out;
    wire::Writer w(out);
    w.arrayLength(qint32(resources.size()));
    for (const Resource &r : resources) {
        w.int8(r.type);
        w.string(r.name);
        if (!r.keys) {
            w.arrayLength(-1);
        } else {
            w.arrayLength(qint32(r.keys->size()));
            for (const QString &k : *r.keys)
                w.string(k);
        }
    }
    if (version >= 1)
        w.boolean(synonyms);
    return out;
}

struct Entry
{
    QString value;
    bool readOnly = false;
    qint8 source = -1; // v1+
    bool isDefault = false; // v0
    QList<std::tuple<QString, QString, qint8>> synonyms;
};
struct Answer
{
    qint16 error = 0;
    QString message;
    qint8 type = 0;
    QString name;
    QMap<QString, Entry> configs;
    QStringList order;
};

QList<Answer> parse(const QByteArray &body, qint16 version)
{
    wire::Reader r(body);
    QList<Answer> answers;
    r.int32();
    const qint32 n = r.arrayLength();
    for (qint32 i = 0; i < n && !r.failed(); ++i) {
        Answer a;
        a.error = r.int16();
        a.message = r.string(true);
        a.type = r.int8();
        a.name = r.string();
        const qint32 configs = r.arrayLength();
        for (qint32 c = 0; c < configs && !r.failed(); ++c) {
            const QString name = r.string();
            Entry e;
            e.value = r.string(true);
            e.readOnly = r.boolean();
            if (version == 0)
                e.isDefault = r.boolean();
            else
                e.source = r.int8();
            if (r.boolean())
                qWarning("a config marked sensitive");
            if (version >= 1) {
                const qint32 synonyms = r.arrayLength();
                for (qint32 s = 0; s < synonyms && !r.failed(); ++s) {
                    const QString sn = r.string();
                    const QString sv = r.string(true);
                    e.synonyms.append({sn, sv, r.int8()});
                }
            }
            a.configs.insert(name, e);
            a.order << name;
        }
        answers.append(a);
    }
    if (r.failed() || !r.atEnd())
        qWarning() << "the answer does not parse:" << r.error() << r.remaining();
    return answers;
}

class Fixture
{
public:
    Fixture()
        : service(logs, groups, options())
    {
        TopicSettings settings;
        settings.partitions = 2;
        settings.retentionMs = 5000;
        settings.configsSet << QStringLiteral("retention.ms");
        logs.createTopic(QStringLiteral("orders"), settings);
    }

    QList<Answer> describe(qint16 version, const QList<Resource> &resources, bool synonyms = false)
    {
        const QByteArray body = request(version, resources, synonyms);
        wire::Reader reader(body);
        QByteArray answer;
        QString error;
        service.handle(
            RequestHeader{qint16(ApiKey::DescribeConfigs), version, 1, QString()}, reader, {},
            [&](std::optional<QByteArray> b) { answer = *b; }, &error);
        if (!error.isEmpty())
            qWarning().noquote() << error;
        return parse(answer, version);
    }

    static KafkaServiceOptions options()
    {
        KafkaServiceOptions o;
        o.autoCreateTopics = false;
        o.retentionCheckIntervalMs = 1000;
        return o;
    }

    LogEngine logs;
    GroupCoordinator groups;
    KafkaService service;
};

constexpr qint8 Topic = 2;
constexpr qint8 Broker = 4;
constexpr qint8 DynamicTopicConfig = 1;
constexpr qint8 StaticBrokerConfig = 4;
constexpr qint8 DefaultConfig = 5;

} // namespace

class TstDescribeConfigs final : public QObject
{
    Q_OBJECT

private slots:
    void aTopicAnswersEveryConfigWithItsSource()
    {
        Fixture f;
        const QList<Answer> answers = f.describe(2, {{Topic, QStringLiteral("orders"), std::nullopt}});
        QCOMPARE(answers.size(), 1);
        const Answer &a = answers[0];
        QCOMPARE(a.error, qint16(0));
        QVERIFY(a.message.isNull());
        QCOMPARE(a.type, Topic);
        QCOMPARE(a.name, QStringLiteral("orders"));
        QCOMPARE(a.order,
            (QStringList{u"cleanup.policy"_s, u"delete.retention.ms"_s, u"max.message.bytes"_s,
                u"message.timestamp.type"_s, u"min.cleanable.dirty.ratio"_s, u"min.compaction.lag.ms"_s,
                u"retention.bytes"_s, u"retention.ms"_s}));
        QCOMPARE(a.configs[u"retention.ms"_s].value, QStringLiteral("5000"));
        QCOMPARE(a.configs[u"retention.ms"_s].source, DynamicTopicConfig);
        QCOMPARE(a.configs[u"retention.bytes"_s].value, QStringLiteral("-1"));
        QCOMPARE(a.configs[u"retention.bytes"_s].source, DefaultConfig);
        QCOMPARE(a.configs[u"max.message.bytes"_s].value, QStringLiteral("1048588"));
        QCOMPARE(a.configs[u"message.timestamp.type"_s].value, QStringLiteral("CreateTime"));
        QCOMPARE(a.configs[u"cleanup.policy"_s].value, QStringLiteral("delete"));
        for (const Entry &e : a.configs) {
            QVERIFY(!e.readOnly);
            QVERIFY(e.synonyms.isEmpty()); // not asked for
        }
    }

    void synonymsNameTheTopicValueAndTheBrokerDefault()
    {
        Fixture f;
        const Answer a = f.describe(
            1, {{Topic, QStringLiteral("orders"), QStringList{u"retention.ms"_s, u"retention.bytes"_s}}}, true)[0];
        QCOMPARE(a.order, (QStringList{u"retention.bytes"_s, u"retention.ms"_s}));
        using S = std::tuple<QString, QString, qint8>;
        QCOMPARE(a.configs[u"retention.ms"_s].synonyms,
            (QList<S>{{u"retention.ms"_s, u"5000"_s, DynamicTopicConfig},
                {u"log.retention.hours"_s, u"168"_s, DefaultConfig}}));
        QCOMPARE(
            a.configs[u"retention.bytes"_s].synonyms, (QList<S>{{u"log.retention.bytes"_s, u"-1"_s, DefaultConfig}}));
    }

    void versionZeroAnswersIsDefault()
    {
        Fixture f;
        const Answer a = f.describe(0,
            {{Topic, QStringLiteral("orders"),
                QStringList{u"retention.ms"_s, u"cleanup.policy"_s, u"segment.bytes"_s}}})[0];
        // A name Depot does not know is left out, as Kafka leaves out one it does not know.
        QCOMPARE(a.order, (QStringList{u"cleanup.policy"_s, u"retention.ms"_s}));
        QVERIFY(!a.configs[u"retention.ms"_s].isDefault);
        QVERIFY(a.configs[u"cleanup.policy"_s].isDefault);
    }

    void errorsStayInTheirResource()
    {
        Fixture f;
        const QList<Answer> answers = f.describe(1,
            {{Topic, QStringLiteral("missing"), std::nullopt},
                {Topic, QStringLiteral("orders"), QStringList{u"retention.ms"_s}},
                {3, QStringLiteral("group-a"), std::nullopt}, {Broker, QStringLiteral("7"), std::nullopt},
                {Topic, QStringLiteral("bad name"), std::nullopt}});
        QCOMPARE(answers.size(), 5);
        QCOMPARE(answers[0].error, qint16(ErrorCode::UnknownTopicOrPartition));
        QVERIFY(answers[0].message.contains(QStringLiteral("missing")));
        QVERIFY(answers[0].configs.isEmpty());
        QCOMPARE(answers[1].error, qint16(0));
        QCOMPARE(answers[1].configs[u"retention.ms"_s].value, QStringLiteral("5000"));
        QCOMPARE(answers[2].error, qint16(ErrorCode::InvalidRequest));
        QVERIFY2(answers[2].message.contains(QStringLiteral("GROUP")), qPrintable(answers[2].message));
        QCOMPARE(answers[2].type, qint8(3));
        QCOMPARE(answers[3].error, qint16(ErrorCode::InvalidRequest));
        QVERIFY(answers[3].message.contains(QStringLiteral("'7'")));
        QCOMPARE(answers[4].error, qint16(ErrorCode::InvalidTopicException));
        // Asking never creates the topic, whatever auto-creation says.
        QVERIFY(!f.logs.hasTopic(QStringLiteral("missing")));
    }

    void brokerZeroAnswersItsSettings()
    {
        Fixture f;
        const Answer a = f.describe(2, {{Broker, QStringLiteral("0"), std::nullopt}}, true)[0];
        QCOMPARE(a.error, qint16(0));
        QCOMPARE(a.configs[u"auto.create.topics.enable"_s].value, QStringLiteral("false"));
        QCOMPARE(a.configs[u"auto.create.topics.enable"_s].source, StaticBrokerConfig);
        QCOMPARE(a.configs[u"log.retention.check.interval.ms"_s].value, QStringLiteral("1000"));
        QCOMPARE(a.configs[u"socket.request.max.bytes"_s].value, QStringLiteral("104857600"));
        QCOMPARE(a.configs[u"socket.request.max.bytes"_s].source, DefaultConfig);
        QCOMPARE(a.configs[u"num.partitions"_s].value, QStringLiteral("1"));
        QVERIFY(a.configs[u"broker.id"_s].readOnly);
        using S = std::tuple<QString, QString, qint8>;
        QCOMPARE(a.configs[u"log.retention.check.interval.ms"_s].synonyms,
            (QList<S>{{u"log.retention.check.interval.ms"_s, u"1000"_s, StaticBrokerConfig},
                {u"log.retention.check.interval.ms"_s, u"300000"_s, DefaultConfig}}));
        const Answer one = f.describe(2, {{Broker, QStringLiteral("0"), QStringList{u"num.partitions"_s}}})[0];
        QCOMPARE(one.order, QStringList{u"num.partitions"_s});
    }

    void theRequestDecodesAsKafkaLaysItOut()
    {
        const QByteArray v1 = request(1,
            {{Topic, QStringLiteral("t"), QStringList{u"a"_s, u"b"_s}}, {Broker, QStringLiteral("0"), std::nullopt}},
            true);
        wire::Reader r(v1);
        const DescribeConfigsRequest decoded = decodeDescribeConfigs(r, 1);
        QVERIFY(!r.failed() && r.atEnd());
        QCOMPARE(decoded.resources.size(), 2);
        QCOMPARE(decoded.resources[0].keys, std::optional<QStringList>(QStringList{u"a"_s, u"b"_s}));
        QVERIFY(!decoded.resources[1].keys);
        QVERIFY(decoded.includeSynonyms);
        // v0 has no IncludeSynonyms byte; a truncated one fails.
        const QByteArray v0 = request(0, {{Topic, QStringLiteral("t"), std::nullopt}}, false);
        wire::Reader r0(v0);
        decodeDescribeConfigs(r0, 0);
        QVERIFY(!r0.failed() && r0.atEnd());
        wire::Reader cut(QByteArrayView(v0).first(v0.size() - 2));
        decodeDescribeConfigs(cut, 0);
        QVERIFY(cut.failed());
    }
};

QTEST_GUILESS_MAIN(TstDescribeConfigs)
#include "tst_describeconfigs.moc"
