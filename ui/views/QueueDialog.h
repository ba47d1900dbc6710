#pragma once

// QueueDialog: declares a queue from the window - its name, durability, queue
// type and the arguments users set most (dead-letter exchange and key,
// message TTL, max length, delivery limit). Create stays disabled while the
// form is invalid, with the reason under it; the broker's own refusal
// (arguments it rejects, a name taken with other arguments) shows there too
// and the dialog stays open with the form as it was.

#include "broker/engine/Message.h"

#include <QDialog>
#include <functional>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace depot::ui {

class QueueDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(QueueDialog)

public:
    // `existing`: the queues there are now (a name among them is refused).
    explicit QueueDialog(const QStringList &existing, QWidget *parent = nullptr);
    ~QueueDialog() override;

    QueueDef queue() const;
    // Empty when the form can be sent; otherwise why not.
    QString validationError() const;

    // Create hands the queue to `send` and waits: an empty answer closes the
    // dialog, any other is shown under the form.
    using Answer = std::function<void(const QString &problem)>;
    void setSender(std::function<void(const QueueDef &, Answer)> send) { m_send = std::move(send); }

    // Exposed for tests.
    QLineEdit *nameEdit() const { return m_name; }
    QCheckBox *durableBox() const { return m_durable; }
    QComboBox *typeBox() const { return m_type; }
    QLineEdit *deadLetterExchangeEdit() const { return m_dlx; }
    QLineEdit *deadLetterKeyEdit() const { return m_dlk; }
    QLineEdit *ttlEdit() const { return m_ttl; }
    QLineEdit *maxLengthEdit() const { return m_maxLength; }
    QLineEdit *deliveryLimitEdit() const { return m_deliveryLimit; }
    QLabel *problemLabel() const { return m_problem; }
    QDialogButtonBox *buttons() const { return m_buttons; }

private:
    void revalidate();
    void create();

    QStringList m_existing;
    QLineEdit *m_name = nullptr;
    QCheckBox *m_durable = nullptr;
    QComboBox *m_type = nullptr;
    QLineEdit *m_dlx = nullptr;
    QLineEdit *m_dlk = nullptr;
    QLineEdit *m_ttl = nullptr;
    QLineEdit *m_maxLength = nullptr;
    QLineEdit *m_deliveryLimit = nullptr;
    QLabel *m_problem = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    std::function<void(const QueueDef &, Answer)> m_send;
};

} // namespace depot::ui
