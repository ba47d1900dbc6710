#include "broker/engine/routing/ExchangeRegistry.h"
#include "tests/unit/routing/RoutingTestHelpers.h"

#include <QtTest>

using namespace depot;

using namespace depot::test;

class TestExchangeRegistry final : public QObject
{
    Q_OBJECT

private slots:
    void builtins();
    void topicMatches_data();
    void topicMatches();
    void topicTrieAgreesWithPredicate_data();
    void topicTrieAgreesWithPredicate();
    void headersMatch_data();
    void headersMatch();
    void defaultExchange();
    void directRouting();
    void fanoutRouting();
    void topicRouting();
    void headersRouting();
    void delayedRoutesLikeItsType_data();
    void delayedRoutesLikeItsType();
    void exchangeToExchangeChain();
    void cyclesTerminate();
    void queueReachedTwiceAppearsOnce();
    void manyQueuesDeduplicated();
    void bindDuplicates();
    void bindRefusesBadInput();
    void unbind();
    void removeDropsBindingsBothWays();
    void removeQueueBindings();
    void bindingsToDistinguishesKinds();
    void redeclareKeepsBindings();
    void routeToUnknownExchange();
    void alternateTakesWhatBindingsMiss();
    void alternatesChain();
    void alternateLoopsEnd();
    void alternateNotUsedWhenABindingMatched();
    void missingOrBadAlternateRoutesNowhere();
    void redeclareChangesTheAlternate();
    void severalRoutingKeys();
    void severalRoutingKeysOnTheDefaultExchange();
};

void TestExchangeRegistry::builtins()
{
    ExchangeRegistry r;
    QVERIFY(r.contains(QString()));
    const QList<std::pair<QString, ExchangeType>> expected{
        {QStringLiteral("amq.direct"), ExchangeType::Direct},   {QStringLiteral("amq.fanout"), ExchangeType::Fanout},
        {QStringLiteral("amq.topic"), ExchangeType::Topic},     {QStringLiteral("amq.headers"), ExchangeType::Headers},
        {QStringLiteral("amq.match"), ExchangeType::Headers},
    };
    for (const auto &[name, type] : expected) {
        const ExchangeDef *def = r.find(name);
        QVERIFY2(def, qPrintable(name));
        QCOMPARE(def->type, type);
        QVERIFY(def->durable);
    }
    QCOMPARE(r.exchanges().size(), 6);
    QCOMPARE(r.exchanges().first().name, QString());   // sorted by name
    QVERIFY(!r.contains(QStringLiteral("amq.nope")));
    QVERIFY(r.find(QStringLiteral("amq.nope")) == nullptr);
    QVERIFY(r.bindings().isEmpty());
}

void TestExchangeRegistry::topicMatches_data()
{
    QTest::addColumn<QString>("binding");
    QTest::addColumn<QString>("key");
    QTest::addColumn<bool>("match");

    const auto row = [](const char *b, const char *k, bool m) {
        QTest::addRow("'%s' ~ '%s'", b, k) << QString::fromUtf8(b) << QString::fromUtf8(k) << m;
    };
    // literals
    row("a.b.c", "a.b.c", true);
    row("a.b.c", "a.b", false);
    row("a.b", "a.b.c", false);
    row("a.b.c", "a.b.d", false);
    row("abc", "ab", false);
    row("A", "a", false);   // case-sensitive
    // '*' exactly one word
    row("*", "a", true);
    row("*", "a.b", false);
    row("*", "", false);    // empty key has zero words
    row("*", ".", false);   // two empty words
    row("*.*", ".", true);
    row("a.*", "a.b", true);
    row("a.*", "a", false);
    row("a.*", "a.", true);  // trailing empty word is a word
    row("*.b", "a.b", true);
    row("*.b", ".b", true);
    row("*.*.*", "a.b.c", true);
    row("*.*.*", "a.b", false);
    row("a.*.c", "a..c", true);
    row("*.*", "a.b.c", false);
    // '#' zero or more words
    row("#", "", true);
    row("#", "a", true);
    row("#", "a.b.c", true);
    row("#", ".", true);
    row("#.#", "", true);
    row("#.#", "a.b", true);
    row("a.#", "a", true);
    row("a.#", "a.b.c", true);
    row("a.#", "b.a", false);
    row("#.a", "a", true);
    row("#.a", "x.y.a", true);
    row("#.a", "a.x", false);
    row("a.#.b", "a.b", true);
    row("a.#.b", "a.x.b", true);
    row("a.#.b", "a.x.y.b", true);
    row("a.#.b", "a.x.y", false);
    row("a.#.b", "a.b.b", true);
    row("#.b.#", "b", true);
    row("#.b.#", "a.b.c", true);
    row("#.b.#", "a.c", false);
    row("#.*", "", false);
    row("#.*", "a", true);
    row("*.#", "a.b.c", true);
    row("*.#.*", "a", false);
    row("*.#.*", "a.b", true);
    row("#.#.#.#", "a.b.c.d.e", true);
    // empty keys and empty words
    row("", "", true);
    row("", "a", false);
    row("a", "", false);
    row("a..b", "a..b", true);
    row("a..b", "a.b", false);
    row("a.", "a", false);
    row("..", "..", true);
    // '*' and '#' are only special as whole words
    row("a*", "ab", false);
    row("a*", "a*", true);
    row("a#", "a.b", false);
    row("#a", "#a", true);
}

void TestExchangeRegistry::topicMatches()
{
    QFETCH(QString, binding);
    QFETCH(QString, key);
    QFETCH(bool, match);
    QCOMPARE(ExchangeRegistry::topicMatches(binding, key), match);
}

// The same table, through a topic exchange holding every binding key at once:
// the shared trie must route exactly where the single predicate says.
void TestExchangeRegistry::topicTrieAgreesWithPredicate_data()
{
    topicMatches_data();
}

void TestExchangeRegistry::topicTrieAgreesWithPredicate()
{
    QFETCH(QString, binding);
    QFETCH(QString, key);
    QFETCH(bool, match);

    static const QStringList allBindings{
        QStringLiteral("a.b.c"), QStringLiteral("a.b"),   QStringLiteral("*"),     QStringLiteral("*.*"),
        QStringLiteral("a.*"),   QStringLiteral("*.b"),   QStringLiteral("#"),     QStringLiteral("#.#"),
        QStringLiteral("a.#"),   QStringLiteral("#.a"),   QStringLiteral("a.#.b"), QStringLiteral("#.b.#"),
        QStringLiteral("#.*"),   QStringLiteral("*.#.*"), QStringLiteral(""),      QStringLiteral("a..b"),
        QStringLiteral("a*"),    QStringLiteral("#a"),    QStringLiteral("a.*.c"), QStringLiteral("#.#.#.#"),
    };
    ExchangeRegistry r;
    const QString x = QStringLiteral("t");
    r.add(exchange(x, ExchangeType::Topic));
    QStringList bound = allBindings;
    if (!bound.contains(binding))
        bound.append(binding);
    for (const QString &b : std::as_const(bound))
        QVERIFY(r.bind(toQueue(x, QStringLiteral("q:") + b, b)));

    const QList<QString> routed = r.route(x, key, {}, noQueues);
    QCOMPARE(routed.contains(QStringLiteral("q:") + binding), match);
    for (const QString &b : std::as_const(bound))
        QCOMPARE(routed.contains(QStringLiteral("q:") + b), ExchangeRegistry::topicMatches(b, key));
}

void TestExchangeRegistry::headersMatch_data()
{
    QTest::addColumn<QVariantMap>("binding");
    QTest::addColumn<QVariantMap>("headers");
    QTest::addColumn<bool>("match");

    const QString all = QStringLiteral("all");
    const QString any = QStringLiteral("any");
    const QString allX = QStringLiteral("all-with-x");
    const QString anyX = QStringLiteral("any-with-x");
    const auto m = [](std::initializer_list<std::pair<const char *, QVariant>> kv) {
        QVariantMap out;
        for (const auto &[k, v] : kv)
            out.insert(QString::fromUtf8(k), v);
        return out;
    };

    QTest::newRow("all default, all present") << m({{"a", 1}, {"b", QStringLiteral("x")}})
                                              << m({{"a", 1}, {"b", QStringLiteral("x")}, {"c", 3}}) << true;
    QTest::newRow("all default, one missing") << m({{"a", 1}, {"b", 2}}) << m({{"a", 1}}) << false;
    QTest::newRow("all explicit, one differs") << m({{"x-match", all}, {"a", 1}, {"b", 2}}) << m({{"a", 1}, {"b", 3}})
                                               << false;
    QTest::newRow("all, no headers at all") << m({{"a", 1}}) << QVariantMap() << false;
    QTest::newRow("any, one matches") << m({{"x-match", any}, {"a", 1}, {"b", 2}}) << m({{"b", 2}}) << true;
    QTest::newRow("any, none match") << m({{"x-match", any}, {"a", 1}, {"b", 2}}) << m({{"a", 2}, {"c", 1}})
                                     << false;
    QTest::newRow("any, no headers") << m({{"x-match", any}, {"a", 1}}) << QVariantMap() << false;
    QTest::newRow("empty binding, all") << QVariantMap() << m({{"a", 1}}) << true;
    QTest::newRow("empty binding, all, no headers") << QVariantMap() << QVariantMap() << true;
    QTest::newRow("empty binding, any") << m({{"x-match", any}}) << m({{"a", 1}}) << false;
    QTest::newRow("unknown x-match acts as all") << m({{"x-match", QStringLiteral("most")}, {"a", 1}, {"b", 2}})
                                                 << m({{"a", 1}}) << false;
    // x- arguments
    QTest::newRow("all ignores x- args") << m({{"a", 1}, {"x-b", 2}}) << m({{"a", 1}}) << true;
    QTest::newRow("any ignores x- args") << m({{"x-match", any}, {"x-b", 2}}) << m({{"x-b", 2}}) << false;
    QTest::newRow("only x- args, all") << m({{"x-b", 2}}) << QVariantMap() << true;
    QTest::newRow("all-with-x needs x- header") << m({{"x-match", allX}, {"a", 1}, {"x-b", 2}}) << m({{"a", 1}})
                                                << false;
    QTest::newRow("all-with-x, x- header present") << m({{"x-match", allX}, {"a", 1}, {"x-b", 2}})
                                                   << m({{"a", 1}, {"x-b", 2}}) << true;
    QTest::newRow("any-with-x matches x- header") << m({{"x-match", anyX}, {"a", 1}, {"x-b", 2}}) << m({{"x-b", 2}})
                                                  << true;
    QTest::newRow("any-with-x, nothing") << m({{"x-match", anyX}, {"x-b", 2}}) << m({{"x-b", 3}}) << false;
    QTest::newRow("x-match itself never compared") << m({{"x-match", allX}, {"a", 1}}) << m({{"a", 1}}) << true;
    // type coercion between integer widths and signedness, as RabbitMQ does
    QTest::newRow("int vs qint64") << m({{"a", 1}}) << m({{"a", QVariant::fromValue<qint64>(1)}}) << true;
    QTest::newRow("int vs qint8") << m({{"a", 1}}) << m({{"a", QVariant::fromValue<qint8>(1)}}) << true;
    QTest::newRow("qint16 vs quint32") << m({{"a", QVariant::fromValue<qint16>(7)}})
                                       << m({{"a", QVariant::fromValue<quint32>(7)}}) << true;
    QTest::newRow("quint64 vs int") << m({{"a", QVariant::fromValue<quint64>(5)}}) << m({{"a", 5}}) << true;
    QTest::newRow("int -1 vs quint64 max") << m({{"a", -1}})
                                           << m({{"a", QVariant::fromValue<quint64>(~quint64(0))}}) << false;
    QTest::newRow("int vs different int") << m({{"a", 1}}) << m({{"a", QVariant::fromValue<qint64>(2)}}) << false;
    QTest::newRow("int vs double same value") << m({{"a", 2}}) << m({{"a", 2.0}}) << true;
    QTest::newRow("int vs double other value") << m({{"a", 2}}) << m({{"a", 2.5}}) << false;
    QTest::newRow("int vs string") << m({{"a", 1}}) << m({{"a", QStringLiteral("1")}}) << false;
    QTest::newRow("bool vs int") << m({{"a", true}}) << m({{"a", 1}}) << false;
    QTest::newRow("bool vs bool") << m({{"a", true}}) << m({{"a", true}}) << true;
    QTest::newRow("string vs bytes") << m({{"a", QStringLiteral("pdf")}}) << m({{"a", QByteArray("pdf")}}) << true;
    QTest::newRow("raw string vs raw string") << m({{"a", QVariant::fromValue(RawString{QByteArray("\xff\x01")})}})
                                              << m({{"a", QVariant::fromValue(RawString{QByteArray("\xff\x01")})}})
                                              << true;
    QTest::newRow("raw string vs bytes") << m({{"a", QVariant::fromValue(RawString{QByteArray("\xff")})}})
                                         << m({{"a", QByteArray("\xff")}}) << true;
    QTest::newRow("raw string vs text") << m({{"a", QStringLiteral("ab")}})
                                        << m({{"a", QVariant::fromValue(RawString{QByteArray("ab")})}}) << true;
    QTest::newRow("raw string differs") << m({{"a", QVariant::fromValue(RawString{QByteArray("\xff")})}})
                                        << m({{"a", QVariant::fromValue(RawString{QByteArray("\xfe")})}}) << false;
    QTest::newRow("decimal equal") << m({{"a", QVariant::fromValue(Decimal{2, 150})}})
                                   << m({{"a", QVariant::fromValue(Decimal{2, 150})}}) << true;
    QTest::newRow("decimal differs") << m({{"a", QVariant::fromValue(Decimal{2, 150})}})
                                     << m({{"a", QVariant::fromValue(Decimal{1, 150})}}) << false;
    QTest::newRow("decimal vs int") << m({{"a", QVariant::fromValue(Decimal{0, 1})}}) << m({{"a", 1}}) << false;
    QTest::newRow("string differs") << m({{"a", QStringLiteral("pdf")}}) << m({{"a", QStringLiteral("PDF")}})
                                    << false;
    QTest::newRow("nested table equal")
        << m({{"a", QVariantMap{{QStringLiteral("k"), 1}}}}) << m({{"a", QVariantMap{{QStringLiteral("k"), 1}}}})
        << true;
    QTest::newRow("list vs map") << m({{"a", QVariantList{1}}}) << m({{"a", QVariantMap{{QStringLiteral("k"), 1}}}})
                                 << false;
    // void binding values match presence
    QTest::newRow("void matches presence") << m({{"a", QVariant()}}) << m({{"a", 42}}) << true;
    QTest::newRow("nullptr matches presence") << m({{"a", QVariant::fromValue(nullptr)}})
                                              << m({{"a", QStringLiteral("x")}}) << true;
    QTest::newRow("void needs the header") << m({{"a", QVariant()}}) << m({{"b", 1}}) << false;
    QTest::newRow("void any") << m({{"x-match", any}, {"a", QVariant()}, {"b", 1}}) << m({{"a", 0}}) << true;
    QTest::newRow("void header vs value") << m({{"a", 1}}) << m({{"a", QVariant()}}) << false;
    QTest::newRow("void header vs void") << m({{"a", QVariant()}}) << m({{"a", QVariant()}}) << true;
}

void TestExchangeRegistry::headersMatch()
{
    QFETCH(QVariantMap, binding);
    QFETCH(QVariantMap, headers);
    QFETCH(bool, match);
    QCOMPARE(ExchangeRegistry::headersMatch(binding, headers), match);
}

void TestExchangeRegistry::defaultExchange()
{
    ExchangeRegistry r;
    const auto exists = [](const QString &q) { return q == u"orders" || q == u"audit"; };
    QCOMPARE(r.route(QString(), QStringLiteral("orders"), {}, exists), QList<QString>{QStringLiteral("orders")});
    QCOMPARE(r.route(QString(), QStringLiteral("nope"), {}, exists), QList<QString>());
    QCOMPARE(r.route(QString(), QString(), {}, [](const QString &) { return true; }), QList<QString>());
    QCOMPARE(r.route(QString(), QStringLiteral("orders"), {}, {}), QList<QString>());   // no predicate: nowhere

    // The default exchange takes no explicit bindings and cannot be removed.
    QVERIFY(!r.bind(toQueue(QString(), QStringLiteral("orders"), QStringLiteral("other"))));
    QVERIFY(!r.bind(toExchange(QStringLiteral("amq.direct"), QString(), QStringLiteral("k"))));
    QCOMPARE(r.route(QString(), QStringLiteral("other"), {}, exists), QList<QString>());
    QVERIFY(r.remove(QString()).isEmpty());
    QVERIFY(r.contains(QString()));
    QVERIFY(r.bindings().isEmpty());
}

void TestExchangeRegistry::directRouting()
{
    ExchangeRegistry r;
    const QString x = QStringLiteral("amq.direct");
    QVERIFY(r.bind(toQueue(x, QStringLiteral("q1"), QStringLiteral("red"))));
    QVERIFY(r.bind(toQueue(x, QStringLiteral("q2"), QStringLiteral("red"))));
    QVERIFY(r.bind(toQueue(x, QStringLiteral("q3"), QStringLiteral("blue"))));
    QVERIFY(r.bind(toQueue(x, QStringLiteral("q4"), QString())));

    QCOMPARE(r.route(x, QStringLiteral("red"), {}, noQueues), (QList<QString>{QStringLiteral("q1"), QStringLiteral("q2")}));
    QCOMPARE(r.route(x, QStringLiteral("blue"), {}, noQueues), QList<QString>{QStringLiteral("q3")});
    QCOMPARE(r.route(x, QString(), {}, noQueues), QList<QString>{QStringLiteral("q4")});
    QCOMPARE(r.route(x, QStringLiteral("Red"), {}, noQueues), QList<QString>());
    // the predicate only matters for the default exchange
    QCOMPARE(r.route(x, QStringLiteral("green"), {}, [](const QString &) { return true; }), QList<QString>());
}

void TestExchangeRegistry::fanoutRouting()
{
    ExchangeRegistry r;
    const QString x = QStringLiteral("amq.fanout");
    QCOMPARE(r.route(x, QStringLiteral("k"), {}, noQueues), QList<QString>());
    QVERIFY(r.bind(toQueue(x, QStringLiteral("b"), QStringLiteral("ignored"))));
    QVERIFY(r.bind(toQueue(x, QStringLiteral("a"))));
    // declaration order, keys ignored
    QCOMPARE(r.route(x, QStringLiteral("whatever"), {}, noQueues),
             (QList<QString>{QStringLiteral("b"), QStringLiteral("a")}));
}

void TestExchangeRegistry::topicRouting()
{
    ExchangeRegistry r;
    const QString x = QStringLiteral("amq.topic");
    QVERIFY(r.bind(toQueue(x, QStringLiteral("all-eu"), QStringLiteral("eu.#"))));
    QVERIFY(r.bind(toQueue(x, QStringLiteral("any-created"), QStringLiteral("*.*.created"))));
    QVERIFY(r.bind(toQueue(x, QStringLiteral("everything"), QStringLiteral("#"))));
    QCOMPARE(sorted(r.route(x, QStringLiteral("eu.orders.created"), {}, noQueues)),
             (QStringList{QStringLiteral("all-eu"), QStringLiteral("any-created"), QStringLiteral("everything")}));
    QCOMPARE(sorted(r.route(x, QStringLiteral("us.orders.created"), {}, noQueues)),
             (QStringList{QStringLiteral("any-created"), QStringLiteral("everything")}));
    QCOMPARE(r.route(x, QStringLiteral("us.orders"), {}, noQueues), QList<QString>{QStringLiteral("everything")});

    // Unbinding prunes the trie without disturbing the other keys.
    QVERIFY(r.unbind(toQueue(x, QStringLiteral("everything"), QStringLiteral("#"))));
    QCOMPARE(r.route(x, QStringLiteral("us.orders"), {}, noQueues), QList<QString>());
    QCOMPARE(sorted(r.route(x, QStringLiteral("eu.orders.created"), {}, noQueues)),
             (QStringList{QStringLiteral("all-eu"), QStringLiteral("any-created")}));
    QVERIFY(r.unbind(toQueue(x, QStringLiteral("all-eu"), QStringLiteral("eu.#"))));
    QVERIFY(r.unbind(toQueue(x, QStringLiteral("any-created"), QStringLiteral("*.*.created"))));
    QCOMPARE(r.route(x, QStringLiteral("eu.orders.created"), {}, noQueues), QList<QString>());
    QVERIFY(!r.hasBindingsFrom(x));
    // and binding again after the trie emptied works
    QVERIFY(r.bind(toQueue(x, QStringLiteral("again"), QStringLiteral("eu.*.created"))));
    QCOMPARE(r.route(x, QStringLiteral("eu.orders.created"), {}, noQueues), QList<QString>{QStringLiteral("again")});
}

void TestExchangeRegistry::headersRouting()
{
    ExchangeRegistry r;
    const QString x = QStringLiteral("amq.headers");
    QVERIFY(r.bind(toQueue(x, QStringLiteral("pdf"), {}, {{QStringLiteral("format"), QStringLiteral("pdf")}})));
    QVERIFY(r.bind(toQueue(x, QStringLiteral("pdf-or-a4"), {},
                           {{QStringLiteral("x-match"), QStringLiteral("any")},
                            {QStringLiteral("format"), QStringLiteral("pdf")},
                            {QStringLiteral("size"), QStringLiteral("a4")}})));
    const QVariantMap pdf{{QStringLiteral("format"), QStringLiteral("pdf")}};
    const QVariantMap a4{{QStringLiteral("size"), QStringLiteral("a4")}};
    QCOMPARE(r.route(x, QStringLiteral("key ignored"), pdf, noQueues),
             (QList<QString>{QStringLiteral("pdf"), QStringLiteral("pdf-or-a4")}));
    QCOMPARE(r.route(x, QString(), a4, noQueues), QList<QString>{QStringLiteral("pdf-or-a4")});
    QCOMPARE(r.route(x, QString(), {}, noQueues), QList<QString>());
}

void TestExchangeRegistry::delayedRoutesLikeItsType_data()
{
    QTest::addColumn<QString>("delayedType");
    QTest::addColumn<QString>("bindingKey");
    QTest::addColumn<QString>("routingKey");
    QTest::addColumn<QVariantMap>("headers");
    QTest::addColumn<bool>("routed");

    const QVariantMap red{{QStringLiteral("color"), QStringLiteral("red")}};
    QTest::newRow("direct hit") << QStringLiteral("direct") << QStringLiteral("k") << QStringLiteral("k") << QVariantMap() << true;
    QTest::newRow("direct miss") << QStringLiteral("direct") << QStringLiteral("k") << QStringLiteral("other") << QVariantMap() << false;
    QTest::newRow("fanout") << QStringLiteral("fanout") << QStringLiteral("k") << QStringLiteral("other") << QVariantMap() << true;
    QTest::newRow("topic hit") << QStringLiteral("topic") << QStringLiteral("a.#") << QStringLiteral("a.b.c") << QVariantMap() << true;
    QTest::newRow("topic miss") << QStringLiteral("topic") << QStringLiteral("a.*") << QStringLiteral("a.b.c") << QVariantMap() << false;
    QTest::newRow("headers hit") << QStringLiteral("headers") << QStringLiteral("") << QStringLiteral("x") << red << true;
    QTest::newRow("headers miss") << QStringLiteral("headers") << QStringLiteral("") << QStringLiteral("x") << QVariantMap() << false;
    QTest::newRow("missing type acts as direct") << QStringLiteral("") << QStringLiteral("k") << QStringLiteral("k") << QVariantMap() << true;
    QTest::newRow("missing type, no pattern") << QStringLiteral("") << QStringLiteral("a.#") << QStringLiteral("a.b") << QVariantMap() << false;
}

void TestExchangeRegistry::delayedRoutesLikeItsType()
{
    QFETCH(QString, delayedType);
    QFETCH(QString, bindingKey);
    QFETCH(QString, routingKey);
    QFETCH(QVariantMap, headers);
    QFETCH(bool, routed);

    ExchangeRegistry r;
    QVariantMap args;
    if (!delayedType.isEmpty())
        args.insert(QStringLiteral("x-delayed-type"), delayedType);
    const QString x = QStringLiteral("delayed");
    r.add(exchange(x, ExchangeType::DelayedMessage, args));
    const QVariantMap bindArgs{{QStringLiteral("color"), QStringLiteral("red")}};
    QVERIFY(r.bind(toQueue(x, QStringLiteral("q"), bindingKey, bindArgs)));
    QCOMPARE(r.route(x, routingKey, headers, noQueues).contains(QStringLiteral("q")), routed);
}

void TestExchangeRegistry::exchangeToExchangeChain()
{
    ExchangeRegistry r;
    r.add(exchange(QStringLiteral("entry"), ExchangeType::Fanout));
    r.add(exchange(QStringLiteral("middle"), ExchangeType::Topic));
    r.add(exchange(QStringLiteral("last"), ExchangeType::Direct));
    QVERIFY(r.bind(toExchange(QStringLiteral("entry"), QStringLiteral("middle"))));
    QVERIFY(r.bind(toExchange(QStringLiteral("middle"), QStringLiteral("last"), QStringLiteral("orders.#"))));
    QVERIFY(r.bind(toQueue(QStringLiteral("last"), QStringLiteral("deep"), QStringLiteral("orders.eu"))));
    QVERIFY(r.bind(toQueue(QStringLiteral("entry"), QStringLiteral("shallow"))));
    QVERIFY(r.bind(toQueue(QStringLiteral("middle"), QStringLiteral("mid"), QStringLiteral("*.eu"))));

    // Breadth first: queues bound nearer the entry come first.
    QCOMPARE(r.route(QStringLiteral("entry"), QStringLiteral("orders.eu"), {}, noQueues),
             (QList<QString>{QStringLiteral("shallow"), QStringLiteral("mid"), QStringLiteral("deep")}));
    // Each hop applies its own rules to the original routing key.
    QCOMPARE(r.route(QStringLiteral("entry"), QStringLiteral("orders.us"), {}, noQueues),
             QList<QString>{QStringLiteral("shallow")});
    QCOMPARE(r.route(QStringLiteral("middle"), QStringLiteral("orders.eu"), {}, noQueues),
             (QList<QString>{QStringLiteral("mid"), QStringLiteral("deep")}));
    QVERIFY(r.hasBindingsTo(QStringLiteral("middle")));
    QVERIFY(!r.hasBindingsTo(QStringLiteral("entry")));
}

void TestExchangeRegistry::cyclesTerminate()
{
    ExchangeRegistry r;
    r.add(exchange(QStringLiteral("a"), ExchangeType::Fanout));
    r.add(exchange(QStringLiteral("b"), ExchangeType::Fanout));
    r.add(exchange(QStringLiteral("c"), ExchangeType::Fanout));
    QVERIFY(r.bind(toExchange(QStringLiteral("a"), QStringLiteral("b"))));
    QVERIFY(r.bind(toExchange(QStringLiteral("b"), QStringLiteral("c"))));
    QVERIFY(r.bind(toExchange(QStringLiteral("c"), QStringLiteral("a"))));
    QVERIFY(r.bind(toExchange(QStringLiteral("a"), QStringLiteral("a"))));   // self loop
    QCOMPARE(r.route(QStringLiteral("a"), QString(), {}, noQueues), QList<QString>());
    QVERIFY(r.bind(toQueue(QStringLiteral("c"), QStringLiteral("q"))));
    QVERIFY(r.bind(toQueue(QStringLiteral("a"), QStringLiteral("q"))));
    for (const char *start : {"a", "b", "c"})
        QCOMPARE(r.route(QString::fromLatin1(start), QString(), {}, noQueues), QList<QString>{QStringLiteral("q")});
}

void TestExchangeRegistry::queueReachedTwiceAppearsOnce()
{
    ExchangeRegistry r;
    const QString t = QStringLiteral("amq.topic");
    QVERIFY(r.bind(toQueue(t, QStringLiteral("q"), QStringLiteral("a.*"))));
    QVERIFY(r.bind(toQueue(t, QStringLiteral("q"), QStringLiteral("#"))));
    QVERIFY(r.bind(toQueue(t, QStringLiteral("q"), QStringLiteral("a.b"))));
    QVERIFY(r.bind(toQueue(t, QStringLiteral("q"), QStringLiteral("a.b"), {{QStringLiteral("k"), 1}})));
    QCOMPARE(r.route(t, QStringLiteral("a.b"), {}, noQueues), QList<QString>{QStringLiteral("q")});

    // and through two paths of exchanges
    r.add(exchange(QStringLiteral("left"), ExchangeType::Fanout));
    r.add(exchange(QStringLiteral("right"), ExchangeType::Fanout));
    QVERIFY(r.bind(toExchange(QStringLiteral("amq.fanout"), QStringLiteral("left"))));
    QVERIFY(r.bind(toExchange(QStringLiteral("amq.fanout"), QStringLiteral("right"))));
    QVERIFY(r.bind(toExchange(QStringLiteral("left"), t, QStringLiteral("x"))));
    QVERIFY(r.bind(toExchange(QStringLiteral("right"), t, QStringLiteral("y"))));
    QVERIFY(r.bind(toQueue(QStringLiteral("left"), QStringLiteral("q"))));
    QCOMPARE(r.route(QStringLiteral("amq.fanout"), QStringLiteral("a.b"), {}, noQueues),
             QList<QString>{QStringLiteral("q")});
}

void TestExchangeRegistry::manyQueuesDeduplicated()
{
    // Past the small linear set the registry switches to a hash set.
    ExchangeRegistry r;
    const QString x = QStringLiteral("amq.fanout");
    r.add(exchange(QStringLiteral("again"), ExchangeType::Fanout));
    QVERIFY(r.bind(toExchange(x, QStringLiteral("again"))));
    QStringList expected;
    for (int i = 0; i < 50; ++i) {
        const QString q = QStringLiteral("q%1").arg(i);
        expected.append(q);
        QVERIFY(r.bind(toQueue(x, q)));
        QVERIFY(r.bind(toQueue(QStringLiteral("again"), q)));
    }
    QCOMPARE(r.route(x, QString(), {}, noQueues), expected);
}

void TestExchangeRegistry::bindDuplicates()
{
    ExchangeRegistry r;
    const QString x = QStringLiteral("amq.direct");
    const BindingDef b = toQueue(x, QStringLiteral("q"), QStringLiteral("k"));
    QVERIFY(r.bind(b));
    QVERIFY(!r.bind(b));
    QCOMPARE(r.bindingsFrom(x).size(), 1);
    // differing in key, arguments or destination kind makes a new binding
    QVERIFY(r.bind(toQueue(x, QStringLiteral("q"), QStringLiteral("k2"))));
    QVERIFY(r.bind(toQueue(x, QStringLiteral("q"), QStringLiteral("k"), {{QStringLiteral("a"), 1}})));
    QVERIFY(!r.bind(toQueue(x, QStringLiteral("q"), QStringLiteral("k"), {{QStringLiteral("a"), 1}})));
    r.add(exchange(QStringLiteral("q"), ExchangeType::Fanout));
    QVERIFY(r.bind(toExchange(x, QStringLiteral("q"), QStringLiteral("k"))));
    QCOMPARE(r.bindingsFrom(x).size(), 4);
    // Same key to the same queue twice (different arguments) still routes once,
    // and unbinding one leaves the other in force.
    QCOMPARE(r.route(x, QStringLiteral("k"), {}, noQueues), QList<QString>{QStringLiteral("q")});
    QVERIFY(r.unbind(b));
    QCOMPARE(r.route(x, QStringLiteral("k"), {}, noQueues), QList<QString>{QStringLiteral("q")});
}

void TestExchangeRegistry::bindRefusesBadInput()
{
    ExchangeRegistry r;
    QVERIFY(!r.bind(toQueue(QStringLiteral("missing"), QStringLiteral("q"))));
    QVERIFY(!r.bind(toExchange(QStringLiteral("amq.direct"), QStringLiteral("missing"))));
    QVERIFY(r.bindings().isEmpty());
    QVERIFY(!r.hasBindingsTo(QStringLiteral("missing")));
    QVERIFY(!r.unbind(toQueue(QStringLiteral("missing"), QStringLiteral("q"))));
    QVERIFY(!r.unbind(toQueue(QStringLiteral("amq.direct"), QStringLiteral("q"))));
    QVERIFY(r.removeQueueBindings(QStringLiteral("q")).isEmpty());
    QVERIFY(r.remove(QStringLiteral("missing")).isEmpty());
}

void TestExchangeRegistry::unbind()
{
    ExchangeRegistry r;
    const QString x = QStringLiteral("amq.direct");
    QVERIFY(r.bind(toQueue(x, QStringLiteral("q"), QStringLiteral("k"), {{QStringLiteral("a"), 1}})));
    // must match exactly, arguments included
    QVERIFY(!r.unbind(toQueue(x, QStringLiteral("q"), QStringLiteral("k"))));
    QVERIFY(!r.unbind(toExchange(x, QStringLiteral("q"), QStringLiteral("k"))));
    QCOMPARE(r.route(x, QStringLiteral("k"), {}, noQueues), QList<QString>{QStringLiteral("q")});
    QVERIFY(r.unbind(toQueue(x, QStringLiteral("q"), QStringLiteral("k"), {{QStringLiteral("a"), 1}})));
    QVERIFY(!r.unbind(toQueue(x, QStringLiteral("q"), QStringLiteral("k"), {{QStringLiteral("a"), 1}})));
    QCOMPARE(r.route(x, QStringLiteral("k"), {}, noQueues), QList<QString>());
    QVERIFY(!r.hasBindingsFrom(x));
    QVERIFY(r.bindingsTo(QStringLiteral("q"), DestinationKind::Queue).isEmpty());
}

void TestExchangeRegistry::removeDropsBindingsBothWays()
{
    ExchangeRegistry r;
    r.add(exchange(QStringLiteral("hub"), ExchangeType::Fanout));
    r.add(exchange(QStringLiteral("other"), ExchangeType::Fanout));
    const BindingDef in = toExchange(QStringLiteral("amq.direct"), QStringLiteral("hub"), QStringLiteral("k"));
    const BindingDef out1 = toQueue(QStringLiteral("hub"), QStringLiteral("q1"));
    const BindingDef out2 = toExchange(QStringLiteral("hub"), QStringLiteral("other"));
    const BindingDef self = toExchange(QStringLiteral("hub"), QStringLiteral("hub"));
    const BindingDef unrelated = toQueue(QStringLiteral("other"), QStringLiteral("q2"));
    for (const BindingDef &b : {in, out1, out2, self, unrelated})
        QVERIFY(r.bind(b));

    const QList<BindingDef> removed = r.remove(QStringLiteral("hub"));
    QCOMPARE(removed.size(), 4);
    for (const BindingDef &b : {in, out1, out2, self})
        QVERIFY(removed.contains(b));
    QVERIFY(!r.contains(QStringLiteral("hub")));
    QCOMPARE(r.bindings(), QList<BindingDef>{unrelated});
    QVERIFY(!r.hasBindingsFrom(QStringLiteral("amq.direct")));
    QVERIFY(!r.hasBindingsTo(QStringLiteral("hub")));
    QVERIFY(!r.hasBindingsTo(QStringLiteral("other")));
    QVERIFY(r.bindingsTo(QStringLiteral("q1"), DestinationKind::Queue).isEmpty());
    QCOMPARE(r.route(QStringLiteral("amq.direct"), QStringLiteral("k"), {}, noQueues), QList<QString>());

    // A new exchange of the same name starts without bindings.
    r.add(exchange(QStringLiteral("hub"), ExchangeType::Fanout));
    QVERIFY(r.bindingsFrom(QStringLiteral("hub")).isEmpty());
    QVERIFY(r.bind(in));
    QVERIFY(r.hasBindingsTo(QStringLiteral("hub")));
}

void TestExchangeRegistry::removeQueueBindings()
{
    ExchangeRegistry r;
    const BindingDef d1 = toQueue(QStringLiteral("amq.direct"), QStringLiteral("q"), QStringLiteral("a"));
    const BindingDef d2 = toQueue(QStringLiteral("amq.direct"), QStringLiteral("q"), QStringLiteral("b"));
    const BindingDef t = toQueue(QStringLiteral("amq.topic"), QStringLiteral("q"), QStringLiteral("#"));
    const BindingDef keep = toQueue(QStringLiteral("amq.direct"), QStringLiteral("other"), QStringLiteral("a"));
    r.add(exchange(QStringLiteral("q"), ExchangeType::Fanout));   // an exchange that shares the name
    const BindingDef toX = toExchange(QStringLiteral("amq.fanout"), QStringLiteral("q"));
    for (const BindingDef &b : {d1, d2, t, keep, toX})
        QVERIFY(r.bind(b));

    const QList<BindingDef> removed = r.removeQueueBindings(QStringLiteral("q"));
    QCOMPARE(removed.size(), 3);
    for (const BindingDef &b : {d1, d2, t})
        QVERIFY(removed.contains(b));
    QCOMPARE(r.route(QStringLiteral("amq.direct"), QStringLiteral("a"), {}, noQueues),
             QList<QString>{QStringLiteral("other")});
    QCOMPARE(r.route(QStringLiteral("amq.topic"), QStringLiteral("x"), {}, noQueues), QList<QString>());
    QVERIFY(r.bindingsTo(QStringLiteral("q"), DestinationKind::Queue).isEmpty());
    QCOMPARE(r.bindingsTo(QStringLiteral("q"), DestinationKind::Exchange), QList<BindingDef>{toX});
    QVERIFY(r.removeQueueBindings(QStringLiteral("q")).isEmpty());
}

void TestExchangeRegistry::bindingsToDistinguishesKinds()
{
    ExchangeRegistry r;
    r.add(exchange(QStringLiteral("same"), ExchangeType::Direct));
    const BindingDef a = toQueue(QStringLiteral("amq.topic"), QStringLiteral("same"), QStringLiteral("k"));
    const BindingDef b = toQueue(QStringLiteral("amq.direct"), QStringLiteral("same"), QStringLiteral("k"));
    const BindingDef c = toExchange(QStringLiteral("amq.direct"), QStringLiteral("same"), QStringLiteral("k"));
    for (const BindingDef &x : {a, b, c})
        QVERIFY(r.bind(x));
    // sorted by source, then declaration order
    QCOMPARE(r.bindingsTo(QStringLiteral("same"), DestinationKind::Queue), (QList<BindingDef>{b, a}));
    QCOMPARE(r.bindingsTo(QStringLiteral("same"), DestinationKind::Exchange), QList<BindingDef>{c});
    QCOMPARE(r.bindings().size(), 3);
    QVERIFY(r.hasBindingsTo(QStringLiteral("same")));
    QVERIFY(r.unbind(c));
    QVERIFY(!r.hasBindingsTo(QStringLiteral("same")));   // queue bindings do not count
}

void TestExchangeRegistry::redeclareKeepsBindings()
{
    ExchangeRegistry r;
    const QString x = QStringLiteral("delayed");
    r.add(exchange(x, ExchangeType::DelayedMessage, {{QStringLiteral("x-delayed-type"), QStringLiteral("direct")}}));
    QVERIFY(r.bind(toQueue(x, QStringLiteral("q"), QStringLiteral("a.#"))));
    QCOMPARE(r.route(x, QStringLiteral("a.b"), {}, noQueues), QList<QString>());
    // Replacing the definition rebuilds the routing index for the new type.
    r.add(exchange(x, ExchangeType::DelayedMessage, {{QStringLiteral("x-delayed-type"), QStringLiteral("topic")}}));
    QCOMPARE(r.bindingsFrom(x).size(), 1);
    QCOMPARE(r.route(x, QStringLiteral("a.b"), {}, noQueues), QList<QString>{QStringLiteral("q")});
    QVERIFY(r.unbind(toQueue(x, QStringLiteral("q"), QStringLiteral("a.#"))));
    QCOMPARE(r.route(x, QStringLiteral("a.b"), {}, noQueues), QList<QString>());
}

void TestExchangeRegistry::routeToUnknownExchange()
{
    ExchangeRegistry r;
    QCOMPARE(r.route(QStringLiteral("nope"), QStringLiteral("k"), {}, [](const QString &) { return true; }),
             QList<QString>());
}

namespace {

QStringList names(std::initializer_list<const char *> list)
{
    QStringList out;
    for (const char *n : list)
        out.append(QString::fromLatin1(n));
    return out;
}

QVariantMap alternate(const QString &name)
{
    return {{QStringLiteral("alternate-exchange"), name}};
}

} // namespace

void TestExchangeRegistry::alternateTakesWhatBindingsMiss()
{
    ExchangeRegistry r;
    r.add(exchange(QStringLiteral("ae"), ExchangeType::Fanout));
    r.add(exchange(QStringLiteral("main"), ExchangeType::Direct, alternate(QStringLiteral("ae"))));
    QVERIFY(r.bind(toQueue(QStringLiteral("ae"), QStringLiteral("kept"))));
    QVERIFY(r.bind(toQueue(QStringLiteral("main"), QStringLiteral("routed"), QStringLiteral("known"))));
    QCOMPARE(r.route(QStringLiteral("main"), QStringLiteral("known"), {}, noQueues), names({"routed"}));
    QCOMPARE(r.route(QStringLiteral("main"), QStringLiteral("other"), {}, noQueues), names({"kept"}));
}

void TestExchangeRegistry::alternatesChain()
{
    ExchangeRegistry r;
    r.add(exchange(QStringLiteral("last"), ExchangeType::Fanout));
    r.add(exchange(QStringLiteral("middle"), ExchangeType::Topic, alternate(QStringLiteral("last"))));
    r.add(exchange(QStringLiteral("first"), ExchangeType::Direct, alternate(QStringLiteral("middle"))));
    QVERIFY(r.bind(toQueue(QStringLiteral("last"), QStringLiteral("kept"))));
    QVERIFY(r.bind(toQueue(QStringLiteral("middle"), QStringLiteral("eu"), QStringLiteral("eu.#"))));
    QCOMPARE(r.route(QStringLiteral("first"), QStringLiteral("us.new"), {}, noQueues), names({"kept"}));
    // The middle one's own binding takes it: the last is not consulted.
    QCOMPARE(r.route(QStringLiteral("first"), QStringLiteral("eu.new"), {}, noQueues), names({"eu"}));
}

void TestExchangeRegistry::alternateLoopsEnd()
{
    ExchangeRegistry r;
    r.add(exchange(QStringLiteral("a"), ExchangeType::Direct, alternate(QStringLiteral("b"))));
    r.add(exchange(QStringLiteral("b"), ExchangeType::Direct, alternate(QStringLiteral("a"))));
    r.add(exchange(QStringLiteral("self"), ExchangeType::Direct, alternate(QStringLiteral("self"))));
    QCOMPARE(r.route(QStringLiteral("a"), QStringLiteral("k"), {}, noQueues), QList<QString>());
    QCOMPARE(r.route(QStringLiteral("self"), QStringLiteral("k"), {}, noQueues), QList<QString>());
    QVERIFY(r.bind(toQueue(QStringLiteral("b"), QStringLiteral("q"), QStringLiteral("k"))));
    QCOMPARE(r.route(QStringLiteral("a"), QStringLiteral("k"), {}, noQueues), names({"q"}));
}

void TestExchangeRegistry::alternateNotUsedWhenABindingMatched()
{
    // RabbitMQ consults the alternate only when the exchange's own bindings
    // matched nothing at all: a match to an exchange that routes nowhere, or
    // to a queue already reached, is a match.
    ExchangeRegistry r;
    r.add(exchange(QStringLiteral("ae"), ExchangeType::Fanout));
    r.add(exchange(QStringLiteral("main"), ExchangeType::Direct, alternate(QStringLiteral("ae"))));
    r.add(exchange(QStringLiteral("deadEnd"), ExchangeType::Direct));
    QVERIFY(r.bind(toQueue(QStringLiteral("ae"), QStringLiteral("kept"))));
    QVERIFY(r.bind(toExchange(QStringLiteral("main"), QStringLiteral("deadEnd"), QStringLiteral("k"))));
    QCOMPARE(r.route(QStringLiteral("main"), QStringLiteral("k"), {}, noQueues), QList<QString>());
    QCOMPARE(r.route(QStringLiteral("main"), QStringLiteral("x"), {}, noQueues), names({"kept"}));
}

void TestExchangeRegistry::missingOrBadAlternateRoutesNowhere()
{
    ExchangeRegistry r;
    r.add(exchange(QStringLiteral("main"), ExchangeType::Direct, alternate(QStringLiteral("absent"))));
    r.add(exchange(QStringLiteral("number"), ExchangeType::Direct, {{QStringLiteral("alternate-exchange"), 5}}));
    r.add(exchange(QStringLiteral("toDefault"), ExchangeType::Direct, alternate(QString())));
    QCOMPARE(r.route(QStringLiteral("main"), QStringLiteral("k"), {}, noQueues), QList<QString>());
    QCOMPARE(r.route(QStringLiteral("number"), QStringLiteral("k"), {}, noQueues), QList<QString>());
    const auto everyQueue = [](const QString &) { return true; };
    QCOMPARE(r.route(QStringLiteral("toDefault"), QStringLiteral("q"), {}, everyQueue), QList<QString>());
    // Created later, it is used from then on.
    r.add(exchange(QStringLiteral("absent"), ExchangeType::Fanout));
    QVERIFY(r.bind(toQueue(QStringLiteral("absent"), QStringLiteral("kept"))));
    QCOMPARE(r.route(QStringLiteral("main"), QStringLiteral("k"), {}, noQueues), names({"kept"}));
}

void TestExchangeRegistry::redeclareChangesTheAlternate()
{
    ExchangeRegistry r;
    r.add(exchange(QStringLiteral("ae"), ExchangeType::Fanout));
    QVERIFY(r.bind(toQueue(QStringLiteral("ae"), QStringLiteral("kept"))));
    r.add(exchange(QStringLiteral("main"), ExchangeType::Direct));
    QCOMPARE(r.route(QStringLiteral("main"), QStringLiteral("k"), {}, noQueues), QList<QString>());
    // add() replaces the definition (a restart's load, the engine's checks
    // passed): the alternate comes with it.
    r.add(exchange(QStringLiteral("main"), ExchangeType::Direct, alternate(QStringLiteral("ae"))));
    QCOMPARE(r.route(QStringLiteral("main"), QStringLiteral("k"), {}, noQueues), names({"kept"}));
}

void TestExchangeRegistry::severalRoutingKeys()
{
    ExchangeRegistry r;
    r.add(exchange(QStringLiteral("d"), ExchangeType::Direct));
    r.add(exchange(QStringLiteral("t"), ExchangeType::Topic));
    r.add(exchange(QStringLiteral("f"), ExchangeType::Fanout));
    for (const char *q : {"a", "b", "c"})
        QVERIFY(r.bind(toQueue(QStringLiteral("d"), QString::fromLatin1(q), QString::fromLatin1(q))));
    QVERIFY(r.bind(toQueue(QStringLiteral("t"), QStringLiteral("eu"), QStringLiteral("eu.*"))));
    QVERIFY(r.bind(toQueue(QStringLiteral("t"), QStringLiteral("all"), QStringLiteral("#"))));
    QVERIFY(r.bind(toQueue(QStringLiteral("f"), QStringLiteral("a"))));
    const QStringList keys{QStringLiteral("a"), QStringLiteral("c"), QStringLiteral("a"), QStringLiteral("zz")};
    QCOMPARE(sorted(r.route(QStringLiteral("d"), keys, {}, noQueues)), names({"a", "c"}));
    QCOMPARE(sorted(r.route(QStringLiteral("t"), names({"us.x", "eu.y", "eu.z"}), {}, noQueues)), names({"all", "eu"}));
    QCOMPARE(r.route(QStringLiteral("f"), keys, {}, noQueues), names({"a"}));
    // An extra key that routes keeps the alternate out.
    r.add(exchange(QStringLiteral("ae"), ExchangeType::Fanout));
    QVERIFY(r.bind(toQueue(QStringLiteral("ae"), QStringLiteral("kept"))));
    r.add(exchange(QStringLiteral("d"), ExchangeType::Direct, alternate(QStringLiteral("ae"))));
    QCOMPARE(r.route(QStringLiteral("d"), names({"zz", "b"}), {}, noQueues), names({"b"}));
    QCOMPARE(r.route(QStringLiteral("d"), names({"zz", "yy"}), {}, noQueues), names({"kept"}));
}

void TestExchangeRegistry::severalRoutingKeysOnTheDefaultExchange()
{
    ExchangeRegistry r;
    const auto exists = [](const QString &name) { return name != QLatin1String("absent"); };
    QCOMPARE(r.route(QString(), names({"q1", "absent", "q2", "q1", ""}), {}, exists), names({"q1", "q2"}));
}

QTEST_GUILESS_MAIN(TestExchangeRegistry)
#include "tst_exchangeregistry.moc"
