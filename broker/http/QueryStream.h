#pragma once

// QueryStream: a query's results written to an HTTP client as they are
// found (GET /api/depot/messages?query=...), one JSON object a line: each
// match, then the scan's progress after every slice, and a last "done" line.
// Each slice looks at no more than Engine::QuerySlice messages through a
// QueryScan (SliceStream writes only while the client reads, so a slow
// client holds the scan, not the broker). The client cancels by closing the
// connection; an engine that goes away cuts the answer short.

#include "broker/engine/QueryScan.h"
#include "broker/http/SliceStream.h"

#include <QPointer>

namespace depot::http {

class QueryStream final : public SliceStream
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(QueryStream)

public:
    static void start(QTcpSocket *socket, Engine &engine, std::shared_ptr<QueryScan> scan, quint64 limit);

    // The progress line ("progress", or "done" for the last; `limited`: the
    // limit of matches ended it before the scan was over).
    static QByteArray progressLine(const QueryProgress &p, const char *type, bool limited = false);

private:
    QueryStream(QTcpSocket *socket, Engine &engine, std::shared_ptr<QueryScan> scan, quint64 limit);
    Step slice(QByteArray *out) override;

    QPointer<Engine> m_engine;
    std::shared_ptr<QueryScan> m_scan;
    quint64 m_limit; // matches written at most; 0: all
};

} // namespace depot::http
