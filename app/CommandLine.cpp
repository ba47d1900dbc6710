#include "app/CommandLine.h"

#include <QDir>

namespace depot::app {

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
    , m_amqpPort(QStringLiteral("amqp-port"),
                 QStringLiteral("AMQP 0-9-1 port (default %1).").arg(BrokerOptions::DefaultAmqpPort),
                 QStringLiteral("port"))
    , m_httpPort(QStringLiteral("http-port"),
                 QStringLiteral("HTTP API port (default %1).").arg(BrokerOptions::DefaultHttpPort),
                 QStringLiteral("port"))
    , m_bind(QStringLiteral("bind"), QStringLiteral("Address to listen on (default 127.0.0.1; loopback only)."),
             QStringLiteral("address"), QStringLiteral("127.0.0.1"))
    , m_demoOption(QStringLiteral("demo"),
                   QStringLiteral("Open the window with built-in producers and consumers running, some of which "
                                  "fail, so queues fill and dead letters appear."))
    , m_user(QStringLiteral("user"),
             QStringLiteral("The user AMQP clients and the HTTP API log in as (default guest, accepted from this "
                            "machine only). Needs --password."),
             QStringLiteral("name"))
    , m_password(QStringLiteral("password"),
                 QStringLiteral("The password for --user (or set DEPOT_PASSWORD, which other users cannot see in "
                                "the process list)."),
                 QStringLiteral("secret"))
    , m_defaultDataDir(defaultDataDir)
{
    m_parser.setApplicationDescription(
        QStringLiteral("Depot: a desktop message broker you can see into (RabbitMQ-compatible)."));
    m_parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    // Our own --help/--version: Qt's would print the version as "Depot 0.1.0"
    // and exit from inside parse(), skipping our exit-code conventions.
    m_parser.addOptions({m_help, m_version, m_headlessOption, m_dataDir, m_inMemory, m_durability, m_amqpPort,
                         m_httpPort, m_bind, m_demoOption, m_user, m_password});
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
    if (m_demo && m_headless) {
        fail(QStringLiteral("--demo shows its traffic in the window; leave out --headless"));
        return Action::Error;
    }
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

    if (!parsePort(m_amqpPort, &m_options.amqpPort) || !parsePort(m_httpPort, &m_options.httpPort))
        return Action::Error;
    if (m_options.amqpPort == m_options.httpPort) {
        fail(QStringLiteral("--amqp-port and --http-port are both %1; choose two different ports")
                 .arg(m_options.amqpPort));
        return Action::Error;
    }

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
    return Action::Run;
}

bool CommandLine::fail(const QString &message)
{
    m_error = QStringLiteral("depot: ") + message + QStringLiteral(" (see depot --help)");
    return false;
}

bool CommandLine::parsePort(const QCommandLineOption &option, quint16 *port)
{
    if (!m_parser.isSet(option))
        return true;
    const QString text = m_parser.value(option);
    bool ok = false;
    const uint value = text.toUInt(&ok, 10);
    if (!ok || value < 1 || value > 65535)
        return fail(QStringLiteral("--%1 must be a number from 1 to 65535, not '%2'")
                        .arg(option.names().constFirst(), text));
    *port = quint16(value);
    return true;
}

} // namespace depot::app
