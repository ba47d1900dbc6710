#include "ui/views/TopicQueryBar.h"

#include "ui/client/BrokerClient.h"
#include "ui/views/WindowParts.h"

#include <QComboBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

namespace depot::ui {

TopicQueryBar::TopicQueryBar(BrokerClient *client, QWidget *parent)
    : QWidget(parent)
    , m_client(client)
    , m_queryRun([this](quint64 id) {
        if (m_client)
            m_client->cancelTopicQuery(id);
    })
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *bar = new QHBoxLayout;
    auto *label = new QLabel(tr("Q&uery:"), this);
    m_edit = new QLineEdit(this);
    m_edit->setObjectName(QStringLiteral("topicQueryEdit"));
    m_edit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_edit->setPlaceholderText(tr("value.customer = \"frances\" and key ~ \"^eu-\" and age < 1h"));
    m_edit->setToolTip(tr("A query over records: topic, partition, offset, timestamp, age, size, key, value, "
                          "headers.<key>; and, or, not (docs/query.md). Enter runs it."));
    m_edit->setClearButtonEnabled(true);
    label->setBuddy(m_edit);
    m_scope = new QComboBox(this);
    m_scope->setObjectName(QStringLiteral("topicQueryScope"));
    m_scope->addItem(tr("This partition"));
    m_scope->addItem(tr("This topic"));
    m_scope->addItem(tr("Topics matching"));
    m_scope->addItem(tr("All topics"));
    m_scope->setCurrentIndex(int(Scope::ThisTopic));
    m_scope->setToolTip(tr("Where the query looks"));
    m_pattern = new QLineEdit(this);
    m_pattern->setPlaceholderText(tr("orders.*, audit"));
    m_pattern->setToolTip(tr("Topic names, or patterns with * and ?, separated by commas"));
    m_pattern->setMaximumWidth(180);
    m_run = new QPushButton(tr("Run"), this);
    m_cancel = new QPushButton(tr("Cancel"), this);
    m_progress = new QProgressBar(this);
    m_progress->setRange(0, 1000);
    m_progress->setMaximumWidth(140);
    m_progress->setTextVisible(false);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("topicQueryStatus"));
    bar->addWidget(label);
    bar->addWidget(m_edit, 1);
    bar->addWidget(m_scope);
    bar->addWidget(m_pattern);
    bar->addWidget(m_run);
    bar->addWidget(m_cancel);
    bar->addWidget(m_progress);
    layout->addLayout(bar);
    layout->addWidget(m_status);
    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("topicQueryError"));
    m_error->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_error->setStyleSheet(QStringLiteral("color: #d03a2f;"));
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->hide();
    layout->addWidget(m_error);

    connect(m_edit, &QLineEdit::returnPressed, this, &TopicQueryBar::run);
    connect(m_edit, &QLineEdit::textEdited, this, &TopicQueryBar::clearError);
    connect(m_pattern, &QLineEdit::returnPressed, this, &TopicQueryBar::run);
    connect(m_run, &QPushButton::clicked, this, &TopicQueryBar::run);
    connect(m_cancel, &QPushButton::clicked, this, &TopicQueryBar::stop);
    connect(m_scope, &QComboBox::currentIndexChanged, this, &TopicQueryBar::updateScope);
    connect(m_client, &BrokerClient::topicQueryMatched, this, &TopicQueryBar::onMatched);
    connect(m_client, &BrokerClient::topicQueryProgress, this, &TopicQueryBar::onProgress);
    connect(m_client, &BrokerClient::topicQueryFinished, this, &TopicQueryBar::onFinished);
    updateScope();
    updateButtons();
}

TopicQueryBar::~TopicQueryBar()
{
    if (m_queryRun.id() != 0 && m_client)
        m_client->cancelTopicQuery(m_queryRun.id());
}

void TopicQueryBar::setCurrent(const QString &topic, qint32 partition)
{
    m_topic = topic;
    m_partition = partition;
    updateScope();
}

void TopicQueryBar::setScope(Scope scope, const QString &pattern)
{
    m_scope->setCurrentIndex(int(scope));
    m_pattern->setText(pattern);
    updateScope();
}

TopicQueryBar::Scope TopicQueryBar::scope() const
{
    return Scope(m_scope->currentIndex());
}

void TopicQueryBar::updateScope()
{
    m_scope->setItemText(int(Scope::ThisPartition),
        m_partition < 0 ? tr("This partition") : tr("This partition (%1)").arg(m_partition));
    m_scope->setItemText(int(Scope::ThisTopic), m_topic.isEmpty() ? tr("This topic") : tr("This topic (%1)").arg(m_topic));
    m_pattern->setVisible(scope() == Scope::Matching);
}

bool TopicQueryBar::run()
{
    clearError();
    query::QueryError error;
    kafka::TopicQuerySpec spec;
    spec.query = query::Query::parse(m_edit->text(), &error, query::Over::Records);
    if (!spec.query.isValid()) {
        showError(error.position, error.message);
        return false;
    }
    switch (scope()) {
    case Scope::ThisPartition:
    case Scope::ThisTopic:
        if (m_topic.isEmpty() || (scope() == Scope::ThisPartition && m_partition < 0)) {
            showError(0, tr("No topic or partition is selected: select one, or choose All topics."));
            return false;
        }
        spec.topics = {m_topic};
        if (scope() == Scope::ThisPartition)
            spec.partition = m_partition;
        break;
    case Scope::Matching:
        for (const QString &part : m_pattern->text().split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            if (!part.trimmed().isEmpty())
                spec.topics << part.trimmed();
        }
        if (spec.topics.isEmpty()) {
            showError(0, tr("Say which topics: names or patterns such as orders.*, separated by commas."));
            return false;
        }
        break;
    case Scope::AllTopics:
        break;
    }
    m_stopping = false;
    m_progress->setRange(0, 0);   // busy until the first slice says how far
    m_status->setText(tr("Starting…"));
    Q_EMIT started();
    const bool posted = m_queryRun.start(
        [this, &spec](QueryRun::Answer answer) { return m_client->startTopicQuery(this, spec, std::move(answer)); },
        [this](const QString &refusal) {
            showError(0, refusal);
            updateButtons();
        });
    if (!posted)
        showError(0, tr("Depot is not running."));
    else
        m_spec = spec;
    updateButtons();
    return posted;
}

void TopicQueryBar::stop()
{
    if (!m_queryRun.running())
        return;
    if (m_queryRun.stop()) {
        m_stopping = true;   // topicQueryFinished (cancelled) ends it
        return;
    }
    m_status->setText(tr("Cancelled."));
    updateButtons();
}

void TopicQueryBar::onMatched(quint64 id, const QList<kafka::RecordView> &records)
{
    if (m_queryRun.isCurrent(id) && !m_stopping)
        Q_EMIT matched(records);
}

void TopicQueryBar::onProgress(const kafka::TopicQueryProgress &progress)
{
    if (m_queryRun.isCurrent(progress.id))
        showProgress(progress);
}

void TopicQueryBar::onFinished(const kafka::TopicQueryProgress &progress)
{
    if (!m_queryRun.isCurrent(progress.id))
        return;
    m_queryRun.end();
    showProgress(progress);
    updateButtons();
    Q_EMIT finished(progress);
}

void TopicQueryBar::showProgress(const kafka::TopicQueryProgress &progress)
{
    const QLocale locale;
    const quint64 total = std::max<quint64>(progress.recordsTotal, 1);
    m_progress->setRange(0, 1000);
    m_progress->setValue(progress.done ? 1000 : int(std::min<quint64>(progress.scanned, total) * 1000 / total));
    const QString looked = tr("%1 of %2 records looked at in %3 of %4 topics")
                               .arg(locale.toString(progress.scanned), locale.toString(progress.recordsTotal),
                                   locale.toString(progress.topicsDone), locale.toString(progress.topicsTotal));
    const int matched = int(std::min<quint64>(progress.matched, INT_MAX));
    QString text = tr("%Ln match(es)", nullptr, matched) + QStringLiteral(" · ") + looked;
    if (!progress.error.isEmpty())
        text = tr("Stopped: %1 (%2)").arg(progress.error, text);
    else if (progress.cancelled)
        text = tr("Cancelled: %1").arg(text);
    else if (progress.done)
        text = tr("Done: %1").arg(text);
    m_status->setText(text);
}

void TopicQueryBar::showError(qsizetype position, const QString &message)
{
    m_errorPosition = position;
    markQueryError(m_edit, m_error, position,
        position > 0 ? tr("Column %1: %2").arg(QString::number(position), message) : message);
    m_status->setText(tr("Nothing ran."));
}

void TopicQueryBar::clearError()
{
    if (m_error->isHidden())
        return;
    m_errorPosition = 0;
    unmarkQueryError(m_edit, m_error);
}

void TopicQueryBar::updateButtons()
{
    // Only while a query runs: a full bar without text beside Cancel read as
    // an empty button once it was done; the status line says "Done" then.
    m_progress->setVisible(m_queryRun.running());
    m_cancel->setEnabled(m_queryRun.running());
}

} // namespace depot::ui
