#include "broker/auth/UserStore.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QSaveFile>
#include <QtEndian>

namespace depot::auth {

Q_LOGGING_CATEGORY(lcUsers, "depot.users")

namespace {

constexpr int kFileVersion = 1;
constexpr qint64 kMaxFileBytes = 16 * 1024 * 1024;
constexpr qsizetype kMaxRefusedKeys = 4096;

const QStringList &managementTags()
{
    static const QStringList tags{QStringLiteral("administrator"), QStringLiteral("monitoring"),
        QStringLiteral("policymaker"), QStringLiteral("management")};
    return tags;
}

std::optional<QStringList> tagsFromJson(const QJsonValue &value, QString *error)
{
    QStringList tags;
    if (value.isString()) {
        for (const QString &tag : value.toString().split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            if (!tag.trimmed().isEmpty())
                tags.append(tag.trimmed());
        }
    } else if (value.isArray()) {
        for (const QJsonValue &tag : value.toArray()) {
            if (!tag.isString()) {
                *error = QStringLiteral("tags must be a comma-separated string or an array of strings");
                return std::nullopt;
            }
            if (!tag.toString().trimmed().isEmpty())
                tags.append(tag.toString().trimmed());
        }
    } else {
        *error = QStringLiteral("tags must be a comma-separated string or an array of strings");
        return std::nullopt;
    }
    tags.removeDuplicates();
    return tags;
}

} // namespace

bool isLoopbackPeer(const QHostAddress &peer)
{
    bool isV4 = false;
    const quint32 v4 = peer.toIPv4Address(&isV4); // also unwraps ::ffff:a.b.c.d
    if (isV4)
        return (v4 >> 24) == 127;
    return peer.isLoopback();
}

bool mayLogInFrom(const QString &name, const QHostAddress &peer)
{
    return name != QLatin1StringView("guest") || isLoopbackPeer(peer);
}

bool isManagementUser(const User &user)
{
    return std::any_of(
        user.tags.cbegin(), user.tags.cend(), [](const QString &tag) { return managementTags().contains(tag); });
}

bool isAdministrator(const User &user)
{
    return user.tags.contains(QStringLiteral("administrator"));
}

QJsonObject userToJson(const User &user)
{
    return QJsonObject{
        {QStringLiteral("name"), user.name},
        {QStringLiteral("password_hash"), user.password.hash},
        {QStringLiteral("hashing_algorithm"), user.password.algorithm},
        {QStringLiteral("tags"), QJsonArray::fromStringList(user.tags)},
        {QStringLiteral("limits"), QJsonObject{}},
    };
}

bool checkUserName(const QString &name, QString *error)
{
    if (name.isEmpty()) {
        *error = QStringLiteral("a user needs a name");
        return false;
    }
    if (name.toUtf8().size() > 255) {
        *error = QStringLiteral("a user name is at most 255 bytes of UTF-8");
        return false;
    }
    return true;
}

std::optional<User> userFromJson(
    const QString &name, const QJsonObject &object, const std::optional<User> &existing, QString *error)
{
    if (!checkUserName(name, error))
        return std::nullopt;
    User user;
    user.name = name;
    const QJsonValue password = object.value(QStringLiteral("password"));
    const QJsonValue hash = object.value(QStringLiteral("password_hash"));
    const QJsonValue algorithm = object.value(QStringLiteral("hashing_algorithm"));
    const bool hasPassword = !password.isUndefined() && !password.isNull();
    const bool hasHash = !hash.isUndefined() && !hash.isNull();
    if (hasPassword && hasHash) {
        *error = QStringLiteral("give either password or password_hash, not both");
        return std::nullopt;
    }
    if (hasPassword) {
        if (!password.isString() || password.toString().isEmpty()) {
            *error = QStringLiteral("password must be a non-empty string (to stop password logins, set "
                                    "password_hash to \"\")");
            return std::nullopt;
        }
        user.password = hashPassword(password.toString());
    } else if (hasHash) {
        if (!hash.isString() || (!algorithm.isUndefined() && !algorithm.isNull() && !algorithm.isString())) {
            *error = QStringLiteral("password_hash and hashing_algorithm must be strings");
            return std::nullopt;
        }
        // RabbitMQ reads a hash without an algorithm with its default, SHA-256;
        // scripts written for it compute exactly that.
        user.password = {algorithm.isString() ? algorithm.toString() : QString(RabbitSha256), hash.toString()};
        QString why;
        if (!checkHash(user.password, &why)) {
            *error = why;
            return std::nullopt;
        }
    } else if (existing) {
        user.password = existing->password;
    } else {
        user.password = {DepotPbkdf2Sha256, QString()};
    }
    const QJsonValue tags = object.value(QStringLiteral("tags"));
    if (tags.isUndefined() || tags.isNull()) {
        if (existing)
            user.tags = existing->tags;
    } else {
        const auto parsed = tagsFromJson(tags, error);
        if (!parsed)
            return std::nullopt;
        user.tags = *parsed;
    }
    return user;
}

std::unique_ptr<UserStore> UserStore::open(const QString &filePath, QString *error)
{
    std::unique_ptr<UserStore> store(new UserStore);
    store->m_filePath = filePath;
    store->m_verifier = std::make_unique<PasswordVerifier>(1);
    store->m_cacheSalt.resize(32);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(store->m_cacheSalt.data()), 8);
    if (filePath.isEmpty() || !QFile::exists(filePath))
        return store;

    const auto fail = [&](const QString &why) -> std::unique_ptr<UserStore> {
        *error = QStringLiteral("depot: the users file %1 cannot be used: %2; fix it or move it away "
                                "(Depot does not overwrite it)")
                     .arg(filePath, why);
        return nullptr;
    };
    QFile file(filePath);
    if (!file.open(QIODevice::ReadOnly))
        return fail(file.errorString());
    if (file.size() > kMaxFileBytes)
        return fail(QStringLiteral("it is larger than %1 bytes").arg(kMaxFileBytes));
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return fail(
            QStringLiteral("it is not JSON (%1 at offset %2)").arg(parseError.errorString()).arg(parseError.offset));
    const QJsonObject root = doc.object();
    if (!doc.isObject() || root.value(QStringLiteral("version")).toInt(-1) != kFileVersion
        || !root.value(QStringLiteral("users")).isArray())
        return fail(QStringLiteral("it is not a version %1 users file (an object with \"version\": %1 and a "
                                   "\"users\" array)")
                        .arg(kFileVersion));
    const QJsonArray users = root.value(QStringLiteral("users")).toArray();
    for (qsizetype i = 0; i < users.size(); ++i) {
        const QJsonObject o = users[i].toObject();
        const QJsonValue name = o.value(QStringLiteral("name"));
        QString why;
        if (!users[i].isObject() || !name.isString() || !o.value(QStringLiteral("password_hash")).isString()
            || !o.value(QStringLiteral("hashing_algorithm")).isString())
            why = QStringLiteral("it needs the strings name, password_hash and hashing_algorithm");
        std::optional<User> user;
        if (why.isEmpty())
            user = userFromJson(name.toString(), o, std::nullopt, &why);
        if (user && store->m_stored.contains(user->name))
            why = QStringLiteral("the name '%1' appears twice").arg(user->name);
        if (!why.isEmpty())
            return fail(QStringLiteral("users[%1]: %2").arg(i).arg(why));
        store->m_stored.insert(user->name, *user);
    }
    return store;
}

QString UserStore::fileIn(const QString &dataDir)
{
    return QDir(dataDir).filePath(QStringLiteral("users.json"));
}

UserStore::~UserStore()
{
    // Waits for a check still running; its answer is dropped.
    m_verifier.reset();
}

void UserStore::setCommandLineAccount(const QString &name, const QString &password)
{
    // A cheap salted hash: the account never leaves memory, and the process
    // keeps no copy of the plaintext beyond its options.
    m_commandLine = User{name, rabbitHash(password), {QStringLiteral("administrator")}, true};
    forget(name);
}

bool UserStore::isCommandLineAccount(const QString &name) const
{
    return m_commandLine && m_commandLine->name == name;
}

QList<User> UserStore::users() const
{
    QList<User> out;
    if (m_commandLine)
        out.append(*m_commandLine);
    for (const User &u : m_stored) {
        if (!isCommandLineAccount(u.name))
            out.append(u);
    }
    return out;
}

std::optional<User> UserStore::user(const QString &name) const
{
    if (isCommandLineAccount(name))
        return m_commandLine;
    const auto it = m_stored.constFind(name);
    if (it == m_stored.constEnd())
        return std::nullopt;
    return *it;
}

QList<User> UserStore::storedUsers() const
{
    return m_stored.values();
}

bool UserStore::put(const QList<User> &users, QString *error)
{
    QMap<QString, User> next = m_stored;
    for (const User &u : users) {
        User stored = u;
        stored.fromCommandLine = false;
        next.insert(u.name, stored);
    }
    if (!save(next, error))
        return false;
    m_stored = std::move(next);
    for (const User &u : users)
        forget(u.name);
    return true;
}

bool UserStore::remove(const QString &name, QString *error)
{
    QMap<QString, User> next = m_stored;
    if (next.remove(name) == 0)
        return true;
    if (!save(next, error))
        return false;
    m_stored = std::move(next);
    forget(name);
    return true;
}

bool UserStore::save(const QMap<QString, User> &users, QString *error) const
{
    if (m_filePath.isEmpty())
        return true;
    QJsonArray list;
    for (const User &u : users)
        list.append(userToJson(u));
    const QByteArray bytes
        = QJsonDocument(QJsonObject{{QStringLiteral("version"), kFileVersion}, {QStringLiteral("users"), list}})
              .toJson(QJsonDocument::Indented);
    // QSaveFile writes a temporary file beside the target and renames it over
    // the old one only after everything reached it, so a crash or a full disk
    // leaves the previous file whole.
    QSaveFile file(m_filePath);
    const auto fail = [&](const QString &why) {
        file.cancelWriting();
        *error = QStringLiteral("cannot write the users file %1: %2").arg(m_filePath, why);
        qCWarning(lcUsers).noquote() << *error;
        return false;
    };
    // Unbuffered, and flushed by hand: Qt 6.4's QSaveFile notices a short
    // write (a full disk, a file size limit) only in write() itself, and
    // would otherwise rename a truncated file over the good one in commit().
    if (!file.open(QIODevice::WriteOnly | QIODevice::Unbuffered))
        return fail(file.errorString());
    // Hashes are not passwords, but they can be attacked offline: only the
    // owner reads them.
    if (!file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner))
        return fail(QStringLiteral("cannot restrict its permissions to the owner (%1)").arg(file.errorString()));
    if (file.write(bytes) != bytes.size() || !file.flush() || file.error() != QFileDevice::NoError)
        return fail(file.errorString().isEmpty() ? QStringLiteral("short write") : file.errorString());
    if (!file.commit()) {
        *error = QStringLiteral("cannot write the users file %1: %2").arg(m_filePath, file.errorString());
        qCWarning(lcUsers).noquote() << *error;
        return false;
    }
    return true;
}

QByteArray UserStore::cacheKey(const QString &name, const QString &password) const
{
    const QByteArray n = name.toUtf8();
    QByteArray length(4, Qt::Uninitialized);
    qToBigEndian(quint32(n.size()), length.data());
    QCryptographicHash digest(QCryptographicHash::Sha256);
    digest.addData(m_cacheSalt);
    digest.addData(length);
    digest.addData(n);
    digest.addData(password.toUtf8());
    return digest.result();
}

void UserStore::forget(const QString &name)
{
    // A check running now was against what the users were before.
    ++m_generation;
    m_verified.remove(name);
    // Keys do not say whose they are; a change to anyone drops them all,
    // which costs at most one slow verification per client.
    m_refused.clear();
}

const PasswordHash &UserStore::decoy() const
{
    // An unknown name costs what a known one does, so the time a refusal
    // takes does not tell which names exist.
    if (!m_decoy)
        m_decoy = decoyHash();
    return *m_decoy;
}

void UserStore::remember(const QString &name, const QByteArray &key, bool verified) const
{
    if (verified) {
        m_verified.insert(name, key);
        return;
    }
    if (m_refused.size() >= kMaxRefusedKeys)
        m_refused.clear();
    m_refused.insert(key);
}

std::optional<User> UserStore::authenticate(const QString &name, const QString &password) const
{
    const std::optional<User> found = user(name);
    const QByteArray key = cacheKey(name, password);
    if (found) {
        const auto verified = m_verified.constFind(name);
        if (verified != m_verified.constEnd() && constantTimeEquals(*verified, key))
            return found;
    }
    if (m_refused.contains(key))
        return std::nullopt;

    ++m_slowVerifications;
    const bool ok = verifyPassword(found ? found->password : decoy(), password) && found;
    remember(name, key, ok);
    return ok ? found : std::nullopt;
}

void UserStore::authenticate(const QString &name, const QString &password, const QString &source, QObject *receiver,
                             AuthDone done)
{
    const std::optional<User> found = user(name);
    const QByteArray key = cacheKey(name, password);
    if (found) {
        const auto verified = m_verified.constFind(name);
        if (verified != m_verified.constEnd() && constantTimeEquals(*verified, key)) {
            done(found);
            return;
        }
    }
    if (m_refused.contains(key)) {
        done(std::nullopt);
        return;
    }
    const PasswordHash hash = found ? found->password : decoy();
    if (!m_verifier || !isCostly(hash)) {
        done(authenticate(name, password));
        return;
    }
    const auto waiting = m_inFlight.find(key);
    if (waiting != m_inFlight.end()) {
        waiting->push_back(Waiter{receiver, std::move(done)});
        return;
    }
    const quint64 generation = m_generation;
    const bool known = found.has_value();
    const bool queued = m_verifier->verify(hash, password, source,
        [this, key, name, password, source, generation, known](bool matches) {
            onVerified(key, name, password, source, generation, known && matches);
        });
    if (!queued) {
        qCWarning(lcUsers, "login of '%s' from %s refused: %d password checks from there are already waiting",
                  qPrintable(name), qPrintable(source), PasswordVerifier::MaxPendingPerSource);
        done(std::nullopt);
        return;
    }
    ++m_slowVerifications;
    m_inFlight[key].push_back(Waiter{receiver, std::move(done)});
}

void UserStore::onVerified(const QByteArray &key, const QString &name, const QString &password, const QString &source,
                           quint64 generation, bool ok)
{
    const std::vector<Waiter> waiters = m_inFlight.take(key);
    if (generation != m_generation) {
        // A user was changed while this ran: the answer is about what they
        // were. Ask again about what they are now.
        for (const Waiter &w : waiters) {
            if (w.receiver)
                authenticate(name, password, source, w.receiver, w.done);
        }
        return;
    }
    remember(name, key, ok);
    const std::optional<User> result = ok ? user(name) : std::nullopt;
    for (const Waiter &w : waiters) {
        // A client gone while its password was checked is not answered.
        if (w.receiver)
            w.done(result);
    }
}

} // namespace depot::auth
