// BrokerClient's queries over queues, for the window's query bar: the engine
// runs them in slices on the broker thread (EngineQuery.cpp); this file starts
// and cancels them from the GUI thread and carries what they find back.
//
// Each started query gets a relay, a QObject on the broker thread (a child
// of the engine, so it cannot outlive it) that listens to the engine's query
// signals for that one id, turns matches into rows there (a body preview,
// not the body: a query over large messages moves little to the GUI thread)
// and hands them over with the same guarded, queued call as every answer.
// The relay ends with the query.

#include "ui/client/BrokerClient.h"

namespace depot::ui {

bool BrokerClient::startQuery(QObject *context, const QuerySpec &spec, std::function<void(Result<quint64>)> started)
{
    QPointer<BrokerClient> self(this);
    QPointer<QObject> guard(context);
    return m_service->post([self, guard, spec, started = std::move(started)](Engine &engine) {
        QObject *app = QCoreApplication::instance();
        const Result<quint64> result = engine.startQuery(spec);
        if (result.ok()) {
            // The first slice runs on a later turn of the broker thread's
            // loop, so nothing is emitted before these connections exist,
            // and the answer below reaches the GUI thread before any match.
            const quint64 id = result.value;
            auto *relay = new QObject(&engine);
            QObject::connect(&engine, &Engine::queryMatched, relay,
                [self, app, id](quint64 queryId, const QList<QueryMatch> &matches) {
                    if (queryId != id)
                        return;
                    QList<QueryResult> results;
                    results.reserve(matches.size());
                    for (const QueryMatch &match : matches)
                        results.append({match.queue, MessageRow::fromView(match.view)});
                    QMetaObject::invokeMethod(
                        app,
                        [self, id, results] {
                            if (self)
                                Q_EMIT self->queryMatched(id, results);
                        },
                        Qt::QueuedConnection);
                });
            QObject::connect(&engine, &Engine::queryProgress, relay, [self, app, id](const QueryProgress &progress) {
                if (progress.id != id)
                    return;
                QMetaObject::invokeMethod(
                    app,
                    [self, progress] {
                        if (self)
                            Q_EMIT self->queryProgress(progress);
                    },
                    Qt::QueuedConnection);
            });
            QObject::connect(
                &engine, &Engine::queryFinished, relay, [self, app, id, relay](const QueryProgress &progress) {
                    if (progress.id != id)
                        return;
                    relay->deleteLater();
                    QMetaObject::invokeMethod(
                        app,
                        [self, progress] {
                            if (self)
                                Q_EMIT self->queryFinished(progress);
                        },
                        Qt::QueuedConnection);
                });
        }
        answerStarted(self, guard, started, result, &BrokerClient::cancelQuery);
    });
}

void BrokerClient::answerStarted(QPointer<BrokerClient> self, QPointer<QObject> guard,
    std::function<void(Result<quint64>)> started, Result<quint64> result, void (BrokerClient::*cancel)(quint64))
{
    QMetaObject::invokeMethod(
        QCoreApplication::instance(),
        [self, guard, started, result, cancel] {
            if (!self)
                return;
            if (guard)
                started(result);
            else if (result.ok())
                (self.data()->*cancel)(result.value); // nobody is left to show it
        },
        Qt::QueuedConnection);
}

void BrokerClient::cancelQuery(quint64 queryId)
{
    run([queryId](Engine &engine) { engine.cancelQuery(queryId); });
}

} // namespace depot::ui
