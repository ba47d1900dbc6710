#pragma once

// PublishDialog: compose a message (exchange, routing key, properties,
// headers, body) and publish it one or more times. Also serves "Edit and
// resend", pre-filled from an existing message. The OK button stays disabled
// while the input is invalid, and the reason is shown under the form.

#include "broker/engine/Message.h"

#include <QDialog>

#include <functional>
#include <optional>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QSpinBox;
class QTableWidget;

namespace depot::ui {

class PublishDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PublishDialog)

public:
    explicit PublishDialog(const QStringList &exchanges, QWidget *parent = nullptr);
    ~PublishDialog() override;

    // Edit and resend: fills the form from a message. With `originalQueue`
    // set, offers to remove the original once the copy is sent.
    void setMessage(const MessageContent &content, const QString &originalQueue = {});

    QString exchange() const;
    QString routingKey() const;
    MessageProperties properties() const;
    // The dead-letter history of the message being edited: empty for a new
    // message, and when the user drops it (the default for a dead letter).
    DeathHistory deaths() const;
    QByteArray body() const;
    int repeatCount() const;
    bool removeOriginal() const;

    // Empty when the form can be sent; otherwise why not.
    QString validationError() const;

    // With a sender, Publish does not close the dialog at once: it hands the
    // form to `send` and waits for its answer. An empty answer closes the
    // dialog; any other (the broker refused: an alarm, the store behind; or
    // an error) is shown under the form, and the draft stays to send again.
    using Answer = std::function<void(const QString &problem)>;
    void setSender(std::function<void(Answer)> send);

    // Exposed for tests.
    QComboBox *exchangeBox() const { return m_exchange; }
    QLineEdit *routingKeyEdit() const { return m_routingKey; }
    QLineEdit *contentTypeEdit() const { return m_contentType; }
    QLineEdit *expirationEdit() const { return m_expiration; }
    QPlainTextEdit *bodyEdit() const { return m_body; }
    QTableWidget *headersTable() const { return m_headers; }
    QSpinBox *repeatBox() const { return m_repeat; }
    QDialogButtonBox *buttons() const { return m_buttons; }
    QLabel *errorLabel() const { return m_error; }
    QCheckBox *removeOriginalBox() const { return m_removeOriginal; }
    QCheckBox *dropDeathsBox() const { return m_dropDeaths; }
    QLabel *originLabel() const { return m_origin; }
    // The header rows' type boxes, by row (column 1 of headersTable()).
    QComboBox *headerTypeBox(int row) const;

    // The types a header value can have, as the AMQP field table knows them.
    enum class HeaderType { String, Integer, Number, Boolean, Timestamp, Bytes, Table, Array, Void };
    static HeaderType headerTypeOf(const QVariant &value);
    static QString headerText(const QVariant &value);
    // The value `text` stands for as `type`; nullopt when it is not one.
    static std::optional<QVariant> headerValue(HeaderType type, const QString &text);

private:
    void validate();
    void send();
    void addHeaderRow(const QString &key = {}, const QVariant &value = QString());
    // The header in `row` as it will be sent; nullopt when its value does not
    // parse as its type.
    std::optional<QVariant> headerAt(int row) const;
    void formatJson();

    QComboBox *m_exchange = nullptr;
    QLineEdit *m_routingKey = nullptr;
    QLineEdit *m_contentType = nullptr;
    QCheckBox *m_persistent = nullptr;
    QSpinBox *m_priority = nullptr;
    QLineEdit *m_correlationId = nullptr;
    QLineEdit *m_replyTo = nullptr;
    QLineEdit *m_expiration = nullptr;
    QLineEdit *m_messageId = nullptr;
    QLineEdit *m_type = nullptr;
    QTableWidget *m_headers = nullptr;
    QPlainTextEdit *m_body = nullptr;
    QSpinBox *m_repeat = nullptr;
    QCheckBox *m_removeOriginal = nullptr;
    QCheckBox *m_dropDeaths = nullptr;
    QLabel *m_origin = nullptr;
    QLabel *m_error = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    std::function<void(Answer)> m_send;
    DeathHistory m_deaths;       // an edited dead letter's history, sent with it
    bool m_offerRemoval = false;            // edit and resend of a message still in its queue
    QByteArray m_originalBody;              // the edited message's body, byte for byte
    std::optional<QString> m_originalText;  // ... as the editor showed it; set by setMessage()
};

} // namespace depot::ui
