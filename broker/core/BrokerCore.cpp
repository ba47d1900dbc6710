#include "broker/core/BrokerCore.h"

#include "broker/auth/UserStore.h"
#include "broker/core/FreeMemory.h"
#include "broker/core/ListenerRegistry.h"
#include "broker/core/PortHolder.h"
#include "broker/core/PublishGate.h"
#include "broker/engine/Engine.h"
#include "broker/kafka/GroupCoordinator.h"
#include "broker/kafka/KafkaAdmin.h"
#include "broker/log/LogEngine.h"
#include "broker/log/StreamLogs.h"
#include "broker/stats/Stats.h"
#include "broker/store/PrivateFiles.h"
#include "broker/store/Store.h"

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QLockFile>
#include <QLoggingCategory>
#include <QPointer>
#include <QStorageInfo>
#include <QTcpServer>
#include <QTcpSocket>

namespace depot {

Q_LOGGING_CATEGORY(lcBroker, "depot.broker")

namespace {

QString lockFileName(const QString &dataDir)
{
    return QDir(dataDir).filePath(QStringLiteral("depot.lock"));
}

} // namespace

QString durabilityName(store::Durability durability)
{
    return durability == store::Durability::Fsync ? QStringLiteral("fsync") : QStringLiteral("normal");
}

BrokerCore::BrokerCore(BrokerOptions options)
    : m_options(std::move(options))
{
}

BrokerCore::~BrokerCore()
{
    shutdown();
}

BrokerStartResult BrokerCore::start()
{
    BrokerStartResult result;
    for (const ListenerEntry &listener : listenerRegistry()) {
        const std::optional<quint16> port = listenerPort(m_options, listener);
        if (!port)
            continue;   // switched off
        auto server = std::make_unique<QTcpServer>();
        if (!listen(*server, *port, listener, &result.error)) {
            shutdown();
            return result;
        }
        m_bound.emplace_back(&listener, std::move(server));
    }

    QElapsedTimer clock;
    clock.start();
    if (!m_options.inMemory) {
        if (!claimDataDir(&result.error)) {
            shutdown();
            return result;
        }
        // Read before the store opens, so a damaged users file is reported
        // before any recovery work.
        m_users = auth::UserStore::open(auth::UserStore::fileIn(m_options.dataDir), &result.error);
        if (!m_users) {
            shutdown();
            return result;
        }
        QString storeError;
        m_store = store::Store::open(m_options.dataDir, m_options.durability, &storeError);
        if (!m_store) {
            result.error = storeError.startsWith(QStringLiteral("depot: ")) ? storeError
                                                                          : QStringLiteral("depot: ") + storeError;
            shutdown();
            return result;
        }
        result.databaseFile = m_store->filePath();
    }

    if (!m_users) {
        QString unused;   // in memory nothing can fail
        m_users = auth::UserStore::open(QString(), &unused);
    }
    m_users->setCommandLineAccount(m_options.user, m_options.password);

    m_engine = std::make_unique<Engine>(m_store.get());
    if (m_store) {
        // The writer retries on its own. The "disk" alarm is how publishers
        // (connection.blocked), the window and the HTTP API learn of it; the
        // log says it once when it starts and once when it ends.
        Engine *engine = m_engine.get();
        connect(m_store.get(), &store::Store::writeFailed, this, [engine](const QString &error) {
            qCWarning(lcBroker).noquote() << error;
            engine->raiseAlarm(QStringLiteral("disk"), error);
        });
        connect(m_store.get(), &store::Store::writeRecovered, this, [engine, this] {
            qCInfo(lcBroker).noquote() << QStringLiteral("Depot writes to %1 again; publishers are unblocked")
                                                 .arg(QDir::toNativeSeparators(m_store->filePath()));
            engine->clearAlarm(QStringLiteral("disk"));
        });
    }
    m_engine->setHistorySettings(m_options.history);
    m_engine->recover();
    if (m_store) {
        result.recovery = recoveryLines(clock.elapsed());
        for (const QString &line : std::as_const(result.recovery))
            qCInfo(lcBroker).noquote() << line;
    } else {
        qCInfo(lcBroker) << "running in memory: nothing is written to disk or kept across restarts";
    }

    result.ok = true;
    core::PublishGateOptions gateOptions;
    gateOptions.memoryHighWatermark = memoryHighWatermark();
    m_gate = std::make_unique<core::PublishGate>(*m_engine, gateOptions);
    m_logs = std::make_unique<log::LogEngine>(m_store.get());
    m_logs->recover(QDateTime::currentMSecsSinceEpoch());
    // What recovery built and dropped goes back to the system now, not
    // whenever malloc gets round to it (FreeMemory.h).
    if (m_store)
        core::releaseFreeMemory();
    // In memory, a Kafka log holds every batch until retention or a deletion
    // removes it: counted toward the memory high-watermark, so producers are
    // held before memory runs out (docs/kafka.md, "Durability").
    if (!m_store) {
        m_gate->addRetainedBytes(
            m_logs.get(), [logs = m_logs.get()] { return quint64(logs->heldBytes()); },
            QStringLiteral("are Kafka records kept in memory (--in-memory), which leave only by retention "
                           "(retention.ms, retention.bytes) or by deleting their topics"));
    }
    // Stream queues keep their messages in the log engine.
    m_streams = std::make_unique<log::StreamLogs>(*m_logs);
    m_engine->setStreamLog(m_streams.get());
    m_groups = std::make_unique<kafka::GroupCoordinator>();
    m_groups->restore(m_logs->committedOffsets());
    m_kafkaAdmin = std::make_unique<kafka::KafkaAdmin>(*m_logs, m_groups.get(), m_gate.get());
    const ListenerContext context{*m_engine, *m_gate, *m_users, m_options, *m_logs, *m_groups, *m_kafkaAdmin};
    for (auto &[listener, server] : m_bound) {
        result.ports.insert(listener->name, server->serverPort());
        m_listeners.push_back(listener->start(std::move(server), context));
    }
    m_bound.clear();
    result.stats = &m_engine->stats();
    return result;
}

quint64 BrokerCore::memoryHighWatermark() const
{
    if (m_options.memoryHighWatermarkBytes > 0) {
        qCInfo(lcBroker).noquote() << QStringLiteral("memory high-watermark: %1")
                                          .arg(core::formatBytes(m_options.memoryHighWatermarkBytes));
        return m_options.memoryHighWatermarkBytes;
    }
    const quint64 physical = core::physicalMemoryBytes();
    if (physical == 0) {
        qCWarning(lcBroker) << "cannot tell how much memory this machine has: no memory high-watermark; set an"
                               " absolute one with --memory-high-watermark";
        return 0;
    }
    const quint64 mark = quint64(double(physical) * m_options.memoryHighWatermarkFraction);
    qCInfo(lcBroker).noquote() << QStringLiteral("memory high-watermark: %1 (%2 of %3)")
                                      .arg(core::formatBytes(mark))
                                      .arg(m_options.memoryHighWatermarkFraction)
                                      .arg(core::formatBytes(physical));
    return mark;
}

void BrokerCore::shutdown()
{
    // Close client connections first (unacked messages go back to their
    // queues), then stop accepting, so nothing new arrives while the store
    // drains.
    for (std::unique_ptr<QObject> &listener : m_listeners)
        listener.reset();
    m_listeners.clear();
    m_bound.clear();
    m_kafkaAdmin.reset();
    m_gate.reset();
    m_groups.reset();
    if (m_engine)
        m_engine->setStreamLog(nullptr);
    m_streams.reset();
    m_logs.reset();
    // A clean quit ends every undo the window still offered: what it set
    // aside is removed for good (a crash instead brings it back).
    if (m_engine)
        m_engine->discardAllAside();
    if (m_engine && m_store) {
        m_engine->flushStore();
        if (!m_store->flush())
            qCWarning(lcBroker) << "the store did not finish committing before shutdown";
    }
    if (m_store)
        m_store->close();
    m_engine.reset();
    m_store.reset();
    m_users.reset();
    // Released last: another depot may take the directory only once the
    // database is closed.
    m_dataDirLock.reset();
}

bool BrokerCore::listen(QTcpServer &server, quint16 port, const ListenerEntry &listener, QString *error)
{
    // Binding happens before the data dir and the store are touched, so a
    // taken port is reported first; the protocol servers take the bound
    // listeners over once the engine has recovered.
    const QHostAddress address = listenAddress(m_options, listener);
    if (server.listen(address, port))
        return true;
    const QString &what = listener.title;
    const QString flag = listener.flag();

    if (server.serverError() == QAbstractSocket::AddressInUseError) {
        QString holder;
        if (const auto info = findPortHolder(port))
            holder = QStringLiteral(" (held by %1, pid %2)").arg(info->name).arg(info->pid);
        *error = QStringLiteral("depot: %1 port %2 is already in use%3; choose another with %4")
                     .arg(what).arg(port).arg(holder, flag);
    } else {
        *error = QStringLiteral("depot: cannot listen on %1 port %2 at %3: %4; choose another with %5")
                     .arg(what)
                     .arg(port)
                     .arg(address.toString(), server.errorString(), flag);
    }
    return false;
}

bool BrokerCore::claimDataDir(QString *error)
{
    const QString dir = m_options.dataDir;
    const auto fail = [&](const QString &reason) {
        *error = QStringLiteral("depot: cannot use data directory %1: %2; choose another with --data-dir")
                     .arg(dir, reason);
        return false;
    };
    // Every stored message body is in there: 0700, and refused when it is
    // another user's (docs/security.md).
    QString tightened;
    if (const QString why = store::claimPrivateDirectory(dir, &tightened); !why.isEmpty())
        return fail(why);
    if (!tightened.isEmpty())
        qCInfo(lcBroker).noquote() << tightened;

    // Permission bits say nothing when running as root, so try for real.
    // Depot does not start on a directory it cannot write: recovery itself
    // writes, and a broker that cannot take a single message is better
    // refused at once than found blocked later.
    if (const QString why = store::probeWritable(dir); !why.isEmpty()) {
        const QStorageInfo volume(dir);
        *error = volume.isReadOnly()
            ? QStringLiteral("depot: cannot use data directory %1: its file system is read-only (%2); make it "
                             "writable or choose another with --data-dir").arg(dir, why)
            : volume.bytesAvailable() == 0
            ? QStringLiteral("depot: cannot use data directory %1: its disk is full (%2); free some space or "
                             "choose another with --data-dir").arg(dir, why)
            : QStringLiteral("depot: cannot use data directory %1: it is not writable (%2); choose another with "
                             "--data-dir").arg(dir, why);
        return false;
    }

    // Two brokers on one database would each believe they own the messages.
    m_dataDirLock = std::make_unique<QLockFile>(lockFileName(dir));
    m_dataDirLock->setStaleLockTime(0);   // stale only when its process is gone (kill -9)
    if (m_dataDirLock->tryLock(0)) {
        store::makeFilePrivate(lockFileName(dir));
        return true;
    }
    if (m_dataDirLock->error() == QLockFile::LockFailedError) {
        qint64 pid = 0;
        QString host, app;
        m_dataDirLock->getLockInfo(&pid, &host, &app);
        m_dataDirLock.reset();
        return fail(QStringLiteral("another depot (pid %1) is using it").arg(pid));
    }
    m_dataDirLock.reset();
    return fail(QStringLiteral("its lock file cannot be created"));
}

QStringList BrokerCore::recoveryLines(qint64 elapsedMs) const
{
    QStringList lines;
    quint64 queues = 0;
    quint64 messages = 0;
    const QList<QueueInfo> infos = m_engine->queues();
    for (const QueueInfo &queue : infos) {
        if (!queue.def.durable)
            continue;
        ++queues;
        const quint64 count = queue.ready + queue.unacked;
        messages += count;
        lines << QStringLiteral("recovered queue '%1': %2 messages, %3 bytes")
                     .arg(queue.def.name)
                     .arg(count)
                     .arg(queue.bytes);
    }
    lines << QStringLiteral("recovered %1 queues with %2 messages from %3 in %4 ms")
                 .arg(queues)
                 .arg(messages)
                 .arg(m_store->filePath())
                 .arg(elapsedMs);
    return lines;
}

} // namespace depot
