#pragma once

// ExchangeDialog: creates an exchange from the window - its name, type
// (direct, fanout, topic, headers, or x-delayed-message routing as one of
// those), durable, auto-delete, internal, and an alternate exchange for what
// it cannot route. Those are what Depot's engine honours; it refuses any
// other x- argument, so the dialog offers none. Create stays disabled with
// the reason while the form cannot be an exchange; the broker's refusal
// shows in the open dialog (FormDialog).

#include "broker/engine/Message.h"
#include "ui/views/FormDialog.h"

class QCheckBox;
class QComboBox;
class QLineEdit;

namespace depot::ui {

class ExchangeDialog final : public FormDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ExchangeDialog)

public:
    // `existing`: the exchanges there are now (a name among them is refused;
    // the others are offered as alternate exchanges).
    explicit ExchangeDialog(const QStringList &existing, QWidget *parent = nullptr);
    ~ExchangeDialog() override;

    ExchangeDef exchange() const;
    QString validationError() const override;
    void setSender(std::function<void(const ExchangeDef &, Answer)> send);

    // Exposed for tests.
    QLineEdit *nameEdit() const { return m_name; }
    QComboBox *typeBox() const { return m_type; }
    QComboBox *delayedTypeBox() const { return m_delayedType; }
    QCheckBox *durableBox() const { return m_durable; }
    QCheckBox *autoDeleteBox() const { return m_autoDelete; }
    QCheckBox *internalBox() const { return m_internal; }
    QComboBox *alternateBox() const { return m_alternate; }

private:
    void typeChanged();

    QStringList m_existing;
    QLineEdit *m_name = nullptr;
    QComboBox *m_type = nullptr;
    QComboBox *m_delayedType = nullptr;
    QCheckBox *m_durable = nullptr;
    QCheckBox *m_autoDelete = nullptr;
    QCheckBox *m_internal = nullptr;
    QComboBox *m_alternate = nullptr;
};

} // namespace depot::ui
