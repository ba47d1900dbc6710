#include "broker/http/HttpRouter.h"

#include <QUrl>

namespace depot::http {

void HttpRouter::add(QHttpServerRequest::Method method, const QString &pattern, Handler handler)
{
    m_routes.push_back({method, splitPath(pattern.toUtf8()), std::move(handler)});
}

QStringList HttpRouter::splitPath(const QByteArray &encodedPath)
{
    QStringList out;
    const QList<QByteArray> parts = encodedPath.split('/');
    for (qsizetype i = 0; i < parts.size(); ++i) {
        // A leading slash and a trailing one add nothing; an empty segment in
        // the middle is kept (it is the default exchange's empty name).
        if (parts[i].isEmpty() && (i == 0 || i == parts.size() - 1))
            continue;
        out.append(QUrl::fromPercentEncoding(parts[i]));
    }
    return out;
}

bool HttpRouter::matches(const Route &route, const QStringList &segments, QHash<QString, QString> *params)
{
    if (route.pattern.size() != segments.size())
        return false;
    QHash<QString, QString> captured;
    for (qsizetype i = 0; i < segments.size(); ++i) {
        const QString &p = route.pattern[i];
        if (p.startsWith(QLatin1Char('{')) && p.endsWith(QLatin1Char('}')))
            captured.insert(p.mid(1, p.size() - 2), segments[i]);
        else if (p != segments[i])
            return false;
    }
    if (params)
        *params = std::move(captured);
    return true;
}

HttpReply HttpRouter::dispatch(HttpRequest &request) const
{
    bool pathKnown = false;
    for (const Route &route : m_routes) {
        QHash<QString, QString> params;
        if (!matches(route, request.segments, &params))
            continue;
        if (route.method != request.method) {
            pathKnown = true;
            continue;
        }
        request.params = std::move(params);
        return route.handler(request);
    }
    if (pathKnown)
        return HttpReply::error(405, QStringLiteral("method_not_allowed"),
                                QStringLiteral("Method not allowed for this resource"));
    return HttpReply::notFound();
}

} // namespace depot::http
