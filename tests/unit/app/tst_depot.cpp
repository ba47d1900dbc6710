// The `depot` executable as users run it: command line, refusals, signals,
// data directory handling and recovery across restarts and kill -9.

#include "broker/core/ListenerRegistry.h"
#include "broker/engine/Engine.h"
#include "broker/store/Store.h"
#include "tests/support/DepotProcess.h"
#include "tests/support/TestSupport.h"
#include "tests/unit/http/HttpTestSupport.h"

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

using depot::test::DepotProcess;
using depot::test::outputLines;

namespace {

QStringList errorLines(const QByteArray &standardError)
{
    // Depot's refusals are the lines that start with "depot: "; log lines
    // carry a timestamp instead.
    QStringList lines;
    const QStringList all = outputLines(standardError);
    for (const QString &line : all) {
        if (line.startsWith(QLatin1String("depot: ")))
            lines << line;
    }
    return lines;
}

QByteArray fileHash(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256);
}

// "recovered queue 'name': N messages" lines of a run, as name -> N.
QHash<QString, int> recoveredQueues(const QByteArray &standardError)
{
    QHash<QString, int> queues;
    static const QRegularExpression pattern(QStringLiteral("recovered queue '([^']*)': (\\d+) messages"));
    auto it = pattern.globalMatch(QString::fromUtf8(standardError));
    while (it.hasNext()) {
        const auto match = it.next();
        queues.insert(match.captured(1), match.captured(2).toInt());
    }
    return queues;
}

depot::MessageProperties persistent()
{
    depot::MessageProperties properties;
    properties.deliveryMode = 2;
    return properties;
}

} // namespace

class TestDepot final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void help();
    void version();
    void badArguments_data();
    void badArguments();
    void portTaken_data();
    void portTaken();
    void unusableDataDir_data();
    void unusableDataDir();
    void readOnlyDataDirAsUser();
    void corruptDatabaseRefused();
    void foreignDatabaseRefused();
    void secondDepotOnSameDataDir();
    void createsDataDir();
    void defaultDataDirIsAppData();
    void inMemoryWritesNoFiles();
    void shutdownSignals_data();
    void shutdownSignals();
    void recoveryAcrossRestartAndKill();
    void windowModeStartsOffscreen();
    void listenerSwitchedOff_data();
    void listenerSwitchedOff();
    void headlessDemoFillsItsQueues();
};

void TestDepot::initTestCase()
{
    QVERIFY2(QFileInfo(depot::test::depotBinary()).isExecutable(), "DEPOT_BINARY must name the built depot");
}

void TestDepot::help()
{
    const auto outcome = DepotProcess::run({QStringLiteral("--help")});
    QVERIFY(outcome.finished);
    QCOMPARE(outcome.exitCode, 0);
    const QString text = QString::fromUtf8(outcome.standardOutput);
    for (const char *option : {"--headless", "--data-dir", "--amqp-port", "--http-port", "--in-memory",
                               "--durability", "--version", "--bind", "--max-connections", "--max-channels",
                               "--max-message-size", "--frame-max", "--memory-high-watermark"})
        QVERIFY2(text.contains(QLatin1String(option)), option);
    QVERIFY(text.contains(QLatin1String("Usage:")));
    QVERIFY(outcome.standardError.isEmpty());
}

void TestDepot::version()
{
    const auto outcome = DepotProcess::run({QStringLiteral("--version")});
    QVERIFY(outcome.finished);
    QCOMPARE(outcome.exitCode, 0);
    QCOMPARE(outcome.standardOutput, QByteArray("depot " DEPOT_VERSION "\n"));
    QVERIFY(QByteArray(DEPOT_VERSION).contains('.'));
}

void TestDepot::badArguments_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("expected");   // a fragment the one line must hold

    const auto args = [](std::initializer_list<const char *> list) {
        QStringList result{QStringLiteral("--headless"), QStringLiteral("--in-memory")};
        for (const char *a : list)
            result << QString::fromUtf8(a);
        return result;
    };
    QTest::addRow("unknown option") << args({"--frobnicate"}) << QStringLiteral("frobnicate");
    QTest::addRow("amqp port not a number") << args({"--amqp-port", "abc"}) << QStringLiteral("--amqp-port");
    QTest::addRow("amqp port too big") << args({"--amqp-port", "65536"}) << QStringLiteral("'65536'");
    QTest::addRow("amqp port negative") << args({"--amqp-port", "-1"}) << QStringLiteral("'-1'");
    QTest::addRow("amqp port with junk") << args({"--amqp-port", "56x"}) << QStringLiteral("'56x'");
    QTest::addRow("http port not a number") << args({"--http-port", "http"}) << QStringLiteral("--http-port");
    QTest::addRow("port value missing") << args({"--http-port"}) << QStringLiteral("http-port");
    QTest::addRow("same port twice") << args({"--amqp-port", "5999", "--http-port", "5999"})
                                     << QStringLiteral("5999");
    QTest::addRow("unknown durability") << args({"--durability", "sometimes"}) << QStringLiteral("'sometimes'");
    QTest::addRow("bind not an address") << args({"--bind", "localhost:5"}) << QStringLiteral("--bind");
    QTest::addRow("bind beyond loopback") << args({"--bind", "0.0.0.0"}) << QStringLiteral("0.0.0.0");
    QTest::addRow("in-memory with data dir") << args({"--data-dir", "/tmp/x"}) << QStringLiteral("--in-memory");
    QTest::addRow("stray argument") << args({"extra"}) << QStringLiteral("'extra'");
    QTest::addRow("two listeners on one default port") << args({"--amqp-port", "15672"})
                                                       << QStringLiteral("--amqp-port and --http-port");
    QTest::addRow("user without password") << args({"--user", "alice"}) << QStringLiteral("--password");
    QTest::addRow("password without user") << args({"--password", "s3cret"}) << QStringLiteral("--user");
    QTest::addRow("empty user") << args({"--user", "", "--password", "x"}) << QStringLiteral("empty");
    QTest::addRow("guest beyond loopback") << args({"--bind", "0.0.0.0", "--user", "guest", "--password", "guest"})
                                         << QStringLiteral("--user");
    // Limits (every refusal's exact text: tst_commandline).
    QTest::addRow("max connections zero") << args({"--max-connections", "0"}) << QStringLiteral("--max-connections");
    QTest::addRow("max channels too many") << args({"--max-channels", "70000"}) << QStringLiteral("'70000'");
    QTest::addRow("max message size garbage") << args({"--max-message-size", "huge"}) << QStringLiteral("'huge'");
    QTest::addRow("frame max below the spec") << args({"--frame-max", "100"}) << QStringLiteral("--frame-max");
    QTest::addRow("watermark above memory") << args({"--memory-high-watermark", "1.5"})
                                            << QStringLiteral("--memory-high-watermark");
}

void TestDepot::badArguments()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, expected);

    const auto outcome = DepotProcess::run(arguments);
    QVERIFY(outcome.finished);
    QCOMPARE(outcome.exitCode, 2);
    const QStringList lines = outputLines(outcome.standardError);
    QCOMPARE(lines.size(), 1);
    QVERIFY2(lines.constFirst().startsWith(QLatin1String("depot: ")), qPrintable(lines.constFirst()));
    QVERIFY2(lines.constFirst().contains(expected), qPrintable(lines.constFirst()));
    QVERIFY(!outcome.standardOutput.contains("depot ready"));
}

void TestDepot::portTaken_data()
{
    QTest::addColumn<QString>("flag");
    QTest::addColumn<QString>("protocol");
    QTest::addRow("amqp") << QStringLiteral("--amqp-port") << QStringLiteral("AMQP");
    QTest::addRow("http") << QStringLiteral("--http-port") << QStringLiteral("HTTP");
    QTest::addRow("sqs") << QStringLiteral("--sqs-port") << QStringLiteral("SQS");
    QTest::addRow("kafka") << QStringLiteral("--kafka-port") << QStringLiteral("Kafka");
}

void TestDepot::portTaken()
{
    QFETCH(QString, flag);
    QFETCH(QString, protocol);

    QTcpServer holder;
    QVERIFY(holder.listen(QHostAddress::LocalHost, 0));
    const QString taken = QString::number(holder.serverPort());
    QTemporaryDir dir;
    // Every other listener off: none may fall on its default port, which a
    // test running beside this one may hold.
    QStringList arguments{QStringLiteral("--headless"), QStringLiteral("--data-dir"), dir.path(), flag, taken};
    for (const depot::ListenerEntry &listener : depot::listenerRegistry()) {
        if (listener.flag() != flag)
            arguments << listener.flag() << QStringLiteral("0");
    }
    const auto outcome = DepotProcess::run(arguments);
    QVERIFY(outcome.finished);
    QCOMPARE(outcome.exitCode, 1);
    const QStringList lines = errorLines(outcome.standardError);
    QCOMPARE(lines.size(), 1);
    const QString line = lines.constFirst();
    QVERIFY2(line.contains(protocol + QStringLiteral(" port ") + taken + QStringLiteral(" is already in use")),
             qPrintable(line));
    QVERIFY2(line.endsWith(QStringLiteral("choose another with ") + flag), qPrintable(line));
    // The holder is this test process, which Depot can find through /proc.
    QVERIFY2(line.contains(QStringLiteral("pid %1").arg(QCoreApplication::applicationPid())), qPrintable(line));
    QVERIFY(!outcome.standardOutput.contains("depot ready"));
    // Ports are checked before the data dir is touched.
    QVERIFY(!QFile::exists(QDir(dir.path()).filePath(QStringLiteral("depot.db"))));
}

void TestDepot::unusableDataDir_data()
{
    QTest::addColumn<QString>("dataDir");

    // Tests run as root, where permission bits do not stop writes: use paths
    // nobody can write, whoever they are.
    static QTemporaryDir scratch;
    QFile file(scratch.filePath(QStringLiteral("a-file")));
    if (file.open(QIODevice::WriteOnly))
        file.write("not a directory");
    file.close();
    QTest::addRow("a file in place of the dir") << file.fileName();
    QTest::addRow("a dir under a regular file") << file.fileName() + QStringLiteral("/data");
    QTest::addRow("cannot be created (under /proc)")
        << QStringLiteral("/proc/depot-test-%1/data").arg(QCoreApplication::applicationPid());
    QTest::addRow("exists, not writable (/proc)") << QStringLiteral("/proc");
}

void TestDepot::unusableDataDir()
{
    QFETCH(QString, dataDir);
    DepotProcess depot;
    QVERIFY(!depot.start({QStringLiteral("--data-dir"), dataDir}));
    QCOMPARE(depot.stop(), -1);   // not running any more
    const QStringList lines = errorLines(depot.standardError());
    QCOMPARE(lines.size(), 1);
    QVERIFY2(lines.constFirst().contains(dataDir), qPrintable(lines.constFirst()));
    QVERIFY2(lines.constFirst().contains(QLatin1String("--data-dir")), qPrintable(lines.constFirst()));
    QVERIFY2(depot.errorString().contains(QLatin1String("exited with code 1")), qPrintable(depot.errorString()));
}

void TestDepot::readOnlyDataDirAsUser()
{
    if (::geteuid() == 0)
        QSKIP("root writes to read-only directories; unusableDataDir covers this case with /proc");
    QTemporaryDir dir;
    QVERIFY(QFile::setPermissions(dir.path(), QFileDevice::ReadOwner | QFileDevice::ExeOwner));
    DepotProcess depot;
    QVERIFY(!depot.start({QStringLiteral("--data-dir"), dir.path()}));
    QFile::setPermissions(dir.path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    const QStringList lines = errorLines(depot.standardError());
    QCOMPARE(lines.size(), 1);
    QVERIFY(lines.constFirst().contains(dir.path()));
}

void TestDepot::corruptDatabaseRefused()
{
    QTemporaryDir dir;
    const QString dbPath = QDir(dir.path()).filePath(QStringLiteral("depot.db"));
    QByteArray garbage(64 * 1024, Qt::Uninitialized);
    QRandomGenerator generator(42);
    for (char &c : garbage)
        c = char(generator.bounded(256));
    {
        QFile file(dbPath);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QCOMPARE(file.write(garbage), garbage.size());
    }
    const QByteArray before = fileHash(dbPath);

    DepotProcess depot;
    QVERIFY(!depot.start({QStringLiteral("--data-dir"), dir.path()}));
    const QStringList lines = errorLines(depot.standardError());
    QCOMPARE(lines.size(), 1);
    QVERIFY2(lines.constFirst().contains(dbPath), qPrintable(lines.constFirst()));
    QCOMPARE(fileHash(dbPath), before);
    QCOMPARE(QFileInfo(dbPath).size(), garbage.size());
}

void TestDepot::foreignDatabaseRefused()
{
    QTemporaryDir dir;
    const QString dbPath = QDir(dir.path()).filePath(QStringLiteral("depot.db"));
    {
        auto db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("foreign"));
        db.setDatabaseName(dbPath);
        QVERIFY(db.open());
        QSqlQuery query(db);
        QVERIFY(query.exec(QStringLiteral("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")));
        QVERIFY(query.exec(QStringLiteral("INSERT INTO invoices (total) VALUES (12.5)")));
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("foreign"));
    const QByteArray before = fileHash(dbPath);
    QVERIFY(!before.isEmpty());

    DepotProcess depot;
    QVERIFY(!depot.start({QStringLiteral("--data-dir"), dir.path()}));
    const QStringList lines = errorLines(depot.standardError());
    QCOMPARE(lines.size(), 1);
    QVERIFY2(lines.constFirst().contains(dbPath), qPrintable(lines.constFirst()));
    QCOMPARE(fileHash(dbPath), before);
}

void TestDepot::secondDepotOnSameDataDir()
{
    QTemporaryDir dir;
    DepotProcess first;
    QVERIFY2(first.start({QStringLiteral("--data-dir"), dir.path()}), qPrintable(first.errorString()));
    DepotProcess second;
    QVERIFY(!second.start({QStringLiteral("--data-dir"), dir.path()}));
    const QStringList lines = errorLines(second.standardError());
    QCOMPARE(lines.size(), 1);
    QVERIFY2(lines.constFirst().contains(dir.path()), qPrintable(lines.constFirst()));
    QVERIFY2(lines.constFirst().contains(QLatin1String("another depot")), qPrintable(lines.constFirst()));
    QVERIFY(first.isRunning());
    QCOMPARE(first.stop(), 0);
}

void TestDepot::createsDataDir()
{
    QTemporaryDir scratch;
    const QString dataDir = scratch.filePath(QStringLiteral("nested/deeper/data"));
    DepotProcess depot;
    QVERIFY2(depot.start({QStringLiteral("--data-dir"), dataDir, QStringLiteral("--durability"),
                          QStringLiteral("fsync")}),
             qPrintable(depot.errorString()));
    QVERIFY(QFileInfo(dataDir).isDir());
    QVERIFY(QFile::exists(QDir(dataDir).filePath(QStringLiteral("depot.db"))));
    QCOMPARE(depot.readyLine(), QStringLiteral("depot ready: amqp=127.0.0.1:%1 http=127.0.0.1:%2 sqs=127.0.0.1:%3 "
                                               "kafka=127.0.0.1:%4 data=%5 durability=fsync")
                                    .arg(depot.amqpPort())
                                    .arg(depot.httpPort())
                                    .arg(depot.sqsPort())
                                    .arg(depot.kafkaPort())
                                    .arg(dataDir));
    QCOMPARE(depot.stop(), 0);
}

void TestDepot::defaultDataDirIsAppData()
{
    QTemporaryDir home;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("XDG_DATA_HOME"), home.path());
    DepotProcess depot;
    depot.setEnvironment(environment);
    QVERIFY2(depot.start({}), qPrintable(depot.errorString()));
    const QString expected = QDir(home.path()).filePath(QStringLiteral("Depot"));
    QVERIFY2(depot.readyLine().contains(QStringLiteral(" data=") + expected + QLatin1Char(' ')),
             qPrintable(depot.readyLine()));
    QVERIFY(QFile::exists(QDir(expected).filePath(QStringLiteral("depot.db"))));
    QCOMPARE(depot.stop(), 0);
}

void TestDepot::inMemoryWritesNoFiles()
{
    QTemporaryDir home;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("HOME"), home.path());
    environment.insert(QStringLiteral("XDG_DATA_HOME"), home.filePath(QStringLiteral("share")));
    DepotProcess depot;
    depot.setEnvironment(environment);
    depot.setWorkingDirectory(home.path());
    QVERIFY2(depot.start({QStringLiteral("--in-memory")}), qPrintable(depot.errorString()));
    QVERIFY(depot.readyLine().contains(QLatin1String(" data=in-memory ")));
    QCOMPARE(depot.stop(), 0);
    QDirIterator it(home.path(), QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot,
                    QDirIterator::Subdirectories);
    QStringList created;
    while (it.hasNext())
        created << it.next();
    QVERIFY2(created.isEmpty(), qPrintable(created.join(QLatin1String(", "))));
}

void TestDepot::shutdownSignals_data()
{
    QTest::addColumn<bool>("interrupt");
    QTest::addRow("SIGTERM") << false;
    QTest::addRow("SIGINT") << true;
}

void TestDepot::shutdownSignals()
{
    QFETCH(bool, interrupt);
    QTemporaryDir dir;
    DepotProcess depot;
    QVERIFY2(depot.start({QStringLiteral("--data-dir"), dir.path()}), qPrintable(depot.errorString()));
    QVERIFY(depot.readyLine().startsWith(QLatin1String("depot ready: ")));
    const int exitCode = interrupt ? depot.interrupt() : depot.stop();
    QCOMPARE(exitCode, 0);
    const QString log = QString::fromUtf8(depot.standardError());
    QVERIFY2(log.contains(interrupt ? QLatin1String("received SIGINT") : QLatin1String("received SIGTERM")),
             qPrintable(log));
    QVERIFY2(log.contains(QLatin1String("stopped cleanly")), qPrintable(log));
    // The lock is released: another depot may take the directory now.
    DepotProcess next;
    QVERIFY2(next.start({QStringLiteral("--data-dir"), dir.path()}), qPrintable(next.errorString()));
    QCOMPARE(next.stop(), 0);
}

void TestDepot::recoveryAcrossRestartAndKill()
{
    QTemporaryDir dir;
    // No protocol exists yet to put messages into a running depot, so they
    // are written with the same library depot uses, then depot recovers them.
    {
        QString error;
        auto store = depot::store::Store::open(dir.path(), depot::store::Durability::Normal, &error);
        QVERIFY2(store, qPrintable(error));
        depot::Engine engine(store.get());
        engine.recover();
        depot::QueueDef orders;
        orders.name = QStringLiteral("orders");
        QVERIFY(engine.declareQueue(orders, false).ok());
        depot::QueueDef audit;
        audit.name = QStringLiteral("audit");
        QVERIFY(engine.declareQueue(audit, false).ok());
        depot::QueueDef scratch;
        scratch.name = QStringLiteral("scratch");
        scratch.durable = false;
        QVERIFY(engine.declareQueue(scratch, false).ok());
        for (int i = 0; i < 3; ++i)
            QVERIFY(engine.publish({}, QStringLiteral("orders"), persistent(), "order " + QByteArray::number(i)).routed);
        for (int i = 0; i < 2; ++i)
            QVERIFY(engine.publish({}, QStringLiteral("audit"), persistent(), "entry " + QByteArray::number(i)).routed);
        // Transient: not part of the durability contract, gone after restart.
        QVERIFY(engine.publish({}, QStringLiteral("orders"), {}, "transient").routed);
        QVERIFY(engine.publish({}, QStringLiteral("scratch"), persistent(), "scratch").routed);
        engine.flushStore();
        QVERIFY(store->flush());
        store->close();
    }

    const QHash<QString, int> expected{{QStringLiteral("orders"), 3}, {QStringLiteral("audit"), 2}};
    DepotProcess depot;
    QVERIFY2(depot.start({QStringLiteral("--data-dir"), dir.path()}), qPrintable(depot.errorString()));
    QCOMPARE(recoveredQueues(depot.standardError()), expected);
    QVERIFY(depot.standardError().contains("recovered 2 queues with 5 messages"));
    QCOMPARE(depot.stop(), 0);

    // After a clean stop.
    DepotProcess again;
    QVERIFY2(again.start({QStringLiteral("--data-dir"), dir.path()}), qPrintable(again.errorString()));
    QCOMPARE(recoveredQueues(again.standardError()), expected);

    // After kill -9: the lock is stale, the data intact.
    again.kill();
    DepotProcess afterKill;
    QVERIFY2(afterKill.start({QStringLiteral("--data-dir"), dir.path()}), qPrintable(afterKill.errorString()));
    QCOMPARE(recoveredQueues(afterKill.standardError()), expected);
    QCOMPARE(afterKill.stop(), 0);
}

void TestDepot::windowModeStartsOffscreen()
{
    // CTest sets QT_QPA_PLATFORM=offscreen; a headless-only build says so and
    // runs headless, which must reach readiness just the same.
    QTemporaryDir dir;
    DepotProcess depot;
    depot.setHeadless(false);
    QVERIFY2(depot.start({QStringLiteral("--data-dir"), dir.path()}), qPrintable(depot.errorString()));
    QCOMPARE(depot.stop(), 0);
}

void TestDepot::listenerSwitchedOff_data()
{
    QTest::addColumn<QString>("listener");
    QTest::addRow("amqp") << QStringLiteral("amqp");
    QTest::addRow("http") << QStringLiteral("http");
}

// --PROTO-port 0 switches that listener off: the readiness line keeps its
// field, as PROTO=off, the other listener serves, and nothing listens on
// the port the switched-off one would have had.
void TestDepot::listenerSwitchedOff()
{
    QFETCH(QString, listener);
    DepotProcess depot;
    QVERIFY2(depot.start({QStringLiteral("--in-memory"), QStringLiteral("--%1-port").arg(listener),
                          QStringLiteral("0")}),
             qPrintable(depot.errorString()));
    const bool amqpOff = listener == QLatin1String("amqp");
    const QString amqp = amqpOff ? QStringLiteral("off") : QStringLiteral("127.0.0.1:%1").arg(depot.amqpPort());
    const QString http = amqpOff ? QStringLiteral("127.0.0.1:%1").arg(depot.httpPort()) : QStringLiteral("off");
    QCOMPARE(depot.readyLine(),
             QStringLiteral("depot ready: amqp=%1 http=%2 sqs=127.0.0.1:%3 kafka=127.0.0.1:%4 data=in-memory "
                            "durability=normal")
                 .arg(amqp, http)
                 .arg(depot.sqsPort())
                 .arg(depot.kafkaPort()));
    QTcpSocket off;
    off.connectToHost(QHostAddress::LocalHost, amqpOff ? depot.amqpPort() : depot.httpPort());
    QVERIFY(!off.waitForConnected(2000));
    QTcpSocket on;
    on.connectToHost(QHostAddress::LocalHost, amqpOff ? depot.httpPort() : depot.amqpPort());
    QVERIFY(on.waitForConnected(5000));
    QCOMPARE(depot.stop(), 0);
}

// `depot --headless --demo`: the demo traffic runs in the broker, without a
// window, and its queues fill.
void TestDepot::headlessDemoFillsItsQueues()
{
    DepotProcess depot;
    QVERIFY2(depot.start({QStringLiteral("--in-memory"), QStringLiteral("--demo")}), qPrintable(depot.errorString()));
    depot::test::HttpClient http(depot.httpPort());
    const auto messages = [&](const char *queue) {
        const auto r = http.get(QByteArray("/api/queues/%2F/") + queue);
        return r.status == 200 ? r.object().value(QStringLiteral("messages")).toInteger() : -1;
    };
    QTRY_VERIFY_WITH_TIMEOUT(messages("audit") > 0, 20000);
    // The failing consumers dead-letter some orders or payments too.
    QTRY_VERIFY_WITH_TIMEOUT(messages("orders.dlq") + messages("payments.dlq") > 0, 60000);
    QCOMPARE(depot.stop(), 0);
}

QTEST_GUILESS_MAIN(TestDepot)
#include "tst_depot.moc"
