#include "broker/http/HttpAuth.h"

#include "broker/auth/UserStore.h"

namespace depot::http {

namespace {

HttpReply unauthorized(const QString &error, const QString &reason)
{
    HttpReply reply = HttpReply::error(401, error, reason);
    // Browsers and curl --anyauth need the challenge to offer credentials.
    reply.addHeader("WWW-Authenticate", "Basic realm=\"RabbitMQ Management\"");
    return reply;
}

} // namespace

HttpAuth::HttpAuth(const HttpApiOptions &options)
    : m_options(options)
{
}

HttpAuth::Outcome HttpAuth::check(const QByteArray &header, const QHostAddress &peer) const
{
    const QByteArray trimmed = header.trimmed();
    if (trimmed.isEmpty())
        return {{}, {}, unauthorized(QStringLiteral("not_authorized"), QStringLiteral("Not_Authorized"))};
    if (!trimmed.startsWith("Basic ") && !trimmed.startsWith("basic "))
        return {{}, {}, unauthorized(QStringLiteral("not_authorized"), QStringLiteral("Not_Authorized"))};
    const auto decoded
        = QByteArray::fromBase64Encoding(trimmed.mid(6).trimmed(), QByteArray::AbortOnBase64DecodingErrors);
    const qsizetype colon = decoded.decoded.indexOf(':');
    if (!decoded || colon < 0)
        return {{}, {}, unauthorized(QStringLiteral("not_authorized"), QStringLiteral("Not_Authorized"))};
    const QString name = QString::fromUtf8(decoded.decoded.left(colon));
    const QString password = QString::fromUtf8(decoded.decoded.mid(colon + 1));

    const std::optional<auth::User> user = m_options.users->authenticate(name, password);
    if (!user)
        return {{}, {}, unauthorized(QStringLiteral("not_authorised"), QStringLiteral("Login failed"))};
    if (!auth::mayLogInFrom(name, peer))
        return {{}, {},
            unauthorized(QStringLiteral("not_authorised"), QStringLiteral("User can only log in via localhost"))};
    if (!auth::isManagementUser(*user))
        return {{}, {}, unauthorized(QStringLiteral("not_authorised"), QStringLiteral("Not management user"))};
    return {name, user->tags, std::nullopt};
}

} // namespace depot::http
