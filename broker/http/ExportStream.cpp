#include "broker/http/ExportStream.h"

#include "broker/export/ExportFormat.h"

#include <QTcpSocket>
#include <QTimer>

namespace depot::http {

void ExportStream::start(
    QTcpSocket *socket, Engine &engine, const QString &queue, const MessageFilter &filter, const QByteArray &header)
{
    auto *stream = new ExportStream(socket, engine, queue, filter);
    stream->writeChunk(header);
    stream->schedule();
}

ExportStream::ExportStream(QTcpSocket *socket, Engine &engine, const QString &queue, const MessageFilter &filter)
    : QObject(socket)
    , m_socket(socket)
    , m_engine(&engine)
    , m_queue(queue)
    , m_filter(filter)
{
    connect(socket, &QTcpSocket::bytesWritten, this, [this] {
        if (m_socket->bytesToWrite() < HighWater)
            schedule();
    });
}

void ExportStream::schedule()
{
    if (m_scheduled || m_finished)
        return;
    m_scheduled = true;
    QTimer::singleShot(0, this, [this] {
        m_scheduled = false;
        pump();
    });
}

void ExportStream::pump()
{
    if (m_finished)
        return;
    if (m_socket->state() != QAbstractSocket::ConnectedState) {
        m_finished = true;
        return;
    }
    if (m_socket->bytesToWrite() >= HighWater)
        return; // bytesWritten schedules the next slice
    if (!m_engine || !m_engine->queue(m_queue)) {
        // Cut short without the last chunk: the client must not take what
        // it got for the whole queue.
        m_finished = true;
        m_socket->abort();
        return;
    }
    const QList<MessageView> views = m_engine->browseNext(m_queue, &m_cursor, Slice, m_filter);
    QByteArray data;
    for (const MessageView &view : views) {
        exportformat::ExportedMessage m;
        m.id = view.state.id;
        m.content = *view.state.content;
        m.redelivered = view.state.redelivered;
        m.deliveryCount = view.state.deliveryCount;
        m.enqueuedAt = view.state.enqueuedAt;
        data += exportformat::encodeMessage(m);
    }
    m_written += quint64(views.size());
    writeChunk(data);
    if (m_cursor.done) {
        end();
        return;
    }
    schedule();
}

void ExportStream::writeChunk(const QByteArray &data)
{
    if (data.isEmpty())
        return; // an empty chunk would end the answer
    m_socket->write(QByteArray::number(data.size(), 16) + "\r\n");
    m_socket->write(data);
    m_socket->write("\r\n");
}

void ExportStream::end()
{
    m_finished = true;
    m_socket->write("0\r\n\r\n");
    // Closes once everything written has gone out; the server deletes the
    // socket (and this with it) when it is disconnected.
    m_socket->disconnectFromHost();
}

} // namespace depot::http
