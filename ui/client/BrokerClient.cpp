#include "ui/client/BrokerClient.h"

#include "broker/amqp/AmqpPublishOptions.h"
#include "broker/core/PublishGate.h"

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
    const bool posted = call(
        this,
        [](Engine &engine) {
            auto snapshot = std::make_shared<BrokerSnapshot>();
            snapshot->takenAtMs = QDateTime::currentMSecsSinceEpoch();
            const QList<QueueInfo> queues = engine.queues();
            snapshot->queues.reserve(queues.size());
            for (const QueueInfo &info : queues) {
                QueueRow row;
                row.name = info.def.name;
                row.ready = info.ready;
                row.unacked = info.unacked;
                row.bytes = info.bytes;
                row.consumers = info.consumers;
                row.durable = info.def.durable;
                row.exclusive = info.def.exclusive;
                row.autoDelete = info.def.autoDelete;
                row.arguments = info.def.arguments;
                row.deadLetterExchange = info.deadLetterExchange;
                row.deadLetterRoutingKey = info.deadLetterRoutingKey;
                snapshot->queues.append(std::move(row));
            }
            snapshot->exchanges = engine.exchanges();
            snapshot->bindings = engine.bindings();
            snapshot->connections = engine.connections();
            snapshot->consumers = engine.consumers();
            snapshot->alarms = engine.alarms();
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
        QObject::connect(&engine, &Engine::transferProgress, &engine,
                         [self, app](quint64 id, quint64 done, quint64 total) {
                             QMetaObject::invokeMethod(
                                 app, [self, id, done, total] {
                                     if (self)
                                         Q_EMIT self->transferProgress(id, done, total);
                                 },
                                 Qt::QueuedConnection);
                         });
        QObject::connect(&engine, &Engine::transferFinished, &engine, [self, app](const TransferReport &report) {
            QMetaObject::invokeMethod(
                app, [self, report] {
                    if (self)
                        Q_EMIT self->transferFinished(report);
                },
                Qt::QueuedConnection);
        });
    });
}

void BrokerClient::publish(QObject *context, PublishRequest request, std::function<void(PublishReply)> done)
{
    QPointer<QObject> guard(context);
    QPointer<BrokerClient> self(this);
    const bool posted = m_service->postProducer([guard, self, request = std::move(request),
                                                  done](Engine &engine, core::PublishGate &gate) {
        PublishReply reply;
        // The window publishes as a RabbitMQ client would: expiration,
        // priority and x-delay mean what they mean over AMQP.
        Result<PublishOptions> options = amqpPublishOptions(engine, request.exchange, request.properties);
        options.value.deaths = request.deaths;
        if (!options.ok())
            reply.error = options.error.text;
        for (; options.ok() && reply.sent < request.count; ++reply.sent) {
            const core::GatedPublish r = gate.publish(request.exchange, request.routingKey, request.properties,
                                                      request.body, options.value);
            if (!r.refused.isEmpty()) {
                reply.refused = r.refused;
                break;
            }
            if (r.result.error) {
                reply.error = r.result.error.text;
                break;
            }
            if (!r.result.routed)
                reply.warning = tr("Published, but no queue is bound for it: the message was dropped.");
            else if (r.result.rejected)
                reply.warning = tr("A full queue rejected the message.");
            if (!reply.warning.isEmpty()) {
                ++reply.sent;
                break;
            }
        }
        QMetaObject::invokeMethod(
            QCoreApplication::instance(),
            [guard, self, done, reply] {
                if (guard && self)
                    done(reply);
            },
            Qt::QueuedConnection);
    });
    if (!posted)
        done(PublishReply{0, {}, tr("The broker is not running."), {}});
}

void BrokerClient::browse(QObject *context, const QString &queue, quint64 offset, quint64 limit,
                          std::function<void(QList<MessageRow>)> done)
{
    call(
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

void BrokerClient::message(QObject *context, const QString &queue, MessageId id,
                           std::function<void(std::optional<MessageView>)> done)
{
    call(context, [queue, id](Engine &engine) { return engine.message(queue, id); }, std::move(done));
}

void BrokerClient::startTransfer(QObject *context, const TransferSpec &spec, std::function<void(Result<quint64>)> done)
{
    call(context, [spec](Engine &engine) { return engine.startTransfer(spec); }, std::move(done));
}

void BrokerClient::cancelTransfer(quint64 transferId)
{
    run([transferId](Engine &engine) { engine.cancelTransfer(transferId); });
}

void BrokerClient::depthHistory(QObject *context, const QString &queue, int seconds,
                                std::function<void(RateSeries)> done)
{
    call(context, [queue, seconds](Engine &engine) { return engine.stats().depthHistory(queue, seconds); },
         std::move(done));
}

} // namespace depot::ui
