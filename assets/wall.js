// The wall in the browser: the pace of its ticks, the NOT LIVE banner and live durations.
//
// Pace: a new tick is asked only when the last one was answered, or when it got no answer
// within its timeout. A slow answer is waited for, not counted as missed (Dash drops the
// answer of a request once a newer one for the same callback is sent, so asking again
// every interval would turn a slow server into a silent one).
window.dash_clientside = Object.assign({}, window.dash_clientside, {
  headsup_wall: {
    pace: function (_n, ask, answered) {
      const now = Date.now();
      const waiting = ask && ask.n > 0 && answered !== ask.n;
      if (waiting && now - ask.at < ask.timeout_ms) return window.dash_clientside.no_update;
      return Object.assign({}, ask, {
        n: ask.n + 1,
        at: now,
        missed: waiting ? (ask.missed || 0) + 1 : 0,
      });
    },
    banner: function (_n, lastOk, silent, ask) {
      const now = Date.now();
      // Before the first answer, the page's own load is the last sign of the server.
      window.headsupWallLoaded = window.headsupWallLoaded || now;
      const since = lastOk ? lastOk.at : window.headsupWallLoaded;
      if (now - since > ask.banner_ms) {
        const tz = lastOk && lastOk.info ? lastOk.info.tz : undefined;
        return ["NOT LIVE — no answer since " + clockText(since, tz).split(" ")[0], "offline"];
      }
      if (silent && silent.length) {
        // Each silent source did send once: say how long since its newest event.
        const quiet = silent.map(function (s) {
          const age = s.since ? formatDuration((now - Date.parse(s.since)) / 1000) : "long";
          return s.source + " silent for " + age;
        });
        return ["SOURCE SILENT — " + quiet.join(", "), "stale"];
      }
      const info = lastOk && lastOk.info;
      if (info && info.newest_event_at) {
        const age = (now - Date.parse(info.newest_event_at)) / 1000;
        if (age > info.stale_after_s) {
          return ["STALE — newest event " + formatDuration(age) + " ago", "stale"];
        }
      }
      return ["", "hidden"];
    },
    answered: function (_answer) {
      // Answers received so far, for tests that count ticks rather than seconds.
      window.headsupWallAnswers = (window.headsupWallAnswers || 0) + 1;
      return window.dash_clientside.no_update;
    },
    counters: function (_n) {
      const now = Date.now();
      document.querySelectorAll(".wall [data-since]").forEach(function (el) {
        const text = formatDuration(Math.max(0, (now - Date.parse(el.dataset.since)) / 1000));
        if (el.textContent !== text) el.textContent = text;
      });
      return window.dash_clientside.no_update;
    },
  },
});
