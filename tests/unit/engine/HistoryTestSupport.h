#pragma once

// What the message history tests share.

#include "broker/engine/History.h"

namespace depot::test {

// The kinds of a story's events, in order.
inline QList<HistoryEventKind> historyKinds(const MessageStory &story)
{
    QList<HistoryEventKind> out;
    for (const HistoryEntry &e : story.events)
        out.append(e.event.kind);
    return out;
}

} // namespace depot::test
