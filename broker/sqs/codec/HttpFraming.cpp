#include "broker/sqs/codec/HttpFraming.h"

#include <QString>

namespace depot::sqs {

namespace {

bool isToken(char c)
{
    // RFC 9110 tchar
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    switch (c) {
    case '!':
    case '#':
    case '$':
    case '%':
    case '&':
    case '\'':
    case '*':
    case '+':
    case '-':
    case '.':
    case '^':
    case '_':
    case '`':
    case '|':
    case '~':
        return true;
    default:
        return false;
    }
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

} // namespace

QByteArray HttpRequest::header(const QByteArray &lowerName) const
{
    for (const auto &h : headers) {
        if (h.first == lowerName)
            return h.second.isNull() ? QByteArray("") : h.second;
    }
    return QByteArray();
}

void HttpRequestReader::feed(const QByteArray &bytes)
{
    feed(bytes.constData(), bytes.size());
}

void HttpRequestReader::feed(const char *data, qsizetype size)
{
    if (m_broken || size <= 0)
        return;
    // Drop a refused body as it comes, so it is never held.
    if (m_skip > 0 && m_offset == m_buffer.size()) {
        const qint64 dropped = std::min<qint64>(m_skip, size);
        m_skip -= dropped;
        data += dropped;
        size -= dropped;
        if (size == 0)
            return;
    }
    if (m_offset > 0 && m_offset == m_buffer.size()) {
        m_buffer.clear();
        m_offset = 0;
    }
    m_buffer.append(data, size);
}

HttpRequestReader::State HttpRequestReader::next(HttpRequest *request, HttpFramingError *error)
{
    if (m_broken)
        return State::NeedMore;
    if (m_skip > 0) {
        const qint64 dropped = std::min<qint64>(m_skip, m_buffer.size() - m_offset);
        m_skip -= dropped;
        m_offset += dropped;
        if (m_skip > 0)
            return State::NeedMore;
    }
    if (!m_head) {
        // Tolerate empty lines before a request line (RFC 9112 2.2).
        while (m_offset + 1 < m_buffer.size() && m_buffer[m_offset] == '\r' && m_buffer[m_offset + 1] == '\n')
            m_offset += 2;
        const qsizetype end = m_buffer.indexOf("\r\n\r\n", m_offset);
        if (end < 0) {
            if (m_buffer.size() - m_offset > MaxHeaderBytes) {
                *error = {};
                error->status = 431;
                error->reason = httpReasonPhrase(431);
                error->message
                    = QStringLiteral("The request's header block is larger than %1 bytes.").arg(MaxHeaderBytes);
                error->closeAfter = true;
                m_broken = true;
                return State::Error;
            }
            return State::NeedMore;
        }
        if (end - m_offset > MaxHeaderBytes) {
            *error = {};
            error->status = 431;
            error->reason = httpReasonPhrase(431);
            error->message = QStringLiteral("The request's header block is larger than %1 bytes.").arg(MaxHeaderBytes);
            error->closeAfter = true;
            m_broken = true;
            return State::Error;
        }
        HttpRequest head;
        const qsizetype headEnd = end;
        if (!parseHead(headEnd, &head, error)) {
            m_broken = error->closeAfter;
            m_offset = headEnd + 4;
            if (!error->closeAfter && m_skip > 0) {
                const qint64 dropped = std::min<qint64>(m_skip, m_buffer.size() - m_offset);
                m_skip -= dropped;
                m_offset += dropped;
            }
            return State::Error;
        }
        m_offset = headEnd + 4;
        m_head = std::move(head);
        m_wantsContinue
            = m_bodyLength > 0 && m_head->header("expect").compare("100-continue", Qt::CaseInsensitive) == 0;
    }
    if (m_buffer.size() - m_offset < m_bodyLength)
        return State::NeedMore;
    m_wantsContinue = false;
    *request = std::move(*m_head);
    m_head.reset();
    request->body = m_buffer.mid(m_offset, m_bodyLength);
    m_offset += m_bodyLength;
    m_bodyLength = 0;
    if (m_offset == m_buffer.size()) {
        m_buffer.clear();
        m_offset = 0;
    } else if (m_offset > 64 * 1024) {
        m_buffer.remove(0, m_offset);
        m_offset = 0;
    }
    return State::Request;
}

bool HttpRequestReader::parseHead(qsizetype headEnd, HttpRequest *head, HttpFramingError *error)
{
    const auto fail = [&](int status, const QString &message, bool close) {
        *error = {};
        error->status = status;
        error->reason = httpReasonPhrase(status);
        error->message = message;
        error->closeAfter = close;
        return false;
    };
    const QByteArray block = m_buffer.mid(m_offset, headEnd - m_offset);
    const QList<QByteArray> lines = block.split('\n');
    QByteArray requestLine = lines.value(0);
    if (requestLine.endsWith('\r'))
        requestLine.chop(1);
    const QList<QByteArray> parts = requestLine.split(' ');
    if (parts.size() != 3 || parts[0].isEmpty() || parts[1].isEmpty())
        return fail(400, QStringLiteral("The request line is not 'METHOD TARGET HTTP/1.1'."), true);
    for (char c : parts[0]) {
        if (!isToken(c))
            return fail(400, QStringLiteral("The request method is not a token."), true);
    }
    if (parts[2] == "HTTP/1.1")
        head->http10 = false;
    else if (parts[2] == "HTTP/1.0")
        head->http10 = true;
    else
        return fail(505, QStringLiteral("Only HTTP/1.0 and HTTP/1.1 are served."), true);
    for (char c : parts[1]) {
        if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f)
            return fail(400, QStringLiteral("The request target holds a control character."), true);
    }
    head->method = parts[0];
    head->target = parts[1];
    const qsizetype q = head->target.indexOf('?');
    head->path = q < 0 ? head->target : head->target.left(q);
    head->query = q < 0 ? QByteArray() : head->target.mid(q + 1);

    for (qsizetype i = 1; i < lines.size(); ++i) {
        QByteArray line = lines[i];
        if (line.endsWith('\r'))
            line.chop(1);
        if (line.isEmpty())
            continue;
        if (line.front() == ' ' || line.front() == '\t')
            return fail(400, QStringLiteral("Folded header lines are not accepted."), true);
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            return fail(400, QStringLiteral("A header line has no name."), true);
        QByteArray name = line.left(colon);
        for (char c : name) {
            if (!isToken(c))
                return fail(400, QStringLiteral("A header name is not a token."), true);
        }
        head->headers.append({name.toLower(), line.mid(colon + 1).trimmed()});
    }

    const QByteArray connection = head->header("connection").toLower();
    head->keepAlive = head->http10 ? connection.contains("keep-alive") : !connection.contains("close");

    m_bodyLength = 0;
    if (!head->header("transfer-encoding").isNull()) {
        fail(411, QStringLiteral("Chunked request bodies are not accepted; send Content-Length."), true);
        error->headersRead = true;
        error->request = *head;
        return false;
    }
    int lengths = 0;
    QByteArray length;
    for (const auto &h : head->headers) {
        if (h.first == "content-length") {
            if (lengths++ > 0 && h.second != length)
                return fail(400, QStringLiteral("Content-Length is given twice with different values."), true);
            length = h.second;
        }
    }
    if (lengths > 0) {
        bool ok = !length.isEmpty();
        for (char c : length)
            ok = ok && c >= '0' && c <= '9';
        const qint64 n = length.size() <= 18 ? length.toLongLong(&ok) : -1;
        if (!ok || n < 0)
            return fail(400, QStringLiteral("Content-Length is not a number."), true);
        if (n > m_maxBody) {
            fail(413,
                QStringLiteral("The request body of %1 bytes is larger than the %2 bytes accepted.")
                    .arg(n)
                    .arg(m_maxBody),
                head->header("expect").compare("100-continue", Qt::CaseInsensitive) == 0);
            error->headersRead = true;
            error->request = *head;
            m_skip = error->closeAfter ? 0 : n;
            return false;
        }
        m_bodyLength = n;
    }
    return true;
}

QByteArray percentDecode(const QByteArray &in, bool plusIsSpace)
{
    QByteArray out;
    out.reserve(in.size());
    for (qsizetype i = 0; i < in.size(); ++i) {
        const char c = in[i];
        if (c == '%' && i + 2 < in.size()) {
            const int hi = hexValue(in[i + 1]);
            const int lo = hexValue(in[i + 2]);
            if (hi >= 0 && lo >= 0) {
                out.append(char(hi * 16 + lo));
                i += 2;
                continue;
            }
        }
        out.append(plusIsSpace && c == '+' ? ' ' : c);
    }
    return out;
}

QList<QPair<QString, QString>> parseFormPairs(const QByteArray &encoded)
{
    QList<QPair<QString, QString>> pairs;
    for (const QByteArray &part : encoded.split('&')) {
        if (part.isEmpty())
            continue;
        const qsizetype eq = part.indexOf('=');
        const QByteArray key = eq < 0 ? part : part.left(eq);
        const QByteArray value = eq < 0 ? QByteArray() : part.mid(eq + 1);
        pairs.append({QString::fromUtf8(percentDecode(key, true)), QString::fromUtf8(percentDecode(value, true))});
    }
    return pairs;
}

QByteArray httpReasonPhrase(int status)
{
    switch (status) {
    case 100:
        return "Continue";
    case 200:
        return "OK";
    case 400:
        return "Bad Request";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 411:
        return "Length Required";
    case 413:
        return "Payload Too Large";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 503:
        return "Service Unavailable";
    case 505:
        return "HTTP Version Not Supported";
    default:
        return "Status";
    }
}

QByteArray httpResponse(
    int status, const QList<QPair<QByteArray, QByteArray>> &headers, const QByteArray &body, bool keepAlive)
{
    QByteArray out;
    out.reserve(160 + body.size());
    out += "HTTP/1.1 " + QByteArray::number(status) + ' ' + httpReasonPhrase(status) + "\r\n";
    for (const auto &h : headers)
        out += h.first + ": " + h.second + "\r\n";
    out += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    out += keepAlive ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n";
    out += body;
    return out;
}

} // namespace depot::sqs
