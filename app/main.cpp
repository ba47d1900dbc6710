// depot: the Depot executable. Parses the command line, runs the broker on
// its thread through BrokerService, and shows the window unless --headless.
//
// Exit codes: 0 clean exit (also after SIGINT/SIGTERM), 1 the broker could
// not start (port taken, data dir unusable, database refused; headless only:
// the window stays open, shows why and offers a free port), 2 bad usage.
// `depot export` and `depot import` (ClientCommands) run against a Depot
// that is already running: 0 done, 1 failed, 2 bad usage.

#include "app/ClientCommandLine.h"
#include "app/ClientCommands.h"
#include "app/CommandLine.h"
#include "app/HugePageHeap.h"
#include "app/OpenFileLimit.h"
#include "app/SignalWatcher.h"
#include "broker/core/BrokerService.h"
#include "broker/core/ListenerRegistry.h"
#include "broker/demo/DemoTraffic.h"

#ifdef DEPOT_HAVE_GUI
#include "app/UiLagProbe.h"
#include "ui/Translations.h"
#include "ui/views/MainWindow.h"

#include <QApplication>
#endif

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QStandardPaths>

#include <csignal>
#include <cstdio>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <functional>
#include <memory>

namespace {

Q_LOGGING_CATEGORY(lcApp, "depot.app")

constexpr int ExitStartFailed = 1;
constexpr int ExitUsage = 2;

void printLine(FILE *stream, const QString &line)
{
    std::fputs(qPrintable(line + QLatin1Char('\n')), stream);
    std::fflush(stream);
}

QString endpoint(const QHostAddress &address, quint16 port)
{
    const QString host = address.protocol() == QAbstractSocket::IPv6Protocol
                             ? QLatin1Char('[') + address.toString() + QLatin1Char(']')
                             : address.toString();
    return host + QLatin1Char(':') + QString::number(port);
}

// The one line scripts and tests wait for: everything is bound and recovered.
// Every listener of the registry, in its order, as name=host:port, or
// name=off when it was switched off (--amqp-port 0): a script that looks for
// a listener finds out that it is off rather than that the line changed.
QString readinessLine(const depot::BrokerService &service)
{
    const depot::BrokerOptions &options = service.options();
    QStringList fields;
    for (const depot::ListenerEntry &listener : depot::listenerRegistry()) {
        const quint16 port = service.port(listener.name);
        fields << listener.name + QLatin1Char('=')
                + (port ? endpoint(depot::listenAddress(options, listener), port) : QStringLiteral("off"));
    }
    return QStringLiteral("depot ready: %1 data=%2 durability=%3")
        .arg(fields.join(QLatin1Char(' ')), options.inMemory ? QStringLiteral("in-memory") : options.dataDir,
             depot::durabilityName(options.durability));
}

// Wires what headless and windowed runs share: readiness, start failure,
// and shutdown on SIGINT/SIGTERM. Returns the application's exit code. A
// failed start ends the run unless `keepRunningOnStartFailure` (the window
// shows the problem and can start the broker again).
int run(QCoreApplication &app, depot::BrokerService &service, bool keepRunningOnStartFailure)
{
    depot::app::SignalWatcher signalWatcher;
    if (!signalWatcher.isValid()) {
        printLine(stderr, QStringLiteral("depot: cannot install the SIGINT/SIGTERM handlers"));
        return ExitStartFailed;
    }
    QObject::connect(&service, &depot::BrokerService::started, &app,
                     [&service] { printLine(stdout, readinessLine(service)); });
    QObject::connect(&service, &depot::BrokerService::startFailed, &app,
                     [&app, keepRunningOnStartFailure](const QString &error) {
                         printLine(stderr, error);
                         if (!keepRunningOnStartFailure)
                             app.exit(ExitStartFailed);
                     });
    QObject::connect(&signalWatcher, &depot::app::SignalWatcher::shutdownRequested, &app,
                     [&app, &service](int signalNumber) {
                         qCInfo(lcApp, "received %s, shutting down", signalNumber == SIGINT ? "SIGINT" : "SIGTERM");
                         service.stop();
                         app.exit(0);
                     });
    service.start();
    const int code = app.exec();
    service.stop();
    if (code == 0)
        qCInfo(lcApp, "stopped cleanly");
    return code;
}

// Every client is a socket: take all the descriptors the system allows, and
// say so when even that is too few for the connection limit.
void raiseOpenFileLimit(int maxConnections)
{
    const depot::app::OpenFileLimit limit = depot::app::raiseOpenFileLimit();
    if (!limit.error.isEmpty())
        qCWarning(lcApp).noquote() << limit.error;
    else if (limit.soft != limit.before)
        qCInfo(lcApp, "open-file limit raised from %llu to %llu", static_cast<unsigned long long>(limit.before),
               static_cast<unsigned long long>(limit.soft));
    const QString warning
        = depot::app::openFileLimitWarning(limit, maxConnections);
    if (!warning.isEmpty())
        qCWarning(lcApp).noquote() << warning;
}

// Buffers of a few MiB (a Kafka fetch answer, a producer's batch, a large
// message) come and go all the time. glibc maps each one above its mmap
// threshold afresh and unmaps it when freed, or trims the heap under it, so
// every copy into one pays a page fault per 4 KiB; glibc raises those
// thresholds itself after the first large free (up to 32 MiB, trimming at
// twice that), but only for some allocation orders: a Kafka consumer ran at
// 0.2 or 1.3-1.7 us of broker CPU per record from run to run. Set from the
// start to where glibc would raise them, large buffers are reused.
void keepLargeBuffersInTheHeap()
{
#ifdef __GLIBC__
    mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
    mallopt(M_TRIM_THRESHOLD, 64 * 1024 * 1024);
#endif
}

} // namespace

int main(int argc, char **argv)
{
    depot::app::installHugePageHeap();
    // No organisation: the default data dir is then ~/.local/share/Depot.
    QCoreApplication::setApplicationName(QStringLiteral("Depot"));
    QCoreApplication::setApplicationVersion(QStringLiteral(DEPOT_VERSION));
    qSetMessagePattern(QStringLiteral("%{time yyyy-MM-dd hh:mm:ss.zzz} %{type} %{category}: %{message}"));

    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);

    // `depot export` and `depot import` talk to a running Depot; they start none.
    if (depot::app::ClientCommandLine::isClientCommand(arguments)) {
        depot::app::ClientCommandLine clientLine;
        switch (clientLine.parse(arguments)) {
        case depot::app::ClientCommandLine::Action::Error:
            printLine(stderr, clientLine.error());
            return ExitUsage;
        case depot::app::ClientCommandLine::Action::Help:
            std::fputs(qPrintable(clientLine.helpText()), stdout);
            return 0;
        case depot::app::ClientCommandLine::Action::Run:
            break;
        }
        QCoreApplication app(argc, argv);
        return depot::app::runClientCommand(clientLine.options());
    }

    depot::app::CommandLine commandLine(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation));
    switch (commandLine.parse(arguments)) {
    case depot::app::CommandLine::Action::Error:
        printLine(stderr, commandLine.error());
        return ExitUsage;
    case depot::app::CommandLine::Action::Version:
        printLine(stdout, QStringLiteral("depot ") + QStringLiteral(DEPOT_VERSION));
        return 0;
    case depot::app::CommandLine::Action::Help: {
        QCoreApplication app(argc, argv);   // helpText() names the program from it
        std::fputs(qPrintable(commandLine.helpText()), stdout);
        return 0;
    }
    case depot::app::CommandLine::Action::Run:
        break;
    }

    raiseOpenFileLimit(commandLine.options().maxConnections);
    keepLargeBuffersInTheHeap();

    bool headless = commandLine.headless();
#ifndef DEPOT_HAVE_GUI
    if (!headless) {
        printLine(stderr, QStringLiteral("depot: this build has no window (built with DEPOT_BUILD_GUI=OFF); "
                                         "running headless"));
        headless = true;
    }
#endif
    if (!headless && qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY")
        && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
        printLine(stderr, QStringLiteral("depot: no display to open the window on; run depot --headless, "
                                         "or set DISPLAY"));
        return ExitStartFailed;
    }

    if (headless) {
        if (!qEnvironmentVariableIsEmpty("DEPOT_UI_LAG_LOG"))
            printLine(stderr, QStringLiteral("depot: DEPOT_UI_LAG_LOG is ignored: there is no window to measure"));
        QCoreApplication app(argc, argv);
        depot::BrokerService service(commandLine.options());
        if (commandLine.demo()) {
            // Started with the broker, before the readiness line is printed.
            QObject::connect(&service, &depot::BrokerService::started, &app, [&service] {
                service.postProducer([](depot::Engine &engine, depot::core::PublishGate &gate) {
                    depot::demo::DemoTraffic::start(engine, gate);
                });
            });
        }
        return run(app, service, false);
    }

#ifdef DEPOT_HAVE_GUI
    QApplication app(argc, argv);
    depot::ui::installTranslators(app);
    app.setWindowIcon(QIcon(QStringLiteral(":/depot/icons/depot.svg")));
    // Lets the desktop (Wayland, task bars) match the window to its installed
    // desktop entry and icon.
    QGuiApplication::setDesktopFileName(QStringLiteral("io.github.depotbroker.Depot"));
    depot::BrokerService service(commandLine.options());
    // The window is destroyed before the service (declared after it).
    auto window = std::make_unique<depot::ui::MainWindow>(&service);
    window->show();
    // Opt-in measurement of the window's responsiveness (bench_load).
    std::unique_ptr<depot::app::UiLagProbe> lagProbe;
    if (const QString lagLog = qEnvironmentVariable(depot::app::UiLagProbe::EnvironmentVariable); !lagLog.isEmpty()) {
        lagProbe = std::make_unique<depot::app::UiLagProbe>(lagLog);
        if (!lagProbe->error().isEmpty()) {
            printLine(stderr, QStringLiteral("depot: ") + lagProbe->error());
            return ExitUsage;
        }
    }
    if (commandLine.demo())
        window->runDemo();
    // The window shows a failed start itself (and offers a free port when one is taken).
    return run(app, service, true);
#else
    return 0;
#endif
}
