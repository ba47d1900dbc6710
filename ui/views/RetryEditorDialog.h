#pragma once

// RetryEditorDialog: a queue's retry schedule (x-retry-delays) edited from
// the window. The delays as a list ("1s, 5s, 30s"), as an exponential series
// ("from 1 s to 5 min, 6 retries"), or none; a preview says what a message
// goes through and what happens after its last attempt (dead-lettered to the
// queue's dead-letter exchange, or dropped). Apply stays disabled while the
// input is not a schedule, with the reason under the form; the change goes
// to the broker thread, and the broker's refusal shows there too, the dialog
// open and the form as it was.

#include <QDialog>
#include <QList>
#include <functional>
#include <optional>

class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QRadioButton;
class QSpinBox;

namespace depot::ui {

class RetryEditorDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RetryEditorDialog)

public:
    // `current`: the queue's delays now (empty: none). `afterLast`: what
    // happens to a message once its attempts are used up, as a sentence
    // ("It is dead-lettered to …", "It is dropped: …").
    RetryEditorDialog(
        const QString &queue, const QList<qint64> &current, const QString &afterLast, QWidget *parent = nullptr);
    ~RetryEditorDialog() override;

    QString queueName() const { return m_queue; }
    // The schedule the form describes (empty: no retries), or nothing while
    // the input is not one.
    std::optional<QList<qint64>> delays() const;
    // Empty when the form can be applied; otherwise why not.
    QString validationError() const;
    // What a message goes through with the schedule shown.
    QString previewText() const;

    // Apply hands the delays to `send` and waits: an empty answer closes the
    // dialog, any other is shown under the form.
    using Answer = std::function<void(const QString &problem)>;
    void setSender(std::function<void(const QList<qint64> &, Answer)> send) { m_send = std::move(send); }

    // Exposed for tests.
    QRadioButton *listMode() const { return m_listMode; }
    QRadioButton *exponentialMode() const { return m_exponentialMode; }
    QRadioButton *noneMode() const { return m_noneMode; }
    QLineEdit *listEdit() const { return m_list; }
    QLineEdit *fromEdit() const { return m_from; }
    QLineEdit *toEdit() const { return m_to; }
    QSpinBox *retriesBox() const { return m_retries; }
    QLabel *previewLabel() const { return m_preview; }
    QLabel *problemLabel() const { return m_problem; }
    QDialogButtonBox *buttons() const { return m_buttons; }

private:
    void revalidate();
    void apply();
    // One duration field of the exponential form ("1s", "5 min").
    std::optional<qint64> durationOf(const QLineEdit *edit, QString *why) const;

    QString m_queue;
    QString m_afterLast;
    QRadioButton *m_listMode = nullptr;
    QRadioButton *m_exponentialMode = nullptr;
    QRadioButton *m_noneMode = nullptr;
    QLineEdit *m_list = nullptr;
    QLineEdit *m_from = nullptr;
    QLineEdit *m_to = nullptr;
    QSpinBox *m_retries = nullptr;
    QLabel *m_preview = nullptr;
    QLabel *m_problem = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    std::function<void(const QList<qint64> &, Answer)> m_send;
    bool m_applying = false;
};

} // namespace depot::ui
