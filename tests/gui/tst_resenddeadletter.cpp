// Edit and resend of a dead letter, driven as a user drives it: the dialog
// sends it back where it came from (the typed death history's origin), not to
// the dead-letter queue; every header is shown with its type and can be
// edited or removed; the dead-letter history (x-death) is dropped unless the
// user keeps it.

#include "GuiTestSupport.h"
#include "ui/client/BrokerClient.h"
#include "ui/models/MessageListModel.h"
#include "ui/models/QueueListModel.h"
#include "ui/views/MainWindow.h"
#include "ui/views/MessageInspector.h"
#include "ui/views/PublishDialog.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScopeGuard>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTest>
#include <QTimer>

using namespace depot;
using namespace depot::ui;

class TestResendDeadLetter final : public QObject, public test::WindowFixture
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { prepareApplication(QStringLiteral("tst_resenddeadletter"), Plurals::Untranslated); }

    void init() { QVERIFY(openWindow({}, Wait::Active)); }

    void cleanup() { closeWindow(); }

    // The bug: the dialog pre-filled the dead-letter exchange and routing key,
    // so Send put the message straight back into the dead-letter queue; the
    // integer header and x-death were hidden yet sent.
    void deadLetterGoesBackToItsOrigin()
    {
        makeDeadLetter();
        inspectRow(QStringLiteral("orders.dlq"), 0);
        resendWithDialog([](PublishDialog *dialog) {
            QCOMPARE(dialog->exchange(), QString());
            QCOMPARE(dialog->routingKey(), QStringLiteral("orders"));
            QVERIFY(dialog->originLabel()->isVisible());
            QVERIFY2(dialog->originLabel()->text().contains(QStringLiteral("orders")),
                qPrintable(dialog->originLabel()->text()));
            QVERIFY(dialog->dropDeathsBox()->isVisible());
            QVERIFY(dialog->dropDeathsBox()->isChecked());

            // Every header, with its type.
            QTableWidget *headers = dialog->headersTable();
            QCOMPARE(headers->rowCount(), 3);
            QCOMPARE(typeOf(dialog, QStringLiteral("attempt")), QStringLiteral("integer"));
            QCOMPARE(typeOf(dialog, QStringLiteral("trace")), QStringLiteral("string"));
            QCOMPARE(typeOf(dialog, QStringLiteral("route")), QStringLiteral("table (JSON)"));
            QCOMPARE(valueOf(dialog, QStringLiteral("attempt")), QStringLiteral("3"));
            QVERIFY(dialog->grab().save(test::screenshotDir() + QStringLiteral("/resend-dead-letter.png")));

            // Edit one, remove another (as the user does: select, press the button).
            headers->item(rowOf(dialog, QStringLiteral("attempt")), 2)->setText(QStringLiteral("4"));
            headers->setCurrentCell(rowOf(dialog, QStringLiteral("trace")), 0);
            QPushButton *remove = nullptr;
            for (QPushButton *b : dialog->findChildren<QPushButton *>())
                if (b->text() == QStringLiteral("Remove header"))
                    remove = b;
            QVERIFY(remove);
            QTest::mouseClick(remove, Qt::LeftButton);
            QCOMPARE(headers->rowCount(), 2);

            // A value that is not its type cannot be sent.
            headers->item(rowOf(dialog, QStringLiteral("attempt")), 2)->setText(QStringLiteral("four"));
            QVERIFY(!dialog->buttons()->button(QDialogButtonBox::Ok)->isEnabled());
            QVERIFY(dialog->errorLabel()->text().contains(QStringLiteral("attempt")));
            headers->item(rowOf(dialog, QStringLiteral("attempt")), 2)->setText(QStringLiteral("4"));
        });
        QTRY_COMPARE_WITH_TIMEOUT(ready(QStringLiteral("orders")), 1ull, 5000);
        QCOMPARE(ready(QStringLiteral("orders.dlq")), 1ull); // the original stays (not ticked)

        std::optional<MessageView> copy;
        test::onBroker(*m_service, [&](Engine &engine) {
            const QList<MessageView> views = engine.browse(QStringLiteral("orders"), 0, 10);
            if (!views.isEmpty())
                copy = views.first();
        });
        QVERIFY(copy);
        const QVariantMap h = copy->state.content->properties.headers.value_or(QVariantMap());
        QCOMPARE(h.value(QStringLiteral("attempt")).toLongLong(), 4);
        QCOMPARE(h.value(QStringLiteral("attempt")).metaType().id(), int(QMetaType::LongLong));
        QVERIFY(!h.contains(QStringLiteral("trace")));
        // The unchanged table goes out exactly as it came, nested types and all.
        QCOMPARE(h.value(QStringLiteral("route")), QVariant(routeHeader()));
        QVERIFY(!copy->state.content->deaths.hasDied()); // x-death dropped by default
    }

    // Kept on request: a copy that dies again continues its history.
    void historyKeptWhenAsked()
    {
        makeDeadLetter();
        inspectRow(QStringLiteral("orders.dlq"), 0);
        resendWithDialog([](PublishDialog *dialog) { dialog->dropDeathsBox()->setChecked(false); });
        QTRY_COMPARE_WITH_TIMEOUT(ready(QStringLiteral("orders")), 1ull, 5000);
        test::onBroker(*m_service, [&](Engine &engine) {
            const QList<MessageView> views = engine.browse(QStringLiteral("orders"), 0, 10);
            QCOMPARE(views.size(), 1);
            QCOMPARE(views.first().state.content->deaths.originalQueue(), QStringLiteral("orders"));
        });
    }

    // An ordinary message keeps its exchange and routing key and has no box.
    void ordinaryMessageKeepsItsRoute()
    {
        test::declareQueue(*m_service, QStringLiteral("plain"));
        test::publishMessages(*m_service, QStringLiteral("plain"), 1);
        inspectRow(QStringLiteral("plain"), 0);
        bool checked = false;
        resendWithDialog([&checked](PublishDialog *dialog) {
            QCOMPARE(dialog->routingKey(), QStringLiteral("plain"));
            QVERIFY(!dialog->dropDeathsBox()->isVisible());
            QVERIFY(!dialog->originLabel()->isVisible());
            checked = true;
        });
        QVERIFY(checked);
        QTRY_COMPARE_WITH_TIMEOUT(ready(QStringLiteral("plain")), 2ull, 5000);
    }

    // Header values convert from their text by type, and refuse what is not one.
    void headerValues_data()
    {
        QTest::addColumn<int>("type");
        QTest::addColumn<QString>("text");
        QTest::addColumn<QVariant>("value");
        using T = PublishDialog::HeaderType;
        QTest::addRow("integer") << int(T::Integer) << "-12" << QVariant(qint64(-12));
        QTest::addRow("not an integer") << int(T::Integer) << "1.5" << QVariant();
        QTest::addRow("number") << int(T::Number) << "2.5" << QVariant(2.5);
        QTest::addRow("boolean") << int(T::Boolean) << "true" << QVariant(true);
        QTest::addRow("not a boolean") << int(T::Boolean) << "yes" << QVariant();
        QTest::addRow("array") << int(T::Array) << "[1,\"a\"]"
                               << QVariant(QVariantList{qint64(1), QStringLiteral("a")});
        QTest::addRow("table given an array") << int(T::Table) << "[1]" << QVariant();
        QTest::addRow("bytes") << int(T::Bytes) << "abc" << QVariant(QByteArray("abc"));
    }

    void headerValues()
    {
        QFETCH(int, type);
        QFETCH(QString, text);
        QFETCH(QVariant, value);
        const std::optional<QVariant> got = PublishDialog::headerValue(PublishDialog::HeaderType(type), text);
        QCOMPARE(got.has_value(), value.isValid());
        if (got) {
            QCOMPARE(got->metaType(), value.metaType());
            QCOMPARE(*got, value);
        }
    }

private:
    static QVariantMap routeHeader()
    {
        return {{QStringLiteral("hops"), QVariant(qint32(2))}, {QStringLiteral("via"), QStringLiteral("eu")}};
    }

    void makeDeadLetter()
    {
        test::declareQueue(*m_service, QStringLiteral("orders.dlq"));
        test::declareQueue(*m_service, QStringLiteral("orders"),
            {{QStringLiteral("x-dead-letter-exchange"), QString()},
                {QStringLiteral("x-dead-letter-routing-key"), QStringLiteral("orders.dlq")}});
        test::publishMessages(*m_service, QStringLiteral("orders"), 1, QStringLiteral("order"),
            {{QStringLiteral("attempt"), QVariant(qint32(3))}, {QStringLiteral("trace"), QStringLiteral("abc")},
                {QStringLiteral("route"), routeHeader()}});
        test::onBroker(*m_service, [&](Engine &engine) {
            struct NullSink final : DeliverySink
            {
                void deliver(const Delivery &) override { }
                void consumerCancelled(const QString &) override { }
            };
            static NullSink sink;
            const ConnectionId connection = engine.openConnection(ConnectionInfo{});
            const SessionId session = engine.openSession(connection, &sink);
            auto got = engine.get(session, QStringLiteral("orders"), false);
            QVERIFY(got.ok() && got.value);
            engine.reject(session, got.value->deliveryTag, false);
            engine.closeConnection(connection);
        });
    }

    static int rowOf(PublishDialog *dialog, const QString &name)
    {
        for (int r = 0; r < dialog->headersTable()->rowCount(); ++r)
            if (dialog->headersTable()->item(r, 0)->text() == name)
                return r;
        return -1;
    }

    static QString typeOf(PublishDialog *dialog, const QString &name)
    {
        const int r = rowOf(dialog, name);
        return r >= 0 && dialog->headerTypeBox(r) ? dialog->headerTypeBox(r)->currentText() : QString();
    }

    static QString valueOf(PublishDialog *dialog, const QString &name)
    {
        const int r = rowOf(dialog, name);
        return r >= 0 ? dialog->headersTable()->item(r, 2)->text() : QString();
    }

    quint64 ready(const QString &queue)
    {
        quint64 n = 0;
        test::onBroker(*m_service, [&](Engine &engine) {
            for (const QueueInfo &q : engine.queues())
                if (q.def.name == queue)
                    n = q.ready;
        });
        return n;
    }

    void resendWithDialog(std::function<void(PublishDialog *)> edit)
    {
        m_window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
        bool seen = false;
        QTimer::singleShot(0, this, [&seen, edit] {
            auto *dialog = qobject_cast<PublishDialog *>(QApplication::activeModalWidget());
            QVERIFY2(dialog, "no edit-and-resend dialog opened");
            seen = true;
            bool sent = false;
            const auto unblock = qScopeGuard([dialog, &sent] {
                if (!sent && dialog->isVisible())
                    dialog->reject();
            });
            edit(dialog);
            QPushButton *send = dialog->buttons()->button(QDialogButtonBox::Ok);
            QVERIFY2(send->isEnabled(), qPrintable(dialog->errorLabel()->text()));
            QTest::mouseClick(send, Qt::LeftButton);
            sent = true;
        });
        m_window->messageView()->setFocus();
        QTest::keyClick(m_window->messageView(), Qt::Key_E, Qt::ControlModifier);
        QVERIFY(seen);
    }

    void inspectRow(const QString &queue, int row)
    {
        showRow(queue, row);
        if (QTest::currentTestFailed())
            return;
        m_window->messageView()->setCurrentIndex(m_window->messageModel()->index(row, 0));
        QTRY_VERIFY_WITH_TIMEOUT(m_window->inspector()->message().has_value(), 5000);
        QTRY_VERIFY_WITH_TIMEOUT(m_window->action(QStringLiteral("resend"))->isEnabled(), 5000);
    }
};

QTEST_MAIN(TestResendDeadLetter)
#include "tst_resenddeadletter.moc"
