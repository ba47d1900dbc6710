#pragma once

// QueueDialog: declares a queue from the window - its name, durability, queue
// type and the arguments users set most (dead-letter exchange and key,
// message TTL, max length, delivery limit; for a stream its max age and
// size). Create stays disabled while the
// form is invalid, with the reason under it; the broker's own refusal
// (arguments it rejects, a name taken with other arguments) shows there too
// and the dialog stays open with the form as it was.

#include "broker/engine/Message.h"
#include "ui/views/FormDialog.h"

class QCheckBox;
class QComboBox;
class QLineEdit;

namespace depot::ui {

class QueueDialog final : public FormDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(QueueDialog)

public:
    // `existing`: the queues there are now (a name among them is refused).
    explicit QueueDialog(const QStringList &existing, QWidget *parent = nullptr);
    ~QueueDialog() override;

    QueueDef queue() const;
    QString validationError() const override;
    // Create hands the queue to `send` (see FormDialog).
    void setSender(std::function<void(const QueueDef &, Answer)> send);

    // Exposed for tests.
    QLineEdit *nameEdit() const { return m_name; }
    QCheckBox *durableBox() const { return m_durable; }
    QComboBox *typeBox() const { return m_type; }
    QLineEdit *deadLetterExchangeEdit() const { return m_dlx; }
    QLineEdit *deadLetterKeyEdit() const { return m_dlk; }
    QLineEdit *ttlEdit() const { return m_ttl; }
    QLineEdit *maxLengthEdit() const { return m_maxLength; }
    QLineEdit *deliveryLimitEdit() const { return m_deliveryLimit; }
    QLineEdit *maxAgeEdit() const { return m_maxAge; }
    QLineEdit *maxBytesEdit() const { return m_maxBytes; }

private:
    bool isStream() const;
    // Enables the fields the chosen queue type takes.
    void typeChanged();

    QStringList m_existing;
    QLineEdit *m_name = nullptr;
    QCheckBox *m_durable = nullptr;
    QComboBox *m_type = nullptr;
    QLineEdit *m_dlx = nullptr;
    QLineEdit *m_dlk = nullptr;
    QLineEdit *m_ttl = nullptr;
    QLineEdit *m_maxLength = nullptr;
    QLineEdit *m_deliveryLimit = nullptr;
    QLineEdit *m_maxAge = nullptr;
    QLineEdit *m_maxBytes = nullptr;
};

} // namespace depot::ui
