#pragma once

// QueueIndex: a queue's messages that are not leased, in the order they are
// delivered. It owns the ready messages (one deque per priority level, each
// in id order, with tombstones for removals in the middle), the delayed ones
// (by due time), the watch list of expiry times, and the stored messages
// whose bodies may leave memory once committed (paging). Leased messages are
// the DeliveryTracker's.
//
// Invariants (checkInvariants() verifies them; the unit test runs it after
// every step):
//  - each level is sorted by id, ids unique; its tombstone count is the
//    number of dead entries in it, and its front is never a tombstone;
//  - readyCount/readyBytes are the count and body bytes of the live ready
//    entries; delayedBytes those of the delayed ones;
//  - every live ready entry with an expiry has a key for that time in the
//    expiry heap (keys for messages gone or changed are skipped lazily).
//
// Message groups (sqs-fifo: a group is blocked while one of its messages is
// leased): a grouped index counts the leased messages per group (the
// DeliveryTracker tells it, as leases open and close), and headDeliverable()
// skips the entries of blocked groups, leaving the order and the positions
// as they are. Since each level is in id order and a message returns to its
// id position, the first entry of a group that is not blocked is the
// earliest of that group: no message overtakes an earlier one of its group.
// A grouped index keeps its bodies in memory (the group key is in the
// content): its messages are never paging candidates.

#include "broker/engine/QueueEntry.h"

#include <QHash>
#include <deque>
#include <map>
#include <queue>
#include <vector>

namespace depot::engine_detail {

struct ExpiryKey
{
    qint64 at = 0;
    MessageId id = 0;
    quint8 priority = 0; // the level
    bool operator>(const ExpiryKey &o) const { return at > o.at || (at == o.at && id > o.id); }
};

class QueueIndex final
{
public:
    // Priority levels 0..maxPriority (one level for a queue without priorities).
    explicit QueueIndex(int maxPriority = 0);

    int levelCount() const { return int(m_levels.size()); }
    quint8 levelFor(quint8 priority) const { return quint8(std::min<int>(priority, int(m_levels.size()) - 1)); }

    // ---- ready messages ----
    quint64 readyCount() const { return m_readyCount; }
    quint64 readyBytes() const { return m_readyBytes; }
    // At the tail of its level (a new message). A stored message with its
    // body in memory, deeper than `keepInMemory`, becomes a paging candidate.
    void pushReady(Entry &&e, quint64 keepInMemory);
    // At its id position (requeue, a delayed message coming due), reviving
    // its own tombstone when it left one.
    void insertReady(Entry &&e);
    Entry *findReady(MessageId id, quint8 level);
    Entry *findReady(MessageId id); // any level
    // Tombstones it and hands the message back.
    Entry takeReady(Entry *e);
    // The next message to deliver: the front of the highest non-empty level.
    Entry *head();

    // ---- message groups ----
    void setGrouped(bool grouped) { m_grouped = grouped; }
    bool grouped() const { return m_grouped; }
    // A message of `group` was leased / its lease ended.
    void groupLeased(const QString &group) { ++m_leasedPerGroup[group]; }
    void groupReturned(const QString &group);
    bool groupBlocked(const QString &group) const { return m_leasedPerGroup.contains(group); }
    quint32 leasedInGroup(const QString &group) const { return m_leasedPerGroup.value(group); }
    quint64 blockedGroups() const { return quint64(m_leasedPerGroup.size()); }
    // head(), except that a grouped index skips the messages of blocked
    // groups other than those in `taking` (the groups the caller is leasing
    // from in this very call: SQS hands out several messages of one group in
    // one receive). An entry whose body is not in memory is returned as it
    // is (the caller loads it and asks again).
    Entry *headDeliverable(const std::vector<QString> *taking = nullptr);
    const std::deque<Entry> &level(int level) const { return m_levels[size_t(level)]; }
    std::deque<Entry> &level(int level) { return m_levels[size_t(level)]; } // bodies only (paging)
    quint64 tombstones(int level) const { return m_tombstones[size_t(level)]; }

    // ---- delayed messages (invisible until e.m.readyAt) ----
    void addDelayed(Entry &&e);
    size_t delayedCount() const { return m_delayed.size(); }
    quint64 delayedBytes() const { return m_delayedBytes; }
    qint64 nextDelayedAt() const { return m_delayed.empty() ? 0 : m_delayed.begin()->first; }
    Entry takeFirstDelayed();
    bool removeDelayed(MessageId id, Entry *out);
    const std::multimap<qint64, Entry> &delayed() const { return m_delayed; }

    // ---- expiries ----
    void watchExpiry(const Entry &e); // no-op without an expiry
    qint64 nextExpiry() const { return m_expiries.empty() ? 0 : m_expiries.top().at; }
    // Keys due at `now` whose message is still ready with that expiry, in
    // time order, as (id, level).
    std::vector<std::pair<MessageId, quint8>> takeDueExpiries(qint64 now);

    // ---- paging ----
    void addPageCandidate(const Entry &e);
    // Drops the bodies of candidates committed up to `sequence` that are not
    // among the first `keepInMemory` of their level.
    void dropCommittedBodies(quint64 sequence, quint64 keepInMemory);

    // Everything goes (purge).
    void clear();
    // Everything goes, handed back: the ready messages then the delayed ones.
    std::vector<Entry> takeAll();
    // Ready messages taken out before go back to their id positions, in one
    // merge per level (a queue of millions costs one pass, not one insert
    // each). Their expiries are watched again; the caller schedules them.
    void restoreReady(std::vector<Entry> &&entries);

    // Empty when the invariants above hold, else what is wrong (tests).
    QString checkInvariants() const;

private:
    void trimLevel(quint8 level);

    bool m_grouped = false;
    QHash<QString, quint32> m_leasedPerGroup; // groups with a leased message, and how many
    std::vector<std::deque<Entry>> m_levels;
    std::vector<quint64> m_tombstones;
    quint64 m_readyCount = 0;
    quint64 m_readyBytes = 0;
    std::multimap<qint64, Entry> m_delayed;
    quint64 m_delayedBytes = 0;
    // Lazily validated: a key whose message is gone or changed is skipped.
    std::priority_queue<ExpiryKey, std::vector<ExpiryKey>, std::greater<ExpiryKey>> m_expiries;
    // Stored messages whose bodies may be dropped once committed (store seq, id, level).
    std::deque<std::tuple<quint64, MessageId, quint8>> m_pageCandidates;
};

} // namespace depot::engine_detail
