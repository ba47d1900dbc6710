#pragma once

// RecordBrowser: the records of one partition, a page at a time, from the
// earliest or latest offset, an offset or a time; a search through the
// partition or the whole topic; a query over records (TopicQueryBar) whose
// matches are listed as they are found; the record selected shown in a
// RecordInspector; selected records re-produced to a topic (ReproduceDialog);
// a query's results or the selected records exported to a file (Export…:
// asked of whoever writes exports, MessageDataActions, by exportRequested).
// Every read is a BrokerClient request answered later: the window never
// waits, and an answer for a partition no longer shown is dropped.

#include "broker/kafka/TopicQueryScan.h"
#include "ui/views/KafkaDialogs.h"

#include <QWidget>

#include <functional>

class QComboBox;
class QDateTimeEdit;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;

namespace depot::ui {

class BrokerClient;
class RecordInspector;
class RecordListModel;
class TopicQueryBar;

// Parts of an export of several topics: each topic's spec (its one topic)
// and the (partition, offset) of its selected records (none: what the query
// matches there).
using TopicExportParts = QList<std::pair<kafka::TopicQuerySpec, QList<QPair<qint32, qint64>>>>;

class RecordBrowser final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RecordBrowser)

public:
    static constexpr qint32 PageSize = 100;

    RecordBrowser(BrokerClient *client, QWidget *parent = nullptr);
    ~RecordBrowser() override;

    // What the topic and partition dialogs offer (the snapshot's topics).
    void setTopicsProvider(std::function<TopicPartitions()> topics) { m_topicsOf = std::move(topics); }
    // Shows `partition` of `topic` (-1: none), its first page read from where
    // the "From" box says. `end`: the partition's high watermark (Next page
    // stops there).
    void setPartition(const QString &topic, qint32 partition, qint64 end);
    QString topic() const { return m_topic; }
    qint32 partition() const { return m_partition; }

    // Reads a page from `from` (Latest: the last page before the log end).
    void browse(kafka::RecordsFrom from);
    // What the From box and its fields say.
    void browseAsAsked();
    void nextPage();
    void search(const QString &text, bool wholeTopic);
    // Opens the re-produce dialog for the selected records (null: none selected).
    ReproduceDialog *reproduceSelected();
    // Asks for an export (exportRequested) of the selected records, or, with
    // none selected, of what the last query matches; records of several
    // topics (a selection, or a query over several) go to a folder, one file
    // per topic (exportSeveralRequested). False, saying why in the status
    // line, when there is nothing to export.
    bool exportRecords();
    // Selects the record at `offset` of the shown partition once it is on the page.
    bool selectRecord(qint32 partition, qint64 offset);

    // Exposed for tests and screenshots.
    RecordListModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    RecordInspector *inspector() const { return m_inspector; }
    QComboBox *fromBox() const { return m_from; }
    QLineEdit *offsetEdit() const { return m_offset; }
    QDateTimeEdit *timeEdit() const { return m_time; }
    QPushButton *nextButton() const { return m_next; }
    QLineEdit *searchEdit() const { return m_searchText; }
    QComboBox *searchScopeBox() const { return m_scope; }
    QPushButton *reproduceButton() const { return m_reproduce; }
    QPushButton *exportButton() const { return m_export; }
    TopicQueryBar *queryBar() const { return m_query; }
    // A query's matches not listed (past RecordListModel::MaxResults).
    qsizetype leftOut() const { return m_leftOut; }
    QLabel *statusLabel() const { return m_status; }
    // Answers still to come (tests wait for 0).
    int pending() const { return m_pending; }

Q_SIGNALS:
    void message(const QString &text);   // for the status bar
    void pageShown();
    // An export of the records of `spec`'s one topic that its query matches,
    // or (`records` not empty) of those (partition, offset) only.
    void exportRequested(const depot::kafka::TopicQuerySpec &spec, const QList<QPair<qint32, qint64>> &records);
    // The same for several topics, one part each (each spec names one topic).
    void exportSeveralRequested(const depot::ui::TopicExportParts &parts);

private:
    void showPage(const QList<kafka::RecordView> &records, const QString &status);
    void fromChanged();
    void currentChanged();
    void updateButtons();
    // A query began (its results replace the page) / found records / ended.
    void queryStarted();
    void queryMatched(const QList<kafka::RecordView> &records);

    BrokerClient *m_client;
    std::function<TopicPartitions()> m_topicsOf;
    QString m_topic;
    qint32 m_partition = -1;
    qint64 m_end = 0;
    qint64 m_nextOffset = -1;   // where the next page starts; -1: no next page
    quint64 m_generation = 0;   // answers for an older request are dropped
    int m_pending = 0;
    RecordListModel *m_model = nullptr;
    QTableView *m_view = nullptr;
    RecordInspector *m_inspector = nullptr;
    QComboBox *m_from = nullptr;
    QLineEdit *m_offset = nullptr;
    QDateTimeEdit *m_time = nullptr;
    QPushButton *m_load = nullptr;
    QPushButton *m_next = nullptr;
    QLineEdit *m_searchText = nullptr;
    QComboBox *m_scope = nullptr;
    QPushButton *m_search = nullptr;
    QPushButton *m_reproduce = nullptr;
    QPushButton *m_export = nullptr;
    QLabel *m_status = nullptr;
    TopicQueryBar *m_query = nullptr;
    qsizetype m_leftOut = 0;
    bool m_queryListed = false;   // the list holds the results of the last query that ran
};

} // namespace depot::ui
