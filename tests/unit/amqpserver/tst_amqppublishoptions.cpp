// amqpPublishOptions: AMQP's expiration, priority and x-delay become the
// engine's typed publish options, refused and ordered as RabbitMQ does.

#include "broker/amqp/AmqpPublishOptions.h"

#include <QTest>

using namespace depot;

class TestAmqpPublishOptions final : public QObject
{
    Q_OBJECT

private:
    static MessageProperties expiring(const QString &expiration)
    {
        MessageProperties p;
        p.expiration = expiration;
        return p;
    }
    static MessageProperties delayedBy(const QVariant &delay)
    {
        MessageProperties p;
        p.headers = QVariantMap{{QStringLiteral("x-delay"), delay}};
        return p;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(
            m_engine.declareExchange({QStringLiteral("internal"), ExchangeType::Fanout, false, false, true, {}}, false)
                .ok());
        QVERIFY(m_engine
                    .declareExchange({QStringLiteral("later"), ExchangeType::DelayedMessage, false, false, false,
                                         {{QStringLiteral("x-delayed-type"), QStringLiteral("direct")}}},
                        false)
                    .ok());
    }

    void nothingSetMeansNoOptions()
    {
        const auto r = amqpPublishOptions(m_engine, QString(), {});
        QVERIFY(r.ok());
        QCOMPARE(r.value.ttlMs, -1);
        QCOMPARE(r.value.delayMs, 0);
        QCOMPARE(r.value.priority, quint8(0));
        QVERIFY(!r.value.mandatory);
        QVERIFY(amqpPublishOptions(m_engine, QString(), {}, true).value.mandatory);
    }

    void expirationBecomesTtl_data()
    {
        QTest::addColumn<QString>("expiration");
        QTest::addColumn<qint64>("ttl");
        QTest::addRow("zero") << QStringLiteral("0") << qint64(0);
        QTest::addRow("ms") << QStringLiteral("60000") << qint64(60000);
    }
    void expirationBecomesTtl()
    {
        QFETCH(QString, expiration);
        QFETCH(qint64, ttl);
        const auto r = amqpPublishOptions(m_engine, QString(), expiring(expiration));
        QVERIFY(r.ok());
        QCOMPARE(r.value.ttlMs, ttl);
    }

    void invalidExpirationIsRefused_data()
    {
        QTest::addColumn<QString>("expiration");
        for (const char *bad : {"abc", "-5", "1.5", ""})
            QTest::addRow("'%s'", bad) << QString::fromLatin1(bad);
    }
    void invalidExpirationIsRefused()
    {
        QFETCH(QString, expiration);
        const auto r = amqpPublishOptions(m_engine, QString(), expiring(expiration));
        QCOMPARE(r.error.kind, ErrorKind::PreconditionFailed);
        QCOMPARE(r.error.text, QStringLiteral("invalid expiration '%1'").arg(expiration));
    }

    void exchangeErrorsComeFirst()
    {
        // As before the options were typed: an unknown or internal exchange
        // is the error a client sees, even with a bad expiration.
        QCOMPARE(amqpPublishOptions(m_engine, QStringLiteral("absent"), expiring(QStringLiteral("x"))).error.kind,
            ErrorKind::NotFound);
        QCOMPARE(amqpPublishOptions(m_engine, QStringLiteral("internal"), expiring(QStringLiteral("x"))).error.kind,
            ErrorKind::AccessRefused);
    }

    void delayOnlyOnDelayedMessageExchanges()
    {
        QCOMPARE(amqpPublishOptions(m_engine, QStringLiteral("later"), delayedBy(500)).value.delayMs, 500);
        QCOMPARE(
            amqpPublishOptions(m_engine, QStringLiteral("later"), delayedBy(QStringLiteral("500"))).value.delayMs, 0);
        QCOMPARE(amqpPublishOptions(m_engine, QStringLiteral("later"), delayedBy(0)).value.delayMs, 0);
        QCOMPARE(amqpPublishOptions(m_engine, QStringLiteral("later"), delayedBy(-10)).value.delayMs, 0);
        QCOMPARE(amqpPublishOptions(m_engine, QStringLiteral("amq.direct"), delayedBy(500)).value.delayMs, 0);
        QCOMPARE(amqpPublishOptions(m_engine, QString(), delayedBy(500)).value.delayMs, 0);
    }

    void priorityIsCarried()
    {
        MessageProperties p;
        p.priority = 7;
        QCOMPARE(amqpPublishOptions(m_engine, QString(), p).value.priority, quint8(7));
    }

    // Sender-selected distribution: CC and BCC add routing keys; BCC is
    // hidden from consumers; entries that are not strings are skipped.
    void ccAndBccAddRoutingKeys()
    {
        MessageProperties p;
        p.headers = QVariantMap{{QStringLiteral("CC"), QVariantList{QStringLiteral("b"), 5, QStringLiteral("c")}},
            {QStringLiteral("BCC"), QVariantList{QStringLiteral("d")}}};
        const auto r = amqpPublishOptions(m_engine, QString(), p);
        QVERIFY(r.ok());
        QCOMPARE(
            r.value.extraRoutingKeys, (QStringList{QStringLiteral("b"), QStringLiteral("c"), QStringLiteral("d")}));
        QCOMPARE(r.value.hiddenHeaders, QStringList{QStringLiteral("BCC")});
        p.headers = QVariantMap{{QStringLiteral("CC"), QVariantList{QStringLiteral("b")}}};
        const auto ccOnly = amqpPublishOptions(m_engine, QString(), p);
        QCOMPARE(ccOnly.value.extraRoutingKeys, QStringList{QStringLiteral("b")});
        QVERIFY(ccOnly.value.hiddenHeaders.isEmpty());
        QVERIFY(amqpPublishOptions(m_engine, QString(), {}).value.extraRoutingKeys.isEmpty());
    }

    void ccOrBccNotAnArrayIsRefused_data()
    {
        QTest::addColumn<QString>("header");
        QTest::addColumn<QVariant>("value");
        QTest::addColumn<QString>("type");
        QTest::addRow("CC string") << QStringLiteral("CC") << QVariant(QStringLiteral("b"))
                                   << QStringLiteral("longstr");
        QTest::addRow("BCC number") << QStringLiteral("BCC") << QVariant(5) << QStringLiteral("signedint");
        QTest::addRow("CC table") << QStringLiteral("CC") << QVariant(QVariantMap()) << QStringLiteral("table");
    }

    void ccOrBccNotAnArrayIsRefused()
    {
        QFETCH(QString, header);
        QFETCH(QVariant, value);
        QFETCH(QString, type);
        MessageProperties p;
        p.headers = QVariantMap{{header, value}};
        const auto r = amqpPublishOptions(m_engine, QString(), p);
        QCOMPARE(r.error.kind, ErrorKind::PreconditionFailed);
        QVERIFY2(r.error.text.contains(QLatin1Char('\'') + header + QLatin1Char('\'')), qPrintable(r.error.text));
        QVERIFY2(r.error.text.contains(type), qPrintable(r.error.text));
        // The exchange is checked first, as for a bad expiration.
        QCOMPARE(amqpPublishOptions(m_engine, QStringLiteral("absent"), p).error.kind, ErrorKind::NotFound);
    }

private:
    Engine m_engine;
};

QTEST_GUILESS_MAIN(TestAmqpPublishOptions)
#include "tst_amqppublishoptions.moc"
