#pragma once

// AcceptGuard: keeps a listening QTcpServer from spinning, or from stopping
// for good, when the process runs out of file descriptors. Qt retries an
// accept() that failed with EMFILE as long as a client waits (or pauses the
// server and never resumes it, depending on how the error is classified), so
// the guard pauses the server while fewer than DescriptorHeadroom descriptors
// are left and looks again twice a second; waiting clients stay in the
// kernel's backlog meanwhile. Every AMQP and HTTP listener has one.

#include <QObject>
#include <QPointer>
#include <QString>
#include <QtGlobal>

class QTcpServer;

namespace depot::net {

// Descriptors kept free for everything that is not a client socket: the
// store's files, the other listener's clients, the window.
inline constexpr int DescriptorHeadroom = 32;
// How long a paused listener rests before looking again.
inline constexpr int AcceptRetryMs = 500;

// Whether fewer than DescriptorHeadroom descriptors are left. A duplicate of
// `fd` gets the lowest free number, so every number below it is taken.
bool descriptorsRunningOut(qintptr fd);

class AcceptGuard final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AcceptGuard)

public:
    // `what` names the listener in the log ("HTTP"). Connect after whoever
    // takes the server's pending connections, so the check runs after them.
    AcceptGuard(QTcpServer *server, QString what, QObject *parent = nullptr);

    bool paused() const { return m_paused; }

private:
    void check();
    void pause();

    QPointer<QTcpServer> m_server;
    QString m_what;
    bool m_paused = false;
};

} // namespace depot::net
