#include "broker/engine/QueueIndex.h"

#include <algorithm>
#include <set>

namespace depot::engine_detail {

namespace {

auto byId = [](const Entry &x, MessageId v) { return x.m.id < v; };

} // namespace

QueueIndex::QueueIndex(int maxPriority)
    : m_levels(size_t(std::max(maxPriority, 0)) + 1)
    , m_tombstones(m_levels.size(), 0)
{
}

void QueueIndex::pushReady(Entry &&e, quint64 keepInMemory)
{
    const quint8 level = levelFor(e.m.priority);
    ++m_readyCount;
    m_readyBytes += e.m.bodySize;
    if (e.stored && e.m.content && m_readyCount > keepInMemory && !m_grouped)
        m_pageCandidates.emplace_back(e.storeSeq, e.m.id, level);
    m_levels[level].push_back(std::move(e));
}

void QueueIndex::insertReady(Entry &&e)
{
    const quint8 level = levelFor(e.m.priority);
    auto &dq = m_levels[level];
    ++m_readyCount;
    m_readyBytes += e.m.bodySize;
    if (dq.empty() || dq.back().m.id < e.m.id) {
        dq.push_back(std::move(e));
        return;
    }
    auto it = std::lower_bound(dq.begin(), dq.end(), e.m.id, byId);
    if (it != dq.end() && it->m.id == e.m.id && it->dead) {
        *it = std::move(e); // its own tombstone: revive it in place
        --m_tombstones[level];
        return;
    }
    dq.insert(it, std::move(e));
}

Entry *QueueIndex::findReady(MessageId id, quint8 level)
{
    auto &dq = m_levels[level];
    auto it = std::lower_bound(dq.begin(), dq.end(), id, byId);
    if (it == dq.end() || it->m.id != id || it->dead)
        return nullptr;
    return &*it;
}

Entry *QueueIndex::findReady(MessageId id)
{
    for (size_t level = 0; level < m_levels.size(); ++level) {
        if (Entry *e = findReady(id, quint8(level)))
            return e;
    }
    return nullptr;
}

void QueueIndex::trimLevel(quint8 level)
{
    auto &dq = m_levels[level];
    auto &tomb = m_tombstones[level];
    while (!dq.empty() && dq.front().dead) {
        dq.pop_front();
        --tomb;
    }
    // Tombstones left by removals in the middle (expiry, transfers) are
    // compacted once they outnumber the live messages.
    if (tomb > 1024 && tomb * 2 > dq.size()) {
        std::erase_if(dq, [](const Entry &e) { return e.dead; });
        tomb = 0;
    }
}

Entry QueueIndex::takeReady(Entry *e)
{
    Entry out = std::move(*e);
    e->dead = true;
    e->m.content.reset();
    --m_readyCount;
    m_readyBytes -= out.m.bodySize;
    const quint8 level = levelFor(out.m.priority);
    ++m_tombstones[level];
    trimLevel(level);
    return out;
}

Entry *QueueIndex::head()
{
    for (int level = int(m_levels.size()) - 1; level >= 0; --level) {
        auto &dq = m_levels[size_t(level)];
        if (!dq.empty())
            return &dq.front(); // trimLevel keeps fronts live
    }
    return nullptr;
}

void QueueIndex::groupReturned(const QString &group)
{
    const auto it = m_leasedPerGroup.find(group);
    Q_ASSERT(it != m_leasedPerGroup.end());
    if (it != m_leasedPerGroup.end() && --*it == 0)
        m_leasedPerGroup.erase(it);
}

Entry *QueueIndex::headDeliverable(const std::vector<QString> *taking)
{
    if (!m_grouped || m_leasedPerGroup.isEmpty())
        return head();
    for (int level = int(m_levels.size()) - 1; level >= 0; --level) {
        for (Entry &e : m_levels[size_t(level)]) {
            if (e.dead)
                continue;
            if (!e.m.content)
                return &e;
            const QString &group = e.m.content->groupKey;
            if (!groupBlocked(group) || (taking && std::find(taking->begin(), taking->end(), group) != taking->end()))
                return &e;
        }
    }
    return nullptr;
}

void QueueIndex::addDelayed(Entry &&e)
{
    m_delayedBytes += e.m.bodySize;
    const qint64 at = e.m.readyAt;
    m_delayed.emplace(at, std::move(e));
}

Entry QueueIndex::takeFirstDelayed()
{
    auto node = m_delayed.extract(m_delayed.begin());
    m_delayedBytes -= node.mapped().m.bodySize;
    return std::move(node.mapped());
}

bool QueueIndex::removeDelayed(MessageId id, Entry *out)
{
    for (auto it = m_delayed.begin(); it != m_delayed.end(); ++it) {
        if (it->second.m.id == id) {
            m_delayedBytes -= it->second.m.bodySize;
            *out = std::move(it->second);
            m_delayed.erase(it);
            return true;
        }
    }
    return false;
}

void QueueIndex::watchExpiry(const Entry &e)
{
    if (e.m.expiresAt)
        m_expiries.push({e.m.expiresAt, e.m.id, levelFor(e.m.priority)});
}

std::vector<std::pair<MessageId, quint8>> QueueIndex::takeDueExpiries(qint64 now)
{
    std::vector<std::pair<MessageId, quint8>> due;
    while (!m_expiries.empty() && m_expiries.top().at <= now) {
        const ExpiryKey k = m_expiries.top();
        m_expiries.pop();
        if (Entry *e = findReady(k.id, k.priority); e && e->m.expiresAt == k.at)
            due.emplace_back(k.id, k.priority);
    }
    return due;
}

void QueueIndex::addPageCandidate(const Entry &e)
{
    if (m_grouped)
        return;
    m_pageCandidates.emplace_back(e.storeSeq, e.m.id, levelFor(e.m.priority));
}

void QueueIndex::dropCommittedBodies(quint64 sequence, quint64 keepInMemory)
{
    while (!m_pageCandidates.empty() && std::get<0>(m_pageCandidates.front()) <= sequence) {
        const auto [seq, id, level] = m_pageCandidates.front();
        m_pageCandidates.pop_front();
        auto &dq = m_levels[level];
        auto it = std::lower_bound(dq.begin(), dq.end(), id, byId);
        if (it == dq.end() || it->m.id != id || it->dead || !it->stored)
            continue;
        if (quint64(it - dq.begin()) < keepInMemory)
            continue;
        it->m.content.reset();
    }
}

void QueueIndex::clear()
{
    for (size_t i = 0; i < m_levels.size(); ++i) {
        m_levels[i].clear();
        m_tombstones[i] = 0;
    }
    m_delayed.clear();
    m_expiries = {};
    m_pageCandidates.clear();
    m_readyCount = 0;
    m_readyBytes = 0;
    m_delayedBytes = 0;
}

std::vector<Entry> QueueIndex::takeAll()
{
    std::vector<Entry> out;
    out.reserve(size_t(m_readyCount) + m_delayed.size());
    for (auto &dq : m_levels) {
        for (Entry &e : dq) {
            if (!e.dead)
                out.push_back(std::move(e));
        }
    }
    for (auto &[at, e] : m_delayed)
        out.push_back(std::move(e));
    clear();
    return out;
}

void QueueIndex::restoreReady(std::vector<Entry> &&entries)
{
    std::vector<std::vector<Entry>> perLevel(m_levels.size());
    for (Entry &e : entries) {
        watchExpiry(e);
        ++m_readyCount;
        m_readyBytes += e.m.bodySize;
        perLevel[levelFor(e.m.priority)].push_back(std::move(e));
    }
    for (size_t level = 0; level < m_levels.size(); ++level) {
        std::vector<Entry> &back = perLevel[level];
        if (back.empty())
            continue;
        std::sort(back.begin(), back.end(), [](const Entry &a, const Entry &b) { return a.m.id < b.m.id; });
        // Tombstones (the restored messages' own among them) are dropped by the merge.
        std::deque<Entry> merged;
        auto &dq = m_levels[level];
        auto it = back.begin();
        for (Entry &e : dq) {
            if (e.dead)
                continue;
            while (it != back.end() && it->m.id < e.m.id)
                merged.push_back(std::move(*it++));
            merged.push_back(std::move(e));
        }
        while (it != back.end())
            merged.push_back(std::move(*it++));
        dq = std::move(merged);
        m_tombstones[level] = 0;
    }
}

QString QueueIndex::checkInvariants() const
{
    quint64 count = 0;
    quint64 bytes = 0;
    std::set<std::pair<qint64, MessageId>> keys;
    {
        auto copy = m_expiries;
        while (!copy.empty()) {
            keys.emplace(copy.top().at, copy.top().id);
            copy.pop();
        }
    }
    for (size_t l = 0; l < m_levels.size(); ++l) {
        const auto &dq = m_levels[l];
        quint64 dead = 0;
        for (size_t i = 0; i < dq.size(); ++i) {
            const Entry &e = dq[i];
            if (i > 0 && dq[i - 1].m.id >= e.m.id)
                return QStringLiteral("level %1 is not in id order at %2").arg(l).arg(i);
            if (levelFor(e.m.priority) != l)
                return QStringLiteral("message %1 of priority %2 is in level %3").arg(e.m.id).arg(e.m.priority).arg(l);
            if (e.dead) {
                ++dead;
                continue;
            }
            ++count;
            bytes += e.m.bodySize;
            if (e.m.expiresAt && !keys.count({e.m.expiresAt, e.m.id}))
                return QStringLiteral("message %1 expires unwatched").arg(e.m.id);
        }
        if (dead != m_tombstones[l])
            return QStringLiteral("level %1 has %2 tombstones, counts %3").arg(l).arg(dead).arg(m_tombstones[l]);
        if (!dq.empty() && dq.front().dead)
            return QStringLiteral("level %1 starts with a tombstone").arg(l);
    }
    if (count != m_readyCount || bytes != m_readyBytes)
        return QStringLiteral("%1 ready messages of %2 bytes, counted %3 of %4")
            .arg(count)
            .arg(bytes)
            .arg(m_readyCount)
            .arg(m_readyBytes);
    quint64 delayedBytes = 0;
    for (const auto &[at, e] : m_delayed) {
        if (at != e.m.readyAt)
            return QStringLiteral("delayed message %1 filed under %2, due %3").arg(e.m.id).arg(at).arg(e.m.readyAt);
        delayedBytes += e.m.bodySize;
    }
    if (delayedBytes != m_delayedBytes)
        return QStringLiteral("%1 delayed bytes, counted %2").arg(delayedBytes).arg(m_delayedBytes);
    return {};
}

} // namespace depot::engine_detail
