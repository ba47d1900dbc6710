// The window's small frictions, each checked as a user would see it:
// mnemonics shown as literal ampersands, dialog titles cut off, the scan
// progress under the Stop button and the filter row jumping, empty charts
// with repeated axis labels, the hex view's text column cut off.

#include "GuiTestSupport.h"
#include "ui/client/BrokerClient.h"
#include "ui/models/MessageListModel.h"
#include "ui/models/QueueListModel.h"
#include "ui/views/ChartsView.h"
#include "ui/views/MainWindow.h"
#include "ui/views/MessageBrowser.h"
#include "ui/views/MessageInspector.h"
#include "ui/views/PublishDialog.h"
#include "ui/views/WindowParts.h"

#include <QApplication>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QSettings>
#include <QTabWidget>
#include <QTableView>
#include <QTest>
#include <QTextBlock>
#include <QToolButton>
#include <QValueAxis>
#include <cmath>

using namespace depot;
using namespace depot::ui;

class TestWindowPolish final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("DepotTests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_windowpolish"));
        QSettings().clear();
    }

    void init()
    {
        m_service = test::startBroker();
        QVERIFY(m_service);
        m_window = std::make_unique<MainWindow>(m_service.get());
        m_window->resize(1280, 800);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }

    void cleanup()
    {
        m_window.reset();
        m_service.reset();
    }

    // "Content &type:" and "&Body:" were shown with their ampersands: a
    // label's mnemonic needs a buddy, and one without shows "&" as written.
    void noLiteralAmpersands()
    {
        PublishDialog dialog({QString()});
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        const QList<QWidget *> roots = {&dialog, m_window.get()};
        for (QWidget *root : roots) {
            for (QLabel *label : root->findChildren<QLabel *>()) {
                const QString text = label->text();
                if (label->textFormat() == Qt::RichText || !text.contains(u'&') || text.contains(QStringLiteral("&&")))
                    continue;
                QVERIFY2(label->buddy(), qPrintable(QStringLiteral("label without buddy shows a literal &: ") + text));
            }
        }
    }

    // "Move ... sages": the dialog was as wide as its list, not its title.
    void targetDialogFitsItsTitle()
    {
        for (const QString &title :
            {QStringLiteral("Move messages"), QStringLiteral("Copy messages"), QStringLiteral("Replay dead letters")}) {
            std::unique_ptr<QInputDialog> dialog(
                makeTargetDialog(m_window.get(), title, QStringLiteral("Send to:"), {QStringLiteral("a")}));
            dialog->show();
            QVERIFY(QTest::qWaitForWindowExposed(dialog.get()));
            const int needed = QFontMetrics(QApplication::font(dialog.get())).horizontalAdvance(title) + 120;
            QVERIFY2(dialog->width() >= needed,
                qPrintable(QStringLiteral("%1: %2 < %3").arg(title).arg(dialog->width()).arg(needed)));
            dialog->reject();
        }
    }

    // The filter row stays where it is when a scan starts, and the progress
    // text is not under the Stop button.
    void scanProgressDoesNotMoveTheFilter()
    {
        test::declareQueue(*m_service, QStringLiteral("scan"));
        test::publishMessages(*m_service, QStringLiteral("scan"), 3);
        QTRY_VERIFY_WITH_TIMEOUT(m_window->queueModel()->rowOf(QStringLiteral("scan")) >= 0, 5000);
        QVERIFY(m_window->selectQueue(QStringLiteral("scan")));
        m_window->tabs()->setCurrentIndex(MainWindow::MessagesTab);
        MessageBrowser *browser = m_window->browser();
        QCoreApplication::processEvents();
        const QRect before = browser->filterEdit()->geometry();
        Q_EMIT browser->model()->scanProgress(500, 1000, 3);
        QCoreApplication::processEvents();
        QVERIFY(browser->scanProgressBar()->isVisible());
        QCOMPARE(browser->filterEdit()->geometry(), before);
        const QRect bar = browser->scanProgressBar()->geometry();
        const QRect stop = browser->scanStopButton()->geometry();
        QVERIFY2(!bar.intersects(stop), "the progress bar runs under the Stop button");
        QVERIFY(browser->scanProgressBar()->width()
            >= browser->fontMetrics().horizontalAdvance(browser->scanProgressBar()->text()));
        QVERIFY(browser->grab().save(test::screenshotDir() + QStringLiteral("/scan-progress.png")));
    }

    // An empty depth chart read "0, 0, 1, 1, 1" up and "00:00:00" along.
    void emptyChartHasReadableAxes()
    {
        m_window->tabs()->setCurrentIndex(MainWindow::ChartsTab);
        m_window->charts()->refresh();
        for (bool depth : {true, false}) {
            const QStringList y = m_window->charts()->axisLabels(depth, Qt::Vertical);
            const QStringList x = m_window->charts()->axisLabels(depth, Qt::Horizontal);
            QVERIFY2(y.size() >= 3 && QSet<QString>(y.begin(), y.end()).size() == y.size(), qPrintable(y.join(u',')));
            QCOMPARE(y.first(), QStringLiteral("0"));
            QVERIFY2(x.size() >= 3 && QSet<QString>(x.begin(), x.end()).size() == x.size(), qPrintable(x.join(u',')));
        }
        // Ticks on whole numbers at any scale.
        QValueAxis axis;
        for (double max : {0.0, 3.0, 7.0, 17.0, 160.0, 1989.0}) {
            ChartsView::setCountRange(&axis, max);
            QVERIFY(axis.max() >= max);
            const double step = (axis.max() - axis.min()) / (axis.tickCount() - 1);
            QCOMPARE(step, std::round(step));
        }
        QVERIFY(m_window->charts()->grab().save(test::screenshotDir() + QStringLiteral("/charts-empty.png")));
    }

    // The hex view's text column was cut off in the narrow inspector.
    void hexViewFitsItsWidth()
    {
        MessageInspector inspector;
        inspector.resize(420, 500);
        inspector.show();
        QVERIFY(QTest::qWaitForWindowExposed(&inspector));
        MessageView view;
        auto content = std::make_shared<MessageContent>();
        content->body = QByteArrayLiteral("\x01\x02 binary body that is long enough for several lines \xff");
        view.state.id = 1;
        view.state.content = content;
        inspector.showMessage(QStringLiteral("q"), view);
        inspector.bodyTabs()->setCurrentIndex(2);
        QCoreApplication::processEvents();
        QPlainTextEdit *hex = inspector.hexView();
        const QFontMetrics metrics(hex->font());
        const int room = hex->viewport()->width();
        QVERIFY(hex->document()->blockCount() > 2);
        for (QTextBlock b = hex->document()->begin(); b.isValid(); b = b.next()) {
            if (b.text().isEmpty())
                continue;
            QVERIFY2(metrics.horizontalAdvance(b.text()) <= room,
                qPrintable(
                    QStringLiteral("%1 > %2: %3").arg(metrics.horizontalAdvance(b.text())).arg(room).arg(b.text())));
            QVERIFY2(b.text().endsWith(u'|'), qPrintable(b.text()));
        }
        // Wide enough, the classic 16 bytes a line.
        inspector.resize(1400, 500);
        QCoreApplication::processEvents();
        QVERIFY(hex->document()->begin().text().startsWith(QStringLiteral("00000000  01 02 20 62 69 6e 61 72  79 20")));
    }

private:
    std::unique_ptr<BrokerService> m_service;
    std::unique_ptr<MainWindow> m_window;
};

QTEST_MAIN(TestWindowPolish)
#include "tst_windowpolish.moc"
