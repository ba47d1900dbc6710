// Replay by click on an SQS dead-letter queue returns each message to the
// SQS queue it was redriven from (as StartMessageMoveTask does), one, a
// filtered set or all, each message in exactly one place: the window reads
// the source from the typed death record SQS's redrive leaves, not from AMQP
// headers. Replayed messages can be received again from their source queue,
// their receive count starting over.

#include "GuiTestSupport.h"
#include "ui/Translations.h"
#include "ui/client/BrokerClient.h"
#include "ui/models/MessageListModel.h"
#include "ui/models/QueueListModel.h"
#include "ui/views/MainWindow.h"
#include "ui/views/MessageInspector.h"

#include <QAction>
#include <QApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QTableView>
#include <QTest>

using namespace depot;
using namespace depot::ui;

class TestSqsReplay final : public QObject, public test::WindowFixture
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { prepareApplication(QStringLiteral("tst_sqsreplay")); }

    void init()
    {
        QVERIFY(openWindow(QSize(1600, 900)));
        m_window->setConfirmForTests([](const QString &) { return true; });
        // The replay dialog's first choice: where each message came from.
        m_window->setTargetChooserForTests(
            [](const QStringList &items) -> std::optional<QString> { return items.value(0); });
        makeRedrivenMessages();
    }

    void cleanup() { closeWindow(); }

    void theDlqIsLinkedAndReplayable()
    {
        QCOMPARE(cell(QStringLiteral("orders-dlq"), QueueListModel::DeadLetterLink), QStringLiteral("← fed by orders"));
        QVERIFY(m_window->queueModel()
                    ->index(m_window->queueModel()->rowOf(QStringLiteral("orders-dlq")), 0)
                    .data(QueueListModel::IsDeadLetterQueueRole)
                    .toBool());
        inspectFirst(QStringLiteral("orders-dlq"));
        QTRY_VERIFY_WITH_TIMEOUT(m_window->action(QStringLiteral("replayAll"))->isEnabled(), 5000);
        QVERIFY(m_window->inspector()->isDeadLetter());
        QVERIFY(m_window->inspector()->replayButton()->isEnabled());
    }

    void replaySelectedGoesBackToTheSourceQueue()
    {
        inspectFirst(QStringLiteral("orders-dlq"));
        m_window->messageView()->selectRow(0);
        QTRY_VERIFY_WITH_TIMEOUT(m_window->action(QStringLiteral("replay"))->isEnabled(), 5000);
        m_window->replay(MainWindow::Scope::Selected);
        QTRY_COMPARE_WITH_TIMEOUT(total(QStringLiteral("orders")), 1ull, 5000);
        QCOMPARE(total(QStringLiteral("orders-dlq")), 3ull);
        QCOMPARE(receiveAll(), QStringList{QStringLiteral("keep 0")});
    }

    void replayMatchingTheFilter()
    {
        inspectFirst(QStringLiteral("orders-dlq"));
        m_window->messageFilter()->setText(QStringLiteral("redo"));
        QTest::keyClick(m_window->messageFilter(), Qt::Key_Return);
        QTRY_COMPARE_WITH_TIMEOUT(m_window->messageModel()->rowCount(), 2, 5000);
        QTRY_VERIFY_WITH_TIMEOUT(!m_window->messageModel()->isScanning(), 5000);
        m_window->replay(MainWindow::Scope::MatchingFilter);
        QTRY_COMPARE_WITH_TIMEOUT(total(QStringLiteral("orders")), 2ull, 5000);
        QCOMPARE(total(QStringLiteral("orders-dlq")), 2ull);
        QStringList back = receiveAll();
        back.sort();
        QCOMPARE(back, (QStringList{QStringLiteral("redo 2"), QStringLiteral("redo 3")}));
    }

    void replayAllEmptiesTheDlq()
    {
        inspectFirst(QStringLiteral("orders-dlq"));
        m_window->replay(MainWindow::Scope::All);
        QTRY_COMPARE_WITH_TIMEOUT(total(QStringLiteral("orders")), 4ull, 5000);
        QCOMPARE(total(QStringLiteral("orders-dlq")), 0ull);
        QStringList back = receiveAll();
        back.sort();
        QCOMPARE(back,
            (QStringList{QStringLiteral("keep 0"), QStringLiteral("keep 1"), QStringLiteral("redo 2"),
                QStringLiteral("redo 3")}));
    }

private:
    // Receives every message of `orders` (leaving them in flight) and checks
    // each starts over: received once since it came back.
    QStringList receiveAll()
    {
        QStringList bodies;
        const QJsonObject got = test::sqsCall(*m_service, QStringLiteral("ReceiveMessage"),
            {{QStringLiteral("QueueUrl"), test::sqsQueueUrl(*m_service, QStringLiteral("orders"))},
                {QStringLiteral("MaxNumberOfMessages"), 10}, {QStringLiteral("VisibilityTimeout"), 300},
                {QStringLiteral("AttributeNames"), QJsonArray{QStringLiteral("All")}}});
        for (const QJsonValue &m : got.value(QStringLiteral("Messages")).toArray()) {
            bodies << m[QStringLiteral("Body")].toString();
            if (m[QStringLiteral("Attributes")][QStringLiteral("ApproximateReceiveCount")].toString() != u"1")
                QTest::qFail("a replayed message's receive count did not start over", __FILE__, __LINE__);
        }
        return bodies;
    }

    // orders (maxReceiveCount 1) -> orders-dlq: four messages each received
    // once and let go, then moved by the receive that would pass the count.
    void makeRedrivenMessages()
    {
        using test::sqsCall;
        sqsCall(
            *m_service, QStringLiteral("CreateQueue"), {{QStringLiteral("QueueName"), QStringLiteral("orders-dlq")}});
        const QString redrive = QString::fromUtf8(QJsonDocument(
            QJsonObject{{QStringLiteral("deadLetterTargetArn"),
                            QStringLiteral("arn:aws:sqs:us-east-1:000000000000:orders-dlq")},
                {QStringLiteral("maxReceiveCount"),
                    QStringLiteral("1")}}).toJson(QJsonDocument::Compact));
        sqsCall(*m_service, QStringLiteral("CreateQueue"),
            {{QStringLiteral("QueueName"), QStringLiteral("orders")},
                {QStringLiteral("Attributes"), QJsonObject{{QStringLiteral("RedrivePolicy"), redrive}}}});
        const QString orders = test::sqsQueueUrl(*m_service, QStringLiteral("orders"));
        for (const QString &body :
            {QStringLiteral("keep 0"), QStringLiteral("keep 1"), QStringLiteral("redo 2"), QStringLiteral("redo 3")})
            sqsCall(*m_service, QStringLiteral("SendMessage"),
                {{QStringLiteral("QueueUrl"), orders}, {QStringLiteral("MessageBody"), body}});
        const QJsonObject first = sqsCall(*m_service, QStringLiteral("ReceiveMessage"),
            {{QStringLiteral("QueueUrl"), orders}, {QStringLiteral("MaxNumberOfMessages"), 10},
                {QStringLiteral("VisibilityTimeout"), 0}});
        QCOMPARE(first.value(QStringLiteral("Messages")).toArray().size(), 4);
        const QJsonObject second = sqsCall(*m_service, QStringLiteral("ReceiveMessage"),
            {{QStringLiteral("QueueUrl"), orders}, {QStringLiteral("MaxNumberOfMessages"), 10}});
        QCOMPARE(second.value(QStringLiteral("Messages")).toArray().size(), 0);
        QTRY_COMPARE_WITH_TIMEOUT(total(QStringLiteral("orders-dlq")), 4ull, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(total(QStringLiteral("orders")), 0ull, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(cell(QStringLiteral("orders-dlq"), QueueListModel::DeadLetterLink),
            QStringLiteral("← fed by orders"), 5000);
    }

    QString cell(const QString &queue, int column) const
    {
        QueueListModel *model = m_window->queueModel();
        const int row = model->rowOf(queue);
        return row < 0 ? QStringLiteral("(no row)") : model->index(row, column).data().toString();
    }

    quint64 total(const QString &queue) const
    {
        const SnapshotPtr snapshot = m_window->client()->snapshot();
        const QueueRow *q = snapshot ? snapshot->queue(queue) : nullptr;
        return q ? q->total() : ~0ull;
    }

    void inspectFirst(const QString &queue)
    {
        QTRY_VERIFY_WITH_TIMEOUT(m_window->queueModel()->rowOf(queue) >= 0 && total(queue) > 0, 5000);
        QVERIFY(m_window->selectQueue(queue));
        QTRY_VERIFY_WITH_TIMEOUT(m_window->messageModel()->rowCount() > 0, 5000);
        m_window->messageModel()->index(0, 0).data();
        QTRY_VERIFY_WITH_TIMEOUT(
            m_window->messageModel()->index(0, 0).data(MessageListModel::LoadedRole).toBool(), 5000);
        m_window->messageView()->setCurrentIndex(m_window->messageModel()->index(0, 0));
        QTRY_VERIFY_WITH_TIMEOUT(m_window->inspector()->message().has_value(), 5000);
    }
};

QTEST_MAIN(TestSqsReplay)
#include "tst_sqsreplay.moc"
