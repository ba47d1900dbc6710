#include "broker/http/HttpReply.h"

#include <QJsonDocument>

namespace depot::http {

HttpReply HttpReply::json(const QJsonObject &object, int status)
{
    HttpReply r;
    r.status = status;
    r.body = QJsonDocument(object).toJson(QJsonDocument::Compact);
    return r;
}

HttpReply HttpReply::json(const QJsonArray &array, int status)
{
    HttpReply r;
    r.status = status;
    r.body = QJsonDocument(array).toJson(QJsonDocument::Compact);
    return r;
}

HttpReply HttpReply::text(const QByteArray &contentType, const QByteArray &body, int status)
{
    HttpReply r;
    r.status = status;
    r.contentType = contentType;
    r.body = body;
    return r;
}

HttpReply HttpReply::noContent()
{
    HttpReply r;
    r.status = 204;
    r.contentType.clear();
    return r;
}

HttpReply HttpReply::created()
{
    HttpReply r;
    r.status = 201;
    r.contentType.clear();
    return r;
}

HttpReply HttpReply::error(int status, const QString &error, const QString &reason)
{
    return json(QJsonObject{{QStringLiteral("error"), error}, {QStringLiteral("reason"), reason}}, status);
}

HttpReply HttpReply::badRequest(const QString &reason)
{
    return error(400, QStringLiteral("bad_request"), reason);
}

HttpReply HttpReply::notFound(const QString &reason)
{
    return error(404, QStringLiteral("Object Not Found"), reason);
}

HttpReply HttpReply::later(std::function<void(Send)> start)
{
    HttpReply reply;
    reply.deferred = std::move(start);
    return reply;
}

HttpReply HttpReply::fromEngine(const Error &e)
{
    switch (e.kind) {
    case ErrorKind::None:
        return noContent();
    case ErrorKind::NotFound:
        return notFound(e.text);
    case ErrorKind::AccessRefused:
        return error(403, QStringLiteral("access_refused"), e.text);
    case ErrorKind::ResourceLocked:
    case ErrorKind::PreconditionFailed:
    case ErrorKind::InvalidArgument:
    case ErrorKind::NotAllowed:
    case ErrorKind::NotImplemented:
        return badRequest(e.text);
    case ErrorKind::Internal:
        break;
    }
    return error(500, QStringLiteral("internal_error"), e.text);
}

} // namespace depot::http
