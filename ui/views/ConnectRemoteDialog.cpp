#include "ui/views/ConnectRemoteDialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QToolButton>

namespace depot::ui {

using remote::RemoteProfile;

ConnectRemoteDialog::ConnectRemoteDialog(
    const QList<RemoteProfile> &saved, bool keychainAvailable, QWidget *parent)
    : FormDialog(tr("Connect to RabbitMQ"), tr("&Connect"), parent)
    , m_saved(saved)
{
    setObjectName(QStringLiteral("connectRemoteDialog"));
    m_profiles = new QComboBox(this);
    m_profiles->addItem(tr("New profile"));
    for (const RemoteProfile &p : saved)
        m_profiles->addItem(p.name, p.id);
    auto *profileRow = new QWidget(this);
    auto *profileLayout = new QHBoxLayout(profileRow);
    profileLayout->setContentsMargins(0, 0, 0, 0);
    profileLayout->addWidget(m_profiles, 1);
    m_forget = new QPushButton(tr("&Forget"), profileRow);
    m_forget->setToolTip(tr("Remove this saved profile and its password in the keychain"));
    profileLayout->addWidget(m_forget);
    form()->addRow(tr("&Profile:"), profileRow);
    connect(m_forget, &QPushButton::clicked, this, &ConnectRemoteDialog::forgetPicked);

    m_name = new QLineEdit(this);
    m_name->setPlaceholderText(tr("staging"));
    form()->addRow(tr("&Name:"), m_name);
    m_management = new QLineEdit(this);
    m_management->setPlaceholderText(QStringLiteral("https://rabbit.example:15671"));
    form()->addRow(tr("&Management URL:"), m_management);
    m_amqp = new QLineEdit(this);
    m_amqp->setPlaceholderText(QStringLiteral("amqps://rabbit.example:5671"));
    form()->addRow(tr("&AMQP URL:"), m_amqp);
    m_user = new QLineEdit(this);
    form()->addRow(tr("&User:"), m_user);
    m_password = new QLineEdit(this);
    m_password->setEchoMode(QLineEdit::Password);
    form()->addRow(tr("Pass&word:"), m_password);
    m_savePassword = new QCheckBox(tr("Keep the password in the system keychain"), this);
    m_savePassword->setChecked(keychainAvailable);
    m_savePassword->setEnabled(keychainAvailable);
    if (!keychainAvailable) {
        m_savePassword->setText(tr("No keychain is available: the password is asked each time"));
    }
    form()->addRow(QString(), m_savePassword);
    m_vhost = new QLineEdit(QStringLiteral("/"), this);
    m_vhost->setPlaceholderText(tr("every vhost"));
    m_vhost->setToolTip(tr("Show only this virtual host; leave empty for every vhost"));
    form()->addRow(tr("&Vhost:"), m_vhost);

    m_trust = new QComboBox(this);
    m_trust->addItem(tr("The system's certificate authorities"));
    m_trust->addItem(tr("A CA file"));
    form()->addRow(tr("&Trust:"), m_trust);
    m_caFile = fileEdit(tr("CA certificate (PEM)"), tr("Certificates (*.pem *.crt);;All files (*)"));
    form()->addRow(tr("C&A file:"), m_caFile->parentWidget());
    m_clientCert = fileEdit(tr("none"), tr("Certificates (*.pem *.crt);;All files (*)"));
    form()->addRow(tr("Client c&ertificate:"), m_clientCert->parentWidget());
    m_clientKey = fileEdit(tr("none"), tr("Keys (*.pem *.key);;All files (*)"));
    form()->addRow(tr("Client &key:"), m_clientKey->parentWidget());

    const auto updateTrust = [this] { m_caFile->parentWidget()->setEnabled(m_trust->currentIndex() == 1); };
    connect(m_trust, &QComboBox::currentIndexChanged, this, updateTrust);
    updateTrust();
    connect(m_profiles, &QComboBox::currentIndexChanged, this, [this](int index) {
        m_forget->setEnabled(index > 0);
        if (index > 0)
            setProfile(m_saved.at(index - 1));
    });
    m_forget->setEnabled(false);
    for (QLineEdit *edit : {m_name, m_management, m_amqp, m_user, m_vhost, m_caFile, m_clientCert, m_clientKey})
        connect(edit, &QLineEdit::textChanged, this, &ConnectRemoteDialog::revalidate);
    connect(m_trust, &QComboBox::currentIndexChanged, this, &ConnectRemoteDialog::revalidate);
    setSend([](const Answer &answer) { answer({}); });
    if (!saved.isEmpty())
        m_profiles->setCurrentIndex(1);
    revalidate();
}

ConnectRemoteDialog::~ConnectRemoteDialog() = default;

QLineEdit *ConnectRemoteDialog::fileEdit(const QString &placeholder, const QString &filter)
{
    auto *row = new QWidget(this);
    auto *layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *edit = new QLineEdit(row);
    edit->setPlaceholderText(placeholder);
    auto *browse = new QToolButton(row);
    browse->setText(tr("…"));
    browse->setToolTip(tr("Choose a file"));
    layout->addWidget(edit, 1);
    layout->addWidget(browse);
    connect(browse, &QToolButton::clicked, this, [this, edit, filter] {
        const QString file = QFileDialog::getOpenFileName(this, tr("Choose a file"), edit->text(), filter);
        if (!file.isEmpty())
            edit->setText(file);
    });
    return edit;
}

void ConnectRemoteDialog::forgetPicked()
{
    const int index = m_profiles->currentIndex();
    if (index <= 0)
        return;
    const QString id = m_saved.takeAt(index - 1).id;
    // The form keeps what it shows, as a new profile the user may still connect with.
    m_acceptedFingerprint.clear();
    m_profiles->setCurrentIndex(0);
    m_profiles->removeItem(index);
    Q_EMIT forgetRequested(id);
    revalidate();
}

QString ConnectRemoteDialog::validationError() const
{
    if (m_name->text().trimmed().isEmpty())
        return tr("Give the broker a name");
    return profile().problem();
}

RemoteProfile ConnectRemoteDialog::profile() const
{
    RemoteProfile p;
    if (m_profiles->currentIndex() > 0)
        p.id = m_profiles->currentData().toString();
    p.name = m_name->text().trimmed();
    p.managementUrl = QUrl(m_management->text().trimmed(), QUrl::StrictMode);
    p.amqpUrl = QUrl(m_amqp->text().trimmed(), QUrl::StrictMode);
    p.user = m_user->text();
    p.vhost = m_vhost->text();
    p.trust = m_trust->currentIndex() == 1 ? RemoteProfile::TrustMode::CaFile : RemoteProfile::TrustMode::SystemCas;
    p.caFile = m_caFile->text().trimmed();
    p.clientCertificate = m_clientCert->text().trimmed();
    p.clientKey = m_clientKey->text().trimmed();
    p.acceptedFingerprint = m_acceptedFingerprint;
    return p;
}

QString ConnectRemoteDialog::password() const
{
    return m_password->text();
}

bool ConnectRemoteDialog::savePassword() const
{
    return m_savePassword->isEnabled() && m_savePassword->isChecked();
}

void ConnectRemoteDialog::setProfile(const RemoteProfile &p)
{
    m_name->setText(p.name);
    m_management->setText(p.managementUrl.toString());
    m_amqp->setText(p.amqpUrl.toString());
    m_user->setText(p.user);
    m_vhost->setText(p.vhost);
    m_trust->setCurrentIndex(p.trust == RemoteProfile::TrustMode::CaFile ? 1 : 0);
    m_caFile->setText(p.caFile);
    m_clientCert->setText(p.clientCertificate);
    m_clientKey->setText(p.clientKey);
    m_acceptedFingerprint = p.acceptedFingerprint;
}

} // namespace depot::ui
