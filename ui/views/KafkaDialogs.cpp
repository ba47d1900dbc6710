#include "ui/views/KafkaDialogs.h"

#include <QComboBox>
#include <QDateTimeEdit>
#include <QFormLayout>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QRegularExpressionValidator>
#include <QSpinBox>

namespace depot::ui {

// ---- CreateTopicDialog ----

CreateTopicDialog::CreateTopicDialog(const QStringList &existing, QWidget *parent)
    : FormDialog(tr("Create topic"), tr("Create"), parent)
    , m_existing(existing)
{
    m_name = new QLineEdit(this);
    m_name->setObjectName(QStringLiteral("topicName"));
    m_name->setPlaceholderText(tr("orders"));
    m_partitions = new QSpinBox(this);
    m_partitions->setRange(1, 1000);
    m_partitions->setValue(1);
    form()->addRow(tr("&Name:"), m_name);
    form()->addRow(tr("&Partitions:"), m_partitions);
    connect(m_name, &QLineEdit::textChanged, this, &CreateTopicDialog::revalidate);
    revalidate();
}

CreateTopicDialog::~CreateTopicDialog() = default;

QString CreateTopicDialog::name() const
{
    return m_name->text().trimmed();
}

log::TopicSettings CreateTopicDialog::settings() const
{
    log::TopicSettings s;
    s.partitions = m_partitions->value();
    return s;
}

QString CreateTopicDialog::validationError() const
{
    if (name().isEmpty())
        return tr("Name the topic.");
    if (m_existing.contains(name()))
        return tr("A topic named %1 exists already.").arg(name());
    if (const auto error = log::LogEngine::topicNameError(name()))
        return *error;
    return {};
}

void CreateTopicDialog::setSender(std::function<void(const QString &, const log::TopicSettings &, Answer)> send)
{
    setSend([this, send = std::move(send)](Answer answer) { send(name(), settings(), std::move(answer)); });
}

// ---- TopicPartitionFields ----

TopicPartitionFields::TopicPartitionFields(const TopicPartitions &topics, const QString &anyText, QWidget *parent)
    : QObject(parent)
    , m_topics(topics)
    , m_anyText(anyText)
{
    m_topic = new QComboBox(parent);
    m_topic->setObjectName(QStringLiteral("topicBox"));
    m_topic->addItems(topics.keys());
    m_partition = new QComboBox(parent);
    m_partition->setObjectName(QStringLiteral("partitionBox"));
    fillPartitions();
    connect(m_topic, &QComboBox::currentIndexChanged, this, [this] {
        fillPartitions();
        Q_EMIT changed();
    });
    connect(m_partition, &QComboBox::currentIndexChanged, this, &TopicPartitionFields::changed);
}

void TopicPartitionFields::fillPartitions()
{
    const QSignalBlocker block(m_partition);
    m_partition->clear();
    m_partition->addItem(m_anyText, -1);
    for (qint32 p = 0; p < m_topics.value(topic()); ++p)
        m_partition->addItem(QString::number(p), p);
}

QString TopicPartitionFields::topic() const
{
    return m_topic->currentText();
}

qint32 TopicPartitionFields::partition() const
{
    return m_partition->currentData().toInt();
}

void TopicPartitionFields::select(const QString &topic, qint32 partition)
{
    m_topic->setCurrentIndex(std::max(0, m_topic->findText(topic)));
    m_partition->setCurrentIndex(std::max(0, m_partition->findData(partition)));
}

// ---- ProduceRecordDialog ----

ProduceRecordDialog::ProduceRecordDialog(const TopicPartitions &topics, const QString &topic, QWidget *parent)
    : FormDialog(tr("Produce record"), tr("Produce"), parent)
{
    m_where = new TopicPartitionFields(topics, tr("By key (Kafka's default partitioner)"), this);
    m_where->select(topic, -1);
    m_key = new QLineEdit(this);
    m_key->setObjectName(QStringLiteral("recordKey"));
    m_key->setPlaceholderText(tr("empty: no key"));
    m_headers = new QPlainTextEdit(this);
    m_headers->setObjectName(QStringLiteral("recordHeaders"));
    m_headers->setPlaceholderText(tr("one per line: name: value"));
    m_headers->setTabChangesFocus(true);
    m_headers->setFixedHeight(m_headers->fontMetrics().lineSpacing() * 4 + 12);
    m_value = new QPlainTextEdit(this);
    m_value->setObjectName(QStringLiteral("recordValue"));
    m_value->setTabChangesFocus(true);
    setBusyText(tr("Producing…"));
    form()->addRow(tr("&Topic:"), m_where->topicBox());
    form()->addRow(tr("&Partition:"), m_where->partitionBox());
    form()->addRow(tr("&Key:"), m_key);
    form()->addRow(tr("&Headers:"), m_headers);
    form()->addRow(tr("&Value:"), m_value);
    connect(m_where, &TopicPartitionFields::changed, this, &ProduceRecordDialog::revalidate);
    connect(m_headers, &QPlainTextEdit::textChanged, this, &ProduceRecordDialog::revalidate);
    resize(560, 480);
    revalidate();
}

ProduceRecordDialog::~ProduceRecordDialog() = default;

QList<kafka::RecordHeader> ProduceRecordDialog::parseHeaders(const QString &text, QString *error)
{
    QList<kafka::RecordHeader> headers;
    const QStringList lines = text.split(u'\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QString line = lines.at(i).trimmed();
        if (line.isEmpty())
            continue;
        const qsizetype colon = line.indexOf(u':');
        if (colon <= 0) {
            if (error)
                *error = tr("Header line %1 is not “name: value”: %2").arg(i + 1).arg(line);
            return {};
        }
        headers.append({line.left(colon).trimmed(), line.mid(colon + 1).trimmed().toUtf8()});
    }
    return headers;
}

kafka::ProduceRecord ProduceRecordDialog::record() const
{
    kafka::ProduceRecord r;
    r.topic = m_where->topic();
    r.partition = m_where->partition();
    if (!m_key->text().isEmpty())
        r.key = m_key->text().toUtf8();
    r.value = m_value->toPlainText().toUtf8();
    r.headers = parseHeaders(m_headers->toPlainText(), nullptr);
    return r;
}

QString ProduceRecordDialog::validationError() const
{
    if (m_where->topic().isEmpty())
        return tr("There is no topic to produce to: create one first.");
    QString error;
    parseHeaders(m_headers->toPlainText(), &error);
    return error;
}

void ProduceRecordDialog::setSender(std::function<void(const kafka::ProduceRecord &, Answer)> send)
{
    setSend([this, send = std::move(send)](Answer answer) { send(record(), std::move(answer)); });
}

// ---- ReproduceDialog ----

ReproduceDialog::ReproduceDialog(const TopicPartitions &topics, const QString &source, int records, QWidget *parent)
    : FormDialog(tr("Re-produce %n record(s)", nullptr, records), tr("Re-produce"), parent)
{
    m_where = new TopicPartitionFields(topics, tr("The record's own partition"), this);
    m_where->select(source, -1);
    setBusyText(tr("Re-producing…"));
    form()->addRow(tr("To &topic:"), m_where->topicBox());
    form()->addRow(tr("&Partition:"), m_where->partitionBox());
    connect(m_where, &TopicPartitionFields::changed, this, &ReproduceDialog::revalidate);
    revalidate();
}

ReproduceDialog::~ReproduceDialog() = default;

QString ReproduceDialog::validationError() const
{
    return m_where->topic().isEmpty() ? tr("Choose the topic the copies go to.") : QString();
}

void ReproduceDialog::setSender(std::function<void(const QString &, qint32, Answer)> send)
{
    setSend([this, send = std::move(send)](Answer answer) {
        send(targetTopic(), targetPartition(), std::move(answer));
    });
}

// ---- ResetOffsetsDialog ----

ResetOffsetsDialog::ResetOffsetsDialog(const QString &group, const TopicPartitions &topics, QWidget *parent)
    : FormDialog(tr("Reset offsets of %1").arg(group), tr("Reset"), parent)
    , m_group(group)
{
    m_where = new TopicPartitionFields(topics, tr("All partitions"), this);
    setBusyText(tr("Resetting…"));
    m_to = new QComboBox(this);
    m_to->setObjectName(QStringLiteral("resetTo"));
    m_to->addItem(tr("The earliest offset"), int(kafka::OffsetReset::To::Earliest));
    m_to->addItem(tr("The latest offset"), int(kafka::OffsetReset::To::Latest));
    m_to->addItem(tr("The first record at or after a time"), int(kafka::OffsetReset::To::Timestamp));
    m_to->addItem(tr("An offset"), int(kafka::OffsetReset::To::Offset));
    m_time = new QDateTimeEdit(QDateTime::currentDateTime().addSecs(-3600), this);
    m_time->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    m_time->setCalendarPopup(true);
    m_offset = new QLineEdit(this);
    m_offset->setObjectName(QStringLiteral("resetOffset"));
    m_offset->setValidator(new QRegularExpressionValidator(QRegularExpression(QStringLiteral("[0-9]{1,18}")), this));
    form()->addRow(tr("&Topic:"), m_where->topicBox());
    form()->addRow(tr("&Partition:"), m_where->partitionBox());
    form()->addRow(tr("&To:"), m_to);
    form()->addRow(tr("T&ime:"), m_time);
    form()->addRow(tr("&Offset:"), m_offset);
    connect(m_where, &TopicPartitionFields::changed, this, &ResetOffsetsDialog::revalidate);
    connect(m_to, &QComboBox::currentIndexChanged, this, &ResetOffsetsDialog::toChanged);
    connect(m_offset, &QLineEdit::textChanged, this, &ResetOffsetsDialog::revalidate);
    toChanged();
}

ResetOffsetsDialog::~ResetOffsetsDialog() = default;

void ResetOffsetsDialog::toChanged()
{
    const auto to = kafka::OffsetReset::To(m_to->currentData().toInt());
    m_time->setEnabled(to == kafka::OffsetReset::To::Timestamp);
    m_offset->setEnabled(to == kafka::OffsetReset::To::Offset);
    revalidate();
}

kafka::OffsetReset ResetOffsetsDialog::reset() const
{
    kafka::OffsetReset r;
    r.group = m_group;
    r.topic = m_where->topic();
    r.partition = m_where->partition();
    r.to = kafka::OffsetReset::To(m_to->currentData().toInt());
    if (r.to == kafka::OffsetReset::To::Timestamp)
        r.value = m_time->dateTime().toMSecsSinceEpoch();
    else if (r.to == kafka::OffsetReset::To::Offset)
        r.value = m_offset->text().toLongLong();
    return r;
}

QString ResetOffsetsDialog::validationError() const
{
    if (m_where->topic().isEmpty())
        return tr("The group has committed no offsets: there is nothing to reset.");
    if (reset().to == kafka::OffsetReset::To::Offset && m_offset->text().isEmpty())
        return tr("Enter the offset.");
    return {};
}

void ResetOffsetsDialog::setSender(std::function<void(const kafka::OffsetReset &, Answer)> send)
{
    setSend([this, send = std::move(send)](Answer answer) { send(reset(), std::move(answer)); });
}

} // namespace depot::ui
