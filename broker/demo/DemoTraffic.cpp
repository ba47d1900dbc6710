#include "broker/demo/DemoTraffic.h"

#include <QLoggingCategory>

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>

#include <cmath>
#include <functional>

namespace depot::demo {

namespace {

Q_LOGGING_CATEGORY(lcDemo, "depot.demo")

const QString ShopExchange = QStringLiteral("shop");
const QString DeadLetterExchange = QStringLiteral("shop.dlx");

QString customer(quint32 n)
{
    static const char *const names[] = {"ada", "grace", "linus", "margaret", "ken", "barbara", "dennis", "frances"};
    return QString::fromLatin1(names[n % 8]);
}

} // namespace

// One consumer on its own session. What it does with each delivery is decided
// by `decide`, after `delayMs` (a slow consumer holds its prefetch window).
class DemoTraffic::Consumer final : public DeliverySink
{
public:
    enum class Outcome { Ack, Requeue, Reject };

    Consumer(DemoTraffic *owner, const QString &queue, quint32 prefetch, int delayMs, std::function<Outcome()> decide)
        : m_owner(owner)
        , m_delayMs(delayMs)
        , m_decide(std::move(decide))
    {
        Engine &engine = owner->m_engine;
        m_session = engine.openSession(owner->m_connection, this);
        ConsumeSpec spec;
        spec.queue = queue;
        spec.consumerTag = QStringLiteral("demo-") + queue;
        spec.prefetch = prefetch;
        engine.consume(m_session, spec);
    }

    void deliver(const Delivery &delivery) override
    {
        // Never answer inside deliver(): the engine is mid-dispatch.
        const quint64 tag = delivery.deliveryTag;
        const SessionId session = m_session;
        DemoTraffic *owner = m_owner;
        const Outcome outcome = m_decide();
        QTimer::singleShot(m_delayMs, owner, [owner, session, tag, outcome] {
            if (!owner->m_running)
                return;
            Engine &engine = owner->m_engine;
            switch (outcome) {
            case Outcome::Ack:
                engine.ack(session, tag, false);
                break;
            case Outcome::Requeue:
                engine.nack(session, tag, false, true);
                break;
            case Outcome::Reject:
                engine.reject(session, tag, false);
                break;
            }
        });
    }
    void consumerCancelled(const QString &) override {}

private:
    DemoTraffic *m_owner;
    SessionId m_session = 0;
    int m_delayMs;
    std::function<Outcome()> m_decide;
};

DemoTraffic::DemoTraffic(Engine &engine, core::PublishGate &gate)
    : QObject(&engine)
    , m_engine(engine)
    , m_gate(&gate)
    , m_random(20240601)
{
    setObjectName(QStringLiteral("depot-demo"));
}

DemoTraffic::~DemoTraffic()
{
    // Destroyed either by stop() (engine alive, sessions closed there) or as
    // the engine's child after the engine's own state is gone: touch nothing.
    m_running = false;
}

void DemoTraffic::start(Engine &engine, core::PublishGate &gate)
{
    if (isRunning(engine))
        return;
    auto *demo = new DemoTraffic(engine, gate);
    demo->declareTopology();
    ConnectionInfo info;
    info.name = QStringLiteral("Depot demo");
    info.peer = QStringLiteral("in-process");
    info.protocol = QStringLiteral("demo");
    info.user = QStringLiteral("guest");
    demo->m_connection = engine.openConnection(info);
    demo->m_running = true;
    // Closing the demo's connection (the window, the HTTP API) stops the demo.
    connect(&engine, &Engine::connectionCloseRequested, demo, [demo, &engine](ConnectionId id, const QString &) {
        if (id == demo->m_connection)
            QMetaObject::invokeMethod(&engine, [&engine] { DemoTraffic::stop(engine); }, Qt::QueuedConnection);
    });

    using Outcome = Consumer::Outcome;
    // Orders: most succeed, some are retried (delivery limit 3), some rejected.
    demo->m_consumers.push_back(std::make_unique<Consumer>(demo, QStringLiteral("orders"), 20, 20, [demo] {
        const quint32 roll = demo->m_random.bounded(100u);
        return roll < 82 ? Outcome::Ack : roll < 94 ? Outcome::Requeue : Outcome::Reject;
    }));
    // Payments: one at a time and slow, so the backlog grows and the TTL dead-letters some.
    demo->m_consumers.push_back(std::make_unique<Consumer>(demo, QStringLiteral("payments"), 1, 140, [demo] {
        return demo->m_random.bounded(100u) < 97 ? Outcome::Ack : Outcome::Reject;
    }));
    // E-mails: always succeed, but slower than orders arrive; max-length keeps it bounded.
    demo->m_consumers.push_back(
        std::make_unique<Consumer>(demo, QStringLiteral("emails"), 5, 250, [] { return Outcome::Ack; }));

    demo->m_timer = new QTimer(demo);
    demo->m_timer->setInterval(100);
    QObject::connect(demo->m_timer, &QTimer::timeout, demo, &DemoTraffic::publishTick);
    demo->m_timer->start();
}

void DemoTraffic::stop(Engine &engine)
{
    if (auto *demo = engine.findChild<DemoTraffic *>(QStringLiteral("depot-demo"), Qt::FindDirectChildrenOnly)) {
        demo->shutdown();
        delete demo;
    }
}

bool DemoTraffic::isRunning(const Engine &engine)
{
    return engine.findChild<DemoTraffic *>(QStringLiteral("depot-demo"), Qt::FindDirectChildrenOnly) != nullptr;
}

void DemoTraffic::shutdown()
{
    m_running = false;
    m_timer->stop();
    // Unacked deliveries go back to their queues, as when a real client quits.
    m_engine.closeConnection(m_connection);
    m_consumers.clear();
}

void DemoTraffic::declareTopology()
{
    const auto exchange = [this](const QString &name, ExchangeType type) {
        ExchangeDef def;
        def.name = name;
        def.type = type;
        def.durable = false;   // the demo leaves nothing behind in the user's data dir
        m_engine.declareExchange(def, false);
    };
    exchange(ShopExchange, ExchangeType::Topic);
    exchange(DeadLetterExchange, ExchangeType::Direct);

    const auto queue = [this](const QString &name, QVariantMap args) {
        QueueDef def;
        def.name = name;
        def.durable = false;
        def.arguments = std::move(args);
        m_engine.declareQueue(def, false);
    };
    const auto bind = [this](const QString &exchange, const QString &queue, const QString &key) {
        m_engine.bind(BindingDef{exchange, queue, DestinationKind::Queue, key, {}});
    };
    const QString dlx = QStringLiteral("x-dead-letter-exchange");
    const QString dlrk = QStringLiteral("x-dead-letter-routing-key");
    queue(QStringLiteral("orders"), {{dlx, DeadLetterExchange}, {dlrk, QStringLiteral("orders")},
                                     {QStringLiteral("x-delivery-limit"), 3}});
    queue(QStringLiteral("payments"), {{dlx, DeadLetterExchange}, {dlrk, QStringLiteral("payments")},
                                       {QStringLiteral("x-message-ttl"), 6000}});
    queue(QStringLiteral("emails"), {{QStringLiteral("x-max-length"), 400}});
    queue(QStringLiteral("audit"), {{QStringLiteral("x-max-length"), 5000}});
    queue(QStringLiteral("orders.dlq"), {{QStringLiteral("x-max-length"), 20000}});
    queue(QStringLiteral("payments.dlq"), {{QStringLiteral("x-max-length"), 20000}});
    bind(ShopExchange, QStringLiteral("orders"), QStringLiteral("order.*"));
    bind(ShopExchange, QStringLiteral("emails"), QStringLiteral("order.created"));
    bind(ShopExchange, QStringLiteral("payments"), QStringLiteral("payment.*"));
    bind(ShopExchange, QStringLiteral("audit"), QStringLiteral("#"));
    bind(DeadLetterExchange, QStringLiteral("orders.dlq"), QStringLiteral("orders"));
    bind(DeadLetterExchange, QStringLiteral("payments.dlq"), QStringLiteral("payments"));
}

void DemoTraffic::publishTick()
{
    // Like every producer, the demo asks the gate; refused, it skips this
    // tick and tries again on the next (its consumers keep draining).
    if (!m_gate)
        return;
    if (const QString refused = m_gate->refusal(); !refused.isEmpty()) {
        if (refused != m_refused)
            qCInfo(lcDemo).noquote() << QStringLiteral("demo traffic paused: %1").arg(refused);
        m_refused = refused;
        return;
    }
    if (!m_refused.isEmpty())
        qCInfo(lcDemo) << "demo traffic goes on";
    m_refused.clear();
    const qint64 nowSecs = QDateTime::currentSecsSinceEpoch();
    const auto publish = [&](const QString &key, const QJsonObject &body, const QString &type) {
        MessageProperties props;
        props.contentType = QStringLiteral("application/json");
        props.deliveryMode = 1;
        props.messageId = QStringLiteral("msg-%1").arg(m_orderNumber);
        props.timestamp = nowSecs;
        props.type = type;
        props.appId = QStringLiteral("shop-demo");
        props.headers = QVariantMap{{QStringLiteral("tenant"), QStringLiteral("acme")},
                                    {QStringLiteral("trace-id"), QString::number(m_random.generate64(), 16)}};
        if (m_gate)
            m_gate->publish(ShopExchange, key, std::move(props), QJsonDocument(body).toJson(QJsonDocument::Compact));
    };
    // A gentle wave, so the charts have a shape to show.
    const double phase = double(QDateTime::currentMSecsSinceEpoch() % 60000) / 60000.0 * 6.283;
    const int orders = 2 + int(2.0 * (1.0 + std::sin(phase)));
    for (int i = 0; i < orders; ++i) {
        const quint64 n = ++m_orderNumber;
        const quint32 items = 1 + m_random.bounded(4u);
        publish(QStringLiteral("order.created"),
                QJsonObject{{QStringLiteral("order"), qint64(n)},
                            {QStringLiteral("customer"), customer(m_random.generate())},
                            {QStringLiteral("items"), qint64(items)},
                            {QStringLiteral("total"), double(m_random.bounded(10000u)) / 100.0 + 5.0},
                            {QStringLiteral("currency"), QStringLiteral("EUR")}},
                QStringLiteral("order.created"));
        if (m_random.bounded(3u) == 0) {
            publish(QStringLiteral("payment.requested"),
                    QJsonObject{{QStringLiteral("order"), qint64(n)},
                                {QStringLiteral("method"), m_random.bounded(2u) ? QStringLiteral("card")
                                                                                : QStringLiteral("invoice")},
                                {QStringLiteral("amount"), double(m_random.bounded(10000u)) / 100.0}},
                    QStringLiteral("payment.requested"));
        }
    }
}

} // namespace depot::demo
