#pragma once

// SliceStream: an HTTP answer written in slices on the broker thread, as
// chunks of a chunked answer (an export, a query's results). Each slice is
// one event-loop turn and does a bounded amount of work; a slice runs only
// while the socket has less than HighWater bytes waiting to be sent, so a
// slow reader holds a bounded amount of memory and the broker thread is
// never held long.
//
// It lives as a child of the socket: a client that goes away ends it (for a
// query, that is how an HTTP client cancels). A subclass writes each slice's
// data; it says when it is over (the last chunk is written and the
// connection closed) or when the answer must be cut short (the connection is
// aborted without the last chunk, so the client sees an incomplete answer
// rather than a short one that looks whole).

#include <QByteArray>
#include <QObject>

class QTcpSocket;

namespace depot::http {

class SliceStream : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SliceStream)

public:
    // Bytes waiting in the socket above which no slice runs.
    static constexpr qint64 HighWater = 1024 * 1024;

protected:
    enum class Step { More, End, Abort };

    explicit SliceStream(QTcpSocket *socket);
    // One slice: appends what it writes to `out`.
    virtual Step slice(QByteArray *out) = 0;
    // Writes one chunk now (nothing for empty data) and schedules the first slice.
    void begin(const QByteArray &first);

private:
    void schedule();
    void pump();
    void writeChunk(const QByteArray &data);

    QTcpSocket *m_socket;
    bool m_scheduled = false;
    bool m_finished = false;
};

} // namespace depot::http
