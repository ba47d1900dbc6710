#pragma once

// HttpReply: what a route handler answers. Errors always carry RabbitMQ's
// body shape, {"error": ..., "reason": ...}, because scripts written for
// RabbitMQ's management API read "reason" to tell the user what went wrong.

#include "broker/engine/Engine.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <functional>

class QTcpSocket;

namespace depot::http {

struct HttpReply
{
    int status = 200;
    QByteArray contentType = "application/json";
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;
    // Set for an answer that is written after the handler returned (an
    // export, streamed in slices): the server sends the status and headers
    // with chunked transfer encoding, then hands the socket to this, which
    // writes the body's chunks and closes the connection at the end.
    std::function<void(QTcpSocket *)> stream;
    // Set for an answer known only later (a Kafka record produced over HTTP
    // is answered once the store has committed it): the server calls this
    // with a function that sends the real reply, once, on the broker thread.
    // Nothing is written until then; a client gone meanwhile gets nothing.
    using Send = std::function<void(HttpReply)>;
    std::function<void(Send)> deferred;

    void addHeader(const QByteArray &name, const QByteArray &value) { headers.append(qMakePair(name, value)); }

    static HttpReply json(const QJsonObject &object, int status = 200);
    static HttpReply json(const QJsonArray &array, int status = 200);
    static HttpReply text(const QByteArray &contentType, const QByteArray &body, int status = 200);
    static HttpReply noContent();   // 204
    static HttpReply created();     // 201, empty body
    static HttpReply error(int status, const QString &error, const QString &reason);
    static HttpReply badRequest(const QString &reason);           // 400 bad_request
    static HttpReply notFound(const QString &reason = QStringLiteral("Not Found"));
    // The engine's refusal as the status RabbitMQ's API gives for it:
    // unknown objects 404, inequivalent redeclares and bad arguments 400,
    // access to reserved names 403.
    static HttpReply fromEngine(const Error &error);
    static HttpReply later(std::function<void(Send)> start);
};

} // namespace depot::http
