// Messages as RabbitMQ's management API's get answers them, recorded from a
// real RabbitMQ 3.10 (tests/unit/remote/data/rabbitmq-3.10-get*.json: a
// message rejected with basic.reject(requeue=False) into a dead-letter
// queue, with headers and properties set by pika, and a binary body the API
// sends base64), mapped onto the window's MessageView: body, properties,
// headers, and x-death taken into the typed DeathHistory the inspector's
// timeline reads; an encoding Depot does not know is refused naming it.

#include "ui/remote/ManagementJson.h"
#include "ui/remote/RemoteMessage.h"

#include <QFile>
#include <QJsonObject>
#include <QTest>

using namespace depot;
using namespace depot::ui;
using namespace depot::ui::remote;

namespace {

QJsonArray recorded(const char *name)
{
    QFile f(QStringLiteral(DEPOT_REMOTE_TEST_DATA "/rabbitmq-3.10-%1.json").arg(QLatin1String(name)));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("missing recorded answer %s", name);
    QString error;
    const auto a = parseArray(f.readAll(), &error);
    if (!a)
        qFatal("recorded answer %s: %s", name, qPrintable(error));
    return *a;
}

} // namespace

class TestRemoteMessage final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void aDeadLetterKeepsItsHistory()
    {
        QString error;
        const QList<RemoteMessage> messages = messagesFromGetJson(recorded("get-dead-letter"), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(messages.size(), 1);
        const RemoteMessage &m = messages.first();
        QCOMPARE(m.content().body, QByteArray("{\"order\":7}"));
        QCOMPARE(m.content().routingKey, QStringLiteral("work.dlq")); // the dead-letter routing key
        QCOMPARE(m.content().properties.contentType, QStringLiteral("application/json"));
        QCOMPARE(m.content().properties.messageId, QStringLiteral("m-7"));
        QCOMPARE(m.content().properties.deliveryMode, quint8(2));
        QCOMPARE(m.content().properties.headers->value(QStringLiteral("tenant")).toString(), QStringLiteral("acme"));
        QCOMPARE(m.content().properties.headers->value(QStringLiteral("attempt")).toLongLong(), 3);
        // x-death left the headers for the typed history, with RabbitMQ's
        // time in seconds as a timestamp. (RabbitMQ 3.10 sends no
        // x-last-death-* headers, so the history also keeps the fields as
        // they came, and a republish sends them exactly so.)
        QVERIFY(!m.content().properties.headers->contains(QStringLiteral("x-death")));
        const DeathHistory &h = m.content().deaths;
        QVERIFY(h.first.has_value());
        QCOMPARE(h.first->queue, QStringLiteral("work"));
        QCOMPARE(h.records.size(), 1);
        QCOMPARE(h.records.first().queue, QStringLiteral("work"));
        QCOMPARE(h.records.first().reason, DeathReason::Rejected);
        QCOMPARE(h.records.first().count, 1);
        QVERIFY(h.records.first().timeMs > 1600000000000LL);
        QCOMPARE(h.records.first().timeMs % 1000, 0);
        QCOMPARE(m.originQueue(), QStringLiteral("work"));
        QVERIFY(matchesFilter(m.content(), QStringLiteral("REJECTED")));
        QVERIFY(matchesFilter(m.content(), QStringLiteral("order\":7")));
        QVERIFY(!matchesFilter(m.content(), QStringLiteral("nothing like it")));
        QCOMPARE(m.key, keyOf(QStringLiteral("work.dlq"), QByteArray("{\"order\":7}")));
    }

    void aBinaryBodyComesBase64()
    {
        QString error;
        const QList<RemoteMessage> messages = messagesFromGetJson(recorded("get-binary"), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(messages.size(), 1);
        QCOMPARE(messages.first().content().body, QByteArray("\x00\x01\x02\xff\xfe", 5));
        QVERIFY(!messages.first().content().deaths.hasDied());
        QVERIFY(messages.first().originQueue().isEmpty());
    }

    void anUnknownEncodingIsRefused()
    {
        QJsonArray answer = recorded("get-binary");
        QJsonObject o = answer.first().toObject();
        o.insert(QStringLiteral("payload_encoding"), QStringLiteral("rot13"));
        answer[0] = o;
        QString error;
        QVERIFY(messagesFromGetJson(answer, &error).isEmpty());
        QVERIFY2(error.contains(QStringLiteral("rot13")), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestRemoteMessage)
#include "tst_remotemessage.moc"
