/**
 * The inbox page: every card received, newest first, each headed with its channel and time and
 * rendered by Microsoft's Adaptive Cards JavaScript renderer, so a person sees what a director
 * would see in Teams. Landmarks, one h1 and an h2 per card, a skip link, and the renderer's own
 * buttons keep it usable by keyboard and screen reader.
 */
import { escapeHtml, londonTime } from '../page-text.ts';
import { TEAMS_LIGHT_HOST_CONFIG_JSON } from '../teams-host-config.ts';
import type { InboxMessage } from './inbox-store.ts';

/** The page for these messages (already newest first). */
export function inboxPage(messages: readonly InboxMessage[]): string {
  const articles = messages
    .map((message) => {
      const headingId = `message-${message.id}`;
      const cards = message.cards
        .map((_, index) => `<div class="card" data-message="${message.id}" data-card="${index}"><p class="pending">Rendering the card…</p></div>`)
        .join('');
      return `<article aria-labelledby="${headingId}">
  <h2 id="${headingId}"><span class="channel">#${escapeHtml(message.channel)}</span> <time datetime="${escapeHtml(message.receivedAt)}">${escapeHtml(londonTime(message.receivedAt))}</time></h2>
  ${cards}
</article>`;
    })
    .join('\n');
  const data = JSON.stringify(messages.map((message) => ({ id: message.id, cards: message.cards }))).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Card inbox · Waymark emulator</title>
<style>
  :root { color-scheme: light; font-family: "Segoe UI", system-ui, sans-serif; background: #f5f5f5; color: #242424; }
  body { margin: 0; }
  .skip { position: absolute; left: -999px; }
  .skip:focus { left: 1rem; top: 1rem; background: #fff; padding: .5rem; z-index: 1; }
  header, main { max-width: 52rem; margin: 0 auto; padding: 1rem; }
  h1 { font-size: 1.5rem; margin: .5rem 0; }
  h2 { font-size: 1rem; margin: 0 0 .5rem; font-weight: 600; }
  .channel { color: #5b5fc7; }
  time { color: #616161; font-weight: 400; }
  article { background: #fff; border: 1px solid #d1d1d1; border-radius: 8px; padding: 1rem; margin: 0 0 1rem; }
  .card { overflow-wrap: anywhere; }
  .ac-pushButton:focus-visible, a:focus-visible, button:focus-visible { outline: 3px solid #5b5fc7; outline-offset: 2px; }
</style>
</head>
<body>
<a class="skip" href="#main">Skip to the cards</a>
<header>
  <h1>Card inbox</h1>
  <p>Cards posted to the emulator's Teams Workflows webhooks (<code>POST /webhooks/{channel}</code>), newest first: ${messages.length} message${messages.length === 1 ? '' : 's'}. <a href="/inbox.json">As JSON</a>.</p>
</header>
<main id="main" tabindex="-1">
${messages.length === 0 ? '<p>No cards yet. Run <code>waymark remind</code> to send the reminders due today.</p>' : articles}
</main>
<script type="application/json" id="inbox-data">${data}</script>
<script src="/inbox/adaptivecards.js"></script>
<script>
  (function () {
    var messages = JSON.parse(document.getElementById('inbox-data').textContent);
    var byId = {};
    messages.forEach(function (message) { byId[message.id] = message; });
    document.querySelectorAll('.card').forEach(function (slot) {
      var card = byId[slot.dataset.message].cards[Number(slot.dataset.card)];
      try {
        var adaptive = new AdaptiveCards.AdaptiveCard();
        adaptive.hostConfig = new AdaptiveCards.HostConfig(${TEAMS_LIGHT_HOST_CONFIG_JSON});
        adaptive.onExecuteAction = function (action) {
          if (action.url) window.open(action.url, '_blank', 'noopener');
        };
        adaptive.parse(card);
        var rendered = adaptive.render();
        slot.replaceChildren(rendered);
      } catch (error) {
        slot.textContent = 'This card could not be rendered: ' + error.message;
      }
    });
  })();
</script>
</body>
</html>
`;
}
