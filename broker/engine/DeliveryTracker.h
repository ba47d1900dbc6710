#pragma once

// DeliveryTracker: every message handed out and not yet settled is a lease,
// and the tracker owns them all: the leased entry, its owner (a session, or
// nobody), its optional deadline, and the counts the rest of the engine reads
// (per queue, per owning session, per consumer). A lease is named by an
// opaque LeaseHandle that stays valid however its owner goes away, and that
// never names another lease once its own has ended (a slot's generation is
// part of the handle).
//
// Invariants (checkInvariants() verifies them, the unit test runs it after
// every step):
//  - every live lease's queue, owner and consumer count it exactly once:
//    Queue::unackedCount/unackedBytes, Session::liveUnacked, Consumer::unacked;
//  - every live lease with a deadline has an entry for that deadline in the
//    deadline heap (stale heap entries are skipped when they surface);
//  - a slot is either live or on the free list, never both.
//
// Storage is a slot vector with a free list: after warm-up, opening and
// closing a lease allocates nothing. Pointers returned by find() are valid
// until the next open().

#include "broker/engine/Engine.h"
#include "broker/engine/HistoryBook.h"
#include "broker/engine/QueueEntry.h"

#include <functional>
#include <queue>
#include <vector>

namespace depot::engine_detail {

struct Queue;
struct Session;
struct Consumer;

struct Lease
{
    Entry entry;
    DeliveryNote delivery; // see HistoryBook.h
    Queue *queue = nullptr; // null once the queue was deleted
    Session *owner = nullptr; // null: nobody's (Engine::lease, recovered, owner closed)
    Consumer *consumer = nullptr; // null for get()/lease() or once the consumer was cancelled
    qint64 deadline = 0; // ms since the epoch; 0 = none (held until settled or released)
};

class DeliveryTracker final
{
public:
    DeliveryTracker() = default;
    Q_DISABLE_COPY_MOVE(DeliveryTracker)

    // Takes `entry` as a new lease and counts it.
    LeaseHandle open(Queue *queue, Session *owner, Consumer *consumer, Entry &&entry, qint64 deadline);
    // The live lease a handle names, or null (ended, or never existed).
    Lease *find(LeaseHandle handle)
    {
        const quint32 index = quint32(handle);
        if (index >= m_slots.size())
            return nullptr;
        Slot &s = m_slots[index];
        return s.live && s.generation == quint32(handle >> 32) ? &s.lease : nullptr;
    }
    const Lease *find(LeaseHandle handle) const { return const_cast<DeliveryTracker *>(this)->find(handle); }
    // Ends a live lease: its counts drop and its entry is handed back (and
    // its delivery note, when asked).
    Entry close(LeaseHandle handle, DeliveryNote *note = nullptr);

    // A new deadline for a live lease (0: none).
    void setDeadline(LeaseHandle handle, qint64 deadline);
    // The owner is gone; the lease stays, owned by nobody.
    void disown(LeaseHandle handle);
    // The consumer was cancelled; its leases stay with their owner.
    void forgetConsumer(LeaseHandle handle, const Consumer *consumer);
    // The queue was deleted: its leases stay until settled, counted nowhere.
    void forgetQueue(const Queue *queue);

    // The earliest deadline of a live lease, 0 when none.
    qint64 nextDeadline();
    // A live lease whose deadline is at or before `now`, or 0 when none.
    LeaseHandle takeDue(qint64 now);

    quint64 size() const { return m_live; }
    quint64 withDeadline() const { return m_withDeadline; }

    // Visits every live lease (browse, inspection). Cost: the slot count.
    template <typename F> void forEach(F &&visit) const
    {
        for (size_t i = 0; i < m_slots.size(); ++i) {
            const Slot &s = m_slots[i];
            if (s.live)
                visit(handleOf(quint32(i)), s.lease);
        }
    }

    // Empty when the invariants above hold, else what is wrong (tests).
    QString checkInvariants() const;

private:
    struct Slot
    {
        Lease lease;
        quint32 generation = 1;
        bool live = false;
    };
    using Due = std::pair<qint64, LeaseHandle>;

    LeaseHandle handleOf(quint32 index) const { return (quint64(m_slots[index].generation) << 32) | index; }
    void pushDeadline(qint64 at, LeaseHandle handle);
    bool isCurrent(const Due &due) const;

    std::vector<Slot> m_slots;
    std::vector<quint32> m_free;
    std::priority_queue<Due, std::vector<Due>, std::greater<Due>> m_deadlines;
    quint64 m_live = 0;
    quint64 m_withDeadline = 0;
};

} // namespace depot::engine_detail
