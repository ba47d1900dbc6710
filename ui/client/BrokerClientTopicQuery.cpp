// BrokerClient's queries over Kafka topics, for the Topics tab's query bar:
// KafkaAdmin's TopicQueries runs them in slices on the broker thread; this
// file starts and cancels them from the GUI thread and carries what they find
// back, as BrokerClientQuery.cpp does for queues. Each started query gets a
// relay on the broker thread (a child of TopicQueries, so it cannot outlive
// it) that listens for that one id and ends with the query.

#include "ui/client/BrokerClient.h"

namespace depot::ui {

bool BrokerClient::startTopicQuery(
    QObject *context, const kafka::TopicQuerySpec &spec, std::function<void(Result<quint64>)> started)
{
    QPointer<BrokerClient> self(this);
    QPointer<QObject> guard(context);
    return m_service->postKafka([self, guard, spec, started = std::move(started)](Engine &, kafka::KafkaAdmin &admin) {
        QObject *app = QCoreApplication::instance();
        kafka::TopicQueries &queries = admin.queries();
        const Result<quint64> result = queries.start(spec);
        // Hands `fire` to the GUI thread, where it runs if this client is still there.
        const auto toGui = [app, self](auto fire) {
            QMetaObject::invokeMethod(
                app,
                [self, fire] {
                    if (self)
                        fire(self.data());
                },
                Qt::QueuedConnection);
        };
        if (result.ok()) {
            // The first slice runs on a later turn of the loop: these
            // connections exist before anything is emitted.
            const quint64 id = result.value;
            auto *relay = new QObject(&queries);
            QObject::connect(&queries, &kafka::TopicQueries::matched, relay,
                [toGui, id](quint64 queryId, const QList<kafka::RecordView> &records) {
                    if (queryId == id)
                        toGui([id, records](BrokerClient *c) { Q_EMIT c->topicQueryMatched(id, records); });
                });
            QObject::connect(&queries, &kafka::TopicQueries::progress, relay,
                [toGui, id](const kafka::TopicQueryProgress &progress) {
                    if (progress.id == id)
                        toGui([progress](BrokerClient *c) { Q_EMIT c->topicQueryProgress(progress); });
                });
            QObject::connect(&queries, &kafka::TopicQueries::finished, relay,
                [toGui, id, relay](const kafka::TopicQueryProgress &progress) {
                    if (progress.id != id)
                        return;
                    relay->deleteLater();
                    toGui([progress](BrokerClient *c) { Q_EMIT c->topicQueryFinished(progress); });
                });
        }
        answerStarted(self, guard, started, result, &BrokerClient::cancelTopicQuery);
    });
}

void BrokerClient::cancelTopicQuery(quint64 queryId)
{
    m_service->postKafka([queryId](Engine &, kafka::KafkaAdmin &admin) { admin.queries().cancel(queryId); });
}

} // namespace depot::ui
