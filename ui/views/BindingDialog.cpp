#include "ui/views/BindingDialog.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>
#include <algorithm>

namespace depot::ui {

namespace {

const QString kMatch = QStringLiteral("x-match");
enum ArgumentColumn { ArgName, ArgType, ArgValue };

} // namespace

BindingDialog::BindingDialog(
    const QList<ExchangeDef> &exchanges, const QStringList &queues, const QList<BindingDef> &bindings, QWidget *parent)
    : FormDialog(tr("Create binding"), tr("Create"), parent)
    , m_queues(queues)
    , m_bindings(bindings)
{
    // The default exchange routes by queue name and takes no bindings.
    for (const ExchangeDef &e : exchanges) {
        if (!e.name.isEmpty())
            m_exchanges.append(e);
    }
    std::sort(m_exchanges.begin(), m_exchanges.end(), [](const auto &a, const auto &b) { return a.name < b.name; });
    m_queues.sort();

    m_source = new QComboBox(this);
    for (const ExchangeDef &e : std::as_const(m_exchanges))
        m_source->addItem(tr("%1 (%2)").arg(e.name, exchangeTypeName(e.type)), e.name);
    m_source->setToolTip(tr("The exchange messages are published to. The default exchange is not listed: it "
                            "routes by queue name and takes no bindings."));
    form()->addRow(tr("&From exchange:"), m_source);

    auto *to = new QHBoxLayout;
    m_kind = new QComboBox(this);
    m_kind->addItem(tr("queue"), int(DestinationKind::Queue));
    m_kind->addItem(tr("exchange"), int(DestinationKind::Exchange));
    m_destination = new QComboBox(this);
    m_destination->setEditable(true);
    m_destination->setInsertPolicy(QComboBox::NoInsert);
    to->addWidget(m_kind);
    to->addWidget(m_destination, 1);
    // A row holding a layout gets no buddy of its own: the label needs one
    // for its mnemonic (else it shows the "&").
    auto *toLabel = new QLabel(tr("&To:"), this);
    toLabel->setBuddy(m_kind);
    form()->addRow(toLabel, to);

    m_key = new QLineEdit(this);
    form()->addRow(tr("&Routing key:"), m_key);

    m_match = new QComboBox(this);
    m_match->addItem(tr("all headers match (all)"), QStringLiteral("all"));
    m_match->addItem(tr("any header matches (any)"), QStringLiteral("any"));
    m_match->addItem(tr("all, x- headers too (all-with-x)"), QStringLiteral("all-with-x"));
    m_match->addItem(tr("any, x- headers too (any-with-x)"), QStringLiteral("any-with-x"));
    form()->addRow(tr("&Match:"), m_match);

    m_argumentsBox = new QWidget(this);
    auto *argumentsLayout = new QVBoxLayout(m_argumentsBox);
    argumentsLayout->setContentsMargins(0, 0, 0, 0);
    m_arguments = new QTableWidget(0, 3, m_argumentsBox);
    m_arguments->setHorizontalHeaderLabels({tr("Header"), tr("Type"), tr("Value")});
    m_arguments->horizontalHeader()->setStretchLastSection(true);
    m_arguments->horizontalHeader()->resizeSection(ArgName, 130);
    m_arguments->horizontalHeader()->resizeSection(ArgType, 150);
    m_arguments->verticalHeader()->hide();
    m_arguments->setMinimumHeight(110);
    argumentsLayout->addWidget(m_arguments);
    auto *argumentButtons = new QHBoxLayout;
    auto *add = new QPushButton(tr("&Add header"), m_argumentsBox);
    auto *remove = new QPushButton(tr("R&emove header"), m_argumentsBox);
    argumentButtons->addWidget(add);
    argumentButtons->addWidget(remove);
    argumentButtons->addStretch(1);
    argumentsLayout->addLayout(argumentButtons);
    form()->addRow(tr("&Headers:"), m_argumentsBox);
    connect(add, &QPushButton::clicked, this, [this] {
        addArgument();
        m_arguments->setCurrentCell(m_arguments->rowCount() - 1, ArgName);
        m_arguments->editItem(m_arguments->item(m_arguments->rowCount() - 1, ArgName));
    });
    connect(remove, &QPushButton::clicked, this, [this] {
        if (m_arguments->currentRow() >= 0)
            m_arguments->removeRow(m_arguments->currentRow());
        revalidate();
    });

    connect(m_source, &QComboBox::currentIndexChanged, this, &BindingDialog::sourceChanged);
    connect(m_kind, &QComboBox::currentIndexChanged, this, &BindingDialog::kindChanged);
    connect(m_destination, &QComboBox::currentTextChanged, this, &BindingDialog::revalidate);
    connect(m_key, &QLineEdit::textChanged, this, &BindingDialog::revalidate);
    connect(m_match, &QComboBox::currentIndexChanged, this, &BindingDialog::revalidate);
    connect(m_arguments, &QTableWidget::itemChanged, this, &BindingDialog::revalidate);
    kindChanged();
    sourceChanged();
    setMinimumWidth(520);
}

BindingDialog::~BindingDialog() = default;

void BindingDialog::setSource(const QString &exchange)
{
    if (const int i = m_source->findData(exchange); i >= 0)
        m_source->setCurrentIndex(i);
}

void BindingDialog::setDestination(DestinationKind kind, const QString &name)
{
    m_kind->setCurrentIndex(m_kind->findData(int(kind)));
    m_destination->setCurrentText(name);
}

void BindingDialog::addArgument(const QString &name, ValueType type, const QString &value)
{
    const int row = m_arguments->rowCount();
    m_arguments->insertRow(row);
    m_arguments->setItem(row, ArgName, new QTableWidgetItem(name));
    auto *types = new QComboBox(m_arguments);
    types->addItem(tr("text"), int(ValueType::Text));
    types->addItem(tr("whole number"), int(ValueType::Integer));
    types->addItem(tr("number"), int(ValueType::Number));
    types->addItem(tr("true/false"), int(ValueType::Boolean));
    types->setCurrentIndex(types->findData(int(type)));
    connect(types, &QComboBox::currentIndexChanged, this, &BindingDialog::revalidate);
    m_arguments->setCellWidget(row, ArgType, types);
    m_arguments->setItem(row, ArgValue, new QTableWidgetItem(value));
    revalidate();
}

void BindingDialog::setSender(std::function<void(const BindingDef &, Answer)> send)
{
    setSend([this, send = std::move(send)](Answer answer) { send(binding(), std::move(answer)); });
}

const ExchangeDef *BindingDialog::sourceExchange() const
{
    const int i = m_source->currentIndex();
    return i < 0 ? nullptr : &m_exchanges.at(i);
}

bool BindingDialog::sourceIsHeaders() const
{
    const ExchangeDef *e = sourceExchange();
    return e
        && (e->type == ExchangeType::Headers
            || (e->type == ExchangeType::DelayedMessage
                && e->arguments.value(QStringLiteral("x-delayed-type")).toString() == u"headers"));
}

void BindingDialog::sourceChanged()
{
    const ExchangeDef *e = sourceExchange();
    ExchangeType type = e ? e->type : ExchangeType::Direct;
    if (e && type == ExchangeType::DelayedMessage)
        type = exchangeTypeFromName(e->arguments.value(QStringLiteral("x-delayed-type")).toString())
                   .value_or(ExchangeType::Direct);
    switch (type) {
    case ExchangeType::Fanout:
        m_key->setPlaceholderText(tr("ignored: a fanout exchange sends every message to every binding"));
        break;
    case ExchangeType::Topic:
        m_key->setPlaceholderText(tr("a pattern, e.g. order.*.eu (* one word, # any number of words)"));
        break;
    case ExchangeType::Headers:
        m_key->setPlaceholderText(tr("ignored: the headers below decide"));
        break;
    default:
        m_key->setPlaceholderText(tr("the routing key messages must carry"));
        break;
    }
    const bool headers = sourceIsHeaders();
    form()->setRowVisible(m_match, headers);
    form()->setRowVisible(m_argumentsBox, headers);
    revalidate();
}

void BindingDialog::kindChanged()
{
    const QString typed = m_destination->currentText();
    m_destination->clear();
    if (DestinationKind(m_kind->currentData().toInt()) == DestinationKind::Queue) {
        m_destination->addItems(m_queues);
        m_destination->lineEdit()->setPlaceholderText(tr("the queue the messages go to"));
    } else {
        for (const ExchangeDef &e : std::as_const(m_exchanges))
            m_destination->addItem(e.name);
        m_destination->lineEdit()->setPlaceholderText(tr("the exchange the messages go on to"));
    }
    m_destination->setCurrentText(typed);
    revalidate();
}

std::optional<QVariant> BindingDialog::argumentValue(int row, QString *why) const
{
    const QString name = m_arguments->item(row, ArgName) ? m_arguments->item(row, ArgName)->text().trimmed() : QString();
    const QString text = m_arguments->item(row, ArgValue) ? m_arguments->item(row, ArgValue)->text().trimmed() : QString();
    const auto *types = qobject_cast<QComboBox *>(m_arguments->cellWidget(row, ArgType));
    bool ok = true;
    QVariant value;
    switch (ValueType(types ? types->currentData().toInt() : 0)) {
    case ValueType::Text:
        return QVariant(text);
    case ValueType::Integer:
        value = text.toLongLong(&ok);
        *why = tr("The header %1 must be a whole number.").arg(name);
        break;
    case ValueType::Number:
        value = QLocale::c().toDouble(text, &ok);
        *why = tr("The header %1 must be a number (e.g. 2.5).").arg(name);
        break;
    case ValueType::Boolean:
        ok = text.compare(u"true", Qt::CaseInsensitive) == 0 || text.compare(u"false", Qt::CaseInsensitive) == 0;
        value = text.compare(u"true", Qt::CaseInsensitive) == 0;
        *why = tr("The header %1 must be true or false.").arg(name);
        break;
    }
    if (!ok)
        return std::nullopt;
    why->clear();
    return value;
}

BindingDef BindingDialog::binding() const
{
    BindingDef b;
    if (const ExchangeDef *e = sourceExchange())
        b.source = e->name;
    b.destinationKind = DestinationKind(m_kind->currentData().toInt());
    b.destination = m_destination->currentText().trimmed();
    b.routingKey = m_key->text();
    if (!sourceIsHeaders())
        return b;
    b.arguments.insert(kMatch, m_match->currentData().toString());
    for (int row = 0; row < m_arguments->rowCount(); ++row) {
        QString why;
        const QString name = m_arguments->item(row, ArgName)->text().trimmed();
        if (const auto value = argumentValue(row, &why); value && !name.isEmpty())
            b.arguments.insert(name, *value);
    }
    return b;
}

QString BindingDialog::validationError() const
{
    if (!sourceExchange())
        return tr("There is no exchange to bind from: create one first.");
    const bool toQueue = DestinationKind(m_kind->currentData().toInt()) == DestinationKind::Queue;
    const QString destination = m_destination->currentText().trimmed();
    if (destination.isEmpty())
        return toQueue ? tr("Choose the queue the messages go to.") : tr("Choose the exchange the messages go on to.");
    if (toQueue && !m_queues.contains(destination))
        return tr("There is no queue named %1.").arg(destination);
    if (!toQueue
        && std::none_of(m_exchanges.cbegin(), m_exchanges.cend(), [&](const ExchangeDef &e) { return e.name == destination; }))
        return tr("There is no exchange named %1.").arg(destination);
    if (m_key->text().toUtf8().size() > 255)
        return tr("The routing key is longer than 255 bytes.");
    if (sourceIsHeaders()) {
        QStringList seen;
        for (int row = 0; row < m_arguments->rowCount(); ++row) {
            const QString name = m_arguments->item(row, ArgName)->text().trimmed();
            if (name.isEmpty())
                return tr("Header %1 in the list has no name.").arg(row + 1);
            if (name == kMatch)
                return tr("x-match is set by the Match choice above, not as a header.");
            if (seen.contains(name))
                return tr("The header %1 is listed twice.").arg(name);
            seen << name;
            QString why;
            if (!argumentValue(row, &why))
                return why;
        }
    }
    if (m_bindings.contains(binding()))
        return tr("This binding exists already.");
    return {};
}

} // namespace depot::ui
