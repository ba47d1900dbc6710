#include "ui/client/BrokerClient.h"

#include "broker/amqp/AmqpPublishOptions.h"
#include "broker/core/PublishGate.h"
#include "broker/demo/DemoTraffic.h"
#include "broker/store/Store.h"

#include <QDateTime>
#include <QTimer>

namespace depot::ui {

BrokerClient::BrokerClient(BrokerService *service, QObject *parent)
    : QObject(parent)
    , m_service(service)
    , m_snapshot(std::make_shared<BrokerSnapshot>())
{
    qRegisterMetaType<depot::TransferReport>();
    qRegisterMetaType<depot::ui::SnapshotPtr>();

    m_timer = new QTimer(this);
    m_timer->setInterval(DefaultRefreshMs);
    connect(m_timer, &QTimer::timeout, this, &BrokerClient::requestSnapshot);
    m_timer->start();

    connect(m_service, &BrokerService::started, this, [this] {
        m_snapshotPending = false;
        attachEngineSignals();
        requestSnapshot();
        Q_EMIT brokerStateChanged();
    });
    connect(m_service, &BrokerService::stopped, this, [this] {
        m_snapshotPending = false;
        Q_EMIT brokerStateChanged();
    });
    connect(m_service, &BrokerService::startFailed, this, [this] { Q_EMIT brokerStateChanged(); });
    if (m_service->isRunning()) {
        attachEngineSignals();
        requestSnapshot();
    }
}

BrokerClient::~BrokerClient() = default;

void BrokerClient::setRefreshInterval(int ms)
{
    m_timer->setInterval(ms);
}

void BrokerClient::refreshNow()
{
    requestSnapshot();
}

void BrokerClient::requestSnapshot()
{
    if (m_snapshotPending || !m_service->isRunning())
        return;
    const bool posted = callKafka(
        this,
        [](Engine &engine, kafka::KafkaAdmin &kafka) {
            auto snapshot = std::make_shared<BrokerSnapshot>();
            snapshot->takenAtMs = QDateTime::currentMSecsSinceEpoch();
            const QList<QueueInfo> queues = engine.queues();
            snapshot->queues.reserve(queues.size());
            for (const QueueInfo &info : queues) {
                QueueRow row;
                row.name = info.def.name;
                row.ready = info.ready;
                row.delayed = info.delayed;
                row.unacked = info.unacked;
                row.bytes = info.bytes;
                row.consumers = info.consumers;
                row.durable = info.def.durable;
                row.exclusive = info.def.exclusive;
                row.autoDelete = info.def.autoDelete;
                row.arguments = info.def.arguments;
                row.deadLetterExchange = info.deadLetterExchange;
                row.deadLetterRoutingKey = info.deadLetterRoutingKey;
                row.paused = info.paused;
                row.policy = info.policy.policy;
                row.operatorPolicy = info.policy.operatorPolicy;
                row.policyDefinition = info.policy.effectiveDefinition;
                snapshot->queues.append(std::move(row));
            }
            snapshot->exchanges = engine.exchanges();
            for (const ExchangeDef &e : snapshot->exchanges) {
                AppliedPolicy policy = engine.exchangePolicy(e.name);
                if (!policy.policy.isEmpty() || !policy.operatorPolicy.isEmpty())
                    snapshot->exchangePolicies.insert(e.name, std::move(policy));
            }
            snapshot->bindings = engine.bindings();
            snapshot->connections = engine.connections();
            snapshot->consumers = engine.consumers();
            snapshot->alarms = engine.alarms();
            // Offsets and sizes only: no record is read for a snapshot.
            snapshot->topics = kafka.topics();
            snapshot->groups = kafka.groups();
            return snapshot;
        },
        [this](std::shared_ptr<BrokerSnapshot> snapshot) { receiveSnapshot(std::move(snapshot)); });
    m_snapshotPending = posted;
}

void BrokerClient::receiveSnapshot(std::shared_ptr<BrokerSnapshot> snapshot)
{
    m_snapshotPending = false;
    // Rates and totals come from the stats snapshot, which is safe to read
    // here; merging them now keeps one signal per tick.
    if (const auto stats = m_service->statsSnapshot()) {
        snapshot->totals = stats->totals;
        snapshot->rates = stats->rates;
        for (QueueRow &row : snapshot->queues) {
            const auto it = stats->queues.constFind(row.name);
            if (it == stats->queues.constEnd())
                continue;
            row.inRate = it->rates[size_t(Counter::Published)];
            row.outRate = it->rates[size_t(Counter::Delivered)];
            row.deadLettered = it->totals[Counter::DeadLettered];
        }
    }
    linkDeadLetters(snapshot->queues, snapshot->exchanges, snapshot->bindings);
    m_snapshot = std::move(snapshot);
    Q_EMIT snapshotUpdated(m_snapshot);
}

void BrokerClient::attachEngineSignals()
{
    // Connected on the broker thread with the engine as context, forwarded
    // with the same guarded hand-over as call(): a transfer that outlives the
    // window reports to nobody.
    QPointer<BrokerClient> self(this);
    m_service->post([self](Engine &engine) {
        QObject *app = QCoreApplication::instance();
        QObject::connect(
            &engine, &Engine::transferProgress, &engine, [self, app](quint64 id, quint64 done, quint64 total) {
                QMetaObject::invokeMethod(
                    app,
                    [self, id, done, total] {
                        if (self)
                            Q_EMIT self->transferProgress(id, done, total);
                    },
                    Qt::QueuedConnection);
            });
        QObject::connect(&engine, &Engine::transferFinished, &engine, [self, app](const TransferReport &report) {
            QMetaObject::invokeMethod(
                app,
                [self, report] {
                    if (self)
                        Q_EMIT self->transferFinished(report);
                },
                Qt::QueuedConnection);
        });
    });
}

bool BrokerClient::browse(
    QObject *context, const QString &queue, quint64 offset, quint64 limit, std::function<void(QList<MessageRow>)> done)
{
    return call(
        context,
        [queue, offset, limit](Engine &engine) {
            const QList<MessageView> views = engine.browse(queue, offset, limit);
            QList<MessageRow> rows;
            rows.reserve(views.size());
            for (const MessageView &v : views)
                rows.append(MessageRow::fromView(v));
            return rows;
        },
        std::move(done));
}

bool BrokerClient::browseIds(QObject *context, const QString &queue, const QList<std::pair<int, int>> &rows,
    std::function<void(QList<QList<MessageId>>)> done)
{
    return call(
        context,
        [queue, rows](Engine &engine) {
            QList<QList<MessageId>> found;
            for (const auto &[first, last] : rows)
                found.append(engine.browseIds(queue, quint64(first), quint64(last - first + 1)));
            return found;
        },
        std::move(done));
}

bool BrokerClient::scan(QObject *context, const QString &queue, const MessageFilter &filter,
    const BrowseCursor &cursor, quint64 limit, std::function<void(ScanResult)> done)
{
    return call(
        context,
        [queue, filter, cursor, limit](Engine &engine) {
            ScanResult chunk;
            chunk.cursor = cursor;
            chunk.cursor.positions = true;
            const quint64 before = chunk.cursor.visited;
            const QList<MessageView> views = engine.browseNext(queue, &chunk.cursor, limit, filter);
            chunk.scanned = chunk.cursor.visited - before;
            if (const auto info = engine.queue(queue))
                chunk.total = info->ready + info->unacked;
            for (const MessageView &v : views)
                chunk.matches.append(MessageRow::fromView(v));
            return chunk;
        },
        std::move(done));
}

bool BrokerClient::message(
    QObject *context, const QString &queue, MessageId id, std::function<void(std::optional<MessageView>)> done)
{
    return call(
        context, [queue, id](Engine &engine) { return engine.message(queue, id); }, std::move(done));
}

bool BrokerClient::deleteMessages(
    QObject *context, const QString &queue, const QList<MessageId> &ids, std::function<void(Result<quint64>)> done)
{
    return call(
        context, [queue, ids](Engine &engine) { return engine.deleteMessages(queue, ids); }, std::move(done));
}

bool BrokerClient::setAside(QObject *context, const QString &queue, const QList<MessageId> &ids,
    std::function<void(Result<AsideReport>)> done)
{
    return call(
        context, [queue, ids](Engine &engine) { return engine.setAside(queue, ids); }, std::move(done));
}

bool BrokerClient::setAsideAll(QObject *context, const QString &queue, std::function<void(Result<AsideReport>)> done)
{
    return call(
        context, [queue](Engine &engine) { return engine.setAsideAll(queue); }, std::move(done));
}

bool BrokerClient::restoreAside(QObject *context, quint64 token, std::function<void(Result<quint64>)> done)
{
    return call(
        context, [token](Engine &engine) { return engine.restoreAside(token); }, std::move(done));
}

bool BrokerClient::setQueuePaused(
    QObject *context, const QString &queue, bool paused, std::function<void(Result<QueueInfo>)> done)
{
    return call(
        context, [queue, paused](Engine &engine) { return engine.setQueuePaused(queue, paused); }, std::move(done));
}

bool BrokerClient::retryMessages(QObject *context, const QString &queue, RetryAction action,
    const QList<MessageId> &ids, std::function<void(Result<quint64>)> done)
{
    return call(
        context,
        [queue, action, ids](Engine &engine) {
            Result<quint64> out;
            for (MessageId id : ids) {
                const Result<void> r = action == RetryAction::RetryNow ? engine.retryNow(queue, id)
                    : action == RetryAction::GiveUp                    ? engine.giveUp(queue, id)
                                                                       : engine.resetAttempts(queue, id);
                if (r.ok())
                    ++out.value;
                else if (!out.error)
                    out.error = r.error;
            }
            return out;
        },
        std::move(done));
}

bool BrokerClient::retryAllWaiting(QObject *context, const QString &queue, std::function<void(Result<quint64>)> done)
{
    return call(
        context, [queue](Engine &engine) { return engine.retryAllWaitingNow(queue); }, std::move(done));
}

bool BrokerClient::setRetryDelays(
    QObject *context, const QString &queue, const QList<qint64> &delays, std::function<void(Result<QueueInfo>)> done)
{
    QVariantList list;
    for (qint64 ms : delays)
        list.append(ms);
    return call(
        context, [queue, list](Engine &engine) { return engine.setRetryDelays(queue, list); }, std::move(done));
}

bool BrokerClient::deleteQueue(QObject *context, const QString &queue, std::function<void(Result<quint64>)> done)
{
    return call(
        context, [queue](Engine &engine) { return engine.deleteQueue(queue, false, false); }, std::move(done));
}

bool BrokerClient::declareQueue(QObject *context, const QueueDef &queue, std::function<void(Result<QueueInfo>)> done)
{
    return call(
        context, [queue](Engine &engine) { return engine.declareQueue(queue, false); }, std::move(done));
}

bool BrokerClient::createExchange(QObject *context, const ExchangeDef &exchange, std::function<void(Result<void>)> done)
{
    return call(
        context,
        [exchange](Engine &engine) {
            // Declaring an exchange that exists with the same settings succeeds
            // in AMQP; a user who asked to create one is told it was there.
            if (engine.exchangeType(exchange.name))
                return Result<void>{Error{ErrorKind::PreconditionFailed,
                    tr("an exchange named %1 exists already")
                        .arg(exchange.name)}};
            return engine.declareExchange(exchange, false);
        },
        std::move(done));
}

bool BrokerClient::deleteExchange(QObject *context, const QString &exchange, std::function<void(Result<void>)> done)
{
    return call(
        context, [exchange](Engine &engine) { return engine.deleteExchange(exchange, false); }, std::move(done));
}

bool BrokerClient::bind(QObject *context, const BindingDef &binding, std::function<void(Result<void>)> done)
{
    return call(
        context,
        [binding](Engine &engine) {
            if (engine.bindings().contains(binding))
                return Result<void>{Error{ErrorKind::PreconditionFailed,
                    tr("that binding exists already")}};
            return engine.bind(binding);
        },
        std::move(done));
}

bool BrokerClient::unbind(QObject *context, const BindingDef &binding, std::function<void(Result<void>)> done)
{
    return call(
        context, [binding](Engine &engine) { return engine.unbind(binding); }, std::move(done));
}

bool BrokerClient::publish(QObject *context, const PublishRequest &request, std::function<void(PublishReply)> done)
{
    if (!m_service->isRunning())
        return false;
    publishSlice(context, request, 0, 0, std::move(done));
    return true;
}

void BrokerClient::publishSlice(
    QObject *context, PublishRequest request, int sentBefore, quint64 waitFor, std::function<void(PublishReply)> done)
{
    // Publishing N copies runs in slices of this many, each its own turn of
    // the broker thread's event loop, so a large repeat count never holds the
    // broker (or its clients) for long.
    constexpr int Slice = 2000;
    const int slice = std::min(request.count - sentBefore, Slice);
    const bool last = sentBefore + slice >= request.count;
    struct SliceResult
    {
        PublishReply report;
        quint64 waitFor = 0; // the store sequence that holds every copy so far
        bool more = false;
    };
    // The report goes out only once the store has committed what it covers:
    // on the broker thread, from Engine::committed when the store is behind.
    auto answer = replier<SliceResult>(context, [this, context, request, done](SliceResult result) mutable {
        if (result.more)
            publishSlice(context, std::move(request), result.report.sent, result.waitFor, std::move(done));
        else
            done(std::move(result.report));
    });
    const bool posted = m_service->postProducer([request, sentBefore, waitFor, slice, last,
                                                  answer](Engine &engine, core::PublishGate &gate) {
        SliceResult result;
        result.report.sent = sentBefore;
        result.waitFor = waitFor;
        // The window publishes as a RabbitMQ client would: expiration,
        // priority and x-delay mean what they mean over AMQP; a resent dead
        // letter keeps its typed history.
        Result<PublishOptions> options = amqpPublishOptions(engine, request.exchange, request.properties);
        options.value.deaths = request.deaths;
        options.value.editedFrom = request.editedFrom;
        if (!options.ok())
            result.report.error = options.error.text;
        for (int i = 0; options.ok() && i < slice; ++i) {
            // Through the publish gate, as every producer: refused under an
            // alarm or while the store is behind, with the reason.
            const core::GatedPublish g = gate.publish(request.exchange, request.routingKey, request.properties,
                                                      request.body, options.value);
            if (!g.refused.isEmpty()) {
                result.report.refused = g.refused;
                break;
            }
            const PublishResult &r = g.result;
            if (r.error) {
                result.report.error = r.error.text;
                break;
            }
            ++result.report.sent;
            result.waitFor = std::max(result.waitFor, r.confirmSequence);
            if (!r.routed) {
                result.report.warning = tr("Published, but no queue is bound for it: the message was dropped.");
                break;
            }
            if (r.rejected) {
                result.report.warning = tr("A full queue rejected the message.");
                break;
            }
        }
        result.more = !last && result.report.refused.isEmpty() && result.report.error.isEmpty()
            && result.report.warning.isEmpty();
        const quint64 waitFor = result.more ? 0 : result.waitFor;
        whenCommitted(engine, waitFor, [answer, result]() mutable { answer(std::move(result)); });
    });
    if (!posted) {
        // The broker stopped between slices: say what went out so far.
        PublishReply report;
        report.sent = sentBefore;
        report.error = tr("Depot stopped while publishing.");
        done(std::move(report)); // called on the GUI thread, where `context` was just seen alive
    }
}

void BrokerClient::whenCommitted(Engine &engine, quint64 sequence, std::function<void()> answer)
{
    store::Store *store = engine.store();
    if (sequence == 0 || !store || store->committedSequence() >= sequence) {
        answer();
        return;
    }
    // Held until the commit; if the store cannot write (disk full), the
    // answer waits with the publishers, as confirms do.
    auto connection = std::make_shared<QMetaObject::Connection>();
    *connection = QObject::connect(&engine, &Engine::committed, &engine, [connection, answer, sequence](quint64 now) {
        if (now < sequence)
            return;
        QObject::disconnect(*connection);
        answer();
    });
}

bool BrokerClient::startTransfer(QObject *context, const TransferSpec &spec, std::function<void(Result<quint64>)> done)
{
    return call(
        context, [spec](Engine &engine) { return engine.startTransfer(spec); }, std::move(done));
}

void BrokerClient::cancelTransfer(quint64 transferId)
{
    run([transferId](Engine &engine) { engine.cancelTransfer(transferId); });
}

bool BrokerClient::closeConnection(
    QObject *context, ConnectionId connection, const QString &reason, std::function<void(bool)> done)
{
    return call(
        context, [connection, reason](Engine &engine) { return engine.requestConnectionClose(connection, reason); },
        std::move(done));
}

bool BrokerClient::depthHistory(
    QObject *context, const QString &queue, int seconds, std::function<void(RateSeries)> done)
{
    return call(
        context, [queue, seconds](Engine &engine) { return engine.stats().depthHistory(queue, seconds); },
        std::move(done));
}

void BrokerClient::startDemo()
{
    m_service->postProducer([](Engine &engine, core::PublishGate &gate) { demo::DemoTraffic::start(engine, gate); });
}

void BrokerClient::stopDemo()
{
    run([](Engine &engine) { demo::DemoTraffic::stop(engine); });
}

} // namespace depot::ui
