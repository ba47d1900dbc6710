#include "ui/views/BrokerStatus.h"

#include "broker/core/BrokerService.h"
#include "broker/core/ListenerRegistry.h"
#include "ui/Translations.h"
#include "ui/client/BrokerClient.h"
#include "ui/views/WindowParts.h"

#include <QFrame>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSet>
#include <QStatusBar>
#include <QTcpServer>
#include <QToolButton>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>
#include <algorithm>
#include <climits>

namespace depot::ui {

namespace {

QString rate(double perSecond)
{
    return QLocale().toString(perSecond, 'f', perSecond < 10 ? 1 : 0);
}

// Is `port` free on `address`? Binds and releases it at once.
bool portIsFree(const QHostAddress &address, quint16 port)
{
    QTcpServer server;
    return server.listen(address, port);
}

// The first free port after `taken` (the next few, then any the system picks);
// 0 when none could be found. Never call it on the GUI thread: binding may block.
quint16 findFreePort(const QHostAddress &address, quint16 taken, const QList<quint16> &avoid)
{
    for (int candidate = taken + 1; candidate <= std::min(65535, taken + 50); ++candidate) {
        if (!avoid.contains(quint16(candidate)) && portIsFree(address, quint16(candidate)))
            return quint16(candidate);
    }
    QTcpServer server;
    return server.listen(address, 0) ? server.serverPort() : 0;
}

} // namespace

BrokerStatus::BrokerStatus(BrokerService *service, BrokerClient *client, QStatusBar *statusBar, QWidget *parent)
    : QWidget(parent)
    , m_service(service)
    , m_client(client)
    , m_statusBar(statusBar)
{
    // Banners across the top of the window: raised alarms, and a port offer
    // after a failed start.
    m_alarmBanner = makeBanner(this, "alarmBanner", QStringLiteral("#b3261e"));
    auto *alarmLayout = new QHBoxLayout(m_alarmBanner);
    alarmLayout->setContentsMargins(10, 6, 10, 6);
    m_alarmText = new QLabel(m_alarmBanner);
    m_alarmText->setObjectName(QStringLiteral("alarmText"));
    m_alarmText->setWordWrap(true);
    m_alarmText->setTextFormat(Qt::RichText);
    m_alarmText->setTextInteractionFlags(Qt::TextSelectableByMouse);
    alarmLayout->addWidget(m_alarmText, 1);

    m_portOffer = makeBanner(this, "portOffer", QStringLiteral("#a15c00"));
    auto *offerLayout = new QHBoxLayout(m_portOffer);
    offerLayout->setContentsMargins(10, 6, 10, 6);
    m_portOfferText = new QLabel(m_portOffer);
    m_portOfferText->setWordWrap(true);
    m_portOfferText->setTextInteractionFlags(Qt::TextSelectableByMouse);
    offerLayout->addWidget(m_portOfferText, 1);
    m_portOfferButton = new QPushButton(m_portOffer);
    m_portOfferButton->setObjectName(QStringLiteral("portOfferButton"));
    m_portOfferButton->hide();
    offerLayout->addWidget(m_portOfferButton);

    auto *bannerBox = new QVBoxLayout(this);
    bannerBox->setContentsMargins(6, 6, 6, 0);
    bannerBox->setSpacing(4);
    bannerBox->addWidget(m_alarmBanner);
    bannerBox->addWidget(m_portOffer);

    m_stateLabel = new QLabel(statusBar);
    m_portsLabel = new QLabel(statusBar);
    m_portsLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_totalsLabel = new QLabel(statusBar);
    m_transferProgress = new QProgressBar(statusBar);
    m_transferProgress->setMaximumWidth(220);
    m_transferProgress->hide();
    m_transferCancel = new QToolButton(statusBar);
    m_transferCancel->setText(tr("Cancel"));
    m_transferCancel->hide();
    connect(m_transferCancel, &QToolButton::clicked, this, [this] {
        if (m_activeTransfer)
            m_client->cancelTransfer(m_activeTransfer);
    });
    statusBar->addWidget(m_stateLabel);
    statusBar->addWidget(m_portsLabel);
    statusBar->addWidget(m_totalsLabel, 1);
    statusBar->addPermanentWidget(m_transferProgress);
    statusBar->addPermanentWidget(m_transferCancel);

    connect(m_client, &BrokerClient::transferProgress, this, &BrokerStatus::onTransferProgress);
    connect(m_client, &BrokerClient::transferFinished, this, &BrokerStatus::onTransferFinished);
    connect(m_service, &BrokerService::startFailed, this, &BrokerStatus::onStartFailed);
}

BrokerStatus::~BrokerStatus() = default;

void BrokerStatus::addBanner(QWidget *banner)
{
    banner->setParent(this);
    layout()->addWidget(banner);
}

void BrokerStatus::showStartError(const QString &error)
{
    m_startError = error;
    refresh();
}

void BrokerStatus::setStatusBarShown(bool shown)
{
    for (QLabel *label : {m_stateLabel, m_portsLabel, m_totalsLabel})
        label->setVisible(shown);
}

void BrokerStatus::updateFromSnapshot(const SnapshotPtr &snapshot)
{
    updateAlarms(snapshot);
    updateTotals(snapshot);
}

void BrokerStatus::refresh()
{
    const bool running = m_service->isRunning();
    if (!m_startError.isEmpty() && !running) {
        m_stateLabel->setText(tr("<b style='color:#d03a2f'>Not running</b>"));
        m_stateLabel->setToolTip(m_startError);
        m_portsLabel->setText(m_startError);
    } else {
        switch (m_service->state()) {
        case BrokerService::State::Starting:
            m_stateLabel->setText(tr("Starting…"));
            break;
        case BrokerService::State::Running:
            if (m_alarms.isEmpty())
                m_stateLabel->setText(tr("<b style='color:#10a060'>●</b> Running"));
            else
                m_stateLabel->setText(
                    tr("<b style='color:#d03a2f'>● Publishers blocked</b> (%1)")
                        .arg(QStringList(m_alarms.keys()).join(QStringLiteral(", ")).toHtmlEscaped()));
            break;
        case BrokerService::State::Stopped:
            m_stateLabel->setText(tr("Stopped"));
            break;
        }
        const BrokerOptions &options = m_service->options();
QStringList endpoints;
        for (const ListenerEntry &listener : listenerRegistry()) {
            if (const quint16 port = m_service->port(listener.name))
                endpoints << QStringLiteral("%1 %2:%3")
                                 .arg(listener.title, listenAddress(options, listener).toString())
                                 .arg(port);
        }
        endpoints << (options.inMemory ? tr("in memory") : options.dataDir);
        m_portsLabel->setText(running ? endpoints.join(QStringLiteral(" · ")) : QString());
        QStringList tip = m_alarms.values();
        tip += m_service->recoveryReport();
        m_stateLabel->setToolTip(tip.join(u'\n'));
    }
    if (running) {
        m_portOffer->hide();
        ++m_portProbeGeneration; // a probe still on its way is stale
    }
}

void BrokerStatus::updateTotals(const SnapshotPtr &snapshot)
{
    quint64 ready = 0;
    quint64 unacked = 0;
    quint64 dead = 0;
    for (const QueueRow &q : snapshot->queues) {
        ready += q.ready;
        unacked += q.unacked;
        if (q.isDeadLetterQueue)
            dead += q.total();
    }
    // Counts as plural forms in the user's language, numbers grouped by the
    // locale. Connections as the Connections tab counts them, with its
    // consumer rows beside (the demo's one connection has three consumers:
    // "1 connections" read as a contradiction of the three rows listed).
    const QLocale locale;
    QSet<ConnectionId> listed;
    for (const ConnectionSummary &c : snapshot->connections)
        listed.insert(c.id);
    for (const ConsumerInfo &c : snapshot->consumers)
        listed.insert(c.connection);
    const QString text = QStringList{
        tr("%Ln queue(s)", nullptr, int(snapshot->queues.size())),
        tr("%1 ready").arg(locale.toString(ready)),
        tr("%1 unacked").arg(locale.toString(unacked)),
        tr("%Ln dead letter(s)", nullptr, int(std::min<quint64>(dead, INT_MAX))),
        tr("in %1/s").arg(rate(snapshot->rates[size_t(Counter::Published)])),
        tr("out %1/s").arg(rate(snapshot->rates[size_t(Counter::Delivered)])),
        tr("%Ln connection(s)", nullptr, int(listed.size()))
            + (snapshot->consumers.isEmpty() ? QString()
                                             : tr(", %Ln consumer(s)", nullptr, int(snapshot->consumers.size()))),
    }.join(QStringLiteral(" · "));
    m_totalsLabel->setText(text);
}

void BrokerStatus::updateAlarms(const SnapshotPtr &snapshot)
{
    if (snapshot->alarms == m_alarms)
        return;
    m_alarms = snapshot->alarms;
    if (m_alarms.isEmpty()) {
        m_alarmBanner->hide();
        m_alarmText->clear();
    } else {
        QStringList lines;
        for (auto it = m_alarms.cbegin(); it != m_alarms.cend(); ++it)
            lines << tr("<b>⚠ %1 alarm:</b> %2").arg(it.key().toHtmlEscaped(), it.value().toHtmlEscaped());
        m_alarmText->setText(lines.join(QStringLiteral("<br>")));
        m_alarmBanner->show();
    }
    refresh(); // the status bar's broker state names the alarms
}

void BrokerStatus::onStartFailed(const QString &error)
{
    m_startError = error;
    refresh();
    m_portOfferText->setText(error);
    m_portOfferButton->hide();
    m_portOffer->show();
    // Which of the ports is taken, and which are free instead? Probing binds
    // sockets, so it runs off the GUI thread; the watcher belongs to this
    // window, so a closed window never hears the answer.
    struct Probe
    {
        QMap<QString, quint16> ports;   // every listener that is on: its port, or the free one offered
        QStringList changed;            // listener names whose port is taken
        QString taken;   // "AMQP 5672, HTTP 15672"; empty: the failure was not about ports
        bool found = false;
    };
    const BrokerOptions options = m_service->options();
    const quint64 generation = ++m_portProbeGeneration;
    auto *watcher = new QFutureWatcher<Probe>(this);
    connect(watcher, &QFutureWatcher<Probe>::finished, this, [this, watcher, generation] {
        watcher->deleteLater();
        const Probe probe = watcher->result();
        if (generation == m_portProbeGeneration && probe.found)
            offerPorts(probe.ports, probe.changed, probe.taken);
    });
    watcher->setFuture(QtConcurrent::run([options] {
        Probe probe;
        probe.found = true;
        for (const ListenerEntry &listener : listenerRegistry()) {
            if (const std::optional<quint16> port = listenerPort(options, listener))
                probe.ports.insert(listener.name, *port);
        }
        QStringList taken;
        for (const ListenerEntry &listener : listenerRegistry()) {
            const quint16 port = probe.ports.value(listener.name);
            const QHostAddress address = listenAddress(options, listener);
            if (port == 0 || portIsFree(address, port))
                continue;
            taken << QStringLiteral("%1 %2").arg(listener.title).arg(port);
            const QList<quint16> others = probe.ports.values();
            const quint16 free = findFreePort(address, port, others);
            probe.ports.insert(listener.name, free);
            probe.changed << listener.name;
            probe.found = probe.found && free != 0;
        }
        probe.found = probe.found && !taken.isEmpty();
        probe.taken = taken.join(QStringLiteral(", "));
        return probe;
    }));
}

void BrokerStatus::offerPorts(const QMap<QString, quint16> &ports, const QStringList &changed, const QString &what)
{
    QStringList changes;
    QStringList flags;
    QStringList numbers;
    QMap<QString, quint16> newPorts;
    for (const QString &name : changed) {
        const ListenerEntry *listener = findListener(name);
        const quint16 port = ports.value(name);
        changes << tr("%1 port %2").arg(listener ? listener->title : name).arg(port);
        flags << (listener ? listener->flag() : name);
        numbers << QString::number(port);
        newPorts.insert(name, port);
    }
    m_portOfferText->setText(tr("%1 is already taken. Depot can start on %2 instead (for this run; "
                                "use %3 to choose for good).")
                                 .arg(what, changes.join(tr(" and ")), flags.join(QStringLiteral(" / "))));
    m_portOfferButton->setText(numbers.size() == 1 ? tr("Use port %1 instead").arg(numbers.constFirst())
                                                   : tr("Use ports %1 instead").arg(numbers.join(tr(" and "))));
    m_portOfferButton->disconnect(this);
    connect(m_portOfferButton, &QPushButton::clicked, this, [this, newPorts] {
        m_portOfferButton->hide();
        m_portOfferText->setText(tr("Starting on the new port…"));
        m_startError.clear();
        m_service->setPorts(newPorts);
        m_service->start();
        refresh();
    });
    m_portOfferButton->show();
    m_portOffer->show();
}

void BrokerStatus::startTransfer(const TransferSpec &spec, const QString &verb)
{
    m_transferVerb = verb;
    m_client->startTransfer(this, spec, [this, verb](Result<quint64> result) {
        if (!result.ok()) {
            QMessageBox::warning(this, tr("Depot"), tr("%1 failed: %2").arg(verb, result.error.text));
            return;
        }
        m_activeTransfer = result.value;
        m_transferProgress->setRange(0, 0);
        m_transferProgress->setFormat(tr("%1 %v / %m").arg(verb));
        m_transferProgress->show();
        m_transferCancel->show();
        Q_EMIT transferStateChanged();
    });
}

void BrokerStatus::onTransferProgress(quint64 id, quint64 done, quint64 total)
{
    if (id != m_activeTransfer)
        return;
    // QProgressBar is int-based; scale very large transfers.
    const int scale = total > 1000000000 ? 1000 : 1;
    m_transferProgress->setRange(0, int(total / scale));
    m_transferProgress->setValue(int(done / scale));
}

void BrokerStatus::onTransferFinished(const TransferReport &report)
{
    const QLocale locale;
    QString text = report.cancelled ? tr("Cancelled after %1 of %2 message(s); the rest stayed where they were.",
                       nullptr, pluralCount(report.total))
                                          .arg(locale.toString(report.done), locale.toString(report.total))
                                    : tr("Done: %1 of %2 message(s).", nullptr, pluralCount(report.total))
                                          .arg(locale.toString(report.done), locale.toString(report.total));
    if (report.skipped > 0)
        text += tr(" %Ln skipped (no original queue, or the target is gone).", nullptr, int(report.skipped));
    if (!report.error.isEmpty())
        text += QLatin1Char(' ') + report.error;
    m_statusBar->showMessage(text, 10000);
    if (report.id == m_activeTransfer) {
        m_activeTransfer = 0;
        m_transferProgress->hide();
        m_transferCancel->hide();
    }
    m_client->refreshNow();
    Q_EMIT transferStateChanged();
    Q_EMIT transferFinished(report);
}

} // namespace depot::ui
