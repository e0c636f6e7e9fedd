// Freshness is computed in the browser so that a server that stops answering is noticed
// without asking it: two missed ticks turn the element "offline". Times read in the
// screen's own zone (a command center's browser runs in its city's zone), always with the
// zone's abbreviation; the element's title gives the same moments in UTC. The zone is not
// asked of the server: an unchanged tick must cost no query.
window.dash_clientside = Object.assign({}, window.dash_clientside, {
  headsup: {
    received: function (info, previous) {
      // An answer that lands after the operator left the live page is not counted for the
      // next page: that page would look live, then "offline" when nothing more arrives.
      if (!info || !livePage()) return window.dash_clientside.no_update;
      // Answers are counted per page: one answer landing just after the operator left a
      // live page must not make the next page look live (and later "offline").
      const path = window.location.pathname;
      const count = previous && previous.path === path ? (previous.count || 1) + 1 : 1;
      return { at: Date.now(), info: info, path: path, count: count };
    },
    freshness: function (n, lastOk) {
      // Only the live pages (operations, wall) feed this element; they carry data-live.
      // Elsewhere (/admin, a page not found) it shows nothing rather than "connecting…"
      // forever or "offline" because the last live page stopped ticking when it was left.
      if (!livePage()) return ["", "idle", ""];
      const path = window.location.pathname;
      const count = n || 0;
      if (!arrival || arrival.path !== path) arrival = { path: path, n: count };
      if (!lastOk || !lastOk.info || lastOk.path !== path || lastOk.count < 2) {
        return count - arrival.n < CONNECT_TICKS
          ? ["connecting…", "offline", ""]
          : ["offline: no answer from the server yet", "offline", ""];
      }
      const info = lastOk.info;
      const now = Date.now();
      const sinceAnswer = now - lastOk.at;
      const skew = lastOk.at - Date.parse(info.server_time);
      const asOf = clockText(lastOk.at, info.tz);
      const hover = "as of " + utcText(lastOk.at) +
        (info.newest_event_at ? " · newest event " + utcText(Date.parse(info.newest_event_at)) : "");
      // A view that paces its ticks (the wall) says how long an answer may take.
      if (sinceAnswer > (info.offline_after_ms || 2 * info.refresh_ms + 500)) {
        return ["offline: no answer from the server since " + asOf, "offline", hover];
      }
      let ageText = "no events yet";
      let state = "fresh";
      if (info.newest_event_at) {
        const age = Math.max(0, (now - skew - Date.parse(info.newest_event_at)) / 1000);
        ageText = "newest event " + formatAge(age) + " ago";
        if (age > info.stale_after_s) state = "stale";
      }
      return ["as of " + asOf + " · " + ageText, state, hover];
    },
  },
});

// A live page answers within a tick or two, a loaded server in a few; after this many clock
// ticks (about the wall's NOT LIVE delay) without one, it says that no answer came, rather
// than "connecting…" forever.
const CONNECT_TICKS = 10;
let arrival = null;

function livePage() {
  return document.querySelector("[data-live]") !== null;
}

function clockText(ms, tz) {
  const options = { hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23",
    timeZoneName: "short" };
  try {
    return new Intl.DateTimeFormat("en-US", Object.assign({ timeZone: tz || undefined }, options))
      .format(new Date(ms));
  } catch (_e) { // an unknown zone name: the browser's own zone, still labelled
    return new Intl.DateTimeFormat("en-US", options).format(new Date(ms));
  }
}

function utcText(ms) {
  return new Date(ms).toISOString().slice(0, 19).replace("T", " ") + " UTC";
}

function formatAge(seconds) {
  if (seconds < 90) return Math.round(seconds) + " s";
  if (seconds < 5400) return Math.round(seconds / 60) + " min";
  return (seconds / 3600).toFixed(1) + " h";
}
