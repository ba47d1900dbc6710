#include "ui/views/RemoteBrokerView.h"

#include "ui/models/TopologyModels.h"
#include "ui/remote/RemoteBroker.h"
#include "ui/views/ChartsView.h"
#include "ui/views/ConnectionsPanel.h"
#include "ui/views/ExchangesPanel.h"
#include "ui/views/QueueListPanel.h"
#include "ui/views/RemoteMessagesPanel.h"
#include "ui/views/WindowParts.h"

#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QVBoxLayout>

namespace depot::ui {

using remote::RemoteBroker;

RemoteBrokerView::RemoteBrokerView(RemoteBroker *broker, QWidget *parent)
    : QWidget(parent)
    , m_broker(broker)
{
    setObjectName(QStringLiteral("remoteBrokerView"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);

    m_banner = makeBanner(this, "remoteBanner", QStringLiteral("#b3261e"));
    auto *bannerLayout = new QHBoxLayout(m_banner);
    bannerLayout->setContentsMargins(10, 6, 10, 6);
    m_bannerText = new QLabel(m_banner);
    m_bannerText->setObjectName(QStringLiteral("remoteBannerText"));
    m_bannerText->setWordWrap(true);
    m_bannerText->setTextInteractionFlags(Qt::TextSelectableByMouse);
    bannerLayout->addWidget(m_bannerText, 1);
    m_passwordButton = new QPushButton(tr("Enter password…"), m_banner);
    m_trustButton = new QPushButton(tr("Trust this certificate"), m_banner);
    m_trustButton->setToolTip(tr("Accept this certificate for this profile only, after checking its "
                                 "fingerprint with the broker's administrator"));
    m_retryButton = new QPushButton(tr("Retry now"), m_banner);
    for (QPushButton *b : {m_passwordButton, m_trustButton, m_retryButton})
        bannerLayout->addWidget(b);
    connect(m_passwordButton, &QPushButton::clicked, this, &RemoteBrokerView::passwordWanted);
    connect(m_trustButton, &QPushButton::clicked, this,
        [this] { m_broker->acceptCertificate(m_broker->certificateFingerprint()); });
    connect(m_retryButton, &QPushButton::clicked, this, [this] { m_broker->retryNow(); });
    auto *bannerBox = new QVBoxLayout;
    bannerBox->setContentsMargins(6, 6, 6, 0);
    bannerBox->addWidget(m_banner);
    layout->addLayout(bannerBox);

    m_overview = new QLabel(this);
    m_overview->setObjectName(QStringLiteral("remoteOverview"));
    m_overview->setContentsMargins(10, 4, 10, 4);
    m_overview->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_overview);

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    m_queues = new QueueListPanel(splitter);
    m_tabs = new QTabWidget(splitter);
    m_tabs->setDocumentMode(true);
    m_exchanges = new ExchangesPanel(m_tabs);
    m_tabs->addTab(m_exchanges, depotIcon("exchange"), tr("Exchanges"));
    m_connections = new ConnectionsPanel(m_tabs);
    m_connections->consumerModel()->setUnackedPerConsumer(false);
    m_tabs->addTab(m_connections, depotIcon("connection"), tr("Connections"));
    m_messages = new RemoteMessagesPanel(broker, m_tabs);
    m_tabs->addTab(m_messages, depotIcon("messages"), tr("Messages"));
    m_charts = new ChartsView(broker, m_tabs);
    m_tabs->addTab(m_charts, depotIcon("chart"), tr("Charts"));
    connect(m_queues, &QueueListPanel::currentQueueChanged, m_messages, &RemoteMessagesPanel::setQueue);
    connect(m_queues, &QueueListPanel::currentQueueChanged, m_charts, &ChartsView::setQueue);
    splitter->addWidget(m_queues);
    splitter->addWidget(m_tabs);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 1);
    layout->addWidget(splitter, 1);

    connect(m_tabs, &QTabWidget::currentChanged, this, &RemoteBrokerView::updateWantedViews);
    connect(broker, &RemoteBroker::snapshotUpdated, this, &RemoteBrokerView::onSnapshot);
    connect(broker, &RemoteBroker::stateChanged, this, &RemoteBrokerView::onStateChanged);
    onStateChanged(); // the tabs' views are asked for once the page is shown (showEvent)
}

RemoteBrokerView::~RemoteBrokerView() = default;

void RemoteBrokerView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    updateWantedViews();
}

void RemoteBrokerView::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    updateWantedViews();
}

void RemoteBrokerView::updateWantedViews()
{
    using View = RemoteBroker::View;
    QList<View> views;
    // A page not shown (another broker chosen) asks only for what the
    // broker selector and status bar describe: overview, nodes, queues.
    if (isVisible()) {
        switch (m_tabs->currentIndex()) {
        case ExchangesTab:
        case MessagesTab: // it offers the exchanges as targets of a replay or move
            views = {View::Exchanges, View::Bindings};
            break;
        case ConnectionsTab:
            views = {View::Connections, View::Channels, View::Consumers};
            break;
        case ChartsTab:
            views = {View::Rates, View::Depth};
            break;
        default:
            break;
        }
    }
    m_broker->setWantedViews(views);
}

void RemoteBrokerView::onSnapshot(const SnapshotPtr &snapshot)
{
    m_queues->updateFromSnapshot(snapshot);
    if (m_tabs->currentIndex() == ExchangesTab)
        m_exchanges->updateFromSnapshot(snapshot);
    else if (m_tabs->currentIndex() == ConnectionsTab)
        m_connections->updateFromSnapshot(snapshot);
    const remote::Overview &o = m_broker->overview();
    const QLocale locale;
    QString text = tr("%1 at %2 — %Ln queue(s)", nullptr, int(std::min<quint64>(o.queues, INT_MAX)))
                       .arg(o.product, m_broker->profile().managementUrl.authority())
        + tr(", %1 ready, %2 unacked, %3 connections, %4 consumers")
              .arg(locale.toString(o.ready), locale.toString(o.unacked), locale.toString(o.connections),
                  locale.toString(o.consumers));
    for (const QString &alarm : snapshot->alarms)
        text += u"  ⚠ " + alarm;
    m_overview->setText(text);
}

void RemoteBrokerView::onStateChanged()
{
    const RemoteBroker::State state = m_broker->state();
    const bool problem = state != RemoteBroker::State::Online && state != RemoteBroker::State::Connecting;
    m_banner->setVisible(problem);
    m_bannerText->setText(m_broker->problem());
    m_passwordButton->setVisible(state == RemoteBroker::State::CredentialsRefused);
    m_trustButton->setVisible(state == RemoteBroker::State::UntrustedCertificate);
    m_retryButton->setVisible(state == RemoteBroker::State::Unreachable || state == RemoteBroker::State::Failed);
    if (state == RemoteBroker::State::Connecting)
        m_overview->setText(tr("Connecting to %1…").arg(m_broker->profile().managementUrl.authority()));
}

} // namespace depot::ui
