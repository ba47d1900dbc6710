#include "GuiTestSupport.h"

#include "tests/support/AnyFreePorts.h"
#include "ui/Translations.h"
#include "ui/client/BrokerClient.h"
#include "ui/models/MessageListModel.h"
#include "ui/models/QueueListModel.h"
#include "ui/models/TopicModels.h"
#include "ui/views/MainWindow.h"
#include "ui/views/RecordBrowser.h"
#include "ui/views/TopicsPanel.h"

#include <QApplication>
#include <QDir>
#include <QJsonDocument>
#include <QMenu>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSemaphore>
#include <QSettings>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

namespace depot::test {

std::unique_ptr<BrokerService> startBroker()
{
    BrokerOptions options;
    options.inMemory = true;
    anyFreePorts(options);
    auto service = std::make_unique<BrokerService>(options);
    QSignalSpy started(service.get(), &BrokerService::started);
    QSignalSpy failed(service.get(), &BrokerService::startFailed);
    service->start();
    if (!QTest::qWaitFor([&] { return !started.isEmpty() || !failed.isEmpty(); }, 20000) || started.isEmpty()) {
        QTest::qFail(qPrintable(QStringLiteral("broker did not start: %1")
                                    .arg(failed.isEmpty() ? QStringLiteral("timeout") : failed.first().first().toString())),
                     __FILE__, __LINE__);
        return nullptr;
    }
    return service;
}

void onBroker(BrokerService &service, std::function<void(Engine &)> fn)
{
    // Shared, so a call that outlives a timed-out wait still has its semaphore.
    auto done = std::make_shared<QSemaphore>();
    auto work = std::make_shared<std::function<void(Engine &)>>(std::move(fn));
    if (!service.post([done, work](Engine &engine) {
            (*work)(engine);
            done->release();
        })) {
        QTest::qFail("the broker is not running", __FILE__, __LINE__);
        return;
    }
    // Keep the GUI thread's queued calls flowing while we wait.
    if (!QTest::qWaitFor([&] { return done->tryAcquire(); }, 30000))
        QTest::qFail("the broker thread did not finish in 30 s", __FILE__, __LINE__);
}

void declareQueue(BrokerService &service, const QString &name, const QVariantMap &arguments)
{
    onBroker(service, [&](Engine &engine) {
        QueueDef def;
        def.name = name;
        def.durable = false;
        def.arguments = arguments;
        engine.declareQueue(def, false);
    });
}

void publishMessages(BrokerService &service, const QString &queue, int count, const QString &prefix,
                     const QVariantMap &headers)
{
    onBroker(service, [&](Engine &engine) {
        for (int i = 0; i < count; ++i) {
            MessageProperties props;
            props.contentType = QStringLiteral("text/plain");
            if (!headers.isEmpty())
                props.headers = headers;
            engine.publish(QString(), queue, props, (prefix + QLatin1Char(' ') + QString::number(i)).toUtf8());
        }
    });
}

bool publishThrough(BrokerService &service, const QString &exchange, const QString &routingKey,
                    const QVariantMap &headers)
{
    bool routed = false;
    onBroker(service, [&](Engine &engine) {
        MessageProperties props;
        props.headers = headers;
        routed = engine.publish(exchange, routingKey, props, QByteArrayLiteral("routed?")).routed;
    });
    return routed;
}

quint64 depth(BrokerService &service, const QString &queue)
{
    quint64 total = 0;
    onBroker(service, [&](Engine &engine) {
        if (const auto info = engine.queue(queue))
            total = info->ready + info->unacked;
    });
    return total;
}

QStringList contextMenuEntries(const std::function<void()> &open)
{
    auto entries = std::make_shared<QStringList>();
    auto seen = std::make_shared<bool>(false);
    // The menu runs its own event loop: read it from inside that loop.
    QTimer::singleShot(0, qApp, [entries, seen] {
        if (auto *menu = qobject_cast<QMenu *>(QApplication::activePopupWidget())) {
            for (QAction *a : menu->actions())
                entries->append(a->isSeparator() ? QString() : a->text());
            menu->close();
            *seen = true;
        }
    });
    open();
    (void)QTest::qWaitFor([&] { return *seen; }, 1000); // none opened: empty
    return *entries;
}

void makeDeadLetters(BrokerService &service, const QString &queue, int count)
{
    const QString dlq = queue + QStringLiteral(".dlq");
    declareQueue(service, dlq);
    declareQueue(service, queue, {{QStringLiteral("x-dead-letter-exchange"), QString()},
                                  {QStringLiteral("x-dead-letter-routing-key"), dlq}});
    onBroker(service, [&](Engine &engine) {
        for (int i = 0; i < count; ++i) {
            MessageProperties props;
            props.contentType = QStringLiteral("application/json");
            engine.publish(QString(), queue, props,
                           QStringLiteral("{\"order\": %1, \"note\": \"will be rejected\"}").arg(i).toUtf8());
        }
    });
    onBroker(service, [&](Engine &engine) {
        struct NullSink final : DeliverySink
        {
            void deliver(const Delivery &) override {}
            void consumerCancelled(const QString &) override {}
        };
        static NullSink sink;
        const ConnectionId connection = engine.openConnection(ConnectionInfo{});
        const SessionId session = engine.openSession(connection, &sink);
        for (int i = 0; i < count; ++i) {
            auto got = engine.get(session, queue, false);
            if (got.ok() && got.value)
                engine.reject(session, got.value->deliveryTag, false);
        }
        engine.closeConnection(connection);
    });
}

QJsonObject sqsCall(BrokerService &service, const QString &action, const QJsonObject &params)
{
    QNetworkAccessManager manager;
    QNetworkRequest request(QUrl(QStringLiteral("http://127.0.0.1:%1/").arg(service.port(QStringLiteral("sqs")))));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/x-amz-json-1.0"));
    request.setRawHeader("X-Amz-Target", "AmazonSQS." + action.toLatin1());
    QNetworkReply *reply = manager.post(request, QJsonDocument(params).toJson(QJsonDocument::Compact));
    if (!QTest::qWaitFor([reply] { return reply->isFinished(); }, 30000)) {
        QTest::qFail(qPrintable(QStringLiteral("SQS %1 did not answer in 30 s").arg(action)), __FILE__, __LINE__);
        return {{QStringLiteral("__type"), QStringLiteral("timeout")}};
    }
    const QByteArray body = reply->readAll();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    reply->deleteLater();
    const QJsonObject answer = QJsonDocument::fromJson(body).object();
    if (status != 200)
        QTest::qFail(qPrintable(QStringLiteral("SQS %1 failed (%2): %3").arg(action).arg(status).arg(QString::fromUtf8(body))),
            __FILE__, __LINE__);
    return answer;
}

QString sqsQueueUrl(BrokerService &service, const QString &name)
{
    return QStringLiteral("http://127.0.0.1:%1/000000000000/%2").arg(service.port(QStringLiteral("sqs"))).arg(name);
}

QString screenshotDir()
{
    QString dir = qEnvironmentVariable("DEPOT_SCREENSHOT_DIR");
    if (dir.isEmpty())
        dir = QDir::currentPath() + QStringLiteral("/screenshots");
    QDir().mkpath(dir);
    return dir;
}

void WindowFixture::prepareApplication(const QString &application, Plurals plurals)
{
    QCoreApplication::setOrganizationName(QStringLiteral("DepotTests"));
    QCoreApplication::setApplicationName(application);
    QSettings().clear();
    if (plurals == Plurals::English)
        ui::ensureEnglishPlurals(*qApp);
}

bool WindowFixture::openWindow(QSize size, Wait wait)
{
    m_service = startBroker();
    if (!m_service)
        return false;
    m_window = std::make_unique<ui::MainWindow>(m_service.get());
    if (size.isValid())
        m_window->resize(size);
    m_window->show();
    if (wait == Wait::Active) {
        m_window->activateWindow();
        if (!QTest::qWaitForWindowActive(m_window.get())) {
            QTest::qFail("the window did not become active", __FILE__, __LINE__);
            return false;
        }
    } else if (!QTest::qWaitForWindowExposed(m_window.get())) {
        QTest::qFail("the window was not exposed", __FILE__, __LINE__);
        return false;
    }
    return true;
}

void WindowFixture::closeWindow()
{
    m_window.reset();
    m_service.reset();
}

quint64 WindowFixture::shownTotal(const QString &queue) const
{
    const ui::QueueRow *q = m_window->client()->snapshot()->queue(queue);
    return q ? q->total() : 0;
}

void WindowFixture::showRow(const QString &queue, int row)
{
    QTRY_VERIFY_WITH_TIMEOUT(m_window->queueModel()->rowOf(queue) >= 0 && shownTotal(queue) > quint64(row), 5000);
    QVERIFY(m_window->selectQueue(queue));
    m_window->tabs()->setCurrentIndex(ui::MainWindow::MessagesTab);
    QTRY_VERIFY_WITH_TIMEOUT(m_window->messageModel()->rowCount() > row, 5000);
    m_window->messageModel()->index(row, 0).data();
    QTRY_VERIFY_WITH_TIMEOUT(
        m_window->messageModel()->index(row, 0).data(ui::MessageListModel::LoadedRole).toBool(), 5000);
}

bool WindowFixture::createTopic(const QString &name, qint32 partitions)
{
    bool done = false;
    bool ok = false;
    log::TopicSettings settings;
    settings.partitions = partitions;
    m_window->client()->kafkaCreateTopic(m_window.get(), name, settings, [&](Result<void> r) {
        ok = r.ok();
        done = true;
    });
    return QTest::qWaitFor([&] { return done; }, 5000) && ok;
}

bool WindowFixture::produceRecords(const QList<kafka::ProduceRecord> &batch)
{
    bool done = false;
    bool ok = false;
    m_window->client()->kafkaProduce(m_window.get(), batch, [&](Result<QList<kafka::ProducedRecord>> r) {
        ok = r.ok();
        done = true;
    });
    return QTest::qWaitFor([&] { return done; }, 10000) && ok;
}

bool WindowFixture::showPartition(const QString &topic, qint32 partition)
{
    m_window->tabs()->setCurrentIndex(ui::MainWindow::TopicsTab);
    if (!QTest::qWaitFor([&] { return m_window->topicsPanel()->topicModel()->rowOf(topic) >= 0; }, 5000))
        return false;
    if (!m_window->topicsPanel()->selectTopic(topic) || !m_window->topicsPanel()->selectPartition(partition))
        return false;
    return QTest::qWaitFor([&] { return m_window->topicsPanel()->records()->pending() == 0; }, 5000);
}

} // namespace depot::test
