// The listener registry: every protocol is one entry (name, option, default
// port, factory), and what iterates it (the command line, the broker core's
// binding, the readiness line) sees every listener in the same order.

#include "app/CommandLine.h"
#include "broker/core/BrokerService.h"
#include "broker/core/ListenerRegistry.h"

#include <QSet>
#include <QSignalSpy>
#include <QTest>

using namespace depot;

class TestListenerRegistry final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void entriesInOrderWithTheirDefaults()
    {
        const std::vector<ListenerEntry> &all = listenerRegistry();
        QStringList names;
        for (const ListenerEntry &entry : all)
            names << entry.name;
        // The readiness line's order: scripts parse it.
        QCOMPARE(names, (QStringList{QStringLiteral("amqp"), QStringLiteral("http"), QStringLiteral("sqs"),
                                     QStringLiteral("kafka")}));
        QCOMPARE(all[0].defaultPort, quint16(5672));
        QCOMPARE(all[1].defaultPort, quint16(15672));
        QCOMPARE(all[2].defaultPort, quint16(9324));
        QCOMPARE(all[2].flag(), QStringLiteral("--sqs-port"));
        QCOMPARE(all[3].defaultPort, quint16(9092));
        // Kafka authenticates nobody yet: loopback only.
        QVERIFY(all[3].loopbackOnly && !all[0].loopbackOnly && !all[1].loopbackOnly && !all[2].loopbackOnly);
        QCOMPARE(all[0].flag(), QStringLiteral("--amqp-port"));
        QCOMPARE(all[1].optionName(), QStringLiteral("http-port"));
        QSet<quint16> ports;
        for (const ListenerEntry &entry : all) {
            QVERIFY2(entry.start, qPrintable(entry.name));
            QVERIFY(!entry.title.isEmpty());
            QVERIFY(!entry.description.isEmpty());
            ports.insert(entry.defaultPort);
        }
        QCOMPARE(ports.size(), qsizetype(all.size())); // no two defaults collide
        QCOMPARE(findListener(QStringLiteral("http")), &all[1]);
        QCOMPARE(findListener(QStringLiteral("smtp")), nullptr);
    }

    // Every entry's option exists on the command line, and 0 switches it off.
    void everyListenerHasItsOption()
    {
        for (const ListenerEntry &entry : listenerRegistry()) {
            app::CommandLine help(QStringLiteral("/tmp/depot-data"));
            QCOMPARE(help.parse({QStringLiteral("depot"), QStringLiteral("--help")}), app::CommandLine::Action::Help);
            QVERIFY2(help.helpText().contains(entry.flag()), qPrintable(entry.flag()));

            app::CommandLine set(QStringLiteral("/tmp/depot-data"));
            QCOMPARE(set.parse({QStringLiteral("depot"), entry.flag(), QStringLiteral("40001")}),
                app::CommandLine::Action::Run);
            QCOMPARE(listenerPort(set.options(), entry), std::optional<quint16>(40001));

            app::CommandLine off(QStringLiteral("/tmp/depot-data"));
            QCOMPARE(
                off.parse({QStringLiteral("depot"), entry.flag(), QStringLiteral("0")}), app::CommandLine::Action::Run);
            QCOMPARE(listenerPort(off.options(), entry), std::nullopt);

            app::CommandLine none(QStringLiteral("/tmp/depot-data"));
            QCOMPARE(none.parse({QStringLiteral("depot")}), app::CommandLine::Action::Run);
            QCOMPARE(listenerPort(none.options(), entry), std::optional<quint16>(entry.defaultPort));
        }
    }

    // The broker core starts every listener that is on, through its factory,
    // and reports the port each bound, keyed by name.
    void theCoreStartsEachListenerThatIsOn()
    {
        BrokerOptions options;
        options.inMemory = true;
        for (const ListenerEntry &entry : listenerRegistry())
            options.setPort(entry.name, 0);
        BrokerService service(options);
        QSignalSpy started(&service, &BrokerService::started);
        service.start();
        QTRY_VERIFY_WITH_TIMEOUT(!started.isEmpty(), 20000);
        QCOMPARE(service.ports().size(), qsizetype(listenerRegistry().size()));
        for (const ListenerEntry &entry : listenerRegistry())
            QVERIFY2(service.port(entry.name) != 0, qPrintable(entry.name));
        service.stop();
        QVERIFY(service.ports().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestListenerRegistry)
#include "tst_listenerregistry.moc"
