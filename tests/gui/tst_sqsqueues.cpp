// SQS queues in the queue list: an SQS queue made by an SQS client is a
// Depot queue, listed beside the AMQP ones with its kind (SQS / SQS FIFO),
// its in-flight and delayed counts and its visibility timeout; the SQS
// columns appear once the first SQS queue does; the dead-letter column links
// a queue to its redrive DLQ, and a click there opens the DLQ.

#include "GuiTestSupport.h"
#include "ui/Translations.h"
#include "ui/client/BrokerClient.h"
#include "ui/models/QueueListModel.h"
#include "ui/views/MainWindow.h"
#include "ui/views/QueueListPanel.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLineEdit>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QTest>

using namespace depot;
using namespace depot::ui;

class TestSqsQueues final : public QObject, public test::WindowFixture
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { prepareApplication(QStringLiteral("tst_sqsqueues")); }

    void init() { QVERIFY(openWindow(QSize(1600, 900))); }

    void cleanup() { closeWindow(); }

    void modelStaysConsistent()
    {
        QAbstractItemModelTester tester(m_window->queueModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        makeQueues();
        QTRY_VERIFY_WITH_TIMEOUT(m_window->queueModel()->rowOf(QStringLiteral("jobs.fifo")) >= 0, 5000);
    }

    void sqsQueuesShowTheirKindAndCounts()
    {
        makeQueues();
        QueueListModel *model = m_window->queueModel();
        // In flight: the two received; delayed: the one sent with DelaySeconds.
        QTRY_COMPARE_WITH_TIMEOUT(cell(QStringLiteral("orders"), QueueListModel::InFlight), QStringLiteral("2"), 5000);
        QTRY_COMPARE_WITH_TIMEOUT(cell(QStringLiteral("orders"), QueueListModel::Delayed), QStringLiteral("1"), 5000);
        QCOMPARE(cell(QStringLiteral("orders"), QueueListModel::Kind), QStringLiteral("SQS"));
        QCOMPARE(cell(QStringLiteral("orders"), QueueListModel::Visibility), QStringLiteral("45 s"));
        QCOMPARE(
            cell(QStringLiteral("orders"), QueueListModel::Ready), QStringLiteral("2")); // one visible, one delayed
        QCOMPARE(cell(QStringLiteral("jobs.fifo"), QueueListModel::Kind), QStringLiteral("SQS FIFO"));
        QCOMPARE(cell(QStringLiteral("jobs.fifo"), QueueListModel::Visibility), QStringLiteral("2 min"));
        QTRY_COMPARE_WITH_TIMEOUT(
            cell(QStringLiteral("jobs.fifo"), QueueListModel::InFlight), QStringLiteral("1"), 5000);
        QCOMPARE(
            cell(QStringLiteral("orders-dlq"), QueueListModel::Visibility), QStringLiteral("30 s")); // AWS's default
        // AMQP queues beside them: their kind, no SQS figures.
        QCOMPARE(cell(QStringLiteral("amqp-work"), QueueListModel::Kind), QStringLiteral("AMQP"));
        QCOMPARE(cell(QStringLiteral("amqp-work"), QueueListModel::InFlight), QString());
        QCOMPARE(cell(QStringLiteral("amqp-work"), QueueListModel::Visibility), QString());
        // The redrive link and what it means.
        QCOMPARE(cell(QStringLiteral("orders"), QueueListModel::DeadLetterLink), QStringLiteral("→ orders-dlq"));
        QCOMPARE(cell(QStringLiteral("orders-dlq"), QueueListModel::DeadLetterLink), QStringLiteral("← fed by orders"));
        const QString tip = model->index(model->rowOf(QStringLiteral("orders")), QueueListModel::Name)
                                .data(Qt::ToolTipRole)
                                .toString();
        QVERIFY2(
            tip.contains(QStringLiteral("Redrive: after 3 receives a message moves to orders-dlq")), qPrintable(tip));
        QVERIFY2(tip.contains(QStringLiteral("2 messages in flight")), qPrintable(tip));
        // The queue filter finds them by kind.
        m_window->queueFilter()->setText(QStringLiteral("sqs fifo"));
        QCOMPARE(m_window->queueProxy()->rowCount(), 1);
        m_window->queueFilter()->clear();
    }

    void sqsColumnsAppearWithTheFirstSqsQueue()
    {
        QHeaderView *header = m_window->queueView()->horizontalHeader();
        test::declareQueue(*m_service, QStringLiteral("amqp-only"));
        QTRY_VERIFY_WITH_TIMEOUT(m_window->queueModel()->rowOf(QStringLiteral("amqp-only")) >= 0, 5000);
        for (int c : {int(QueueListModel::Kind), int(QueueListModel::InFlight), int(QueueListModel::Delayed),
                 int(QueueListModel::Visibility)})
            QVERIFY(header->isSectionHidden(c)); // an AMQP user's list is as it was
        const int narrow = m_window->mainSplitter()->sizes().value(0);
        test::sqsCall(
            *m_service, QStringLiteral("CreateQueue"), {{QStringLiteral("QueueName"), QStringLiteral("first-sqs")}});
        QTRY_VERIFY_WITH_TIMEOUT(m_window->queueModel()->rowOf(QStringLiteral("first-sqs")) >= 0, 5000);
        for (int c : {int(QueueListModel::Kind), int(QueueListModel::InFlight), int(QueueListModel::Delayed),
                 int(QueueListModel::Visibility)})
            QVERIFY2(!header->isSectionHidden(c), qPrintable(QString::number(c)));
        // Beside the name and the counts, before the sparkline.
        QVERIFY(header->visualIndex(QueueListModel::Kind) < header->visualIndex(QueueListModel::Ready));
        QVERIFY(header->visualIndex(QueueListModel::Total) < header->visualIndex(QueueListModel::InFlight));
        QVERIFY(header->visualIndex(QueueListModel::InFlight) < header->visualIndex(QueueListModel::Delayed));
        QVERIFY(header->visualIndex(QueueListModel::Delayed) < header->visualIndex(QueueListModel::Visibility));
        QVERIFY(header->visualIndex(QueueListModel::Visibility) < header->visualIndex(QueueListModel::Depth));
        // The list widens for them (within 38% of the window).
        const int wide = m_window->mainSplitter()->sizes().value(0);
        QVERIFY2(wide > narrow, qPrintable(QStringLiteral("%1 -> %2").arg(narrow).arg(wide)));
        QVERIFY(wide <= m_window->width() * 38 / 100 + 2);
        // Hidden again by the user: they stay hidden.
        header->setSectionHidden(QueueListModel::Visibility, true);
        test::sqsCall(
            *m_service, QStringLiteral("CreateQueue"), {{QStringLiteral("QueueName"), QStringLiteral("second-sqs")}});
        QTRY_VERIFY_WITH_TIMEOUT(m_window->queueModel()->rowOf(QStringLiteral("second-sqs")) >= 0, 5000);
        QTest::qWait(600);
        QVERIFY(header->isSectionHidden(QueueListModel::Visibility));
    }

    void clickOnRedriveLinkOpensTheDlq()
    {
        makeQueues();
        QVERIFY(m_window->selectQueue(QStringLiteral("orders")));
        QTableView *view = m_window->queueView();
        const QModelIndex link = m_window->queueProxy()->mapFromSource(m_window->queueModel()->index(
            m_window->queueModel()->rowOf(QStringLiteral("orders")), QueueListModel::DeadLetterLink));
        view->scrollTo(link);
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(link).center());
        QTRY_COMPARE_WITH_TIMEOUT(m_window->currentQueue(), QStringLiteral("orders-dlq"), 2000);
        // And back from the DLQ to the queue it serves, by keyboard.
        const QModelIndex back = m_window->queueProxy()->mapFromSource(m_window->queueModel()->index(
            m_window->queueModel()->rowOf(QStringLiteral("orders-dlq")), QueueListModel::DeadLetterLink));
        view->setCurrentIndex(back);
        view->setFocus();
        QTest::keyClick(view, Qt::Key_Return);
        QTRY_COMPARE_WITH_TIMEOUT(m_window->currentQueue(), QStringLiteral("orders"), 2000);
        // A click elsewhere in a row just selects that row.
        const QModelIndex name = m_window->queueProxy()->mapFromSource(m_window->queueModel()->index(
            m_window->queueModel()->rowOf(QStringLiteral("amqp-work")), QueueListModel::Name));
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(name).center());
        QTRY_COMPARE_WITH_TIMEOUT(m_window->currentQueue(), QStringLiteral("amqp-work"), 2000);
    }

private:
    QString cell(const QString &queue, int column) const
    {
        QueueListModel *model = m_window->queueModel();
        const int row = model->rowOf(queue);
        return row < 0 ? QStringLiteral("(no row)") : model->index(row, column).data().toString();
    }

    void makeQueues()
    {
        using test::sqsCall;
        test::declareQueue(*m_service, QStringLiteral("amqp-work"));
        sqsCall(
            *m_service, QStringLiteral("CreateQueue"), {{QStringLiteral("QueueName"), QStringLiteral("orders-dlq")}});
        const QString redrive = QString::fromUtf8(QJsonDocument(
            QJsonObject{{QStringLiteral("deadLetterTargetArn"),
                            QStringLiteral("arn:aws:sqs:us-east-1:000000000000:orders-dlq")},
                {QStringLiteral("maxReceiveCount"),
                    QStringLiteral("3")}}).toJson(QJsonDocument::Compact));
        sqsCall(*m_service, QStringLiteral("CreateQueue"),
            {{QStringLiteral("QueueName"), QStringLiteral("orders")},
                {QStringLiteral("Attributes"),
                    QJsonObject{{QStringLiteral("VisibilityTimeout"), QStringLiteral("45")},
                        {QStringLiteral("RedrivePolicy"), redrive}}}});
        sqsCall(*m_service, QStringLiteral("CreateQueue"),
            {{QStringLiteral("QueueName"), QStringLiteral("jobs.fifo")},
                {QStringLiteral("Attributes"),
                    QJsonObject{{QStringLiteral("FifoQueue"), QStringLiteral("true")},
                        {QStringLiteral("ContentBasedDeduplication"), QStringLiteral("true")},
                        {QStringLiteral("VisibilityTimeout"), QStringLiteral("120")}}}});
        const QString orders = test::sqsQueueUrl(*m_service, QStringLiteral("orders"));
        for (int i = 0; i < 3; ++i)
            sqsCall(*m_service, QStringLiteral("SendMessage"),
                {{QStringLiteral("QueueUrl"), orders},
                    {QStringLiteral("MessageBody"), QStringLiteral("order %1").arg(i)}});
        sqsCall(*m_service, QStringLiteral("SendMessage"),
            {{QStringLiteral("QueueUrl"), orders}, {QStringLiteral("MessageBody"), QStringLiteral("later")},
                {QStringLiteral("DelaySeconds"), 600}});
        const QJsonObject received = sqsCall(*m_service, QStringLiteral("ReceiveMessage"),
            {{QStringLiteral("QueueUrl"), orders}, {QStringLiteral("MaxNumberOfMessages"), 2}});
        QCOMPARE(received.value(QStringLiteral("Messages")).toArray().size(), 2);
        const QString jobs = test::sqsQueueUrl(*m_service, QStringLiteral("jobs.fifo"));
        for (int i = 0; i < 2; ++i)
            sqsCall(*m_service, QStringLiteral("SendMessage"),
                {{QStringLiteral("QueueUrl"), jobs}, {QStringLiteral("MessageBody"), QStringLiteral("job %1").arg(i)},
                    {QStringLiteral("MessageGroupId"), QStringLiteral("customer-%1").arg(i)}});
        sqsCall(*m_service, QStringLiteral("ReceiveMessage"),
            {{QStringLiteral("QueueUrl"), jobs}, {QStringLiteral("MaxNumberOfMessages"), 1}});
        QTRY_VERIFY_WITH_TIMEOUT(m_window->queueModel()->rowOf(QStringLiteral("jobs.fifo")) >= 0
                && m_window->queueModel()->rowOf(QStringLiteral("amqp-work")) >= 0,
            5000);
    }
};

QTEST_MAIN(TestSqsQueues)
#include "tst_sqsqueues.moc"
