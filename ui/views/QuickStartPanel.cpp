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
                                "<p>Depot speaks AMQP 0-9-1, like RabbitMQ: point any RabbitMQ client at the URL "
                                "below. Queues, messages and dead letters show up in this window as they flow.</p>"),
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
    grid->setColumnStretch(1, 1);
    layout->addLayout(grid);

    auto *tabs = new QTabWidget(this);
    const QStringList names = {tr("Python (pika)"), tr("Node (amqplib)"), tr("Java")};
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

void QuickStartPanel::setPorts(const QMap<QString, quint16> &ports)
{
    m_amqpPort = ports.value(QStringLiteral("amqp"));
    m_httpPort = ports.value(QStringLiteral("http"));
    const QString off = ports.isEmpty() ? tr("(the broker is not listening)") : tr("(switched off)");
    m_url->setText(m_amqpPort ? connectionUrl() : off);
    m_http->setText(m_httpPort ? QStringLiteral("http://127.0.0.1:%1/api/overview").arg(m_httpPort)
                               : (ports.isEmpty() ? QString() : off));
    for (int i = 0; i < m_snippets.size(); ++i)
        m_snippets.at(i)->setPlainText(snippet(i));
}

QString QuickStartPanel::snippet(int language) const
{
    const QString url = connectionUrl();
    switch (language) {
    case 0:
        return QStringLiteral(
                   "# pip install pika\n"
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
        return QStringLiteral(
                   "// npm install amqplib\n"
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
