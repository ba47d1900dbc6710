// PasswordVerifier: checks run off the calling thread, answers come back on
// it, sources take turns, a source's backlog is bounded, and nothing is
// answered after the verifier is gone.

#include "broker/auth/PasswordVerifier.h"

#include <QSignalSpy>
#include <QTest>
#include <QTimer>

using namespace depot::auth;

class TestPasswordVerifier final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void answersOnTheOwningThreadNeverBeforeVerifyReturns()
    {
        PasswordVerifier verifier;
        const PasswordHash hash = hashPassword(QStringLiteral("right"), MinPbkdf2Iterations);
        QList<bool> answers;
        QList<QThread *> threads;
        QVERIFY(verifier.verify(hash, QStringLiteral("right"), QStringLiteral("a"), [&](bool ok) {
            answers.append(ok);
            threads.append(QThread::currentThread());
        }));
        QVERIFY(verifier.verify(hash, QStringLiteral("wrong"), QStringLiteral("a"), [&](bool ok) {
            answers.append(ok);
            threads.append(QThread::currentThread());
        }));
        QVERIFY(answers.isEmpty());
        QCOMPARE(verifier.pending(), 2);
        QTRY_COMPARE(answers.size(), 2);
        QCOMPARE(answers, (QList<bool>{true, false}));
        QCOMPARE(threads, (QList<QThread *>{QThread::currentThread(), QThread::currentThread()}));
        QCOMPARE(verifier.pending(), 0);
        QCOMPARE(verifier.pendingFrom(QStringLiteral("a")), 0);
    }

    void theCallingThreadRunsWhileACheckRuns()
    {
        // A check that costs 200,000 PBKDF2 iterations; meanwhile this thread
        // keeps turning its event loop (the broker thread would serve its
        // other clients): a zero-timeout timer fires again and again before
        // the answer comes.
        PasswordVerifier verifier;
        int turns = 0;
        int turnsWhenAnswered = -1;
        QTimer ticker;
        ticker.setInterval(0);
        connect(&ticker, &QTimer::timeout, this, [&] { ++turns; });
        ticker.start();
        QVERIFY(verifier.verify(decoyHash(200000), QStringLiteral("pw"), QStringLiteral("a"), [&](bool ok) {
            QVERIFY(!ok);
            turnsWhenAnswered = turns;
        }));
        QTRY_VERIFY_WITH_TIMEOUT(turnsWhenAnswered >= 0, 60000);
        QVERIFY2(turnsWhenAnswered > 10, qPrintable(QString::number(turnsWhenAnswered)));
    }

    void sourcesTakeTurns()
    {
        PasswordVerifier verifier(1);
        const PasswordHash hash = decoyHash(MinPbkdf2Iterations);
        QStringList order;
        for (int i = 1; i <= 5; ++i) {
            const QString name = QStringLiteral("flood-%1").arg(i);
            QVERIFY(
                verifier.verify(hash, name, QStringLiteral("10.0.0.9"), [&order, name](bool) { order.append(name); }));
        }
        QVERIFY(verifier.verify(hash, QStringLiteral("app"), QStringLiteral("10.0.0.2"),
            [&order](bool) { order.append(QStringLiteral("app")); }));
        QTRY_COMPARE(order.size(), 6);
        // The flood's first check was running already; the other source's
        // comes next, not after the whole flood.
        QCOMPARE(order,
            (QStringList{QStringLiteral("flood-1"), QStringLiteral("app"), QStringLiteral("flood-2"),
                QStringLiteral("flood-3"), QStringLiteral("flood-4"), QStringLiteral("flood-5")}));
    }

    void aSourcesBacklogIsBounded()
    {
        PasswordVerifier verifier(1);
        const PasswordHash hash = decoyHash(MinPbkdf2Iterations);
        int answered = 0;
        for (int i = 0; i < PasswordVerifier::MaxPendingPerSource; ++i)
            QVERIFY(verifier.verify(hash, QString::number(i), QStringLiteral("10.0.0.9"), [&](bool) { ++answered; }));
        QCOMPARE(verifier.pendingFrom(QStringLiteral("10.0.0.9")), PasswordVerifier::MaxPendingPerSource);
        // One more from there is refused; another source is still served.
        QVERIFY(!verifier.verify(hash, QStringLiteral("x"), QStringLiteral("10.0.0.9"), [&](bool) { ++answered; }));
        QVERIFY(verifier.verify(hash, QStringLiteral("y"), QStringLiteral("10.0.0.2"), [&](bool) { ++answered; }));
        QTRY_COMPARE(answered, PasswordVerifier::MaxPendingPerSource + 1);
        QCOMPARE(verifier.pending(), 0);
        // Drained: the source may ask again.
        QVERIFY(verifier.verify(hash, QStringLiteral("z"), QStringLiteral("10.0.0.9"), [&](bool) { ++answered; }));
        QTRY_COMPARE(answered, PasswordVerifier::MaxPendingPerSource + 2);
    }

    void destroyedWithChecksOutstandingAnswersNothing()
    {
        int answered = 0;
        {
            PasswordVerifier verifier(1);
            for (int i = 0; i < 3; ++i)
                QVERIFY(verifier.verify(
                    decoyHash(20000), QStringLiteral("pw"), QStringLiteral("a"), [&](bool) { ++answered; }));
        }
        // Answers a worker posted before the verifier went die with it.
        QTest::qWait(50);
        QCOMPARE(answered, 0);
    }
};

QTEST_GUILESS_MAIN(TestPasswordVerifier)
#include "tst_passwordverifier.moc"
