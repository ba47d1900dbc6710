#include "broker/amqp/AmqpFault.h"

namespace depot::amqp {

bool AmqpFault::closesConnection() const
{
    switch (code) {
    case Reply::AccessRefused:
    case Reply::NotFound:
    case Reply::ResourceLocked:
    case Reply::PreconditionFailed:
    case Reply::ContentTooLarge:
    case Reply::NoRoute:
    case Reply::NoConsumers:
        return false;
    default:
        return code != 0;
    }
}

QString replyCodeName(quint16 code)
{
    switch (code) {
    case 200: return QStringLiteral("OK");
    case Reply::ContentTooLarge: return QStringLiteral("CONTENT_TOO_LARGE");
    case Reply::NoRoute: return QStringLiteral("NO_ROUTE");
    case Reply::NoConsumers: return QStringLiteral("NO_CONSUMERS");
    case Reply::ConnectionForced: return QStringLiteral("CONNECTION_FORCED");
    case Reply::InvalidPath: return QStringLiteral("INVALID_PATH");
    case Reply::AccessRefused: return QStringLiteral("ACCESS_REFUSED");
    case Reply::NotFound: return QStringLiteral("NOT_FOUND");
    case Reply::ResourceLocked: return QStringLiteral("RESOURCE_LOCKED");
    case Reply::PreconditionFailed: return QStringLiteral("PRECONDITION_FAILED");
    case Reply::FrameError: return QStringLiteral("FRAME_ERROR");
    case Reply::SyntaxError: return QStringLiteral("SYNTAX_ERROR");
    case Reply::CommandInvalid: return QStringLiteral("COMMAND_INVALID");
    case Reply::ChannelError: return QStringLiteral("CHANNEL_ERROR");
    case Reply::UnexpectedFrame: return QStringLiteral("UNEXPECTED_FRAME");
    case Reply::ResourceError: return QStringLiteral("RESOURCE_ERROR");
    case Reply::NotAllowed: return QStringLiteral("NOT_ALLOWED");
    case Reply::NotImplemented: return QStringLiteral("NOT_IMPLEMENTED");
    case Reply::InternalError: return QStringLiteral("INTERNAL_ERROR");
    default: return QStringLiteral("UNKNOWN_ERROR");
    }
}

AmqpFault makeFault(quint16 code, const QString &detail, quint16 classId, quint16 methodId)
{
    QString text = replyCodeName(code) + QStringLiteral(" - ") + detail;
    // reply-text is a shortstr; the codec would truncate, but cutting here
    // keeps the cut at a character the user can see.
    if (text.toUtf8().size() > 255)
        text = text.left(240) + QStringLiteral("...");
    return AmqpFault{code, text, classId, methodId};
}

quint16 replyCodeFor(ErrorKind kind)
{
    switch (kind) {
    case ErrorKind::None: return 0;
    case ErrorKind::NotFound: return Reply::NotFound;
    case ErrorKind::AccessRefused: return Reply::AccessRefused;
    case ErrorKind::ResourceLocked: return Reply::ResourceLocked;
    case ErrorKind::PreconditionFailed:
    case ErrorKind::InvalidArgument: return Reply::PreconditionFailed;
    case ErrorKind::NotAllowed: return Reply::NotAllowed;
    case ErrorKind::NotImplemented: return Reply::NotImplemented;
    case ErrorKind::Internal: return Reply::InternalError;
    }
    return Reply::InternalError;
}

AmqpFault faultFromEngine(const Error &error, quint16 classId, quint16 methodId)
{
    return makeFault(replyCodeFor(error.kind), error.text, classId, methodId);
}

} // namespace depot::amqp
