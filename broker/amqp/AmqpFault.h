#pragma once

// AmqpFault: why Depot closes a channel or a connection — the AMQP reply
// code, RabbitMQ-style text ("NOT_FOUND - no queue 'x' in vhost '/'") and the
// method that caused it. Handlers return one; the connection decides, from
// the code, whether only the channel or the whole connection closes.

#include "broker/engine/Engine.h"

#include <QString>

namespace depot::amqp {

namespace Reply {
inline constexpr quint16 ContentTooLarge = 311;
inline constexpr quint16 NoRoute = 312;
inline constexpr quint16 NoConsumers = 313;
inline constexpr quint16 ConnectionForced = 320;
inline constexpr quint16 InvalidPath = 402;
inline constexpr quint16 AccessRefused = 403;
inline constexpr quint16 NotFound = 404;
inline constexpr quint16 ResourceLocked = 405;
inline constexpr quint16 PreconditionFailed = 406;
inline constexpr quint16 FrameError = 501;
inline constexpr quint16 SyntaxError = 502;
inline constexpr quint16 CommandInvalid = 503;
inline constexpr quint16 ChannelError = 504;
inline constexpr quint16 UnexpectedFrame = 505;
inline constexpr quint16 ResourceError = 506;
inline constexpr quint16 NotAllowed = 530;
inline constexpr quint16 NotImplemented = 540;
inline constexpr quint16 InternalError = 541;
} // namespace Reply

struct AmqpFault
{
    quint16 code = 0;
    QString text;        // with the code's name in front
    quint16 classId = 0;
    quint16 methodId = 0;

    explicit operator bool() const { return code != 0; }
    // The spec's hard errors close the connection; soft ones only the channel.
    bool closesConnection() const;
};

// "NOT_FOUND", "PRECONDITION_FAILED" ...; "UNKNOWN_ERROR" for other codes.
QString replyCodeName(quint16 code);

// A fault whose text is "<NAME> - <detail>".
AmqpFault makeFault(quint16 code, const QString &detail, quint16 classId = 0, quint16 methodId = 0);

// Engine errors as RabbitMQ reports them: NotFound 404, AccessRefused 403,
// ResourceLocked 405, PreconditionFailed and InvalidArgument 406, NotAllowed
// 530, Internal 541.
quint16 replyCodeFor(ErrorKind kind);
AmqpFault faultFromEngine(const Error &error, quint16 classId, quint16 methodId);

// The same for a decoded method (a struct of codec/Methods.h), which names
// its class and method itself.
template <typename M>
AmqpFault methodFault(const M &, quint16 code, const QString &detail)
{
    return makeFault(code, detail, M::kClassId, M::kMethodId);
}
template <typename M>
AmqpFault engineFault(const M &, const Error &error)
{
    return faultFromEngine(error, M::kClassId, M::kMethodId);
}

} // namespace depot::amqp
