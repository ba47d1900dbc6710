// The Topics tab's Export… against a real broker in process: a query's
// results go to a file in the export format's version 2 that holds exactly
// the records the query matches, line for line what the HTTP topic export
// writes; selected records go alone; a query over several topics and a
// selection of several topics go to a folder, one file per topic (none for
// a topic without a match, nothing over an earlier export); a file that cannot be
// written is named in a warning and nothing is left; a large export shows
// its progress (the screenshot) and Cancel removes its file.

#include "GuiTestSupport.h"
#include "broker/export/RecordFormat.h"
#include "ui/client/BrokerClient.h"
#include "ui/client/MessageFileJob.h"
#include "ui/models/TopicModels.h"
#include "ui/views/MainWindow.h"
#include "ui/views/MessageDataActions.h"
#include "ui/views/RecordBrowser.h"
#include "ui/views/TopicQueryBar.h"
#include "ui/views/TopicsPanel.h"

#include <QDir>
#include <QFile>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPainter>
#include <QProgressDialog>
#include <QPushButton>
#include <QSplitter>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <sys/stat.h>

using namespace depot;
using namespace depot::ui;

class TestTopicExport final : public QObject, public test::WindowFixture
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    TopicsPanel *topics() const { return m_window->topicsPanel(); }
    RecordBrowser *records() const { return topics()->records(); }
    TopicQueryBar *bar() const { return records()->queryBar(); }

    static kafka::ProduceRecord record(const QString &topic, qint32 partition, std::optional<QByteArray> key,
        std::optional<QByteArray> value, QList<kafka::RecordHeader> headers = {})
    {
        return kafka::ProduceRecord{topic, partition, std::move(key), std::move(value), std::move(headers)};
    }

    // orders (2 partitions): four records of frances among others, with a
    // null key, a value that is not UTF-8, a tombstone and headers.
    bool fillOrders()
    {
        const QList<kafka::RecordHeader> traced{{QStringLiteral("trace"), QByteArray("t-1")},
            {QStringLiteral("raw"), QByteArray("\xff\x00", 2)}, {QStringLiteral("none"), std::nullopt}};
        return createTopic(QStringLiteral("orders"), 2) && createTopic(QStringLiteral("audit"), 1)
            && produceRecords({record(QStringLiteral("orders"), 0, QByteArray("o-1"),
                                   QByteArray("{\"customer\":\"frances\",\"total\":12}"), traced),
                record(
                    QStringLiteral("orders"), 0, QByteArray("o-2"), QByteArray("{\"customer\":\"bob\",\"total\":99}")),
                record(QStringLiteral("orders"), 0, std::nullopt, QByteArray("frances \xff\xfe binary", 18)),
                record(QStringLiteral("orders"), 1, QByteArray("o-3"),
                    QByteArray("{\"customer\":\"frances\",\"total\":250}")),
                record(QStringLiteral("orders"), 1, QByteArray("frances-gone"), std::nullopt),
                record(QStringLiteral("orders"), 1, QByteArray("o-4"), QByteArray("{\"customer\":\"ann\"}")),
                record(QStringLiteral("audit"), 0, QByteArray("a-1"), QByteArray("{\"customer\":\"frances\"}"))});
    }

    void chooseFile(const QString &path)
    {
        m_window->dataActions()->setFileChooserForTests([path](bool) { return path; });
    }

    bool runQuery(const QString &text)
    {
        bar()->queryEdit()->setText(text);
        QTest::keyClick(bar()->queryEdit(), Qt::Key_Return);
        return QTest::qWaitFor([&] { return !bar()->isRunning(); }, 10000);
    }

    // Presses Export… with `path` chosen and waits for the status bar to say
    // `said`; the file's bytes (empty when it did not come).
    QByteArray exportAs(const QString &path, const QString &said)
    {
        chooseFile(path);
        QTest::mouseClick(records()->exportButton(), Qt::LeftButton);
        if (!QTest::qWaitFor([&] { return m_window->statusBar()->currentMessage().startsWith(said); }, 10000)) {
            qWarning("the status bar says: %s", qPrintable(m_window->statusBar()->currentMessage()));
            return {};
        }
        return readAll(path);
    }

    static QByteArray readAll(const QString &path)
    {
        QFile file(path);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }

    // The records of a file, as "partition/offset"; the header in *header.
    static QStringList recordsIn(
        const QByteArray &file, exportformat::Header *header, QList<exportformat::ExportedRecord> *out = nullptr)
    {
        exportformat::DecodeError error;
        QStringList found;
        const auto count = exportformat::decodeRecordsFile(file, header, &error, [&](exportformat::ExportedRecord &&r) {
            found << QStringLiteral("%1/%2").arg(r.partition).arg(r.offset);
            if (out)
                out->append(std::move(r));
        });
        if (!count)
            return {QStringLiteral("unreadable: ") + error.message()};
        return found;
    }

    // GET on the broker's own HTTP API, waited for.
    QByteArray httpGet(const QString &pathAndQuery)
    {
        QNetworkAccessManager manager;
        QNetworkRequest request(QUrl(
            QStringLiteral("http://127.0.0.1:%1%2").arg(m_service->port(QStringLiteral("http"))).arg(pathAndQuery)));
        request.setRawHeader("Authorization", "Basic " + QByteArray("guest:guest").toBase64());
        QNetworkReply *reply = manager.get(request);
        if (!QTest::qWaitFor([&] { return reply->isFinished(); }, 10000))
            return {};
        const QByteArray body = reply->error() == QNetworkReply::NoError ? reply->readAll() : QByteArray();
        reply->deleteLater();
        return body;
    }

    static QByteArray withoutFirstLine(const QByteArray &file) { return file.mid(file.indexOf('\n') + 1); }

private Q_SLOTS:
    void initTestCase()
    {
        prepareApplication(QStringLiteral("tst_topicexport"));
        QVERIFY(m_dir.isValid());
        ::umask(022);
    }
    void init() { QVERIFY(openWindow(QSize(1280, 800))); }
    void cleanup() { closeWindow(); }

    void aQueryResultsGoToAFileExactly()
    {
        QVERIFY(fillOrders());
        QVERIFY(showPartition(QStringLiteral("orders"), 0));
        // Nothing to export before a query has run and nothing is selected.
        QVERIFY(!records()->exportButton()->isEnabled());

        const QString query = QStringLiteral("\"frances\" or key = \"frances-gone\"");
        QVERIFY(runQuery(query));
        QCOMPARE(records()->model()->rowCount(), 4);
        QVERIFY(records()->exportButton()->isEnabled());
        QCOMPARE(records()->exportButton()->text(), QStringLiteral("Export results…"));

        const QString path = m_dir.filePath(QStringLiteral("frances.depot.jsonl"));
        const QByteArray file = exportAs(path, QStringLiteral("Exported 4 records from topic orders to "));
        QVERIFY(!file.isEmpty());
        struct stat st
        {
        };
        QCOMPARE(::stat(QFile::encodeName(path).constData(), &st), 0);
        QCOMPARE(st.st_mode & 0777, mode_t(0600));

        exportformat::Header header;
        QList<exportformat::ExportedRecord> read;
        QCOMPARE(recordsIn(file, &header, &read),
            QStringList({QStringLiteral("0/0"), QStringLiteral("0/2"), QStringLiteral("1/0"), QStringLiteral("1/1")}));
        QCOMPARE(header.version, exportformat::RecordsVersion);
        QCOMPARE(header.topic, QStringLiteral("orders"));
        QCOMPARE(header.query, query);
        QCOMPARE(header.partition, -1);
        QVERIFY(header.producer.startsWith(QStringLiteral("Depot")));
        // Bytes, nulls and headers as they were produced.
        QCOMPARE(read.at(0).key, std::optional<QByteArray>("o-1"));
        QCOMPARE(read.at(0).headers.size(), 3);
        QCOMPARE(read.at(0).headers.at(1).value, std::optional<QByteArray>(QByteArray("\xff\x00", 2)));
        QVERIFY(!read.at(0).headers.at(2).value.has_value());
        QVERIFY(!read.at(1).key.has_value());
        QCOMPARE(read.at(1).value, std::optional<QByteArray>(QByteArray("frances \xff\xfe binary", 18)));
        QVERIFY(!read.at(3).value.has_value()); // the tombstone

        // Line for line what the HTTP API's topic export writes (after the
        // header, whose time differs).
        const QByteArray overHttp = httpGet(QStringLiteral("/api/depot/topics/orders/export?query=")
            + QString::fromLatin1(QUrl::toPercentEncoding(query)));
        QVERIFY(!overHttp.isEmpty());
        QCOMPARE(withoutFirstLine(file), withoutFirstLine(overHttp));

        // In one partition: the header names it.
        bar()->setScope(TopicQueryBar::Scope::ThisPartition);
        QVERIFY(runQuery(QStringLiteral("\"frances\"")));
        const QString partitionPath = m_dir.filePath(QStringLiteral("p0.depot.jsonl"));
        QCOMPARE(recordsIn(exportAs(partitionPath, QStringLiteral("Exported 2 records from topic orders")), &header),
            QStringList({QStringLiteral("0/0"), QStringLiteral("0/2")}));
        QCOMPARE(header.partition, 0);
    }

    void selectedRecordsGoAlone()
    {
        QVERIFY(fillOrders());
        QVERIFY(showPartition(QStringLiteral("orders"), 1));
        QCOMPARE(records()->model()->rowCount(), 3);
        QTableView *view = records()->view();
        view->selectionModel()->select(QItemSelection(records()->model()->index(1, 0), records()->model()->index(2, 0)),
            QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        QVERIFY(records()->exportButton()->isEnabled());
        QCOMPARE(records()->exportButton()->text(), QStringLiteral("Export selected…"));
        const QString path = m_dir.filePath(QStringLiteral("picked.depot.jsonl"));
        exportformat::Header header;
        QCOMPARE(recordsIn(exportAs(path, QStringLiteral("Exported 2 records from topic orders")), &header),
            QStringList({QStringLiteral("1/1"), QStringLiteral("1/2")}));
        QCOMPARE(header.topic, QStringLiteral("orders"));
        QVERIFY(header.query.isEmpty());
    }

    void severalTopicsGoToAFolderOneFilePerTopic()
    {
        QVERIFY(fillOrders());
        QVERIFY(createTopic(QStringLiteral("quiet"), 1));   // no match: no file
        QVERIFY(showPartition(QStringLiteral("orders"), 0));
        QTemporaryDir folder;
        chooseFile(folder.path());
        bar()->setScope(TopicQueryBar::Scope::AllTopics);
        QVERIFY(runQuery(QStringLiteral("\"frances\"")));
        QCOMPARE(records()->model()->rowCount(), 4);
        QVERIFY(records()->exportRecords());
        QTRY_VERIFY_WITH_TIMEOUT(m_window->statusBar()->currentMessage().startsWith(
                                     QStringLiteral("Exported 4 records to %1, one file per topic").arg(folder.path())),
            10000);
        QVERIFY(m_window->grab().save(test::screenshotDir() + QStringLiteral("/topic-export-folder.png")));
        QDir dir(folder.path());
        QCOMPARE(dir.entryList(QDir::Files),
            (QStringList{QStringLiteral("audit.depot.jsonl"), QStringLiteral("orders.depot.jsonl")}));
        exportformat::Header header;
        QCOMPARE(recordsIn(readAll(dir.filePath(QStringLiteral("orders.depot.jsonl"))), &header),
            QStringList({QStringLiteral("0/0"), QStringLiteral("0/2"), QStringLiteral("1/0")}));
        QCOMPARE(header.topic, QStringLiteral("orders"));
        QCOMPARE(header.query, QStringLiteral("\"frances\""));
        QCOMPARE(recordsIn(readAll(dir.filePath(QStringLiteral("audit.depot.jsonl"))), &header),
            QStringList({QStringLiteral("0/0")}));
        QCOMPARE(header.topic, QStringLiteral("audit"));
        // Again into the same folder: nothing is written over the first.
        QVERIFY(records()->exportRecords());
        QTRY_VERIFY_WITH_TIMEOUT(
            m_window->statusBar()->currentMessage().startsWith(QStringLiteral("Nothing was exported")), 10000);

        // A selection across both topics: the selected records only, a file each.
        QTemporaryDir picked;
        chooseFile(picked.path());
        QTableView *view = records()->view();
        view->selectionModel()->clearSelection();
        for (int row = 0; row < records()->model()->rowCount(); ++row) {
            const kafka::RecordView *r = records()->model()->recordAt(row);
            if (r->topic == QLatin1String("audit") || (r->partition == 1 && r->offset == 0))
                view->selectionModel()->select(records()->model()->index(row, 0),
                    QItemSelectionModel::Select | QItemSelectionModel::Rows);
        }
        QVERIFY(records()->exportRecords());
        QTRY_VERIFY_WITH_TIMEOUT(m_window->statusBar()->currentMessage().startsWith(
                                     QStringLiteral("Exported 2 records to %1").arg(picked.path())),
            10000);
        QDir pickedDir(picked.path());
        QCOMPARE(recordsIn(readAll(pickedDir.filePath(QStringLiteral("orders.depot.jsonl"))), &header),
            QStringList({QStringLiteral("1/0")}));
        QVERIFY(header.query.isEmpty());
        QCOMPARE(recordsIn(readAll(pickedDir.filePath(QStringLiteral("audit.depot.jsonl"))), &header),
            QStringList({QStringLiteral("0/0")}));
    }

    void aFileThatCannotBeWrittenIsNamed()
    {
        QVERIFY(fillOrders());
        QVERIFY(showPartition(QStringLiteral("orders"), 0));
        QVERIFY(runQuery(QStringLiteral("\"frances\"")));
        const QString path = m_dir.filePath(QStringLiteral("no-such-folder/orders.depot.jsonl"));
        chooseFile(path);
        QTest::mouseClick(records()->exportButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(m_window->findChild<QMessageBox *>(QStringLiteral("exportFailed")), 10000);
        const QString text = m_window->findChild<QMessageBox *>(QStringLiteral("exportFailed"))->text();
        QVERIFY2(text.startsWith(QStringLiteral("Could not write ") + path), qPrintable(text));
        QVERIFY(m_window->statusBar()->currentMessage().startsWith(QStringLiteral("Could not write ") + path));
        QVERIFY(!QFile::exists(path));
        // Another export can start.
        QTRY_VERIFY(m_window->dataActions()->progressDialog() == nullptr);
        const QString good = m_dir.filePath(QStringLiteral("after.depot.jsonl"));
        chooseFile(good);
        QVERIFY(m_window->dataActions()->exportTopic(bar()->lastSpec(), {}) != nullptr);
        QTRY_VERIFY_WITH_TIMEOUT(
            m_window->statusBar()->currentMessage().startsWith(QStringLiteral("Exported 3")), 10000);
    }

    // 50,000 records, 25 slices: the progress shows while the GUI thread
    // runs (the screenshot is taken from it), and Cancel removes the file.
    void aLargeExportShowsProgressAndCancels()
    {
        QVERIFY(createTopic(QStringLiteral("clicks"), 1));
        for (int round = 0; round < 5; ++round) {
            QList<kafka::ProduceRecord> batch;
            for (int i = 0; i < 10000; ++i) {
                const int n = round * 10000 + i;
                batch.append(record(QStringLiteral("clicks"), 0, QByteArray::number(n),
                    "{\"page\":\"/p/" + QByteArray::number(n % 40) + "\",\"n\":" + QByteArray::number(n) + "}"));
            }
            QVERIFY(produceRecords(batch));
        }
        QVERIFY(showPartition(QStringLiteral("clicks"), 0));
        const QString query = QStringLiteral("value.page = \"/p/7\"");
        QVERIFY(runQuery(query));
        QCOMPARE(records()->model()->rowCount(), 1250);

        const QString path = m_dir.filePath(QStringLiteral("clicks.depot.jsonl"));
        chooseFile(path);
        m_window->mainSplitter()->setSizes({220, m_window->width() - 220});
        QTest::mouseClick(records()->exportButton(), Qt::LeftButton);
        auto *job = m_window->dataActions()->findChild<ExportJob *>();
        QVERIFY(job);
        // Everything about the export in flight is looked at from its first
        // progress, then Cancel is pressed: the job cannot end meanwhile.
        QImage shot;
        QString label;
        bool between = false;
        bool alone = false;
        connect(job, &ExportJob::progress, this, [&](quint64 done, quint64 total) {
            QProgressDialog *progress = m_window->dataActions()->progressDialog();
            if (!shot.isNull() || done == 0 || done >= total || !progress)
                return;
            // What the user sees: the window with the progress dialog over it.
            shot = m_window->grab().toImage();
            const QPixmap dialog = progress->grab();
            QPainter painter(&shot);
            painter.drawPixmap((shot.width() - dialog.width()) / 2, (shot.height() - dialog.height()) / 2, dialog);
            label = progress->labelText();
            between = progress->value() > 0 && progress->value() < progress->maximum();
            alone = m_window->dataActions()->exportTopic(bar()->lastSpec(), {}) == nullptr; // one job at a time
            if (QPushButton *cancel = progress->findChild<QPushButton *>())
                QTest::mouseClick(cancel, Qt::LeftButton);
        });
        QTRY_VERIFY_WITH_TIMEOUT(!shot.isNull(), 20000);
        QVERIFY(shot.save(test::screenshotDir() + QStringLiteral("/topic-export-progress.png")));
        QVERIFY2(label.contains(QStringLiteral("clicks")), qPrintable(label));
        QVERIFY(between);
        QVERIFY(alone);
        QTRY_VERIFY_WITH_TIMEOUT(
            m_window->statusBar()->currentMessage().startsWith(QStringLiteral("Export cancelled")), 20000);
        QVERIFY(!QFile::exists(path));
        QVERIFY(!m_window->findChild<QMessageBox *>(QStringLiteral("exportFailed")));

        // Run to the end, it holds every match.
        QTRY_VERIFY(records()->exportButton()->isEnabled());
        QTest::mouseClick(records()->exportButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(
            m_window->statusBar()->currentMessage().startsWith(QStringLiteral("Exported 1250 records")), 30000);
        exportformat::Header header;
        const QStringList found = recordsIn(readAll(path), &header);
        QCOMPARE(found.size(), 1250);
        QCOMPARE(found.front(), QStringLiteral("0/7"));
        QCOMPARE(found.back(), QStringLiteral("0/49967"));
    }
};

QTEST_MAIN(TestTopicExport)
#include "tst_topicexport.moc"
