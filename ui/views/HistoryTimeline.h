#pragma once

// HistoryTimeline: the life story of one message (broker/engine/History.h)
// as a timeline, oldest event first: when, what happened, who did it and the
// details (queues, consumer, reason, the ids it was given), each event marked
// with a coloured dot by its kind (green: in, blue: handed out, amber:
// refused or expired, red: gone against the odds, violet: moved by someone).
// Above it, one line on the message: its ids, message-id, correlation-id and
// where it is, or when it went. Details wrap in their column; below the
// list, the chosen event is shown whole (selectable, to copy). Shown by the inspector's History tab and the
// "Find a gone message" dialog; it only displays what it is given.

#include "broker/engine/History.h"

#include <QWidget>

class QLabel;
class QTreeWidget;

namespace depot::ui {

class HistoryTimeline final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HistoryTimeline)

public:
    enum Column { TimeColumn, EventColumn, ActorColumn, DetailsColumn };

    explicit HistoryTimeline(QWidget *parent = nullptr);
    ~HistoryTimeline() override;

    void showStory(const MessageStory &story);
    // No story to show, and why (loading, none kept, history off).
    void showNote(const QString &note);

    QTreeWidget *events() const { return m_events; }
    QLabel *summary() const { return m_summary; }
    QLabel *eventDetails() const { return m_details; }

    // The words the timeline uses, for the dialog's result list too.
    static QString eventLabel(HistoryEventKind kind);
    static QString actorText(const HistoryActor &actor);
    static QString detailsText(const HistoryEvent &event);
    static QString storySummary(const MessageStory &story);

private:
    void showCurrentEvent();

    QLabel *m_summary = nullptr;
    QTreeWidget *m_events = nullptr;
    QLabel *m_details = nullptr; // the current event, in full
};

} // namespace depot::ui
