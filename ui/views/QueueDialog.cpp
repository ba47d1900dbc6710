#include "ui/views/QueueDialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QLineEdit>
#include <QRegularExpression>

namespace depot::ui {

namespace {

// A whole number in range, or nothing when the field is empty. `ok` is false
// when the field holds something else.
std::optional<qint64> number(const QLineEdit *edit, qint64 min, bool *ok)
{
    *ok = true;
    const QString text = edit->text().trimmed();
    if (text.isEmpty())
        return std::nullopt;
    bool parsed = false;
    const qint64 value = text.toLongLong(&parsed);
    if (!parsed || value < min) {
        *ok = false;
        return std::nullopt;
    }
    return value;
}

// RabbitMQ's x-max-age: a whole number and one unit of Y, M, D, h, m, s.
bool isMaxAge(const QString &text)
{
    static const QRegularExpression re(QStringLiteral("^[0-9]+[YMDhms]$"));
    return re.match(text).hasMatch();
}

} // namespace

QueueDialog::QueueDialog(const QStringList &existing, QWidget *parent)
    : FormDialog(tr("Create queue"), tr("Create"), parent)
    , m_existing(existing)
{
    QFormLayout *form = this->form();
    m_name = new QLineEdit(this);
    m_name->setPlaceholderText(tr("e.g. orders"));
    form->addRow(tr("&Name:"), m_name);
    m_type = new QComboBox(this);
    m_type->addItem(tr("classic"), QStringLiteral("classic"));
    m_type->addItem(tr("quorum"), QStringLiteral("quorum"));
    m_type->addItem(tr("stream"), QStringLiteral("stream"));
    form->addRow(tr("&Type:"), m_type);
    m_durable = new QCheckBox(tr("&Durable (survives a restart)"), this);
    m_durable->setChecked(true);
    form->addRow(QString(), m_durable);
    m_dlx = new QLineEdit(this);
    m_dlx->setPlaceholderText(tr("none; empty with a key: the default exchange"));
    form->addRow(tr("Dead-letter e&xchange:"), m_dlx);
    m_dlk = new QLineEdit(this);
    m_dlk->setPlaceholderText(tr("the message's own routing key"));
    form->addRow(tr("Dead-letter &routing key:"), m_dlk);
    m_ttl = new QLineEdit(this);
    m_ttl->setPlaceholderText(tr("none"));
    form->addRow(tr("Message &TTL (ms):"), m_ttl);
    m_maxLength = new QLineEdit(this);
    m_maxLength->setPlaceholderText(tr("unlimited"));
    form->addRow(tr("&Max length (messages):"), m_maxLength);
    m_deliveryLimit = new QLineEdit(this);
    m_deliveryLimit->setPlaceholderText(tr("unlimited"));
    form->addRow(tr("De&livery limit:"), m_deliveryLimit);
    // A stream keeps what it is given until retention removes it (a stream
    // takes no dead-lettering, TTL, max length or delivery limit).
    m_maxAge = new QLineEdit(this);
    m_maxAge->setPlaceholderText(tr("forever; e.g. 7D, 12h, 30m"));
    form->addRow(tr("Max a&ge (stream):"), m_maxAge);
    m_maxBytes = new QLineEdit(this);
    m_maxBytes->setPlaceholderText(tr("unlimited"));
    form->addRow(tr("Max si&ze in bytes (stream):"), m_maxBytes);
    for (QLineEdit *edit : {m_name, m_dlx, m_dlk, m_ttl, m_maxLength, m_deliveryLimit, m_maxAge, m_maxBytes})
        connect(edit, &QLineEdit::textChanged, this, &QueueDialog::revalidate);
    connect(m_type, &QComboBox::currentIndexChanged, this, &QueueDialog::typeChanged);
    typeChanged();
    connect(m_durable, &QCheckBox::toggled, this, &QueueDialog::revalidate);
    revalidate();
}

QueueDialog::~QueueDialog() = default;

bool QueueDialog::isStream() const
{
    return m_type->currentData().toString() == u"stream";
}

void QueueDialog::typeChanged()
{
    const bool stream = isStream();
    for (QLineEdit *edit : {m_dlx, m_dlk, m_ttl, m_maxLength, m_deliveryLimit})
        edit->setEnabled(!stream);
    m_maxAge->setEnabled(stream);
    m_maxBytes->setEnabled(stream);
    // Streams are always durable (RabbitMQ refuses a non-durable one).
    if (stream)
        m_durable->setChecked(true);
    m_durable->setEnabled(!stream);
    revalidate();
}

void QueueDialog::setSender(std::function<void(const QueueDef &, Answer)> send)
{
    setSend([this, send = std::move(send)](Answer answer) { send(queue(), std::move(answer)); });
}

QueueDef QueueDialog::queue() const
{
    QueueDef def;
    def.name = m_name->text().trimmed();
    def.durable = m_durable->isChecked();
    if (m_type->currentData().toString() != u"classic")
        def.arguments.insert(QStringLiteral("x-queue-type"), m_type->currentData().toString());
    bool ok = false;
    if (isStream()) {
        if (const QString age = m_maxAge->text().trimmed(); !age.isEmpty())
            def.arguments.insert(QStringLiteral("x-max-age"), age);
        if (const auto bytes = number(m_maxBytes, 1, &ok))
            def.arguments.insert(QStringLiteral("x-max-length-bytes"), *bytes);
        return def;
    }
    // A dead-letter key alone means the default exchange, which routes by
    // queue name: what a user naming a dead-letter queue wants.
    if (!m_dlx->text().trimmed().isEmpty() || !m_dlk->text().trimmed().isEmpty())
        def.arguments.insert(QStringLiteral("x-dead-letter-exchange"), m_dlx->text().trimmed());
    if (!m_dlk->text().trimmed().isEmpty())
        def.arguments.insert(QStringLiteral("x-dead-letter-routing-key"), m_dlk->text().trimmed());
    if (const auto ttl = number(m_ttl, 0, &ok))
        def.arguments.insert(QStringLiteral("x-message-ttl"), *ttl);
    if (const auto max = number(m_maxLength, 0, &ok))
        def.arguments.insert(QStringLiteral("x-max-length"), *max);
    if (const auto limit = number(m_deliveryLimit, 1, &ok))
        def.arguments.insert(QStringLiteral("x-delivery-limit"), *limit);
    return def;
}

QString QueueDialog::validationError() const
{
    const QString name = m_name->text().trimmed();
    if (name.isEmpty())
        return tr("Give the queue a name.");
    if (const QString why = reservedNameError(name); !why.isEmpty())
        return why;
    if (m_existing.contains(name))
        return tr("A queue named %1 already exists.").arg(name);
    bool ok = false;
    if (isStream()) {
        const QString age = m_maxAge->text().trimmed();
        if (!age.isEmpty() && !isMaxAge(age))
            return tr("The max age is a whole number and a unit: Y, M, D, h, m or s (e.g. 7D).");
        number(m_maxBytes, 1, &ok);
        if (!ok)
            return tr("The max size must be a whole number of bytes, 1 or more.");
        return {};
    }
    number(m_ttl, 0, &ok);
    if (!ok)
        return tr("The message TTL must be a whole number of milliseconds, 0 or more.");
    number(m_maxLength, 0, &ok);
    if (!ok)
        return tr("The max length must be a whole number of messages, 0 or more.");
    number(m_deliveryLimit, 1, &ok);
    if (!ok)
        return tr("The delivery limit must be a whole number, 1 or more.");
    return {};
}

} // namespace depot::ui
