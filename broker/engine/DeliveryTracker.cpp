#include "broker/engine/DeliveryTracker.h"

#include "broker/engine/EnginePrivate.h"

#include <map>

namespace depot::engine_detail {

namespace {

void count(Queue *queue, Session *owner, Consumer *consumer, quint32 bytes)
{
    if (queue) {
        ++queue->unackedCount;
        queue->unackedBytes += bytes;
    }
    if (owner)
        ++owner->liveUnacked;
    if (consumer)
        ++consumer->unacked;
}

void uncount(const Lease &l)
{
    if (l.queue) {
        --l.queue->unackedCount;
        l.queue->unackedBytes -= l.entry.m.bodySize;
    }
    if (l.owner)
        --l.owner->liveUnacked;
    if (l.consumer)
        --l.consumer->unacked;
}

} // namespace

LeaseHandle DeliveryTracker::open(Queue *queue, Session *owner, Consumer *consumer, Entry &&entry, qint64 deadline)
{
    quint32 index;
    if (!m_free.empty()) {
        index = m_free.back();
        m_free.pop_back();
    } else {
        index = quint32(m_slots.size());
        m_slots.emplace_back();
    }
    Slot &s = m_slots[index];
    count(queue, owner, consumer, entry.m.bodySize);
    // A leased message blocks its group (sqs-fifo). Leased entries carry
    // their body, hence their group key.
    if (queue && queue->index.grouped()) [[unlikely]] {
        Q_ASSERT(entry.m.content);
        queue->index.groupLeased(entry.m.content ? entry.m.content->groupKey : QString());
    }
    s.lease.entry = std::move(entry);
    s.lease.queue = queue;
    s.lease.owner = owner;
    s.lease.consumer = consumer;
    s.lease.deadline = deadline;
    s.live = true;
    ++m_live;
    const LeaseHandle handle = handleOf(index);
    if (deadline) {
        ++m_withDeadline;
        pushDeadline(deadline, handle);
    }
    return handle;
}

Entry DeliveryTracker::close(LeaseHandle handle, DeliveryNote *note)
{
    Lease *l = find(handle);
    Q_ASSERT(l);
    uncount(*l);
    if (l->queue && l->queue->index.grouped()) [[unlikely]]
        l->queue->index.groupReturned(l->entry.m.content ? l->entry.m.content->groupKey : QString());
    if (l->deadline)
        --m_withDeadline;
    Entry out = std::move(l->entry);
    l->entry.m.content.reset();
    if (note)
        *note = std::move(l->delivery);
    l->delivery = DeliveryNote();
    const quint32 index = quint32(handle);
    Slot &s = m_slots[index];
    s.live = false;
    // Generation 0 would make handle 0 possible for slot 0: skipped on wrap.
    if (++s.generation == 0)
        s.generation = 1;
    m_free.push_back(index);
    --m_live;
    return out;
}

void DeliveryTracker::setDeadline(LeaseHandle handle, qint64 deadline)
{
    Lease *l = find(handle);
    Q_ASSERT(l);
    if (l->deadline == deadline)
        return;
    if (!l->deadline)
        ++m_withDeadline;
    else if (!deadline)
        --m_withDeadline;
    l->deadline = deadline;
    // The old heap entry, if any, is stale from now on and skipped.
    if (deadline)
        pushDeadline(deadline, handle);
}

void DeliveryTracker::disown(LeaseHandle handle)
{
    Lease *l = find(handle);
    Q_ASSERT(l);
    if (l->owner)
        --l->owner->liveUnacked;
    l->owner = nullptr;
}

void DeliveryTracker::forgetConsumer(LeaseHandle handle, const Consumer *consumer)
{
    Lease *l = find(handle);
    if (!l || l->consumer != consumer)
        return;
    --l->consumer->unacked;
    l->consumer = nullptr;
}

void DeliveryTracker::forgetQueue(const Queue *queue)
{
    for (Slot &s : m_slots) {
        if (s.live && s.lease.queue == queue) {
            s.lease.queue->unackedCount -= 1;
            s.lease.queue->unackedBytes -= s.lease.entry.m.bodySize;
            s.lease.queue = nullptr;
        }
    }
}

void DeliveryTracker::pushDeadline(qint64 at, LeaseHandle handle)
{
    m_deadlines.emplace(at, handle);
    // Extensions leave stale entries behind; rebuilt when they dominate.
    if (m_deadlines.size() > 1024 && m_deadlines.size() > 2 * m_withDeadline) {
        std::vector<Due> current;
        current.reserve(m_withDeadline);
        for (size_t i = 0; i < m_slots.size(); ++i) {
            const Slot &s = m_slots[i];
            if (s.live && s.lease.deadline)
                current.emplace_back(s.lease.deadline, handleOf(quint32(i)));
        }
        m_deadlines = decltype(m_deadlines)(std::greater<Due>(), std::move(current));
    }
}

bool DeliveryTracker::isCurrent(const Due &due) const
{
    const Lease *l = find(due.second);
    return l && l->deadline == due.first;
}

qint64 DeliveryTracker::nextDeadline()
{
    while (!m_deadlines.empty() && !isCurrent(m_deadlines.top()))
        m_deadlines.pop();
    return m_deadlines.empty() ? 0 : m_deadlines.top().first;
}

LeaseHandle DeliveryTracker::takeDue(qint64 now)
{
    const qint64 next = nextDeadline();
    if (!next || next > now)
        return 0;
    const LeaseHandle handle = m_deadlines.top().second;
    m_deadlines.pop();
    return handle;
}

QString DeliveryTracker::checkInvariants() const
{
    std::map<const Queue *, std::pair<quint64, quint64>> perQueue;
    std::map<const Session *, quint64> perOwner;
    std::map<const Consumer *, quint64> perConsumer;
    std::map<std::pair<const Queue *, QString>, quint32> perGroup;
    quint64 live = 0;
    quint64 withDeadline = 0;
    std::vector<bool> isFree(m_slots.size(), false);
    for (quint32 index : m_free) {
        if (index >= m_slots.size())
            return QStringLiteral("free slot %1 out of range").arg(index);
        if (isFree[index])
            return QStringLiteral("slot %1 is free twice").arg(index);
        isFree[index] = true;
    }
    std::vector<std::pair<qint64, LeaseHandle>> heap;
    {
        auto copy = m_deadlines;
        while (!copy.empty()) {
            heap.push_back(copy.top());
            copy.pop();
        }
    }
    for (size_t i = 0; i < m_slots.size(); ++i) {
        const Slot &s = m_slots[i];
        if (s.live == isFree[i])
            return QStringLiteral("slot %1 is %2 and %3 the free list")
                .arg(i)
                .arg(s.live ? QStringLiteral("live") : QStringLiteral("ended"),
                    isFree[i] ? QStringLiteral("on") : QStringLiteral("not on"));
        if (!s.live)
            continue;
        ++live;
        const Lease &l = s.lease;
        if (l.queue) {
            ++perQueue[l.queue].first;
            perQueue[l.queue].second += l.entry.m.bodySize;
            if (l.queue->index.grouped())
                ++perGroup[{l.queue, l.entry.m.content ? l.entry.m.content->groupKey : QString()}];
        }
        if (l.owner)
            ++perOwner[l.owner];
        if (l.consumer)
            ++perConsumer[l.consumer];
        if (l.deadline) {
            ++withDeadline;
            const Due want{l.deadline, handleOf(quint32(i))};
            if (std::find(heap.begin(), heap.end(), want) == heap.end())
                return QStringLiteral("lease in slot %1 has no entry for its deadline").arg(i);
        }
    }
    if (live != m_live)
        return QStringLiteral("%1 live leases counted as %2").arg(live).arg(m_live);
    if (withDeadline != m_withDeadline)
        return QStringLiteral("%1 leases with a deadline counted as %2").arg(withDeadline).arg(m_withDeadline);
    for (const auto &[queue, c] : perQueue) {
        if (queue->unackedCount != c.first || queue->unackedBytes != c.second)
            return QStringLiteral("queue '%1' counts %2 leases of %3 bytes, holds %4 of %5")
                .arg(queue->def.name)
                .arg(queue->unackedCount)
                .arg(queue->unackedBytes)
                .arg(c.first)
                .arg(c.second);
    }
    std::map<const Queue *, quint64> groupsPerQueue;
    for (const auto &[key, n] : perGroup) {
        ++groupsPerQueue[key.first];
        if (key.first->index.leasedInGroup(key.second) != n)
            return QStringLiteral("queue '%1' counts %2 leases in group '%3', holds %4")
                .arg(key.first->def.name)
                .arg(key.first->index.leasedInGroup(key.second))
                .arg(key.second)
                .arg(n);
    }
    for (const auto &[queue, c] : perQueue) {
        if (queue->index.grouped() && queue->index.blockedGroups() != groupsPerQueue[queue])
            return QStringLiteral("queue '%1' blocks %2 groups, its leases %3")
                .arg(queue->def.name)
                .arg(queue->index.blockedGroups())
                .arg(groupsPerQueue[queue]);
    }
    for (const auto &[owner, n] : perOwner) {
        if (owner->liveUnacked != n)
            return QStringLiteral("session %1 counts %2 leases, owns %3").arg(owner->id).arg(owner->liveUnacked).arg(n);
    }
    for (const auto &[consumer, n] : perConsumer) {
        if (consumer->unacked != n)
            return QStringLiteral("consumer '%1' counts %2 leases, holds %3")
                .arg(consumer->tag)
                .arg(consumer->unacked)
                .arg(n);
    }
    return {};
}

} // namespace depot::engine_detail
