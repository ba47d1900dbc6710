#pragma once

// BindingDialog: binds a queue (or another exchange: Depot follows
// exchange-to-exchange bindings) to an exchange. The source is one of the
// exchanges there are (not the default exchange, which cannot be bound);
// the routing key's hint follows the source's type; for a headers exchange
// the binding's arguments are typed (text, whole number, number, true/false)
// because a header matches only a value of its own kind, with x-match
// chosen apart. Create stays disabled with the reason while the form cannot
// be a binding; the broker's refusal shows in the open dialog (FormDialog).

#include "broker/engine/Message.h"
#include "ui/views/FormDialog.h"

class QComboBox;
class QLineEdit;
class QTableWidget;

namespace depot::ui {

class BindingDialog final : public FormDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BindingDialog)

public:
    enum class ValueType { Text, Integer, Number, Boolean };

    // What there is now: the exchanges (with their types), the queues, and
    // the bindings (one that exists is refused).
    BindingDialog(const QList<ExchangeDef> &exchanges, const QStringList &queues, const QList<BindingDef> &bindings,
        QWidget *parent = nullptr);
    ~BindingDialog() override;

    // Pre-fills the form (from an exchange's or a queue's context menu).
    void setSource(const QString &exchange);
    void setDestination(DestinationKind kind, const QString &name);
    // Adds a row to the headers table.
    void addArgument(const QString &name = {}, ValueType type = ValueType::Text, const QString &value = {});

    BindingDef binding() const;
    QString validationError() const override;
    void setSender(std::function<void(const BindingDef &, Answer)> send);

    // Exposed for tests.
    QComboBox *sourceBox() const { return m_source; }
    QComboBox *destinationKindBox() const { return m_kind; }
    QComboBox *destinationBox() const { return m_destination; }
    QLineEdit *routingKeyEdit() const { return m_key; }
    QComboBox *matchBox() const { return m_match; }
    QTableWidget *argumentsTable() const { return m_arguments; }

private:
    const ExchangeDef *sourceExchange() const;
    bool sourceIsHeaders() const;
    void sourceChanged();
    void kindChanged();
    // Row `row`'s value as its type says, or why it is not one.
    std::optional<QVariant> argumentValue(int row, QString *why) const;

    QList<ExchangeDef> m_exchanges;
    QStringList m_queues;
    QList<BindingDef> m_bindings;
    QComboBox *m_source = nullptr;
    QComboBox *m_kind = nullptr;
    QComboBox *m_destination = nullptr;
    QLineEdit *m_key = nullptr;
    QComboBox *m_match = nullptr;
    QTableWidget *m_arguments = nullptr;
    QWidget *m_argumentsBox = nullptr;
};

} // namespace depot::ui
