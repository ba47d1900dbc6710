// The quick-start panel speaks of every protocol Depot serves: beside the
// AMQP URL and snippets, the SQS endpoint and snippets for boto3, the AWS CLI
// and @aws-sdk/client-sqs, curl for the HTTP API, and for Kafka (when it is
// on) its bootstrap server and snippets for kcat, kafka-python,
// confluent-kafka and kafkajs, all with the port the listener really has.
// Each listener that is on has its snippets shown; one that is off, none.

#include "ui/views/QuickStartPanel.h"

#include <QLabel>
#include <QSet>
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
        QCOMPARE(tabs->count(), QuickStartPanel::SnippetCount);
        QVERIFY(tabs->tabText(3).contains(QStringLiteral("boto3")));
    }

    void everyListenerThatIsOnHasItsSnippets_data()
    {
        QTest::addColumn<QStringList>("on");
        QTest::addRow("defaults") << QStringList{QStringLiteral("amqp"), QStringLiteral("http"), QStringLiteral("sqs")};
        QTest::addRow("all four") << QStringList{
            QStringLiteral("amqp"), QStringLiteral("http"), QStringLiteral("sqs"), QStringLiteral("kafka")};
        QTest::addRow("kafka alone") << QStringList{QStringLiteral("kafka")};
        QTest::addRow("sqs and http") << QStringList{QStringLiteral("http"), QStringLiteral("sqs")};
    }

    void everyListenerThatIsOnHasItsSnippets()
    {
        QFETCH(QStringList, on);
        const QStringList all{
            QStringLiteral("amqp"), QStringLiteral("http"), QStringLiteral("sqs"), QStringLiteral("kafka")};
        QMap<QString, quint16> ports;
        quint16 next = 20000;
        for (const QString &listener : all)
            ports.insert(listener, on.contains(listener) ? next++ : 0);
        QuickStartPanel panel;
        panel.setPorts(ports);
        auto *tabs = panel.findChild<QTabWidget *>();
        QVERIFY(tabs);
        QSet<QString> shown;
        for (int i = 0; i < QuickStartPanel::SnippetCount; ++i) {
            const QString listener = QuickStartPanel::snippetListener(i);
            QCOMPARE(panel.isSnippetShown(i), on.contains(listener));
            QCOMPARE(tabs->isTabVisible(i), on.contains(listener));
            if (!panel.isSnippetShown(i))
                continue;
            shown.insert(listener);
            // With the port that listener really has.
            const QString port = QString::number(ports.value(listener));
            QVERIFY2(panel.snippet(i).contains(QStringLiteral("127.0.0.1:") + port), qPrintable(panel.snippet(i)));
        }
        QCOMPARE(shown, QSet<QString>(on.cbegin(), on.cend()));
    }

    void beforeTheBrokerListensTheDefaultsAreShown()
    {
        QuickStartPanel panel;
        // Every listener is on by default, Kafka's (127.0.0.1:9092) too.
        for (int i = 0; i < QuickStartPanel::SnippetCount; ++i)
            QVERIFY2(panel.isSnippetShown(i), qPrintable(QuickStartPanel::snippetListener(i)));
        QCOMPARE(panel.kafkaBootstrap(), QStringLiteral("127.0.0.1:9092"));
    }

    void httpAndKafkaSnippetsUseTheRealPort()
    {
        QuickStartPanel panel;
        panel.setPorts({{QStringLiteral("amqp"), 5672}, {QStringLiteral("http"), 15999}, {QStringLiteral("sqs"), 0},
            {QStringLiteral("kafka"), 9555}});
        const QString curl = panel.snippet(6);
        QVERIFY2(curl.contains(QStringLiteral("curl -u guest:guest http://127.0.0.1:15999/api/overview")),
            qPrintable(curl));
        // The vhost "/" stays percent-encoded in every URL.
        QVERIFY2(curl.contains(QStringLiteral("http://127.0.0.1:15999/api/exchanges/%2F/amq.default/publish")),
            qPrintable(curl));
        QCOMPARE(panel.kafkaBootstrap(), QStringLiteral("127.0.0.1:9555"));
        QVERIFY(panel.snippet(7).contains(QStringLiteral("kcat -b 127.0.0.1:9555 -t hello -P")));
        QVERIFY(panel.snippet(8).contains(QStringLiteral("KafkaProducer(bootstrap_servers=\"127.0.0.1:9555\")")));
        QVERIFY(panel.snippet(9).contains(QStringLiteral("\"bootstrap.servers\": \"127.0.0.1:9555\"")));
        QVERIFY(panel.snippet(10).contains(QStringLiteral("brokers: ['127.0.0.1:9555']")));
        for (int language = 6; language < QuickStartPanel::SnippetCount; ++language)
            QVERIFY2(!panel.snippet(language).contains(QStringLiteral("localhost")), qPrintable(panel.snippet(language)));
        // The bootstrap server is shown while Kafka listens, and not once it is off.
        auto kafkaShown = [&panel] {
            for (QLabel *label : panel.findChildren<QLabel *>()) {
                if (label->text().startsWith(QStringLiteral("127.0.0.1:")) && !label->isHidden())
                    return true;
            }
            return false;
        };
        QVERIFY(kafkaShown());
        panel.setPorts({{QStringLiteral("amqp"), 5672}, {QStringLiteral("kafka"), 0}});
        QVERIFY(!kafkaShown());
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
