// BrokerService in-process: the broker thread's lifecycle, post() as the
// only way to the engine, and stats read from another thread.

#include "broker/core/BrokerService.h"
#include "broker/core/ListenerRegistry.h"
#include "broker/engine/Engine.h"
#include "broker/store/Store.h"
#include "tests/support/AnyFreePorts.h"
#include "tests/support/TestSupport.h"

#include <QAtomicInteger>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <atomic>

using depot::BrokerOptions;
using depot::BrokerService;

namespace {

constexpr int StartTimeoutMs = 20000;

BrokerOptions inMemory()
{
    BrokerOptions options;
    options.inMemory = true;
    depot::test::anyFreePorts(options); // tests run in parallel
    return options;
}

BrokerOptions onDisk(const QString &dir)
{
    BrokerOptions options = inMemory();
    options.inMemory = false;
    options.dataDir = dir;
    return options;
}

bool startAndWait(BrokerService &service)
{
    QSignalSpy started(&service, &BrokerService::started);
    QSignalSpy failed(&service, &BrokerService::startFailed);
    service.start();
    if (!QTest::qWaitFor([&] { return !started.isEmpty() || !failed.isEmpty(); }, StartTimeoutMs))
        return false;
    if (!failed.isEmpty())
        qWarning("start failed: %s", qPrintable(failed.constFirst().constFirst().toString()));
    return !started.isEmpty();
}

depot::MessageProperties persistent()
{
    depot::MessageProperties properties;
    properties.deliveryMode = 2;
    return properties;
}

} // namespace

class TestBrokerService final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void startListensAndStopReleases();
    void postRunsOnTheBrokerThreadInOrder();
    void postWhenStoppedIsRefused();
    void statsReadableFromTestThread();
    void stopCommitsEverythingPosted();
    void stopRemovesWhatTheWindowSetAside();
    void portTakenFailsAndReleasesTheOtherPort();
    void dataDirLockedByAnotherService();
    void stopWhileStartingNeverReportsStarted();
    void restartAfterStop();
    void listenerSwitchedOff_data();
    void listenerSwitchedOff();
    void setPortsChangesOnlyTheNamedListener();
};

void TestBrokerService::startListensAndStopReleases()
{
    BrokerService service(inMemory());
    QCOMPARE(service.state(), BrokerService::State::Stopped);
    QVERIFY(startAndWait(service));
    QVERIFY(service.isRunning());
    QVERIFY(service.port(QStringLiteral("amqp")) != 0);
    QVERIFY(service.port(QStringLiteral("http")) != 0);
    QVERIFY(service.port(QStringLiteral("amqp")) != service.port(QStringLiteral("http")));
    QVERIFY(service.databaseFile().isEmpty());

    // The AMQP server serves connections: one that stays silent is kept for
    // the handshake timeout (10 s, as RabbitMQ), and stop() closes it at once.
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, service.port(QStringLiteral("amqp")));
    QVERIFY(socket.waitForConnected(5000));
    QTest::qWait(200);
    QCOMPARE(socket.state(), QAbstractSocket::ConnectedState);

    const quint16 amqp = service.port(QStringLiteral("amqp"));
    QSignalSpy stopped(&service, &BrokerService::stopped);
    service.stop();
    QCOMPARE(stopped.size(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(socket.state(), QAbstractSocket::UnconnectedState, 5000);
    QCOMPARE(service.state(), BrokerService::State::Stopped);
    QCOMPARE(service.port(QStringLiteral("amqp")), quint16(0));
    QTcpServer rebind;
    QVERIFY2(rebind.listen(QHostAddress::LocalHost, amqp), "the port stays taken after stop()");
}

void TestBrokerService::postRunsOnTheBrokerThreadInOrder()
{
    BrokerService service(inMemory());
    QVERIFY(startAndWait(service));
    QThread *brokerThread = nullptr;
    QThread *engineThread = nullptr;
    QString threadName;
    QList<int> order; // touched only on the broker thread until stop() joined it
    std::atomic<int> done{0};
    for (int i = 0; i < 100; ++i) {
        QVERIFY(service.post([&, i](depot::Engine &engine) {
            if (i == 0) {
                brokerThread = QThread::currentThread();
                threadName = brokerThread->objectName();
                engineThread = engine.thread();
            }
            order << i;
            done.fetch_add(1);
        }));
    }
    QTRY_COMPARE_WITH_TIMEOUT(done.load(), 100, 5000);
    service.stop();
    QVERIFY(brokerThread != nullptr);
    QVERIFY(brokerThread != QThread::currentThread());
    QCOMPARE(threadName, QStringLiteral("depot-broker"));
    QCOMPARE(engineThread, brokerThread);
    QList<int> expected;
    for (int i = 0; i < 100; ++i)
        expected << i;
    QCOMPARE(order, expected);
}

void TestBrokerService::postWhenStoppedIsRefused()
{
    BrokerService service(inMemory());
    bool ran = false;
    QVERIFY(!service.post([&](depot::Engine &) { ran = true; }));
    QVERIFY(startAndWait(service));
    service.stop();
    QVERIFY(!service.post([&](depot::Engine &) { ran = true; }));
    QTest::qWait(50);
    QVERIFY(!ran);
}

void TestBrokerService::statsReadableFromTestThread()
{
    BrokerService service(inMemory());
    QVERIFY(startAndWait(service));
    QVERIFY(service.statsSnapshot() != nullptr);
    QVERIFY(service.post([](depot::Engine &engine) {
        depot::QueueDef queue;
        queue.name = QStringLiteral("jobs");
        queue.durable = false;
        engine.declareQueue(queue, false);
        for (int i = 0; i < 7; ++i)
            engine.publish({}, QStringLiteral("jobs"), {}, QByteArray("job"));
    }));
    // The engine publishes a snapshot about once a second.
    QTRY_COMPARE_WITH_TIMEOUT(service.statsSnapshot()->totals[depot::Counter::Published], quint64(7), 10000);
    const auto snapshot = service.statsSnapshot();
    QVERIFY(snapshot->queues.contains(QStringLiteral("jobs")));
    QCOMPARE(snapshot->queues.value(QStringLiteral("jobs")).gauges.ready, quint64(7));
    service.stop();
    // The last numbers stay readable after stop (the window may still show them).
    QCOMPARE(service.statsSnapshot()->totals[depot::Counter::Published], quint64(7));
}

void TestBrokerService::stopCommitsEverythingPosted()
{
    QTemporaryDir dir;
    {
        BrokerService service(onDisk(dir.path()));
        QVERIFY(startAndWait(service));
        QCOMPARE(service.databaseFile(), QDir(dir.path()).filePath(QStringLiteral("depot.db")));
        QVERIFY(service.post([](depot::Engine &engine) {
            depot::QueueDef queue;
            queue.name = QStringLiteral("durable-jobs");
            engine.declareQueue(queue, false);
            for (int i = 0; i < 50; ++i)
                engine.publish({}, QStringLiteral("durable-jobs"), persistent(), QByteArray::number(i));
        }));
        // No waiting: stop() runs after everything posted and flushes.
        service.stop();
    }
    QString error;
    auto store = depot::store::Store::open(dir.path(), depot::store::Durability::Normal, &error);
    QVERIFY2(store, qPrintable(error));
    const depot::store::RecoveredState state = store->recover();
    const auto it = std::find_if(state.queues.cbegin(), state.queues.cend(),
        [](const auto &q) { return q.def.name == QLatin1String("durable-jobs"); });
    QVERIFY(it != state.queues.cend());
    QCOMPARE(it->messages.size(), 50);
    store->close();

    // And a service on the same dir recovers and reports them.
    BrokerService again(onDisk(dir.path()));
    QVERIFY(startAndWait(again));
    QVERIFY2(again.recoveryReport().contains(QStringLiteral("recovered queue 'durable-jobs': 50 messages, 90 bytes")),
        qPrintable(again.recoveryReport().join(QLatin1Char('\n'))));
}

// A clean quit ends the window's undo offers: what Delete and Purge set aside
// is removed for good, not brought back at the next start (as a crash would).
void TestBrokerService::stopRemovesWhatTheWindowSetAside()
{
    QTemporaryDir dir;
    {
        BrokerService service(onDisk(dir.path()));
        QVERIFY(startAndWait(service));
        QVERIFY(service.post([](depot::Engine &engine) {
            depot::QueueDef queue;
            queue.name = QStringLiteral("jobs");
            engine.declareQueue(queue, false);
            for (int i = 0; i < 10; ++i)
                engine.publish({}, QStringLiteral("jobs"), persistent(), QByteArray::number(i));
            engine.flushStore();
        }));
        // Set aside in a later turn, once the messages are stored.
        QVERIFY(service.post([](depot::Engine &engine) {
            const QList<depot::MessageId> two = engine.browseIds(QStringLiteral("jobs"), 0, 2);
            engine.setAside(QStringLiteral("jobs"), two);
            engine.setAsideAll(QStringLiteral("jobs"));
        }));
        service.stop();
    }
    QString error;
    auto store = depot::store::Store::open(dir.path(), depot::store::Durability::Normal, &error);
    QVERIFY2(store, qPrintable(error));
    const depot::store::RecoveredState state = store->recover();
    const auto it = std::find_if(state.queues.cbegin(), state.queues.cend(),
        [](const auto &q) { return q.def.name == QLatin1String("jobs"); });
    QVERIFY(it != state.queues.cend());
    QCOMPARE(it->messages.size(), 0);
    store->close();
}

void TestBrokerService::portTakenFailsAndReleasesTheOtherPort()
{
    QTcpServer holder;
    QVERIFY(holder.listen(QHostAddress::LocalHost, 0));
    BrokerOptions options = inMemory();
    const quint16 amqpPort = depot::test::freePort();
    options.setPort(QStringLiteral("amqp"), amqpPort);
    options.setPort(QStringLiteral("http"), holder.serverPort());
    BrokerService service(options);
    QSignalSpy failed(&service, &BrokerService::startFailed);
    QSignalSpy started(&service, &BrokerService::started);
    service.start();
    QVERIFY(failed.wait(StartTimeoutMs));
    QVERIFY(started.isEmpty());
    const QString line = failed.constFirst().constFirst().toString();
    QVERIFY2(line.startsWith(QStringLiteral("depot: HTTP port %1 is already in use").arg(holder.serverPort())),
        qPrintable(line));
    QVERIFY(line.endsWith(QLatin1String("--http-port")));
    QCOMPARE(service.state(), BrokerService::State::Stopped);
    QTcpServer amqp;
    QVERIFY2(amqp.listen(QHostAddress::LocalHost, amqpPort), "the AMQP port was not released");
}

void TestBrokerService::dataDirLockedByAnotherService()
{
    QTemporaryDir dir;
    BrokerService first(onDisk(dir.path()));
    QVERIFY(startAndWait(first));
    BrokerService second(onDisk(dir.path()));
    QSignalSpy failed(&second, &BrokerService::startFailed);
    second.start();
    QVERIFY(failed.wait(StartTimeoutMs));
    const QString line = failed.constFirst().constFirst().toString();
    QVERIFY2(line.contains(dir.path()) && line.contains(QLatin1String("another depot"))
            && line.contains(QLatin1String("--data-dir")),
        qPrintable(line));
    QVERIFY(first.isRunning());
}

void TestBrokerService::stopWhileStartingNeverReportsStarted()
{
    BrokerService service(inMemory());
    QSignalSpy started(&service, &BrokerService::started);
    service.start();
    QCOMPARE(service.state(), BrokerService::State::Starting);
    service.stop();
    QCOMPARE(service.state(), BrokerService::State::Stopped);
    QTest::qWait(200);
    QVERIFY(started.isEmpty());
    QCOMPARE(service.state(), BrokerService::State::Stopped);
}

void TestBrokerService::restartAfterStop()
{
    BrokerService service(inMemory());
    QVERIFY(startAndWait(service));
    service.stop();
    QVERIFY(startAndWait(service));
    std::atomic<bool> ran{false};
    QVERIFY(service.post([&](depot::Engine &) { ran = true; }));
    QTRY_VERIFY_WITH_TIMEOUT(ran.load(), 5000);
}

void TestBrokerService::listenerSwitchedOff_data()
{
    QTest::addColumn<QString>("off");
    QTest::addColumn<QString>("on");
    QTest::addRow("amqp") << QStringLiteral("amqp") << QStringLiteral("http");
    QTest::addRow("http") << QStringLiteral("http") << QStringLiteral("amqp");
}

void TestBrokerService::listenerSwitchedOff()
{
    QFETCH(QString, off);
    QFETCH(QString, on);
    BrokerOptions options = inMemory();
    options.switchOff(off);
    BrokerService service(options);
    QVERIFY(startAndWait(service));
    QCOMPARE(service.port(off), quint16(0));
    QVERIFY(service.port(on) != 0);
    // Only the one switched off is missing; every other listener runs.
    QVERIFY(!service.ports().contains(off));
    QStringList running;
    for (const depot::ListenerEntry &listener : depot::listenerRegistry())
        if (listener.name != off)
            running << listener.name;
    running.sort();
    QStringList keys = service.ports().keys();
    keys.sort();
    QCOMPARE(keys, running);
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, service.port(on));
    QVERIFY(socket.waitForConnected(5000));
    service.stop();
}

void TestBrokerService::setPortsChangesOnlyTheNamedListener()
{
    const quint16 http = depot::test::freePort();
    BrokerService service(inMemory());
    service.setPorts({{QStringLiteral("http"), http}});
    QCOMPARE(service.options().port(QStringLiteral("http"), 1), std::optional<quint16>(http));
    QCOMPARE(service.options().port(QStringLiteral("amqp"), 1), std::optional<quint16>(0));
    QVERIFY(startAndWait(service));
    QCOMPARE(service.port(QStringLiteral("http")), http);
    // Ignored while running.
    service.setPorts({{QStringLiteral("http"), quint16(http + 1)}});
    QCOMPARE(service.options().port(QStringLiteral("http"), 1), std::optional<quint16>(http));
    service.stop();
}

QTEST_GUILESS_MAIN(TestBrokerService)
#include "tst_brokerservice.moc"
