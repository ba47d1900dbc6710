#include "tests/support/TestSupport.h"

#include <QTcpServer>

namespace depot::test {

QString depotBinary()
{
    return qEnvironmentVariable("DEPOT_BINARY");
}

quint16 freePort()
{
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost, 0))
        return 0;
    return server.serverPort();
}

} // namespace depot::test
