#include "ui/views/SearchAllDialog.h"

#include "ui/client/BrokerClient.h"
#include "ui/models/MessageListModel.h"

#include <QCheckBox>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QFont>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QRegularExpression>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace depot::ui {

namespace {

constexpr int QueueRole = Qt::UserRole;
constexpr int IdRole = Qt::UserRole + 1;

} // namespace

SearchAllDialog::SearchAllDialog(BrokerClient *client, QWidget *parent)
    : QDialog(parent)
    , m_client(client)
{
    setWindowTitle(tr("Search all queues"));
    auto *layout = new QVBoxLayout(this);
    auto *form = new QFormLayout;
    m_text = new QLineEdit(this);
    m_text->setPlaceholderText(tr("Text in bodies and headers"));
    form->addRow(tr("&Find:"), m_text);
    m_queues = new QLineEdit(this);
    m_queues->setPlaceholderText(tr("every queue"));
    m_queues->setToolTip(tr("Only queues whose names contain this"));
    form->addRow(tr("&In queues:"), m_queues);
    auto *options = new QHBoxLayout;
    m_regex = new QCheckBox(tr("Regex"), this);
    m_caseSensitive = new QCheckBox(tr("Match case"), this);
    options->addWidget(m_regex);
    options->addWidget(m_caseSensitive);
    options->addStretch(1);
    m_go = new QPushButton(tr("Search"), this);
    m_go->setDefault(true);
    m_stop = new QPushButton(tr("Stop"), this);
    m_stop->setEnabled(false);
    options->addWidget(m_go);
    options->addWidget(m_stop);
    form->addRow(QString(), options);
    layout->addLayout(form);

    m_results = new QTreeWidget(this);
    m_results->setHeaderLabels({tr("Message"), tr("Body")});
    m_results->header()->setStretchLastSection(true);
    m_results->setColumnWidth(0, 200);
    m_results->setUniformRowHeights(true);
    layout->addWidget(m_results, 1);
    m_status = new QLabel(this);
    layout->addWidget(m_status);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    layout->addWidget(buttons);

    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_go, &QPushButton::clicked, this, &SearchAllDialog::search);
    connect(m_text, &QLineEdit::returnPressed, this, &SearchAllDialog::search);
    connect(m_stop, &QPushButton::clicked, this, [this] { finish(tr("Stopped.")); });
    connect(m_results, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem *item) {
        if (item && item->data(0, IdRole).isValid())
            Q_EMIT openMessage(item->data(0, QueueRole).toString(), item->data(0, IdRole).toULongLong());
    });
    resize(760, 520);
}

SearchAllDialog::~SearchAllDialog() = default;

void SearchAllDialog::search()
{
    MessageFilter filter;
    filter.text = m_text->text();
    filter.regex = m_regex->isChecked();
    filter.caseSensitive = m_caseSensitive->isChecked();
    if (filter.isEmpty())
        return;
    if (filter.regex && !QRegularExpression(filter.text).isValid()) {
        m_status->setText(tr("Invalid regular expression: %1").arg(QRegularExpression(filter.text).errorString()));
        return;
    }
    m_filter = filter;
    ++m_token;
    m_results->clear();
    m_pending.clear();
    for (const QueueRow &q : m_client->snapshot()->queues) {
        if (m_queues->text().trimmed().isEmpty() || q.name.contains(m_queues->text().trimmed(), Qt::CaseInsensitive))
            m_pending << q.name;
    }
    m_pending.sort();
    m_total = 0;
    m_searching = true;
    m_go->setEnabled(false);
    m_stop->setEnabled(true);
    m_queue.clear();
    scanNext();
}

void SearchAllDialog::scanNext()
{
    if (m_queue.isEmpty()) {
        if (m_pending.isEmpty()) {
            finish(tr("%Ln match(es)", nullptr, m_total));
            return;
        }
        m_queue = m_pending.takeFirst();
        m_cursor = {};
        m_found = 0;
    }
    m_status->setText(tr("Searching %1…").arg(m_queue));
    const quint64 token = m_token;
    const QString queue = m_queue;
    const bool posted = m_client->scan(
        this, queue, m_filter, m_cursor, MessageListModel::ScanChunk, [this, token, queue](ScanResult result) {
            if (token != m_token || !m_searching)
                return;
            QTreeWidgetItem *group = nullptr;
            for (int i = 0; i < m_results->topLevelItemCount(); ++i) {
                if (m_results->topLevelItem(i)->data(0, QueueRole).toString() == queue
                    && !m_results->topLevelItem(i)->data(0, IdRole).isValid())
                    group = m_results->topLevelItem(i);
            }
            for (const MessageRow &row : result.matches) {
                if (m_found >= MaxMatchesPerQueue)
                    break;
                if (!group) {
                    group = new QTreeWidgetItem(m_results);
                    group->setData(0, QueueRole, queue);
                    group->setExpanded(true);
                    QFont bold = group->font(0);
                    bold.setBold(true);
                    group->setFont(0, bold);
                }
                auto *item = new QTreeWidgetItem(group);
                item->setText(
                    0, tr("#%1 · id %2").arg(QLocale().toString(row.position + 1), QLocale().toString(row.id)));
                item->setText(1, row.preview);
                item->setToolTip(1, row.preview);
                item->setData(0, QueueRole, queue);
                item->setData(0, IdRole, QVariant::fromValue<qulonglong>(row.id));
                ++m_found;
                ++m_total;
            }
            if (group)
                group->setText(0, tr("%1 (%Ln match(es))", nullptr, m_found).arg(queue));
            m_cursor = std::move(result.cursor);
            if (m_cursor.done || m_found >= MaxMatchesPerQueue)
                m_queue.clear();
            scanNext();
        });
    if (!posted)
        finish(tr("Depot is not running."));
}

void SearchAllDialog::finish(const QString &text)
{
    m_searching = false;
    ++m_token;
    m_go->setEnabled(true);
    m_stop->setEnabled(false);
    m_status->setText(text);
}

} // namespace depot::ui
