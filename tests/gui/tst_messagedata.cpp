// Copy as… and Compare, driven from the window as a user drives them: the
// message list's context menu and the inspector's Copy as button put a
// command on the clipboard (or say why they cannot); two selected messages,
// or one kept with "Compare with…" and another in any queue, open the
// comparison with the differences marked.

#include "GuiTestSupport.h"
#include "ui/models/MessageListModel.h"
#include "ui/models/QueueListModel.h"
#include "ui/views/CompareDialog.h"
#include "ui/views/MainWindow.h"
#include "ui/views/MessageDataActions.h"
#include "ui/views/MessageInspector.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QContextMenuEvent>
#include <QItemSelectionModel>
#include <QLabel>
#include <QMenu>
#include <QPainter>
#include <QPushButton>
#include <QStatusBar>
#include <QTableView>
#include <QTest>
#include <QTimer>
#include <QTreeWidget>

using namespace depot;
using namespace depot::ui;
using Mark = MessageComparison::Mark;

class TestMessageData final : public QObject, public test::WindowFixture
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { prepareApplication(QStringLiteral("tst_messagedata")); }
    void init() { QVERIFY(openWindow(QSize(1280, 800))); }
    void cleanup() { closeWindow(); }

    void copyAsFromTheContextMenu()
    {
        publish(QStringLiteral("orders"), "{\"customer\":\"o'brien\"}", {{QStringLiteral("tenant"), QStringLiteral("acme")}});
        inspectRow(QStringLiteral("orders"), 0);
        QAction *copyAs = m_window->action(QStringLiteral("copyAs"));
        QVERIFY(m_window->messageView()->actions().contains(copyAs));
        QVERIFY(copyAs->menu());
        QStringList entries;
        for (QAction *a : copyAs->menu()->actions())
            entries << a->text();
        QCOMPARE(entries,
            QStringList({QStringLiteral("curl (Depot HTTP API)"), QStringLiteral("pika (Python)"),
                QStringLiteral("amqp-publish")}));
        // The inspector's button opens the same menu.
        auto *button = m_window->inspector()->findChild<QPushButton *>(QStringLiteral("copyAsButton"));
        QVERIFY(button && button->isEnabled());
        QCOMPARE(button->menu(), copyAs->menu());

        QApplication::clipboard()->clear();
        m_window->action(QStringLiteral("copyAsPika"))->trigger();
        const QString script = QApplication::clipboard()->text();
        QVERIFY2(script.contains(QStringLiteral("channel.basic_publish(")), qPrintable(script));
        QVERIFY(script.contains(QStringLiteral("port=%1").arg(m_service->port(QStringLiteral("amqp")))));
        QVERIFY(script.contains(QStringLiteral("\"tenant\": \"acme\"")));
        m_window->action(QStringLiteral("copyAsCurl"))->trigger();
        QVERIFY(QApplication::clipboard()->text().contains(
            QStringLiteral(":%1/api/exchanges/%2F/amq.default/publish").arg(m_service->port(QStringLiteral("http")))));
        QVERIFY(QApplication::clipboard()->text().contains(QStringLiteral("o'\\''brien")));
        saveMenuScreenshot();
    }

    // A message amqp-publish cannot send as it is: the clipboard keeps what
    // it had, and the window says why, naming what stands in the way.
    void copyAsRefusesWhatTheToolCannotSay()
    {
        publish(QStringLiteral("typed"), "x", {{QStringLiteral("attempt"), QVariant::fromValue<qint32>(3)}});
        inspectRow(QStringLiteral("typed"), 0);
        QApplication::clipboard()->setText(QStringLiteral("before"));
        m_window->action(QStringLiteral("copyAsAmqpPublish"))->trigger();
        QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("before"));
        QVERIFY2(m_window->statusBar()->currentMessage().contains(QStringLiteral("header 'attempt' is not text")),
            qPrintable(m_window->statusBar()->currentMessage()));
        QTRY_VERIFY(m_window->findChild<QWidget *>(QStringLiteral("copyAsRefusal")));
    }

    void compareTwoSelectedMessages()
    {
        const QString queue = QStringLiteral("orders.dlq");
        publish(queue, "{\"customer\":\"frances\",\"total\":10,\"items\":[1,2]}",
            {{QStringLiteral("attempt"), QVariant::fromValue<qint32>(3)}, {QStringLiteral("tenant"), QStringLiteral("acme")}});
        publish(queue, "{\"customer\":\"fran\",\"total\":10,\"items\":[1,2],\"gift\":true}",
            {{QStringLiteral("attempt"), QVariant::fromValue<qint64>(3)}, {QStringLiteral("tenant"), QStringLiteral("acme")}});
        inspectRow(queue, 0);
        QItemSelectionModel *selection = m_window->messageView()->selectionModel();
        selection->select(m_window->messageModel()->index(1, 0),
            QItemSelectionModel::Select | QItemSelectionModel::Rows);
        QAction *compare = m_window->action(QStringLiteral("compare"));
        QVERIFY(m_window->messageView()->actions().contains(compare));
        QTRY_VERIFY_WITH_TIMEOUT(compare->isEnabled(), 5000);
        compare->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(m_window->dataActions()->lastComparison(), 5000);
        CompareDialog *dialog = m_window->dataActions()->lastComparison();
        QVERIFY(QTest::qWaitForWindowExposed(dialog));

        // The body: "customer" changed, "gift" only on the right, the rest the same.
        QTreeWidgetItem *customer = rowContaining(dialog->bodyTree(), QStringLiteral("\"customer\""));
        QVERIFY(customer);
        QCOMPARE(markOf(customer), Mark::Changed);
        QCOMPARE(customer->text(0), QStringLiteral("≠"));
        QVERIFY(customer->text(1).contains(QStringLiteral("frances")));
        QVERIFY(customer->text(2).contains(QStringLiteral("\"fran\"")));
        QVERIFY(customer->background(1).color().alpha() > 0);
        QTreeWidgetItem *gift = rowContaining(dialog->bodyTree(), QStringLiteral("\"gift\""));
        QVERIFY(gift);
        QCOMPARE(markOf(gift), Mark::OnlyRight);
        QVERIFY(gift->text(1).isEmpty());
        QTreeWidgetItem *total = rowContaining(dialog->bodyTree(), QStringLiteral("\"total\""));
        QCOMPARE(markOf(total), Mark::Same);
        QCOMPARE(total->background(1).style(), Qt::NoBrush);
        // The header's type differs, its value does not; tenant is the same.
        QTreeWidgetItem *attempt = dialog->headersTree()->findItems(QStringLiteral("attempt"), Qt::MatchExactly, 1).value(0);
        QVERIFY(attempt);
        QCOMPARE(markOf(attempt), Mark::Changed);
        QCOMPARE(attempt->text(2), QStringLiteral("{\"int\":3}"));
        QCOMPARE(attempt->text(3), QStringLiteral("{\"long\":3}"));
        QCOMPARE(markOf(dialog->headersTree()->findItems(QStringLiteral("tenant"), Qt::MatchExactly, 1).value(0)),
            Mark::Same);
        QVERIFY(dialog->summaryLabel()->text().contains(QStringLiteral("3 differences")));
        // Only differences: the same rows go.
        dialog->onlyDifferencesBox()->setChecked(true);
        QVERIFY(total->isHidden());
        QVERIFY(!customer->isHidden() && !gift->isHidden());
        dialog->onlyDifferencesBox()->setChecked(false);
        const QString path = test::screenshotDir() + QStringLiteral("/compare-messages.png");
        QVERIFY(dialog->grab().save(path));
        qInfo("rendered %s", qPrintable(path));
    }

    // One message kept with "Compare with…", the other in another queue.
    void compareWithAMessageOfAnotherQueue()
    {
        publish(QStringLiteral("a"), "one\ntwo\nthree", {});
        publish(QStringLiteral("b"), "one\n2\nthree", {});
        inspectRow(QStringLiteral("a"), 0);
        QAction *compare = m_window->action(QStringLiteral("compare"));
        QVERIFY(!compare->isEnabled());
        m_window->action(QStringLiteral("compareWith"))->trigger();
        QVERIFY(m_window->statusBar()->currentMessage().contains(QStringLiteral("in a for comparison")));
        inspectRow(QStringLiteral("b"), 0);
        QTRY_VERIFY_WITH_TIMEOUT(compare->isEnabled(), 5000);
        QVERIFY2(compare->text().contains(QStringLiteral(" in a")), qPrintable(compare->text()));
        compare->trigger();
        CompareDialog *dialog = m_window->dataActions()->lastComparison();
        QVERIFY(dialog);
        QVERIFY(dialog->summaryLabel()->text().contains(QStringLiteral("in b")));
        QCOMPARE(dialog->comparison().bodyKind, MessageComparison::BodyKind::Text);
        QCOMPARE(dialog->bodyTree()->topLevelItemCount(), 3);
        QCOMPARE(markOf(dialog->bodyTree()->topLevelItem(1)), Mark::Changed);
        QCOMPARE(dialog->bodyTree()->topLevelItem(1)->text(1), QStringLiteral("two"));
        QCOMPARE(dialog->bodyTree()->topLevelItem(1)->text(2), QStringLiteral("2"));
        QCOMPARE(markOf(dialog->bodyTree()->topLevelItem(0)), Mark::Same);
    }

private:
    void publish(const QString &queue, const QByteArray &body, const QVariantMap &headers)
    {
        test::onBroker(*m_service, [&](Engine &engine) {
            if (!engine.queue(queue)) {
                QueueDef def;
                def.name = queue;
                engine.declareQueue(def, false);
            }
            MessageProperties p;
            p.contentType = QStringLiteral("application/json");
            p.deliveryMode = 2;
            if (!headers.isEmpty())
                p.headers = headers;
            engine.publish(QString(), queue, p, body);
        });
    }

    void inspectRow(const QString &queue, int row)
    {
        QTRY_VERIFY_WITH_TIMEOUT(m_window->queueModel()->rowOf(queue) >= 0, 5000);
        QVERIFY(m_window->selectQueue(queue));
        m_window->tabs()->setCurrentIndex(MainWindow::MessagesTab);
        QTRY_VERIFY_WITH_TIMEOUT(m_window->messageModel()->rowCount() > row, 5000);
        m_window->messageModel()->index(row, 0).data();
        QTRY_VERIFY_WITH_TIMEOUT(
            m_window->messageModel()->index(row, 0).data(MessageListModel::LoadedRole).toBool(), 5000);
        m_window->messageView()->setCurrentIndex(m_window->messageModel()->index(row, 0));
        QTRY_VERIFY_WITH_TIMEOUT(m_window->inspector()->message().has_value(), 5000);
    }

    static Mark markOf(QTreeWidgetItem *item)
    {
        return item ? Mark(item->data(0, CompareDialog::MarkRole).toInt()) : Mark::Same;
    }

    static QTreeWidgetItem *rowContaining(QTreeWidget *tree, const QString &text)
    {
        for (int i = 0; i < tree->topLevelItemCount(); ++i) {
            QTreeWidgetItem *item = tree->topLevelItem(i);
            if (item->text(1).contains(text) || item->text(2).contains(text))
                return item;
        }
        return nullptr;
    }

    // The message list's context menu with Copy as open, over the window.
    void saveMenuScreenshot()
    {
        m_window->statusBar()->clearMessage();
        QTableView *view = m_window->messageView();
        const QRect cell = view->visualRect(view->currentIndex());
        bool saved = false;
        QTimer::singleShot(0, this, [this, &saved] {
            auto *menu = qobject_cast<QMenu *>(QApplication::activePopupWidget());
            if (!menu)
                return;
            QAction *copyAs = m_window->action(QStringLiteral("copyAs"));
            menu->setActiveAction(copyAs);
            copyAs->menu()->popup(menu->mapToGlobal(menu->actionGeometry(copyAs).topRight()));
            QTimer::singleShot(300, this, [this, menu, copyAs, &saved] {
                QPixmap shot = m_window->grab();
                QPainter painter(&shot);
                for (QWidget *popup : {static_cast<QWidget *>(menu), static_cast<QWidget *>(copyAs->menu())})
                    painter.drawPixmap(popup->mapToGlobal(QPoint()) - m_window->mapToGlobal(QPoint()), popup->grab());
                painter.end();
                const QString path = test::screenshotDir() + QStringLiteral("/copy-as-menu.png");
                saved = shot.save(path);
                qInfo("rendered %s", qPrintable(path));
                copyAs->menu()->close();
                menu->close();
            });
        });
        QContextMenuEvent event(QContextMenuEvent::Mouse, cell.center(), view->viewport()->mapToGlobal(cell.center()));
        QCoreApplication::sendEvent(view->viewport(), &event);
        QTRY_VERIFY(saved);
    }
};

QTEST_MAIN(TestMessageData)
#include "tst_messagedata.moc"
