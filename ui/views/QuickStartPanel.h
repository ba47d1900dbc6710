#pragma once

// QuickStartPanel: first-run help — for each listener that is on, its
// address and copyable snippets for the clients people already use (AMQP:
// pika, amqplib, Java; the HTTP API: curl; SQS: boto3, the AWS CLI, the AWS
// SDK for Node; Kafka: kcat, kafka-python, confluent-kafka), with the port
// this broker actually listens on.

#include <QMap>
#include <QWidget>

class QAction;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTabWidget;
class QToolButton;

namespace depot::ui {

class QuickStartPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(QuickStartPanel)

public:
    explicit QuickStartPanel(QWidget *parent = nullptr);
    ~QuickStartPanel() override;

    // The port of each running listener, keyed by its registry name ("amqp",
    // "http"); empty while the broker is not running. A listener that is off
    // shows as such.
    void setPorts(const QMap<QString, quint16> &ports);
    QString connectionUrl() const;
    // AMQP: 0 Python (pika), 1 Node (amqplib), 2 Java; SQS: 3 Python (boto3),
    // 4 AWS CLI environment, 5 Node (@aws-sdk/client-sqs); HTTP API: 6 curl;
    // Kafka: 7 kcat, 8 Python (kafka-python), 9 Python (confluent-kafka).
    QString snippet(int language) const;
    static constexpr int SnippetCount = 11;
    // The registry name of the listener a snippet is for ("amqp", "sqs", ...).
    static QString snippetListener(int language);
    // Whether the snippet's tab is shown: its listener is on (while the broker
    // is not listening, those on by default are).
    bool isSnippetShown(int language) const;
    QString sqsEndpoint() const;
    QString kafkaBootstrap() const;
    // The button below the snippets triggers (and shows the state of) this action.
    void setDemoAction(QAction *action);

private:
    QToolButton *m_demoButton = nullptr;
    quint16 m_amqpPort = 0;
    quint16 m_httpPort = 0;
    quint16 m_sqsPort = 0;
    quint16 m_kafkaPort = 0;
    bool m_listening = false;
    QLabel *m_sqs = nullptr;
    QLabel *m_kafkaLabel = nullptr;
    QLabel *m_kafka = nullptr;
    QPushButton *m_kafkaCopy = nullptr;
    QTabWidget *m_tabs = nullptr;
    QLabel *m_url = nullptr;
    QLabel *m_http = nullptr;
    QList<QPlainTextEdit *> m_snippets;
};

} // namespace depot::ui
