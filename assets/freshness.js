// Freshness is computed in the browser so that a server that stops answering is noticed
// without asking it: two missed ticks turn the element "offline".
window.dash_clientside = Object.assign({}, window.dash_clientside, {
  headsup: {
    received: function (info) {
      return info ? { at: Date.now(), info: info } : window.dash_clientside.no_update;
    },
    freshness: function (_n, lastOk) {
      const nu = window.dash_clientside.no_update;
      if (!lastOk || !lastOk.info) {
        return ["connecting…", "offline"];
      }
      const info = lastOk.info;
      const now = Date.now();
      const sinceAnswer = now - lastOk.at;
      const skew = lastOk.at - Date.parse(info.server_time);
      const asOf = new Date(lastOk.at).toLocaleTimeString();
      if (sinceAnswer > 2 * info.refresh_ms + 500) {
        return ["offline: no answer from the server since " + asOf, "offline"];
      }
      let ageText = "no events yet";
      let state = "fresh";
      if (info.newest_event_at) {
        const age = Math.max(0, (now - skew - Date.parse(info.newest_event_at)) / 1000);
        ageText = "newest event " + formatAge(age) + " ago";
        if (age > info.stale_after_s) state = "stale";
      }
      return ["as of " + asOf + " · " + ageText, state];
    },
  },
});

function formatAge(seconds) {
  if (seconds < 90) return Math.round(seconds) + " s";
  if (seconds < 5400) return Math.round(seconds / 60) + " min";
  return (seconds / 3600).toFixed(1) + " h";
}
