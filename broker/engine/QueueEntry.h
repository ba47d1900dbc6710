#pragma once

// One message as a queue's index holds it, shared by the queue's ready index
// and the delivery tracker (a leased message carries its entry with it).

#include "broker/engine/Message.h"

namespace depot::engine_detail {

// Removed messages in the middle of a queue become tombstones (`dead`) so
// that positions and the id order stay valid without shifting the deque; they
// are trimmed at the head and compacted when they pile up.
struct Entry
{
    QueuedMessage m;
    quint64 storeSeq = 0; // store hand-over that holds its insert (paging waits for its commit)
    bool stored = false; // a row exists in the store
    bool dead = false;
    // Its story is not made yet: all it has is the publish, read off this
    // entry and its content (MessageContent::publisher) when something else
    // happens to it or someone asks (Engine::Private::storyOf). Fits in what
    // was padding.
    bool storyPending = false;
    // Read back from the store at start-up: its story may be in the
    // history journal although storyPending is set (handOut then asks the
    // history book; for any other entry storyPending alone says there is none).
    bool recovered = false;
};
static_assert(sizeof(Entry) <= 80, "one per queued message: keep it at 80 bytes");

} // namespace depot::engine_detail
