#pragma once

// TopologyActions: exchanges and bindings from the window. Create exchange,
// Delete exchange (asked first, naming its bindings and the queues and
// exchanges that depend on it; the default exchange and amq.* cannot go),
// Create binding (pre-filled with the exchange or the queue it was asked
// from), Delete binding, Copy name. They make the Exchanges tab's context
// menu and reach the queue list's ("Create binding…" to that queue) and the
// Messages menu. Everything goes through BrokerClient; the GUI thread never
// waits.

#include "ui/views/ActionSet.h"
#include "broker/engine/Message.h"

#include <QHash>
#include <QObject>
#include <functional>
#include <optional>

class QAction;
class QMainWindow;

namespace depot {
class BrokerService;
}

namespace depot::ui {

class BindingDialog;
class BrokerClient;
class ExchangeDialog;
class ExchangesPanel;
class QueueListPanel;

class TopologyActions final : public ActionSet
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TopologyActions)

public:
    struct Parts
    {
        BrokerService *service = nullptr;
        BrokerClient *client = nullptr;
        QueueListPanel *queues = nullptr;
        ExchangesPanel *exchanges = nullptr;
    };

    TopologyActions(QMainWindow *window, const Parts &parts);
    ~TopologyActions() override;

    // By object name: createExchange, deleteExchange, createBinding,
    // deleteBinding, copyExchangeName (the Exchanges tab), bindQueue (the
    // queue list: a binding to the queue selected there).
    void update();

    // The dialogs open window-modal, not blocking; returned for tests.
    ExchangeDialog *createExchange();
    // Pre-filled with `source` and the destination when given.
    BindingDialog *createBinding(const std::optional<QString> &source,
        const std::optional<std::pair<DestinationKind, QString>> &destination = std::nullopt);
    void deleteExchange(); // the Exchanges tab's current exchange, after asking
    void deleteBinding(); // the Exchanges tab's current binding, after asking

    // Why `exchange` cannot be deleted (the default exchange, amq.*), or empty.
    static QString undeletableReason(const QString &exchange);


private:
    QString deleteExchangeQuestion(const QString &exchange) const;
    void report(const QString &title, const QString &failure, const QString &success);

    BrokerService *m_service;
    BrokerClient *m_client;
    QueueListPanel *m_queues;
    ExchangesPanel *m_exchanges;
};

} // namespace depot::ui
