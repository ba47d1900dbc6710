#pragma once

// ExportStream: writes one queue's messages to an HTTP client as a Depot
// export (docs/export-format.md), in slices on the broker thread: each slice
// looks at a few hundred messages through Engine::browseNext (whose cursor
// resumes by id, so a queue that moves meanwhile is neither skipped through
// nor read twice), encodes them and writes one chunk. It writes only while
// the socket has less than a bound waiting to be sent, so a slow reader holds
// a bounded amount of memory and the broker thread is never held long.
//
// It lives as a child of the socket: a client that goes away ends it. When
// the walk is over it writes the last chunk and closes the connection; if the
// queue is deleted meanwhile it aborts the connection, so the client sees an
// incomplete answer rather than a short export that looks whole.

#include "broker/engine/Engine.h"

#include <QObject>
#include <QPointer>

class QTcpSocket;

namespace depot::http {

class ExportStream final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ExportStream)

public:
    // Messages looked at per slice (one event-loop turn).
    static constexpr quint64 Slice = 500;
    // Bytes waiting in the socket above which no slice runs.
    static constexpr qint64 HighWater = 1024 * 1024;

    // Starts streaming at once; `header` is the export's first line.
    static void start(QTcpSocket *socket, Engine &engine, const QString &queue, const MessageFilter &filter,
        const QByteArray &header);

    quint64 written() const { return m_written; }

private:
    ExportStream(QTcpSocket *socket, Engine &engine, const QString &queue, const MessageFilter &filter);
    void schedule();
    void pump();
    void writeChunk(const QByteArray &data);
    void end();

    QTcpSocket *m_socket;
    QPointer<Engine> m_engine;
    QString m_queue;
    MessageFilter m_filter;
    BrowseCursor m_cursor;
    quint64 m_written = 0;
    bool m_scheduled = false;
    bool m_finished = false;
};

} // namespace depot::http
