#pragma once

// UserStore: the accounts AMQP clients and the HTTP API log in with.
//
// Two kinds of account:
// - the command-line account (--user/--password or DEPOT_PASSWORD; guest/guest
//   when none is given). It is held in memory only, for the life of the
//   process: the command line decides it on every start, so it is never
//   written, cannot be changed or deleted over the API, and shadows a stored
//   user of the same name;
// - stored users, created over the HTTP API or by a definitions import. They
//   live in <data dir>/users.json (mode 0600, replaced atomically with
//   QSaveFile, never holding a plaintext password), or in memory only with
//   --in-memory.
//
// Verifying a password against Depot's PBKDF2 hash is slow on purpose, so
// authenticate() remembers the outcome keyed by a salted SHA-256 of name and
// password (the salt is random per process; the password itself is never
// kept): a thousand clients connecting with the same credentials pay the KDF
// once, and so does a client retrying a wrong password in a loop. The
// asynchronous authenticate() runs the KDF on a PasswordVerifier worker, so
// the broker thread serves other clients meanwhile; clients asking with the
// same name and password while it runs wait for that one check.
//
// Lives on the broker thread, like the protocol servers that use it; no locks.

#include "broker/auth/PasswordHash.h"
#include "broker/auth/PasswordVerifier.h"

#include <QHash>
#include <QHostAddress>
#include <QJsonObject>
#include <QMap>
#include <QPointer>
#include <QSet>
#include <QStringList>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace depot::auth {

struct User
{
    QString name;
    PasswordHash password;
    QStringList tags;
    bool fromCommandLine = false;

    bool operator==(const User &) const = default;
};

// True for 127.0.0.0/8, ::1 and their IPv4-mapped forms.
bool isLoopbackPeer(const QHostAddress &peer);
// guest logs in only from a loopback peer, whether it is the command-line
// account or stored (RabbitMQ's loopback_users default), over AMQP and HTTP.
bool mayLogInFrom(const QString &name, const QHostAddress &peer);

// RabbitMQ's tags that admit a user to the management API, and the one that
// lets it manage users and definitions.
bool isManagementUser(const User &user);
bool isAdministrator(const User &user);

// A user in RabbitMQ's shape: name, password_hash, hashing_algorithm, tags
// (an array, as RabbitMQ 3.9 and later write it), limits.
QJsonObject userToJson(const User &user);

// Reads the fields of a user from a management API body or a definitions
// entry: "password" (hashed here with Depot's KDF) or "password_hash" with
// "hashing_algorithm" (RabbitMQ's SHA-256 when left out, as RabbitMQ assumes),
// and "tags" (a comma-separated string or an array). A field left out keeps
// the value of `existing`; a new user without a password cannot log in with
// one. nullopt and *error (one sentence) when something is malformed.
std::optional<User> userFromJson(
    const QString &name, const QJsonObject &object, const std::optional<User> &existing, QString *error);
// Names are what AMQP's PLAIN and the API carry: non-empty, at most 255
// bytes of UTF-8.
bool checkUserName(const QString &name, QString *error);

class UserStore final
{
    Q_DISABLE_COPY_MOVE(UserStore)

public:
    // A store kept in `filePath`, read now (a missing file is an empty store),
    // or in memory only when `filePath` is empty. nullptr, and *error in one
    // line naming the file, when it cannot be read or is not a users file;
    // the file is left as it is.
    static std::unique_ptr<UserStore> open(const QString &filePath, QString *error);
    static QString fileIn(const QString &dataDir); // <dataDir>/users.json

    ~UserStore();

    // The account given on the command line, administrator, memory only.
    void setCommandLineAccount(const QString &name, const QString &password);
    bool isCommandLineAccount(const QString &name) const;

    // The command-line account first, then the stored users by name.
    QList<User> users() const;
    std::optional<User> user(const QString &name) const;
    // Only what is stored (definitions export this, not the command-line account).
    QList<User> storedUsers() const;
    QString filePath() const { return m_filePath; }

    // Creates or replaces these users in one write. All or nothing: when the
    // file cannot be written, neither it nor what is in memory changes.
    bool put(const QList<User> &users, QString *error);
    bool remove(const QString &name, QString *error);

    // The user, when `password` is theirs. Runs the KDF on the calling
    // thread when the cache does not know the answer.
    std::optional<User> authenticate(const QString &name, const QString &password) const;

    using AuthDone = std::function<void(const std::optional<User> &user)>;
    // The same answer, without running the KDF on this thread: when the
    // cache knows it, or the user's hash is a cheap one (RabbitMQ's salted
    // SHA-256), `done` runs before this returns; otherwise the check goes to
    // the verifier's worker and `done` runs later on this thread, unless
    // `receiver` (not null) was destroyed first. `source` (the peer's address) takes
    // its turn with other sources; with PasswordVerifier::MaxPendingPerSource
    // checks outstanding from it, the login is refused at once.
    void authenticate(const QString &name, const QString &password, const QString &source, QObject *receiver,
                      AuthDone done);
    // Checks running or waiting on the worker.
    int pendingVerifications() const { return m_verifier ? m_verifier->pending() : 0; }
    // How many verifications ran the hash function rather than the cache.
    quint64 slowVerifications() const { return m_slowVerifications; }

private:
    UserStore() = default;
    bool save(const QMap<QString, User> &users, QString *error) const;
    QByteArray cacheKey(const QString &name, const QString &password) const;
    void forget(const QString &name);
    const PasswordHash &decoy() const;
    void remember(const QString &name, const QByteArray &key, bool verified) const;
    void onVerified(const QByteArray &key, const QString &name, const QString &password, const QString &source,
                    quint64 generation, bool ok);

    struct Waiter
    {
        QPointer<QObject> receiver;
        AuthDone done;
    };

    QString m_filePath; // empty: memory only
    std::optional<User> m_commandLine;
    QMap<QString, User> m_stored;
    QByteArray m_cacheSalt;
    mutable QHash<QString, QByteArray> m_verified; // name -> key of the password that verified
    mutable QSet<QByteArray> m_refused; // keys of name+password that did not
    mutable std::optional<PasswordHash> m_decoy; // verified for unknown names, so they cost the same
    mutable quint64 m_slowVerifications = 0;
    quint64 m_generation = 0; // bumped by every change to a user
    QHash<QByteArray, std::vector<Waiter>> m_inFlight; // key -> who waits for its check
    // Last: destroyed first, so no answer arrives at a half-destroyed store.
    std::unique_ptr<PasswordVerifier> m_verifier;
};

} // namespace depot::auth
