#pragma once

// Helpers for Depot's GUI tests: a real broker (in memory, free ports) on its
// own thread, and synchronous shortcuts for setting up state on it.

#include "broker/core/BrokerService.h"
#include "broker/engine/Engine.h"
#include "ui/views/MainWindow.h"

#include <QJsonObject>
#include <QSize>
#include <QString>
#include <functional>
#include <memory>

namespace depot::test {

// Starts an in-memory BrokerService on any free ports and waits until it
// runs. Returns null (and fails the current test) if it does not start.
std::unique_ptr<BrokerService> startBroker();

// Runs fn on the broker thread and waits for it (test set-up only: the
// window itself never waits on the broker).
void onBroker(BrokerService &service, std::function<void(Engine &)> fn);

// Declares a queue with optional arguments.
void declareQueue(BrokerService &service, const QString &name, const QVariantMap &arguments = {});
// Publishes `count` messages with bodies "<prefix> <n>" to a queue via the default exchange.
void publishMessages(BrokerService &service, const QString &queue, int count, const QString &prefix = QStringLiteral("message"),
                     const QVariantMap &headers = {});
// Declares work queue `queue` whose rejected messages go to `queue`.dlq, and
// makes `count` dead letters there by getting and rejecting them.
void makeDeadLetters(BrokerService &service, const QString &queue, int count);
// Publishes one message to `exchange` with `routingKey` and headers, as a
// client would; true when it reached a queue.
bool publishThrough(BrokerService &service, const QString &exchange, const QString &routingKey,
                    const QVariantMap &headers = {});
// The messages (ready and unacked) in `queue`; 0 when there is no such queue.
quint64 depth(BrokerService &service, const QString &queue);
// Runs `open`, which should pop up a context menu, and returns the texts of
// the menu's entries (separators as ""), closing it. Empty when none opened.
QStringList contextMenuEntries(const std::function<void()> &open);

// Calls the broker's SQS API (AWS JSON 1.0, as current AWS SDKs send it) and
// waits for the answer: `action` is e.g. "CreateQueue". Returns the answer's
// JSON; a failed call fails the current test and returns {"__type": ...}.
QJsonObject sqsCall(BrokerService &service, const QString &action, const QJsonObject &params);
// The queue URL an SQS client would use for `name`.
QString sqsQueueUrl(BrokerService &service, const QString &name);

// Where tests put the PNGs they render (created on demand).
QString screenshotDir();

// The window tests' fixture: a fresh broker and a MainWindow on it for every
// test function. A test class inherits it beside QObject and calls it from
// its own slots, so what a test adds (a confirmation hook, a few queues)
// stays beside it:
//   void initTestCase() { prepareApplication(QStringLiteral("tst_x")); }
//   void init() { QVERIFY(openWindow()); }
//   void cleanup() { closeWindow(); }
class WindowFixture
{
public:
    enum class Plurals { English, Untranslated };
    enum class Wait { Exposed, Active };

protected:
    // Settings of the test's own (organisation DepotTests, application
    // `application`), cleared, so no earlier run's window state leaks in;
    // English plural forms unless asked otherwise.
    static void prepareApplication(const QString &application, Plurals plurals = Plurals::English);
    // Starts the broker and shows the window on it, resized to `size` when
    // one is given, and waits until it is exposed (or active, for tests that
    // type into it). False, with the test failed, when either does not come.
    [[nodiscard]] bool openWindow(QSize size = {}, Wait wait = Wait::Exposed);
    // The window goes first: it holds a client of the broker.
    void closeWindow();
    // What the window's snapshot counts in `queue`: 0 while it shows none.
    quint64 shownTotal(const QString &queue) const;
    // Shows `queue` on the Messages tab with its row `row` loaded; the test
    // fails (and this returns) when that does not come within 5 s.
    void showRow(const QString &queue, int row);
    // Creates a Kafka topic through the window's client: false when it is
    // refused or no answer comes within 5 s.
    [[nodiscard]] bool createTopic(const QString &name, qint32 partitions);
    // Produces `batch` through the window's client: false when it is refused
    // or no answer comes within 10 s.
    [[nodiscard]] bool produceRecords(const QList<kafka::ProduceRecord> &batch);
    // Shows the topic's partition on the Topics tab with its first page
    // loaded: false when that does not come within 5 s.
    [[nodiscard]] bool showPartition(const QString &topic, qint32 partition);

    std::unique_ptr<BrokerService> m_service;
    std::unique_ptr<ui::MainWindow> m_window;
};

} // namespace depot::test
