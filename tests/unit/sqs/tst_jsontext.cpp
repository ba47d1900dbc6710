// JsonText writes what QJsonDocument::toJson(Compact) writes for the same
// members, so a client cannot tell the batch answers' fast writer from Qt's.

#include "broker/sqs/codec/JsonText.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace depot::sqs;

class TestJsonText final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void stringsAreEscapedAsQtEscapesThem_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("plain") << QStringLiteral("hello");
        QTest::newRow("empty") << QString();
        QTest::newRow("quote and backslash") << QStringLiteral("a\"b\\c");
        QTest::newRow("named controls") << QStringLiteral("\b\f\n\r\t");
        QTest::newRow("other controls") << QString::fromUtf16(u"\u0001x\u001f\u0000y");
        QTest::newRow("slash and del") << QString::fromUtf16(u"/\u007f");
        QTest::newRow("non-ASCII") << QString::fromUtf16(u"Grüße 日本 \U0001F600");
        QTest::newRow("escape at the ends") << QStringLiteral("\"middle\n");
    }

    void stringsAreEscapedAsQtEscapesThem()
    {
        QFETCH(QString, text);
        JsonText json;
        json.beginObject().key(QLatin1StringView("k")).string(text).endObject();
        QCOMPARE(json.take(), QJsonDocument(QJsonObject{{QStringLiteral("k"), text}}).toJson(QJsonDocument::Compact));
    }

    void nestingAndCommasMatchQt()
    {
        JsonText json;
        json.beginObject().key(QLatin1StringView("Failed")).beginArray();
        json.beginObject()
            .key(QLatin1StringView("Code"))
            .string(QStringLiteral("X"))
            .key(QLatin1StringView("SenderFault"))
            .boolean(true)
            .endObject();
        json.beginObject().key(QLatin1StringView("N")).number(-42).endObject();
        json.endArray().key(QLatin1StringView("Successful")).beginArray().endArray();
        json.key(QLatin1StringView("f")).boolean(false).endObject();
        // QJsonObject sorts its keys: the members above are written sorted.
        const QJsonObject expected{
            {QStringLiteral("Failed"),
                QJsonArray{QJsonObject{{QStringLiteral("Code"), QStringLiteral("X")},
                               {QStringLiteral("SenderFault"), true}},
                    QJsonObject{{QStringLiteral("N"), -42}}}},
            {QStringLiteral("Successful"), QJsonArray()},
            {QStringLiteral("f"), false},
        };
        QCOMPARE(json.take(), QJsonDocument(expected).toJson(QJsonDocument::Compact));
    }
};

QTEST_APPLESS_MAIN(TestJsonText)
#include "tst_jsontext.moc"
