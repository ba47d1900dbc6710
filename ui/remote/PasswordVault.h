#pragma once

// PasswordVault: remote brokers' passwords in the system keychain (Secret
// Service, KWallet, macOS Keychain, Windows Credential Store) through
// QtKeychain, keyed by profile id. Never in a file: QtKeychain's insecure
// fallback (plain text in QSettings) stays off. Without a keychain (none
// built in, none running, or DEPOT_KEYCHAIN=off as in the tests) nothing is
// stored and the window asks for the password each time a broker is opened.
//
// Every call is asynchronous (the keychain may ask the user to unlock it);
// answers arrive on the GUI thread, bound to `context`.

#include <QObject>
#include <QString>

#include <functional>
#include <optional>

namespace depot::ui::remote {

class PasswordVault final
{
public:
    // False when no keychain can be used at all (not built in, or switched off).
    static bool compiledIn();
    // Reads the password saved for `profileId`: nullopt when there is none
    // or no keychain answered (`why` then says which).
    static void read(QObject *context, const QString &profileId,
        std::function<void(std::optional<QString> password, QString why)> done);
    // Saves it; `done(false, why)` when it could not be kept.
    static void write(QObject *context, const QString &profileId, const QString &password,
        std::function<void(bool stored, QString why)> done);
    static void remove(const QString &profileId);
};

} // namespace depot::ui::remote
