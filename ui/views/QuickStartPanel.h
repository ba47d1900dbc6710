#pragma once

// QuickStartPanel: first-run help — the connection URL and copyable snippets
// for the clients people already use (Python pika, Node amqplib, Java), with
// the port this broker actually listens on.

#include <QMap>
#include <QWidget>

class QAction;
class QLabel;
class QPlainTextEdit;
class QPushButton;
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
    // 4 AWS CLI environment, 5 Node (@aws-sdk/client-sqs).
    QString snippet(int language) const;
    QString sqsEndpoint() const;
    // The button below the snippets triggers (and shows the state of) this action.
    void setDemoAction(QAction *action);

private:
    QToolButton *m_demoButton = nullptr;
    quint16 m_amqpPort = 0;
    quint16 m_httpPort = 0;
    quint16 m_sqsPort = 0;
    QLabel *m_sqs = nullptr;
    QLabel *m_url = nullptr;
    QLabel *m_http = nullptr;
    QList<QPlainTextEdit *> m_snippets;
};

} // namespace depot::ui
