// The Messages tab of a remote RabbitMQ's page, against the private
// rabbitmq-server of CTest's fixture `rabbitmq` (DEPOT_RABBITMQ_STATE):
// reading a classic queue asks first (it requeues and sets the redelivered
// flag, which the window then shows); a dead letter made on the real broker
// (a queue with a dead-letter exchange, basic.reject without requeue through
// the management API's get) shows its x-death timeline, and replaying it
// sends it back to the queue it died in and leaves the dead-letter queue
// empty; a replay of many shows its progress (the screenshot) and Cancel
// stops it with every message either moved or still where it was; the
// process running the window killed -9 mid-replay, five times at different
// points, loses and doubles nothing; purge asks.

#include "GuiTestSupport.h"
#include "RemoteTestSupport.h"
#include "ui/remote/RemoteBroker.h"
#include "ui/remote/RemoteMessageJobs.h"
#include "ui/views/MainWindow.h"
#include "ui/views/MessageInspector.h"
#include "ui/views/RemoteBrokerView.h"
#include "ui/views/RemoteBrokers.h"
#include "ui/views/RemoteMessagesPanel.h"

#include <QAbstractButton>
#include <QCheckBox>
#include <QComboBox>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QProcess>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabWidget>
#include <QTest>
#include <QTreeWidget>
#include <QUuid>

#include <csignal>
#include <cstdio>

using namespace depot;
using namespace depot::ui;
using remote::RemoteBroker;
using remote::RemoteProfile;
using test::Rabbit;

class TestRemoteMessages final : public QObject, public test::RemoteWindowFixture
{
    Q_OBJECT

private:
    // The management API through curl (Debian's curl): the answer's JSON.
    QJsonDocument api(const QByteArray &verb, const QString &path, const QJsonObject &body = {})
    {
        QProcess p;
        QStringList args{u"-sf"_qs, u"-u"_qs, m_rabbit.user + u':' + m_rabbit.password, u"-X"_qs,
            QString::fromLatin1(verb), m_rabbit.managementUrl + path};
        if (!body.isEmpty())
            args << u"-H"_qs << u"content-type: application/json"_qs << u"-d"_qs
                 << QString::fromUtf8(QJsonDocument(body).toJson(QJsonDocument::Compact));
        p.start(QStringLiteral("curl"), args);
        if (!p.waitForFinished(30000) || p.exitCode() != 0) {
            qWarning() << "curl" << args << "failed:" << p.exitCode() << p.readAllStandardError();
            return QJsonDocument(QJsonObject{{QStringLiteral("curlFailed"), true}});
        }
        return QJsonDocument::fromJson(p.readAllStandardOutput());
    }
    bool declare(const QString &queue, const QJsonObject &arguments = {})
    {
        return !api("PUT", u"/api/queues/%2F/" + queue,
            {{u"durable"_qs, true}, {u"arguments"_qs, arguments}}).object().contains(u"curlFailed"_qs);
    }
    bool publish(const QString &queue, const QString &body, const QJsonObject &properties = {})
    {
        return api("POST", u"/api/exchanges/%2F/amq.default/publish"_qs,
            {{u"routing_key"_qs, queue}, {u"payload"_qs, body}, {u"payload_encoding"_qs, u"string"_qs},
                {u"properties"_qs, properties}})
            .object()
            .value(u"routed"_qs)
            .toBool();
    }
    // Takes up to `count` messages off `queue` with `ackmode` (the management
    // API's get: reject_requeue_false is basic.reject without requeue).
    QJsonArray take(const QString &queue, int count, const QString &ackmode = u"ack_requeue_false"_qs)
    {
        return api("POST", u"/api/queues/%2F/" + queue + u"/get",
            {{u"count"_qs, count}, {u"ackmode"_qs, ackmode}, {u"encoding"_qs, u"auto"_qs}})
            .array();
    }
    RemoteProfile profile() const { return test::profileOf(m_rabbit, QStringLiteral("staging")); }
    // Opens the broker and shows `queue` on the Messages tab once the broker lists it.
    RemoteMessagesPanel *openOn(const QString &queue, quint64 depth)
    {
        RemoteBrokerView *view = m_window->remoteBrokers()->open(profile(), m_rabbit.password);
        view->tabs()->setCurrentIndex(RemoteBrokerView::MessagesTab);
        const auto listed = [&] {
            const QueueRow *row = view->broker()->snapshot()->queue(queue);
            return row && row->ready + row->unacked >= depth;
        };
        if (!QTest::qWaitFor(listed, 30000))
            return nullptr;
        view->messagesPanel()->setQueue(queue);
        return view->messagesPanel();
    }
    // `count` messages published to `work` (which dead-letters to `dlq`) and
    // rejected without requeue by python3-pika: dead letters with RabbitMQ's
    // own x-death. Their bodies are {"n":0} to {"n":count-1}.
    bool deadLetters(const QString &work, const QString &dlq, int count)
    {
        QProcess py;
        py.start(QStringLiteral("/usr/bin/python3"),
            {u"-c"_qs, QStringLiteral("import pika\n"
                                      "c=pika.BlockingConnection(pika.ConnectionParameters('127.0.0.1', %3, '/', "
                                      "pika.PlainCredentials('%1', '%2')))\n"
                                      "ch=c.channel()\n"
                                      "ch.confirm_delivery()\n"
                                      "for i in range(%4): ch.basic_publish('', '%5', ('{\"n\":%d}' % i).encode(), "
                                      "pika.BasicProperties(delivery_mode=2))\n"
                                      "ch.basic_qos(prefetch_count=500)\n"
                                      "n=0\n"
                                      "for m, p, b in ch.consume('%5', inactivity_timeout=10):\n"
                                      "    if m is None: break\n"
                                      "    ch.basic_reject(m.delivery_tag, requeue=False)\n"
                                      "    n+=1\n"
                                      "    if n == %4: break\n"
                                      "ch.cancel()\n"
                                      "assert n == %4, n\n"
                                      "c.close()\n")
                            .arg(m_rabbit.user, m_rabbit.password)
                            .arg(m_rabbit.amqpPort)
                            .arg(count)
                            .arg(work)});
        if (!py.waitForFinished(180000) || py.exitCode() != 0) {
            qWarning() << "python3-pika failed:" << py.readAllStandardError();
            return false;
        }
        // Until every one has reached the dead-letter queue.
        return QTest::qWaitFor(
            [&] {
                return api("GET", u"/api/queues/%2F/" + dlq).object().value(u"messages"_qs).toInt() == count;
            },
            60000);
    }
    // The window of a process of its own (this test's replayUntilKilled)
    // replays `dlq` back to where its messages died; killed with SIGKILL
    // `delayMs` after its first progress report. The messages it reported
    // done by then, or -1 when it ended (or failed) before the kill.
    qint64 replayAndKill(const QString &dlq, int delayMs)
    {
        QProcess child;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("DEPOT_TEST_REPLAY_SOURCE"), dlq);
        child.setProcessEnvironment(env);
        child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        child.start(QCoreApplication::applicationFilePath(), {u"replayUntilKilled"_qs});
        if (!child.waitForStarted(30000))
            return -1;
        qint64 done = -1;
        QElapsedTimer clock;
        clock.start();
        while (clock.elapsed() < 120000) {
            if (!child.canReadLine() && !child.waitForReadyRead(1000)) {
                if (child.state() == QProcess::NotRunning)
                    break;
                continue;
            }
            const QByteArray line = child.readLine().trimmed();
            if (line.startsWith("finished ")) {
                qWarning() << "the replay ended before the kill:" << line;
                break;
            }
            if (!line.startsWith("progress "))
                continue;
            QTest::qWait(delayMs);
            ::kill(pid_t(child.processId()), SIGKILL);
            child.waitForFinished(30000);
            // The last report before the kill.
            const QList<QByteArray> rest = QByteArray(line).append('\n').append(child.readAllStandardOutput()).split('\n');
            for (const QByteArray &l : rest) {
                if (l.startsWith("progress "))
                    done = l.split(' ').value(2).toLongLong();
            }
            if (child.exitStatus() != QProcess::CrashExit)
                done = -1;
            return done;
        }
        child.kill();
        child.waitForFinished(30000);
        return -1;
    }

    static void answer(RemoteMessagesPanel *panel, bool yes)
    {
        QMessageBox *box = panel->question();
        QVERIFY(box);
        for (QAbstractButton *b : box->buttons()) {
            if ((box->buttonRole(b) == QMessageBox::AcceptRole) == yes) {
                b->click();
                return;
            }
        }
        QFAIL("no such button");
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(prepareRemote(QStringLiteral("tst_remotemessages"))); }
    void init() { QVERIFY(openWindow(QSize(1400, 900))); }
    void cleanup() { closeWindow(); }

    void readingAClassicQueueAsksAndShowsRedelivered()
    {
        const QString queue = test::uniqueName(QStringLiteral("orders"));
        QVERIFY(declare(queue));
        for (int i = 0; i < 3; ++i)
            QVERIFY(publish(queue, QStringLiteral("{\"order\":%1}").arg(i), {{u"content_type"_qs, u"application/json"_qs}}));
        RemoteMessagesPanel *panel = openOn(queue, 3);
        QVERIFY(panel);
        QVERIFY(!panel->isStream());

        // The question comes first; No reads nothing.
        panel->readButton()->click();
        QVERIFY(panel->question());
        QVERIFY2(panel->question()->text().contains(QStringLiteral("redelivered")), qPrintable(panel->question()->text()));
        answer(panel, false);
        QVERIFY(!panel->question());
        QTest::qWait(100);
        QVERIFY(panel->messages().isEmpty());

        QSignalSpy read(panel, &RemoteMessagesPanel::readFinished);
        panel->readButton()->click();
        answer(panel, true);
        QTRY_COMPARE_WITH_TIMEOUT(read.size(), 1, 30000);
        QCOMPARE(panel->messages().size(), 3);
        QCOMPARE(panel->list()->topLevelItem(0)->text(RemoteMessagesPanel::Redelivered), QStringLiteral("no"));
        QCOMPARE(panel->messages().first().content().body, QByteArray("{\"order\":0}"));
        QCOMPARE(panel->inspector()->message()->state.content->properties.contentType, QStringLiteral("application/json"));

        // They were put back, flagged: a second read shows the flag.
        panel->readButton()->click();
        answer(panel, true);
        QTRY_COMPARE_WITH_TIMEOUT(read.size(), 2, 30000);
        QCOMPARE(panel->messages().size(), 3);
        for (int i = 0; i < 3; ++i)
            QCOMPARE(panel->list()->topLevelItem(i)->text(RemoteMessagesPanel::Redelivered), QStringLiteral("yes"));
        QCOMPARE(take(queue, 10).size(), 3); // nothing was lost on the way
    }

    void replaysADeadLetterBackToItsQueue()
    {
        const QString work = test::uniqueName(QStringLiteral("work"));
        const QString dlq = work + QStringLiteral(".dlq");
        QVERIFY(declare(dlq));
        QVERIFY(declare(work, {{u"x-dead-letter-exchange"_qs, u""_qs}, {u"x-dead-letter-routing-key"_qs, dlq}}));
        QVERIFY(publish(work, QStringLiteral("{\"id\":42}")));
        // basic.reject without requeue on the real broker: dead-lettered to dlq.
        QCOMPARE(take(work, 1, u"reject_requeue_false"_qs).size(), 1);

        RemoteMessagesPanel *panel = openOn(dlq, 1);
        QVERIFY(panel);
        QSignalSpy read(panel, &RemoteMessagesPanel::readFinished);
        panel->readButton()->click();
        answer(panel, true);
        QTRY_COMPARE_WITH_TIMEOUT(read.size(), 1, 30000);
        QCOMPARE(panel->messages().size(), 1);
        const remote::RemoteMessage &m = panel->messages().first();
        QCOMPARE(m.originQueue(), work);
        QCOMPARE(m.content().deaths.records.size(), 1);
        QCOMPARE(m.content().deaths.records.first().reason, DeathReason::Rejected);
        // The inspector shows the same timeline as for Depot's own.
        QVERIFY(panel->inspector()->isDeadLetter());
        QCOMPARE(panel->inspector()->deathTimeline()->topLevelItemCount() > 0, true);
        QVERIFY(panel->inspector()->replayButton()->isEnabled());

        QSignalSpy finished(panel, &RemoteMessagesPanel::transferFinished);
        panel->inspector()->replayButton()->click();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 60000);
        QVERIFY(panel->lastSummary());
        QVERIFY2(panel->lastSummary()->error.isEmpty(), qPrintable(panel->lastSummary()->error));
        QCOMPARE(panel->lastSummary()->done, 1u);
        QVERIFY(panel->lastSummary()->transactions); // no target refuses when full
        QVERIFY2(panel->statusLabel()->text().contains(QStringLiteral("1 message confirmed")),
            qPrintable(panel->statusLabel()->text()));
        // Back where it died, and the dead-letter queue is empty.
        const QJsonArray back = take(work, 10);
        QCOMPARE(back.size(), 1);
        QCOMPARE(back.first().toObject().value(u"payload"_qs).toString(), QStringLiteral("{\"id\":42}"));
        QCOMPARE(take(dlq, 10).size(), 0);
    }

    void aQueueThatRefusesWhenFullIsReplayedWithConfirms()
    {
        // A commit RabbitMQ applies in part cannot be undone, so a replay
        // whose target refuses publishes when full uses confirms from the
        // start: each refused message stays on the dead-letter queue.
        const QString work = test::uniqueName(QStringLiteral("bounded"));
        const QString dlq = work + QStringLiteral(".dlq");
        QVERIFY(declare(dlq));
        QVERIFY(declare(work, {{u"x-dead-letter-exchange"_qs, u""_qs}, {u"x-dead-letter-routing-key"_qs, dlq},
                                  {u"x-max-length"_qs, 1}, {u"x-overflow"_qs, u"reject-publish"_qs}}));
        for (int i = 0; i < 3; ++i) {
            QVERIFY(publish(work, QStringLiteral("{\"n\":%1}").arg(i)));
            QCOMPARE(take(work, 1, u"reject_requeue_false"_qs).size(), 1);
        }
        QVERIFY(publish(work, QStringLiteral("blocker"))); // now full

        RemoteMessagesPanel *panel = openOn(dlq, 3);
        QVERIFY(panel);
        QSignalSpy finished(panel, &RemoteMessagesPanel::transferFinished);
        panel->replayAll();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 60000);
        const remote::TransferSummary s = *panel->lastSummary();
        QVERIFY2(s.error.isEmpty(), qPrintable(s.error));
        QVERIFY(!s.transactions);
        QVERIFY2(s.note.contains(QStringLiteral("queue %1 refuses publishes when full (overflow reject-publish)").arg(work)),
            qPrintable(s.note));
        QCOMPARE(s.done, 0u);
        QCOMPARE(s.refused, 3u);
        // Nothing moved, nothing lost: the three on the dead-letter queue,
        // the blocker alone on the full one.
        QCOMPARE(take(dlq, 10).size(), 3);
        QCOMPARE(take(work, 10).size(), 1);
        api("DELETE", u"/api/queues/%2F/" + work);
    }

    void aLongReplayShowsProgressAndCancelLosesNothing()
    {
        const QString dlq = test::uniqueName(QStringLiteral("failed"));
        const QString target = dlq + QStringLiteral(".retry");
        QVERIFY(declare(dlq));
        QVERIFY(declare(target));
        constexpr int Count = 10000;
        // Published with python3-pika (one connection; curl would take minutes).
        QProcess py;
        py.start(QStringLiteral("/usr/bin/python3"),
            {u"-c"_qs, QStringLiteral("import pika,sys\n"
                                      "c=pika.BlockingConnection(pika.ConnectionParameters('127.0.0.1', %3, '/', "
                                      "pika.PlainCredentials('%1', '%2')))\n"
                                      "ch=c.channel()\n"
                                      "for i in range(%4): ch.basic_publish('', '%5', ('{\"n\":%d}' % i).encode())\n"
                                      "c.close()\n")
                            .arg(m_rabbit.user, m_rabbit.password)
                            .arg(m_rabbit.amqpPort)
                            .arg(Count)
                            .arg(dlq)});
        QVERIFY(py.waitForFinished(120000));
        QVERIFY2(py.exitCode() == 0, py.readAllStandardError().constData());

        RemoteMessagesPanel *panel = openOn(dlq, Count);
        QVERIFY(panel);
        panel->targetKindCombo()->setCurrentIndex(RemoteMessagesPanel::ToQueue);
        panel->targetCombo()->setCurrentText(target);
        QSignalSpy progress(panel->jobs(), &remote::RemoteMessageJobs::transferProgress);
        QSignalSpy finished(panel, &RemoteMessagesPanel::transferFinished);
        panel->replayAll();
        // A tenth of the way (progress comes at most every 100 ms).
        const auto examined = [&] { return progress.isEmpty() ? 0u : progress.last().at(0).toULongLong(); };
        QTRY_VERIFY_WITH_TIMEOUT(examined() >= Count / 10 || !finished.isEmpty(), 120000);
        QVERIFY2(finished.isEmpty(), "the replay ended before its first progress report");
        QVERIFY(panel->progressBar()->isVisible());
        QVERIFY(panel->cancelButton()->isVisible());
        QVERIFY(panel->statusLabel()->text().contains(QStringLiteral("looked at")));
        QVERIFY(m_window->grab().toImage().save(test::screenshotDir() + QStringLiteral("/remote-replay.png")));

        panel->cancelButton()->click();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 60000);
        const remote::TransferSummary s = *panel->lastSummary();
        QVERIFY2(s.error.isEmpty(), qPrintable(s.error));
        QVERIFY(s.cancelled);
        QVERIFY(s.done > 0 && s.done < quint64(Count));
        QVERIFY(panel->statusLabel()->text().contains(QStringLiteral("cancelled")));
        // Every message is in exactly one of the two queues.
        QCOMPARE(take(target, Count + 1).size(), int(s.done));
        QCOMPARE(take(dlq, Count + 1).size(), Count - int(s.done));
    }

    void killedMidReplayLosesNothing()
    {
        if (!qEnvironmentVariableIsEmpty("DEPOT_TEST_REPLAY_SOURCE"))
            QSKIP("this is the process to be killed");
        const QString work = test::uniqueName(QStringLiteral("payments"));
        const QString dlq = work + QStringLiteral(".dlq");
        QVERIFY(declare(dlq));
        QVERIFY(declare(work, {{u"x-dead-letter-exchange"_qs, u""_qs}, {u"x-dead-letter-routing-key"_qs, dlq}}));
        constexpr int Count = 10000;
        QVERIFY(deadLetters(work, dlq, Count));
        // Killed five times: right at a progress report (a commit just
        // made), and 20 to 150 ms later (in the next batches' gets,
        // publishes or commit).
        for (const int delayMs : {0, 20, 40, 80, 150}) {
            const qint64 done = replayAndKill(dlq, delayMs);
            QVERIFY2(done >= 0, "the window's process was not killed mid-replay");
            qInfo("killed %d ms after a progress report, %lld reported done", delayMs, done);
        }
        // Every message is in exactly one of the two queues, once the killed
        // connections' unacknowledged messages are back in the dead-letter queue.
        QMap<QString, int> seen;
        int back = 0;
        const auto takeAll = [&] {
            for (const QString &queue : {work, dlq}) {
                for (const QJsonValue &m : take(queue, Count + 1)) {
                    ++seen[m.toObject().value(u"payload"_qs).toString()];
                    back += queue == work;
                }
            }
            return seen.size() >= Count;
        };
        QVERIFY2(QTest::qWaitFor(takeAll, 60000), qPrintable(QStringLiteral("%1 of %2 found").arg(seen.size()).arg(Count)));
        qInfo("%d back in %s, %d still dead letters", back, qPrintable(work), Count - back);
        QVERIFY(back > 0);
        QCOMPARE(seen.size(), Count);
        for (auto it = seen.cbegin(); it != seen.cend(); ++it)
            QVERIFY2(it.value() == 1, qPrintable(it.key() + QStringLiteral(" is there %1 times").arg(it.value())));
        for (int i = 0; i < Count; ++i)
            QVERIFY(seen.contains(QStringLiteral("{\"n\":%1}").arg(i)));
    }

    // Run only by killedMidReplayLosesNothing, in a process of its own: the
    // window replays the dead-letter queue it names back to the queues its
    // messages died in, reporting progress on stdout, until it is killed.
    void replayUntilKilled()
    {
        const QString dlq = qEnvironmentVariable("DEPOT_TEST_REPLAY_SOURCE");
        if (dlq.isEmpty())
            QSKIP("run by killedMidReplayLosesNothing, in a process of its own");
        RemoteMessagesPanel *panel = openOn(dlq, 1);
        QVERIFY(panel);
        panel->targetKindCombo()->setCurrentIndex(RemoteMessagesPanel::ToOrigin);
        connect(panel->jobs(), &remote::RemoteMessageJobs::transferProgress, this,
            [](quint64 examined, quint64 done, quint64 total) {
                std::printf("progress %llu %llu %llu\n", static_cast<unsigned long long>(examined),
                    static_cast<unsigned long long>(done), static_cast<unsigned long long>(total));
                std::fflush(stdout);
            });
        QSignalSpy finished(panel, &RemoteMessagesPanel::transferFinished);
        panel->replayAll();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 300000);
        std::printf("finished %llu\n", static_cast<unsigned long long>(panel->lastSummary()->done));
        std::fflush(stdout);
    }

    void moveToAnExchangeWithARoutingKey()
    {
        const QString source = test::uniqueName(QStringLiteral("parked"));
        const QString exchange = test::uniqueName(QStringLiteral("reroute"));
        const QString bound = source + QStringLiteral(".bound");
        QVERIFY(declare(source));
        QVERIFY(declare(bound));
        QVERIFY(!api("PUT", u"/api/exchanges/%2F/" + exchange, {{u"type"_qs, u"direct"_qs}, {u"durable"_qs, true}})
                     .object()
                     .contains(u"curlFailed"_qs));
        QVERIFY(!api("POST", u"/api/bindings/%2F/e/" + exchange + u"/q/" + bound, {{u"routing_key"_qs, u"again"_qs}})
                     .object()
                     .contains(u"curlFailed"_qs));
        for (int i = 0; i < 3; ++i)
            QVERIFY(publish(source, QStringLiteral("parked %1").arg(i)));
        RemoteMessagesPanel *panel = openOn(source, 3);
        QVERIFY(panel);
        // The exchange is offered once the broker lists it.
        panel->targetKindCombo()->setCurrentIndex(RemoteMessagesPanel::ToExchange);
        QVERIFY(panel->routingKeyEdit()->isVisible());
        QTRY_VERIFY_WITH_TIMEOUT(panel->targetCombo()->findText(exchange) >= 0, 30000);
        panel->targetCombo()->setCurrentIndex(panel->targetCombo()->findText(exchange));
        panel->routingKeyEdit()->setText(QStringLiteral("again"));
        QVERIFY(m_window->grab().toImage().save(test::screenshotDir() + QStringLiteral("/remote-exchange-target.png")));
        QSignalSpy finished(panel, &RemoteMessagesPanel::transferFinished);
        QPushButton *move = nullptr;
        for (QPushButton *b : panel->findChildren<QPushButton *>()) {
            if (b->text() == QStringLiteral("Move all"))
                move = b;
        }
        QVERIFY(move && move->isEnabled());
        move->click();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 60000);
        const remote::TransferSummary s = *panel->lastSummary();
        QVERIFY2(s.error.isEmpty(), qPrintable(s.error));
        QCOMPARE(s.done, 3u);
        QVERIFY(!s.transactions); // an exchange's routing is known only from its confirms
        QCOMPARE(take(bound, 10).size(), 3);
        QCOMPARE(take(source, 10).size(), 0);
    }

    void purgeAsksFirst()
    {
        const QString queue = test::uniqueName(QStringLiteral("junk"));
        QVERIFY(declare(queue));
        QVERIFY(publish(queue, QStringLiteral("a")));
        QVERIFY(publish(queue, QStringLiteral("b")));
        RemoteMessagesPanel *panel = openOn(queue, 2);
        QVERIFY(panel);
        QSignalSpy purged(panel, &RemoteMessagesPanel::purged);
        panel->purge();
        answer(panel, false);
        QTest::qWait(100);
        QCOMPARE(purged.size(), 0);
        panel->purge();
        QVERIFY(panel->question()->text().contains(queue));
        answer(panel, true);
        QTRY_COMPARE_WITH_TIMEOUT(purged.size(), 1, 30000);
        QVERIFY2(panel->statusLabel()->text().startsWith(QStringLiteral("Purged")), qPrintable(panel->statusLabel()->text()));
        QCOMPARE(take(queue, 10).size(), 0);
    }

    void aStreamIsReadFromAnOffsetWithoutTakingAnything()
    {
        const QString stream = test::uniqueName(QStringLiteral("events"));
        QVERIFY(declare(stream, {{u"x-queue-type"_qs, u"stream"_qs}}));
        for (int i = 0; i < 5; ++i)
            QVERIFY(publish(stream, QStringLiteral("event %1").arg(i)));
        RemoteMessagesPanel *panel = openOn(stream, 0);
        QVERIFY(panel);
        QVERIFY(panel->isStream());
        QVERIFY(panel->offsetBox()->isVisible());
        QSignalSpy read(panel, &RemoteMessagesPanel::readFinished);
        panel->offsetBox()->setValue(2);
        panel->readButton()->click();
        QVERIFY(!panel->question()); // nothing to ask: reading a stream changes nothing
        QTRY_COMPARE_WITH_TIMEOUT(read.size(), 1, 30000);
        QVERIFY2(panel->messages().size() == 3, qPrintable(panel->statusLabel()->text()));
        QCOMPARE(panel->messages().first().content().body, QByteArray("event 2"));
        QCOMPARE(panel->messages().first().streamOffset, 2);
        // Read again from the first: all five are still there.
        panel->offsetBox()->setValue(-1);
        panel->readButton()->click();
        QTRY_COMPARE_WITH_TIMEOUT(read.size(), 2, 30000);
        QCOMPARE(panel->messages().size(), 5);
    }
};

QTEST_MAIN(TestRemoteMessages)
#include "tst_remotemessages.moc"
