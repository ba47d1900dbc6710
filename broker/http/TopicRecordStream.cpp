#include "broker/http/TopicRecordStream.h"

#include "broker/export/RecordFormat.h"
#include "broker/http/RecordJson.h"

#include <QDateTime>
#include <QJsonDocument>

namespace depot::http {

void TopicRecordStream::start(QTcpSocket *socket, log::LogEngine &logs, std::shared_ptr<kafka::TopicQueryScan> scan,
    Mode mode, quint64 limit, const QByteArray &first)
{
    auto *stream = new TopicRecordStream(socket, logs, std::move(scan), mode, limit);
    stream->begin(first);
}

TopicRecordStream::TopicRecordStream(QTcpSocket *socket, log::LogEngine &logs,
    std::shared_ptr<kafka::TopicQueryScan> scan, Mode mode, quint64 limit)
    : SliceStream(socket)
    , m_logs(&logs)
    , m_scan(std::move(scan))
    , m_mode(mode)
    , m_limit(limit)
{
}

QByteArray TopicRecordStream::progressLine(const kafka::TopicQueryProgress &p, const char *type, bool limited)
{
    QJsonObject o{
        {QStringLiteral("type"), QLatin1String(type)},
        {QStringLiteral("topics_total"), qint64(p.topicsTotal)},
        {QStringLiteral("topics_done"), qint64(p.topicsDone)},
        {QStringLiteral("records_total"), qint64(p.recordsTotal)},
        {QStringLiteral("scanned"), qint64(p.scanned)},
        {QStringLiteral("matched"), qint64(p.matched)},
    };
    if (limited)
        o.insert(QStringLiteral("limit_reached"), true);
    if (!p.error.isEmpty())
        o.insert(QStringLiteral("reason"), p.error);
    return QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n';
}

SliceStream::Step TopicRecordStream::slice(QByteArray *out)
{
    if (!m_logs)
        return Step::Abort;
    QList<kafka::RecordView> matches = m_scan->next(kafka::TopicQueryScan::Slice, QDateTime::currentMSecsSinceEpoch());
    kafka::TopicQueryProgress &progress = m_scan->progress();
    bool limited = false;
    if (m_limit > 0 && progress.matched >= m_limit) {
        // The matches beyond the limit are not written nor counted.
        const quint64 over = progress.matched - m_limit;
        matches.resize(matches.size() - qsizetype(over));
        progress.matched = m_limit;
        limited = true;
    }
    for (const kafka::RecordView &r : matches) {
        if (m_mode == Mode::Export) {
            *out += exportformat::encodeRecord(
                {r.partition, r.offset, r.timestamp, r.logAppendTime, r.key, r.value, r.headers});
            continue;
        }
        const QJsonObject o{
            {QStringLiteral("type"), QStringLiteral("match")},
            {QStringLiteral("record"), recordJson(r)},
        };
        *out += QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n';
    }
    if (!progress.error.isEmpty()) {
        if (m_mode == Mode::Export)
            return Step::Abort;
        *out += progressLine(progress, "error");
        return Step::End;
    }
    if (m_scan->done() || limited) {
        progress.done = true;
        if (m_mode == Mode::Query)
            *out += progressLine(progress, "done", limited);
        return Step::End;
    }
    if (m_mode == Mode::Query)
        *out += progressLine(progress, "progress");
    return Step::More;
}

} // namespace depot::http
