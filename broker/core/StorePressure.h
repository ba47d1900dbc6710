#pragma once

// StorePressure: how many published bytes the store has been handed but not
// yet committed, across all producers of every protocol. Above the bound, the
// publish gate (PublishGate.h) refuses publishers until the
// store catches up to half of it: the writer thread sets the pace, and memory
// stays bounded however fast clients publish.

#include <deque>
#include <utility>

#include <QtGlobal>

namespace depot::core {

class StorePressure final
{
public:
    explicit StorePressure(quint64 maxPendingBytes, quint64 committed = 0)
        : m_max(maxPendingBytes), m_committed(committed)
    {
    }

    // A publish whose bytes are durable once `sequence` is committed.
    // Returns true when this made the pressure high.
    bool add(quint64 sequence, quint64 bytes);
    // The store committed up to `sequence`. Returns true when this ended a
    // high pressure.
    bool commit(quint64 sequence);

    quint64 committed() const { return m_committed; }
    quint64 pendingBytes() const { return m_pendingBytes; }
    bool high() const { return m_high; }

private:
    quint64 m_max;
    quint64 m_committed;
    quint64 m_pendingBytes = 0;
    bool m_high = false;
    // (sequence, bytes), sequences ascending; publishes sharing a sequence share an entry.
    std::deque<std::pair<quint64, quint64>> m_pending;
};

} // namespace depot::core
