#pragma once

// PasswordHash: a stored password as RabbitMQ's management API and
// definitions files carry it — an algorithm name and a base64 hash — and the
// functions that make and check one. Pure functions, so every format is
// tested without a broker.
//
// Algorithms:
//   depot_pbkdf2_sha256             Depot's own default: PBKDF2-HMAC-SHA256,
//                                   base64(iterations u32 BE | salt 16 | key 32)
//   rabbit_password_hashing_sha256  RabbitMQ's default:
//                                   base64(salt 4 | SHA-256(salt | password))
//   rabbit_password_hashing_sha512  the same with SHA-512
// An empty hash is valid with any algorithm and matches no password: the
// account exists but cannot log in with a password (as in RabbitMQ).

#include <QByteArrayView>
#include <QString>

namespace depot::auth {

inline constexpr QLatin1StringView DepotPbkdf2Sha256{"depot_pbkdf2_sha256"};
inline constexpr QLatin1StringView RabbitSha256{"rabbit_password_hashing_sha256"};
inline constexpr QLatin1StringView RabbitSha512{"rabbit_password_hashing_sha512"};

// Iterations for new Depot hashes. Qt's PBKDF2 costs about 5 µs per iteration
// on the 2-core reference machine; a verification runs on the
// PasswordVerifier's worker thread, not the broker's, but one worker checks
// one password at a time, so this is what each uncached login waits for there.
inline constexpr quint32 DefaultPbkdf2Iterations = 20000;
// Bounds accepted when reading a hash: below is too weak to call a KDF,
// above would hold the verifier for seconds per login.
inline constexpr quint32 MinPbkdf2Iterations = 1000;
inline constexpr quint32 MaxPbkdf2Iterations = 1000000;

struct PasswordHash
{
    QString algorithm;
    QString hash; // base64 text; empty: no password login

    bool operator==(const PasswordHash &) const = default;
};

// A new Depot hash with a fresh random salt from the system generator.
PasswordHash hashPassword(const QString &password, quint32 iterations = DefaultPbkdf2Iterations);
// RabbitMQ's salted SHA-256 (or SHA-512) with a fresh 4-byte salt; cheap, for
// accounts held only in memory and for tests.
PasswordHash rabbitHash(const QString &password, QLatin1StringView algorithm = RabbitSha256);

// The algorithm names Depot accepts, for error messages.
QString knownAlgorithms();
// True when `hash` is well-formed for its algorithm; otherwise *error says
// what is wrong in one sentence.
bool checkHash(const PasswordHash &hash, QString *error);
// True when `password` matches. A malformed hash matches nothing. The final
// comparison takes the same time wherever the bytes differ.
bool verifyPassword(const PasswordHash &hash, const QString &password);

// True when verifying against `hash` runs the KDF (a well-formed, non-empty
// depot_pbkdf2_sha256 hash): worth a worker thread. RabbitMQ's salted
// digests cost one SHA-256 and are checked where they are asked for.
bool isCostly(const PasswordHash &hash);
// A depot_pbkdf2_sha256 hash with `iterations` that no password matches (a
// random key, not derived from anything), made without running the KDF:
// checking a password against it costs what checking a real one does.
PasswordHash decoyHash(quint32 iterations = DefaultPbkdf2Iterations);

// Compares in time that depends only on the lengths, not on where the bytes
// first differ.
bool constantTimeEquals(QByteArrayView a, QByteArrayView b);

} // namespace depot::auth
