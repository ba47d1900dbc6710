// The window's publish under a closed publish gate: BrokerClient::publish
// answers "refused" with the gate's reason and nothing reaches the queue,
// and the publish dialog then stays open with the reason and the draft.

#include "GuiTestSupport.h"
#include "ui/client/BrokerClient.h"
#include "ui/views/PublishDialog.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTest>

using namespace depot;
using namespace depot::ui;

namespace {

const QString AlarmText = QStringLiteral("Depot: memory high-watermark reached");

quint64 readyIn(BrokerService &service, const QString &queue)
{
    quint64 ready = 0;
    test::onBroker(service, [&](Engine &engine) {
        if (const auto info = engine.queue(queue))
            ready = info->ready;
    });
    return ready;
}

} // namespace

class TestPublishRefused final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void theClientIsRefusedUnderAnAlarm()
    {
        auto service = test::startBroker();
        QVERIFY(service);
        test::declareQueue(*service, QStringLiteral("q"));
        BrokerClient client(service.get());
        test::onBroker(*service, [](Engine &engine) { engine.raiseAlarm(QStringLiteral("memory"), AlarmText); });

        std::optional<PublishReply> reply;
        client.publish(
            this, PublishRequest{QString(), QStringLiteral("q"), {}, "draft", 3}, [&](PublishReply r) { reply = r; });
        QTRY_VERIFY_WITH_TIMEOUT(reply.has_value(), 10000);
        QCOMPARE(reply->refused, AlarmText);
        QCOMPARE(reply->sent, 0);
        QCOMPARE(readyIn(*service, QStringLiteral("q")), quint64(0));

        test::onBroker(*service, [](Engine &engine) { engine.clearAlarm(QStringLiteral("memory")); });
        reply.reset();
        client.publish(
            this, PublishRequest{QString(), QStringLiteral("q"), {}, "draft", 3}, [&](PublishReply r) { reply = r; });
        QTRY_VERIFY_WITH_TIMEOUT(reply.has_value(), 10000);
        QVERIFY(reply->refused.isEmpty());
        QCOMPARE(reply->sent, 3);
        QCOMPARE(readyIn(*service, QStringLiteral("q")), quint64(3));
    }

    void theDialogKeepsTheDraftAndSaysWhy()
    {
        PublishDialog dialog({QString()});
        dialog.routingKeyEdit()->setText(QStringLiteral("q"));
        dialog.bodyEdit()->setPlainText(QStringLiteral("my draft"));
        int sends = 0;
        QString answer = QStringLiteral("Refused: ") + AlarmText;
        dialog.setSender([&](PublishDialog::Answer reply) {
            ++sends;
            reply(answer);
        });
        dialog.show();
        QPushButton *ok = dialog.buttons()->button(QDialogButtonBox::Ok);
        QVERIFY(ok->isEnabled());
        QTest::mouseClick(ok, Qt::LeftButton);
        QCOMPARE(sends, 1);
        QVERIFY(dialog.isVisible());
        QCOMPARE(dialog.result(), int(QDialog::Rejected)); // not accepted
        QCOMPARE(dialog.errorLabel()->text(), answer);
        QCOMPARE(dialog.bodyEdit()->toPlainText(), QStringLiteral("my draft"));
        QCOMPARE(dialog.routingKey(), QStringLiteral("q"));
        QVERIFY(ok->isEnabled()); // to send again

        answer.clear();
        QTest::mouseClick(ok, Qt::LeftButton);
        QCOMPARE(sends, 2);
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QVERIFY(!dialog.isVisible());
    }
};

QTEST_MAIN(TestPublishRefused)
#include "tst_publishrefused.moc"
