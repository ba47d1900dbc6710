#include "ui/views/RemoteActions.h"

#include "ui/remote/RemoteBroker.h"
#include "ui/views/BrokerStatus.h"
#include "ui/views/RemoteBrokerView.h"
#include "ui/views/RemoteBrokers.h"
#include "ui/views/WindowParts.h"

#include <QAction>
#include <QLabel>
#include <QLocale>
#include <QMainWindow>
#include <QMenu>
#include <QStatusBar>
#include <QToolBar>
#include <QWidgetAction>

namespace depot::ui {

using remote::RemoteBroker;

RemoteActions::RemoteActions(
    QMainWindow *window, QStackedWidget *stack, BrokerStatus *localStatus, std::function<void()> localShownAgain)
    : ActionSet(window)
    , m_remotes(new RemoteBrokers(stack, window))
    , m_localStatus(localStatus)
    , m_localShownAgain(std::move(localShownAgain))
{
    addAction("connectRemote", depotIcon("connection"), tr("Connect to &RabbitMQ…"), {},
        [this] { m_remotes->showConnectDialog(); });
    addAction("closeRemote", {}, tr("C&lose remote broker"), {}, [this] { m_remotes->closeCurrent(); })
        ->setEnabled(false);
    m_statusLabel = new QLabel(window->statusBar());
    m_statusLabel->setObjectName(QStringLiteral("remoteStatusLabel"));
    m_statusLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_statusLabel->hide();
    window->statusBar()->addWidget(m_statusLabel, 1);
    connect(m_remotes, &RemoteBrokers::currentChanged, this, &RemoteActions::onShown);
}

RemoteActions::~RemoteActions() = default;

void RemoteActions::setLocalActions(
    const QList<QMenu *> &menus, QToolBar *toolbar, const QList<QAction *> &keep, const QList<QAction *> &more)
{
    QList<QAction *> &local = m_localActions;
    for (QMenu *menu : menus) {
        for (QAction *a : menu->actions()) {
            if (!a->isSeparator() && !a->menu() && !m_actions.values().contains(a) && !keep.contains(a)
                && !local.contains(a))
                local.append(a);
        }
    }
    for (QAction *a : toolbar->actions()) {
        if (!a->isSeparator() && a->text() != QString() && !local.contains(a)
            && qobject_cast<QWidgetAction *>(a) == nullptr)
            local.append(a);
    }
    for (QAction *a : more) {
        if (!local.contains(a))
            local.append(a);
    }
    for (QAction *a : std::as_const(local)) {
        // The parts re-enable their actions as their own state changes;
        // while a remote is shown they stay off.
        connect(a, &QAction::changed, this, [this, a] {
            if (remoteShown() && a->isEnabled())
                a->setEnabled(false);
        });
    }
}

void RemoteActions::onShown(RemoteBrokerView *remote)
{
    disconnect(m_stateConnection);
    disconnect(m_snapshotConnection);
    m_shown = remote;
    action(QStringLiteral("closeRemote"))->setEnabled(remote != nullptr);
    m_localStatus->setStatusBarShown(remote == nullptr);
    m_statusLabel->setVisible(remote != nullptr);
    if (remote) {
        if (m_savedEnabled.isEmpty()) {
            for (QAction *a : std::as_const(m_localActions))
                m_savedEnabled.insert(a, a->isEnabled());
        }
        for (QAction *a : std::as_const(m_localActions))
            a->setEnabled(false);
        m_window->setWindowTitle(tr("Depot — %1").arg(remote->broker()->profile().name));
        m_stateConnection = connect(remote->broker(), &RemoteBroker::stateChanged, this, &RemoteActions::describe);
        m_snapshotConnection = connect(remote->broker(), &RemoteBroker::snapshotUpdated, this, &RemoteActions::describe);
        describe();
        return;
    }
    m_window->setWindowTitle(tr("Depot"));
    for (auto it = m_savedEnabled.cbegin(); it != m_savedEnabled.cend(); ++it)
        it.key()->setEnabled(it.value());
    m_savedEnabled.clear();
    // Then each part sets what its own state allows.
    m_localShownAgain();
}

void RemoteActions::describe()
{
    if (!m_shown)
        return;
    const RemoteBroker *broker = m_shown->broker();
    const QString where = broker->profile().managementUrl.authority();
    const QString name = broker->profile().name;
    QString text;
    switch (broker->state()) {
    case RemoteBroker::State::Connecting:
        text = tr("● %1 (%2): connecting…").arg(name, where);
        break;
    case RemoteBroker::State::Online: {
        const remote::Overview &o = broker->overview();
        const QLocale locale;
        // Two counts, two plural forms: the connections have a tr() of their own.
        const QString connections = tr("%Ln connection(s)", nullptr, int(std::min<quint64>(o.connections, INT_MAX)));
        text = tr("● %1 (%2): reachable · %3 · %Ln queue(s) · %4 ready · %5 unacked · %6", nullptr,
            int(std::min<quint64>(o.queues, INT_MAX)))
                   .arg(name, where, o.product.isEmpty() ? tr("RabbitMQ") : o.product, locale.toString(o.ready),
                       locale.toString(o.unacked), connections);
        break;
    }
    case RemoteBroker::State::CredentialsRefused:
    case RemoteBroker::State::UntrustedCertificate:
    case RemoteBroker::State::Unreachable:
    case RemoteBroker::State::Failed:
        text = tr("● %1 (%2): not reachable — %3").arg(name, where, broker->problem());
        break;
    }
    const bool online = broker->state() == RemoteBroker::State::Online;
    m_statusLabel->setStyleSheet(online ? QString() : QStringLiteral("color: #b3261e;"));
    m_statusLabel->setText(text);
}

} // namespace depot::ui
