// Freshness is computed in the browser so that a server that stops answering is noticed
// without asking it: two missed ticks turn the element "offline". Times read in the
// screen's own zone (a command center's browser runs in its city's zone), always with the
// zone's abbreviation; the element's title gives the same moments in UTC. The zone is not
// asked of the server: an unchanged tick must cost no query.
window.dash_clientside = Object.assign({}, window.dash_clientside, {
  headsup: {
    received: function (info) {
      return info ? { at: Date.now(), info: info } : window.dash_clientside.no_update;
    },
    freshness: function (_n, lastOk) {
      if (!lastOk || !lastOk.info) {
        return ["connecting…", "offline", ""];
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
