#include "broker/core/StorePressure.h"

namespace depot::core {

bool StorePressure::add(quint64 sequence, quint64 bytes)
{
    if (sequence == 0 || sequence <= m_committed)
        return false;
    if (!m_pending.empty() && m_pending.back().first >= sequence)
        m_pending.back().second += bytes;
    else
        m_pending.emplace_back(sequence, bytes);
    m_pendingBytes += bytes;
    if (!m_high && m_max > 0 && m_pendingBytes > m_max) {
        m_high = true;
        return true;
    }
    return false;
}

bool StorePressure::commit(quint64 sequence)
{
    if (sequence > m_committed)
        m_committed = sequence;
    while (!m_pending.empty() && m_pending.front().first <= m_committed) {
        m_pendingBytes -= m_pending.front().second;
        m_pending.pop_front();
    }
    if (m_high && m_pendingBytes <= m_max / 2) {
        m_high = false;
        return true;
    }
    return false;
}

} // namespace depot::core
