#include "ui/remote/RemoteProfile.h"

#include <QCoreApplication>
#include <QSettings>
#include <QUuid>

#include <memory>

namespace depot::ui::remote {

namespace {

// The context of this file's window strings.
struct RemoteProfileText
{
    Q_DECLARE_TR_FUNCTIONS(depot::ui::remote::RemoteProfile)
};

constexpr auto Group = "remotes";

// The store's QSettings, or the application's for the length of one call.
class Settings
{
public:
    explicit Settings(QSettings *given)
        : m_own(given ? nullptr : std::make_unique<QSettings>())
        , m_settings(given ? given : m_own.get())
    {
    }
    QSettings *get() const { return m_settings; }

private:
    std::unique_ptr<QSettings> m_own;
    QSettings *m_settings;
};

} // namespace

QString RemoteProfile::problem() const
{
    const QString scheme = managementUrl.scheme();
    if (!managementUrl.isValid() || managementUrl.host().isEmpty() || (scheme != u"http" && scheme != u"https"))
        return RemoteProfileText::tr("The management URL must be http:// or https:// with a host, e.g. http://rabbit.example:15672");
    if (!amqpUrl.isEmpty()) {
        const QString amqp = amqpUrl.scheme();
        if (!amqpUrl.isValid() || amqpUrl.host().isEmpty() || (amqp != u"amqp" && amqp != u"amqps"))
            return RemoteProfileText::tr("The AMQP URL must be amqp:// or amqps:// with a host, e.g. amqps://rabbit.example:5671");
    }
    if (user.isEmpty())
        return RemoteProfileText::tr("A user name is needed");
    if (trust == TrustMode::CaFile && caFile.isEmpty())
        return RemoteProfileText::tr("Choose the CA file that signed the broker's certificate");
    if (clientCertificate.isEmpty() != clientKey.isEmpty())
        return RemoteProfileText::tr("A client certificate needs its key, and a key its certificate");
    return {};
}

QUrl RemoteProfile::apiUrl(const QString &path) const
{
    QUrl url = managementUrl;
    QString base = url.path(QUrl::FullyEncoded);
    while (base.endsWith(u'/'))
        base.chop(1);
    // `path` is already percent-encoded where it names a vhost.
    const qsizetype query = path.indexOf(u'?');
    url.setPath(base + path.left(query), QUrl::TolerantMode);
    if (query >= 0)
        url.setQuery(path.mid(query + 1));
    url.setUserInfo({});
    return url;
}

RemoteProfileStore::RemoteProfileStore(QSettings *settings)
    : m_settings(settings)
{
}

QList<RemoteProfile> RemoteProfileStore::profiles() const
{
    const Settings settings(m_settings);
    QSettings *s = settings.get();
    QList<RemoteProfile> list;
    s->beginGroup(QLatin1String(Group));
    for (const QString &id : s->childGroups()) {
        s->beginGroup(id);
        RemoteProfile p;
        p.id = id;
        p.name = s->value(QStringLiteral("name")).toString();
        p.managementUrl = QUrl(s->value(QStringLiteral("managementUrl")).toString());
        p.amqpUrl = QUrl(s->value(QStringLiteral("amqpUrl")).toString());
        p.user = s->value(QStringLiteral("user")).toString();
        p.vhost = s->value(QStringLiteral("vhost"), QStringLiteral("/")).toString();
        p.trust = s->value(QStringLiteral("trust")).toString() == u"caFile" ? RemoteProfile::TrustMode::CaFile
                                                                            : RemoteProfile::TrustMode::SystemCas;
        p.caFile = s->value(QStringLiteral("caFile")).toString();
        p.clientCertificate = s->value(QStringLiteral("clientCertificate")).toString();
        p.clientKey = s->value(QStringLiteral("clientKey")).toString();
        p.acceptedFingerprint = s->value(QStringLiteral("acceptedFingerprint")).toString();
        s->endGroup();
        list.append(p);
    }
    s->endGroup();
    std::sort(list.begin(), list.end(),
        [](const RemoteProfile &a, const RemoteProfile &b) { return a.name.localeAwareCompare(b.name) < 0; });
    return list;
}

RemoteProfile RemoteProfileStore::save(RemoteProfile p)
{
    const Settings settings(m_settings);
    QSettings *s = settings.get();
    if (p.id.isEmpty())
        p.id = QUuid::createUuid().toString(QUuid::Id128);
    s->beginGroup(QLatin1String(Group));
    s->remove(p.id);
    s->beginGroup(p.id);
    s->setValue(QStringLiteral("name"), p.name);
    s->setValue(QStringLiteral("managementUrl"), p.managementUrl.toString(QUrl::RemoveUserInfo));
    s->setValue(QStringLiteral("amqpUrl"), p.amqpUrl.toString(QUrl::RemoveUserInfo));
    s->setValue(QStringLiteral("user"), p.user);
    s->setValue(QStringLiteral("vhost"), p.vhost);
    s->setValue(QStringLiteral("trust"),
        p.trust == RemoteProfile::TrustMode::CaFile ? QStringLiteral("caFile") : QStringLiteral("system"));
    s->setValue(QStringLiteral("caFile"), p.caFile);
    s->setValue(QStringLiteral("clientCertificate"), p.clientCertificate);
    s->setValue(QStringLiteral("clientKey"), p.clientKey);
    s->setValue(QStringLiteral("acceptedFingerprint"), p.acceptedFingerprint);
    s->endGroup();
    s->endGroup();
    s->sync();
    return p;
}

void RemoteProfileStore::remove(const QString &id)
{
    const Settings settings(m_settings);
    QSettings *s = settings.get();
    s->beginGroup(QLatin1String(Group));
    s->remove(id);
    s->endGroup();
}

} // namespace depot::ui::remote
