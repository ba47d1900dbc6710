#pragma once

// ClientCommandLine: the arguments of `depot export` and `depot import`,
// which talk to a running Depot over its HTTP API rather than start one.
// Like the broker's command line, every refusal is one line naming the
// option (an unknown one included) so the user can fix it without --help.

#include <QCommandLineParser>
#include <QString>
#include <QUrl>

namespace depot::app {

struct ClientOptions
{
    enum class Command { Export, Import };
    Command command = Command::Export;
    QString queue;
    QString topic; // export only: a Kafka topic's records instead of a queue's messages
    qint32 partition = -1; // export --topic: one partition only (-1: every one)
    QString exchange; // import only: publish through this exchange instead of into --queue
    QString vhost = QStringLiteral("/");
    QString filter; // export only: the message filter (as the window's)
    bool regex = false;
    bool caseSensitive = false;
    QString query; // export only: the query (docs/query.md); the server checks it
    QString output; // export: a file (written 0600); empty: standard output
    QString input; // import: the file
    bool keepIds = true; // import: keep message ids (--renew-ids: new ones)
    bool keepTimestamps = true; // import: keep timestamps (--renew-timestamps: now)
    qint64 skip = 0; // import: leave out the first N messages (resuming)
    QUrl url = QUrl(QStringLiteral("http://127.0.0.1:15672"));
    QString user = QStringLiteral("guest");
    QString password = QStringLiteral("guest");
};

class ClientCommandLine final
{
    Q_DISABLE_COPY_MOVE(ClientCommandLine)

public:
    enum class Action { Run, Help, Error };

    ClientCommandLine();

    // Whether `arguments` (program name first, like argv) ask for one of
    // these commands rather than for the broker.
    static bool isClientCommand(const QStringList &arguments);

    Action parse(const QStringList &arguments);
    QString error() const { return m_error; } // Action::Error: one line, "depot export: ..."
    QString helpText() const;
    const ClientOptions &options() const { return m_options; }

private:
    bool fail(const QString &message);

    QString m_command;
    QString m_error;
    ClientOptions m_options;
};

} // namespace depot::app
