#pragma once

// HttpRequest: one request as the route handlers see it — the method, the
// path already split into percent-decoded segments (so the vhost "/" arrives
// as one segment from "%2F"), the values the route pattern captured, the
// query and the body.

#include <QByteArray>
#include <QHash>
#include <QHttpServerRequest>
#include <QString>
#include <QStringList>
#include <QUrlQuery>

namespace depot::http {

struct HttpRequest
{
    QHttpServerRequest::Method method = QHttpServerRequest::Method::Unknown;
    QStringList segments;
    QHash<QString, QString> params;   // from {name} parts of the route pattern
    QUrlQuery query;
    QByteArray body;
    QString user;                     // the authenticated user
    QStringList userTags;             // and their tags ("administrator", ...)
    QString reason;                   // the X-Reason header (why a connection is closed)

    QString param(const QString &name) const { return params.value(name); }
    bool hasQuery(const QString &key) const { return query.hasQueryItem(key); }
    QString queryValue(const QString &key) const
    {
        return query.queryItemValue(key, QUrl::FullyDecoded);
    }
};

} // namespace depot::http
