// PublishDialog: what it refuses (and says why), what it builds, and edit
// and resend pre-filling it from a message.

#include "ui/views/PublishDialog.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QJsonDocument>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QTest>

using namespace depot;
using namespace depot::ui;

class TestPublishDialog final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void validation_data()
    {
        QTest::addColumn<QString>("exchange");
        QTest::addColumn<QString>("routingKey");
        QTest::addColumn<QString>("contentType");
        QTest::addColumn<QString>("body");
        QTest::addColumn<QString>("expiration");
        QTest::addColumn<QString>("error");   // a fragment of the message; empty = valid
        QTest::addRow("json ok") << "" << "orders" << "application/json" << R"({"a": 1})" << "" << "";
        QTest::addRow("json broken") << "" << "orders" << "application/json" << "{\n\"a\": }" << "" << "not valid JSON (line 2)";
        QTest::addRow("text need not be json") << "" << "orders" << "text/plain" << "{\"a\": }" << "" << "";
        QTest::addRow("default exchange needs key") << "" << "" << "text/plain" << "x" << "" << "needs a routing key";
        QTest::addRow("named exchange, no key") << "shop" << "" << "text/plain" << "x" << "" << "";
        QTest::addRow("expiration digits") << "" << "q" << "text/plain" << "x" << "60000" << "";
        QTest::addRow("expiration words") << "" << "q" << "text/plain" << "x" << "1 minute" << "milliseconds";
        QTest::addRow("long key") << "shop" << QString(300, u'k') << "text/plain" << "x" << "" << "255 bytes";
    }

    void validation()
    {
        QFETCH(QString, exchange);
        QFETCH(QString, routingKey);
        QFETCH(QString, contentType);
        QFETCH(QString, body);
        QFETCH(QString, expiration);
        QFETCH(QString, error);
        PublishDialog dialog({QString(), QStringLiteral("shop")});
        dialog.exchangeBox()->setCurrentIndex(dialog.exchangeBox()->findData(exchange));
        dialog.routingKeyEdit()->setText(routingKey);
        dialog.contentTypeEdit()->setText(contentType);
        dialog.expirationEdit()->setText(expiration);
        dialog.bodyEdit()->setPlainText(body);
        QCOMPARE(dialog.exchange(), exchange);
        QPushButton *ok = dialog.buttons()->button(QDialogButtonBox::Ok);
        if (error.isEmpty()) {
            QVERIFY2(dialog.validationError().isEmpty(), qPrintable(dialog.validationError()));
            QVERIFY(ok->isEnabled());
            QVERIFY(dialog.errorLabel()->text().isEmpty());
        } else {
            QVERIFY2(dialog.validationError().contains(error), qPrintable(dialog.validationError()));
            QVERIFY(!ok->isEnabled());
            QCOMPARE(dialog.errorLabel()->text(), dialog.validationError());
        }
    }

    void duplicateHeadersRefused()
    {
        PublishDialog dialog({QString()});
        dialog.routingKeyEdit()->setText(QStringLiteral("q"));
        QTableWidget *headers = dialog.headersTable();
        for (int i = 0; i < 2; ++i) {
            headers->insertRow(i);
            headers->setItem(i, 0, new QTableWidgetItem(QStringLiteral("tenant")));
            headers->setItem(i, 2, new QTableWidgetItem(QStringLiteral("acme"))); // Name | Type | Value
        }
        QVERIFY(dialog.validationError().contains(QStringLiteral("tenant")));
        QVERIFY(!dialog.buttons()->button(QDialogButtonBox::Ok)->isEnabled());
        headers->item(1, 0)->setText(QStringLiteral("region"));
        QVERIFY(dialog.validationError().isEmpty());
        const MessageProperties p = dialog.properties();
        QVERIFY(p.headers.has_value());
        QCOMPARE(p.headers->value(QStringLiteral("region")).toString(), QStringLiteral("acme"));
        QCOMPARE(p.deliveryMode, std::optional<quint8>(2));
        QCOMPARE(p.contentType, std::optional<QString>(QStringLiteral("application/json")));
    }

    void editAndResendPrefills()
    {
        MessageContent content;
        content.exchange = QStringLiteral("shop");
        content.routingKey = QStringLiteral("order.created");
        content.properties.contentType = QStringLiteral("application/json");
        content.properties.messageId = QStringLiteral("m-1");
        content.properties.deliveryMode = 1;
        content.properties.headers = QVariantMap{{QStringLiteral("tenant"), QStringLiteral("acme")},
                                                 {QStringLiteral("x-death"), QVariantList{QVariantMap{}}}};
        content.body = R"({"order":1})";
        content.deaths.record(QStringLiteral("orders"), DeathReason::Rejected, 1000, QStringLiteral("shop"),
                              {QStringLiteral("order.created")}, std::nullopt);
        PublishDialog dialog({QString(), QStringLiteral("shop")});
        dialog.setMessage(content, QStringLiteral("orders.dlq"));
        // A dead letter goes back where it came from, as replay sends it.
        QCOMPARE(dialog.exchange(), QString());
        QCOMPARE(dialog.routingKey(), QStringLiteral("orders"));
        QCOMPARE(dialog.headersTable()->rowCount(), 2); // every header, structured ones too
        const MessageProperties p = dialog.properties();
        QCOMPARE(p.messageId, std::optional<QString>(QStringLiteral("m-1")));
        QCOMPARE(p.deliveryMode, std::optional<quint8>(1));
        QCOMPARE(
            p.headers->value(QStringLiteral("x-death")), content.properties.headers->value(QStringLiteral("x-death")));
        QVERIFY(dialog.deaths().isEmpty()); // the history is dropped by default...
        dialog.dropDeathsBox()->setChecked(false);
        QCOMPARE(dialog.deaths(), content.deaths); // ...or kept when asked
        QCOMPARE(dialog.body(), content.body);   // as it came, not re-formatted
        QCOMPARE(dialog.bodyEdit()->toPlainText(), QString::fromUtf8(content.body));
        QVERIFY(!dialog.removeOriginal());   // opt-in
        QCOMPARE(dialog.repeatCount(), 1);
    }

    // The window reads the answer after exec() returned, when the dialog is
    // hidden: it used to read "no" then, whatever the user ticked.
    void removeOriginalIsReadAfterTheDialogCloses()
    {
        MessageContent content;
        content.routingKey = QStringLiteral("orders");
        content.body = "x";
        PublishDialog dialog({QString()});
        dialog.setMessage(content, QStringLiteral("orders"));
        dialog.show();
        QVERIFY(dialog.removeOriginalBox()->isVisible());
        dialog.removeOriginalBox()->setChecked(true);
        dialog.accept();
        QVERIFY(dialog.isHidden());
        QVERIFY(dialog.removeOriginal());
        PublishDialog plain({QString()});   // a new message has no original to remove
        plain.removeOriginalBox()->setChecked(true);
        QVERIFY(!plain.removeOriginal());
    }

    // The body's bytes are the message: whatever the editor does with them
    // for display, an unedited body goes out exactly as it came.
    void unchangedBodyKeepsItsBytes_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("contentType");
        QTest::addRow("compact json") << QByteArray(R"({"z":1,"a":[1.50,2e3]})") << "application/json";
        QTest::addRow("crlf and nbsp") << QByteArray("line one\r\nline\xc2\xa0two\r\n") << "text/plain";
        QTest::addRow("not utf-8") << QByteArray("\x00\xff\xfe binary", 10) << "application/octet-stream";
        QTest::addRow("json type, not json") << QByteArray("{broken") << "application/json";
    }

    void unchangedBodyKeepsItsBytes()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, contentType);
        MessageContent content;
        content.routingKey = QStringLiteral("q");
        content.properties.contentType = contentType;
        content.body = body;
        PublishDialog dialog({QString()});
        dialog.setMessage(content, QStringLiteral("q"));
        QCOMPARE(dialog.body(), body);
        QVERIFY2(dialog.validationError().isEmpty(), qPrintable(dialog.validationError()));
    }

    void formatJsonKeepsKeyOrder()
    {
        PublishDialog dialog({QString()});
        dialog.routingKeyEdit()->setText(QStringLiteral("q"));
        dialog.bodyEdit()->setPlainText(QStringLiteral(R"({"z":1,"a":{"y":[],"b":"x, y: {z}"}})"));
        QPushButton *format = nullptr;
        for (QPushButton *b : dialog.findChildren<QPushButton *>()) {
            if (b->text() == QStringLiteral("Format JSON"))
                format = b;
        }
        QVERIFY(format);
        QTest::mouseClick(format, Qt::LeftButton);
        QCOMPARE(dialog.bodyEdit()->toPlainText(),
                 QStringLiteral("{\n  \"z\": 1,\n  \"a\": {\n    \"y\": [],\n    \"b\": \"x, y: {z}\"\n  }\n}"));
    }
};

QTEST_MAIN(TestPublishDialog)
#include "tst_publishdialog.moc"
