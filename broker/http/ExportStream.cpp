#include "broker/http/ExportStream.h"

#include "broker/export/ExportFormat.h"

namespace depot::http {

void ExportStream::start(
    QTcpSocket *socket, Engine &engine, const QString &queue, const MessageFilter &filter, const QByteArray &header)
{
    auto *stream = new ExportStream(socket, engine, queue, filter);
    stream->begin(header);
}

ExportStream::ExportStream(QTcpSocket *socket, Engine &engine, const QString &queue, const MessageFilter &filter)
    : SliceStream(socket)
    , m_engine(&engine)
    , m_queue(queue)
    , m_filter(filter)
{
}

SliceStream::Step ExportStream::slice(QByteArray *out)
{
    if (!m_engine || !m_engine->queue(m_queue))
        return Step::Abort;
    const QList<MessageView> views = m_engine->browseNext(m_queue, &m_cursor, Slice, m_filter);
    for (const MessageView &view : views) {
        exportformat::ExportedMessage m;
        m.id = view.state.id;
        m.content = *view.state.content;
        m.redelivered = view.state.redelivered;
        m.deliveryCount = view.state.deliveryCount;
        m.enqueuedAt = view.state.enqueuedAt;
        *out += exportformat::encodeMessage(m);
    }
    return m_cursor.done ? Step::End : Step::More;
}

} // namespace depot::http
