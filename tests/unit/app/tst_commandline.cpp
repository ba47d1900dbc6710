// CommandLine's limit options: what each accepts (sizes with units, fractions)
// and the one line it answers to a bad value. tst_depot checks the same
// refusals end to end (exit code 2, nothing started).

#include "app/CommandLine.h"
#include "broker/core/ListenerRegistry.h"

#include <QTest>

using depot::BrokerOptions;
using depot::app::CommandLine;
using depot::app::parseByteSize;

namespace {

QStringList argv(std::initializer_list<const char *> list)
{
    QStringList out{QStringLiteral("depot"), QStringLiteral("--headless"), QStringLiteral("--in-memory")};
    for (const char *a : list)
        out << QString::fromUtf8(a);
    return out;
}

constexpr quint64 Mi = 1024 * 1024;

} // namespace

class TestCommandLine final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // Ports travel as a map keyed by listener name; 0 switches one off.
    void ports_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<int>("amqp");   // -1: off
        QTest::addColumn<int>("http");
        QTest::addColumn<QString>("error");   // empty: accepted
        QTest::addRow("defaults") << argv({}) << 5672 << 15672 << QString();
        QTest::addRow("both set") << argv({"--amqp-port", "5999", "--http-port", "16000"}) << 5999 << 16000
                                  << QString();
        QTest::addRow("amqp off") << argv({"--amqp-port", "0"}) << -1 << 15672 << QString();
        QTest::addRow("http off") << argv({"--http-port", "0"}) << 5672 << -1 << QString();
        QTest::addRow("both off") << argv({"--amqp-port", "0", "--http-port", "0"}) << -1 << -1 << QString();
        QTest::addRow("same port") << argv({"--amqp-port", "5999", "--http-port", "5999"}) << 0 << 0
                                   << QStringLiteral("depot: --amqp-port and --http-port are both 5999; choose two "
                                                     "different ports (see depot --help)");
        QTest::addRow("too big") << argv({"--http-port", "65536"}) << 0 << 0
                                 << QStringLiteral("depot: --http-port must be a number from 1 to 65535, or 0 to "
                                                   "switch HTTP off, not '65536' (see depot --help)");
        QTest::addRow("negative") << argv({"--amqp-port", "-1"}) << 0 << 0
                                  << QStringLiteral("depot: --amqp-port must be a number from 1 to 65535, or 0 to "
                                                    "switch AMQP off, not '-1' (see depot --help)");
    }
    void ports()
    {
        QFETCH(QStringList, arguments);
        QFETCH(int, amqp);
        QFETCH(int, http);
        QFETCH(QString, error);
        CommandLine commandLine(QStringLiteral("/tmp/depot-data"));
        const CommandLine::Action action = commandLine.parse(arguments);
        if (!error.isEmpty()) {
            QCOMPARE(action, CommandLine::Action::Error);
            QCOMPARE(commandLine.error(), error);
            return;
        }
        QCOMPARE(action, CommandLine::Action::Run);
        const auto expect = [](int port) { return port < 0 ? std::nullopt : std::optional<quint16>(quint16(port)); };
        QCOMPARE(commandLine.options().port(QStringLiteral("amqp"), 5672), expect(amqp));
        QCOMPARE(commandLine.options().port(QStringLiteral("http"), 15672), expect(http));
    }

    // Kafka listens on 9092 by default, and never beyond loopback (no SASL
    // yet): with --bind beyond it Kafka stays on loopback, and its port given
    // there is refused.
    void kafkaIsOnByDefaultAndStaysOnLoopback()
    {
        const depot::ListenerEntry *kafka = depot::findListener(QStringLiteral("kafka"));
        QVERIFY(kafka);
        CommandLine plain(QStringLiteral("/tmp/depot-data"));
        QCOMPARE(plain.parse(argv({})), CommandLine::Action::Run);
        QCOMPARE(depot::listenerPort(plain.options(), *kafka), std::optional<quint16>(9092));
        QCOMPARE(depot::listenAddress(plain.options(), *kafka), QHostAddress(QHostAddress::LocalHost));
        CommandLine off(QStringLiteral("/tmp/depot-data"));
        QCOMPARE(off.parse(argv({"--kafka-port", "0"})), CommandLine::Action::Run);
        QCOMPARE(depot::listenerPort(off.options(), *kafka), std::nullopt);
        CommandLine given(QStringLiteral("/tmp/depot-data"));
        QCOMPARE(given.parse(argv({"--kafka-port", "19092"})), CommandLine::Action::Run);
        QCOMPARE(depot::listenerPort(given.options(), *kafka), std::optional<quint16>(19092));
        CommandLine exposed(QStringLiteral("/tmp/depot-data"));
        QCOMPARE(exposed.parse(argv({"--kafka-port", "19092", "--bind", "0.0.0.0", "--user", "dev", "--password",
                                     "secret"})),
                 CommandLine::Action::Error);
        QCOMPARE(exposed.error(), QStringLiteral("depot: --kafka-port has no authentication yet and listens on "
                                                 "loopback only; with --bind 0.0.0.0 leave --kafka-port out (see "
                                                 "depot --help)"));
        const depot::ListenerEntry *amqp = depot::findListener(QStringLiteral("amqp"));
        for (const char *bind : {"0.0.0.0", "192.168.1.20"}) {
            CommandLine exposedWithout(QStringLiteral("/tmp/depot-data"));
            QCOMPARE(exposedWithout.parse(argv({"--bind", bind, "--user", "dev", "--password", "secret"})),
                     CommandLine::Action::Run);
            QCOMPARE(depot::listenerPort(exposedWithout.options(), *kafka), std::optional<quint16>(9092));
            QCOMPARE(depot::listenAddress(exposedWithout.options(), *kafka), QHostAddress(QHostAddress::LocalHost));
            QCOMPARE(depot::listenAddress(exposedWithout.options(), *amqp), QHostAddress(QLatin1String(bind)));
        }
        CommandLine exposed6(QStringLiteral("/tmp/depot-data"));
        QCOMPARE(exposed6.parse(argv({"--bind", "::", "--user", "dev", "--password", "secret"})),
                 CommandLine::Action::Run);
        QCOMPARE(depot::listenAddress(exposed6.options(), *kafka), QHostAddress(QHostAddress::LocalHostIPv6));
        CommandLine loopback6(QStringLiteral("/tmp/depot-data"));
        QCOMPARE(loopback6.parse(argv({"--bind", "::1"})), CommandLine::Action::Run);
        QCOMPARE(depot::listenAddress(loopback6.options(), *kafka), QHostAddress(QHostAddress::LocalHostIPv6));
    }

    void demoRunsHeadlessToo()
    {
        CommandLine commandLine(QStringLiteral("/tmp/depot-data"));
        QCOMPARE(commandLine.parse(argv({"--demo"})), CommandLine::Action::Run);
        QVERIFY(commandLine.headless());
        QVERIFY(commandLine.demo());
    }

    void sizes_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("bytes");   // -1: refused
        QTest::addRow("bytes") << QStringLiteral("1048576") << qint64(1048576);
        QTest::addRow("B") << QStringLiteral("512B") << qint64(512);
        QTest::addRow("MiB") << QStringLiteral("128MiB") << qint64(128 * Mi);
        QTest::addRow("MiB with space") << QStringLiteral("128 MiB") << qint64(128 * Mi);
        QTest::addRow("M is 1024-based") << QStringLiteral("8M") << qint64(8 * Mi);
        QTest::addRow("k") << QStringLiteral("64k") << qint64(64 * 1024);
        QTest::addRow("KB is 1000-based") << QStringLiteral("64KB") << qint64(64000);
        QTest::addRow("GB") << QStringLiteral("2GB") << qint64(2'000'000'000);
        QTest::addRow("GiB") << QStringLiteral("2GiB") << qint64(2ll * 1024 * Mi);
        QTest::addRow("lower case") << QStringLiteral("2gib") << qint64(2ll * 1024 * Mi);
        QTest::addRow("fraction with unit") << QStringLiteral("1.5GiB") << qint64(1536 * Mi);
        QTest::addRow("TB") << QStringLiteral("1TB") << qint64(1'000'000'000'000);
        QTest::addRow("fraction of a byte") << QStringLiteral("1.5") << qint64(-1);
        QTest::addRow("negative") << QStringLiteral("-5MiB") << qint64(-1);
        QTest::addRow("unknown unit") << QStringLiteral("5 parsecs") << qint64(-1);
        QTest::addRow("empty") << QStringLiteral("") << qint64(-1);
        QTest::addRow("garbage") << QStringLiteral("lots") << qint64(-1);
        QTest::addRow("hex") << QStringLiteral("0x100") << qint64(-1);
        QTest::addRow("overflow") << QStringLiteral("99999999999999999999") << qint64(-1);
        QTest::addRow("overflow with unit") << QStringLiteral("99999999TiB") << qint64(-1);
    }
    void sizes()
    {
        QFETCH(QString, text);
        QFETCH(qint64, bytes);
        const std::optional<quint64> parsed = parseByteSize(text);
        if (bytes < 0) {
            QVERIFY2(!parsed, qPrintable(QString::number(parsed.value_or(0))));
        } else {
            QVERIFY(parsed);
            QCOMPARE(*parsed, quint64(bytes));
        }
    }

    void defaults()
    {
        CommandLine line(QStringLiteral("/tmp/depot-default"));
        QCOMPARE(line.parse(argv({})), CommandLine::Action::Run);
        const BrokerOptions &o = line.options();
        QCOMPARE(o.maxConnections, 4096);
        QCOMPARE(o.maxChannels, quint16(2047));
        QCOMPARE(o.maxMessageSize, quint64(128 * Mi));
        QCOMPARE(o.frameMax, quint32(131072));
        QCOMPARE(o.memoryHighWatermarkBytes, quint64(0));
        QCOMPARE(o.memoryHighWatermarkFraction, 0.4);
    }

    void acceptedValues()
    {
        CommandLine line(QStringLiteral("/tmp/depot-default"));
        QCOMPARE(line.parse(argv({"--max-connections", "3", "--max-channels", "65535", "--max-message-size", "16MiB",
                     "--frame-max", "4096", "--memory-high-watermark", "8MiB"})),
            CommandLine::Action::Run);
        const BrokerOptions &o = line.options();
        QCOMPARE(o.maxConnections, 3);
        QCOMPARE(o.maxChannels, quint16(65535));
        QCOMPARE(o.maxMessageSize, quint64(16 * Mi));
        QCOMPARE(o.frameMax, quint32(4096));
        QCOMPARE(o.memoryHighWatermarkBytes, quint64(8 * Mi));

        CommandLine fraction(QStringLiteral("/tmp/depot-default"));
        QCOMPARE(fraction.parse(argv({"--memory-high-watermark", "0.6", "--max-message-size", "512MiB", "--frame-max",
                     "16MiB", "--max-connections", "1000000"})),
            CommandLine::Action::Run);
        QCOMPARE(fraction.options().memoryHighWatermarkBytes, quint64(0));
        QCOMPARE(fraction.options().memoryHighWatermarkFraction, 0.6);
        QCOMPARE(fraction.options().maxMessageSize, quint64(512 * Mi));
        QCOMPARE(fraction.options().frameMax, quint32(16 * Mi));

        CommandLine all(QStringLiteral("/tmp/depot-default"));
        QCOMPARE(
            all.parse(argv({"--memory-high-watermark", "1.0", "--max-message-size", "1"})), CommandLine::Action::Run);
        QCOMPARE(all.options().memoryHighWatermarkFraction, 1.0);
        QCOMPARE(all.options().maxMessageSize, quint64(1));
    }

    void refusedValues_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("expected");   // the whole line

        const QString connections = QStringLiteral("depot: --max-connections must be a whole number from 1 to 1000000, "
                                                   "not '%1' (see depot --help)");
        QTest::addRow("connections zero") << argv({"--max-connections", "0"}) << connections.arg(0);
        QTest::addRow("connections negative") << argv({"--max-connections", "-3"}) << connections.arg(-3);
        QTest::addRow("connections garbage")
            << argv({"--max-connections", "many"}) << connections.arg(QStringLiteral("many"));
        QTest::addRow("connections absurd")
            << argv({"--max-connections", "5000000000"}) << connections.arg(QStringLiteral("5000000000"));
        QTest::addRow("connections fraction")
            << argv({"--max-connections", "2.5"}) << connections.arg(QStringLiteral("2.5"));

        const QString channels = QStringLiteral("depot: --max-channels must be a whole number from 1 to 65535, not "
                                                "'%1' (see depot --help)");
        QTest::addRow("channels zero") << argv({"--max-channels", "0"}) << channels.arg(0);
        QTest::addRow("channels above the protocol") << argv({"--max-channels", "65536"}) << channels.arg(65536);
        QTest::addRow("channels garbage") << argv({"--max-channels", "x"}) << channels.arg(QStringLiteral("x"));

        const QString size = QStringLiteral("depot: --max-message-size must be a size from 1 byte to 512MiB (such as "
                                            "16MiB or 1000000), not '%1' (see depot --help)");
        QTest::addRow("message size zero") << argv({"--max-message-size", "0"}) << size.arg(0);
        QTest::addRow("message size negative") << argv({"--max-message-size", "-1"}) << size.arg(-1);
        QTest::addRow("message size absurd")
            << argv({"--max-message-size", "1GiB"}) << size.arg(QStringLiteral("1GiB"));
        QTest::addRow("message size garbage") << argv({"--max-message-size", "big"}) << size.arg(QStringLiteral("big"));

        const QString frame = QStringLiteral("depot: --frame-max must be a size from 4KiB to 16MiB (such as 131072 or "
                                             "1MiB), not '%1' (see depot --help)");
        QTest::addRow("frame below the spec") << argv({"--frame-max", "4095"}) << frame.arg(4095);
        QTest::addRow("frame zero") << argv({"--frame-max", "0"}) << frame.arg(0);
        QTest::addRow("frame absurd") << argv({"--frame-max", "4GB"}) << frame.arg(QStringLiteral("4GB"));

        const QString mark
            = QStringLiteral("depot: --memory-high-watermark must be a fraction of physical memory above "
                             "0 and at most 1 (such as 0.4) or a size from 1MiB to 1PiB (such as 512MiB "
                             "or 2GB), not '%1'%2 (see depot --help)");
        QTest::addRow("watermark zero") << argv({"--memory-high-watermark", "0"})
                                        << mark.arg(QStringLiteral("0"),
                                               QStringLiteral(
                                                   ": a number without a unit is bytes; all of memory is 1.0"));
        QTest::addRow("watermark zero fraction")
            << argv({"--memory-high-watermark", "0.0"}) << mark.arg(QStringLiteral("0.0"), QStringLiteral(""));
        QTest::addRow("watermark above all memory")
            << argv({"--memory-high-watermark", "1.5"}) << mark.arg(QStringLiteral("1.5"), QStringLiteral(""));
        QTest::addRow("watermark negative")
            << argv({"--memory-high-watermark", "-0.4"}) << mark.arg(QStringLiteral("-0.4"), QStringLiteral(""));
        QTest::addRow("watermark one byte")
            << argv({"--memory-high-watermark", "1"})
            << mark.arg(
                   QStringLiteral("1"), QStringLiteral(": a number without a unit is bytes; all of memory is 1.0"));
        QTest::addRow("watermark tiny") << argv({"--memory-high-watermark", "512KiB"})
                                        << mark.arg(QStringLiteral("512KiB"), QStringLiteral(""));
        QTest::addRow("watermark absurd")
            << argv({"--memory-high-watermark", "5000TB"}) << mark.arg(QStringLiteral("5000TB"), QStringLiteral(""));
        QTest::addRow("watermark garbage")
            << argv({"--memory-high-watermark", "half"}) << mark.arg(QStringLiteral("half"), QStringLiteral(""));
        QTest::addRow("watermark percent")
            << argv({"--memory-high-watermark", "40%"}) << mark.arg(QStringLiteral("40%"), QStringLiteral(""));

        QTest::addRow("allowed origin without scheme")
            << argv({"--allowed-origin", "localhost:3000"})
            << QStringLiteral("depot: --allowed-origin: 'localhost:3000' is not an http:// or https:// origin (see "
                              "depot --help)");
        QTest::addRow("allowed origin with a path")
            << argv({"--allowed-origin", "http://localhost:3000/app"})
            << QStringLiteral("depot: --allowed-origin: 'http://localhost:3000/app' is more than an origin "
                              "(scheme://host[:port], nothing after it) (see depot --help)");
        QTest::addRow("allowed host with a port")
            << argv({"--allowed-host", "depot.test:8080"})
            << QStringLiteral("depot: --allowed-host: 'depot.test:8080' has a port; give the name alone (every port "
                              "of it is allowed) (see depot --help)");

        const QString host = QStringLiteral("depot: --kafka-advertised-host needs a host name or IP address without a "
                                            "port, such as kafka.local or 192.168.1.20, not '%1' (see depot --help)");
        for (const char *bad : {"kafka.local:9092", "", "under_score", "dash-.last", "a..b", "two words"})
            QTest::addRow("advertised host '%s'", bad)
                << argv({"--kafka-port", "19092", "--kafka-advertised-host", bad}) << host.arg(QLatin1String(bad));
        QTest::addRow("advertised host without Kafka")
            << argv({"--kafka-port", "0", "--kafka-advertised-host", "kafka.local"})
            << QStringLiteral("depot: --kafka-advertised-host needs the Kafka listener, which --kafka-port 0 "
                              "switches off (see depot --help)");
        QTest::addRow("auto-create without Kafka")
            << argv({"--kafka-port", "0", "--kafka-auto-create-topics", "false"})
            << QStringLiteral("depot: --kafka-auto-create-topics needs the Kafka listener, which --kafka-port 0 "
                              "switches off (see depot --help)");
        QTest::addRow("auto-create not a boolean")
            << argv({"--kafka-port", "19092", "--kafka-auto-create-topics", "off"})
            << QStringLiteral("depot: --kafka-auto-create-topics must be true or false, not 'off' (see depot "
                              "--help)");
        QTest::addRow("retention check without Kafka")
            << argv({"--kafka-port", "0", "--kafka-retention-check-ms", "1000"})
            << QStringLiteral("depot: --kafka-retention-check-ms needs the Kafka listener, which --kafka-port 0 "
                              "switches off (see depot --help)");
        for (const char *bad : {"0", "-5", "soon", "2147483648"})
            QTest::addRow("retention check '%s'", bad)
                << argv({"--kafka-port", "19092", "--kafka-retention-check-ms", bad})
                << QStringLiteral("depot: --kafka-retention-check-ms needs a number of milliseconds from 1 to "
                                  "2147483647, not '%1' (see depot --help)")
                       .arg(QLatin1String(bad));
    }

    void kafkaAdvertisedHostAndAutoCreate()
    {
        CommandLine defaults(QStringLiteral("/tmp/depot-default"));
        QCOMPARE(defaults.parse(argv({"--kafka-port", "19092"})), CommandLine::Action::Run);
        QCOMPARE(defaults.options().kafkaAdvertisedHost, QString());
        QVERIFY(defaults.options().kafkaAutoCreateTopics);
        QCOMPARE(defaults.options().kafkaRetentionCheckMs, qint64(300000));
        CommandLine check(QStringLiteral("/tmp/depot-default"));
        QCOMPARE(check.parse(argv({"--kafka-port", "19092", "--kafka-retention-check-ms", "250"})),
                 CommandLine::Action::Run);
        QCOMPARE(check.options().kafkaRetentionCheckMs, qint64(250));
        for (const char *good : {"kafka.local", "192.168.1.20", "::1", "host-1"}) {
            CommandLine line(QStringLiteral("/tmp/depot-default"));
            QCOMPARE(line.parse(argv({"--kafka-port", "19092", "--kafka-advertised-host", good,
                                      "--kafka-auto-create-topics", "false"})),
                     CommandLine::Action::Run);
            QCOMPARE(line.options().kafkaAdvertisedHost, QLatin1String(good));
            QVERIFY(!line.options().kafkaAutoCreateTopics);
        }
    }

    void allowedHostsAndOriginsAreNormalised()
    {
        CommandLine line(QStringLiteral("/tmp/depot-default"));
        QCOMPARE(line.parse(argv({"--allowed-host", "Depot.Test", "--allowed-host", "[::1]", "--allowed-origin",
                                  "HTTP://LocalHost:3000/", "--allowed-origin", "https://dash.example:443"})),
                 CommandLine::Action::Run);
        QCOMPARE(line.options().allowedHosts, QStringList({QStringLiteral("depot.test"), QStringLiteral("::1")}));
        QCOMPARE(line.options().allowedOrigins,
                 QStringList({QStringLiteral("http://localhost:3000"), QStringLiteral("https://dash.example")}));
        CommandLine none(QStringLiteral("/tmp/depot-default"));
        QCOMPARE(none.parse(argv({})), CommandLine::Action::Run);
        QVERIFY(none.options().allowedHosts.isEmpty());
        QVERIFY(none.options().allowedOrigins.isEmpty());
    }
    void refusedValues()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, expected);
        CommandLine line(QStringLiteral("/tmp/depot-default"));
        QCOMPARE(line.parse(arguments), CommandLine::Action::Error);
        QCOMPARE(line.error(), expected);
    }
};

QTEST_GUILESS_MAIN(TestCommandLine)
#include "tst_commandline.moc"
