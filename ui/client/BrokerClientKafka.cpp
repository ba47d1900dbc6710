// BrokerClient's requests for Kafka topics and consumer groups: each runs
// broker/kafka/KafkaAdmin on the broker thread and answers on the GUI thread
// (the Topics and Consumer groups tabs). Produce, re-produce, an offset reset
// and deleting a group answer later on the broker thread (once the store has
// committed), so they hand KafkaAdmin a replier instead of returning a value.

#include "ui/client/BrokerClient.h"

#include <QDateTime>

namespace depot::ui {

bool BrokerClient::kafkaRecords(QObject *context, const QString &topic, qint32 partition, kafka::RecordsFrom from,
    qint32 limit, std::function<void(Result<kafka::RecordPage>)> done)
{
    return callKafka(
        context,
        [topic, partition, from, limit](Engine &, kafka::KafkaAdmin &admin) {
            return admin.records(topic, partition, from, limit);
        },
        std::move(done));
}

bool BrokerClient::kafkaRecordStory(QObject *context, const QString &topic, qint32 partition, qint64 offset,
    std::function<void(Result<kafka::RecordStory>)> done)
{
    return callKafka(
        context,
        [topic, partition, offset](Engine &, kafka::KafkaAdmin &admin) {
            return admin.recordStory(topic, partition, offset);
        },
        std::move(done));
}

bool BrokerClient::kafkaSearch(QObject *context, const QString &topic, const kafka::RecordSearch &search,
    std::function<void(Result<kafka::SearchPage>)> done)
{
    return callKafka(
        context, [topic, search](Engine &, kafka::KafkaAdmin &admin) { return admin.search(topic, search); },
        std::move(done));
}

bool BrokerClient::kafkaProduce(QObject *context, const QList<kafka::ProduceRecord> &records,
    std::function<void(Result<QList<kafka::ProducedRecord>>)> done)
{
    auto answer = replier<Result<QList<kafka::ProducedRecord>>>(context, std::move(done));
    return m_service->postKafka([records, answer](Engine &, kafka::KafkaAdmin &admin) {
        admin.produce(records, QDateTime::currentMSecsSinceEpoch(), answer, QStringLiteral("Depot's window"));
    });
}

bool BrokerClient::kafkaReproduce(QObject *context, const kafka::Reproduce &request,
    std::function<void(Result<QList<kafka::ProducedRecord>>)> done)
{
    auto answer = replier<Result<QList<kafka::ProducedRecord>>>(context, std::move(done));
    return m_service->postKafka([request, answer](Engine &, kafka::KafkaAdmin &admin) {
        admin.reproduce(request, QDateTime::currentMSecsSinceEpoch(), answer, QStringLiteral("Depot's window"));
    });
}

bool BrokerClient::kafkaResetOffsets(QObject *context, const kafka::OffsetReset &reset,
    std::function<void(Result<QList<kafka::GroupOffsetView>>)> done)
{
    auto answer = replier<Result<QList<kafka::GroupOffsetView>>>(context, std::move(done));
    return m_service->postKafka([reset, answer](Engine &, kafka::KafkaAdmin &admin) {
        admin.resetOffsets(reset, QDateTime::currentMSecsSinceEpoch(), answer);
    });
}

bool BrokerClient::kafkaDeleteGroup(QObject *context, const QString &group, std::function<void(Result<void>)> done)
{
    auto answer = replier<Result<void>>(context, std::move(done));
    return m_service->postKafka(
        [group, answer](Engine &, kafka::KafkaAdmin &admin) { admin.deleteGroup(group, answer); });
}

bool BrokerClient::kafkaCreateTopic(QObject *context, const QString &name, const log::TopicSettings &settings,
    std::function<void(Result<void>)> done)
{
    return callKafka(
        context,
        [name, settings](Engine &, kafka::KafkaAdmin &admin) { return admin.createTopic(name, settings); },
        std::move(done));
}

bool BrokerClient::kafkaDeleteTopic(QObject *context, const QString &name, std::function<void(Result<void>)> done)
{
    return callKafka(
        context, [name](Engine &, kafka::KafkaAdmin &admin) { return admin.deleteTopic(name); }, std::move(done));
}

} // namespace depot::ui
