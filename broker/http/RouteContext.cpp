#include "broker/http/RouteContext.h"

#include <algorithm>

namespace depot::http {

namespace {

QJsonValue valueAt(const QJsonObject &object, const QString &dottedPath)
{
    QJsonValue v = object;
    for (const QString &part : dottedPath.split(QLatin1Char('.'))) {
        if (!v.isObject())
            return QJsonValue::Undefined;
        v = v.toObject().value(part);
    }
    return v;
}

void setAt(QJsonObject *object, const QStringList &path, const QJsonValue &value)
{
    if (path.size() == 1) {
        object->insert(path.first(), value);
        return;
    }
    QJsonObject child = object->value(path.first()).toObject();
    setAt(&child, path.mid(1), value);
    object->insert(path.first(), child);
}

bool lessThan(const QJsonValue &a, const QJsonValue &b)
{
    if (a.isDouble() && b.isDouble())
        return a.toDouble() < b.toDouble();
    if (a.isString() && b.isString())
        return a.toString() < b.toString();
    if (a.isBool() && b.isBool())
        return !a.toBool() && b.toBool();
    return int(a.type()) < int(b.type());
}

} // namespace

std::optional<HttpReply> requireAdministrator(const HttpRequest &request)
{
    if (request.userTags.contains(QStringLiteral("administrator")))
        return std::nullopt;
    HttpReply reply = HttpReply::error(401, QStringLiteral("not_authorised"), QStringLiteral("Not administrator user"));
    reply.addHeader("WWW-Authenticate", "Basic realm=\"RabbitMQ Management\"");
    return reply;
}

HttpReply vhostNotFound()
{
    return HttpReply::notFound(QStringLiteral("Not Found"));
}

std::optional<HttpReply> checkVhost(const HttpRequest &request)
{
    if (request.params.contains(QStringLiteral("vhost")) && request.param(QStringLiteral("vhost")) != QLatin1String("/"))
        return vhostNotFound();
    return std::nullopt;
}

HttpReply listReply(const HttpRequest &request, QJsonArray items)
{
    const QString sort = request.queryValue(QStringLiteral("sort"));
    const bool reverse = request.queryValue(QStringLiteral("sort_reverse")) == QLatin1String("true");
    if (!sort.isEmpty() || reverse) {
        QList<QJsonObject> objects;
        for (const QJsonValue &v : std::as_const(items))
            objects.append(v.toObject());
        if (!sort.isEmpty()) {
            std::stable_sort(objects.begin(), objects.end(), [&](const QJsonObject &a, const QJsonObject &b) {
                return lessThan(valueAt(a, sort), valueAt(b, sort));
            });
        }
        if (reverse)
            std::reverse(objects.begin(), objects.end());
        items = QJsonArray();
        for (const QJsonObject &o : std::as_const(objects))
            items.append(o);
    }
    const QString columns = request.queryValue(QStringLiteral("columns"));
    if (!columns.isEmpty()) {
        const QStringList wanted = columns.split(QLatin1Char(','), Qt::SkipEmptyParts);
        QJsonArray picked;
        for (const QJsonValue &v : std::as_const(items)) {
            QJsonObject out;
            for (const QString &column : wanted) {
                const QJsonValue value = valueAt(v.toObject(), column);
                if (!value.isUndefined())
                    setAt(&out, column.split(QLatin1Char('.')), value);
            }
            picked.append(out);
        }
        items = picked;
    }
    if (!request.hasQuery(QStringLiteral("page")))
        return HttpReply::json(items);

    bool pageOk = false;
    bool sizeOk = true;
    const qint64 page = request.queryValue(QStringLiteral("page")).toLongLong(&pageOk);
    qint64 pageSize = 100;
    if (request.hasQuery(QStringLiteral("page_size")))
        pageSize = request.queryValue(QStringLiteral("page_size")).toLongLong(&sizeOk);
    if (!pageOk || !sizeOk || page < 1 || pageSize < 1 || pageSize > 500)
        return HttpReply::badRequest(QStringLiteral("page must be >= 1 and page_size between 1 and 500"));
    const qint64 total = items.size();
    const qint64 pageCount = std::max<qint64>(1, (total + pageSize - 1) / pageSize);
    if (page > pageCount && total > 0)
        return HttpReply::badRequest(QStringLiteral("page out of range (page_count is %1)").arg(pageCount));
    QJsonArray slice;
    for (qint64 i = (page - 1) * pageSize; i < std::min(total, page * pageSize); ++i)
        slice.append(items.at(i));
    return HttpReply::json(QJsonObject{
        {QStringLiteral("filtered_count"), total},
        {QStringLiteral("item_count"), slice.size()},
        {QStringLiteral("items"), slice},
        {QStringLiteral("page"), page},
        {QStringLiteral("page_count"), pageCount},
        {QStringLiteral("page_size"), pageSize},
        {QStringLiteral("total_count"), total},
    });
}

} // namespace depot::http
