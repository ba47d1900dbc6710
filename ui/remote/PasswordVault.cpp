#include "ui/remote/PasswordVault.h"

#include <QCoreApplication>
#include <QPointer>

#if DEPOT_HAVE_KEYCHAIN
#include <qt6keychain/keychain.h>
#endif

namespace depot::ui::remote {

namespace {

constexpr auto Service = "Depot remote brokers";

// The context of this file's window strings.
struct PasswordVaultText
{
    Q_DECLARE_TR_FUNCTIONS(depot::ui::remote::PasswordVault)
};

bool switchedOff()
{
    return qEnvironmentVariable("DEPOT_KEYCHAIN") == u"off";
}

} // namespace

bool PasswordVault::compiledIn()
{
#if DEPOT_HAVE_KEYCHAIN
    return !switchedOff();
#else
    return false;
#endif
}

void PasswordVault::read(QObject *context, const QString &profileId,
    std::function<void(std::optional<QString>, QString)> done)
{
    if (!compiledIn()) {
        QMetaObject::invokeMethod(
            context, [done] { done(std::nullopt, PasswordVaultText::tr("no keychain is available")); }, Qt::QueuedConnection);
        return;
    }
#if DEPOT_HAVE_KEYCHAIN
    auto *job = new QKeychain::ReadPasswordJob(QLatin1String(Service));
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(profileId);
    QObject::connect(job, &QKeychain::Job::finished, context, [job, done](QKeychain::Job *) {
        if (job->error() == QKeychain::NoError)
            done(job->textData(), {});
        else if (job->error() == QKeychain::EntryNotFound)
            done(std::nullopt, PasswordVaultText::tr("no password is saved"));
        else
            done(std::nullopt, PasswordVaultText::tr("the keychain did not answer: %1").arg(job->errorString()));
    });
    job->start();
#endif
}

void PasswordVault::write(QObject *context, const QString &profileId, const QString &password,
    std::function<void(bool, QString)> done)
{
    if (!compiledIn()) {
        QMetaObject::invokeMethod(
            context, [done] { done(false, PasswordVaultText::tr("no keychain is available")); }, Qt::QueuedConnection);
        return;
    }
#if DEPOT_HAVE_KEYCHAIN
    auto *job = new QKeychain::WritePasswordJob(QLatin1String(Service));
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(profileId);
    job->setTextData(password);
    QObject::connect(job, &QKeychain::Job::finished, context, [job, done](QKeychain::Job *) {
        if (job->error() == QKeychain::NoError)
            done(true, {});
        else
            done(false, PasswordVaultText::tr("the keychain did not keep it: %1").arg(job->errorString()));
    });
    job->start();
#else
    Q_UNUSED(profileId);
    Q_UNUSED(password);
#endif
}

void PasswordVault::remove(const QString &profileId)
{
    if (!compiledIn())
        return;
#if DEPOT_HAVE_KEYCHAIN
    auto *job = new QKeychain::DeletePasswordJob(QLatin1String(Service));
    job->setAutoDelete(true);
    job->setKey(profileId);
    job->start();
#else
    Q_UNUSED(profileId);
#endif
}

} // namespace depot::ui::remote
