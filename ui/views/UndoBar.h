#pragma once

// UndoBar: the window's offer to undo a Delete or Purge. The engine sets the
// messages aside for Engine::AsideHoldMs (Engine::setAside); this bar, a
// banner across the top of the window (BrokerStatus's notification area),
// says what went and for how long it can come back ("Purged 1,200,000
// messages from orders. Undo within 27 seconds."),
// with an Undo button; the Undo action (Ctrl+Z, in the Edit menu) does the
// same. Several offers stack: Undo takes back the newest still open. It
// holds tokens, never the messages: those stay in the engine.

#include "broker/engine/Engine.h"

#include <QList>
#include <QWidget>

class QAction;
class QLabel;
class QPushButton;
class QTimer;

namespace depot::ui {

class BrokerClient;

class UndoBar final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(UndoBar)

public:
    explicit UndoBar(BrokerClient *client, QWidget *parent = nullptr);
    ~UndoBar() override;

    enum class Kind { Deleted, Purged };
    // Offers to undo what the engine set aside (nothing when it set none aside).
    void offer(Kind kind, const AsideReport &report);
    // Restores the newest open offer; nothing when there is none.
    void undo();

    QAction *undoAction() const { return m_action; }
    QPushButton *undoButton() const { return m_button; }
    QLabel *label() const { return m_label; }
    int openOffers() const { return int(m_offers.size()); }

Q_SIGNALS:
    // The engine put `count` messages back into `queue`.
    void restored(const QString &queue, quint64 count);
    // Restoring failed (the time ran out meanwhile, the queue was deleted).
    void failed(const QString &text);

private:
    struct Offer
    {
        Kind kind = Kind::Deleted;
        AsideReport report;
    };
    // Drops offers whose time ran out; shows the newest, or hides.
    void refresh();

    BrokerClient *m_client;
    QList<Offer> m_offers; // oldest first
    QLabel *m_label = nullptr;
    QPushButton *m_button = nullptr;
    QAction *m_action = nullptr;
    QTimer *m_tick = nullptr;
};

} // namespace depot::ui
