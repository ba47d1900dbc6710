#pragma once

// HttpAuth: HTTP Basic authentication against the broker's one set of
// credentials, answering as RabbitMQ's management API does so its clients
// report "Access refused" the way their users know.

#include "broker/http/HttpReply.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace depot::http {

class HttpAuth final
{
public:
    HttpAuth(QString user, QString password);

    // The user name when `authorizationHeader` carries the right
    // credentials; otherwise the 401 reply to send.
    struct Outcome
    {
        QString user;
        std::optional<HttpReply> refusal;
    };
    Outcome check(const QByteArray &authorizationHeader) const;

private:
    QString m_user;
    QString m_password;
};

} // namespace depot::http
