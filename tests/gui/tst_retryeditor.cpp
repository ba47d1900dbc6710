// The retry editor: a queue's x-retry-delays as a list ("1s, 5s, 30s"), as
// an exponential series (from, to, how many retries) or none. What cannot be
// a schedule keeps Apply disabled with the reason under the form; the
// preview says how many attempts a message gets and what happens after the
// last; Apply changes the queue on the broker (the dialog closes once it
// did), and the broker's refusal shows in the open dialog.

#include "GuiTestSupport.h"
#include "ui/Translations.h"
#include "ui/models/RetrySchedule.h"
#include "ui/views/MainWindow.h"
#include "ui/views/RetryActions.h"
#include "ui/views/RetryEditorDialog.h"

#include <QAction>
#include <QApplication>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QSpinBox>
#include <QTableView>
#include <QTest>

using namespace depot;
using namespace depot::ui;

namespace {

const QString kAfterLast = QStringLiteral("it is dead-lettered to jobs.dlq.");

QList<qint64> delaysOn(BrokerService &service, const QString &queue)
{
    QList<qint64> out;
    test::onBroker(service, [&](Engine &engine) {
        if (const auto info = engine.queue(queue))
            out = RetrySchedule::delaysOf(info->def.arguments);
    });
    return out;
}

} // namespace

class TestRetryEditor final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("DepotTests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_retryeditor"));
        QSettings().clear();
        ensureEnglishPlurals(*qApp);
    }

    // The window and its broker, as every test here needs them.
    void init()
    {
        m_service = test::startBroker();
        QVERIFY(m_service);
        m_window = std::make_unique<MainWindow>(m_service.get());
        m_window->resize(1400, 860);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }

    void cleanup()
    {
        m_window.reset();
        m_service.reset();
    }

    void listValidation_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("problem");
        QTest::addColumn<QList<qint64>>("delays");
        QTest::addRow("empty") << QString() << QStringLiteral("Delays: enter at least one delay, e.g. 1s, 5s, 30s.")
                               << QList<qint64>();
        QTest::addRow("no unit") << QStringLiteral("1s, 5")
                                 << QStringLiteral("Delays: delay 2: 5 needs a unit (ms, s, min or h).")
                                 << QList<qint64>();
        QTest::addRow("unknown unit") << QStringLiteral("2 days")
                                      << QStringLiteral("Delays: delay 1: \"days\" is not a unit (ms, s, min or h).")
                                      << QList<qint64>();
        QTest::addRow("negative") << QStringLiteral("1s, -2s") << QStringLiteral("Delays: delay 2 is negative.")
                                  << QList<qint64>();
        QTest::addRow("fraction of a ms")
            << QStringLiteral("1.5ms") << QStringLiteral("Delays: delay 1 is not a whole number of milliseconds.")
            << QList<qint64>();
        QTest::addRow("over a year") << QStringLiteral("9000h")
                                     << QStringLiteral("Delays: delay 1 is longer than a year.") << QList<qint64>();
        QTest::addRow("not a number") << QStringLiteral("soon")
                                      << QStringLiteral("Delays: delay 1: \"soon\" is not a number.")
                                      << QList<qint64>();
        QTest::addRow("list") << QStringLiteral("1s, 5s, 30s") << QString() << QList<qint64>{1000, 5000, 30000};
        QTest::addRow("units and spaces")
            << QStringLiteral("500ms 1.5 s;2min, 1h") << QString() << QList<qint64>{500, 1500, 120000, 3600000};
    }

    void listValidation()
    {
        QFETCH(QString, text);
        QFETCH(QString, problem);
        QFETCH(QList<qint64>, delays);
        RetryEditorDialog dialog(QStringLiteral("jobs"), {}, kAfterLast);
        QVERIFY(dialog.listMode()->isChecked());
        dialog.listEdit()->setText(text);
        QCOMPARE(dialog.problemLabel()->text(), problem);
        QPushButton *apply = dialog.buttons()->button(QDialogButtonBox::Ok);
        QCOMPARE(apply->text(), QStringLiteral("Apply"));
        QCOMPARE(apply->isEnabled(), problem.isEmpty());
        if (problem.isEmpty()) {
            QCOMPARE(*dialog.delays(), delays);
            QVERIFY2(dialog.previewLabel()->text().endsWith(kAfterLast), qPrintable(dialog.previewLabel()->text()));
        } else {
            QVERIFY(!dialog.delays());
            QVERIFY(dialog.previewLabel()->text().isEmpty());
        }
    }

    void showsTheQueuesScheduleAndWhatFollows()
    {
        RetryEditorDialog dialog(QStringLiteral("jobs"), {1000, 5000, 300000}, kAfterLast);
        QCOMPARE(dialog.listEdit()->text(), QStringLiteral("1s, 5s, 5min"));
        QCOMPARE(dialog.previewLabel()->text(),
            QStringLiteral("4 attempts: the first delivery, then 3 retries after 1 s, 5 s, 5 min. After attempt 4 "
                           "fails: ")
                + kAfterLast);
        // No schedule: returns come back at once.
        dialog.noneMode()->setChecked(true);
        QVERIFY(dialog.delays() && dialog.delays()->isEmpty());
        QVERIFY(dialog.buttons()->button(QDialogButtonBox::Ok)->isEnabled());
        QCOMPARE(dialog.previewLabel()->text(),
            QStringLiteral("A returned message comes back at once, as often as consumers return it."));
    }

    void exponentialSeries()
    {
        RetryEditorDialog dialog(QStringLiteral("jobs"), {}, kAfterLast);
        // Typing in its fields chooses the exponential form.
        dialog.fromEdit()->clear();
        QTest::keyClicks(dialog.fromEdit(), QStringLiteral("1s"));
        QVERIFY(dialog.exponentialMode()->isChecked());
        dialog.toEdit()->setText(QStringLiteral("5min"));
        dialog.retriesBox()->setValue(6);
        QCOMPARE(dialog.problemLabel()->text(), QString());
        const QList<qint64> delays = *dialog.delays();
        QCOMPARE(delays, (QList<qint64>{1000, 3100, 9800, 31000, 96000, 300000}));
        QVERIFY2(dialog.previewLabel()->text().startsWith(
                     QStringLiteral("7 attempts: the first delivery, then 6 retries after 1 s, 3.1 s, 9.8 s, 31 s, "
                                    "1 min 36 s, 5 min.")),
            qPrintable(dialog.previewLabel()->text()));

        dialog.toEdit()->setText(QStringLiteral("500ms"));
        QCOMPARE(
            dialog.problemLabel()->text(), QStringLiteral("The last delay (500 ms) is shorter than the first (1 s)."));
        QVERIFY(!dialog.buttons()->button(QDialogButtonBox::Ok)->isEnabled());
        dialog.toEdit()->setText(QStringLiteral("5"));
        QCOMPARE(dialog.problemLabel()->text(), QStringLiteral("To: delay 1: 5 needs a unit (ms, s, min or h)."));
        dialog.toEdit()->setText(QStringLiteral("1min"));
        dialog.fromEdit()->setText(QStringLiteral("0s"));
        QCOMPARE(dialog.problemLabel()->text(), QStringLiteral("An exponential series starts above 0."));
        dialog.fromEdit()->setText(QStringLiteral("1s"));
        dialog.retriesBox()->setValue(1);
        QCOMPARE(*dialog.delays(), QList<qint64>{1000});
    }

    void applyChangesTheQueue()
    {
        test::declareQueue(*m_service, QStringLiteral("jobs"),
            {{QStringLiteral("x-retry-delays"), QVariantList{1000}},
                {QStringLiteral("x-dead-letter-exchange"), QString()},
                {QStringLiteral("x-dead-letter-routing-key"), QStringLiteral("jobs.dlq")}});
        test::declareQueue(*m_service, QStringLiteral("jobs.dlq"));
        QTRY_VERIFY_WITH_TIMEOUT(m_window->selectQueue(QStringLiteral("jobs")), 5000);
        QAction *edit = m_window->action(QStringLiteral("editRetrySchedule"));
        QVERIFY(edit);
        QVERIFY(m_window->queueView()->actions().contains(edit)); // the queue list's context menu
        QTRY_VERIFY_WITH_TIMEOUT(edit->isEnabled(), 5000);
        edit->trigger();
        // Opened, not run: the window goes on while it is open.
        auto *dialog = m_window->findChild<RetryEditorDialog *>();
        QVERIFY(dialog);
        QTRY_VERIFY_WITH_TIMEOUT(dialog->isVisible(), 5000);
        QCOMPARE(dialog->listEdit()->text(), QStringLiteral("1s"));
        QVERIFY2(dialog->previewLabel()->text().contains(
                     QStringLiteral("dead-lettered (x-death reason delivery_limit) to the default exchange with "
                                    "routing key jobs.dlq")),
            qPrintable(dialog->previewLabel()->text()));
        dialog->listEdit()->setText(QStringLiteral("2s, 10s"));
        QPointer<RetryEditorDialog> open(dialog);
        dialog->buttons()->button(QDialogButtonBox::Ok)->click();
        QTRY_VERIFY_WITH_TIMEOUT(!open, 5000); // closed once the broker changed the queue
        QCOMPARE(delaysOn(*m_service, QStringLiteral("jobs")), (QList<qint64>{2000, 10000}));

        // And removed again.
        QTRY_VERIFY_WITH_TIMEOUT(
            RetrySchedule::delaysOf(m_window->client()->snapshot()->queue(QStringLiteral("jobs"))->arguments).size()
                == 2,
            5000);
        dialog = m_window->retryActions()->editSchedule();
        QCOMPARE(dialog->listEdit()->text(), QStringLiteral("2s, 10s"));
        dialog->noneMode()->setChecked(true);
        open = dialog;
        dialog->buttons()->button(QDialogButtonBox::Ok)->click();
        QTRY_VERIFY_WITH_TIMEOUT(!open, 5000);
        QCOMPARE(delaysOn(*m_service, QStringLiteral("jobs")), QList<qint64>());
    }

    void brokerRefusalShowsInTheOpenDialog()
    {
        test::declareQueue(*m_service, QStringLiteral("short-lived"));
        QTRY_VERIFY_WITH_TIMEOUT(m_window->selectQueue(QStringLiteral("short-lived")), 5000);
        RetryEditorDialog *dialog = m_window->retryActions()->editSchedule();
        QVERIFY(dialog);
        QVERIFY2(dialog->previewLabel()->text().isEmpty(), qPrintable(dialog->previewLabel()->text()));
        dialog->listEdit()->setText(QStringLiteral("1s"));
        QVERIFY2(dialog->previewLabel()->text().endsWith(
                     QStringLiteral("it is dropped (the queue has no dead-letter exchange).")),
            qPrintable(dialog->previewLabel()->text()));
        // The queue goes meanwhile: the broker refuses.
        test::onBroker(
            *m_service, [](Engine &engine) { engine.deleteQueue(QStringLiteral("short-lived"), false, false); });
        dialog->buttons()->button(QDialogButtonBox::Ok)->click();
        QTRY_VERIFY_WITH_TIMEOUT(dialog->problemLabel()->text().startsWith(QStringLiteral("Refused: ")), 5000);
        QVERIFY2(dialog->problemLabel()->text().contains(QStringLiteral("no queue 'short-lived'")),
            qPrintable(dialog->problemLabel()->text()));
        QVERIFY(dialog->isVisible());
        QCOMPARE(dialog->listEdit()->text(), QStringLiteral("1s"));
        QVERIFY(dialog->buttons()->button(QDialogButtonBox::Ok)->isEnabled()); // may try again
        dialog->reject();
    }

    void screenshot()
    {
        test::declareQueue(*m_service, QStringLiteral("jobs.dlq"));
        test::declareQueue(*m_service, QStringLiteral("jobs"),
            {{QStringLiteral("x-retry-delays"), QVariantList{1000, 5000, 30000}},
                {QStringLiteral("x-dead-letter-exchange"), QString()},
                {QStringLiteral("x-dead-letter-routing-key"), QStringLiteral("jobs.dlq")}});
        QTRY_VERIFY_WITH_TIMEOUT(m_window->selectQueue(QStringLiteral("jobs")), 5000);
        RetryEditorDialog *dialog = m_window->retryActions()->editSchedule();
        QVERIFY(dialog);
        dialog->exponentialMode()->setChecked(true);
        dialog->retriesBox()->setValue(6);
        dialog->adjustSize();
        QApplication::processEvents();
        const QString path = test::screenshotDir() + QStringLiteral("/retry-editor.png");
        QVERIFY2(dialog->grab().save(path), qPrintable(path));
        qInfo("rendered %s", qPrintable(path));
        dialog->reject();
    }

private:
    std::unique_ptr<BrokerService> m_service;
    std::unique_ptr<MainWindow> m_window;
};

QTEST_MAIN(TestRetryEditor)
#include "tst_retryeditor.moc"
