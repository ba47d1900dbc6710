#pragma once

// Helpers shared by the HTTP API tests: an in-process engine with the HTTP
// API on a free loopback port, and a small client that speaks real HTTP to
// it through QNetworkAccessManager (the event loop runs while it waits, so
// the server in the same thread answers).

#include "broker/engine/Engine.h"
#include "broker/http/HttpApi.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTest>

#include <memory>

namespace depot::test {

struct HttpResult
{
    int status = 0;
    QByteArray body;
    QHash<QByteArray, QByteArray> headers;   // lower-case names
    QJsonObject object() const { return QJsonDocument::fromJson(body).object(); }
    QJsonArray array() const { return QJsonDocument::fromJson(body).array(); }
};

class HttpClient final
{
public:
    explicit HttpClient(quint16 port) : m_port(port) {}

    // `path` is sent exactly as written (so "%2F" stays encoded).
    HttpResult send(const QByteArray &method, const QByteArray &path, const QByteArray &body = {},
                    const QByteArray &authorization = "Basic " + QByteArray("guest:guest").toBase64())
    {
        QNetworkRequest request(QUrl::fromEncoded("http://127.0.0.1:" + QByteArray::number(m_port) + path));
        if (!authorization.isEmpty())
            request.setRawHeader("Authorization", authorization);
        if (!body.isEmpty())
            request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        std::unique_ptr<QNetworkReply> reply(m_nam.sendCustomRequest(request, method, body));
        QSignalSpy finished(reply.get(), &QNetworkReply::finished);
        if (!reply->isFinished() && !finished.wait(10000))
            return {};
        HttpResult r;
        r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        r.body = reply->readAll();
        for (const auto &pair : reply->rawHeaderPairs())
            r.headers.insert(pair.first.toLower(), pair.second);
        return r;
    }
    HttpResult get(const QByteArray &path) { return send("GET", path); }
    HttpResult put(const QByteArray &path, const QJsonObject &body) { return send("PUT", path, json(body)); }
    HttpResult post(const QByteArray &path, const QJsonObject &body) { return send("POST", path, json(body)); }
    HttpResult del(const QByteArray &path) { return send("DELETE", path); }

    static QByteArray json(const QJsonObject &o) { return QJsonDocument(o).toJson(QJsonDocument::Compact); }

private:
    quint16 m_port;
    QNetworkAccessManager m_nam;
};

// An engine (in memory unless given a store) with its HTTP API listening.
struct HttpFixture
{
    explicit HttpFixture(http::HttpApiOptions options = {}, store::Store *store = nullptr)
        : engine(std::make_unique<Engine>(store))
    {
        engine->recover();
        api = std::make_unique<http::HttpApi>(*engine, options);
        QString error;
        listening = api->listen(QHostAddress::LocalHost, 0, &error);
        client = std::make_unique<HttpClient>(api->port());
    }
    std::unique_ptr<Engine> engine;
    std::unique_ptr<http::HttpApi> api;
    std::unique_ptr<HttpClient> client;
    bool listening = false;
};

// Queue, exchange and binding definitions, to show a refused request changed nothing.
inline QString topologyFingerprint(const Engine &engine)
{
    QStringList parts;
    for (const QueueInfo &q : engine.queues())
        parts << QStringLiteral("q:%1:%2:%3:%4").arg(q.def.name).arg(q.def.durable).arg(q.ready)
                     .arg(QString::fromUtf8(QJsonDocument(QJsonObject::fromVariantMap(q.def.arguments)).toJson(QJsonDocument::Compact)));
    for (const ExchangeDef &e : engine.exchanges())
        parts << QStringLiteral("e:%1:%2:%3").arg(e.name, exchangeTypeName(e.type)).arg(e.durable);
    for (const BindingDef &b : engine.bindings())
        parts << QStringLiteral("b:%1:%2:%3:%4").arg(b.source, b.destination, b.routingKey).arg(int(b.destinationKind));
    return parts.join(QLatin1Char('|'));
}

} // namespace depot::test
