#pragma once

// SqsSection: the inspector's SQS tab. For a message of an SQS queue (or one
// an SQS client sent): its receipts (receive count, first receive, and when
// it is visible again, counted down once a second while it runs), the
// system attributes by the names ReceiveMessage returns them under, and its
// message attributes as the client sent them. It only displays the message
// it is given; when a countdown runs out while shown it says so
// (visibilityChanged) and the inspector reads the message again.

#include "broker/engine/Engine.h"

#include <QTreeWidget>

#include <functional>
#include <optional>

class QTimer;

namespace depot::ui {

class SqsSection final : public QTreeWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SqsSection)

public:
    explicit SqsSection(QWidget *parent = nullptr);
    ~SqsSection() override;

    // The clock the countdown reads (tests set a fixed one).
    void setClock(std::function<qint64()> clock) { m_clock = std::move(clock); }
    void showMessage(const MessageView &message, bool fifo);
    void clearMessage();
    // The line on when the message is visible again, as shown now.
    QString visibilityText() const;

Q_SIGNALS:
    // An in-flight message's visibility timeout (or a delay) ran out while shown.
    void visibilityChanged();

private:
    void updateVisibility(); // the countdown, once a second while one runs

    std::optional<MessageView> m_message;
    QTreeWidgetItem *m_visibilityItem = nullptr; // null when not shown
    QTimer *m_visibilityTick = nullptr;
    std::function<qint64()> m_clock;
};

} // namespace depot::ui
