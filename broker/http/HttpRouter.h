#pragma once

// HttpRouter: matches a method and a list of decoded path segments against
// patterns such as "/api/queues/{vhost}/{name}".
//
// Depot routes on decoded segments rather than with QHttpServer's router,
// which matches the decoded path as one string: there the vhost "/" (sent as
// "%2F") would become a path separator and every vhost-scoped URL would be
// misread.

#include "broker/http/HttpReply.h"
#include "broker/http/HttpRequest.h"

#include <functional>
#include <vector>

namespace depot::http {

class HttpRouter final
{
public:
    using Handler = std::function<HttpReply(HttpRequest &)>;

    void add(QHttpServerRequest::Method method, const QString &pattern, Handler handler);

    // Runs the matching handler. A path that matches with another method is
    // 405; one that matches nothing is 404.
    HttpReply dispatch(HttpRequest &request) const;

    // Splits an encoded path ("/api/queues/%2F/q") into decoded segments.
    static QStringList splitPath(const QByteArray &encodedPath);

private:
    struct Route
    {
        QHttpServerRequest::Method method;
        QStringList pattern;
        Handler handler;
    };
    static bool matches(const Route &route, const QStringList &segments, QHash<QString, QString> *params);

    std::vector<Route> m_routes;
};

} // namespace depot::http
