// Store: durability of definitions and messages across reopen, group commit,
// committed sequences, refusal of files that are not Depot's, write failures.

#include "broker/store/Store.h"
#include "broker/store/StoreSchema.h"
#include "tests/unit/store/StoreTestUtil.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace depot;
using namespace depot::store;
using namespace depot::store::test;

class TestStore final : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<Store> openStore(const QString &dir, Durability durability = Durability::Normal)
    {
        QString error;
        auto store = Store::open(dir, durability, &error);
        if (!store)
            qWarning().noquote() << error;
        return store;
    }

private Q_SLOTS:
    void newDirectoryCreatesDatabase()
    {
        QTemporaryDir tmp;
        const QString dir = tmp.path() + QStringLiteral("/a/b/data");
        {
            auto store = openStore(dir);
            QVERIFY(store);
            QCOMPARE(store->filePath(), dir + QStringLiteral("/depot.db"));
            const RecoveredState state = store->recover();
            QVERIFY(state.queues.isEmpty());
            QCOMPARE(state.maxMessageId, MessageId(0));
        }
        QVERIFY(!QFile::exists(dir + QStringLiteral("/depot.db.creating")));
        RawDb raw(dir + QStringLiteral("/depot.db"));
        QCOMPARE(raw.scalar(QStringLiteral("PRAGMA application_id")).toLongLong(), qint64(schema::ApplicationId));
        QCOMPARE(raw.scalar(QStringLiteral("PRAGMA user_version")).toInt(), schema::currentVersion());
        QCOMPARE(raw.scalar(QStringLiteral("PRAGMA journal_mode")).toString(), QStringLiteral("wal"));
    }

    void definitionsSurviveReopen()
    {
        QTemporaryDir tmp;
        const QVariantMap args{{QStringLiteral("x-max-length"), 10},
                               {QStringLiteral("x-dead-letter-exchange"), QStringLiteral("dlx")},
                               {QStringLiteral("nested"), QVariantMap{{QStringLiteral("l"), QVariantList{1, 2}}}}};
        const QueueDef q1{QStringLiteral("orders"), true, false, false, args, 0};
        const QueueDef q2{QStringLiteral("excl"), true, true, true, {}, 42};
        QList<ExchangeDef> exchanges;
        for (auto type : {ExchangeType::Direct, ExchangeType::Fanout, ExchangeType::Topic, ExchangeType::Headers,
                          ExchangeType::DelayedMessage})
            exchanges << ExchangeDef{QStringLiteral("ex-") + exchangeTypeName(type), type, true, type == ExchangeType::Topic,
                                     type == ExchangeType::Headers, {{QStringLiteral("alternate-exchange"), QStringLiteral("ae")}}};
        const BindingDef b1{QStringLiteral("ex-direct"), QStringLiteral("orders"), DestinationKind::Queue,
                            QStringLiteral("k"), {}};
        const BindingDef b2{QStringLiteral("ex-headers"), QStringLiteral("ex-fanout"), DestinationKind::Exchange,
                            QString(), {{QStringLiteral("x-match"), QStringLiteral("any")}}};
        const BindingDef b3{QStringLiteral("ex-topic"), QStringLiteral("orders"), DestinationKind::Queue,
                            QStringLiteral("a.#"), {}};
        qint64 id1 = 0;
        {
            auto store = openStore(tmp.path());
            QVERIFY(store);
            store->recover();
            id1 = store->putQueue(q1);
            const qint64 id2 = store->putQueue(q2);
            QVERIFY(id1 > 0 && id2 > 0 && id1 != id2);
            // Redeclaring keeps the id and replaces the definition.
            QueueDef q1b = q1;
            q1b.arguments.insert(QStringLiteral("x-message-ttl"), 5000);
            QCOMPARE(store->putQueue(q1b), id1);
            store->removeQueue(id2);
            for (const ExchangeDef &e : exchanges)
                store->putExchange(e);
            store->putExchange(ExchangeDef{QString(), ExchangeType::Direct, true, false, false, {}});   // the default
            store->putExchange(ExchangeDef{QStringLiteral("gone"), ExchangeType::Fanout, true, false, false, {}});
            store->removeExchange(QStringLiteral("gone"));
            store->putBinding(b1);
            store->putBinding(b1);   // duplicate: still one binding
            store->putBinding(b2);
            store->putBinding(b3);
            store->removeBinding(b3);
            QVERIFY(store->flush());
        }
        auto store = openStore(tmp.path());
        QVERIFY(store);
        const RecoveredState state = store->recover();
        QCOMPARE(state.queues.size(), 1);
        QCOMPARE(state.queues[0].storeId, id1);
        QCOMPARE(state.queues[0].def.name, q1.name);
        QCOMPARE(state.queues[0].def.arguments.value(QStringLiteral("x-message-ttl")).toInt(), 5000);
        QCOMPARE(state.queues[0].def.arguments.value(QStringLiteral("nested")), args.value(QStringLiteral("nested")));
        QCOMPARE(state.exchanges.size(), exchanges.size() + 1);
        QVERIFY(state.exchanges.contains(ExchangeDef{QString(), ExchangeType::Direct, true, false, false, {}}));
        for (const ExchangeDef &e : exchanges)
            QVERIFY2(state.exchanges.contains(e), qPrintable(e.name));
        QCOMPARE(state.bindings, (QList<BindingDef>{b1, b2}));
        // A new queue after reopen never reuses a live id.
        QVERIFY(store->putQueue(QueueDef{QStringLiteral("new"), true, false, false, {}, 0}) > id1);
    }

    void contentRoundTrip_data()
    {
        QTest::addColumn<MessageContent>("content");
        QTest::addRow("no properties") << MessageContent{};
        MessageContent all = *contentFor(4);
        MessageProperties &p = all.properties;
        p.contentType = QStringLiteral("text/plain");
        p.contentEncoding = QStringLiteral("utf-8");
        p.headers = QVariantMap{
            {QStringLiteral("map"), QVariantMap{{QStringLiteral("deep"), QVariantMap{{QStringLiteral("x"), 1}}}}},
            {QStringLiteral("list"), QVariantList{QStringLiteral("a"), QByteArray("\0b", 2), 3.25}},
            {QStringLiteral("bytes"), QByteArray("\xff\x00", 2)},
            {QStringLiteral("when"), QDateTime::fromMSecsSinceEpoch(1700000000000, Qt::UTC)},
            {QStringLiteral("decimal"), QVariant::fromValue(Decimal{3, -5})},
            {QStringLiteral("raw"), QVariant::fromValue(RawString{QByteArray("\xfe", 1)})}};
        p.priority = 3;
        p.correlationId = QStringLiteral("c");
        p.replyTo = QStringLiteral("r");
        p.expiration = QStringLiteral("1000");
        p.timestamp = -1;
        p.type = QStringLiteral("t");
        p.userId = QStringLiteral("u");
        p.appId = QStringLiteral("a");
        p.clusterId = QStringLiteral("cl");
        QTest::addRow("every property") << all;
        MessageContent empty;
        empty.properties.headers = QVariantMap();
        empty.properties.contentType = QString();
        QTest::addRow("empty but present properties, empty body") << empty;
        MessageContent large;
        large.body = QByteArray(8 * 1024 * 1024, 'L');
        large.body[0] = '\0';
        QTest::addRow("8 MB body") << large;
    }
    void contentRoundTrip()
    {
        QFETCH(MessageContent, content);
        QTemporaryDir tmp;
        const auto shared = std::make_shared<const MessageContent>(content);
        {
            auto store = openStore(tmp.path());
            QVERIFY(store);
            store->recover();
            const qint64 queue = store->putQueue(QueueDef{QStringLiteral("q"), true, false, false, {}, 0});
            store->insertMessage(queue, messageFor(7, shared));
            QVERIFY(store->flush());
            const auto loaded = store->loadContents({7, 8});
            QCOMPARE(loaded.size(), 1);
            QCOMPARE(*loaded.value(7), content);
        }
        auto store = openStore(tmp.path());
        QVERIFY(store);
        const RecoveredState state = store->recover();
        QCOMPARE(state.queues.size(), 1);
        QCOMPARE(state.queues[0].messages.size(), 1);
        QCOMPARE(state.queues[0].messages[0].bodySize, quint32(content.body.size()));
        const auto loaded = store->loadContents({7});
        QVERIFY(loaded.value(7));
        QCOMPARE(*loaded.value(7), content);
        QCOMPARE(loaded.value(7)->properties.headers.has_value(), content.properties.headers.has_value());
        QCOMPARE(loaded.value(7)->properties.contentType.has_value(), content.properties.contentType.has_value());
    }

    void messagesRecoverInOrderWithEveryMutation()
    {
        QTemporaryDir tmp;
        qint64 a = 0, b = 0, c = 0, d = 0;
        {
            auto store = openStore(tmp.path());
            QVERIFY(store);
            store->recover();
            a = store->putQueue(QueueDef{QStringLiteral("a"), true, false, false, {}, 0});
            b = store->putQueue(QueueDef{QStringLiteral("b"), true, false, false, {}, 0});
            c = store->putQueue(QueueDef{QStringLiteral("c"), true, false, false, {}, 0});
            d = store->putQueue(QueueDef{QStringLiteral("d"), true, false, false, {}, 0});
            for (quint64 id = 1; id <= 40; ++id) {
                QueuedMessage m = messageFor(id);
                m.expiresAt = id == 3 ? 1800000000000 : 0;
                m.readyAt = id == 5 ? 1750000000000 : 0;
                m.priority = quint8(id % 10);
                store->insertMessage(id <= 10 ? a : id <= 20 ? b : id <= 30 ? c : d, m);
            }
            store->submit();
            store->removeMessage(2);                              // acked
            store->updateDeliveryState(4, 3, true);               // delivered three times
            store->moveMessage(6, b, [] {                         // moved to b's tail, new id
                QueuedMessage m = messageFor(6);
                m.id = 41;
                m.content = nullptr;                              // keep the stored content
                m.deliveryCount = 1;
                return m;
            }());
            QueuedMessage changed = messageFor(7);
            changed.id = 42;
            auto newContent = std::make_shared<MessageContent>(*changed.content);
            newContent->properties.headers = QVariantMap{{QStringLiteral("x-replayed"), true}};
            changed.content = newContent;
            store->moveMessage(7, b, changed);                    // moved with new headers
            store->purgeQueue(c);
            store->removeQueue(d);
            store->insertMessage(c, messageFor(43));              // after the purge: stays
            QVERIFY(store->flush());
        }
        auto store = openStore(tmp.path());
        QVERIFY(store);
        const RecoveredState state = store->recover();
        QCOMPARE(state.maxMessageId, MessageId(43));
        QCOMPARE(state.queues.size(), 3);
        auto ids = [&](qint64 queue) {
            QList<MessageId> out;
            for (const RecoveredQueue &q : state.queues)
                if (q.storeId == queue)
                    for (const RecoveredMessage &m : q.messages)
                        out << m.id;
            return out;
        };
        QCOMPARE(ids(a), (QList<MessageId>{1, 3, 4, 5, 8, 9, 10}));
        QCOMPARE(ids(b), (QList<MessageId>{11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 41, 42}));
        QCOMPARE(ids(c), (QList<MessageId>{43}));
        const RecoveredQueue &qa = state.queues[0];
        QCOMPARE(qa.storeId, a);
        QCOMPARE(qa.messages[1].expiresAt, qint64(1800000000000));   // id 3
        QCOMPARE(qa.messages[2].deliveryCount, 3u);                   // id 4
        QVERIFY(qa.messages[2].redelivered);
        QCOMPARE(qa.messages[3].readyAt, qint64(1750000000000));     // id 5
        QCOMPARE(qa.messages[3].priority, quint8(5));
        QCOMPARE(qa.messages[3].enqueuedAt, qint64(1700000000005));
        const RecoveredQueue &qb = state.queues[1];
        QCOMPARE(qb.messages[10].deliveryCount, 1u);                  // moved with its new state
        const auto contents = store->loadContents({6, 7, 41, 42, 2, 21});
        QCOMPARE(contents.size(), 2);                                 // old ids, acked, purged: gone
        QCOMPARE(*contents.value(41), *contentFor(6));
        QCOMPARE(contents.value(42)->properties.headers->value(QStringLiteral("x-replayed")).toBool(), true);
        QCOMPARE(contents.value(42)->body, contentFor(7)->body);
    }

    // Delivery records are coalesced per commit: the last one of a message
    // wins, an insert in the same commit takes it into its row, a removal or
    // a move in the same commit drops it; only the rest cost an UPDATE.
    void deliveryRecordsAreCoalescedPerCommit()
    {
        QTemporaryDir tmp;
        qint64 a = 0, b = 0;
        {
            auto store = openStore(tmp.path());
            QVERIFY(store);
            store->recover();
            a = store->putQueue(QueueDef{QStringLiteral("a"), true, false, false, {}, 0});
            b = store->putQueue(QueueDef{QStringLiteral("b"), true, false, false, {}, 0});
            for (quint64 id = 1; id <= 4; ++id)
                store->insertMessage(a, messageFor(id));
            QVERIFY(store->flush());
            // One hand-over: records for committed rows 1..4 and new row 5.
            store->insertMessage(a, messageFor(5));
            store->updateDeliveryState(1, 1, true);
            store->updateDeliveryState(2, 1, true);
            store->updateDeliveryState(2, 2, true);    // delivered again: the last state wins
            store->updateDeliveryState(3, 1, true);
            store->removeMessage(3);                   // acked in the same commit
            store->updateDeliveryState(4, 1, true);
            QueuedMessage moved = messageFor(4);
            moved.id = 6;
            moved.content = nullptr;
            store->moveMessage(4, b, moved);           // moved with its own state
            store->updateDeliveryState(5, 1, true);    // folded into its insert
            QVERIFY(store->flush());
            const Store::Stats stats = store->stats();
            QCOMPARE(stats.deliveryRecords, 6u);
            QCOMPARE(stats.deliveryUpdates, 2u);       // rows 1 and 2
            // On its own, a record is an UPDATE.
            store->updateDeliveryState(5, 2, true);
            QVERIFY(store->flush());
            QCOMPARE(store->stats().deliveryUpdates, 3u);
            // A record for a row an earlier commit removed changes nothing.
            store->updateDeliveryState(3, 5, true);
            QVERIFY(store->flush());
            QCOMPARE(store->stats().deliveryUpdates, 4u);
            // An insert of a row already stored (a commit re-applied after
            // its check failed) does not swallow the record it would take.
            store->insertMessage(a, messageFor(1));
            store->updateDeliveryState(1, 3, true);
            QVERIFY(store->flush());
        }
        auto store = openStore(tmp.path());
        QVERIFY(store);
        const RecoveredState state = store->recover();
        QCOMPARE(state.queues.size(), 2);
        const QList<RecoveredMessage> &ma = state.queues[0].messages;
        QCOMPARE(ma.size(), 3);
        QCOMPARE(ma[0].id, MessageId(1));
        QCOMPARE(ma[0].deliveryCount, 3u);
        QVERIFY(ma[0].redelivered);
        QCOMPARE(ma[1].id, MessageId(2));
        QCOMPARE(ma[1].deliveryCount, 2u);
        QCOMPARE(ma[2].id, MessageId(5));
        QCOMPARE(ma[2].deliveryCount, 2u);
        QVERIFY(ma[2].redelivered);
        // Every row holds a `delivery` value in [2^40, 2^41): one width, so
        // an update never changes a row's size (SQLite then rewrites only the
        // page that changed, not a large body's overflow pages).
        {
            RawDb raw(store->filePath());
            QCOMPARE(raw.scalar(QStringLiteral("SELECT COUNT(*) FROM messages")).toInt(), 4);
            QCOMPARE(raw.scalar(QStringLiteral("SELECT COUNT(*) FROM messages WHERE delivery >= 1099511627776")).toInt(),
                     4);
        }
        const QList<RecoveredMessage> &mb = state.queues[1].messages;
        QCOMPARE(mb.size(), 1);
        QCOMPARE(mb[0].id, MessageId(6));
        QCOMPARE(mb[0].deliveryCount, 0u);
        QVERIFY(!mb[0].redelivered);
        QCOMPARE(state.maxMessageId, MessageId(6));
    }

    void maxMessageIdSurvivesAckOfNewest()
    {
        QTemporaryDir tmp;
        {
            auto store = openStore(tmp.path());
            QVERIFY(store);
            const qint64 q = store->putQueue(QueueDef{QStringLiteral("q"), true, false, false, {}, 0});
            for (quint64 id = 1; id <= 10; ++id)
                store->insertMessage(q, messageFor(id));
            store->submit();
            for (quint64 id = 1; id <= 10; ++id)
                store->removeMessage(id);
            QVERIFY(store->flush());
        }
        auto store = openStore(tmp.path());
        QVERIFY(store);
        QCOMPARE(store->recover().maxMessageId, MessageId(10));
    }

    void committedSequenceIsMonotonicAndSignalled()
    {
        QTemporaryDir tmp;
        auto store = openStore(tmp.path());
        QVERIFY(store);
        QSignalSpy spy(store.get(), &Store::committed);
        const qint64 q = store->putQueue(QueueDef{QStringLiteral("q"), true, false, false, {}, 0});
        QCOMPARE(store->pendingSequence(), quint64(1));
        QCOMPARE(store->submit(), quint64(1));
        QCOMPARE(store->submit(), quint64(1));   // nothing new buffered
        quint64 id = 0;
        quint64 last = 0;
        for (int turn = 0; turn < 50; ++turn) {
            for (int i = 0; i < 20; ++i)
                store->insertMessage(q, messageFor(++id));
            last = store->pendingSequence();
            QCOMPARE(last, quint64(turn + 2));
            QCoreApplication::processEvents();   // the end of a turn hands the batch over
        }
        QTRY_COMPARE_WITH_TIMEOUT(store->committedSequence(), last, 10000);
        QVERIFY(!spy.isEmpty());
        quint64 previous = 0;
        for (const QList<QVariant> &args : spy) {
            const quint64 seq = args.at(0).toULongLong();
            QVERIFY(seq > previous);
            previous = seq;
        }
        QCOMPARE(previous, last);
        QCOMPARE(store->stats().operations, quint64(1 + 50 * 20));
    }

    void groupCommitGroups()
    {
        QTemporaryDir tmp;
        auto store = openStore(tmp.path());
        QVERIFY(store);
        const qint64 q = store->putQueue(QueueDef{QStringLiteral("q"), true, false, false, {}, 0});
        // Hand-overs arrive far faster than single commits could take them.
        const auto content = contentFor(1);
        quint64 id = 0;
        for (int batch = 0; batch < 2000; ++batch) {
            for (int i = 0; i < 50; ++i)
                store->insertMessage(q, messageFor(++id, content));
            store->submit();
        }
        QVERIFY(store->flush());
        const Store::Stats s = store->stats();
        QCOMPARE(s.submissions, quint64(2000));
        QCOMPARE(s.operations, quint64(1 + 2000 * 50));
        QVERIFY2(s.transactions * 4 < s.submissions,
                 qPrintable(QStringLiteral("%1 transactions for %2 hand-overs").arg(s.transactions).arg(s.submissions)));
    }

    void uncommittedMessagesAreInvisibleToReaders()
    {
        QTemporaryDir tmp;
        auto store = openStore(tmp.path());
        QVERIFY(store);
        const qint64 q = store->putQueue(QueueDef{QStringLiteral("q"), true, false, false, {}, 0});
        store->insertMessage(q, messageFor(1));
        QVERIFY(store->loadContents({1}).isEmpty());   // still buffered on this thread
        QVERIFY(store->flush());
        QCOMPARE(store->loadContents({1}).size(), 1);
    }

    void closeIsIdempotentAndFlushes()
    {
        QTemporaryDir tmp;
        {
            auto store = openStore(tmp.path());
            QVERIFY(store);
            const qint64 q = store->putQueue(QueueDef{QStringLiteral("q"), true, false, false, {}, 0});
            for (quint64 id = 1; id <= 500; ++id)
                store->insertMessage(q, messageFor(id));
            store->close();   // no explicit flush
            QCOMPARE(store->committedSequence(), quint64(1));
            store->close();
            store->insertMessage(q, messageFor(501));   // ignored after close
        }
        auto store = openStore(tmp.path());
        QVERIFY(store);
        const RecoveredState state = store->recover();
        QCOMPARE(state.queues.value(0).messages.size(), 500);
    }

    void refusesFilesThatAreNotDepots_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("expected");
        QTest::addRow("text file") << QStringLiteral("text") << QStringLiteral("is not an SQLite database");
        QTest::addRow("random garbage") << QStringLiteral("garbage") << QStringLiteral("is not an SQLite database");
        QTest::addRow("empty file") << QStringLiteral("empty") << QStringLiteral("empty file");
        QTest::addRow("truncated Depot database") << QStringLiteral("truncated") << QStringLiteral("truncated");
        QTest::addRow("header only") << QStringLiteral("headeronly") << QStringLiteral("truncated");
        QTest::addRow("foreign SQLite, no application id") << QStringLiteral("foreign")
                                                           << QStringLiteral("is not a Depot database (application id 0x00000000)");
        QTest::addRow("foreign SQLite, other application id") << QStringLiteral("foreign-appid")
                                                              << QStringLiteral("application id 0x12345678");
        QTest::addRow("Depot id but foreign tables") << QStringLiteral("foreign-tables") << QStringLiteral("its tables are");
        QTest::addRow("newer schema version") << QStringLiteral("newer") << QStringLiteral("newer Depot");
    }
    void refusesFilesThatAreNotDepots()
    {
        QFETCH(QString, kind);
        QFETCH(QString, expected);
        QTemporaryDir tmp;
        const QString path = tmp.path() + QStringLiteral("/depot.db");
        auto writeFile = [&](const QByteArray &bytes) {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(bytes);
        };
        if (kind == QLatin1String("text")) {
            writeFile("these are my notes, not a database\n");
        } else if (kind == QLatin1String("garbage")) {
            QByteArray bytes(8192, Qt::Uninitialized);
            for (int i = 0; i < bytes.size(); ++i)
                bytes[i] = char((i * 7919) ^ (i >> 3));
            writeFile(bytes);
        } else if (kind == QLatin1String("empty")) {
            writeFile(QByteArray());
        } else if (kind == QLatin1String("truncated") || kind == QLatin1String("headeronly")) {
            QTemporaryDir source;
            {
                auto store = openStore(source.path());
                QVERIFY(store);
                const qint64 q = store->putQueue(QueueDef{QStringLiteral("q"), true, false, false, {}, 0});
                for (quint64 id = 1; id <= 2000; ++id)
                    store->insertMessage(q, messageFor(id));
            }
            QFile f(source.path() + QStringLiteral("/depot.db"));
            QVERIFY(f.open(QIODevice::ReadOnly));
            const QByteArray all = f.readAll();
            QVERIFY(all.size() > 100000);
            writeFile(kind == QLatin1String("truncated") ? all.left(all.size() / 2 + 1000) : all.left(4096));
        } else if (kind == QLatin1String("newer")) {
            {
                auto store = openStore(tmp.path());
                QVERIFY(store);
            }
            RawDb raw(path);
            QVERIFY(raw.exec(QStringLiteral("PRAGMA user_version = %1").arg(schema::currentVersion() + 1)));
            QVERIFY(raw.exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)")));
        } else {
            RawDb raw(path);
            if (kind == QLatin1String("foreign")) {
                QVERIFY(raw.exec(QStringLiteral("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")));
            } else if (kind == QLatin1String("foreign-appid")) {
                QVERIFY(raw.exec(QStringLiteral("PRAGMA application_id = 305419896")));
                QVERIFY(raw.exec(QStringLiteral("CREATE TABLE queues (x)")));
            } else if (kind == QLatin1String("foreign-tables")) {
                QVERIFY(raw.exec(QStringLiteral("PRAGMA application_id = %1").arg(schema::ApplicationId)));
                QVERIFY(raw.exec(QStringLiteral("PRAGMA user_version = %1").arg(schema::currentVersion())));
                QVERIFY(raw.exec(QStringLiteral("CREATE TABLE invoices (id INTEGER PRIMARY KEY)")));
            }
        }
        QFile::remove(path + QStringLiteral("-wal"));
        QFile::remove(path + QStringLiteral("-shm"));
        QTest::qWait(20);   // a later write would show in the modification time
        const FileSnapshot before = snapshot(path);
        QVERIFY(before.size >= 0);

        QString error;
        auto store = Store::open(tmp.path(), Durability::Normal, &error);
        QVERIFY(!store);
        QVERIFY2(error.contains(path), qPrintable(error));
        QVERIFY2(error.contains(expected), qPrintable(error));
        QVERIFY2(error.startsWith(QStringLiteral("depot: ")), qPrintable(error));
        QVERIFY(!error.contains(QLatin1Char('\n')));
        QCOMPARE(snapshot(path), before);
        QVERIFY(!QFile::exists(path + QStringLiteral("-wal")) || QFileInfo(path + QStringLiteral("-wal")).size() == 0);
    }

    void refusesUnusableDataDirectory()
    {
        QTemporaryDir tmp;
        const QString file = tmp.path() + QStringLiteral("/plain-file");
        {
            QFile f(file);
            QVERIFY(f.open(QIODevice::WriteOnly));
        }
        QString error;
        QVERIFY(!Store::open(file, Durability::Normal, &error));
        QVERIFY2(error.contains(file) && error.contains(QStringLiteral("not a directory")), qPrintable(error));
        error.clear();
        QVERIFY(!Store::open(file + QStringLiteral("/sub"), Durability::Normal, &error));
        QVERIFY2(error.contains(QStringLiteral("cannot create data directory")), qPrintable(error));
        QVERIFY(!error.contains(QLatin1Char('\n')));
        error.clear();
        QVERIFY(!Store::open(QString(), Durability::Normal, &error));
        QVERIFY(!error.isEmpty());
    }

    void writeFailureIsRetriedWithoutLoss()
    {
        QTemporaryDir tmp;
        auto store = openStore(tmp.path());
        QVERIFY(store);
        QSignalSpy failed(store.get(), &Store::writeFailed);
        QSignalSpy recovered(store.get(), &Store::writeRecovered);
        const qint64 q = store->putQueue(QueueDef{QStringLiteral("q"), true, false, false, {}, 0});
        QVERIFY(store->flush());

        // Another process holding the write lock: the writer sees SQLITE_BUSY.
        auto blocker = std::make_unique<RawDb>(store->filePath());
        QVERIFY(blocker->exec(QStringLiteral("BEGIN IMMEDIATE")));
        for (quint64 id = 1; id <= 100; ++id)
            store->insertMessage(q, messageFor(id));
        const quint64 seq = store->submit();
        QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 5000);
        QVERIFY2(failed.at(0).at(0).toString().contains(store->filePath()), qPrintable(failed.at(0).at(0).toString()));
        store->insertMessage(q, messageFor(101));   // more work arrives while failing
        const quint64 seq2 = store->submit();
        // Several retries fail meanwhile (waited for, not slept through) ...
        QTRY_VERIFY_WITH_TIMEOUT(store->failedAttemptsInARow() >= 4, 30000);
        QCOMPARE(failed.size(), 1);                 // ... reported once, not per retry
        QVERIFY(store->committedSequence() < seq);
        QVERIFY(!store->flush(100));

        QVERIFY(blocker->exec(QStringLiteral("ROLLBACK")));
        blocker.reset();
        QTRY_COMPARE_WITH_TIMEOUT(recovered.size(), 1, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(store->committedSequence(), seq2, 5000);
        QCOMPARE(store->loadContents({1, 50, 100, 101}).size(), 4);
    }

    void durabilityModesBothCommit_data()
    {
        QTest::addColumn<int>("durability");
        QTest::addRow("normal") << int(Durability::Normal);
        QTest::addRow("fsync") << int(Durability::Fsync);
    }
    void durabilityModesBothCommit()
    {
        QFETCH(int, durability);
        QTemporaryDir tmp;
        {
            auto store = openStore(tmp.path(), Durability(durability));
            QVERIFY(store);
            const qint64 q = store->putQueue(QueueDef{QStringLiteral("q"), true, false, false, {}, 0});
            for (quint64 id = 1; id <= 100; ++id)
                store->insertMessage(q, messageFor(id));
            QVERIFY(store->flush());
        }
        auto store = openStore(tmp.path());
        QVERIFY(store);
        QCOMPARE(store->recover().queues.value(0).messages.size(), 100);
    }
};

QTEST_GUILESS_MAIN(TestStore)
#include "tst_store.moc"
