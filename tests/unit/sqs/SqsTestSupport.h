#pragma once

// Helpers shared by the SQS tests: an in-memory engine with the SQS listener
// on a free loopback port, and a raw HTTP client over one keep-alive
// QTcpSocket, so each test writes the exact bytes an SDK would and reads the
// answer as it comes (the event loop runs while it waits, so the server in
// the same thread answers).

#include "broker/engine/Engine.h"
#include "broker/sqs/SqsServer.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>
#include <QUrlQuery>
#include <QXmlStreamReader>
#include <memory>

namespace depot::test {

struct SqsReply
{
    int status = 0;
    QHash<QByteArray, QByteArray> headers; // lower-case names
    QByteArray body;
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    // Every element's text by its path from the root: "A/B/C" -> texts in order.
    QMultiMap<QString, QString> xml() const
    {
        QMultiMap<QString, QString> out;
        QXmlStreamReader reader(body);
        QStringList path;
        QString text;
        while (!reader.atEnd()) {
            switch (reader.readNext()) {
            case QXmlStreamReader::StartElement:
                path << reader.name().toString();
                text.clear();
                break;
            case QXmlStreamReader::Characters:
                text += reader.text();
                break;
            case QXmlStreamReader::EndElement:
                out.insert(path.join(QLatin1Char('/')), text);
                text.clear();
                path.removeLast();
                break;
            default:
                break;
            }
        }
        return out;
    }
    QString x(const QString &path) const { return xml().value(path); }
};

class RawClient final
{
public:
    explicit RawClient(quint16 port)
    {
        m_socket.connectToHost(QHostAddress::LocalHost, port);
        m_socket.waitForConnected(5000);
    }

    bool connected() const { return m_socket.state() == QAbstractSocket::ConnectedState; }
    QTcpSocket &socket() { return m_socket; }

    void write(const QByteArray &bytes)
    {
        m_socket.write(bytes);
        m_socket.flush();
    }

    // Reads one answer; status 0 when none came within the timeout.
    SqsReply read(int timeoutMs = 10000)
    {
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < timeoutMs) {
            SqsReply reply;
            if (takeReply(&reply))
                return reply;
            if (m_socket.state() != QAbstractSocket::ConnectedState && m_socket.bytesAvailable() == 0)
                return {};
            QSignalSpy spy(&m_socket, &QTcpSocket::readyRead);
            if (m_socket.bytesAvailable() == 0)
                spy.wait(50);
            m_buffer += m_socket.readAll();
        }
        return {};
    }

    SqsReply request(const QByteArray &raw, int timeoutMs = 10000)
    {
        write(raw);
        return read(timeoutMs);
    }

    // A JSON protocol request.
    SqsReply json(const QString &action, const QJsonObject &params, const QByteArray &path = "/")
    {
        return request(jsonRequest(action, params, path));
    }
    static QByteArray jsonRequest(const QString &action, const QJsonObject &params, const QByteArray &path = "/")
    {
        const QByteArray body = QJsonDocument(params).toJson(QJsonDocument::Compact);
        return "POST " + path
            + " HTTP/1.1\r\nHost: localhost:9324\r\nContent-Type: application/x-amz-json-1.0\r\n"
              "X-Amz-Target: AmazonSQS."
            + action.toUtf8() + "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
    }

    // A query protocol request (form POST).
    SqsReply query(const QString &action, const QList<QPair<QString, QString>> &params, const QByteArray &path = "/")
    {
        return request(queryRequest(action, params, path));
    }
    static QByteArray queryRequest(
        const QString &action, const QList<QPair<QString, QString>> &params, const QByteArray &path = "/")
    {
        QUrlQuery q;
        q.addQueryItem(QStringLiteral("Action"), action);
        q.addQueryItem(QStringLiteral("Version"), QStringLiteral("2012-11-05"));
        for (const auto &p : params)
            q.addQueryItem(QString::fromUtf8(QUrl::toPercentEncoding(p.first)),
                QString::fromUtf8(QUrl::toPercentEncoding(p.second)));
        const QByteArray body = q.query(QUrl::FullyEncoded).toUtf8();
        return "POST " + path
            + " HTTP/1.1\r\nHost: localhost:9324\r\nContent-Type: application/x-www-form-urlencoded; "
              "charset=utf-8\r\nContent-Length: "
            + QByteArray::number(body.size()) + "\r\n\r\n" + body;
    }

private:
    bool takeReply(SqsReply *reply)
    {
        const qsizetype end = m_buffer.indexOf("\r\n\r\n");
        if (end < 0)
            return false;
        const QList<QByteArray> lines = m_buffer.left(end).split('\n');
        SqsReply r;
        r.status = lines.value(0).split(' ').value(1).toInt();
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QByteArray line = lines[i].trimmed();
            const qsizetype colon = line.indexOf(':');
            if (colon > 0)
                r.headers.insert(line.left(colon).toLower(), line.mid(colon + 1).trimmed());
        }
        const qsizetype length = r.headers.value("content-length").toLongLong();
        if (m_buffer.size() < end + 4 + length)
            return false;
        r.body = m_buffer.mid(end + 4, length);
        m_buffer.remove(0, end + 4 + length);
        *reply = r;
        return true;
    }

    QTcpSocket m_socket;
    QByteArray m_buffer;
};

// An engine (in memory) with the SQS listener on a free port.
struct SqsFixture
{
    explicit SqsFixture(sqs::SqsServerOptions options = {})
        : engine(std::make_unique<Engine>())
    {
        engine->recover();
        server = std::make_unique<sqs::SqsServer>(*engine, nullptr, options);
        QString error;
        listening = server->listen(QHostAddress::LocalHost, 0, &error);
        client = std::make_unique<RawClient>(server->port());
    }
    std::unique_ptr<Engine> engine;
    std::unique_ptr<sqs::SqsServer> server;
    std::unique_ptr<RawClient> client;
    bool listening = false;
};

} // namespace depot::test
