#include "broker/net/SocketInput.h"

#include <QAbstractSocket>

#include <sys/ioctl.h>

namespace depot::net {

bool bytesWaiting(const QAbstractSocket &socket)
{
    if (socket.bytesAvailable() > 0)
        return true;
    const qintptr fd = socket.socketDescriptor();
    if (fd < 0)
        return false;
    int queued = 0;
    return ::ioctl(int(fd), FIONREAD, &queued) == 0 && queued > 0;
}

} // namespace depot::net
