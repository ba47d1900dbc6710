#include "broker/core/BrokerService.h"

#include "broker/core/BrokerCore.h"
#include "broker/engine/Engine.h"
#include "broker/net/TlsThreadState.h"

#include <QThread>

namespace depot {

void BrokerService::ThreadStopper::operator()(QThread *thread) const
{
    thread->quit();
    thread->wait();
    delete thread;
}

BrokerService::BrokerService(BrokerOptions options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_lastSnapshot(std::make_shared<const StatsSnapshot>())
{
}

BrokerService::~BrokerService()
{
    stop();
}

void BrokerService::setPorts(const QMap<QString, quint16> &ports)
{
    if (m_state != State::Stopped)
        return;
    for (auto it = ports.cbegin(); it != ports.cend(); ++it)
        m_options.setPort(it.key(), it.value());
}

void BrokerService::start()
{
    if (m_state != State::Stopped)
        return;
    m_state = State::Starting;
    const quint64 generation = ++m_generation;

    m_thread.reset(new QThread);
    m_thread->setObjectName(QStringLiteral("depot-broker"));
    // The HTTP listener brings OpenSSL onto this thread (TlsThreadState.h).
    net::releaseThreadTlsStateWhenFinished(m_thread.get());
    m_core = std::make_unique<BrokerCore>(m_options);
    m_core->moveToThread(m_thread.get());
    m_thread->start();

    BrokerCore *core = m_core.get();
    // `this` outlives the start call: stop() (also from the destructor) waits
    // on the broker thread for a call queued behind it, and an event posted to
    // this object is discarded should it be destroyed before delivery.
    BrokerService *service = this;
    QMetaObject::invokeMethod(core, [core, service, generation] {
        const BrokerStartResult result = core->start();
        QMetaObject::invokeMethod(service, [service, generation, result] {
            if (service->m_generation != generation || service->m_state != State::Starting)
                return;   // stopped (or restarted) meanwhile
            service->m_ports = result.ports;
            service->m_databaseFile = result.databaseFile;
            service->m_recovery = result.recovery;
            service->m_stats = result.stats;
            service->finishStart(result.ok, result.error);
        }, Qt::QueuedConnection);
    }, Qt::QueuedConnection);
}

void BrokerService::finishStart(bool ok, const QString &error)
{
    if (ok) {
        m_state = State::Running;
        Q_EMIT started();
        return;
    }
    // The core has already released what it had acquired; end the thread.
    teardown();
    m_state = State::Stopped;
    Q_EMIT startFailed(error);
}

void BrokerService::stop()
{
    if (m_state == State::Stopped)
        return;
    const bool wasRunning = m_state == State::Running;
    if (m_stats)
        m_lastSnapshot = m_stats->snapshot();
    // Queued behind anything posted earlier (including a start in progress),
    // so every posted function runs before the store is flushed.
    BrokerCore *core = m_core.get();
    QMetaObject::invokeMethod(core, [core] { core->shutdown(); }, Qt::BlockingQueuedConnection);
    teardown();
    m_state = State::Stopped;
    ++m_generation;
    if (wasRunning)
        Q_EMIT stopped();
}

void BrokerService::teardown()
{
    m_stats = nullptr;
    m_thread.reset();
    m_core.reset();
    m_ports.clear();
}

namespace {

HistoryActor windowActor()
{
    return HistoryActor{HistoryActor::Kind::Window, QStringLiteral("window"), QString(), QString(), QString()};
}

} // namespace

bool BrokerService::post(std::function<void(Engine &)> fn)
{
    if (m_state != State::Running || !fn)
        return false;
    BrokerCore *core = m_core.get();
    return QMetaObject::invokeMethod(core, [core, fn = std::move(fn)] {
        if (Engine *engine = core->engine()) {
            // Work the window hands over: its events name the window.
            const Engine::ActingAs acting = engine->actingAs(windowActor());
            fn(*engine);
        }
    }, Qt::QueuedConnection);
}

bool BrokerService::postProducer(std::function<void(Engine &, core::PublishGate &)> fn)
{
    if (m_state != State::Running || !fn)
        return false;
    BrokerCore *core = m_core.get();
    return QMetaObject::invokeMethod(core, [core, fn = std::move(fn)] {
        Engine *engine = core->engine();
        core::PublishGate *gate = core->publishGate();
        if (engine && gate) {
            const Engine::ActingAs acting = engine->actingAs(windowActor());
            fn(*engine, *gate);
        }
    }, Qt::QueuedConnection);
}

bool BrokerService::postKafka(std::function<void(Engine &, kafka::KafkaAdmin &)> fn)
{
    if (m_state != State::Running || !fn)
        return false;
    BrokerCore *core = m_core.get();
    return QMetaObject::invokeMethod(core, [core, fn = std::move(fn)] {
        Engine *engine = core->engine();
        kafka::KafkaAdmin *admin = core->kafkaAdmin();
        if (engine && admin)
            fn(*engine, *admin);
    }, Qt::QueuedConnection);
}

std::shared_ptr<const StatsSnapshot> BrokerService::statsSnapshot() const
{
    if (m_stats) {
        if (auto snapshot = m_stats->snapshot())
            return snapshot;
    }
    return m_lastSnapshot;
}

RateSeries BrokerService::globalHistory(Counter counter, int seconds) const
{
    return m_stats ? m_stats->globalHistory(counter, seconds) : RateSeries{};
}

} // namespace depot
