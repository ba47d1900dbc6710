#include "ui/views/QuickStartPanel.h"

#include <QApplication>
#include <QClipboard>
#include <QFontDatabase>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QToolButton>
#include <QVBoxLayout>

namespace depot::ui {

namespace {

QPushButton *copyButton(QWidget *parent, std::function<QString()> text)
{
    auto *b = new QPushButton(QObject::tr("Copy"), parent);
    b->setIcon(QIcon(QStringLiteral(":/depot/ui/icons/copy.svg")));
    QObject::connect(b, &QPushButton::clicked, b, [text] { QApplication::clipboard()->setText(text()); });
    return b;
}

} // namespace

QuickStartPanel::QuickStartPanel(QWidget *parent)
    : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(tr("<h3>Connect your services</h3>"
                                "<p>Depot speaks AMQP 0-9-1, like RabbitMQ, and the Amazon SQS API: point any "
                                "RabbitMQ client at the URL below, or an AWS SDK at the SQS endpoint (any "
                                "credentials, any region). Queues, messages and dead letters show up in this "
                                "window as they flow.</p>"),
        this);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    auto *grid = new QGridLayout;
    grid->addWidget(new QLabel(tr("Connection URL:"), this), 0, 0);
    m_url = new QLabel(this);
    m_url->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_url->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    grid->addWidget(m_url, 0, 1);
    grid->addWidget(copyButton(this, [this] { return connectionUrl(); }), 0, 2);
    grid->addWidget(new QLabel(tr("HTTP API:"), this), 1, 0);
    m_http = new QLabel(this);
    m_http->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_http->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    grid->addWidget(m_http, 1, 1);
    grid->addWidget(new QLabel(tr("SQS endpoint:"), this), 2, 0);
    m_sqs = new QLabel(this);
    m_sqs->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_sqs->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    grid->addWidget(m_sqs, 2, 1);
    grid->addWidget(copyButton(this, [this] { return sqsEndpoint(); }), 2, 2);
    grid->setColumnStretch(1, 1);
    layout->addLayout(grid);

    auto *tabs = new QTabWidget(this);
    const QStringList names = {tr("Python (pika)"), tr("Node (amqplib)"), tr("Java"), tr("SQS: Python (boto3)"),
        tr("SQS: AWS CLI"), tr("SQS: Node (AWS SDK)")};
    for (int i = 0; i < names.size(); ++i) {
        auto *page = new QWidget(tabs);
        auto *pageLayout = new QVBoxLayout(page);
        auto *edit = new QPlainTextEdit(page);
        edit->setReadOnly(true);
        edit->setLineWrapMode(QPlainTextEdit::NoWrap); // wrapped mid-statement, code read wrong
        edit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
        pageLayout->addWidget(edit, 1);
        auto *row = new QHBoxLayout;
        row->addStretch(1);
        row->addWidget(copyButton(page, [this, i] { return snippet(i); }));
        pageLayout->addLayout(row);
        tabs->addTab(page, names.at(i));
        m_snippets.append(edit);
    }
    layout->addWidget(tabs, 1);

    auto *demoRow = new QHBoxLayout;
    auto *demoText = new QLabel(tr("No services yet? Let Depot generate some traffic: producers, slow and "
                                   "failing consumers, retries and dead letters."),
        this);
    demoText->setWordWrap(true);
    // Shows the window's demo action (set with setDemoAction), so it reads
    // "Stop demo traffic" while the demo runs.
    m_demoButton = new QToolButton(this);
    m_demoButton->setObjectName(QStringLiteral("quickStartDemo"));
    m_demoButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    demoRow->addWidget(demoText, 1);
    demoRow->addWidget(m_demoButton);
    layout->addLayout(demoRow);
    setPorts({});
}

QuickStartPanel::~QuickStartPanel() = default;

QString QuickStartPanel::connectionUrl() const
{
    // 127.0.0.1, not localhost: Depot binds the IPv4 loopback, and some
    // systems resolve localhost to ::1 first, where nothing listens.
    return QStringLiteral("amqp://guest:guest@127.0.0.1:%1/").arg(m_amqpPort ? m_amqpPort : 5672);
}

QString QuickStartPanel::sqsEndpoint() const
{
    return QStringLiteral("http://127.0.0.1:%1").arg(m_sqsPort ? m_sqsPort : 9324);
}

void QuickStartPanel::setPorts(const QMap<QString, quint16> &ports)
{
    m_amqpPort = ports.value(QStringLiteral("amqp"));
    m_httpPort = ports.value(QStringLiteral("http"));
    m_sqsPort = ports.value(QStringLiteral("sqs"));
    const QString off = ports.isEmpty() ? tr("(the broker is not listening)") : tr("(switched off)");
    m_url->setText(m_amqpPort ? connectionUrl() : off);
    m_http->setText(m_httpPort ? QStringLiteral("http://127.0.0.1:%1/api/overview").arg(m_httpPort)
                               : (ports.isEmpty() ? QString() : off));
    m_sqs->setText(m_sqsPort ? sqsEndpoint() : (ports.isEmpty() ? QString() : off));
    for (int i = 0; i < m_snippets.size(); ++i)
        m_snippets.at(i)->setPlainText(snippet(i));
}

QString QuickStartPanel::snippet(int language) const
{
    const QString url = connectionUrl();
    const QString sqs = sqsEndpoint();
    switch (language) {
    case 3:
        return QStringLiteral(
            "# pip install boto3 (or apt install python3-boto3)\n"
            "import boto3\n\n"
            "sqs = boto3.client(\"sqs\", endpoint_url=\"%1\", region_name=\"us-east-1\",\n"
            "                   aws_access_key_id=\"x\", aws_secret_access_key=\"x\")\n"
            "url = sqs.create_queue(QueueName=\"hello\")[\"QueueUrl\"]\n"
            "sqs.send_message(QueueUrl=url, MessageBody=\"Hello, Depot!\")\n"
            "while True:\n"
            "    reply = sqs.receive_message(QueueUrl=url, WaitTimeSeconds=20, MaxNumberOfMessages=10)\n"
            "    for m in reply.get(\"Messages\", []):\n"
            "        print(m[\"Body\"])\n"
            "        sqs.delete_message(QueueUrl=url, ReceiptHandle=m[\"ReceiptHandle\"])\n")
            .arg(sqs);
    case 4:
        return QStringLiteral("# For the AWS CLI and every AWS SDK started from this shell:\n"
                              "export AWS_ENDPOINT_URL_SQS=%1\n"
                              "export AWS_DEFAULT_REGION=us-east-1 AWS_ACCESS_KEY_ID=x AWS_SECRET_ACCESS_KEY=x\n\n"
                              "aws sqs create-queue --queue-name hello\n"
                              "aws sqs send-message --queue-url %1/000000000000/hello --message-body 'Hello, Depot!'\n"
                              "aws sqs receive-message --queue-url %1/000000000000/hello --wait-time-seconds 20\n")
            .arg(sqs);
    case 5:
        return QStringLiteral(
            "// npm install @aws-sdk/client-sqs\n"
            "const { SQSClient, CreateQueueCommand, SendMessageCommand, ReceiveMessageCommand,\n"
            "        DeleteMessageCommand } = require('@aws-sdk/client-sqs');\n\n"
            "const sqs = new SQSClient({ endpoint: '%1', region: 'us-east-1',\n"
            "  credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });\n\n"
            "(async () => {\n"
            "  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'hello' }));\n"
            "  await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'Hello, Depot!' }));\n"
            "  for (;;) {\n"
            "    const { Messages = [] } = await sqs.send(\n"
            "      new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 20, MaxNumberOfMessages: 10 }));\n"
            "    for (const m of Messages) {\n"
            "      console.log(m.Body);\n"
            "      await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: m.ReceiptHandle }));\n"
            "    }\n"
            "  }\n"
            "})();\n")
            .arg(sqs);
    case 0:
        return QStringLiteral("# pip install pika\n"
                              "import pika\n\n"
                              "connection = pika.BlockingConnection(pika.URLParameters(\"%1\"))\n"
                              "channel = connection.channel()\n"
                              "channel.queue_declare(queue=\"hello\", durable=True)\n"
                              "channel.basic_publish(exchange=\"\", routing_key=\"hello\", body=b\"Hello, Depot!\",\n"
                              "                      properties=pika.BasicProperties(delivery_mode=2))\n\n"
                              "def on_message(ch, method, properties, body):\n"
                              "    print(body)\n"
                              "    ch.basic_ack(method.delivery_tag)\n\n"
                              "channel.basic_consume(queue=\"hello\", on_message_callback=on_message)\n"
                              "channel.start_consuming()\n")
            .arg(url);
    case 1:
        return QStringLiteral("// npm install amqplib\n"
                              "const amqp = require('amqplib');\n\n"
                              "(async () => {\n"
                              "  const connection = await amqp.connect('%1');\n"
                              "  const channel = await connection.createChannel();\n"
                              "  await channel.assertQueue('hello', { durable: true });\n"
                              "  channel.sendToQueue('hello', Buffer.from('Hello, Depot!'), { persistent: true });\n"
                              "  await channel.consume('hello', (msg) => {\n"
                              "    console.log(msg.content.toString());\n"
                              "    channel.ack(msg);\n"
                              "  });\n"
                              "})();\n")
            .arg(url);
    default:
        return QStringLiteral("// com.rabbitmq:amqp-client\n"
                              "import com.rabbitmq.client.*;\n\n"
                              "public class Hello {\n"
                              "    public static void main(String[] args) throws Exception {\n"
                              "        ConnectionFactory factory = new ConnectionFactory();\n"
                              "        factory.setUri(\"%1\");\n"
                              "        // Open for as long as it consumes: the consumer runs on the connection.\n"
                              "        Connection connection = factory.newConnection();\n"
                              "        Channel channel = connection.createChannel();\n"
                              "        channel.queueDeclare(\"hello\", true, false, false, null);\n"
                              "        channel.basicPublish(\"\", \"hello\", MessageProperties.PERSISTENT_TEXT_PLAIN,\n"
                              "                \"Hello, Depot!\".getBytes());\n"
                              "        channel.basicConsume(\"hello\", false, (tag, delivery) -> {\n"
                              "            System.out.println(new String(delivery.getBody()));\n"
                              "            channel.basicAck(delivery.getEnvelope().getDeliveryTag(), false);\n"
                              "        }, tag -> {});\n"
                              "        // Runs until Ctrl+C, then closes the connection.\n"
                              "        Runtime.getRuntime().addShutdownHook(new Thread(() -> {\n"
                              "            try {\n"
                              "                connection.close();\n"
                              "            } catch (Exception ignored) {\n"
                              "            }\n"
                              "        }));\n"
                              "    }\n"
                              "}\n")
            .arg(url);
    }
}

void QuickStartPanel::setDemoAction(QAction *action)
{
    m_demoButton->setDefaultAction(action);
}

} // namespace depot::ui
