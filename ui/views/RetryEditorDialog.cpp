#include "ui/views/RetryEditorDialog.h"

#include "ui/models/RetrySchedule.h"

#include <QButtonGroup>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPointer>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace depot::ui {

namespace {

constexpr int MaxRetries = 100;

} // namespace

RetryEditorDialog::RetryEditorDialog(
    const QString &queue, const QList<qint64> &current, const QString &afterLast, QWidget *parent)
    : QDialog(parent)
    , m_queue(queue)
    , m_afterLast(afterLast)
{
    setWindowTitle(tr("Retry schedule of %1").arg(queue));
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(
        tr("A message a consumer gives back (nack or reject with requeue) waits the next delay before it is "
           "delivered again."),
        this);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    auto *modes = new QButtonGroup(this);
    m_listMode = new QRadioButton(tr("&Delays:"), this);
    m_list = new QLineEdit(this);
    m_list->setPlaceholderText(tr("e.g. 1s, 5s, 30s, 5min"));
    auto *listRow = new QHBoxLayout;
    listRow->addWidget(m_listMode);
    listRow->addWidget(m_list, 1);
    layout->addLayout(listRow);

    m_exponentialMode = new QRadioButton(tr("&Exponential:"), this);
    m_from = new QLineEdit(QStringLiteral("1s"), this);
    m_to = new QLineEdit(QStringLiteral("5min"), this);
    m_retries = new QSpinBox(this);
    m_retries->setRange(1, MaxRetries);
    m_retries->setValue(6);
    for (QLineEdit *edit : {m_from, m_to})
        edit->setMaximumWidth(fontMetrics().horizontalAdvance(QStringLiteral("00000min")) + 12);
    auto *expRow = new QHBoxLayout;
    expRow->addWidget(m_exponentialMode);
    auto *fromLabel = new QLabel(tr("from"), this);
    auto *toLabel = new QLabel(tr("to"), this);
    auto *retriesLabel = new QLabel(tr("retries:"), this);
    fromLabel->setBuddy(m_from);
    toLabel->setBuddy(m_to);
    retriesLabel->setBuddy(m_retries);
    expRow->addWidget(fromLabel);
    expRow->addWidget(m_from);
    expRow->addWidget(toLabel);
    expRow->addWidget(m_to);
    expRow->addWidget(retriesLabel);
    expRow->addWidget(m_retries);
    expRow->addStretch(1);
    layout->addLayout(expRow);

    m_noneMode = new QRadioButton(tr("&No retry delays (a returned message comes back at once)"), this);
    layout->addWidget(m_noneMode);
    for (QRadioButton *b : {m_listMode, m_exponentialMode, m_noneMode})
        modes->addButton(b);

    m_preview = new QLabel(this);
    m_preview->setObjectName(QStringLiteral("retryPreview"));
    m_preview->setWordWrap(true);
    m_preview->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_preview->setMinimumHeight(fontMetrics().lineSpacing() * 4);
    m_preview->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    layout->addWidget(m_preview);
    m_problem = new QLabel(this);
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(QStringLiteral("color: #d03a2f"));
    layout->addWidget(m_problem);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Apply"));
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &RetryEditorDialog::apply);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    // The queue's schedule as a list; none yet: an empty list to fill in.
    m_listMode->setChecked(true);
    m_list->setText(RetrySchedule::toText(current));
    for (QLineEdit *edit : {m_list, m_from, m_to})
        connect(edit, &QLineEdit::textChanged, this, &RetryEditorDialog::revalidate);
    connect(m_retries, &QSpinBox::valueChanged, this, &RetryEditorDialog::revalidate);
    connect(modes, &QButtonGroup::buttonToggled, this, &RetryEditorDialog::revalidate);
    // Typing in a mode's fields chooses that mode.
    connect(m_list, &QLineEdit::textEdited, m_listMode, [this] { m_listMode->setChecked(true); });
    for (QLineEdit *edit : {m_from, m_to})
        connect(edit, &QLineEdit::textEdited, m_exponentialMode, [this] { m_exponentialMode->setChecked(true); });
    connect(m_retries, &QSpinBox::valueChanged, m_exponentialMode, [this] { m_exponentialMode->setChecked(true); });
    revalidate();
    setMinimumWidth(560);
}

RetryEditorDialog::~RetryEditorDialog() = default;

std::optional<qint64> RetryEditorDialog::durationOf(const QLineEdit *edit, QString *why) const
{
    QString problem;
    const auto parsed = RetrySchedule::parse(edit->text(), &problem);
    if (!parsed || parsed->size() != 1) {
        *why = parsed ? tr("one duration, e.g. 1s") : problem;
        return std::nullopt;
    }
    return parsed->constFirst();
}

std::optional<QList<qint64>> RetryEditorDialog::delays() const
{
    QString why;
    if (m_noneMode->isChecked())
        return QList<qint64>();
    if (m_listMode->isChecked())
        return RetrySchedule::parse(m_list->text(), &why);
    const auto from = durationOf(m_from, &why);
    const auto to = durationOf(m_to, &why);
    if (!from || !to || *from <= 0 || *to < *from)
        return std::nullopt;
    return RetrySchedule::exponential(*from, *to, m_retries->value());
}

QString RetryEditorDialog::validationError() const
{
    QString why;
    if (m_noneMode->isChecked())
        return {};
    if (m_listMode->isChecked()) {
        if (!RetrySchedule::parse(m_list->text(), &why))
            return tr("Delays: %1.").arg(why);
        return {};
    }
    const auto from = durationOf(m_from, &why);
    if (!from)
        return tr("From: %1.").arg(why);
    const auto to = durationOf(m_to, &why);
    if (!to)
        return tr("To: %1.").arg(why);
    if (*from <= 0)
        return tr("An exponential series starts above 0.");
    if (*to < *from)
        return tr("The last delay (%1) is shorter than the first (%2).")
            .arg(RetrySchedule::duration(*to), RetrySchedule::duration(*from));
    return {};
}

QString RetryEditorDialog::previewText() const
{
    const auto list = delays();
    if (!list)
        return {};
    if (list->isEmpty())
        return tr("A returned message comes back at once, as often as consumers return it.");
    QStringList steps;
    for (qint64 ms : *list)
        steps << RetrySchedule::duration(ms);
    const QLocale locale;
    return tr("%1 attempts: the first delivery, then %Ln retry(ies) after %2.", nullptr, int(list->size()))
               .arg(locale.toString(list->size() + 1), steps.join(QStringLiteral(", ")))
        + QLatin1Char(' ') + tr("After attempt %1 fails: %2").arg(locale.toString(list->size() + 1), m_afterLast);
}

void RetryEditorDialog::revalidate()
{
    if (m_applying)
        return;
    const QString problem = validationError();
    m_problem->setText(problem);
    m_preview->setText(problem.isEmpty() ? previewText() : QString());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(problem.isEmpty());
}

void RetryEditorDialog::apply()
{
    const auto list = delays();
    if (!validationError().isEmpty() || !list)
        return;
    if (!m_send) {
        accept();
        return;
    }
    m_applying = true;
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(false);
    m_problem->setText(tr("Applying…"));
    QPointer<RetryEditorDialog> self(this);
    m_send(*list, [self](const QString &problem) {
        if (!self)
            return;
        self->m_applying = false;
        if (problem.isEmpty()) {
            self->accept();
            return;
        }
        self->m_problem->setText(tr("Refused: %1").arg(problem));
        self->m_buttons->button(QDialogButtonBox::Ok)->setEnabled(true);
    });
}

} // namespace depot::ui
