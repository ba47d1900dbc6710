// An SQS message in the inspector: its SQS section shows what a receive
// returns (message attributes with their types, MessageGroupId,
// MessageDeduplicationId, SequenceNumber, SentTimestamp, SenderId,
// AWSTraceHeader), its receive count and first receive, and for a message in
// flight when it becomes visible again, counting down. Messages of AMQP
// queues have no SQS section.

#include "GuiTestSupport.h"
#include "ui/Translations.h"
#include "ui/client/BrokerClient.h"
#include "ui/models/MessageListModel.h"
#include "ui/models/QueueListModel.h"
#include "ui/views/MainWindow.h"
#include "ui/views/MessageInspector.h"

#include <QApplication>
#include <QJsonArray>
#include <QRegularExpression>
#include <QSettings>
#include <QTabWidget>
#include <QTableView>
#include <QTest>
#include <QTreeWidget>

using namespace depot;
using namespace depot::ui;

class TestSqsInspector final : public QObject, public test::WindowFixture
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { prepareApplication(QStringLiteral("tst_sqsinspector")); }

    void init() { QVERIFY(openWindow(QSize(1600, 900))); }

    void cleanup() { closeWindow(); }

    void fifoMessageShowsItsSqsAttributes()
    {
        using test::sqsCall;
        sqsCall(*m_service, QStringLiteral("CreateQueue"),
            {{QStringLiteral("QueueName"), QStringLiteral("pay.fifo")},
                {QStringLiteral("Attributes"), QJsonObject{{QStringLiteral("FifoQueue"), QStringLiteral("true")}}}});
        const QString url = test::sqsQueueUrl(*m_service, QStringLiteral("pay.fifo"));
        const QJsonObject sent = sqsCall(*m_service, QStringLiteral("SendMessage"),
            {{QStringLiteral("QueueUrl"), url}, {QStringLiteral("MessageBody"), QStringLiteral("{\"amount\": 12}")},
                {QStringLiteral("MessageGroupId"), QStringLiteral("customer-7")},
                {QStringLiteral("MessageDeduplicationId"), QStringLiteral("pay-0001")},
                {QStringLiteral("MessageAttributes"),
                    QJsonObject{{QStringLiteral("color"),
                                    QJsonObject{{QStringLiteral("DataType"), QStringLiteral("String")},
                                        {QStringLiteral("StringValue"), QStringLiteral("blue")}}},
                        {QStringLiteral("weight"),
                            QJsonObject{{QStringLiteral("DataType"), QStringLiteral("Number.kg")},
                                {QStringLiteral("StringValue"), QStringLiteral("12.5")}}},
                        {QStringLiteral("blob"),
                            QJsonObject{{QStringLiteral("DataType"), QStringLiteral("Binary")},
                                {QStringLiteral("BinaryValue"), QStringLiteral("AAEC")}}}}},
                {QStringLiteral("MessageSystemAttributes"),
                    QJsonObject{{QStringLiteral("AWSTraceHeader"),
                        QJsonObject{{QStringLiteral("DataType"), QStringLiteral("String")},
                            {QStringLiteral("StringValue"),
                                QStringLiteral("Root=1-5759e988-bd862e3fe1be46a994272793")}}}}}});
        const QString sequence = sent.value(QStringLiteral("SequenceNumber")).toString();
        QVERIFY(!sequence.isEmpty());
        const QJsonObject got = sqsCall(*m_service, QStringLiteral("ReceiveMessage"),
            {{QStringLiteral("QueueUrl"), url}, {QStringLiteral("VisibilityTimeout"), 600}});
        QCOMPARE(got.value(QStringLiteral("Messages")).toArray().size(), 1);

        inspectFirst(QStringLiteral("pay.fifo"));
        MessageInspector *inspector = m_window->inspector();
        QVERIFY(inspector->message()->unacked);
        QVERIFY(inspector->sectionTabs()->isTabVisible(MessageInspector::SqsTab));
        QCOMPARE(inspector->sectionTabs()->currentIndex(), MessageInspector::SqsTab); // shown first
        QCOMPARE(value(QStringLiteral("MessageGroupId")), QStringLiteral("customer-7"));
        QCOMPARE(value(QStringLiteral("MessageDeduplicationId")), QStringLiteral("pay-0001"));
        QCOMPARE(value(QStringLiteral("SequenceNumber")), sequence);
        QCOMPARE(value(QStringLiteral("AWSTraceHeader")), QStringLiteral("Root=1-5759e988-bd862e3fe1be46a994272793"));
        QCOMPARE(value(QStringLiteral("SenderId")), QStringLiteral("000000000000"));
        QVERIFY2(value(QStringLiteral("SentTimestamp"))
                     .contains(QRegularExpression(QStringLiteral("^\\d{4}-\\d\\d-\\d\\d .*\\(\\d{13}\\)$"))),
            qPrintable(value(QStringLiteral("SentTimestamp"))));
        QCOMPARE(value(QStringLiteral("color (String)")), QStringLiteral("blue"));
        QCOMPARE(value(QStringLiteral("weight (Number.kg)")), QStringLiteral("12.5"));
        QCOMPARE(value(QStringLiteral("blob (Binary)")), QStringLiteral("AAEC"));
        QCOMPARE(value(QStringLiteral("ApproximateReceiveCount")), QStringLiteral("1"));
        QVERIFY(value(QStringLiteral("ApproximateFirstReceiveTimestamp")).startsWith(QStringLiteral("20")));
        QVERIFY2(value(QStringLiteral("History")).startsWith(QStringLiteral("received once, at ")),
            qPrintable(value(QStringLiteral("History"))));

        // In flight for 600 s: "visible again in ..." counts down from the
        // lease's deadline.
        const qint64 deadline = inspector->message()->leaseDeadline;
        QVERIFY(deadline > QDateTime::currentMSecsSinceEpoch() + 500'000);
        auto now = std::make_shared<qint64>(deadline - 23'000);
        inspector->setClock([now] { return *now; });
        inspector->showMessage(inspector->queue(), *inspector->message());
        QVERIFY2(inspector->visibilityText().startsWith(QStringLiteral("in flight: visible again in 23 s")),
            qPrintable(inspector->visibilityText()));
        *now += 10'000;
        QTRY_VERIFY2_WITH_TIMEOUT(
            inspector->visibilityText().startsWith(QStringLiteral("in flight: visible again in 13 s")),
            qPrintable(inspector->visibilityText()), 3000);
        *now = deadline - 588'000;
        QTRY_VERIFY2_WITH_TIMEOUT(
            inspector->visibilityText().startsWith(QStringLiteral("in flight: visible again in 9 min 48 s")),
            qPrintable(inspector->visibilityText()), 3000);
    }

    void receiveCountAndHistoryFollowTheReceives()
    {
        using test::sqsCall;
        sqsCall(*m_service, QStringLiteral("CreateQueue"), {{QStringLiteral("QueueName"), QStringLiteral("mail")}});
        const QString url = test::sqsQueueUrl(*m_service, QStringLiteral("mail"));
        sqsCall(*m_service, QStringLiteral("SendMessage"),
            {{QStringLiteral("QueueUrl"), url}, {QStringLiteral("MessageBody"), QStringLiteral("hello")}});
        inspectFirst(QStringLiteral("mail"));
        MessageInspector *inspector = m_window->inspector();
        QVERIFY(inspector->sectionTabs()->isTabVisible(MessageInspector::SqsTab));
        QCOMPARE(value(QStringLiteral("ApproximateReceiveCount")), QStringLiteral("0"));
        QCOMPARE(value(QStringLiteral("ApproximateFirstReceiveTimestamp")), QStringLiteral("not received yet"));
        QCOMPARE(inspector->visibilityText(), QStringLiteral("visible: the next receive can take it"));
        QCOMPARE(value(QStringLiteral("SequenceNumber")), QString()); // standard queues have none
        // Received, let go at once (visibility 0), received again and kept:
        // the inspector follows the message as it is now.
        sqsCall(*m_service, QStringLiteral("ReceiveMessage"),
            {{QStringLiteral("QueueUrl"), url}, {QStringLiteral("VisibilityTimeout"), 0}});
        sqsCall(*m_service, QStringLiteral("ReceiveMessage"),
            {{QStringLiteral("QueueUrl"), url}, {QStringLiteral("VisibilityTimeout"), 300}});
        QTRY_COMPARE_WITH_TIMEOUT(value(QStringLiteral("ApproximateReceiveCount")), QStringLiteral("2"), 5000);
        QVERIFY2(value(QStringLiteral("History")).contains(QStringLiteral("received 2 times in all")),
            qPrintable(value(QStringLiteral("History"))));
        QVERIFY2(inspector->visibilityText().startsWith(QStringLiteral("in flight: visible again in")),
            qPrintable(inspector->visibilityText()));
    }

    void amqpMessageHasNoSqsSection()
    {
        test::declareQueue(*m_service, QStringLiteral("plain"));
        test::publishMessages(*m_service, QStringLiteral("plain"), 1);
        inspectFirst(QStringLiteral("plain"));
        QVERIFY(!m_window->inspector()->sectionTabs()->isTabVisible(MessageInspector::SqsTab));
        QCOMPARE(m_window->inspector()->sqsTree()->topLevelItemCount(), 0);
    }

private:
    // The value beside `key` anywhere in the SQS section; empty when absent.
    QString value(const QString &key) const
    {
        const QList<QTreeWidgetItem *> found
            = m_window->inspector()->sqsTree()->findItems(key, Qt::MatchExactly | Qt::MatchRecursive, 0);
        return found.isEmpty() ? QString() : found.first()->text(1);
    }

    void inspectFirst(const QString &queue)
    {
        QTRY_VERIFY_WITH_TIMEOUT(
            m_window->queueModel()->rowOf(queue) >= 0 && m_window->client()->snapshot()->queue(queue)->total() > 0,
            5000);
        QVERIFY(m_window->selectQueue(queue));
        QTRY_VERIFY_WITH_TIMEOUT(m_window->messageModel()->rowCount() > 0, 5000);
        m_window->messageModel()->index(0, 0).data();
        QTRY_VERIFY_WITH_TIMEOUT(
            m_window->messageModel()->index(0, 0).data(MessageListModel::LoadedRole).toBool(), 5000);
        m_window->messageView()->setCurrentIndex(m_window->messageModel()->index(0, 0));
        QTRY_VERIFY_WITH_TIMEOUT(m_window->inspector()->message().has_value(), 5000);
    }
};

QTEST_MAIN(TestSqsInspector)
#include "tst_sqsinspector.moc"
