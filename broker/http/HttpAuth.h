#pragma once

// HttpAuth: HTTP Basic authentication against the broker's accounts (the
// command-line account and the stored users), answering as RabbitMQ's
// management API does so its clients report "Access refused" the way their
// users know: 401 for wrong credentials, for guest from another machine, and
// for a user without a management tag (administrator, monitoring,
// policymaker or management), who may still use AMQP.
//
// The check is synchronous, on the broker thread: an uncached PBKDF2 hash
// costs ~0.1 s there (AMQP logins run it on auth::PasswordVerifier instead).
// Qt 6.4's QAbstractHttpServer has no safe way to answer after
// handleRequest() returns: it reuses the socket's one request object for
// the next pipelined request and deletes the socket on disconnect
// (docs/ARCHITECTURE.md, section 10).

#include "broker/http/HttpApiOptions.h"
#include "broker/http/HttpReply.h"

#include <QByteArray>
#include <QHostAddress>
#include <QString>
#include <QStringList>
#include <optional>

namespace depot::http {

class HttpAuth final
{
public:
    explicit HttpAuth(const HttpApiOptions &options);

    // The user name and tags when `authorizationHeader` carries the right
    // credentials for a request from `peer`; otherwise the 401 reply to send.
    struct Outcome
    {
        QString user;
        QStringList tags;
        std::optional<HttpReply> refusal;
    };
    Outcome check(const QByteArray &authorizationHeader, const QHostAddress &peer) const;

private:
    const HttpApiOptions &m_options;
};

} // namespace depot::http
