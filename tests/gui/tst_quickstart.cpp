// The quick-start panel speaks of every protocol Depot serves: beside the
// AMQP URL and snippets, the SQS endpoint and snippets for boto3, the AWS CLI
// and @aws-sdk/client-sqs, all with the port the listener really has.

#include "ui/views/QuickStartPanel.h"

#include <QLabel>
#include <QPlainTextEdit>
#include <QTabWidget>
#include <QTest>

using depot::ui::QuickStartPanel;

class TestQuickStart final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sqsSnippetsUseTheRealPort()
    {
        QuickStartPanel panel;
        panel.setPorts(
            {{QStringLiteral("amqp"), 5673}, {QStringLiteral("http"), 15673}, {QStringLiteral("sqs"), 9500}});
        QCOMPARE(panel.sqsEndpoint(), QStringLiteral("http://127.0.0.1:9500"));
        for (int language = 3; language <= 5; ++language) {
            const QString text = panel.snippet(language);
            QVERIFY2(text.contains(QStringLiteral("http://127.0.0.1:9500")), qPrintable(text));
            QVERIFY2(!text.contains(QStringLiteral("localhost")), qPrintable(text));
            QVERIFY2(!text.contains(QStringLiteral("amqp://")), qPrintable(text));
        }
        QVERIFY(panel.snippet(3).contains(QStringLiteral("boto3.client(\"sqs\"")));
        QVERIFY(panel.snippet(4).contains(QStringLiteral("AWS_ENDPOINT_URL_SQS=http://127.0.0.1:9500")));
        QVERIFY(panel.snippet(5).contains(QStringLiteral("@aws-sdk/client-sqs")));
        // The endpoint is shown, and each snippet is on its own tab.
        bool shown = false;
        for (QLabel *label : panel.findChildren<QLabel *>())
            shown = shown || label->text() == QStringLiteral("http://127.0.0.1:9500");
        QVERIFY(shown);
        auto *tabs = panel.findChild<QTabWidget *>();
        QVERIFY(tabs);
        QCOMPARE(tabs->count(), 6);
        QVERIFY(tabs->tabText(3).contains(QStringLiteral("boto3")));
    }

    void sqsSwitchedOffSaysSo()
    {
        QuickStartPanel panel;
        panel.setPorts({{QStringLiteral("amqp"), 5672}, {QStringLiteral("http"), 15672}});
        bool off = false;
        for (QLabel *label : panel.findChildren<QLabel *>())
            off = off || label->text() == QStringLiteral("(switched off)");
        QVERIFY(off);
        for (QPlainTextEdit *edit : panel.findChildren<QPlainTextEdit *>())
            QCOMPARE(edit->lineWrapMode(), QPlainTextEdit::NoWrap);
    }
};

QTEST_MAIN(TestQuickStart)
#include "tst_quickstart.moc"
