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
                                "<p>Depot speaks AMQP 0-9-1 like RabbitMQ, the Amazon SQS API and Apache "
                                "Kafka's protocol: point any RabbitMQ client at the URL below, an AWS SDK at "
                                "the SQS endpoint (any credentials, any region), or a Kafka client at the "
                                "bootstrap server. Queues, topics, messages and dead letters show up in this "
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
    // Kafka's row shows only while it listens (--kafka-port 0 switches it off).
    m_kafkaLabel = new QLabel(tr("Kafka bootstrap server:"), this);
    grid->addWidget(m_kafkaLabel, 3, 0);
    m_kafka = new QLabel(this);
    m_kafka->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_kafka->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    grid->addWidget(m_kafka, 3, 1);
    m_kafkaCopy = copyButton(this, [this] { return kafkaBootstrap(); });
    grid->addWidget(m_kafkaCopy, 3, 2);
    grid->setColumnStretch(1, 1);
    layout->addLayout(grid);

    auto *tabs = new QTabWidget(this);
    m_tabs = tabs;
    const QStringList names = {tr("Python (pika)"), tr("Node (amqplib)"), tr("Java"), tr("SQS: Python (boto3)"),
        tr("SQS: AWS CLI"), tr("SQS: Node (AWS SDK)"), tr("HTTP API: curl"), tr("Kafka: kcat"),
        tr("Kafka: Python (kafka-python)"), tr("Kafka: Python (confluent-kafka)"), tr("Kafka: Node (kafkajs)")};
    Q_ASSERT(names.size() == SnippetCount);
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

QString QuickStartPanel::kafkaBootstrap() const
{
    return QStringLiteral("127.0.0.1:%1").arg(m_kafkaPort ? m_kafkaPort : 9092);
}

QString QuickStartPanel::snippetListener(int language)
{
    switch (language) {
    case 3:
    case 4:
    case 5:
        return QStringLiteral("sqs");
    case 6:
        return QStringLiteral("http");
    case 7:
    case 8:
    case 9:
    case 10:
        return QStringLiteral("kafka");
    default:
        return QStringLiteral("amqp");
    }
}

bool QuickStartPanel::isSnippetShown(int language) const
{
    return m_tabs->isTabVisible(language);
}

void QuickStartPanel::setPorts(const QMap<QString, quint16> &ports)
{
    m_amqpPort = ports.value(QStringLiteral("amqp"));
    m_httpPort = ports.value(QStringLiteral("http"));
    m_sqsPort = ports.value(QStringLiteral("sqs"));
    m_kafkaPort = ports.value(QStringLiteral("kafka"));
    m_listening = !ports.isEmpty();
    const QString off = ports.isEmpty() ? tr("(the broker is not listening)") : tr("(switched off)");
    m_url->setText(m_amqpPort ? connectionUrl() : off);
    m_http->setText(m_httpPort ? QStringLiteral("http://127.0.0.1:%1/api/overview").arg(m_httpPort)
                               : (ports.isEmpty() ? QString() : off));
    m_sqs->setText(m_sqsPort ? sqsEndpoint() : (ports.isEmpty() ? QString() : off));
    m_kafka->setText(kafkaBootstrap());
    for (QWidget *w : {static_cast<QWidget *>(m_kafkaLabel), static_cast<QWidget *>(m_kafka),
             static_cast<QWidget *>(m_kafkaCopy)})
        w->setVisible(m_kafkaPort != 0);
    // Snippets for the listeners that are on; before the broker listens,
    // every one (each is on by default).
    for (int i = 0; i < m_snippets.size(); ++i) {
        m_snippets.at(i)->setPlainText(snippet(i));
        m_tabs->setTabVisible(i, !m_listening || ports.value(snippetListener(i)) != 0);
    }
}

QString QuickStartPanel::snippet(int language) const
{
    const QString url = connectionUrl();
    const QString sqs = sqsEndpoint();
    switch (language) {
    case 6: {
        QString text = QStringLiteral(
            "# RabbitMQ's management API (and Depot's own under /api/depot)\n"
            "curl -u guest:guest @HTTP@/api/overview\n\n"
            "curl -u guest:guest -X PUT -H 'content-type: application/json' \\\n"
            "     -d '{\"durable\": true}' @HTTP@/api/queues/%2F/hello\n"
            "curl -u guest:guest -H 'content-type: application/json' \\\n"
            "     -d '{\"routing_key\": \"hello\", \"payload\": \"Hello, Depot!\",\n"
            "          \"payload_encoding\": \"string\", \"properties\": {}}' \\\n"
            "     @HTTP@/api/exchanges/%2F/amq.default/publish\n"
            "curl -u guest:guest -H 'content-type: application/json' \\\n"
            "     -d '{\"count\": 10, \"ackmode\": \"ack_requeue_false\", \"encoding\": \"auto\"}' \\\n"
            "     @HTTP@/api/queues/%2F/hello/get\n");
        // Not arg(): the URLs' "%2F" (the vhost "/") must stay as it is.
        return text.replace(QStringLiteral("@HTTP@"),
            QStringLiteral("http://127.0.0.1:%1").arg(m_httpPort ? m_httpPort : 15672));
    }
    case 7:
        return QStringLiteral("# apt install kcat\n"
                              "echo 'Hello, Depot!' | kcat -b %1 -t hello -P\n"
                              "kcat -b %1 -t hello -C -o beginning -e\n")
            .arg(kafkaBootstrap());
    case 8:
        return QStringLiteral(
            "# pip install kafka-python (or apt install python3-kafka)\n"
            "from kafka import KafkaConsumer, KafkaProducer\n\n"
            "producer = KafkaProducer(bootstrap_servers=\"%1\")\n"
            "producer.send(\"hello\", b\"Hello, Depot!\")\n"
            "producer.flush()\n\n"
            "consumer = KafkaConsumer(\"hello\", bootstrap_servers=\"%1\",\n"
            "                         group_id=\"hello-readers\", auto_offset_reset=\"earliest\")\n"
            "for record in consumer:\n"
            "    print(record.value)\n")
            .arg(kafkaBootstrap());
    case 9:
        return QStringLiteral(
            "# pip install confluent-kafka (or apt install python3-confluent-kafka)\n"
            "from confluent_kafka import Consumer, Producer\n\n"
            "producer = Producer({\"bootstrap.servers\": \"%1\"})\n"
            "producer.produce(\"hello\", b\"Hello, Depot!\")\n"
            "producer.flush()\n\n"
            "consumer = Consumer({\"bootstrap.servers\": \"%1\", \"group.id\": \"hello-readers\",\n"
            "                     \"auto.offset.reset\": \"earliest\"})\n"
            "consumer.subscribe([\"hello\"])\n"
            "while True:\n"
            "    message = consumer.poll(1.0)\n"
            "    if message is not None and not message.error():\n"
            "        print(message.value())\n")
            .arg(kafkaBootstrap());
    case 10:
        return QStringLiteral(
            "// npm install kafkajs\n"
            "const { Kafka } = require('kafkajs');\n\n"
            "const kafka = new Kafka({ clientId: 'hello', brokers: ['%1'] });\n\n"
            "async function main() {\n"
            "  const producer = kafka.producer();\n"
            "  await producer.connect();\n"
            "  await producer.send({ topic: 'hello', messages: [{ value: 'Hello, Depot!' }] });\n"
            "  await producer.disconnect();\n\n"
            "  const consumer = kafka.consumer({ groupId: 'hello-readers' });\n"
            "  await consumer.connect();\n"
            "  await consumer.subscribe({ topic: 'hello', fromBeginning: true });\n"
            "  await consumer.run({ eachMessage: async ({ message }) => console.log(message.value.toString()) });\n"
            "}\n\n"
            "main().catch(console.error);\n")
            .arg(kafkaBootstrap());
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
