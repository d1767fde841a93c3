/**
 * The chats page: each demo persona's 1:1 chat with the bot, newest message first, cards rendered
 * by Microsoft's Adaptive Cards renderer. Its buttons do what Teams does: an Action.Execute goes
 * to the emulator (`POST /chats/{id}/invoke`), which sends the bot the invoke activity Teams sends
 * and shows the card the bot answers in place of the one pressed; a card with a `refresh` section
 * is refreshed when the page shows it to a listed person. "Acting as" chooses who presses the
 * buttons (the chat's owner by default), so a refusal can be tried too. Landmarks, headings, a
 * skip link, a labelled select and a live region keep it usable by keyboard and screen reader.
 */
import { escapeHtml, londonTime } from '../page-text.ts';
import { TEAMS_LIGHT_HOST_CONFIG_JSON } from '../teams-host-config.ts';
import type { DemoPerson } from '../identity/persona-routes.ts';
import type { Chat } from './chat-store.ts';

export interface ChatsPageInput {
  people: readonly DemoPerson[];
  chats: readonly Chat[];
  /** The persona whose chat is shown; default the first with a chat. */
  selected?: string | undefined;
  botEndpoint?: string | undefined;
}

/** The page's HTML. */
export function chatsPage(input: ChatsPageInput): string {
  const withChats = input.people.filter((person) => input.chats.some((chat) => chat.personaId === person.id));
  const owner = input.people.find((person) => person.id === input.selected) ?? withChats[0];
  const chat = owner ? input.chats.find((entry) => entry.personaId === owner.id) : undefined;
  const nav = withChats
    .map((person) => {
      const count = input.chats.find((entry) => entry.personaId === person.id)?.messages.length ?? 0;
      const current = person.id === owner?.id ? ' aria-current="page"' : '';
      return `<li><a href="/chats?persona=${encodeURIComponent(person.id)}"${current}>${escapeHtml(person.displayName)}</a> <span class="count">(${count} message${count === 1 ? '' : 's'})</span></li>`;
    })
    .join('');
  const options = input.people
    .map((person) => `<option value="${escapeHtml(person.id)}" data-user-id="29:${escapeHtml(person.oid)}"${person.id === owner?.id ? ' selected' : ''}>${escapeHtml(person.displayName)}</option>`)
    .join('');
  const messages = (chat?.messages ?? [])
    .map((message) => {
      const headingId = `message-${message.id}`;
      const cards = message.cards.map((_, index) => `<div class="card" data-message="${escapeHtml(message.id)}" data-card="${index}"><p class="pending">Rendering the card…</p></div>`).join('');
      const when = message.updatedAt ? `updated ${londonTime(message.updatedAt)}` : londonTime(message.sentAt);
      return `<article aria-labelledby="${headingId}" data-message-id="${escapeHtml(message.id)}">
  <h2 id="${headingId}">Waymark <time datetime="${escapeHtml(message.updatedAt ?? message.sentAt)}">${escapeHtml(when)}</time></h2>
  ${message.text ? `<p class="text">${escapeHtml(message.text)}</p>` : ''}${cards}
</article>`;
    })
    .join('\n');
  const data = JSON.stringify({
    conversationId: chat?.conversationId ?? null,
    messages: (chat?.messages ?? []).map((message) => ({ id: message.id, cards: message.cards })),
  }).replace(/</g, '\\u003c');
  const empty = withChats.length === 0 ? '<p>No chats yet. Personal digests arrive here when the service sends them (the reminder run, or <code>deliverPersonalDigest</code>).</p>' : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${owner && chat ? `${escapeHtml(owner.displayName)} · ` : ''}Chats with Waymark · Teams emulator</title>
<style>
  :root { color-scheme: light; font-family: "Segoe UI", system-ui, sans-serif; background: #f5f5f5; color: #242424; }
  body { margin: 0; }
  .skip { position: absolute; left: -999px; }
  .skip:focus { left: 1rem; top: 1rem; background: #fff; padding: .5rem; z-index: 1; }
  header, main, nav { max-width: 52rem; margin: 0 auto; padding: .5rem 1rem; }
  h1 { font-size: 1.5rem; margin: .5rem 0; }
  h2 { font-size: 1rem; margin: 0 0 .5rem; font-weight: 600; }
  time, .count { color: #616161; font-weight: 400; }
  nav ul { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .25rem 1rem; }
  a { color: #4f52b2; }
  a[aria-current] { font-weight: 700; }
  article { background: #fff; border: 1px solid #d1d1d1; border-radius: 8px; padding: 1rem; margin: 0 0 1rem; }
  .card { overflow-wrap: anywhere; }
  #status { min-height: 1.5rem; }
  .ac-pushButton:focus-visible, a:focus-visible, button:focus-visible, select:focus-visible { outline: 3px solid #5b5fc7; outline-offset: 2px; }
</style>
</head>
<body>
<a class="skip" href="#main">Skip to the chat</a>
<header>
  <h1>Chats with Waymark</h1>
  <p>Each demo persona's 1:1 chat with the Waymark bot, newest first, as the emulator's Teams side received it. <a href="/chats.json">As JSON</a>.</p>
  ${input.botEndpoint ? '' : '<p role="alert">The emulator does not know where the bot is, so buttons cannot work: start it with the service (<code>npm start</code>).</p>'}
  <p><label for="actor">Acting as</label> <select id="actor">${options}</select></p>
  <p id="status" role="status" aria-live="polite"></p>
</header>
<nav aria-label="Chats"><ul>${nav}</ul></nav>
<main id="main" tabindex="-1">
${empty}${owner && chat ? `<h2 class="chat-title">Chat of ${escapeHtml(owner.displayName)}</h2>` : ''}
${messages}
</main>
<script type="application/json" id="chat-data">${data}</script>
<script src="/inbox/adaptivecards.js"></script>
<script>
  (function () {
    var state = JSON.parse(document.getElementById('chat-data').textContent);
    var status = document.getElementById('status');
    var actorSelect = document.getElementById('actor');
    var byId = {};
    state.messages.forEach(function (message) { byId[message.id] = message; });

    function actorUserId() { return actorSelect.selectedOptions[0] ? actorSelect.selectedOptions[0].dataset.userId : ''; }

    function invoke(messageId, verb, data, trigger) {
      return fetch('/chats/' + encodeURIComponent(state.conversationId) + '/invoke', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ messageId: messageId, actor: actorSelect.value, verb: verb, data: data || {}, trigger: trigger })
      }).then(function (response) { return response.json(); });
    }

    function render(slot, card) {
      var adaptive = new AdaptiveCards.AdaptiveCard();
      adaptive.hostConfig = new AdaptiveCards.HostConfig(${TEAMS_LIGHT_HOST_CONFIG_JSON});
      adaptive.onExecuteAction = function (action) {
        var type = action.getJsonTypeName();
        if (type === 'Action.OpenUrl') { window.open(action.url, '_blank', 'noopener'); return; }
        if (type !== 'Action.Execute' && type !== 'Action.Submit') return;
        var data = action.data || {};
        var verb = action.verb || data.verb;
        status.textContent = 'Sending “' + action.title + '”…';
        invoke(slot.dataset.message, verb, data, 'manual').then(function (answer) {
          if (answer.card) {
            byId[slot.dataset.message].cards[Number(slot.dataset.card)] = answer.card;
            render(slot, answer.card);
            status.textContent = 'Waymark answered “' + action.title + '” in ' + answer.ms + ' ms.';
            // Focus stays with the card that changed, so a keyboard user continues from there.
            slot.focus();
          } else {
            status.textContent = 'Something went wrong: ' + (answer.error || ('the bot answered ' + answer.status));
          }
        }).catch(function (error) { status.textContent = 'Something went wrong: ' + error.message; });
      };
      try {
        adaptive.parse(card);
        slot.replaceChildren(adaptive.render());
        slot.tabIndex = -1;
      } catch (error) {
        slot.textContent = 'This card could not be rendered: ' + error.message;
      }
    }

    function refreshIfListed(slot, card) {
      var refresh = card && card.refresh;
      if (!refresh || !refresh.action || refresh.action.type !== 'Action.Execute') return;
      var listed = !refresh.userIds || refresh.userIds.length === 0 || refresh.userIds.indexOf(actorUserId()) !== -1;
      if (!listed) return;
      invoke(slot.dataset.message, refresh.action.verb, refresh.action.data, 'automatic').then(function (answer) {
        if (!answer.card) return;
        byId[slot.dataset.message].cards[Number(slot.dataset.card)] = answer.card;
        render(slot, answer.card);
      }).catch(function () { /* Teams keeps the card as it was when a refresh fails. */ });
    }

    document.querySelectorAll('.card').forEach(function (slot) {
      var card = byId[slot.dataset.message].cards[Number(slot.dataset.card)];
      render(slot, card);
      refreshIfListed(slot, card);
    });
  })();
</script>
</body>
</html>
`;
}
