#include "broker/auth/PasswordHash.h"

#include <QCryptographicHash>
#include <QPasswordDigestor>
#include <QRandomGenerator>
#include <QtEndian>
#include <optional>

namespace depot::auth {

namespace {

constexpr qsizetype kPbkdf2SaltBytes = 16;
constexpr qsizetype kPbkdf2KeyBytes = 32;
constexpr qsizetype kRabbitSaltBytes = 4;

QByteArray randomBytes(qsizetype count)
{
    QByteArray bytes(count, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(bytes.data()), count / 4);
    return bytes;
}

std::optional<QByteArray> decodeBase64(const QString &text)
{
    const auto decoded = QByteArray::fromBase64Encoding(text.toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return std::nullopt;
    return decoded.decoded;
}

QCryptographicHash::Algorithm rabbitDigest(const QString &algorithm)
{
    return algorithm == RabbitSha512 ? QCryptographicHash::Sha512 : QCryptographicHash::Sha256;
}

QByteArray rabbitDigestOf(const QString &algorithm, QByteArrayView salt, const QString &password)
{
    QCryptographicHash digest(rabbitDigest(algorithm));
    digest.addData(salt);
    digest.addData(password.toUtf8());
    return digest.result();
}

struct Pbkdf2Parts
{
    quint32 iterations = 0;
    QByteArray salt;
    QByteArray key;
};

std::optional<Pbkdf2Parts> splitPbkdf2(const QByteArray &raw)
{
    if (raw.size() != 4 + kPbkdf2SaltBytes + kPbkdf2KeyBytes)
        return std::nullopt;
    Pbkdf2Parts parts;
    parts.iterations = qFromBigEndian<quint32>(raw.constData());
    parts.salt = raw.mid(4, kPbkdf2SaltBytes);
    parts.key = raw.mid(4 + kPbkdf2SaltBytes);
    return parts;
}

} // namespace

bool constantTimeEquals(QByteArrayView a, QByteArrayView b)
{
    if (a.size() != b.size())
        return false;
    unsigned char diff = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    return diff == 0;
}

PasswordHash hashPassword(const QString &password, quint32 iterations)
{
    const QByteArray salt = randomBytes(kPbkdf2SaltBytes);
    const QByteArray key = QPasswordDigestor::deriveKeyPbkdf2(
        QCryptographicHash::Sha256, password.toUtf8(), salt, int(iterations), kPbkdf2KeyBytes);
    QByteArray raw(4, Qt::Uninitialized);
    qToBigEndian(iterations, raw.data());
    raw += salt;
    raw += key;
    return {DepotPbkdf2Sha256, QString::fromLatin1(raw.toBase64())};
}

PasswordHash decoyHash(quint32 iterations)
{
    QByteArray raw(4, Qt::Uninitialized);
    qToBigEndian(iterations, raw.data());
    raw += randomBytes(kPbkdf2SaltBytes);
    raw += randomBytes(kPbkdf2KeyBytes);
    return {DepotPbkdf2Sha256, QString::fromLatin1(raw.toBase64())};
}

bool isCostly(const PasswordHash &hash)
{
    return hash.algorithm == DepotPbkdf2Sha256 && !hash.hash.isEmpty() && checkHash(hash, nullptr);
}

PasswordHash rabbitHash(const QString &password, QLatin1StringView algorithm)
{
    const QByteArray salt = randomBytes(kRabbitSaltBytes);
    const QString name = algorithm == RabbitSha512 ? QString(RabbitSha512) : QString(RabbitSha256);
    const QByteArray raw = salt + rabbitDigestOf(name, salt, password);
    return {name, QString::fromLatin1(raw.toBase64())};
}

QString knownAlgorithms()
{
    return QStringLiteral("%1, %2 or %3").arg(DepotPbkdf2Sha256, RabbitSha256, RabbitSha512);
}

bool checkHash(const PasswordHash &hash, QString *error)
{
    const auto fail = [&](const QString &why) {
        if (error)
            *error = why;
        return false;
    };
    const bool pbkdf2 = hash.algorithm == DepotPbkdf2Sha256;
    const bool rabbit = hash.algorithm == RabbitSha256 || hash.algorithm == RabbitSha512;
    if (!pbkdf2 && !rabbit)
        return fail(
            QStringLiteral("unknown hashing_algorithm '%1' (Depot knows %2)").arg(hash.algorithm, knownAlgorithms()));
    if (hash.hash.isEmpty())
        return true;
    const auto raw = decodeBase64(hash.hash);
    if (!raw)
        return fail(QStringLiteral("password_hash is not valid base64"));
    if (rabbit) {
        const qsizetype digestBytes = QCryptographicHash::hashLength(rabbitDigest(hash.algorithm));
        if (raw->size() != kRabbitSaltBytes + digestBytes)
            return fail(QStringLiteral("a %1 password_hash holds %2 bytes (4 of salt, %3 of digest), not %4")
                            .arg(hash.algorithm)
                            .arg(kRabbitSaltBytes + digestBytes)
                            .arg(digestBytes)
                            .arg(raw->size()));
        return true;
    }
    const auto parts = splitPbkdf2(*raw);
    if (!parts)
        return fail(QStringLiteral("a %1 password_hash holds %2 bytes, not %3")
                        .arg(hash.algorithm)
                        .arg(4 + kPbkdf2SaltBytes + kPbkdf2KeyBytes)
                        .arg(raw->size()));
    if (parts->iterations < MinPbkdf2Iterations || parts->iterations > MaxPbkdf2Iterations)
        return fail(QStringLiteral("a %1 password_hash with %2 iterations is outside %3..%4")
                        .arg(hash.algorithm)
                        .arg(parts->iterations)
                        .arg(MinPbkdf2Iterations)
                        .arg(MaxPbkdf2Iterations));
    return true;
}

bool verifyPassword(const PasswordHash &hash, const QString &password)
{
    if (hash.hash.isEmpty() || !checkHash(hash, nullptr))
        return false;
    const QByteArray raw = *decodeBase64(hash.hash);
    if (hash.algorithm == DepotPbkdf2Sha256) {
        const Pbkdf2Parts parts = *splitPbkdf2(raw);
        const QByteArray key = QPasswordDigestor::deriveKeyPbkdf2(
            QCryptographicHash::Sha256, password.toUtf8(), parts.salt, int(parts.iterations), kPbkdf2KeyBytes);
        return constantTimeEquals(key, parts.key);
    }
    const QByteArray salt = raw.left(kRabbitSaltBytes);
    return constantTimeEquals(rabbitDigestOf(hash.algorithm, salt, password), raw.sliced(kRabbitSaltBytes));
}

} // namespace depot::auth
