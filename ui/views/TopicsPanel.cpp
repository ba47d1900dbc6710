#include "ui/views/TopicsPanel.h"

#include "ui/client/BrokerClient.h"
#include "ui/views/RecordBrowser.h"
#include "ui/views/SparklineDelegate.h"
#include "ui/views/WindowParts.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

#include <climits>

namespace depot::ui {

TopicsPanel::TopicsPanel(BrokerClient *client, QWidget *parent)
    : QWidget(parent)
    , m_client(client)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);

    auto *bar = new QHBoxLayout;
    m_create = new QPushButton(tr("Create topic…"), this);
    m_create->setObjectName(QStringLiteral("createTopic"));
    m_delete = new QPushButton(depotIcon("delete"), tr("Delete topic…"), this);
    m_delete->setObjectName(QStringLiteral("deleteTopic"));
    m_produce = new QPushButton(depotIcon("publish"), tr("Produce record…"), this);
    m_produce->setObjectName(QStringLiteral("produceRecord"));
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("topicsStatus"));
    for (QPushButton *b : {m_create, m_delete, m_produce})
        bar->addWidget(b);
    bar->addSpacing(12);
    bar->addWidget(m_status, 1);
    layout->addLayout(bar);

    auto *vertical = new QSplitter(Qt::Vertical, this);
    vertical->setObjectName(QStringLiteral("topicsSplitter"));
    auto *tables = new QSplitter(Qt::Horizontal, vertical);

    m_topics = new TopicListModel(this);
    m_topicProxy = new QSortFilterProxyModel(this);
    m_topicProxy->setSourceModel(m_topics);
    m_topicProxy->setSortRole(TopicListModel::SortRole);
    m_topicView = makeTable(tables);
    m_topicView->setObjectName(QStringLiteral("topicList"));
    m_topicView->setModel(m_topicProxy);
    m_topicView->setSortingEnabled(true);
    m_topicView->sortByColumn(TopicListModel::Name, Qt::AscendingOrder);
    m_topicView->setItemDelegateForColumn(
        TopicListModel::Trend, new SparklineDelegate(TopicListModel::HistoryRole, m_topicView));
    // Compact, so topics and partitions fit side by side with their sparklines.
    const auto widths = [](QTableView *view, std::initializer_list<int> sections) {
        int c = 0;
        for (int width : sections)
            view->horizontalHeader()->resizeSection(c++, width);
    };
    widths(m_topicView, {120, 68, 70, 72, 48});

    auto *partitionsBox = new QWidget(tables);
    auto *partitionsLayout = new QVBoxLayout(partitionsBox);
    partitionsLayout->setContentsMargins(0, 0, 0, 0);
    m_partitionsTitle = new QLabel(partitionsBox);
    m_partitions = new PartitionListModel(this);
    m_partitionView = makeTable(partitionsBox);
    m_partitionView->setObjectName(QStringLiteral("partitionList"));
    m_partitionView->setModel(m_partitions);
    m_partitionView->setItemDelegateForColumn(
        PartitionListModel::Trend, new SparklineDelegate(PartitionListModel::HistoryRole, m_partitionView));
    widths(m_partitionView, {64, 68, 68, 68, 72, 48});
    partitionsLayout->addWidget(m_partitionsTitle);
    partitionsLayout->addWidget(m_partitionView, 1);
    tables->addWidget(m_topicView);
    tables->addWidget(partitionsBox);
    tables->setStretchFactor(0, 1);
    tables->setStretchFactor(1, 1);

    m_browser = new RecordBrowser(client, vertical);
    m_browser->setTopicsProvider([this] { return topicPartitions(); });
    vertical->addWidget(tables);
    vertical->addWidget(m_browser);
    vertical->setStretchFactor(0, 2);
    vertical->setStretchFactor(1, 3);
    layout->addWidget(vertical, 1);

    connect(m_create, &QPushButton::clicked, this, [this] { createTopic(); });
    connect(m_delete, &QPushButton::clicked, this, &TopicsPanel::deleteTopic);
    connect(m_produce, &QPushButton::clicked, this, [this] { produceRecord(); });
    connect(m_browser, &RecordBrowser::message, this, &TopicsPanel::message);
    connect(m_topicView->selectionModel(), &QItemSelectionModel::currentChanged, this, &TopicsPanel::topicChanged);
    connect(m_partitionView->selectionModel(), &QItemSelectionModel::currentChanged, this,
        &TopicsPanel::partitionChanged);
    updateButtons();
}

TopicsPanel::~TopicsPanel() = default;

void TopicsPanel::updateFromSnapshot(const SnapshotPtr &snapshot, bool shown)
{
    m_rates.update(snapshot->topics, snapshot->takenAtMs);
    m_snapshot = snapshot;
    if (shown)
        refresh();
}

void TopicsPanel::refresh()
{
    if (!m_snapshot)
        return;
    m_topics->update(m_snapshot->topics, m_rates);
    const QString topic = currentTopic();
    const kafka::TopicView *view = m_snapshot->topic(topic);
    m_partitions->update(view, m_rates);
    if (!view && !topic.isEmpty())
        m_topicView->setCurrentIndex({});
    if (topic != m_shownTopic) {
        m_shownTopic = topic;
        m_partitionsTitle->setText(view ? tr("Partitions of <b>%1</b>").arg(topic.toHtmlEscaped())
                                        : tr("Select a topic to see its partitions."));
        // A topic just selected opens its first partition.
        if (view && !view->partitions.isEmpty())
            selectPartition(0);
    }
    partitionChanged();
    updateButtons();
}

QString TopicsPanel::currentTopic() const
{
    const QModelIndex index = m_topicProxy->mapToSource(m_topicView->currentIndex());
    return m_topics->topicAt(index.row());
}

qint32 TopicsPanel::currentPartition() const
{
    return m_partitions->partitionAt(m_partitionView->currentIndex().row());
}

bool TopicsPanel::selectTopic(const QString &name)
{
    refresh();
    const int row = m_topics->rowOf(name);
    if (row < 0)
        return false;
    const QModelIndex index = m_topicProxy->mapFromSource(m_topics->index(row, 0));
    m_topicView->setCurrentIndex(index);
    m_topicView->scrollTo(index);
    return true;
}

bool TopicsPanel::selectPartition(qint32 partition)
{
    const int row = m_partitions->rowOf(QString::number(partition));
    if (row < 0)
        return false;
    m_partitionView->setCurrentIndex(m_partitions->index(row, 0));
    return true;
}

void TopicsPanel::topicChanged()
{
    refresh();
}

void TopicsPanel::partitionChanged()
{
    const qint32 partition = currentPartition();
    const QString topic = partition >= 0 ? currentTopic() : QString();
    const int row = m_partitions->rowOf(QString::number(partition));
    const kafka::PartitionView *p = row >= 0 ? &m_partitions->rowAt(row).partition : nullptr;
    m_browser->setPartition(topic, partition, p ? p->highWatermark : 0);
}

void TopicsPanel::updateButtons()
{
    const bool topic = !currentTopic().isEmpty();
    m_delete->setEnabled(topic);
    m_produce->setEnabled(m_snapshot && !m_snapshot->topics.isEmpty());
    m_produce->setToolTip(m_produce->isEnabled() ? tr("Append a record you write to a topic")
                                                 : tr("There is no topic to produce to: create one first"));
}

TopicPartitions TopicsPanel::topicPartitions() const
{
    TopicPartitions topics;
    if (m_snapshot) {
        for (const kafka::TopicView &t : m_snapshot->topics)
            topics.insert(t.name, qint32(t.partitions.size()));
    }
    return topics;
}

bool TopicsPanel::confirm(const QString &question)
{
    if (m_confirm)
        return m_confirm(question);
    return QMessageBox::question(this, tr("Depot"), question) == QMessageBox::Yes;
}

CreateTopicDialog *TopicsPanel::createTopic()
{
    auto *dialog = new CreateTopicDialog(topicPartitions().keys(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setSender([this](const QString &name, const log::TopicSettings &settings, FormDialog::Answer answer) {
        const bool posted = m_client->kafkaCreateTopic(this, name, settings, [this, name, answer](Result<void> r) {
            if (!r.ok()) {
                answer(tr("Depot refused: %1").arg(r.error.text));
                return;
            }
            answer(QString());
            Q_EMIT message(tr("Created the topic %1.").arg(name));
            m_client->refreshNow();
        });
        if (!posted)
            answer(tr("Depot is not running."));
    });
    dialog->open();
    return dialog;
}

void TopicsPanel::deleteTopic()
{
    const QString topic = currentTopic();
    if (topic.isEmpty())
        return;
    const int row = m_topics->rowOf(topic);
    const qint64 records = row >= 0 ? m_topics->rowAt(row).records : 0;
    if (!confirm(tr("Delete the topic %1 with its %n record(s)? Consumer groups keep their committed offsets.",
                     nullptr, int(std::min<qint64>(records, INT_MAX)))
                     .arg(topic)))
        return;
    const bool posted = m_client->kafkaDeleteTopic(this, topic, [this, topic](Result<void> r) {
        Q_EMIT message(r.ok() ? tr("Deleted the topic %1.").arg(topic)
                              : tr("Could not delete the topic %1: %2").arg(topic, r.error.text));
        m_client->refreshNow();
    });
    if (!posted)
        Q_EMIT message(tr("Depot is not running."));
}

ProduceRecordDialog *TopicsPanel::produceRecord()
{
    auto *dialog = new ProduceRecordDialog(topicPartitions(), currentTopic(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    if (currentPartition() >= 0)
        dialog->partitionBox()->setCurrentIndex(dialog->partitionBox()->findData(currentPartition()));
    dialog->setSender([this](const kafka::ProduceRecord &record, FormDialog::Answer answer) {
        const bool posted = m_client->kafkaProduce(this, {record},
            [this, topic = record.topic, answer](Result<QList<kafka::ProducedRecord>> r) {
                if (!r.ok() || r.value.isEmpty()) {
                    answer(tr("Depot refused: %1").arg(r.error.text));
                    return;
                }
                answer(QString());
                const kafka::ProducedRecord at = r.value.first();
                const QString text = tr("Produced a record to %1 partition %2 at offset %3.")
                                         .arg(topic, QString::number(at.partition), QLocale().toString(at.offset));
                m_status->setText(text);
                Q_EMIT message(text);
                // Shown where it landed: its partition, from its offset.
                if (selectTopic(topic) && selectPartition(at.partition)) {
                    connect(m_browser, &RecordBrowser::pageShown, this,
                        [this, at] { m_browser->selectRecord(at.partition, at.offset); },
                        Qt::SingleShotConnection);
                    m_browser->browse({kafka::RecordsFrom::Kind::Offset, at.offset});
                }
                m_client->refreshNow();
            });
        if (!posted)
            answer(tr("Depot is not running."));
    });
    dialog->open();
    return dialog;
}

} // namespace depot::ui
