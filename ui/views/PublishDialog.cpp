#include "ui/views/PublishDialog.h"

#include "ui/views/JsonText.h"
#include "ui/views/MessageInspector.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QSplitter>
#include <QStringDecoder>
#include <QTableWidget>
#include <QVBoxLayout>

namespace depot::ui {

namespace {

bool isJsonType(const QString &contentType)
{
    return contentType.contains(QStringLiteral("json"), Qt::CaseInsensitive);
}

std::optional<QString> nonEmpty(const QLineEdit *edit)
{
    const QString t = edit->text().trimmed();
    return t.isEmpty() ? std::nullopt : std::optional<QString>(t);
}

} // namespace

PublishDialog::PublishDialog(const QStringList &exchanges, QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Publish message"));
    auto *layout = new QVBoxLayout(this);

    auto *form = new QFormLayout;
    m_exchange = new QComboBox(this);
    m_exchange->setEditable(true);
    for (const QString &e : exchanges) {
        if (!e.startsWith(QStringLiteral("amq.")) || e == u"amq.topic" || e == u"amq.direct")
            m_exchange->addItem(e.isEmpty() ? tr("(default)") : e, e);
    }
    m_exchange->setToolTip(tr("The default exchange routes to the queue named by the routing key"));
    form->addRow(tr("&Exchange:"), m_exchange);
    m_routingKey = new QLineEdit(this);
    form->addRow(tr("&Routing key:"), m_routingKey);
    // For a dead letter: where the exchange and routing key came from.
    m_origin = new QLabel(this);
    m_origin->setObjectName(QStringLiteral("origin"));
    m_origin->setWordWrap(true);
    m_origin->hide();
    form->addRow(QString(), m_origin);

    auto *props = new QHBoxLayout;
    m_contentType = new QLineEdit(QStringLiteral("application/json"), this);
    m_persistent = new QCheckBox(tr("Persistent"), this);
    m_persistent->setChecked(true);
    m_priority = new QSpinBox(this);
    m_priority->setRange(0, 255);
    m_priority->setPrefix(tr("priority "));
    props->addWidget(m_contentType, 1);
    props->addWidget(m_persistent);
    props->addWidget(m_priority);
    // A label given with a layout has no buddy, so Qt shows its "&" as
    // written: the mnemonic needs the label to name its field.
    auto *contentTypeLabel = new QLabel(tr("Content &type:"), this);
    contentTypeLabel->setBuddy(m_contentType);
    form->addRow(contentTypeLabel, props);

    auto *ids = new QHBoxLayout;
    m_messageId = new QLineEdit(this);
    m_messageId->setPlaceholderText(tr("message id"));
    m_correlationId = new QLineEdit(this);
    m_correlationId->setPlaceholderText(tr("correlation id"));
    m_replyTo = new QLineEdit(this);
    m_replyTo->setPlaceholderText(tr("reply to"));
    ids->addWidget(m_messageId);
    ids->addWidget(m_correlationId);
    ids->addWidget(m_replyTo);
    form->addRow(tr("Identifiers:"), ids);

    auto *more = new QHBoxLayout;
    m_type = new QLineEdit(this);
    m_type->setPlaceholderText(tr("type"));
    m_expiration = new QLineEdit(this);
    m_expiration->setPlaceholderText(tr("expiration (ms)"));
    more->addWidget(m_type);
    more->addWidget(m_expiration);
    form->addRow(tr("Type, TTL:"), more);
    layout->addLayout(form);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    auto *headerBox = new QWidget(splitter);
    auto *headerLayout = new QVBoxLayout(headerBox);
    headerLayout->setContentsMargins(0, 0, 0, 0);
    auto *headerButtons = new QHBoxLayout;
    headerButtons->addWidget(new QLabel(tr("Headers:"), headerBox), 1);
    auto *addHeader = new QPushButton(tr("Add header"), headerBox);
    auto *removeHeader = new QPushButton(tr("Remove header"), headerBox);
    headerButtons->addWidget(addHeader);
    headerButtons->addWidget(removeHeader);
    headerLayout->addLayout(headerButtons);
    // Every header is shown with its type and can be edited or removed: a
    // value that is not a string used to be hidden here yet still sent.
    m_headers = new QTableWidget(0, 3, headerBox);
    m_headers->setHorizontalHeaderLabels({tr("Name"), tr("Type"), tr("Value")});
    m_headers->horizontalHeader()->setStretchLastSection(true);
    m_headers->verticalHeader()->hide();
    headerLayout->addWidget(m_headers);
    connect(addHeader, &QPushButton::clicked, this, [this] { addHeaderRow(); });
    connect(removeHeader, &QPushButton::clicked, this, [this] {
        if (m_headers->currentRow() >= 0)
            m_headers->removeRow(m_headers->currentRow());
        validate();
    });

    auto *bodyBox = new QWidget(splitter);
    auto *bodyLayout = new QVBoxLayout(bodyBox);
    bodyLayout->setContentsMargins(0, 0, 0, 0);
    auto *bodyButtons = new QHBoxLayout;
    auto *bodyLabel = new QLabel(tr("&Body:"), bodyBox);
    bodyButtons->addWidget(bodyLabel, 1);
    auto *format = new QPushButton(tr("Format JSON"), bodyBox);
    bodyButtons->addWidget(format);
    bodyLayout->addLayout(bodyButtons);
    m_body = new QPlainTextEdit(bodyBox);
    bodyLabel->setBuddy(m_body);
    m_body->setObjectName(QStringLiteral("body"));
    m_body->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_body->setPlainText(QStringLiteral("{\n  \"hello\": \"Depot\"\n}\n"));
    bodyLayout->addWidget(m_body);
    connect(format, &QPushButton::clicked, this, &PublishDialog::formatJson);
    splitter->setStretchFactor(1, 3);
    layout->addWidget(splitter, 1);

    auto *bottom = new QHBoxLayout;
    m_repeat = new QSpinBox(this);
    m_repeat->setRange(1, 1000000);
    m_repeat->setSuffix(tr(" time(s)", nullptr, 1));
    connect(
        m_repeat, &QSpinBox::valueChanged, this, [this](int n) { m_repeat->setSuffix(tr(" time(s)", nullptr, n)); });
    bottom->addWidget(new QLabel(tr("Repeat:"), this));
    bottom->addWidget(m_repeat);
    m_removeOriginal = new QCheckBox(tr("Remove the original after sending"), this);
    m_removeOriginal->setObjectName(QStringLiteral("removeOriginal"));
    m_removeOriginal->hide();
    bottom->addWidget(m_removeOriginal);
    bottom->addStretch(1);
    layout->addLayout(bottom);
    m_dropDeaths = new QCheckBox(this);
    m_dropDeaths->setObjectName(QStringLiteral("dropDeaths"));
    m_dropDeaths->hide();
    layout->addWidget(m_dropDeaths);

    m_error = new QLabel(this);
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #d03a2f"));
    layout->addWidget(m_error);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Publish"));
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &PublishDialog::send);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    connect(m_exchange, &QComboBox::currentTextChanged, this, &PublishDialog::validate);
    for (QLineEdit *e : {m_routingKey, m_contentType, m_expiration})
        connect(e, &QLineEdit::textChanged, this, &PublishDialog::validate);
    connect(m_body, &QPlainTextEdit::textChanged, this, &PublishDialog::validate);
    connect(m_headers, &QTableWidget::itemChanged, this, &PublishDialog::validate);
    resize(640, 620);
    validate();
}

PublishDialog::~PublishDialog() = default;

namespace {

constexpr int OriginalValueRole = Qt::UserRole; // the value the edited message had
constexpr int OriginalTextRole = Qt::UserRole + 1; // ... as the row first showed it
constexpr int OriginalTypeRole = Qt::UserRole + 2; // ... and its type

} // namespace

PublishDialog::HeaderType PublishDialog::headerTypeOf(const QVariant &value)
{
    switch (value.metaType().id()) {
    case QMetaType::Bool:
        return HeaderType::Boolean;
    case QMetaType::SChar:
    case QMetaType::Char:
    case QMetaType::UChar:
    case QMetaType::Short:
    case QMetaType::UShort:
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::Long:
    case QMetaType::ULong:
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
        return HeaderType::Integer;
    case QMetaType::Float:
    case QMetaType::Double:
        return HeaderType::Number;
    case QMetaType::QByteArray:
        return HeaderType::Bytes;
    case QMetaType::QVariantMap:
    case QMetaType::QVariantHash:
        return HeaderType::Table;
    case QMetaType::QVariantList:
    case QMetaType::QStringList:
        return HeaderType::Array;
    case QMetaType::QDateTime:
        return HeaderType::Timestamp;
    case QMetaType::Nullptr:
    case QMetaType::UnknownType:
        return HeaderType::Void;
    default:
        return HeaderType::String;
    }
}

QString PublishDialog::headerText(const QVariant &value)
{
    switch (headerTypeOf(value)) {
    case HeaderType::Boolean:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case HeaderType::Integer:
        return value.metaType().id() == QMetaType::ULongLong || value.metaType().id() == QMetaType::ULong
            ? QString::number(value.toULongLong())
            : QString::number(value.toLongLong());
    case HeaderType::Number:
        return QString::number(value.toDouble(), 'g', QLocale::FloatingPointShortest);
    case HeaderType::Bytes:
        return QString::fromUtf8(value.toByteArray());
    case HeaderType::Table:
    case HeaderType::Array:
        return QString::fromUtf8(QJsonDocument::fromVariant(value).toJson(QJsonDocument::Compact));
    case HeaderType::Timestamp:
        return value.toDateTime().toUTC().toString(Qt::ISODate);
    case HeaderType::Void:
        return {};
    case HeaderType::String:
        break;
    }
    return value.toString();
}

std::optional<QVariant> PublishDialog::headerValue(HeaderType type, const QString &text)
{
    const QString t = text.trimmed();
    bool ok = false;
    switch (type) {
    case HeaderType::String:
        return QVariant(text);
    case HeaderType::Integer: {
        const qint64 n = t.toLongLong(&ok);
        return ok ? std::optional<QVariant>(QVariant(n)) : std::nullopt;
    }
    case HeaderType::Number: {
        const double d = t.toDouble(&ok);
        return ok ? std::optional<QVariant>(QVariant(d)) : std::nullopt;
    }
    case HeaderType::Boolean:
        if (t.compare(QStringLiteral("true"), Qt::CaseInsensitive) == 0 || t == u"1")
            return QVariant(true);
        if (t.compare(QStringLiteral("false"), Qt::CaseInsensitive) == 0 || t == u"0")
            return QVariant(false);
        return std::nullopt;
    case HeaderType::Timestamp: {
        const QDateTime when = QDateTime::fromString(t, Qt::ISODate);
        return when.isValid() ? std::optional<QVariant>(QVariant(when)) : std::nullopt;
    }
    case HeaderType::Bytes:
        return QVariant(text.toUtf8());
    case HeaderType::Table:
    case HeaderType::Array: {
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(t.toUtf8(), &error);
        if (error.error != QJsonParseError::NoError)
            return std::nullopt;
        if (type == HeaderType::Table && doc.isObject())
            return QVariant(doc.object().toVariantMap());
        if (type == HeaderType::Array && doc.isArray())
            return QVariant(doc.array().toVariantList());
        return std::nullopt;
    }
    case HeaderType::Void:
        return t.isEmpty() ? std::optional<QVariant>(QVariant::fromValue(nullptr)) : std::nullopt;
    }
    return std::nullopt;
}

QComboBox *PublishDialog::headerTypeBox(int row) const
{
    return qobject_cast<QComboBox *>(m_headers->cellWidget(row, 1));
}

void PublishDialog::addHeaderRow(const QString &key, const QVariant &value)
{
    const int row = m_headers->rowCount();
    const HeaderType type = headerTypeOf(value);
    const QString text = headerText(value);
    const QSignalBlocker quiet(m_headers);
    m_headers->insertRow(row);
    m_headers->setItem(row, 0, new QTableWidgetItem(key));
    auto *typeBox = new QComboBox(m_headers);
    typeBox->setFrame(false);
    const std::pair<HeaderType, QString> types[] = {
        {HeaderType::String, tr("string")},
        {HeaderType::Integer, tr("integer")},
        {HeaderType::Number, tr("number")},
        {HeaderType::Boolean, tr("boolean")},
        {HeaderType::Timestamp, tr("timestamp")},
        {HeaderType::Bytes, tr("bytes")},
        {HeaderType::Table, tr("table (JSON)")},
        {HeaderType::Array, tr("array (JSON)")},
        {HeaderType::Void, tr("void")},
    };
    for (const auto &[t, name] : types)
        typeBox->addItem(name, int(t));
    typeBox->setCurrentIndex(typeBox->findData(int(type)));
    m_headers->setCellWidget(row, 1, typeBox);
    auto *valueItem = new QTableWidgetItem(text);
    valueItem->setData(OriginalValueRole, value);
    valueItem->setData(OriginalTextRole, text);
    valueItem->setData(OriginalTypeRole, int(type));
    m_headers->setItem(row, 2, valueItem);
    connect(typeBox, &QComboBox::currentIndexChanged, this, &PublishDialog::validate);
    if (key.isEmpty())
        m_headers->editItem(m_headers->item(row, 0));
}

std::optional<QVariant> PublishDialog::headerAt(int row) const
{
    const QTableWidgetItem *v = m_headers->item(row, 2);
    const QComboBox *typeBox = headerTypeBox(row);
    if (!v)
        return std::nullopt;
    // A row without a type box (filled in by code) holds a string.
    const auto type = typeBox ? HeaderType(typeBox->currentData().toInt()) : HeaderType::String;
    // Unchanged, a value goes out exactly as it came (its integer width, a
    // table's nested types), not as the text it was shown as.
    if (v->data(OriginalTypeRole).isValid() && v->data(OriginalTypeRole).toInt() == int(type)
        && v->data(OriginalTextRole).toString() == v->text())
        return v->data(OriginalValueRole);
    return headerValue(type, v->text());
}

void PublishDialog::formatJson()
{
    // Only when asked, and keeping the keys' order: the user chose to change
    // the body's layout, not its content.
    const QString pretty = prettyJson(m_body->toPlainText());
    if (!pretty.isEmpty())
        m_body->setPlainText(pretty);
}

void PublishDialog::setMessage(const MessageContent &content, const QString &originalQueue)
{
    setWindowTitle(tr("Edit and resend"));
    const int i = m_exchange->findData(content.exchange);
    if (i >= 0)
        m_exchange->setCurrentIndex(i);
    else
        m_exchange->setEditText(content.exchange);
    m_routingKey->setText(content.routingKey);
    const MessageProperties &p = content.properties;
    m_contentType->setText(p.contentType.value_or(QString()));
    m_persistent->setChecked(p.persistent());
    m_priority->setValue(p.priority.value_or(0));
    m_messageId->setText(p.messageId.value_or(QString()));
    m_correlationId->setText(p.correlationId.value_or(QString()));
    m_replyTo->setText(p.replyTo.value_or(QString()));
    m_type->setText(p.type.value_or(QString()));
    m_expiration->setText(p.expiration.value_or(QString()));
    m_headers->setRowCount(0);
    const QVariantMap headers = p.headers.value_or(QVariantMap());
    for (auto it = headers.cbegin(); it != headers.cend(); ++it)
        addHeaderRow(it.key(), it.value());
    validate();

    // A dead letter goes back where it came from, as replay sends it: its
    // history names the queue, while the exchange and routing key it carries
    // now are the dead-letter exchange's (resending there would only make it
    // a dead letter again). Its history (x-death) is dropped by default, so
    // the copy starts afresh; kept, a copy that fails again continues it.
    m_deaths = content.deaths;
    const QString origin = m_deaths.originalQueue();
    if (!origin.isEmpty()) {
        m_exchange->setCurrentIndex(m_exchange->findData(QString()));
        if (m_exchange->currentIndex() < 0)
            m_exchange->setEditText(QString());
        m_routingKey->setText(origin);
        const DeathRecord &last = m_deaths.records.isEmpty() ? DeathRecord() : m_deaths.records.constFirst();
        m_origin->setText(
            tr("A dead letter: sent back to %1, the queue it came from, through the default "
               "exchange (it died there last published to %2 with %3; it now carries %4 / %5).")
                .arg(origin, last.exchange.isEmpty() ? tr("the default exchange") : last.exchange,
                    last.routingKeys.join(QStringLiteral(", ")),
                    content.exchange.isEmpty() ? tr("the default exchange") : content.exchange, content.routingKey));
        m_origin->show();
    } else {
        m_origin->hide();
    }
    qint64 deathCount = 0;
    for (const DeathRecord &r : m_deaths.records)
        deathCount += r.count;
    m_dropDeaths->setText(tr(
        "Drop the dead-letter history (x-death: %Ln death(s)), so the copy starts afresh", nullptr, int(deathCount)));
    m_dropDeaths->setVisible(!m_deaths.isEmpty());
    m_dropDeaths->setChecked(m_deaths.hasDied());
    // The body's bytes are the message: shown as they are, and sent as they
    // were unless the user edits them. A body that is not UTF-8 text cannot
    // be edited here without losing bytes, so it is sent unchanged.
    QStringDecoder decoder(QStringDecoder::Utf8);
    const QString text = decoder.decode(content.body);
    const bool isText = !decoder.hasError();
    m_body->setPlainText(
        isText ? text : tr("(binary body of %Ln byte(s), sent unchanged)", nullptr, int(content.body.size())));
    m_body->setReadOnly(!isText);
    m_originalBody = content.body;
    m_originalText = m_body->toPlainText();
    m_offerRemoval = !originalQueue.isEmpty();
    m_removeOriginal->setVisible(m_offerRemoval);
    m_removeOriginal->setText(tr("Remove the original from %1 after sending").arg(originalQueue));
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Send"));
    validate();
}

DeathHistory PublishDialog::deaths() const
{
    // Not isVisible(): the window asks once exec() returned and the box is hidden.
    return m_dropDeaths->isChecked() ? DeathHistory() : m_deaths;
}

QString PublishDialog::exchange() const
{
    const int i = m_exchange->currentIndex();
    if (i >= 0 && m_exchange->itemText(i) == m_exchange->currentText())
        return m_exchange->itemData(i).toString();
    return m_exchange->currentText().trimmed();
}

QString PublishDialog::routingKey() const
{
    return m_routingKey->text();
}

QByteArray PublishDialog::body() const
{
    // The editor may normalise what it shows (line separators, no-break
    // spaces): an unedited body goes out byte for byte as it came.
    if (m_originalText && m_body->toPlainText() == *m_originalText)
        return m_originalBody;
    return m_body->toPlainText().toUtf8();
}

int PublishDialog::repeatCount() const
{
    return m_repeat->value();
}

bool PublishDialog::removeOriginal() const
{
    // Not isVisible(): the window asks after exec() returned, when the
    // dialog (and so the box) is hidden, and the answer was always "no".
    return m_offerRemoval && m_removeOriginal->isChecked();
}

MessageProperties PublishDialog::properties() const
{
    MessageProperties p;
    p.contentType = nonEmpty(m_contentType);
    p.deliveryMode = m_persistent->isChecked() ? 2 : 1;
    if (m_priority->value() > 0)
        p.priority = quint8(m_priority->value());
    p.messageId = nonEmpty(m_messageId);
    p.correlationId = nonEmpty(m_correlationId);
    p.replyTo = nonEmpty(m_replyTo);
    p.type = nonEmpty(m_type);
    p.expiration = nonEmpty(m_expiration);
    QVariantMap headers;
    for (int r = 0; r < m_headers->rowCount(); ++r) {
        const QTableWidgetItem *k = m_headers->item(r, 0);
        const std::optional<QVariant> v = headerAt(r);
        if (k && !k->text().trimmed().isEmpty() && v)
            headers.insert(k->text().trimmed(), *v);
    }
    if (!headers.isEmpty())
        p.headers = headers;
    return p;
}

QString PublishDialog::validationError() const
{
    if (exchange().isEmpty() && routingKey().isEmpty())
        return tr("The default exchange needs a routing key: the name of the queue to deliver to.");
    if (routingKey().toUtf8().size() > 255)
        return tr("The routing key is longer than 255 bytes.");
    const QString expiration = m_expiration->text().trimmed();
    static const QRegularExpression digits(QStringLiteral("^[0-9]+$"));
    if (!expiration.isEmpty() && !digits.match(expiration).hasMatch())
        return tr("Expiration must be a number of milliseconds.");
    QSet<QString> names;
    for (int r = 0; r < m_headers->rowCount(); ++r) {
        const QTableWidgetItem *k = m_headers->item(r, 0);
        const QString name = k ? k->text().trimmed() : QString();
        if (name.isEmpty())
            continue;
        if (names.contains(name))
            return tr("The header %1 is given twice.").arg(name);
        names.insert(name);
        if (!headerAt(r)) {
            const QComboBox *typeBox = headerTypeBox(r);
            return tr("The value of the header %1 is not a valid %2.")
                .arg(name, typeBox ? typeBox->currentText() : QString());
        }
    }
    // An unedited body is resent as it came, valid JSON or not.
    const bool unchanged = m_originalText && m_body->toPlainText() == *m_originalText;
    if (isJsonType(m_contentType->text()) && !unchanged) {
        QJsonParseError error;
        QJsonDocument::fromJson(body(), &error);
        if (error.error != QJsonParseError::NoError) {
            const QByteArray b = body();
            const int line = int(b.left(error.offset).count('\n')) + 1;
            return tr("The body is not valid JSON (line %1): %2. Fix it, or change the content type.")
                .arg(line)
                .arg(error.errorString());
        }
    }
    return {};
}

void PublishDialog::setSender(std::function<void(Answer)> send)
{
    m_send = std::move(send);
}

void PublishDialog::send()
{
    if (!m_send) {
        accept();
        return;
    }
    QPushButton *ok = m_buttons->button(QDialogButtonBox::Ok);
    ok->setEnabled(false);
    m_error->setText(tr("Publishing…"));
    QPointer<PublishDialog> self(this);
    m_send([self](const QString &problem) {
        if (!self)
            return;
        if (problem.isEmpty()) {
            self->accept();
            return;
        }
        self->m_error->setText(problem);
        self->m_buttons->button(QDialogButtonBox::Ok)->setEnabled(self->validationError().isEmpty());
    });
}

void PublishDialog::validate()
{
    const QString error = validationError();
    m_error->setText(error);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(error.isEmpty());
}

} // namespace depot::ui
