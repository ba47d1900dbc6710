#pragma once

// HttpFraming: reads HTTP/1.1 requests off a byte stream, one at a time, as
// the SQS listener needs them: keep-alive and pipelining, a body limit that
// is checked against Content-Length before a byte of the body is kept (an
// oversize body is skipped as it arrives, never buffered, so the connection
// stays usable), and no callback: the caller feeds bytes and takes requests
// when it is ready for the next one (a long poll holds the connection's
// following requests back, in order). Pure: no sockets, no Qt Network.
//
// Not supported, answered with an error instead: chunked request bodies
// (411, SDKs send Content-Length), header blocks over 64 KiB (431).

#include <QByteArray>
#include <QList>
#include <QPair>
#include <optional>

namespace depot::sqs {

struct HttpRequest
{
    QByteArray method; // "POST"
    QByteArray target; // "/000000000000/q?Action=..." as sent
    QByteArray path; // target before '?', still percent-encoded
    QByteArray query; // after '?', may be empty
    QList<QPair<QByteArray, QByteArray>> headers; // names lower-cased, values trimmed
    QByteArray body;
    bool http10 = false;
    bool keepAlive = true; // HTTP/1.1 without "Connection: close", or 1.0 with keep-alive

    // The first header of that (lower-case) name, or a null array.
    QByteArray header(const QByteArray &lowerName) const;
};

// A request that cannot be taken as it is: answered with `status`. When
// `headersRead`, `request` holds its head (method, target, headers, no body)
// so the answer can take the shape of its protocol.
struct HttpFramingError
{
    int status = 400;
    QByteArray reason; // "Bad Request"
    QString message;
    bool headersRead = false;
    HttpRequest request;
    bool closeAfter = false; // the stream cannot be followed past it
};

class HttpRequestReader final
{
public:
    explicit HttpRequestReader(qint64 maxBodyBytes)
        : m_maxBody(maxBodyBytes)
    {
    }

    // Appends bytes read from the peer.
    void feed(const QByteArray &bytes);
    void feed(const char *data, qsizetype size);

    enum class State { NeedMore, Request, Error };
    // Takes the next complete request out of what was fed. Request: *request
    // is set; Error: *error is set (and, unless closeAfter, reading goes on
    // after the refused request). NeedMore: nothing complete yet.
    State next(HttpRequest *request, HttpFramingError *error);

    // Bytes held (for the memory watermark).
    qsizetype buffered() const { return m_buffer.size(); }
    // The head has been read of a request whose body is refused and still
    // being skipped, or the stream is broken.
    bool broken() const { return m_broken; }
    // A request announced "Expect: 100-continue" and its body has not come:
    // the caller writes "100 Continue" once (then clears it with ackContinue).
    bool wantsContinue() const { return m_wantsContinue; }
    void ackContinue() { m_wantsContinue = false; }

    static constexpr qsizetype MaxHeaderBytes = 64 * 1024;

private:
    bool parseHead(qsizetype headEnd, HttpRequest *head, HttpFramingError *error);

    qint64 m_maxBody;
    QByteArray m_buffer;
    qsizetype m_offset = 0; // consumed bytes at the front of m_buffer
    std::optional<HttpRequest> m_head; // head read, body pending
    qint64 m_bodyLength = 0;
    qint64 m_skip = 0; // bytes of a refused body still to drop
    bool m_broken = false;
    bool m_wantsContinue = false;
};

// Percent-decoding as forms and URLs use it ('+' is a space only in forms).
QByteArray percentDecode(const QByteArray &in, bool plusIsSpace);
// application/x-www-form-urlencoded pairs, in order, decoded.
QList<QPair<QString, QString>> parseFormPairs(const QByteArray &encoded);

// "HTTP/1.1 200 OK" + headers + body, ready to write.
QByteArray httpResponse(
    int status, const QList<QPair<QByteArray, QByteArray>> &headers, const QByteArray &body, bool keepAlive);
QByteArray httpReasonPhrase(int status);

} // namespace depot::sqs
