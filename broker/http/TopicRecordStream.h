#pragma once

// TopicRecordStream: the records a query over Kafka topics finds, written to
// an HTTP client as they are found, in slices (SliceStream) of a
// TopicQueryScan: as a query's answer (GET /api/depot/records: one JSON
// object a line, each match, the scan's progress after every slice, and a
// last "done" line), or as an export of a topic (GET .../topics/{name}/export:
// Depot's export format, a record a line after the header). A slow client
// holds the scan, not the broker; one that closes the connection cancels it.
// A partition that cannot be read ends a query's answer with an "error" line
// and cuts an export short (the connection is aborted without its last
// chunk), so a client never takes a part for the whole; so does the log
// engine going away.

#include "broker/http/SliceStream.h"
#include "broker/kafka/TopicQueryScan.h"

#include <QPointer>

namespace depot::http {

class TopicRecordStream final : public SliceStream
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TopicRecordStream)

public:
    enum class Mode { Query, Export };

    // Starts at once; `first`: the export's header line (nothing for a query).
    // `limit`: matches written at most (0: all).
    static void start(QTcpSocket *socket, log::LogEngine &logs, std::shared_ptr<kafka::TopicQueryScan> scan,
        Mode mode, quint64 limit, const QByteArray &first);

    static QByteArray progressLine(const kafka::TopicQueryProgress &p, const char *type, bool limited = false);

private:
    TopicRecordStream(QTcpSocket *socket, log::LogEngine &logs, std::shared_ptr<kafka::TopicQueryScan> scan,
        Mode mode, quint64 limit);
    Step slice(QByteArray *out) override;

    QPointer<log::LogEngine> m_logs;
    std::shared_ptr<kafka::TopicQueryScan> m_scan;
    Mode m_mode;
    quint64 m_limit;
};

} // namespace depot::http
