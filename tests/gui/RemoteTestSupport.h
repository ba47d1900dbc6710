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
    // prepareApplication(application) with the keychain off (a test never
    // writes to the user's keychain) and the fixture's broker in m_rabbit;
    // false, with the test failed, when the fixture did not run.
    [[nodiscard]] bool prepareRemote(const QString &application)
    {
        qputenv("DEPOT_KEYCHAIN", "off");
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
