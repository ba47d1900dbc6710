#pragma once

// ConnectRemoteDialog: File > Connect to RabbitMQ…. A saved profile or a new
// one: management URL (http/https), AMQP URL (amqp/amqps), user, password,
// vhost filter and TLS trust (the system's CAs or a CA file, a client
// certificate). The password goes to the system keychain when the user
// asks and one is available; it is never written to the settings. "Forget"
// removes the picked saved profile (and, through forgetRequested, its
// keychain entry).

#include "ui/remote/RemoteProfile.h"
#include "ui/views/FormDialog.h"

class QCheckBox;
class QComboBox;
class QLineEdit;
class QPushButton;

namespace depot::ui {

class ConnectRemoteDialog final : public FormDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectRemoteDialog)

public:
    ConnectRemoteDialog(const QList<remote::RemoteProfile> &saved, bool keychainAvailable, QWidget *parent = nullptr);
    ~ConnectRemoteDialog() override;

    QString validationError() const override;
    // The profile as the form describes it (the id of the saved one picked, if any).
    remote::RemoteProfile profile() const;
    QString password() const;
    bool savePassword() const;
    // Fills the form from a profile (the password stays as typed).
    void setProfile(const remote::RemoteProfile &profile);

    QComboBox *profileCombo() const { return m_profiles; }
    QLineEdit *nameEdit() const { return m_name; }
    QLineEdit *managementEdit() const { return m_management; }
    QLineEdit *amqpEdit() const { return m_amqp; }
    QLineEdit *userEdit() const { return m_user; }
    QLineEdit *passwordEdit() const { return m_password; }
    QLineEdit *vhostEdit() const { return m_vhost; }
    QComboBox *trustCombo() const { return m_trust; }
    QLineEdit *caFileEdit() const { return m_caFile; }
    QLineEdit *clientCertEdit() const { return m_clientCert; }
    QLineEdit *clientKeyEdit() const { return m_clientKey; }
    QCheckBox *savePasswordBox() const { return m_savePassword; }
    QPushButton *forgetButton() const { return m_forget; }

Q_SIGNALS:
    // The user forgot the saved profile with this id: it leaves the list.
    void forgetRequested(const QString &profileId);

private:
    QLineEdit *fileEdit(const QString &placeholder, const QString &filter);
    void forgetPicked();

    QList<remote::RemoteProfile> m_saved;
    QString m_acceptedFingerprint; // the picked profile's, kept as it was
    QComboBox *m_profiles = nullptr;
    QPushButton *m_forget = nullptr;
    QLineEdit *m_name = nullptr;
    QLineEdit *m_management = nullptr;
    QLineEdit *m_amqp = nullptr;
    QLineEdit *m_user = nullptr;
    QLineEdit *m_password = nullptr;
    QCheckBox *m_savePassword = nullptr;
    QLineEdit *m_vhost = nullptr;
    QComboBox *m_trust = nullptr;
    QLineEdit *m_caFile = nullptr;
    QLineEdit *m_clientCert = nullptr;
    QLineEdit *m_clientKey = nullptr;
};

} // namespace depot::ui
