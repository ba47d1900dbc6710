// Export… and Import… in the window, driven as a user drives them (the
// queue list's context menu, a file chosen, the import's choices): a queue
// of messages with binary bodies, typed headers and dead-letter histories
// goes to a file that the export format's own decoder reads back whole,
// created 0600 under umask 022, and comes back into another queue message
// by message; a cancelled export leaves no file; a bad file imports nothing
// and says which line; a queue that refuses newcomers is counted as skipped.

#include "GuiTestSupport.h"
#include "broker/export/ExportFormat.h"
#include "ui/models/MessageListModel.h"
#include "ui/models/QueueListModel.h"
#include "ui/views/MainWindow.h"
#include "ui/views/MessageDataActions.h"

#include <QAction>
#include <QApplication>
#include <QDateTime>
#include <QFile>
#include <QItemSelectionModel>
#include <QJsonDocument>
#include <QMessageBox>
#include <QProgressDialog>
#include <QPushButton>
#include <QStatusBar>
#include <QTableView>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace depot;
using namespace depot::ui;

namespace {

// Five messages that use what the format must carry: bodies that are not
// UTF-8, every kind of typed header, dead-letter histories.
QList<MessageContent> sourceMessages()
{
    QList<MessageContent> list;
    for (int i = 0; i < 5; ++i) {
        MessageContent m;
        m.routingKey = QStringLiteral("orders");
        m.properties.contentType = QStringLiteral("application/octet-stream");
        m.properties.deliveryMode = 2;
        m.properties.messageId = QStringLiteral("m-%1").arg(i);
        m.properties.timestamp = 1764658800 + i;
        m.properties.headers = QVariantMap{{QStringLiteral("i8"), QVariant::fromValue<qint8>(qint8(-i))},
            {QStringLiteral("i32"), QVariant::fromValue<qint32>(i)},
            {QStringLiteral("i64"), QVariant::fromValue<qint64>(1099511627776LL + i)},
            {QStringLiteral("price"), QVariant::fromValue(Decimal{2, 310 + i})},
            {QStringLiteral("at"), QDateTime::fromSecsSinceEpoch(1764658800 + i, Qt::UTC)},
            {QStringLiteral("bytes"), QByteArray("\x00\xff", 2)},
            {QStringLiteral("f"), QVariant::fromValue<float>(0.5f)},
            {QStringLiteral("nested"), QVariantMap{{QStringLiteral("list"), QVariantList{1, QStringLiteral("x")}}}}};
        m.body = QByteArray("\xff\xfe\x00 binary ", 11) + QByteArray::number(i);
        DeathRecord death;
        death.queue = QStringLiteral("orders");
        death.reason = i % 2 ? DeathReason::Expired : DeathReason::Rejected;
        death.count = i + 1;
        death.timeMs = 1764658862123 + i;
        death.exchange = QString();
        death.routingKeys = {QStringLiteral("orders")};
        m.deaths.records = {death};
        m.deaths.first = FirstDeath{QStringLiteral("orders"), death.reason, QString()};
        list.append(m);
    }
    return list;
}

QString typed(const MessageContent &m)
{
    return QString::fromUtf8(
        QJsonDocument(exportformat::encodeTable(m.properties.headers.value_or(QVariantMap()))).toJson());
}

} // namespace

class TestExportImport final : public QObject, public test::WindowFixture
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        prepareApplication(QStringLiteral("tst_exportimport"));
        QVERIFY(m_dir.isValid());
        ::umask(022);
    }
    void init() { QVERIFY(openWindow()); }
    void cleanup() { closeWindow(); }

    void exportThenImportMessageByMessage()
    {
        const QList<MessageContent> source = sourceMessages();
        fill(QStringLiteral("orders.dlq"), source);
        const QString path = m_dir.filePath(QStringLiteral("orders.depot.jsonl"));
        chooseFile(path);

        // Export the queue from the queue list's context menu.
        selectQueue(QStringLiteral("orders.dlq"));
        QAction *exportQueue = m_window->action(QStringLiteral("exportQueue"));
        QVERIFY(m_window->queueView()->actions().contains(exportQueue));
        QTRY_VERIFY(exportQueue->isEnabled());
        exportQueue->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(m_window->statusBar()->currentMessage().startsWith(QStringLiteral("Exported 5 messages")), 10000);

        // 0600 although the umask would give 0644.
        struct stat st {};
        QCOMPARE(::stat(QFile::encodeName(path).constData(), &st), 0);
        QCOMPARE(st.st_mode & 0777, mode_t(0600));

        // The file reads back whole with the format's decoder.
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        exportformat::Header header;
        exportformat::DecodeError error;
        QList<exportformat::ExportedMessage> read;
        const auto count = exportformat::decodeFile(
            file.readAll(), &header, &error, [&](exportformat::ExportedMessage &&m) { read.append(std::move(m)); });
        QVERIFY2(count, qPrintable(error.message()));
        QCOMPARE(*count, 5);
        QCOMPARE(header.queue, QStringLiteral("orders.dlq"));
        QVERIFY(header.producer.startsWith(QStringLiteral("Depot")));
        for (int i = 0; i < 5; ++i)
            compareMessage(read.at(i).content, source.at(i));

        // Import it into another queue, keeping ids and timestamps.
        test::declareQueue(*m_service, QStringLiteral("restored"));
        selectQueue(QStringLiteral("restored"));
        m_window->dataActions()->setImportChoicesForTests([] { return ImportChoices{true, true}; });
        QAction *import = m_window->action(QStringLiteral("importMessages"));
        QVERIFY(m_window->queueView()->actions().contains(import));
        QTRY_VERIFY(import->isEnabled());
        import->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(
            m_window->statusBar()->currentMessage().startsWith(QStringLiteral("Imported 5 of 5 messages into restored")),
            10000);
        const QList<MessageContent> restored = contents(QStringLiteral("restored"));
        QCOMPARE(restored.size(), 5);
        for (int i = 0; i < 5; ++i)
            compareMessage(restored.at(i), source.at(i));
    }

    // Only the selected messages, from the message list's context menu.
    void exportSelectedMessages()
    {
        const QList<MessageContent> source = sourceMessages();
        fill(QStringLiteral("picked"), source);
        const QString path = m_dir.filePath(QStringLiteral("picked.depot.jsonl"));
        chooseFile(path);
        selectQueue(QStringLiteral("picked"));
        m_window->tabs()->setCurrentIndex(MainWindow::MessagesTab);
        QTRY_VERIFY_WITH_TIMEOUT(m_window->messageModel()->rowCount() == 5, 5000);
        QTableView *view = m_window->messageView();
        view->selectionModel()->select(QItemSelection(m_window->messageModel()->index(1, 0),
                                           m_window->messageModel()->index(3, 0)),
            QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        QAction *exportSelected = m_window->action(QStringLiteral("exportSelected"));
        QVERIFY(view->actions().contains(exportSelected));
        QTRY_VERIFY_WITH_TIMEOUT(exportSelected->isEnabled(), 5000);
        exportSelected->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(
            m_window->statusBar()->currentMessage().startsWith(QStringLiteral("Exported 3 messages from picked")), 10000);
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        exportformat::DecodeError error;
        QList<exportformat::ExportedMessage> read;
        QVERIFY(exportformat::decodeFile(
            file.readAll(), nullptr, &error, [&](exportformat::ExportedMessage &&m) { read.append(std::move(m)); }));
        QCOMPARE(read.size(), 3);
        for (int i = 0; i < 3; ++i)
            compareMessage(read.at(i).content, source.at(i + 1));
    }

    void importCanRenewIdsAndTimestamps()
    {
        fill(QStringLiteral("src"), sourceMessages().mid(0, 2));
        const QString path = m_dir.filePath(QStringLiteral("renew.depot.jsonl"));
        chooseFile(path);
        selectQueue(QStringLiteral("src"));
        QTRY_VERIFY(m_window->action(QStringLiteral("exportQueue"))->isEnabled());
        m_window->action(QStringLiteral("exportQueue"))->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(m_window->statusBar()->currentMessage().startsWith(QStringLiteral("Exported 2")), 10000);
        test::declareQueue(*m_service, QStringLiteral("renewed"));
        selectQueue(QStringLiteral("renewed"));
        m_window->dataActions()->setImportChoicesForTests([] { return ImportChoices{false, false}; });
        const qint64 before = QDateTime::currentSecsSinceEpoch();
        QTRY_VERIFY(m_window->action(QStringLiteral("importMessages"))->isEnabled());
        m_window->action(QStringLiteral("importMessages"))->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(m_window->statusBar()->currentMessage().startsWith(QStringLiteral("Imported 2")), 10000);
        const QList<MessageContent> renewed = contents(QStringLiteral("renewed"));
        QCOMPARE(renewed.size(), 2);
        for (const MessageContent &m : renewed) {
            QVERIFY(!m.properties.messageId->startsWith(QStringLiteral("m-")));
            QCOMPARE(m.properties.messageId->size(), 36); // a UUID
            QVERIFY(*m.properties.timestamp >= before);
        }
    }

    // Cancel before the first slice: the file is removed, not left short.
    void cancelledExportLeavesNoFile()
    {
        fill(QStringLiteral("big"), sourceMessages());
        const QString path = m_dir.filePath(QStringLiteral("cancelled.depot.jsonl"));
        chooseFile(path);
        selectQueue(QStringLiteral("big"));
        QTRY_VERIFY(m_window->action(QStringLiteral("exportQueue"))->isEnabled());
        m_window->action(QStringLiteral("exportQueue"))->trigger();
        QProgressDialog *progress = m_window->dataActions()->progressDialog();
        QVERIFY(progress);
        // Its Cancel button, as the user presses it.
        QPushButton *cancel = progress->findChild<QPushButton *>();
        QVERIFY(cancel);
        QTest::mouseClick(cancel, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(m_window->statusBar()->currentMessage().startsWith(QStringLiteral("Export cancelled")), 10000);
        QVERIFY(!QFile::exists(path));
        QTRY_VERIFY(m_window->action(QStringLiteral("exportQueue"))->isEnabled());
    }

    void badFileImportsNothing()
    {
        const QString path = m_dir.filePath(QStringLiteral("bad.depot.jsonl"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(R"({"format":"depot-export","version":1,"queue":"q","exported_at":"2026-12-02T07:12:03.517Z"})" "\n"
                   R"({"id":1,"exchange":"","routing_key":"q","properties":{},"body":"a","body_encoding":"text","redelivered":false,"delivery_count":0,"enqueued_at":0})" "\n"
                   R"({"id":2,"exchange":"","routing_key":"q","properties":{"priority":300},"body":"b","body_encoding":"text","redelivered":false,"delivery_count":0,"enqueued_at":0})" "\n");
        file.close();
        test::declareQueue(*m_service, QStringLiteral("into"));
        chooseFile(path);
        selectQueue(QStringLiteral("into"));
        m_window->dataActions()->setImportChoicesForTests([] { return ImportChoices{}; });
        QTRY_VERIFY(m_window->action(QStringLiteral("importMessages"))->isEnabled());
        m_window->action(QStringLiteral("importMessages"))->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(m_window->findChild<QMessageBox *>(QStringLiteral("importSummary")), 10000);
        const QString text = m_window->findChild<QMessageBox *>(QStringLiteral("importSummary"))->text();
        QVERIFY2(text.contains(QStringLiteral("line 3")) && text.contains(QStringLiteral("properties.priority")),
            qPrintable(text));
        QVERIFY(contents(QStringLiteral("into")).isEmpty());
    }

    // A queue that refuses newcomers: what does not fit is skipped, each with why.
    void fullQueueSkipsWithReasons()
    {
        fill(QStringLiteral("five"), sourceMessages());
        const QString path = m_dir.filePath(QStringLiteral("five.depot.jsonl"));
        chooseFile(path);
        selectQueue(QStringLiteral("five"));
        QTRY_VERIFY(m_window->action(QStringLiteral("exportQueue"))->isEnabled());
        m_window->action(QStringLiteral("exportQueue"))->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(m_window->statusBar()->currentMessage().startsWith(QStringLiteral("Exported 5")), 10000);
        test::declareQueue(*m_service, QStringLiteral("small"),
            {{QStringLiteral("x-max-length"), 2}, {QStringLiteral("x-overflow"), QStringLiteral("reject-publish")}});
        selectQueue(QStringLiteral("small"));
        m_window->dataActions()->setImportChoicesForTests([] { return ImportChoices{}; });
        QTRY_VERIFY(m_window->action(QStringLiteral("importMessages"))->isEnabled());
        m_window->action(QStringLiteral("importMessages"))->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(m_window->findChild<QMessageBox *>(QStringLiteral("importSummary")), 10000);
        const QString text = m_window->findChild<QMessageBox *>(QStringLiteral("importSummary"))->text();
        QVERIFY2(text.startsWith(QStringLiteral("Imported 2 of 5 messages into small.")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("Skipped 3 messages: line 4: the queue refused it (full)")),
            qPrintable(text));
        QCOMPARE(contents(QStringLiteral("small")).size(), 2);
    }

private:
    QTemporaryDir m_dir;

    void fill(const QString &queue, const QList<MessageContent> &messages)
    {
        test::declareQueue(*m_service, queue);
        test::onBroker(*m_service, [&](Engine &engine) {
            for (const MessageContent &m : messages) {
                PublishOptions options;
                options.deaths = m.deaths;
                QVERIFY(engine.publishToQueue(queue, m, options).routed);
            }
        });
    }

    QList<MessageContent> contents(const QString &queue)
    {
        QList<MessageContent> out;
        test::onBroker(*m_service, [&](Engine &engine) {
            for (const MessageView &v : engine.browse(queue, 0, 1000))
                out.append(*v.state.content);
        });
        return out;
    }

    static void compareMessage(const MessageContent &got, const MessageContent &want)
    {
        QCOMPARE(got.body.toHex(), want.body.toHex());
        QCOMPARE(got.routingKey, want.routingKey);
        QCOMPARE(got.exchange, want.exchange);
        QCOMPARE(typed(got), typed(want));
        MessageProperties a = got.properties;
        MessageProperties b = want.properties;
        a.headers.reset();
        b.headers.reset();
        QVERIFY(a == b);
        QVERIFY(got.deaths.records == want.deaths.records);
        QVERIFY(got.deaths.first == want.deaths.first);
    }

    void chooseFile(const QString &path)
    {
        m_window->dataActions()->setFileChooserForTests([path](bool) { return path; });
    }

    void selectQueue(const QString &queue)
    {
        QTRY_VERIFY_WITH_TIMEOUT(m_window->queueModel()->rowOf(queue) >= 0, 5000);
        QVERIFY(m_window->selectQueue(queue));
    }
};

QTEST_MAIN(TestExportImport)
#include "tst_exportimport.moc"
