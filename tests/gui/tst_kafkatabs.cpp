// The Topics and Consumer groups tabs against a real broker in process:
// topics created and records produced through BrokerClient show with their
// offsets; the record browser reads from an offset and from a time; a search
// finds a record; the Produce dialog's record lands at the offset the window
// names; re-produce copies records to another topic; a group that kcat (a
// real Kafka client) committed offsets for shows its lag, a reset moves the
// offsets and the lag with them, and deleting the group removes it; while a
// member is in the group, reset and delete are disabled, saying why, and the
// broker's refusal shows in a reset dialog opened before it joined.

#include "GuiTestSupport.h"
#include "ui/client/BrokerClient.h"
#include "ui/models/TopicModels.h"
#include "ui/views/GroupsPanel.h"
#include "ui/views/KafkaDialogs.h"
#include "ui/views/MainWindow.h"
#include "ui/views/RecordBrowser.h"
#include "ui/views/RecordInspector.h"
#include "ui/views/TopicsPanel.h"

#include <QApplication>
#include <QComboBox>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPointer>
#include <QProcess>
#include <QPushButton>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTest>
#include <QSplitter>
#include <QTreeWidget>

using namespace depot;
using namespace depot::ui;

class TestKafkaTabs final : public QObject, public test::WindowFixture
{
    Q_OBJECT

private:
    QStringList m_confirmations;
    std::vector<std::unique_ptr<QProcess>> m_clients;

    TopicsPanel *topics() const { return m_window->topicsPanel(); }
    GroupsPanel *groups() const { return m_window->groupsPanel(); }
    RecordBrowser *records() const { return topics()->records(); }

    // Produces `values` (keys "k<n>") to one partition; the offsets they got.
    QList<qint64> produce(const QString &topic, qint32 partition, const QStringList &values,
        const QList<kafka::RecordHeader> &headers = {})
    {
        QList<kafka::ProduceRecord> batch;
        for (qsizetype i = 0; i < values.size(); ++i) {
            kafka::ProduceRecord r;
            r.topic = topic;
            r.partition = partition;
            r.key = QStringLiteral("k%1").arg(i).toUtf8();
            r.value = values.at(i).toUtf8();
            r.headers = headers;
            batch.append(r);
        }
        QList<qint64> offsets;
        bool done = false;
        m_window->client()->kafkaProduce(this, batch, [&](Result<QList<kafka::ProducedRecord>> r) {
            for (const kafka::ProducedRecord &p : r.value)
                offsets.append(p.offset);
            done = true;
        });
        if (!QTest::qWaitFor([&] { return done; }, 5000))
            return {};
        return offsets;
    }

    static QStringList numbered(const QString &prefix, int count, int from = 0)
    {
        QStringList values;
        for (int i = from; i < from + count; ++i)
            values << QStringLiteral("%1 %2").arg(prefix).arg(i);
        return values;
    }

    QList<qint64> shownOffsets() const
    {
        QList<qint64> offsets;
        for (const kafka::RecordView &r : records()->model()->records())
            offsets << r.offset;
        return offsets;
    }

    qint64 shownLag(const QString &group) const
    {
        const kafka::GroupView *g = m_window->client()->snapshot()->group(group);
        return g ? g->totalLag : -1;
    }

    // kcat as a member of `group` reading `topic`; with `count`, it reads that
    // many records from the earliest, commits and leaves.
    QProcess *kcat(const QString &group, const QString &topic, int count = 0)
    {
        auto process = std::make_unique<QProcess>();
        QStringList args = {QStringLiteral("-b"),
            QStringLiteral("127.0.0.1:%1").arg(m_service->port(QStringLiteral("kafka"))), QStringLiteral("-G"), group,
            QStringLiteral("-X"), QStringLiteral("auto.offset.reset=earliest"), QStringLiteral("-q")};
        if (count > 0)
            args << QStringLiteral("-c") << QString::number(count);
        args << topic;
        process->setProcessChannelMode(QProcess::ForwardedErrorChannel);
        process->start(QStringLiteral("kcat"), args);
        m_clients.push_back(std::move(process));
        return m_clients.back().get();
    }

    // The queue list narrow (there are no queues here), then the window's picture.
    void screenshot(const QString &name)
    {
        m_window->mainSplitter()->setSizes({220, m_window->width() - 220});
        QApplication::processEvents();
        QVERIFY(m_window->grab().save(test::screenshotDir() + u'/' + name));
    }

private Q_SLOTS:
    void initTestCase() { prepareApplication(QStringLiteral("tst_kafkatabs")); }

    void init()
    {
        QVERIFY(openWindow(QSize(1280, 800)));
        m_confirmations.clear();
        m_window->setConfirmForTests([this](const QString &text) {
            m_confirmations << text;
            return true;
        });
    }

    void cleanup()
    {
        for (auto &p : m_clients) {
            p->terminate();
            if (!p->waitForFinished(5000))
                p->kill();
        }
        m_clients.clear();
        closeWindow();
    }

    void topicsShowTheirOffsets()
    {
        QVERIFY(createTopic(QStringLiteral("orders"), 3));
        QCOMPARE(produce(QStringLiteral("orders"), 1, numbered(QStringLiteral("order"), 5)),
            (QList<qint64>{0, 1, 2, 3, 4}));
        QCOMPARE(produce(QStringLiteral("orders"), 0, {QStringLiteral("{\"id\": 9, \"total\": 12.5}")},
                     {{QStringLiteral("trace"), QByteArrayLiteral("t-1")}}),
            QList<qint64>{0});
        m_window->tabs()->setCurrentIndex(MainWindow::TopicsTab);
        TopicListModel *model = topics()->topicModel();
        QTRY_VERIFY_WITH_TIMEOUT(model->rowOf(QStringLiteral("orders")) >= 0
                && model->index(model->rowOf(QStringLiteral("orders")), TopicListModel::Records).data().toString()
                    == u"6",
            5000);
        const int row = model->rowOf(QStringLiteral("orders"));
        QCOMPARE(model->index(row, TopicListModel::Partitions).data().toString(), QStringLiteral("3"));

        QVERIFY(topics()->selectTopic(QStringLiteral("orders")));
        PartitionListModel *partitions = topics()->partitionModel();
        QCOMPARE(partitions->rowCount(), 3);
        const int p1 = partitions->rowOf(QStringLiteral("1"));
        QCOMPARE(partitions->index(p1, PartitionListModel::Start).data().toString(), QStringLiteral("0"));
        QCOMPARE(partitions->index(p1, PartitionListModel::End).data().toString(), QStringLiteral("5"));
        QCOMPARE(partitions->index(partitions->rowOf(QStringLiteral("2")), PartitionListModel::End).data().toString(),
            QStringLiteral("0"));

        // Partition 1's records, from the earliest.
        QVERIFY(showPartition(QStringLiteral("orders"), 1));
        QCOMPARE(shownOffsets(), (QList<qint64>{0, 1, 2, 3, 4}));
        QCOMPARE(records()->model()->index(2, RecordListModel::Value).data().toString(), QStringLiteral("order 2"));
        QCOMPARE(records()->model()->index(2, RecordListModel::Key).data().toString(), QStringLiteral("k2"));
        records()->view()->setCurrentIndex(records()->model()->index(2, 0));
        QVERIFY(records()->inspector()->record());
        QCOMPARE(records()->inspector()->record()->offset, 2);
        QCOMPARE(records()->inspector()->bodyText()->toPlainText(), QStringLiteral("order 2"));

        // A JSON value opens as a tree; its header is listed.
        QVERIFY(showPartition(QStringLiteral("orders"), 0));
        QCOMPARE(shownOffsets(), QList<qint64>{0});
        records()->view()->setCurrentIndex(records()->model()->index(0, 0));
        RecordInspector *inspector = records()->inspector();
        QCOMPARE(inspector->bodyTabs()->currentIndex(), int(RecordInspector::JsonTab));
        QCOMPARE(inspector->headersTree()->topLevelItemCount(), 1);
        QCOMPARE(inspector->headersTree()->topLevelItem(0)->text(1), QStringLiteral("t-1"));
        QVERIFY(inspector->hexView()->toPlainText().contains(QStringLiteral("7b 22 69 64")));   // {"id

    }

    void browseFromAnOffsetAndATime()
    {
        QVERIFY(createTopic(QStringLiteral("events"), 1));
        QCOMPARE(produce(QStringLiteral("events"), 0, numbered(QStringLiteral("early"), 4)).size(), 4);
        QTest::qWait(30);
        const qint64 between = QDateTime::currentMSecsSinceEpoch();
        QTest::qWait(30);
        QCOMPARE(produce(QStringLiteral("events"), 0, numbered(QStringLiteral("late"), 6)).size(), 6);
        QVERIFY(showPartition(QStringLiteral("events"), 0));
        QCOMPARE(shownOffsets().size(), 10);

        // From an offset, as typed.
        records()->fromBox()->setCurrentIndex(records()->fromBox()->findData(int(kafka::RecordsFrom::Kind::Offset)));
        records()->offsetEdit()->setText(QStringLiteral("7"));
        QTest::keyClick(records()->offsetEdit(), Qt::Key_Return);
        QTRY_COMPARE_WITH_TIMEOUT(shownOffsets(), (QList<qint64>{7, 8, 9}), 5000);

        // From a time: the first record at or after it.
        records()->browse({kafka::RecordsFrom::Kind::Timestamp, between});
        QTRY_COMPARE_WITH_TIMEOUT(shownOffsets().value(0, -1), 4, 5000);
        QCOMPARE(records()->model()->index(0, RecordListModel::Value).data().toString(), QStringLiteral("late 0"));

        // The latest page ends at the log end.
        records()->browse({kafka::RecordsFrom::Kind::Latest, 0});
        QTRY_COMPARE_WITH_TIMEOUT(shownOffsets().value(shownOffsets().size() - 1, -1), 9, 5000);
    }

    // A RabbitMQ stream declared over AMQP is a topic of one partition here:
    // browsed by offset, its messages' bodies as values, nothing consumed.
    void streamIsBrowsedAsALog()
    {
        test::onBroker(*m_service, [](Engine &engine) {
            QueueDef def;
            def.name = QStringLiteral("audit");
            def.durable = true;
            def.arguments = {{QStringLiteral("x-queue-type"), QStringLiteral("stream")}};
            const auto declared = engine.declareQueue(def, false);
            QVERIFY2(declared.ok(), qPrintable(declared.error.text));
        });
        test::publishMessages(*m_service, QStringLiteral("audit"), 3, QStringLiteral("entry"));
        QVERIFY(showPartition(QStringLiteral("audit"), 0));
        QTRY_COMPARE_WITH_TIMEOUT(shownOffsets(), (QList<qint64>{0, 1, 2}), 5000);
        QCOMPARE(records()->model()->index(1, RecordListModel::Value).data().toString(), QStringLiteral("entry 1"));
        records()->view()->setCurrentIndex(records()->model()->index(1, 0));
        QCOMPARE(records()->inspector()->bodyText()->toPlainText(), QStringLiteral("entry 1"));
        // Browsing consumed nothing: the queue list still counts all three.
        const auto ready = [this] {
            const QueueRow *q = m_window->client()->snapshot()->queue(QStringLiteral("audit"));
            return q ? quint64(q->ready) : quint64(0);
        };
        QTRY_COMPARE_WITH_TIMEOUT(ready(), quint64(3), 5000);
    }

    void searchFindsARecord()
    {
        QVERIFY(createTopic(QStringLiteral("audit"), 3));
        for (qint32 p = 0; p < 3; ++p)
            QCOMPARE(produce(QStringLiteral("audit"), p, numbered(QStringLiteral("entry"), 20)).size(), 20);
        QCOMPARE(produce(QStringLiteral("audit"), 2, {QStringLiteral("the needle-42 is here")}), QList<qint64>{20});
        QVERIFY(showPartition(QStringLiteral("audit"), 0));

        records()->searchEdit()->setText(QStringLiteral("NEEDLE-42"));
        records()->searchScopeBox()->setCurrentIndex(1);   // the whole topic
        QTest::keyClick(records()->searchEdit(), Qt::Key_Return);
        QTRY_COMPARE_WITH_TIMEOUT(records()->model()->rowCount(), 1, 5000);
        const kafka::RecordView *found = records()->model()->recordAt(0);
        QCOMPARE(found->partition, 2);
        QCOMPARE(found->offset, 20);
        QVERIFY(records()->statusLabel()->text().contains(QStringLiteral(": 1 of 61 records")));

        // Within partition 0 it is not there.
        records()->search(QStringLiteral("needle-42"), false);
        QTRY_VERIFY_WITH_TIMEOUT(records()->pending() == 0, 5000);
        QCOMPARE(records()->model()->rowCount(), 0);
    }

    void produceDialogLandsAtTheShownOffset()
    {
        QVERIFY(createTopic(QStringLiteral("orders"), 2));
        QCOMPARE(produce(QStringLiteral("orders"), 1, numbered(QStringLiteral("order"), 3)).size(), 3);
        QVERIFY(showPartition(QStringLiteral("orders"), 1));

        ProduceRecordDialog *dialog = topics()->produceRecord();
        QVERIFY(dialog);
        QCOMPARE(dialog->topicBox()->currentText(), QStringLiteral("orders"));
        QCOMPARE(dialog->partitionBox()->currentData().toInt(), 1);
        dialog->keyEdit()->setText(QStringLiteral("order-77"));
        dialog->headersEdit()->setPlainText(QStringLiteral("no colon here"));
        QVERIFY(!dialog->buttons()->button(QDialogButtonBox::Ok)->isEnabled());
        QVERIFY(dialog->problemLabel()->text().contains(QStringLiteral("no colon here")));
        dialog->headersEdit()->setPlainText(QStringLiteral("source: window\ntrace: abc"));
        dialog->valueEdit()->setPlainText(QStringLiteral("{\"id\": 77}"));
        QVERIFY(dialog->buttons()->button(QDialogButtonBox::Ok)->isEnabled());
        QPointer<ProduceRecordDialog> open(dialog);
        dialog->buttons()->button(QDialogButtonBox::Ok)->click();
        QTRY_VERIFY_WITH_TIMEOUT(!open, 5000);

        QTRY_VERIFY_WITH_TIMEOUT(
            topics()->statusLabel()->text().contains(QStringLiteral("partition 1 at offset 3")), 5000);
        // Shown where it landed, and it is what was written.
        QTRY_VERIFY_WITH_TIMEOUT(records()->inspector()->record().has_value(), 5000);
        const kafka::RecordView shown = *records()->inspector()->record();
        QCOMPARE(shown.partition, 1);
        QCOMPARE(shown.offset, 3);
        QCOMPARE(shown.key, std::optional<QByteArray>(QByteArrayLiteral("order-77")));
        QCOMPARE(shown.value, std::optional<QByteArray>(QByteArrayLiteral("{\"id\": 77}")));
        QCOMPARE(records()->inspector()->headersTree()->topLevelItemCount(), 2);
        QCOMPARE(records()->inspector()->headersTree()->topLevelItem(0)->text(0), QStringLiteral("source"));
    }

    void reproduceCopiesRecordsToAnotherTopic()
    {
        QVERIFY(createTopic(QStringLiteral("orders"), 1));
        QVERIFY(createTopic(QStringLiteral("orders-replay"), 1));
        QCOMPARE(produce(QStringLiteral("orders"), 0, numbered(QStringLiteral("order"), 6)).size(), 6);
        QVERIFY(showPartition(QStringLiteral("orders"), 0));
        QCOMPARE(shownOffsets().size(), 6);
        QVERIFY(!records()->reproduceButton()->isEnabled());

        // Offsets 1, 2 and 4.
        auto *selection = records()->view()->selectionModel();
        for (int row : {1, 2, 4})
            selection->select(records()->model()->index(row, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
        QVERIFY(records()->reproduceButton()->isEnabled());
        ReproduceDialog *dialog = records()->reproduceSelected();
        QVERIFY(dialog);
        QCOMPARE(dialog->windowTitle(), QStringLiteral("Re-produce 3 records"));
        dialog->topicBox()->setCurrentIndex(dialog->topicBox()->findText(QStringLiteral("orders-replay")));
        QPointer<ReproduceDialog> open(dialog);
        dialog->buttons()->button(QDialogButtonBox::Ok)->click();
        QTRY_VERIFY_WITH_TIMEOUT(!open, 5000);

        QVERIFY(showPartition(QStringLiteral("orders-replay"), 0));
        QTRY_COMPARE_WITH_TIMEOUT(shownOffsets(), (QList<qint64>{0, 1, 2}), 5000);
        QStringList values;
        for (const kafka::RecordView &r : records()->model()->records())
            values << QString::fromUtf8(r.value.value_or(QByteArray()));
        QCOMPARE(values, (QStringList{QStringLiteral("order 1"), QStringLiteral("order 2"), QStringLiteral("order 4")}));
        QCOMPARE(records()->model()->records().at(1).key, std::optional<QByteArray>(QByteArrayLiteral("k2")));
        // The source is as it was.
        const kafka::TopicView *source = m_window->client()->snapshot()->topic(QStringLiteral("orders"));
        QVERIFY(source);
        QCOMPARE(source->partitions.at(0).highWatermark, 6);
    }

    void groupLagResetAndDelete()
    {
        if (QStandardPaths::findExecutable(QStringLiteral("kcat")).isEmpty())
            QSKIP("kcat is not installed");
        QVERIFY(createTopic(QStringLiteral("payments"), 1));
        QCOMPARE(produce(QStringLiteral("payments"), 0, numbered(QStringLiteral("payment"), 10)).size(), 10);
        QProcess *consumer = kcat(QStringLiteral("billing"), QStringLiteral("payments"), 3);
        QVERIFY(consumer->waitForFinished(30000));
        QCOMPARE(consumer->exitCode(), 0);

        m_window->tabs()->setCurrentIndex(MainWindow::GroupsTab);
        QTRY_COMPARE_WITH_TIMEOUT(shownLag(QStringLiteral("billing")), 7, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(groups()->selectGroup(QStringLiteral("billing")), 5000);
        GroupListModel *model = groups()->groupModel();
        const int row = model->rowOf(QStringLiteral("billing"));
        QCOMPARE(model->index(row, GroupListModel::Lag).data().toString(), QStringLiteral("7"));
        QCOMPARE(model->index(row, GroupListModel::Members).data().toString(), QStringLiteral("0"));
        GroupOffsetModel *offsets = groups()->offsetModel();
        QCOMPARE(offsets->rowCount(), 1);
        QCOMPARE(offsets->index(0, GroupOffsetModel::Committed).data().toString(), QStringLiteral("3"));
        QCOMPARE(offsets->index(0, GroupOffsetModel::End).data().toString(), QStringLiteral("10"));
        QCOMPARE(offsets->index(0, GroupOffsetModel::Lag).data().toString(), QStringLiteral("7"));

        // Reset to the earliest: everything is to be read again.
        QVERIFY(groups()->resetButton()->isEnabled());
        ResetOffsetsDialog *dialog = groups()->resetOffsets();
        QVERIFY(dialog);
        QCOMPARE(dialog->topicBox()->currentText(), QStringLiteral("payments"));
        dialog->toBox()->setCurrentIndex(dialog->toBox()->findData(int(kafka::OffsetReset::To::Earliest)));
        QPointer<ResetOffsetsDialog> open(dialog);
        dialog->buttons()->button(QDialogButtonBox::Ok)->click();
        QTRY_VERIFY_WITH_TIMEOUT(!open, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(shownLag(QStringLiteral("billing")), 10, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(offsets->index(0, GroupOffsetModel::Committed).data().toString(), QStringLiteral("0"),
            5000);

        // To an offset of partition 0.
        dialog = groups()->resetOffsets();
        QVERIFY(dialog);
        dialog->partitionBox()->setCurrentIndex(dialog->partitionBox()->findData(0));
        dialog->toBox()->setCurrentIndex(dialog->toBox()->findData(int(kafka::OffsetReset::To::Offset)));
        QVERIFY(!dialog->buttons()->button(QDialogButtonBox::Ok)->isEnabled());   // no offset yet
        dialog->offsetEdit()->setText(QStringLiteral("8"));
        open = dialog;
        dialog->buttons()->button(QDialogButtonBox::Ok)->click();
        QTRY_VERIFY_WITH_TIMEOUT(!open, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(shownLag(QStringLiteral("billing")), 2, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(offsets->index(0, GroupOffsetModel::Lag).data().toString(), QStringLiteral("2"), 5000);

        // Deleted, after asking.
        QVERIFY(groups()->deleteButton()->isEnabled());
        groups()->deleteGroup();
        QCOMPARE(m_confirmations.size(), 1);
        QVERIFY(m_confirmations.first().contains(QStringLiteral("billing")));
        QTRY_VERIFY_WITH_TIMEOUT(!m_window->client()->snapshot()->group(QStringLiteral("billing")), 5000);
        QTRY_COMPARE_WITH_TIMEOUT(model->rowOf(QStringLiteral("billing")), -1, 5000);
    }

    // The inspector's Story tab: who produced the record (the window here),
    // the group that committed past it (kcat's), the groups waiting for it.
    void aRecordsStoryNamesItsProducerAndItsGroups()
    {
        if (QStandardPaths::findExecutable(QStringLiteral("kcat")).isEmpty())
            QSKIP("kcat is not installed");
        QVERIFY(createTopic(QStringLiteral("invoices"), 1));
        QCOMPARE(produce(QStringLiteral("invoices"), 0, numbered(QStringLiteral("invoice"), 6)).size(), 6);
        QProcess *consumer = kcat(QStringLiteral("ledger"), QStringLiteral("invoices"), 3);
        QVERIFY(consumer->waitForFinished(30000));
        QCOMPARE(consumer->exitCode(), 0);
        m_window->tabs()->setCurrentIndex(MainWindow::GroupsTab);
        QTRY_COMPARE_WITH_TIMEOUT(shownLag(QStringLiteral("ledger")), 3, 10000);
        m_window->tabs()->setCurrentIndex(MainWindow::TopicsTab);

        QVERIFY(showPartition(QStringLiteral("invoices"), 0));
        RecordInspector *inspector = records()->inspector();
        inspector->sectionTabs()->setCurrentIndex(RecordInspector::StoryTab);
        records()->view()->setCurrentIndex(records()->model()->index(1, 0));
        QTreeWidget *story = inspector->storyTree();
        QTRY_COMPARE_WITH_TIMEOUT(story->topLevelItemCount(), 2, 5000);
        QCOMPARE(story->topLevelItem(0)->text(RecordInspector::StoryEvent), QStringLiteral("Produced"));
        QCOMPARE(story->topLevelItem(0)->text(RecordInspector::StoryActor), QStringLiteral("Depot's window"));
        QVERIFY(story->topLevelItem(0)->text(RecordInspector::StoryDetails).contains(QStringLiteral("offset 1")));
        QCOMPARE(story->topLevelItem(1)->text(RecordInspector::StoryEvent), QStringLiteral("Consumed"));
        QVERIFY2(story->topLevelItem(1)->text(RecordInspector::StoryActor).contains(QStringLiteral("127.0.0.1")),
            qPrintable(story->topLevelItem(1)->text(RecordInspector::StoryActor)));
        QVERIFY(story->topLevelItem(1)->text(RecordInspector::StoryDetails).contains(QStringLiteral("'ledger'")));
        // The chosen event, whole, under the list.
        story->setCurrentItem(story->topLevelItem(1));
        QVERIFY2(inspector->storyEventText()->text().contains(QStringLiteral("consumed by group 'ledger' (it committed offset 3)")),
            qPrintable(inspector->storyEventText()->text()));
        QVERIFY2(inspector->storyNote()->text().contains(QStringLiteral("consumed it")),
            qPrintable(inspector->storyNote()->text()));
        screenshot(QStringLiteral("kafka-record-story.png"));

        // Offset 4 is past the group's commit: produced only, the group waits.
        records()->view()->setCurrentIndex(records()->model()->index(4, 0));
        QTRY_COMPARE_WITH_TIMEOUT(inspector->storyNote()->text(), QStringLiteral("Not consumed yet by: ledger"), 5000);
        QCOMPARE(story->topLevelItemCount(), 1);
    }

    // A member that has read nothing and committed nothing: every partition
    // assigned to it is listed, "no commit", with the lag to the log end.
    void assignedPartitionsWithoutACommitAreListed()
    {
        if (QStandardPaths::findExecutable(QStringLiteral("kcat")).isEmpty())
            QSKIP("kcat is not installed");
        QVERIFY(createTopic(QStringLiteral("invoices"), 2));
        QCOMPARE(produce(QStringLiteral("invoices"), 0, numbered(QStringLiteral("invoice"), 4)).size(), 4);
        QCOMPARE(produce(QStringLiteral("invoices"), 1, numbered(QStringLiteral("invoice"), 2)).size(), 2);
        // From the latest: it reads nothing, so it commits nothing.
        auto process = std::make_unique<QProcess>();
        process->setProcessChannelMode(QProcess::ForwardedErrorChannel);
        process->start(QStringLiteral("kcat"),
            {QStringLiteral("-b"), QStringLiteral("127.0.0.1:%1").arg(m_service->port(QStringLiteral("kafka"))),
                QStringLiteral("-G"), QStringLiteral("accounting"), QStringLiteral("-X"),
                QStringLiteral("auto.offset.reset=latest"), QStringLiteral("-q"), QStringLiteral("invoices")});
        m_clients.push_back(std::move(process));

        m_window->tabs()->setCurrentIndex(MainWindow::GroupsTab);
        QTRY_VERIFY_WITH_TIMEOUT(groups()->selectGroup(QStringLiteral("accounting")), 30000);
        GroupOffsetModel *offsets = groups()->offsetModel();
        QTRY_COMPARE_WITH_TIMEOUT(offsets->rowCount(), 2, 30000);
        QCOMPARE(groups()->memberModel()->rowCount(), 1);
        for (int row = 0; row < 2; ++row) {
            QCOMPARE(offsets->index(row, GroupOffsetModel::Topic).data().toString(), QStringLiteral("invoices"));
            QCOMPARE(offsets->index(row, GroupOffsetModel::Partition).data().toInt(), row);
            QCOMPARE(offsets->index(row, GroupOffsetModel::Committed).data().toString(), QStringLiteral("no commit"));
        }
        QCOMPARE(offsets->index(0, GroupOffsetModel::Lag).data().toString(), QStringLiteral("4"));
        QCOMPARE(offsets->index(1, GroupOffsetModel::Lag).data().toString(), QStringLiteral("2"));
        // The group's lag counts them too, in the list and the title.
        GroupListModel *list = groups()->groupModel();
        QCOMPARE(list->index(list->rowOf(QStringLiteral("accounting")), GroupListModel::Lag).data().toString(),
            QStringLiteral("6"));
        screenshot(QStringLiteral("kafka-group-no-commit.png"));
    }

    void resetRefusedWhileTheGroupHasAMember()
    {
        if (QStandardPaths::findExecutable(QStringLiteral("kcat")).isEmpty())
            QSKIP("kcat is not installed");
        QVERIFY(createTopic(QStringLiteral("payments"), 2));
        QCOMPARE(produce(QStringLiteral("payments"), 0, numbered(QStringLiteral("payment"), 4)).size(), 4);
        QVERIFY(kcat(QStringLiteral("billing"), QStringLiteral("payments"), 2)->waitForFinished(30000));
        m_window->tabs()->setCurrentIndex(MainWindow::GroupsTab);
        QTRY_VERIFY_WITH_TIMEOUT(groups()->selectGroup(QStringLiteral("billing")), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(groups()->resetButton()->isEnabled(), 5000);
        // Opened while the group is empty ...
        ResetOffsetsDialog *dialog = groups()->resetOffsets();
        QVERIFY(dialog);

        // ... then a member joins.
        kcat(QStringLiteral("billing"), QStringLiteral("payments"));
        QTRY_VERIFY_WITH_TIMEOUT(groups()->memberModel()->rowCount() == 1, 30000);
        QVERIFY(!groups()->resetButton()->isEnabled());
        QVERIFY(!groups()->deleteButton()->isEnabled());
        QVERIFY(groups()->resetButton()->toolTip().contains(QStringLiteral("1 member")));
        QVERIFY(groups()->deleteButton()->toolTip().contains(QStringLiteral("no members")));
        QVERIFY(!groups()->resetOffsets());   // no second dialog
        QVERIFY(groups()->memberModel()->index(0, GroupMemberModel::Assignment).data().toString().startsWith(
            QStringLiteral("payments: ")));

        // The broker says no to the dialog that was open, and it says why.
        dialog->buttons()->button(QDialogButtonBox::Ok)->click();
        QTRY_VERIFY_WITH_TIMEOUT(dialog->problemLabel()->text().startsWith(QStringLiteral("Depot refused")), 5000);
        QVERIFY(dialog->isVisible());
        const kafka::GroupView *g = m_window->client()->snapshot()->group(QStringLiteral("billing"));
        QVERIFY(g);
        QCOMPARE(g->offsets.value(0).committed, 2);   // unchanged
        dialog->reject();
    }

    void topicsScreenshot()
    {
        QVERIFY(createTopic(QStringLiteral("orders"), 3));
        QVERIFY(createTopic(QStringLiteral("payments"), 2));
        QVERIFY(createTopic(QStringLiteral("audit"), 1));
        // A few seconds of traffic, so the rates and sparklines have something to show.
        int order = 1000;
        for (int second = 0; second < 8; ++second) {
            for (qint32 p = 0; p < 3; ++p) {
                QStringList values;
                for (int i = 0; i < 4 + (second * 7 + p * 3) % 11; ++i, ++order)
                    values << QStringLiteral("{\"order\": %1, \"customer\": \"c-%2\", \"total\": %3.50}")
                                  .arg(order)
                                  .arg(order % 37)
                                  .arg(order % 90 + 5);
                produce(QStringLiteral("orders"), p, values,
                    {{QStringLiteral("source"), QByteArrayLiteral("web-shop")},
                        {QStringLiteral("trace-id"), QStringLiteral("4bf92f35-%1").arg(second * 3 + p).toUtf8()},
                        {QStringLiteral("schema"), QByteArrayLiteral("orders.v2")}});
            }
            produce(QStringLiteral("payments"), second % 2, numbered(QStringLiteral("payment"), 3 + second));
            produce(QStringLiteral("audit"), 0, numbered(QStringLiteral("audit entry"), 2));
            QTest::qWait(1000);
        }
        QVERIFY(showPartition(QStringLiteral("orders"), 1));
        QVERIFY(!topics()->rates().history(QStringLiteral("orders"), 1).isEmpty());
        records()->view()->setCurrentIndex(records()->model()->index(3, 0));
        screenshot(QStringLiteral("kafka-topics.png"));
        // The same record with its headers.
        QCOMPARE(records()->inspector()->headersTree()->topLevelItemCount(), 3);
        records()->inspector()->sectionTabs()->setCurrentIndex(1);
        screenshot(QStringLiteral("kafka-record.png"));
    }

    void groupsScreenshot()
    {
        if (QStandardPaths::findExecutable(QStringLiteral("kcat")).isEmpty())
            QSKIP("kcat is not installed");
        QVERIFY(createTopic(QStringLiteral("payments"), 3));
        QVERIFY(createTopic(QStringLiteral("refunds"), 1));
        for (qint32 p = 0; p < 3; ++p)
            QCOMPARE(produce(QStringLiteral("payments"), p, numbered(QStringLiteral("payment"), 20)).size(), 20);
        QCOMPARE(produce(QStringLiteral("refunds"), 0, numbered(QStringLiteral("refund"), 5)).size(), 5);
        QVERIFY(kcat(QStringLiteral("billing"), QStringLiteral("payments"), 25)->waitForFinished(30000));
        kcat(QStringLiteral("refund-worker"), QStringLiteral("refunds"));
        m_window->tabs()->setCurrentIndex(MainWindow::GroupsTab);
        // kcat stops after 25 records; what it commits depends on its fetches.
        QTRY_VERIFY_WITH_TIMEOUT(shownLag(QStringLiteral("billing")) > 0, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(groups()->selectGroup(QStringLiteral("refund-worker"))
                && groups()->memberModel()->rowCount() == 1,
            30000);
        QVERIFY(groups()->selectGroup(QStringLiteral("billing")));
        QVERIFY(groups()->offsetModel()->rowCount() > 0);
        screenshot(QStringLiteral("kafka-group-lag.png"));
    }
};

QTEST_MAIN(TestKafkaTabs)
#include "tst_kafkatabs.moc"
