// bench_browser: how long the window takes to open a queue of 1,000,000
// messages of 100 bytes in the message browser (budget: 0.2 s, DESIGN.md §7).
//
// "Open" is measured the way a user sees it: from selecting the queue in the
// main window until the first rows are on screen (the first page fetched by
// the broker thread through BrokerClient and shown by the model). Also
// measured: a jump to the middle of the queue.
//
//   bench_browser [--messages N] [--data-dir DIR] [--runs N]
// Without --data-dir the broker runs in memory; with it, message bodies live
// in SQLite and the first page is read from the store where it was paged out.
// Exits 1 when the median open time is over budget.

#include "broker/core/BrokerService.h"
#include "broker/engine/Engine.h"
#include "tests/support/AnyFreePorts.h"
#include "ui/client/BrokerClient.h"
#include "ui/models/MessageListModel.h"
#include "ui/models/QueueListModel.h"
#include "ui/views/MainWindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QLineEdit>
#include <QSemaphore>
#include <QTableView>
#include <QTest>

#include <algorithm>
#include <cstdio>

using namespace depot;

namespace {

constexpr double BudgetSeconds = 0.2;

bool waitFor(const std::function<bool()> &done, int timeoutMs)
{
    return QTest::qWaitFor(done, timeoutMs);
}

double median(QList<double> v)
{
    std::sort(v.begin(), v.end());
    return v.isEmpty() ? 0 : v.at(v.size() / 2);
}

} // namespace

int main(int argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM", qgetenv("QT_QPA_PLATFORM").isEmpty() ? QByteArray("offscreen") : qgetenv("QT_QPA_PLATFORM"));
    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("DepotBench"));
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOption({QStringLiteral("messages"), QStringLiteral("Messages in the queue."), QStringLiteral("n"),
                      QStringLiteral("1000000")});
    parser.addOption({QStringLiteral("data-dir"), QStringLiteral("Use a store in DIR (default: in memory)."),
                      QStringLiteral("dir")});
    parser.addOption({QStringLiteral("runs"), QStringLiteral("Measurements."), QStringLiteral("n"), QStringLiteral("5")});
    parser.process(app);
    const quint64 total = parser.value(QStringLiteral("messages")).toULongLong();
    const int runs = std::max(1, parser.value(QStringLiteral("runs")).toInt());

    BrokerOptions options;
    depot::test::anyFreePorts(options);   // never a default port another broker may hold
    options.inMemory = !parser.isSet(QStringLiteral("data-dir"));
    options.dataDir = parser.value(QStringLiteral("data-dir"));
    BrokerService service(options);
    service.start();
    if (!waitFor([&] { return service.isRunning(); }, 30000)) {
        std::fprintf(stderr, "bench_browser: the broker did not start\n");
        return 2;
    }

    // Fill in slices so the broker thread (and this wait) stay responsive.
    QElapsedTimer fillTimer;
    fillTimer.start();
    const QString queue = QStringLiteral("bench.browser");
    auto filled = std::make_shared<QSemaphore>();
    const quint64 slice = 50000;
    const QByteArray body(100, 'x');
    service.post([queue](Engine &engine) {
        QueueDef def;
        def.name = queue;
        def.durable = true;
        engine.declareQueue(def, false);
        engine.purgeQueue(queue);
    });
    for (quint64 done = 0; done < total; done += slice) {
        const quint64 n = std::min(slice, total - done);
        service.post([queue, n, body, filled](Engine &engine) {
            MessageProperties props;
            props.contentType = QStringLiteral("text/plain");
            props.deliveryMode = 2;
            for (quint64 i = 0; i < n; ++i)
                engine.publish(QString(), queue, props, body);
            filled->release();
        });
    }
    const int slices = int((total + slice - 1) / slice);
    if (!waitFor([&] { return filled->available() >= slices; }, 600000)) {
        std::fprintf(stderr, "bench_browser: filling the queue timed out\n");
        return 2;
    }
    std::printf("filled %llu messages of 100 bytes in %.1f s (%s)\n", static_cast<unsigned long long>(total),
                double(fillTimer.elapsed()) / 1000.0, options.inMemory ? "in memory" : "with a store");

    ui::MainWindow window(&service);
    window.resize(1400, 860);
    window.show();
    if (!waitFor([&] { return window.queueModel()->rowOf(queue) >= 0
                              && window.client()->snapshot()->queue(queue)
                              && window.client()->snapshot()->queue(queue)->total() == total; }, 30000)) {
        std::fprintf(stderr, "bench_browser: the queue did not show up in the window\n");
        return 2;
    }

    QList<double> openTimes;
    QList<double> jumpTimes;
    ui::MessageListModel *model = window.messageModel();
    for (int run = 0; run < runs; ++run) {
        window.queueView()->clearSelection();
        QApplication::processEvents();
        QElapsedTimer t;
        t.start();
        window.selectQueue(queue);
        // The view asks for the rows it shows when it paints.
        if (!waitFor([&] { return model->index(0, 0).data(ui::MessageListModel::LoadedRole).toBool(); }, 10000)) {
            std::fprintf(stderr, "bench_browser: the first page never arrived\n");
            return 2;
        }
        openTimes << double(t.nsecsElapsed()) / 1e9;

        t.restart();
        const int middle = int(total / 2);
        window.messageView()->scrollTo(model->index(middle, 0), QAbstractItemView::PositionAtTop);
        if (!waitFor([&] { return model->index(middle, 0).data(ui::MessageListModel::LoadedRole).toBool(); }, 10000)) {
            std::fprintf(stderr, "bench_browser: the middle page never arrived\n");
            return 2;
        }
        jumpTimes << double(t.nsecsElapsed()) / 1e9;
        std::printf("run %d: open %.1f ms, jump to the middle %.1f ms, pages fetched %d\n", run + 1,
                    openTimes.last() * 1000, jumpTimes.last() * 1000, model->pagesRequested());
    }
    // A filter that matches nothing scans the whole queue, 5,000 messages per
    // broker-thread turn.
    QList<double> scanTimes;
    for (int run = 0; run < std::min(runs, 3); ++run) {
        bool finished = false;
        const auto connection = QObject::connect(model, &ui::MessageListModel::scanFinished, [&] { finished = true; });
        QElapsedTimer t;
        t.start();
        window.messageFilter()->setText(QStringLiteral("no message says this"));
        QTest::keyClick(window.messageFilter(), Qt::Key_Return);
        if (!waitFor([&] { return finished; }, 600000)) {
            std::fprintf(stderr, "bench_browser: the filter scan did not finish\n");
            return 2;
        }
        scanTimes << double(t.nsecsElapsed()) / 1e9;
        QObject::disconnect(connection);
        window.messageFilter()->clear();
        QTest::keyClick(window.messageFilter(), Qt::Key_Return);
        QApplication::processEvents();
        std::printf("filter scan run %d: %.2f s\n", run + 1, scanTimes.last());
    }

    // What one page costs the broker thread itself (every client waits that
    // long): a page of 100 at the head, the middle and the end of the queue.
    struct PageCosts
    {
        QList<double> head, middle, end, ids;
    };
    auto costs = std::make_shared<PageCosts>();
    auto measured = std::make_shared<QSemaphore>();
    service.post([queue, total, costs, measured](Engine &engine) {
        const auto time = [&](auto &&fn) {
            QElapsedTimer t;
            t.start();
            fn();
            return double(t.nsecsElapsed()) / 1e6;
        };
        for (int i = 0; i < 21; ++i) {
            costs->head << time([&] { engine.browse(queue, 0, 100); });
            costs->middle << time([&] { engine.browse(queue, total / 2, 100); });
            costs->end << time([&] { engine.browse(queue, total > 100 ? total - 100 : 0, 100); });
            costs->ids << time([&] { engine.browseIds(queue, total / 2, 100); });
        }
        measured->release();
    });
    if (!waitFor([&] { return measured->available() > 0; }, 60000)) {
        std::fprintf(stderr, "bench_browser: measuring pages on the broker thread timed out\n");
        return 2;
    }
    std::printf("broker thread per page of 100 (median of 21): head %.2f ms, middle %.2f ms, end %.2f ms, "
                "ids only (middle) %.2f ms\n",
                median(costs->head), median(costs->middle), median(costs->end), median(costs->ids));

    const double open = median(openTimes);
    std::printf("browser open, %llu messages: median %.1f ms (budget %.0f ms) %s\n",
                static_cast<unsigned long long>(total), open * 1000, BudgetSeconds * 1000,
                open <= BudgetSeconds ? "OK" : "OVER BUDGET");
    std::printf("jump to the middle: median %.1f ms\n", median(jumpTimes) * 1000);
    std::printf("filter scan of the whole queue (no match): median %.2f s\n", median(scanTimes));
    window.close();
    service.stop();
    return open <= BudgetSeconds ? 0 : 1;
}
