#include "ui/views/FormDialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QPointer>
#include <QPushButton>
#include <QVBoxLayout>

namespace depot::ui {

QString reservedNameError(const QString &name)
{
    if (name.toUtf8().size() > 255)
        return FormDialog::tr("The name is longer than 255 bytes.");
    if (name.startsWith(QStringLiteral("amq.")))
        return FormDialog::tr("Names starting with “amq.” are reserved for the broker.");
    return {};
}

FormDialog::FormDialog(const QString &title, const QString &acceptText, QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(title);
    auto *layout = new QVBoxLayout(this);
    m_form = new QFormLayout;
    layout->addLayout(m_form);
    m_problem = new QLabel(this);
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(QStringLiteral("color: #d03a2f"));
    layout->addWidget(m_problem);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(acceptText);
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &FormDialog::submit);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    setMinimumWidth(460);
}

FormDialog::~FormDialog() = default;

void FormDialog::revalidate()
{
    const QString problem = validationError();
    m_problem->setText(problem);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(problem.isEmpty());
}

void FormDialog::submit()
{
    if (!validationError().isEmpty())
        return;
    if (!m_send) {
        accept();
        return;
    }
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(false);
    m_problem->setText(m_busyText.isEmpty() ? tr("Creating…") : m_busyText);
    QPointer<FormDialog> self(this);
    m_send([self](const QString &problem) {
        if (!self)
            return;
        if (problem.isEmpty()) {
            self->accept();
            return;
        }
        self->m_problem->setText(problem);
        self->m_buttons->button(QDialogButtonBox::Ok)->setEnabled(true);
    });
}

} // namespace depot::ui
