// MessageListModel: opening a large queue fetches only the pages in view,
// rows arrive asynchronously, peeking changes nothing, and the filter scans
// off the GUI thread with progress.

#include "GuiTestSupport.h"

#include "ui/client/BrokerClient.h"
#include "ui/models/MessageListModel.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QHeaderView>
#include <QSet>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

using namespace depot;
using namespace depot::ui;

class TestMessageListModel final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        m_service = test::startBroker();
        QVERIFY(m_service);
        m_client = std::make_unique<BrokerClient>(m_service.get());
        test::declareQueue(*m_service, QStringLiteral("big"));
        // Large enough that loading it all would show, in time and in pages.
        test::onBroker(*m_service, [](Engine &engine) {
            for (int i = 0; i < 200000; ++i) {
                MessageProperties props;
                props.contentType = QStringLiteral("text/plain");
                if (i % 1000 == 7)
                    props.headers = QVariantMap{{QStringLiteral("customer"), QStringLiteral("needle-%1").arg(i)}};
                engine.publish(QString(), QStringLiteral("big"), props, QByteArray("body ") + QByteArray::number(i));
            }
        });
        QTRY_VERIFY_WITH_TIMEOUT(m_client->snapshot()->queue(QStringLiteral("big"))
                                     && m_client->snapshot()->queue(QStringLiteral("big"))->total() == 200000,
                                 5000);
    }

    void largeQueueFetchesOnlyVisiblePages()
    {
        MessageListModel model(m_client.get());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QTableView view;
        view.resize(800, 400);
        view.setModel(&model);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));

        model.setQueue(QStringLiteral("big"), 200000);
        QCOMPARE(model.rowCount(), 200000);
        // Not loaded yet: a placeholder, and the first page is on its way.
        QCOMPARE(model.index(0, MessageListModel::Body).data().toString(), QStringLiteral("…"));
        QTRY_VERIFY_WITH_TIMEOUT(model.index(0, 0).data(MessageListModel::LoadedRole).toBool(), 3000);
        QCOMPARE(model.index(0, MessageListModel::Body).data().toString(), QStringLiteral("body 0"));
        QCOMPARE(model.index(5, MessageListModel::Position).data().toString(), QStringLiteral("6"));
        QVERIFY2(model.pagesRequested() <= 2, qPrintable(QString::number(model.pagesRequested())));

        // Jump far down: only the pages around the new position are fetched.
        view.scrollTo(model.index(150000, 0), QAbstractItemView::PositionAtTop);
        QTRY_VERIFY_WITH_TIMEOUT(model.index(150000, 0).data(MessageListModel::LoadedRole).toBool(), 3000);
        QCOMPARE(model.index(150000, MessageListModel::Body).data().toString(), QStringLiteral("body 150000"));
        QVERIFY2(model.pagesRequested() <= 4, qPrintable(QString::number(model.pagesRequested())));
        QVERIFY(model.pagesCached() <= 4);
    }

    void cacheIsBounded()
    {
        MessageListModel model(m_client.get());
        model.setQueue(QStringLiteral("big"), 200000);
        for (int page = 0; page < MessageListModel::MaxCachedPages + 20; ++page) {
            const int row = page * MessageListModel::PageSize;
            model.index(row, 0).data();
            QTRY_VERIFY_WITH_TIMEOUT(model.index(row, 0).data(MessageListModel::LoadedRole).toBool(), 3000);
        }
        QCOMPARE(model.pagesCached(), MessageListModel::MaxCachedPages);
        // The most recent pages are kept, the oldest dropped.
        QVERIFY(model.index((MessageListModel::MaxCachedPages + 19) * MessageListModel::PageSize, 0)
                    .data(MessageListModel::LoadedRole)
                    .toBool());
        QVERIFY(!model.index(0, 0).data(MessageListModel::LoadedRole).toBool());
    }

    void peekingChangesNothing()
    {
        MessageListModel model(m_client.get());
        model.setQueue(QStringLiteral("big"), 200000);
        model.index(0, 0).data();
        QTRY_VERIFY_WITH_TIMEOUT(model.index(0, 0).data(MessageListModel::LoadedRole).toBool(), 3000);
        model.invalidate();
        // Peeked again: wait for that page itself, not for a time.
        QSignalSpy reloaded(&model, &MessageListModel::pageLoaded);
        model.index(0, 0).data();
        QTRY_VERIFY_WITH_TIMEOUT(!reloaded.isEmpty() && reloaded.first().at(0).toInt() == 0, 5000);
        QCOMPARE(model.index(0, MessageListModel::Deliveries).data().toString(), QStringLiteral("0"));
        const MessageId id = model.index(0, 0).data(MessageListModel::MessageIdRole).toULongLong();
        std::optional<MessageView> view;
        m_client->message(this, QStringLiteral("big"), id, [&](std::optional<MessageView> v) { view = v; });
        QTRY_VERIFY_WITH_TIMEOUT(view.has_value(), 3000);
        QCOMPARE(view->state.deliveryCount, 0u);
        QVERIFY(!view->state.redelivered);
        QCOMPARE(m_client->snapshot()->queue(QStringLiteral("big"))->ready, 200000ull);
    }

    void depthFollowsSnapshots()
    {
        test::declareQueue(*m_service, QStringLiteral("small"));
        test::publishMessages(*m_service, QStringLiteral("small"), 3);
        MessageListModel model(m_client.get());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        connect(m_client.get(), &BrokerClient::snapshotUpdated, &model, &MessageListModel::updateFromSnapshot);
        model.setQueue(QStringLiteral("small"), 3);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        test::publishMessages(*m_service, QStringLiteral("small"), 2, QStringLiteral("later"));
        QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 5, 3000);
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(reset.count(), 0);
        model.index(4, 0).data();
        QTRY_VERIFY_WITH_TIMEOUT(model.index(4, 0).data(MessageListModel::LoadedRole).toBool(), 3000);
        QCOMPARE(model.index(4, MessageListModel::Body).data().toString(), QStringLiteral("later 1"));
        test::onBroker(*m_service, [](Engine &engine) { engine.purgeQueue(QStringLiteral("small")); });
        QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 0, 3000);
    }

    // A change that comes within the refresh interval (here: right after the
    // queue was opened) is refreshed later, even when the queue is still by
    // then: nothing else would ever show it.
    void aMoveWithinTheRefreshIntervalIsNotForgotten()
    {
        const QString queue = QStringLiteral("still");
        test::declareQueue(*m_service, queue);
        test::publishMessages(*m_service, queue, 5);
        // Until the publish rate has decayed, every snapshot counts as a move.
        QTRY_VERIFY_WITH_TIMEOUT(m_client->snapshot()->queue(queue) && m_client->snapshot()->queue(queue)->inRate == 0,
                                 20000);
        MessageListModel model(m_client.get());
        connect(m_client.get(), &BrokerClient::snapshotUpdated, &model, &MessageListModel::updateFromSnapshot);
        model.setQueue(queue, 5);
        model.index(0, 0).data();
        QTRY_VERIFY_WITH_TIMEOUT(model.index(0, 0).data(MessageListModel::LoadedRole).toBool(), 3000);
        QCOMPARE(model.index(0, MessageListModel::Body).data().toString(), QStringLiteral("message 0"));
        test::onBroker(*m_service, [&](Engine &engine) {
            const QList<MessageView> head = engine.browse(queue, 0, 1);
            QCOMPARE(engine.deleteMessages(queue, {head.first().state.id}).value, 1ull);
        });
        QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 4, 3000);
        QTRY_COMPARE_WITH_TIMEOUT(model.index(0, MessageListModel::Body).data().toString(), QStringLiteral("message 1"), 5000);
    }

    void filterScansWithProgress_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("regex");
        QTest::addColumn<int>("matches");
        QTest::addColumn<int>("firstPosition");
        QTest::addRow("header text") << QStringLiteral("needle-") << false << 200 << 7;
        QTest::addRow("body text") << QStringLiteral("body 19999") << false << 11 << 19999; // and 199990..199999
        QTest::addRow("regex") << QStringLiteral("^body 1234[0-4]$") << true << 5 << 12340;
        QTest::addRow("nothing") << QStringLiteral("no such thing") << false << 0 << -1;
    }

    void filterScansWithProgress()
    {
        QFETCH(QString, text);
        QFETCH(bool, regex);
        QFETCH(int, matches);
        QFETCH(int, firstPosition);
        MessageListModel model(m_client.get());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setQueue(QStringLiteral("big"), 200000);
        QSignalSpy progress(&model, &MessageListModel::scanProgress);
        QSignalSpy finished(&model, &MessageListModel::scanFinished);
        MessageFilter filter;
        filter.text = text;
        filter.regex = regex;
        model.setFilter(filter);
        QVERIFY(model.isScanning());
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
        QVERIFY(progress.count() >= 200000 / MessageListModel::ScanChunk);
        QCOMPARE(progress.last().at(0).toULongLong(), 200000ull);   // scanned all
        const int expected = matches;
        QCOMPARE(model.rowCount(), expected);
        QCOMPARE(finished.first().at(0).toULongLong(), quint64(expected));
        if (expected > 0) {
            QVERIFY(model.rowAt(0) != nullptr);
            QCOMPARE(model.rowAt(0)->position, quint64(firstPosition)); // where it is in the queue
        }
    }

    // A consumer takes messages from the head of the queue between two
    // chunks of the filter's scan. The scan resumes by message id, so every
    // matching message that stays in the queue is found, once: a scan by
    // offset would step over as many as were taken ahead of it.
    void filterScanSkipsNothingWhileAConsumerTakes()
    {
        const QString queue = QStringLiteral("drained");
        test::declareQueue(*m_service, queue);
        constexpr int N = 3 * MessageListModel::ScanChunk + 10;
        test::onBroker(*m_service, [&](Engine &engine) {
            for (int i = 0; i < N; ++i)
                engine.publish(QString(), queue, {}, (i % 2 ? "match " : "other ") + QByteArray::number(i));
        });
        MessageListModel model(m_client.get());
        model.setQueue(queue, N);
        int taken = 0;
        connect(&model, &MessageListModel::scanProgress, this, [&] {
            test::onBroker(*m_service, [&](Engine &engine) {
                QList<MessageId> head;
                for (const MessageView &v : engine.browse(queue, 0, 1000))
                    head.append(v.state.id);
                taken += int(engine.deleteMessages(queue, head).value);
            });
        });
        QSignalSpy finished(&model, &MessageListModel::scanFinished);
        MessageFilter filter;
        filter.text = QStringLiteral("match");
        model.setFilter(filter);
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
        model.disconnect(this);
        QVERIFY2(taken > 0 && taken < N, qPrintable(QString::number(taken)));

        QSet<MessageId> found;
        for (int row = 0; row < model.rowCount(); ++row) {
            const MessageRow *m = model.rowAt(row);
            QVERIFY(m);
            QVERIFY2(m->preview.startsWith(QStringLiteral("match ")), qPrintable(m->preview));
            QVERIFY2(!found.contains(m->id), "a match listed twice");
            found.insert(m->id);
        }
        QList<MessageId> stayed;
        test::onBroker(*m_service, [&](Engine &engine) {
            for (const MessageView &v : engine.browse(queue, 0, N))
                if (v.state.content->body.startsWith("match "))
                    stayed.append(v.state.id);
        });
        QVERIFY(!stayed.isEmpty());
        for (const MessageId id : std::as_const(stayed))
            QVERIFY2(found.contains(id), qPrintable(QStringLiteral("match %1 in the queue, not found").arg(id)));
    }

    void cleanupTestCase()
    {
        m_client.reset();
        m_service.reset();
    }

private:
    std::unique_ptr<BrokerService> m_service;
    std::unique_ptr<BrokerClient> m_client;
};

QTEST_MAIN(TestMessageListModel)
#include "tst_messagelistmodel.moc"
