#include "broker/net/OriginPolicy.h"

#include <QHostInfo>
#include <QNetworkInterface>
#include <QUrl>

namespace depot::net {

namespace {

bool isAnyAddress(const QHostAddress &a)
{
    return a == QHostAddress(QHostAddress::Any) || a == QHostAddress(QHostAddress::AnyIPv4)
        || a == QHostAddress(QHostAddress::AnyIPv6);
}

// The name part of a Host header value, lower case, without the port, the
// brackets of an IPv6 literal or one trailing dot; nullopt when it is not a
// host[:port] at all.
std::optional<QString> hostPart(QByteArrayView header)
{
    QString text = QString::fromLatin1(header).trimmed().toLower();
    QString name;
    QString port;
    if (text.startsWith(QLatin1Char('['))) {
        const qsizetype close = text.indexOf(QLatin1Char(']'));
        if (close < 0)
            return std::nullopt;
        name = text.mid(1, close - 1);
        const QString rest = text.mid(close + 1);
        if (!rest.isEmpty()) {
            if (!rest.startsWith(QLatin1Char(':')))
                return std::nullopt;
            port = rest.mid(1);
        }
    } else {
        const qsizetype colon = text.indexOf(QLatin1Char(':'));
        if (colon >= 0) {
            if (text.indexOf(QLatin1Char(':'), colon + 1) >= 0)
                return std::nullopt; // an IPv6 literal must be bracketed
            port = text.mid(colon + 1);
            name = text.left(colon);
        } else {
            name = text;
        }
    }
    if (!port.isEmpty()) {
        bool ok = false;
        const uint p = port.toUInt(&ok);
        if (!ok || p > 65535)
            return std::nullopt;
    }
    if (name.endsWith(QLatin1Char('.')))
        name.chop(1);
    if (name.isEmpty())
        return std::nullopt;
    return name;
}

QString addressName(const QHostAddress &a)
{
    QHostAddress plain(a);
    plain.setScopeId(QString());
    return plain.toString().toLower();
}

} // namespace

OriginPolicy::OriginPolicy(OriginPolicyOptions options)
    : m_options(std::move(options))
{
    m_hostNames << QStringLiteral("localhost") << QStringLiteral("127.0.0.1") << QStringLiteral("::1");
    const QHostAddress &bind = m_options.bindAddress;
    if (!bind.isNull() && !isAnyAddress(bind))
        m_hostNames << addressName(bind);
    if (!bind.isNull() && !bind.isLoopback()) {
        // Bound beyond loopback: clients on the network address the machine
        // by its names and addresses.
        const QString host = QHostInfo::localHostName().toLower();
        if (!host.isEmpty()) {
            m_hostNames << host;
            const QString domain = QHostInfo::localDomainName().toLower();
            if (!domain.isEmpty())
                m_hostNames << host + QLatin1Char('.') + domain;
        }
        if (isAnyAddress(bind)) {
            const QList<QHostAddress> all = QNetworkInterface::allAddresses();
            for (const QHostAddress &a : all)
                m_hostNames << addressName(a);
        }
    }
    for (const QString &h : std::as_const(m_options.allowedHosts))
        m_hostNames << h.toLower();
    m_hostNames.removeDuplicates();
}

bool OriginPolicy::allowedHostName(const QString &host) const
{
    return m_hostNames.contains(host);
}

QString OriginPolicy::hostRefusal(QByteArrayView host) const
{
    if (host.trimmed().isEmpty())
        return {};
    const std::optional<QString> name = hostPart(host);
    if (!name)
        return QStringLiteral("the Host header '%1' is not a host name").arg(QString::fromLatin1(host));
    if (allowedHostName(*name))
        return {};
    return QStringLiteral("requests for host '%1' are not answered (a web page may have made that name point "
                          "at this machine); use 127.0.0.1 or localhost, or start depot with --allowed-host %1")
        .arg(*name);
}

QString OriginPolicy::originRefusal(QByteArrayView origin, QByteArrayView referer) const
{
    QString header = QStringLiteral("Origin");
    QString value = QString::fromLatin1(origin).trimmed();
    if (value.isEmpty()) {
        const QString ref = QString::fromLatin1(referer).trimmed();
        if (ref.isEmpty())
            return {}; // a program, not a page
        header = QStringLiteral("Referer");
        const QUrl url(ref);
        value = url.isValid() && !url.host().isEmpty()
            ? url.adjusted(QUrl::RemovePath | QUrl::RemoveQuery | QUrl::RemoveFragment | QUrl::RemoveUserInfo)
                  .toString()
            : ref;
    }
    QString ignored;
    const std::optional<QString> normal = normaliseOrigin(value, &ignored);
    if (normal && m_options.allowedOrigins.contains(*normal))
        return {};
    return QStringLiteral("a cross-site request (%1 %2) may not change anything; start depot with "
                          "--allowed-origin %3 to allow a page there")
        .arg(header, value, normal.value_or(value));
}

QByteArray OriginPolicy::corsOrigin(QByteArrayView origin) const
{
    if (origin.isEmpty() || m_options.allowedOrigins.isEmpty())
        return {};
    QString ignored;
    const std::optional<QString> normal = normaliseOrigin(QString::fromLatin1(origin).trimmed(), &ignored);
    if (!normal || !m_options.allowedOrigins.contains(*normal))
        return {};
    return origin.trimmed().toByteArray();
}

std::optional<QString> OriginPolicy::normaliseOrigin(const QString &text, QString *error)
{
    const QUrl url(text, QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || (scheme != QLatin1String("http") && scheme != QLatin1String("https"))) {
        *error = QStringLiteral("'%1' is not an http:// or https:// origin").arg(text);
        return std::nullopt;
    }
    if (url.host().isEmpty()) {
        *error = QStringLiteral("'%1' names no host").arg(text);
        return std::nullopt;
    }
    if ((!url.path().isEmpty() && url.path() != QLatin1String("/")) || url.hasQuery() || url.hasFragment()
        || !url.userInfo().isEmpty()) {
        *error = QStringLiteral("'%1' is more than an origin (scheme://host[:port], nothing after it)").arg(text);
        return std::nullopt;
    }
    const int defaultPort = scheme == QLatin1String("https") ? 443 : 80;
    QString host = url.host(QUrl::FullyEncoded).toLower();
    if (host.contains(QLatin1Char(':')))
        host = QLatin1Char('[') + host + QLatin1Char(']');
    QString out = scheme + QStringLiteral("://") + host;
    if (url.port() != -1 && url.port() != defaultPort)
        out += QLatin1Char(':') + QString::number(url.port());
    return out;
}

std::optional<QString> OriginPolicy::normaliseHost(const QString &name, QString *error)
{
    const QString trimmed = name.trimmed();
    if (QHostAddress address; address.setAddress(trimmed))
        return addressName(address);
    if (trimmed.contains(QStringLiteral("://")) || trimmed.contains(QLatin1Char('/'))) {
        *error = QStringLiteral("'%1' is not a host name (give the name alone, as in depot.test)").arg(name);
        return std::nullopt;
    }
    const std::optional<QString> part = hostPart(trimmed.toLatin1());
    if (!part || trimmed.isEmpty() || trimmed.contains(QLatin1Char(' '))) {
        *error = QStringLiteral("'%1' is not a host name").arg(name);
        return std::nullopt;
    }
    if (trimmed.endsWith(QLatin1Char(']')) || !trimmed.contains(QLatin1Char(':')))
        return *part;
    *error = QStringLiteral("'%1' has a port; give the name alone (every port of it is allowed)").arg(name);
    return std::nullopt;
}

} // namespace depot::net
