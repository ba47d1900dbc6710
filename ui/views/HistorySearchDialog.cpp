#include "ui/views/HistorySearchDialog.h"

#include "ui/client/BrokerClient.h"
#include "ui/views/HistoryTimeline.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSplitter>
#include <QVBoxLayout>

namespace depot::ui {

HistorySearchDialog::HistorySearchDialog(BrokerClient *client, QWidget *parent)
    : QDialog(parent)
    , m_client(client)
    , m_field(new QComboBox(this))
    , m_text(new QLineEdit(this))
    , m_find(new QPushButton(tr("Find"), this))
    , m_status(new QLabel(this))
    , m_results(new QListWidget(this))
    , m_timeline(new HistoryTimeline(this))
{
    setWindowTitle(tr("Find a Gone Message"));
    m_field->addItem(tr("Message-id"));
    m_field->addItem(tr("Correlation-id"));
    m_field->addItem(tr("Depot id"));
    m_text->setPlaceholderText(tr("What the message carried, such as order-10003"));
    m_text->setClearButtonEnabled(true);
    m_find->setDefault(true);
    auto *row = new QHBoxLayout;
    row->addWidget(m_field);
    row->addWidget(m_text, 1);
    row->addWidget(m_find);
    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_results);
    splitter->addWidget(m_timeline);
    splitter->setStretchFactor(1, 3);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(row);
    layout->addWidget(m_status);
    layout->addWidget(splitter, 1);
    connect(m_find, &QPushButton::clicked, this, &HistorySearchDialog::search);
    connect(m_text, &QLineEdit::returnPressed, this, &HistorySearchDialog::search);
    connect(m_results, &QListWidget::currentRowChanged, this, &HistorySearchDialog::showResult);
    resize(1000, 600);
}

HistorySearchDialog::~HistorySearchDialog() = default;

void HistorySearchDialog::search()
{
    const QString text = m_text->text().trimmed();
    HistoryQuery query;
    switch (m_field->currentIndex()) {
    case MessageIdField:
        query.messageId = text;
        break;
    case CorrelationIdField:
        query.correlationId = text;
        break;
    default: {
        bool ok = false;
        query.id = text.toULongLong(&ok);
        if (!ok || query.id == 0) {
            m_status->setText(tr("A Depot id is a whole number above 0, such as 42."));
            return;
        }
        break;
    }
    }
    if (text.isEmpty()) {
        m_status->setText(tr("Type what to look for."));
        return;
    }
    m_status->setText(tr("Searching…"));
    const bool asked = m_client->findHistory(this, query, [this](QList<MessageStory> stories, bool historyOn) {
        m_stories = std::move(stories);
        m_results->clear();
        m_timeline->showNote(QString());
        if (!historyOn) {
            m_status->setText(tr("Depot records no message stories (it runs with --history off)."));
            return;
        }
        m_status->setText(m_stories.isEmpty() ? tr("No message found: it never came, or its story was forgotten "
                                                   "(--history-retention, --history-max-events).")
                                              : tr("%n message(s) found.", nullptr, int(m_stories.size())));
        for (const MessageStory &story : std::as_const(m_stories))
            m_results->addItem(HistoryTimeline::storySummary(story));
        if (!m_stories.isEmpty())
            m_results->setCurrentRow(0);
    });
    if (!asked)
        m_status->setText(tr("The broker is not running."));
}

void HistorySearchDialog::showResult(int row)
{
    if (row < 0 || row >= m_stories.size())
        return;
    m_timeline->showStory(m_stories.at(row));
}

} // namespace depot::ui
