#include "ui/views/TopologyActions.h"

#include "broker/core/BrokerService.h"
#include "broker/engine/Policy.h"
#include "ui/client/BrokerClient.h"
#include "ui/views/BindingDialog.h"
#include "ui/views/ExchangeDialog.h"
#include "ui/views/ExchangesPanel.h"
#include "ui/views/QueueListPanel.h"
#include "ui/views/WindowParts.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QMainWindow>
#include <QMessageBox>
#include <QTableView>
#include <QTreeView>
#include <algorithm>

namespace depot::ui {

namespace {

// "a, b, c and 4 more": what a question names, kept readable.
QString someOf(const QStringList &names)
{
    constexpr int Shown = 6;
    if (names.size() <= Shown + 1)
        return names.join(QStringLiteral(", "));
    return TopologyActions::tr("%1 and %Ln more", nullptr, int(names.size() - Shown))
        .arg(names.first(Shown).join(QStringLiteral(", ")));
}

QString destinationText(const BindingDef &b)
{
    return b.destinationKind == DestinationKind::Queue ? TopologyActions::tr("queue %1").arg(b.destination)
                                                       : TopologyActions::tr("exchange %1").arg(b.destination);
}

// "queue orders (key order.*)".
QString bindingText(const BindingDef &b)
{
    return b.routingKey.isEmpty() ? destinationText(b)
                                  : TopologyActions::tr("%1 (key %2)").arg(destinationText(b), b.routingKey);
}

} // namespace

TopologyActions::TopologyActions(QMainWindow *window, const Parts &parts)
    : ActionSet(window)
    , m_service(parts.service)
    , m_client(parts.client)
    , m_queues(parts.queues)
    , m_exchanges(parts.exchanges)
{
    const auto add = [this](const char *name, const QIcon &icon, const QString &text, std::function<void()> slot) {
        return addAction(name, icon, text, {}, std::move(slot));
    };
    add("createExchange", depotIcon("exchange"), tr("Create e&xchange…"), [this] { createExchange(); });
    add("deleteExchange", {}, tr("Delete exc&hange…"), [this] { deleteExchange(); });
    add("createBinding", {}, tr("Create &binding…"), [this] { createBinding(m_exchanges->currentExchange()); });
    add("deleteBinding", {}, tr("Delete bindin&g…"), [this] { deleteBinding(); });
    add("copyExchangeName", {}, tr("Copy &name"), [this] {
        const auto binding = m_exchanges->currentBinding();
        const auto exchange = m_exchanges->currentExchange();
        if (binding)
            QApplication::clipboard()->setText(binding->destination);
        else if (exchange)
            QApplication::clipboard()->setText(*exchange);
    });
    action(QStringLiteral("copyExchangeName"))
        ->setToolTip(tr("Copy the exchange's name, or the name of the queue or exchange a binding leads to"));
    add("bindQueue", {}, tr("Create &binding to this queue…"), [this] {
        if (!m_queues->currentQueue().isEmpty())
            createBinding(std::nullopt, std::make_pair(DestinationKind::Queue, m_queues->currentQueue()));
    });

    QTreeView *tree = m_exchanges->view();
    tree->setContextMenuPolicy(Qt::ActionsContextMenu);
    const auto separator = [this, tree] {
        auto *s = new QAction(this);
        s->setSeparator(true);
        tree->addAction(s);
    };
    tree->addAction(action(QStringLiteral("createExchange")));
    tree->addAction(action(QStringLiteral("deleteExchange")));
    separator();
    tree->addAction(action(QStringLiteral("createBinding")));
    tree->addAction(action(QStringLiteral("deleteBinding")));
    separator();
    tree->addAction(action(QStringLiteral("copyExchangeName")));
    m_queues->view()->addAction(action(QStringLiteral("bindQueue")));

    connect(m_client, &BrokerClient::snapshotUpdated, this, &TopologyActions::update);
    connect(m_client, &BrokerClient::brokerStateChanged, this, &TopologyActions::update);
    connect(m_exchanges, &ExchangesPanel::currentChanged, this, &TopologyActions::update);
    connect(m_queues, &QueueListPanel::currentQueueChanged, this, &TopologyActions::update);
    update();
}

TopologyActions::~TopologyActions() = default;

QString TopologyActions::undeletableReason(const QString &exchange)
{
    if (exchange.isEmpty())
        return tr("The default exchange is part of AMQP itself: every queue is reachable through it by name, "
                  "so it cannot be deleted.");
    if (exchange.startsWith(QStringLiteral("amq.")))
        return tr("Exchanges named amq.* are the broker's own, which clients may rely on: they cannot be deleted.");
    return {};
}

void TopologyActions::update()
{
    const bool running = m_service->isRunning();
    const auto exchange = m_exchanges->currentExchange();
    const auto binding = m_exchanges->currentBinding();
    const auto enable = [this](const char *name, bool on) { action(QLatin1String(name))->setEnabled(on); };
    enable("createExchange", running);
    enable("createBinding", running);
    enable("bindQueue", running && !m_queues->currentQueue().isEmpty());
    enable("deleteBinding", running && binding.has_value());
    enable("copyExchangeName", binding.has_value() || (exchange && !exchange->isEmpty()));
    // A binding row acts on its binding; Delete exchange needs an exchange row.
    const bool onExchange = exchange && !binding;
    const QString why = onExchange ? undeletableReason(*exchange) : QString();
    QAction *remove = action(QStringLiteral("deleteExchange"));
    remove->setEnabled(running && onExchange && why.isEmpty());
    remove->setToolTip(!onExchange ? tr("Select an exchange to delete it with its bindings")
            : !why.isEmpty()       ? why
                                   : tr("Delete %1 with its bindings").arg(*exchange));
}

// The broker's answer to a delete: a message box when refused, the status
// bar when done.
void TopologyActions::report(const QString &title, const QString &failure, const QString &success)
{
    if (!failure.isEmpty()) {
        QMessageBox::warning(m_window, title, failure);
        return;
    }
    showStatus(success);
    m_client->refreshNow();
}

ExchangeDialog *TopologyActions::createExchange()
{
    QStringList names;
    for (const ExchangeDef &e : m_client->snapshot()->exchanges)
        names << e.name;
    names.sort();
    auto *dialog = new ExchangeDialog(names, m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setSender([this](const ExchangeDef &exchange, FormDialog::Answer answer) {
        const bool posted = m_client->createExchange(this, exchange, [this, name = exchange.name, answer](Result<void> r) {
            if (!r.ok()) {
                answer(tr("Depot refused: %1").arg(r.error.text));
                return;
            }
            answer(QString());
            showStatus(tr("Created the exchange %1.").arg(name));
            m_client->refreshNow();
        });
        if (!posted)
            answer(tr("Depot is not running."));
    });
    dialog->open();
    return dialog;
}

BindingDialog *TopologyActions::createBinding(
    const std::optional<QString> &source, const std::optional<std::pair<DestinationKind, QString>> &destination)
{
    const SnapshotPtr snapshot = m_client->snapshot();
    auto *dialog = new BindingDialog(snapshot->exchanges, m_queues->queueNames(), snapshot->bindings, m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    if (source) {
        dialog->setSource(*source);
    } else {
        // From a queue: the first of the user's own exchanges rather than amq.*.
        for (const ExchangeDef &e : snapshot->exchanges) {
            if (!e.name.isEmpty() && !e.name.startsWith(QStringLiteral("amq."))) {
                dialog->setSource(e.name);
                break;
            }
        }
    }
    if (destination)
        dialog->setDestination(destination->first, destination->second);
    dialog->setSender([this](const BindingDef &binding, FormDialog::Answer answer) {
        const bool posted = m_client->bind(this, binding, [this, binding, answer](Result<void> r) {
            if (!r.ok()) {
                answer(tr("Depot refused: %1").arg(r.error.text));
                return;
            }
            answer(QString());
            showStatus(tr("Bound %1 to %2.").arg(destinationText(binding), binding.source));
            m_client->refreshNow();
        });
        if (!posted)
            answer(tr("Depot is not running."));
    });
    dialog->open();
    return dialog;
}

QString TopologyActions::deleteExchangeQuestion(const QString &exchange) const
{
    const SnapshotPtr snapshot = m_client->snapshot();
    QStringList from;
    QStringList into;
    for (const BindingDef &b : snapshot->bindings) {
        if (b.source == exchange)
            from << bindingText(b);
        else if (b.destinationKind == DestinationKind::Exchange && b.destination == exchange)
            into << b.source;
    }
    QStringList deadLettering;
    for (const QueueRow &q : snapshot->queues) {
        if (q.deadLetterExchange == exchange)
            deadLettering << q.name;
    }
    QStringList alternateOf;
    for (const ExchangeDef &e : snapshot->exchanges) {
        // By its own argument or by a policy, as the exchange routes.
        const QString ae = policy::effectiveAlternateExchange(
            e.arguments, snapshot->exchangePolicies.value(e.name).effectiveDefinition);
        if (e.name != exchange && ae == exchange)
            alternateOf << e.name;
    }
    // In the order the Exchanges tab lists them.
    from.sort();
    into.sort();
    deadLettering.sort();
    alternateOf.sort();
    QStringList parts{tr("Delete the exchange %1?").arg(exchange)};
    parts << (from.isEmpty() ? tr("It has no bindings.")
                             : tr("Its %Ln binding(s) go with it: %1.", nullptr, int(from.size())).arg(someOf(from)));
    if (!into.isEmpty())
        parts << tr("So do the bindings that lead to it from %1.").arg(someOf(into));
    if (!deadLettering.isEmpty())
        parts << tr("It is the dead-letter exchange of %1: their dead letters will be dropped until it exists again.")
                     .arg(someOf(deadLettering));
    if (!alternateOf.isEmpty())
        parts << tr("It is the alternate exchange of %1: what they cannot route will be dropped.")
                     .arg(someOf(alternateOf));
    parts << tr("This cannot be undone.");
    return parts.join(QLatin1Char(' '));
}

void TopologyActions::deleteExchange()
{
    const auto exchange = m_exchanges->currentExchange();
    if (!exchange || m_exchanges->currentBinding())
        return;
    if (const QString why = undeletableReason(*exchange); !why.isEmpty()) {
        showStatus(why);
        return;
    }
    if (!confirm(tr("Delete exchange"), deleteExchangeQuestion(*exchange)))
        return;
    const QString name = *exchange;
    m_client->deleteExchange(this, name, [this, name](Result<void> r) {
        report(tr("Delete exchange"), r.error.text, tr("Deleted the exchange %1.").arg(name));
    });
}

void TopologyActions::deleteBinding()
{
    const auto binding = m_exchanges->currentBinding();
    if (!binding)
        return;
    QString question = tr("Delete the binding from %1 to %2? Messages it routes will no longer reach %3.")
                           .arg(binding->source, bindingText(*binding), binding->destination);
    const SnapshotPtr snapshot = m_client->snapshot();
    const auto source = std::find_if(snapshot->exchanges.cbegin(), snapshot->exchanges.cend(),
        [&](const ExchangeDef &e) { return e.name == binding->source; });
    const auto fromSource = std::count_if(snapshot->bindings.cbegin(), snapshot->bindings.cend(),
        [&](const BindingDef &b) { return b.source == binding->source; });
    if (source != snapshot->exchanges.cend() && source->autoDelete && fromSource == 1)
        question += QLatin1Char(' ')
            + tr("It is the last binding of %1, which is auto-delete: the exchange goes with it.").arg(binding->source);
    if (!confirm(tr("Delete binding"), question))
        return;
    m_client->unbind(this, *binding, [this, b = *binding](Result<void> r) {
        report(tr("Delete binding"), r.error.text, tr("Removed the binding from %1 to %2.").arg(b.source, bindingText(b)));
    });
}

} // namespace depot::ui
