#include "ui/views/MainWindow.h"

#include "broker/BrokerService.h"

#include <QFormLayout>
#include <QLabel>
#include <QLocale>
#include <QTimer>

namespace depot::ui {

namespace {

// About 4 Hz: live enough to watch, far below anything that would load the
// GUI thread; the snapshot is a shared pointer copy.
constexpr int RefreshIntervalMs = 250;

} // namespace

MainWindow::MainWindow(BrokerService *service, QWidget *parent)
    : QMainWindow(parent)
    , m_service(service)
{
    setWindowTitle(tr("Depot"));
    setWindowIcon(QIcon(QStringLiteral(":/depot/icons/depot.svg")));

    auto *central = new QWidget(this);
    auto *form = new QFormLayout(central);
    const auto addRow = [&](const QString &label) {
        auto *value = new QLabel(central);
        value->setTextInteractionFlags(Qt::TextSelectableByMouse);
        form->addRow(label, value);
        return value;
    };
    m_state = addRow(tr("Broker:"));
    m_amqp = addRow(tr("AMQP:"));
    m_http = addRow(tr("HTTP API:"));
    m_data = addRow(tr("Data:"));
    m_published = addRow(tr("Published:"));
    m_delivered = addRow(tr("Delivered:"));
    m_acknowledged = addRow(tr("Acknowledged:"));
    m_deadLettered = addRow(tr("Dead-lettered:"));
    setCentralWidget(central);
    resize(520, 300);

    m_timer = new QTimer(this);
    m_timer->setInterval(RefreshIntervalMs);
    connect(m_timer, &QTimer::timeout, this, &MainWindow::refresh);
    m_timer->start();
    refresh();
}

MainWindow::~MainWindow() = default;

void MainWindow::showStartError(const QString &error)
{
    m_timer->stop();
    m_state->setText(tr("Not running: %1").arg(error));
    m_state->setWordWrap(true);
}

void MainWindow::refresh()
{
    const BrokerOptions &options = m_service->options();
    const QString address = options.bindAddress.toString();
    switch (m_service->state()) {
    case BrokerService::State::Starting:
        m_state->setText(tr("Starting…"));
        break;
    case BrokerService::State::Running:
        m_state->setText(tr("Running"));
        break;
    case BrokerService::State::Stopped:
        m_state->setText(tr("Stopped"));
        break;
    }
    const bool running = m_service->isRunning();
    m_amqp->setText(running ? tr("%1:%2").arg(address).arg(m_service->amqpPort()) : QString());
    m_http->setText(running ? tr("%1:%2").arg(address).arg(m_service->httpPort()) : QString());
    m_data->setText(options.inMemory ? tr("in memory (nothing is kept after exit)")
                                     : tr("%1 (durability: %2)").arg(options.dataDir, durabilityName(options.durability)));

    const auto snapshot = m_service->statsSnapshot();
    const QLocale locale;
    m_published->setText(locale.toString(snapshot->totals[Counter::Published]));
    m_delivered->setText(locale.toString(snapshot->totals[Counter::Delivered]));
    m_acknowledged->setText(locale.toString(snapshot->totals[Counter::Acknowledged]));
    m_deadLettered->setText(locale.toString(snapshot->totals[Counter::DeadLettered]));
}

} // namespace depot::ui
