#include "broker/sqs/codec/SigV4.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QMessageAuthenticationCode>
#include <QTimeZone>
#include <algorithm>

namespace depot::sqs {

namespace {

constexpr qint64 kMaxSkewMs = 15 * 60 * 1000;

QByteArray hmac(const QByteArray &key, const QByteArray &message)
{
    return QMessageAuthenticationCode::hash(message, key, QCryptographicHash::Sha256);
}

QByteArray sha256Hex(const QByteArray &bytes)
{
    return QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex();
}

// RFC 3986 unreserved characters stay, everything else is %XX (upper case).
QByteArray uriEncode(const QByteArray &bytes, bool keepSlash)
{
    QByteArray out;
    for (char c : bytes) {
        const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'
            || c == '_' || c == '.' || c == '~' || (keepSlash && c == '/');
        if (unreserved) {
            out += c;
        } else {
            static const char hex[] = "0123456789ABCDEF";
            out += '%';
            out += hex[(uchar(c) >> 4) & 0xf];
            out += hex[uchar(c) & 0xf];
        }
    }
    return out;
}

QByteArray canonicalQuery(const QByteArray &query)
{
    QList<QPair<QByteArray, QByteArray>> pairs;
    for (const QByteArray &part : query.split('&')) {
        if (part.isEmpty())
            continue;
        const qsizetype eq = part.indexOf('=');
        const QByteArray key = percentDecode(eq < 0 ? part : part.left(eq), true);
        const QByteArray value = eq < 0 ? QByteArray() : percentDecode(part.mid(eq + 1), true);
        if (key == "X-Amz-Signature")
            continue;
        pairs.append({uriEncode(key, false), uriEncode(value, false)});
    }
    std::sort(pairs.begin(), pairs.end());
    QByteArray out;
    for (const auto &p : pairs) {
        if (!out.isEmpty())
            out += '&';
        out += p.first + '=' + p.second;
    }
    return out;
}

QByteArray headerValues(const HttpRequest &request, const QByteArray &name)
{
    QList<QByteArray> values;
    for (const auto &h : request.headers) {
        if (h.first == name)
            values.append(h.second.simplified());
    }
    return values.join(',');
}

} // namespace

QByteArray sigV4Signature(const HttpRequest &request, const QList<QByteArray> &signedHeaders, const QString &secret,
    const QByteArray &amzDate, const QString &region, const QString &service)
{
    QByteArray canonical = request.method + '\n';
    const QByteArray path = request.path.isEmpty() ? QByteArray("/") : request.path;
    canonical += uriEncode(percentDecode(path, false), true) + '\n';
    canonical += canonicalQuery(request.query) + '\n';
    for (const QByteArray &name : signedHeaders)
        canonical += name + ':' + headerValues(request, name) + '\n';
    canonical += '\n' + signedHeaders.join(';') + '\n';
    const QByteArray payloadHash = request.header("x-amz-content-sha256");
    canonical += payloadHash.isEmpty() || payloadHash == "UNSIGNED-PAYLOAD" ? sha256Hex(request.body) : payloadHash;

    const QByteArray date = amzDate.left(8);
    const QByteArray scope = date + '/' + region.toUtf8() + '/' + service.toUtf8() + "/aws4_request";
    const QByteArray toSign = "AWS4-HMAC-SHA256\n" + amzDate + '\n' + scope + '\n' + sha256Hex(canonical);
    QByteArray key = hmac("AWS4" + secret.toUtf8(), date);
    key = hmac(key, region.toUtf8());
    key = hmac(key, service.toUtf8());
    key = hmac(key, "aws4_request");
    return hmac(key, toSign).toHex();
}

std::optional<SqsError> verifySigV4(const HttpRequest &request, const SecretLookup &secretFor, qint64 nowMs)
{
    const QByteArray authorization = request.header("authorization");
    if (authorization.isEmpty())
        return sqsError(ErrorCode::MissingAuthenticationToken);
    const auto mismatch = [](const QString &why) {
        return sqsError(ErrorCode::SignatureDoesNotMatch,
            QStringLiteral("The request signature we calculated does not match the signature you provided. %1")
                .arg(why));
    };
    if (!authorization.startsWith("AWS4-HMAC-SHA256 "))
        return sqsError(ErrorCode::MissingAuthenticationToken,
            QStringLiteral("Only AWS Signature Version 4 (AWS4-HMAC-SHA256) is accepted."));
    QByteArray credential;
    QByteArray signedHeaders;
    QByteArray signature;
    for (QByteArray part : authorization.mid(17).split(',')) {
        part = part.trimmed();
        if (part.startsWith("Credential="))
            credential = part.mid(11);
        else if (part.startsWith("SignedHeaders="))
            signedHeaders = part.mid(14);
        else if (part.startsWith("Signature="))
            signature = part.mid(10);
    }
    const QList<QByteArray> scope = credential.split('/');
    if (scope.size() != 5 || scope[4] != "aws4_request" || signedHeaders.isEmpty() || signature.isEmpty())
        return sqsError(ErrorCode::MissingAuthenticationToken,
            QStringLiteral("The Authorization header is not a complete AWS4-HMAC-SHA256 signature."));
    const QString accessKey = QString::fromUtf8(scope[0]);
    const std::optional<QString> secret = secretFor(accessKey);
    if (!secret)
        return sqsError(ErrorCode::InvalidClientTokenId);
    const QList<QByteArray> headers = signedHeaders.split(';');
    if (!headers.contains("host"))
        return mismatch(QStringLiteral("The host header must be signed."));
    QByteArray amzDate = request.header("x-amz-date");
    if (amzDate.isEmpty())
        return mismatch(QStringLiteral("The request has no X-Amz-Date."));
    const QDateTime when = QDateTime::fromString(QString::fromLatin1(amzDate), QStringLiteral("yyyyMMdd'T'HHmmss'Z'"));
    if (!when.isValid() || amzDate.left(8) != scope[1])
        return mismatch(QStringLiteral("X-Amz-Date does not match the credential scope."));
    QDateTime utc = when;
    utc.setTimeZone(QTimeZone::utc());
    if (std::abs(utc.toMSecsSinceEpoch() - nowMs) > kMaxSkewMs)
        return mismatch(
            QStringLiteral("Signature expired: the request's time is more than 15 minutes from the server's."));
    const QByteArray expected
        = sigV4Signature(request, headers, *secret, amzDate, QString::fromUtf8(scope[2]), QString::fromUtf8(scope[3]));
    // Compared in constant time.
    if (expected.size() != signature.size())
        return mismatch(QString());
    int difference = 0;
    for (qsizetype i = 0; i < expected.size(); ++i)
        difference |= expected[i] ^ signature[i];
    if (difference != 0)
        return mismatch(QString());
    return std::nullopt;
}

} // namespace depot::sqs
