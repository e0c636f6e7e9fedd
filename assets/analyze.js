// The analyst view's browser side: refresh the table's blocks when the view changes, and
// drive playback (play/pause, speed) without a server call per frame: only the slider's
// new value goes to the server, as any slider move does.
window.dash_clientside = Object.assign({}, window.dash_clientside, {
  headsup_analyze: {
    refreshGrid: function (_rendered) {
      // The infinite row model keeps its blocks until purged; then it asks again.
      if (window.dash_ag_grid && window.dash_ag_grid.getApiAsync) {
        window.dash_ag_grid.getApiAsync("analyze-grid").then(function (api) {
          api.purgeInfiniteCache();
        }).catch(function () {});
      }
      return Date.now();
    },
    play: function (_clicks, paused, at, low) {
      const start = paused;  // the interval is disabled while paused
      if (start) {
        return [false, "⏸ Pause", at === null || at === undefined ? low : at];
      }
      return [true, "▶ Play", window.dash_clientside.no_update];
    },
    step: function (_n, at, low, high, speed, interval) {
      const noUpdate = window.dash_clientside.no_update;
      const from = at === null || at === undefined ? low : at;
      const next = Math.round(from + (speed || 1) * (interval || 1000) / 1000);
      if (next >= high) {
        return [high, true, "▶ Play"];
      }
      return [next, noUpdate, noUpdate];
    },
  },
});
