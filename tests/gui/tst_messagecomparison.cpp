// MessageComparison without widgets: properties and typed headers compared
// by name, JSON bodies structurally (the path of each difference, aligned
// rows marked), other bodies as aligned text or hex lines.

#include "ui/models/MessageComparison.h"

#include <QJsonDocument>
#include <QTest>

using namespace depot;
using namespace depot::ui;
using Mark = MessageComparison::Mark;

namespace {

MessageContent content(const QByteArray &body, const QVariantMap &headers = {})
{
    MessageContent m;
    m.routingKey = QStringLiteral("orders");
    m.properties.contentType = QStringLiteral("application/json");
    if (!headers.isEmpty())
        m.properties.headers = headers;
    m.body = body;
    return m;
}

// The body rows as "mark|left|right" for a readable failure.
QStringList rowsText(const QList<MessageComparison::Row> &rows)
{
    QStringList out;
    for (const auto &r : rows)
        out.append(QStringLiteral("%1|%2|%3").arg(int(r.mark)).arg(r.left, r.right));
    return out;
}

} // namespace

class TestMessageComparison final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void identicalMessagesHaveNoDifference()
    {
        const MessageContent m = content(R"({"a":1,"b":[1,2]})", {{QStringLiteral("x"), 1}});
        const auto c = MessageComparison::compare(m, m);
        QVERIFY(c.differences.isEmpty());
        QCOMPARE(c.bodyKind, MessageComparison::BodyKind::Json);
        for (const auto &row : c.body + c.properties + c.headers)
            QCOMPARE(row.mark, Mark::Same);
    }

    void jsonBodiesStructurally()
    {
        // Keys in another order and other spacing are no difference; a
        // changed value, a key only on one side and an array element are.
        const auto c = MessageComparison::compare(
            content(R"({"customer":"frances","total":10,"items":[1,2,3],"note":"x"})"),
            content(R"({ "items": [1, 5, 3, 4], "total": 10, "customer": "fran", "gift": true })"));
        QCOMPARE(c.differences,
            QStringList({QStringLiteral("body.customer"), QStringLiteral("body.gift"), QStringLiteral("body.items[1]"),
                QStringLiteral("body.items[3]"), QStringLiteral("body.note")}));
        const QStringList rows = rowsText(c.body);
        QVERIFY2(rows.contains(QStringLiteral("1|  \"customer\": \"frances\",|  \"customer\": \"fran\",")),
            qPrintable(rows.join(u'\n')));
        QVERIFY2(rows.contains(QStringLiteral("3||  \"gift\": true,")), qPrintable(rows.join(u'\n')));
        QVERIFY2(rows.contains(QStringLiteral("1|    2,|    5,")), qPrintable(rows.join(u'\n')));
        QVERIFY2(rows.contains(QStringLiteral("3||    4")), qPrintable(rows.join(u'\n')));
        QVERIFY2(rows.contains(QStringLiteral("2|  \"note\": \"x\",|")), qPrintable(rows.join(u'\n')));
        QVERIFY2(rows.contains(QStringLiteral("0|  \"total\": 10|  \"total\": 10")), qPrintable(rows.join(u'\n')));
        // Left and right each read as their JSON, line by line.
        QStringList left;
        QStringList right;
        for (const auto &r : c.body) {
            if (r.mark != Mark::OnlyRight)
                left.append(r.left);
            if (r.mark != Mark::OnlyLeft)
                right.append(r.right);
        }
        QVERIFY(QJsonDocument::fromJson(left.join(u'\n').toUtf8()).isObject());
        QVERIFY(QJsonDocument::fromJson(right.join(u'\n').toUtf8()).isObject());
    }

    void headersKeepTheirType()
    {
        const auto c = MessageComparison::compare(
            content("x", {{QStringLiteral("attempt"), QVariant::fromValue<qint32>(3)},
                             {QStringLiteral("tenant"), QStringLiteral("acme")}}),
            content("x", {{QStringLiteral("attempt"), QVariant::fromValue<qint64>(3)},
                             {QStringLiteral("trace"), QStringLiteral("t-1")}}));
        QCOMPARE(c.differences,
            QStringList({QStringLiteral("headers.attempt"), QStringLiteral("headers.tenant"),
                QStringLiteral("headers.trace")}));
        QCOMPARE(c.headers.at(0).left, QStringLiteral("{\"int\":3}"));
        QCOMPARE(c.headers.at(0).right, QStringLiteral("{\"long\":3}"));
        QCOMPARE(c.headers.at(1).mark, Mark::OnlyLeft);
        QCOMPARE(c.headers.at(2).mark, Mark::OnlyRight);
    }

    void propertiesAndDeaths()
    {
        MessageContent a = content("x");
        MessageContent b = content("x");
        a.properties.messageId = QStringLiteral("m-1");
        b.properties.messageId = QStringLiteral("m-2");
        b.properties.priority = 5;
        b.deaths.records.append(DeathRecord{QStringLiteral("orders"), DeathReason::Rejected, 2, 0, {}, {}, {}});
        const auto c = MessageComparison::compare(a, b);
        QCOMPARE(c.differences,
            QStringList({QStringLiteral("properties.priority"), QStringLiteral("properties.message_id"),
                QStringLiteral("properties.deaths")}));
        QCOMPARE(c.bodyKind, MessageComparison::BodyKind::Text);
    }

    void textBodiesByLines()
    {
        const auto c = MessageComparison::compare(
            content("one\ntwo\nthree\nfour"), content("one\nTWO\nthree\nthree and a half\nfour"));
        QCOMPARE(c.bodyKind, MessageComparison::BodyKind::Text);
        QCOMPARE(rowsText(c.body),
            QStringList({QStringLiteral("0|one|one"), QStringLiteral("1|two|TWO"), QStringLiteral("0|three|three"),
                QStringLiteral("3||three and a half"), QStringLiteral("0|four|four")}));
        QCOMPARE(c.differences, QStringList({QStringLiteral("body line 2"), QStringLiteral("body line 3")}));
    }

    void binaryBodiesAsHex()
    {
        QByteArray a(40, '\0');
        QByteArray b = a;
        b[20] = '\xff';
        a[0] = '\x80'; // not UTF-8
        b[0] = '\x80';
        const auto c = MessageComparison::compare(content(a), content(b));
        QCOMPARE(c.bodyKind, MessageComparison::BodyKind::Hex);
        QCOMPARE(c.body.size(), 3);
        QCOMPARE(c.body.at(0).mark, Mark::Same);
        QCOMPARE(c.body.at(1).mark, Mark::Changed);
        QVERIFY(c.body.at(1).right.contains(QStringLiteral(" ff ")));
        QCOMPARE(c.body.at(2).mark, Mark::Same);
    }

    // A body over the limit is compared in its head, as text, and said so.
    void largeBodiesInTheirHead()
    {
        QByteArray big = "{\"a\":\"" + QByteArray(MessageComparison::MaxBodyBytes, 'x') + "\"}";
        QByteArray other = big;
        other[2] = 'b';
        const auto c = MessageComparison::compare(content(big), content(other));
        QCOMPARE(c.bodyKind, MessageComparison::BodyKind::Text);
        QCOMPARE(c.body.first().mark, Mark::Changed);
        QVERIFY(c.body.last().left.contains(QStringLiteral("the rest is not compared")));
        QVERIFY(c.body.first().left.size() <= MessageComparison::MaxBodyBytes);
    }

    // Past the limit, lines are compared by position (no lines x lines table).
    void longBodiesLineByLine()
    {
        QStringList left;
        QStringList right;
        for (int i = 0; i < 5; ++i) {
            left.append(QString::number(i));
            right.append(QString::number(i == 2 ? 9 : i));
        }
        right.append(QStringLiteral("extra"));
        const auto rows = alignLines(left, right, 3);
        QCOMPARE(rows.size(), 6);
        QCOMPARE(rows.at(2).mark, Mark::Changed);
        QCOMPARE(rows.at(5).mark, Mark::OnlyRight);
    }
};

QTEST_GUILESS_MAIN(TestMessageComparison)
#include "tst_messagecomparison.moc"
