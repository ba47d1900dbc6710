#pragma once

// The Topics and Consumer groups tabs' dialogs, each a FormDialog (the
// accept button disabled with the reason while the form is not valid; the
// broker's refusal shown in the open dialog):
//  - CreateTopicDialog: a name (Kafka's rules) and a partition count;
//  - ProduceRecordDialog: a record by hand (topic, partition or by key, key,
//    headers, value);
//  - ReproduceDialog: the topic (and partition) selected records are copied to;
//  - ResetOffsetsDialog: where a group's committed offsets go (earliest,
//    latest, a time, an offset; one partition or every one of a topic).

#include "broker/kafka/KafkaAdmin.h"
#include "ui/views/FormDialog.h"

#include <QMap>

class QComboBox;
class QDateTimeEdit;
class QLineEdit;
class QPlainTextEdit;
class QSpinBox;

namespace depot::ui {

// Topic name -> partition count: what the dialogs offer.
using TopicPartitions = QMap<QString, qint32>;

class CreateTopicDialog final : public FormDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CreateTopicDialog)

public:
    explicit CreateTopicDialog(const QStringList &existing, QWidget *parent = nullptr);
    ~CreateTopicDialog() override;

    QString name() const;
    log::TopicSettings settings() const;
    QString validationError() const override;
    void setSender(std::function<void(const QString &, const log::TopicSettings &, Answer)> send);

    QLineEdit *nameEdit() const { return m_name; }
    QSpinBox *partitionsBox() const { return m_partitions; }

private:
    QStringList m_existing;
    QLineEdit *m_name = nullptr;
    QSpinBox *m_partitions = nullptr;
};

// A topic and a partition of it, or "any" (-1) with `anyText` as its label.
class TopicPartitionFields final : public QObject
{
    Q_OBJECT
public:
    TopicPartitionFields(const TopicPartitions &topics, const QString &anyText, QWidget *parent);
    QComboBox *topicBox() const { return m_topic; }
    QComboBox *partitionBox() const { return m_partition; }
    QString topic() const;
    qint32 partition() const;   // -1: any
    void select(const QString &topic, qint32 partition);

Q_SIGNALS:
    void changed();

private:
    void fillPartitions();

    TopicPartitions m_topics;
    QString m_anyText;
    QComboBox *m_topic = nullptr;
    QComboBox *m_partition = nullptr;
};

class ProduceRecordDialog final : public FormDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProduceRecordDialog)

public:
    ProduceRecordDialog(const TopicPartitions &topics, const QString &topic, QWidget *parent = nullptr);
    ~ProduceRecordDialog() override;

    kafka::ProduceRecord record() const;
    QString validationError() const override;
    void setSender(std::function<void(const kafka::ProduceRecord &, Answer)> send);

    QComboBox *topicBox() const { return m_where->topicBox(); }
    QComboBox *partitionBox() const { return m_where->partitionBox(); }
    QLineEdit *keyEdit() const { return m_key; }
    QPlainTextEdit *headersEdit() const { return m_headers; }
    QPlainTextEdit *valueEdit() const { return m_value; }

    // "name: value" lines into headers; the first line that is not one is
    // named in `error`.
    static QList<kafka::RecordHeader> parseHeaders(const QString &text, QString *error);

private:
    TopicPartitionFields *m_where = nullptr;
    QLineEdit *m_key = nullptr;
    QPlainTextEdit *m_headers = nullptr;
    QPlainTextEdit *m_value = nullptr;
};

class ReproduceDialog final : public FormDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ReproduceDialog)

public:
    ReproduceDialog(const TopicPartitions &topics, const QString &source, int records, QWidget *parent = nullptr);
    ~ReproduceDialog() override;

    QString targetTopic() const { return m_where->topic(); }
    qint32 targetPartition() const { return m_where->partition(); }
    QString validationError() const override;
    void setSender(std::function<void(const QString &topic, qint32 partition, Answer)> send);

    QComboBox *topicBox() const { return m_where->topicBox(); }
    QComboBox *partitionBox() const { return m_where->partitionBox(); }

private:
    TopicPartitionFields *m_where = nullptr;
};

class ResetOffsetsDialog final : public FormDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ResetOffsetsDialog)

public:
    ResetOffsetsDialog(const QString &group, const TopicPartitions &topics, QWidget *parent = nullptr);
    ~ResetOffsetsDialog() override;

    kafka::OffsetReset reset() const;
    QString validationError() const override;
    void setSender(std::function<void(const kafka::OffsetReset &, Answer)> send);
    void select(const QString &topic, qint32 partition) { m_where->select(topic, partition); }

    QComboBox *topicBox() const { return m_where->topicBox(); }
    QComboBox *partitionBox() const { return m_where->partitionBox(); }
    QComboBox *toBox() const { return m_to; }
    QDateTimeEdit *timeEdit() const { return m_time; }
    QLineEdit *offsetEdit() const { return m_offset; }

private:
    void toChanged();

    QString m_group;
    TopicPartitionFields *m_where = nullptr;
    QComboBox *m_to = nullptr;
    QDateTimeEdit *m_time = nullptr;
    QLineEdit *m_offset = nullptr;
};

} // namespace depot::ui
