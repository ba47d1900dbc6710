#include "broker/http/QueryStream.h"

#include "broker/http/RouteContext.h"

#include <QJsonDocument>

namespace depot::http {

void QueryStream::start(QTcpSocket *socket, Engine &engine, std::shared_ptr<QueryScan> scan, quint64 limit)
{
    auto *stream = new QueryStream(socket, engine, std::move(scan), limit);
    stream->begin({});
}

QueryStream::QueryStream(QTcpSocket *socket, Engine &engine, std::shared_ptr<QueryScan> scan, quint64 limit)
    : SliceStream(socket)
    , m_engine(&engine)
    , m_scan(std::move(scan))
    , m_limit(limit)
{
}

QByteArray QueryStream::progressLine(const QueryProgress &p, const char *type, bool limited)
{
    QJsonObject o{
        {QStringLiteral("type"), QLatin1String(type)},
        {QStringLiteral("queues_total"), qint64(p.queuesTotal)},
        {QStringLiteral("queues_done"), qint64(p.queuesDone)},
        {QStringLiteral("messages_total"), qint64(p.messagesTotal)},
        {QStringLiteral("scanned"), qint64(p.scanned)},
        {QStringLiteral("matched"), qint64(p.matched)},
    };
    if (limited)
        o.insert(QStringLiteral("limit_reached"), true);
    return QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n';
}

SliceStream::Step QueryStream::slice(QByteArray *out)
{
    if (!m_engine)
        return Step::Abort;
    QList<QueryMatch> matches = m_scan->next(Engine::QuerySlice);
    bool limited = false;
    if (m_limit > 0 && m_scan->progress().matched >= m_limit) {
        // The matches beyond the limit are not written nor counted.
        const quint64 over = m_scan->progress().matched - m_limit;
        matches.resize(matches.size() - qsizetype(over));
        m_scan->progress().matched = m_limit;
        limited = true;
    }
    for (const QueryMatch &m : matches) {
        const QJsonObject o{
            {QStringLiteral("type"), QStringLiteral("match")},
            {QStringLiteral("queue"), m.queue},
            {QStringLiteral("message"), messageJson(m.view, true)},
        };
        *out += QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n';
    }
    if (m_scan->done() || limited) {
        m_scan->progress().done = true;
        *out += progressLine(m_scan->progress(), "done", limited);
        return Step::End;
    }
    *out += progressLine(m_scan->progress(), "progress");
    return Step::More;
}

} // namespace depot::http
