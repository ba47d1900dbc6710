// `depot export` and `depot import` arguments: what each command takes, and
// one line naming the option for anything it does not (an option of the
// other command, an unknown one, a missing queue or file).

#include "app/ClientCommandLine.h"

#include <QTest>

using namespace depot::app;

class TestClientCommandLine final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { qunsetenv("DEPOT_PASSWORD"); }
    void recognisesTheCommands();
    void exportOptions();
    void importOptions();
    void refusals_data();
    void refusals();
    void passwordFromTheEnvironment();
};

void TestClientCommandLine::recognisesTheCommands()
{
    QVERIFY(ClientCommandLine::isClientCommand({QStringLiteral("depot"), QStringLiteral("export")}));
    QVERIFY(ClientCommandLine::isClientCommand({QStringLiteral("depot"), QStringLiteral("import")}));
    QVERIFY(!ClientCommandLine::isClientCommand({QStringLiteral("depot"), QStringLiteral("--headless")}));
    QVERIFY(!ClientCommandLine::isClientCommand({QStringLiteral("depot")}));
}

void TestClientCommandLine::exportOptions()
{
    ClientCommandLine line;
    QCOMPARE(line.parse({QStringLiteral("depot"), QStringLiteral("export"), QStringLiteral("--queue"),
                 QStringLiteral("orders.dlq")}),
        ClientCommandLine::Action::Run);
    QCOMPARE(line.options().command, ClientOptions::Command::Export);
    QCOMPARE(line.options().queue, QStringLiteral("orders.dlq"));
    QCOMPARE(line.options().vhost, QStringLiteral("/"));
    QVERIFY(line.options().output.isEmpty());
    QCOMPARE(line.options().url, QUrl(QStringLiteral("http://127.0.0.1:15672")));
    QCOMPARE(line.options().user, QStringLiteral("guest"));

    ClientCommandLine full;
    QCOMPARE(full.parse({QStringLiteral("depot"), QStringLiteral("export"), QStringLiteral("--queue=q"),
                 QStringLiteral("--filter"), QStringLiteral("fran.*"), QStringLiteral("--regex"),
                 QStringLiteral("--case-sensitive"), QStringLiteral("--output"), QStringLiteral("out.jsonl"),
                 QStringLiteral("--url"), QStringLiteral("http://localhost:25672"), QStringLiteral("--user"),
                 QStringLiteral("admin"), QStringLiteral("--password"), QStringLiteral("s3cret"),
                 QStringLiteral("--vhost"), QStringLiteral("/")}),
        ClientCommandLine::Action::Run);
    QCOMPARE(full.options().filter, QStringLiteral("fran.*"));
    QVERIFY(full.options().regex);
    QVERIFY(full.options().caseSensitive);
    QCOMPARE(full.options().output, QStringLiteral("out.jsonl"));
    QCOMPARE(full.options().url.port(), 25672);
    QCOMPARE(full.options().user, QStringLiteral("admin"));
    QCOMPARE(full.options().password, QStringLiteral("s3cret"));

    ClientCommandLine queried;
    QCOMPARE(queried.parse({QStringLiteral("depot"), QStringLiteral("export"), QStringLiteral("--queue"),
                 QStringLiteral("q"), QStringLiteral("--query"), QStringLiteral(R"(body.customer = "frances")")}),
        ClientCommandLine::Action::Run);
    QCOMPARE(queried.options().query, QStringLiteral(R"(body.customer = "frances")"));
    QVERIFY(queried.options().filter.isEmpty());
    QVERIFY(line.options().query.isEmpty());

    ClientCommandLine help;
    QCOMPARE(help.parse({QStringLiteral("depot"), QStringLiteral("export"), QStringLiteral("--help")}),
        ClientCommandLine::Action::Help);
    QVERIFY(help.helpText().contains(QStringLiteral("depot export")));
}

void TestClientCommandLine::importOptions()
{
    ClientCommandLine line;
    QCOMPARE(line.parse({QStringLiteral("depot"), QStringLiteral("import"), QStringLiteral("--queue"),
                 QStringLiteral("q"), QStringLiteral("saved.jsonl")}),
        ClientCommandLine::Action::Run);
    QCOMPARE(line.options().command, ClientOptions::Command::Import);
    QCOMPARE(line.options().input, QStringLiteral("saved.jsonl"));
    QVERIFY(line.options().keepIds);
    QVERIFY(line.options().keepTimestamps);
    QCOMPARE(line.options().skip, qint64(0));

    ClientCommandLine renew;
    QCOMPARE(renew.parse({QStringLiteral("depot"), QStringLiteral("import"), QStringLiteral("--exchange"),
                 QStringLiteral("amq.topic"), QStringLiteral("--renew-ids"), QStringLiteral("--renew-timestamps"),
                 QStringLiteral("--skip"), QStringLiteral("4000"), QStringLiteral("f.jsonl")}),
        ClientCommandLine::Action::Run);
    QCOMPARE(renew.options().exchange, QStringLiteral("amq.topic"));
    QVERIFY(renew.options().queue.isEmpty());
    QVERIFY(!renew.options().keepIds);
    QVERIFY(!renew.options().keepTimestamps);
    QCOMPARE(renew.options().skip, qint64(4000));
}

void TestClientCommandLine::refusals_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("words");
    const auto args = [](std::initializer_list<const char *> list) {
        QStringList out{QStringLiteral("depot")};
        for (const char *a : list)
            out << QString::fromUtf8(a);
        return out;
    };
    QTest::addRow("unknown option") << args({"export", "--queue", "q", "--colour"}) << QStringLiteral("colour");
    QTest::addRow("import option on export")
        << args({"export", "--queue", "q", "--skip", "3"}) << QStringLiteral("skip");
    QTest::addRow("export option on import")
        << args({"import", "--queue", "q", "--output", "x", "f"}) << QStringLiteral("output");
    QTest::addRow("export without queue") << args({"export"}) << QStringLiteral("--queue");
    QTest::addRow("export with a file argument")
        << args({"export", "--queue", "q", "out.jsonl"}) << QStringLiteral("--output");
    QTest::addRow("import without file") << args({"import", "--queue", "q"}) << QStringLiteral("file");
    QTest::addRow("import two files") << args({"import", "--queue", "q", "a", "b"}) << QStringLiteral("'b'");
    QTest::addRow("import queue and exchange")
        << args({"import", "--queue", "q", "--exchange", "x", "f"}) << QStringLiteral("exclude");
    QTest::addRow("import no target") << args({"import", "f"}) << QStringLiteral("--queue");
    QTest::addRow("skip negative") << args({"import", "--queue", "q", "--skip", "-1", "f"}) << QStringLiteral("--skip");
    QTest::addRow("empty query") << args({"export", "--queue", "q", "--query", " "}) << QStringLiteral("--query");
    QTest::addRow("query on import")
        << args({"import", "--queue", "q", "--query", "id = 1", "f"}) << QStringLiteral("query");
    QTest::addRow("regex without filter") << args({"export", "--queue", "q", "--regex"}) << QStringLiteral("--filter");
    QTest::addRow("bad url") << args({"export", "--queue", "q", "--url", "ftp://x"}) << QStringLiteral("--url");
    QTest::addRow("user without password")
        << args({"export", "--queue", "q", "--user", "admin"}) << QStringLiteral("password");
    QTest::addRow("password without user")
        << args({"export", "--queue", "q", "--password", "x"}) << QStringLiteral("--user");
}

void TestClientCommandLine::refusals()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, words);
    ClientCommandLine line;
    QCOMPARE(line.parse(arguments), ClientCommandLine::Action::Error);
    QVERIFY2(line.error().startsWith(QStringLiteral("depot %1: ").arg(arguments.at(1))), qPrintable(line.error()));
    QVERIFY2(line.error().contains(words), qPrintable(line.error()));
    QVERIFY(!line.error().contains(QLatin1Char('\n')));
}

void TestClientCommandLine::passwordFromTheEnvironment()
{
    qputenv("DEPOT_PASSWORD", "from-env");
    ClientCommandLine line;
    QCOMPARE(line.parse({QStringLiteral("depot"), QStringLiteral("export"), QStringLiteral("--queue"),
                 QStringLiteral("q"), QStringLiteral("--user"), QStringLiteral("admin")}),
        ClientCommandLine::Action::Run);
    QCOMPARE(line.options().password, QStringLiteral("from-env"));
    qunsetenv("DEPOT_PASSWORD");
}

QTEST_GUILESS_MAIN(TestClientCommandLine)
#include "tst_clientcommandline.moc"
