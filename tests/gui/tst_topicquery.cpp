// The Topics tab's query bar against a real broker in process: a query over
// records runs in the partition, the topic, topics matching a pattern or all
// topics, its matches listed as the slices find them with its progress (the
// Topic column shown when they may come from several topics); a query naming
// a field records do not have runs nothing and says so under the line with
// the position; Cancel stops it; re-producing results of several topics is
// refused, of one topic it copies them.

#include "GuiTestSupport.h"
#include "ui/client/BrokerClient.h"
#include "ui/models/TopicModels.h"
#include "ui/views/MainWindow.h"
#include "ui/views/RecordBrowser.h"
#include "ui/views/TopicQueryBar.h"
#include "ui/views/TopicsPanel.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QTabWidget>
#include <QTableView>
#include <QTest>

using namespace depot;
using namespace depot::ui;

class TestTopicQuery final : public QObject, public test::WindowFixture
{
    Q_OBJECT

private:
    TopicsPanel *topics() const { return m_window->topicsPanel(); }
    RecordBrowser *records() const { return topics()->records(); }
    TopicQueryBar *bar() const { return records()->queryBar(); }

    bool produce(const QString &topic, qint32 partition, const QList<QPair<QByteArray, QByteArray>> &keyed)
    {
        QList<kafka::ProduceRecord> batch;
        for (const auto &[key, value] : keyed)
            batch.append(kafka::ProduceRecord{topic, partition, key, value, {}});
        return produceRecords(batch);
    }

    // Types the query, presses Enter and waits for the query to end.
    bool runQuery(const QString &text)
    {
        bar()->queryEdit()->setText(text);
        QTest::keyClick(bar()->queryEdit(), Qt::Key_Return);
        return QTest::qWaitFor([&] { return !bar()->isRunning(); }, 10000);
    }

    QStringList shown() const
    {
        QStringList out;
        for (const kafka::RecordView &r : records()->model()->records())
            out << QStringLiteral("%1/%2/%3").arg(r.topic).arg(r.partition).arg(r.offset);
        return out;
    }

    bool fillOrders()
    {
        return createTopic(QStringLiteral("orders.eu"), 2) && createTopic(QStringLiteral("orders.us"), 1)
            && createTopic(QStringLiteral("audit"), 1)
            && produce(QStringLiteral("orders.eu"), 0,
                {{"o-1", "{\"customer\":\"frances\",\"total\":12}"}, {"o-2", "{\"customer\":\"bob\",\"total\":99}"}})
            && produce(QStringLiteral("orders.eu"), 1, {{"o-3", "{\"customer\":\"frances\",\"total\":250}"}})
            && produce(QStringLiteral("orders.us"), 0, {{"o-4", "{\"customer\":\"frances\",\"total\":7}"}})
            && produce(QStringLiteral("audit"), 0, {{"a-1", "{\"customer\":\"frances\"}"}});
    }

private Q_SLOTS:
    void initTestCase() { prepareApplication(QStringLiteral("tst_topicquery")); }
    void init() { QVERIFY(openWindow(QSize(1280, 800))); }
    void cleanup() { closeWindow(); }

    void queriesRunInEachScopeAndListTheirMatches()
    {
        QVERIFY(fillOrders());
        QVERIFY(showPartition(QStringLiteral("orders.eu"), 0));
        QCOMPARE(records()->model()->rowCount(), 2);   // the page of partition 0

        // This topic (the default): both partitions of orders.eu.
        QVERIFY(runQuery(QStringLiteral("value.customer = \"frances\"")));
        QCOMPARE(shown(), QStringList({QStringLiteral("orders.eu/0/0"), QStringLiteral("orders.eu/1/0")}));
        QVERIFY(records()->view()->isColumnHidden(RecordListModel::Topic));
        QVERIFY2(bar()->statusLabel()->text().contains(QStringLiteral("Done: 2 matches")),
            qPrintable(bar()->statusLabel()->text()));
        QVERIFY(bar()->statusLabel()->text().contains(QStringLiteral("3 of 3 records")));
        // The progress bar shows while the query runs, not after it is done.
        QVERIFY(!bar()->progressBar()->isVisibleTo(bar()));

        bar()->setScope(TopicQueryBar::Scope::ThisPartition);
        QVERIFY(runQuery(QStringLiteral("value.total > 50")));
        QCOMPARE(shown(), QStringList({QStringLiteral("orders.eu/0/1")}));

        bar()->setScope(TopicQueryBar::Scope::Matching, QStringLiteral("orders.*"));
        QVERIFY(runQuery(QStringLiteral("value.customer = \"frances\" and value.total < 100")));
        QCOMPARE(shown(), QStringList({QStringLiteral("orders.eu/0/0"), QStringLiteral("orders.us/0/0")}));
        QVERIFY(!records()->view()->isColumnHidden(RecordListModel::Topic));
        QCOMPARE(records()->model()->index(1, RecordListModel::Topic).data().toString(), QStringLiteral("orders.us"));

        bar()->setScope(TopicQueryBar::Scope::AllTopics);
        QVERIFY(runQuery(QStringLiteral("key ~ \"^a-\"")));
        QCOMPARE(shown(), QStringList({QStringLiteral("audit/0/0")}));

        // Re-producing results from several topics names one source: refused.
        QVERIFY(runQuery(QStringLiteral("\"frances\"")));
        QCOMPARE(records()->model()->rowCount(), 4);
        records()->view()->selectAll();
        QVERIFY(records()->reproduceSelected() == nullptr);
        QVERIFY(records()->statusLabel()->text().contains(QStringLiteral("3 topics")));
    }

    void aFieldRecordsLackIsAnErrorAtItsPosition()
    {
        QVERIFY(createTopic(QStringLiteral("t"), 1));
        QVERIFY(produce(QStringLiteral("t"), 0, {{"k", "v"}}));
        QVERIFY(showPartition(QStringLiteral("t"), 0));
        QCOMPARE(records()->model()->rowCount(), 1);
        bar()->queryEdit()->setText(QStringLiteral("key = \"k\" and deaths.count > 2"));
        QVERIFY(!bar()->run());
        QCOMPARE(bar()->errorPosition(), qsizetype(15));
        QVERIFY(bar()->errorLabel()->isVisibleTo(bar()));
        QVERIFY2(bar()->errorLabel()->text().contains(QStringLiteral("Kafka records have no field 'deaths.count'")),
            qPrintable(bar()->errorLabel()->text()));
        QVERIFY(bar()->errorLabel()->text().contains(QStringLiteral("              ^")));
        QCOMPARE(records()->model()->rowCount(), 1);   // nothing ran: the page stays
        // An unknown topic in the pattern list is the broker's refusal, shown.
        bar()->setScope(TopicQueryBar::Scope::Matching, QStringLiteral("nope"));
        bar()->queryEdit()->setText(QString());
        QVERIFY(bar()->run());
        QVERIFY(QTest::qWaitFor([&] { return !bar()->isRunning(); }, 5000));
        QVERIFY(bar()->errorLabel()->text().contains(QStringLiteral("no topic 'nope'")));
    }

    void cancelStopsAQueryAtOnce()
    {
        QVERIFY(createTopic(QStringLiteral("big"), 1));
        QList<QPair<QByteArray, QByteArray>> many;
        for (int i = 0; i < 10000; ++i)
            many.append({QByteArray::number(i), "{\"n\":" + QByteArray::number(i) + "}"});
        for (int round = 0; round < 20; ++round)
            QVERIFY(produce(QStringLiteral("big"), 0, many));
        QVERIFY(showPartition(QStringLiteral("big"), 0));
        bar()->queryEdit()->setText(QStringLiteral("value.n >= 0"));
        QVERIFY(bar()->run());
        QVERIFY(QTest::qWaitFor([&] { return bar()->runningQueryId() != 0; }, 5000));
        QVERIFY(bar()->cancelButton()->isEnabled());
        QTest::mouseClick(bar()->cancelButton(), Qt::LeftButton);
        QVERIFY(QTest::qWaitFor([&] { return !bar()->isRunning(); }, 5000));
        QVERIFY2(bar()->statusLabel()->text().startsWith(QStringLiteral("Cancelled")),
            qPrintable(bar()->statusLabel()->text()));
        QVERIFY(records()->model()->rowCount() <= RecordListModel::MaxResults);
        QVERIFY(!bar()->cancelButton()->isEnabled());
    }
};

QTEST_MAIN(TestTopicQuery)
#include "tst_topicquery.moc"
