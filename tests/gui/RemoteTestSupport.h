#pragma once

// What the tests against the real RabbitMQ share: the broker the CTest
// fixture `rabbitmq` started (its ports in the JSON file named by
// DEPOT_RABBITMQ_STATE; none when the fixture did not run) and unique names
// for what each test declares on it.

#include "GuiTestSupport.h"
#include "ui/remote/RemoteProfile.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>
#include <QTest>
#include <QUuid>
#include <optional>

namespace depot::test {

struct Rabbit
{
    quint16 amqpPort = 0;
    QString managementUrl;
    QString user;
    QString password;
};

inline std::optional<Rabbit> rabbit()
{
    QFile file(qEnvironmentVariable("DEPOT_RABBITMQ_STATE"));
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    const QJsonObject o = QJsonDocument::fromJson(file.readAll()).object();
    return Rabbit{quint16(o.value(QLatin1String("amqp_port")).toInt()),
        o.value(QLatin1String("management_url")).toString(), o.value(QLatin1String("user")).toString(),
        o.value(QLatin1String("password")).toString()};
}

// A profile named `name` for that broker (the password is given on opening).
inline ui::remote::RemoteProfile profileOf(const Rabbit &rabbit, const QString &name)
{
    ui::remote::RemoteProfile p;
    p.name = name;
    p.managementUrl = QUrl(rabbit.managementUrl);
    p.amqpUrl = QUrl(QStringLiteral("amqp://127.0.0.1:%1").arg(rabbit.amqpPort));
    p.user = rabbit.user;
    return p;
}

inline QString uniqueName(const QString &prefix)
{
    return prefix + u'-' + QUuid::createUuid().toString(QUuid::Id128).left(6);
}

// The window fixture of the tests against that broker.
class RemoteWindowFixture : public WindowFixture
{
protected:
    enum class Keychain { Off, SessionOwn };
    // prepareApplication(application) with the keychain off (a test never
    // writes to the user's keychain; SessionOwn only under
    // tests/keychain/run_in_keyring.sh, a throwaway keyring) and the
    // fixture's broker in m_rabbit; false, with the test failed, when the
    // fixture did not run.
    [[nodiscard]] bool prepareRemote(const QString &application, Keychain keychain = Keychain::Off)
    {
        if (keychain == Keychain::Off) {
            qputenv("DEPOT_KEYCHAIN", "off");
        } else if (qEnvironmentVariableIsEmpty("DEPOT_TEST_KEYRING")) {
            QTest::qFail("no throwaway keyring: run through ctest (tests/keychain/run_in_keyring.sh)", __FILE__,
                __LINE__);
            return false;
        } else {
            qunsetenv("DEPOT_KEYCHAIN");
        }
        prepareApplication(application);
        const std::optional<Rabbit> found = rabbit();
        if (!found) {
            QTest::qFail("no private RabbitMQ: run through ctest (fixture rabbitmq, DEPOT_RABBITMQ_STATE)", __FILE__,
                         __LINE__);
            return false;
        }
        m_rabbit = *found;
        return true;
    }

    Rabbit m_rabbit;
};

} // namespace depot::test
