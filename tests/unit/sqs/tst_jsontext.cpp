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

    // The query protocol's answers go through JsonTree with the same calls:
    // it must build the object JsonText writes, nested objects and arrays,
    // empty ones, an embedded object and the member order included.
    void treeBuildsWhatTextWrites()
    {
        const QJsonObject attributes{{QStringLiteral("a"), QJsonObject{{QStringLiteral("DataType"), QStringLiteral("String")}}}};
        const auto write = [&](auto &w) {
            w.beginObject().key(QLatin1StringView("Messages")).beginArray();
            w.beginObject()
                .key(QLatin1StringView("Body"))
                .string(QStringLiteral("x\ny"))
                .key(QLatin1StringView("Attributes"))
                .beginObject()
                .key(QLatin1StringView("ApproximateReceiveCount"))
                .string(QLatin1StringView("2"))
                .endObject()
                .key(QLatin1StringView("MessageAttributes"))
                .object(attributes)
                .endObject();
            w.beginObject().key(QLatin1StringView("N")).number(7).key(QLatin1StringView("B")).boolean(true).endObject();
            w.endArray();
            w.key(QLatin1StringView("Empty")).beginArray().endArray();
            w.key(QLatin1StringView("Nothing")).beginObject().endObject();
            w.endObject();
        };
        JsonText text;
        write(text);
        JsonTree tree;
        write(tree);
        const QJsonObject built = tree.take();
        QCOMPARE(built, QJsonDocument::fromJson(text.take()).object());
        QCOMPARE(built.value(QStringLiteral("Messages")).toArray().size(), 2);
        QCOMPARE(built.value(QStringLiteral("Messages")).toArray().at(0).toObject().value(QStringLiteral("MessageAttributes")),
            QJsonValue(attributes));
        QVERIFY(built.value(QStringLiteral("Nothing")).isObject());
    }
};

QTEST_APPLESS_MAIN(TestJsonText)
#include "tst_jsontext.moc"
