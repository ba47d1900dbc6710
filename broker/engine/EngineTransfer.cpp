#include "broker/engine/EnginePrivate.h"

// EngineTransfer.cpp: replay, move and copy of ready messages between queues,
// in slices so the broker keeps serving while a large transfer runs. Each
// message moves in one step: out of the source and into the target in
// memory, and with one moveMessage in the store.

namespace depot {

using namespace engine_detail;

namespace {

// Where a dead letter came from: its typed history's first death (a header a
// client set proves nothing).
QString originalQueue(const MessageContent &content)
{
    return content.deaths.originalQueue();
}

} // namespace

Result<std::unique_ptr<Engine::Private::Transfer>> Engine::Private::prepareTransfer(const TransferSpec &spec)
{
    using R = Result<std::unique_ptr<Transfer>>;
    Private *d = this;
    Queue *source = d->findQueue(spec.source);
    if (!source)
        return R{nullptr, {ErrorKind::NotFound, QStringLiteral("no queue '%1' in vhost '/'").arg(spec.source)}};
    if (!spec.target.isEmpty()) {
        if (!d->findQueue(spec.target))
            return R{nullptr, {ErrorKind::NotFound, QStringLiteral("no queue '%1' in vhost '/'").arg(spec.target)}};
        if (spec.target == spec.source)
            return R{nullptr, {ErrorKind::PreconditionFailed,
                               QStringLiteral("cannot transfer messages from queue '%1' to itself").arg(spec.source)}};
    }
    if (spec.filter.regex && !spec.filter.isEmpty() && !QRegularExpression(spec.filter.text).isValid())
        return R{nullptr, {ErrorKind::InvalidArgument,
                           QStringLiteral("invalid regular expression '%1'").arg(spec.filter.text)}};
    if (!spec.filter.query.isValid())
        return R{nullptr, {ErrorKind::InvalidArgument, QStringLiteral("the query '%1' is not valid").arg(spec.filter.query.text())}};
    auto t = std::make_unique<Transfer>();
    t->actor = actor;
    history.holdActor(actor); // until finishTransfer: its events name them
    t->spec = spec;
    if (!spec.ids.isEmpty()) {
        t->ids = spec.ids;
    } else {
        // Ready messages in delivery order; a filter needs their bodies, read in batches.
        std::vector<Entry *> window;
        const qint64 nowMs = q->now();
        auto flush = [&] {
            if (!spec.filter.isEmpty()) {
                std::vector<Entry *> need;
                for (Entry *e : window)
                    if (!e->m.content)
                        need.push_back(e);
                // Read without keeping: deep bodies stay paged out.
                QList<MessageId> ids;
                for (Entry *e : need)
                    ids.append(e->m.id);
                const auto loaded = d->store && !ids.isEmpty() ? d->store->loadContents(ids)
                                                               : QHash<MessageId, ContentPtr>();
                for (Entry *e : window) {
                    QueuedMessage m = e->m;
                    if (!m.content)
                        m.content = loaded.value(e->m.id);
                    if (m.content && spec.filter.matches(spec.source, m, nowMs))
                        t->ids.append(e->m.id);
                }
            } else {
                for (Entry *e : window)
                    t->ids.append(e->m.id);
            }
            window.clear();
        };
        for (int level = source->index.levelCount() - 1; level >= 0; --level) {
            for (Entry &e : source->index.level(level)) {
                if (e.dead)
                    continue;
                window.push_back(&e);
                if (window.size() >= size_t(LoadBatch))
                    flush();
            }
        }
        flush();
    }
    t->report.total = quint64(t->ids.size());
    return R{std::move(t), {}};
}

// Moves or copies the next `budget` messages. Returns true when more remain.
bool Engine::Private::runTransferSlice(quint64 id, int budget)
{
    const auto it = transfers.find(id);
    if (it == transfers.end())
        return false;
    Transfer &t = *it->second;
    if (t.report.cancelled)
        return false;
    Queue *source = findQueue(t.spec.source);
    if (!source) {
        if (t.report.error.isEmpty())
            t.report.error = QStringLiteral("queue '%1' was deleted").arg(t.spec.source);
        t.report.skipped += quint64(t.ids.size() - t.next);
        t.next = t.ids.size();
        return false;
    }
    const qsizetype end = std::min(t.ids.size(), t.next + budget);
    {
        std::vector<Entry *> need;
        for (qsizetype i = t.next; i < end; ++i) {
            Entry *e = findAnyLevel(source, t.ids.at(i));
            if (e && !e->m.content)
                need.push_back(e);
        }
        ensureContents(need);
    }
    ++depth;
    const bool move = t.spec.mode == TransferSpec::Mode::Move;
    const qint64 nowMs = now();
    for (; t.next < end; ++t.next) {
        const MessageId mid = t.ids.at(t.next);
        Entry *e = findAnyLevel(source, mid);
        if (!e || !e->m.content) {
            ++t.report.skipped;   // consumed, expired or deleted meanwhile
            continue;
        }
        const QString targetName = t.spec.target.isEmpty() ? originalQueue(*e->m.content) : t.spec.target;
        Queue *target = targetName.isEmpty() ? nullptr : findQueue(targetName);
        if (!target || target == source) {
            ++t.report.skipped;
            if (t.report.error.isEmpty()) {
                t.report.error = targetName.isEmpty()
                    ? QStringLiteral("message %1 has no original queue").arg(mid)
                    : (target ? QStringLiteral("message %1 would go back to the queue it is in").arg(mid)
                              : QStringLiteral("no queue '%1' in vhost '/'").arg(targetName));
            }
            continue;
        }
        if (!applyOverflow(target, e->m.bodySize, e->m.content, nullptr)) {
            ++t.report.skipped;
            if (t.report.error.isEmpty())
                t.report.error = QStringLiteral("queue '%1' is full").arg(targetName);
            continue;
        }
        e = findAnyLevel(source, mid);   // drop-head in the target may have run code
        if (!e) {
            ++t.report.skipped;
            continue;
        }
        // It keeps where and when it was first enqueued: a content that
        // does not say yet is replaced by one that does (the store rewrites
        // the moved row's content with it).
        const ContentPtr content = withOrigin(e->m.content, source->def.name, e->m.enqueuedAt);
        const bool newContent = content != e->m.content;
        Entry n;
        n.m = e->m;
        n.m.content = content;
        n.m.id = nextId();
        n.m.deliveryCount = 0;
        n.m.firstDeliveredAfter = 0;
        n.m.redelivered = false;
        n.m.enqueuedAt = nowMs;
        n.m.readyAt = 0;
        n.m.priority = cappedPriority(*target, *content);
        const qint64 ttl = effectiveTtl(*target, *content);
        n.m.expiresAt = ttl >= 0 ? std::max<qint64>(1, nowMs + ttl) : 0;
        // An SQS target's retention counts from the move (a redriven message
        // starts over, as after StartMessageMoveTask).
        if (target->args.retentionMs > 0 && (!n.m.expiresAt || n.m.expiresAt > nowMs + target->args.retentionMs))
            n.m.expiresAt = nowMs + target->args.retentionMs;
        const bool targetStores = store && target->storeId && n.m.persistent;
        // Its story goes along (a move, a replay) or is forked (a copy).
        HistoryBook::StoryPtr story;
        if (history.enabled() && storyOf(source->def.name, *e)) {
            story = history.find(mid);
            if (move) {
                HistoryEvent ev = historyEvent(
                    t.spec.target.isEmpty() ? HistoryEventKind::Replayed : HistoryEventKind::Moved, source->def.name, t.actor);
                ev.detail = target->def.name;
                ev.link = n.m.id;
                history.record(story.get(), std::move(ev));
                story->inTransit = true;
            }
        }
        if (move) {
            Entry old = takeReady(source, e);
            if (old.stored && targetStores) {
                QueuedMessage state = n.m;
                if (!newContent)
                    state.content.reset();   // the stored content stays as it is
                store->moveMessage(old.m.id, target->storeId, state);
                n.stored = true;
                n.storeSeq = store->pendingSequence();
            } else {
                dropEntry(source, std::move(old));
                persistInsert(target, n, content);
            }
        } else {
            persistInsert(target, n, content);
        }
        if (story && move) {
            history.rename(story, n.m.id, target->def.name, n.stored);
        } else if (story) {
            const HistoryBook::StoryPtr copy = history.fork(*story, n.m.id, target->def.name, n.stored);
            HistoryEvent ev = historyEvent(HistoryEventKind::Copied, source->def.name, t.actor);
            ev.detail = target->def.name;
            ev.link = n.m.id;
            HistoryEvent mirrored = ev;
            mirrored.link = mid;
            mirrored.reason = QStringLiteral("copy");
            history.record(story.get(), std::move(ev));
            history.record(copy.get(), std::move(mirrored));
        }
        if (n.stored && target->index.readyCount() + 1 > InMemoryHead)
            target->index.addPageCandidate(n);
        stats.add(Counter::Published, target->def.name);
        const qint64 expiresAt = n.m.expiresAt;
        target->index.watchExpiry(n);
        insertReady(target, std::move(n));
        if (expiresAt)
            schedule(target, expiresAt);
        ++t.report.done;
        dispatch(target);
    }
    --depth;
    flushGraveyard();
    Q_EMIT q->transferProgress(id, t.report.done, t.report.total);
    return t.next < t.ids.size() && !t.report.cancelled;
}

void Engine::Private::scheduleTransfer(quint64 id)
{
    // Each slice is one event-loop turn: the store commits it as one
    // transaction, and deliveries and other clients get their turn between.
    QTimer::singleShot(0, q, [this, id] {
        if (runTransferSlice(id, TransferSlice))
            scheduleTransfer(id);
        else
            finishTransfer(id);
    });
}

void Engine::Private::finishTransfer(quint64 id, bool waitForCommit)
{
    const auto it = transfers.find(id);
    if (it == transfers.end())
        return;
    const TransferReport report = it->second->report;
    history.releaseActor(it->second->actor);
    transfers.erase(it);
    // "Done" must mean durable: a user who sees a replay finish and quits (or
    // a crash right then) must find the messages where they were moved.
    if (waitForCommit && store) {
        const quint64 seq = store->submit();
        if (store->committedSequence() < seq) {
            uncommittedTransferReports.emplace_back(seq, report);
            return;
        }
    }
    Q_EMIT q->transferFinished(report);
}

void Engine::Private::reportCommittedTransfers(quint64 committedSeq)
{
    std::vector<TransferReport> ready;
    std::erase_if(uncommittedTransferReports, [&](const auto &entry) {
        if (entry.first > committedSeq)
            return false;
        ready.push_back(entry.second);
        return true;
    });
    for (const TransferReport &report : ready)
        Q_EMIT q->transferFinished(report);
}

Result<quint64> Engine::startTransfer(const TransferSpec &spec)
{
    auto prepared = d->prepareTransfer(spec);
    if (!prepared.ok())
        return {0, prepared.error};
    const quint64 id = d->nextTransferId++;
    prepared.value->report.id = id;
    d->transfers.emplace(id, std::move(prepared.value));
    d->scheduleTransfer(id);
    return {id, {}};
}

void Engine::cancelTransfer(quint64 transferId)
{
    const auto it = d->transfers.find(transferId);
    if (it != d->transfers.end())
        it->second->report.cancelled = true;
}

Result<TransferReport> Engine::transfer(const TransferSpec &spec)
{
    auto prepared = d->prepareTransfer(spec);
    if (!prepared.ok())
        return {{}, prepared.error};
    const quint64 id = d->nextTransferId++;
    prepared.value->report.id = id;
    d->transfers.emplace(id, std::move(prepared.value));
    while (d->runTransferSlice(id, Private::TransferSlice)) {
    }
    const TransferReport report = d->transfers.at(id)->report;
    d->finishTransfer(id, false);
    return {report, {}};
}

} // namespace depot
