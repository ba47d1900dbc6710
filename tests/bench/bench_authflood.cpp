// Login flood: what a client sending many wrong passwords costs everyone
// else. Every wrong password is a new name+password pair, so the
// verification cache cannot answer it and Depot runs its KDF (PBKDF2,
// 20,000 iterations) for each.
//
//   bench_authflood [--seconds S] [--flooders N] [--interval MS] [--depot PATH]
//
// With rabbitmq-c (Debian's librabbitmq) as the client:
//   1. starts depot --headless --in-memory on free ports;
//   2. one connection, logged in as guest (a cheap hash, cached after the
//      first login), does a basic.qos round trip every MS milliseconds
//      (default 20) and records how long each took from the moment it was
//      due (so time spent behind a stalled one counts): S seconds (default 5)
//      without a flood, then S seconds while N threads (default 4) log in
//      over and over as user "flood" (unknown: checked against a decoy hash
//      that costs what a real one does) with a fresh random password each
//      time;
//   3. prints the round-trip figures of both phases (median, p90, p99, max)
//      and the wrong logins Depot answered per second.
// Nothing here asserts on a timing; it exits 1 when a round trip fails and
// 2 when it cannot run.

#include "tests/support/TestSupport.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QProcess>
#include <QTemporaryDir>
#include <algorithm>
#include <amqp.h>
#include <amqp_tcp_socket.h>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

[[noreturn]] void fail(const std::string &what)
{
    std::fprintf(stderr, "bench_authflood: %s\n", what.c_str());
    std::exit(2);
}

// One rabbitmq-c connection; true when the login was accepted.
bool login(amqp_connection_state_t conn, quint16 port, const std::string &user, const std::string &password)
{
    amqp_socket_t *socket = amqp_tcp_socket_new(conn);
    timeval timeout{10, 0};
    if (!socket || amqp_socket_open_noblock(socket, "127.0.0.1", port, &timeout) != AMQP_STATUS_OK)
        return false;
    const amqp_rpc_reply_t r
        = amqp_login(conn, "/", 0, 131072, 0, AMQP_SASL_METHOD_PLAIN, user.c_str(), password.c_str());
    return r.reply_type == AMQP_RESPONSE_NORMAL;
}

double percentile(std::vector<double> v, double p)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    const size_t i = std::min(v.size() - 1, size_t(p * double(v.size() - 1) + 0.5));
    return v[i];
}

// Round trips of a logged-in connection, one scheduled every `interval`, for
// `seconds`. Each is timed from the moment it was due, not from when it was
// sent: a round trip stuck behind a stalled one counts the wait too, as a
// client with work arriving at that rate would see it (otherwise a 200 ms
// stall would count once, and the requests it held back not at all).
// Round trips still due when the phase ended are not sent; report() counts
// them against the number due.
std::vector<double> probe(amqp_connection_state_t conn, int seconds, std::chrono::milliseconds interval)
{
    std::vector<double> ms;
    auto due = Clock::now();
    const auto end = due + std::chrono::seconds(seconds);
    while (due < end && Clock::now() < end) {
        std::this_thread::sleep_until(due);
        if (!amqp_basic_qos(conn, 1, 0, 10, 0)) {
            std::fprintf(stderr, "bench_authflood: basic.qos failed\n");
            std::exit(1);
        }
        ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - due).count());
        due += interval;
    }
    return ms;
}

void report(const char *phase, const std::vector<double> &ms, size_t due)
{
    std::printf("  %-22s %5zu of %zu round trips: median %7.2f ms, p90 %7.2f ms, p99 %7.2f ms, max %7.2f ms\n", phase,
        ms.size(), due, percentile(ms, 0.5), percentile(ms, 0.9), percentile(ms, 0.99),
        ms.empty() ? 0.0 : *std::max_element(ms.begin(), ms.end()));
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Round trips of one AMQP connection while other clients flood depot with wrong passwords."));
    parser.addHelpOption();
    parser.addOptions({
        {QStringLiteral("seconds"), QStringLiteral("Seconds per phase (default 5)."), QStringLiteral("S"),
            QStringLiteral("5")},
        {QStringLiteral("flooders"), QStringLiteral("Threads logging in with wrong passwords (default 4)."),
            QStringLiteral("N"), QStringLiteral("4")},
        {QStringLiteral("interval"), QStringLiteral("Milliseconds between round trips (default 20)."),
            QStringLiteral("MS"), QStringLiteral("20")},
        {QStringLiteral("depot"), QStringLiteral("The depot binary (default: $DEPOT_BINARY)."), QStringLiteral("PATH")},
    });
    parser.process(app);
    const int seconds = std::max(1, parser.value(QStringLiteral("seconds")).toInt());
    const int flooders = std::max(1, parser.value(QStringLiteral("flooders")).toInt());
    const auto interval = std::chrono::milliseconds(std::max(1, parser.value(QStringLiteral("interval")).toInt()));
    QString depot = parser.value(QStringLiteral("depot"));
    if (depot.isEmpty())
        depot = depot::test::depotBinary();
    if (depot.isEmpty())
        fail("no depot binary: pass --depot or set DEPOT_BINARY");

    const quint16 amqpPort = depot::test::freePort();
    const quint16 httpPort = depot::test::freePort();
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(depot,
        {QStringLiteral("--headless"), QStringLiteral("--in-memory"), QStringLiteral("--amqp-port"),
            QString::number(amqpPort), QStringLiteral("--http-port"), QString::number(httpPort),
             QStringLiteral("--sqs-port"), QStringLiteral("0"), QStringLiteral("--kafka-port"), QStringLiteral("0")});
    QByteArray out;
    const auto started = Clock::now();
    while (!out.contains("depot ready:") && Clock::now() - started < std::chrono::seconds(60)) {
        process.waitForReadyRead(100);
        out += process.readAll();
        if (process.state() == QProcess::NotRunning)
            fail("depot exited: " + out.toStdString());
    }
    if (!out.contains("depot ready:"))
        fail("depot did not become ready within 60 s");

    amqp_connection_state_t probeConn = amqp_new_connection();
    if (!login(probeConn, amqpPort, "guest", "guest"))
        fail("the probe connection could not log in as guest");
    amqp_channel_open(probeConn, 1);
    if (amqp_get_rpc_reply(probeConn).reply_type != AMQP_RESPONSE_NORMAL)
        fail("the probe connection could not open a channel");

    std::printf("Login flood against %s: one connection does a basic.qos round trip every %lld ms, %d s without "
                "a flood, then %d s while %d threads log in with wrong passwords (unknown user, decoy KDF)\n",
        qPrintable(depot), static_cast<long long>(interval.count()), seconds, seconds, flooders);
    const std::vector<double> quiet = probe(probeConn, seconds, interval);

    std::atomic<bool> stop{false};
    std::atomic<long> refused{0};
    std::atomic<long> accepted{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < flooders; ++t) {
        threads.emplace_back([&, t] {
            std::mt19937_64 random(std::random_device{}() + quint64(t));
            while (!stop) {
                amqp_connection_state_t conn = amqp_new_connection();
                const std::string password = "wrong-" + std::to_string(random());
                if (login(conn, amqpPort, "flood", password))
                    ++accepted;
                else
                    ++refused;
                amqp_destroy_connection(conn);
            }
        });
    }
    const auto floodStart = Clock::now();
    const std::vector<double> flooded = probe(probeConn, seconds, interval);
    const double floodSeconds = std::chrono::duration<double>(Clock::now() - floodStart).count();
    const long refusedDuring = refused.load();
    stop = true;
    for (std::thread &t : threads)
        t.join();

    const size_t due = size_t(std::chrono::milliseconds(std::chrono::seconds(seconds)) / interval);
    report("without a flood:", quiet, due);
    report("during the flood:", flooded, due);
    std::printf("  wrong logins answered during the flood: %ld (%.1f/s); accepted: %ld\n", refusedDuring,
        double(refusedDuring) / floodSeconds, accepted.load());

    amqp_channel_close(probeConn, 1, AMQP_REPLY_SUCCESS);
    amqp_connection_close(probeConn, AMQP_REPLY_SUCCESS);
    amqp_destroy_connection(probeConn);
    process.terminate();
    process.waitForFinished(20000);
    return accepted.load() == 0 ? 0 : 1;
}
