#include "ui/views/RemoteBrokers.h"

#include "ui/remote/PasswordVault.h"
#include "ui/remote/RemoteBroker.h"
#include "ui/views/ConnectRemoteDialog.h"
#include "ui/views/RemoteBrokerView.h"

#include <QComboBox>
#include <QInputDialog>
#include <QLineEdit>
#include <QStackedWidget>
#include <QStatusBar>
#include <QMainWindow>

namespace depot::ui {

using remote::PasswordVault;
using remote::RemoteBroker;
using remote::RemoteProfile;

RemoteBrokers::RemoteBrokers(QStackedWidget *stack, QWidget *window)
    : QObject(window)
    , m_stack(stack)
    , m_window(window)
{
    m_selector = new QComboBox(window);
    m_selector->setObjectName(QStringLiteral("brokerSelector"));
    m_selector->setToolTip(tr("The broker the window shows"));
    m_selector->addItem(tr("This Depot"));
    m_selector->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    connect(m_selector, &QComboBox::currentIndexChanged, this, &RemoteBrokers::select);
}

RemoteBrokers::~RemoteBrokers() = default;

ConnectRemoteDialog *RemoteBrokers::showConnectDialog()
{
    if (m_dialog) {
        m_dialog->raise();
        m_dialog->activateWindow();
        return m_dialog;
    }
    auto *dialog = new ConnectRemoteDialog(m_store.profiles(), PasswordVault::compiledIn(), m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_dialog = dialog;
    connect(dialog, &QDialog::accepted, this, [this, dialog] { onDialogAccepted(dialog); });
    connect(dialog, &ConnectRemoteDialog::forgetRequested, this, [this](const QString &id) {
        m_store.remove(id);
        PasswordVault::remove(id);
    });
    dialog->open();
    return dialog;
}

void RemoteBrokers::onDialogAccepted(ConnectRemoteDialog *dialog)
{
    const RemoteProfile profile = m_store.save(dialog->profile());
    const QString typed = dialog->password();
    if (!typed.isEmpty()) {
        if (dialog->savePassword()) {
            PasswordVault::write(this, profile.id, typed, [this](bool stored, const QString &why) {
                if (!stored) {
                    if (auto *w = qobject_cast<QMainWindow *>(m_window))
                        w->statusBar()->showMessage(tr("The password was not saved: %1").arg(why), 8000);
                }
            });
        }
        open(profile, typed);
        return;
    }
    // Nothing typed: the keychain's, or ask (the banner offers it after a refusal).
    RemoteBrokerView *view = open(profile, QString());
    PasswordVault::read(view, profile.id, [this, view](std::optional<QString> password, const QString &) {
        if (password)
            view->broker()->setPassword(*password);
        else
            askPassword(view);
    });
}

RemoteBrokerView *RemoteBrokers::open(const RemoteProfile &profile, const QString &password)
{
    auto *broker = new RemoteBroker(profile, password);
    auto *view = new RemoteBrokerView(broker, m_stack);
    broker->setParent(view);
    connect(broker, &RemoteBroker::profileChanged, this,
        [this](const RemoteProfile &changed) { m_store.save(changed); });
    connect(view, &RemoteBrokerView::passwordWanted, this, [this, view] { askPassword(view); });
    m_views.append(view);
    m_stack->addWidget(view);
    m_selector->addItem(profile.name, profile.id);
    m_selector->setCurrentIndex(m_selector->count() - 1);
    return view;
}

void RemoteBrokers::askPassword(RemoteBrokerView *view)
{
    auto *ask = new QInputDialog(m_window);
    ask->setAttribute(Qt::WA_DeleteOnClose);
    ask->setObjectName(QStringLiteral("remotePasswordDialog"));
    ask->setWindowTitle(tr("Password for %1").arg(view->broker()->profile().name));
    ask->setLabelText(tr("Password of %1 at %2:")
                          .arg(view->broker()->profile().user, view->broker()->profile().managementUrl.authority()));
    ask->setTextEchoMode(QLineEdit::Password);
    connect(ask, &QInputDialog::textValueSelected, view,
        [view](const QString &password) { view->broker()->setPassword(password); });
    ask->open();
}

void RemoteBrokers::closeCurrent()
{
    const int index = m_selector->currentIndex();
    if (index <= 0)
        return;
    RemoteBrokerView *view = m_views.takeAt(index - 1);
    m_selector->setCurrentIndex(0);
    m_selector->removeItem(index);
    m_stack->removeWidget(view);
    view->deleteLater();
}

RemoteBrokerView *RemoteBrokers::current() const
{
    const int index = m_selector->currentIndex();
    return index > 0 ? m_views.value(index - 1) : nullptr;
}

void RemoteBrokers::select(int index)
{
    if (index < 0)
        return;
    m_stack->setCurrentIndex(index);
    Q_EMIT currentChanged(current());
}

} // namespace depot::ui
