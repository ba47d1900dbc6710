// THE KILL TEST: a child process (this executable, re-run with --child-...)
// writes through Store and prints every committed sequence with what it
// covers; the parent SIGKILLs it at a random moment, reopens the store and
// checks that everything reported committed is there, byte for byte, and that
// nothing is there that was never written.

#include "broker/store/Store.h"
#include "tests/unit/store/StoreTestUtil.h"

#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

#include <cstdio>
#include <map>

using namespace depot;
using namespace depot::store;
using namespace depot::store::test;

namespace {

constexpr quint64 MoveCount = 5000;

void say(const QByteArray &line)
{
    std::fwrite(line.constData(), 1, size_t(line.size()), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

// Child: inserts forever in turns of random size; from the second turn on,
// acknowledges (removes) every id divisible by 5 inserted in earlier turns.
// Prints "C <seq> <highest id inserted> <removed up to>" per commit.
int childInsert(const QString &dir)
{
    QString error;
    auto store = Store::open(dir, Durability::Normal, &error);
    if (!store) {
        say(error.toUtf8());
        return 2;
    }
    store->recover();
    const qint64 queue = store->putQueue(QueueDef{QStringLiteral("kill"), true, false, false, {}, 0});
    std::map<quint64, std::pair<quint64, quint64>> covers;   // seq -> (max id, removed up to)
    QObject::connect(store.get(), &Store::committed, store.get(), [&](quint64 seq) {
        auto it = covers.upper_bound(seq);
        if (it == covers.begin())
            return;
        --it;
        say(QByteArray("C ") + QByteArray::number(seq) + ' ' + QByteArray::number(it->second.first) + ' '
            + QByteArray::number(it->second.second));
        covers.erase(covers.begin(), it);
    });
    quint64 nextId = 1;
    quint64 removedUpTo = 0;
    QTimer turn;
    QObject::connect(&turn, &QTimer::timeout, store.get(), [&] {
        const quint64 previousMax = nextId - 1;
        for (quint64 id = (removedUpTo / 5 + 1) * 5; id <= previousMax; id += 5)
            store->removeMessage(id);
        removedUpTo = previousMax;
        const int count = 1 + QRandomGenerator::global()->bounded(300);
        for (int i = 0; i < count; ++i, ++nextId)
            store->insertMessage(queue, messageFor(nextId));
        covers[store->pendingSequence()] = {nextId - 1, removedUpTo};
    });
    turn.start(0);
    return QCoreApplication::exec();
}

// Child: fills queue A, then moves its messages to B, a random number per
// turn, each to new id MoveCount + original id; every third move replaces the
// content (adds an x-moved header). Prints "READY", then "C <seq> <moved>".
int childMove(const QString &dir)
{
    QString error;
    auto store = Store::open(dir, Durability::Normal, &error);
    if (!store) {
        say(error.toUtf8());
        return 2;
    }
    store->recover();
    const qint64 a = store->putQueue(QueueDef{QStringLiteral("a"), true, false, false, {}, 0});
    const qint64 b = store->putQueue(QueueDef{QStringLiteral("b"), true, false, false, {}, 0});
    for (quint64 id = 1; id <= MoveCount; ++id)
        store->insertMessage(a, messageFor(id));
    if (!store->flush())
        return 3;
    say("READY");
    std::map<quint64, quint64> covers;
    QObject::connect(store.get(), &Store::committed, store.get(), [&](quint64 seq) {
        auto it = covers.upper_bound(seq);
        if (it == covers.begin())
            return;
        --it;
        say(QByteArray("C ") + QByteArray::number(seq) + ' ' + QByteArray::number(it->second));
    });
    quint64 moved = 0;
    QTimer turn;
    QObject::connect(&turn, &QTimer::timeout, store.get(), [&] {
        const quint64 count = 1 + QRandomGenerator::global()->bounded(8);
        for (quint64 i = 0; i < count && moved < MoveCount; ++i) {
            const quint64 orig = ++moved;
            QueuedMessage m = messageFor(orig);
            m.id = MoveCount + orig;
            if (orig % 3 == 0) {
                auto changed = std::make_shared<MessageContent>(*m.content);
                QVariantMap headers = changed->properties.headers.value_or(QVariantMap());
                headers.insert(QStringLiteral("x-moved"), true);
                changed->properties.headers = headers;
                m.content = changed;
            } else {
                m.content = nullptr;
            }
            store->moveMessage(orig, b, m);
        }
        covers[store->pendingSequence()] = moved;
        if (moved == MoveCount)
            turn.stop();
    });
    turn.start(0);
    return QCoreApplication::exec();
}

struct ChildRun
{
    QList<QByteArray> lines;   // complete lines only
};

ChildRun runAndKill(const QString &mode, const QString &dir, int minMs, int maxMs)
{
    QProcess child;
    child.setProcessChannelMode(QProcess::SeparateChannels);
    child.start(QCoreApplication::applicationFilePath(), {mode, dir});
    ChildRun run;
    if (!child.waitForStarted(10000))
        return run;
    QByteArray output;
    QElapsedTimer sinceFirst;
    const int killAfter = minMs + QRandomGenerator::global()->bounded(maxMs - minMs);
    QElapsedTimer total;
    total.start();
    while (total.elapsed() < 30000) {
        child.waitForReadyRead(10);
        output += child.readAllStandardOutput();
        if (!sinceFirst.isValid() && output.contains("C "))
            sinceFirst.start();
        if (sinceFirst.isValid() && sinceFirst.elapsed() >= killAfter)
            break;
        if (child.state() == QProcess::NotRunning)
            break;
    }
    child.kill();   // SIGKILL
    child.waitForFinished(10000);
    output += child.readAllStandardOutput();
    const qsizetype lastNewline = output.lastIndexOf('\n');
    if (lastNewline >= 0)
        run.lines = output.left(lastNewline).split('\n');
    return run;
}

} // namespace

class TestStoreKill final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void killDuringInsertsLosesNothingCommitted_data()
    {
        QTest::addColumn<int>("minMs");
        QTest::addColumn<int>("maxMs");
        QTest::addRow("early") << 1 << 60;
        QTest::addRow("round 2") << 50 << 400;
        QTest::addRow("round 3") << 100 << 800;
        QTest::addRow("round 4") << 300 << 1200;
        QTest::addRow("round 5") << 500 << 1500;
    }
    void killDuringInsertsLosesNothingCommitted()
    {
        QFETCH(int, minMs);
        QFETCH(int, maxMs);
        QTemporaryDir tmp;
        const ChildRun run = runAndKill(QStringLiteral("--child-insert"), tmp.path(), minMs, maxMs);
        QVERIFY2(!run.lines.isEmpty() && run.lines.last().startsWith("C "),
                 qPrintable(QString::fromUtf8(run.lines.join('\n'))));
        const QList<QByteArray> last = run.lines.last().split(' ');
        QCOMPARE(last.size(), 4);
        const quint64 committedMax = last[2].toULongLong();
        const quint64 removedUpTo = last[3].toULongLong();
        QVERIFY(committedMax > 0);

        QString error;
        auto store = Store::open(tmp.path(), Durability::Normal, &error);
        QVERIFY2(store, qPrintable(error));
        const RecoveredState state = store->recover();
        QCOMPARE(state.queues.size(), 1);
        QCOMPARE(state.queues[0].def.name, QStringLiteral("kill"));
        QList<MessageId> ids;
        MessageId previous = 0;
        for (const RecoveredMessage &m : state.queues[0].messages) {
            QVERIFY(m.id > previous);   // in order
            previous = m.id;
            ids << m.id;
        }
        const QSet<MessageId> present(ids.cbegin(), ids.cend());
        for (quint64 id = 1; id <= committedMax; ++id) {
            const bool acked = id % 5 == 0 && id <= removedUpTo;
            if (acked)
                QVERIFY2(!present.contains(id), qPrintable(QStringLiteral("acked %1 came back").arg(id)));
            else if (id % 5 != 0)
                QVERIFY2(present.contains(id), qPrintable(QStringLiteral("committed %1 lost").arg(id)));
        }
        // Everything present, committed or not yet reported, is intact.
        const auto contents = store->loadContents(ids);
        QCOMPARE(contents.size(), ids.size());
        for (const RecoveredMessage &m : state.queues[0].messages) {
            const ContentPtr expected = contentFor(m.id);
            QVERIFY2(*contents.value(m.id) == *expected, qPrintable(QStringLiteral("message %1 damaged").arg(m.id)));
            QCOMPARE(m.bodySize, quint32(expected->body.size()));
        }
        qInfo("killed after %lld lines: %llu committed, %lld present", qint64(run.lines.size()),
              static_cast<unsigned long long>(committedMax), qint64(ids.size()));

        // The store is usable after the crash.
        const qint64 q = state.queues[0].storeId;
        store->insertMessage(q, messageFor(state.maxMessageId + 1));
        QVERIFY(store->flush());
    }

    void killDuringMovesKeepsEachMessageInOnePlace_data()
    {
        QTest::addColumn<int>("minMs");
        QTest::addColumn<int>("maxMs");
        QTest::addRow("early") << 1 << 30;
        QTest::addRow("middle") << 20 << 150;
        QTest::addRow("late") << 50 << 400;
    }
    void killDuringMovesKeepsEachMessageInOnePlace()
    {
        QFETCH(int, minMs);
        QFETCH(int, maxMs);
        QTemporaryDir tmp;
        const ChildRun run = runAndKill(QStringLiteral("--child-move"), tmp.path(), minMs, maxMs);
        QVERIFY2(run.lines.value(0) == "READY", qPrintable(QString::fromUtf8(run.lines.join('\n'))));
        quint64 movedCommitted = 0;
        if (run.lines.size() > 1)
            movedCommitted = run.lines.last().split(' ').value(2).toULongLong();

        QString error;
        auto store = Store::open(tmp.path(), Durability::Normal, &error);
        QVERIFY2(store, qPrintable(error));
        const RecoveredState state = store->recover();
        QCOMPARE(state.queues.size(), 2);
        QHash<quint64, QString> whereIs;   // original id -> queue
        QList<MessageId> all;
        for (const RecoveredQueue &q : state.queues)
            for (const RecoveredMessage &m : q.messages)
                all << m.id;
        const auto contents = store->loadContents(all);
        QCOMPARE(contents.size(), all.size());
        for (const RecoveredQueue &q : state.queues) {
            for (const RecoveredMessage &m : q.messages) {
                const ContentPtr c = contents.value(m.id);
                const quint64 orig = c->properties.messageId->mid(2).toULongLong();
                QVERIFY2(!whereIs.contains(orig), qPrintable(QStringLiteral("message %1 is in two places").arg(orig)));
                whereIs.insert(orig, q.def.name);
                QCOMPARE(m.id, q.def.name == QLatin1String("a") ? orig : MoveCount + orig);
                MessageContent seen = *c;
                if (seen.properties.headers && seen.properties.headers->remove(QStringLiteral("x-moved"))) {
                    QVERIFY(orig % 3 == 0);
                    if (seen.properties.headers->isEmpty() && !contentFor(orig)->properties.headers)
                        seen.properties.headers.reset();
                }
                QVERIFY2(seen == *contentFor(orig), qPrintable(QStringLiteral("message %1 damaged").arg(orig)));
            }
        }
        QCOMPARE(quint64(whereIs.size()), MoveCount);   // none lost
        for (quint64 orig = 1; orig <= movedCommitted; ++orig)
            QCOMPARE(whereIs.value(orig), QStringLiteral("b"));
        qInfo("killed with %llu moves committed; %lld in b", static_cast<unsigned long long>(movedCommitted),
              qint64(state.queues[1].messages.size()));
    }
};

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc == 3 && qstrcmp(argv[1], "--child-insert") == 0)
        return childInsert(QString::fromLocal8Bit(argv[2]));
    if (argc == 3 && qstrcmp(argv[1], "--child-move") == 0)
        return childMove(QString::fromLocal8Bit(argv[2]));
    TestStoreKill test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_storekill.moc"
