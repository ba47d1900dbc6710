#include "broker/core/MemoryWatermark.h"

#include "broker/engine/Engine.h"

#include <QFile>
#include <QLoggingCategory>

#if defined(Q_OS_WIN)
#include <windows.h>
#elif defined(Q_OS_UNIX)
#include <unistd.h>
#endif

namespace depot::core {

Q_LOGGING_CATEGORY(lcMemory, "depot.memory")

namespace {

// A cgroup's limit file holds a number of bytes, or "max" (v2) / a huge
// number (v1) for none.
quint64 readLimitFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return 0;
    bool ok = false;
    const quint64 value = file.readAll().trimmed().toULongLong(&ok);
    return ok ? value : 0;
}

quint64 cgroupLimitBytes()
{
#if defined(Q_OS_LINUX)
    // cgroup v2 at the unified mount (a container sees its own group there),
    // then cgroup v1's memory controller.
    if (const quint64 v2 = readLimitFile(QStringLiteral("/sys/fs/cgroup/memory.max")))
        return v2;
    return readLimitFile(QStringLiteral("/sys/fs/cgroup/memory/memory.limit_in_bytes"));
#else
    return 0;
#endif
}

} // namespace

quint64 physicalMemoryBytes()
{
    quint64 physical = 0;
#if defined(Q_OS_WIN)
    MEMORYSTATUSEX status;
    status.dwLength = sizeof(status);
    if (GlobalMemoryStatusEx(&status))
        physical = quint64(status.ullTotalPhys);
#elif defined(Q_OS_UNIX) && defined(_SC_PHYS_PAGES)
    const long pages = sysconf(_SC_PHYS_PAGES);
    const long pageSize = sysconf(_SC_PAGESIZE);
    if (pages > 0 && pageSize > 0)
        physical = quint64(pages) * quint64(pageSize);
#endif
    const quint64 cgroup = cgroupLimitBytes();
    if (cgroup > 0 && (physical == 0 || cgroup < physical))
        return cgroup;
    return physical;
}

QString formatBytes(quint64 bytes)
{
    static const char *const units[] = {"KiB", "MiB", "GiB", "TiB", "PiB"};
    if (bytes < 1024)
        return QStringLiteral("%1 B").arg(bytes);
    double value = double(bytes);
    int unit = -1;
    while (value >= 1024.0 && unit < 4) {
        value /= 1024.0;
        ++unit;
    }
    // Whole numbers without decimals ("8 MiB"), others with one ("8.3 MiB").
    const bool whole = value == double(quint64(value));
    return QStringLiteral("%1 %2").arg(value, 0, 'f', whole ? 0 : 1).arg(QLatin1StringView(units[unit]));
}

MemoryWatermark::MemoryWatermark(
    Engine &engine, quint64 limit, std::function<quint64()> connectionBytes,
    std::function<quint64(QStringList *)> retainedBytes, QObject *parent)
    : QObject(parent)
    , m_engine(&engine)
    , m_limit(limit)
    , m_connectionBytes(std::move(connectionBytes))
    , m_retainedBytes(std::move(retainedBytes))
{
    m_timer.setInterval(IntervalMs);
    m_timer.setTimerType(Qt::CoarseTimer);
    connect(&m_timer, &QTimer::timeout, this, &MemoryWatermark::sample);
    m_timer.start();
    sample();
}

MemoryWatermark::~MemoryWatermark()
{
    if (m_raised && m_engine)
        m_engine->clearAlarm(QString::fromLatin1(AlarmSource));
}

void MemoryWatermark::sample()
{
    if (!m_engine)
        return;
    m_lastConnectionBytes = m_connectionBytes ? m_connectionBytes() : 0;
    m_retainedHolders.clear();
    m_lastRetainedBytes = m_retainedBytes ? m_retainedBytes(&m_retainedHolders) : 0;
    evaluate(m_engine->bodyBytesInMemory() + m_lastConnectionBytes + m_lastRetainedBytes);
}

void MemoryWatermark::onPublish()
{
    if (!m_engine)
        return;
    const quint64 used = m_engine->bodyBytesInMemory() + m_lastConnectionBytes + m_lastRetainedBytes;
    // Only crossing upwards is decided here; going down waits for a full
    // sample, which also sees the connections drain.
    if (!m_raised && used > m_limit)
        evaluate(used);
    else
        m_used = used;
}

void MemoryWatermark::evaluate(quint64 used)
{
    m_used = used;
    if (!m_raised && used > m_limit) {
        m_raised = true;
        const QString text = alarmText(used);
        qCWarning(lcMemory).noquote() << text;
        m_engine->raiseAlarm(QString::fromLatin1(AlarmSource), text);
    } else if (m_raised && double(used) < double(m_limit) * ClearRatio) {
        m_raised = false;
        qCInfo(lcMemory).noquote() << QStringLiteral("Depot: memory use %1 is below the high-watermark %2 again; "
                                                     "publishers may go on")
                                          .arg(formatBytes(used), formatBytes(m_limit));
        m_engine->clearAlarm(QString::fromLatin1(AlarmSource));
    }
}

QString MemoryWatermark::alarmText(quint64 used) const
{
    QString text = QStringLiteral("Depot: memory high-watermark reached: %1 of messages held in memory, limit %2 "
                                  "(--memory-high-watermark); publishers are blocked until consumers drain the queues")
                       .arg(formatBytes(used), formatBytes(m_limit));
    // What consumers cannot drain is named, with how it leaves.
    if (!m_retainedHolders.isEmpty())
        text += QStringLiteral(" (%1)").arg(m_retainedHolders.join(QStringLiteral("; ")));
    return text;
}

} // namespace depot::core
