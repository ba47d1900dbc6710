#pragma once

// FormDialog: what the window's "Create …" dialogs share. A form above a
// line saying what is wrong with it and the buttons; the accept button stays
// disabled while validationError() says anything. Accepting hands the form
// to the broker through a sender and waits without blocking: an empty
// answer closes the dialog, any other is shown under the form, which stays
// as it was so the user can correct it and try again.

#include <QDialog>
#include <functional>

class QDialogButtonBox;
class QFormLayout;
class QLabel;

namespace depot::ui {

class FormDialog : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FormDialog)

public:
    ~FormDialog() override;

    using Answer = std::function<void(const QString &problem)>;
    // Empty when the form can be sent; otherwise why not.
    virtual QString validationError() const = 0;

    QLabel *problemLabel() const { return m_problem; }
    QDialogButtonBox *buttons() const { return m_buttons; }

protected:
    FormDialog(const QString &title, const QString &acceptText, QWidget *parent);
    QFormLayout *form() const { return m_form; }
    // Shows the current problem (if any) and enables the accept button.
    void revalidate();
    // Sends the form: `send` gets an Answer to call once the broker answered.
    void setSend(std::function<void(Answer)> send) { m_send = std::move(send); }
    // What the dialog says while the broker has not answered ("Creating…").
    void setBusyText(const QString &text) { m_busyText = text; }

private:
    void submit();

    QFormLayout *m_form = nullptr;
    QLabel *m_problem = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    std::function<void(Answer)> m_send;
    QString m_busyText;
};

// Why `name` cannot name a new queue or exchange, or empty: AMQP names are
// short strings (255 bytes) and "amq." belongs to the broker.
QString reservedNameError(const QString &name);

} // namespace depot::ui
