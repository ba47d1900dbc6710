#include "broker/engine/routing/ExchangeRegistry.h"
#include "tests/unit/routing/RoutingTestHelpers.h"

#include <QtTest>

// ExchangeRegistry keeps the routes of single-key publishes it worked out
// (and the default exchange's last one). Each test routes once so that the
// route is cached, changes something, and routes again: the second answer
// must be the one a registry without a cache would give.

using namespace depot;
using namespace Qt::StringLiterals;

using namespace depot::test;

class TestRouteCache final : public QObject
{
    Q_OBJECT

private slots:
    void bindAfterARouteIsSeen();
    void unbindAfterARouteIsSeen();
    void queueDeletedAfterARouteIsSeen();
    void exchangeRemovedAfterARouteIsSeen();
    void alternateDeclaredAfterAMiss();
    void policyAlternateAfterAMiss();
    void redeclaredAsAnotherType();
    void headersAreReadEveryTime();
    void headersExchangeBehindATopicIsReadEveryTime();
    void defaultExchangeFollowsTheQueue();
    void manyKeysStayCorrect();
};

void TestRouteCache::bindAfterARouteIsSeen()
{
    ExchangeRegistry r;
    r.add(exchange(u"t"_s, ExchangeType::Topic));
    QVERIFY(r.bind(toQueue(u"t"_s, u"q1"_s, u"order.*"_s)));
    QCOMPARE(r.route(u"t"_s, u"order.created"_s, {}, noQueues), QList<QString>{u"q1"_s});
    QVERIFY(r.bind(toQueue(u"t"_s, u"q2"_s, u"#.created"_s)));
    QCOMPARE(sorted(r.route(u"t"_s, u"order.created"_s, {}, noQueues)), (QStringList{u"q1"_s, u"q2"_s}));
}

void TestRouteCache::unbindAfterARouteIsSeen()
{
    ExchangeRegistry r;
    r.add(exchange(u"d"_s, ExchangeType::Direct));
    QVERIFY(r.bind(toQueue(u"d"_s, u"q1"_s, u"k"_s)));
    QVERIFY(r.bind(toQueue(u"d"_s, u"q2"_s, u"k"_s)));
    QCOMPARE(sorted(r.route(u"d"_s, u"k"_s, {}, noQueues)), (QStringList{u"q1"_s, u"q2"_s}));
    QVERIFY(r.unbind(toQueue(u"d"_s, u"q1"_s, u"k"_s)));
    QCOMPARE(r.route(u"d"_s, u"k"_s, {}, noQueues), QList<QString>{u"q2"_s});
}

void TestRouteCache::queueDeletedAfterARouteIsSeen()
{
    ExchangeRegistry r;
    QVERIFY(r.bind(toQueue(u"amq.fanout"_s, u"q1"_s)));
    QVERIFY(r.bind(toQueue(u"amq.fanout"_s, u"q2"_s)));
    QCOMPARE(r.route(u"amq.fanout"_s, u"any"_s, {}, noQueues).size(), 2);
    QCOMPARE(r.removeQueueBindings(u"q1"_s).size(), 1);
    QCOMPARE(r.route(u"amq.fanout"_s, u"any"_s, {}, noQueues), QList<QString>{u"q2"_s});
}

void TestRouteCache::exchangeRemovedAfterARouteIsSeen()
{
    ExchangeRegistry r;
    r.add(exchange(u"front"_s, ExchangeType::Direct));
    r.add(exchange(u"back"_s, ExchangeType::Fanout));
    QVERIFY(r.bind(toExchange(u"front"_s, u"back"_s, u"k"_s)));
    QVERIFY(r.bind(toQueue(u"back"_s, u"q"_s)));
    QCOMPARE(r.route(u"front"_s, u"k"_s, {}, noQueues), QList<QString>{u"q"_s});
    r.remove(u"back"_s);
    QVERIFY(r.route(u"front"_s, u"k"_s, {}, noQueues).isEmpty());
    r.remove(u"front"_s);
    QVERIFY(r.route(u"front"_s, u"k"_s, {}, noQueues).isEmpty());
}

void TestRouteCache::alternateDeclaredAfterAMiss()
{
    ExchangeRegistry r;
    r.add(exchange(u"main"_s, ExchangeType::Direct, {{u"alternate-exchange"_s, u"ae"_s}}));
    QVERIFY(r.route(u"main"_s, u"nobody"_s, {}, noQueues).isEmpty());   // ae does not exist yet
    r.add(exchange(u"ae"_s, ExchangeType::Fanout));
    QVERIFY(r.bind(toQueue(u"ae"_s, u"unrouted"_s)));
    QCOMPARE(r.route(u"main"_s, u"nobody"_s, {}, noQueues), QList<QString>{u"unrouted"_s});
}

void TestRouteCache::policyAlternateAfterAMiss()
{
    ExchangeRegistry r;
    r.add(exchange(u"main"_s, ExchangeType::Direct));
    r.add(exchange(u"ae"_s, ExchangeType::Fanout));
    QVERIFY(r.bind(toQueue(u"ae"_s, u"unrouted"_s)));
    QVERIFY(r.route(u"main"_s, u"nobody"_s, {}, noQueues).isEmpty());
    QVERIFY(r.setPolicyAlternate(u"main"_s, u"ae"_s));
    QCOMPARE(r.route(u"main"_s, u"nobody"_s, {}, noQueues), QList<QString>{u"unrouted"_s});
    QVERIFY(r.setPolicyAlternate(u"main"_s, QString()));
    QVERIFY(r.route(u"main"_s, u"nobody"_s, {}, noQueues).isEmpty());
}

void TestRouteCache::redeclaredAsAnotherType()
{
    // A delayed-message exchange routes like its x-delayed-type; redeclaring
    // it with another type changes how the same key routes.
    ExchangeRegistry r;
    r.add(exchange(u"x"_s, ExchangeType::DelayedMessage, {{u"x-delayed-type"_s, u"direct"_s}}));
    QVERIFY(r.bind(toQueue(u"x"_s, u"q"_s, u"a.b"_s)));
    QVERIFY(r.route(u"x"_s, u"a.c"_s, {}, noQueues).isEmpty());
    r.add(exchange(u"x"_s, ExchangeType::DelayedMessage, {{u"x-delayed-type"_s, u"fanout"_s}}));
    QCOMPARE(r.route(u"x"_s, u"a.c"_s, {}, noQueues), QList<QString>{u"q"_s});
}

void TestRouteCache::headersAreReadEveryTime()
{
    ExchangeRegistry r;
    QVERIFY(r.bind(toQueue(u"amq.match"_s, u"eu"_s, {}, {{u"x-match"_s, u"all"_s}, {u"region"_s, u"eu"_s}})));
    QCOMPARE(r.route(u"amq.match"_s, u"k"_s, {{u"region"_s, u"eu"_s}}, noQueues), QList<QString>{u"eu"_s});
    QVERIFY(r.route(u"amq.match"_s, u"k"_s, {{u"region"_s, u"us"_s}}, noQueues).isEmpty());
    QCOMPARE(r.route(u"amq.match"_s, u"k"_s, {{u"region"_s, u"eu"_s}}, noQueues), QList<QString>{u"eu"_s});
}

void TestRouteCache::headersExchangeBehindATopicIsReadEveryTime()
{
    ExchangeRegistry r;
    r.add(exchange(u"t"_s, ExchangeType::Topic));
    r.add(exchange(u"h"_s, ExchangeType::Headers));
    QVERIFY(r.bind(toExchange(u"t"_s, u"h"_s, u"#"_s)));
    QVERIFY(r.bind(toQueue(u"h"_s, u"vip"_s, {}, {{u"x-match"_s, u"any"_s}, {u"tier"_s, u"gold"_s}})));
    QCOMPARE(r.route(u"t"_s, u"order"_s, {{u"tier"_s, u"gold"_s}}, noQueues), QList<QString>{u"vip"_s});
    QVERIFY(r.route(u"t"_s, u"order"_s, {{u"tier"_s, u"tin"_s}}, noQueues).isEmpty());
}

void TestRouteCache::defaultExchangeFollowsTheQueue()
{
    ExchangeRegistry r;
    QSet<QString> queues{u"jobs"_s};
    const auto exists = [&queues](const QString &name) { return queues.contains(name); };
    QCOMPARE(r.route(QString(), u"jobs"_s, {}, exists), QList<QString>{u"jobs"_s});
    queues.remove(u"jobs"_s);   // deleting a queue changes no binding
    QVERIFY(r.route(QString(), u"jobs"_s, {}, exists).isEmpty());
    queues.insert(u"jobs"_s);
    QCOMPARE(r.route(QString(), u"jobs"_s, {}, exists), QList<QString>{u"jobs"_s});
    QVERIFY(r.route(QString(), u"other"_s, {}, exists).isEmpty());
}

void TestRouteCache::manyKeysStayCorrect()
{
    // More distinct keys than the cache holds: every answer stays right
    // while it is emptied and refilled.
    ExchangeRegistry r;
    r.add(exchange(u"d"_s, ExchangeType::Direct));
    for (int i = 0; i < 10000; i += 7)
        QVERIFY(r.bind(toQueue(u"d"_s, QStringLiteral("q%1").arg(i), QString::number(i))));
    for (int pass = 0; pass < 2; ++pass) {
        for (int i = 0; i < 10000; ++i) {
            const QList<QString> got = r.route(u"d"_s, QString::number(i), {}, noQueues);
            if (i % 7 == 0)
                QCOMPARE(got, QList<QString>{QStringLiteral("q%1").arg(i)});
            else
                QVERIFY2(got.isEmpty(), qPrintable(QString::number(i)));
        }
    }
}

QTEST_APPLESS_MAIN(TestRouteCache)
#include "tst_routecache.moc"
