#include "app/CommandLine.h"

#include "broker/core/ListenerRegistry.h"
#include "broker/net/OriginPolicy.h"

#include <QDir>
#include <QHash>
#include <QRegularExpression>

#include <algorithm>
#include <cmath>
#include <limits>

namespace depot::app {

namespace {

constexpr quint64 KiB = 1024;
constexpr quint64 MiB = 1024 * KiB;
constexpr quint64 GiB = 1024 * MiB;
constexpr quint64 TiB = 1024 * GiB;

// What the options accept; outside is refused at start-up as a mistake.
constexpr quint64 MaxConnectionsCeiling = 1'000'000;   // far beyond any file descriptor limit
constexpr quint64 MaxMessageSizeCeiling = 512 * MiB;   // RabbitMQ's ceiling for max_message_size
constexpr quint64 FrameMaxFloor = 4096;                // the spec's minimum frame_max
constexpr quint64 FrameMaxCeiling = 16 * MiB;          // bigger frames only delay heartbeats
constexpr quint64 WatermarkFloor = 1 * MiB;            // below this no message gets through
constexpr quint64 WatermarkCeiling = 1024 * TiB;       // 1 PiB: a typo, not a machine

} // namespace

std::optional<quint64> parseByteSize(const QString &text)
{
    static const QRegularExpression pattern(QStringLiteral("^\\s*(\\d+(?:\\.\\d+)?)\\s*([A-Za-z]*)\\s*$"));
    const QRegularExpressionMatch match = pattern.match(text);
    if (!match.hasMatch())
        return std::nullopt;
    const QString number = match.captured(1);
    const QString unit = match.captured(2).toLower();
    // Binary units with or without "iB" (k, KiB), decimal ones with "B" (kB).
    static const QHash<QString, double> multipliers{
        {QString(), 1},           {QStringLiteral("b"), 1},
        {QStringLiteral("k"), double(KiB)}, {QStringLiteral("kib"), double(KiB)}, {QStringLiteral("kb"), 1e3},
        {QStringLiteral("m"), double(MiB)}, {QStringLiteral("mib"), double(MiB)}, {QStringLiteral("mb"), 1e6},
        {QStringLiteral("g"), double(GiB)}, {QStringLiteral("gib"), double(GiB)}, {QStringLiteral("gb"), 1e9},
        {QStringLiteral("t"), double(TiB)}, {QStringLiteral("tib"), double(TiB)}, {QStringLiteral("tb"), 1e12},
    };
    const auto found = multipliers.constFind(unit);
    if (found == multipliers.constEnd())
        return std::nullopt;
    const double multiplier = *found;
    // A plain number of bytes must be whole; "1.5GiB" is fine.
    if (multiplier == 1 && number.contains(QLatin1Char('.')))
        return std::nullopt;
    bool ok = false;
    const double value = number.toDouble(&ok) * multiplier;
    if (!ok || !std::isfinite(value) || value >= 9.2e18)
        return std::nullopt;
    return quint64(std::floor(value));
}

CommandLine::CommandLine(const QString &defaultDataDir)
    : m_help({QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show this help and exit."))
    , m_version(QStringLiteral("version"), QStringLiteral("Print \"depot <version>\" and exit."))
    , m_headlessOption(QStringLiteral("headless"),
                       QStringLiteral("Run the broker without a window (servers, CI, scripts)."))
    , m_dataDir(QStringLiteral("data-dir"),
                QStringLiteral("Keep durable queues and persistent messages in <dir> (default: %1).")
                    .arg(defaultDataDir),
                QStringLiteral("dir"))
    , m_inMemory(QStringLiteral("in-memory"), QStringLiteral("Keep nothing on disk; everything is lost at exit."))
    , m_durability(QStringLiteral("durability"),
                   QStringLiteral("normal: survives a crash of Depot (default); fsync: also survives power loss, "
                                  "slower."),
                   QStringLiteral("normal|fsync"), QStringLiteral("normal"))
    , m_bind(QStringLiteral("bind"), QStringLiteral("Address to listen on (default 127.0.0.1; loopback only)."),
             QStringLiteral("address"), QStringLiteral("127.0.0.1"))
    , m_demoOption(QStringLiteral("demo"),
                   QStringLiteral("Run built-in producers and consumers, some of which fail, so queues fill and "
                                  "dead letters appear (in the window, or with --headless for scripts and demos)."))
    , m_user(QStringLiteral("user"),
             QStringLiteral("The user AMQP clients and the HTTP API log in as (default guest, accepted from this "
                            "machine only). Needs --password."),
             QStringLiteral("name"))
    , m_password(QStringLiteral("password"),
                 QStringLiteral("The password for --user (or set DEPOT_PASSWORD, which other users cannot see in "
                                "the process list)."),
                 QStringLiteral("secret"))
    , m_maxConnections(QStringLiteral("max-connections"),
                       QStringLiteral("Refuse AMQP connections beyond <n> open at once (default %1).")
                           .arg(BrokerOptions::DefaultMaxConnections),
                       QStringLiteral("n"))
    , m_maxChannels(QStringLiteral("max-channels"),
                    QStringLiteral("Channels per AMQP connection, proposed to clients as channel_max (default %1, "
                                   "at most 65535).")
                        .arg(BrokerOptions::DefaultMaxChannels),
                    QStringLiteral("n"))
    , m_maxMessageSize(QStringLiteral("max-message-size"),
                       QStringLiteral("Refuse messages larger than <size>, such as 16MiB (default 128MiB, at most "
                                      "512MiB)."),
                       QStringLiteral("size"))
    , m_frameMax(QStringLiteral("frame-max"),
                 QStringLiteral("Largest AMQP frame, proposed to clients as frame_max (default %1, from 4096 to "
                                "16MiB).")
                     .arg(BrokerOptions::DefaultFrameMax),
                 QStringLiteral("bytes"))
    , m_memoryHighWatermark(QStringLiteral("memory-high-watermark"),
                            QStringLiteral("Block publishers while the messages Depot holds in memory exceed this: a "
                                           "fraction of physical memory such as 0.4 (default) or a size such as "
                                           "512MiB or 2GB."),
                            QStringLiteral("fraction|size"))
    , m_allowedHost(QStringLiteral("allowed-host"),
                    QStringLiteral("Also answer HTTP requests addressed to this host name (besides localhost, "
                                   "127.0.0.1, [::1] and the --bind address). Repeatable."),
                    QStringLiteral("name"))
    , m_allowedOrigin(QStringLiteral("allowed-origin"),
                      QStringLiteral("Let web pages of this origin (such as http://localhost:3000) change things "
                                     "through the HTTP API and read its answers. Repeatable."),
                      QStringLiteral("url"))
    , m_kafkaAdvertisedHost(QStringLiteral("kafka-advertised-host"),
                            QStringLiteral("The host Kafka clients are told to reach Depot at (default: the address "
                                           "each client connected to)."),
                            QStringLiteral("host"))
    , m_kafkaAutoCreateTopics(QStringLiteral("kafka-auto-create-topics"),
                              QStringLiteral("Kafka's auto.create.topics.enable: whether a Metadata or Produce "
                                             "request for an unknown topic creates it (default true)."),
                              QStringLiteral("true|false"))
    , m_kafkaRetentionCheckMs(QStringLiteral("kafka-retention-check-ms"),
                              QStringLiteral("Kafka's log.retention.check.interval.ms: how often retention and "
                                             "compaction check every topic, in milliseconds (default 300000). Needs "
                                             "--kafka-port."),
                              QStringLiteral("ms"))
    , m_history(QStringLiteral("history"),
          QStringLiteral("Record the life story of every message (published, routed, delivered, acked, "
                         "dead-lettered, replayed ...): on (default) or off."),
          QStringLiteral("on|off"), QStringLiteral("on"))
    , m_historyRetention(QStringLiteral("history-retention"),
          QStringLiteral("Keep a message's story this long after the message is gone, such as 24h (default), "
                         "30m or 7d."),
          QStringLiteral("duration"))
    , m_historyMaxEvents(QStringLiteral("history-max-events"),
          QStringLiteral("Keep at most this many events of gone messages; the oldest stories go first (default "
                         "%1).")
              .arg(HistorySettings{}.maxEvents),
          QStringLiteral("n"))
    , m_defaultDataDir(defaultDataDir)
{
    m_parser.setApplicationDescription(
        QStringLiteral("Depot: a desktop message broker you can see into (RabbitMQ-compatible).\n"
                       "depot export and depot import move messages out of and into a running Depot "
                       "(see depot export --help)."));
    m_parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    // Our own --help/--version: Qt's would print the version as "Depot 0.1.0"
    // and exit from inside parse(), skipping our exit-code conventions.
    m_parser.addOptions({m_help, m_version, m_headlessOption, m_dataDir, m_inMemory, m_durability});
    // One port option per listener: a new protocol's comes with its registry entry.
    for (const ListenerEntry &listener : listenerRegistry()) {
        const QString help
            = QStringLiteral("%1 (default %2; 0 switches it off).").arg(listener.description).arg(listener.defaultPort);
        m_portOptions.emplace_back(&listener, QCommandLineOption(listener.optionName(), help, QStringLiteral("port")));
        m_parser.addOption(m_portOptions.back().second);
    }
    m_parser.addOptions({m_bind, m_demoOption, m_user, m_password, m_maxConnections, m_maxChannels, m_maxMessageSize,
                         m_frameMax, m_memoryHighWatermark, m_allowedHost, m_allowedOrigin, m_kafkaAdvertisedHost,
                         m_kafkaAutoCreateTopics, m_kafkaRetentionCheckMs, m_history, m_historyRetention,
                         m_historyMaxEvents});
}

CommandLine::Action CommandLine::parse(const QStringList &arguments)
{
    if (!m_parser.parse(arguments)) {
        QString text = m_parser.errorText();
        if (text.endsWith(QLatin1Char('.')))
            text.chop(1);
        fail(text);
        return Action::Error;
    }
    if (m_parser.isSet(m_help))
        return Action::Help;
    if (m_parser.isSet(m_version))
        return Action::Version;
    if (!m_parser.positionalArguments().isEmpty()) {
        fail(QStringLiteral("unexpected argument '%1'").arg(m_parser.positionalArguments().constFirst()));
        return Action::Error;
    }

    m_headless = m_parser.isSet(m_headlessOption);
    m_demo = m_parser.isSet(m_demoOption);
    m_options.inMemory = m_parser.isSet(m_inMemory);
    if (m_options.inMemory && m_parser.isSet(m_dataDir)) {
        fail(QStringLiteral("--in-memory and --data-dir exclude each other; use one of them"));
        return Action::Error;
    }
    if (m_parser.isSet(m_dataDir)) {
        const QString dir = m_parser.value(m_dataDir);
        if (dir.isEmpty()) {
            fail(QStringLiteral("--data-dir needs a directory, not an empty value"));
            return Action::Error;
        }
        m_options.dataDir = QDir::cleanPath(QDir::current().absoluteFilePath(dir));
    } else {
        m_options.dataDir = m_defaultDataDir;
    }

    const QString durability = m_parser.value(m_durability);
    if (durability == QLatin1String("normal")) {
        m_options.durability = store::Durability::Normal;
    } else if (durability == QLatin1String("fsync")) {
        m_options.durability = store::Durability::Fsync;
    } else {
        fail(QStringLiteral("--durability must be normal or fsync, not '%1'").arg(durability));
        return Action::Error;
    }

    if (!parsePorts())
        return Action::Error;

    const bool userSet = m_parser.isSet(m_user);
    QString password = m_parser.value(m_password);
    if (!m_parser.isSet(m_password) && qEnvironmentVariableIsSet("DEPOT_PASSWORD"))
        password = qEnvironmentVariable("DEPOT_PASSWORD");
    const bool passwordSet = m_parser.isSet(m_password) || qEnvironmentVariableIsSet("DEPOT_PASSWORD");
    if (userSet != passwordSet) {
        fail(userSet ? QStringLiteral("--user needs a password too: add --password or set DEPOT_PASSWORD")
                     : QStringLiteral("a password needs --user too"));
        return Action::Error;
    }
    if (userSet) {
        const QString user = m_parser.value(m_user);
        if (user.isEmpty() || password.isEmpty()) {
            fail(QStringLiteral("--user and its password must not be empty"));
            return Action::Error;
        }
        m_options.user = user;
        m_options.password = password;
    }

    const QString bind = m_parser.value(m_bind);
    QHostAddress address;
    if (!address.setAddress(bind)) {
        fail(QStringLiteral("--bind needs an IP address such as 127.0.0.1, not '%1'").arg(bind));
        return Action::Error;
    }
    // guest/guest must never be reachable from another machine: another
    // address needs an account of the user's own.
    if (!address.isLoopback() && m_options.user == QLatin1String("guest")) {
        fail(QStringLiteral("--bind %1 would expose Depot beyond this machine with the guest account; set --user "
                            "and --password first, or bind a loopback address such as 127.0.0.1")
                 .arg(bind));
        return Action::Error;
    }
    m_options.bindAddress = address;
    // A listener without authentication never faces the network: by default
    // it stays on loopback (listenAddress()); its port given with --bind
    // beyond loopback asks for what Depot will not do.
    for (const auto &[listener, option] : m_portOptions) {
        if (listener->loopbackOnly && !address.isLoopback() && m_parser.isSet(option)
            && listenerPort(m_options, *listener)) {
            fail(QStringLiteral("%1 has no authentication yet and listens on loopback only; with --bind %2 leave %1 "
                                "out")
                     .arg(listener->flag(), bind));
            return Action::Error;
        }
    }

    for (const QString &name : m_parser.values(m_allowedHost)) {
        QString why;
        const std::optional<QString> host = net::OriginPolicy::normaliseHost(name, &why);
        if (!host) {
            fail(QStringLiteral("--allowed-host: %1").arg(why));
            return Action::Error;
        }
        m_options.allowedHosts << *host;
    }
    for (const QString &url : m_parser.values(m_allowedOrigin)) {
        QString why;
        const std::optional<QString> origin = net::OriginPolicy::normaliseOrigin(url, &why);
        if (!origin) {
            fail(QStringLiteral("--allowed-origin: %1").arg(why));
            return Action::Error;
        }
        m_options.allowedOrigins << *origin;
    }

    if (!parseKafkaOptions() || !parseHistoryOptions())
        return Action::Error;

    quint64 value = 0;
    if (!parseCount(m_maxConnections, 1, MaxConnectionsCeiling, &value))
        return Action::Error;
    m_options.maxConnections = m_parser.isSet(m_maxConnections) ? int(value) : BrokerOptions::DefaultMaxConnections;
    if (!parseCount(m_maxChannels, 1, 65535, &value))
        return Action::Error;
    m_options.maxChannels = m_parser.isSet(m_maxChannels) ? quint16(value) : BrokerOptions::DefaultMaxChannels;
    if (!parseSize(m_maxMessageSize, 1, MaxMessageSizeCeiling, QStringLiteral("16MiB or 1000000"), &value))
        return Action::Error;
    m_options.maxMessageSize = m_parser.isSet(m_maxMessageSize) ? value : BrokerOptions::DefaultMaxMessageSize;
    if (!parseSize(m_frameMax, FrameMaxFloor, FrameMaxCeiling, QStringLiteral("131072 or 1MiB"), &value))
        return Action::Error;
    m_options.frameMax = m_parser.isSet(m_frameMax) ? quint32(value) : BrokerOptions::DefaultFrameMax;
    if (!parseMemoryHighWatermark())
        return Action::Error;
    return Action::Run;
}

bool CommandLine::fail(const QString &message)
{
    m_error = QStringLiteral("depot: ") + message + QStringLiteral(" (see depot --help)");
    return false;
}

bool CommandLine::parsePorts()
{
    // Every listener's port, as given or its default; 0 switches it off.
    for (const auto &[listener, option] : m_portOptions) {
        if (!m_parser.isSet(option))
            continue;
        const QString text = m_parser.value(option);
        bool ok = false;
        const uint value = text.trimmed().toUInt(&ok, 10);
        if (!ok || value > 65535 || text.trimmed().startsWith(QLatin1Char('+')))
            return fail(QStringLiteral("%1 must be a number from 1 to 65535, or 0 to switch %2 off, not '%3'")
                            .arg(listener->flag(), listener->title, text));
        if (value == 0)
            m_options.switchOff(listener->name);
        else
            m_options.setPort(listener->name, quint16(value));
    }
    // Two listeners cannot share a port.
    for (size_t i = 0; i < m_portOptions.size(); ++i) {
        const ListenerEntry *a = m_portOptions[i].first;
        const std::optional<quint16> portA = listenerPort(m_options, *a);
        for (size_t j = i + 1; portA && j < m_portOptions.size(); ++j) {
            const ListenerEntry *b = m_portOptions[j].first;
            if (listenerPort(m_options, *b) == portA)
                return fail(QStringLiteral("%1 and %2 are both %3; choose two different ports")
                                .arg(a->flag(), b->flag())
                                .arg(*portA));
        }
    }
    return true;
}

namespace {

// "512MiB" rather than "536870912" where it is a whole number of a unit.
QString sizeText(quint64 bytes)
{
    for (const auto &[unit, name] :
         {std::pair{1024 * TiB, "PiB"}, {TiB, "TiB"}, {GiB, "GiB"}, {MiB, "MiB"}, {KiB, "KiB"}}) {
        if (bytes >= unit && bytes % unit == 0)
            return QString::number(bytes / unit) + QLatin1StringView(name);
    }
    return QString::number(bytes);
}

} // namespace

// A host name (letters, digits, hyphens in dot-separated labels of 1-63,
// 253 at most) or an IP address, as a Kafka client resolves it.
static bool validAdvertisedHost(const QString &host)
{
    if (QHostAddress().setAddress(host))
        return true;
    static const QRegularExpression label(QStringLiteral("^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$"));
    if (host.isEmpty() || host.size() > 253)
        return false;
    const QStringList labels = host.split(QLatin1Char('.'));
    return std::all_of(labels.begin(), labels.end(), [](const QString &l) { return label.match(l).hasMatch(); });
}

bool CommandLine::parseHistoryOptions()
{
    const QString history = m_parser.value(m_history);
    if (history != QLatin1String("on") && history != QLatin1String("off"))
        return fail(QStringLiteral("--history must be on or off, not '%1'").arg(history));
    m_options.history.enabled = history == QLatin1String("on");
    if (m_parser.isSet(m_historyRetention)) {
        // A number and its unit: ms, s, m, h or d.
        static const QRegularExpression pattern(QStringLiteral("^(\\d{1,9})(ms|s|m|h|d)$"));
        const QString text = m_parser.value(m_historyRetention).trimmed();
        const QRegularExpressionMatch match = pattern.match(text);
        if (!match.hasMatch())
            return fail(QStringLiteral("--history-retention needs a duration such as 24h, 30m, 90s or 7d, not '%1'")
                            .arg(text));
        const qint64 unit = match.captured(2) == QLatin1String("ms") ? 1
            : match.captured(2) == QLatin1String("s")                 ? 1000
            : match.captured(2) == QLatin1String("m")                 ? 60'000
            : match.captured(2) == QLatin1String("h")                 ? 3'600'000
                                                                      : 86'400'000;
        m_options.history.retentionMs = match.captured(1).toLongLong() * unit;
    }
    quint64 value = 0;
    if (!parseCount(m_historyMaxEvents, 0, 1'000'000'000, &value))
        return false;
    if (m_parser.isSet(m_historyMaxEvents))
        m_options.history.maxEvents = value;
    return true;
}

bool CommandLine::parseKafkaOptions()
{
    const ListenerEntry *kafka = findListener(QStringLiteral("kafka"));
    const bool kafkaOn = kafka && listenerPort(m_options, *kafka);
    for (const QCommandLineOption *option : {&m_kafkaAdvertisedHost, &m_kafkaAutoCreateTopics, &m_kafkaRetentionCheckMs}) {
        if (m_parser.isSet(*option) && !kafkaOn) {
            fail(QStringLiteral("--%1 needs the Kafka listener, which --kafka-port 0 switches off")
                     .arg(option->names().constFirst()));
            return false;
        }
    }
    if (m_parser.isSet(m_kafkaAdvertisedHost)) {
        const QString host = m_parser.value(m_kafkaAdvertisedHost);
        if (!validAdvertisedHost(host)) {
            fail(QStringLiteral("--kafka-advertised-host needs a host name or IP address without a port, such as "
                                "kafka.local or 192.168.1.20, not '%1'")
                     .arg(host));
            return false;
        }
        m_options.kafkaAdvertisedHost = host;
    }
    if (m_parser.isSet(m_kafkaAutoCreateTopics)) {
        const QString value = m_parser.value(m_kafkaAutoCreateTopics);
        if (value != QLatin1String("true") && value != QLatin1String("false")) {
            fail(QStringLiteral("--kafka-auto-create-topics must be true or false, not '%1'").arg(value));
            return false;
        }
        m_options.kafkaAutoCreateTopics = value == QLatin1String("true");
    }
    if (m_parser.isSet(m_kafkaRetentionCheckMs)) {
        const QString value = m_parser.value(m_kafkaRetentionCheckMs);
        bool ok = false;
        const qint64 ms = value.toLongLong(&ok);
        // Kafka's lower bound is 1 ms; an int's milliseconds (24 days) is Qt's timer limit.
        if (!ok || ms < 1 || ms > std::numeric_limits<int>::max()) {
            fail(QStringLiteral("--kafka-retention-check-ms needs a number of milliseconds from 1 to %1, not '%2'")
                     .arg(std::numeric_limits<int>::max())
                     .arg(value));
            return false;
        }
        m_options.kafkaRetentionCheckMs = ms;
    }
    return true;
}

bool CommandLine::parseCount(const QCommandLineOption &option, quint64 min, quint64 max, quint64 *value)
{
    if (!m_parser.isSet(option))
        return true;
    const QString text = m_parser.value(option);
    bool ok = false;
    const quint64 n = text.trimmed().toULongLong(&ok, 10);
    if (!ok || n < min || n > max || text.trimmed().startsWith(QLatin1Char('+')))
        return fail(QStringLiteral("--%1 must be a whole number from %2 to %3, not '%4'")
                        .arg(option.names().constFirst())
                        .arg(min)
                        .arg(max)
                        .arg(text));
    *value = n;
    return true;
}

bool CommandLine::parseSize(const QCommandLineOption &option, quint64 min, quint64 max, const QString &example,
                            quint64 *value)
{
    if (!m_parser.isSet(option))
        return true;
    const QString text = m_parser.value(option);
    const std::optional<quint64> bytes = parseByteSize(text);
    if (!bytes || *bytes < min || *bytes > max)
        return fail(QStringLiteral("--%1 must be a size from %2 to %3 (such as %4), not '%5'")
                        .arg(option.names().constFirst(), min == 1 ? QStringLiteral("1 byte") : sizeText(min),
                             sizeText(max), example, text));
    *value = *bytes;
    return true;
}

bool CommandLine::parseMemoryHighWatermark()
{
    if (!m_parser.isSet(m_memoryHighWatermark))
        return true;
    const QString text = m_parser.value(m_memoryHighWatermark).trimmed();
    const QString usage = QStringLiteral("--memory-high-watermark must be a fraction of physical memory above 0 and at "
                                         "most 1 (such as 0.4) or a size from %1 to %2 (such as 512MiB or 2GB), not "
                                         "'%3'")
                              .arg(sizeText(WatermarkFloor), sizeText(WatermarkCeiling), text);
    // A number with a decimal point and no unit is a fraction; anything else a size.
    static const QRegularExpression fraction(QStringLiteral("^\\d*\\.\\d+$|^\\d+\\.$"));
    if (fraction.match(text).hasMatch()) {
        bool ok = false;
        const double f = text.toDouble(&ok);
        if (!ok || !(f > 0.0) || f > 1.0)
            return fail(usage);
        m_options.memoryHighWatermarkFraction = f;
        m_options.memoryHighWatermarkBytes = 0;
        return true;
    }
    const std::optional<quint64> bytes = parseByteSize(text);
    if (bytes && *bytes < WatermarkFloor && text == QString::number(*bytes))
        return fail(usage + QStringLiteral(": a number without a unit is bytes; all of memory is 1.0"));
    if (!bytes || *bytes < WatermarkFloor || *bytes > WatermarkCeiling)
        return fail(usage);
    m_options.memoryHighWatermarkBytes = *bytes;
    return true;
}

} // namespace depot::app
