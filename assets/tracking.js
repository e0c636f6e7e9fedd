// Notification tracking in the browser: idempotency keys for operator actions, and the
// live "waiting" counters of the matrix, updated every second without asking the server.
window.dash_clientside = Object.assign({}, window.dash_clientside, {
  headsup_tracking: {
    // A fresh key for the next action; a double click re-sends the same key, so the
    // server stores the action once. getRandomValues works on plain http too.
    newKey: function (_result) {
      const bytes = new Uint8Array(16);
      window.crypto.getRandomValues(bytes);
      return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
    },
    // Alarm changes arrive on their own tick, which may run ahead of the live tick that
    // adds a row, or name a row the view filters out: update only the rows the grid holds
    // (AG Grid refuses an update of a row it lacks, error #4).
    heldRows: function (rows, gridId) {
      const none = window.dash_clientside.no_update;
      if (!rows || !rows.length) return none;
      let api = null;
      try {
        api = window.dash_ag_grid.getApi(gridId);
      } catch (_e) {
        api = null;
      }
      if (!api) return none; // the grid is not drawn yet: its first rows carry their alarms
      const held = rows.filter((row) => api.getRowNode(row.id));
      return held.length ? { update: held } : none;
    },
    elapsed: function (_n, since, alarmAfter) {
      const now = Date.now();
      const texts = [];
      const classes = [];
      for (let i = 0; i < since.length; i++) {
        const seconds = Math.max(0, (now - Date.parse(since[i])) / 1000);
        texts.push("waiting " + formatWaiting(seconds));
        const late = seconds > Number(alarmAfter[i]);
        classes.push(late ? "elapsed elapsed-alarm" : "elapsed");
      }
      return [texts, classes];
    },
  },
});

// The same wording as dashboard.domain.format_duration: "2 h 10 min", "38 min", "45 s".
function formatDuration(seconds) {
  const s = Math.floor(seconds);
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  if (hours) return minutes ? hours + " h " + minutes + " min" : hours + " h";
  if (minutes) return minutes + " min";
  return s + " s";
}

// Seconds are shown under an hour, so the counter visibly moves while someone waits.
function formatWaiting(seconds) {
  const s = Math.floor(seconds);
  if (s >= 3600) return formatDuration(s);
  const minutes = Math.floor(s / 60);
  return minutes ? minutes + " min " + (s % 60) + " s" : (s % 60) + " s";
}
