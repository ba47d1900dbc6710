// Fuzzes the HTTP API's request handling end to end: the input is the raw
// bytes of what a client sends (one request or several, pipelined), written
// over a real loopback TCP connection to a real HttpApi (Qt's HTTP parser,
// Depot's router, auth and route handlers) over a fresh in-memory Engine.
// Each input gets its own engine, so a finding replays from its input alone.
//
// The client half-closes after writing, so the server sees the end of the
// request stream and closes when it has answered; the input ends there,
// without waiting on a timer. Checked: every answer is an HTTP status line
// and none is a 5xx (bad input is a 4xx, DESIGN.md §6).

#include "FuzzSupport.h"

#include "broker/engine/Engine.h"
#include "broker/http/HttpApi.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QTimer>

#include <sys/socket.h>

#include <memory>

using namespace depot;
using namespace depot::fuzz;

namespace {

// An input still running after this long is reported as a hang; libFuzzer's
// own -timeout is the backstop.
constexpr int kAnswerTimeoutMs = 10000;

void quietMessages(QtMsgType type, const QMessageLogContext &, const QString &message)
{
    if (type == QtFatalMsg) {
        std::fprintf(stderr, "qFatal: %s\n", qPrintable(message));
        std::abort();
    }
}

void checkAnswers(const QByteArray &answers)
{
    static const QRegularExpression statusLine(QStringLiteral("^HTTP/1\\.[01] (\\d{3}) "), QRegularExpression::MultilineOption);
    auto it = statusLine.globalMatch(QString::fromLatin1(answers));
    while (it.hasNext()) {
        const int status = it.next().captured(1).toInt();
        if (status >= 500) {
            failCheck(__FILE__, __LINE__, "a request was answered with a 5xx status", answers, {});
        }
    }
    if (!answers.isEmpty())
        DEPOT_FUZZ_CHECK(answers.startsWith("HTTP/1."));
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    static int argc = 1;
    static char name[] = "fuzz_http_api";
    static char *argv[] = {name, nullptr};
    qInstallMessageHandler(quietMessages);
    new QCoreApplication(argc, argv);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    auto engine = std::make_unique<Engine>();
    engine->recover();
    http::HttpApiOptions options;
    options.maxBodyBytes = 64 * 1024;
    auto api = std::make_unique<http::HttpApi>(*engine, options);
    QString error;
    if (!api->listen(QHostAddress::LocalHost, 0, &error)) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        std::abort();
    }

    QByteArray answers;
    {
        QTcpSocket client;
        QEventLoop loop;
        bool halfClosed = false;
        bool timedOut = false;
        const auto halfCloseWhenWritten = [&] {
            if (!halfClosed && client.bytesToWrite() == 0 && client.state() == QAbstractSocket::ConnectedState) {
                ::shutdown(int(client.socketDescriptor()), SHUT_WR);
                halfClosed = true;
            }
        };
        QObject::connect(&client, &QTcpSocket::connected, &loop, [&] {
            if (size > 0)
                client.write(reinterpret_cast<const char *>(data), qint64(size));
            halfCloseWhenWritten();
        });
        QObject::connect(&client, &QTcpSocket::bytesWritten, &loop, halfCloseWhenWritten);
        QObject::connect(&client, &QTcpSocket::readyRead, &loop, [&] { answers += client.readAll(); });
        QObject::connect(&client, &QTcpSocket::disconnected, &loop, &QEventLoop::quit);
        QObject::connect(&client, &QTcpSocket::errorOccurred, &loop, &QEventLoop::quit);
        QTimer timeout;
        timeout.setSingleShot(true);
        QObject::connect(&timeout, &QTimer::timeout, &loop, [&] {
            timedOut = true;
            loop.quit();
        });
        timeout.start(kAnswerTimeoutMs);
        client.connectToHost(QHostAddress::LocalHost, api->port());
        loop.exec();
        answers += client.readAll();
        if (timedOut)
            failCheck(__FILE__, __LINE__, "no answer and no close within the time limit", answers, {});
        // Reset rather than close: no TIME_WAIT entry per input, so a long
        // run does not run out of local ports.
        if (client.socketDescriptor() >= 0) {
            const linger reset{1, 0};
            ::setsockopt(int(client.socketDescriptor()), SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
        }
        client.abort();
    }
    checkAnswers(answers);

    // Let tasks the requests started (replay, move, ...) run a while, then
    // tear everything down as the broker does at exit.
    for (int i = 0; i < 20; ++i)
        QCoreApplication::processEvents();
    api.reset();
    engine.reset();
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    return 0;
}
