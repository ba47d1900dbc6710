#pragma once

// CommandLine: turns depot's arguments into BrokerOptions, or into one line
// saying what is wrong. Every refusal names the option and the value so the
// user can fix it without reading --help.

#include "broker/core/BrokerOptions.h"

#include <QCommandLineParser>
#include <QStringList>

#include <optional>
#include <utility>
#include <vector>

namespace depot {
struct ListenerEntry;
}

namespace depot::app {

// A size as users write it: "1048576", "512MiB", "128 MiB", "2GB", "1.5GiB",
// "64k". K/KiB, M/MiB, G/GiB, T/TiB are powers of 1024; KB, MB, GB, TB powers
// of 1000 (RabbitMQ's convention); units in any case. nullopt for anything
// else, negative numbers, fractions of a byte without a unit, and overflow.
std::optional<quint64> parseByteSize(const QString &text);

class CommandLine final
{
    Q_DISABLE_COPY_MOVE(CommandLine)

public:
    enum class Action { Run, Help, Version, Error };

    explicit CommandLine(const QString &defaultDataDir);

    // `arguments` includes the program name first, like argv.
    Action parse(const QStringList &arguments);

    QString error() const { return m_error; }        // Action::Error: one line, "depot: ..."
    QString helpText() const { return m_parser.helpText(); }
    bool headless() const { return m_headless; }
    bool demo() const { return m_demo; }
    const BrokerOptions &options() const { return m_options; }

private:
    bool fail(const QString &message);
    bool parsePorts();
    bool parseCount(const QCommandLineOption &option, quint64 min, quint64 max, quint64 *value);
    bool parseSize(const QCommandLineOption &option, quint64 min, quint64 max, const QString &example, quint64 *value);
    bool parseMemoryHighWatermark();
    bool parseKafkaOptions();
    bool parseHistoryOptions();

    QCommandLineParser m_parser;
    QCommandLineOption m_help;
    QCommandLineOption m_version;
    QCommandLineOption m_headlessOption;
    QCommandLineOption m_dataDir;
    QCommandLineOption m_inMemory;
    QCommandLineOption m_durability;
    // --<name>-port for every listener in the registry, in its order.
    std::vector<std::pair<const ListenerEntry *, QCommandLineOption>> m_portOptions;
    QCommandLineOption m_bind;
    QCommandLineOption m_demoOption;
    QCommandLineOption m_user;
    QCommandLineOption m_password;
    QCommandLineOption m_maxConnections;
    QCommandLineOption m_maxChannels;
    QCommandLineOption m_maxMessageSize;
    QCommandLineOption m_frameMax;
    QCommandLineOption m_memoryHighWatermark;
    QCommandLineOption m_allowedHost;
    QCommandLineOption m_allowedOrigin;
    QCommandLineOption m_kafkaAdvertisedHost;
    QCommandLineOption m_kafkaAutoCreateTopics;
    QCommandLineOption m_kafkaRetentionCheckMs;
    QCommandLineOption m_history;
    QCommandLineOption m_historyRetention;
    QCommandLineOption m_historyMaxEvents;
    QString m_defaultDataDir;
    QString m_error;
    bool m_headless = false;
    bool m_demo = false;
    BrokerOptions m_options;
};

} // namespace depot::app
