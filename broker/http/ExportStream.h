#pragma once

// ExportStream: writes one queue's messages to an HTTP client as a Depot
// export (docs/export-format.md), in slices (SliceStream): each slice looks
// at a few hundred messages through Engine::browseNext (whose cursor resumes
// by id, so a queue that moves meanwhile is neither skipped through nor read
// twice), encodes them and writes one chunk. If the queue is deleted
// meanwhile the answer is cut short, so the client does not take what it got
// for the whole queue.

#include "broker/engine/Engine.h"
#include "broker/http/SliceStream.h"

#include <QPointer>

namespace depot::http {

class ExportStream final : public SliceStream
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ExportStream)

public:
    // Messages looked at per slice (one event-loop turn).
    static constexpr quint64 Slice = 500;

    // Starts streaming at once; `header` is the export's first line.
    static void start(QTcpSocket *socket, Engine &engine, const QString &queue, const MessageFilter &filter,
        const QByteArray &header);

private:
    ExportStream(QTcpSocket *socket, Engine &engine, const QString &queue, const MessageFilter &filter);
    Step slice(QByteArray *out) override;

    QPointer<Engine> m_engine;
    QString m_queue;
    MessageFilter m_filter;
    BrowseCursor m_cursor;
};

} // namespace depot::http
