// The inspector's History tab: the life story of the selected message as a
// timeline (ui/views/HistoryTimeline), asked of the broker without waiting:
// a dead letter replayed from the window reads published, routed,
// delivered, rejected, dead-lettered, replayed, each by whom, and a screenshot
// of it goes to docs/screenshots/history-timeline.png.

#include "GuiTestSupport.h"
#include "ui/views/HistoryTimeline.h"
#include "ui/views/MainWindow.h"
#include "ui/views/MessageInspector.h"

#include <QLabel>
#include <QTabWidget>
#include <QTableView>
#include <QTest>
#include <QTreeWidget>

using namespace depot;
using namespace depot::ui;

class TestHistoryTimeline final : public QObject, public test::WindowFixture
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { prepareApplication(QStringLiteral("tst_historytimeline")); }

    void init() { QVERIFY(openWindow(QSize(1400, 860))); }

    void cleanup() { closeWindow(); }

    void requeueNobodyAskedForSaysWhy()
    {
        HistoryEvent e;
        e.kind = HistoryEventKind::Rejected;
        e.flag = true;
        e.where = QStringLiteral("jobs");
        e.reason = QStringLiteral("channel closed");
        QCOMPARE(HistoryTimeline::detailsText(e), QStringLiteral("in \u201cjobs\u201d, requeued (channel closed)"));
        e.reason.clear();
        QVERIFY(!HistoryTimeline::detailsText(e).contains(QLatin1Char('(')));
    }

    void replayedDeadLetterShowsItsStory()
    {
        test::makeDeadLetters(*m_service, QStringLiteral("orders"), 1);
        test::onBroker(*m_service, [](Engine &engine) {
            TransferSpec replay;
            replay.source = QStringLiteral("orders.dlq");
            QCOMPARE(engine.transfer(replay).value.done, 1u);
        });
        QTRY_VERIFY_WITH_TIMEOUT(shownTotal(QStringLiteral("orders")) == 1, 5000);
        showRow(QStringLiteral("orders"), 0);
        m_window->messageView()->selectRow(0);
        MessageInspector *inspector = m_window->inspector();
        QVERIFY(inspector);
        QTRY_VERIFY_WITH_TIMEOUT(inspector->message().has_value(), 5000);
        auto *sections = inspector->historyTimeline()->parentWidget();
        while (sections && !qobject_cast<QTabWidget *>(sections))
            sections = sections->parentWidget();
        QVERIFY(sections);
        qobject_cast<QTabWidget *>(sections)->setCurrentIndex(MessageInspector::HistoryTab);

        QTreeWidget *events = inspector->historyTimeline()->events();
        QTRY_COMPARE_WITH_TIMEOUT(events->topLevelItemCount(), 6, 5000);
        QStringList labels;
        QStringList actors;
        for (int i = 0; i < events->topLevelItemCount(); ++i) {
            labels << events->topLevelItem(i)->text(HistoryTimeline::EventColumn);
            actors << events->topLevelItem(i)->text(HistoryTimeline::ActorColumn);
        }
        QCOMPARE(labels,
            (QStringList{QStringLiteral("Published"), QStringLiteral("Routed"), QStringLiteral("Delivered"),
                QStringLiteral("Rejected"), QStringLiteral("Dead-lettered"), QStringLiteral("Replayed")}));
        // makeDeadLetters publishes and rejects through the window's side of
        // the broker; the dead-lettering is Depot's own.
        QCOMPARE(actors.at(0), QStringLiteral("the window"));
        QCOMPARE(actors.at(4), QStringLiteral("Depot"));
        QCOMPARE(actors.at(5), QStringLiteral("the window"));
        QVERIFY2(events->topLevelItem(4)->text(HistoryTimeline::DetailsColumn).contains(QStringLiteral("orders.dlq")),
            qPrintable(events->topLevelItem(4)->text(HistoryTimeline::DetailsColumn)));
        const QString summary = inspector->historyTimeline()->summary()->text();
        QVERIFY2(summary.contains(QStringLiteral("→")) && summary.contains(QStringLiteral("orders")), qPrintable(summary));

        // The last event is shown whole below the list; a chosen one too.
        QLabel *details = inspector->historyTimeline()->eventDetails();
        QTRY_VERIFY_WITH_TIMEOUT(details->isVisible(), 5000);
        QVERIFY2(details->text().contains(events->topLevelItem(5)->text(HistoryTimeline::DetailsColumn)),
            qPrintable(details->text()));
        QVERIFY(details->text().contains(QStringLiteral("Replayed")));
        events->setCurrentItem(events->topLevelItem(4));
        QVERIFY2(details->text().contains(events->topLevelItem(4)->text(HistoryTimeline::DetailsColumn))
                && details->text().contains(QStringLiteral("Dead-lettered")),
            qPrintable(details->text()));
        // ... readable: both its lines, not cut off.
        QTRY_VERIFY_WITH_TIMEOUT(details->height() >= 2 * details->fontMetrics().lineSpacing(), 5000);

        // Details wrap: every row is as tall as its wrapped text needs, none
        // cut off, in the inspector beside the list (where some do wrap) and
        // stacked under it in a narrower window.
        QTRY_VERIFY_WITH_TIMEOUT(allDetailsFit(events), 5000);
        QVERIFY(!allDetailsFitOnOneLine(events));
        QVERIFY(m_window->grab().save(test::screenshotDir() + QStringLiteral("/history-timeline.png")));
        m_window->resize(900, 860);
        QTRY_VERIFY_WITH_TIMEOUT(allDetailsFit(events), 5000);
    }

private:
    static int detailsHeight(const QTreeWidget *events, int row)
    {
        const QString text = events->topLevelItem(row)->text(HistoryTimeline::DetailsColumn);
        const int width = events->columnWidth(HistoryTimeline::DetailsColumn) - 8; // the delegate's margins
        return events->fontMetrics().boundingRect(QRect(0, 0, width, 100000), Qt::TextWordWrap, text).height();
    }

    static bool allDetailsFit(const QTreeWidget *events)
    {
        for (int row = 0; row < events->topLevelItemCount(); ++row)
            if (events->visualItemRect(events->topLevelItem(row)).height() < detailsHeight(events, row))
                return false;
        return true;
    }

    static bool allDetailsFitOnOneLine(const QTreeWidget *events)
    {
        for (int row = 0; row < events->topLevelItemCount(); ++row)
            if (detailsHeight(events, row) > events->fontMetrics().height())
                return false;
        return true;
    }
};

QTEST_MAIN(TestHistoryTimeline)
#include "tst_historytimeline.moc"
