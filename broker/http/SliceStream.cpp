#include "broker/http/SliceStream.h"

#include <QTcpSocket>
#include <QTimer>

namespace depot::http {

SliceStream::SliceStream(QTcpSocket *socket)
    : QObject(socket)
    , m_socket(socket)
{
    connect(socket, &QTcpSocket::bytesWritten, this, [this] {
        if (m_socket->bytesToWrite() < HighWater)
            schedule();
    });
}

void SliceStream::begin(const QByteArray &first)
{
    writeChunk(first);
    schedule();
}

void SliceStream::schedule()
{
    if (m_scheduled || m_finished)
        return;
    m_scheduled = true;
    QTimer::singleShot(0, this, [this] {
        m_scheduled = false;
        pump();
    });
}

void SliceStream::pump()
{
    if (m_finished)
        return;
    if (m_socket->state() != QAbstractSocket::ConnectedState) {
        m_finished = true;
        return;
    }
    if (m_socket->bytesToWrite() >= HighWater)
        return; // bytesWritten schedules the next slice
    QByteArray data;
    const Step step = slice(&data);
    if (step == Step::Abort) {
        m_finished = true;
        m_socket->abort();
        return;
    }
    writeChunk(data);
    if (step == Step::End) {
        m_finished = true;
        m_socket->write("0\r\n\r\n");
        // Closes once everything written has gone out; the server deletes
        // the socket (and this with it) when it is disconnected.
        m_socket->disconnectFromHost();
        return;
    }
    schedule();
}

void SliceStream::writeChunk(const QByteArray &data)
{
    if (data.isEmpty())
        return; // an empty chunk would end the answer
    m_socket->write(QByteArray::number(data.size(), 16) + "\r\n");
    m_socket->write(data);
    m_socket->write("\r\n");
}

} // namespace depot::http
