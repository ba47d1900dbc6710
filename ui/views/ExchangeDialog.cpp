#include "ui/views/ExchangeDialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QLineEdit>

namespace depot::ui {

namespace {

const QString kAlternateExchange = QStringLiteral("alternate-exchange");
const QString kDelayedType = QStringLiteral("x-delayed-type");

} // namespace

ExchangeDialog::ExchangeDialog(const QStringList &existing, QWidget *parent)
    : FormDialog(tr("Create exchange"), tr("Create"), parent)
    , m_existing(existing)
{
    m_name = new QLineEdit(this);
    m_name->setPlaceholderText(tr("e.g. shop"));
    form()->addRow(tr("&Name:"), m_name);
    m_type = new QComboBox(this);
    const std::pair<ExchangeType, QString> types[] = {
        {ExchangeType::Direct, tr("direct: the binding key equals the routing key")},
        {ExchangeType::Fanout, tr("fanout: every binding, the key ignored")},
        {ExchangeType::Topic, tr("topic: key patterns with * and #")},
        {ExchangeType::Headers, tr("headers: message headers, the key ignored")},
        {ExchangeType::DelayedMessage, tr("x-delayed-message: held for its x-delay, then routed")},
    };
    for (const auto &[type, label] : types)
        m_type->addItem(label, exchangeTypeName(type));
    form()->addRow(tr("&Type:"), m_type);
    m_delayedType = new QComboBox(this);
    for (ExchangeType type : {ExchangeType::Direct, ExchangeType::Fanout, ExchangeType::Topic, ExchangeType::Headers})
        m_delayedType->addItem(exchangeTypeName(type), exchangeTypeName(type));
    form()->addRow(tr("&Routes as:"), m_delayedType);
    m_durable = new QCheckBox(tr("&Durable (survives a restart)"), this);
    m_durable->setChecked(true);
    form()->addRow(QString(), m_durable);
    m_autoDelete = new QCheckBox(tr("&Auto-delete (goes when its last binding goes)"), this);
    form()->addRow(QString(), m_autoDelete);
    m_internal = new QCheckBox(tr("&Internal (clients cannot publish to it; only other exchanges)"), this);
    form()->addRow(QString(), m_internal);
    m_alternate = new QComboBox(this);
    m_alternate->setEditable(true);
    m_alternate->addItem(QString());
    for (const QString &name : existing) {
        if (!name.isEmpty())
            m_alternate->addItem(name);
    }
    m_alternate->lineEdit()->setPlaceholderText(tr("none: unroutable messages are dropped"));
    m_alternate->setToolTip(tr("Where messages go that no binding of this exchange takes (alternate-exchange)"));
    form()->addRow(tr("A&lternate exchange:"), m_alternate);

    connect(m_name, &QLineEdit::textChanged, this, &ExchangeDialog::revalidate);
    connect(m_alternate, &QComboBox::currentTextChanged, this, &ExchangeDialog::revalidate);
    connect(m_type, &QComboBox::currentIndexChanged, this, &ExchangeDialog::typeChanged);
    typeChanged();
}

ExchangeDialog::~ExchangeDialog() = default;

void ExchangeDialog::typeChanged()
{
    form()->setRowVisible(m_delayedType, m_type->currentData().toString() == exchangeTypeName(ExchangeType::DelayedMessage));
    revalidate();
}

void ExchangeDialog::setSender(std::function<void(const ExchangeDef &, Answer)> send)
{
    setSend([this, send = std::move(send)](Answer answer) { send(exchange(), std::move(answer)); });
}

ExchangeDef ExchangeDialog::exchange() const
{
    ExchangeDef def;
    def.name = m_name->text().trimmed();
    def.type = exchangeTypeFromName(m_type->currentData().toString()).value_or(ExchangeType::Direct);
    def.durable = m_durable->isChecked();
    def.autoDelete = m_autoDelete->isChecked();
    def.internal = m_internal->isChecked();
    if (def.type == ExchangeType::DelayedMessage)
        def.arguments.insert(kDelayedType, m_delayedType->currentData().toString());
    if (const QString ae = m_alternate->currentText().trimmed(); !ae.isEmpty())
        def.arguments.insert(kAlternateExchange, ae);
    return def;
}

QString ExchangeDialog::validationError() const
{
    const QString name = m_name->text().trimmed();
    if (name.isEmpty())
        return tr("Give the exchange a name.");
    if (const QString why = reservedNameError(name); !why.isEmpty())
        return why;
    if (m_existing.contains(name))
        return tr("An exchange named %1 already exists.").arg(name);
    const QString ae = m_alternate->currentText().trimmed();
    if (ae == name)
        return tr("An exchange cannot be its own alternate exchange.");
    if (ae.toUtf8().size() > 255)
        return tr("The alternate exchange's name is longer than 255 bytes.");
    return {};
}

} // namespace depot::ui
