#pragma once

// AmqpAuth: the SASL responses AMQP clients send in connection.start-ok
// (PLAIN and RabbitMQ's AMQPLAIN) and the decision whether a login is
// accepted. Pure functions, so the policy (guest only from loopback, as
// RabbitMQ's loopback_users default) is tested without sockets.

#include "broker/amqp/AmqpServerOptions.h"

#include <QByteArrayView>
#include <QHostAddress>
#include <QString>

#include <optional>

namespace depot::amqp {

struct Credentials
{
    QString user;
    QString password;
};

// The mechanisms Depot offers in connection.start, space-separated.
QByteArray supportedMechanisms();

// PLAIN (RFC 4616): [authzid] NUL authcid NUL passwd. nullopt when malformed.
std::optional<Credentials> parsePlainResponse(QByteArrayView response);
// AMQPLAIN: a field table without its length prefix, holding LOGIN and PASSWORD.
std::optional<Credentials> parseAmqplainResponse(QByteArrayView response);
// Dispatches on the mechanism name; nullopt for an unknown mechanism or a
// malformed response.
std::optional<Credentials> parseResponse(const QString &mechanism, QByteArrayView response);

enum class LoginDecision { Accepted, WrongCredentials, LoopbackOnly };

// True for 127.0.0.0/8, ::1 and their IPv4-mapped forms.
bool isLoopbackPeer(const QHostAddress &peer);

// A known user with its password is accepted (any account of options.users,
// or options.user alone without a user store); the user "guest" only from a
// loopback peer (RabbitMQ's default, which Depot keeps so a broker bound to a
// public address is not open with a well-known password).
LoginDecision decideLogin(const AmqpServerOptions &options, const Credentials &credentials, const QHostAddress &peer);
// The same once it is known whether the password is the user's (the
// asynchronous check of auth::UserStore answered).
LoginDecision decideLogin(bool passwordMatches, const QString &user, const QHostAddress &peer);

} // namespace depot::amqp
