// remote_transfer_tool: runs the window's remote replay (RemoteTransfer, the
// same code the Messages tab of a remote broker runs on its worker thread)
// against a RabbitMQ from the command line, so test_remote_replay.py can
// kill -9 it in the middle and count what was lost.
//
//   remote_transfer_tool [--method=auto|tx|confirms] [--batch=N] [--window=N]
//                        [--lanes=N] [--progress-every-ms=N] [--exchange=NAME]
//                        AMQP_URL USER PASSWORD SOURCE [TARGET]
//
// --method: TransferJob::method (auto, the window's, when not given);
// --batch: messages per transaction (TransferJob::batch); --window: with
// confirms, publishes in flight before their confirms are awaited (1 when
// not given); --lanes: transactions in flight on as many connections
// (TransferJob::lanes); --progress-every-ms: at most how often progress is
// printed (100, the window's, when not given; 0: after every batch or
// message, so a test can kill at a given point). Without TARGET each message goes back to the queue its
// x-death names; TARGET is a queue, or with --exchange a routing key.
// Prints "progress EXAMINED DONE TOTAL" lines as it goes and one
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
    TransferJob job;
    QString exchange;
    for (qsizetype i = args.size() - 1; i >= 1; --i) {
        const QString a = args.at(i);
        if (!a.startsWith(u"--"))
            continue;
        const QString value = a.section(u'=', 1);
        bool number = false;
        const int n = value.toInt(&number);
        int *count = a.startsWith(u"--window=") ? &job.window
            : a.startsWith(u"--lanes=")         ? &job.lanes
            : a.startsWith(u"--batch=")         ? &job.batch
                                                : nullptr;
        if (count && (!number || n < 1)) {
            std::fprintf(stderr, "remote_transfer_tool: %s needs a whole number of at least 1\n", qPrintable(a));
            return 2;
        }
        if (count)
            *count = n;
        else if (a.startsWith(u"--progress-every-ms=")) {
            if (!number || n < 0) {
                std::fprintf(stderr, "remote_transfer_tool: %s needs a whole number of at least 0\n", qPrintable(a));
                return 2;
            }
            job.progressEveryMs = n;
        } else if (a.startsWith(u"--exchange="))
            exchange = value;
        else if (a == u"--method=tx")
            job.method = TransferJob::Method::Transactions;
        else if (a == u"--method=confirms")
            job.method = TransferJob::Method::Confirms;
        else if (a != u"--method=auto") {
            std::fprintf(stderr, "remote_transfer_tool: unknown option %s\n", qPrintable(a));
            return 2;
        }
        args.removeAt(i);
    }
    if (args.size() < 5) {
        std::fprintf(stderr, "usage: remote_transfer_tool [--method=auto|tx|confirms] [--batch=N] [--window=N] [--lanes=N] "
                             "[--progress-every-ms=N] [--exchange=NAME] AMQP_URL USER PASSWORD SOURCE [TARGET]\n");
        return 2;
    }
    AmqpSession::Options options;
    options.url = QUrl(args.at(1));
    options.user = args.at(2);
    options.password = args.at(3);
    options.vhost = QStringLiteral("/");
    job.source = args.at(4);
    if (args.size() > 5) {
        job.toOrigin = false;
        job.exchange = exchange;
        job.routingKey = args.at(5);
    }
    std::atomic<bool> cancel{false};
    const TransferSummary s = RemoteTransfer::run(options, job, cancel, [](quint64 examined, quint64 done, quint64 total) {
        std::printf("progress %llu %llu %llu\n", static_cast<unsigned long long>(examined),
            static_cast<unsigned long long>(done), static_cast<unsigned long long>(total));
        std::fflush(stdout);
    });
    std::printf("summary examined=%llu done=%llu skipped=%llu unroutable=%llu refused=%llu no_origin=%llu "
                "possible_duplicates=%llu method=%s missing=%s note=%s error=%s\n",
        static_cast<unsigned long long>(s.examined), static_cast<unsigned long long>(s.done),
        static_cast<unsigned long long>(s.skipped), static_cast<unsigned long long>(s.unroutable),
        static_cast<unsigned long long>(s.refused), static_cast<unsigned long long>(s.noOrigin),
        static_cast<unsigned long long>(s.possibleDuplicates), s.transactions ? "tx" : "confirms",
        qPrintable(s.missingQueues.join(u',')), qPrintable(s.note), qPrintable(s.error));
    std::fflush(stdout);
    return s.error.isEmpty() ? 0 : 1;
}
