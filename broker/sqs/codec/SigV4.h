#pragma once

// AWS Signature Version 4, checked the way AWS checks a request's
// Authorization header: the canonical request (method, path, sorted query,
// the signed headers, the payload's SHA-256), the string to sign with the
// credential scope, and the HMAC chain from the secret key. Depot asks for it
// only when the SQS listener is bound beyond loopback; the access key id is
// a Depot account's name and the secret its password.

#include "broker/sqs/codec/HttpFraming.h"
#include "broker/sqs/codec/SqsProtocol.h"

#include <QString>
#include <functional>
#include <optional>

namespace depot::sqs {

// The secret key of an access key id, or nullopt for an unknown one.
using SecretLookup = std::function<std::optional<QString>(const QString &accessKey)>;

// Nullopt when the request carries a valid signature made with a known key;
// else MissingAuthenticationToken (no signature), InvalidClientTokenId
// (unknown key) or SignatureDoesNotMatch (wrong, malformed or more than 15
// minutes away from `nowMs`).
std::optional<SqsError> verifySigV4(const HttpRequest &request, const SecretLookup &secretFor, qint64 nowMs);

// The signature itself (lower-case hex), for tests and for a client.
QByteArray sigV4Signature(const HttpRequest &request, const QList<QByteArray> &signedHeaders, const QString &secret,
    const QByteArray &amzDate, const QString &region, const QString &service);

} // namespace depot::sqs
