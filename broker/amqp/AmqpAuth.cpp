#include "broker/amqp/AmqpAuth.h"

#include "broker/amqp/codec/FieldTable.h"
#include "broker/amqp/codec/Wire.h"
#include "broker/auth/UserStore.h"

#include <QtEndian>

namespace depot::amqp {

QByteArray supportedMechanisms()
{
    return QByteArrayLiteral("PLAIN AMQPLAIN");
}

std::optional<Credentials> parsePlainResponse(QByteArrayView response)
{
    const qsizetype first = response.indexOf('\0');
    if (first < 0)
        return std::nullopt;
    const qsizetype second = response.sliced(first + 1).indexOf('\0');
    if (second < 0)
        return std::nullopt;
    const QByteArrayView user = response.sliced(first + 1, second);
    const QByteArrayView password = response.sliced(first + 1 + second + 1);
    if (user.isEmpty() || !wire::isStrictUtf8(user) || !wire::isStrictUtf8(password))
        return std::nullopt;
    return Credentials{QString::fromUtf8(user), QString::fromUtf8(password)};
}

std::optional<Credentials> parseAmqplainResponse(QByteArrayView response)
{
    if (response.size() > 0xffff)
        return std::nullopt;
    QByteArray table;
    table.reserve(response.size() + 4);
    table.resize(4);
    qToBigEndian(quint32(response.size()), table.data());
    table.append(response.data(), response.size());
    const Decoded<QVariantMap> decoded = decodeFieldTable(table);
    if (!decoded.ok())
        return std::nullopt;
    const QVariant login = decoded.value().value(QStringLiteral("LOGIN"));
    const QVariant password = decoded.value().value(QStringLiteral("PASSWORD"));
    if (login.typeId() != QMetaType::QString || password.typeId() != QMetaType::QString)
        return std::nullopt;
    if (login.toString().isEmpty())
        return std::nullopt;
    return Credentials{login.toString(), password.toString()};
}

std::optional<Credentials> parseResponse(const QString &mechanism, QByteArrayView response)
{
    if (mechanism == QLatin1StringView("PLAIN"))
        return parsePlainResponse(response);
    if (mechanism == QLatin1StringView("AMQPLAIN"))
        return parseAmqplainResponse(response);
    return std::nullopt;
}

bool isLoopbackPeer(const QHostAddress &peer)
{
    return auth::isLoopbackPeer(peer);
}

LoginDecision decideLogin(const AmqpServerOptions &options, const Credentials &credentials, const QHostAddress &peer)
{
    const bool known = options.users
        ? options.users->authenticate(credentials.user, credentials.password).has_value()
        : credentials.user == options.user
            && auth::constantTimeEquals(credentials.password.toUtf8(), options.password.toUtf8());
    return decideLogin(known, credentials.user, peer);
}

LoginDecision decideLogin(bool passwordMatches, const QString &user, const QHostAddress &peer)
{
    if (!passwordMatches)
        return LoginDecision::WrongCredentials;
    if (!auth::mayLogInFrom(user, peer))
        return LoginDecision::LoopbackOnly;
    return LoginDecision::Accepted;
}

} // namespace depot::amqp
