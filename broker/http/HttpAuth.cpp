#include "broker/http/HttpAuth.h"

namespace depot::http {

namespace {

HttpReply unauthorized(const QString &error, const QString &reason)
{
    HttpReply reply = HttpReply::error(401, error, reason);
    // Browsers and curl --anyauth need the challenge to offer credentials.
    reply.addHeader("WWW-Authenticate", "Basic realm=\"RabbitMQ Management\"");
    return reply;
}

// Length-independent comparison so the time a refusal takes does not tell
// how much of the password was right.
bool sameBytes(const QByteArray &a, const QByteArray &b)
{
    unsigned char diff = a.size() == b.size() ? 0 : 1;
    for (qsizetype i = 0; i < a.size(); ++i)
        diff |= static_cast<unsigned char>(a[i] ^ b[i % qMax<qsizetype>(1, b.size())]);
    return diff == 0 && !b.isEmpty();
}

} // namespace

HttpAuth::HttpAuth(QString user, QString password)
    : m_user(std::move(user))
    , m_password(std::move(password))
{
}

HttpAuth::Outcome HttpAuth::check(const QByteArray &header) const
{
    const QByteArray trimmed = header.trimmed();
    if (trimmed.isEmpty())
        return {{}, unauthorized(QStringLiteral("not_authorized"), QStringLiteral("Not_Authorized"))};
    if (!trimmed.startsWith("Basic ") && !trimmed.startsWith("basic "))
        return {{}, unauthorized(QStringLiteral("not_authorized"), QStringLiteral("Not_Authorized"))};
    const auto decoded = QByteArray::fromBase64Encoding(trimmed.mid(6).trimmed(),
                                                        QByteArray::AbortOnBase64DecodingErrors);
    const qsizetype colon = decoded.decoded.indexOf(':');
    if (!decoded || colon < 0)
        return {{}, unauthorized(QStringLiteral("not_authorized"), QStringLiteral("Not_Authorized"))};
    const QString user = QString::fromUtf8(decoded.decoded.left(colon));
    const QByteArray password = decoded.decoded.mid(colon + 1);
    const bool userOk = user == m_user;
    const bool passwordOk = sameBytes(password, m_password.toUtf8());
    if (!userOk || !passwordOk)
        return {{}, unauthorized(QStringLiteral("not_authorised"), QStringLiteral("Login failed"))};
    return {user, std::nullopt};
}

} // namespace depot::http
