#pragma once

// TopicsPanel: the Topics tab. Kafka's topics beside the queues: a table of
// topics (partitions, records, size, rate and its sparkline), the selected
// topic's partitions (log start and end offsets, size, rate), and a record
// browser for the selected partition (RecordBrowser) with the record
// inspector. Creating and deleting topics and producing a record by hand
// are here too. Topics and partitions follow the snapshots; rates come from
// successive snapshots (PartitionRates).

#include "ui/client/BrokerSnapshot.h"
#include "ui/models/TopicModels.h"
#include "ui/views/KafkaDialogs.h"

#include <QWidget>

#include <functional>

class QLabel;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;

namespace depot::ui {

class BrokerClient;
class CreateTopicDialog;
class ProduceRecordDialog;
class RecordBrowser;

class TopicsPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TopicsPanel)

public:
    TopicsPanel(BrokerClient *client, QWidget *parent = nullptr);
    ~TopicsPanel() override;

    // Every snapshot (rates need each one); the tables are only refreshed
    // while `shown`.
    void updateFromSnapshot(const SnapshotPtr &snapshot, bool shown);
    // The tables brought up to the latest snapshot (the tab is shown).
    void refresh();

    QString currentTopic() const;
    qint32 currentPartition() const;   // -1: none
    bool selectTopic(const QString &name);
    bool selectPartition(qint32 partition);

    CreateTopicDialog *createTopic();
    // Asks first (setConfirmForTests answers for tests).
    void deleteTopic();
    ProduceRecordDialog *produceRecord();
    void setConfirmForTests(std::function<bool(const QString &)> confirm) { m_confirm = std::move(confirm); }

    // Exposed for tests and screenshots.
    TopicListModel *topicModel() const { return m_topics; }
    PartitionListModel *partitionModel() const { return m_partitions; }
    QTableView *topicView() const { return m_topicView; }
    QTableView *partitionView() const { return m_partitionView; }
    RecordBrowser *records() const { return m_browser; }
    const PartitionRates &rates() const { return m_rates; }
    QPushButton *createButton() const { return m_create; }
    QPushButton *deleteButton() const { return m_delete; }
    QPushButton *produceButton() const { return m_produce; }
    // What the last produce, create or delete did.
    QLabel *statusLabel() const { return m_status; }

Q_SIGNALS:
    void message(const QString &text);   // for the status bar

private:
    void topicChanged();
    void partitionChanged();
    void updateButtons();
    TopicPartitions topicPartitions() const;
    bool confirm(const QString &question);

    BrokerClient *m_client;
    SnapshotPtr m_snapshot;
    PartitionRates m_rates;
    TopicListModel *m_topics = nullptr;
    QSortFilterProxyModel *m_topicProxy = nullptr;
    PartitionListModel *m_partitions = nullptr;
    QTableView *m_topicView = nullptr;
    QTableView *m_partitionView = nullptr;
    QLabel *m_partitionsTitle = nullptr;
    RecordBrowser *m_browser = nullptr;
    QPushButton *m_create = nullptr;
    QPushButton *m_delete = nullptr;
    QPushButton *m_produce = nullptr;
    QLabel *m_status = nullptr;
    QString m_shownTopic;
    std::function<bool(const QString &)> m_confirm;
};

} // namespace depot::ui
