// The remote broker's Connections and Charts tabs against the private
// rabbitmq-server of CTest's fixture (tests/integration/rabbitmq_server.py):
// a python3-pika client's channels and consumers appear in the same
// ConnectionsPanel as Depot's own (consumer tag, queue, prefetch, manual or
// automatic acks; channel numbers, prefetch, unacked, confirms), the charts
// follow the management API's sampled rates and the chosen queue's depth
// while pika publishes, and none of those requests is made while its tab
// (or the whole page) is not shown.

#include "GuiTestSupport.h"
#include "RemoteTestSupport.h"
#include "ui/models/TopologyModels.h"
#include "ui/remote/RemoteBroker.h"
#include "ui/views/ChartsView.h"
#include "ui/views/ConnectionsPanel.h"
#include "ui/views/MainWindow.h"
#include "ui/views/QueueListPanel.h"
#include "ui/views/RemoteBrokerView.h"
#include "ui/views/RemoteBrokers.h"

#include <QComboBox>
#include <QElapsedTimer>
#include <QProcess>
#include <QTabWidget>
#include <QTableView>
#include <QTest>

using namespace depot;
using namespace depot::ui;
using remote::RemoteBroker;
using remote::RemoteProfile;
using test::Rabbit;
using View = RemoteBroker::View;

namespace {

// A python3-pika client that stays connected until its stdin closes.
// "consume": declares QUEUE and QUEUE.audit, publishes 3 messages to QUEUE
// on channel 1 (publisher confirms), then on channel 2 (basic.qos 7)
// consumes QUEUE with manual acks (never acking: the 3 stay unacked) as
// NAME-manual and QUEUE.audit without acks as NAME-auto.
// "publish": publishes to QUEUE about 20 times a second.
const char *const ClientScript = R"(
import select, sys, pika
port, user, password, mode, queue, name = sys.argv[1:7]
params = pika.ConnectionParameters('127.0.0.1', int(port), '/', pika.PlainCredentials(user, password),
                                   heartbeat=0, client_properties={'connection_name': name})
c = pika.BlockingConnection(params)
pub = c.channel()
pub.confirm_delivery()
pub.queue_declare(queue)
if mode == 'consume':
    pub.queue_declare(queue + '.audit')
    for i in range(3):
        pub.basic_publish('', queue, b'order %d' % i)
    sub = c.channel()
    sub.basic_qos(prefetch_count=7)
    sub.basic_consume(queue, lambda *a: None, auto_ack=False, consumer_tag=name + '-manual')
    sub.basic_consume(queue + '.audit', lambda *a: None, auto_ack=True, consumer_tag=name + '-auto')
print('ready', flush=True)
while True:
    if select.select([sys.stdin], [], [], 0.05)[0] and not sys.stdin.readline():
        break
    if mode == 'publish':
        pub.basic_publish('', queue, b'tick')
    c.process_data_events(0)
c.close()
)";

// The consumer table's row whose tag is `tag`, or -1.
int consumerRow(ConnectionsPanel *panel, const QString &tag)
{
    QAbstractItemModel *model = panel->consumerView()->model();
    for (int r = 0; r < model->rowCount(); ++r) {
        if (model->index(r, ConsumerListModel::ConsumerTag).data().toString() == tag)
            return r;
    }
    return -1;
}

QString consumerCell(ConnectionsPanel *panel, const QString &tag, int column)
{
    const int row = consumerRow(panel, tag);
    return row < 0 ? QString() : panel->consumerView()->model()->index(row, column).data().toString();
}

double highest(const QList<QPointF> &points)
{
    double max = 0;
    for (const QPointF &p : points)
        max = std::max(max, p.y());
    return max;
}

} // namespace

class TestRemoteViews final : public QObject, public test::RemoteWindowFixture
{
    Q_OBJECT

private:
    std::vector<std::unique_ptr<QProcess>> m_clients;

    RemoteProfile profile(const QString &name) const { return test::profileOf(m_rabbit, name); }

    // Starts the pika client; null (with the test failed) when it does not
    // say it is ready.
    QProcess *startClient(const QString &mode, const QString &queue, const QString &name)
    {
        auto process = std::make_unique<QProcess>();
        process->start(QStringLiteral("/usr/bin/python3"),
            {u"-c"_qs, QString::fromUtf8(ClientScript), QString::number(m_rabbit.amqpPort), m_rabbit.user,
                m_rabbit.password, mode, queue, name});
        if (!process->waitForReadyRead(60000) || !process->readAllStandardOutput().contains("ready")) {
            qWarning() << "pika client:" << process->readAllStandardError() << process->errorString()
                       << "(install Debian's python3-pika)";
            return nullptr;
        }
        m_clients.push_back(std::move(process));
        return m_clients.back().get();
    }

    // Waits until `view` has no request in flight, then checks that none is
    // sent for four ticks.
    static bool staysQuiet(RemoteBroker *broker, const QList<View> &views)
    {
        const auto anyInFlight = [&] {
            return std::any_of(views.cbegin(), views.cend(), [&](View v) { return broker->inFlight(v); });
        };
        if (!QTest::qWaitFor([&] { return !anyInFlight(); }, 15000))
            return false;
        QList<quint64> sent;
        for (View v : views)
            sent.append(broker->requestsSent(v));
        QTest::qWait(4 * RemoteBroker::RefreshMs + RemoteBroker::ChartRefreshMs);
        for (qsizetype i = 0; i < views.size(); ++i) {
            if (broker->requestsSent(views.at(i)) != sent.at(i)) {
                qWarning() << "view" << int(views.at(i)) << "was asked for:" << sent.at(i) << "->"
                           << broker->requestsSent(views.at(i));
                return false;
            }
        }
        return true;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(prepareRemote(QStringLiteral("tst_remoteviews"))); }
    void init() { QVERIFY(openWindow(QSize(1280, 800))); }
    void cleanup()
    {
        for (const auto &client : m_clients) {
            client->closeWriteChannel();
            if (!client->waitForFinished(10000))
                client->kill();
        }
        m_clients.clear();
        closeWindow();
    }

    void channelsAndConsumersOfARealClient()
    {
        const QString queue = test::uniqueName(QStringLiteral("orders"));
        const QString name = test::uniqueName(QStringLiteral("billing"));
        QVERIFY(startClient(QStringLiteral("consume"), queue, name));

        RemoteBrokerView *view = m_window->remoteBrokers()->open(profile(QStringLiteral("staging")), m_rabbit.password);
        view->tabs()->setCurrentIndex(RemoteBrokerView::ConnectionsTab);
        ConnectionsPanel *panel = view->connectionsPanel();
        const QString manual = name + QStringLiteral("-manual");
        const QString automatic = name + QStringLiteral("-auto");
        // RabbitMQ lists a consumer once its channel's stats were collected.
        QTRY_VERIFY_WITH_TIMEOUT(consumerRow(panel, manual) >= 0 && consumerRow(panel, automatic) >= 0, 60000);
        QCOMPARE(consumerCell(panel, manual, ConsumerListModel::Queue), queue);
        QCOMPARE(consumerCell(panel, manual, ConsumerListModel::Prefetch), QStringLiteral("7"));
        QCOMPARE(consumerCell(panel, manual, ConsumerListModel::AckMode), QStringLiteral("manual"));
        QCOMPARE(consumerCell(panel, manual, ConsumerListModel::State), QStringLiteral("active"));
        QVERIFY2(consumerCell(panel, manual, ConsumerListModel::Connection).contains(name),
            qPrintable(consumerCell(panel, manual, ConsumerListModel::Connection)));
        QCOMPARE(consumerCell(panel, automatic, ConsumerListModel::Queue), queue + QStringLiteral(".audit"));
        QCOMPARE(consumerCell(panel, automatic, ConsumerListModel::AckMode), QStringLiteral("automatic"));
        // RabbitMQ counts unacked messages per channel: no made-up 0 here.
        QCOMPARE(consumerCell(panel, manual, ConsumerListModel::Unacked), QStringLiteral("per channel"));

        // Its two channels, with what RabbitMQ says of each.
        QTRY_COMPARE_WITH_TIMEOUT(consumerCell(panel, manual, ConsumerListModel::Channels), QStringLiteral("2"), 30000);
        QAbstractItemModel *channels = panel->channelView()->model();
        const auto channelCell = [&](int number, int column) {
            for (int r = 0; r < channels->rowCount(); ++r) {
                if (channels->index(r, ChannelListModel::Connection).data().toString().contains(name)
                    && channels->index(r, ChannelListModel::Channel).data().toString() == QString::number(number))
                    return channels->index(r, column).data().toString();
            }
            return QStringLiteral("(no channel %1)").arg(number);
        };
        QTRY_COMPARE_WITH_TIMEOUT(channelCell(2, ChannelListModel::Unacked), QStringLiteral("3"), 30000);
        QCOMPARE(channelCell(2, ChannelListModel::ConsumerPrefetch), QStringLiteral("7"));
        QCOMPARE(channelCell(2, ChannelListModel::Prefetch), QStringLiteral("unlimited"));
        QCOMPARE(channelCell(2, ChannelListModel::Consumers), QStringLiteral("2"));
        QCOMPARE(channelCell(2, ChannelListModel::Confirms), QStringLiteral("off"));
        QCOMPARE(channelCell(1, ChannelListModel::Confirms), QStringLiteral("confirms"));
        QCOMPARE(channelCell(1, ChannelListModel::Consumers), QStringLiteral("0"));
        QVERIFY(!view->banner()->isVisible());

        // Selecting the consumer's connection shows its channels first.
        panel->consumerView()->selectRow(consumerRow(panel, manual));
        QVERIFY(m_window->grab().toImage().save(test::screenshotDir() + QStringLiteral("/remote-connections.png")));
    }

    void connectionViewsAreAskedForOnlyWhileShown()
    {
        RemoteBrokerView *view = m_window->remoteBrokers()->open(profile(QStringLiteral("quiet")), m_rabbit.password);
        RemoteBroker *broker = view->broker();
        const QList<View> connectionViews = {View::Connections, View::Channels, View::Consumers};
        const QList<View> chartViews = {View::Rates, View::Depth};
        QCOMPARE(view->tabs()->currentIndex(), int(RemoteBrokerView::ExchangesTab));
        QTRY_VERIFY_WITH_TIMEOUT(broker->state() == RemoteBroker::State::Online, 30000);
        QTRY_VERIFY_WITH_TIMEOUT(broker->requestsSent(View::Queues) >= 3, 30000);
        for (View v : connectionViews + chartViews)
            QCOMPARE(broker->requestsSent(v), 0u);

        // Shown: one request per view per tick.
        view->tabs()->setCurrentIndex(RemoteBrokerView::ConnectionsTab);
        for (View v : connectionViews)
            QTRY_VERIFY_WITH_TIMEOUT(broker->requestsSent(v) >= 3, 30000);
        for (View v : chartViews)
            QCOMPARE(broker->requestsSent(v), 0u);
        // Another tab: no more.
        view->tabs()->setCurrentIndex(RemoteBrokerView::ExchangesTab);
        QVERIFY(staysQuiet(broker, connectionViews));
        // The tab shown on a page that is not: no more either.
        view->tabs()->setCurrentIndex(RemoteBrokerView::ConnectionsTab);
        QTRY_VERIFY(broker->isWanted(View::Channels));
        m_window->remoteBrokers()->selector()->setCurrentIndex(0); // This Depot
        QVERIFY(!view->isVisible());
        QVERIFY(!broker->isWanted(View::Channels));
        QVERIFY(staysQuiet(broker, connectionViews));
        // The queues are still read (the selector and status bar show them).
        const quint64 queues = broker->requestsSent(View::Queues);
        QTRY_VERIFY_WITH_TIMEOUT(broker->requestsSent(View::Queues) > queues, 10000);
        m_window->remoteBrokers()->selector()->setCurrentIndex(1);
        QTRY_VERIFY_WITH_TIMEOUT(broker->isWanted(View::Consumers), 5000);
    }

    void chartsFollowTheManagementApiRates()
    {
        const QString queue = test::uniqueName(QStringLiteral("ticks"));
        RemoteBrokerView *view = m_window->remoteBrokers()->open(profile(QStringLiteral("charts")), m_rabbit.password);
        RemoteBroker *broker = view->broker();
        QTRY_VERIFY_WITH_TIMEOUT(broker->state() == RemoteBroker::State::Online, 30000);
        QTRY_VERIFY_WITH_TIMEOUT(broker->requestsSent(View::Queues) >= 3, 30000);
        QCOMPARE(broker->requestsSent(View::Rates), 0u);

        QProcess *client = startClient(QStringLiteral("publish"), queue, test::uniqueName(QStringLiteral("ticker")));
        QVERIFY(client);
        QTRY_VERIFY_WITH_TIMEOUT(view->queuePanel()->selectQueue(queue), 30000);
        view->tabs()->setCurrentIndex(RemoteBrokerView::ChartsTab);
        ChartsView *charts = view->charts();
        QVERIFY(charts->isVisible());
        QElapsedTimer shown;
        shown.start();
        // RabbitMQ keeps 5 s samples: the published line rises within a few.
        QTRY_VERIFY_WITH_TIMEOUT(highest(charts->points(0)) > 1, 60000);
        const QList<QPointF> published = charts->points(0);
        QVERIFY2(published.size() >= 2, qPrintable(QString::number(published.size())));
        // Rates between 5 s samples, at the samples' times.
        QCOMPARE(published.at(1).x() - published.at(0).x(), 5000.0);
        // RabbitMQ counts no dead letters: that line is left out, not flat.
        QCOMPARE(charts->pointCount(4), 0);
        // The chosen queue's depth grows as pika publishes to it.
        QTRY_VERIFY_WITH_TIMEOUT(highest(charts->depthPoints()) > 5, 60000);
        QVERIFY(charts->axisLabels(true, Qt::Vertical).last().toInt() > 5);
        // The charts' requests come once a second, not four times.
        const quint64 rates = broker->requestsSent(View::Rates);
        QVERIFY2(rates <= quint64(shown.elapsed() / RemoteBroker::ChartRefreshMs) + 2,
            qPrintable(QStringLiteral("%1 requests in %2 ms").arg(rates).arg(shown.elapsed())));
        QVERIFY(m_window->grab().toImage().save(test::screenshotDir() + QStringLiteral("/remote-charts.png")));

        // Another window asks for the hour's 1 min samples.
        charts->setWindowSeconds(3600);
        QTRY_VERIFY_WITH_TIMEOUT(charts->pointCount(0) >= 1 && charts->points(0).size() >= 2
                && charts->points(0).at(1).x() - charts->points(0).at(0).x() == 60000.0,
            30000);

        // Hidden: neither the rates nor the depth are asked for.
        view->tabs()->setCurrentIndex(RemoteBrokerView::ConnectionsTab);
        QVERIFY(staysQuiet(broker, {View::Rates, View::Depth}));
    }
};

QTEST_MAIN(TestRemoteViews)
#include "tst_remoteviews.moc"
