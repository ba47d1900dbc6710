// HistoryBook's actor table: who did something to a message (a connection,
// an HTTP user, an SQS caller, the window), numbered, counted and freed when
// nothing names them any more (HistoryBook.h, "actors"). Split from
// HistoryBook.cpp, which keeps the stories and their journal.

#include "broker/engine/HistoryBook.h"

namespace depot::engine_detail {

QString HistoryBook::actorKey(const HistoryActor &actor)
{
    // Actors without a connection are interned: each HTTP user or SQS
    // caller is one actor. Every connection is one of its own.
    if (actor.kind == HistoryActor::Kind::Connection || actor.kind == HistoryActor::Kind::Broker)
        return QString();
    return QString::number(int(actor.kind)) + QChar(0x1f) + actor.name + QChar(0x1f) + actor.address + QChar(0x1f)
        + actor.user;
}

quint32 HistoryBook::internActor(const HistoryActor &actor)
{
    if (actor.kind == HistoryActor::Kind::Broker)
        return 0;
    const QString key = actorKey(actor);
    if (!key.isEmpty()) {
        if (const auto it = m_actorKeys.constFind(key); it != m_actorKeys.cend()) {
            holdActor(*it);
            return *it;
        }
    }
    quint32 number;
    if (!m_freeActors.empty()) {
        number = m_freeActors.back();
        m_freeActors.pop_back();
        m_actors[number - 1] = actor;
        m_actorJournaled[number - 1] = false;
        m_actorHolds[number - 1] = 1;
        m_actorPinned[number - 1] = false;
    } else {
        m_actors.push_back(actor);
        m_actorJournaled.push_back(false);
        m_actorHolds.push_back(1);
        m_actorPinned.push_back(false);
        number = quint32(m_actors.size());
    }
    if (!key.isEmpty())
        m_actorKeys.insert(key, number);
    return number;
}

void HistoryBook::holdActor(quint32 number)
{
    if (number != 0 && number <= m_actorHolds.size())
        ++m_actorHolds[number - 1];
}

void HistoryBook::releaseActor(quint32 number)
{
    if (number == 0 || number > m_actorHolds.size() || m_actorHolds[number - 1] == 0)
        return;
    if (--m_actorHolds[number - 1] > 0)
        return;
    HistoryActor &a = m_actors[number - 1];
    if (const QString key = actorKey(a); !key.isEmpty()) {
        if (const auto it = m_actorKeys.constFind(key); it != m_actorKeys.cend() && *it == number)
            m_actorKeys.erase(it);
    }
    a = HistoryActor{};
    // Journal rows of forgotten stories may still name the number until
    // the journal is compacted: a restart must not read them as the next
    // actor to get it.
    if (m_store)
        m_quarantinedActors.push_back(number);
    else
        m_freeActors.push_back(number);
}

void HistoryBook::holdActors(const Story &story)
{
    for (const HistoryEvent &e : story.events)
        holdActor(e.actor);
}

HistoryActor HistoryBook::actor(quint32 number) const
{
    if (number == 0 || number > m_actors.size())
        return HistoryActor{};
    return m_actors[number - 1];
}

} // namespace depot::engine_detail
