#pragma once

// RemoteProfile: how to reach one remote RabbitMQ (its management API and,
// for the work that needs it, its AMQP listener), saved with QSettings
// under "remotes/<id>". The password is never part of it: it lives in the
// system keychain (PasswordVault) or, without one, only in memory while the
// broker is open.

#include <QByteArray>
#include <QList>
#include <QString>
#include <QUrl>

class QSettings;

namespace depot::ui::remote {

struct RemoteProfile
{
    enum class TrustMode { SystemCas, CaFile };

    QString id;                 // stable key in the settings and the keychain
    QString name;               // what the broker selector shows
    QUrl managementUrl;         // http(s)://host:15672
    QUrl amqpUrl;               // amqp(s)://host:5672 (used by message work)
    QString user;
    QString vhost = QStringLiteral("/"); // empty: every vhost
    TrustMode trust = TrustMode::SystemCas;
    QString caFile;             // PEM, for TrustMode::CaFile
    QString clientCertificate;  // PEM; empty: none
    QString clientKey;          // PEM, unencrypted
    // SHA-256 of a certificate the user accepted for this profile although
    // no CA vouches for it (hex, lower case); empty: none.
    QString acceptedFingerprint;

    bool allVhosts() const { return vhost.isEmpty(); }
    // Why the profile cannot be used, or an empty string.
    QString problem() const;
    // The management URL with `path` (starting with "/api/") appended.
    QUrl apiUrl(const QString &path) const;
};

// The saved profiles. Reads and writes QSettings (the application's, or the
// one a test hands in).
class RemoteProfileStore final
{
public:
    explicit RemoteProfileStore(QSettings *settings = nullptr);

    QList<RemoteProfile> profiles() const;
    // Adds or replaces the profile with its id (a new id when empty); returns it.
    RemoteProfile save(RemoteProfile profile);
    void remove(const QString &id);

private:
    QSettings *m_settings; // null: a QSettings() per call
};

} // namespace depot::ui::remote
