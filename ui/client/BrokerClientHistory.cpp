// BrokerClient's requests for message life stories (broker/engine/History.h):
// the inspector's History tab and the "Find a gone message" dialog. Each
// reads the engine's HistoryBook on the broker thread and answers on the GUI
// thread; the stories are copied out, so nothing is shared.

#include "ui/client/BrokerClient.h"

namespace depot::ui {

bool BrokerClient::messageHistory(
    QObject *context, MessageId id, std::function<void(std::optional<MessageStory>, bool historyOn)> done)
{
    return call(
        context,
        [id](Engine &engine) {
            return std::make_pair(engine.messageHistory(id), engine.historySettings().enabled);
        },
        [done = std::move(done)](std::pair<std::optional<MessageStory>, bool> answer) {
            done(std::move(answer.first), answer.second);
        });
}

bool BrokerClient::findHistory(
    QObject *context, const HistoryQuery &query, std::function<void(QList<MessageStory>, bool historyOn)> done)
{
    // The engine answers once its search of the store (off the broker
    // thread) is back: the reply goes from there.
    auto reply = replier<std::pair<QList<MessageStory>, bool>>(
        context, [done = std::move(done)](std::pair<QList<MessageStory>, bool> answer) {
            done(std::move(answer.first), answer.second);
        });
    return m_service->post([query, reply = std::move(reply)](Engine &engine) mutable {
        const bool on = engine.historySettings().enabled;
        engine.findHistory(query, [reply, on](QList<MessageStory> stories) { reply({std::move(stories), on}); });
    });
}

} // namespace depot::ui
