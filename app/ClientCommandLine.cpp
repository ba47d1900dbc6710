#include "app/ClientCommandLine.h"

namespace depot::app {

namespace {

const QString kExport = QStringLiteral("export");
const QString kImport = QStringLiteral("import");

} // namespace

ClientCommandLine::ClientCommandLine() = default;

bool ClientCommandLine::isClientCommand(const QStringList &arguments)
{
    return arguments.size() > 1 && (arguments.at(1) == kExport || arguments.at(1) == kImport);
}

QString ClientCommandLine::helpText() const
{
    return QStringLiteral(
        "Usage: depot export --queue Q [--vhost V] [--filter TEXT [--regex] [--case-sensitive]]\n"
        "                    [--query QUERY] [--output FILE] [--url URL] [--user NAME --password SECRET]\n"
        "       depot export --topic T [--partition N] [--query QUERY] [--output FILE] [--url URL] ...\n"
        "       depot import (--queue Q | --exchange X) [--vhost V] [--renew-ids] [--renew-timestamps]\n"
        "                    [--skip N] [--url URL] [--user NAME --password SECRET] FILE\n"
        "\n"
        "Export writes a queue's messages (all, or those matching the filter, as the window's\n"
        "filter matches them, and the query) in Depot's export format (JSON Lines, docs/export-format.md) to\n"
        "standard output or to FILE, which only you can read (mode 0600). The queue is unchanged.\n"
        "Import checks the whole FILE first, then puts its messages into the queue (or publishes\n"
        "them through the exchange) in batches, each committed whole or not at all.\n"
        "Both talk to a running Depot over its HTTP API.\n"
        "\n"
        "Options:\n"
        "  --queue Q             the queue to export, or to import into\n"
        "  --topic T             export: the Kafka topic whose records to export (version 2 of the format)\n"
        "  --partition N         export --topic: only partition N\n"
        "  --exchange X          import: publish through exchange X (amq.default for \"\") instead\n"
        "  --vhost V             the virtual host (default /)\n"
        "  --filter TEXT         export only the messages whose body, routing key, headers or\n"
        "                        dead-letter history contain TEXT\n"
        "  --regex               TEXT is a regular expression\n"
        "  --case-sensitive      match case\n"
        "  --query QUERY         export only the messages the query matches (docs/query.md), e.g.\n"
        "                        'body.customer = \"frances\" and deaths.count > 2'; with --topic, the\n"
        "                        records it matches, e.g. 'key = \"user-9\" and age < 1h'\n"
        "  --output FILE         write to FILE (mode 0600) instead of standard output\n"
        "  --renew-ids           import: give every message a new message id\n"
        "  --renew-timestamps    import: set every message's timestamp to now\n"
        "  --skip N              import: leave out the file's first N messages (resume an import)\n"
        "  --url URL             Depot's HTTP API (default http://127.0.0.1:15672)\n"
        "  --user NAME           the account (default guest)\n"
        "  --password SECRET     its password (or set DEPOT_PASSWORD)\n"
        "  -h, --help            show this help\n");
}

bool ClientCommandLine::fail(const QString &message)
{
    m_error = QStringLiteral("depot %1: %2 (see depot %1 --help)").arg(m_command, message);
    return false;
}

ClientCommandLine::Action ClientCommandLine::parse(const QStringList &arguments)
{
    m_command = arguments.value(1);
    const bool exporting = m_command == kExport;
    m_options.command = exporting ? ClientOptions::Command::Export : ClientOptions::Command::Import;

    QCommandLineParser parser;
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")}, QString());
    const QCommandLineOption queue(QStringLiteral("queue"), QString(), QStringLiteral("name"));
    const QCommandLineOption topic(QStringLiteral("topic"), QString(), QStringLiteral("name"));
    const QCommandLineOption partition(QStringLiteral("partition"), QString(), QStringLiteral("n"));
    const QCommandLineOption exchange(QStringLiteral("exchange"), QString(), QStringLiteral("name"));
    const QCommandLineOption vhost(QStringLiteral("vhost"), QString(), QStringLiteral("name"));
    const QCommandLineOption filter(QStringLiteral("filter"), QString(), QStringLiteral("text"));
    const QCommandLineOption regex(QStringLiteral("regex"), QString());
    const QCommandLineOption caseSensitive(QStringLiteral("case-sensitive"), QString());
    const QCommandLineOption queryOption(QStringLiteral("query"), QString(), QStringLiteral("query"));
    const QCommandLineOption output(QStringLiteral("output"), QString(), QStringLiteral("file"));
    const QCommandLineOption renewIds(QStringLiteral("renew-ids"), QString());
    const QCommandLineOption renewTimestamps(QStringLiteral("renew-timestamps"), QString());
    const QCommandLineOption skip(QStringLiteral("skip"), QString(), QStringLiteral("n"));
    const QCommandLineOption url(QStringLiteral("url"), QString(), QStringLiteral("url"));
    const QCommandLineOption user(QStringLiteral("user"), QString(), QStringLiteral("name"));
    const QCommandLineOption password(QStringLiteral("password"), QString(), QStringLiteral("secret"));
    parser.addOptions({help, queue, vhost, url, user, password});
    // Each command knows only its own options: one of the other's is a mistake.
    if (exporting)
        parser.addOptions({filter, regex, caseSensitive, queryOption, output, topic, partition});
    else
        parser.addOptions({exchange, renewIds, renewTimestamps, skip});

    QStringList rest = arguments;
    rest.removeAt(1); // the command itself
    if (!parser.parse(rest)) {
        QString text = parser.errorText();
        if (text.endsWith(QLatin1Char('.')))
            text.chop(1);
        fail(text);
        return Action::Error;
    }
    if (parser.isSet(help))
        return Action::Help;

    const QStringList positional = parser.positionalArguments();
    if (exporting) {
        if (!positional.isEmpty()) {
            fail(QStringLiteral("unexpected argument '%1'; the file to write is given with --output")
                     .arg(positional.constFirst()));
            return Action::Error;
        }
    } else {
        if (positional.isEmpty()) {
            fail(QStringLiteral("which file? Give the file to import after the options"));
            return Action::Error;
        }
        if (positional.size() > 1) {
            fail(QStringLiteral("unexpected argument '%1': import reads one file").arg(positional.at(1)));
            return Action::Error;
        }
        m_options.input = positional.constFirst();
    }

    m_options.queue = parser.value(queue);
    if (!exporting)
        m_options.exchange = parser.value(exchange);
    if (exporting && parser.isSet(topic)) {
        m_options.topic = parser.value(topic);
        if (m_options.topic.isEmpty() || parser.isSet(queue)) {
            fail(m_options.topic.isEmpty() ? QStringLiteral("--topic needs a topic's name")
                                           : QStringLiteral("--queue and --topic exclude each other; give one of them"));
            return Action::Error;
        }
        for (const QCommandLineOption *o : {&filter, &regex, &caseSensitive, &vhost}) {
            if (parser.isSet(*o)) {
                fail(QStringLiteral("--%1 is for queues; a topic's records are picked with --query and --partition")
                         .arg(o->names().constFirst()));
                return Action::Error;
            }
        }
        if (parser.isSet(partition)) {
            bool ok = false;
            m_options.partition = parser.value(partition).toInt(&ok);
            if (!ok || m_options.partition < 0) {
                fail(QStringLiteral("--partition must be a partition number (0, 1, ...), not '%1'").arg(parser.value(partition)));
                return Action::Error;
            }
        }
    } else if (exporting && parser.isSet(partition)) {
        fail(QStringLiteral("--partition needs --topic"));
        return Action::Error;
    }
    if (exporting && m_options.queue.isEmpty() && m_options.topic.isEmpty()) {
        fail(QStringLiteral("--queue or --topic is needed: what to export"));
        return Action::Error;
    }
    if (!exporting && m_options.queue.isEmpty() == !parser.isSet(exchange)) {
        fail(parser.isSet(exchange) ? QStringLiteral("--queue and --exchange exclude each other; give one of them")
                                    : QStringLiteral("--queue is needed: which queue to import into (or "
                                                     "--exchange to publish through one)"));
        return Action::Error;
    }
    if (!exporting && parser.isSet(exchange) && m_options.exchange.isEmpty()) {
        fail(QStringLiteral("--exchange needs a name (amq.default is the default exchange)"));
        return Action::Error;
    }
    if (parser.isSet(vhost))
        m_options.vhost = parser.value(vhost);
    if (exporting) {
        m_options.filter = parser.value(filter);
        m_options.regex = parser.isSet(regex);
        m_options.caseSensitive = parser.isSet(caseSensitive);
        m_options.query = parser.value(queryOption);
        if (parser.isSet(queryOption) && m_options.query.trimmed().isEmpty()) {
            fail(QStringLiteral("--query needs a query (docs/query.md); leave it out to export every message"));
            return Action::Error;
        }
        if ((m_options.regex || m_options.caseSensitive) && m_options.filter.isEmpty()) {
            fail(QStringLiteral("%1 needs --filter")
                     .arg(m_options.regex ? QStringLiteral("--regex") : QStringLiteral("--case-sensitive")));
            return Action::Error;
        }
        if (parser.isSet(output) && parser.value(output).isEmpty()) {
            fail(QStringLiteral("--output needs a file name"));
            return Action::Error;
        }
        m_options.output = parser.value(output);
    } else {
        m_options.keepIds = !parser.isSet(renewIds);
        m_options.keepTimestamps = !parser.isSet(renewTimestamps);
        if (parser.isSet(skip)) {
            bool ok = false;
            m_options.skip = parser.value(skip).toLongLong(&ok);
            if (!ok || m_options.skip < 0) {
                fail(QStringLiteral("--skip must be a whole number of messages, not '%1'").arg(parser.value(skip)));
                return Action::Error;
            }
        }
    }
    if (parser.isSet(url)) {
        const QUrl u(parser.value(url), QUrl::StrictMode);
        if (!u.isValid() || (u.scheme() != QLatin1String("http") && u.scheme() != QLatin1String("https"))
            || u.host().isEmpty()) {
            fail(QStringLiteral("--url must be Depot's HTTP address such as http://127.0.0.1:15672, not '%1'")
                     .arg(parser.value(url)));
            return Action::Error;
        }
        m_options.url = u;
    }
    const bool userSet = parser.isSet(user);
    const bool passwordSet = parser.isSet(password) || qEnvironmentVariableIsSet("DEPOT_PASSWORD");
    if (userSet != passwordSet && !(passwordSet && !parser.isSet(password))) {
        fail(userSet ? QStringLiteral("--user needs a password too: add --password or set DEPOT_PASSWORD")
                     : QStringLiteral("--password needs --user too"));
        return Action::Error;
    }
    if (userSet) {
        m_options.user = parser.value(user);
        m_options.password = parser.isSet(password) ? parser.value(password) : qEnvironmentVariable("DEPOT_PASSWORD");
    }
    return Action::Run;
}

} // namespace depot::app
