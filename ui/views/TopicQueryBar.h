#pragma once

// TopicQueryBar: the Topics tab's query line. A query over Kafka records
// (docs/query.md, "Topics") and where it runs: the partition shown, the topic
// shown, topics matching names or patterns, or all topics. The query is
// checked before anything runs, and an error is shown under the line with a
// caret at its position (as the Query tab does for messages). A valid query
// runs on the broker thread (BrokerClient::startTopicQuery): progress and
// Cancel show while it runs, and the records found are handed to whoever
// shows them (RecordBrowser's list) as the slices find them.

#include "broker/kafka/TopicQueryScan.h"
#include "ui/views/QueryRun.h"

#include <QPointer>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;

namespace depot::ui {

class BrokerClient;

class TopicQueryBar final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TopicQueryBar)

public:
    enum class Scope { ThisPartition, ThisTopic, Matching, AllTopics };

    explicit TopicQueryBar(BrokerClient *client, QWidget *parent = nullptr);
    ~TopicQueryBar() override;

    // The topic and partition shown: where "this partition/topic" run.
    void setCurrent(const QString &topic, qint32 partition);
    void setScope(Scope scope, const QString &pattern = {});
    Scope scope() const;
    // Whether the results may come from more than one topic.
    bool spansTopics() const { return scope() == Scope::Matching || scope() == Scope::AllTopics; }

    // Checks the query and runs it in place of the one before; false, with
    // the error shown and nothing run, when it is invalid or has nowhere to run.
    bool run();
    // Stops the running query (its finished() follows); nothing when none runs.
    void stop();
    bool isRunning() const { return m_queryRun.running(); }
    // What the last query that ran asked for (its results are those listed):
    // the Topics tab's Export… runs it again into a file.
    const kafka::TopicQuerySpec &lastSpec() const { return m_spec; }
    quint64 runningQueryId() const { return m_queryRun.id(); }

    // For tests and screenshots.
    QLineEdit *queryEdit() const { return m_edit; }
    QComboBox *scopeBox() const { return m_scope; }
    QLineEdit *patternEdit() const { return m_pattern; }
    QPushButton *runButton() const { return m_run; }
    QPushButton *cancelButton() const { return m_cancel; }
    QProgressBar *progressBar() const { return m_progress; }
    QLabel *statusLabel() const { return m_status; }
    QLabel *errorLabel() const { return m_error; }
    qsizetype errorPosition() const { return m_errorPosition; }

Q_SIGNALS:
    // A query began: the records shown before are not its results.
    void started();
    void matched(const QList<depot::kafka::RecordView> &records);
    void finished(const depot::kafka::TopicQueryProgress &progress);

private:
    void showError(qsizetype position, const QString &message);
    void clearError();
    void onMatched(quint64 id, const QList<kafka::RecordView> &records);
    void onProgress(const kafka::TopicQueryProgress &progress);
    void onFinished(const kafka::TopicQueryProgress &progress);
    void showProgress(const kafka::TopicQueryProgress &progress);
    void updateScope();
    void updateButtons();

    QPointer<BrokerClient> m_client;
    QString m_topic;
    qint32 m_partition = -1;
    QLineEdit *m_edit = nullptr;
    QComboBox *m_scope = nullptr;
    QLineEdit *m_pattern = nullptr;
    QPushButton *m_run = nullptr;
    QPushButton *m_cancel = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_status = nullptr;
    QLabel *m_error = nullptr;
    kafka::TopicQuerySpec m_spec;
    QueryRun m_queryRun;   // the query running, and its id once the broker answered
    bool m_stopping = false;   // cancelled: what it still sends is not shown
    qsizetype m_errorPosition = 0;
};

} // namespace depot::ui
