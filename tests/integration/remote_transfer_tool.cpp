// remote_transfer_tool: runs the window's remote replay (RemoteTransfer, the
// same code the Messages tab of a remote broker runs on its worker thread)
// against a RabbitMQ from the command line, so test_remote_replay.py can
// kill -9 it in the middle and count what was lost.
//
//   remote_transfer_tool [--window=N] AMQP_URL USER PASSWORD SOURCE [TARGET_QUEUE]
//
// --window: publishes in flight before their confirms are awaited
// (TransferJob::window; 1, the window's default, when not given).
// Without TARGET_QUEUE each message goes back to the queue its x-death
// names. Prints "progress EXAMINED DONE TOTAL" lines as it goes and one
// "summary ..." line at the end; exits 1 when the pass stopped on an error.

#include "ui/remote/RemoteTransfer.h"

#include <QCoreApplication>
#include <QStringList>

#include <cstdio>

using namespace depot::ui::remote;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QStringList args = app.arguments();
    int window = 1;
    for (qsizetype i = args.size() - 1; i >= 1; --i) {
        if (args.at(i).startsWith(u"--window=")) {
            window = args.at(i).mid(9).toInt();
            args.removeAt(i);
        }
    }
    if (args.size() < 5) {
        std::fprintf(stderr, "usage: remote_transfer_tool [--window=N] AMQP_URL USER PASSWORD SOURCE [TARGET_QUEUE]\n");
        return 2;
    }
    AmqpSession::Options options;
    options.url = QUrl(args.at(1));
    options.user = args.at(2);
    options.password = args.at(3);
    options.vhost = QStringLiteral("/");
    TransferJob job;
    job.source = args.at(4);
    job.window = window;
    if (args.size() > 5) {
        job.toOrigin = false;
        job.routingKey = args.at(5);
    }
    std::atomic<bool> cancel{false};
    const TransferSummary s = RemoteTransfer::run(options, job, cancel, [](quint64 examined, quint64 done, quint64 total) {
        std::printf("progress %llu %llu %llu\n", static_cast<unsigned long long>(examined),
            static_cast<unsigned long long>(done), static_cast<unsigned long long>(total));
        std::fflush(stdout);
    });
    std::printf("summary examined=%llu done=%llu skipped=%llu unroutable=%llu refused=%llu no_origin=%llu "
                "possible_duplicates=%llu error=%s\n",
        static_cast<unsigned long long>(s.examined), static_cast<unsigned long long>(s.done),
        static_cast<unsigned long long>(s.skipped), static_cast<unsigned long long>(s.unroutable),
        static_cast<unsigned long long>(s.refused), static_cast<unsigned long long>(s.noOrigin),
        static_cast<unsigned long long>(s.possibleDuplicates), qPrintable(s.error));
    std::fflush(stdout);
    return s.error.isEmpty() ? 0 : 1;
}
