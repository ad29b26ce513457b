// Fallback browser tracker used until the client bundle (public/client.js, built from src/client) exists.
// It reports impressions of product lists and clicks on product cards to the shop's collector; the server
// decides who the visitor is (pk_sid cookie + the shop's own sign-in), the browser holds no credentials.
;(() => {
  const endpoint = '/api/personalize/events'
  const queue = []
  let timer
  const idsOf = (list) =>
    list
      ? [...list.querySelectorAll('[data-pk-item]')].map((el) => el.dataset.pkItem).slice(0, 25)
      : undefined
  const send = (pageIsGoing) => {
    clearTimeout(timer)
    while (queue.length > 0) {
      const body = JSON.stringify({ events: queue.splice(0, 10) })
      // A click usually navigates away: a beacon survives the unload, fetch keepalive is the fallback.
      if (pageIsGoing && navigator.sendBeacon?.(endpoint, new Blob([body], { type: 'application/json' })))
        continue
      fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        keepalive: true,
        credentials: 'same-origin',
      }).catch(() => {})
    }
  }
  const track = (event) => {
    queue.push({ ...event, eventId: crypto.randomUUID?.(), sentAt: Date.now() })
    clearTimeout(timer)
    timer = setTimeout(send, 250)
  }
  const seen = new IntersectionObserver((entries) => {
    for (const entry of entries) {
      if (!entry.isIntersecting) continue
      seen.unobserve(entry.target)
      const impression = idsOf(entry.target)
      if (impression?.length) track({ eventType: 'impression', impression })
    }
  })
  for (const list of document.querySelectorAll('[data-pk-list]')) seen.observe(list)
  document.addEventListener('click', (event) => {
    const card = event.target instanceof Element ? event.target.closest('[data-pk-item]') : null
    if (!card) return
    track({
      eventType: 'click',
      itemId: card.dataset.pkItem,
      impression: idsOf(card.closest('[data-pk-list]')),
    })
    send(true)
  })
  addEventListener('pagehide', () => send(true))
})()
